package importer

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"golang.org/x/text/encoding/unicode"

	"github.com/winnow-review/winnow/review/formats"
)

// TestDetectQuirks checks format detection on the bytes of exports whose
// shape misleads a first-line or file-name guess: the file is sniffed and
// decoded as the importer does, then detected from its content alone.
func TestDetectQuirks(t *testing.T) {
	utf16 := func(s string, bom bool) []byte {
		policy := unicode.IgnoreBOM
		if bom {
			policy = unicode.UseBOM
		}
		b, _ := unicode.UTF16(unicode.LittleEndian, policy).NewEncoder().Bytes([]byte(s))
		return b
	}
	var keywords strings.Builder
	for i := range 3 {
		keywords.WriteString("%0 Journal Article\n%A Smith, J\n%T Title " + string(rune('A'+i)) + "\n%D 2020\n%K first keyword\n")
		for j := range 20 {
			keywords.WriteString("keyword " + string(rune('a'+j)) + "\n")
		}
		keywords.WriteString("%X An abstract.\n\n")
	}
	nbib := "PMID- 1\nOWN - NLM\nTI  - One.\nDP  - 2020\nJT  - J\n\n"
	tests := []struct {
		name  string
		in    []byte
		want  formats.Format
		comma rune
	}{
		{"EndNote tagged with a keyword on each line", []byte(keywords.String()), formats.ENW, 0},
		{"Web of Science with a tab after each tag", []byte("FN\tClarivate Analytics Web of Science\nVR\t1.0\nPT\tJ\nAU\tSmith, J\nTI\tA title\nER\n\nEF\n"), formats.WoS, 0},
		{"Web of Science plain text without its FN header", []byte("PT J\nAU Smith, J\nTI A title\nPY 2020\nER\n\nPT J\nAU Doe, J\nTI Another\nER\n"), formats.WoS, 0},
		{"two PubMed saves joined, each with a BOM", []byte("\ufeff" + nbib + "\ufeff" + strings.Replace(nbib, "PMID- 1", "PMID- 2", 1)), formats.MEDLINE, 0},
		{"RIS with a tab before each dash", []byte("TY\t- JOUR\nTI\t- A title\nER\t- \n"), formats.RIS, 0},
		{"RIS with no space before each dash", []byte("TY- JOUR\nTI- A title\nER- \n"), formats.RIS, 0},
		{"RIS with three spaces before each dash", []byte("TY   - JOUR\nTI   - A title\nER   - \n"), formats.RIS, 0},
		{"RIS in UTF-16 without a BOM", utf16("TY  - JOUR\nTI  - Café\nER  - \n", false), formats.RIS, 0},
		{"Excel's Unicode Text", utf16("Title\tAuthors\tYear\r\nA study\tSmith, J\t2020\r\n", true), formats.TSV, '\t'},
		{"Excel's sep= line", []byte("sep=;\r\nTitle;Authors;Year\r\nA study;Smith, J;2020\r\n"), formats.CSV, ';'},
		{"Ovid's tagged export (no PMID-, JT or FAU)", []byte("<1>\nVN  - Ovid Technologies\nDB  - Embase\nAN  - 1\nTI  - One\nAB  - OBJECTIVE: x.\n\n<2>\nVN  - Ovid Technologies\nDB  - Embase\nAN  - 2\nTI  - Two\n\n"), formats.MEDLINE, 0},
		{"Ovid's tagged export without VN lines (records start at UI)", []byte("<1>\nUI  - 31234567\nTI  - One\nSO  - J. 1(2):3-4, 2020\nAB  - x.\n\n<2>\nUI  - 31234568\nTI  - Two\nSO  - J\n\n"), formats.MEDLINE, 0},
		{"RIS from old EndNote for Mac: Mac Roman, CR line ends", []byte("TY  - JOUR\rTI  - Caf\x8e society\rER  - \r"), formats.RIS, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			info, err := formats.Sniff(bytes.NewReader(tt.in))
			if err != nil || info.Binary {
				t.Fatalf("sniff: %v, binary %v", err, info.Binary)
			}
			got, comma, err := Detect("x.txt", info.Sample)
			if err != nil || got != tt.want || comma != tt.comma {
				t.Errorf("detected %q %q (%v), want %q %q", got, comma, err, tt.want, tt.comma)
			}
		})
	}
	// Prose whose paragraphs happen to start with a percent sign is not
	// EndNote: most of its blocks start untagged.
	prose := "%A is the first line of one paragraph\nand more prose.\n\nA paragraph of plain text.\n\nAnother one.\n\n%B another\nline of prose\n\nEnd.\n"
	if f, _, err := Detect("prose.txt", prose); err == nil {
		t.Errorf("prose detected as %s", f)
	}
}

