package formattest

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/formats"
)

// Want is what one call of Next should give: a record, or an error.
type Want struct {
	// Record is the record with Raw left empty: Raw must be the file's lines
	// Record.Line to Last.
	Record   review.Record
	Last     int
	Warnings []string
	// Err, when set, says the call gives a formats.ErrSyntax error whose
	// text starts with Err.
	Err string
}

// Check fails t unless the calls of Next gave want, in order.
func (f *File) Check(t *testing.T, want []Want) {
	t.Helper()
	if len(f.Results) != len(want) {
		_, errs := Split(f.Results)
		t.Fatalf("got %d results, want %d (errors: %v)", len(f.Results), len(want), errs)
	}
	for i, w := range want {
		f.check(t, i, f.Results[i], w)
	}
}

func (f *File) check(t *testing.T, i int, got Result, w Want) {
	t.Helper()
	if w.Err != "" {
		if got.Err == nil {
			t.Errorf("result %d: got a record, want error %q", i, w.Err)
			return
		}
		if !errors.Is(got.Err, formats.ErrSyntax) || !strings.HasPrefix(got.Err.Error(), w.Err) {
			t.Errorf("result %d: got error %q, want a syntax error starting %q", i, got.Err, w.Err)
		}
		return
	}
	if got.Err != nil {
		t.Errorf("result %d: unexpected error %v", i, got.Err)
		return
	}
	want := w.Record
	want.Raw, _ = f.Raw(want.Line, w.Last)
	if !reflect.DeepEqual(got.Entry.Record, want) {
		t.Errorf("result %d:\n got %s\nwant %s", i, show(got.Entry.Record), show(want))
	}
	if !reflect.DeepEqual(got.Entry.Warnings, w.Warnings) {
		t.Errorf("result %d: warnings %q, want %q", i, got.Entry.Warnings, w.Warnings)
	}
}

// show prints a record with its Raw quoted on a line of its own.
func show(r review.Record) string {
	raw := r.Raw
	r.Raw = ""
	return fmt.Sprintf("%+v\nraw %q", r, raw)
}
