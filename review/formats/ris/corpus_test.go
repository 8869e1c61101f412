package ris

import (
	"strings"
	"testing"

	"github.com/winnow-review/winnow/internal/formattest"
	"github.com/winnow-review/winnow/review/formats"
)

// TestCorpus reads every RIS export of the shared corpus: each must give
// the number of records its manifest states, with no errors, and the fields
// must look like what they are.
func TestCorpus(t *testing.T) {
	formattest.Corpus(t, "ris", newReader, func(t *testing.T, f *formattest.File) {
		titled, lastLine := 0, 0
		for _, e := range f.Entries {
			checkCorpusRecord(t, e, lastLine)
			lastLine = e.Record.Line
			if e.Record.Title != "" {
				titled++
			}
		}
		if n := len(f.Entries); n >= 5 && titled*10 < n*9 {
			t.Errorf("only %d of %d records have a title", titled, n)
		}
	})
}

func checkCorpusRecord(t *testing.T, e *formats.Entry, lastLine int) {
	t.Helper()
	r := &e.Record
	if r.Line <= lastLine {
		t.Errorf("record at line %d follows one at line %d", r.Line, lastLine)
	}
	if tag, _, ok := tagLine(firstLine(r.Raw)); !ok || tag != "TY" {
		t.Errorf("line %d: raw does not start with a TY line: %.40q", r.Line, r.Raw)
	}
	for _, v := range []string{r.Title, r.Journal, r.Volume, r.Issue, r.Pages, r.URL, r.SourceID, r.AuthorNames()} {
		if hasTag(v) {
			t.Errorf("line %d: a field holds a raw tag: %q", r.Line, v)
		}
	}
	if r.DOI != "" && (!strings.HasPrefix(r.DOI, "10.") || strings.ContainsAny(r.DOI, " \n&")) {
		t.Errorf("line %d: DOI %q is not a bare DOI", r.Line, r.DOI)
	}
	if r.Year != 0 && (r.Year < 1800 || r.Year > 2030) {
		t.Errorf("line %d: year %d", r.Line, r.Year)
	}
	for _, k := range r.Keywords {
		if k == "" || hasTag(k) {
			t.Errorf("line %d: keyword %q", r.Line, k)
		}
	}
	for _, a := range r.Authors {
		if a.Family == "" {
			t.Errorf("line %d: author with no family name: %+v", r.Line, a)
		}
	}
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// hasTag reports whether a tag such as "TI  - " appears in s.
func hasTag(s string) bool {
	for i := strings.Index(s, " - "); i >= 0; {
		start := max(0, i-5)
		for j := start; j < i; j++ {
			if _, _, ok := splitTag(s[j:]); ok {
				return true
			}
		}
		k := strings.Index(s[i+1:], " - ")
		if k < 0 {
			break
		}
		i += 1 + k
	}
	return false
}
