package importer

import (
	"bytes"
	"errors"
	"strings"

	"github.com/winnow-review/winnow/review/formats"
	"github.com/winnow-review/winnow/review/formats/sheet"
	"github.com/winnow-review/winnow/review/formats/xls"
	"github.com/winnow-review/winnow/review/formats/xlsx"
	"github.com/winnow-review/winnow/review/rank"
)

// ReadFinished reads a finished review's labels (winnow simulate) from a
// file's bytes, told by content as an import tells its files: an .xlsx
// or .xls workbook's first sheet with a title column (see
// rank.ReadFinishedSheet),
// or a table of text in any encoding an export comes in (Excel's
// Windows-1252, UTF-16), read by rank.ReadFinished. Errors name the line,
// or the sheet and the row; the caller names the file.
func ReadFinished(data []byte, labelColumn string) (*rank.Finished, error) {
	kind := xlsx.ProbeBytes(data)
	switch kind {
	case xlsx.ODS:
		return nil, errors.New("this is " + xlsx.ODSMessage)
	case xlsx.XLSB:
		return nil, errors.New("this is " + xlsx.XLSBMessage)
	}
	var t sheet.Table
	var err error
	switch {
	case kind == xlsx.Workbook:
		t, err = xlsx.OpenBytes(data, "")
	case xls.ProbeBytes(data):
		t, err = xls.OpenBytes(data, "")
	default:
		info, err := formats.Sniff(bytes.NewReader(data))
		if err == nil && info.Binary {
			// A damaged workbook, a PDF: say what it is.
			return nil, errors.New("this is " + info.Kind + ", not a table")
		}
		return rank.ReadFinished(strings.NewReader(formats.DecodeString(data)), labelColumn)
	}
	if err != nil {
		return nil, sheetError(err)
	}
	defer t.Close()
	return rank.ReadFinishedSheet(sheetRows{t}, labelColumn)
}

// sheetRows words the faults of a workbook's sheet as rank's.
type sheetRows struct{ t sheet.Table }

func (s sheetRows) Sheet() string { return s.t.Sheet() }

func (s sheetRows) Next() ([]string, int, string, error) {
	cells, row, raw, err := s.t.Next()
	return cells, row, raw, sheetError(err)
}

// sheetError turns a workbook's ParseError, which names no file here,
// into a rank.LineError (sheet and row) or a plain message.
func sheetError(err error) error {
	var pe *formats.ParseError
	if !errors.As(err, &pe) {
		return err
	}
	if pe.Sheet != "" {
		return &rank.LineError{Sheet: pe.Sheet, Line: pe.Line, Err: errors.New(pe.Msg)}
	}
	return errors.New(pe.Msg)
}
