package bibtex

import (
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/winnow-review/winnow/internal/formattest"
	"github.com/winnow-review/winnow/review/formats"
)

func TestCorpus(t *testing.T) {
	// rd is the reader of the file being read, for its fallback count.
	var rd *Reader
	open := func(r io.Reader, name string) formats.Reader {
		rd = NewReader(r, name)
		return rd
	}
	formattest.Corpus(t, "bib", open, func(t *testing.T, f *formattest.File) {
		recs := f.Entries
		// Scopus derives keys from author, year and first page, and
		// scopus-mcda-pybibx.bib lists one work twice under the key
		// Viana2020857: the manifest counts both, and so does the
		// reader (with a warning), since the titles are the same.
		if rd.fallbacks != 0 {
			t.Errorf("the library rejected %d rewritten entries", rd.fallbacks)
		}
		titled := 0
		for _, e := range recs {
			r := e.Record
			if r.Title != "" {
				titled++
			}
			if strings.Contains(strings.ToLower(r.Title), "title =") || strings.Contains(r.Title, "\\") || strings.HasPrefix(r.Title, "{") {
				t.Errorf("line %d: title not decoded: %q", r.Line, r.Title)
			}
			if r.DOI != "" && !strings.HasPrefix(r.DOI, "10.") {
				t.Errorf("line %d: DOI %q does not start with 10.", r.Line, r.DOI)
			}
			if r.Line < 1 || !strings.HasPrefix(strings.TrimSpace(r.Raw), "@") || !strings.HasSuffix(strings.TrimSpace(r.Raw), "}") {
				t.Errorf("line %d: raw text is not the entry: %.60q", r.Line, r.Raw)
			}
			for _, a := range r.Authors {
				if strings.ContainsAny(a.Family+a.Given, "{}\\") {
					t.Errorf("line %d: author not decoded: %+v", r.Line, a)
				}
			}
		}
		if len(recs) >= 10 && titled*10 < len(recs)*9 {
			t.Errorf("only %d of %d records have a title", titled, len(recs))
		}
		// The library is given values this package has already scanned;
		// check that it hands back the same ones, which is what makes the
		// own scanner a safe fallback.
		i := 0
		for _, r := range formattest.ReadAll(t, newOwnReader, f.Data, f.Name) {
			if r.Entry == nil {
				continue
			}
			if i >= len(recs) || !reflect.DeepEqual(r.Entry.Record, recs[i].Record) {
				t.Errorf("line %d: the library and the own scanner disagree", r.Entry.Record.Line)
				break
			}
			i++
		}
		t.Logf("%s: %d records, %d fallbacks", f.Name, len(recs), rd.fallbacks)
	})
}
