// Package xls reads Excel 97-2003 workbooks (.xls, BIFF8), above all the
// "Excel" export of Web of Science (savedrecs.xls), as package xlsx reads
// .xlsx: one sheet, chosen and read by the rules of package sheet, whose
// rows go to the delimited reader.
//
// An .xls is a Compound File (OLE2) holding a stream named Workbook: a
// run of BIFF records. The Compound File is opened with
// github.com/richardlehane/mscfb; the records are read here (MS-XLS), as
// far as a table of text and numbers needs: the sheets' names, offsets and
// hidden state (BOUNDSHEET), the shared strings (SST and its CONTINUE
// records), the cells (LABELSST, LABEL, RSTRING, NUMBER, RK, MULRK,
// BOOLERR, FORMULA with the STRING after it), hidden rows (ROW) and what
// tells a date from a number (XF, FORMAT, DATEMODE). Formatting, formulas'
// expressions, charts and drawings are skipped.
//
// Cells read as in an .xlsx: text as stored, with 8-bit characters read
// as Latin-1 (BIFF8 has no code page for its strings: they are Unicode,
// 8-bit when every character fits) and line breaks as "\n"; a number in
// its shortest form (2019, not 2019.0); a number under a date format as
// an ISO date; TRUE and FALSE; an error as Excel shows it (#N/A); a
// formula as the value Excel saved with it. Excel 5.0/95 and older
// workbooks (BIFF5 and before) and workbooks with a password (FILEPASS)
// are refused, saying so.
//
// The workbook stream is read into memory: an .xls holds at most 65,536
// rows, and Web of Science's hold a few megabytes.
package xls

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"os"
	"strings"

	"github.com/richardlehane/mscfb"

	"github.com/winnow-review/winnow/review/formats"
	"github.com/winnow-review/winnow/review/formats/sheet"
)

// maxCols is the number of columns of a BIFF8 sheet (A to IV).
const maxCols = 256

// OldMessage is what winnow says of a workbook older than Excel 97.
const OldMessage = "an Excel 5.0/95 (or older) workbook: winnow reads .xls files of Excel 97 and later; open it in Excel and save it as .xlsx"

// Probe reports whether the file at path is a Compound File holding a
// workbook stream (Workbook, or Book in Excel 5.0/95): an .xls, whatever
// its name. An encrypted .xlsx, a .doc or a damaged file is none.
func Probe(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	_, name, err := findStream(f)
	return err == nil && name != ""
}

// ProbeBytes is Probe for a file held in memory.
func ProbeBytes(data []byte) bool {
	_, name, err := findStream(bytes.NewReader(data))
	return err == nil && name != ""
}

// findStream finds the workbook stream of a Compound File and gives its
// entry and name ("Workbook" or "Book"), or no name when it has none.
// mscfb is not trusted not to panic on a damaged file: a panic is an
// error here.
func findStream(ra io.ReaderAt) (entry *mscfb.File, name string, err error) {
	defer func() {
		if r := recover(); r != nil {
			entry, name, err = nil, "", fmt.Errorf("%v", r)
		}
	}()
	doc, err := mscfb.New(ra)
	if err != nil {
		return nil, "", err
	}
	var book *mscfb.File
	for f, err := doc.Next(); err == nil; f, err = doc.Next() {
		if len(f.Path) != 0 {
			continue
		}
		switch f.Name {
		case "Workbook":
			return f, f.Name, nil
		case "Book":
			book = f
		}
	}
	if book != nil {
		return book, book.Name, nil
	}
	return nil, "", nil
}

// readStream reads a stream of at most limit bytes.
func readStream(f *mscfb.File, limit int64) (data []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			data, err = nil, fmt.Errorf("%v", r)
		}
	}()
	if f.Size <= 0 || f.Size > limit {
		return nil, fmt.Errorf("a workbook stream of %d bytes in a file of %d", f.Size, limit)
	}
	data = make([]byte, f.Size)
	if _, err := io.ReadFull(f, data); err != nil {
		return nil, err
	}
	return data, nil
}

// Table is one sheet of a workbook, row by row: a sheet.Table.
type Table struct {
	file  string
	sheet string
	rows  [][]cell // by row number - 1
	// hidden are the rows hidden in Excel, by number.
	hidden map[int]bool
	n      int // rows given so far: the number of the last one
	notes  sheet.Notes
}

// Open opens the workbook at path and chooses its sheet. file names it
// in errors.
func Open(path, file string) (*Table, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return OpenBytes(data, file)
}

