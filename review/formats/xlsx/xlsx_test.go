package xlsx_test

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/winnow-review/winnow/review/formats"
	"github.com/winnow-review/winnow/review/formats/xlsx"
	"github.com/winnow-review/winnow/review/formats/xlsx/xlsxtest"
)

// readAll reads every record of the workbook at path.
func readAll(t *testing.T, path string) ([]*formats.Entry, *xlsx.Reader) {
	t.Helper()
	r, err := xlsx.NewReader(path, filepath.Base(path))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	var out []*formats.Entry
	for {
		e, err := r.Next()
		if err == io.EOF {
			return out, r
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, e)
	}
}

func TestScopusSheet(t *testing.T) {
	path := filepath.Join(t.TempDir(), "refs.xlsx")
	xlsxtest.Write(t, path, xlsxtest.Sheet{Name: "Scopus", Rows: [][]any{
		{"Authors", "Title", "Year", "Source title", "DOI", "Abstract", "PubMed ID", "Author Keywords"},
		{"Smith J.; Jones K.", "Screening with machines", 2019.0, "J Syst Rev", "10.1000/abc", "First line.\nSecond line.", 12345678, "screening; machine learning"},
		{"Lee A.", "=HYPERLINK(\"x\")", 2020, "BMJ", "", "", "", ""},
		// Only the first cell filled: a record (no title), not a caption.
		{"Roe R."},
		{},
		{},
	}})
	es, r := readAll(t, path)
	if len(es) != 3 {
		t.Fatalf("got %d records, want 3", len(es))
	}
	// excelize leaves the dimension at "A1": no hint of the size.
	if d := r.Done(); d != 0 {
		t.Errorf("done %v with no dimension", d)
	}
	if c := es[2].Record; c.Title != "" || len(c.Authors) != 1 || c.Authors[0].Family != "Roe" || c.Line != 4 {
		t.Errorf("record 3: %+v", c)
	}
	if r.Sheet() != "Scopus" {
		t.Errorf("sheet %q", r.Sheet())
	}
	a := es[0].Record
	if a.Title != "Screening with machines" || a.Year != 2019 || a.PMID != "12345678" || a.DOI != "10.1000/abc" || a.Journal != "J Syst Rev" {
		t.Errorf("record 1: %+v", a)
	}
	if a.Abstract != "First line.\nSecond line." && a.Abstract != "First line. Second line." {
		t.Errorf("abstract %q", a.Abstract)
	}
	if len(a.Authors) != 2 || a.Authors[0].Family != "Smith" || len(a.Keywords) != 2 {
		t.Errorf("authors %+v keywords %q", a.Authors, a.Keywords)
	}
	if a.Line != 2 || !strings.Contains(a.Raw, "Screening with machines") {
		t.Errorf("line %d raw %q", a.Line, a.Raw)
	}
	// Text that starts with "=" is text: kept as written (exports
	// neutralise it on the way out).
	if b := es[1].Record; b.Title != `=HYPERLINK("x")` || b.Line != 3 {
		t.Errorf("record 2: %q line %d", b.Title, b.Line)
	}
}

