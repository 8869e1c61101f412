// Package xlsx reads Excel workbooks (.xlsx) as reviewers are handed
// them: Scopus, Web of Science and Covidence exports saved from Excel,
// Rayyan and EPPI-Reviewer tables, lists made by hand. It turns one sheet
// into rows of text cells and hands them to the delimited reader, so
// every column-name rule of CSV and TSV files applies unchanged.
//
// The workbook is read with github.com/xuri/excelize/v2, whose Rows
// iterator streams a sheet's XML (a sheet or shared-string table over
// 16 MB is unzipped to a temporary file, not memory).
//
// Which sheet: the first, in the workbook's order with hidden sheets last,
// whose header row (found among its first rows as in a CSV file) names a
// title column and has a row after it (a sheet of a header alone, an empty
// template, is read only when no sheet has rows); when several do, the
// first is read and a warning names the others. Cells read as Excel shows them, with three exceptions that keep
// the data rather than the display: a number in the General format reads
// as its shortest form (2019.0 as "2019", a PMID as "12345678", never
// 1.2345678e+07), a date in Excel's short-date format reads as
// "2019-03-15", and line breaks in a cell ("\r\n", "_x000D_") read as
// "\n", as in a CSV cell. Formulas are not computed: a formula cell reads
// as the value Excel saved with it. Hidden rows are read (a filter in
// Excel hides rows; the export still holds them), with one warning. A
// merged cell holds its value in its first row and column; the others
// read empty, as Excel keeps them and as it writes them when it saves the
// sheet as CSV. Empty rows, and empty cells at the end of a row, are no
// records.
package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/winnow-review/winnow/review/formats"
	"github.com/winnow-review/winnow/review/formats/sheet"
)

// CellLimit is the most characters Excel keeps in a cell (sheet.CellLimit).
const CellLimit = sheet.CellLimit

// Kind tells what a zip archive holds.
type Kind int

const (
	// NotZip is no zip archive, or one that cannot be opened.
	NotZip Kind = iota
	// Workbook is an Office Open XML workbook (.xlsx, .xlsm).
	Workbook
	// ODS is an OpenDocument spreadsheet (.ods).
	ODS
	// XLSB is an Excel binary workbook (.xlsb).
	XLSB
	// OtherZip is any other zip archive: .docx, .odt, a zip of exports.
	OtherZip
)

// Probe tells what the zip archive at path holds, by its content: a
// workbook has xl/workbook.xml (its name in the file does not matter).
func Probe(path string) Kind {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return NotZip
	}
	defer zr.Close()
	return probe(&zr.Reader)
}

// ProbeBytes is Probe for a file held in memory.
func ProbeBytes(data []byte) Kind {
	if !bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		return NotZip
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return NotZip
	}
	return probe(zr)
}

func probe(zr *zip.Reader) Kind {
	kind := OtherZip
	for _, f := range zr.File {
		switch f.Name {
		case "xl/workbook.xml":
			return Workbook
		case "xl/workbook.bin":
			kind = XLSB
		case "mimetype":
			if r, err := f.Open(); err == nil {
				b, _ := io.ReadAll(io.LimitReader(r, 100))
				r.Close()
				if strings.HasPrefix(string(b), "application/vnd.oasis.opendocument.spreadsheet") {
					kind = ODS
				}
			}
		}
	}
	return kind
}

// Contents names the files a zip archive holds (folders and macOS's
// __MACOSX copies left out), at most max of them, and how many there are.
func Contents(path string, max int) (names []string, total int) {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return nil, 0
	}
	defer zr.Close()
	for _, f := range zr.File {
		if f.FileInfo().IsDir() || strings.HasPrefix(f.Name, "__MACOSX/") {
			continue
		}
		total++
		if len(names) < max {
			names = append(names, f.Name)
		}
	}
	return names, total
}

// What winnow says of the spreadsheets it does not read.
const (
	ODSMessage  = "an OpenDocument spreadsheet (.ods): save it as .xlsx or CSV"
	XLSBMessage = "an Excel binary workbook (.xlsb): save it as .xlsx or CSV"
)

