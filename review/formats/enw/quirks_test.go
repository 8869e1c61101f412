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
		"refer-without-type.enw": {
			{Last: 5, Record: review.Record{
				Line: 1, Year: 1978, Issue: "69", Title: "Some applications of inverted indexes on the UNIX system",
				Authors: []review.Author{{Family: "Lesk", Given: "Michael E."}}, Journal: "Computing Science Technical Report",
			}},
			{Last: 14, Record: review.Record{
				Line: 7, Year: 1974, Volume: "17", Issue: "7", Pages: "365-375", Title: "The UNIX time-sharing system",
				Authors: []review.Author{{Family: "Ritchie", Given: "Dennis M."}, {Family: "Thompson", Given: "Ken"}},
				Journal: "Communications of the ACM",
			}},
		},
		"endnote-bom-crlf.enw": {
			{Last: 4, Record: review.Record{
				Type: "Journal Article", Line: 1, Year: 2020, Title: "Greek authors in an EndNote export",
				Authors: []review.Author{{Family: "Παπαδόπουλος", Given: "Γιώργος"}},
			}},
			{Last: 9, Record: review.Record{
				Type: "Journal Article", Line: 6, Year: 2021, Title: "A second record",
				Authors: []review.Author{{Family: "Smith", Given: "Anna"}},
			}},
		},
		"endnote-mac-roman.enw": {
			{Last: 6, Record: review.Record{
				Type: "Journal Article", Line: 1, Year: 1998, Title: "Café society and naïve ageing",
				Authors: []review.Author{{Family: "Müller", Given: "Jürgen"}}, Journal: "Revue française de gérontologie",
				Keywords: []string{"soins à domicile"},
			}},
			{Last: 11, Record: review.Record{
				Type: "Journal Article", Line: 8, Year: 1999, Title: "Don’t move: staying home at ninety",
				Authors: []review.Author{{Family: "García", Given: "Ana"}},
			}},
		},
		"joined-utf8-and-windows.enw": {
			{Last: 4, Record: review.Record{
				Type: "Journal Article", Line: 1, Year: 2019, Title: "Café society: the UTF-8 part",
				Authors: []review.Author{{Family: "Müller", Given: "Jürgen"}},
			}},
			{Last: 9, Record: review.Record{
				Type: "Journal Article", Line: 6, Year: 2020, Title: "Naïve “models”: the Windows part",
				Authors: []review.Author{{Family: "Ørsted", Given: "Søren"}},
			}},
		},
		"keywords-outnumber-tags.enw": {
			{Last: 20, Record: review.Record{
				Type: "Journal Article", Line: 1, Year: 2018, Title: "Falls prevention in care homes",
				Authors:  []review.Author{{Family: "Okafor", Given: "Grace"}},
				Keywords: []string{"ageing", "aged, 80 and over", "care homes", "falls", "accidental falls/prevention & control", "exercise therapy", "balance", "gait", "hip fractures", "frailty", "nursing homes", "residential facilities", "randomized controlled trials", "cluster analysis", "quality of life", "cost-benefit analysis"},
			}},
			{Last: 41, Record: review.Record{
				Type: "Journal Article", Line: 22, Year: 2019, Title: "Home visits after discharge",
				Authors:  []review.Author{{Family: "Lind", Given: "Per"}},
				Keywords: []string{"home care services", "patient discharge", "aftercare", "readmission", "heart failure", "telemedicine", "nurse-led care", "self care", "caregivers", "transitional care", "primary health care", "community health services", "continuity of patient care", "mortality", "length of stay", "outcome assessment"},
			}},
		},
	}
	for file, want := range tests {
		t.Run("records of "+file, func(t *testing.T) {
			files[file].Check(t, want)
		})
	}
}
