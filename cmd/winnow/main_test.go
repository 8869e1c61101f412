package main

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"github.com/winnow-review/winnow/internal/ui"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"winnow": func() { os.Exit(run(os.Args[1:], ui.System())) },
	})
}

// TestScripts runs the end-to-end scripts in testdata/script: each is a
// txtar file of winnow commands and the output they must give.
// go test ./cmd/winnow -run TestScripts -update rewrites their expected
// output files.
func TestScripts(t *testing.T) {
	sample, err := filepath.Abs("../../testdata/sample")
	if err != nil {
		t.Fatal(err)
	}
	corpus, _ := filepath.Abs("../../../shared/corpus")
	if dir := os.Getenv("WINNOW_CORPUS"); dir != "" {
		corpus = dir
	}
	testscript.Run(t, testscript.Params{
		Dir:                 "../../testdata/script",
		RequireExplicitExec: true,
		UpdateScripts:       *update,
		Setup: func(env *testscript.Env) error {
			env.Setenv("SAMPLE", sample)
			env.Setenv("CORPUS", corpus)
			env.Setenv("NO_COLOR", "1")
			return nil
		},
		Condition: func(cond string) (bool, error) {
			if cond == "corpus" {
				_, err := os.Stat(filepath.Join(corpus, "MANIFEST.md"))
				return err == nil, nil
			}
			return false, fmt.Errorf("unknown condition %q", cond)
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"encode":    cmdEncode,
			"bigtext":   cmdBigText,
			"sqlset":    cmdSQLSet,
			"filesize":  cmdFileSize,
			"unchanged": cmdUnchanged,
			"logged":    cmdLogged,
		},
	})
}

var update = flag.Bool("update", false, "rewrite the expected output of the script tests")

// cmdEncode rewrites a UTF-8 file in another encoding:
// encode utf-16le|utf-16be|windows-1252|cr FILE.
func cmdEncode(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: encode ENCODING FILE")
	}
	path := ts.MkAbs(args[1])
	data, err := os.ReadFile(path)
	ts.Check(err)
	var out []byte
	switch args[0] {
	case "utf-16le":
		out, err = unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes(data)
	case "utf-16be":
		out, err = unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewEncoder().Bytes(data)
	case "windows-1252":
		out, err = charmap.Windows1252.NewEncoder().Bytes(data)
	case "cr":
		out = []byte(strings.ReplaceAll(string(data), "\n", "\r"))
	case "crlf":
		out = []byte(strings.ReplaceAll(string(data), "\n", "\r\n"))
	case "binary":
		out = append([]byte{0, 0, 0, 0, 1, 2, 3, 0xff, 0xfe, 0xfd}, data...)
	case "bom":
		out = append([]byte("\ufeff"), data...)
	default:
		ts.Fatalf("encode: unknown encoding %q", args[0])
	}
	ts.Check(err)
	ts.Check(os.WriteFile(path, out, 0o644))
}

// cmdBigText writes FILE: the text of PREFIX, then N bytes of words, then
// SUFFIX: bigtext FILE N PREFIX SUFFIX.
func cmdBigText(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 4 {
		ts.Fatalf("usage: bigtext FILE N PREFIXFILE SUFFIXFILE")
	}
	n, err := strconv.Atoi(args[1])
	ts.Check(err)
	var b strings.Builder
	b.WriteString(ts.ReadFile(args[2]))
	word := "integration "
	for b.Len() < n {
		b.WriteString(word)
	}
	b.WriteString("end\n")
	b.WriteString(ts.ReadFile(args[3]))
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte(b.String()), 0o644))
}

// cmdSQLSet runs one SQL statement on an SQLite file, to make files that
// winnow must refuse: sqlset FILE STATEMENT.
func cmdSQLSet(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: sqlset FILE STATEMENT")
	}
	db, err := sql.Open("sqlite", "file:"+ts.MkAbs(args[0]))
	ts.Check(err)
	defer db.Close()
	_, err = db.ExecContext(context.Background(), args[1])
	ts.Check(err)
}