// Table is one sheet of a workbook, row by row: a delimited.Rows.
type Table struct {
	file  string
	wb    *excelize.File
	sheet string
	// rows and shown iterate over the same sheet in step: rows gives the
	// values as stored, shown as Excel shows them (see value).
	rows, shown *excelize.Rows
	date1904    bool
	n           int // rows given so far: the number of the last one
	last        int // the sheet's last row, as its dimension says (0: not said)
	notes       sheet.Notes
	err         error
}

// Open opens the workbook at path and chooses its sheet. file names it
// in errors. The Table must be closed (it may hold temporary files).
func Open(path, file string) (*Table, error) {
	wb, err := excelize.OpenFile(path, options)
	if err != nil {
		return nil, openError(file, err)
	}
	return newTable(wb, file)
}

// OpenBytes is Open for a workbook held in memory.
func OpenBytes(data []byte, file string) (*Table, error) {
	wb, err := excelize.OpenReader(bytes.NewReader(data), options)
	if err != nil {
		return nil, openError(file, err)
	}
	return newTable(wb, file)
}

// options read short dates as ISO dates: Excel's built-in short-date
// format follows the reader's locale, and "03-15-19" loses the century.
var options = excelize.Options{ShortDatePattern: "yyyy-mm-dd"}

func openError(file string, err error) error {
	msg := "not a readable .xlsx workbook (a damaged or partly copied file?)"
	switch {
	case errors.Is(err, excelize.ErrWorkbookFileFormat), errors.Is(err, excelize.ErrWorkbookPassword):
		msg = sheet.PasswordMessage
	case !errors.Is(err, zip.ErrFormat):
		msg += ": " + err.Error()
	}
	return &formats.ParseError{File: file, Err: formats.ErrSyntax, Msg: msg}
}

func newTable(wb *excelize.File, file string) (*Table, error) {
	t := &Table{file: file, wb: wb}
	var err error
	if t.sheet, t.notes.Others, err = sheet.Choose(file, book{t}); err != nil {
		wb.Close()
		return nil, err
	}
	rows, err := wb.Rows(t.sheet)
	if err != nil {
		wb.Close()
		return nil, t.errorf(0, "%v", err)
	}
	t.rows = rows
	if t.shown, err = wb.Rows(t.sheet); err != nil {
		rows.Close()
		wb.Close()
		return nil, t.errorf(0, "%v", err)
	}
	// The dimension is a hint some writers leave at "A1": a range or none.
	if ref, err := wb.GetSheetDimension(t.sheet); err == nil {
		if _, end, ok := strings.Cut(ref, ":"); ok {
			if _, row, err := excelize.CellNameToCoordinates(end); err == nil {
				t.last = row
			}
		}
	}
	if p, err := wb.GetWorkbookProps(); err == nil && p.Date1904 != nil {
		t.date1904 = *p.Date1904
	}
	return t, nil
}

// book is a workbook whose sheet is to be chosen (sheet.Book).
type book struct{ t *Table }

func (b book) Sheets() []string { return b.t.wb.GetSheetList() }

func (b book) Hidden(name string) bool {
	v, err := b.t.wb.GetSheetVisible(name)
	return err == nil && !v
}

// Head reads the first rows of a sheet as Excel shows them: the header
// is text, and no number in them decides anything.
func (b book) Head(name string) ([][]string, error) {
	t := b.t
	rows, err := t.wb.Rows(name)
	if err != nil {
		return nil, &formats.ParseError{File: t.file, Sheet: name, Err: formats.ErrSyntax, Msg: err.Error()}
	}
	defer rows.Close()
	var head [][]string
	for len(head) < sheet.HeadRows && rows.Next() {
		cells, err := rows.Columns()
		if err != nil {
			return nil, &formats.ParseError{File: t.file, Sheet: name, Line: len(head) + 1, Err: formats.ErrSyntax, Msg: err.Error()}
		}
		head = append(head, sheet.Clean(cells))
	}
	return head, nil
}

// Sheet names the sheet read.
func (t *Table) Sheet() string { return t.sheet }