// TestRawCells reads cells as other writers than Excel store them:
// numbers as "2019.0" and "1.2345678E7", inline strings, rich-text runs,
// a formula with its cached value, "_x000D_" line breaks, a row number
// skipped (an empty row Excel does not write).
// TestDone: how much of a sheet has been read, by its dimension.
func TestDone(t *testing.T) {
	path := filepath.Join(t.TempDir(), "refs.xlsx")
	data := `<row r="1"><c r="A1" t="inlineStr"><is><t>Title</t></is></c><c r="B1" t="inlineStr"><is><t>Year</t></is></c></row>`
	for i := 2; i <= 10; i++ {
		data += fmt.Sprintf(`<row r="%d"><c r="A%d" t="inlineStr"><is><t>Record %d</t></is></c><c r="B%d"><v>2019</v></c></row>`, i, i, i, i)
	}
	xlsxtest.WriteRaw(t, path, "S", data, nil, "", "A1:B10")
	r, err := xlsx.NewReader(path, "refs.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var got []float64
	for {
		_, err := r.Next()
		if err == io.EOF {
			break
		}
		got = append(got, r.Done())
	}
	// The header is read with the first record.
	if len(got) != 9 || got[0] != 0.2 || got[4] != 0.6 || got[8] != 1 {
		t.Errorf("done %v", got)
	}
}

func TestRawCells(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pandas.xlsx")
	data := `<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>` +
		`<row r="2"><c r="A2" t="s"><v>4</v></c><c r="B2"><v>2019.0</v></c><c r="C2"><v>1.2345678E7</v></c><c r="D2" t="s"><v>5</v></c></row>` +
		`<row r="4"><c r="A4" t="inlineStr"><is><t>Inline title</t></is></c><c r="B4" t="str"><f>2000+21</f><v>2021</v></c><c r="D4" t="inlineStr"><is><t xml:space="preserve">Line one_x000D_
Line two</t></is></c></row>` +
		// An ISO date cell (openpyxl), an error cell, a boolean.
		`<row r="5"><c r="A5" t="inlineStr"><is><t>Dated</t></is></c><c r="B5" t="d"><v>2017-06-30T00:00:00Z</v></c><c r="C5" t="e"><v>#N/A</v></c><c r="D5" t="b"><v>1</v></c></row>`
	sst := []string{"<t>Title</t>", "<t>Year</t>", "<t>PMID</t>", "<t>Abstract</t>",
		`<r><t xml:space="preserve">Rich </t></r><r><rPr><b/></rPr><t>text</t></r><r><t xml:space="preserve"> title</t></r>`,
		"<t>An abstract.</t>"}
	xlsxtest.WriteRaw(t, path, "Sheet1", data, sst, "")
	es, _ := readAll(t, path)
	if len(es) != 3 {
		t.Fatalf("got %d records, want 3", len(es))
	}
	a, b := es[0].Record, es[1].Record
	if c := es[2].Record; c.Year != 2017 || c.PMID != "" || c.Abstract != "TRUE" {
		t.Errorf("record 3: year %d pmid %q abstract %q (%q)", c.Year, c.PMID, c.Abstract, c.Raw)
	}
	if a.Title != "Rich text title" || a.Year != 2019 || a.PMID != "12345678" || a.Abstract != "An abstract." {
		t.Errorf("record 1: title %q year %d pmid %q abstract %q", a.Title, a.Year, a.PMID, a.Abstract)
	}
	if b.Title != "Inline title" || b.Year != 2021 || b.Line != 4 {
		t.Errorf("record 2: title %q year %d line %d", b.Title, b.Year, b.Line)
	}
	if strings.Contains(b.Abstract, "_x000D_") || strings.Contains(b.Abstract, "\r") || !strings.Contains(b.Abstract, "Line two") {
		t.Errorf("abstract %q", b.Abstract)
	}
}

func TestDatesAndFormats(t *testing.T) {
	path := filepath.Join(t.TempDir(), "dates.xlsx")
	d := time.Date(2019, 3, 15, 0, 0, 0, 0, time.UTC)
	xlsxtest.Write(t, path, xlsxtest.Sheet{Name: "Sheet1", Rows: [][]any{
		{"Title", "Publication Date", "PMID", "Year"},
		// Excel's short date (14), which follows the locale; a PMID in 0.
		{"One", xlsxtest.Cell{Value: d, NumFmt: 14}, xlsxtest.Cell{Value: 12345678, NumFmt: 1}, ""},
		// A date as mmm-yy (17), which loses the century; a PMID as #,##0.
		{"Two", xlsxtest.Cell{Value: d, NumFmt: 17}, xlsxtest.Cell{Value: 23456789.0, NumFmt: 3}, ""},
		// A year in a column formatted as dates; a PMID as 0.00E+00.
		{"Three", "", xlsxtest.Cell{Value: 34567890, NumFmt: 11}, xlsxtest.Cell{Value: 2018, NumFmt: 14}},
	}})
	es, _ := readAll(t, path)
	if len(es) != 3 {
		t.Fatalf("got %d records", len(es))
	}
	want := []struct {
		year int
		pmid string
		raw  string
	}{
		{2019, "12345678", "One,2019-03-15,12345678"},
		{2019, "23456789", "Two,2019-03-15,23456789"},
		{2018, "34567890", "Three,,34567890,2018"},
	}
	for i, w := range want {
		r := es[i].Record
		if r.Year != w.year || r.PMID != w.pmid || r.Raw != w.raw {
			t.Errorf("record %d: year %d pmid %q raw %q, want %d %q %q", i+1, r.Year, r.PMID, r.Raw, w.year, w.pmid, w.raw)
		}
	}
}

// TestHeaderBelowTitleLine: a title line above the header, as some
// exports write ("Search results, 12 March"), found as in a CSV file.
func TestHeaderBelowTitleLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "wos.xlsx")
	xlsxtest.Write(t, path, xlsxtest.Sheet{Name: "savedrecs", Rows: [][]any{
		{"Web of Science search results, exported 2026-12-01"},
		{},
		{"Article Title", "Authors", "Publication Year", "Source Title"},
		{"A trial", "Smith, J", 2018, "Lancet"},
	}})
	es, _ := readAll(t, path)
	if len(es) != 1 || es[0].Record.Title != "A trial" || es[0].Record.Year != 2018 || es[0].Record.Line != 4 {
		t.Fatalf("got %+v", es)
	}
}

