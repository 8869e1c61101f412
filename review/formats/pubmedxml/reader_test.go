package pubmedxml

import (
	"errors"
	"io"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/winnow-review/winnow/internal/formattest"
	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/formats"
)

// newReader adapts NewReader to formattest.
func newReader(r io.Reader, name string) formats.Reader { return NewReader(r, name) }

// read reads text, already decoded, to the end.
func read(t *testing.T, name, text string) []formattest.Result {
	t.Helper()
	return formattest.Read(t, NewReader(strings.NewReader(text), name))
}

func TestFields(t *testing.T) {
	tests := []struct {
		name  string
		file  string
		index int
		want  review.Record
		warns []string
	}{
		{
			name:  "a compact record takes its PMID and DOI from its own lists, not from CommentsCorrections or ReferenceList",
			file:  "compact.xml",
			index: 0,
			want: review.Record{
				SourceID: "9997",
				PMID:     "9997",
				Type:     "Journal Article",
				Title:    "Magnetic studies of Chromatium flavocytochrome C552: the β-heme & ∑ flavin.",
				Abstract: "BACKGROUND: Heme and flavin interact.\nNo label here.\nRESULTS: It works.",
				Authors:  []review.Author{{Family: "Strekas", Given: "T C"}, {Family: "Cochrane Airways Group"}},
				Year:     1976,
				Journal:  "Biochimica et biophysica acta",
				Volume:   "446",
				Issue:    "1",
				Pages:    "40-52",
				DOI:      "10.1016/0005-2795(76)90109-4",
				ISSN:     "0005-2795",
				Keywords: []string{"Heme", "Flavins"},
				Language: "eng",
				Line:     4,
			},
		},
		{
			name:  "a record without an English title takes its vernacular title and starts on the line where the last one closed",
			file:  "compact.xml",
			index: 1,
			want: review.Record{
				SourceID: "12091962",
				PMID:     "12091962",
				Type:     "Letter",
				Title:    "Le traitement du SIDA.",
				Authors:  []review.Author{{Family: "Olivero", Given: "JM, Jr"}},
				Year:     1990,
				Journal:  "Soc Justice",
				Volume:   "17",
				Pages:    "113-25",
				DOI:      "10.1000/abc.def",
				ISSN:     "1043-1578",
				Keywords: []string{"AIDS", "prisons"},
				Language: "fre",
				Line:     5,
			},
		},
		{
			name:  "a book chapter has its own title and authors, the book as its container, and no editors",
			file:  "bookset.xml",
			index: 0,
			want: review.Record{
				SourceID: "21413195",
				PMID:     "21413195",
				Type:     "Review",
				Title:    "Referral, diagnosis and investigations",
				Abstract: "Rheumatoid arthritis is common.",
				Authors:  []review.Author{{Family: "National Collaborating Centre for Chronic Conditions (UK)"}},
				Year:     2009,
				Journal:  "Rheumatoid Arthritis: National Clinical Guideline",
				Pages:    "12-30",
				DOI:      "10.3275/8949",
				Language: "eng",
				Line:     2,
			},
		},
		{
			name:  "a whole book takes the book title and the book's authors",
			file:  "bookset.xml",
			index: 1,
			want: review.Record{
				SourceID: "20301295",
				PMID:     "20301295",
				Title:    "GeneReviews",
				Authors:  []review.Author{{Family: "Adam", Given: "Margaret P"}},
				Year:     1993,
				DOI:      "10.5555/gene.reviews",
				Line:     48,
			},
		},
		{
			name:  "HTML entities, bare ampersands, control characters, MathML, comments and CDATA do not spoil a record",
			file:  "quirks.xml",
			index: 0,
			want: review.Record{
				SourceID: "32759406",
				PMID:     "32759406",
				Title:    "CellML 2.0 & R&D &unknown; tools",
				Abstract: "Sums such as ∑ x are shown. <kept as text>",
				Year:     2020,
				Journal:  "Journal of integrative bioinformatics",
				Line:     3,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := formattest.ReadFile(t, newReader, filepath.Join("testdata", tt.file))
			text, es := f.Text, formattest.Entries(t, f.Results)
			if tt.index >= len(es) {
				t.Fatalf("got %d records, want at least %d", len(es), tt.index+1)
			}
			e := es[tt.index]
			got := e.Record
			if !strings.HasPrefix(got.Raw, "<PubmedArticle>") && !strings.HasPrefix(got.Raw, "<PubmedBookArticle>") ||
				!strings.HasSuffix(got.Raw, "</PubmedArticle>") && !strings.HasSuffix(got.Raw, "</PubmedBookArticle>") {
				t.Errorf("Raw is not the record element: %.80q", got.Raw)
			}
			if !strings.Contains(text, got.Raw) {
				t.Errorf("Raw is not the text of the file: %.80q", got.Raw)
			}
			if line := strings.Count(text[:strings.Index(text, got.Raw)], "\n") + 1; line != got.Line {
				t.Errorf("Line = %d, but Raw starts on line %d", got.Line, line)
			}
			got.Raw = ""
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("record:\n got %+v\nwant %+v", got, tt.want)
			}
			if !reflect.DeepEqual(e.Warnings, tt.warns) {
				t.Errorf("warnings = %q, want %q", e.Warnings, tt.warns)
			}
		})
	}
}

