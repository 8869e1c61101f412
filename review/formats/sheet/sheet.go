// Package sheet holds what the workbook readers share (xlsx for .xlsx,
// xls for Excel 97-2003 .xls): which sheet of a workbook is read, how a
// cell's number or date reads as text, the warnings about its rows, and
// the Reader that hands a sheet's rows to the delimited reader, so every
// column-name rule of CSV files applies to a sheet unchanged. The readers
// differ only in how they get a sheet's cells out of the file.
package sheet

import (
	"encoding/csv"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/winnow-review/winnow/review/formats"
	"github.com/winnow-review/winnow/review/formats/delimited"
)

// CellLimit is the most characters (UTF-16 units) Excel keeps in a cell:
// longer text (an abstract pasted from a full text, an export's joined
// keywords) is cut there when a file is opened and saved in Excel.
const CellLimit = 32767

// HeadRows is how many rows of a sheet are read to find its header.
const HeadRows = 21

// PasswordMessage is what winnow says of a workbook it cannot read for
// its password.
const PasswordMessage = "a password-protected workbook: remove the password in Excel and save it again"

// Book is a workbook whose sheet is to be chosen.
type Book interface {
	// Sheets names the sheets that may hold a table (no chart sheets),
	// in the workbook's order.
	Sheets() []string
	// Hidden reports whether a sheet is hidden.
	Hidden(name string) bool
	// Head gives the first HeadRows rows of a sheet, cleaned (Clean).
	Head(name string) ([][]string, error)
}

// Choose chooses the sheet to read: the first, in the workbook's order
// with hidden sheets last, whose header row names a title column and has
// a row after it (a sheet of a header alone, an empty template, is read
// only when no sheet has rows). It gives the others with a title column
// too, which are not read. file names the workbook in errors.
func Choose(file string, b Book) (string, []string, error) {
	var visible, hidden []string
	names := b.Sheets()
	for _, name := range names {
		if b.Hidden(name) {
			hidden = append(hidden, name)
		} else {
			visible = append(visible, name)
		}
	}
	// found are the sheets with a title column, full those of them with a
	// row after the header (a sheet of a header alone is a template).
	var found, full []string
	var bad error
	for _, name := range append(visible, hidden...) {
		// A sheet that cannot be read as rows is no table; its fault is
		// told only if no sheet is one.
		head, err := b.Head(name)
		if err != nil {
			if bad == nil {
				bad = err
			}
			continue
		}
		if i, ok := delimited.TitleHeader(head); ok {
			found = append(found, name)
			if len(head) == HeadRows || !delimited.Blank(flatten(head[i+1:])) {
				full = append(full, name)
			}
		}
	}
	if len(found) == 0 && bad != nil {
		return "", nil, bad
	}
	if len(names) == 0 {
		return "", nil, &formats.ParseError{File: file, Err: formats.ErrSyntax, Msg: "no sheet could be read: a damaged workbook?"}
	}
	if len(found) == 0 {
		return "", nil, &formats.ParseError{File: file, Err: formats.ErrNoColumns,
			Msg: fmt.Sprintf("no sheet has a header row with a title column (sheets: %s); winnow recognises Title, Article Title, Document Title, TI, ...", strings.Join(names, ", "))}
	}
	chosen := found[0]
	if len(full) > 0 {
		chosen = full[0]
	}
	var others []string
	for _, name := range found {
		if name != chosen {
			others = append(others, name)
		}
	}
	return chosen, others, nil
}

func flatten(rows [][]string) []string {
	var out []string
	for _, r := range rows {
		out = append(out, r...)
	}
	return out
}

// Number gives a number as a cell of a CSV file would hold it: in its
// shortest form (2019.0 as "2019", a PMID as "12345678", never
// 1.2345678e+07). A whole number of up to 16 digits reads in full: Web
// of Science writes 16-digit article numbers (9636625211051964) as
// numbers, and a float64 holds them. Any other number past Excel's 15
// significant digits reads as Excel shows it (1.23456789012346E+17).
func Number(v float64) string {
	num := strconv.FormatFloat(v, 'f', -1, 64)
	if v == math.Trunc(v) && math.Abs(v) < 1e16 {
		return num
	}
	if len(strings.TrimLeft(strings.ReplaceAll(num, ".", ""), "-0")) > 15 {
		num = strconv.FormatFloat(v, 'G', 15, 64)
	}
	return num
}

// Date gives the text of a cell that holds the number v under a date
// format, d being v as a date: an ISO date ("2019-03-15", with the time
// when it has one), because Excel shows a date by the reader's locale and
// "Mar-19" loses the century. A whole number from 1000 to 2100 shown as a
// date of 1902 to 1905 is a year in a column formatted as dates, and
// reads as the year.
func Date(v float64, d time.Time) string {
	if v == math.Trunc(v) && v >= 1000 && v <= 2100 && d.Year() >= 1902 && d.Year() <= 1905 {
		return Number(v)
	}
	if d.Hour() != 0 || d.Minute() != 0 {
		return d.Format("2006-01-02 15:04")
	}
	return d.Format("2006-01-02")
}

