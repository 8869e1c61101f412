package delimited

import (
	"encoding/csv"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/winnow-review/winnow/review/formats"
)

// TestFromRows: a table given row by row (a spreadsheet's sheet) reads
// as the same table written as CSV does, with the rows' own numbers.
func TestFromRows(t *testing.T) {
	text := "Scopus export\n\nAuthors,Title,Year,Source title,PubMed ID,Author Keywords\n" +
		"\"Smith J.; Jones K.\",A trial,2019,BMJ,31234567,care; older people\n" +
		"Lee A.,Another,in press,Lancet,,\n"
	cr := csv.NewReader(strings.NewReader(text))
	cr.FieldsPerRecord = -1 // rows of a sheet have as many cells as they fill
	rows, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	fromText := readEntries(t, NewReader(strings.NewReader(text), "refs.csv", ','))
	fromRows := readEntries(t, FromRows(sliceRows(rows), "refs.xlsx"))
	if len(fromRows) != 2 || len(fromText) != 2 {
		t.Fatalf("%d records from rows, %d from text", len(fromRows), len(fromText))
	}
	for i := range fromRows {
		a, b := fromRows[i].Record, fromText[i].Record
		a.Raw, b.Raw = "", ""
		// The blank line is no row of the sheet: the rows' numbers run on.
		if a.Line != b.Line-1 {
			t.Errorf("record %d: row %d, line %d", i+1, a.Line, b.Line)
		}
		a.Line, b.Line = 0, 0
		if !reflect.DeepEqual(a, b) {
			t.Errorf("record %d from rows %+v\nfrom text %+v", i+1, a, b)
		}
		if !reflect.DeepEqual(fromRows[i].Warnings, fromText[i].Warnings) {
			t.Errorf("record %d warnings %q and %q", i+1, fromRows[i].Warnings, fromText[i].Warnings)
		}
	}
}

func TestTitleHeader(t *testing.T) {
	tests := []struct {
		rows [][]string
		want int // the header's index, -1 for none
	}{
		{[][]string{{"Title", "Year"}, {"A", "2019"}}, 0},
		{[][]string{{"Search results, 2026"}, {}, {"Article Title", "Authors"}}, 2},
		{[][]string{{"Notes"}, {"Title"}, {"A"}}, 1}, // a one-column header
		{[][]string{{"Database", "Hits"}, {"Scopus", "12"}}, -1},
		{[][]string{{"Authors", "Year", "DOI"}, {"Smith", "2019", "10.1/x"}}, -1}, // a header, but no title column
		{nil, -1},
	}
	for _, tc := range tests {
		i, ok := TitleHeader(tc.rows)
		if !ok {
			i = -1
		}
		if i != tc.want {
			t.Errorf("TitleHeader(%q) = %d, want %d", tc.rows, i, tc.want)
		}
	}
}

func readEntries(t *testing.T, r formats.Reader) []*formats.Entry {
	t.Helper()
	var out []*formats.Entry
	for {
		e, err := r.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, e)
	}
}
