package rank

import (
	"math/rand/v2"
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
	if err == nil || !strings.Contains(err.Error(), "changed between passes") {
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

// TestCompactCorpus: the compact layout decodes to the plain layout's
// vectors bit for bit, counts past its coded range included, so that
// every model trains and ranks the same with either.
func TestCompactCorpus(t *testing.T) {
	docs, labels := synthAbstracts(3000, 5)
	// Counts past the table of tf weights: a word 300 times in one
	// record and twice in another, so that it and its pair are stored.
	docs[7].Text += strings.Repeat(" aspirin", 300)
	docs[8].Text += " aspirin aspirin"
	docs[9].Text = "" // an empty row
	// Small blocks, so that rows start new ones.
	defer func(b int) { codeBlock = b }(codeBlock)
	codeBlock = 4096
	stream := func(yield func(Doc) error) error {
		for _, d := range docs {
			if err := yield(d); err != nil {
				return err
			}
		}
		return nil
	}
	for _, sublinear := range []bool{true, false} {
		o := DefaultOptions()
		o.Sublinear = sublinear
		plain, err := NewCorpusFrom(stream, o)
		if err != nil {
			t.Fatal(err)
		}
		compact, err := NewCompactCorpusFrom(stream, o)
		if err != nil {
			t.Fatal(err)
		}
		bytes := 0
		for _, blk := range compact.code {
			bytes += len(blk)
		}
		if len(compact.code) < 10 {
			t.Fatalf("%d blocks of codes: the test does not cross blocks", len(compact.code))
		}
		if compact.feat != nil || compact.val != nil || bytes > 3*len(plain.feat) {
			t.Fatalf("compact layout: %d bytes of codes for %d values; feat %v", bytes, len(plain.feat), compact.feat != nil)
		}
		if !slices.Equal(compact.l1, plain.l1) || !slices.Equal(compact.sq1, plain.sq1) || !slices.Equal(compact.sq, plain.sq) {
			t.Fatal("the compact corpus's rows differ from the plain one's")
		}
		var feat []int32
		var val []float32
		for r := range plain.ids {
			feat, val = compact.vector(int32(r), feat[:0], val[:0])
			lo, hi := plain.ptr[r], plain.ptr[r+1]
			if !slices.Equal(feat, plain.feat[lo:hi]) || !slices.Equal(val, plain.val[lo:hi]) {
				t.Fatalf("sublinear %v, row %d: decoded %v %v, stored %v %v", sublinear, r, feat, val, plain.feat[lo:hi], plain.val[lo:hi])
			}
		}
		var inc, exc, queue []int64
		for _, d := range docs {
			switch {
			case d.ID%3 != 0:
				queue = append(queue, d.ID)
			case labels[d.ID]:
				inc = append(inc, d.ID)
			default:
				exc = append(exc, d.ID)
			}
		}
		inc = append(inc, docs[7].ID)
		for _, name := range Presets() {
			mo, err := Preset(name)
			if err != nil {
				t.Fatal(err)
			}
			mo.Sublinear = sublinear
			for _, model := range []string{mo.Model, Logistic} {
				mo.Model = model
				want, err := plain.Train(inc, exc, mo)
				if err != nil {
					t.Fatal(err)
				}
				got, err := compact.Train(inc, exc, mo)
				if err != nil {
					t.Fatal(err)
				}
				for i := range want.parts {
					if !slices.Equal(got.parts[i].coef, want.parts[i].coef) || got.parts[i].l1coef != want.parts[i].l1coef {
						t.Fatalf("%s %s: the compact corpus trains other weights", name, model)
					}
				}
				if !slices.Equal(compact.Rank(got, queue), plain.Rank(want, queue)) {
					t.Fatalf("%s %s: the compact corpus ranks otherwise", name, model)
				}
				// Trained again (the learner reused), the same.
				again, err := compact.Train(inc, exc, mo)
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(again.parts[0].coef, got.parts[0].coef) {
					t.Fatalf("%s %s: trained again on the compact corpus, other weights", name, model)
				}
			}
		}
	}
}

// TestCorpusRows: records given in ascending order are found without a
// map, others with one, and a record given twice is refused either way.
func TestCorpusRows(t *testing.T) {
	docs := []Doc{{1, "aspirin trial"}, {5, "aspirin cohort"}, {9, "statin trial"}}
	c, err := NewCorpus(docs, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	if c.rows != nil {
		t.Error("records in ascending order: a map was made")
	}
	shuffled, err := NewCorpus([]Doc{docs[2], docs[0], docs[1]}, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []*Corpus{c, shuffled} {
		for _, d := range docs {
			if r, ok := c.row(d.ID); !ok || c.ids[r] != d.ID {
				t.Errorf("record %d: row %d, %v", d.ID, r, ok)
			}
		}
		if _, ok := c.row(4); ok {
			t.Error("record 4 found")
		}
	}
	for _, ds := range [][]Doc{{docs[0], docs[1], docs[1]}, {docs[1], docs[0], docs[1]}} {
		if _, err := NewCorpus(ds, DefaultOptions()); err == nil || !strings.Contains(err.Error(), "record 5 given twice") {
			t.Errorf("record 5 given twice: err %v", err)
		}
	}
}

// TestScoreRows: scoring rows two at a time gives each row the score
// dot32 gives it alone, to the bit, whatever the two rows' lengths (none,
// fewer than four, not a multiple of four, one far longer).
func TestScoreRows(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 9))
	w := make([]float32, 500)
	for j := range w {
		w[j] = float32(rng.NormFloat64())
	}
	c := &Corpus{ptr: []int{0}}
	for _, n := range []int{0, 1, 3, 4, 5, 7, 8, 9, 13, 64, 250, 2, 31, 33} {
		for range n {
			c.feat = append(c.feat, int32(rng.IntN(len(w))))
			c.val = append(c.val, float32(rng.Float64()))
		}
		c.ptr = append(c.ptr, len(c.feat))
		c.l1 = append(c.l1, float32(rng.Float64()))
	}
	rows := make([]int32, 0, 4*len(c.l1))
	for range 4 {
		for r := range len(c.l1) {
			rows = append(rows, int32(r))
		}
	}
	rng.Shuffle(len(rows), func(i, j int) { rows[i], rows[j] = rows[j], rows[i] })
	for _, narrow := range []bool{false, true} {
		c.feat16 = nil
		if narrow {
			c.nfeat = len(w)
			c.narrow()
		}
		for _, l1coef := range []float32{0, -0.75} {
			seen := make([]bool, len(rows))
			c.scoreRows(w, l1coef, rows, func(i int, s float32) {
				r := rows[i]
				if want := c.score(w, l1coef, r); s != want || seen[i] {
					t.Fatalf("row %d (%d values): score %v, want %v (again: %v)", r, c.ptr[r+1]-c.ptr[r], s, want, seen[i])
				}
				seen[i] = true
			})
			if i := slices.Index(seen, false); i >= 0 {
				t.Fatalf("row %d not scored", rows[i])
			}
		}
	}
}

// TestNarrowFeatures: a plain corpus of at most 65,536 stored features
// also holds them in 16 bits, the same numbers; a compact one, or one of
// more features, does not.
func TestNarrowFeatures(t *testing.T) {
	docs, _ := synthAbstracts(1500, 12)
	o := DefaultOptions()
	each := func(yield func(Doc) error) error {
		for _, d := range docs {
			if err := yield(d); err != nil {
				return err
			}
		}
		return nil
	}
	inMemory, _ := NewCorpus(docs, o)
	passes, _ := NewCorpusFrom(each, o)
	compact, _ := NewCompactCorpusFrom(each, o)
	for name, c := range map[string]*Corpus{"one pass": inMemory, "three passes": passes} {
		if c.nfeat > 1<<16 || c.nfeat < 1000 {
			t.Fatalf("%s: %d features stored, want 1000 to 65,536", name, c.nfeat)
		}
		if len(c.feat16) != len(c.feat) {
			t.Fatalf("%s: %d 16-bit features for %d", name, len(c.feat16), len(c.feat))
		}
		for i, j := range c.feat {
			if int32(c.feat16[i]) != j {
				t.Fatalf("%s: value %d: feature %d in 16 bits, %d in 32", name, i, c.feat16[i], j)
			}
		}
	}
	if compact.feat16 != nil {
		t.Error("the compact layout holds 16-bit features")
	}
	big := &Corpus{nfeat: 1<<16 + 1, feat: []int32{1 << 16}}
	if big.narrow(); big.feat16 != nil {
		t.Error("65,537 features held in 16 bits")
	}
}
