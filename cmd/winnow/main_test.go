package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"flag"
	"fmt"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"
	"github.com/rogpeppe/go-internal/testscript"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"github.com/winnow-review/winnow/internal/prismaread"
	"github.com/winnow-review/winnow/internal/storetest"
	"github.com/winnow-review/winnow/internal/ui"
	"github.com/winnow-review/winnow/review/store"
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
	t.Run("sqlite", func(t *testing.T) { runScripts(t, false) })
	if storetest.Server() == "" {
		t.Log(storetest.SkipNote)
		return
	}
	t.Run("postgres", func(t *testing.T) { runScripts(t, true) })
}

// runScripts runs the scripts with the review in winnow.db, or, for
// postgres, in a PostgreSQL database of each script's own (WINNOW_DB);
// scripts tell the two apart with the condition [pg].
func runScripts(t *testing.T, pg bool) {
	sample, err := filepath.Abs("../../testdata/sample")
	if err != nil {
		t.Fatal(err)
	}
	reader, skipReader, errReader := prismaread.Find()
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
			env.Setenv("COPYDB", filepath.Join(env.WorkDir, "copy.db"))
			env.Setenv("PRISMA2020READ", reader)
			if pg {
				db, name := storetest.NewDatabase(t)
				env.Setenv("WINNOW_DB", db)
				env.Defer(func() { storetest.DropDatabase(db, name) })
				copyDB, copyName := storetest.NewDatabase(t)
				env.Setenv("COPYDB", copyDB)
				env.Defer(func() { storetest.DropDatabase(copyDB, copyName) })
			}
			return nil
		},
		Condition: func(cond string) (bool, error) {
			if cond == "pg" {
				return pg, nil
			}
			if cond == "prisma2020" {
				if errReader != nil {
					return false, errReader
				}
				if reader == "" {
					t.Log(skipReader)
				}
				return reader != "", nil
			}
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
			"samelog":   cmdSameLog,
			"pngsize":   cmdPNGSize,

			"prisma2020read": cmdPrisma2020Read,
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
// winnow must refuse, or on the script's review ("review": winnow.db or
// $WINNOW_DB, SQLite or PostgreSQL): sqlset FILE|review STATEMENT.
func cmdSQLSet(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: sqlset FILE|review STATEMENT")
	}
	driver, source := "sqlite", "file:"+ts.MkAbs(args[0])
	if args[0] == "review" {
		if loc := reviewLocation(ts, nil); store.IsPostgres(loc) {
			driver, source = "pgx", loc
		} else {
			source = "file:" + ts.MkAbs(loc)
		}
	}
	db, err := sql.Open(driver, source)
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
	state, _ := reviewState(ts, reviewLocation(ts, args[1:]), false)
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
	db := reviewLocation(ts, nil)
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

// cmdSameLog compares two `log --json` outputs, leaving out the lines of
// `winnow copy`: samelog FILE FILE.
func cmdSameLog(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: samelog FILE FILE")
	}
	var logs [2][]map[string]any
	for i, f := range args {
		var all []map[string]any
		ts.Check(json.Unmarshal([]byte(ts.ReadFile(f)), &all))
		for _, e := range all {
			if e["action"] != "copy" {
				logs[i] = append(logs[i], e)
			}
		}
	}
	a, _ := json.MarshalIndent(logs[0], "", "  ")
	b, _ := json.MarshalIndent(logs[1], "", "  ")
	if string(a) != string(b) {
		ts.Fatalf("the logs differ (copy lines aside):\n%s\n%s", a, b)
	}
}

// reviewState counts and hashes every row and column of every table of a
// review (the log aside when noEvents is set), through the store's own
// checksums, which read SQLite and PostgreSQL alike; and counts the log's
// lines and the full-text index's entries.
func reviewState(ts *testscript.TestScript, db string, noEvents bool) (string, int) {
	if !store.IsPostgres(db) {
		db = ts.MkAbs(db)
	}
	ctx := context.Background()
	st, err := store.Open(ctx, db)
	ts.Check(err)
	defer st.Close()
	sums, err := st.Sums(ctx)
	ts.Check(err)
	var parts []string
	var events int
	for _, s := range sums {
		if s.Table == "events" {
			events = int(s.Rows)
			if noEvents {
				continue
			}
		}
		parts = append(parts, fmt.Sprintf("%s=%d:%s", s.Table, s.Rows, s.Sum[:16]))
	}
	fts, err := st.FullTextEntries(ctx)
	ts.Check(err)
	parts = append(parts, fmt.Sprintf("fts=%d", fts))
	return strings.Join(parts, " "), events
}

// reviewLocation is the review a script's command works on: the one
// named, or $WINNOW_DB, or winnow.db.
func reviewLocation(ts *testscript.TestScript, named []string) string {
	if len(named) > 0 {
		return named[0]
	}
	if db := ts.Getenv("WINNOW_DB"); db != "" {
		return db
	}
	return "winnow.db"
}

var svgSizeRE = regexp.MustCompile(`<svg [^>]*?width="([0-9.]+)" height="([0-9.]+)"`)

// cmdPNGSize checks that a PNG decodes and is an SVG's size at a dpi
// (its px are 1/96 inch): pngsize PNG SVG DPI.
func cmdPNGSize(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 3 || neg {
		ts.Fatalf("usage: pngsize PNG SVG DPI")
	}
	img, err := png.Decode(bytes.NewReader([]byte(ts.ReadFile(args[0]))))
	if err != nil {
		ts.Fatalf("%s: %v", args[0], err)
	}
	m := svgSizeRE.FindStringSubmatch(ts.ReadFile(args[1]))
	if m == nil {
		ts.Fatalf("%s: no width and height", args[1])
	}
	dpi, _ := strconv.ParseFloat(args[2], 64)
	w, _ := strconv.ParseFloat(m[1], 64)
	h, _ := strconv.ParseFloat(m[2], 64)
	ww, wh := int(math.Round(w*dpi/96)), int(math.Round(h*dpi/96))
	if b := img.Bounds(); b.Dx() != ww || b.Dy() != wh {
		ts.Fatalf("%s is %d × %d px; %s (%s × %s px) at %s dpi is %d × %d", args[0], b.Dx(), b.Dy(), args[1], m[1], m[2], args[2], ww, wh)
	}
}
