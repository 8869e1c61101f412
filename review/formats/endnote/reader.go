// Package endnote reads EndNote XML, the library export that EndNote,
// Covidence and Mendeley write: <xml><records><record>…</record></records></xml>.
//
// Values in EndNote's own files are wrapped in one or more <style> runs that
// carry fonts; the reader joins the runs and drops the indentation that
// pretty-printed files put between elements. Mendeley writes the values as
// plain text, and its own ref-type numbers.
//
// The reader streams: it walks the document token by token with
// encoding/xml and holds one record at a time, cutting each record's exact
// text out of the input for Raw. XML cannot be resynchronised after a fault,
// so malformed XML or a file cut short ends the file with a
// *formats.ParseError; an empty <record> is the only fault Next can read
// past.
package endnote

import (
	"encoding/xml"
	"io"

	"github.com/winnow-review/winnow/review/formats"
	"github.com/winnow-review/winnow/review/formats/xmlstream"
)

// Reader reads the records of one EndNote XML file. It satisfies
// formats.Reader.
type Reader struct {
	doc *xmlstream.Doc
	// recordDepth is the depth at which <record> elements are records: 3
	// inside <xml><records>, 2 when <records> is the root; 0 outside.
	recordDepth int
	done        bool // the file has ended, by io.EOF or a fault
}

// NewReader reads EndNote XML from r, text already decoded to UTF-8 (see
// formats.Decode). file names the file in error messages.
func NewReader(r io.Reader, file string) *Reader {
	d := xmlstream.NewDoc(r, file)
	d.IndentIn = "style"
	return &Reader{doc: d}
}

// Next returns the next record, or nil and io.EOF at the end. An empty
// <record> gives a *formats.ParseError that Next can read past; any other
// error ends the file, and Next then returns io.EOF.
func (r *Reader) Next() (*formats.Entry, error) {
	if r.done {
		return nil, io.EOF
	}
	d := r.doc
	for {
		tok, line, err := d.Next()
		if err != nil {
			return nil, r.stop(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := t.Name.Local
			switch {
			case d.Depth() == 1:
				switch name {
				case "xml":
					continue
				case "records":
					r.recordDepth = 2
					continue
				}
				return nil, r.stop(formats.Errorf(d.File(), line, 0, formats.ErrSyntax,
					"root element <%s> is not <xml>: not an EndNote XML file", name))
			case d.Depth() == 2 && name == "records" && d.Root() == "xml":
				r.recordDepth = 3
				continue
			case d.Depth() == r.recordDepth && name == "record":
				return r.record(line)
			}
			if err := d.Skip(); err != nil {
				return nil, r.stop(err)
			}
		case xml.EndElement:
			if d.Depth() < r.recordDepth-1 {
				r.recordDepth = 0
			}
		case xml.CharData:
			if d.Depth() == 0 && !xmlstream.IsSpace(t) {
				return nil, r.stop(formats.Errorf(d.File(), line, 0, formats.ErrSyntax,
					"text outside the root element: not an EndNote XML file"))
			}
		}
	}
}

// stop ends the file with err.
func (r *Reader) stop(err error) error {
	r.done = true
	return err
}

// record reads the <record> whose start tag the last token was.
func (r *Reader) record(line int) (*formats.Entry, error) {
	d := r.doc
	f := &fields{}
	raw, empty, err := d.Record(f)
	if err != nil {
		return nil, r.stop(err)
	}
	if empty {
		return nil, formats.Errorf(d.File(), line, 0, formats.ErrSyntax, "empty <record> element")
	}
	e := &formats.Entry{}
	f.fill(e)
	e.Record.Raw = raw
	e.Record.Line = line
	return e, nil
}
