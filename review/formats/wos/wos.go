// Package wos reads the Web of Science "plain text" tagged format (.ciw,
// savedrecs.txt, .isi), which Inspec and other Clarivate databases also
// write.
//
// A file opens with "FN" and "VR" header lines and ends with "EF". Each
// record runs from "PT" to "ER". A line is a two-character tag, a space and
// the value; lines starting with spaces continue the tag above. For the
// list tags (AU, AF, CA, CR, C1, ...) each continuation line is a new item,
// one author per line; for the others it is the same value wrapped.
package wos

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/formats"
)

// Reader reads Web of Science records one at a time. It holds only the
// record being read, so a file of any size costs what its largest record
// does.
type Reader struct {
	lr   *formats.LineReader
	file string
	// err ends the file: io.EOF, or the read error returned before.
	err error

	// The record being read. raw holds its lines, each followed by "\n",
	// and is reused from record to record; end is the length of raw up to
	// its last line that is not blank. parts are the trimmed values and
	// continuation lines, as offsets into raw; each field owns a run of parts.
	raw    []byte
	end    int
	parts  []span
	fields []field
	start  int
	warns  []string

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
	tag    span // in raw
	lo, hi int  // parts[lo:hi]
}

// NewReader reads Web of Science tagged text from r, which must be UTF-8
// with LF line ends (see formats.Decode). file names the input in error
// messages.
func NewReader(r io.Reader, file string) *Reader {
	return &Reader{lr: formats.NewLineReader(r), file: file}
}

