package endnote

import (
	"strings"
	"testing"

	"github.com/winnow-review/winnow/internal/formattest"
)

// TestCorpus reads the real EndNote XML exports of the shared corpus: each
// must give the manifest's record count without a single error.
func TestCorpus(t *testing.T) {
	formattest.Corpus(t, "endnote-xml", newReader, func(t *testing.T, f *formattest.File) {
		titled := 0
		for n, e := range f.Entries {
			rec := e.Record
			if rec.Title != "" {
				titled++
			}
			// Titles may hold escaped markup from the database
			// ("62&lt;sup&gt;ND&lt;/sup&gt;"), but never EndNote's own.
			if strings.Contains(rec.Title, "<style") || strings.Contains(rec.Title, "face=") {
				t.Errorf("record %d: title holds EndNote markup: %q", n+1, rec.Title)
			}
			if rec.DOI != "" && !strings.HasPrefix(rec.DOI, "10.") {
				t.Errorf("record %d: DOI %q does not start with 10.", n+1, rec.DOI)
			}
			if rec.PMID != "" && strings.Trim(rec.PMID, "0123456789") != "" {
				t.Errorf("record %d: PMID %q is not a number", n+1, rec.PMID)
			}
			if strings.Contains(rec.Title+rec.Abstract+rec.Journal, "\r") {
				t.Errorf("record %d: a CR is left in the text", n+1)
			}
			if !strings.HasPrefix(rec.Raw, "<record>") || !strings.HasSuffix(rec.Raw, "</record>") {
				t.Errorf("record %d: Raw is not a record element: %.60q", n+1, rec.Raw)
			}
		}
		if n := len(f.Entries); n-titled > max(1, n/10) {
			t.Errorf("only %d of %d records have a title", titled, n)
		}
	})
}
