package delimited

import (
	"strings"
	"testing"

	"github.com/winnow-review/winnow/internal/formattest"
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
		prev := 0
		for _, res := range formattest.Fuzz(t, rd, text, len(lines)+2) {
			if res.Err != nil {
				continue
			}
			r := res.Entry.Record
			if r.Line <= prev {
				t.Fatalf("record at line %d after line %d", r.Line, prev)
			}
			prev = r.Line
			n := strings.Count(r.Raw, "\n") + 1
			if r.Line+n-1 > len(lines) || r.Raw != strings.Join(lines[r.Line-1:r.Line-1+n], "\n") {
				t.Fatalf("record at line %d: Raw %q is not its lines", r.Line, r.Raw)
			}
		}
	})
}