// TestDetectIdentifierList checks that a list of PMIDs or DOIs, one a line
// (kept by search tools to fetch records by), is refused as what it is,
// not as a format winnow cannot tell, and that other text is not taken
// for one.
func TestDetectIdentifierList(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"PMIDs", "30000001\r\n30000002\r\n\r\n123\r\n", "a list of 3 PMIDs, one a line, not an export of records"},
		{"DOIs and links", "10.1000/abc.1\nhttps://doi.org/10.1000/abc.2\n", "a list of 2 DOIs, one a line"},
		{"both", "\ufeff30000001\n10.1000/abc.1\n", "a list of 2 PMIDs and DOIs"},
		{"prose with a number", "30000001\nThis line is a sentence.\n", "cannot tell the format"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Detect("ids.txt", tt.in)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !errors.Is(err, formats.ErrUnknownFormat) {
				t.Errorf("got %v, want %q", err, tt.want)
			}
		})
	}
}

// TestDetectPubMedText checks that PubMed's text display (saved with
// Format: Abstract or Summary) is refused as what it is, with how to save
// it as an export.
func TestDetectPubMedText(t *testing.T) {
	abstract := "\n1. J Test. 2018 Nov;226:89-96. doi: 10.1000/x.1.\n\nA title.\n\nSmith J(1).\n\nAuthor information: \n(1)Somewhere.\n\n" +
		"An abstract.\n\nDOI: 10.1000/x.1 \nPMID: 30000001  [Indexed for MEDLINE]\n"
	summary := "1: Smith J, Lee C. A title. J Test. 2018;12(3):4-5. doi: 10.1000/x.1. PubMed PMID: 30000001.\n\n" +
		"2: Berg A. Another. J Test. 2019;13:1. PMID: 30000002.\n"
	for name, in := range map[string]string{"abstract": abstract, "summary": summary} {
		_, _, err := Detect("pubmed_result.txt", in)
		if err == nil || !strings.Contains(err.Error(), "PubMed's text display") || !strings.Contains(err.Error(), "Format: PubMed") {
			t.Errorf("%s: got %v", name, err)
		}
	}
	// A numbered list without PMIDs is not it.
	if _, _, err := Detect("notes.txt", "1. First point of a list.\n2. Second point.\n"); err == nil || strings.Contains(err.Error(), "PubMed") {
		t.Errorf("numbered list: got %v", err)
	}
}

// TestDetectReferenceList checks that a reference list printed in an
// author-date style is refused as what it is, and that prose is not.
func TestDetectReferenceList(t *testing.T) {
	list := "\ufeffBerg, A. (2019). An invented package. \r\nCosta, R., & Lee, C. (2011). Invented dates. Journal of Tests, 40(3), 1-25. \r\n" +
		"Doe, J. (n.d.). Undated. \r\nSmith, J. (2020a). Another. Publisher. \r\n"
	_, _, err := Detect("library.txt", list)
	if err == nil || !strings.Contains(err.Error(), "a formatted reference list") || !errors.Is(err, formats.ErrUnknownFormat) {
		t.Errorf("reference list: got %v", err)
	}
	prose := "This study (2019) found more.\nSmith, who wrote it (see below), agreed.\nA third line.\n"
	if _, _, err := Detect("notes.txt", prose); err == nil || strings.Contains(err.Error(), "reference list") {
		t.Errorf("prose: got %v", err)
	}
}

