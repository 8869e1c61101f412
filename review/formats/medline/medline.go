// Package medline reads MEDLINE tagged text: the ".nbib" or "MEDLINE format"
// that PubMed exports, and the same layout as ERIC writes it.
//
// A line is a tag of two to four capitals padded to four characters, a dash
// and the value ("PMID- 123", "TI  - A title"). Lines that start with spaces
// continue the value above them; records are separated by blank lines. The
// reader is lenient where real files differ from that: "PMID-123" without a
// space, "ISSN - x" with the dash one place late, empty tags ("TI-"), lines
// ending in spaces, a record that does not start with PMID (ERIC, hand-made
// files), and a PMID line with no blank line before it. Only LF ends a line:
// a U+2028 inside a value is part of the value.
package medline

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/formats"
)

// Reader reads MEDLINE records one at a time. It holds only the record
// being read, so a file of any size costs what its largest record does.
type Reader struct {
	lr   *formats.LineReader
	file string
	// err ends the file: io.EOF, or the read error returned before.
	err error

	// The record being read. raw holds its lines, each followed by "\n";
	// parts are the trimmed values and continuation lines, as offsets into
	// raw, and each field owns a run of parts. raw is reused from record to
	// record, and copied once, at its exact size, into the Entry.
	raw     []byte
	parts   []span
	fields  []field
	start   int
	hasPMID bool
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
	tag    span // in raw
	lo, hi int  // parts[lo:hi]
}

