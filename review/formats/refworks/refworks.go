// Package refworks reads RefWorks' tagged format, which RefWorks exports
// ("RefWorks Tagged Format") and databases write for their "export to
// RefWorks" buttons (EBSCOhost, ProQuest, Ovid):
//
//	RT Journal Article
//	SR Electronic(1)
//	A1 Smith, John
//	T1 A title
//	JF Journal of Examples
//	YR 2019
//
// A line is a tag of two characters, a space and the value. A record starts
// at its RT line (the reference type) and runs to the next; blank lines
// between records are usual but not needed. Lines without a tag continue
// the tag above (an abstract's paragraphs).
package refworks

import (
	"cmp"
	"io"
	"strings"

	"github.com/winnow-review/winnow/review/formats"
	"github.com/winnow-review/winnow/review/formats/tagged"
)

// Reader reads RefWorks tagged records one at a time. It satisfies
// formats.Reader.
type Reader struct {
	lines *tagged.Lines
	// err ends the file: io.EOF, or the read error returned before.
	err error
	rec tagged.Buffer // the record being read
}

// NewReader reads RefWorks tagged text from r, which must be UTF-8 with LF
// line ends (see formats.Decode). file names the input in error messages.
func NewReader(r io.Reader, file string) *Reader {
	return &Reader{lines: tagged.NewLines(r, file)}
}

// Next returns the next record, or nil and io.EOF after the last one. Text
// outside any record is skipped with a warning on the next record, so Next
// returns no *formats.ParseError.
func (r *Reader) Next() (*formats.Entry, error) {
	if r.err != nil {
		return nil, r.err
	}
	for {
		line, n, ok := r.lines.Next()
		if !ok {
			r.err = r.lines.End()
			if r.err == io.EOF && r.rec.Start > 0 {
				return r.rec.Finish(fill), nil
			}
			return nil, r.err
		}
		if tagged.IsBlank(line) {
			if r.rec.Start > 0 {
				r.rec.AddBlank(line)
			}
			continue
		}
		tag, isTag := Tag(line)
		switch {
		case isTag && tag == "RT":
			if r.rec.Start > 0 {
				r.lines.Hold(line, n)
				return r.rec.Finish(fill), nil
			}
			r.rec.Begin(n)
			r.rec.AddField(line, 0, 2, 3)
		case r.rec.Start == 0:
			r.rec.Stray(n, line)
		case isTag:
			r.rec.AddField(line, 0, 2, 3)
		default:
			r.rec.Add(line, 0)
		}
	}
}

// Tag recognises a tag line: two capital letters or digits, the first a
// letter, then a space, a tab or the end of the line.
func Tag(line []byte) (string, bool) {
	if len(line) < 2 || !isUpper(line[0]) || !(isUpper(line[1]) || isDigit(line[1])) {
		return "", false
	}
	if len(line) > 2 && line[2] != ' ' && line[2] != '\t' {
		return "", false
	}
	return string(line[:2]), true
}

func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// fill maps the tags to the record's fields.
func fill(e *formats.Entry, raw string, fields []tagged.Field, parts []tagged.Span) {
	rec := &e.Record
	var (
		titles, abstracts, issns []string
		journal, abbrev, second  string
		start, end, date         string
	)
	for _, f := range fields {
		ps := parts[f.Lo:f.Hi]
		tag := raw[f.Tag.Lo:f.Tag.Hi]
		switch tag {
		case "A1", "AU":
			for _, p := range ps {
				for _, name := range formats.SplitList(raw[p.Lo:p.Hi], ";") {
					if a := formats.ParseName(name); a.Family != "" && !formats.NoAuthor(name) {
						rec.Authors = append(rec.Authors, a)
					}
				}
			}
			continue
		case "K1":
			for _, p := range ps {
				rec.Keywords = append(rec.Keywords, formats.SplitList(raw[p.Lo:p.Hi], ";")...)
			}
			continue
		case "AB":
			if v := tagged.Join(raw, ps, '\n'); v != "" {
				abstracts = append(abstracts, v)
			}
			continue
		}
		v := formats.Clean(tagged.Join(raw, ps, ' '))
		if v == "" {
			continue
		}
		switch tag {
		case "RT":
			rec.Type = cmp.Or(rec.Type, v)
		case "T1":
			titles = append(titles, v)
		case "JF":
			journal = cmp.Or(journal, v)
		case "JO", "JA":
			abbrev = cmp.Or(abbrev, v)
		case "T2":
			second = cmp.Or(second, v)
		case "YR":
			rec.Year = cmp.Or(rec.Year, formats.Year(v))
		case "FD":
			date = cmp.Or(date, v)
		case "VO":
			rec.Volume = cmp.Or(rec.Volume, v)
		case "IS":
			rec.Issue = cmp.Or(rec.Issue, v)
		case "SP":
			start = cmp.Or(start, v)
		case "OP":
			end = cmp.Or(end, v)
		case "DO":
			rec.DOI = cmp.Or(rec.DOI, formats.DOI(v))
		case "SN":
			issns = append(issns, v)
		case "UL":
			rec.URL = cmp.Or(rec.URL, v)
		case "LA":
			rec.Language = cmp.Or(rec.Language, formats.Language(v))
		case "ID", "AN":
			rec.SourceID = cmp.Or(rec.SourceID, v)
		case "DB":
			// The database searched ("CINAHL Complete"); DS is the
			// vendor ("EBSCOhost"), the same for all of a file.
			rec.Database = cmp.Or(rec.Database, v)
		}
	}
	rec.Title = formats.Clean(strings.Join(titles, " "))
	rec.Abstract = formats.CleanText(strings.Join(abstracts, "\n"))
	if rec.Year == 0 {
		rec.Year = formats.Year(date)
	}
	// JF is the journal's full name, JO its abbreviation; T2 a secondary
	// title (a book's or a series') where there is neither.
	rec.Journal = cmp.Or(journal, abbrev, second)
	// OP is the other page: the last page, or the whole range.
	if strings.ContainsAny(end, "-–") && start == "" {
		rec.Pages = formats.Pages(end, "")
	} else {
		rec.Pages = formats.Pages(start, end)
	}
	rec.ISSN = formats.ISSN(strings.Join(issns, " "))
}