// cmdFileSize checks a file's size in bytes: filesize FILE N.
func cmdFileSize(ts *testscript.TestScript, neg bool, args []string) {
	st, err := os.Stat(ts.MkAbs(args[0]))
	ts.Check(err)
	if strconv.FormatInt(st.Size(), 10) != args[1] {
		ts.Fatalf("%s is %d bytes, not %s", args[0], st.Size(), args[1])
	}
}

// cmdUnchanged checks that the review's tables hold what they held when
// `unchanged save` ran: unchanged save|check [DB].
func cmdUnchanged(ts *testscript.TestScript, neg bool, args []string) {
	db := "winnow.db"
	if len(args) > 1 {
		db = args[1]
	}
	state, _ := reviewState(ts, db, false)
	switch args[0] {
	case "save":
		ts.Setenv("WINNOW_STATE", state)
	case "check":
		if want := ts.Getenv("WINNOW_STATE"); state != want {
			ts.Fatalf("the review changed:\nbefore: %s\nafter:  %s", want, state)
		}
	default:
		ts.Fatalf("usage: unchanged save|check [DB]")
	}
}

// cmdLogged runs a winnow command and checks that, if it changed anything
// in the review, it also wrote a line in the log: logged winnow ARGS...
// (the review is winnow.db, or $WINNOW_DB).
func cmdLogged(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) == 0 || args[0] != "winnow" {
		ts.Fatalf("usage: logged winnow ARGS...")
	}
	db := ts.Getenv("WINNOW_DB")
	if db == "" {
		db = "winnow.db"
	}
	before, eventsBefore := reviewState(ts, db, true)
	err := ts.Exec(args[0], args[1:]...)
	if (err != nil) != neg {
		ts.Fatalf("winnow %s: %v", strings.Join(args[1:], " "), err)
	}
	after, eventsAfter := reviewState(ts, db, true)
	if before != after && eventsAfter <= eventsBefore {
		ts.Fatalf("winnow %s changed the review without a line in the log:\nbefore: %s\nafter:  %s", strings.Join(args[1:], " "), before, after)
	}
	if neg && before != after {
		ts.Fatalf("winnow %s failed but changed the review", strings.Join(args[1:], " "))
	}
}

// reviewState hashes every row and column of every table of a review (the
// log aside when noEvents is set), and counts the log's lines.
func reviewState(ts *testscript.TestScript, db string, noEvents bool) (string, int) {
	conn, err := sql.Open("sqlite", "file:"+ts.MkAbs(db)+"?mode=ro")
	ts.Check(err)
	defer conn.Close()
	var tables []string
	rows, err := conn.Query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' AND name NOT LIKE 'records_fts%' ORDER BY name`)
	ts.Check(err)
	for rows.Next() {
		var t string
		ts.Check(rows.Scan(&t))
		tables = append(tables, t)
	}
	ts.Check(rows.Err())
	rows.Close()
	var parts []string
	var events int
	for _, table := range tables {
		// Every row, every column: a count and a hash of the content.
		rows, err := conn.Query(`SELECT * FROM "` + table + `"`)
		ts.Check(err)
		cols, err := rows.Columns()
		ts.Check(err)
		h := sha256.New()
		n := 0
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			ts.Check(rows.Scan(ptrs...))
			fmt.Fprintf(h, "%v\x00", vals)
			n++
		}
		ts.Check(rows.Err())
		rows.Close()
		if table == "events" {
			events = n
			if noEvents {
				continue
			}
		}
		parts = append(parts, fmt.Sprintf("%s=%d:%x", table, n, h.Sum(nil)))
	}
	var fts int
	ts.Check(conn.QueryRow(`SELECT count(*) FROM records_fts`).Scan(&fts))
	parts = append(parts, fmt.Sprintf("fts=%d", fts))
	return strings.Join(parts, " "), events
}
