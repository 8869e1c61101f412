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
		"unsp-article-number.ciw": {
			{Last: 16, Record: review.Record{SourceID: "WOS:000600000000001", Type: "J", Line: 3, Year: 2021,
				Title:   "Soil crusts after prescribed burning in dry grassland",
				Authors: []review.Author{{Family: "Okafor", Given: "Ngozi"}, {Family: "Lindqvist", Given: "Berit"}},
				Journal: "LAND DEGRADATION", Volume: "14", Issue: "2", Pages: "e0215", DOI: "10.1000/ld.2021.0215"}},
			{Last: 29, Record: review.Record{SourceID: "WOS:000600000000002", Type: "J", Line: 18, Year: 2022,
				Title:   "Seed banks of burnt heath",
				Authors: []review.Author{{Family: "Tanaka", Given: "Hiro"}},
				Journal: "LAND DEGRADATION", Volume: "15", Pages: "33-41"}},
		},
		"zoological-record.txt": {
			{Last: 20, Record: review.Record{SourceID: "ZOOREC:ZOOR00000000001", Type: "Article", Line: 3, Year: 2020,
				Title:   "Roost selection of a hypothetical owl in burnt pine stands.",
				Authors: []review.Author{{Family: "Moreau", Given: "Claire B."}, {Family: "Halvorsen", Given: "Ivar"}},
				Journal: "Example Ornithology", Volume: "88", Issue: "4", Pages: "210-219", Language: "english",
				Keywords: []string{"Strix exempla", "Strix alia [Habitat utilization / Roost selection, burnt stands / ] [Fire / Wildfire / ] [Norway / Example Forest / ]."}}},
			{Last: 34, Record: review.Record{SourceID: "ZOOREC:ZOOR00000000002", Type: "Article", Line: 22, Year: 1901,
				Title:   "A catalogue of the owls of an imaginary archipelago.",
				Authors: []review.Author{{Family: "Brandt", Given: "O."}},
				Journal: "Annals of Example Zoology", Volume: "xvii", Pages: "i-iv, 1-74", Language: "english",
				Keywords: []string{"Aves [Systematics / Catalogue, museum material / ] [Islands / / ]."}}},
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
