package endnote

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/winnow-review/winnow/review/formats"
)

// This file is the streaming XML layer the reader stands on. It is the same
// in the pubmedxml package: the two are kept apart only because each reader
// lives in its own package.

// chunk is how much the source reads from its input at a time.
const chunk = 64 << 10

// source hands the XML decoder its input one byte at a time and keeps the
// bytes from a marked offset on, so that a record's exact text can be cut
// out once the decoder has read its end tag. Because it is an io.ByteReader
// the decoder reads it directly instead of through a bufio.Reader of its
// own, so the decoder's InputOffset counts exactly the bytes taken from here
// and no read-ahead is hidden from us. Memory holds one record plus a chunk.
type source struct {
	r    io.Reader
	buf  []byte
	base int64 // input offset of buf[0]
	pos  int   // index in buf of the next byte to hand out
	// keep is the input offset from which bytes must stay in buf, or -1
	// when none need to.
	keep int64
	err  error // the error that ended the input, io.EOF included
	last byte  // the last byte handed out
}

// ReadByte hands out the next byte. A control character that XML forbids
// (Word pastes leave vertical tabs and form feeds in EndNote libraries) is
// handed out as a space, so one stray byte does not make a whole export
// unreadable; buf, and so the record's Raw text, keeps the byte as it was.
func (s *source) ReadByte() (byte, error) {
	if s.pos >= len(s.buf) && !s.fill() {
		return 0, s.err
	}
	c := s.buf[s.pos]
	s.pos++
	s.last = c
	if c < 0x20 && c != '\n' && c != '\t' && c != '\r' {
		return ' ', nil
	}
	return c, nil
}

// Read lets the decoder hand the source to a CharsetReader; the decoder
// itself only calls ReadByte.
func (s *source) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		c, err := s.ReadByte()
		if err != nil {
			if n > 0 {
				return n, nil
			}
			return 0, err
		}
		p[n] = c
		n++
	}
	return n, nil
}

// fill drops the bytes no longer needed and reads more. It reports whether
// there is a byte to hand out.
func (s *source) fill() bool {
	if s.err != nil {
		return false
	}
	mark := s.base + int64(s.pos)
	if s.keep >= s.base && s.keep < mark {
		mark = s.keep
	}
	if n := int(mark - s.base); n > 0 {
		s.buf = s.buf[:copy(s.buf, s.buf[n:])]
		s.base = mark
		s.pos -= n
	}
	if cap(s.buf)-len(s.buf) < chunk/2 {
		s.buf = slices.Grow(s.buf, chunk)
	}
	// An io.Reader may return no bytes and no error; give it a few tries
	// rather than spin for ever.
	for range 100 {
		n, err := s.r.Read(s.buf[len(s.buf):cap(s.buf)])
		s.buf = s.buf[:len(s.buf)+n]
		if err != nil {
			s.err = err
		}
		if n > 0 {
			return true
		}
		if err != nil {
			return false
		}
	}
	s.err = io.ErrNoProgress
	return false
}

// slice returns the kept bytes from input offset from to offset to.
func (s *source) slice(from, to int64) []byte {
	i, j := from-s.base, to-s.base
	if i < 0 || j < i || j > int64(len(s.buf)) {
		return nil
	}
	return s.buf[i:j]
}

// doc walks an XML export token by token for a Reader.
type doc struct {
	file string
	src  *source
	dec  *xml.Decoder
	// depth is the number of elements open after the last token: the
	// root's depth is 1.
	depth int
	root  string // name of the root element, once seen
	// indentIn, when set, names the element whose text is kept whole; in
	// any other element of a record, text that is only white space with a
	// line break is indentation and is dropped.
	indentIn string
	path     []byte // "/"-joined names of the open elements below the record
	marks    []int  // len(path) before each of those names was added
	text     []byte // text of the element being captured
}

func newDoc(r io.Reader, file string) *doc {
	src := &source{r: r, keep: -1}
	dec := xml.NewDecoder(src)
	// Real exports are not always well-formed: a bare "&" or an HTML
	// entity such as &nbsp; should not cost the whole file. Strict=false
	// leaves unknown entities as text, and HTMLEntity knows the HTML ones.
	// A file cut short is still an error: the decoder never closes
	// elements that are open at the end of the input.
	dec.Strict = false
	dec.Entity = xml.HTMLEntity
	// The caller has already decoded the text to UTF-8, whatever the XML
	// declaration says.
	dec.CharsetReader = func(_ string, in io.Reader) (io.Reader, error) { return in, nil }
	return &doc{file: file, src: src, dec: dec}
}

