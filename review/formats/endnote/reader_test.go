package endnote

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
			name:  "a pretty-printed record joins its style runs and drops the indentation",
			file:  "styled.xml",
			index: 0,
			want: review.Record{
				SourceID: "13264",
				Type:     "Journal Article",
				Title:    "A demographic study of the south polar skua Catharacta maccormicki at Cape Crozier",
				Abstract: "Skuas were banded.\n\nSurvival was high.",
				Authors:  []review.Author{{Family: "Ainley", Given: "D. G."}, {Family: "World Health Organization"}},
				Year:     1984,
				Journal:  "Studies in Avian Biology (Full)",
				Volume:   "18",
				Issue:    "1",
				Pages:    "93-105",
				DOI:      "10.2307/1932965",
				ISSN:     "0197-9922; 2160-3456",
				Keywords: []string{"Seabirds", "Demography", "Antarctica"},
				URL:      "<Go to ISI>://000200148800007",
				Language: "english",
				Line:     4,
			},
		},
		{
			name:  "a record with a text record number, a bare ref-type and empty contributors keeps what it has",
			file:  "styled.xml",
			index: 1,
			want: review.Record{
				SourceID: "1 & 2",
				Type:     "6",
				Title:    "Foo & Bar",
				Year:     1999,
				Line:     103,
			},
		},
		{
			name:  "a one-line library gives PubMed accession numbers as PMIDs and the first URL",
			file:  "oneline.xml",
			index: 0,
			want: review.Record{
				SourceID: "895",
				Type:     "Journal Article",
				Title:    "Formulation of Herbal Gel of Antirrhinum majus Extract",
				Abstract: "BACKGROUND: Gel was made.",
				Authors:  []review.Author{{Family: "Bagheri", Given: "A."}, {Family: "van der Berg", Given: "J."}},
				Year:     2018,
				Journal:  "Adv Biomed Res",
				Volume:   "7",
				Pages:    "53",
				DOI:      "10.4103/abr.abr_99_17",
				PMID:     "29657938",
				ISSN:     "2277-9175",
				Keywords: []string{"Acne vulgaris"},
				URL:      "http://example.org/first",
				Language: "eng",
				Line:     1,
			},
		},
		{
			name:  "a group author stays whole",
			file:  "oneline.xml",
			index: 1,
			want: review.Record{
				SourceID: "896",
				Type:     "Generic",
				Title:    "Light therapy for acne",
				Authors:  []review.Author{{Family: "Cochrane Skin Group"}},
				Year:     2020,
				Line:     1,
			},
		},
		{
			name:  "a Mendeley record of plain values has its accession number as PMID and source id",
			file:  "mendeley.xml",
			index: 0,
			want: review.Record{
				SourceID: "35319117",
				Type:     "Journal Article",
				Title:    "Myoclonus in older Cavalier King Charles Spaniels.",
				Abstract: "BACKGROUND: Myoclonus is observed (SD ±1.96).",
				Authors:  []review.Author{{Family: "Rotter", Given: "Carina"}, {Family: "Rusbridge", Given: "Clare"}},
				Year:     2022,
				Journal:  "Journal of veterinary internal medicine",
				Volume:   "36",
				Issue:    "3",
				Pages:    "1032-1038",
				DOI:      "10.1111/jvim.16404",
				PMID:     "35319117",
				Keywords: []string{"Animals", "Dogs"},
				Language: "eng",
				Line:     2,
			},
		},
		{
			name:  "a Mendeley record without authors or record number is still a record",
			file:  "mendeley.xml",
			index: 1,
			want: review.Record{
				Type:  "Generic",
				Title: "A record with no authors",
				Year:  2019,
				Line:  2,
			},
		},
		{
			name:  "a tab-indented record keeps a line break that sits inside a style run",
			file:  "tabbed.xml",
			index: 0,
			want: review.Record{
				SourceID: "7",
				Title:    "Tabs & styles",
				Abstract: "One.\nTwo.",
				Authors:  []review.Author{{Family: "O'Brien & Co", Given: "Pat"}},
				Line:     4,
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
			if !strings.HasPrefix(got.Raw, "<record>") || !strings.HasSuffix(got.Raw, "</record>") {
				t.Errorf("Raw is not the record element: %.80q", got.Raw)
			}
			at := strings.Index(text, got.Raw)
			if at < 0 {
				t.Fatalf("Raw is not the text of the file: %.80q", got.Raw)
			}
			if line := strings.Count(text[:at], "\n") + 1; line != got.Line {
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
		{"a pretty-printed library has one record per <record>", "styled.xml", 2},
		{"a library on one line with no final newline has all its records", "oneline.xml", 2},
		{"a library on the line after the XML declaration has all its records", "mendeley.xml", 2},
		{"a tab-indented library has its record", "tabbed.xml", 1},
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
	text := "<xml><records><record><titles><title>A &amp; B</title></titles></record>\n" +
		"  <record>\n<rec-number>2</rec-number>\n</record></records></xml>"
	es := formattest.Entries(t, read(t, "raw.xml", text))
	want := []struct {
		raw  string
		line int
	}{
		{"<record><titles><title>A &amp; B</title></titles></record>", 1},
		{"<record>\n<rec-number>2</rec-number>\n</record>", 2},
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
	const good = "<record><rec-number>1</rec-number></record>\n"
	tests := []struct {
		name    string
		text    string
		records int   // records read before (or around) the error
		cause   error // sentinel of the one error
		msg     string
	}{
		{
			name:    "a file cut inside a record names the line where the record starts",
			text:    "<xml><records>\n" + good + "<record>\n<titles>\n<title><style face=\"normal\">A ti",
			records: 1,
			cause:   formats.ErrTruncated,
			msg:     "t.xml:5: record starting at line 3: record not closed: file ends at line 5",
		},
		{
			name:    "a file cut between records says the library is not closed",
			text:    "<xml><records>\n" + good + good,
			records: 2,
			cause:   formats.ErrTruncated,
			msg:     "t.xml:3: file ends at line 3 before </xml>",
		},
		{
			name:    "a bare < inside a record is malformed XML on its line",
			text:    "<xml><records>\n" + good + "<record>\n<titles>\n<title>a < b</title></titles></record>\n</records></xml>\n",
			records: 1,
			cause:   formats.ErrSyntax,
			msg:     "t.xml:5: record starting at line 3: malformed XML: expected element name after <",
		},
		{
			name:  "an attribute quote left open is malformed XML",
			text:  "<xml><records>\n<record><ref-type name=\"Book>6</ref-type></record></records></xml>",
			cause: formats.ErrSyntax,
			msg:   "t.xml:2: malformed XML: unescaped < inside quoted string",
		},
		{
			name:  "PubMed XML is not EndNote XML",
			text:  "<?xml version=\"1.0\"?>\n<PubmedArticleSet><PubmedArticle/></PubmedArticleSet>",
			cause: formats.ErrSyntax,
			msg:   "t.xml:2: root element <PubmedArticleSet> is not <xml>: not an EndNote XML file",
		},
		{
			name:  "an RIS file is not XML",
			text:  "TY  - JOUR\nER  - \n",
			cause: formats.ErrSyntax,
			msg:   "t.xml:1: text outside the root element: not an EndNote XML file",
		},
		{
			name:    "an empty record is an error that the next call reads past",
			text:    "<xml><records>\n<record>\n</record>\n" + good + "</records></xml>",
			records: 1,
			cause:   formats.ErrSyntax,
			msg:     "t.xml:2: empty <record> element",
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
	tests := []struct {
		name string
		text string
		want []string // titles
	}{
		{"an empty file has no records", "", nil},
		{"a library with no records has no records", "<?xml version=\"1.0\"?>\n<xml><records/></xml>", nil},
		{"a <records> root without <xml> holds records", "<records><record><titles><title>T</title></titles></record></records>", []string{"T"}},
		{"a record outside <records> is not a record", "<xml><record><titles><title>no</title></titles></record><records/></xml>", nil},
		{"a vertical tab pasted from Word does not spoil the file", "<xml><records><record><titles><title>A\vB</title></titles></record></records></xml>", []string{"A B"}},
		{"an HTML entity and a bare ampersand are read as text", "<xml><records><record><titles><title>A&nbsp;&amp; B & C</title></titles></record></records></xml>", []string{"A & B & C"}},
		{
			"a declaration naming UTF-16 is read as the UTF-8 it was decoded to",
			"<?xml version=\"1.0\" encoding=\"UTF-16\"?><xml><records><record><titles><title>U</title></titles></record></records></xml>",
			[]string{"U"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, e := range formattest.Entries(t, read(t, "t.xml", tt.text)) {
				got = append(got, e.Record.Title)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("titles = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestAccessionNumbers(t *testing.T) {
	tests := []struct {
		name, acc, db, provider string
		pmid                    string
	}{
		{"an accession number from MEDLINE is a PMID", "2158737", "MEDLINE", "Ovid Technologies", "2158737"},
		{"an accession number from the NLM is a PMID", "29657938", "", "NLM", "29657938"},
		{"an accession number from Embase is not a PMID", "620123456", "Embase", "", ""},
		{"an accession number from Ovid Embase and Medline together is not a PMID", "2001234567", "Embase\rMedline", "", ""},
		{"a Web of Science accession number is not a PMID", "WOS:000200148800007", "", "", ""},
		{"a Cochrane accession number is not a PMID", "CN-01234567", "", "", ""},
		{"a PMID-length number from no named database is a PMID", "516334", "", "", "516334"},
		{"a longer number from no named database is not a PMID", "152770499", "", "", ""},
		{"a number from CINAHL is not a PMID", "152770499", "cin20", "EBSCOhost", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := "<xml><records><record><titles><title>T</title></titles><accession-num>" + tt.acc +
				"</accession-num><remote-database-name>" + strings.ReplaceAll(tt.db, "\r", "&#xD;") +
				"</remote-database-name><remote-database-provider>" + tt.provider +
				"</remote-database-provider></record></records></xml>"
			es := formattest.Entries(t, read(t, "t.xml", text))
			if len(es) != 1 {
				t.Fatalf("got %d records, want 1", len(es))
			}
			if got := es[0].Record.PMID; got != tt.pmid {
				t.Errorf("PMID = %q, want %q", got, tt.pmid)
			}
			if got := es[0].Record.SourceID; got != tt.acc {
				t.Errorf("SourceID = %q, want the accession number %q", got, tt.acc)
			}
		})
	}
}

func TestDecodedInput(t *testing.T) {
	// A Windows-1252 file with CRLF line ends, as the importer decodes it.
	raw := []byte("<?xml version=\"1.0\" encoding=\"windows-1252\"?>\r\n<xml><records>\r\n<record><titles><title>Caf\xe9 study</title></titles></record>\r\n</records></xml>\r\n")
	es := formattest.Entries(t, formattest.ReadAll(t, newReader, raw, "cp1252.xml"))
	if len(es) != 1 {
		t.Fatalf("got %d records, want 1", len(es))
	}
	e := es[0]
	if e.Record.Title != "Café study" || e.Record.Line != 3 {
		t.Errorf("got title %q on line %d, want \"Café study\" on line 3", e.Record.Title, e.Record.Line)
	}
}

func TestLongAbstractIsKeptWhole(t *testing.T) {
	long := strings.Repeat("word ", 2<<20) // 10 MB
	text := "<xml><records><record><abstract><style face=\"normal\">" + long + "</style></abstract></record></records></xml>"
	es := formattest.Entries(t, read(t, "long.xml", text))
	if len(es) != 1 {
		t.Fatalf("got %d records, want 1", len(es))
	}
	if got, want := len(es[0].Record.Abstract), len(long)-1; got != want {
		t.Errorf("abstract has %d bytes, want %d", got, want)
	}
	// The missing title is the importer's to warn about (once, for every
	// format); the reader keeps the record and adds nothing.
	if es[0].Record.Title != "" || len(es[0].Warnings) != 0 {
		t.Errorf("title %q, warnings %q: want no title and no warning from the reader", es[0].Record.Title, es[0].Warnings)
	}
}

func TestReadErrorEndsTheFile(t *testing.T) {
	broken := errors.New("disk on fire")
	r := NewReader(io.MultiReader(strings.NewReader("<xml><records><record><rec-number>1</rec-number></record><record><tit"), iotest.ErrReader(broken)), "io.xml")
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
