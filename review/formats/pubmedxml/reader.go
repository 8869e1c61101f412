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
	"github.com/winnow-review/winnow/review/formats/xmlstream"
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
	doc  *xmlstream.Doc
	done bool // the file has ended, by io.EOF or a fault
}

// NewReader reads PubMed XML from r, text already decoded to UTF-8 (see
// formats.Decode). file names the file in error messages.
func NewReader(r io.Reader, file string) *Reader {
	return &Reader{doc: xmlstream.NewDoc(r, file)}
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
				case articleSetTag, bookSetTag:
					continue
				case articleTag, bookTag:
					// A lone record as the root, as some tools save one.
					return r.record(name, line)
				}
				return nil, r.stop(formats.Errorf(d.File(), line, 0, formats.ErrSyntax,
					"root element <%s> is not <%s>: not a PubMed XML file", name, articleSetTag))
			case d.Depth() == 2 && (name == articleTag || name == bookTag):
				return r.record(name, line)
			}
			// Anything else in the set, such as the <DeleteCitation> of
			// PubMed's update files, is not a record.
			if err := d.Skip(); err != nil {
				return nil, r.stop(err)
			}
		case xml.CharData:
			if d.Depth() == 0 && !xmlstream.IsSpace(t) {
				return nil, r.stop(formats.Errorf(d.File(), line, 0, formats.ErrSyntax,
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
func (r *Reader) record(name string, line int) (*formats.Entry, error) {
	d := r.doc
	a := &article{book: name == bookTag}
	raw, empty, err := d.Record(a)
	if err != nil {
		return nil, r.stop(err)
	}
	if empty {
		return nil, formats.Errorf(d.File(), line, 0, formats.ErrSyntax, "empty <%s> element", name)
	}
	e := &formats.Entry{}
	a.fill(e)
	e.Record.Raw = raw
	e.Record.Line = line
	return e, nil
}
