package rank

import (
	"math"
	"slices"
	"testing"
)

// TestDescendingKeys checks that the fusion's integer keys sort as its
// comparison does: scores descending, equal ones (0 and −0 too) by index.
func TestDescendingKeys(t *testing.T) {
	negZero := float32(math.Copysign(0, -1))
	ss := []scored{{0.5, 0}, {-1, 1}, {negZero, 2}, {0, 3}, {0.5, 4}, {-0.25, 5}, {3e-39, 6}, {-3e-39, 7},
		{float32(math.Inf(1)), 8}, {float32(math.Inf(-1)), 9}, {2, 10}, {-1, 11}}
	keys := make([]uint64, len(ss))
	if !descendingKeys(ss, keys) {
		t.Fatal("no NaN, yet refused")
	}
	slices.Sort(keys)
	want := slices.Clone(ss)
	slices.SortFunc(want, func(a, b scored) int {
		switch {
		case a.s > b.s:
			return -1
		case a.s < b.s:
			return 1
		}
		return int(a.r - b.r)
	})
	for i, k := range keys {
		if got := int32(uint32(k)); got != want[i].r {
			t.Fatalf("place %d: index %d, want %d (%v)", i, got, want[i].r, want)
		}
	}
	if descendingKeys([]scored{{float32(math.NaN()), 0}}, make([]uint64, 1)) {
		t.Error("a NaN score was given a key")
	}
}
