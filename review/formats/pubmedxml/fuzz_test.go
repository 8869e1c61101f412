package pubmedxml

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/winnow-review/winnow/review/formats"
)

// FuzzReader checks that no input makes the reader panic or loop: every
// call of Next gives a record that starts on a real line, a
// *formats.ParseError, or io.EOF, and io.EOF comes after a bounded number
// of calls.
func FuzzReader(f *testing.F) {
	fixtures, _ := filepath.Glob(filepath.Join("testdata", "*.xml"))
	for _, p := range fixtures {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(data))
	}
	f.Fuzz(func(t *testing.T, text string) {
		r := NewReader(strings.NewReader(text), "fuzz.xml")
		lines := strings.Count(text, "\n") + 1
		// Every record or error consumes at least one byte of input.
		for calls := 0; ; calls++ {
			if calls > len(text)+1 {
				t.Fatalf("no io.EOF after %d calls", calls)
			}
			e, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				var pe *formats.ParseError
				if !errors.As(err, &pe) {
					t.Fatalf("error %v (%T) is not a *formats.ParseError", err, err)
				}
				if pe.Line < 0 || pe.Line > lines || pe.RecordLine < 0 || pe.RecordLine > lines {
					t.Fatalf("error %q names a line outside the input's %d", err, lines)
				}
				continue
			}
			if e == nil {
				t.Fatal("Next returned neither a record nor an error")
			}
			if e.Record.Line < 1 || e.Record.Line > lines {
				t.Fatalf("record line %d outside the input's %d lines", e.Record.Line, lines)
			}
			if e.Record.Raw == "" || !strings.Contains(text, e.Record.Raw) {
				t.Fatalf("Raw %.60q is not text of the input", e.Record.Raw)
			}
		}
		if _, err := r.Next(); err != io.EOF {
			t.Fatalf("Next after io.EOF gave %v", err)
		}
	})
}
