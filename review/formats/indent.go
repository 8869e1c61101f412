package formats

import (
	"bufio"
	"io"
	"strings"
)

// A tagged export whose every line was indented (copied from a web page
// or an e-mail, or quoted by a tool that indents what it quotes; Zotero's
// Ovid translator keeps such a PsycInfo file as a test) reads as the
// export it was once the indentation common to all its lines is taken
// off. CommonIndent finds that indentation; Dedent and NewDedenter take it
// off a sample and a stream, line by line, so that line numbers stay the
// file's.

// CommonIndent returns the number of bytes of blank space (spaces and
// tabs, the same on every line) that starts every non-blank line of
// sample, or 0. A sample of SampleSize bytes may end in a line cut short,
// which is not looked at.
func CommonIndent(sample string) int {
	lines := strings.Split(sample, "\n")
	if len(sample) >= SampleSize && len(lines) > 1 {
		lines = lines[:len(lines)-1]
	}
	prefix, seen := "", false
	for _, l := range lines {
		l = strings.TrimPrefix(strings.TrimSuffix(l, "\r"), "\ufeff")
		if strings.TrimSpace(l) == "" {
			continue
		}
		lead := l[:len(l)-len(strings.TrimLeft(l, " \t"))]
		if !seen {
			prefix, seen = lead, true
			continue
		}
		n := 0
		for n < len(prefix) && n < len(lead) && prefix[n] == lead[n] {
			n++
		}
		prefix = prefix[:n]
		if prefix == "" {
			return 0
		}
	}
	return len(prefix)
}

// Dedent takes up to n bytes of blank space off the start of every line
// of s (a byte order mark that starts s is dropped with the first line's,
// as NewDedenter drops it).
func Dedent(s string, n int) string {
	if n <= 0 {
		return s
	}
	s = strings.TrimPrefix(s, "\ufeff")
	var b strings.Builder
	b.Grow(len(s))
	for i, l := range strings.Split(s, "\n") {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(trimIndent(l, n))
	}
	return b.String()
}

func trimIndent(l string, n int) string {
	i := 0
	for i < n && i < len(l) && (l[i] == ' ' || l[i] == '\t') {
		i++
	}
	return l[i:]
}

// NewDedenter reads r, taking up to n bytes of blank space off the start
// of every line (a byte order mark before the first is dropped with it).
func NewDedenter(r io.Reader, n int) io.Reader {
	if n <= 0 {
		return r
	}
	return &dedenter{r: bufio.NewReaderSize(r, 64<<10), n: n, start: true, first: true}
}

type dedenter struct {
	r            *bufio.Reader
	n, skipped   int
	start, first bool
}

func (d *dedenter) Read(p []byte) (int, error) {
	k := 0
	for k < len(p) {
		c, err := d.r.ReadByte()
		if err != nil {
			if k > 0 && err == io.EOF {
				return k, nil
			}
			return k, err
		}
		if d.first {
			d.first = false
			if b, e := d.r.Peek(2); c == 0xEF && e == nil && b[0] == 0xBB && b[1] == 0xBF {
				d.r.Discard(2) // a byte order mark before the indent
				continue
			}
		}
		if d.start && d.skipped < d.n && (c == ' ' || c == '\t') {
			d.skipped++
			continue
		}
		d.start = c == '\n'
		if d.start {
			d.skipped = 0
		}
		p[k] = c
		k++
		if d.r.Buffered() == 0 && k > 0 {
			// Hand over what there is rather than wait for more.
			return k, nil
		}
	}
	return k, nil
}
