package store

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/winnow-review/winnow/internal/storetest"
	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/dedup/match"
)

// TestCopyPrimaryFurtherOn copies a review in which duplicates name
// primaries imported after them, hundreds of rows further on (a more
// complete record found by a later search): the copy must not check the
// reference before the primary's row is in. It copies to SQLite, and to
// PostgreSQL when WINNOW_TEST_PG names a server.
func TestCopyPrimaryFurtherOn(t *testing.T) {
	ctx := context.Background()
	s := mustCreate(t)
	im, sr := beginSearch(t, s)
	for i := 1; i <= 300; i++ {
		r := &review.Record{SearchID: sr.ID, Title: fmt.Sprintf("record %d", i), Raw: "x", Line: i}
		if err := im.AddRecord(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := im.Commit(); err != nil {
		t.Fatal(err)
	}
	links := []match.Pair{{A: 1, B: 250, Score: 1, Reasons: []string{"doi"}}, {A: 2, B: 299, Score: 1, Reasons: []string{"doi"}}}
	if _, err := s.SaveDedup(ctx, "alice", DedupRun{Links: links, MadeBy: "dedup",
		Primary: map[int64]int64{1: 250, 250: 250, 2: 299, 299: 299}}); err != nil {
		t.Fatal(err)
	}
	want, err := s.Sums(ctx)
	if err != nil {
		t.Fatal(err)
	}
	targets := map[string]string{"sqlite": filepath.Join(t.TempDir(), "copy.db")}
	if storetest.Server() != "" {
		location, name := storetest.NewDatabase(t)
		t.Cleanup(func() { storetest.DropDatabase(location, name) })
		targets["postgres"] = location
	}
	for backend, to := range targets {
		t.Run(backend, func(t *testing.T) {
			res, err := Copy(ctx, s, to, "alice")
			if err != nil {
				t.Fatal(err)
			}
			for i := range want {
				if res.Tables[i] != want[i] {
					t.Errorf("%s: copied %+v, the review holds %+v", want[i].Table, res.Tables[i], want[i])
				}
			}
			c, err := Open(ctx, to)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			if p, err := c.PrimaryOf(ctx, 1); err != nil || p != 250 {
				t.Errorf("record 1's primary in the copy: %d, %v; want 250", p, err)
			}
		})
	}
}

// TestBulkDedupSaveChecksForeignKeysAfter checks that a dedup run's save,
// which writes with SQLite's foreign-key checks off, leaves them on for
// whatever the connection serves next.
func TestBulkDedupSaveChecksForeignKeysAfter(t *testing.T) {
	ctx := context.Background()
	s := mustCreate(t)
	im, sr := beginSearch(t, s)
	for i := 1; i <= 3; i++ {
		if err := im.AddRecord(&review.Record{SearchID: sr.ID, Title: fmt.Sprintf("record %d", i), Raw: "x", Line: i}); err != nil {
			t.Fatal(err)
		}
	}
	if err := im.Commit(); err != nil {
		t.Fatal(err)
	}
	run := DedupRun{Links: []match.Pair{{A: 1, B: 3, Score: 1, Reasons: []string{"doi"}}}, MadeBy: "dedup",
		Primary: map[int64]int64{1: 3, 3: 3}, Bulk: true}
	if _, err := s.SaveDedup(ctx, "alice", run); err != nil {
		t.Fatal(err)
	}
	if p, err := s.PrimaryOf(ctx, 1); err != nil || p != 3 {
		t.Fatalf("record 1's primary: %d, %v", p, err)
	}
	if s.Postgres() {
		return
	}
	for range 8 {
		var on int
		if err := s.db.QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&on); err != nil || on != 1 {
			t.Fatalf("foreign_keys = %d after a bulk save (%v)", on, err)
		}
	}
	if _, err := s.SaveDedup(ctx, "alice", DedupRun{Primary: map[int64]int64{2: 99}}); err == nil {
		t.Error("a primary that is no record was saved")
	}
}
