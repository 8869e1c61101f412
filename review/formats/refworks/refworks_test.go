package refworks

import (
	"io"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/winnow-review/winnow/internal/formattest"
	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/formats"
)

func newReader(r io.Reader, name string) formats.Reader { return NewReader(r, name) }

// TestEBSCO reads RefWorks' tagged format as EBSCOhost writes it for
// RefWorks, field by field: the full journal name before its abbreviation,
// the pages from SP and OP or from OP alone, keywords a line, an abstract's
// paragraphs, the database searched.
func TestEBSCO(t *testing.T) {
	f := formattest.ReadFile(t, newReader, filepath.Join("testdata", "ebsco.txt"))
	es := formattest.Entries(t, f.Results)
	want := []review.Record{{
		SourceID: "123456789", Type: "Journal Article",
		Title:    "Falls prevention in care homes: a cluster randomised trial",
		Abstract: "Falls are common in care homes.\nWe ran a cluster trial.",
		Authors:  []review.Author{{Family: "Okafor", Given: "Grace"}, {Family: "Lind", Given: "Per"}},
		Year:     2018, Journal: "Age and Ageing", Volume: "47", Issue: "2", Pages: "210-218",
		DOI: "10.1093/ageing/afx001", ISSN: "0002-0729", Keywords: []string{"Accidental Falls -- Prevention and Control", "Nursing Homes"},
		URL: "https://search.example.org/login.aspx?an=123456789", Language: "english", Database: "CINAHL Complete", Line: 1,
	}, {
		Type: "Book, Section", Title: "Home visits by nurses", Authors: []review.Author{{Family: "Berg", Given: "Jane van der"}},
		Year: 2021, Journal: "Nursing older adults", Pages: "33-41", Line: 26,
	}}
	if len(es) != len(want) {
		t.Fatalf("%d records, want %d", len(es), len(want))
	}
	for i, e := range es {
		got := e.Record
		if !strings.HasPrefix(got.Raw, "RT ") || !strings.Contains(f.Text, got.Raw) {
			t.Errorf("record %d: raw %.40q is not its lines", i+1, got.Raw)
		}
		got.Raw = ""
		if !reflect.DeepEqual(got, want[i]) {
			t.Errorf("record %d:\n got %+v\nwant %+v", i+1, got, want[i])
		}
	}
}

// TestNoBlankLines: records follow each other without blank lines, text
// before the first is skipped with a warning, and a line without a tag
// continues the field above.
func TestNoBlankLines(t *testing.T) {
	text := "Exported from RefWorks\nRT Journal Article\nT1 One\nA1 Smith, J\nRT Journal Article\nT1 Two and\n  a half\n"
	es := formattest.Entries(t, formattest.ReadAll(t, newReader, []byte(text), "x.txt"))
	if len(es) != 2 || es[0].Record.Title != "One" || es[1].Record.Title != "Two and a half" || es[0].Record.Line != 2 || es[1].Record.Line != 5 {
		t.Fatalf("got %d records: %+v", len(es), es)
	}
	if len(es[0].Warnings) != 1 || !strings.Contains(es[0].Warnings[0], "text outside a record") {
		t.Errorf("warnings %q", es[0].Warnings)
	}
}

func TestTag(t *testing.T) {
	for line, want := range map[string]string{"RT Journal": "RT", "A1 Smith": "A1", "K1": "K1", "T1\tx": "T1", "1A x": "", "Rt x": "", "RTX": "", "": ""} {
		if got, _ := Tag([]byte(line)); got != want {
			t.Errorf("Tag(%q) = %q, want %q", line, got, want)
		}
	}
}

func FuzzReader(f *testing.F) {
	formattest.Seed(f, filepath.Join("testdata", "*.txt"), formats.DecodeString)
	f.Fuzz(func(t *testing.T, in string) {
		rs := formattest.Fuzz(t, NewReader(strings.NewReader(in), "fuzz.txt"), in, strings.Count(in, "\n")+3)
		formattest.InOrder(t, rs)
	})
}

// The Reader must satisfy the interface the importer uses.
var _ formats.Reader = (*Reader)(nil)
