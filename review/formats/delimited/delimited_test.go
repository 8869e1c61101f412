package delimited

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/winnow-review/winnow/internal/formattest"
	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/formats"
)

// fixture returns a testdata file decoded as the importer decodes it: BOM
// stripped, CRLF turned into LF.
func fixture(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return formattest.Decode(t, data)
}

// lines gives lines from..to (1-based, inclusive) of text, as Raw holds them.
func lines(text string, from, to int) string {
	all := strings.Split(text, "\n")
	return strings.Join(all[from-1:to], "\n")
}

// result is what reading a whole file gave.
type result struct {
	entries []*formats.Entry
	errs    []error
}

// readAll reads a file to the end, reading on after ParseErrors as
// --skip-bad does.
func readAll(t *testing.T, text, name string, comma rune) result {
	t.Helper()
	var res result
	res.entries, res.errs = formattest.Split(formattest.Read(t, NewReader(strings.NewReader(text), name, comma)))
	return res
}

// norm makes empty slices nil, so that records compare on content.
func norm(r review.Record) review.Record {
	if len(r.Keywords) == 0 {
		r.Keywords = nil
	}
	if len(r.Authors) == 0 {
		r.Authors = nil
	}
	return r
}

func TestRecords(t *testing.T) {
	scopus := fixture(t, "scopus.csv")
	wos := fixture(t, "wos.txt")
	embase := fixture(t, "embase.csv")
	abstrackr := fixture(t, "abstrackr.csv")
	refworks := fixture(t, "refworks.tsv")
	handmade := fixture(t, "handmade.csv")
	tests := []struct {
		name  string
		file  string
		comma rune
		want  []review.Record
		warn  map[int]string // record index: text its warnings contain
	}{
		{
			name: "scopus rows give full names without author IDs, multi-line abstracts, the article number as pages, and skip empty rows",
			file: "scopus.csv", comma: ',',
			want: []review.Record{{
				SourceID: "2-s2.0-85189760133", Type: "Article", Title: "Body size in dinosaurs",
				Abstract: "First paragraph with \"quotes\".\n\nSecond paragraph.",
				Authors:  []review.Author{{Family: "Wilson", Given: "Lauren N."}, {Family: "Organ", Given: "Chris L."}},
				Year:     2024, Journal: "Nature Communications", Volume: "15", Issue: "1", Pages: "2864",
				DOI: "10.1038/s41467-024-46843-2", PMID: "38580657", ISSN: "2041-1723",
				Keywords: []string{"latitude", "body size"}, URL: "https://www.scopus.com/inward/record.uri?eid=2-s2.0-1",
				Language: "english", Raw: lines(scopus, 2, 4), Line: 2,
			}, {
				SourceID: "2-s2.0-85151426146", Type: "Article", Title: "Air sacs in sauropodomorphs",
				Abstract: "Short.", Authors: []review.Author{{Family: "Aureliano", Given: "Tito"}},
				Year: 2023, Journal: "Anatomical Record", Volume: "307", Issue: "4", Pages: "1084-1092",
				DOI: "10.1002/ar.25209", ISSN: "1932-8486", Keywords: []string{"Respiratory system"},
				Language: "english", Raw: lines(scopus, 6, 6), Line: 6,
			}},
		},
		{
			name: "web of science tab-delimited keeps stray quotes and adds group authors",
			file: "wos.txt", comma: '\t',
			want: []review.Record{{
				SourceID: "WOS:000000000000001", Type: "Article", Title: `"Smart" sensors for knees`,
				Abstract: `We built a "sensor.`,
				Authors: []review.Author{{Family: "Smith", Given: "John"}, {Family: "Doe", Given: "Anna"},
					{Family: "Dino Study Group"}},
				Year: 2023, Journal: "SENSORS", Volume: "2", Issue: "10", Pages: "5-9", DOI: "10.3390/s1",
				PMID: "123", ISSN: "1424-8220; 1424-8221", Keywords: []string{"wearable", "knee"},
				Language: "english", Raw: lines(wos, 2, 2), Line: 2,
			}, {
				SourceID: "WOS:000000000000002", Type: "J", Title: `A 12" ruler`,
				Authors: []review.Author{{Family: "Roe", Given: "R"}}, Year: 2020, Journal: "RULERS",
				Keywords: []string{"MEASURE", "LENGTH"}, Raw: lines(wos, 3, 3), Line: 3,
			}},
		},
		{
			name: "embase preamble is skipped and the source cell is read as a citation",
			file: "embase.csv", comma: ',',
			want: []review.Record{{
				SourceID: "L1", Title: "Duplication cysts", Abstract: "Cysts.",
				Authors: []review.Author{{Family: "Liu", Given: "R."}, {Family: "Adler", Given: "D.G."}},
				Year:    2014, Journal: "Endoscopic Ultrasound", Volume: "3", Issue: "3", Pages: "152-160",
				DOI:      "10.4103/2303-9027.138783",
				Keywords: []string{"article", "duplication cyst (diagnosis, surgery)", "endoscopy"},
				Language: "english", Raw: lines(embase, 5, 5), Line: 5,
			}, {
				SourceID: "L2", Title: "Dinosaur scales", Abstract: "Scales.",
				Authors: []review.Author{{Family: "Yang", Given: "Z."}, {Family: "McNamara", Given: "M.E."}},
				Year:    2024, Journal: "Nature Communications", Volume: "15", Issue: "1", Pages: "4063", PMID: "38773066",
				Language: "english", Raw: lines(embase, 6, 6), Line: 6,
			}},
		},
		{
			name: "rayyan authors joined by and, with export debris after the url and doi",
			file: "rayyan.csv", comma: ',',
			want: []review.Record{{
				SourceID: "rayyan-1", Title: "Cellular structure of dinosaur scales", Abstract: "Feathers.",
				Authors: []review.Author{{Family: "Yang", Given: "Z."}, {Family: "Jiang", Given: "B."},
					{Family: "McNamara", Given: "M.E."}},
				Year: 2024, Journal: "Nat. Commun.", Volume: "15", Issue: "1",
				DOI: "10.1038/s41467-024-48400-3", ISSN: "2041-1723", Keywords: []string{"keratin", "melanin"},
				URL: "https://www.embase.com/x?id=L1&from=export", Language: "english",
				Raw: lines(fixture(t, "rayyan.csv"), 2, 2), Line: 2,
			}},
		},
		{
			name: "pubmed citation gives volume issue and pages and the final full stop leaves the authors",
			file: "pubmed.csv", comma: ',',
			want: []review.Record{{
				SourceID: "30922926", Title: "Time lapse",
				Authors: []review.Author{{Family: "Griffin", Given: "DK"}, {Family: "Larkin", Given: "DM"},
					{Family: "O'Connor", Given: "RE"}},
				Year: 2020, Journal: "Eur J Med Genet", Volume: "63", Issue: "2", Pages: "103640",
				DOI: "10.1016/j.ejmg.2019.03.004", PMID: "30922926",
				Raw: lines(fixture(t, "pubmed.csv"), 2, 2), Line: 2,
			}, {
				SourceID: "36448670", Title: "Spinosaurus is not aquatic",
				Authors: []review.Author{{Family: "Sereno", Given: "PC"}, {Family: "Myhrvold", Given: "N"}},
				Year:    2022, Journal: "Elife", Volume: "11", Pages: "e80092",
				DOI: "10.7554/elife.80092", PMID: "36448670",
				Raw: lines(fixture(t, "pubmed.csv"), 3, 3), Line: 3,
			}, {
				// A list of one author ends with PubMed's full stop too.
				SourceID: "30000003", Title: "A lone author",
				Authors: []review.Author{{Family: "Purnell", Given: "MC"}},
				Year:    2018, Journal: "Age Ageing", Volume: "47", Issue: "2", Pages: "1-2", PMID: "30000003",
				Raw: lines(fixture(t, "pubmed.csv"), 4, 4), Line: 4,
			}},
		},
		{
			name: "abstrackr divider row is not a record and short rows are",
			file: "abstrackr.csv", comma: ',',
			want: []review.Record{{
				SourceID: "1001", Title: "A new small duckbilled dinosaur", Abstract: "Dwarf dinosaurs.",
				Authors: []review.Author{{Family: "Longrich", Given: "N.R."}, {Family: "Pereda-Suberbiola", Given: "X."}},
				Journal: "Sci Rep", Keywords: []string{"phosphate", "Africa", "skull"},
				Raw: lines(abstrackr, 2, 4), Line: 2,
			}, {
				SourceID: "1002", Title: "Belly River Group", Abstract: "Rivers.",
				Authors: []review.Author{{Family: "Eberth", Given: "D.A."}}, Journal: "PLoS ONE",
				Raw: lines(abstrackr, 6, 6), Line: 6,
			}},
		},
		{
			name: "ieee given-first names separated by commas, two names after the file showed lists",
			file: "ieee.csv", comma: ',',
			want: []review.Record{{
				Title: "Rural outsourcing", Abstract: "IT.",
				Authors: []review.Author{{Family: "Rottman", Given: "Joseph"}, {Family: "Carmel", Given: "Erran"},
					{Family: "Lacity", Given: "Mary"}},
				Journal: "Computer", DOI: "10.1109/mc.2011.377",
				Raw: lines(fixture(t, "ieee.csv"), 2, 2), Line: 2,
			}, {
				Title: "Solver participation", Abstract: "Crowds.",
				Authors: []review.Author{{Family: "Wu", Given: "Wei"}, {Family: "Qiao", Given: "Qiao"}},
				Journal: "ICIM", DOI: "10.1109/icim56520.2022.00024",
				Raw: lines(fixture(t, "ieee.csv"), 3, 3), Line: 3,
			}},
		},
		{
			name: "springerlink names run together stay one author with a warning",
			file: "springer.csv", comma: ',',
			want: []review.Record{{
				Type: "Article", Title: "Publication title", Authors: []review.Author{{Family: "Andy SmithTom Weber"}},
				Year: 2000, Journal: "Nature", Volume: "17", Issue: "3", DOI: "10.1007/11111",
				URL: "http://link.springer.com/article/10.1007/111111",
				Raw: lines(fixture(t, "springer.csv"), 2, 2), Line: 2,
			}},
			warn: map[int]string{0: "run together"},
		},
		{
			name: "refworks blank cells, null given names and several urls in a cell",
			file: "refworks.tsv", comma: '\t',
			want: []review.Record{{
				SourceID: "100,doc:61b9", Type: "Journal Article", Title: "Angiotensin and radioembolization",
				Abstract: "Treatment.",
				Authors:  []review.Author{{Family: "van den Hoven"}, {Family: "Smits", Given: "Maarten L. J."}},
				Year:     2014, Journal: "Journal of Vascular and Interventional Radiology", Volume: "25", Issue: "3",
				Pages: "S105", DOI: "10.1016/j.jvir.2013.12.293", ISSN: "1051-0443", URL: "https://a.example/1",
				Raw: lines(refworks, 2, 2), Line: 2,
			}},
		},
		{
			name: "ebsco cells wrapped in =\"...\" are unwrapped",
			file: "cinahl.csv", comma: ',',
			want: []review.Record{{
				SourceID: "176404503", Type: "Article", Title: "Growth of early dinosaurs.", Abstract: "Dinosauria debuted.",
				Authors: []review.Author{{Family: "Curry Rogers", Given: "Kristina"}, {Family: "Martínez", Given: "Ricardo N."}},
				Year:    2024, Journal: "PLoS ONE", Volume: "19", Issue: "4", Pages: "1",
				DOI: "10.1371/journal.pone.0298242", ISSN: "1932-6203", Keywords: []string{"FEMUR", "DINOSAURS"},
				URL: "https://search.example/AN=176404503", Raw: lines(fixture(t, "cinahl.csv"), 2, 2), Line: 2,
			}},
		},
		{
			name: "a hand-made semicolon list keeps untitled rows, extra cells and stray quotes",
			file: "handmade.csv", comma: ';',
			want: []review.Record{{
				Title: "A hand-made entry", Abstract: "Plain text", Authors: []review.Author{{Family: "Doe", Given: "Jane"}},
				Year: 2021, DOI: "10.1000/abc", URL: "https://example.org/a", Raw: lines(handmade, 2, 2), Line: 2,
			}, {
				Abstract: "No title here", Authors: []review.Author{{Family: "Nobody", Given: "N"}},
				Year: 2019, Raw: lines(handmade, 3, 3), Line: 3,
			}, {
				Title: "Extra cells", Abstract: "x", Authors: []review.Author{{Family: "Roe", Given: "R"}},
				Year: 2018, Raw: lines(handmade, 4, 4), Line: 4,
			}, {
				Title: `Stray "quote" inside`, Abstract: `open but "fine"`, Authors: []review.Author{{Family: "Poe", Given: "E"}},
				Year: 2017, Raw: lines(handmade, 5, 5), Line: 5,
			}, {
				Title: `"Smart" sensors`, Authors: []review.Author{{Family: "Lee", Given: "K"}},
				Year: 2016, Raw: lines(handmade, 6, 6), Line: 6,
			}},
			warn: map[int]string{2: "row has 7 cells but the header names 6"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := readAll(t, fixture(t, tt.file), tt.file, tt.comma)
			if len(res.errs) > 0 {
				t.Fatalf("errors: %v", res.errs)
			}
			if len(res.entries) != len(tt.want) {
				t.Fatalf("got %d records, want %d", len(res.entries), len(tt.want))
			}
			for i, e := range res.entries {
				got := norm(e.Record)
				if want := norm(tt.want[i]); !reflect.DeepEqual(got, want) {
					t.Errorf("record %d:\n got %+v\nwant %+v", i, got, want)
				}
				w := strings.Join(e.Warnings, "\n")
				if want, ok := tt.warn[i]; ok && !strings.Contains(w, want) {
					t.Errorf("record %d: warnings %q, want one containing %q", i, e.Warnings, want)
				} else if !ok && w != "" {
					t.Errorf("record %d: unexpected warnings %q", i, e.Warnings)
				}
			}
		})
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name    string
		file    string
		text    string // used when file is ""
		records int
		cause   error
		msg     []string // the error text contains each
	}{
		{
			name: "a table without a title column names the columns it found and those it recognises",
			file: "notitle.csv", cause: formats.ErrNoColumns,
			msg: []string{`notitle.csv:1: no title column: found columns "Authors", "Year", "DOI"`,
				"winnow recognises Title, Article Title, Document Title"},
		},
		{
			name: "prose is not a table",
			file: "prose.csv", cause: formats.ErrNoColumns,
			msg: []string{"prose.csv:1: no header row"},
		},
		{
			name: "a quoted cell open at the end of the file is a truncated record at its first line",
			file: "truncated.csv", records: 1, cause: formats.ErrTruncated,
			msg: []string{"truncated.csv:3: quoted cell not closed"},
		},
		{
			name: "a cell opened on a later line of the row names both lines",
			text: "Title,Abstract\n\"Two\nlines\",\"open\n", records: 0, cause: formats.ErrTruncated,
			msg: []string{"x.csv:3: record starting at line 2: quoted cell not closed"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name, text := tt.file, tt.text
			if name == "" {
				name = "x.csv"
			} else {
				text = fixture(t, tt.file)
			}
			res := readAll(t, text, name, ',')
			if len(res.entries) != tt.records {
				t.Errorf("got %d records, want %d", len(res.entries), tt.records)
			}
			if len(res.errs) != 1 {
				t.Fatalf("got errors %v, want one", res.errs)
			}
			err := res.errs[0]
			if !errors.Is(err, tt.cause) {
				t.Errorf("error %v is not %v", err, tt.cause)
			}
			for _, m := range tt.msg {
				if !strings.Contains(err.Error(), m) {
					t.Errorf("error %q does not contain %q", err, m)
				}
			}
		})
	}
}

