// Package testcorpus finds the shared corpus of real export files
// (../shared/corpus beside the repository, or $WINNOW_CORPUS) for tests and
// benchmarks, and reads the record counts its MANIFEST.md gives. The files
// are never copied into this repository; tests that need them skip, saying
// why, when the folder is absent.
package testcorpus

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// Export is one file listed in exports/ of the corpus manifest.
type Export struct {
	Path    string // absolute path
	Rel     string // path as the manifest gives it, e.g. "exports/ris/x.ris"
	Folder  string // the format folder: ris, bib, nbib, pubmed-xml, wos, enw, endnote-xml, csv
	Records int    // the record count the manifest gives
}

// Dir returns the corpus directory, or skips the test when it is absent.
func Dir(tb testing.TB) string {
	tb.Helper()
	dir := os.Getenv("WINNOW_CORPUS")
	if dir == "" {
		root, err := repoRoot()
		if err != nil {
			tb.Skipf("shared corpus not found: %v", err)
		}
		dir = filepath.Join(root, "..", "shared", "corpus")
	}
	if _, err := os.Stat(filepath.Join(dir, "MANIFEST.md")); err != nil {
		tb.Skipf("shared corpus not found at %s (set WINNOW_CORPUS to its path): skipping the tests on real exports", dir)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		tb.Fatal(err)
	}
	return abs
}

// Exports lists the export files of the manifest, optionally only those in
// the given format folders ("ris", "bib", ...).
func Exports(tb testing.TB, folders ...string) []Export {
	tb.Helper()
	dir := Dir(tb)
	f, err := os.Open(filepath.Join(dir, "MANIFEST.md"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var out []Export
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, "| exports/") {
			continue
		}
		cells := strings.Split(line, "|")
		// | path | format | produced by | origin | licence | records | checks | quirks |
		if len(cells) < 8 {
			continue
		}
		rel := strings.TrimSpace(cells[1])
		n, err := strconv.Atoi(strings.TrimSpace(cells[6]))
		if err != nil {
			tb.Fatalf("MANIFEST.md: cannot read the record count of %s: %q", rel, cells[6])
		}
		parts := strings.Split(rel, "/")
		e := Export{Path: filepath.Join(dir, rel), Rel: rel, Folder: parts[1], Records: n}
		if len(folders) > 0 && !contains(folders, e.Folder) {
			continue
		}
		out = append(out, e)
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	if len(out) == 0 {
		tb.Fatalf("MANIFEST.md lists no exports in %v", folders)
	}
	return out
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", os.ErrNotExist
		}
		dir = parent
	}
}
