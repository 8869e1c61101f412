// Command gen writes a synthetic export for benchmarks:
//
//	go run ./internal/synth/gen -format ris -n 100000 -o /tmp/synth.ris
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/winnow-review/winnow/internal/synth"
)

func main() {
	format := flag.String("format", "ris", "ris, bibtex or medline")
	n := flag.Int("n", 100000, "records")
	seed := flag.Uint64("seed", 1, "seed")
	out := flag.String("o", "", "output file (default stdout)")
	flag.Parse()
	w := os.Stdout
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		defer f.Close()
		w = f
	}
	if err := synth.Write(w, synth.Format(*format), *n, *seed); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
