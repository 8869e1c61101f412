package medline

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/winnow-review/winnow/internal/testcorpus"
)

// TestCorpus reads every MEDLINE export of the shared corpus: each must
// give the manifest's record count with no error, and its fields must look
// like fields, not like tags left in the text.
func TestCorpus(t *testing.T) {
	for _, ex := range testcorpus.Exports(t, "nbib") {
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
			titled, withPMID, prev := 0, 0, 0
			for _, e := range entries {
				r := e.Record
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
				if r.PMID != "" {
					withPMID++
				}
				for _, s := range []string{r.Title, r.Abstract, r.Journal} {
					if looksTagged(s) {
						t.Errorf("line %d: field starts with a tag: %q", r.Line, abbrev(s))
					}
				}
				if r.DOI != "" && !strings.HasPrefix(r.DOI, "10.") {
					t.Errorf("line %d: DOI %q", r.Line, r.DOI)
				}
				if r.Year != 0 && (r.Year < 1800 || r.Year > 2100) {
					t.Errorf("line %d: year %d", r.Line, r.Year)
				}
				for _, a := range r.Authors {
					if a.Family == "" {
						t.Errorf("line %d: author without a family name: %+v", r.Line, r.Authors)
					}
				}
			}
			// The hand-made JabRef file has blocks with no title on purpose.
			if len(entries) >= 10 && titled < len(entries)*9/10 {
				t.Errorf("only %d of %d records have a title", titled, len(entries))
			}
			if strings.HasPrefix(filepath.Base(ex.Path), "pubmed-") && withPMID != len(entries) {
				t.Errorf("only %d of %d PubMed records have a PMID", withPMID, len(entries))
			}
		})
	}
}

// looksTagged reports whether s starts like a MEDLINE line as PubMed writes
// it ("TI  - ", "PMID- "), the sign of a tag taken into a value.
func looksTagged(s string) bool {
	if len(s) < 6 || s[4] != '-' || s[5] != ' ' {
		return false
	}
	tag := strings.TrimRight(s[:4], " ")
	if len(tag) < 2 {
		return false
	}
	for i := 0; i < len(tag); i++ {
		if !isTagByte(tag[i]) {
			return false
		}
	}
	return true
}