func TestRecordCounts(t *testing.T) {
	tests := []struct {
		name string
		file string
		want int
	}{
		{"two records on shared lines with no final newline are two records", "compact.xml", 2},
		{"a PubmedBookArticleSet holds book records", "bookset.xml", 2},
		{"a DeleteCitation is not a record", "quirks.xml", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := formattest.ReadFile(t, newReader, filepath.Join("testdata", tt.file))
			if got := len(formattest.Entries(t, f.Results)); got != tt.want {
				t.Errorf("got %d records, want %d", got, tt.want)
			}
		})
	}
}

func TestRawIsExact(t *testing.T) {
	text := "<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID>" +
		"<Article><ArticleTitle>A &amp; B</ArticleTitle></Article></MedlineCitation></PubmedArticle>\n" +
		"  <PubmedArticle>\n<MedlineCitation><PMID>2</PMID></MedlineCitation>\n</PubmedArticle></PubmedArticleSet>"
	es := formattest.Entries(t, read(t, "raw.xml", text))
	want := []struct {
		raw  string
		line int
	}{
		{"<PubmedArticle><MedlineCitation><PMID>1</PMID><Article><ArticleTitle>A &amp; B</ArticleTitle></Article></MedlineCitation></PubmedArticle>", 1},
		{"<PubmedArticle>\n<MedlineCitation><PMID>2</PMID></MedlineCitation>\n</PubmedArticle>", 2},
	}
	if len(es) != len(want) {
		t.Fatalf("got %d records, want %d", len(es), len(want))
	}
	for i, w := range want {
		if es[i].Record.Raw != w.raw || es[i].Record.Line != w.line {
			t.Errorf("record %d: Raw %q at line %d, want %q at line %d", i, es[i].Record.Raw, es[i].Record.Line, w.raw, w.line)
		}
	}
}

