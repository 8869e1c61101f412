package formattest

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/winnow-review/winnow/internal/testcorpus"
	"github.com/winnow-review/winnow/review/formats"
)

// Corpus reads every export of the shared corpus in folder (a format
// folder of the manifest: "ris", "nbib", ...) as the importer does, each in
// a subtest named after the file, and checks it with CheckExport. check
// then makes the format's own assertions on the file.
func Corpus(t *testing.T, folder string, newReader NewReader, check func(t *testing.T, f *File)) {
	for _, ex := range testcorpus.Exports(t, folder) {
		t.Run(filepath.Base(ex.Path), func(t *testing.T) {
			f := ReadFile(t, newReader, ex.Path)
			CheckExport(t, f, ex.Records)
			check(t, f)
		})
	}
}

// CheckExport fails t unless f, a real export, parsed clean into the given
// number of records, each starting on a line no earlier than the record
// before it, with a Raw that is text of the file.
func CheckExport(t *testing.T, f *File, records int) {
	t.Helper()
	for _, r := range f.Results {
		var pe *formats.ParseError
		if r.Err != nil && !errors.As(r.Err, &pe) {
			t.Fatalf("reading stopped: %v", r.Err)
		}
		if r.Err != nil {
			t.Errorf("a real export must parse clean: %v", r.Err)
		}
	}
	if len(f.Entries) != records {
		t.Errorf("read %d records, the manifest says %d", len(f.Entries), records)
	}
	prev := 1
	for i, e := range f.Entries {
		r := &e.Record
		if r.Line < prev {
			t.Errorf("record %d: line %d after line %d", i+1, r.Line, prev)
		}
		prev = max(r.Line, 1)
		if r.Raw == "" || !strings.Contains(f.Text, r.Raw) {
			t.Errorf("record %d at line %d: Raw is not text of the file: %.60q", i+1, r.Line, r.Raw)
		}
	}
}
