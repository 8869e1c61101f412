package rank

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
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

// TestNewCorpusFrom: the two-pass build from a stream gives the vectors of
// NewCorpus, and refuses documents that change between its passes.
func TestNewCorpusFrom(t *testing.T) {
	docs, _ := synthAbstracts(3000, 4)
	o := DefaultOptions()
	want, err := NewCorpus(docs, o)
	if err != nil {
		t.Fatal(err)
	}
	stream := func(docs []Doc) func(func(Doc) error) error {
		return func(yield func(Doc) error) error {
			for _, d := range docs {
				if err := yield(d); err != nil {
					return err
				}
			}
			return nil
		}
	}
	got, err := NewCorpusFrom(stream(docs), o)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got.ptr, want.ptr) || !slices.Equal(got.feat, want.feat) || !slices.Equal(got.val, want.val) ||
		!slices.Equal(got.l1, want.l1) || !slices.Equal(got.sq1, want.sq1) || !slices.Equal(got.sq, want.sq) ||
		got.nfeat != want.nfeat || got.vocab != want.vocab {
		t.Fatal("the streamed corpus differs from NewCorpus's")
	}
	if cap(got.feat) != len(got.feat) || cap(got.val) != len(got.val) {
		t.Errorf("the vectors' arrays have room for %d values, hold %d: sized wrong", cap(got.feat), len(got.feat))
	}
	if len(want.feat) < 100*len(docs) {
		t.Fatalf("%d stored values for %d documents: the test data is too thin", len(want.feat), len(docs))
	}

	pass := 0
	_, err = NewCorpusFrom(func(yield func(Doc) error) error {
		pass++
		ds := docs
		if pass == 2 {
			ds = docs[1:] // a record gone between the passes
		}
		return stream(ds)(yield)
	}, o)
	if err == nil || !strings.Contains(err.Error(), "changed between the two passes") {
		t.Fatalf("documents changed between passes: err %v", err)
	}
	pass = 0
	_, err = NewCorpusFrom(func(yield func(Doc) error) error {
		pass++
		ds := docs
		if pass == 2 {
			ds = docs[:len(docs)-1]
		}
		return stream(ds)(yield)
	}, o)
	if err == nil || !strings.Contains(err.Error(), "3000 documents in the first pass, 2999 in the second") {
		t.Fatalf("a document missing from the second pass: err %v", err)
	}
}
