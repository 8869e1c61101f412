package enw

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/winnow-review/winnow/review/formats"
)

// FuzzReader feeds arbitrary text to the reader: it must not panic, must
// end, and must keep going after a bad record. Seeds are the fixtures under
// testdata/ and the snippets in testdata/fuzz/FuzzReader.
func FuzzReader(f *testing.F) {
	fixtures, _ := filepath.Glob(filepath.Join("testdata", "*.*"))
	for _, p := range fixtures {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(strings.ReplaceAll(string(data), "\r\n", "\n"))
	}
	f.Fuzz(func(t *testing.T, in string) {
		lines := strings.Count(in, "\n") + 1
		rd := NewReader(strings.NewReader(in), "fuzz.enw")
		prev := 0
		for calls := 0; ; calls++ {
			if calls > lines+1 {
				t.Fatalf("Next called %d times on %d lines without reaching the end", calls, lines)
			}
			e, err := rd.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				var pe *formats.ParseError
				if !errors.As(err, &pe) {
					t.Fatalf("error that is not a ParseError: %v", err)
				}
				if pe.Line < 1 || pe.Line > lines {
					t.Fatalf("error at line %d of %d: %v", pe.Line, lines, err)
				}
				continue
			}
			r := e.Record
			if r.Line < 1 || r.Line <= prev || r.Line > lines {
				t.Fatalf("record at line %d after one at line %d, in %d lines", r.Line, prev, lines)
			}
			prev = r.Line
			if r.Raw == "" || !strings.Contains(in, r.Raw) {
				t.Fatalf("record at line %d: Raw %q is not text of the input", r.Line, r.Raw)
			}
		}
		if e, err := rd.Next(); e != nil || err != io.EOF {
			t.Fatalf("Next after the end gave %v, %v", e, err)
		}
	})
}