func TestSheetChoice(t *testing.T) {
	path := filepath.Join(t.TempDir(), "book.xlsx")
	xlsxtest.Write(t, path,
		xlsxtest.Sheet{Name: "Read me", Rows: [][]any{{"Exported from Covidence"}, {"Notes", "More notes"}}},
		// A template: a header alone.
		xlsxtest.Sheet{Name: "Template", Rows: [][]any{{"Title", "Year"}}},
		xlsxtest.Sheet{Name: "Hidden", HideSheet: true, Rows: [][]any{{"Title", "Year"}, {"Hidden sheet record", 2001}}},
		xlsxtest.Sheet{Name: "Included", Rows: [][]any{{"Title", "Year"}, {"Kept", 2010}, {"Kept too", 2011}}},
		xlsxtest.Sheet{Name: "Excluded", Rows: [][]any{{"Title", "Year"}, {"Not read", 2012}}},
	)
	es, r := readAll(t, path)
	if len(es) != 2 || es[0].Record.Title != "Kept" || r.Sheet() != "Included" {
		t.Fatalf("sheet %q, %d records", r.Sheet(), len(es))
	}
	ws := r.FileWarnings()
	if len(ws) != 1 || !strings.Contains(ws[0].Msg, `sheets "Template", "Excluded", "Hidden" have a title column too`) || ws[0].Line != 0 {
		t.Errorf("warnings %+v", ws)
	}
}

func TestNoTitleSheet(t *testing.T) {
	path := filepath.Join(t.TempDir(), "book.xlsx")
	xlsxtest.Write(t, path,
		xlsxtest.Sheet{Name: "Counts", Rows: [][]any{{"Database", "Hits"}, {"Scopus", 12}}},
		xlsxtest.Sheet{Name: "Empty"},
	)
	_, err := xlsx.NewReader(path, "book.xlsx")
	var pe *formats.ParseError
	if !errors.As(err, &pe) || !errors.Is(err, formats.ErrNoColumns) || !strings.Contains(err.Error(), "book.xlsx: no sheet has a header row with a title column (sheets: Counts, Empty)") {
		t.Fatalf("err %v", err)
	}
}

