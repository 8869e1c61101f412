package csljson

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

func newReader(r io.Reader, name string) formats.Reader { return NewReader(r, name) }

// read reads text as the importer does and gives its results.
func read(t *testing.T, text string) []formattest.Result {
	t.Helper()
	return formattest.ReadAll(t, newReader, []byte(text), "x.json")
}

// TestZotero reads a CSL JSON export as Zotero writes one, field by field:
// a name's particle and suffix, an organisation, markup in the title and
// abstract, a year given as a string, numbers where strings are due, lists
// where one value is due, and each item's line.
func TestZotero(t *testing.T) {
	f := formattest.ReadFile(t, newReader, filepath.Join("testdata", "zotero.json"))
	es := formattest.Entries(t, f.Results)
	want := []review.Record{{
		SourceID: "http://zotero.org/users/1/items/ABCD1234", Type: "article-journal",
		Title: "Integrated care: a scoping review", Abstract: "Integrated care for older adults at home.",
		Authors: []review.Author{{Family: "van der Berg", Given: "Jane"}, {Family: "Smith", Given: "John, Jr."},
			{Family: "WHO Collaborating Group"}},
		Year: 2019, Journal: "International Journal of Integrated Care", Volume: "19", Issue: "2", Pages: "1-12",
		DOI: "10.5334/ijic.1234", PMID: "30000001", ISSN: "1568-4156", Keywords: []string{"integrated care", "older adults"},
		Language: "en", Line: 2,
	}, {
		SourceID: "2", Type: "paper-conference", Title: "Second", Year: 2021, Journal: "Proc A", Volume: "7", Pages: "42",
		ISSN: "1111-2222; 3333-4444", Line: 25,
	}}
	if len(es) != len(want) {
		t.Fatalf("%d records, want %d", len(es), len(want))
	}
	for i, e := range es {
		got := e.Record
		if !strings.HasPrefix(got.Raw, "{") || !strings.HasSuffix(got.Raw, "}") || !strings.Contains(f.Text, got.Raw) {
			t.Errorf("record %d: raw is not the item's text: %.60q", i+1, got.Raw)
		}
		got.Raw = ""
		if !reflect.DeepEqual(got, want[i]) {
			t.Errorf("record %d:\n got %+v\nwant %+v", i+1, got, want[i])
		}
	}
}

// TestWrapped reads an API's answer that holds the items under "items",
// with a whole name in "name", a date as a string and only a first page.
func TestWrapped(t *testing.T) {
	f := formattest.ReadFile(t, newReader, filepath.Join("testdata", "wrapped.json"))
	es := formattest.Entries(t, f.Results)
	if len(es) != 1 {
		t.Fatalf("%d records, want 1", len(es))
	}
	got := es[0].Record
	got.Raw = ""
	want := review.Record{Type: "article-journal", Title: "From an API", Authors: []review.Author{{Family: "Pereira", Given: "Ana"}},
		Year: 2020, DOI: "10.1000/api.1", Pages: "e42", Line: 4}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("\n got %+v\nwant %+v", got, want)
	}
}

// TestCrossref: Crossref's API answers with its items under "message"
// (titles and journals as lists, the abstract in JATS markup), and a DOI
// looked up as CSL JSON is one item.
func TestCrossref(t *testing.T) {
	list := `{"status": "ok", "message-type": "work-list",
"message": {"total-results": 1, "items": [
  {"DOI": "10.1000/xyz.1", "title": ["Integrated care in practice"], "container-title": ["J Integr Care"],
   "author": [{"given": "Ana", "family": "Pereira", "sequence": "first"}], "issued": {"date-parts": [[2018, 4]]},
   "abstract": "<jats:p>Care was integrated.</jats:p>", "page": "10-19", "type": "journal-article"}]}}`
	es := formattest.Entries(t, read(t, list))
	if len(es) != 1 {
		t.Fatalf("%d records, want 1", len(es))
	}
	r := es[0].Record
	if r.Title != "Integrated care in practice" || r.Journal != "J Integr Care" || r.Year != 2018 || r.Abstract != "Care was integrated." ||
		r.DOI != "10.1000/xyz.1" || r.Pages != "10-19" || r.Line != 3 || len(r.Authors) != 1 {
		t.Errorf("got %+v", r)
	}
	one := "\n{\"type\": \"article-journal\", \"title\": \"Looked up\", \"DOI\": \"10.1000/xyz.2\"}\n"
	es = formattest.Entries(t, read(t, one))
	if len(es) != 1 || es[0].Record.Title != "Looked up" || es[0].Record.Line != 2 {
		t.Errorf("one item: %+v", es)
	}
}

