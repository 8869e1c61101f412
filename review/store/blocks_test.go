package store

import (
	"context"
	"slices"
	"testing"
)

// TestDedupBlocksTail checks that the blocks a run after an import keeps
// go to the table's tail, that look-ups find a block's records in the tree
// and the tail together, and that a run folds a full tail back into the
// tree without losing or repeating a record.
func TestDedupBlocksTail(t *testing.T) {
	ctx := context.Background()
	s := mustCreate(t)
	// save keeps the blocks of records from..to: block 7 holds them all,
	// block 100+id each one alone.
	save := func(from, to int64, drop bool) {
		t.Helper()
		run := DedupRun{BlocksThrough: to, DropBlocks: drop, Blocks: func(yield func(block, id, search int64) error) error {
			for id := from; id <= to; id++ {
				if err := yield(7, id, 1); err != nil {
					return err
				}
			}
			for id := from; id <= to; id++ {
				if err := yield(100+id, id, 1); err != nil {
					return err
				}
			}
			return nil
		}}
		if _, err := s.SaveDedup(ctx, "alice", run); err != nil {
			t.Fatal(err)
		}
	}
	tail := func() int {
		t.Helper()
		var n int
		if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM dedup_blocks WHERE block >= ?`, tailBlock).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	check := func(through int64) {
		t.Helper()
		if got, err := s.DedupBlocksThrough(ctx); err != nil || got != through {
			t.Fatalf("blocks kept through %d (%v), want %d", got, err, through)
		}
		counts, err := s.BlockCounts(ctx, []int64{7, 101, 100 + through, 100 + through + 1}, through, nil)
		if err != nil {
			t.Fatal(err)
		}
		want := map[int64]int{7: int(through), 101: 1, 100 + through: 1}
		if len(counts) != len(want) {
			t.Errorf("counts %v, want %v", counts, want)
		}
		for b, n := range want {
			if counts[b] != n {
				t.Errorf("block %d holds %d records, want %d (%v)", b, counts[b], n, counts)
			}
		}
		met, err := s.BlockMembers(ctx, []int64{7}, through, nil)
		if err != nil {
			t.Fatal(err)
		}
		slices.Sort(met)
		if len(met) != int(through) || met[0] != 1 || met[len(met)-1] != through {
			t.Errorf("block 7 lists %v, want records 1 to %d once each", met, through)
		}
		// Only the records up to through count.
		if counts, err := s.BlockCounts(ctx, []int64{7}, 2, nil); err != nil || counts[7] != 2 {
			t.Errorf("block 7 up to record 2: %v (%v)", counts, err)
		}
		// A withdrawn search's records are left out.
		if counts, err := s.BlockCounts(ctx, []int64{7}, through, []int64{1}); err != nil || len(counts) != 0 {
			t.Errorf("block 7 without search 1: %v (%v)", counts, err)
		}
	}
	save(1, 20, true) // a first run: the tree, no tail
	if n := tail(); n != 0 {
		t.Fatalf("a first run wrote %d blocks in the tail", n)
	}
	check(20)
	save(21, 22, false) // an update: in the tail
	if n := tail(); n != 4 {
		t.Fatalf("the tail holds %d blocks after an update of 2 records, want 4", n)
	}
	check(22)
	save(23, 30, false) // the tail (4) is not over 30/2: in the tail too
	if n := tail(); n != 20 {
		t.Fatalf("the tail holds %d blocks, want 20", n)
	}
	check(30)
	save(31, 31, false) // the tail (20) is over 31/2: folded into the tree
	if n := tail(); n != 0 {
		t.Fatalf("the tail holds %d blocks after folding, want 0", n)
	}
	check(31)
	save(32, 33, false)
	if n := tail(); n != 4 {
		t.Fatalf("the tail holds %d blocks, want 4", n)
	}
	check(33)
	save(1, 33, true) // a full run: no tail
	if n := tail(); n != 0 {
		t.Fatalf("a full run left %d blocks in the tail", n)
	}
	check(33)
}
