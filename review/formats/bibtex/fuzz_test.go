package bibtex

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/winnow-review/winnow/internal/formattest"
	"github.com/winnow-review/winnow/review/formats"
)

// FuzzReader feeds arbitrary text to the reader: it must not panic, must
// stop, must give records with a line, and must keep making progress
// when Next is called again after an error.
func FuzzReader(f *testing.F) {
	f.Add("@article{k,\n title = {A {B} \\\"u},\n year = 2020,\n}\n")
	f.Add("@string{j = \"J\"}\n@a(k, journal = j # { x} # Jan, t = \"q)\")\n")
	f.Add("@a{k,\n t = {x}\n y = {z},\n}\n@a{k, t={dup}}\n@a{open,\n")
	f.Add("@a{k, kw = {a { b, @x}, @y}, c},\nTitle = {t},\n}\n")
	f.Add("% @a{x}\n@comment{@a{y}}\n@preamble{\"z\"}\nfree @ text @a\n{k}")
	formattest.Seed(f, filepath.Join("testdata", "quirks", "*.bib"), nil)
	f.Fuzz(func(t *testing.T, in string) {
		rd := NewReader(strings.NewReader(in), "fuzz.bib")
		// Every call either returns a record, an error after which the
		// reader has moved on, or the end. The input has at most
		// len(in)+1 items, and each error is followed by progress, so the
		// number of calls is bounded.
		for _, r := range formattest.Fuzz(t, rd, in, 2*len(in)+11) {
			if r.Err == nil {
				continue
			}
			var pe *formats.ParseError
			if errors.As(r.Err, &pe) && pe.Line < 1 {
				t.Fatalf("error without a line: %v", r.Err)
			}
			if r.Entry != nil {
				t.Fatalf("an entry came with %v", r.Err)
			}
		}
	})
}
