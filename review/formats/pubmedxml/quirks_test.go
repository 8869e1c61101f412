package pubmedxml

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
		{"other-abstract.xml", 0, review.Record{
			SourceID: "33264556", PMID: "33264556", Year: 2020, Volume: "396", Issue: "10265", Line: 4, Pages: "1845-1856",
			Title: "Nurse-led follow-up.", Abstract: "English abstract.", Journal: "Lancet (London, England)",
			Authors: []review.Author{{Family: "Okafor", Given: "Grace"}}, DOI: "10.1016/s0140-6736(20)32300-0",
			ISSN: "1474-547X", Language: "eng",
		}},
		{"other-abstract.xml", 1, review.Record{
			SourceID: "791540", PMID: "791540", Year: 1976, Volume: "12", Line: 5,
			Title: "[Ethics of informed consent].", Abstract: "An English summary written by the indexers.",
			Journal: "Revista medica de Chile", Language: "spa",
		}},
		{"inline-markup.xml", 0, review.Record{
			SourceID: "30352852", PMID: "30352852", Year: 2018, Volume: "115", Issue: "45", Line: 4,
			Title:    "Evolutionarily conserved Tbx5-Wnt2/2b pathway orchestrates cardiopulmonary development.",
			Abstract: "Loss of Tbx5 in mice disrupts lung and heart development.",
			Journal:  "Proceedings of the National Academy of Sciences of the United States of America",
		}},
		{"inline-markup.xml", 1, review.Record{
			SourceID: "30637502", PMID: "30637502", Year: 2019, Line: 17, Journal: "Clinical nuclear medicine",
			Title: "Predicting Locally Advanced Rectal Cancer Response to Neoadjuvant Therapy With 18F-FDG PET and MRI Radiomics Features.",
		}},
		{"structured-abstract.xml", 0, review.Record{
			SourceID: "27000001", PMID: "27000001", Year: 2016, Line: 3, Journal: "Am J Case Rep",
			Title:    "Uterus didelphys with hematometra: a case report.",
			Abstract: "BACKGROUND: Müllerian anomalies encompass a wide variety of malformations.\nCASE REPORT: We report the case of a 16-year-old female.\nCONCLUSIONS: Imaging made the diagnosis.",
		}},
		{"medline-date.xml", 0, review.Record{
			SourceID: "2375", PMID: "2375", Year: 1975, Volume: "12", Line: 3, Journal: "Nursing research",
			Title: "A seasonal issue dated by MedlineDate.",
		}},
		{"medline-date.xml", 1, review.Record{
			SourceID: "32108", PMID: "32108", Year: 1978, Line: 12, Journal: "Health services research",
			Title: "A span of years in MedlineDate.",
		}},
		{"delete-citation.xml", 0, review.Record{
			SourceID: "28005260", PMID: "28005260", Year: 2017, Line: 3, Journal: "Update file journal",
			Title: "The one article of an update file.",
		}},
		{"not-available-title.xml", 0, review.Record{
			SourceID: "11631630", PMID: "11631630", Year: 1970, Line: 4, Language: "ger",
			Title: "Ein Grab aus der Bronzezeit.", Journal: "Ausgrabungen und Funde",
		}},
		{"not-available-title.xml", 1, review.Record{
			SourceID: "11631631", PMID: "11631631", Year: 1971, Line: 20, Language: "ger",
			Title: "[Burial customs in the Bronze Age].", Journal: "Ausgrabungen und Funde",
		}},
		{"efetch-batches.xml", 1, review.Record{
			SourceID: "40000002", PMID: "40000002", Year: 2022, Line: 18,
			Title: "First batch, second record.", Journal: "Journal of batches",
		}},
		{"efetch-batches.xml", 2, review.Record{
			SourceID: "40000003", PMID: "40000003", Year: 2023, Line: 36,
			Title: "Second batch, only record.", Journal: "Journal of batches",
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
