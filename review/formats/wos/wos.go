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
	"cmp"
	"fmt"
	"io"
	"strings"

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/formats"
	"github.com/winnow-review/winnow/review/formats/tagged"
)

// Reader reads Web of Science records one at a time. It holds only the
// record being read, so a file of any size costs what its largest record
// does.
type Reader struct {
	lines *tagged.Lines
	file  string
	// err ends the file: io.EOF, or the read error returned before.
	err error
	rec tagged.Buffer // the record being read
}

// NewReader reads Web of Science tagged text from r, which must be UTF-8
// with LF line ends (see formats.Decode). file names the input in error
// messages.
func NewReader(r io.Reader, file string) *Reader {
	return &Reader{lines: tagged.NewLines(r, file), file: file}
}

// Next returns the next record, or nil and io.EOF after the last one. A
// *formats.ParseError concerns only the lines it names, which have been
// skipped: call Next again to read on.
func (r *Reader) Next() (*formats.Entry, error) {
	if r.err != nil {
		return nil, r.err
	}
	for {
		line, n, ok := r.lines.Next()
		if !ok {
			r.err = r.lines.End()
			if r.err == io.EOF && r.rec.Start > 0 {
				r.rec.Warn("ER missing at the end of the file: record closed there")
				return r.finish(), nil
			}
			return nil, r.err
		}
		blank := tagged.IsBlank(line)
		tag, isTag := splitTag(line)
		if r.rec.Start == 0 {
			switch {
			case blank:
			case tag == "PT":
				r.rec.Begin(n)
				r.addField(line)
			case tag == "FN" || tag == "VR" || tag == "EF":
				// File header and trailer; a file may hold several
				// exports one after the other.
			case isTag:
				return nil, r.skipBad(n, fmt.Sprintf("unexpected tag %q outside a record: PT missing", line[:2]))
			case isIndent(line[0]):
				return nil, r.skipBad(n, "continuation line outside a record")
			default:
				r.rec.Stray(n, line)
			}
			continue
		}
		switch {
		case blank:
			r.rec.AddBlank(line)
		case tag == "ER":
			r.rec.Add(line, len(line))
			return r.finish(), nil
		case tag == "PT":
			r.lines.Hold(line, n)
			r.rec.Warn("ER missing: record closed at the next PT, line %d", n)
			return r.finish(), nil
		case tag == "EF":
			r.rec.Warn("ER missing: record closed at EF, line %d", n)
			return r.finish(), nil
		case isTag:
			r.addField(line)
		default:
			if !isIndent(line[0]) {
				r.rec.Warn("line %d: line without a tag or indent taken as part of %s", n, r.rec.LastTag())
			}
			r.rec.Add(line, 0)
		}
	}
}

// skipBad skips a run of record lines that have no PT before them, up to
// a blank line, the next PT or an ER, and reports them as one bad record.
func (r *Reader) skipBad(n int, msg string) error {
	for {
		line, m, ok := r.lines.Next()
		if !ok || tagged.IsBlank(line) {
			break
		}
		tag, _ := splitTag(line)
		if tag == "ER" {
			break
		}
		if tag == "PT" || tag == "EF" || tag == "FN" {
			r.lines.Hold(line, m)
			break
		}
	}
	return formats.Errorf(r.file, n, n, formats.ErrSyntax, "%s", msg)
}

// addField starts a field with the line's two-character tag.
func (r *Reader) addField(line []byte) {
	r.rec.AddField(line, 0, 2, min(3, len(line)))
}

// finish turns the record read so far into an Entry and resets the reader
// for the next one. A record closed without ER ends at its last line that
// is not blank: blank lines go in with AddBlank.
func (r *Reader) finish() *formats.Entry {
	return r.rec.Finish(fill)
}