// Clean turns a cell's line breaks into "\n", as a CSV cell has them.
func Clean(cells []string) []string {
	for i, c := range cells {
		if strings.IndexByte(c, '\r') >= 0 {
			c = strings.ReplaceAll(c, "\r\n", "\n")
			cells[i] = strings.ReplaceAll(c, "\r", "\n")
		}
	}
	return cells
}

// RawLine writes a row as a line of CSV: a record's raw text.
func RawLine(cells []string) string {
	if len(cells) == 0 {
		return ""
	}
	var b strings.Builder
	w := csv.NewWriter(&b)
	w.Write(cells)
	w.Flush()
	return strings.TrimSuffix(b.String(), "\n")
}

// utf16Len gives the length of s in UTF-16 units, as Excel counts a
// cell's characters.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r > 0xFFFF {
			n++
		}
	}
	return n
}

// Notes gathers the warnings about a sheet as its rows are read: cells at
// Excel's limit, hidden rows, the other sheets not read.
type Notes struct {
	// Others are the other sheets with a title column, not read.
	Others []string
	// hidden counts hidden rows with values; long, the cells at Excel's
	// limit, by row.
	hidden    int
	firstHide int
	long      map[int][]string
}

// Row notes one row read: its number, its cells and whether it is hidden.
func (n *Notes) Row(row int, cells []string, hidden bool) {
	for _, c := range cells {
		if len(c) >= CellLimit && utf16Len(c) == CellLimit {
			if n.long == nil {
				n.long = map[int][]string{}
			}
			n.long[row] = append(n.long[row], fmt.Sprintf("a cell of %d characters, Excel's limit: its text was probably cut short when the file was saved in Excel (check it against the source)", CellLimit))
			break
		}
	}
	if hidden && !delimited.Blank(cells) {
		if n.hidden == 0 {
			n.firstHide = row
		}
		n.hidden++
	}
}

// RowWarnings gives the warnings about the cells of one row.
func (n *Notes) RowWarnings(row int) []string { return n.long[row] }

// FileWarnings gives the warnings about the sheet as a whole: the other
// sheets not read, hidden rows.
func (n *Notes) FileWarnings() []formats.Warning {
	var ws []formats.Warning
	if len(n.Others) > 0 {
		noun := "sheet %s has a title column too and was not read"
		if len(n.Others) > 1 {
			noun = "sheets %s have a title column too and were not read"
		}
		ws = append(ws, formats.Warning{Msg: fmt.Sprintf("only this sheet was read: "+noun+" (save each as a file of its own to import it)", quoteAll(n.Others))})
	}
	if n.hidden > 0 {
		msg := "this row is hidden in Excel (a filter?): read like the others"
		if n.hidden > 1 {
			msg = fmt.Sprintf("%d rows are hidden in Excel (a filter?), the first this one: read like the others", n.hidden)
		}
		ws = append(ws, formats.Warning{Line: n.firstHide, Msg: msg})
	}
	return ws
}

func quoteAll(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}

// Table is one sheet of a workbook, row by row.
type Table interface {
	delimited.Rows
	// Sheet names the sheet read.
	Sheet() string
	// RowWarnings gives the warnings about the cells of one row.
	RowWarnings(row int) []string
	// FileWarnings gives the warnings about the sheet as a whole.
	FileWarnings() []formats.Warning
	// Done tells how much of the sheet has been read, from 0 to 1.
	Done() float64
	Close() error
}

// Reader reads the records of a workbook's sheet: a formats.Reader, a
// formats.FileWarner and a formats.Sheeter, to be closed after use.
type Reader struct {
	t  Table
	rd *delimited.Reader
}

// NewReader reads the records of the sheet t; file names the workbook in
// errors and warnings.
func NewReader(t Table, file string) *Reader {
	return &Reader{t: t, rd: delimited.FromRows(t, file)}
}

// Next returns the next record, or nil and io.EOF after the last.
func (r *Reader) Next() (*formats.Entry, error) {
	e, err := r.rd.Next()
	if e != nil {
		e.Warnings = append(e.Warnings, r.t.RowWarnings(e.Record.Line)...)
	}
	var pe *formats.ParseError
	if errors.As(err, &pe) {
		pe.Sheet, pe.RecordLine = r.t.Sheet(), 0
	}
	return e, err
}

// Sheet names the sheet read.
func (r *Reader) Sheet() string { return r.t.Sheet() }

// FileWarnings gives the warnings about the file as a whole and the
// delimited reader's (header rows met again), by row.
func (r *Reader) FileWarnings() []formats.Warning {
	return append(r.t.FileWarnings(), r.rd.FileWarnings()...)
}

// Close closes the workbook.
func (r *Reader) Close() error { return r.t.Close() }

// Done tells how much of the sheet has been read, from 0 to 1.
func (r *Reader) Done() float64 { return r.t.Done() }
