// Package csljson reads CSL JSON, the Citation Style Language's JSON for
// references: Zotero's "CSL JSON" export, Better BibTeX's,
// citation.js's and pandoc's, and the "citeproc-json" of Crossref's and
// other services' APIs. A file is an array of items, an object holding the
// array under "items" (or under "message", as Crossref's API answers), or
// one item.
//
// An item's fields are read as the CSL specification (1.0.2) names them,
// with what writers do beside it: a number where a string is due (volume,
// issue, page, PMID), a list where one value is due (container-title,
// ISSN), dates as "date-parts" of numbers or of strings, or as "raw" or
// "literal" text.
//
// The reader holds the file's text (CSL JSON is written by reference
// managers and services, files of thousands of items rather than
// millions), and one decoded item at a time. JSON cannot be read past a
// fault: malformed JSON ends the file with a *formats.ParseError at its
// line; an item that is not an object is an error Next can read past.
package csljson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/formats"
)

// Reader reads the items of one CSL JSON file in order. It satisfies
// formats.Reader.
type Reader struct {
	file string
	data []byte
	dec  *json.Decoder
	// base is where the decoder's input starts in data: 0, the start of
	// the "items" array of a wrapping object, or of the one item.
	base int64
	// line counts the lines of data up to lineAt.
	line, lineAt int
	started      bool
	single       []byte // the one item the file is, not yet read
	err          error  // ends the file: io.EOF or the fault returned
}

// NewReader reads CSL JSON from r, UTF-8 text (see formats.Decode). file
// names the input in error messages.
func NewReader(r io.Reader, file string) *Reader {
	data, err := io.ReadAll(r)
	rd := &Reader{file: file, data: data, line: 1}
	if err != nil {
		rd.err = fmt.Errorf("read %s: %w", file, err)
	}
	return rd
}

// Next returns the next record, or nil and io.EOF after the last one.
func (r *Reader) Next() (*formats.Entry, error) {
	if r.err != nil {
		return nil, r.err
	}
	if !r.started {
		r.started = true
		if at := r.skipSpace(0); at < int64(len(r.data)) && r.data[at] != '[' && r.data[at] != '{' {
			r.err = io.EOF
			return nil, formats.Errorf(r.file, r.lineOf(at), 0, formats.ErrSyntax,
				"not CSL JSON: it starts with %q where CSL JSON opens an array of items with [ (or an item with {)", firstLine(r.data[at:]))
		}
		if err := r.start(); err != nil {
			return nil, r.fail(err)
		}
	}
	if r.single != nil {
		one := r.single
		r.single, r.err = nil, io.EOF
		return r.entry(one, r.lineOf(r.base))
	}
	if !r.dec.More() {
		if _, err := r.dec.Token(); err != nil { // the closing bracket
			return nil, r.fail(err)
		}
		r.err = io.EOF
		return nil, r.err
	}
	start := r.skipSpace(r.base + r.dec.InputOffset())
	var raw json.RawMessage
	if err := r.dec.Decode(&raw); err != nil {
		return nil, r.fail(err)
	}
	return r.entry(raw, r.lineOf(start))
}

// start reads up to the first item: into the array the file is, or the
// array under "items" of the object it is; an object with neither is one
// item.
func (r *Reader) start() error {
	at := r.skipSpace(0)
	if at < int64(len(r.data)) && r.data[at] == '{' {
		// An object: the items under "items", or under "message" and
		// its "items" (Crossref's API answers so), or an item itself.
		obj := bytes.TrimSpace(r.data)
		for {
			var top map[string]json.RawMessage
			if err := json.Unmarshal(obj, &top); err != nil {
				return err
			}
			if items, ok := top["items"]; ok && bytes.HasPrefix(bytes.TrimSpace(items), []byte("[")) {
				// Decode the items array where it stands in the
				// file, so that lines are the file's.
				r.base = int64(bytes.Index(r.data, items))
				break
			}
			if msg, ok := top["message"]; ok && bytes.HasPrefix(bytes.TrimSpace(msg), []byte("{")) {
				obj = bytes.TrimSpace(msg)
				continue
			}
			r.single, r.base = obj, int64(bytes.Index(r.data, obj))
			return nil
		}
	}
	r.dec = json.NewDecoder(bytes.NewReader(r.data[r.base:]))
	tok, err := r.dec.Token()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return fmt.Errorf("a JSON array of items was expected, found %v", tok)
	}
	return nil
}

