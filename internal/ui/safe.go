package ui

import (
	"strings"
	"unicode"

	"github.com/charmbracelet/x/ansi"
)

// Safe makes text from an imported file safe to print on a terminal. It
// removes escape sequences (CSI, OSC, ...), then every control character
// but newline and tab (BEL, CR, BS, NUL and C1 codes such as U+009B, which
// ansi.Strip keeps), and the bidirectional overrides and isolates that can
// make text read differently from what it is.
func Safe(s string) string {
	if isPlain(s) {
		return s
	}
	s = ansi.Strip(s)
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return r
		case unicode.IsControl(r):
			return -1
		case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069, r == 0x200E, r == 0x200F, r == 0x061C:
			return -1
		}
		return r
	}, s)
}

// SafeLine is Safe for a table cell or a one-line field: line breaks and
// tabs become spaces too.
func SafeLine(s string) string {
	s = Safe(s)
	if strings.ContainsAny(s, "\n\t") {
		s = strings.Join(strings.Fields(s), " ")
	}
	return s
}

// isPlain reports whether s is printable ASCII, which needs no filtering.
func isPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			if c != '\n' && c != '\t' {
				return false
			}
		}
	}
	return true
}