// OpenBytes is Open for a workbook held in memory.
func OpenBytes(data []byte, file string) (*Table, error) {
	bad := func(msg string) error {
		return &formats.ParseError{File: file, Err: formats.ErrSyntax, Msg: msg}
	}
	entry, name, err := findStream(bytes.NewReader(data))
	if err != nil || name == "" {
		return nil, bad("not a readable .xls workbook (a damaged or partly copied file?)")
	}
	stream, err := readStream(entry, int64(len(data)))
	if err != nil {
		return nil, bad("not a readable .xls workbook (a damaged or partly copied file?): " + err.Error())
	}
	b, err := readGlobals(stream, file)
	if err != nil {
		return nil, err
	}
	t := &Table{file: file}
	if t.sheet, t.notes.Others, err = sheet.Choose(file, b); err != nil {
		return nil, err
	}
	s, err := b.read(t.sheet, -1)
	if err != nil {
		return nil, err
	}
	t.rows, t.hidden = s.rows, s.hidden
	return t, nil
}

// Sheet names the sheet read.
func (t *Table) Sheet() string { return t.sheet }

// Next gives the sheet's next row: its cells, its number and its text as
// a CSV line (Record.Raw). Rows with no value give no cells.
func (t *Table) Next() ([]string, int, string, error) {
	if t.n >= len(t.rows) {
		return nil, 0, "", io.EOF
	}
	t.n++
	cells := dense(t.rows[t.n-1])
	t.rows[t.n-1] = nil
	t.notes.Row(t.n, cells, t.hidden[t.n])
	return cells, t.n, sheet.RawLine(cells), nil
}

// Done tells how much of the sheet has been read, from 0 to 1.
func (t *Table) Done() float64 {
	if len(t.rows) == 0 {
		return 1
	}
	return float64(t.n) / float64(len(t.rows))
}

// RowWarnings gives the warnings about the cells of one row.
func (t *Table) RowWarnings(row int) []string { return t.notes.RowWarnings(row) }

// FileWarnings gives the warnings about the sheet as a whole: the other
// sheets not read, hidden rows.
func (t *Table) FileWarnings() []formats.Warning { return t.notes.FileWarnings() }

// Close does nothing: the workbook was read when it was opened.
func (t *Table) Close() error { return nil }

// NewReader reads the records of the workbook at path; file names it in
// errors and warnings.
func NewReader(path, file string) (*sheet.Reader, error) {
	t, err := Open(path, file)
	if err != nil {
		return nil, err
	}
	return sheet.NewReader(t, file), nil
}

// book is what the workbook's globals say: its sheets, shared strings
// and number formats (a sheet.Book).
type book struct {
	file     string
	stream   []byte
	sheets   []sheetEntry // worksheets only, in the workbook's order
	sst      []string
	date1904 bool
	xfFormat []int          // the number format of each XF (cell format), by index
	formats  map[int]string // the number formats the workbook defines
}

type sheetEntry struct {
	name   string
	off    int
	hidden bool
}

func (b *book) errorf(format string, args ...any) error {
	return &formats.ParseError{File: b.file, Err: formats.ErrSyntax, Msg: fmt.Sprintf(format, args...)}
}

// readGlobals reads the workbook's first substream, its globals.
func readGlobals(stream []byte, file string) (*book, error) {
	b := &book{file: file, stream: stream, formats: map[int]string{}}
	r := &records{b: stream}
	if !r.next() {
		return nil, b.errorf("not a readable .xls workbook: its workbook stream is empty or cut short")
	}
	switch {
	case r.typ == recBOF2 || r.typ == recBOF3 || r.typ == recBOF4:
		return nil, b.errorf("%s", OldMessage)
	case r.typ != recBOF || len(r.data) < 4:
		return nil, b.errorf("not a readable .xls workbook: its workbook stream does not start with a BOF record")
	case binary.LittleEndian.Uint16(r.data) != 0x0600:
		return nil, b.errorf("%s", OldMessage)
	case binary.LittleEndian.Uint16(r.data[2:]) != bofGlobals:
		return nil, b.errorf("not a readable .xls workbook: its workbook stream does not start with its globals")
	}
	for r.next() && r.typ != recEOF {
		d := r.data
		switch r.typ {
		case recFilePass:
			return nil, b.errorf("%s", sheet.PasswordMessage)
		case recBoundSheet:
			if len(d) < 8 {
				return nil, b.errorf("a damaged .xls workbook: a sheet's entry at byte %d is cut short", r.at)
			}
			name, ok := shortString(d[6:])
			if !ok {
				return nil, b.errorf("a damaged .xls workbook: a sheet's name at byte %d is cut short", r.at)
			}
			// Only worksheets (type 0) hold tables: not charts, macros.
			if d[5] == 0 {
				b.sheets = append(b.sheets, sheetEntry{name: name, off: int(binary.LittleEndian.Uint32(d)), hidden: d[4]&3 != 0})
			}
		case recSST:
			segs := append([][]byte{d}, r.continues()...)
			var err error
			if b.sst, err = sst(segs); err != nil {
				return nil, b.errorf("a damaged .xls workbook: its shared strings at byte %d are cut short after %d strings", r.at, len(b.sst))
			}
		case recDateMode:
			b.date1904 = len(d) >= 2 && d[0] == 1
		case recXF:
			if len(d) >= 4 {
				b.xfFormat = append(b.xfFormat, int(binary.LittleEndian.Uint16(d[2:])))
			} else {
				b.xfFormat = append(b.xfFormat, 0)
			}
		case recFormat:
			if len(d) >= 2 {
				if code, ok := unicodeString([][]byte{d[2:]}); ok {
					b.formats[int(binary.LittleEndian.Uint16(d))] = code
				}
			}
		}
	}
	return b, nil
}

