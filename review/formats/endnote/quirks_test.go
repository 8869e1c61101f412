package endnote

import (
	"path/filepath"
	"reflect"
	"testing"

	"github.com/winnow-review/winnow/internal/formattest"
	"github.com/winnow-review/winnow/review"
)

// TestQuirks reads the fixtures of testdata/quirks against their table
// (counts and error lines), then checks the fields that show each quirk
// was read right.
func TestQuirks(t *testing.T) {
	files := formattest.Quirks(t, filepath.Join("testdata", "quirks"), newReader)
	tests := []struct {
		file  string
		index int
		want  review.Record
	}{
		{"style-runs-split-word.xml", 0, review.Record{
			SourceID: "1", Type: "Journal Article", Line: 1, Year: 2020,
			Title: "Therapy of Staphylococcus aureus infection", Abstract: "We treated 2nd line cases.",
			Authors: []review.Author{{Family: "Okafor", Given: "G. N."}}, Journal: "Lancet",
		}},
		{"journal-in-two-places.xml", 0, review.Record{
			SourceID: "42", Type: "Journal Article", Line: 1, Year: 1892, Volume: "30", Pages: "12-19",
			Title:   "Notes on Cypripedium in Britain",
			Authors: []review.Author{{Family: "Britten", Given: "James"}},
			Journal: "Journal of Botany, British and Foreign",
		}},
		{"journal-in-two-places.xml", 1, review.Record{
			SourceID: "43", Type: "Journal Article", Line: 1, Year: 2011,
			Title:    "Surrogate habitats demonstrate invasion potential",
			Authors:  []review.Author{{Family: "Hoffmann", Given: "B. D."}},
			Journal:  "Zootaxa",
			Keywords: []string{"invasion", "ants"},
		}},
		{"ref-type-number.xml", 0, review.Record{
			Type: "17", Line: 4, Year: 2015,
			Title:   "Risk of bias in reports of in vivo research: a focus for improvement",
			Authors: []review.Author{{Family: "Macleod", Given: "Malcolm R."}},
			Journal: "PLoS Biology", DOI: "10.1371/journal.pbio.1002273",
		}},
		{"ref-type-number.xml", 1, review.Record{
			Type: "47", Line: 20, Year: 2014, Title: "Stroke & neuroprotection: a conference paper",
		}},
		{"declared-utf16-saved-utf8.xml", 0, review.Record{
			SourceID: "1", Type: "Journal Article", Line: 4, Year: 2019, Title: "Café society in ageing cities",
			Authors: []review.Author{{Family: "Müller", Given: "Jürgen"}}, Journal: "Revue française",
		}},
		{"declared-utf16-saved-utf8.xml", 1, review.Record{
			SourceID: "2", Type: "Journal Article", Line: 20, Year: 2020, Title: "Naïve models of care",
			Authors: []review.Author{{Family: "Müller", Given: "Jürgen"}}, Journal: "Revue française",
		}},
		{"utf16-with-bom.xml", 1, review.Record{
			SourceID: "2", Type: "Journal Article", Line: 20, Year: 2020, Title: "Naïve models of care",
			Authors: []review.Author{{Family: "Müller", Given: "Jürgen"}}, Journal: "Revue française",
		}},
		{"latin1-declared.xml", 0, review.Record{
			SourceID: "1", Type: "Journal Article", Line: 4, Year: 2019, Title: "Café society in ageing cities",
			Authors: []review.Author{{Family: "Müller", Given: "Jürgen"}}, Journal: "Revue française",
		}},
		{"word-control-characters.xml", 0, review.Record{
			SourceID: "1", Type: "Journal Article", Line: 4, Year: 2018, Title: "Pasted from Word: vertical tab and form feed",
			Abstract: "First paragraph.\nSecond paragraph after a line break.",
			Authors:  []review.Author{{Family: "Müller", Given: "Jürgen"}}, Journal: "Revue française",
		}},
		{"word-control-characters.xml", 1, review.Record{
			SourceID: "2", Type: "Journal Article", Line: 21, Year: 2018, Title: "The record after it",
			Authors: []review.Author{{Family: "Müller", Given: "Jürgen"}}, Journal: "Revue française",
		}},
		{"authors-in-one-element.xml", 0, review.Record{
			Type: "Journal Article", Line: 4, Year: 2018,
			Title: "African swine fever: a re-emerging viral disease threatening the global pig industry",
			Authors: []review.Author{{Family: "Sánchez-Cordón", Given: "Pedro J."}, {Family: "Montoya", Given: "Maria"},
				{Family: "Reis", Given: "Ana Luisa"}, {Family: "Dixon", Given: "Linda K."}},
			Journal: "The Veterinary Journal",
		}},
		{"authors-in-one-element.xml", 1, review.Record{
			Type: "Report", Line: 19, Year: 2021, Title: "A group author stays one author",
			Authors: []review.Author{{Family: "Department of Health and Social Care"}},
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
	}
}