// NewReader reads MEDLINE text from r, which must be UTF-8 with LF line
// ends (see formats.Decode). file names the input in error messages.
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
		tagLen, from, tagged := splitTag(line)
		switch {
		case tagged:
			pmid := string(line[:tagLen]) == "PMID"
			// A PMID line always starts a record, even without the blank
			// line before it, unless it is the record's first PMID.
			if r.start > 0 && pmid && r.hasPMID {
				r.hold(line, n)
				return r.finish(), nil
			}
			if r.start == 0 {
				r.begin(n)
			}
			r.hasPMID = r.hasPMID || pmid
			off := len(r.raw)
			r.fields = append(r.fields, field{tag: span{off, off + tagLen}, lo: len(r.parts), hi: len(r.parts)})
			r.add(line, from)
		case r.start > 0:
			if !isIndent(line[0]) {
				last := r.fields[len(r.fields)-1].tag
				r.warns = append(r.warns, fmt.Sprintf("line %d: line without a tag or indent taken as part of %s", n, r.raw[last.lo:last.hi]))
			}
			r.add(line, 0)
		case isIndent(line[0]):
			return nil, r.skipOrphan(n)
		default:
			// A note above or between records, such as "This line should
			// be omitted by the importer.": not a record, and no data lost.
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

// skipOrphan skips indented lines that follow a blank line: they continue
// a value, but the record they belonged to has already ended.
func (r *Reader) skipOrphan(n int) error {
	for {
		line, m, ok := r.next()
		if !ok || isBlank(line) {
			break
		}
		if _, _, tagged := splitTag(line); tagged || !isIndent(line[0]) {
			r.hold(line, m)
			break
		}
	}
	return formats.Errorf(r.file, n, n, formats.ErrSyntax, "continuation line outside a record (a blank line inside a record?)")
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
	r.start, r.hasPMID = 0, false
	return e
}

// fill maps the tags to the record's fields.
func fill(e *formats.Entry, raw string, fields []field, parts []span) {
	rec := &e.Record
	var (
		titles, abstracts, issns []string
		bookTitle, oid, loc      string
		journal, abbrevJournal   string
		full, short              []review.Author
		fullNames                int
		dates                    [4]string // DP, DEP, DA, EDAT
		keywords, mesh           []string
	)
	for _, f := range fields {
		v := value(raw, parts[f.lo:f.hi])
		if v == "" {
			continue
		}
		switch raw[f.tag.lo:f.tag.hi] {
		case "PMID":
			if rec.PMID == "" {
				rec.PMID = formats.PMID(v)
				rec.SourceID = v
				if rec.PMID != v {
					e.Warn("PMID %q is not a number", v)
				}
			}
		case "OID":
			oid = first(oid, v)
		case "TI":
			titles = append(titles, v)
		case "BTI":
			bookTitle = first(bookTitle, v)
		case "AB":
			abstracts = append(abstracts, v)
		case "FAU":
			if a := formats.ParseName(v); a.Family != "" {
				full = append(full, a)
				fullNames++
			}
		case "AU":
			if a := formats.ParseName(v); a.Family != "" {
				short = append(short, a)
			}
		case "CN":
			a := review.Author{Family: formats.Clean(v)}
			full = append(full, a)
			short = append(short, a)
		case "DP":
			dates[0] = first(dates[0], v)
		case "DEP":
			dates[1] = first(dates[1], v)
		case "DA":
			dates[2] = first(dates[2], v)
		case "EDAT":
			dates[3] = first(dates[3], v)
		case "JT":
			journal = first(journal, v)
		case "TA":
			abbrevJournal = first(abbrevJournal, v)
		case "VI":
			rec.Volume = first(rec.Volume, formats.Clean(v))
		case "IP":
			rec.Issue = first(rec.Issue, formats.Clean(v))
		case "PG":
			rec.Pages = first(rec.Pages, formats.Clean(v))
		case "AID", "LID":
			doi, url, other := locator(v)
			rec.DOI = first(rec.DOI, doi)
			rec.URL = first(rec.URL, url)
			if raw[f.tag.lo:f.tag.hi] == "LID" {
				loc = first(loc, other)
			}
		case "IS", "ISSN":
			issns = append(issns, stripISSNLabel(v))
		case "OT":
			keywords = append(keywords, formats.Clean(v))
		case "MH":
			mesh = append(mesh, formats.Clean(v))
		case "PT":
			rec.Type = first(rec.Type, formats.Clean(v))
		case "LA":
			rec.Language = first(rec.Language, formats.Language(v))
		}
	}
	if rec.SourceID == "" {
		rec.SourceID = oid
	}
	rec.Title = formats.Clean(strings.Join(titles, " "))
	if rec.Title == "" {
		rec.Title = formats.Clean(bookTitle)
	}
	rec.Abstract = formats.CleanText(strings.Join(abstracts, "\n"))
	rec.Authors = short
	if fullNames > 0 {
		rec.Authors = full
	}
	for _, d := range dates {
		if y := formats.Year(d); y != 0 {
			rec.Year = y
			break
		}
	}
	rec.Journal = formats.Clean(first(journal, abbrevJournal))
	if rec.Pages == "" {
		// An electronic article has its location (article number) in LID.
		rec.Pages = formats.Clean(loc)
	}
	rec.ISSN = formats.ISSN(strings.Join(issns, " "))
	// Author keywords when there are any; otherwise the MeSH headings, which
	// most PubMed records have and which a screener can search on just as well.
	rec.Keywords = keywords
	if len(rec.Keywords) == 0 {
		rec.Keywords = mesh
	}
}

// locator sorts an AID or LID value: "10.1/x [doi]" is a DOI, "S01 [pii]"
// a publisher id, a bare "http://dx.doi.org/10.1/x" or "doi:10.1/x" (ERIC,
// hand-made files) a DOI, another URL a link, and anything else ("e00466")
// the article's location.
func locator(v string) (doi, url, other string) {
	if i := strings.LastIndexByte(v, '['); i >= 0 && strings.HasSuffix(v, "]") {
		if strings.EqualFold(v[i:], "[doi]") {
			return formats.DOI(v[:i]), "", ""
		}
		return "", "", ""
	}
	l := strings.ToLower(v)
	switch {
	case strings.HasPrefix(l, "10.") || strings.HasPrefix(l, "doi:") || strings.Contains(l, "doi.org/"):
		if d := formats.DOI(v); d != "" {
			return d, "", ""
		}
	case strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://"):
		return "", v, ""
	}
	return "", "", v
}

// stripISSNLabel drops the "ISSN-" that ERIC writes before the number
// ("ISSN-1234-4567"): formats.ISSN does not take a number glued to a dash.
func stripISSNLabel(v string) string {
	if len(v) > 4 && strings.EqualFold(v[:4], "ISSN") {
		return strings.TrimLeft(v[4:], "-: ")
	}
	return v
}

// value joins a field's lines with spaces: MEDLINE wraps values at word
// boundaries.
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

// splitTag recognises a tag line and returns the tag and where its value
// starts. The tag is two to four capitals or digits; the dash may follow
// at once ("PMID-1", "TI-") or after padding ("TI  - ", "ISSN - ").
func splitTag(line []byte) (tagLen, from int, ok bool) {
	i := 0
	for i < len(line) && i < 5 && isTagByte(line[i]) {
		i++
	}
	if i < 2 || i > 4 || line[0] < 'A' || line[0] > 'Z' {
		return 0, 0, false
	}
	j := i
	for j < len(line) && j < 7 && line[j] == ' ' {
		j++
	}
	if j >= len(line) || line[j] != '-' || j > 6 {
		return 0, 0, false
	}
	return i, j + 1, true
}

func isTagByte(c byte) bool { return c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' }

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
	for cut > 0 && cut < len(s) && s[cut]&0xC0 == 0x80 {
		cut--
	}
	return s[:cut] + "…"
}
