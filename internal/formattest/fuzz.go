package formattest

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/winnow-review/winnow/review/formats"
)

// Seed adds the files that pattern matches to f's seed corpus, each turned
// into a seed by prepare, or as it is when prepare is nil. A README.md (a
// quirks table) is left out.
func Seed(f *testing.F, pattern string, prepare func(data []byte) string) {
	paths, err := filepath.Glob(pattern)
	if err != nil {
		f.Fatal(err)
	}
	for _, p := range paths {
		if filepath.Base(p) == "README.md" {
			continue // a quirks table, not a fixture
		}
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		if prepare != nil {
			f.Add(prepare(data))
		} else {
			f.Add(string(data))
		}
	}
}

// Fuzz reads in with r, a reader over in, and checks what every reader
// promises whatever its input: it does not panic; it returns io.EOF within
// maxCalls calls of Next (that call included), with no entry, and again
// when called after it; every error is a *formats.ParseError; every entry
// starts on a line and has a Raw that is text of in. It gives what each
// call before io.EOF returned, for the format's own checks.
func Fuzz(t *testing.T, r formats.Reader, in string, maxCalls int) []Result {
	t.Helper()
	var out []Result
	for calls := 1; ; calls++ {
		if calls > maxCalls {
			t.Fatalf("no io.EOF after %d calls to Next", maxCalls)
		}
		e, err := r.Next()
		if err == io.EOF {
			if e != nil {
				t.Fatal("Next returned an entry with io.EOF")
			}
			break
		}
		out = append(out, Result{e, err})
		if err != nil {
			var pe *formats.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v (%T) is not a *formats.ParseError", err, err)
			}
			_ = pe.Error() // the message is rendered from the fields too
			continue
		}
		if e == nil {
			t.Fatal("Next returned neither an entry nor an error")
		}
		if e.Record.Line < 1 {
			t.Fatalf("record at line %d", e.Record.Line)
		}
		if e.Record.Raw == "" || !strings.Contains(in, e.Record.Raw) {
			t.Fatalf("record at line %d: Raw %.60q is not text of the input", e.Record.Line, e.Record.Raw)
		}
	}
	if e, err := r.Next(); e != nil || err != io.EOF {
		t.Fatalf("Next after io.EOF gave %v, %v", e, err)
	}
	return out
}

// InLines fails t unless every record and every error of rs names a line
// of in: a record's Line and an error's Line from 1 to the number of lines,
// an error's RecordLine no further.
func InLines(t *testing.T, rs []Result, in string) {
	t.Helper()
	lines := strings.Count(in, "\n") + 1
	for _, r := range rs {
		var pe *formats.ParseError
		switch {
		case errors.As(r.Err, &pe):
			if pe.Line < 1 || pe.Line > lines || pe.RecordLine < 0 || pe.RecordLine > lines {
				t.Fatalf("error %q names a line outside the input's %d", r.Err, lines)
			}
		case r.Err == nil:
			if r.Entry.Record.Line > lines {
				t.Fatalf("record at line %d of %d", r.Entry.Record.Line, lines)
			}
		}
	}
}

// InOrder fails t unless each record and each error of rs starts on a later
// line than the record or error before it.
func InOrder(t *testing.T, rs []Result) {
	t.Helper()
	inOrder(t, rs, true)
}

// NeverBack fails t unless each record and each error of rs starts on the
// line of the one before it or later: for formats whose records may share
// a line (JSON written without line breaks).
func NeverBack(t *testing.T, rs []Result) {
	t.Helper()
	inOrder(t, rs, false)
}

func inOrder(t *testing.T, rs []Result, strict bool) {
	t.Helper()
	prev := 0
	for _, r := range rs {
		line := 0
		var pe *formats.ParseError
		switch {
		case errors.As(r.Err, &pe):
			line = pe.Line
		case r.Err == nil:
			line = r.Entry.Record.Line
		}
		if line < prev || line < 1 || (strict && line == prev) {
			t.Fatalf("record or error at line %d after one at line %d: %v", line, prev, r.Err)
		}
		prev = line
	}
}

// LF gives data as text, its CRLF line ends turned into LF: a fixture as a
// seed for a reader that expects decoded text.
func LF(data []byte) string {
	return strings.ReplaceAll(string(data), "\r\n", "\n")
}
