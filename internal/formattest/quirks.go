package formattest

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/winnow-review/winnow/review/formats"
)

// Quirk is one row of a quirks table: a hand-made fixture that reproduces
// something other tools' users reported about real exports, with what a
// correct reader gives for it.
type Quirk struct {
	File    string // fixture name, in the table's folder
	Records int    // records the reader must give
	// ErrLines are the lines of the errors the reader must give, in order
	// (a record that cannot be read is an error naming its line, never a
	// dropped or invented record).
	ErrLines []int
	Quirk    string // what the fixture shows
	Reported string // where it was reported: tracker and issue number
}

// Quirks reads the table of README.md in dir, then reads each fixture it
// names as the importer does, each in a subtest named after the file, and
// checks that the fixture gives the table's record count and error lines.
// It fails when a fixture of dir has no row, or a row no fixture. It gives
// the files read, by name, for the format's own checks of their fields
// (File.Check).
//
// The table is markdown, one fixture a row, in this column order:
//
//	| fixture | records | errors at | quirk | reported in |
//	|---|---|---|---|---|
//	| `ovid-nl.ris` | 2 | – | Ovid writes NL after ER | winnow #17 |
//
// "errors at" lists the lines of the errors, comma-separated, or "–" for
// none.
func Quirks(t *testing.T, dir string, newReader NewReader) map[string]*File {
	t.Helper()
	rows := ReadQuirks(t, dir)
	files := map[string]*File{}
	for _, q := range rows {
		t.Run(q.File, func(t *testing.T) {
			f := ReadFile(t, newReader, filepath.Join(dir, q.File))
			files[q.File] = f
			var lines []int
			for _, r := range f.Results {
				var pe *formats.ParseError
				switch {
				case errors.As(r.Err, &pe):
					lines = append(lines, pe.Line)
				case r.Err != nil:
					t.Fatalf("reading stopped: %v", r.Err)
				}
			}
			if len(f.Entries) != q.Records {
				t.Errorf("read %d records, the table says %d (%s)", len(f.Entries), q.Records, q.Quirk)
			}
			if !reflect.DeepEqual(lines, q.ErrLines) {
				t.Errorf("errors at lines %v, the table says %v: %v", lines, q.ErrLines, errs(f.Results))
			}
			for i, e := range f.Entries {
				if e.Record.Raw == "" || !strings.Contains(f.Text, e.Record.Raw) {
					t.Errorf("record %d at line %d: Raw is not text of the file: %.60q", i+1, e.Record.Line, e.Record.Raw)
				}
			}
		})
	}
	return files
}

func errs(rs []Result) []string {
	var out []string
	for _, r := range rs {
		if r.Err != nil {
			out = append(out, r.Err.Error())
		}
	}
	return out
}

// ReadQuirks parses the quirks table of dir/README.md (see Quirks), and
// fails t unless its rows and the other files of dir match one to one.
func ReadQuirks(t testing.TB, dir string) []Quirk {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	var rows []Quirk
	listed := map[string]bool{}
	for n, line := range strings.Split(string(data), "\n") {
		cells := strings.Split(strings.TrimSpace(line), "|")
		if len(cells) != 7 || cells[0] != "" || cells[6] != "" {
			continue
		}
		cells = cells[1:6]
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		name := strings.Trim(cells[0], "`")
		if name == "fixture" || strings.Trim(name, "-:") == "" {
			continue // the header and the rule under it
		}
		q := Quirk{File: name, Quirk: cells[3], Reported: cells[4]}
		if q.Records, err = strconv.Atoi(cells[1]); err != nil {
			t.Fatalf("README.md:%d: records %q is not a number", n+1, cells[1])
		}
		if c := cells[2]; c != "–" && c != "-" {
			for _, s := range strings.Split(c, ",") {
				l, err := strconv.Atoi(strings.TrimSpace(s))
				if err != nil {
					t.Fatalf("README.md:%d: error line %q is not a number", n+1, s)
				}
				q.ErrLines = append(q.ErrLines, l)
			}
		}
		if q.Quirk == "" || q.Reported == "" {
			t.Fatalf("README.md:%d: %s: say what the quirk is and where it was reported", n+1, name)
		}
		if listed[name] {
			t.Fatalf("README.md:%d: %s is listed twice", n+1, name)
		}
		listed[name] = true
		rows = append(rows, q)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() || e.Name() == "README.md" {
			continue
		}
		if !listed[e.Name()] {
			t.Errorf("%s has no row in %s", e.Name(), filepath.Join(dir, "README.md"))
		}
		delete(listed, e.Name())
	}
	for name := range listed {
		t.Errorf("README.md lists %s, which is not in %s", name, dir)
	}
	if len(rows) == 0 {
		t.Fatalf("%s: no quirks table", filepath.Join(dir, "README.md"))
	}
	return rows
}