// TestRowWarnings: warnings and errors name the sheet and the row.
func TestRowWarnings(t *testing.T) {
	path := filepath.Join(t.TempDir(), "refs.xlsx")
	long := strings.Repeat("a", xlsx.CellLimit)
	xlsxtest.Write(t, path, xlsxtest.Sheet{Name: "Scopus", Hidden: []int{3, 4}, Merge: []string{"C2:C3"}, Rows: [][]any{
		{"Title", "Year", "Journal", "Abstract"},
		{"One", "in press", "BMJ", ""},
		{"Two", 2020, "", long},
		{"Three", 2021, "", ""},
		{"", "", "", "", ""},
		// Longer than Excel keeps: excelize, as Excel, cuts it when it
		// writes the file.
		{"Four", 2022, "", long + "b"},
		// 32,767 UTF-16 units, with a character outside the BMP.
		{"Five", 2023, "", strings.Repeat("a", xlsx.CellLimit-2) + "𝛼"},
	}})
	es, r := readAll(t, path)
	if len(es) != 5 {
		t.Fatalf("got %d records", len(es))
	}
	if len(es[3].Warnings) != 1 || len(es[3].Record.Abstract) != xlsx.CellLimit || len(es[4].Warnings) != 1 {
		t.Errorf("records 4 and 5 warnings %q, %q", es[3].Warnings, es[4].Warnings)
	}
	if w := es[0].Warnings; len(w) != 1 || w[0] != `no year in "in press"` || es[0].Record.Line != 2 {
		t.Errorf("record 1 warnings %q line %d", w, es[0].Record.Line)
	}
	if w := es[1].Warnings; len(w) != 1 || !strings.Contains(w[0], "32767 characters, Excel's limit") {
		t.Errorf("record 2 warnings %q", w)
	}
	if len(es[1].Record.Abstract) != xlsx.CellLimit {
		t.Errorf("abstract of %d", len(es[1].Record.Abstract))
	}
	// A merged cell holds its value in its first row only, as Excel
	// keeps it and writes it when it saves the sheet as CSV.
	if es[0].Record.Journal != "BMJ" || es[1].Record.Journal != "" {
		t.Errorf("merged cell C2:C3 read as %q, %q", es[0].Record.Journal, es[1].Record.Journal)
	}
	ws := r.FileWarnings()
	if len(ws) != 1 || ws[0].Line != 3 || !strings.Contains(ws[0].Msg, "2 rows are hidden") {
		t.Errorf("file warnings %+v", ws)
	}
}

func TestProbe(t *testing.T) {
	dir := t.TempDir()
	book := filepath.Join(dir, "refs.dat") // the name does not matter
	xlsxtest.Write(t, book, xlsxtest.Sheet{Name: "S", Rows: [][]any{{"Title"}, {"x"}}})
	if k := xlsx.Probe(book); k != xlsx.Workbook {
		t.Errorf("workbook probed as %v", k)
	}
	zipOf := func(name string, files map[string]string) string {
		p := filepath.Join(dir, name)
		f, _ := os.Create(p)
		z := zip.NewWriter(f)
		for n, body := range files {
			w, _ := z.Create(n)
			w.Write([]byte(body))
		}
		z.Close()
		f.Close()
		return p
	}
	if k := xlsx.Probe(zipOf("a.docx", map[string]string{"word/document.xml": "<w/>"})); k != xlsx.OtherZip {
		t.Errorf("docx probed as %v", k)
	}
	if k := xlsx.Probe(zipOf("a.ods", map[string]string{"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<x/>"})); k != xlsx.ODS {
		t.Errorf("ods probed as %v", k)
	}
	if k := xlsx.Probe(filepath.Join(dir, "none")); k != xlsx.NotZip {
		t.Errorf("missing file probed as %v", k)
	}
}

