package wos

import (
	"strings"
	"testing"

	"github.com/winnow-review/winnow/internal/formattest"
)

// TestCorpus reads every Web of Science export of the shared corpus: each
// must give the manifest's record count with no error and no warning, and
// its fields must look like fields, not like tags left in the text.
func TestCorpus(t *testing.T) {
	formattest.Corpus(t, "wos", newReader, func(t *testing.T, f *formattest.File) {
		titled, authored, prev := 0, 0, 0
		for _, e := range f.Entries {
			r := e.Record
			if len(e.Warnings) > 0 {
				t.Errorf("line %d: warnings %q", r.Line, e.Warnings)
			}
			if r.Line <= prev {
				t.Errorf("record at line %d comes after one at line %d", r.Line, prev)
			}
			prev = r.Line
			if !f.IsRaw(r.Raw, r.Line) {
				t.Errorf("line %d: Raw is not the record's lines as read", r.Line)
			}
			if !strings.HasPrefix(r.Raw, "PT ") || !strings.HasSuffix(r.Raw, "\nER") {
				t.Errorf("line %d: Raw does not run from PT to ER", r.Line)
			}
			if i := strings.IndexByte(r.SourceID, ':'); i < 3 || i == len(r.SourceID)-1 {
				t.Errorf("line %d: SourceID %q", r.Line, r.SourceID)
			}
			if r.Title != "" {
				titled++
			}
			if len(r.Authors) > 0 {
				authored++
			}
			for _, s := range []string{r.Title, r.Abstract, r.Journal} {
				if len(s) > 3 && s[2] == ' ' && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z' && strings.Contains(s, "\n") {
					t.Errorf("line %d: field holds tag lines: %.60q", r.Line, s)
				}
			}
			if r.DOI != "" && !strings.HasPrefix(r.DOI, "10.") {
				t.Errorf("line %d: DOI %q", r.Line, r.DOI)
			}
			if r.Year < 1900 || r.Year > 2100 {
				t.Errorf("line %d: year %d", r.Line, r.Year)
			}
			if r.Type == "" || r.Journal == "" {
				t.Errorf("line %d: no type or journal", r.Line)
			}
			for _, a := range r.Authors {
				if a.Family == "" || strings.Contains(a.Family, ";") {
					t.Errorf("line %d: author %+v", r.Line, a)
				}
			}
		}
		if titled != len(f.Entries) || authored != len(f.Entries) {
			t.Errorf("%d of %d records have a title, %d have authors", titled, len(f.Entries), authored)
		}
	})
}
