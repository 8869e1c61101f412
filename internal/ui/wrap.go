package ui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// Wrap wraps text to width columns at word boundaries, keeping its
// paragraph breaks.
func Wrap(text string, width int) string {
	paras := strings.Split(text, "\n")
	for i, p := range paras {
		paras[i] = ansi.Wordwrap(p, width, "")
	}
	return strings.Join(paras, "\n")
}
