package rank

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/winnow-review/winnow/review/formats/xlsx"
	"github.com/winnow-review/winnow/review/formats/xlsx/xlsxtest"
)

// readSheet reads the labels of a workbook written with sheets, as the
// importer does (importer.ReadFinished).
func readSheet(t *testing.T, sheets ...xlsxtest.Sheet) (*Finished, error) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "labels.xlsx")
	xlsxtest.Write(t, path, sheets...)
	tb, err := xlsx.Open(path, "labels.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	defer tb.Close()
	return ReadFinishedSheet(tb, "")
}

// TestReadFinishedXLSX reads a finished review's labels from a workbook,
// as ASReview and a spreadsheet write them: a title line above the
// header, labels as numbers, 1.0, TRUE, text; cells left empty at the end
// of a row.
func TestReadFinishedXLSX(t *testing.T) {
	f, err := readSheet(t,
		xlsxtest.Sheet{Name: "About", Rows: [][]any{{"Finished review, exported 2026-12-01"}}},
		xlsxtest.Sheet{Name: "Labels", Rows: [][]any{
			{"Review of screening tools"},
			{"record_id", "title", "abstract", "included", "notes"},
			{7, "A", "Abstract A", 1},
			{8, "B", "Abstract B", 0.0},
			{},
			{9, "C", "", true, "a note"},
			{10, "D", "Abstract D", "no"},
		}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range f.Records {
		got = append(got, strings.Join([]string{itoa(r.ID), r.Title, r.Abstract, map[bool]string{true: "in", false: "out"}[r.Included]}, "|"))
	}
	want := "7|A|Abstract A|in 8|B|Abstract B|out 9|C||in 10|D|Abstract D|out"
	if strings.Join(got, " ") != want || f.LabelColumn != "included" || f.Numbered {
		t.Errorf("got %q (label %q, numbered %v), want %q", got, f.LabelColumn, f.Numbered, want)
	}
}

func TestReadFinishedXLSXErrorsNameTheRow(t *testing.T) {
	_, err := readSheet(t, xlsxtest.Sheet{Name: "ASReview", Rows: [][]any{
		{"title", "abstract", "label_included"},
		{"A", "x", 1},
		{"B", "y", "maybe"},
	}})
	if err == nil || err.Error() != `sheet ASReview, row 3: label_included is "maybe", want 0 or 1 (or yes or no)` {
		t.Errorf("err %v", err)
	}
	if _, err := readSheet(t, xlsxtest.Sheet{Name: "S", Rows: [][]any{{"title", "abstract"}, {"A", "x"}}}); err == nil || !strings.HasPrefix(err.Error(), "sheet S, row 1: no label column") {
		t.Errorf("err %v", err)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
