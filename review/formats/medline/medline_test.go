package medline

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/winnow-review/winnow/internal/formattest"
	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/formats"
)

// newReader adapts NewReader to formattest.
func newReader(r io.Reader, name string) formats.Reader { return NewReader(r, name) }

func TestReader(t *testing.T) {
	tests := []struct {
		name string
		file string
		want []formattest.Want
	}{
		{
			name: "a PubMed export with CRLF line ends gives every field, wrapped values joined",
			file: "pubmed.nbib",
			want: []formattest.Want{
				{Record: review.Record{
					SourceID: "31000001", PMID: "31000001", Type: "Journal Article",
					Title:    "Blue light and acne: a randomised trial of something long enough to wrap onto a second line.",
					Abstract: "BACKGROUND: First sentence of the abstract that wraps onto the next line. RESULTS: Second part.",
					Authors:  []review.Author{{Family: "Smith", Given: "John A"}, {Family: "van der Berg", Given: "Anna"}, {Family: "Acne Study Group"}},
					Year:     2019, Journal: "Journal of acne research", Volume: "12", Issue: "3", Pages: "101-9",
					DOI: "10.1000/abc.123", ISSN: "1234-5678; 8765-432X", Keywords: []string{"blue light", "acne"},
					Language: "eng", Line: 2,
				}, Last: 34},
				{Record: review.Record{
					SourceID: "31000002", PMID: "31000002", Type: "English Abstract",
					Title:   "[Treatment of acne in adolescents].",
					Authors: []review.Author{{Family: "Müller", Given: "Jörg"}},
					Year:    2020, Journal: "Der Hautarzt", Pages: "e00466", Language: "ger", Line: 36,
				}, Last: 46},
				{Record: review.Record{
					SourceID: "31000003", PMID: "31000003",
					Title:   "A record with no blank line before it.",
					Authors: []review.Author{{Family: "Lee", Given: "K"}},
					Year:    2021, Line: 47,
				}, Last: 50},
			},
		},
		{
			name: "an ERIC export without PMID takes its id from OID and its DOI from a doi.org link",
			file: "eric.nbib",
			want: []formattest.Want{
				{Record: review.Record{
					SourceID: "EJ1131633", Type: "Journal Articles",
					Title:    "Reading aloud in primary schools",
					Abstract: "Abstract of the ERIC record.",
					Authors:  []review.Author{{Family: "Smith", Given: "Tom"}, {Family: "Hunter", Given: "Shawn"}},
					Year:     2000, Journal: "Journal of Reading", Volume: "10", Issue: "1", Pages: "1-9",
					DOI: "10.1000/123456789", ISSN: "1234-4567", Keywords: []string{"Reading Aloud", "Primary Education"},
					URL: "http://eric.ed.gov/?id=EJ1131633", Language: "english", Line: 2,
				}, Last: 21},
			},
		},
		{
			name: "hand-made records with odd tags are read and a stray line between records is not a record",
			file: "lenient.nbib",
			want: []formattest.Want{
				{Record: review.Record{
					SourceID: "22664220", PMID: "22664220",
					Title:   "First part of a title, second part.",
					Authors: []review.Author{{Family: "Brownstein", Given: "CD"}},
					DOI:     "10.1016/j.cpr.2005.02.002", Keywords: []string{"Female", "Humans"}, Line: 1,
				}, Last: 9},
				{Record: review.Record{
					Title:    "A book title",
					Abstract: "Old abstract\nnew abstract",
					Year:     2013, Journal: "Test Journal", Line: 13,
				}, Last: 22, Warnings: []string{
					`line 11: text outside a record ignored: "This line should be omitted by the importer."`,
					"line 22: line without a tag or indent taken as part of DA",
				}},
			},
		},
		{
			// Ovid writes Zoological Record's lists so (a value, a blank
			// line, an indented line): the record goes on, and nothing of
			// it is an error any more.
			name: "indented lines after a blank line continue the value above them",
			file: "orphan.nbib",
			want: []formattest.Want{
				{Record: review.Record{SourceID: "1", PMID: "1", Title: "First record an indented line after a blank line and another", Line: 1}, Last: 5},
				{Record: review.Record{SourceID: "2", PMID: "2", Title: "Second record", Line: 7}, Last: 8},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			formattest.ReadFile(t, newReader, filepath.Join("testdata", tt.file)).Check(t, tt.want)
		})
	}
}

func TestReaderKeepsAVeryLongValueWhole(t *testing.T) {
	long := strings.Repeat("word ", 2<<20)
	in := "PMID- 1\nAB  - " + long + "\n      end\n"
	e, err := NewReader(strings.NewReader(in), "long.nbib").Next()
	if err != nil {
		t.Fatal(err)
	}
	if want := strings.TrimSpace(long) + " end"; e.Record.Abstract != want {
		t.Errorf("abstract has %d bytes, want %d", len(e.Record.Abstract), len(want))
	}
}

