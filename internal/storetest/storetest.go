// Package storetest runs a package's tests against both of winnow's
// backends: SQLite always, and PostgreSQL as well when WINNOW_TEST_PG
// names a server.
//
// WINNOW_TEST_PG is a postgres:// URL of a user who may create databases
// (scripts/pg-cluster.sh starts a throwaway server and prints one); each
// test gets a database of its own, dropped when it ends. A package's
// TestMain calls Main, which runs the tests on SQLite and then runs the
// test binary again with WINNOW_TEST_BACKEND=postgres; the tests ask
// Location where to put a review.
package storetest

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5"
)

// Postgres says whether this run of the tests is the PostgreSQL one.
func Postgres() bool { return os.Getenv("WINNOW_TEST_BACKEND") == "postgres" }

// Server is the PostgreSQL server the tests may use, or "".
func Server() string { return os.Getenv("WINNOW_TEST_PG") }

// SkipNote says how to run the PostgreSQL suite that was skipped.
const SkipNote = "PostgreSQL suite skipped: set WINNOW_TEST_PG=postgres://USER@HOST:PORT/postgres?sslmode=disable " +
	"(a user who may create databases), or run ./scripts/test.sh, which starts a throwaway server when PostgreSQL is installed"

// Main runs the package's tests on SQLite, then, when WINNOW_TEST_PG is
// set, once more on PostgreSQL, and exits with the worse result.
func Main(m *testing.M) {
	code := m.Run()
	if Postgres() {
		os.Exit(code)
	}
	if Server() == "" {
		if testing.Verbose() {
			fmt.Println(SkipNote)
		}
		os.Exit(code)
	}
	cmd := exec.Command(os.Args[0], os.Args[1:]...)
	cmd.Env = append(os.Environ(), "WINNOW_TEST_BACKEND=postgres")
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if testing.Verbose() {
		fmt.Println("=== the same tests on PostgreSQL")
	}
	if err := cmd.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "storetest: the PostgreSQL run failed:", err)
		if code == 0 {
			code = 1
		}
	}
	os.Exit(code)
}

var counter atomic.Int64

// Location is where a test keeps a review: the file name in dir on
// SQLite; on PostgreSQL the URL of a new database (which winnow init or
// store.Create makes), dropped when the test ends.
func Location(t testing.TB, dir, name string) string {
	t.Helper()
	if !Postgres() {
		return filepath.Join(dir, name)
	}
	u, db := NewDatabase(t)
	t.Cleanup(func() { DropDatabase(u, db) })
	return u
}

// NewDatabase names a database no test has used, on WINNOW_TEST_PG's
// server, without creating it.
func NewDatabase(t testing.TB) (location, name string) {
	t.Helper()
	server := Server()
	if server == "" {
		t.Fatal("WINNOW_TEST_BACKEND=postgres needs WINNOW_TEST_PG")
	}
	u, err := url.Parse(server)
	if err != nil {
		t.Fatalf("WINNOW_TEST_PG: %v", err)
	}
	name = fmt.Sprintf("winnow_test_%d_%d", os.Getpid(), counter.Add(1))
	u.Path = "/" + name
	return u.String(), name
}

// DropDatabase drops a test's database, closing whatever is left
// connected to it.
func DropDatabase(location, name string) error {
	cfg, err := pgx.ParseConfig(location)
	if err != nil {
		return err
	}
	cfg.Database = "postgres"
	ctx := context.Background()
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, `DROP DATABASE IF EXISTS `+pgx.Identifier{name}.Sanitize()+` WITH (FORCE)`)
	if err != nil && strings.Contains(err.Error(), "does not exist") {
		return nil
	}
	return err
}
