// Package enw reads EndNote tagged text (.enw, and .enl or .txt files that
// hold the same text), the Refer-style format EndNote and many publishers'
// "export citation" links write.
//
// A line is "%" and one character for the tag, a space and the value
// ("%T A title", "%A Smith, John"). Lines without a tag continue the tag
// above. Records are separated by blank lines. "%0" (the reference type)
// usually comes first, but not always: the AIS eLibrary writes %T before
// %0, and its last record has no %0 at all. So a block of tagged lines is a
// record, and a %0 line splits a block only when the block already has one.
package enw

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/formats"
)

// Reader reads EndNote tagged records one at a time. It holds only the
// record being read, so a file of any size costs what its largest record
// does.
type Reader struct {
	lr   *formats.LineReader
	file string
	// err ends the file: io.EOF, or the read error returned before.
	err error

	// The record being read. raw holds its lines, each followed by "\n",
	// and is reused from record to record. parts are the trimmed values and
	// continuation lines, as offsets into raw; each field owns a run of parts.
	raw     []byte
	parts   []span
	fields  []field
	start   int
	hasType bool
	warns   []string

	// held is a line read ahead that starts the next record.
	held   []byte
	heldN  int
	isHeld bool

	// Text outside any record is reported on the next record, not kept.
	stray      int
	strayFirst int
	strayText  string
}

type span struct{ lo, hi int }

type field struct {
	tag    byte
	lo, hi int // parts[lo:hi]
}

// NewReader reads EndNote tagged text from r, which must be UTF-8 with LF
// line ends (see formats.Decode). file names the input in error messages.
func NewReader(r io.Reader, file string) *Reader {
	return &Reader{lr: formats.NewLineReader(r), file: file}
}

// Next returns the next record, or nil and io.EOF after the last one. The
// format has no way to be malformed once blank lines split the records, so
// Next returns no *formats.ParseError: text outside any record is skipped
// with a warning on the next record.
func (r *Reader) Next() (*formats.Entry, error) {
	if r.err != nil {
		return nil, r.err
	}
	for {
		line, n, ok := r.next()
		if !ok {
			if err := r.lr.Err(); err != nil {
				r.err = fmt.Errorf("read %s: %w", r.file, err)
				return nil, r.err
			}
			r.err = io.EOF
			if r.start > 0 {
				return r.finish(), nil
			}
			return nil, io.EOF
		}
		if isBlank(line) {
			if r.start > 0 {
				return r.finish(), nil
			}
			continue
		}
		tag, tagged := splitTag(line)
		switch {
		case tagged:
			if tag == '0' && r.hasType {
				r.hold(line, n)
				return r.finish(), nil
			}
			if r.start == 0 {
				r.begin(n)
			}
			if tag == '0' {
				r.hasType = true
			}
			r.fields = append(r.fields, field{tag: tag, lo: len(r.parts), hi: len(r.parts)})
			r.add(line, min(3, len(line)))
		case r.start > 0:
			r.add(line, 0)
		default:
			if r.stray == 0 {
				r.strayFirst, r.strayText = n, string(line)
			}
			r.stray++
		}
	}
}

// next returns the next line, which is valid until the next call, and its
// number.
func (r *Reader) next() ([]byte, int, bool) {
	if r.isHeld {
		r.isHeld = false
		return r.held, r.heldN, true
	}
	line, ok := r.lr.NextBytes()
	n := r.lr.Line()
	if n == 1 {
		line = bytes.TrimPrefix(line, []byte("\ufeff"))
	}
	return line, n, ok
}

// hold keeps a line that ends one record and starts the next, to be read
// again by the next call of next.
func (r *Reader) hold(line []byte, n int) {
	r.held = append(r.held[:0], line...)
	r.heldN, r.isHeld = n, true
}

func (r *Reader) begin(n int) {
	r.start = n
	switch {
	case r.stray == 1:
		r.warns = append(r.warns, fmt.Sprintf("line %d: text outside a record ignored: %q", r.strayFirst, abbrev(r.strayText)))
	case r.stray > 1:
		r.warns = append(r.warns, fmt.Sprintf("%d lines of text outside a record ignored, the first at line %d: %q", r.stray, r.strayFirst, abbrev(r.strayText)))
	}
	r.stray, r.strayText = 0, ""
}

// add appends the line to the record's text and the trimmed part of it
// from byte from on to the last field.
func (r *Reader) add(line []byte, from int) {
	off := len(r.raw)
	r.raw = append(r.raw, line...)
	r.raw = append(r.raw, '\n')
	lo, hi := trim(line, from)
	if lo < hi && len(r.fields) > 0 {
		r.parts = append(r.parts, span{off + lo, off + hi})
		r.fields[len(r.fields)-1].hi = len(r.parts)
	}
}

// finish turns the record read so far into an Entry and resets the reader
// for the next one.
func (r *Reader) finish() *formats.Entry {
	raw := string(r.raw[:len(r.raw)-1])
	e := &formats.Entry{Warnings: r.warns}
	e.Record.Raw = raw
	e.Record.Line = r.start
	fill(e, raw, r.fields, r.parts)
	r.raw = r.raw[:0]
	if cap(r.raw) > 1<<20 {
		r.raw = nil // do not hold on to the buffer of one huge record
	}
	r.parts, r.fields, r.warns = r.parts[:0], r.fields[:0], nil
	r.start, r.hasType = 0, false
	return e
}

