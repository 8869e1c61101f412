package bibtex

import (
	"bytes"
	"errors"
	"io"
	"os"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/winnow-review/winnow/internal/formattest"
	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/formats"

	"github.com/winnow-review/winnow/internal/procstat"
)

// fixture reads every result of a file in testdata.
func fixture(t *testing.T, name string) []formattest.Result {
	t.Helper()
	data, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return readResults(t, data, name)
}

// entryAt gives the entry of a fixture that starts at line.
func entryAt(t *testing.T, file string, line int) *formats.Entry {
	t.Helper()
	for _, r := range fixture(t, file) {
		if r.Entry != nil && r.Entry.Record.Line == line {
			return r.Entry
		}
	}
	t.Fatalf("%s: no entry starts at line %d", file, line)
	return nil
}

func TestFieldsAreMappedAndDecoded(t *testing.T) {
	tests := []struct {
		name  string
		file  string
		line  int
		field string
		want  any
	}{
		{"the citation key is the source id", "exports.bib", 4, "SourceID", "larsen_microangiography_1999"},
		{"the entry type is kept in lower case", "exports.bib", 43, "Type", "inproceedings"},
		{"case-protecting braces are dropped from the title", "exports.bib", 4, "Title", "Microangiography of the humeral condyle in Cocker Spaniel dogs"},
		{"a line break at the start of a line stays in the abstract", "exports.bib", 4, "Abstract", "The purpose of this study was to evaluate the blood supply.\nMicroangiography was performed on four dogs."},
		{"a group author in braces is kept whole and others is dropped", "exports.bib", 4, "Authors", []review.Author{{Family: "Larsen", Given: "L. J."}, {Family: "Roush", Given: "J. K."}, {Family: "World Health Organization"}}},
		{"a double-dash page range becomes a hyphen", "exports.bib", 4, "Pages", "137-142"},
		{"keywords split on semicolons when there are any (a comma is then part of a keyword), else on commas", "exports.bib", 4, "Keywords", []string{"dogs", "elbow, condyle"}},
		{"a DOI loses its doi.org prefix and is lower-cased", "exports.bib", 4, "DOI", "10.1055/s-0038-1632480"},
		{"a tilde in a URL stays a tilde", "exports.bib", 4, "URL", "https://example.org/a?b=c~d"},
		{"language is lower-cased", "exports.bib", 4, "Language", "english"},
		{"volume and number are read", "exports.bib", 4, "Volume+Issue", "12/3"},
		{"a space before the key is not part of it", "exports.bib", 21, "SourceID", "WOS:000278542800018"},
		{"capitalised field names are read", "exports.bib", 21, "Journal", "APPLIED MATHEMATICS AND COMPUTATION"},
		{"a wrapped title becomes one line", "exports.bib", 21, "Title", "Estimation of missing judgments in AHP pairwise matrices using a neural network-based model"},
		{"indented continuation lines of an abstract are joined", "exports.bib", 21, "Abstract", "Selecting relevant features to make a decision is not a simple task. The decision maker must define the alternatives."},
		{"issn and eissn are both kept", "exports.bib", 21, "ISSN", "0096-3003; 1873-5649"},
		{"keywords-plus counts as keywords", "exports.bib", 21, "Keywords", []string{"CONSISTENCY", "AHP"}},
		{"LaTeX accents and letters become Unicode in names", "exports.bib", 43, "Authors", []review.Author{{Family: "Bogadóttir", Given: "Ragnheiður"}, {Family: "Müller", Given: "Karl"}, {Family: "Østergaard", Given: "Søren"}}},
		{"dashes, accents and emphasis are decoded in a title", "exports.bib", 43, "Title", "Fleece: Imperial metabolism in the à pre–Columbian Andes — a study"},
		{"a booktitle is the journal of a proceedings paper", "exports.bib", 43, "Journal", "Ecology and Power: Struggles over Land"},
		{"a double-braced year is read", "exports.bib", 43, "Year", 2012},
		{"a pubmed eprint gives the PMID", "exports.bib", 43, "PMID", "23456789"},
		{"a macro defined with quotes and a tie is expanded", "macros.bib", 5, "Journal", "J. Organomet. Chem."},
		{"a bare number is a value", "macros.bib", 5, "Year", 2006},
		{"concatenated pieces are joined", "macros.bib", 5, "Volume", "691/13"},
		{"quoted values keep their inner braces until decoding", "macros.bib", 5, "Title", "Effect of immobilization on Pd-N-heterocyclic carbenes"},
		{"an undefined macro is kept as text with a warning", "macros.bib", 5, "Warnings", []string{`field series: undefined macro "JAMA" kept as text`}},
		{"a biblatex date gives the year", "macros.bib", 16, "Year", 2001},
		{"a key with a letter outside the library's list is kept", "keys.bib", 1, "SourceID", "Øster2020"},
		{"a URL key is kept as written", "keys.bib", 4, "SourceID", "doi:https://doi.org/10.1111/gps.4444?x=1&y=2"},
		{"an empty key is allowed", "keys.bib", 7, "Title", "An empty key"},
		{"a key with a space is kept", "keys.bib", 13, "SourceID", "Conference paper2022775"},
		{"an entry in parentheses is read", "keys.bib", 16, "Title", "Parentheses (with a close) in a quoted value"},
		{"an underscore type is kept", "keys.bib", 20, "Type", "web_page"},
		{"a field named comment does not upset the library", "keys.bib", 20, "URL", "https://example.org/page"},
		{"an at sign in a value is kept", "keys.bib", 26, "Abstract", "Contact: author@example.org, or @type:Person in JSON."},
		{"an entry without fields is a record with a warning", "keys.bib", 30, "Warnings", []string{`entry "nofields" has no fields`}},
		{"a value with unbalanced braces is mended line by line", "unbalanced.bib", 1, "Keywords", []string{"Price fixing", "googletag.cmd.push(function() var x = 1", "@type:Person", "@type:Person", "more"}},
		{"the title after an unbalanced value is not lost", "unbalanced.bib", 1, "Title", "When sharing fixes prices."},
		{"mending braces is reported", "unbalanced.bib", 1, "Warnings", []string{`braces do not balance in "keywords": the entry was read line by line`}},
		{"the entry after an unbalanced one is read", "unbalanced.bib", 8, "Title", "The entry after"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := entryAt(t, tt.file, tt.line)
			r := e.Record
			var got any
			switch tt.field {
			case "SourceID":
				got = r.SourceID
			case "Type":
				got = r.Type
			case "Title":
				got = r.Title
			case "Abstract":
				got = r.Abstract
			case "Authors":
				got = r.Authors
			case "Pages":
				got = r.Pages
			case "Keywords":
				got = r.Keywords
			case "DOI":
				got = r.DOI
			case "URL":
				got = r.URL
			case "Language":
				got = r.Language
			case "Volume+Issue":
				got = r.Volume + "/" + r.Issue
			case "Volume":
				got = r.Volume
			case "Journal":
				got = r.Journal
			case "ISSN":
				got = r.ISSN
			case "Year":
				got = r.Year
			case "PMID":
				got = r.PMID
			case "Warnings":
				got = e.Warnings
			default:
				t.Fatalf("unknown field %s", tt.field)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("%s:%d %s = %#v, want %#v", tt.file, tt.line, tt.field, got, tt.want)
			}
		})
	}
}