// Sheets names the worksheets.
func (b *book) Sheets() []string {
	names := make([]string, len(b.sheets))
	for i, s := range b.sheets {
		names[i] = s.name
	}
	return names
}

// Hidden reports whether a sheet is hidden.
func (b *book) Hidden(name string) bool {
	for _, s := range b.sheets {
		if s.name == name {
			return s.hidden
		}
	}
	return false
}

// Head gives the first rows of a sheet.
func (b *book) Head(name string) ([][]string, error) {
	s, err := b.read(name, sheet.HeadRows)
	if err != nil {
		return nil, err
	}
	head := make([][]string, len(s.rows))
	for i, r := range s.rows {
		head[i] = dense(r)
	}
	return head, nil
}

// cells is a sheet's values as read: each row's cells as the records
// give them, made a row of text only when it is read (dense), so that
// the memory a sheet takes grows with its cells, not with its last
// column.
type cells struct {
	rows   [][]cell
	hidden map[int]bool
}

type cell struct {
	col  int
	text string
}

func (c *cells) set(row, col int, v string) {
	for len(c.rows) <= row {
		c.rows = append(c.rows, nil)
	}
	c.rows[row] = append(c.rows[row], cell{col, v})
}

// dense gives a row's cells as text by column, without the empty cells
// at its end; a later record of the same cell wins.
func dense(cs []cell) []string {
	n := 0
	for _, c := range cs {
		if c.text != "" {
			n = max(n, c.col+1)
		}
	}
	if n == 0 {
		return nil
	}
	out := make([]string, n)
	for _, c := range cs {
		if c.col < n {
			out[c.col] = c.text
		}
	}
	end := len(out)
	for end > 0 && out[end-1] == "" {
		end--
	}
	return sheet.Clean(out[:end])
}

