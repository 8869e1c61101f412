package delimited

import (
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/winnow-review/winnow/review/formats"
)

// FuzzReader feeds arbitrary text to the reader with each delimiter. It
// must not panic, must end, must give records at increasing lines whose Raw
// is their text, and must return only ParseErrors besides io.EOF.
func FuzzReader(f *testing.F) {
	f.Add("Title,Authors\nA,\"Doe, J\"\n", byte(0))
	f.Add("PT\tAU\tTI\tSO\tPY\tUT\nJ\tDoe, J\t\"Stray\tX\t2020\tWOS:1\n", byte(1))
	f.Add("Title;Year\n\"open;2020\n", byte(2))
	f.Fuzz(func(t *testing.T, text string, c byte) {
		comma := []rune{',', '\t', ';'}[int(c)%3]
		Sniff(text)
		lines := strings.Split(text, "\n")
		rd := NewReader(strings.NewReader(text), "f.csv", comma)
		prev, ended := 0, false
		for calls := 0; calls <= len(lines)+2; calls++ {
			e, err := rd.Next()
			if err == io.EOF {
				if ended {
					return
				}
				ended = true
				continue
			}
			if ended {
				t.Fatalf("Next after io.EOF gave %v, %v", e, err)
			}
			if err != nil {
				var pe *formats.ParseError
				if !errors.As(err, &pe) {
					t.Fatalf("error %v is not a ParseError", err)
				}
				continue
			}
			r := e.Record
			if r.Line < 1 || r.Line <= prev {
				t.Fatalf("record at line %d after line %d", r.Line, prev)
			}
			prev = r.Line
			n := strings.Count(r.Raw, "\n") + 1
			if r.Line+n-1 > len(lines) || r.Raw != strings.Join(lines[r.Line-1:r.Line-1+n], "\n") {
				t.Fatalf("record at line %d: Raw %q is not its lines", r.Line, r.Raw)
			}
		}
		t.Fatalf("reader still going after %d calls on %d lines", len(lines)+3, len(lines))
	})
}
