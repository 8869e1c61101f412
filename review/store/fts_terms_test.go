package store

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/winnow-review/winnow/review/formats"
	"github.com/winnow-review/winnow/review/formats/medline"
	"github.com/winnow-review/winnow/review/formats/ris"
)

// importSample imports the sample review's RIS and MEDLINE exports
// (testdata/sample), one import each, and gives the records' count.
func importSample(t *testing.T, s *Store) int {
	t.Helper()
	n := 0
	for _, name := range []string{"embase.ris", "medline.nbib", "citations.ris"} {
		f, err := os.Open(filepath.Join("..", "..", "testdata", "sample", name))
		if err != nil {
			t.Fatal(err)
		}
		var rd formats.Reader = ris.NewReader(f, name)
		if strings.HasSuffix(name, ".nbib") {
			rd = medline.NewReader(f, name)
		}
		im, sr := beginSearch(t, s)
		for {
			e, err := rd.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			r := e.Record
			r.SearchID = sr.ID
			if err := im.AddRecord(&r); err != nil {
				t.Fatal(err)
			}
			n++
		}
		f.Close()
		if err := im.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	return n
}

// TestIndexWordsAreFTS5s checks that records_fts_terms, which the search
// of a truncated word expands from, holds exactly the words of the
// full-text index after imports, and again after a copy of the review.
func TestIndexWordsAreFTS5s(t *testing.T) {
	s := mustCreate(t)
	if s.Postgres() {
		t.Skip("records_fts_terms is SQLite's (PostgreSQL's GIN index expands prefixes itself)")
	}
	ctx := context.Background()
	importSample(t, s)
	check := func(s *Store, when string) {
		t.Helper()
		terms := func(q string) []string {
			conn, err := s.db.Conn(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			conn.ExecContext(ctx, `CREATE VIRTUAL TABLE IF NOT EXISTS temp.v USING fts5vocab (main, records_fts, row)`)
			rows, err := conn.QueryContext(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var out []string
			for rows.Next() {
				var w string
				rows.Scan(&w)
				out = append(out, w)
			}
			return out
		}
		want := terms(`SELECT term FROM temp.v ORDER BY term`)
		got := terms(`SELECT term FROM records_fts_terms ORDER BY term`)
		if len(want) < 500 {
			t.Fatalf("%s: only %d words in the index", when, len(want))
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: records_fts_terms has %d words, the index %d", when, len(got), len(want))
		}
	}
	check(s, "after the imports")
	to := filepath.Join(t.TempDir(), "copy.db")
	if _, err := Copy(ctx, s, to, "alice"); err != nil {
		t.Fatal(err)
	}
	dst, err := Open(ctx, to)
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	check(dst, "after a copy")
}

// TestPrefixSearchExpands checks that a truncated word searched as the
// words it covers finds what FTS5's own prefix search finds, on the
// sample review's records.
func TestPrefixSearchExpands(t *testing.T) {
	s := mustCreate(t)
	if s.Postgres() {
		t.Skip("the expansion is SQLite's")
	}
	ctx := context.Background()
	importSample(t, s)
	ids := func(match string) []int64 {
		got, err := recordIDs(s.db.QueryContext(ctx, `SELECT rowid FROM records_fts WHERE records_fts MATCH ? ORDER BY rowid`, match))
		if err != nil {
			t.Fatalf("%s: %v", match, err)
		}
		return got
	}
	expanded := 0
	for _, q := range []string{"integrat*", "care integrat*", `"integrated car"*`, "frail*", "older adult*", "qual*",
		"random*", "multimorbid*", "nurs* NOT hospital*", "dement* OR alzheim*", "c*", "zzzq*", "self-car*"} {
		native, err := ftsQuery(q)
		if err != nil {
			t.Fatal(err)
		}
		match, err := s.ftsMatch(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if match != native {
			expanded++
		}
		want, got := ids(native), ids(match)
		if !slices.Equal(got, want) {
			t.Errorf("%q: searched as %s found %v; FTS5's prefix search %v", q, match, got, want)
		}
	}
	if expanded < 8 {
		t.Errorf("only %d of the searches were expanded into words", expanded)
	}
}
