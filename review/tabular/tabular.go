// Package tabular reads the CSV files people write by hand or export from
// a spreadsheet to load into a review (decisions, resolutions, and later
// extraction answers): a header row naming the columns in any order and
// case, blank rows skipped, and every error naming the file and line.
//
// Files come as spreadsheets save them: in UTF-8 (with or without a
// byte-order mark), UTF-16 or Windows-1252, as import reads exports; with
// commas, or semicolons (Excel in locales whose decimal mark is a comma),
// or tabs, told by the header row, or named by Excel's "sep=;" line.
package tabular

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/formats"
)

// File is a CSV file being read row by row.
type File struct {
	name string
	bad  error
	r    *csv.Reader
	col  map[string]int
}

// Open starts reading a file's data. columns are the columns the file
// may have, the first required of them must be there; bad is the error
// every refusal wraps (the caller's ErrBadFile); what names one row
// ("decision") for the messages.
func Open(name string, data []byte, bad error, what string, columns []string, required int) (*File, error) {
	info, err := formats.Sniff(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	if info.Binary {
		return nil, review.Refuse(bad, "%s is %s, not a CSV file: save it from the spreadsheet as CSV (a header row %s, one row per %s) and load that",
			name, cmp.Or(info.Kind, "binary data"), strings.Join(columns, ","), what)
	}
	decoded, err := io.ReadAll(formats.Decode(bytes.NewReader(data), info.Encoding))
	if err != nil {
		return nil, err
	}
	text := string(decoded)
	comma, skip := delimiter(text, columns)
	f := &File{name: name, bad: bad, r: csv.NewReader(strings.NewReader(text)), col: map[string]int{}}
	f.r.FieldsPerRecord = -1
	f.r.Comma = comma
	if skip {
		if _, err := f.r.Read(); err != nil { // Excel's sep= line
			return nil, f.csvError(err)
		}
	}
	header, err := f.r.Read()
	if err == io.EOF {
		return nil, review.Refuse(bad, "%s is empty: give a header row %s and one row per %s", name, strings.Join(columns, ","), what)
	}
	if err != nil {
		return nil, f.csvError(err)
	}
	headerLine, _ := f.r.FieldPos(0)
	for i, h := range header {
		f.col[strings.ToLower(strings.TrimSpace(h))] = i
	}
	for _, c := range columns[:required] {
		if _, ok := f.col[c]; !ok {
			return nil, f.Fail(headerLine, "no %q column: the header must name %s (%s may be left out)", c, strings.Join(columns, ","), strings.Join(columns[required:], " and "))
		}
	}
	return f, nil
}

// Columns gives the header's columns, lower-cased, in file order.
func (f *File) Columns() []string {
	out := make([]string, len(f.col))
	for c, i := range f.col {
		if i < len(out) {
			out[i] = c
		}
	}
	return out
}

// Row is one row of the file.
type Row struct {
	Line  int
	cells []string
	f     *File
}

// Next gives the next row that is not blank, or io.EOF at the end.
func (f *File) Next() (*Row, error) {
	for {
		cells, err := f.r.Read()
		if err == io.EOF {
			return nil, io.EOF
		}
		if err != nil {
			return nil, f.csvError(err)
		}
		if len(cells) == 1 && strings.TrimSpace(cells[0]) == "" {
			continue
		}
		line, _ := f.r.FieldPos(0)
		return &Row{Line: line, cells: cells, f: f}, nil
	}
}

// Each calls fn with every row that is not blank, in file order, and
// stops at the first error.
func (f *File) Each(fn func(*Row) error) error {
	for {
		row, err := f.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := fn(row); err != nil {
			return err
		}
	}
}

// Reviewer reads the row's reviewer column: the one loading the file when
// it is empty, else a member of the team; a row of someone else's only
// when the one loading is a lead. what names the rows in the refusal
// ("decisions", "answers").
func (r *Row) Reviewer(team []review.Reviewer, by review.Reviewer, lead bool, what string) (review.Reviewer, error) {
	who := r.Get("reviewer")
	if who == "" {
		who = by.Name
	}
	rev, err := review.Actor(team, who)
	if err != nil || rev.Name == "" {
		return review.Reviewer{}, r.f.Fail(r.Line, "reviewer %q is not on the team (see `winnow team`)", who)
	}
	if !strings.EqualFold(rev.Name, by.Name) && !lead {
		return review.Reviewer{}, r.f.Fail(r.Line, "a row of %s: %s may load only their own %s (a lead loads rows for others)", rev.Name, by.Name, what)
	}
	return rev, nil
}

// Decision reads the row's record, stage and decision columns, each error
// at the row's line.
func (r *Row) Decision() (review.Ref, review.Stage, review.Decision, error) {
	ref, err := review.ParseRef(r.Get("record"))
	if err != nil {
		return ref, "", "", r.f.Fail(r.Line, "%v", err)
	}
	stage, err := review.ParseStage(r.Get("stage"))
	if err != nil {
		return ref, "", "", r.f.Fail(r.Line, "%v", err)
	}
	d, err := review.ParseDecision(r.Get("decision"))
	if err != nil {
		return ref, stage, "", r.f.Fail(r.Line, "%v", err)
	}
	return ref, stage, d, nil
}

// Get gives a column's cell, trimmed ("" when the file has no such
// column or the row is short).
func (r *Row) Get(column string) string {
	if i, ok := r.f.col[column]; ok && i < len(r.cells) {
		return strings.TrimSpace(r.cells[i])
	}
	return ""
}

// Fail refuses the file at a line.
func (f *File) Fail(line int, format string, args ...any) error {
	return review.Refuse(f.bad, "%s:%d: %s", f.name, line, fmt.Sprintf(format, args...))
}

// Refuse refuses the file at a line for a reason the domain gave (a
// review.Missing, a refusal): the error keeps it as its cause, so that the
// command layer can word it for the file (the column to fill), and is
// also the file's bad-file error.
func (f *File) Refuse(line int, err error) error {
	return &LineError{File: f.name, Line: line, Bad: f.bad, Err: err}
}

// LineError is a refusal of one line of a file: it prints as
// "file:line: cause", and errors.Is finds both the file's bad-file
// error and the cause's sentinel.
type LineError struct {
	File string
	Line int
	Bad  error
	Err  error
}

func (e *LineError) Error() string   { return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err) }
func (e *LineError) Unwrap() []error { return []error{e.Bad, e.Err} }

