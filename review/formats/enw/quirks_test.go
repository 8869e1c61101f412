package enw

import (
	"path/filepath"
	"testing"

	"github.com/winnow-review/winnow/internal/formattest"
	"github.com/winnow-review/winnow/review"
)

// TestQuirks reads the fixtures of testdata/quirks against their table
// (counts and error lines), then checks each record whole.
func TestQuirks(t *testing.T) {
	files := formattest.Quirks(t, filepath.Join("testdata", "quirks"), newReader)
	tests := map[string][]formattest.Want{
		"ojs-export.enw": {{Last: 19, Record: review.Record{
			Type: "Journal Article", Line: 1, Year: 2016, Volume: "24", Issue: "3",
			// %P holds OJS's page count: kept as written.
			Pages:    "10",
			Title:    "Teaching statistics with open data",
			Abstract: "We describe a course built on open data sets.",
			Authors:  []review.Author{{Family: "Doe", Given: "Jane"}, {Family: "Roe", Given: "Richard"}},
			Journal:  "Journal of Statistics Education", DOI: "10.1080/10691898.2016.1234567", ISSN: "1069-1898",
			Keywords: []string{"open data, statistics education"},
			URL:      "https://journal.example.org/index.php/jse/article/view/123",
		}}},
		"multiline-fields.enw": {
			{Last: 10, Record: review.Record{
				Type: "Journal Article", Line: 1, Year: 2019, Title: "Keywords exported one per line",
				Authors: []review.Author{{Family: "Brown", Given: "Lee"}}, Journal: "Journal of Tests",
				Keywords: []string{"exercise", "physiotherapy", "knee pain"},
			}},
			{Last: 15, Record: review.Record{
				Type: "Journal Article", Line: 12, Year: 2020, Title: "A second record",
				Authors: []review.Author{{Family: "Green", Given: "Kim"}},
			}},
		},
	}
	for file, want := range tests {
		t.Run("records of "+file, func(t *testing.T) {
			files[file].Check(t, want)
		})
	}
}