func TestReaderStopsAtAReadError(t *testing.T) {
	in := io.MultiReader(strings.NewReader("PMID- 1\nTI  - cut"), iotest.ErrReader(errors.New("disk on fire")))
	rd := NewReader(in, "bad.nbib")
	for i := 0; i < 2; i++ {
		_, err := rd.Next()
		var pe *formats.ParseError
		if err == nil || errors.As(err, &pe) || !strings.Contains(err.Error(), "disk on fire") {
			t.Fatalf("call %d: got %v, want the read error", i, err)
		}
	}
}

func TestReaderReturnsEOFAgainAtTheEnd(t *testing.T) {
	rd := NewReader(strings.NewReader("\n\n"), "empty.nbib")
	for i := 0; i < 3; i++ {
		if e, err := rd.Next(); e != nil || err != io.EOF {
			t.Fatalf("call %d: got %v, %v; want nil, io.EOF", i, e, err)
		}
	}
}

func BenchmarkReader(b *testing.B) {
	var sb strings.Builder
	for i := 0; i < 5000; i++ {
		fmt.Fprintf(&sb, "PMID- %d\nOWN - NLM\nSTAT- MEDLINE\nIS  - 1234-5678 (Electronic)\nVI  - 12\nIP  - 3\nDP  - 2019 May\n", 30000000+i)
		sb.WriteString("TI  - A randomised trial of blue light for acne vulgaris in adolescents and young\n      adults: protocol and results.\nPG  - 101-9\nLID - 10.1000/abc.123 [doi]\n")
		sb.WriteString("AB  - " + strings.Repeat("Some abstract text that goes on for a while and wraps at\n      about eighty characters. ", 12) + "\n")
		for a := 0; a < 6; a++ {
			fmt.Fprintf(&sb, "FAU - Author%d, Given Name\nAU  - Author%d GN\nAD  - Department of Something, University of Somewhere, City, Country.\n", a, a)
		}
		sb.WriteString("LA  - eng\nPT  - Journal Article\nTA  - J Acne Res\nJT  - Journal of acne research\nMH  - Humans\nMH  - Acne Vulgaris/therapy\nOT  - acne\n")
		sb.WriteString("AID - 10.1000/abc.123 [doi]\nSO  - J Acne Res. 2019 May;12(3):101-9.\n\n")
	}
	formattest.Benchmark(b, newReader, sb.String(), 5000)
}

// TestPIIArticleNumber: "LID - e42692 [pii]" is an electronic article's
// number, the pages of an article with no PG; a pii that is no article
// number ("S0140-…") is not.
func TestPIIArticleNumber(t *testing.T) {
	text := "PMID- 30000001\nTI  - An e-article.\nLID - e42692 [pii]\nLID - 10.7554/eLife.42692 [doi]\n\n" +
		"PMID- 30000002\nTI  - A Lancet article.\nLID - S0140-6736(20)30183-5 [pii]\n\n" +
		"PMID- 30000003\nTI  - An MDPI article.\nPG  - 1042\nLID - 1042 [pii]\n"
	got := formattest.Field(t, newReader, text, "x.nbib", func(r *review.Record) string { return r.Pages })
	if want := []string{"e42692", "", "1042"}; !slices.Equal(got, want) {
		t.Errorf("pages %q, want %q", got, want)
	}
}

// TestOvidYear: an Ovid record's year is its DP, then its YR, and only
// then the last year of its source line (Journals@Ovid gives no other);
// Journals@Ovid's authors lose their degrees wherever its DB line is.
func TestOvidYear(t *testing.T) {
	text := "<1. >\nVN  - Ovid Technologies\nTI  - A.\nSO  - Journal. Vol.43(5), Sep 2015, pp. 623-634.\nYR  - 2014\n\n" +
		"<2. >\nVN  - Ovid Technologies\nAU  - Lefkowitz, Rafael Y. MD, MPH 1\nTI  - B.  [Article]\nSO  - Journal June 2015;58(6):688-696\nDB  - Journals@Ovid\n\n" +
		"<3. >\nVN  - Ovid Technologies\nTI  - C.\nDP  - 2013 Mar\nYR  - 2014\nSO  - Journal. 1(2):3-4, 2015.\n"
	years := formattest.Field(t, newReader, text, "x.txt", func(r *review.Record) int { return r.Year })
	if want := []int{2014, 2015, 2013}; !slices.Equal(years, want) {
		t.Errorf("years %v, want %v", years, want)
	}
	authors := formattest.Field(t, newReader, text, "x.txt", func(r *review.Record) string { return fmt.Sprint(r.Authors) })
	if authors[1] != "[Lefkowitz, Rafael Y.]" {
		t.Errorf("Journals@Ovid author %s", authors[1])
	}
}
