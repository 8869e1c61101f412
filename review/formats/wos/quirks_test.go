package wos

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
		"wrapped-keywords.ciw": {{Last: 21, Record: review.Record{
			SourceID: "WOS:000425000000001", Type: "J", Line: 3, Year: 2018, Volume: "95", Pages: "1-12",
			Title:   "Sentiment analysis of product reviews with graph based keyword extraction",
			Authors: []review.Author{{Family: "Alvarez", Given: "Juan"}},
			Journal: "EXPERT SYSTEMS WITH APPLICATIONS", DOI: "10.1016/j.eswa.2017.11.001",
			Keywords: []string{"Sentiment analysis", "Keyword extraction", "Graph based model", "Centrality measure", "Text mining",
				"SENTIMENT ANALYSIS", "KEYWORD EXTRACTION", "GRAPH BASED MODEL", "CENTRALITY MEASURE", "TEXT MINING"},
		}}},
		"group-author.ciw": {{Last: 13, Record: review.Record{
			SourceID: "WOS:000316000000001", Type: "J", Line: 3, Year: 2013,
			Title:   "Prevalence of dementia subtypes in a developing country",
			Authors: []review.Author{{Family: "Grinberg", Given: "Lea T."}, {Family: "Nitrini", Given: "Ricardo"}, {Family: "Brazilian Aging Brain Study Grp"}},
			Journal: "DEMENTIA AND GERIATRIC COGNITIVE DISORDERS",
		}}},
		"concatenated-files.txt": {
			{Last: 8, Record: review.Record{SourceID: "WOS:000000000000001", Type: "J", Line: 3, Year: 2020,
				Title: "First file, first record", Authors: []review.Author{{Family: "Smith", Given: "A"}}}},
			{Last: 18, Record: review.Record{SourceID: "WOS:000000000000002", Type: "J", Line: 13, Year: 2021,
				Title: "Second file, first record", Authors: []review.Author{{Family: "Jones", Given: "B"}}}},
			{Last: 25, Record: review.Record{SourceID: "WOS:000000000000003", Type: "J", Line: 20, Year: 2022,
				Title: "Second file, second record", Authors: []review.Author{{Family: "Lee", Given: "C"}}}},
		},
		"joined-savedrecs-boms.txt": {
			{Last: 8, Record: review.Record{SourceID: "WOS:000000000000011", Type: "J", Line: 3, Year: 2019,
				Title: "Savedrecs one, only record", Authors: []review.Author{{Family: "Müller", Given: "J"}}}},
			{Last: 18, Record: review.Record{SourceID: "WOS:000000000000012", Type: "J", Line: 13, Year: 2020,
				Title: "Savedrecs two, only record", Authors: []review.Author{{Family: "Ørsted", Given: "S"}}}},
		},
		"wok-bom-crlf.isi": {{Last: 9, Record: review.Record{
			SourceID: "WOS:000300000000001", Type: "J", Line: 3, Year: 2012,
			Title:   "A Web of Knowledge export with a BOM and CRLF line ends",
			Authors: []review.Author{{Family: "Chen", Given: "W"}}, Journal: "JOURNAL OF TESTS",
		}}},
	}
	for file, want := range tests {
		t.Run("records of "+file, func(t *testing.T) {
			files[file].Check(t, want)
		})
	}
}