// fail ends the file: it gives err as a ParseError at its line (JSON
// cannot be read past a fault), and Next gives io.EOF from then on.
func (r *Reader) fail(err error) error {
	r.err = io.EOF
	var syn *json.SyntaxError
	switch {
	case errors.As(err, &syn):
		return formats.Errorf(r.file, r.lineOf(r.base+syn.Offset), 0, formats.ErrSyntax, "JSON: %v", err)
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		// At the file's last line that holds anything.
		last := len(bytes.TrimRight(r.data, " \t\r\n"))
		return formats.Errorf(r.file, r.lineOf(int64(last)), 0, formats.ErrSyntax, "the JSON ends before its last item does (a file cut short?)")
	}
	return formats.Errorf(r.file, r.lineOf(r.base+r.offset()), 0, formats.ErrSyntax, "JSON: %v", err)
}

func (r *Reader) offset() int64 {
	if r.dec == nil {
		return 0
	}
	return r.dec.InputOffset()
}

// skipSpace gives the offset of the first byte at or after at that is
// neither white space nor a comma between items.
func (r *Reader) skipSpace(at int64) int64 {
	for at < int64(len(r.data)) {
		switch r.data[at] {
		case ' ', '\t', '\r', '\n', ',':
			at++
		default:
			return at
		}
	}
	return at
}

// lineOf gives the line of the byte at offset at; offsets only grow from
// call to call but for errors, which count afresh.
func (r *Reader) lineOf(at int64) int {
	end := int(min(at, int64(len(r.data))))
	if end < r.lineAt {
		r.line, r.lineAt = 1, 0
	}
	r.line += bytes.Count(r.data[r.lineAt:end], []byte{'\n'})
	r.lineAt = end
	return r.line
}

// entry reads one item, raw, which starts at line.
func (r *Reader) entry(raw []byte, line int) (*formats.Entry, error) {
	var it item
	if err := json.Unmarshal(raw, &it); err != nil {
		var ute *json.UnmarshalTypeError
		if errors.As(err, &ute) && ute.Field == "" {
			return nil, formats.Errorf(r.file, line, line, formats.ErrSyntax, "an item must be a JSON object, found %s", ute.Value)
		}
		return nil, formats.Errorf(r.file, line, line, formats.ErrSyntax, "JSON: %v", err)
	}
	e := &formats.Entry{}
	rec := &e.Record
	rec.Raw, rec.Line = string(raw), line
	rec.SourceID = formats.Clean(it.ID.String())
	rec.Type = formats.Clean(it.Type.String())
	rec.Title = formats.Clean(formats.StripMarkup(it.Title.String()))
	rec.Abstract = formats.CleanText(formats.StripMarkup(it.Abstract.String()))
	for _, n := range it.Author {
		if a, ok := n.author(); ok {
			rec.Authors = append(rec.Authors, a)
		}
	}
	rec.Year = it.Issued.year()
	rec.Journal = formats.Clean(formats.StripMarkup(it.Container.String()))
	rec.Volume = formats.Clean(it.Volume.String())
	rec.Issue = formats.Clean(it.Issue.String())
	rec.Pages = formats.Pages(it.Page.String(), "")
	if rec.Pages == "" {
		rec.Pages = formats.Pages(it.PageFirst.String(), "")
	}
	rec.DOI = formats.DOI(it.DOI.String())
	rec.PMID = formats.PMID(it.PMID.String())
	rec.ISSN = formats.ISSN(strings.Join(it.ISSN.list(), "; "))
	for _, k := range it.Keyword.list() {
		for _, w := range formats.SplitList(k, ",;") {
			if w = formats.Clean(w); w != "" {
				rec.Keywords = append(rec.Keywords, w)
			}
		}
	}
	rec.URL = formats.Clean(it.URL.String())
	rec.Language = formats.Language(it.Language.String())
	return e, nil
}