// Next returns the next record, or nil and io.EOF after the last one. A
// *formats.ParseError concerns only the lines it names, which have been
// skipped: call Next again to read on.
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
				r.warns = append(r.warns, "ER missing at the end of the file: record closed there")
				return r.finish(), nil
			}
			return nil, io.EOF
		}
		blank := isBlank(line)
		tag, tagged := splitTag(line)
		if r.start == 0 {
			switch {
			case blank:
			case tag == "PT":
				r.begin(n)
				r.addField(line)
			case tag == "FN" || tag == "VR" || tag == "EF":
				// File header and trailer; a file may hold several
				// exports one after the other.
			case tagged:
				return nil, r.skipBad(n, fmt.Sprintf("unexpected tag %q outside a record: PT missing", line[:2]))
			case isIndent(line[0]):
				return nil, r.skipBad(n, "continuation line outside a record")
			default:
				if r.stray == 0 {
					r.strayFirst, r.strayText = n, string(line)
				}
				r.stray++
			}
			continue
		}
		switch {
		case blank:
			r.raw = append(r.raw, line...)
			r.raw = append(r.raw, '\n')
		case tag == "ER":
			r.addLine(line, len(line))
			return r.finish(), nil
		case tag == "PT":
			r.hold(line, n)
			r.warns = append(r.warns, fmt.Sprintf("ER missing: record closed at the next PT, line %d", n))
			return r.finish(), nil
		case tag == "EF":
			r.warns = append(r.warns, fmt.Sprintf("ER missing: record closed at EF, line %d", n))
			return r.finish(), nil
		case tagged:
			r.addField(line)
		default:
			if !isIndent(line[0]) {
				last := r.fields[len(r.fields)-1].tag
				r.warns = append(r.warns, fmt.Sprintf("line %d: line without a tag or indent taken as part of %s", n, r.raw[last.lo:last.hi]))
			}
			r.addLine(line, 0)
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

// skipBad skips a run of record lines that have no PT before them, up to
// a blank line, the next PT or an ER, and reports them as one bad record.
func (r *Reader) skipBad(n int, msg string) error {
	for {
		line, m, ok := r.next()
		if !ok || isBlank(line) {
			break
		}
		tag, _ := splitTag(line)
		if tag == "ER" {
			break
		}
		if tag == "PT" || tag == "EF" || tag == "FN" {
			r.hold(line, m)
			break
		}
	}
	return formats.Errorf(r.file, n, n, formats.ErrSyntax, "%s", msg)
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

func (r *Reader) addField(line []byte) {
	off := len(r.raw)
	r.fields = append(r.fields, field{tag: span{off, off + 2}, lo: len(r.parts), hi: len(r.parts)})
	r.addLine(line, min(3, len(line)))
}

// addLine appends the line to the record's text and the trimmed part of
// it from byte from on to the last field.
func (r *Reader) addLine(line []byte, from int) {
	off := len(r.raw)
	r.raw = append(r.raw, line...)
	r.end = len(r.raw)
	r.raw = append(r.raw, '\n')
	lo, hi := trim(line, from)
	if lo < hi && len(r.fields) > 0 {
		r.parts = append(r.parts, span{off + lo, off + hi})
		r.fields[len(r.fields)-1].hi = len(r.parts)
	}
}

// finish turns the record read so far into an Entry and resets the reader
// for the next one. A record closed without ER ends at its last line that
// is not blank.
func (r *Reader) finish() *formats.Entry {
	raw := string(r.raw[:r.end])
	e := &formats.Entry{Warnings: r.warns}
	e.Record.Raw = raw
	e.Record.Line = r.start
	fill(e, raw, r.fields, r.parts)
	r.raw = r.raw[:0]
	if cap(r.raw) > 1<<20 {
		r.raw = nil // do not hold on to the buffer of one huge record
	}
	r.parts, r.fields, r.warns = r.parts[:0], r.fields[:0], nil
	r.start, r.end = 0, 0
	return e
}

// fill maps the tags to the record's fields.
func fill(e *formats.Entry, raw string, fields []field, parts []span) {
	rec := &e.Record
	var (
		full, short, group              []review.Author
		titles, abstracts               []string
		pt, dt, bp, ep, ar, sn, ei, ids string
		py, ey, ea, pd                  string
		authorKeywords, keywordsPlus    []string
	)
	for _, f := range fields {
		ps := parts[f.lo:f.hi]
		tag := raw[f.tag.lo:f.tag.hi]
		switch tag {
		case "AF":
			full = names(full, raw, ps)
		case "AU":
			short = names(short, raw, ps)
		case "CA":
			for _, p := range ps {
				if v := formats.Clean(raw[p.lo:p.hi]); v != "" {
					group = append(group, review.Author{Family: v})
				}
			}
		}
		v := value(raw, ps)
		if v == "" {
			continue
		}
		switch tag {
		case "PT":
			pt = first(pt, v)
		case "DT":
			dt = first(dt, v)
		case "TI":
			titles = append(titles, v)
		case "AB":
			abstracts = append(abstracts, v)
		case "SO":
			rec.Journal = first(rec.Journal, formats.Clean(v))
		case "VL":
			rec.Volume = first(rec.Volume, formats.Clean(v))
		case "IS":
			rec.Issue = first(rec.Issue, formats.Clean(v))
		case "BP":
			bp = first(bp, v)
		case "EP":
			ep = first(ep, v)
		case "AR":
			ar = first(ar, v)
		case "DI":
			rec.DOI = first(rec.DOI, formats.DOI(v))
		case "PM":
			rec.PMID = first(rec.PMID, formats.PMID(v))
		case "SN":
			sn = first(sn, v)
		case "EI":
			ei = first(ei, v)
		case "DE":
			authorKeywords = append(authorKeywords, formats.SplitList(v, ";")...)
		case "ID":
			ids = first(ids, v)
		case "LA":
			rec.Language = first(rec.Language, formats.Language(v))
		case "UT":
			rec.SourceID = first(rec.SourceID, formats.Clean(v))
		case "PY":
			py = first(py, v)
		case "EY":
			ey = first(ey, v)
		case "EA":
			ea = first(ea, v)
		case "PD":
			pd = first(pd, v)
		}
	}
	rec.Type = formats.Clean(first(dt, pt))
	rec.Title = formats.Clean(strings.Join(titles, " "))
	rec.Abstract = formats.CleanText(strings.Join(abstracts, "\n"))
	rec.Authors = short
	if len(full) > 0 {
		rec.Authors = full
	}
	rec.Authors = append(rec.Authors, group...)
	for _, d := range []string{py, ey, ea, pd} {
		if y := formats.Year(d); y != 0 {
			rec.Year = y
			break
		}
	}
	rec.Pages = formats.Pages(bp, ep)
	if rec.Pages == "" {
		rec.Pages = formats.Clean(ar)
	}
	rec.ISSN = formats.ISSN(sn + " " + ei)
	if strings.HasPrefix(strings.ToUpper(rec.SourceID), "INSPEC:") {
		// Inspec puts identifiers in ID, not Keywords Plus:
		// "0003-6951/2006/...],[S0003-...],[10.1063/1.2234275]". The one
		// that starts with "10." is the DOI.
		for _, id := range strings.Split(ids, "],[") {
			if id = strings.Trim(strings.TrimSpace(id), "[]"); rec.DOI == "" && strings.HasPrefix(id, "10.") {
				rec.DOI = formats.DOI(id)
			}
		}
	} else {
		keywordsPlus = formats.SplitList(ids, ";")
	}
	if kw := append(authorKeywords, keywordsPlus...); len(kw) > 0 {
		rec.Keywords = kw
	}
}

// names appends one author for each line of an AU or AF field.
func names(list []review.Author, raw string, parts []span) []review.Author {
	for _, p := range parts {
		if a := formats.ParseName(raw[p.lo:p.hi]); a.Family != "" {
			list = append(list, a)
		}
	}
	return list
}

// value joins a field's lines with spaces: Web of Science wraps titles,
// abstracts and keyword lists at word boundaries.
func value(raw string, parts []span) string {
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
			b.WriteByte(' ')
		}
		b.WriteString(raw[p.lo:p.hi])
	}
	return b.String()
}

// splitTag recognises a tag line: two characters, a capital then a capital
// or digit, followed by a space or nothing ("ER"). It names only the tags
// that open, close or frame records, so that reading a line allocates
// nothing; for the others tag is "".
func splitTag(line []byte) (tag string, ok bool) {
	if len(line) < 2 || line[0] < 'A' || line[0] > 'Z' || !(line[1] >= 'A' && line[1] <= 'Z' || line[1] >= '0' && line[1] <= '9') {
		return "", false
	}
	if len(line) > 2 && line[2] != ' ' && line[2] != '\t' {
		return "", false
	}
	switch string(line[:2]) {
	case "PT":
		return "PT", true
	case "ER":
		return "ER", true
	case "EF":
		return "EF", true
	case "FN":
		return "FN", true
	case "VR":
		return "VR", true
	}
	return "", true
}

func isIndent(c byte) bool { return c == ' ' || c == '\t' }

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
