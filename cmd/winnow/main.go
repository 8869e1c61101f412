// Command winnow is the screening half of a systematic or scoping review
// in one command: import database exports into one review file, link
// duplicates, screen blind in pairs, resolve conflicts, chart and report
// PRISMA. This package only wires commands to the domain packages.
package main

import (
	"os"

	"github.com/winnow-review/winnow/internal/ui"
)

func main() { os.Exit(run(os.Args[1:], ui.System())) }
