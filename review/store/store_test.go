package store

import (
	"context"
	"database/sql"
	"errors"
	"github.com/winnow-review/winnow/internal/storetest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/winnow-review/winnow/review"
)

func mustCreate(t *testing.T) *Store {
	t.Helper()
	s, err := Create(context.Background(), storetest.Location(t, t.TempDir(), "r.db"), "T", 2, "alice")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestCreateAndOpen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "r.db")
	s, err := Create(ctx, path, "Integrated care", 2, "")
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := Create(ctx, path, "again", 2, ""); !errors.Is(err, ErrExists) {
		t.Errorf("create over a review: %v", err)
	}
	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if title, _ := s.Setting(ctx, "title"); title != "Integrated care" {
		t.Errorf("title %q", title)
	}
	var fk, pageSize int
	var mode string
	s.db.QueryRow(`PRAGMA foreign_keys`).Scan(&fk)
	s.db.QueryRow(`PRAGMA journal_mode`).Scan(&mode)
	s.db.QueryRow(`PRAGMA page_size`).Scan(&pageSize)
	if fk != 1 || mode != "wal" || pageSize != 16384 {
		t.Errorf("foreign_keys=%d journal_mode=%s page_size=%d", fk, mode, pageSize)
	}
}

func TestOpenRefuses(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	text := filepath.Join(dir, "notes.txt")
	os.WriteFile(text, []byte("not a database at all, just some notes of mine"), 0o644)
	if _, err := Open(ctx, text); !errors.Is(err, ErrNotReview) {
		t.Errorf("a text file: %v", err)
	}
	if _, err := Open(ctx, filepath.Join(dir, "missing.db")); !errors.Is(err, ErrNoReview) {
		t.Errorf("a missing file: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "missing.db")); err == nil {
		t.Error("opening a missing review created it")
	}
	if _, err := Open(ctx, dir); !errors.Is(err, ErrNotReview) {
		t.Errorf("a folder: %v", err)
	}
	path := filepath.Join(dir, "newer.db")
	s, err := Create(ctx, path, "", 2, "")
	if err != nil {
		t.Fatal(err)
	}
	s.db.Exec(`PRAGMA user_version = 999`)
	s.Close()
	if _, err := Open(ctx, path); !errors.Is(err, ErrTooNew) {
		t.Errorf("a newer review: %v", err)
	}
	other := filepath.Join(dir, "other.db")
	db, _ := sql.Open("sqlite", "file:"+other)
	db.Exec(`CREATE TABLE t (x)`)
	db.Close()
	if _, err := Open(ctx, other); !errors.Is(err, ErrNotReview) {
		t.Errorf("another program's database: %v", err)
	}
}

func TestImportRollsBack(t *testing.T) {
	s := mustCreate(t)
	ctx := context.Background()
	im, sr := beginSearch(t, s)
	for i := 0; i < 3*ftsBatch+5; i++ {
		r := &review.Record{SearchID: sr.ID, Title: "integrated care", Raw: "TY  - JOUR", Line: 1}
		if err := im.AddRecord(r); err != nil {
			t.Fatal(err)
		}
	}
	im.Rollback()
	if n, _ := s.CountRecords(ctx); n != 0 {
		t.Errorf("%d records after a rollback", n)
	}
	fts, err := s.FullTextEntries(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if fts != 0 {
		t.Errorf("%d index entries after a rollback", fts)
	}
}

func TestImportIndexesEveryRecord(t *testing.T) {
	s := mustCreate(t)
	ctx := context.Background()
	for round := 0; round < 2; round++ {
		im, err := s.BeginImport(ctx, "alice")
		if err != nil {
			t.Fatal(err)
		}
		sr := &review.Search{Source: "S", Kind: review.Database, File: "f.ris", SHA256: "x", Format: "ris", Encoding: "utf-8"}
		im.AddSearch(sr)
		for i := 0; i < ftsBatch+7; i++ {
			r := &review.Record{SearchID: sr.ID, Title: "integrated care", Authors: []review.Author{{Family: "Müller"}}, Raw: "x", Line: i + 1}
			if err := im.AddRecord(r); err != nil {
				t.Fatal(err)
			}
		}
		if err := im.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	n := 0
	err := s.EachRecord(ctx, RecordQuery{Search: "muller integrated"}, func(*review.Record) error { n++; return nil })
	if err != nil {
		t.Fatal(err)
	}
	if want := 2 * (ftsBatch + 7); n != want {
		t.Errorf("search found %d records, want %d", n, want)
	}
}

// TestSearchFinds runs the searches winnow offers (words, phrases,
// prefixes, AND, OR, NOT) on both backends: the results are the same.
func TestSearchFinds(t *testing.T) {
	s := mustCreate(t)
	ctx := context.Background()
	im, sr := beginSearch(t, s)
	for i, r := range []review.Record{
		{Title: "Self-care of older adults", Abstract: "Nurse-led follow-up by e-mail (nurse@example.org)."},
		{Title: "Integrierte Versorgung: über Grenzen", Keywords: []string{"integrated care", "Germany"}},
		{Title: "COVID-19 and primary care", Abstract: "Care integration in 2020."},
		{Title: "Integrated primary care", Authors: []review.Author{{Family: "Müller", Given: "Anna"}}},
		{Title: "Care pathways", Abstract: "Not about integration at all."},
	} {
		r.SearchID, r.Raw, r.Line = sr.ID, "x", i+1
		if err := im.AddRecord(&r); err != nil {
			t.Fatal(err)
		}
	}
	if err := im.Commit(); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ q, want string }{
		{"care", "1 2 3 4 5"},
		{"CARE self", "1"},
		{`"self care"`, "1"},
		{"self-care", "1"},
		{`"older adults"`, "1"},
		{`"adults older"`, ""},
		{"integrat*", "2 3 4 5"},
		{`"primary care"`, "3 4"},
		{`"integrated care"`, "2"},
		{"uber", "2"},
		{"über", "2"},
		{"muller", "4"},
		{"MÜLLER anna", "4"},
		{"covid", "3"},
		{"covid 19", "3"},
		{"2020", "3"},
		{"email", ""},
		{"e-mail", "1"},
		{"example org", "1"},
		{"care NOT primary", "1 2 5"},
		{"covid OR pathways", "3 5"},
		{"integrated OR self AND older", "1 2 4"},
		{"primary AND integrated", "4"},
		{"primary NOT covid OR self", "1 4"},
		{"pathway*", "5"},
		{`"care path"*`, "5"},
	} {
		var got []string
		err := s.EachRecord(ctx, RecordQuery{Search: tt.q}, func(r *review.Record) error {
			got = append(got, strconv.FormatInt(r.ID, 10))
			return nil
		})
		if err != nil {
			t.Errorf("search %q: %v", tt.q, err)
			continue
		}
		if g := strings.Join(got, " "); g != tt.want {
			t.Errorf("search %q found %q, want %q", tt.q, g, tt.want)
		}
	}
}

func TestFTSQuery(t *testing.T) {
	tests := []struct{ in, want, err string }{
		{in: "integrated care", want: `"integrated" "care"`},
		{in: `"primary care" integrat*`, want: `"primary care" "integrat"*`},
		{in: "frailty OR dementia NOT child", want: `"frailty" OR "dementia" NOT "child"`},
		{in: `title:x NEAR( ^y`, want: `"title:x" "NEAR" "^y"`},
		{in: `say "hi""`, err: "quoted phrase is not closed"},
		{in: "OR care", err: "OR needs a word before it"},
		{in: "care AND", err: "AND needs a word after it"},
		{in: "( * )", err: "no words to search for"},
	}
	for _, tt := range tests {
		got, err := ftsQuery(tt.in)
		if tt.err != "" {
			if err == nil || !errors.Is(err, ErrBadSearch) || !contains(err.Error(), tt.err) {
				t.Errorf("ftsQuery(%q): %v, want error %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ftsQuery(%q) = %s, %v; want %s", tt.in, got, err, tt.want)
		}
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }

func TestTeam(t *testing.T) {
	s := mustCreate(t)
	ctx := context.Background()
	if added, err := s.AddReviewer(ctx, "alice", true, ""); err != nil || !added {
		t.Fatalf("%v %v", added, err)
	}
	if added, _ := s.AddReviewer(ctx, "ALICE", false, "alice"); added {
		t.Error("a name that differs only in case was added twice")
	}
	s.AddReviewer(ctx, "bob", false, "alice")
	s.AddReviewer(ctx, "bob", true, "alice")
	team, _ := s.Team(ctx)
	if len(team) != 2 || !team[1].Lead {
		t.Errorf("team %+v", team)
	}
	events, _ := s.Events(ctx, 0, review.Viewer{})
	var actions []string
	for _, e := range events {
		actions = append(actions, e.Reviewer+" "+e.Action)
	}
	if got := len(actions); got != 4 || actions[0] != "alice init" || actions[3] != "alice team lead" {
		t.Errorf("log %q", actions)
	}
}

// beginSearch begins an import of one search, by alice.
func beginSearch(t *testing.T, s *Store) (*Import, *review.Search) {
	t.Helper()
	im, err := s.BeginImport(context.Background(), "alice")
	if err != nil {
		t.Fatal(err)
	}
	sr := &review.Search{Source: "S", Kind: review.Database, File: "f.ris", SHA256: "x", Format: "ris", Encoding: "utf-8"}
	if err := im.AddSearch(sr); err != nil {
		t.Fatal(err)
	}
	return im, sr
}
