// Package pubmedxml reads PubMed XML, the format PubMed's "Save as XML" and
// E-utilities efetch write: a <PubmedArticleSet> (or <PubmedBookArticleSet>)
// whose children <PubmedArticle> and <PubmedBookArticle> are the records.
//
// The reader streams: it walks the document token by token with
// encoding/xml and holds one record at a time, cutting each record's exact
// text out of the input for Raw. XML cannot be resynchronised after a fault,
// so malformed XML or a file cut short ends the file with a
// *formats.ParseError; an empty record element is the only fault Next can
// read past.
package pubmedxml

import (
	"encoding/xml"
	"io"

	"github.com/winnow-review/winnow/review/formats"
)

// Record element names, and the set elements that hold them.
const (
	articleTag    = "PubmedArticle"
	bookTag       = "PubmedBookArticle"
	articleSetTag = "PubmedArticleSet"
	bookSetTag    = "PubmedBookArticleSet"
)

// Reader reads the records of one PubMed XML file. It satisfies
// formats.Reader.
type Reader struct {
	doc  *doc
	done bool // the file has ended, by io.EOF or a fault
}

// NewReader reads PubMed XML from r, text already decoded to UTF-8 (see
// formats.Decode). file names the file in error messages.
func NewReader(r io.Reader, file string) *Reader {
	return &Reader{doc: newDoc(r, file)}
}

// Next returns the next record, or nil and io.EOF at the end. An empty
// record element gives a *formats.ParseError that Next can read past; any
// other error ends the file, and Next then returns io.EOF.
func (r *Reader) Next() (*formats.Entry, error) {
	if r.done {
		return nil, io.EOF
	}
	d := r.doc
	for {
		d.src.keep = d.dec.InputOffset()
		tok, line, off, err := d.next()
		if err == io.EOF && d.depth == 0 {
			return nil, r.stop(io.EOF)
		}
		if err != nil {
			return nil, r.stop(d.fault(err, 0))
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := t.Name.Local
			switch {
			case d.depth == 1:
				d.root = name
				switch name {
				case articleSetTag, bookSetTag:
					continue
				case articleTag, bookTag:
					// A lone record as the root, as some tools save one.
					return r.record(name, line, off)
				}
				return nil, r.stop(formats.Errorf(d.file, line, 0, formats.ErrSyntax,
					"root element <%s> is not <%s>: not a PubMed XML file", name, articleSetTag))
			case d.depth == 2 && (name == articleTag || name == bookTag):
				return r.record(name, line, off)
			}
			// Anything else in the set, such as the <DeleteCitation> of
			// PubMed's update files, is not a record.
			if err := d.skip(); err != nil {
				return nil, r.stop(d.fault(err, 0))
			}
		case xml.CharData:
			if d.depth == 0 && !isSpace(t) {
				return nil, r.stop(formats.Errorf(d.file, line, 0, formats.ErrSyntax,
					"text outside the root element: not a PubMed XML file"))
			}
		}
	}
}

// stop ends the file with err.
func (r *Reader) stop(err error) error {
	r.done = true
	return err
}

// record reads the record element whose start tag the last token was.
func (r *Reader) record(name string, line int, off int64) (*formats.Entry, error) {
	d := r.doc
	a := &article{book: name == bookTag}
	end, empty, err := d.record(a)
	if err != nil {
		return nil, r.stop(d.fault(err, line))
	}
	raw := string(d.src.slice(off, end))
	d.src.keep = -1
	if empty {
		return nil, formats.Errorf(d.file, line, 0, formats.ErrSyntax, "empty <%s> element", name)
	}
	e := &formats.Entry{}
	a.fill(e)
	e.Record.Raw = raw
	e.Record.Line = line
	return e, nil
}
