package bibtex

import (
	"io"
	"strings"
	"testing"

	"github.com/winnow-review/winnow/internal/formattest"
	"github.com/winnow-review/winnow/review/formats"
)

// newReader adapts NewReader to formattest.
func newReader(r io.Reader, name string) formats.Reader { return NewReader(r, name) }

// newOwnReader is newReader with the reader's own field scanner alone, not
// the library.
func newOwnReader(r io.Reader, name string) formats.Reader {
	rd := NewReader(r, name)
	rd.noLibrary = true
	return rd
}

// readResults calls Next until io.EOF and gives every result in order.
func readResults(t testing.TB, data []byte, name string) []formattest.Result {
	t.Helper()
	return formattest.Read(t, NewReader(strings.NewReader(string(data)), name))
}
