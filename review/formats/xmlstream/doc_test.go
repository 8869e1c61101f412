package xmlstream

import (
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/winnow-review/winnow/review/formats"
)

// titles is a Handler that keeps the text of every <title>.
type titles []string

func (h *titles) Start(path []byte, _ []xml.Attr) bool {
	return strings.HasSuffix(string(path), "/title")
}

func (h *titles) End(path []byte, text string) {
	if strings.HasSuffix(string(path), "/title") {
		*h = append(*h, text)
	}
}

// record is one record walk gave.
type record struct {
	line   int
	raw    string
	titles titles
}

// walk reads the children of the root element as records, the way the
// readers do, and calls fn for each. It stops at the end of the file or at
// the first error, which it returns.
func walk(d *Doc, fn func(record)) error {
	for {
		tok, line, err := d.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if _, ok := tok.(xml.StartElement); !ok || d.Depth() != 2 {
			continue
		}
		var h titles
		raw, _, err := d.Record(&h)
		if err != nil {
			return err
		}
		fn(record{line: line, raw: raw, titles: h})
	}
}

// all gives every record walk finds and the error it stops at.
func all(text, name string) ([]record, error) {
	var out []record
	err := walk(NewDoc(strings.NewReader(text), name), func(r record) { out = append(out, r) })
	return out, err
}

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
	body := "<record>\n  <titles><title>A title of a usual length</title></titles>\n</record>\n"
	d := NewDoc(newRepeatReader("<records>\n", body, n, "</records>\n"), "big.xml")
	count := 0
	err := walk(d, func(r record) {
		count++
		if want := 2 + 3*(count-1); r.line != want {
			t.Fatalf("record %d on line %d, want %d", count, r.line, want)
		}
		if want := strings.TrimSuffix(body, "\n"); r.raw != want {
			t.Fatalf("record %d: raw %q, want %q", count, r.raw, want)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if count != n {
		t.Errorf("read %d records, want %d", count, n)
	}
	if c := cap(d.src.buf); c > 4*chunk {
		t.Errorf("the input buffer grew to %d bytes for records of %d", c, len(body))
	}
}

func TestRecordGivesTextAndExactRaw(t *testing.T) {
	text := "<set>\n<r><title>A &amp; B</title></r>\n  <r>\n<t><title>C</title></t>\n</r></set>"
	rs, err := all(text, "t.xml")
	if err != nil {
		t.Fatal(err)
	}
	want := []record{
		{2, "<r><title>A &amp; B</title></r>", titles{"A & B"}},
		{3, "<r>\n<t><title>C</title></t>\n</r>", titles{"C"}},
	}
	if len(rs) != len(want) {
		t.Fatalf("got %d records, want %d", len(rs), len(want))
	}
	for i, w := range want {
		if g := rs[i]; g.line != w.line || g.raw != w.raw || strings.Join(g.titles, "|") != strings.Join(w.titles, "|") {
			t.Errorf("record %d: got %+v, want %+v", i, g, w)
		}
	}
}

func TestReadErrorIsNotAParseError(t *testing.T) {
	broken := errors.New("disk on fire")
	in := io.MultiReader(strings.NewReader("<records><record><title>1</title></record><record><tit"), iotest.ErrReader(broken))
	n := 0
	err := walk(NewDoc(in, "io.xml"), func(record) { n++ })
	if n != 1 {
		t.Errorf("got %d records before the read error, want 1", n)
	}
	var pe *formats.ParseError
	if !errors.Is(err, broken) || errors.As(err, &pe) || !strings.Contains(err.Error(), "io.xml") {
		t.Errorf("got %v, want the read error itself, naming the file", err)
	}
}

func TestFileCutInsideTheFirstTag(t *testing.T) {
	_, err := all("<?xml version=\"1.0\"?>\n<xm", "cut.xml")
	if !errors.Is(err, formats.ErrTruncated) {
		t.Fatalf("got %v, want ErrTruncated", err)
	}
	if got, want := err.Error(), "cut.xml:2: file ends at line 2 inside an unfinished tag"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestFileCutInsideARecordNamesTheRecordsLine(t *testing.T) {
	rs, err := all("<set>\n<r><title>A</title></r>\n<r>\n<title>B", "cut.xml")
	if len(rs) != 1 || !errors.Is(err, formats.ErrTruncated) {
		t.Fatalf("got %d records and %v, want one record and ErrTruncated", len(rs), err)
	}
	if got, want := err.Error(), "cut.xml:4: record starting at line 3: record not closed: file ends at line 4"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
