package endnote

import (
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/winnow-review/winnow/review/formats"
)

// repeatReader gives head, then body n times, then tail, without holding
// the whole text.
type repeatReader struct {
	parts []string
	n     int
	cur   *strings.Reader
}

func newRepeatReader(head, body string, n int, tail string) *repeatReader {
	return &repeatReader{parts: []string{head, body, tail}, n: n}
}

func (r *repeatReader) Read(p []byte) (int, error) {
	for r.cur == nil || r.cur.Len() == 0 {
		switch {
		case len(r.parts) == 0:
			return 0, io.EOF
		case len(r.parts) == 2 && r.n > 0: // the body, once more
			r.n--
			r.cur = strings.NewReader(r.parts[0])
		case len(r.parts) == 2: // the body, done
			r.parts = r.parts[1:]
		default:
			r.cur = strings.NewReader(r.parts[0])
			r.parts = r.parts[1:]
		}
	}
	return r.cur.Read(p)
}

func TestMemoryDoesNotGrowWithTheFile(t *testing.T) {
	const n = 50000
	body := "<record>\n  <titles><title><style face=\"normal\" font=\"default\" size=\"100%\">A title of a usual length</style></title></titles>\n</record>\n"
	r := NewReader(newRepeatReader("<xml><records>\n", body, n, "</records></xml>\n"), "big.xml")
	count := 0
	for {
		e, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		count++
		if want := 2 + 3*(count-1); e.Record.Line != want {
			t.Fatalf("record %d on line %d, want %d", count, e.Record.Line, want)
		}
	}
	if count != n {
		t.Errorf("read %d records, want %d", count, n)
	}
	if c := cap(r.doc.src.buf); c > 4*chunk {
		t.Errorf("the input buffer grew to %d bytes for records of %d", c, len(body))
	}
}

// failingReader gives its text, then an error.
type failingReader struct {
	text string
	err  error
}

func (r *failingReader) Read(p []byte) (int, error) {
	if r.text == "" {
		return 0, r.err
	}
	n := copy(p, r.text)
	r.text = r.text[n:]
	return n, nil
}

func TestReadErrorEndsTheFile(t *testing.T) {
	broken := errors.New("disk on fire")
	r := NewReader(&failingReader{
		text: "<xml><records><record><rec-number>1</rec-number></record><record><tit",
		err:  broken,
	}, "io.xml")
	if _, err := r.Next(); err != nil {
		t.Fatalf("first record: %v", err)
	}
	_, err := r.Next()
	var pe *formats.ParseError
	if !errors.Is(err, broken) || errors.As(err, &pe) {
		t.Errorf("got %v, want the read error itself", err)
	}
	if _, err := r.Next(); err != io.EOF {
		t.Errorf("after the read error got %v, want io.EOF", err)
	}
}

func TestFileCutInsideTheFirstTag(t *testing.T) {
	rs := readAll(t, "cut.xml", "<?xml version=\"1.0\"?>\n<xm")
	if len(rs) != 1 || !errors.Is(rs[0].err, formats.ErrTruncated) {
		t.Fatalf("got %v, want one ErrTruncated", rs)
	}
	if got, want := rs[0].err.Error(), "cut.xml:2: file ends at line 2 inside an unfinished tag"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
