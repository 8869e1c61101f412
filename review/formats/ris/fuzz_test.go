package ris

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/winnow-review/winnow/review/formats"
)

// FuzzReader feeds arbitrary text to the reader. It must not panic, must
// end, must give records that start at a TY line and are a piece of the
// input, and must give only ParseErrors between records, each call moving
// on (every call reads at least one line, so calls are bounded by lines).
func FuzzReader(f *testing.F) {
	fixtures, _ := filepath.Glob(filepath.Join("testdata", "*.ris"))
	for _, p := range fixtures {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(formats.DecodeString(data))
	}
	f.Fuzz(func(t *testing.T, in string) {
		rd := NewReader(strings.NewReader(in), "fuzz.ris")
		maxCalls := strings.Count(in, "\n") + 2
		lastLine := 0
		for calls := 0; ; calls++ {
			if calls > maxCalls {
				t.Fatalf("more than %d calls to Next for %d lines", maxCalls, maxCalls-1)
			}
			e, err := rd.Next()
			if err == io.EOF {
				if _, err := rd.Next(); err != io.EOF {
					t.Fatalf("after io.EOF, Next gave %v", err)
				}
				return
			}
			if err != nil {
				var pe *formats.ParseError
				if !errors.As(err, &pe) {
					t.Fatalf("error is not a ParseError: %v", err)
				}
				if pe.Line < 1 || pe.Line <= lastLine {
					t.Fatalf("error at line %d after line %d", pe.Line, lastLine)
				}
				_ = pe.Error()
				lastLine = pe.Line
				continue
			}
			r := e.Record
			if r.Line < 1 || r.Line <= lastLine {
				t.Fatalf("record at line %d after line %d", r.Line, lastLine)
			}
			lastLine = r.Line
			if tag, _, ok := tagLine(firstLine(r.Raw)); !ok || tag != "TY" {
				t.Fatalf("record at line %d does not start with TY: %q", r.Line, r.Raw)
			}
			if !strings.Contains(in, r.Raw) {
				t.Fatalf("raw of record at line %d is not a piece of the input: %q", r.Line, r.Raw)
			}
		}
	})
}

// FuzzClean checks that the reader's fast path gives what the shared
// normalisers give.
func FuzzClean(f *testing.F) {
	for _, s := range []string{"", " a ", "a  b", "Café au lait", "a\u00a0b", "a\x00b", "\xff", "x\ny", "tab\there", "NEL\u0085x", "a\n\nb "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := clean(s), formats.Clean(s); got != want {
			t.Errorf("clean(%q) = %q, formats.Clean gives %q", s, got, want)
		}
		if got, want := cleanText(s), formats.CleanText(s); got != want {
			t.Errorf("cleanText(%q) = %q, formats.CleanText gives %q", s, got, want)
		}
	})
}
