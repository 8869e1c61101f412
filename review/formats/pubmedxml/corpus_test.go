package pubmedxml

import (
	"bytes"
	"errors"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/winnow-review/winnow/internal/testcorpus"
	"github.com/winnow-review/winnow/review/formats"
)

// TestCorpus reads the real PubMed XML exports of the shared corpus: each
// must give the manifest's record count without a single error.
func TestCorpus(t *testing.T) {
	for _, ex := range testcorpus.Exports(t, "pubmed-xml") {
		t.Run(ex.Rel, func(t *testing.T) {
			data, err := os.ReadFile(ex.Path)
			if err != nil {
				t.Fatal(err)
			}
			info, err := formats.Sniff(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			r := NewReader(formats.Decode(bytes.NewReader(data), info.Encoding), ex.Rel)
			n, titled, lastLine := 0, 0, 0
			for {
				e, err := r.Next()
				if errors.Is(err, io.EOF) {
					break
				}
				if err != nil {
					t.Fatalf("record %d: %v", n+1, err)
				}
				n++
				rec := e.Record
				if rec.Title != "" {
					titled++
				}
				if strings.ContainsAny(rec.Title, "<>") {
					t.Errorf("record %d: title holds markup: %q", n, rec.Title)
				}
				if rec.DOI != "" && !strings.HasPrefix(rec.DOI, "10.") {
					t.Errorf("record %d: DOI %q does not start with 10.", n, rec.DOI)
				}
				if rec.PMID == "" || rec.SourceID != rec.PMID {
					t.Errorf("record %d: PMID %q, SourceID %q", n, rec.PMID, rec.SourceID)
				}
				if rec.Line < 1 || rec.Line < lastLine {
					t.Errorf("record %d: line %d after line %d", n, rec.Line, lastLine)
				}
				lastLine = rec.Line
				if !strings.HasPrefix(rec.Raw, "<Pubmed") || !strings.HasSuffix(rec.Raw, "Article>") {
					t.Errorf("record %d: Raw is not a record element: %.60q", n, rec.Raw)
				}
				if !bytes.Contains(data, []byte(rec.Raw)) {
					t.Errorf("record %d: Raw is not text of the file", n)
				}
			}
			if n != ex.Records {
				t.Errorf("read %d records, the manifest says %d", n, ex.Records)
			}
			// The hand-edited book set has one record cut down to a PMID.
			if n-titled > max(1, n/10) {
				t.Errorf("only %d of %d records have a title", titled, n)
			}
		})
	}
}