func TestRawIsTheEntryAsWritten(t *testing.T) {
	wos := `@article{ WOS:000278542800018,
Author = {Antonio Gomez-Ruiz, Jose and Karanik, Marcelo},
Title = {Estimation of missing judgments in {AHP} pairwise matrices using a neural
   network-based model},
Journal = {APPLIED MATHEMATICS AND COMPUTATION},
Year = {2010},
Abstract = {Selecting relevant features to make a decision is not a simple
   task. The decision maker must define the alternatives.},
DOI = {10.1016/j.amc.2010.04.009},
ISSN = {0096-3003},
EISSN = {1873-5649},
Keywords-Plus = {CONSISTENCY; AHP},
Unique-ID = {WOS:000278542800018},
}`
	if got := entryAt(t, "exports.bib", 21).Record.Raw; got != wos {
		t.Errorf("raw of a multi-line entry:\n%s\nwant\n%s", got, wos)
	}
	parens := "@article(parens,\n  title = \"Parentheses (with a close) in a quoted value\",\n  author = {Smith, J.}\n)"
	if got := entryAt(t, "keys.bib", 16).Record.Raw; got != parens {
		t.Errorf("raw of an entry in parentheses = %q, want %q", got, parens)
	}

	tests := []struct {
		name  string
		input string
		want  []string
	}{
		{"two entries on one line are cut apart", "@a{x, t={1}} @b{y, t={2}}\n", []string{"@a{x, t={1}}", "@b{y, t={2}}"}},
		{"indentation before the @ is kept", "  @a{x, t={1}}\n", []string{"  @a{x, t={1}}"}},
		{"text before the @ on its line is cut", "junk @a{x, t={1}}\n", []string{"@a{x, t={1}}"}},
		{"a brace on the line after the type belongs to the entry", "@article\n{x, t={1}}\n", []string{"@article\n{x, t={1}}"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, r := range readResults(t, []byte(tt.input), "raw.bib") {
				if r.Err != nil {
					t.Fatal(r.Err)
				}
				got = append(got, r.Entry.Record.Raw)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("raw = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestWhatIsNotARecord(t *testing.T) {
	tests := []struct {
		name  string
		input string
		want  []string // source ids of the records
	}{
		{"a file of @string definitions has no records", "@string{a = {A}}\n@STRING(b = \"B\")\n", nil},
		{"comments, preambles and text between entries are skipped", "% header\n@comment{jabref-meta: databaseType:bibtex;}\nfree text\n@preamble{\"x\"}\n@a{k, t={1}}\n", []string{"k"}},
		{"an entry commented out with % is skipped", "%@article{old, title={x}}\n@a{new, t={1}}\n", []string{"new"}},
		{"a comment holding an entry is one comment", "@comment{ @article{x, title={y}} }\n@a{k, t={1}}\n", []string{"k"}},
		{"an at sign not followed by a type and brace is text", "mail me@home or @ 2020 @a\n@a{k, t={1}}\n", []string{"k"}},
		{"an unclosed comment ends quietly at the next entry", "@comment{ open\n@a{k, t={1}}\n", []string{"k"}},
		{"an empty file has no records", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, r := range readResults(t, []byte(tt.input), "x.bib") {
				if r.Err != nil {
					t.Fatal(r.Err)
				}
				got = append(got, r.Entry.Record.SourceID)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("records %q, want %q", got, tt.want)
			}
		})
	}
}

func TestBadEntriesAreReportedAndSkipped(t *testing.T) {
	// Each step is one call of Next: a record (by key) or an error.
	type step struct {
		key   string
		cause error
		text  string
	}
	want := []step{
		{key: "good1"},
		{cause: formats.ErrSyntax, text: `broken.bib:7: record starting at line 5: missing comma after field "title"`},
		{cause: formats.ErrTruncated, text: `broken.bib:10: entry not closed: missing } before the entry at line 14`},
		{key: "good2"},
		{key: "good1"},
		{cause: formats.ErrSyntax, text: `broken.bib:23: record starting at line 22: field name expected, found "= {no field name},"`},
		{key: "good3"},
		{cause: formats.ErrTruncated, text: `broken.bib:30: entry not closed: missing } at the end of the file`},
	}
	got := fixture(t, "broken.bib")
	if len(got) != len(want) {
		t.Fatalf("got %d results, want %d: %v", len(got), len(want), got)
	}
	for i, w := range want {
		g := got[i]
		switch {
		case w.cause == nil && g.Err != nil:
			t.Errorf("step %d: error %v, want record %q", i, g.Err, w.key)
		case w.cause != nil && !errors.Is(g.Err, w.cause):
			t.Errorf("step %d: error %v, want cause %v", i, g.Err, w.cause)
		case w.cause != nil && g.Err.Error() != w.text:
			t.Errorf("step %d: error\n%s\nwant\n%s", i, g.Err, w.text)
		}
		switch {
		case w.key == "" && g.Entry != nil:
			t.Errorf("step %d: an entry came with %v", i, g.Err)
		case w.key != "" && (g.Entry == nil || g.Entry.Record.SourceID != w.key):
			t.Errorf("step %d: entry %+v, want key %q", i, g.Entry, w.key)
		}
	}
}

func TestRepeatedKeysAreRecordsWithOneWarningEach(t *testing.T) {
	in := "@article{Smith2020,\n title = {Integrated care},\n}\n" +
		"@article{Jones2019,\n title = {Social care},\n}\n" +
		"@article{Smith2020,\n title = {Another work by Smith},\n}\n" +
		"@article{Jones2019,\n title = {Social {C}are.},\n}\n" +
		"@article{Smith2020,\n title = {A third},\n}\n" +
		"@article{Lee2021,\n title = {Alone},\n}\n"
	rd := NewReader(strings.NewReader(in), "x.bib")
	es := formattest.Entries(t, formattest.Read(t, rd))
	var keys []string
	for _, e := range es {
		keys = append(keys, e.Record.SourceID)
		if len(e.Warnings) > 0 {
			t.Errorf("entry at line %d: warnings %q", e.Record.Line, e.Warnings)
		}
	}
	if want := []string{"Smith2020", "Jones2019", "Smith2020", "Jones2019", "Smith2020", "Lee2021"}; !reflect.DeepEqual(keys, want) {
		t.Errorf("source ids %q, want %q", keys, want)
	}
	want := []formats.Warning{
		{Line: 1, Msg: `key "Smith2020" is used by 3 entries, at lines 1, 7 and 13: each is imported as a record with that key as its source id (a citation key is not an identity; dedup compares the records)`},
		{Line: 4, Msg: `key "Jones2019" is used by 2 entries, at lines 4 and 10: each is imported as a record with that key as its source id (a citation key is not an identity; dedup compares the records)`},
	}
	if got := rd.FileWarnings(); !reflect.DeepEqual(got, want) {
		t.Errorf("file warnings:\n got %+v\nwant %+v", got, want)
	}
}

func TestAnEntryWithoutAKeyIsARecord(t *testing.T) {
	tests := []struct {
		name, input, title string
	}{
		{"a field where the key should be (bibtexparser #163)", "@misc{\nauthor = {AMAP},\ntitle = {Summary of SWIPA},\nyear = {2009},\n}\n", "Summary of SWIPA"},
		{"an empty key, as R's citation() writes (pubs #113)", "@Manual{,\n  title = {R: A Language and Environment for Statistical Computing},\n  year = {2017},\n}\n", "R: A Language and Environment for Statistical Computing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rd := NewReader(strings.NewReader(tt.input), "x.bib")
			es := formattest.Entries(t, formattest.Read(t, rd))
			if len(es) != 1 {
				t.Fatalf("got %d records", len(es))
			}
			r := es[0].Record
			if r.Title != tt.title || r.SourceID != "" || r.Year == 0 {
				t.Errorf("got %+v", r)
			}
			if w := es[0].Warnings; !reflect.DeepEqual(w, []string{"entry has no key: it is imported with no source id"}) {
				t.Errorf("warnings %q", w)
			}
			if fw := rd.FileWarnings(); len(fw) > 0 {
				t.Errorf("file warnings %+v", fw)
			}
		})
	}
}

func TestMoreSyntaxErrors(t *testing.T) {
	tests := []struct {
		name  string
		input string
		cause error
		text  string
	}{
		{"a field without = is an error", "@a{k,\n title {x},\n}\n", formats.ErrSyntax, `x.bib:2: record starting at line 1: missing = after field name "title"`},
		{"an unclosed quoted value is an error", "@a{k,\n title = \"x\n}\n", formats.ErrSyntax, `x.bib:2: record starting at line 1: quoted value of field "title" not closed: missing "`},
		{"a missing value is an error", "@a{k, title = }\n", formats.ErrSyntax, `x.bib:1: value of field "title" missing`},
		{"a key that is not a key is an error", "@a{title x = {x}, year = 2000}\n", formats.ErrSyntax, `x.bib:1: entry key missing or malformed: "title x ="`},
		{"an unclosed parenthesised entry is truncated", "@a(k, title = {x}\n", formats.ErrTruncated, `x.bib:1: entry not closed: missing ) at the end of the file`},
		{"a bad @string is reported", "@string{x {y}}\n", formats.ErrSyntax, `x.bib:1: missing = after field name "x"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := readResults(t, []byte(tt.input), "x.bib")
			if len(res) == 0 || res[0].Err == nil {
				t.Fatalf("no error, got %v", res)
			}
			if !errors.Is(res[0].Err, tt.cause) || res[0].Err.Error() != tt.text {
				t.Errorf("error %q (%v), want %q (%v)", res[0].Err, errors.Unwrap(res[0].Err), tt.text, tt.cause)
			}
		})
	}
}

func TestNextAfterTheEndKeepsReturningEOF(t *testing.T) {
	rd := NewReader(strings.NewReader("@a{k, t={1}}\n"), "x.bib")
	if _, err := rd.Next(); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		if e, err := rd.Next(); e != nil || err != io.EOF {
			t.Fatalf("call %d after the end: %v, %v", i, e, err)
		}
	}
}

func TestIOErrorsEndTheFile(t *testing.T) {
	boom := errors.New("disk gone")
	rd := NewReader(io.MultiReader(strings.NewReader("@a{k, t={1}}\n@a{j,\n"), iotest.ErrReader(boom)), "x.bib")
	if _, err := rd.Next(); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		if _, err := rd.Next(); !errors.Is(err, boom) {
			t.Fatalf("call %d: %v, want the I/O error", i, err)
		}
	}
}

func TestAuthorsAreSplitAtTopLevelAnd(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []review.Author
	}{
		{"family-first names", "Smith, John and Doe, Jane", []review.Author{{Family: "Smith", Given: "John"}, {Family: "Doe", Given: "Jane"}}},
		{"given-first names", "John Smith AND Jane Doe", []review.Author{{Family: "Smith", Given: "John"}, {Family: "Doe", Given: "Jane"}}},
		{"and inside braces does not split", "{Barnes and Noble} and Smith, J.", []review.Author{{Family: "Barnes and Noble"}, {Family: "Smith", Given: "J."}}},
		{"and across a line break splits", "Smith, J.\n    and Doe, J.", []review.Author{{Family: "Smith", Given: "J."}, {Family: "Doe", Given: "J."}}},
		{"a word containing and does not split", "Anderson, A. and Sandy Brand", []review.Author{{Family: "Anderson", Given: "A."}, {Family: "Brand", Given: "Sandy"}}},
		{"braced family parts are unbraced", "{van Gogh}, Vincent and {Bellet-Amalric}, Edith", []review.Author{{Family: "van Gogh", Given: "Vincent"}, {Family: "Bellet-Amalric", Given: "Edith"}}},
		{"others is dropped", "Smith, J. and others", []review.Author{{Family: "Smith", Given: "J."}}},
		{"an empty field gives no authors", "  ", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := authors(tt.in); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("authors(%q) = %#v, want %#v", tt.in, got, tt.want)
			}
		})
	}
}

func TestLibraryResetsAfterError(t *testing.T) {
	// A failure inside a field leaves the library's global parseField set;
	// without the reset in parse the next, valid entry fails too.
	if _, ok := parse([]byte("@article{k, title = {abc")); ok {
		t.Fatal("the library accepted an unclosed entry")
	}
	bib, ok := parse([]byte("@article{k,\n title = {A},\n}\n"))
	if !ok || len(bib.Entries) != 1 || bib.Entries[0].Fields["title"].String() != "A" {
		t.Fatalf("a valid entry after a failed one was not read: %v %v", ok, bib)
	}
}

func TestEveryCorpusQuirkGoesThroughTheLibrary(t *testing.T) {
	for _, f := range []string{"exports.bib", "macros.bib", "keys.bib", "unbalanced.bib"} {
		data, err := os.ReadFile("testdata/" + f)
		if err != nil {
			t.Fatal(err)
		}
		rd := NewReader(strings.NewReader(string(data)), f)
		for {
			_, err := rd.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
		}
		if rd.fallbacks != 0 {
			t.Errorf("%s: the library rejected %d rewritten entries", f, rd.fallbacks)
		}
	}
}

func TestHostileInputsStayLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("large inputs")
	}
	tests := []struct {
		name  string
		input string
	}{
		{"many entries on one line", strings.Repeat("@a{k, t={x}} ", 50000)},
		{"many at signs on one line", strings.Repeat("@", 1<<20)},
		{"many types without braces", strings.Repeat("@a @b ", 200000)},
		{"a deep stack of braces", "@a{k, t={" + strings.Repeat("{", 1<<20) + strings.Repeat("}", 1<<20) + "}}"},
		{"many fields with the same name", "@a{k," + strings.Repeat("title={x},", 100000) + "}"},
		{"many stray braces in an unbalanced value", "@a{k,\nkw = {" + strings.Repeat("}{", 100000) + "} x,\nt = {y},\n}\n"},
		{"many lines of an unclosed comment", "@comment{" + strings.Repeat("x\n", 200000)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := procstat.CPUTime()
			rd := NewReader(strings.NewReader(tt.input), "x.bib")
			for n := 0; ; n++ {
				if _, err := rd.Next(); err == io.EOF {
					break
				}
				if n > len(tt.input) {
					t.Fatal("no end")
				}
			}
			// Processor time, not the clock, so that a busy machine
			// does not fail the test: the slowest input takes about 1 s
			// of it (3 s under -race), a quadratic reader far more.
			if d := procstat.CPUTime() - start; d > 30*time.Second {
				t.Errorf("took %v of processor time", d)
			}
		})
	}
}

// Reader is a formats.Reader.
var _ formats.Reader = (*Reader)(nil)

func TestDecodedInputIsRead(t *testing.T) {
	tests := []struct {
		name string
		raw  string
		want string
		line int
	}{
		{"windows-1252 text arrives decoded", "% Encoding: windows-1252\n\n@Article{,\n  abstract = {25\xb0 C},\n}\n", "25° C", 3},
		{"a UTF-8 byte order mark and CRLF line ends are gone", "\ufeff\r\n@article{ WOS:1,\r\nAbstract = {Line one\r\n   line two},\r\n}\r\n", "Line one line two", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw := []byte(tt.raw)
			info, err := formats.Sniff(bytes.NewReader(raw))
			if err != nil {
				t.Fatal(err)
			}
			rd := NewReader(formats.Decode(bytes.NewReader(raw), info.Encoding), "x.bib")
			e, err := rd.Next()
			if err != nil {
				t.Fatal(err)
			}
			if e.Record.Abstract != tt.want {
				t.Errorf("abstract %q, want %q", e.Record.Abstract, tt.want)
			}
			if e.Record.Line != tt.line {
				t.Errorf("line %d, want %d", e.Record.Line, tt.line)
			}
		})
	}
}