// item is a CSL JSON item: the fields winnow reads.
type item struct {
	ID        value  `json:"id"`
	Type      value  `json:"type"`
	Title     value  `json:"title"`
	Abstract  value  `json:"abstract"`
	Author    []name `json:"author"`
	Issued    date   `json:"issued"`
	Container value  `json:"container-title"`
	Volume    value  `json:"volume"`
	Issue     value  `json:"issue"`
	Page      value  `json:"page"`
	PageFirst value  `json:"page-first"`
	DOI       value  `json:"DOI"`
	PMID      value  `json:"PMID"`
	ISSN      value  `json:"ISSN"`
	Keyword   value  `json:"keyword"`
	URL       value  `json:"URL"`
	Language  value  `json:"language"`
}

// value is a field that writers give as a string, a number or a list of
// either.
type value struct{ vals []string }

func (v *value) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0 || bytes.Equal(b, []byte("null")):
		return nil
	case b[0] == '[':
		var xs []value
		if err := json.Unmarshal(b, &xs); err != nil {
			return err
		}
		for _, x := range xs {
			v.vals = append(v.vals, x.vals...)
		}
	case b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		v.vals = append(v.vals, s)
	case b[0] == '{':
		// An object where a value is due: nothing winnow reads.
	default:
		// A number or a boolean, as written.
		v.vals = append(v.vals, string(b))
	}
	return nil
}

// String gives the first value.
func (v value) String() string {
	if len(v.vals) == 0 {
		return ""
	}
	return v.vals[0]
}

func (v value) list() []string { return v.vals }

// name is a CSL name: its parts, or a literal (an organisation).
type name struct {
	Family   value `json:"family"`
	Given    value `json:"given"`
	Particle value `json:"non-dropping-particle"`
	Dropping value `json:"dropping-particle"`
	Suffix   value `json:"suffix"`
	Literal  value `json:"literal"`
	Unparsed value `json:"name"` // some writers put the whole name here
}

// author gives the name as winnow keeps authors: "van der Berg" as the
// family name with its particle, "Jane" as the given name; a literal
// (an organisation) whole.
func (n name) author() (review.Author, bool) {
	family := formats.Clean(strings.TrimSpace(n.Particle.String() + " " + n.Family.String()))
	given := formats.Clean(strings.TrimSpace(n.Given.String() + " " + n.Dropping.String()))
	if s := formats.Clean(n.Suffix.String()); s != "" && given != "" {
		given += ", " + s
	}
	switch {
	case family != "":
		return review.Author{Family: family, Given: given}, true
	case formats.Clean(n.Literal.String()) != "":
		return review.Author{Family: formats.Clean(n.Literal.String())}, true
	case formats.Clean(n.Unparsed.String()) != "":
		a := formats.ParseName(n.Unparsed.String())
		return a, a.Family != ""
	case given != "":
		return review.Author{Family: given}, true
	}
	return review.Author{}, false
}

// date is a CSL date: "date-parts" (numbers, or strings of digits), or
// "raw" or "literal" text, or a string where an object is due.
type date struct{ y int }

func (d *date) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || b[0] == 'n' {
		return nil
	}
	if b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		d.y = formats.Year(s)
		return nil
	}
	var o struct {
		Parts   [][]value `json:"date-parts"`
		Raw     value     `json:"raw"`
		Literal value     `json:"literal"`
	}
	if b[0] != '{' {
		return nil
	}
	if err := json.Unmarshal(b, &o); err != nil {
		return err
	}
	if len(o.Parts) > 0 && len(o.Parts[0]) > 0 {
		if y, err := strconv.Atoi(strings.TrimSpace(o.Parts[0][0].String())); err == nil && y > 0 {
			d.y = y
			return nil
		}
	}
	if d.y = formats.Year(o.Raw.String()); d.y == 0 {
		d.y = formats.Year(o.Literal.String())
	}
	return nil
}

func (d date) year() int { return d.y }

// firstLine gives the start of b up to its first line end, 40 bytes at most.
func firstLine(b []byte) string {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		b = b[:i]
	}
	return string(b[:min(len(b), 40)])
}
