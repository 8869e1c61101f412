package bibtex

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/winnow-review/winnow/internal/testcorpus"
	"github.com/winnow-review/winnow/review/formats"
)

// readAll reads every entry of a file, returning the records, the parse
// errors and the reader (for its fallback count).
func readAll(t testing.TB, data []byte, name string) ([]*formats.Entry, []error, *Reader) {
	t.Helper()
	info, err := formats.Sniff(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	rd := NewReader(formats.Decode(bytes.NewReader(data), info.Encoding), name)
	var out []*formats.Entry
	var errs []error
	for n := 0; ; n++ {
		if n > 10_000_000 {
			t.Fatal("reader does not stop")
		}
		e, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *formats.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("%s: error that ends the file: %v", name, err)
			}
			errs = append(errs, err)
			if e != nil {
				t.Fatalf("%s: an entry came with an error: %v", name, err)
			}
			continue
		}
		out = append(out, e)
	}
	return out, errs, rd
}

func sniff(t testing.TB, data []byte) formats.Encoding {
	info, err := formats.Sniff(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return info.Encoding
}

func TestCorpus(t *testing.T) {
	for _, ex := range testcorpus.Exports(t, "bib") {
		t.Run(filepath.Base(ex.Path), func(t *testing.T) {
			data, err := os.ReadFile(ex.Path)
			if err != nil {
				t.Fatal(err)
			}
			name := filepath.Base(ex.Path)
			recs, errs, rd := readAll(t, data, name)
			// Scopus derives keys from author, year and first page, and
			// scopus-mcda-pybibx.bib lists one work twice under the key
			// Viana2020857: the manifest counts both, and so does the
			// reader (with a warning), since the titles are the same.
			for _, err := range errs {
				t.Errorf("a real export must parse clean: %v", err)
			}
			if len(recs) != ex.Records {
				t.Errorf("read %d records, the manifest says %d", len(recs), ex.Records)
			}
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
			own := NewReader(formats.Decode(bytes.NewReader(data), sniff(t, data)), name)
			own.noLibrary = true
			for i := 0; ; {
				e, err := own.Next()
				if err == io.EOF {
					break
				}
				if e == nil {
					continue
				}
				if i >= len(recs) || !reflect.DeepEqual(e.Record, recs[i].Record) {
					t.Errorf("line %d: the library and the own scanner disagree", e.Record.Line)
					break
				}
				i++
			}
			t.Logf("%s: %d records, %d fallbacks", name, len(recs), rd.fallbacks)
		})
	}
}
