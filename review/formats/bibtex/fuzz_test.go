package bibtex

import (
	"errors"
	"io"
	"strings"
	"testing"

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
	f.Fuzz(func(t *testing.T, in string) {
		rd := NewReader(strings.NewReader(in), "fuzz.bib")
		// Every call either returns a record, an error after which the
		// reader has moved on, or the end. The input has at most
		// len(in)+1 items, and each error is followed by progress, so the
		// number of calls is bounded.
		limit := 2*len(in) + 10
		for n := 0; ; n++ {
			if n > limit {
				t.Fatalf("no end after %d calls", n)
			}
			e, err := rd.Next()
			if err == io.EOF {
				if e != nil {
					t.Fatal("an entry came with io.EOF")
				}
				break
			}
			if err != nil {
				var pe *formats.ParseError
				if !errors.As(err, &pe) {
					t.Fatalf("error is not a ParseError: %v", err)
				}
				if pe.Line < 1 {
					t.Fatalf("error without a line: %v", err)
				}
				if e != nil && !errors.Is(err, formats.ErrDuplicateKey) {
					t.Fatalf("an entry came with %v", err)
				}
				continue
			}
			if e == nil {
				t.Fatal("nil entry without an error")
			}
			if e.Record.Line < 1 {
				t.Fatalf("record with line %d", e.Record.Line)
			}
			if !strings.Contains(in, e.Record.Raw) || e.Record.Raw == "" {
				t.Fatalf("raw %q is not text of the input", e.Record.Raw)
			}
		}
		// After the end, the end again.
		if _, err := rd.Next(); err != io.EOF {
			t.Fatalf("after io.EOF: %v", err)
		}
	})
}