// fill maps the tags to the record's fields.
func fill(e *formats.Entry, raw string, fields []field, parts []span) {
	rec := &e.Record
	var (
		titles, abstracts, issns  []string
		refType, workType, date   string
		journal, secondary, label string
	)
	for _, f := range fields {
		ps := parts[f.lo:f.hi]
		switch f.tag {
		case 'A':
			for _, p := range ps {
				rec.Authors = appendAuthors(rec.Authors, raw[p.lo:p.hi])
			}
			continue
		case 'K':
			// One keyword a line, or several separated by semicolons.
			for _, p := range ps {
				rec.Keywords = append(rec.Keywords, formats.SplitList(raw[p.lo:p.hi], ";")...)
			}
			continue
		case 'X':
			// Continuation lines of an abstract are its paragraphs.
			if v := join(raw, ps, '\n'); v != "" {
				abstracts = append(abstracts, v)
			}
			continue
		}
		v := join(raw, ps, ' ')
		if v == "" {
			continue
		}
		switch f.tag {
		case '0':
			refType = first(refType, v)
		case '9':
			workType = first(workType, v)
		case 'T':
			titles = append(titles, v)
		case 'D':
			rec.Year = firstYear(rec.Year, v)
		case '8':
			date = first(date, v)
		case 'J':
			journal = first(journal, v)
		case 'B':
			secondary = first(secondary, v)
		case 'V':
			rec.Volume = first(rec.Volume, formats.Clean(v))
		case 'N':
			rec.Issue = first(rec.Issue, formats.Clean(v))
		case 'P':
			rec.Pages = first(rec.Pages, formats.Clean(v))
		case 'R':
			rec.DOI = first(rec.DOI, formats.DOI(v))
		case '@':
			issns = append(issns, v)
		case 'U':
			rec.URL = first(rec.URL, formats.Clean(v))
		case 'G':
			rec.Language = first(rec.Language, formats.Language(v))
		case 'M':
			rec.SourceID = first(rec.SourceID, formats.Clean(v))
		case 'F':
			label = first(label, formats.Clean(v))
		}
	}
	rec.Type = formats.Clean(first(refType, workType))
	rec.Title = formats.Clean(strings.Join(titles, " "))
	rec.Abstract = formats.CleanText(strings.Join(abstracts, "\n"))
	if rec.Year == 0 {
		rec.Year = formats.Year(date)
	}
	// %B is the secondary title: the journal when there is no %J (the AIS
	// eLibrary writes its journals there), else a book or series.
	rec.Journal = formats.Clean(first(journal, secondary))
	rec.ISSN = formats.ISSN(strings.Join(issns, " "))
	if rec.SourceID == "" {
		rec.SourceID = label
	}
}

// appendAuthors adds the authors of one %A line. A line should hold one
// author, but some tools join several with " and " ("Smith, J and Lee,
// K") or ";". " and " splits only when every piece is "Family, Given", so
// that "Department of Health and Social Care" stays one group author.
func appendAuthors(list []review.Author, v string) []review.Author {
	for _, name := range formats.SplitList(v, ";") {
		pieces := strings.Split(name, " and ")
		for _, p := range pieces {
			if !strings.Contains(p, ",") {
				pieces = []string{name}
				break
			}
		}
		for _, p := range pieces {
			if a := formats.ParseName(p); a.Family != "" {
				list = append(list, a)
			}
		}
	}
	return list
}

func firstYear(y int, v string) int {
	if y != 0 {
		return y
	}
	return formats.Year(v)
}

// join joins a field's lines with sep.
func join(raw string, parts []span, sep byte) string {
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return raw[parts[0].lo:parts[0].hi]
	}
	n := len(parts) - 1
	for _, p := range parts {
		n += p.hi - p.lo
	}
	var b strings.Builder
	b.Grow(n)
	for i, p := range parts {
		if i > 0 {
			b.WriteByte(sep)
		}
		b.WriteString(raw[p.lo:p.hi])
	}
	return b.String()
}

// splitTag recognises a tag line: "%", one character, then a space or
// nothing. "%" followed by a multi-byte character is not a tag.
func splitTag(line []byte) (tag byte, ok bool) {
	if len(line) < 2 || line[0] != '%' || line[1] <= ' ' || line[1] >= 0x80 {
		return 0, false
	}
	if len(line) > 2 && line[2] != ' ' && line[2] != '\t' {
		return 0, false
	}
	return line[1], true
}

// isBlank reports whether a line holds only white space.
func isBlank(line []byte) bool {
	for i := 0; i < len(line); i++ {
		if line[i] != ' ' && line[i] != '\t' {
			return len(bytes.TrimSpace(line)) == 0
		}
	}
	return true
}

// trim gives the bounds of line[from:] without white space at either end.
func trim(line []byte, from int) (lo, hi int) {
	lo, hi = from, len(line)
	for lo < hi && (line[lo] == ' ' || line[lo] == '\t') {
		lo++
	}
	for hi > lo && (line[hi-1] == ' ' || line[hi-1] == '\t') {
		hi--
	}
	if lo < hi && (line[lo] >= 0x80 || line[hi-1] >= 0x80 || line[lo] < ' ' || line[hi-1] < ' ') {
		s := line[lo:hi]
		t := bytes.TrimLeftFunc(s, unicode.IsSpace)
		lo += len(s) - len(t)
		hi = lo + len(bytes.TrimRightFunc(t, unicode.IsSpace))
	}
	return lo, hi
}

func first(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// abbrev shortens a line quoted in a warning.
func abbrev(s string) string {
	const max = 60
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && s[cut]&0xC0 == 0x80 {
		cut--
	}
	return s[:cut] + "…"
}