func TestDamaged(t *testing.T) {
	dir := t.TempDir()
	book := filepath.Join(dir, "refs.xlsx")
	xlsxtest.Write(t, book, xlsxtest.Sheet{Name: "S", Rows: [][]any{{"Title"}, {"x"}}})
	data, _ := os.ReadFile(book)
	cut := filepath.Join(dir, "cut.xlsx")
	os.WriteFile(cut, data[:len(data)/2], 0o644)
	_, err := xlsx.NewReader(cut, "cut.xlsx")
	if err == nil || !strings.HasPrefix(err.Error(), "cut.xlsx: ") {
		t.Fatalf("err %v", err)
	}
	// A zip with a workbook part that lists no sheet.
	bad := filepath.Join(dir, "bad.xlsx")
	f, _ := os.Create(bad)
	z := zip.NewWriter(f)
	w, _ := z.Create("xl/workbook.xml")
	w.Write([]byte(`<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets></sheets></workbook>`))
	z.Close()
	f.Close()
	if k := xlsx.Probe(bad); k != xlsx.Workbook {
		t.Errorf("probed as %v", k)
	}
	if _, err := xlsx.NewReader(bad, "bad.xlsx"); err == nil || !strings.HasPrefix(err.Error(), "bad.xlsx: not a readable .xlsx workbook") {
		t.Errorf("err %v", err)
	}
	// A workbook whose list of sheets is empty: it opens, and holds none.
	empty := filepath.Join(dir, "empty.xlsx")
	zr, err := zip.OpenReader(book)
	if err != nil {
		t.Fatal(err)
	}
	f, _ = os.Create(empty)
	z = zip.NewWriter(f)
	for _, e := range zr.File {
		r, _ := e.Open()
		body, _ := io.ReadAll(r)
		r.Close()
		if e.Name == "xl/workbook.xml" {
			body = regexp.MustCompile(`<sheets>.*</sheets>`).ReplaceAll(body, []byte("<sheets></sheets>"))
		}
		w, _ := z.Create(e.Name)
		w.Write(body)
	}
	zr.Close()
	z.Close()
	f.Close()
	if _, err := xlsx.NewReader(empty, "empty.xlsx"); err == nil || err.Error() != "empty.xlsx: no sheet could be read: a damaged workbook?" {
		t.Errorf("err %v", err)
	}
}

// TestChartSheet: a chart sheet before the data is no table, and no
// fault.
func TestChartSheet(t *testing.T) {
	path := filepath.Join(t.TempDir(), "chart.xlsx")
	f := excelize.NewFile()
	defer f.Close()
	if err := f.AddChartSheet("Chart", &excelize.Chart{Type: excelize.Col,
		Series: []excelize.ChartSeries{{Name: "Data!$A$1", Categories: "Data!$A$2:$A$3", Values: "Data!$B$2:$B$3"}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.NewSheet("Data"); err != nil {
		t.Fatal(err)
	}
	if err := f.DeleteSheet("Sheet1"); err != nil {
		t.Fatal(err)
	}
	for r, row := range [][]any{{"Title", "Year"}, {"A trial", 2019}, {"Another", 2020}} {
		for c, v := range row {
			axis, _ := excelize.CoordinatesToCellName(c+1, r+1)
			f.SetCellValue("Data", axis, v)
		}
	}
	if got := f.GetSheetList(); len(got) != 2 || got[0] != "Chart" {
		t.Fatalf("sheets %q", got)
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	es, r := readAll(t, path)
	if len(es) != 2 || r.Sheet() != "Data" {
		t.Fatalf("sheet %q, %d records", r.Sheet(), len(es))
	}
}

// TestTemplateOnly: a workbook whose only table is a header alone is read
// (no records), not refused.
func TestTemplateOnly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "template.xlsx")
	xlsxtest.Write(t, path, xlsxtest.Sheet{Name: "Notes", Rows: [][]any{{"Fill in the sheet Refs"}}},
		xlsxtest.Sheet{Name: "Refs", Rows: [][]any{{"Title", "Authors", "Year"}}})
	es, r := readAll(t, path)
	if len(es) != 0 || r.Sheet() != "Refs" || len(r.FileWarnings()) != 0 {
		t.Fatalf("sheet %q, %d records, warnings %+v", r.Sheet(), len(es), r.FileWarnings())
	}
}