// fill maps the tags to the record's fields.
func fill(e *formats.Entry, raw string, fields []tagged.Field, parts []tagged.Span) {
	rec := &e.Record
	var (
		full, short, group               []review.Author
		titles, abstracts                []string
		pt, dt, bp, ep, ar, span, sn, ei string
		ids                              string
		py, ey, ea, pd                   string
		authorKeywords, keywordsPlus     []string
	)
	for _, f := range fields {
		ps := parts[f.Lo:f.Hi]
		tag := raw[f.Tag.Lo:f.Tag.Hi]
		switch tag {
		case "AF":
			full = names(full, raw, ps)
		case "AU":
			short = names(short, raw, ps)
		case "CA":
			for _, p := range ps {
				if v := formats.Clean(raw[p.Lo:p.Hi]); v != "" {
					group = append(group, review.Author{Family: v})
				}
			}
		}
		// Web of Science wraps titles, abstracts and keyword lists at word
		// boundaries.
		v := tagged.Join(raw, ps, ' ')
		if v == "" {
			continue
		}
		switch tag {
		case "PT":
			pt = cmp.Or(pt, v)
		case "DT":
			dt = cmp.Or(dt, v)
		case "TI":
			titles = append(titles, v)
		case "AB":
			abstracts = append(abstracts, v)
		case "SO":
			rec.Journal = cmp.Or(rec.Journal, formats.Clean(v))
		case "VL":
			rec.Volume = cmp.Or(rec.Volume, formats.Clean(v))
		case "IS":
			rec.Issue = cmp.Or(rec.Issue, formats.Clean(v))
		case "BP":
			bp = cmp.Or(bp, v)
		case "EP":
			ep = cmp.Or(ep, v)
		case "AR":
			ar = cmp.Or(ar, v)
		case "PS":
			// Zoological Record, BIOSIS and CAB Abstracts on the Web of
			// Science platform give the pages as one span ("134-141",
			// "i-iv, 1-74") with no BP or EP.
			span = cmp.Or(span, v)
		case "DI":
			rec.DOI = cmp.Or(rec.DOI, formats.DOI(v))
		case "PM":
			rec.PMID = cmp.Or(rec.PMID, formats.PMID(v))
		case "SN":
			sn = cmp.Or(sn, v)
		case "EI":
			ei = cmp.Or(ei, v)
		case "DE":
			authorKeywords = append(authorKeywords, splitDescriptors(v)...)
		case "ID":
			ids = cmp.Or(ids, v)
		case "LA":
			rec.Language = cmp.Or(rec.Language, formats.Language(v))
		case "UT":
			rec.SourceID = cmp.Or(rec.SourceID, formats.Clean(v))
		case "PY":
			py = cmp.Or(py, v)
		case "EY":
			ey = cmp.Or(ey, v)
		case "EA":
			ea = cmp.Or(ea, v)
		case "PD":
			pd = cmp.Or(pd, v)
		}
	}
	rec.Type = formats.Clean(cmp.Or(dt, pt))
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
		rec.Pages = formats.ArticleNumber(ar)
	}
	if rec.Pages == "" {
		rec.Pages = formats.Clean(span)
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

// splitDescriptors splits a DE value into keywords at the semicolons that
// are not inside square brackets. Zoological Record writes each taxon with
// its descriptors in brackets ("Aves [Forestry / Logging / Effects on
// communities; review] [Fire / Wildfire / ]"), whose semicolons are no
// boundary; author keywords have no brackets and split as before. A
// semicolon inside brackets becomes a comma: a record's keywords are kept
// as one list joined by "; ", which must not cut a keyword in two.
func splitDescriptors(s string) []string {
	var out []string
	depth, start := 0, 0
	add := func(v string) {
		if v = formats.Clean(v); v != "" {
			if strings.Contains(v, ";") {
				v = strings.ReplaceAll(strings.ReplaceAll(v, "; ", ", "), ";", ",")
			}
			out = append(out, v)
		}
	}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '[':
			depth++
		case ']':
			if depth > 0 {
				depth--
			}
		case ';':
			if depth == 0 {
				add(s[start:i])
				start = i + 1
			}
		}
	}
	add(s[start:])
	return out
}

// names appends one author for each line of an AU or AF field.
func names(list []review.Author, raw string, parts []tagged.Span) []review.Author {
	for _, p := range parts {
		if a := formats.ParseName(raw[p.Lo:p.Hi]); a.Family != "" {
			list = append(list, a)
		}
	}
	return list
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