func TestErrors(t *testing.T) {
	const good = "<PubmedArticle><MedlineCitation><PMID>1</PMID></MedlineCitation></PubmedArticle>\n"
	tests := []struct {
		name    string
		text    string
		records int   // records read before (or around) the error
		cause   error // sentinel of the one error
		msg     string
	}{
		{
			name:    "a file cut inside a record names the line where the record starts",
			text:    "<PubmedArticleSet>\n" + good + "<PubmedArticle>\n<MedlineCitation>\n<PMID>2</PMID>\n<Article><ArticleTi",
			records: 1,
			cause:   formats.ErrTruncated,
			msg:     "t.xml:6: record starting at line 3: record not closed: file ends at line 6",
		},
		{
			name:    "a file cut between records says the set is not closed",
			text:    "<PubmedArticleSet>\n" + good + good,
			records: 2,
			cause:   formats.ErrTruncated,
			msg:     "t.xml:3: file ends at line 3 before </PubmedArticleSet>",
		},
		{
			name:    "a bare < inside a record is malformed XML on its line",
			text:    "<PubmedArticleSet>\n" + good + "<PubmedArticle>\n<MedlineCitation>\n<PMID>a < b</PMID>\n</MedlineCitation></PubmedArticle>\n</PubmedArticleSet>\n",
			records: 1,
			cause:   formats.ErrSyntax,
			msg:     "t.xml:5: record starting at line 3: malformed XML: expected element name after <",
		},
		{
			name:  "an end tag with no start is malformed XML",
			text:  "<PubmedArticleSet>\n</PubmedArticleSet>\n</PubmedArticle>\n",
			cause: formats.ErrSyntax,
			msg:   "t.xml:3: malformed XML: unexpected end element </PubmedArticle>",
		},
		{
			name:  "another XML root is not PubMed XML",
			text:  "<?xml version=\"1.0\"?>\n<xml><records><record/></records></xml>",
			cause: formats.ErrSyntax,
			msg:   "t.xml:2: root element <xml> is not <PubmedArticleSet>: not a PubMed XML file",
		},
		{
			name:  "a MEDLINE text file is not XML",
			text:  "PMID- 123\nTI  - A title\n",
			cause: formats.ErrSyntax,
			msg:   "t.xml:1: text outside the root element: not a PubMed XML file",
		},
		{
			name:    "an empty record is an error that the next call reads past",
			text:    "<PubmedArticleSet>\n<PubmedArticle>\n</PubmedArticle>\n" + good + "</PubmedArticleSet>",
			records: 1,
			cause:   formats.ErrSyntax,
			msg:     "t.xml:2: empty <PubmedArticle> element",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			es, errs := formattest.Split(read(t, "t.xml", tt.text))
			if len(es) != tt.records {
				t.Errorf("got %d records, want %d", len(es), tt.records)
			}
			if len(errs) != 1 {
				t.Fatalf("got errors %v, want one", errs)
			}
			var pe *formats.ParseError
			if !errors.As(errs[0], &pe) {
				t.Fatalf("error %v is not a *formats.ParseError", errs[0])
			}
			if !errors.Is(errs[0], tt.cause) {
				t.Errorf("error %v is not %v", errs[0], tt.cause)
			}
			if errs[0].Error() != tt.msg {
				t.Errorf("error\n got %q\nwant %q", errs[0].Error(), tt.msg)
			}
		})
	}
}

