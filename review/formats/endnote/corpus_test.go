package endnote

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

// TestCorpus reads the real EndNote XML exports of the shared corpus: each
// must give the manifest's record count without a single error.
func TestCorpus(t *testing.T) {
	for _, ex := range testcorpus.Exports(t, "endnote-xml") {
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
				// Titles may hold escaped markup from the database
				// ("62&lt;sup&gt;ND&lt;/sup&gt;"), but never EndNote's own.
				if strings.Contains(rec.Title, "<style") || strings.Contains(rec.Title, "face=") {
					t.Errorf("record %d: title holds EndNote markup: %q", n, rec.Title)
				}
				if rec.DOI != "" && !strings.HasPrefix(rec.DOI, "10.") {
					t.Errorf("record %d: DOI %q does not start with 10.", n, rec.DOI)
				}
				if rec.PMID != "" && strings.Trim(rec.PMID, "0123456789") != "" {
					t.Errorf("record %d: PMID %q is not a number", n, rec.PMID)
				}
				if strings.Contains(rec.Title+rec.Abstract+rec.Journal, "\r") {
					t.Errorf("record %d: a CR is left in the text", n)
				}
				if rec.Line < 1 || rec.Line < lastLine {
					t.Errorf("record %d: line %d after line %d", n, rec.Line, lastLine)
				}
				lastLine = rec.Line
				if !strings.HasPrefix(rec.Raw, "<record>") || !strings.HasSuffix(rec.Raw, "</record>") {
					t.Errorf("record %d: Raw is not a record element: %.60q", n, rec.Raw)
				}
				if !bytes.Contains(data, []byte(rec.Raw)) {
					t.Errorf("record %d: Raw is not text of the file", n)
				}
			}
			if n != ex.Records {
				t.Errorf("read %d records, the manifest says %d", n, ex.Records)
			}
			if n-titled > max(1, n/10) {
				t.Errorf("only %d of %d records have a title", titled, n)
			}
		})
	}
}