func TestReaderEdges(t *testing.T) {
	t.Run("an empty file has no records and no error", func(t *testing.T) {
		if res := readAll(t, "", "e.csv", ','); len(res.entries)+len(res.errs) != 0 {
			t.Errorf("got %d records, errors %v", len(res.entries), res.errs)
		}
	})
	t.Run("a header alone has no records", func(t *testing.T) {
		if res := readAll(t, "Title,Year\n\n,\n", "h.csv", ','); len(res.entries)+len(res.errs) != 0 {
			t.Errorf("got %d records, errors %v", len(res.entries), res.errs)
		}
	})
	t.Run("next after the end keeps returning io.EOF", func(t *testing.T) {
		rd := NewReader(strings.NewReader("Title\nA\n"), "a.csv", ',')
		if _, err := rd.Next(); err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 3; i++ {
			if _, err := rd.Next(); err != io.EOF {
				t.Fatalf("call %d: %v, want io.EOF", i, err)
			}
		}
	})
	t.Run("a header with one recognised column after a preamble row replays the rows read", func(t *testing.T) {
		res := readAll(t, "Exported 2024-01-01\nTitle,Notes\nFirst,a\nSecond,b\n", "p.csv", ',')
		if len(res.errs) > 0 || len(res.entries) != 2 {
			t.Fatalf("got %d records, errors %v", len(res.entries), res.errs)
		}
		for i, want := range []struct {
			title string
			line  int
		}{{"First", 3}, {"Second", 4}} {
			if r := res.entries[i].Record; r.Title != want.title || r.Line != want.line {
				t.Errorf("record %d: %q at line %d, want %q at %d", i, r.Title, r.Line, want.title, want.line)
			}
		}
	})
	t.Run("an unsupported delimiter is an error, not a panic", func(t *testing.T) {
		rd := NewReader(strings.NewReader("Title\nA\n"), "d.csv", '"')
		if _, err := rd.Next(); err == nil || !strings.Contains(err.Error(), "d.csv") {
			t.Errorf("got %v", err)
		}
	})
	t.Run("a long abstract is kept whole", func(t *testing.T) {
		long := strings.Repeat("word ", 400000)
		res := readAll(t, "Title,Abstract\nBig,\""+long+"\"\n", "l.csv", ',')
		if len(res.entries) != 1 || len(res.entries[0].Record.Abstract) != len(long)-1 {
			t.Fatalf("abstract not kept whole")
		}
	})
	t.Run("names are matched whatever their case and spaces", func(t *testing.T) {
		res := readAll(t, " TITLE , doi \nA,10.1000/X\n", "c.csv", ',')
		if len(res.entries) != 1 || res.entries[0].Record.DOI != "10.1000/x" || res.entries[0].Record.Title != "A" {
			t.Fatalf("got %+v %v", res.entries, res.errs)
		}
	})
}

