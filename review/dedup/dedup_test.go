package dedup

import (
	"context"
	"github.com/winnow-review/winnow/internal/storetest"
	"os"
	"path/filepath"
	"testing"

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/importer"
	"github.com/winnow-review/winnow/review/store"
)

func sample(name string) string { return filepath.Join("..", "..", "testdata", "sample", name) }

func mustImport(t *testing.T, st *store.Store, files ...string) {
	t.Helper()
	for _, f := range files {
		if _, err := importer.Import(context.Background(), st, []string{sample(f)}, importer.Options{Source: f, Kind: review.Database}); err != nil {
			t.Fatal(err)
		}
	}
}

func links(t *testing.T, st *store.Store) map[[2]int64]bool {
	t.Helper()
	ls, err := st.Links(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	out := map[[2]int64]bool{}
	for _, l := range ls {
		out[[2]int64{l.A, l.B}] = true
	}
	return out
}

// TestIncrementalRunsMatchOneRun checks that dedup after each import, with
// the keys kept between runs, links what one run over everything links.
func TestIncrementalRunsMatchOneRun(t *testing.T) {
	ctx := context.Background()
	step, err := store.Create(ctx, storetest.Location(t, t.TempDir(), "step.db"), "", 2, "")
	if err != nil {
		t.Fatal(err)
	}
	defer step.Close()
	whole, err := store.Create(ctx, storetest.Location(t, t.TempDir(), "whole.db"), "", 2, "")
	if err != nil {
		t.Fatal(err)
	}
	defer whole.Close()
	files := []string{"medline.nbib", "embase.ris", "wos.txt", "cinahl.csv", "opengrey.bib", "websites.csv"}
	for _, f := range files {
		mustImport(t, step, f)
		if _, err := Run(ctx, step, "test", review.Viewer{}, false); err != nil {
			t.Fatal(err)
		}
	}
	mustImport(t, whole, files...)
	res, err := Run(ctx, whole, "test", review.Viewer{}, false)
	if err != nil {
		t.Fatal(err)
	}
	if res.Removed != 10 {
		t.Errorf("one run: %d duplicates, the sample has 10", res.Removed)
	}
	a, b := links(t, step), links(t, whole)
	if len(a) != len(b) {
		t.Errorf("runs after each import made %d links, one run %d", len(a), len(b))
	}
	for l := range b {
		if !a[l] {
			t.Errorf("link %v made by one run is missing from the incremental runs", l)
		}
	}
	n, _ := step.DuplicatesRemoved(ctx)
	if n != 10 {
		t.Errorf("incremental runs: %d duplicates", n)
	}
	version, last, err := step.KeyState(ctx)
	if err != nil || last != 43 || version == 0 {
		t.Errorf("kept keys: version %d, last record %d (%v)", version, last, err)
	}
	again, err := Run(ctx, step, "test", review.Viewer{}, false)
	if err != nil || again.Compared != 0 || len(again.Links) != 0 {
		t.Errorf("a run with nothing new: %+v %v", again, err)
	}
}

// TestPrimaryIsFromDatabases checks that a cluster with records from
// databases and from other methods sends a database record to screening,
// though the other-methods copy came first and is as complete: PRISMA
// counts the cluster in the left column and the other copy among the
// other methods' dedup.
func TestPrimaryIsFromDatabases(t *testing.T) {
	ctx := context.Background()
	st, err := store.Create(ctx, storetest.Location(t, t.TempDir(), "r.db"), "", 2, "")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	// The same file twice: first as found on a website, then from the
	// database.
	for _, kind := range []review.Kind{review.Website, review.Database} {
		if _, err := importer.Import(ctx, st, []string{sample("medline.nbib")}, importer.Options{Source: string(kind), Kind: kind, Force: true}); err != nil {
			t.Fatal(err)
		}
	}
	res, err := Run(ctx, st, "test", review.Viewer{}, false)
	if err != nil {
		t.Fatal(err)
	}
	if res.Removed != 12 {
		t.Fatalf("%d duplicates, want the 12 website copies", res.Removed)
	}
	for id := int64(1); id <= 24; id++ {
		p, err := st.PrimaryOf(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if p <= 12 {
			t.Errorf("record %d: primary %d is the website copy, want the database record", id, p)
		}
	}
}

// TestFoundAgainKeepsTheScreenedPrimary checks that when a re-run search
// finds a work the review already holds, the record compared (and
// screened) before stays the cluster's primary, though the new record is
// more complete; one run over both would keep the more complete one.
func TestFoundAgainKeepsTheScreenedPrimary(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	thin := filepath.Join(dir, "2020.ris")
	full := filepath.Join(dir, "2022.ris")
	os.WriteFile(thin, []byte("TY  - JOUR\nTI  - Integrated care hubs for older people living with frailty in England\nAU  - Okafor, Chidera\nPY  - 2020\nDO  - 10.5555/ijic.6001\nER  - \n"), 0o644)
	os.WriteFile(full, []byte("TY  - JOUR\nTI  - Integrated care hubs for older people living with frailty in England\nAU  - Okafor, Chidera\nAU  - Lindqvist, Maja\nPY  - 2020\nT2  - International Journal of Integrated Care\nVL  - 20\nIS  - 1\nSP  - 12\nEP  - 20\nDO  - 10.5555/ijic.6001\nAB  - Hubs shortened the time to a social care assessment.\nER  - \n"), 0o644)
	importFile := func(st *store.Store, f string) {
		t.Helper()
		if _, err := importer.Import(ctx, st, []string{f}, importer.Options{Source: filepath.Base(f), Kind: review.Database}); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct {
		name    string
		runs    [][]string
		primary int64
	}{
		{"update", [][]string{{thin}, {full}}, 1},
		{"one run", [][]string{{thin, full}}, 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			st, err := store.Create(ctx, storetest.Location(t, t.TempDir(), "r.db"), "", 2, "")
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			for _, files := range c.runs {
				for _, f := range files {
					importFile(st, f)
				}
				if _, err := Run(ctx, st, "test", review.Viewer{}, false); err != nil {
					t.Fatal(err)
				}
			}
			for _, id := range []int64{1, 2} {
				if p, err := st.PrimaryOf(ctx, id); err != nil || p != c.primary {
					t.Errorf("record %d: primary %d (%v), want %d", id, p, err, c.primary)
				}
			}
		})
	}
}
