package ui

import (
	"fmt"
	"strings"
)

// Safe makes text from an imported file safe to print on a terminal, and
// shows what it held instead of hiding it: every control character but
// newline and tab becomes visible text that the terminal cannot act on.
// ESC and the other C0 controls become their Unicode control pictures (so
// a colour sequence shows as "␛[31m" and a bell as "␇"), DEL becomes "␡",
// and C1 controls (such as U+009B, a one-byte CSI) and the bidirectional
// overrides and isolates, which can make text read differently from what
// it is, are written as \u escapes.
func Safe(s string) string {
	if isPlain(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for _, r := range s {
		switch {
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case r < 0x20:
			b.WriteRune(0x2400 + r)
		case r == 0x7f:
			b.WriteRune(0x2421)
		case r >= 0x80 && r < 0xa0,
			r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069, r == 0x200E, r == 0x200F, r == 0x061C:
			fmt.Fprintf(&b, "\\u%04x", r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
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
