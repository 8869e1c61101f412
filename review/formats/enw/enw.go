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
	"cmp"
	"io"
	"strings"

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/formats"
	"github.com/winnow-review/winnow/review/formats/tagged"
)

// Reader reads EndNote tagged records one at a time. It holds only the
// record being read, so a file of any size costs what its largest record
// does.
type Reader struct {
	lines *tagged.Lines
	// err ends the file: io.EOF, or the read error returned before.
	err error

	// rec is the record being read; hasType says whether it has a %0 line.
	rec     tagged.Buffer
	hasType bool
}

// NewReader reads EndNote tagged text from r, which must be UTF-8 with LF
// line ends (see formats.Decode). file names the input in error messages.
func NewReader(r io.Reader, file string) *Reader {
	return &Reader{lines: tagged.NewLines(r, file)}
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
		line, n, ok := r.lines.Next()
		if !ok {
			r.err = r.lines.End()
			if r.err == io.EOF && r.rec.Start > 0 {
				return r.finish(), nil
			}
			return nil, r.err
		}
		if tagged.IsBlank(line) {
			if r.rec.Start > 0 {
				return r.finish(), nil
			}
			continue
		}
		tag, isTag := splitTag(line)
		switch {
		case isTag:
			if tag == '0' && r.hasType {
				r.lines.Hold(line, n)
				return r.finish(), nil
			}
			if r.rec.Start == 0 {
				r.rec.Begin(n)
			}
			if tag == '0' {
				r.hasType = true
			}
			r.rec.AddField(line, 1, 2, min(3, len(line)))
		case r.rec.Start > 0:
			r.rec.Add(line, 0)
		default:
			r.rec.Stray(n, line)
		}
	}
}

// finish turns the record read so far into an Entry and resets the reader
// for the next one.
func (r *Reader) finish() *formats.Entry {
	r.hasType = false
	return r.rec.Finish(fill)
}

// fill maps the tags to the record's fields.
func fill(e *formats.Entry, raw string, fields []tagged.Field, parts []tagged.Span) {
	rec := &e.Record
	var (
		titles, abstracts, issns  []string
		refType, workType, date   string
		journal, secondary, label string
	)
	for _, f := range fields {
		ps := parts[f.Lo:f.Hi]
		tag := raw[f.Tag.Lo]
		switch tag {
		case 'A':
			for _, p := range ps {
				rec.Authors = appendAuthors(rec.Authors, raw[p.Lo:p.Hi])
			}
			continue
		case 'K':
			// One keyword a line, or several separated by semicolons.
			for _, p := range ps {
				rec.Keywords = append(rec.Keywords, formats.SplitList(raw[p.Lo:p.Hi], ";")...)
			}
			continue
		case 'X':
			// Continuation lines of an abstract are its paragraphs.
			if v := tagged.Join(raw, ps, '\n'); v != "" {
				abstracts = append(abstracts, v)
			}
			continue
		}
		v := tagged.Join(raw, ps, ' ')
		if v == "" {
			continue
		}
		switch tag {
		case '0':
			refType = cmp.Or(refType, v)
		case '9':
			workType = cmp.Or(workType, v)
		case 'T':
			titles = append(titles, v)
		case 'D':
			rec.Year = firstYear(rec.Year, v)
		case '8':
			date = cmp.Or(date, v)
		case 'J':
			journal = cmp.Or(journal, v)
		case 'B':
			secondary = cmp.Or(secondary, v)
		case 'V':
			rec.Volume = cmp.Or(rec.Volume, formats.Clean(v))
		case 'N':
			rec.Issue = cmp.Or(rec.Issue, formats.Clean(v))
		case 'P':
			rec.Pages = cmp.Or(rec.Pages, formats.Pages(v, ""))
		case 'R':
			rec.DOI = cmp.Or(rec.DOI, formats.DOI(v))
		case '@':
			issns = append(issns, v)
		case 'U':
			rec.URL = cmp.Or(rec.URL, formats.Clean(v))
		case 'G':
			rec.Language = cmp.Or(rec.Language, formats.Language(v))
		case 'M':
			rec.SourceID = cmp.Or(rec.SourceID, formats.Clean(v))
		case 'F':
			label = cmp.Or(label, formats.Clean(v))
		}
	}
	rec.Type = formats.Clean(cmp.Or(refType, workType))
	rec.Title = formats.Clean(strings.Join(titles, " "))
	rec.Abstract = formats.CleanText(strings.Join(abstracts, "\n"))
	if rec.Year == 0 {
		rec.Year = formats.Year(date)
	}
	// %B is the secondary title: the journal when there is no %J (the AIS
	// eLibrary writes its journals there), else a book or series.
	rec.Journal = formats.Clean(cmp.Or(journal, secondary))
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
