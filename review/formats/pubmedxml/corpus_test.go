package pubmedxml

import (
	"strings"
	"testing"

	"github.com/winnow-review/winnow/internal/formattest"
)

// TestCorpus reads the real PubMed XML exports of the shared corpus: each
// must give the manifest's record count without a single error.
func TestCorpus(t *testing.T) {
	formattest.Corpus(t, "pubmed-xml", newReader, func(t *testing.T, f *formattest.File) {
		titled := 0
		for n, e := range f.Entries {
			rec := e.Record
			if rec.Title != "" {
				titled++
			}
			if strings.ContainsAny(rec.Title, "<>") {
				t.Errorf("record %d: title holds markup: %q", n+1, rec.Title)
			}
			if rec.DOI != "" && !strings.HasPrefix(rec.DOI, "10.") {
				t.Errorf("record %d: DOI %q does not start with 10.", n+1, rec.DOI)
			}
			if rec.PMID == "" || rec.SourceID != rec.PMID {
				t.Errorf("record %d: PMID %q, SourceID %q", n+1, rec.PMID, rec.SourceID)
			}
			if !strings.HasPrefix(rec.Raw, "<Pubmed") || !strings.HasSuffix(rec.Raw, "Article>") {
				t.Errorf("record %d: Raw is not a record element: %.60q", n+1, rec.Raw)
			}
		}
		// The hand-edited book set has one record cut down to a PMID.
		if n := len(f.Entries); n-titled > max(1, n/10) {
			t.Errorf("only %d of %d records have a title", titled, n)
		}
	})
}