// At gives the place of a line as the log keeps it: name:line.
func (f *File) At(line int) string { return fmt.Sprintf("%s:%d", f.name, line) }

func (f *File) csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return review.Refuse(f.bad, "%s:%d: %v", f.name, pe.StartLine, pe.Err)
	}
	return fmt.Errorf("%s: %w", f.name, err)
}

// delimiter tells the file's delimiter from its start: the one Excel's
// "sep=" line names (skip: that line is to be read past), else the one of
// comma, semicolon and tab that splits the header row into the most of
// columns (a comma on a tie).
func delimiter(text string, columns []string) (comma rune, skip bool) {
	head, _, _ := strings.Cut(text, "\n")
	head = strings.TrimSpace(head)
	if rest, ok := strings.CutPrefix(strings.ToLower(head), "sep="); ok && len(rest) == 1 {
		return rune(head[4]), true
	}
	known := map[string]bool{}
	for _, c := range columns {
		known[c] = true
	}
	best, bestN := ',', -1
	for _, c := range []rune{',', ';', '\t'} {
		n := 0
		for _, cell := range strings.Split(head, string(c)) {
			if known[strings.ToLower(strings.Trim(strings.TrimSpace(cell), `"`))] {
				n++
			}
		}
		if n > bestN {
			best, bestN = c, n
		}
	}
	return best, false
}
