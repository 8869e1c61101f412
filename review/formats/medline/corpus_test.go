package medline

import (
	"strings"
	"testing"

	"github.com/winnow-review/winnow/internal/formattest"
)

// TestCorpus reads every MEDLINE export of the shared corpus: each must
// give the manifest's record count with no error, and its fields must look
// like fields, not like tags left in the text.
func TestCorpus(t *testing.T) {
	formattest.Corpus(t, "nbib", newReader, func(t *testing.T, f *formattest.File) {
		titled, withPMID, prev := 0, 0, 0
		for _, e := range f.Entries {
			r := e.Record
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
			if r.PMID != "" {
				withPMID++
			}
			for _, s := range []string{r.Title, r.Abstract, r.Journal} {
				if looksTagged(s) {
					t.Errorf("line %d: field starts with a tag: %.60q", r.Line, s)
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
		if len(f.Entries) >= 10 && titled < len(f.Entries)*9/10 {
			t.Errorf("only %d of %d records have a title", titled, len(f.Entries))
		}
		if strings.HasPrefix(f.Name, "pubmed-") && withPMID != len(f.Entries) {
			t.Errorf("only %d of %d PubMed records have a PMID", withPMID, len(f.Entries))
		}
	})
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
