package bibtex

import (
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/winnow-review/winnow/review/formats"
)

// result is one return of Next.
type result struct {
	e   *formats.Entry
	err error
}

// readResults calls Next until io.EOF and gives every result in order.
func readResults(t testing.TB, data []byte, name string) []result {
	t.Helper()
	rd := NewReader(strings.NewReader(string(data)), name)
	var out []result
	for n := 0; ; n++ {
		if n > 100000 {
			t.Fatal("reader does not stop")
		}
		e, err := rd.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			var pe *formats.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error that is no ParseError: %v", err)
			}
		}
		out = append(out, result{e, err})
	}
}
