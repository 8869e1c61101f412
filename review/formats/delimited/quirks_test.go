package delimited

import (
	"bytes"
	"io"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/winnow-review/winnow/internal/formattest"
	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/formats"
)

// TestQuirks reads the fixtures of testdata/quirks against their table
// (counts and error lines), then checks the fields that show each quirk
// was read right.
func TestQuirks(t *testing.T) {
	files := formattest.Quirks(t, filepath.Join("testdata", "quirks"), func(r io.Reader, name string) formats.Reader {
		// The importer sniffs the delimiter from the file's first bytes.
		data, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		comma, ok := Sniff(string(data[:min(len(data), 64<<10)]))
		if !ok {
			comma = ','
		}
		return NewReader(bytes.NewReader(data), name, comma)
	})
	tests := []struct {
		file  string
		index int
		want  review.Record
	}{
		{"semicolon-excel.csv", 0, review.Record{
			SourceID: "444919", Line: 2, Title: `"Gescoopt" risico management`,
			Authors: []review.Author{{Family: "Jansen", Given: "H.J.M."}},
		}},
		{"semicolon-excel.csv", 1, review.Record{
			SourceID: "444920", Line: 3, Title: "Design collaboration and team working",
			Abstract: `Teams share a "model" of the building`, DOI: "10.1000/xyz",
			Authors: []review.Author{{Family: "Quanjel", Given: "E.M.C.J."}},
		}},
		{"unclosed-quote.csv", 0, review.Record{
			SourceID: "331575", Line: 2, Title: "Team design in practice", Abstract: "Fine",
			Authors: []review.Author{{Family: "Smith", Given: "J."}},
		}},
		{"scopus-quoted-newlines.csv", 0, review.Record{
			SourceID: "2-s2.0-85025466823", Type: "Article", Line: 2, Year: 2017,
			Title:    "EnTagRec++: An enhanced tag recommendation system",
			Abstract: "Software information sites help developers.\n\nWe propose EnTagRec++, which \"learns\" tags.\n© 2017 Springer",
			Authors:  []review.Author{{Family: "Wang", Given: "Shaowei"}, {Family: "Lo", Given: "David"}},
			Journal:  "Empirical Software Engineering", Volume: "22", Issue: "3", Pages: "1-33",
			DOI: "10.1007/s10664-017-9533-1",
		}},
		{"scopus-quoted-newlines.csv", 1, review.Record{
			SourceID: "2-s2.0-85031499980", Type: "Article in press", Line: 6, Year: 2017,
			Title: "Understanding fast answers in Q&A websites", Abstract: "A one-line abstract.",
			Authors: []review.Author{{Family: "Hassan", Given: "Ahmed E."}},
			Journal: "Empirical Software Engineering", DOI: "10.1007/s10664-017-9558-5",
		}},
		{"wos-tab-delimited.txt", 0, review.Record{
			SourceID: "WOS:000000000000011", Type: "J", Line: 2, Year: 2019,
			Title:    `The "best" of both worlds: a review`,
			Abstract: `An abstract with a "quote in it.`,
			Authors:  []review.Author{{Family: "Smith", Given: "J"}, {Family: "Jones", Given: "K"}},
			Journal:  "JOURNAL OF REVIEWS", DOI: "10.1000/jr.1",
		}},
		{"wos-tab-delimited.txt", 1, review.Record{
			SourceID: "WOS:000000000000012", Type: "J", Line: 3, Year: 2020,
			Title: `18" pipe fittings in irrigation`, Abstract: "Another abstract.",
			Authors: []review.Author{{Family: "Lee", Given: "C"}}, Journal: "WATER",
		}},
		{"spreadsheet-quoted.tsv", 0, review.Record{
			Line: 2, Year: 2019, Title: "Exercise for knee pain",
			Abstract: "First paragraph.\nSecond paragraph, with a tab.",
			Authors:  []review.Author{{Family: "Smith", Given: "J"}},
		}},
		{"spreadsheet-quoted.tsv", 1, review.Record{
			Line: 4, Year: 2021, Title: "Yoga for back pain", Abstract: "Plain cell.",
			Authors: []review.Author{{Family: "Jones", Given: "K"}},
		}},
	}
	for _, tt := range tests {
		f := files[tt.file]
		if f == nil || tt.index >= len(f.Entries) {
			t.Errorf("%s has no record %d", tt.file, tt.index+1)
			continue
		}
		got := f.Entries[tt.index].Record
		got.Raw = ""
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s record %d:\n got %+v\nwant %+v", tt.file, tt.index+1, got, tt.want)
		}
		if w := f.Entries[tt.index].Warnings; len(w) > 0 {
			t.Errorf("%s record %d: warnings %q", tt.file, tt.index+1, w)
		}
	}
}