// TestShapes: one item alone, an empty array, dates in each way CSL allows.
func TestShapes(t *testing.T) {
	for _, tt := range []struct {
		name, text string
		years      []int
	}{
		{"one item", `{"type": "book", "title": "Alone", "issued": {"date-parts": [[1999]]}}`, []int{1999}},
		{"empty", "[]\n", nil},
		{"dates", `[{"title": "a", "issued": {"literal": "Spring 2004"}}, {"title": "b", "issued": {"date-parts": [["2005", "03"]]}},
			{"title": "c", "issued": null}, {"title": "d", "issued": {"raw": "2007/01/02"}}, {"title": "e"}]`, []int{2004, 2005, 0, 2007, 0}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var years []int
			for _, e := range formattest.Entries(t, read(t, tt.text)) {
				years = append(years, e.Record.Year)
			}
			if !reflect.DeepEqual(years, tt.years) {
				t.Errorf("years %v, want %v", years, tt.years)
			}
		})
	}
}

// TestErrors: an item that is no object is an error at its line, and the
// items after it are read; JSON that breaks off or is malformed ends the
// file with an error at its line.
func TestErrors(t *testing.T) {
	rs := read(t, "[\n{\"title\": \"one\"},\n\"stray\",\n{\"title\": \"two\"}\n]\n")
	es, errs := formattest.Split(rs)
	if len(es) != 2 || len(errs) != 1 {
		t.Fatalf("%d records and errors %v; want 2 records and 1 error", len(es), errs)
	}
	var pe *formats.ParseError
	if !errors.As(errs[0], &pe) || pe.Line != 3 || !strings.Contains(pe.Msg, "must be a JSON object") {
		t.Errorf("error %v, want one at line 3 saying an item must be an object", errs[0])
	}

	for _, tt := range []struct {
		name, text string
		line       int
		records    int
	}{
		{"cut short", "[\n{\"title\": \"one\"},\n{\"title\": \"tw", 3, 1},
		{"malformed", "[\n{\"title\": \"one\"},\n{\"title\" \"two\"}\n]", 3, 1},
		{"no array", "\"just a string\"", 1, 0},
		{"not JSON at all", "\n\nTY  - JOUR\nER  - \n", 3, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			es, errs := formattest.Split(read(t, tt.text))
			if len(es) != tt.records || len(errs) != 1 || !errors.As(errs[0], &pe) || pe.Line != tt.line || !errors.Is(errs[0], formats.ErrSyntax) {
				t.Errorf("%d records, errors %v; want %d records and a syntax error at line %d", len(es), errs, tt.records, tt.line)
			}
		})
	}
}

func FuzzReader(f *testing.F) {
	for _, name := range []string{"zotero.json", "wrapped.json"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(data))
	}
	f.Add(`[{"title": 1, "author": [{"family": ["a"]}], "issued": {"date-parts": [[]]}}]`)
	f.Fuzz(func(t *testing.T, in string) {
		rd := NewReader(strings.NewReader(in), "fuzz.json")
		rs := formattest.Fuzz(t, rd, in, strings.Count(in, "\n")+strings.Count(in, ",")+3)
		// Items may share a line (JSON written without line breaks).
		formattest.NeverBack(t, rs)
	})
}

// The Reader must satisfy the interface the importer uses.
var _ formats.Reader = (*Reader)(nil)