// next returns the next token, the line where it starts and its input
// offset, and keeps depth.
func (d *doc) next() (xml.Token, int, int64, error) {
	line, _ := d.dec.InputPos()
	off := d.dec.InputOffset()
	tok, err := d.dec.Token()
	if err != nil {
		return nil, line, off, err
	}
	switch tok.(type) {
	case nil:
		// Neither a token nor an error: stop rather than loop for ever.
		return nil, line, off, errors.New("xml: decoder returned no token")
	case xml.StartElement:
		d.depth++
	case xml.EndElement:
		d.depth--
	}
	return tok, line, off, nil
}

// handler takes the content of one record. start is called for each
// element below the record with its path ("/Child/Grandchild") and returns
// whether to capture the element's text; end is called when an element
// closes, with the text captured for it ("" when it was not captured).
// Elements inside a captured element are not reported.
type handler interface {
	start(path []byte, attr []xml.Attr) bool
	end(path []byte, text string)
}

// record reads the rest of the element that the last token opened and
// gives its content to h. It returns the input offset just past the
// element's end tag, and whether the element was empty (no child elements
// and no text).
func (d *doc) record(h handler) (end int64, empty bool, err error) {
	base := d.depth
	d.path, d.marks = d.path[:0], d.marks[:0]
	capture := 0 // depth of the element being captured, 0 for none
	empty = true
	for {
		tok, _, _, err := d.next()
		if err != nil {
			return 0, empty, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			empty = false
			d.marks = append(d.marks, len(d.path))
			d.path = append(d.path, '/')
			d.path = append(d.path, t.Name.Local...)
			if capture == 0 && h.start(d.path, t.Attr) {
				capture = d.depth
				d.text = d.text[:0]
			}
		case xml.EndElement:
			if d.depth < base {
				return d.dec.InputOffset(), empty, nil
			}
			switch capture {
			case d.depth + 1:
				h.end(d.path, string(d.text))
				capture = 0
			case 0:
				h.end(d.path, "")
			}
			if n := len(d.marks); n > 0 {
				d.path = d.path[:d.marks[n-1]]
				d.marks = d.marks[:n-1]
			}
		case xml.CharData:
			if empty && len(bytes.TrimSpace(t)) > 0 {
				empty = false
			}
			if capture != 0 && d.keepText(t) {
				d.text = append(d.text, t...)
			}
		}
	}
}

// keepText reports whether text inside a captured element is content
// rather than the indentation of a pretty-printed file.
func (d *doc) keepText(t []byte) bool {
	if d.indentIn == "" || bytes.IndexByte(t, '\n') < 0 || len(bytes.TrimSpace(t)) > 0 {
		return true
	}
	name := d.path
	if i := bytes.LastIndexByte(name, '/'); i >= 0 {
		name = name[i+1:]
	}
	return string(name) == d.indentIn
}

// skip reads past the rest of the element that the last token opened.
func (d *doc) skip() error {
	d.src.keep = -1
	base := d.depth
	for d.depth >= base {
		if _, _, _, err := d.next(); err != nil {
			return err
		}
	}
	return nil
}

// fault turns an error from the decoder into the error Next returns:
// a *formats.ParseError for faults in the file (recordLine is the line of
// the record being read, 0 outside records), the read error otherwise.
func (d *doc) fault(err error, recordLine int) error {
	if s := d.src.err; s != nil && s != io.EOF && errors.Is(err, s) {
		return fmt.Errorf("read %s: %w", d.file, err)
	}
	line, _ := d.dec.InputPos()
	var se *xml.SyntaxError
	msg := strings.TrimPrefix(err.Error(), "xml: ")
	if errors.As(err, &se) {
		line, msg = se.Line, se.Msg
	}
	if err == io.EOF || msg == "unexpected EOF" {
		end := line
		if d.src.last == '\n' && end > 1 {
			end--
		}
		switch {
		case recordLine > 0:
			return formats.Errorf(d.file, end, recordLine, formats.ErrTruncated, "record not closed: file ends at line %d", end)
		case d.root == "":
			return formats.Errorf(d.file, end, 0, formats.ErrTruncated, "file ends at line %d inside an unfinished tag", end)
		}
		return formats.Errorf(d.file, end, 0, formats.ErrTruncated, "file ends at line %d before </%s>", end, d.root)
	}
	return formats.Errorf(d.file, line, recordLine, formats.ErrSyntax, "malformed XML: %s", msg)
}

// attr returns the value of the attribute named name, or "".
func attr(attrs []xml.Attr, name string) string {
	for _, a := range attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// isSpace reports whether text is empty or only white space.
func isSpace(t []byte) bool {
	return len(bytes.TrimSpace(t)) == 0
}