// TestDetectOvidDisplay checks that Ovid's display layout, saved as text
// when no export format is chosen, is told from Ovid's tagged export.
func TestDetectOvidDisplay(t *testing.T) {
	in := "<1>\nAccession Number\n  00000000-000000000-00001.\nAuthor\n  Berg, Anna 1;  Costa, Rui 2\n" +
		"Title\n  An invented trial.[Article]\nSource\n  Journal of Tests.   8(6):10-20, September 2015.\n" +
		"Abstract\n  An abstract.\n\n<2>\nAuthor\n  Lee, Chen\nTitle\n  Another.\n"
	if f, _, err := Detect("ovid.txt", in); err != nil || f != formats.OvidDisplay {
		t.Errorf("display layout: %v %v", f, err)
	}
	// Ovid's tagged export is read, not refused.
	if f, _, err := Detect("ovid.txt", "<1>\nVN  - Ovid Technologies\nDB  - Embase\nUI  - 1\nTI  - One\nSO  - J. 1(2):3-4, 2020\n\n"); err != nil || f != formats.MEDLINE {
		t.Errorf("tagged export: %v %v", f, err)
	}
}

// TestDetectBinaryMadeText checks that an Office file whose bytes were
// rewritten as UTF-8 text (a Web of Science savedrecs.xls kept in a public
// repository so) is refused as what it is, not "cannot tell the format".
func TestDetectBinaryMadeText(t *testing.T) {
	for _, in := range []string{
		"\u00d0\u00cf\u0011\u00e0\u00a1\u00b1\u001a\u00e1" + strings.Repeat(" ", 20) + ";",
		"PK\u0003\u0004\u0014\u0000\u0006\u0000",
	} {
		_, _, err := Detect("savedrecs.xls", in)
		if err == nil || !strings.Contains(err.Error(), "damaged by a conversion to text") {
			t.Errorf("%q: got %v", in[:4], err)
		}
	}
}

// TestDetectOtherKinds: files reviewers are handed in place of an export
// (a web page, JSON or XML of other kinds) are refused saying what they
// are and what to import instead, not as "cannot tell the format".
func TestDetectOtherKinds(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"a sign-in page saved as the export", "\ufeff<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body>Your session expired.</body></html>\n", "a web page (HTML), not an export"},
		{"a results page", "<HTML>\n<BODY><H1>Results</H1></BODY></HTML>", "a download that failed"},
		{"an Excel download that is an HTML table", "<html><body><table><tr><td>Title</td></tr><tr><td>A study</td></tr></table></body></html>", "save it as .xlsx or CSV"},
		{"an API's JSON", "{\n  \"results\": [{\"title\": \"A\"}]\n}\n", "a JSON file that is not CSL JSON"},
		{"MODS", "<?xml version=\"1.0\"?>\n<!-- Zotero -->\n<modsCollection xmlns=\"http://www.loc.gov/mods/v3\"><mods><titleInfo><title>A</title></titleInfo></mods></modsCollection>", "an XML file of another kind (its root element is <modsCollection>)"},
		{"Zotero RDF", "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><bib:Article/></rdf:RDF>", "its root element is <rdf:RDF>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, _, err := Detect("x.txt", tt.in)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !errors.Is(err, formats.ErrUnknownFormat) {
				t.Errorf("Detect = %q, %v; want an error saying %q", f, err, tt.want)
			}
		})
	}
	// What these checks must leave alone: XML exports, CSL JSON, RefWorks'
	// tagged format, and Web of Science (whose tags are two characters and
	// a space too).
	for in, want := range map[string]formats.Format{
		"RT Journal Article\nSR Electronic(1)\nA1 Smith, John\nT1 A study\nJF Journal\nYR 2020\n\nRT Journal Article\nA1 Doe, Jane\nT1 Another\nYR 2021\n": formats.RefWorks,
		`[{"id":"x","type":"article-journal","title":"A","issued":{"date-parts":[[2020]]}}]`:                                                               formats.CSLJSON,
		"\ufeff{\"items\": [{\"title\": \"A\", \"author\": [{\"family\": \"Smith\", \"given\": \"J\"}]}]}":                                                 formats.CSLJSON,
		"<?xml version=\"1.0\"?>\n<xml><records><record><titles><title>A</title></titles></record></records></xml>":                                        formats.EndNoteXML,
		"FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\nAU Smith, J\nTI A\nSO J\nPY 2020\nER\n\nEF\n":                                                formats.WoS,
	} {
		if f, _, err := Detect("x.txt", in); f != want || err != nil {
			t.Errorf("Detect(%.30q) = %q, %v; want %q", in, f, err, want)
		}
	}
}
