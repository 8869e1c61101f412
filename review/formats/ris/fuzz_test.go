package ris

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/winnow-review/winnow/internal/formattest"
	"github.com/winnow-review/winnow/review/formats"
)

// FuzzReader feeds arbitrary text to the reader. It must not panic, must
// end, must give records that start at a tag line and are a piece of the
// input, and must give only ParseErrors between records, each call moving
// on (every call reads at least one line, or returns an error found past a
// record's ER line, one per ER line, so calls are bounded by lines).
func FuzzReader(f *testing.F) {
	formattest.Seed(f, filepath.Join("testdata", "*.ris"), formats.DecodeString)
	formattest.Seed(f, filepath.Join("testdata", "quirks", "*.ris"), formats.DecodeString)
	f.Fuzz(func(t *testing.T, in string) {
		rd := NewReader(strings.NewReader(in), "fuzz.ris")
		lines := strings.Count(in, "\n") + 1
		rs := formattest.Fuzz(t, rd, in, lines+2)
		formattest.InOrder(t, rs)
		for _, r := range rs {
			if r.Err != nil {
				continue
			}
			if _, _, ok := rd.tagLine(firstLine(r.Entry.Record.Raw)); !ok {
				t.Fatalf("record at line %d does not start with a tag line: %q", r.Entry.Record.Line, r.Entry.Record.Raw)
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
