package match

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/winnow-review/winnow/internal/testcorpus"
)

// TestBlockingRecall compares every pair of records of each labelled
// dataset (WINNOW_DEDUP_DEBUG=1 only: it is quadratic) and reports the
// pairs that would be linked or queued but that blocking never offers.
func TestBlockingRecall(t *testing.T) {
	if os.Getenv("WINNOW_DEDUP_DEBUG") == "" {
		t.Skip("set WINNOW_DEDUP_DEBUG=1 to compare all pairs of the corpus")
	}
	root := filepath.Join(testcorpus.Dir(t), "dedup")
	truths, _ := filepath.Glob(filepath.Join(root, "*", "truth.csv"))
	for _, truth := range truths {
		dir := filepath.Dir(truth)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			recs, files := corpusRecords(t, dir)
			keys := make([]Key, len(recs))
			e := newEntries(len(recs))
			var buf []uint64
			for i := range recs {
				keys[i] = KeyOf(&recs[i], recs[i].SearchID)
				buf = blockKeys(buf[:0], &keys[i])
				for _, h := range buf {
					e.add(h, i)
				}
			}
			var offered []uint64
			e.eachShard(len(keys), 500, 0, 2, nil, func(p []uint64) { offered = append(offered, p...) })
			sk := sketchAll(keys)
			th := defaultThresholds
			missed := 0
			for i := range keys {
				for j := i + 1; j < len(keys); j++ {
					a, b := &keys[i], &keys[j]
					f := measure(a, b, sk.of(i).words, sk.of(j).words, a.SearchID == b.SearchID && files > 1)
					if decide(&f, &th).verdict == differ {
						continue
					}
					if _, ok := slices.BinarySearch(offered, uint64(i)<<32|uint64(j)); !ok {
						missed++
						t.Logf("not offered: %q / %q", a.Title, b.Title)
					}
				}
			}
			t.Logf("%d candidate pairs; %d decided pairs not offered", len(offered), missed)
		})
	}
}