// read reads the cells of a sheet, of its first limit rows when limit is
// not negative.
func (b *book) read(name string, limit int) (*cells, error) {
	var at int = -1
	for _, s := range b.sheets {
		if s.name == name {
			at = s.off
			break
		}
	}
	serr := func(off int, format string, args ...any) error {
		return &formats.ParseError{File: b.file, Sheet: name, Err: formats.ErrSyntax,
			Msg: fmt.Sprintf("a damaged .xls workbook: "+format, args...) + fmt.Sprintf(" (record at byte %d)", off)}
	}
	r := &records{b: b.stream, off: at}
	if !r.next() || r.typ != recBOF || len(r.data) < 4 || binary.LittleEndian.Uint16(r.data[2:]) != bofWorksheet {
		return nil, serr(at, "the sheet does not start where the workbook says")
	}
	c := &cells{hidden: map[int]bool{}}
	// depth counts the substreams open: a chart drawn on a sheet is a
	// substream (BOF to EOF) inside the sheet's.
	depth := 1
	// formula is the cell of a FORMULA whose string value is in the
	// STRING record that follows it.
	formula := [2]int{-1, -1}
	for depth > 0 && r.next() {
		d, at := r.data, r.at
		switch r.typ {
		case recBOF:
			depth++
			continue
		case recEOF:
			depth--
			continue
		}
		if depth > 1 {
			continue
		}
		// Every cell record starts with its row, column and XF.
		var row, col, xf int
		switch r.typ {
		case recLabelSST, recLabel, recRString, recNumber, recRK, recBoolErr, recFormula, recMulRK:
			if len(d) < 6 {
				return nil, serr(at, "a cell record cut short")
			}
			row, col, xf = int(binary.LittleEndian.Uint16(d)), int(binary.LittleEndian.Uint16(d[2:])), int(binary.LittleEndian.Uint16(d[4:]))
			if col >= maxCols {
				return nil, serr(at, "a cell in column %d, past the 256 columns of an .xls", col+1)
			}
			if limit >= 0 && row >= limit {
				continue
			}
		}
		switch r.typ {
		case recLabelSST:
			if len(d) < 10 {
				return nil, serr(at, "a cell record cut short")
			}
			i := int(binary.LittleEndian.Uint32(d[6:]))
			if i >= len(b.sst) {
				return nil, serr(at, "a cell names shared string %d of %d", i, len(b.sst))
			}
			c.set(row, col, b.sst[i])
		case recLabel, recRString:
			s, ok := unicodeString(append([][]byte{d[6:]}, r.continues()...))
			if !ok {
				return nil, serr(at, "a cell's text cut short")
			}
			c.set(row, col, s)
		case recNumber:
			if len(d) < 14 {
				return nil, serr(at, "a cell record cut short")
			}
			c.set(row, col, b.number(math.Float64frombits(binary.LittleEndian.Uint64(d[6:])), xf))
		case recRK:
			if len(d) < 10 {
				return nil, serr(at, "a cell record cut short")
			}
			c.set(row, col, b.number(rk(binary.LittleEndian.Uint32(d[6:])), xf))
		case recMulRK:
			// Column, then XF and RK six bytes each, then the last column.
			for i := 4; i+6 <= len(d)-2; i += 6 {
				if col >= maxCols {
					return nil, serr(at, "a cell in column %d, past the 256 columns of an .xls", col+1)
				}
				xf := int(binary.LittleEndian.Uint16(d[i:]))
				c.set(row, col, b.number(rk(binary.LittleEndian.Uint32(d[i+2:])), xf))
				col++
			}
		case recBoolErr:
			if len(d) < 8 {
				return nil, serr(at, "a cell record cut short")
			}
			c.set(row, col, boolErr(d[6], d[7] != 0))
		case recFormula:
			if len(d) < 14 {
				return nil, serr(at, "a cell record cut short")
			}
			v := d[6:14]
			if v[6] != 0xFF || v[7] != 0xFF {
				c.set(row, col, b.number(math.Float64frombits(binary.LittleEndian.Uint64(v)), xf))
				break
			}
			switch v[0] {
			case 0: // text, in the STRING record that follows
				formula = [2]int{row, col}
			case 1:
				c.set(row, col, boolErr(v[2], false))
			case 2:
				c.set(row, col, boolErr(v[2], true))
			}
		case recString:
			if formula[0] < 0 {
				break
			}
			s, ok := unicodeString(append([][]byte{d}, r.continues()...))
			if !ok {
				return nil, serr(at, "a formula's text cut short")
			}
			c.set(formula[0], formula[1], s)
			formula = [2]int{-1, -1}
		case recRow:
			// Option flags at byte 12; 0x20 (fDyZero): the row is hidden.
			if len(d) >= 14 && d[12]&0x20 != 0 {
				c.hidden[int(binary.LittleEndian.Uint16(d))+1] = true
			}
		}
	}
	return c, nil
}

// boolErr gives the text of a BOOLERR cell or of a formula's boolean or
// error value.
func boolErr(v byte, isErr bool) string {
	switch {
	case isErr:
		return errorText(v)
	case v != 0:
		return "TRUE"
	}
	return "FALSE"
}

// number gives the text of a number in a cell of format xf: a date as an
// ISO date when the format shows a date, else the number's shortest form.
func (b *book) number(v float64, xf int) string {
	if v < 1 || v > 2958465 || xf < 0 || xf >= len(b.xfFormat) || !b.isDate(b.xfFormat[xf]) {
		return sheet.Number(v)
	}
	return sheet.Date(v, serialDate(v, b.date1904))
}

// isDate reports whether a number format shows a date: one of Excel's
// built-in date formats, or a format of the workbook's own whose code has
// a day, month or year outside quotes and brackets.
func (b *book) isDate(id int) bool {
	code, ok := b.formats[id]
	if !ok {
		return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 50 && id <= 58)
	}
	quoted, bracket := false, false
	for i := 0; i < len(code); i++ {
		c := code[i]
		switch {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '\\' || c == '_' || c == '*':
			i++ // the next character is shown as it is
		case c == '[':
			bracket = true
		case c == ']':
			bracket = false
		case bracket:
		case strings.IndexByte("dDmMyY", c) >= 0:
			return true
		}
	}
	return false
}
