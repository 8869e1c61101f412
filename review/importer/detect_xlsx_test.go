package importer

import (
	"archive/zip"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/formats"
	"github.com/winnow-review/winnow/review/formats/xlsx/xlsxtest"
)

// TestImportXLSX imports a workbook told by its content (its name says
// .txt), and checks the records, the search's format and the warnings,
// which name the sheet and the row.
func TestImportXLSX(t *testing.T) {
	st := mustCreate(t)
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "scopus export.txt")
	xlsxtest.Write(t, path,
		xlsxtest.Sheet{Name: "Info", Rows: [][]any{{"Scopus export"}}},
		xlsxtest.Sheet{Name: "Scopus", Rows: [][]any{
			{"Scopus search, 2026-12-01"},
			{"Authors", "Title", "Year", "Source title", "DOI", "PubMed ID", "Abstract"},
			{"Smith J.", "Machine screening", 2019.0, "J Syst Rev", "10.1000/a", 31234567, "An abstract."},
			{"Jones K.", "Dual screening", "in press", "BMJ", "10.1000/b", "", ""},
		}})
	var done, total []int64
	res, err := Import(ctx, st, []string{path}, Options{Source: "Scopus", Kind: review.Database, By: "test",
		Progress: func(d, t int64) { done, total = append(done, d), append(total, t) }})
	if err != nil {
		t.Fatal(err)
	}
	size, _ := os.Stat(path)
	if n := len(done); n == 0 || done[n-1] != size.Size() || total[n-1] != size.Size() {
		t.Errorf("progress %v of %v, want to end at %d", done, total, size.Size())
	}
	for i := 1; i < len(done); i++ {
		if done[i] < done[i-1] {
			t.Errorf("progress went back: %v", done)
		}
	}
	s := res[0].Search
	if s.Records != 2 || s.Format != "xlsx" {
		t.Fatalf("%d records, format %s", s.Records, s.Format)
	}
	var ws []string
	for _, w := range res[0].Warnings {
		ws = append(ws, w.String())
	}
	want := path + `: sheet Scopus, row 4: no year in "in press"`
	if len(ws) != 1 || ws[0] != want {
		t.Errorf("warnings %q, want %q", ws, want)
	}
	r, err := st.Record(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if r.Title != "Machine screening" || r.Year != 2019 || r.PMID != "31234567" || r.Line != 3 || r.DOI != "10.1000/a" {
		t.Errorf("record %+v", r)
	}
	// The same workbook again is the same content.
	if _, err := Import(ctx, st, []string{path}, Options{Source: "Scopus", Kind: review.Database, By: "test"}); !errors.Is(err, ErrAlreadyImported) {
		t.Errorf("second import: %v", err)
	}
}

// TestRefuseNonXLSX: what is not an .xlsx workbook is refused saying
// what it is.
func TestRefuseNonXLSX(t *testing.T) {
	dir := t.TempDir()
	write := writeIn(t, dir)
	zipOf := func(name string, files ...string) string {
		p := filepath.Join(dir, name)
		f, _ := os.Create(p)
		z := zip.NewWriter(f)
		for i := 0; i < len(files); i += 2 {
			w, _ := z.Create(files[i])
			w.Write([]byte(files[i+1]))
		}
		z.Close()
		f.Close()
		return p
	}
	utf16 := func(s string) string {
		var b strings.Builder
		for _, c := range s {
			b.WriteByte(byte(c))
			b.WriteByte(0)
		}
		return b.String()
	}
	ole := "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + strings.Repeat("\x00", 504)
	book := filepath.Join(dir, "real.xlsx")
	xlsxtest.Write(t, book, xlsxtest.Sheet{Name: "S", Rows: [][]any{{"Title"}, {"x"}}})
	checkRefused(t, []refusal{
		{"damaged xls", write("refs.xls", []byte(ole+utf16("Root Entry")+utf16("Workbook"))), "an Excel 97-2003 .xls workbook whose parts cannot be read", ""},
		{"encrypted", write("refs.xlsx", []byte(ole+utf16("EncryptionInfo")+utf16("EncryptedPackage"))), "a password-protected Office file", ""},
		{"docx", zipOf("refs.docx", "word/document.xml", "<w/>"), "this is a Word document (.docx), not an export", ""},
		{"xlsx named docx", zipOf("misnamed.xlsx", "word/document.xml", "<w/>"), "this is a Word document (.docx)", ""},
		{"citavi backup", zipOf("project.ctv6bak", "project.ctv6", "SQLite format 3"), "this is a Citavi project backup, not an export: in Citavi, export the references as RIS", ""},
		{"zip of exports", zipOf("exports.zip", "embase.ris", "TY  - JOUR\nER  - \n", "__MACOSX/._embase.ris", "x"), `this is a zip archive holding "embase.ris": unzip it and import the export files in it`, ""},
		{"reference manager's library", write("My Library.enl", []byte("SQLite format 3\x00"+strings.Repeat("\x00", 200))), "this is an SQLite database, not a text export (a reference manager's own library file, such as EndNote's .enl", ""},
		{"xlsb", zipOf("refs.xlsb", "[Content_Types].xml", "<Types/>", "xl/workbook.bin", "\x83\x01\x00"), "an Excel binary workbook (.xlsb): save it as .xlsx or CSV", ""},
		{"ods", zipOf("refs.ods", "mimetype", "application/vnd.oasis.opendocument.spreadsheet", "content.xml", "<x/>"), "an OpenDocument spreadsheet (.ods): save it as .xlsx or CSV", ""},
		{"text as xlsx", write("refs.csv", []byte("Title,Year\nA,2019\n")), "not an .xlsx workbook", formats.XLSX},
		{"xlsx as csv", book, "this is an .xlsx workbook, not csv", formats.CSV},
	})
}

// writeIn gives a function that writes a file into dir and gives its path.
func writeIn(t *testing.T, dir string) func(name string, data []byte) string {
	return func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
}

// refusal is a file an import refuses, read as format (auto when empty),
// with the error it gives, after the file's name.
type refusal struct {
	name, path, want string
	format           formats.Format
}

// checkRefused imports each file into a new review and checks its error.
func checkRefused(t *testing.T, tests []refusal) {
	t.Helper()
	st := mustCreate(t)
	ctx := context.Background()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Import(ctx, st, []string{tc.path}, Options{Source: "S", Kind: review.Database, By: "test", Format: tc.format})
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), tc.path+": ") {
				t.Errorf("err %v, want %q", err, tc.want)
			}
		})
	}
}
