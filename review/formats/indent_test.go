package formats

import (
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

func TestCommonIndent(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int
	}{
		{"TY  - JOUR\nER  - \n", 0},
		{" PMID- 1\n TI  - A\n       wrapped\n", 1},
		{"\t%0 Journal Article\n\t%T A\n", 1},
		{"  PT J\n\n  AU Smith\n \n  ER\n", 2}, // blank lines do not count
		{" \tPT J\n  AU Smith\n", 1},           // the indent common to both
		{"\ufeff PMID- 1\n TI  - A\n", 1},      // a byte order mark before the indent
		{"   \n\n", 0},
	} {
		if got := CommonIndent(c.in); got != c.want {
			t.Errorf("CommonIndent(%q) = %d, want %d", c.in, got, c.want)
		}
	}
}

func TestDedent(t *testing.T) {
	in := "\ufeff <1. >\n VN  - Ovid Technologies\n \n       continued\n TI  - A\n"
	want := "<1. >\nVN  - Ovid Technologies\n\n      continued\nTI  - A\n"
	if got := Dedent(in, 1); got != want {
		t.Errorf("Dedent = %q, want %q", got, want)
	}
	// The stream gives what the sample gives, a byte at a time too, and
	// keeps the lines (and their numbers) as they were.
	for name, r := range map[string]io.Reader{
		"whole":       NewDedenter(strings.NewReader(in), 1),
		"byte a time": NewDedenter(iotest.OneByteReader(strings.NewReader(in)), 1),
	} {
		got, err := io.ReadAll(r)
		if err != nil || string(got) != want {
			t.Errorf("%s: NewDedenter gave %q, %v; want %q", name, got, err, want)
		}
	}
	if err := iotest.TestReader(NewDedenter(strings.NewReader(in), 1), []byte(want)); err != nil {
		t.Error(err)
	}
	if r := strings.NewReader(in); NewDedenter(r, 0) != io.Reader(r) {
		t.Error("NewDedenter(r, 0) is not r")
	}
}

// FuzzDedent: the stream gives what the sample gives, line for line.
func FuzzDedent(f *testing.F) {
	f.Add(" PMID- 1\n TI  - A\n       wrapped\n", 1)
	f.Add("\ufeff\t%0 Journal Article\n\n\t%T A", 2)
	f.Add("\tPT J\n\ufeff\tPT J\n", 1) // a second byte order mark, of a joined file, stays
	f.Fuzz(func(t *testing.T, s string, n int) {
		n = n%8 + 1
		if n < 1 {
			n = 1
		}
		got, err := io.ReadAll(NewDedenter(iotest.HalfReader(strings.NewReader(s)), n))
		if err != nil {
			t.Fatal(err)
		}
		want := Dedent(s, n)
		if string(got) != want {
			t.Errorf("NewDedenter(%q, %d) = %q, Dedent gives %q", s, n, got, want)
		}
		if strings.Count(string(got), "\n") != strings.Count(s, "\n") {
			t.Errorf("lines changed: %q -> %q", s, got)
		}
	})
}
