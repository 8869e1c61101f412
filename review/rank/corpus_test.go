package rank

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/winnow-review/winnow/internal/testcorpus"
)

// screeningDatasets lists the labelled datasets of the shared corpus, or
// skips when it is absent.
func screeningDatasets(tb testing.TB) []string {
	tb.Helper()
	root := filepath.Join(testcorpus.Dir(tb), "screening")
	entries, err := os.ReadDir(root)
	if err != nil {
		tb.Skipf("no labelled screening datasets at %s: %v", root, err)
	}
	var out []string
	for _, e := range entries {
		if e.IsDir() {
			if _, err := os.Stat(filepath.Join(root, e.Name(), "records.csv")); err == nil {
				out = append(out, filepath.Join(root, e.Name(), "records.csv"))
			}
		}
	}
	if len(out) == 0 {
		tb.Skipf("no records.csv under %s", root)
	}
	return out
}

func readDataset(tb testing.TB, path string) []Labelled {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	recs, err := ReadLabelled(f, DefaultLabel)
	if err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
	return recs
}
