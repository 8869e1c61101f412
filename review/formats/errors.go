package formats

import (
	"errors"
	"fmt"

	"github.com/winnow-review/winnow/review"
)

// Sentinel causes of a ParseError, for errors.Is.
var (
	// ErrSyntax: the record does not follow its format's grammar.
	ErrSyntax = errors.New("syntax error")
	// ErrTruncated: the file ends inside a record.
	ErrTruncated = errors.New("record not closed")
	// ErrNoColumns: a CSV file without the columns a record needs.
	ErrNoColumns = errors.New("no usable columns")
	// ErrEmpty: the file holds nothing.
	ErrEmpty = errors.New("empty file")
	// ErrBinary: the file is not text.
	ErrBinary = errors.New("not a text file")
	// ErrUnknownFormat: no reader recognises the content.
	ErrUnknownFormat = errors.New("unknown format")
)

// ParseError is a fault in an export file, with the place it was found.
// It prints as "file:line: record starting at line N: message".
type ParseError struct {
	File string // file name as the user gave it
	// Sheet, when set, is the workbook sheet the fault is in: Line is then
	// a row of it, and the error prints "file: sheet S, row N: message".
	Sheet string
	// Line is the line of the fault; 0 when the fault concerns the whole file.
	Line int
	// RecordLine is the line where the faulty record starts, or 0 when it is
	// the same as Line or unknown.
	RecordLine int
	Msg        string
	Err        error // sentinel cause, e.g. ErrSyntax
	// Fix, when set, is a remedy the command layer words after the
	// message (FixArg is what it names): another format, for instance.
	Fix    review.Fix
	FixArg string
}

func (e *ParseError) Error() string {
	s := e.File
	switch {
	case e.Sheet != "":
		s += ": " + SheetPlace(e.Sheet, e.Line)
	case e.Line > 0:
		s += fmt.Sprintf(":%d", e.Line)
	}
	s += ": "
	if e.RecordLine > 0 && e.RecordLine != e.Line {
		s += fmt.Sprintf("record starting at line %d: ", e.RecordLine)
	}
	msg := e.Msg
	if msg == "" && e.Err != nil {
		msg = e.Err.Error()
	}
	return s + msg
}

func (e *ParseError) Unwrap() error { return e.Err }

// Errorf builds a ParseError with a sentinel cause and a formatted message.
func Errorf(file string, line, recordLine int, cause error, format string, args ...any) *ParseError {
	return &ParseError{File: file, Line: line, RecordLine: recordLine, Err: cause, Msg: fmt.Sprintf(format, args...)}
}

// SheetPlace words a place in a workbook: "sheet S, row N", or "sheet S"
// when row is 0.
func SheetPlace(sheet string, row int) string {
	if row > 0 {
		return fmt.Sprintf("sheet %s, row %d", sheet, row)
	}
	return "sheet " + sheet
}
