package endnote

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/winnow-review/winnow/internal/formattest"
)

// FuzzReader checks that no input makes the reader panic or loop: every
// call of Next gives a record that starts on a real line, a
// *formats.ParseError, or io.EOF, and io.EOF comes after a bounded number
// of calls.
func FuzzReader(f *testing.F) {
	formattest.Seed(f, filepath.Join("testdata", "*.xml"), nil)
	formattest.Seed(f, filepath.Join("testdata", "quirks", "*.xml"), nil)
	f.Fuzz(func(t *testing.T, text string) {
		r := NewReader(strings.NewReader(text), "fuzz.xml")
		// Every record or error consumes at least one byte of input.
		rs := formattest.Fuzz(t, r, text, len(text)+2)
		formattest.InLines(t, rs, text)
	})
}
