package importer

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/winnow-review/winnow/review/formats/xls/xlstest"
	"github.com/winnow-review/winnow/review/formats/xlsx/xlsxtest"
)

// TestReadFinished: a finished review's labels are told by content, a
// workbook or text, as an import tells its files.
func TestReadFinished(t *testing.T) {
	path := filepath.Join(t.TempDir(), "labels.csv") // a workbook, whatever its name
	xlsxtest.Write(t, path, xlsxtest.Sheet{Name: "Labels", Rows: [][]any{
		{"title", "abstract", "included"}, {"A", "x", 1}, {"B", "y", 0}, {"C", "z", "maybe"},
	}})
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ReadFinished(data, ""); err == nil || err.Error() != `sheet Labels, row 4: included is "maybe", want 0 or 1 (or yes or no)` {
		t.Errorf("workbook: %v", err)
	}
	f, err := ReadFinished([]byte("title;abstract;included\nA;x;1\nB;y;0\n"), "")
	if err != nil || len(f.Records) != 2 || !f.Records[0].Included {
		t.Errorf("text: %v", err)
	}
	// A workbook cut short, or a damaged .xls, is no table; the command
	// names the file.
	if _, err := ReadFinished(data[:len(data)/2], ""); err == nil || !strings.HasPrefix(err.Error(), "this is a zip archive") {
		t.Errorf("cut workbook: %v", err)
	}
	xls := []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1....W\x00o\x00r\x00k\x00b\x00o\x00o\x00k\x00")
	if _, err := ReadFinished(xls, ""); err == nil || err.Error() != "this is an Excel 97-2003 .xls workbook whose parts cannot be read (a damaged or partly copied file?), not a table" {
		t.Errorf("damaged xls: %v", err)
	}
	// An .xls is read as an .xlsx is.
	book := xlstest.Book{Sheets: []xlstest.Sheet{{Name: "Labels", Rows: [][]any{
		{"title", "abstract", "included"}, {"A", "x", 1}, {"B", "y", 0}, {"C", "z", "maybe"},
	}}}}
	if _, err := ReadFinished(book.Bytes(), ""); err == nil || err.Error() != `sheet Labels, row 4: included is "maybe", want 0 or 1 (or yes or no)` {
		t.Errorf("xls: %v", err)
	}
}

// TestReadFinishedASReviewRIS: a finished review kept as ASReview LAB
// exports a project in RIS, each decision in the record's notes
// (N1  - ASReview_relevant), replays as a table does; a record not
// decided (ASReview_not_seen) is refused at its line, and a RIS file with
// no ASReview label says what simulate needs.
func TestReadFinishedASReviewRIS(t *testing.T) {
	rec := func(title, label string) string {
		return "TY  - JOUR\nTI  - " + title + "\nAB  - An abstract.\nKW  - falls\nN1  - Imported.\nN1  - " + label + "\nER  - \n\n"
	}
	f, err := ReadFinished([]byte("\ufeff"+rec("Falls in care homes", "ASReview_relevant")+rec("Hip <i>fracture</i> surgery", "ASReview_irrelevant")), "")
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Records) != 2 || !f.Records[0].Included || f.Records[1].Included || f.Records[1].ID != 2 ||
		f.Records[1].Title != "Hip fracture surgery" || f.Records[0].Keywords != "falls" || !f.Numbered || f.LabelColumn != ASReviewLabels {
		t.Errorf("read %+v", f)
	}
	if _, err := ReadFinished([]byte(rec("A", "ASReview_relevant")+rec("B", "ASReview_not_seen")), ""); err == nil ||
		err.Error() != "line 9: record has no decision (ASReview_not_seen, or no ASReview label): a replay needs the whole review decided" {
		t.Errorf("not seen: %v", err)
	}
	if _, err := ReadFinished([]byte("TY  - JOUR\nTI  - A\nER  - \n"), ""); err == nil || !strings.HasPrefix(err.Error(), "a ris export without ASReview's labels") {
		t.Errorf("no labels: %v", err)
	}
}
