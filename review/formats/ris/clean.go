package ris

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/winnow-review/winnow/review/formats"
)

// clean is formats.Clean without the copy when s is already clean apart
// from spaces at its ends, as most values in an export are: formats.Clean
// rebuilds any value that holds a non-ASCII letter or ends in a space, and
// on abstracts that is most of the reader's time.
func clean(s string) string {
	t := strings.TrimSpace(s)
	if isClean(t) {
		return t
	}
	return formats.Clean(s)
}

// cleanText is formats.CleanText (paragraphs kept, each line cleaned, runs
// of blank lines made one), without its slice of lines, and without any copy
// when the text is already clean.
func cleanText(s string) string {
	if strings.IndexByte(s, '\n') < 0 {
		return clean(s)
	}
	s = strings.TrimSpace(s)
	if isCleanText(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	blank, wrote := false, false
	for {
		line, rest, more := strings.Cut(s, "\n")
		if l := clean(line); l == "" {
			blank = true
		} else {
			if wrote {
				b.WriteByte('\n')
				if blank {
					b.WriteByte('\n')
				}
			}
			b.WriteString(l)
			wrote, blank = true, false
		}
		if !more {
			return b.String()
		}
		s = rest
	}
}

// isCleanText reports whether every line of s is clean and no two blank
// lines follow each other.
func isCleanText(s string) bool {
	blank := false
	for {
		line, rest, more := strings.Cut(s, "\n")
		if line == "" {
			if blank {
				return false
			}
			blank = true
		} else {
			if !isClean(line) {
				return false
			}
			blank = false
		}
		if !more {
			return true
		}
		s = rest
	}
}

// isClean reports whether formats.Clean would return s unchanged: valid
// UTF-8 with no space at either end, no two spaces in a row, and no white
// space other than ' ' (nor any control character).
func isClean(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	prev := byte(0)
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < ' ' || (c == ' ' && prev == ' ') {
				return false
			}
			prev = c
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || unicode.IsSpace(r) {
			return false
		}
		prev = 0
		i += size
	}
	return true
}
