package store

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/winnow-review/winnow/internal/storetest"
	"github.com/winnow-review/winnow/review"
)

// teamGrants are the statements README (PostgreSQL) gives a lead to let
// the team's role work on a review: %[1]s the database, %[2]s the role.
const teamGrants = `GRANT CONNECT ON DATABASE %[1]s TO %[2]s;
GRANT USAGE ON SCHEMA public TO %[2]s;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO %[2]s;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO %[2]s;`

// TestTeamRoleWithTheREADMEGrants: a reviewer whose PostgreSQL role has
// only the privileges README tells a lead to grant screens, and cannot
// make or change the review's tables.
func TestTeamRoleWithTheREADMEGrants(t *testing.T) {
	if !storetest.Postgres() {
		t.Skip("runs in the PostgreSQL suite (WINNOW_TEST_PG)")
	}
	ctx := context.Background()
	loc := storetest.Location(t, t.TempDir(), "r.db")
	s, err := Create(ctx, loc, "T", 2, "alice")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.AddReviewer(ctx, "alice", true, "alice"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddReviewer(ctx, "bob", false, "alice"); err != nil {
		t.Fatal(err)
	}
	importOne(t, s, "integrated care for older adults")

	cfg, err := pgx.ParseConfig(loc)
	if err != nil {
		t.Fatal(err)
	}
	team, bob := fmt.Sprintf("winnow_team_%d", os.Getpid()), fmt.Sprintf("winnow_bob_%d", os.Getpid())
	admin, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	for _, q := range []string{
		`CREATE ROLE ` + team + ` NOLOGIN`,
		`CREATE ROLE ` + bob + ` LOGIN IN ROLE ` + team,
	} {
		if _, err := admin.Exec(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() {
		for _, q := range []string{`DROP OWNED BY ` + bob + `, ` + team, `DROP ROLE ` + bob, `DROP ROLE ` + team} {
			admin.Exec(ctx, q)
		}
	})
	for _, q := range strings.Split(fmt.Sprintf(teamGrants, cfg.Database, team), "\n") {
		if _, err := admin.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}

	u, _ := url.Parse(loc)
	u.User = url.User(bob)
	asBob, err := Open(ctx, u.String())
	if err != nil {
		t.Fatal(err)
	}
	defer asBob.Close()
	vote := review.Vote{RecordID: 1, Stage: review.TitleAbstract, Reviewer: "bob", Decision: review.Include}
	if err := asBob.Decide(ctx, []review.Vote{vote}, "bob"); err != nil {
		t.Fatalf("bob decides with the team's grants: %v", err)
	}
	if _, err := asBob.db.ExecContext(ctx, `DROP TABLE decisions`); err == nil {
		t.Error("bob's role dropped a table")
	}
	if _, err := asBob.db.ExecContext(ctx, `CREATE TABLE mine (x int)`); err == nil {
		t.Error("bob's role made a table in the review's schema")
	}
	votes, err := s.VotesOn(ctx, 1, review.Viewer{Name: "alice", Lead: true})
	if err != nil || len(votes) != 1 {
		t.Errorf("the lead sees %d votes, %v", len(votes), err)
	}
}

// TestPostgresRefusesOtherTables: winnow makes a review only in an empty
// database, and opens only its own.
func TestPostgresRefusesOtherTables(t *testing.T) {
	if !storetest.Postgres() {
		t.Skip("runs in the PostgreSQL suite (WINNOW_TEST_PG)")
	}
	ctx := context.Background()
	loc, name := storetest.NewDatabase(t)
	t.Cleanup(func() { storetest.DropDatabase(loc, name) })
	cfg, _ := pgx.ParseConfig(loc)
	if err := createDatabase(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(ctx, loc); !errors.Is(err, ErrNoReview) {
		t.Errorf("an empty database: %v", err)
	}
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `CREATE TABLE payroll (x int)`); err != nil {
		t.Fatal(err)
	}
	if _, err := Create(ctx, loc, "T", 2, ""); !errors.Is(err, ErrExists) {
		t.Errorf("create over someone else's tables: %v", err)
	}
	if _, err := Open(ctx, loc); !errors.Is(err, ErrNotReview) {
		t.Errorf("open someone else's tables: %v", err)
	}
	var n int
	conn.QueryRow(ctx, `SELECT count(*) FROM pg_tables WHERE schemaname = 'public'`).Scan(&n)
	if n != 1 {
		t.Errorf("%d tables after the refusals, want the 1 that was there", n)
	}
}

// importOne imports one record with the title given.
func importOne(t *testing.T, s *Store, title string) {
	t.Helper()
	im, sr := beginSearch(t, s)
	if err := im.AddRecord(&review.Record{SearchID: sr.ID, Title: title, Raw: "TY  - JOUR", Line: 1}); err != nil {
		t.Fatal(err)
	}
	if err := im.FinishSearch(sr); err != nil {
		t.Fatal(err)
	}
	if err := im.Commit(); err != nil {
		t.Fatal(err)
	}
}

// TestPostgresFailedCreateLeavesNothing: what a failed Create (or copy)
// made in an existing empty database is removed, so the next try works.
func TestPostgresFailedCreateLeavesNothing(t *testing.T) {
	if !storetest.Postgres() {
		t.Skip("runs in the PostgreSQL suite (WINNOW_TEST_PG)")
	}
	ctx := context.Background()
	loc, name := storetest.NewDatabase(t)
	t.Cleanup(func() { storetest.DropDatabase(loc, name) })
	cfg, _ := pgx.ParseConfig(loc)
	if err := createDatabase(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	s, err := createPostgres(ctx, loc)
	if err != nil {
		t.Fatal(err)
	}
	s.discard(ctx)
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var tables, collations int
	conn.QueryRow(ctx, `SELECT (SELECT count(*) FROM pg_tables WHERE schemaname = 'public'),
		(SELECT count(*) FROM pg_collation WHERE collname = 'nocase')`).Scan(&tables, &collations)
	if tables != 0 || collations != 0 {
		t.Errorf("%d tables and %d nocase collations left after a failed create", tables, collations)
	}
	s, err = Create(ctx, loc, "T", 2, "alice")
	if err != nil {
		t.Fatalf("create after a failed one: %v", err)
	}
	s.Close()
}

// TestSchemasMatch compares the live schemas the two migration trees
// build, table by table and column by column (name, order, NOT NULL and
// type), so that a schema change written for one backend only, or
// differently, fails here. Indexes and PostgreSQL's full-text table are
// the backends' own and are not compared.
func TestSchemasMatch(t *testing.T) {
	if !storetest.Postgres() {
		t.Skip("runs in the PostgreSQL suite (WINNOW_TEST_PG)")
	}
	ctx := context.Background()
	lite, err := Create(ctx, t.TempDir()+"/r.db", "T", 2, "alice")
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	pg, err := Create(ctx, storetest.Location(t, t.TempDir(), "r.db"), "T", 2, "alice")
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()

	type column struct {
		name, kind string
		notNull    bool
	}
	// kinds maps each backend's type names to one word.
	kind := func(typ string) string {
		switch strings.ToLower(typ) {
		case "integer", "bigint", "int", "smallint":
			return "integer"
		case "text", "character varying":
			return "text"
		case "real", "double precision":
			return "real"
		case "blob", "bytea":
			return "blob"
		}
		return typ
	}
	liteTables := map[string][]column{}
	rows, err := lite.db.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table'
		AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'records_fts%' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		names = append(names, n)
	}
	rows.Close()
	for _, n := range names {
		rows, err := lite.db.QueryContext(ctx, `SELECT name, type, "notnull", pk FROM pragma_table_info(?) ORDER BY cid`, n)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var c column
			var typ string
			var notNull, pk int
			if err := rows.Scan(&c.name, &typ, &notNull, &pk); err != nil {
				t.Fatal(err)
			}
			c.kind, c.notNull = kind(typ), notNull == 1 || pk > 0
			liteTables[n] = append(liteTables[n], c)
		}
		rows.Close()
	}

	pgTables := map[string][]column{}
	rows, err = pg.db.QueryContext(ctx, `SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name NOT LIKE 'records_fts%' AND table_name <> 'winnow_schema'
		ORDER BY table_name, ordinal_position`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var table, name, typ, nullable string
		if err := rows.Scan(&table, &name, &typ, &nullable); err != nil {
			t.Fatal(err)
		}
		pgTables[table] = append(pgTables[table], column{name, kind(typ), nullable == "NO"})
	}
	rows.Close()

	for table, cols := range liteTables {
		if fmt.Sprint(cols) != fmt.Sprint(pgTables[table]) {
			t.Errorf("table %s differs:\n sqlite:     %v\n postgresql: %v", table, cols, pgTables[table])
		}
	}
	for table := range pgTables {
		if _, ok := liteTables[table]; !ok {
			t.Errorf("table %s is in the PostgreSQL schema only", table)
		}
	}
	if len(liteTables) < 10 {
		t.Errorf("only %d tables compared: %v", len(liteTables), names)
	}
}
