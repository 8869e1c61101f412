package store

import (
	"strings"
	"testing"
)

// TestRewrite is the tokenizer's table: what SQLite's SQL becomes for
// each dialect, and the queries it refuses. The cases include those a
// rewriter by regular expressions got wrong.
func TestRewrite(t *testing.T) {
	for _, c := range []struct {
		in, sqlite, pg string
	}{
		{`SELECT a FROM t WHERE b = ? AND c = ?`, ``, `SELECT a FROM t WHERE b = $1 AND c = $2`},
		{`SELECT ?1, ?2, ?1`, ``, `SELECT $1, $2, $1`},
		{"SELECT a FROM t -- is it?\nWHERE b = ?", ``, "SELECT a FROM t -- is it?\nWHERE b = $1"},
		{`SELECT a FROM t /* what? */ WHERE b = ?`, ``, `SELECT a FROM t /* what? */ WHERE b = $1`},
		{`SELECT "what?" FROM t WHERE b = ?`, ``, `SELECT "what?" FROM t WHERE b = $1`},
		{`SELECT 'it''s ?' , ?`, ``, `SELECT 'it''s ?' , $1`},
		{`SELECT "a""?" , ?`, ``, `SELECT "a""?" , $1`},
		{`SELECT 'use instr(x)', instr(a, ?)`, ``, `SELECT 'use instr(x)', strpos(a, $1)`},
		{`SELECT a FROM t INDEXED BY t_idx WHERE b = ?`, ``, `SELECT a FROM t  WHERE b = $1`},
		{`SELECT 'INDEXED BY x' FROM t`, ``, `SELECT 'INDEXED BY x' FROM t`},
		{`SELECT a COLLATE BINARY, 'COLLATE BINARY' FROM t`, ``, `SELECT a COLLATE "C", 'COLLATE BINARY' FROM t`},
		{`SELECT a COLLATE NOCASE FROM t`, ``, `SELECT a COLLATE NOCASE FROM t`},
		{`SELECT instruction, instr (a, b) FROM t`, ``, `SELECT instruction, strpos (a, b) FROM t`},
		{`SELECT a FROM t WHERE id IN idlist(?) AND s = ?`,
			`SELECT a FROM t WHERE id IN (SELECT value FROM json_each(?)) AND s = ?`,
			`SELECT a FROM t WHERE id IN (SELECT unnest(CAST($1 AS bigint[]))) AND s = $2`},
		{`SELECT a FROM t WHERE s = ?1 AND id IN idlist(?2)`,
			`SELECT a FROM t WHERE s = ?1 AND id IN (SELECT value FROM json_each(?2))`,
			`SELECT a FROM t WHERE s = $1 AND id IN (SELECT unnest(CAST($2 AS bigint[])))`},
		{`SELECT 'idlist(?)'`, ``, `SELECT 'idlist(?)'`},
	} {
		want := c.sqlite
		if want == "" {
			want = c.in
		}
		if got, err := rewrite(c.in, sqliteDialect); err != nil || got != want {
			t.Errorf("sqlite %q:\n got %q, %v\nwant %q", c.in, got, err, want)
		}
		if got, err := rewrite(c.in, postgresDialect); err != nil || got != c.pg {
			t.Errorf("postgres %q:\n got %q, %v\nwant %q", c.in, got, err, c.pg)
		}
	}
	for _, c := range []struct{ in, err string }{
		{`SELECT ?1, ?`, "mixes"},
		{`SELECT ?, ?2`, "mixes"},
		{`SELECT ?1 WHERE id IN idlist(?)`, "mixes"},
		{`SELECT 'open`, "unterminated '"},
		{`SELECT "open`, `unterminated "`},
		{`SELECT /* open`, "unterminated /*"},
		{`SELECT a WHERE id IN idlist(?, ?)`, "one parameter"},
	} {
		for _, d := range []dialect{sqliteDialect, postgresDialect} {
			if got, err := rewrite(c.in, d); err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%q (dialect %d): got %q, %v; want an error with %q", c.in, d, got, err, c.err)
			}
		}
	}
}

func TestIDListArgs(t *testing.T) {
	args := []any{idList{3, 1, 2}, true, "x"}
	if got := sqliteDialect.args(args); got[0] != "[3,1,2]" || got[1] != true || got[2] != "x" {
		t.Errorf("sqlite args: %v", got)
	}
	if got := postgresDialect.args(args); got[0] != "{3,1,2}" || got[1] != 1 || got[2] != "x" {
		t.Errorf("postgres args: %v", got)
	}
	if _, ok := args[0].(idList); !ok {
		t.Errorf("args changed its argument: %v", args)
	}
}