func TestOddButGoodFiles(t *testing.T) {
	const rec = "<PubmedArticle><MedlineCitation><PMID>%s</PMID></MedlineCitation></PubmedArticle>"
	tests := []struct {
		name string
		text string
		want []string // PMIDs
	}{
		{"an empty file has no records", "", nil},
		{"a file of blank lines has no records", "\n\n  \n", nil},
		{"a set with no records has no records", "<?xml version=\"1.0\"?>\n<PubmedArticleSet>\n</PubmedArticleSet>\n", nil},
		{"a lone PubmedArticle as the root is one record", strings.ReplaceAll(rec, "%s", "7"), []string{"7"}},
		{
			"two efetch results saved into one file give the records of both",
			"<?xml version=\"1.0\" ?>\n<!DOCTYPE PubmedArticleSet>\n<PubmedArticleSet>" + strings.ReplaceAll(rec, "%s", "1") + "</PubmedArticleSet>\n" +
				"<?xml version=\"1.0\" ?>\n<!DOCTYPE PubmedArticleSet>\n<PubmedArticleSet>" + strings.ReplaceAll(rec, "%s", "2") + "</PubmedArticleSet>\n",
			[]string{"1", "2"},
		},
		{
			"an XML declaration naming another encoding is read as the UTF-8 it was decoded to",
			"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><PubmedArticleSet>" + strings.ReplaceAll(rec, "%s", "3") + "</PubmedArticleSet>",
			[]string{"3"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, e := range formattest.Entries(t, read(t, "t.xml", tt.text)) {
				got = append(got, e.Record.PMID)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("PMIDs = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestDecodedInput(t *testing.T) {
	// A Windows-1252 file with CRLF line ends, as the importer decodes it.
	raw := []byte("<PubmedArticleSet>\r\n<PubmedArticle><MedlineCitation><PMID>4</PMID><Article><ArticleTitle>Caf\xe9 study</ArticleTitle></Article></MedlineCitation></PubmedArticle>\r\n</PubmedArticleSet>\r\n")
	es := formattest.Entries(t, formattest.ReadAll(t, newReader, raw, "cp1252.xml"))
	if len(es) != 1 {
		t.Fatalf("got %d records, want 1", len(es))
	}
	e := es[0]
	if e.Record.Title != "Café study" || e.Record.Line != 2 {
		t.Errorf("got title %q on line %d, want \"Café study\" on line 2", e.Record.Title, e.Record.Line)
	}
}

func TestLongAbstractIsKeptWhole(t *testing.T) {
	long := strings.Repeat("word ", 2<<20) // 10 MB
	text := "<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>5</PMID><Article><Abstract><AbstractText>" +
		long + "</AbstractText></Abstract></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>"
	es := formattest.Entries(t, read(t, "long.xml", text))
	if len(es) != 1 {
		t.Fatalf("got %d records, want 1", len(es))
	}
	if got, want := len(es[0].Record.Abstract), len(long)-1; got != want {
		t.Errorf("abstract has %d bytes, want %d", got, want)
	}
}

func TestReadErrorEndsTheFile(t *testing.T) {
	broken := errors.New("disk on fire")
	r := NewReader(io.MultiReader(strings.NewReader("<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID></MedlineCitation></PubmedArticle><PubmedArticle><Medline"), iotest.ErrReader(broken)), "io.xml")
	if _, err := r.Next(); err != nil {
		t.Fatalf("first record: %v", err)
	}
	_, err := r.Next()
	var pe *formats.ParseError
	if !errors.Is(err, broken) || errors.As(err, &pe) {
		t.Errorf("got %v, want the read error itself", err)
	}
	if _, err := r.Next(); err != io.EOF {
		t.Errorf("after the read error got %v, want io.EOF", err)
	}
}

// TestPIIArticleNumber: an electronic article with no MedlinePgn has its
// number as an ELocationID of type pii ("e42692"); it stands for the
// pages, as in the MEDLINE reader and as Scopus gives it. A pii that is
// no article number ("S0140-…") is not pages.
func TestPIIArticleNumber(t *testing.T) {
	rec := func(eloc string) string {
		return `<PubmedArticle><MedlineCitation><PMID>30000001</PMID><Article><Journal><Title>eLife</Title></Journal>` +
			`<ArticleTitle>An invented e-article.</ArticleTitle>` + eloc +
			`<ELocationID EIdType="doi" ValidYN="Y">10.7554/eLife.42692</ELocationID></Article></MedlineCitation></PubmedArticle>`
	}
	text := `<PubmedArticleSet>` + rec(`<ELocationID EIdType="pii" ValidYN="Y">e42692</ELocationID>`) +
		rec(`<ELocationID EIdType="pii" ValidYN="Y">S0140-6736(20)30183-5</ELocationID>`) +
		rec(`<Pagination><MedlinePgn>12-19</MedlinePgn></Pagination><ELocationID EIdType="pii" ValidYN="Y">e42692</ELocationID>`) + `</PubmedArticleSet>`
	es := formattest.Entries(t, read(t, "x.xml", text))
	var got []string
	for _, e := range es {
		got = append(got, e.Record.Pages)
	}
	if want := []string{"e42692", "", "12-19"}; !reflect.DeepEqual(got, want) {
		t.Errorf("pages %q, want %q", got, want)
	}
}
