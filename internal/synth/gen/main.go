// Command gen writes synthetic exports for benchmarks.
//
// One export of simple records (no duplicates):
//
//	go run ./internal/synth/gen -format ris -n 100000 -o /tmp/synth.ris
//
// A synthetic multi-database review (MEDLINE, Embase via Ovid, Web of
// Science, Scopus, CINAHL; a quarter of the records duplicates; errata and
// conference abstracts that are not) with its truth.csv for
// ../shared/tools/dedup-score:
//
//	go run ./internal/synth/gen -review /tmp/rev -n 100000
//
// The same searches re-run months later (5,000 records, a quarter of them
// found again), into another folder:
//
//	go run ./internal/synth/gen -update /tmp/rev-update -base /tmp/rev -n 5000
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/winnow-review/winnow/internal/synth"
)

func main() {
	format := flag.String("format", "ris", "ris, bibtex, medline or fields6 (with -o)")
	n := flag.Int("n", 100000, "records")
	seed := flag.Uint64("seed", 1, "seed")
	out := flag.String("o", "", "output file (default stdout)")
	review := flag.String("review", "", "write a synthetic multi-database review into this folder")
	dups := flag.Float64("duplicates", 0.25, "with -review: the share of records that are duplicates")
	update := flag.String("update", "", "write the update of the review in -base into this folder")
	base := flag.String("base", "", "with -update: the review's folder")
	again := flag.Float64("found-again", 0.25, "with -update: the share of records the review holds already")
	flag.Parse()
	if err := run(*format, *n, *seed, *out, *review, *dups, *update, *base, *again); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(format string, n int, seed uint64, out, review string, dups float64, update, base string, again float64) error {
	switch {
	case review != "":
		m, err := synth.WriteReview(review, synth.ReviewConfig{Records: n, Seed: seed, Duplicates: dups})
		if err != nil {
			return err
		}
		report(review, m)
		return nil
	case update != "":
		if base == "" {
			return fmt.Errorf("-update needs -base, the review's folder")
		}
		m, err := synth.WriteUpdate(update, base, n, again)
		if err != nil {
			return err
		}
		report(update, m)
		return nil
	}
	w := os.Stdout
	if out != "" {
		f, err := os.Create(out)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	return synth.Write(w, synth.Format(format), n, seed)
}

func report(dir string, m *synth.Manifest) {
	fmt.Fprintf(os.Stderr, "%s: %d records of %d works (%d removable duplicates, %.1f %%)", dir, m.Records, m.Groups, m.Removable, 100*float64(m.Removable)/float64(max(m.Records, 1)))
	if m.FoundAgain > 0 {
		fmt.Fprintf(os.Stderr, "; %d records of works the review holds, found again", m.FoundAgain)
	}
	fmt.Fprintln(os.Stderr)
	for _, f := range m.Files {
		fmt.Fprintf(os.Stderr, "  %-22s %-15s %d records\n", f.File, f.Database, f.Records)
	}
	for k, v := range m.Negatives {
		fmt.Fprintf(os.Stderr, "  look-alike, another work: %s %d\n", k, v)
	}
}
