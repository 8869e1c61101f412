package importer

import (
	"context"
	"errors"
	"github.com/winnow-review/winnow/internal/storetest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/winnow-review/winnow/internal/testcorpus"
	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/formats"
	"github.com/winnow-review/winnow/review/store"
)

func mustCreate(tb testing.TB) *store.Store {
	tb.Helper()
	st, err := store.Create(context.Background(), storetest.Location(tb, tb.TempDir(), "review.db"), "test", 2, "")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	return st
}

// TestCorpus imports every real export of the shared corpus with the
// format detected from the content, and checks each count against the
// manifest: winnow's count is never silently wrong.
func TestCorpus(t *testing.T) {
	exports := testcorpus.Exports(t)
	st := mustCreate(t)
	ctx := context.Background()
	total := 0
	for _, e := range exports {
		t.Run(e.Rel, func(t *testing.T) {
			res, err := Import(ctx, st, []string{e.Path}, Options{Source: e.Folder, Kind: review.Database, By: "test"})
			if err != nil {
				t.Fatalf("import: %v", err)
			}
			got := res[0].Search
			if got.Records != e.Records {
				t.Errorf("%d records, manifest says %d", got.Records, e.Records)
			}
			if want := folderFormat[e.Folder]; !strings.Contains(want, got.Format) {
				t.Errorf("detected as %s, it is %s", got.Format, want)
			}
			total += got.Records
		})
	}
	n, err := st.CountRecords(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n != total {
		t.Errorf("the review holds %d records, the imports reported %d", n, total)
	}
}

var folderFormat = map[string]string{
	"ris": "ris", "bib": "bibtex", "nbib": "medline", "pubmed-xml": "pubmed-xml", "wos": "wos",
	"enw": "enw", "endnote-xml": "endnote-xml", "csv": "csv tsv",
}

// TestImportIsAllOrNothing checks that a bad record in the second file of
// a command leaves nothing of the first.
func TestImportIsAllOrNothing(t *testing.T) {
	st := mustCreate(t)
	ctx := context.Background()
	dir := t.TempDir()
	good := filepath.Join(dir, "good.ris")
	bad := filepath.Join(dir, "bad.bib")
	os.WriteFile(good, []byte("TY  - JOUR\nTI  - Good\nER  - \n"), 0o644)
	os.WriteFile(bad, []byte("@article{a,\n title = {Fine},\n}\n@article{b,\n title = {Not {fine},\n"), 0o644)
	_, err := Import(ctx, st, []string{good, bad}, Options{Source: "S", Kind: review.Database})
	var pe *formats.ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("want a ParseError, got %v", err)
	}
	if n, _ := st.CountRecords(ctx); n != 0 {
		t.Errorf("%d records landed from a failed import", n)
	}
	if s, _ := st.Searches(ctx); len(s) != 0 {
		t.Errorf("%d searches landed from a failed import", len(s))
	}
	res, err := Import(ctx, st, []string{good, bad}, Options{Source: "S", Kind: review.Database, SkipBad: true})
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Search.Records != 1 || res[1].Search.Records != 1 || len(res[1].Skipped) != 1 {
		t.Errorf("skip-bad: got %+v", res)
	}
	if _, err := Import(ctx, st, []string{good}, Options{Source: "S", Kind: review.Database}); err == nil || !strings.Contains(err.Error(), "was imported before: search 1") {
		t.Errorf("importing the same content again: got %v", err)
	}
}
