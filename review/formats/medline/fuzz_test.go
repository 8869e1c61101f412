package medline

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/winnow-review/winnow/internal/formattest"
)

// FuzzReader feeds arbitrary text to the reader: it must not panic, must
// end, and must keep going after a bad record. Seeds are the fixtures under
// testdata/ and the snippets in testdata/fuzz/FuzzReader.
func FuzzReader(f *testing.F) {
	formattest.Seed(f, filepath.Join("testdata", "*.nbib"), formattest.LF)
	formattest.Seed(f, filepath.Join("testdata", "quirks", "*.nbib"), formattest.LF)
	f.Fuzz(func(t *testing.T, in string) {
		// Every call of Next reads at least one line.
		lines := strings.Count(in, "\n") + 1
		rs := formattest.Fuzz(t, NewReader(strings.NewReader(in), "fuzz.nbib"), in, lines+2)
		formattest.InLines(t, rs, in)
		formattest.InOrder(t, rs)
	})
}

// FuzzDisplayReader does the same for Ovid's display layout.
func FuzzDisplayReader(f *testing.F) {
	formattest.Seed(f, filepath.Join("testdata", "display", "*.txt"), formattest.LF)
	f.Fuzz(func(t *testing.T, in string) {
		lines := strings.Count(in, "\n") + 1
		rs := formattest.Fuzz(t, NewDisplayReader(strings.NewReader(in), "fuzz.txt"), in, lines+2)
		formattest.InLines(t, rs, in)
		formattest.InOrder(t, rs)
	})
}
