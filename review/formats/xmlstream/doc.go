// Package xmlstream walks an XML export one record at a time, for the
// readers of the XML formats (endnote, pubmedxml).
//
// It hands encoding/xml its input a byte at a time, so that a record's exact
// text can be cut out of the input for Raw once its end tag has been read,
// and it holds only the record being read: a file of any size costs what its
// largest record does. It reports the elements of a record by path to a
// Handler and turns the decoder's faults into positioned
// *formats.ParseError values. Which elements are records, and what their
// children mean, is left to each reader.
package xmlstream

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/winnow-review/winnow/review/formats"
)

// Doc walks an XML export token by token for a Reader.
type Doc struct {
	// IndentIn, when set, names the element whose text is kept whole; in
	// any other element of a record, text that is only white space with a
	// line break is indentation and is dropped.
	IndentIn string

	file string
	src  *source
	dec  *xml.Decoder
	// depth is the number of elements open after the last token: the
	// root's depth is 1.
	depth int
	root  string // name of the root element, once seen
	// line and off are where the token Next returned last starts.
	line  int
	off   int64
	path  []byte // "/"-joined names of the open elements below the record
	marks []int  // len(path) before each of those names was added
	text  []byte // text of the element being captured
}

// NewDoc walks the XML in r, text already decoded to UTF-8 (see
// formats.Decode). file names the file in error messages.
func NewDoc(r io.Reader, file string) *Doc {
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
	return &Doc{file: file, src: src, dec: dec}
}

// File is the file name given to NewDoc.
func (d *Doc) File() string { return d.file }

// Depth is the number of elements open after the last token: the root's
// depth is 1.
func (d *Doc) Depth() int { return d.depth }

// Root is the name of the last element opened at the top level, or "" before
// the first.
func (d *Doc) Root() string { return d.root }

// Next returns the next token outside the records and the line where it
// starts. At the end of a whole document it returns io.EOF; any other error
// ends the file, and is a *formats.ParseError unless reading the input
// failed.
func (d *Doc) Next() (xml.Token, int, error) {
	// Keep the input from this token on: if it opens a record, Record
	// cuts the record's text out of it.
	d.src.keep = d.dec.InputOffset()
	tok, line, off, err := d.next()
	if err == io.EOF && d.depth == 0 {
		return nil, line, io.EOF
	}
	if err != nil {
		return nil, line, d.fault(err, 0)
	}
	d.line, d.off = line, off
	return tok, line, nil
}

// next returns the next token, the line where it starts and its input
// offset, and keeps depth and root.
func (d *Doc) next() (xml.Token, int, int64, error) {
	line, _ := d.dec.InputPos()
	off := d.dec.InputOffset()
	tok, err := d.dec.Token()
	if err != nil {
		return nil, line, off, err
	}
	switch t := tok.(type) {
	case nil:
		// Neither a token nor an error: stop rather than loop for ever.
		return nil, line, off, errors.New("xml: decoder returned no token")
	case xml.StartElement:
		d.depth++
		if d.depth == 1 {
			d.root = t.Name.Local
		}
	case xml.EndElement:
		d.depth--
	}
	return tok, line, off, nil
}

// Handler takes the content of one record. Start is called for each
// element below the record with its path ("/Child/Grandchild") and returns
// whether to capture the element's text; End is called when an element
// closes, with the text captured for it ("" when it was not captured).
// Elements inside a captured element are not reported.
type Handler interface {
	Start(path []byte, attr []xml.Attr) bool
	End(path []byte, text string)
}

// Record reads the rest of the element whose start tag Next returned last,
// as a record, and gives its content to h. It returns the element's exact
// text, and whether it was empty (no child elements and no text). An error
// ends the file, as for Next; a *formats.ParseError names the line where
// the record starts.
func (d *Doc) Record(h Handler) (raw string, empty bool, err error) {
	end, empty, err := d.record(h)
	if err != nil {
		return "", empty, d.fault(err, d.line)
	}
	raw = string(d.src.slice(d.off, end))
	d.src.keep = -1
	return raw, empty, nil
}

// record reads the rest of the element that the last token opened and
// gives its content to h. It returns the input offset just past the
// element's end tag, and whether the element was empty.
func (d *Doc) record(h Handler) (end int64, empty bool, err error) {
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
			if capture == 0 && h.Start(d.path, t.Attr) {
				capture = d.depth
				d.text = d.text[:0]
			}
		case xml.EndElement:
			if d.depth < base {
				return d.dec.InputOffset(), empty, nil
			}
			switch capture {
			case d.depth + 1:
				h.End(d.path, string(d.text))
				capture = 0
			case 0:
				h.End(d.path, "")
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
func (d *Doc) keepText(t []byte) bool {
	if d.IndentIn == "" || bytes.IndexByte(t, '\n') < 0 || len(bytes.TrimSpace(t)) > 0 {
		return true
	}
	name := d.path
	if i := bytes.LastIndexByte(name, '/'); i >= 0 {
		name = name[i+1:]
	}
	return string(name) == d.IndentIn
}

// Skip reads past the rest of the element whose start tag Next returned
// last. An error ends the file, as for Next.
func (d *Doc) Skip() error {
	d.src.keep = -1
	base := d.depth
	for d.depth >= base {
		if _, _, _, err := d.next(); err != nil {
			return d.fault(err, 0)
		}
	}
	return nil
}

// fault turns an error from the decoder into the error a Reader returns:
// a *formats.ParseError for faults in the file (recordLine is the line of
// the record being read, 0 outside records), the read error otherwise.
func (d *Doc) fault(err error, recordLine int) error {
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

// Attr returns the value of the attribute named name, or "".
func Attr(attrs []xml.Attr, name string) string {
	for _, a := range attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// IsSpace reports whether text is empty or only white space.
func IsSpace(t []byte) bool {
	return len(bytes.TrimSpace(t)) == 0
}