// Next gives the sheet's next row: its cells, its number and its text as
// a CSV line (Record.Raw). Rows with no value give no cells.
func (t *Table) Next() ([]string, int, string, error) {
	if t.err != nil {
		return nil, 0, "", t.err
	}
	if !t.rows.Next() {
		if err := t.rows.Error(); err != nil {
			t.err = t.errorf(t.n+1, "%v", err)
			return nil, 0, "", t.err
		}
		t.err = io.EOF
		return nil, 0, "", io.EOF
	}
	t.n++
	t.shown.Next()
	cells, err := t.rows.Columns(excelize.Options{RawCellValue: true})
	if err != nil {
		t.err = t.errorf(t.n, "%v", err)
		return nil, 0, "", t.err
	}
	shown, err := t.shown.Columns()
	if err != nil {
		t.err = t.errorf(t.n, "%v", err)
		return nil, 0, "", t.err
	}
	for len(cells) < len(shown) {
		cells = append(cells, "")
	}
	for i := range cells {
		s := ""
		if i < len(shown) {
			s = shown[i]
		}
		cells[i] = value(cells[i], s, t.date1904)
	}
	cells = sheet.Clean(cells)
	t.notes.Row(t.n, cells, t.rows.GetRowOpts().Hidden)
	return cells, t.n, sheet.RawLine(cells), nil
}

// Done tells how much of the sheet has been read, from 0 to 1, by its
// rows and the last row its dimension names (0 when it names none).
func (t *Table) Done() float64 {
	if t.last <= 0 {
		return 0
	}
	return min(1, float64(t.n)/float64(t.last))
}

// RowWarnings gives the warnings about the cells of one row.
func (t *Table) RowWarnings(row int) []string { return t.notes.RowWarnings(row) }

// FileWarnings gives the warnings about the sheet as a whole: the other
// sheets not read, hidden rows.
func (t *Table) FileWarnings() []formats.Warning { return t.notes.FileWarnings() }

// Close closes the workbook and removes its temporary files.
func (t *Table) Close() error {
	if t.rows != nil {
		t.rows.Close()
	}
	if t.shown != nil {
		t.shown.Close()
	}
	return t.wb.Close()
}

func (t *Table) errorf(row int, format string, args ...any) *formats.ParseError {
	return &formats.ParseError{File: t.file, Sheet: t.sheet, Line: row, Err: formats.ErrSyntax, Msg: fmt.Sprintf(format, args...)}
}

// value gives a cell's text from its stored value (raw) and the text
// Excel shows for it (shown). Text reads as stored. A number reads in its
// shortest form ("2019.0" and "2019" as 2019, "1.2345678E7" as 12345678),
// whatever its number format shows ("12,345,678", "2019.00", "1.23E+07"),
// except a date, which reads as an ISO date ("2019-03-15"): Excel shows
// "3/15/19" or "Mar-19" by the reader's settings. A whole number from
// 1000 to 2100 shown as a date of 1902 to 1905 is a year in a column
// formatted as dates, and reads as the year. TRUE and FALSE read so.
func value(raw, shown string, date1904 bool) string {
	if raw == shown || raw == "" {
		return shown
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(raw), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return raw
	}
	if shown == "TRUE" || shown == "FALSE" {
		return shown
	}
	num := sheet.Number(v)
	if shown == num || v < 1 || v > 2958465 {
		return num
	}
	d, err := excelize.ExcelDateToTime(v, date1904)
	if err != nil || !showsDate(shown, d) {
		return num
	}
	return sheet.Date(v, d)
}

// showsDate reports whether shown is a rendering of the date d: its
// four-digit year or its month's name, or its two-digit year with its
// month and day numbers between separators.
func showsDate(shown string, d time.Time) bool {
	if strings.Contains(shown, d.Format("2006")) || strings.Contains(shown, d.Format("Jan")) {
		return true
	}
	if !strings.ContainsAny(shown, "/-.") {
		return false
	}
	parts := strings.FieldsFunc(shown, func(r rune) bool { return r < '0' || r > '9' })
	has := func(n int) bool {
		for _, p := range parts {
			if x, err := strconv.Atoi(p); err == nil && x == n {
				return true
			}
		}
		return false
	}
	return has(d.Year()%100) && has(int(d.Month())) && has(d.Day())
}

// Reader reads the records of a workbook's sheet (sheet.Reader).
type Reader = sheet.Reader

// NewReader reads the records of the workbook at path; file names it in
// errors and warnings.
func NewReader(path, file string) (*Reader, error) {
	t, err := Open(path, file)
	if err != nil {
		return nil, err
	}
	return sheet.NewReader(t, file), nil
}
