package enw

import (
	"strings"
	"testing"

	"github.com/winnow-review/winnow/internal/formattest"
)

// TestCorpus reads every EndNote tagged export of the shared corpus: each
// must give the manifest's record count with no error, and its fields must
// look like fields, not like tags left in the text.
func TestCorpus(t *testing.T) {
	formattest.Corpus(t, "enw", newReader, func(t *testing.T, f *formattest.File) {
		titled, prev := 0, 0
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
			if r.Title != "" {
				titled++
			}
			for _, s := range append([]string{r.Title, r.Abstract, r.Journal}, r.Keywords...) {
				if strings.Contains(s, "%") && len(s) > 2 && s[0] == '%' {
					t.Errorf("line %d: field holds a tag: %.60q", r.Line, s)
				}
			}
			if r.DOI != "" && !strings.HasPrefix(r.DOI, "10.") {
				t.Errorf("line %d: DOI %q", r.Line, r.DOI)
			}
			for _, a := range r.Authors {
				if a.Family == "" || strings.Contains(a.Given, " and ") {
					t.Errorf("line %d: author %+v", r.Line, a)
				}
			}
		}
		// The hand-made Rayyan file has a record with no %T on purpose.
		if titled*2 < len(f.Entries) {
			t.Errorf("only %d of %d records have a title", titled, len(f.Entries))
		}
	})
}
