// Package formattest holds what the tests of the format readers under
// review/formats share: reading a file as the importer does, reading the
// shared corpus, the invariants every reader keeps under fuzzing, and the
// benchmark loop. What a format's records must look like stays in that
// format's own tests.
//
// It is for tests only: by convention nothing but _test.go files imports
// it.
package formattest

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/formats"
)

// NewReader makes a format's reader over r; name names the input in error
// messages. A format's tests adapt its NewReader to this type.
type NewReader func(r io.Reader, name string) formats.Reader

// Result is what one call of Next gave: an entry, or an error.
type Result struct {
	Entry *formats.Entry
	Err   error
}

// maxReads bounds the calls of Next that Read makes: far more than any
// test input justifies, so that a reader that never ends fails the test
// instead of hanging it.
const maxReads = 1_000_000

// Read calls r.Next until io.EOF and gives what each call returned, in
// order. It reads on after a *formats.ParseError, as --skip-bad does, and
// stops after any other error, which ends the file. It fails t if an entry
// comes with io.EOF or the reader does not end.
func Read(t testing.TB, r formats.Reader) []Result {
	t.Helper()
	var out []Result
	for range maxReads {
		e, err := r.Next()
		if err == io.EOF {
			if e != nil {
				t.Errorf("Next returned an entry with io.EOF")
			}
			return out
		}
		out = append(out, Result{e, err})
		var pe *formats.ParseError
		if err != nil && !errors.As(err, &pe) {
			return out
		}
	}
	t.Fatalf("Next did not reach io.EOF in %d calls", maxReads)
	return nil
}

// Decode gives data as the importer hands it to a reader: its encoding
// sniffed, decoded to UTF-8 with LF line ends.
func Decode(t testing.TB, data []byte) string {
	t.Helper()
	text := decode(t, data)
	// A tagged export indented as a whole is read without its indent
	// (the importer takes it off when the file reads as a tagged format
	// only so; no fixture of another format is indented as a whole).
	return formats.Dedent(text, formats.CommonIndent(text))
}

func decode(t testing.TB, data []byte) string {
	t.Helper()
	info, err := formats.Sniff(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	text, err := io.ReadAll(formats.Decode(bytes.NewReader(data), info.Encoding))
	if err != nil {
		t.Fatal(err)
	}
	return string(text)
}

// ReadAll reads data as the importer does: its encoding sniffed, decoded
// as it is read, by the reader newReader makes, named name. See Read.
func ReadAll(t testing.TB, newReader NewReader, data []byte, name string) []Result {
	t.Helper()
	info, err := formats.Sniff(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	r := formats.Decode(bytes.NewReader(data), info.Encoding)
	if n := formats.CommonIndent(decode(t, data)); n > 0 {
		r = formats.NewDedenter(r, n)
	}
	return Read(t, newReader(r, name))
}

// Entries gives the entries of rs, failing t on any error among them.
func Entries(t testing.TB, rs []Result) []*formats.Entry {
	t.Helper()
	var out []*formats.Entry
	for _, r := range rs {
		if r.Err != nil {
			t.Fatalf("unexpected error: %v", r.Err)
		}
		out = append(out, r.Entry)
	}
	return out
}

// Split gives the entries and the errors of rs, each in order.
func Split(rs []Result) ([]*formats.Entry, []error) {
	var es []*formats.Entry
	var errs []error
	for _, r := range rs {
		if r.Err != nil {
			errs = append(errs, r.Err)
		} else {
			es = append(es, r.Entry)
		}
	}
	return es, errs
}

// File is an export file read as the importer reads it.
type File struct {
	Name    string   // the file's base name, which the reader was given
	Data    []byte   // the file as stored
	Text    string   // the file decoded, as the reader saw it
	Lines   []string // the lines of Text
	Results []Result // what Next gave, in order (see Read)
	// Entries are the entries among Results.
	Entries []*formats.Entry
}

// ReadFile reads the file at path as the importer does (see ReadAll).
func ReadFile(t testing.TB, newReader NewReader, path string) *File {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f := &File{Name: filepath.Base(path), Data: data, Text: Decode(t, data)}
	f.Lines = strings.Split(f.Text, "\n")
	f.Results = ReadAll(t, newReader, data, f.Name)
	f.Entries, _ = Split(f.Results)
	return f
}

// Raw gives lines from to to of the file (counted from 1, both included)
// joined as a record's Raw holds them, or false when the file has no such
// lines.
func (f *File) Raw(from, to int) (string, bool) {
	if from < 1 || to < from || to > len(f.Lines) {
		return "", false
	}
	return strings.Join(f.Lines[from-1:to], "\n"), true
}

// IsRaw reports whether raw is exactly whole lines of the file, starting
// at line: what Raw holds in a format whose records are whole lines.
func (f *File) IsRaw(raw string, line int) bool {
	want, ok := f.Raw(line, line+strings.Count(raw, "\n"))
	return ok && raw == want
}

// Field reads text as the importer does (see ReadAll), failing t on any
// error, and gives one field of each record, in order: a reader's test of
// one field over a few hand-written records.
func Field[T any](t testing.TB, newReader NewReader, text, name string, field func(r *review.Record) T) []T {
	t.Helper()
	var out []T
	for _, e := range Entries(t, ReadAll(t, newReader, []byte(text), name)) {
		out = append(out, field(&e.Record))
	}
	return out
}
