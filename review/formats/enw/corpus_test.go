package enw

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/winnow-review/winnow/internal/testcorpus"
)

// TestCorpus reads every EndNote tagged export of the shared corpus: each
// must give the manifest's record count with no error, and its fields must
// look like fields, not like tags left in the text.
func TestCorpus(t *testing.T) {
	for _, ex := range testcorpus.Exports(t, "enw") {
		t.Run(filepath.Base(ex.Path), func(t *testing.T) {
			entries, errs, lines := readAll(t, ex.Path)
			for _, err := range errs {
				if err != nil {
					t.Errorf("a real export must parse clean: %v", err)
				}
			}
			if len(entries) != ex.Records {
				t.Fatalf("read %d records, the manifest says %d", len(entries), ex.Records)
			}
			titled, prev := 0, 0
			for _, e := range entries {
				r := e.Record
				if len(e.Warnings) > 0 {
					t.Errorf("line %d: warnings %q", r.Line, e.Warnings)
				}
				if r.Line <= prev {
					t.Errorf("record at line %d comes after one at line %d", r.Line, prev)
				}
				prev = r.Line
				n := strings.Count(r.Raw, "\n") + 1
				if got := strings.Join(lines[r.Line-1:r.Line-1+n], "\n"); got != r.Raw {
					t.Errorf("line %d: Raw is not the record's lines as read", r.Line)
				}
				if r.Title != "" {
					titled++
				}
				for _, s := range append([]string{r.Title, r.Abstract, r.Journal}, r.Keywords...) {
					if strings.Contains(s, "%") && len(s) > 2 && s[0] == '%' {
						t.Errorf("line %d: field holds a tag: %q", r.Line, abbrev(s))
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
			if titled*2 < len(entries) {
				t.Errorf("only %d of %d records have a title", titled, len(entries))
			}
		})
	}
}
