package medline

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
		"continuation-looks-like-tag.nbib": {{Last: 16, Record: review.Record{
			SourceID: "31376469", PMID: "31376469", Line: 1, Year: 2019, Pages: "2186-2196",
			Title:    "Outcomes of Hematopoietic Cell Transplantation in Patients with Germline AU - MD9/SAMD9L Mutations.",
			Abstract: "Germline mutations in SAMD9 and SAMD9L genes cause MIRAGE syndrome. A patient with SAMD9L-associated MDS died of diffuse alveolar hemorrhage.",
			Authors:  []review.Author{{Family: "Ahmed", Given: "Ibrahim A"}},
			Journal:  "Biology of blood and marrow transplantation", DOI: "10.1016/j.bbmt.2019.07.007",
		}}},
		"pubmed-web-save.nbib": {{Last: 29, Record: review.Record{
			SourceID: "24034244", PMID: "24034244", Line: 2, Type: "Journal Article", Year: 2013,
			Title:    "The regulation of cell size.",
			Abstract: "An adult animal consists of cells of vastly different size and activity, but the regulation of cell size remains poorly understood.",
			Authors:  []review.Author{{Family: "Lloyd", Given: "Alison C"}},
			Journal:  "Cell", Volume: "154", Issue: "6", Pages: "1194-205", DOI: "10.1016/j.cell.2013.08.053",
			ISSN: "1097-4172; 0092-8674", Language: "eng",
			Keywords: []string{"Animals", "Motorcycles/classification/legislation & jurisprudence/*statistics & numerical data"},
		}}},
		"ovid-blank-lines.txt": {{Last: 13, Record: review.Record{
			SourceID: "ZOOR00000000001", Line: 2, Year: 2009, Language: "english", Database: "Zoological Record",
			Title:   "An invented checklist of spiders of the Kuril Islands",
			Authors: []review.Author{{Family: "Marusik", Given: "YM"}},
		}}, {Last: 24, Record: review.Record{
			SourceID: "Book: 2011-00000-001.", Line: 16, Year: 2012, Database: "PsycINFO",
			Title: "Understanding and tackling an invented habit.", Abstract: "An invented abstract.",
			Authors: []review.Author{{Family: "Neenan", Given: "Michael"}},
		}}},
		"ovid-indented.txt": {{Last: 23, Record: review.Record{
			SourceID: "Peer Reviewed Journal: 2015-00000-012.", PMID: "24000001", Line: 2, Year: 2015, Language: "english",
			Database: "PsycINFO", Title: "An invented comparison of reassurance seeking in two groups.",
			Abstract: "An invented abstract, written on two lines as Ovid wraps them.",
			Authors:  []review.Author{{Family: "Kobori", Given: "Osamu"}, {Family: "Iyo", Given: "Masaomi"}},
			Journal:  "Invented Journal of Psychotherapy", Volume: "43", Issue: "5", Pages: "623-634", ISSN: "1352-4658",
			Keywords: []string{"*Invented Heading"},
		}}, {Last: 33, Record: review.Record{
			SourceID: "01445365-201506000-00011.", Line: 26, Year: 2015, Database: "Journals@Ovid",
			Title: "Invented injuries at sea.", Abstract: "Another invented abstract.",
			Authors: []review.Author{{Family: "Lefkowitz", Given: "Rafael Y."}},
			Journal: "American Journal of Invented Medicine", Volume: "58", Issue: "6", Pages: "688-696", DOI: "10.1002/invented.22459",
		}}, {Last: 42, Record: review.Record{
			SourceID: "Dissertation Abstract: 2014-00000-257.", Line: 36, Year: 2014, Database: "PsycINFO",
			Title: "An invented dissertation.", Authors: []review.Author{{Family: "Sudler", Given: "Eric L"}},
			Journal: "Invented Dissertation Abstracts International", Volume: "75", Issue: "2-A(E)",
		}}},
		"single-record-no-end.nbib": {{Last: 8, Record: review.Record{
			SourceID: "27069645", PMID: "27069645", Line: 1, Year: 2016, Journal: "Journal of tests",
			Title:   "A single record saved from PubMed, with no blank line or end tag after it.",
			Authors: []review.Author{{Family: "Smith", Given: "J"}},
		}}},
		"ftp-ascii-crcrlf.nbib": {{Last: 9, Record: review.Record{
			SourceID: "30000001", PMID: "30000001", Line: 1, Year: 2018, Language: "eng",
			Title:   "Falls prevention in care homes: a cluster trial.",
			Authors: []review.Author{{Family: "Okafor", Given: "Grace"}}, Journal: "Age and ageing",
		}}, {Last: 19, Record: review.Record{
			SourceID: "30000002", PMID: "30000002", Line: 11, Year: 2019, Language: "eng",
			Title:   "Home visits after discharge.",
			Authors: []review.Author{{Family: "Lind", Given: "Per"}}, Journal: "BMC geriatrics",
		}}},
		"not-available-title.nbib": {{Last: 10, Record: review.Record{
			SourceID: "11631630", PMID: "11631630", Line: 1, Year: 1970, Pages: "1-4", Language: "ger",
			Type: "Journal Article", Title: "Ein Grab aus der Bronzezeit.", Journal: "Ausgrabungen und Funde",
		}}, {Last: 18, Record: review.Record{
			SourceID: "11631631", PMID: "11631631", Line: 12, Year: 1971, Language: "ger",
			Title: "[Burial customs in the Bronze Age].", Journal: "Ausgrabungen und Funde",
		}}},
		"bookshelf-chapter.nbib": {{Last: 18, Record: review.Record{
			SourceID: "20301608", PMID: "20301608", Line: 1, Year: 1993, Language: "eng", Type: "Review",
			Title: "Alpha-Thalassemia", Journal: "GeneReviews(R)",
			Abstract: "Alpha-thalassemia has two clinically significant forms.",
			Authors:  []review.Author{{Family: "Tamary", Given: "Hannah"}},
		}}},
		"joined-with-bom.nbib": {{Last: 7, Record: review.Record{
			SourceID: "31000001", PMID: "31000001", Line: 1, Year: 2020, Title: "First file, first record.",
			Authors: []review.Author{{Family: "Berg", Given: "Anna"}}, Journal: "Journal one",
		}}, {Last: 15, Record: review.Record{
			SourceID: "31000002", PMID: "31000002", Line: 9, Year: 2021, Title: "Second file, first record.",
			Authors: []review.Author{{Family: "Costa", Given: "Rui"}}, Journal: "Journal two",
		}}},
		"nul-padded.nbib": {{Last: 7, Record: review.Record{
			SourceID: "32000001", PMID: "32000001", Line: 1, Year: 2022,
			Title:   "A title with a stray NUL after a word, as a crashed copy leaves.",
			Authors: []review.Author{{Family: "Diaz", Given: "Lucia"}}, Journal: "Journal three",
		}}, {Last: 15, Record: review.Record{
			SourceID: "32000002", PMID: "32000002", Line: 9, Year: 2022, Title: "The record before the padding.",
			Authors: []review.Author{{Family: "Eze", Given: "Obi"}}, Journal: "Journal three",
		}}},
		"other-abstract.nbib": {{Last: 10, Record: review.Record{
			SourceID: "791540", PMID: "791540", Line: 1, Year: 1976, Language: "spa",
			Title: "[Ethics of informed consent].", Journal: "Revista medica de Chile",
			Abstract: "An English summary written by the indexers, wrapped onto a second line.",
		}}, {Last: 21, Record: review.Record{
			SourceID: "33264556", PMID: "33264556", Line: 12, Year: 2020, Language: "eng",
			Title: "Nurse-led follow-up.", Abstract: "English abstract.", Journal: "Lancet",
		}}},
		"ovid-medline-structured-abstract.txt": {{Last: 29, Record: review.Record{
			SourceID: "33264556", PMID: "33264556", Line: 2, Type: "Journal Article", Year: 2020, Database: "Ovid MEDLINE(R) ALL",
			Title:    "Nurse-led follow-up after discharge for heart failure: a randomised trial.",
			Abstract: "BACKGROUND: Readmission after heart failure is common. METHODS: We randomly assigned 412 patients to nurse-led follow-up or usual care. FINDINGS: Readmission fell from 31% to 22% at 90 days. INTERPRETATION: Nurse-led follow-up is worth offering.",
			Authors:  []review.Author{{Family: "Okafor", Given: "Grace N"}, {Family: "Lind", Given: "Per"}},
			Journal:  "Lancet", Volume: "396", Issue: "10265", Pages: "1845-1856", DOI: "10.1016/s0140-6736(20)32300-0",
			ISSN: "0140-6736", Language: "english", Keywords: []string{"heart failure", "readmission", "nursing"},
		}}, {Last: 44, Record: review.Record{
			SourceID: "2012345678", Line: 32, Year: 2020, Database: "Embase", Language: "english",
			Title:    "Tele-monitoring in heart failure: a cohort study.",
			Abstract: "OBJECTIVE: To describe tele-monitoring in routine care. DESIGN: Cohort study of 1,204 patients. RESULTS: Contacts rose and admissions fell. CONCLUSIONS: Tele-monitoring can be run in routine care.",
			Authors:  []review.Author{{Family: "Berg", Given: "Anna"}}, Journal: "European Journal of Heart Failure",
		}}},
		"ovid-embase-source-line.txt": {{Last: 20, Record: review.Record{
			SourceID: "2018000001", Line: 2, Type: "Article", Year: 2018, Database: "Embase", Language: "english",
			Title:    "Pain after day-case hernia repair in an invented hospital.",
			Abstract: "Background: Pain after day-case repair is common. Method(s): We asked 120 patients on day 1 and day 7. Result(s): Pain fell by half within the week. Conclusion(s): Day-case repair need not mean more pain.",
			Authors:  []review.Author{{Family: "Haddad", Given: "R."}, {Family: "Nilsen", Given: "K.A."}},
			Journal:  "Journal of Invented Surgery", Volume: "53", Issue: "5", Pages: "1012-1015",
			DOI: "10.1000/jis.2018.05.012", ISSN: "0022-0000", Keywords: []string{"hernia", "*postoperative pain"},
		}}, {Last: 36, Record: review.Record{
			SourceID: "2018000002", Line: 23, Type: "Conference Abstract", Year: 2018, Database: "Embase", Language: "english",
			Title:    "Quality of life with an invented rare disease: a systematic review.",
			Abstract: "Background: Little is known. Method(s): We searched five databases. Conclusion(s): More research is needed.",
			Authors:  []review.Author{{Family: "Solberg", Given: "T."}},
			Journal:  "Invented Proceedings", Volume: "12", Issue: "Supplement 3", ISSN: "1753-0000",
		}}},
	}
	for file, want := range tests {
		t.Run("records of "+file, func(t *testing.T) {
			files[file].Check(t, want)
		})
	}
}