func TestSniff(t *testing.T) {
	tests := []struct {
		name   string
		sample string
		comma  rune
		ok     bool
	}{
		{"a scopus csv is comma-delimited", fixture(t, "scopus.csv"), ',', true},
		{"a web of science export is tab-delimited", fixture(t, "wos.txt"), '\t', true},
		{"a refworks tsv with commas in its column names is tab-delimited", fixture(t, "refworks.tsv"), '\t', true},
		{"a hand-made list is semicolon-delimited", fixture(t, "handmade.csv"), ';', true},
		{"embase's preamble does not hide the header", fixture(t, "embase.csv"), ',', true},
		{"a header with one known column and a matching row is a table", "Title,Notes\nA,b\n", ',', true},
		{"prose with commas is not a table", fixture(t, "prose.csv"), 0, false},
		{"a sentence naming a column is not a table", "Title, author and year are listed below.\nThis is another, sentence.\n", 0, false},
		{"ris with initials after commas is not a table", "TY  - JOUR\nAU  - Forster, CA\nAU  - Smith, JA\nTI  - A title, with a comma\nER  - \n", 0, false},
		{"bibtex is not a table", "@article{a,\n  title = {Title, here},\n  author = {Doe, J and Roe, R},\n  year = {2020}\n}\n", 0, false},
		{"a sample cut inside a quoted cell still shows its header", "Title,Abstract\n\"A\",\"cut", ',', true},
		{"an empty sample is not a table", "", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			comma, ok := Sniff(tt.sample)
			if ok != tt.ok || (ok && comma != tt.comma) {
				t.Errorf("Sniff = %q, %v; want %q, %v", comma, ok, tt.comma, tt.ok)
			}
		})
	}
}

func TestRecognisedListsTitleColumnsFirst(t *testing.T) {
	r := Recognised()
	if len(r) < 50 || r[0] != "Title" {
		t.Errorf("Recognised() = %v", r)
	}
	if tc := TitleColumns(); tc[0] != "Title" || len(tc) != len(columns[fTitle]) {
		t.Errorf("TitleColumns() = %v", tc)
	}
}
