package medline

import (
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/winnow-review/winnow/internal/formattest"
	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/formats"
)

// readDisplay reads a fixture of testdata/display whole, as the importer
// reads a file.
func readDisplay(t *testing.T, name string) []*formats.Entry {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "display", name))
	if err != nil {
		t.Fatal(err)
	}
	return formattest.Entries(t, formattest.ReadAll(t, func(r io.Reader, name string) formats.Reader {
		return NewDisplayReader(r, name)
	}, data, name))
}

// TestDisplay reads Ovid's display layout of MEDLINE, Embase and
// Journals@Ovid field by field: each record as Ovid's tagged export of it
// reads, lists an item a line, the search strategy before the first
// record no record.
func TestDisplay(t *testing.T) {
	tests := []struct {
		file  string
		n     int
		index int
		want  review.Record
	}{
		{"ovid-medline.txt", 2, 0, review.Record{
			SourceID: "39000001", Line: 11, Year: 2024, Type: "Journal Article.",
			Title:    "Walking groups for depression in later life: a randomised trial.",
			Abstract: "BACKGROUND: Depression is common in later life. METHODS: We randomised 120 adults.",
			Authors:  []review.Author{{Family: "Okafor", Given: "Ngozi"}, {Family: "Silva", Given: "Marta"}},
			Journal:  "Journal of Invented Psychiatry", Volume: "12", Issue: "3", Pages: "123-130",
			DOI:      "10.1000/jip.2024.123",
			Keywords: []string{"Aged", "*Depression/th [Therapy]", "*Walking"},
		}},
		{"ovid-medline.txt", 2, 1, review.Record{
			SourceID: "39000002", Line: 45, Year: 2023, Title: "Yoga and mood.",
			Authors: []review.Author{{Family: "Tanaka", Given: "K"}},
			Journal: "Invented Mood Reports", Volume: "4", Pages: "e15",
		}},
		{"journals-ovid.txt", 2, 0, review.Record{
			SourceID: "00000000-000000000-00001.", Line: 2, Year: 2015,
			Title: "An invented trial of exercise.", Abstract: "An abstract about exercise.",
			Authors: []review.Author{{Family: "Berg", Given: "Anna"}, {Family: "Costa", Given: "Rui"}},
			Journal: "Journal of Tests", Volume: "8", Issue: "6", Pages: "1500-1510", DOI: "10.1000/jt.2015.8",
		}},
		{"journals-ovid.txt", 2, 1, review.Record{
			SourceID: "00000000-000000000-00002.", Line: 18, Year: 2016, Title: "Another invented trial.",
			Authors: []review.Author{{Family: "Lee", Given: "Chen"}},
			Journal: "Journal of Tests", Volume: "9", Issue: "1", Pages: "1-9",
		}},
		{"ovid-embase.txt", 1, 0, review.Record{
			SourceID: "29000001", PMID: "29000001", Line: 2, Year: 2018, Language: "english",
			Title:    "Exercise and depression: a cohort study",
			Abstract: "Background: Depression follows surgery. Method(s): A cohort of 300.",
			Authors:  []review.Author{{Family: "Smith", Given: "J."}, {Family: "Doe", Given: "A."}},
			Journal:  "Journal of Invented Surgery", Volume: "53", Issue: "5", Pages: "1012-1015",
			DOI: "10.1000/jis.2018.53",
		}},
	}
	for _, tt := range tests {
		es := readDisplay(t, tt.file)
		if len(es) != tt.n {
			t.Fatalf("%s: %d records, want %d", tt.file, len(es), tt.n)
		}
		got := es[tt.index].Record
		got.Raw = ""
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s record %d:\n got %+v\nwant %+v", tt.file, tt.index+1, got, tt.want)
		}
	}
	// The search strategy is no record: one warning on the first record
	// says so; the second record has none.
	es := readDisplay(t, "ovid-medline.txt")
	if w := es[0].Warnings; len(w) != 1 || !strings.Contains(w[0], "lines of text outside a record ignored, the first at line 1") {
		t.Errorf("warnings %q", w)
	}
	if w := es[1].Warnings; len(w) != 0 {
		t.Errorf("second record: warnings %q", w)
	}
	// The raw text is the record's own lines, from its first field's name.
	if raw := es[1].Record.Raw; !strings.HasPrefix(raw, "Unique Identifier\n  39000002\n") || !strings.HasSuffix(raw, "4:e15, 2023.") {
		t.Errorf("raw %q", raw)
	}
}
