package medline

import (
	"io"
	"strings"

	"github.com/winnow-review/winnow/review/formats"
	"github.com/winnow-review/winnow/review/formats/tagged"
)

// DisplayReader reads Ovid's display layout: what Ovid shows on screen and
// saves as text when no export format is chosen (Export, ".txt"), for
// MEDLINE, Embase, PsycInfo and Journals@Ovid. Each record follows its
// number ("<1>"), and each field's name is a line of its own at the margin
// with its value on the indented lines below it:
//
//	<1>
//	Unique Identifier
//	  31234567
//	Authors
//	  Smith J
//	  Doe A
//	Title
//	  Exercise for depression in later life.
//	Source
//	  Journal of Tests. 12(3):123-130, 2019 Mar.
//
// The names are read as the Ovid tags of the tagged export (displayTags),
// so a record reads as it would from Ovid's tagged or RIS export; names
// winnow does not use (Institution, Country of Publication) stay in the
// raw text. A field that is a list (authors, headings, publication types)
// has an item a line; Journals@Ovid's one-line "Berg, Anna 1; Costa, Rui
// 2" is split at its semicolons and the affiliation numbers dropped. Text
// before the first record number (Ovid's search strategy) is no record,
// and blank lines between fields are nothing (the raw text keeps them).
type DisplayReader struct {
	lines *tagged.Lines
	file  string
	err   error
	rec   tagged.Buffer
	// open is set between a record number and the next one.
	open bool
}

// NewDisplayReader reads Ovid's display layout from r, which must be UTF-8
// with LF line ends (see formats.Decode). file names the input in error
// messages.
func NewDisplayReader(r io.Reader, file string) *DisplayReader {
	return &DisplayReader{lines: tagged.NewLines(r, file), file: file}
}

// displayTags maps the field names of Ovid's display layout to the tags of
// its tagged export, which fill reads.
var displayTags = map[string]string{
	"Title": "TI", "Article Title": "TI", "Original Title": "TT",
	"Authors": "AU", "Author": "AU", "Authors Full Name": "FA", "Author Full Name": "FA",
	"Source": "SO", "Journal Name": "JN", "Journal Title": "JN",
	"Volume": "VI", "Issue": "IP", "Issue Part": "IP", "Page": "PG", "Pages": "PG",
	"Abstract":          "AB",
	"Unique Identifier": "UI", "Accession Number": "AN", "Embase Accession Number": "AN",
	"PubMed Identifier": "PMID", "PMID": "PMID", "MEDLINE PMID": "PMID", "PubMed ID": "PMID",
	"Digital Object Identifier": "DO", "DOI Number": "DO", "DOI": "DO",
	"Year of Publication": "YR", "Date of Publication": "DP", "Publication Date": "DP",
	"ISSN": "IS", "ISSN Print": "IS", "ISSN Electronic": "IS", "ISSN Linking": "IS",
	"Language": "LG", "Publication Type": "PT", "Document Type": "PT",
	"Author Keywords": "KW", "Keywords": "KW", "Keyword Heading Word": "OT",
	"MeSH Subject Headings": "MH", "Emtree Heading": "MH", "Subject Headings": "MH",
}

// DisplayName reports whether s is the name of a field of Ovid's display
// layout that winnow reads.
func DisplayName(s string) bool {
	_, ok := displayTags[s]
	return ok
}

// displayLists are the tags whose every line is an item of its own.
var displayLists = map[string]bool{"AU": true, "FA": true, "OT": true, "MH": true, "PT": true, "IS": true}

// Next returns the next record, or nil and io.EOF after the last one.
func (r *DisplayReader) Next() (*formats.Entry, error) {
	if r.err != nil {
		return nil, r.err
	}
	for {
		line, n, ok := r.lines.Next()
		if !ok {
			r.err = r.lines.End()
			if r.err == io.EOF && r.rec.Start > 0 {
				return r.rec.Finish(fillDisplay), nil
			}
			return nil, r.err
		}
		switch {
		case isOvidNumber(line):
			r.open = true
			if r.rec.Start > 0 {
				return r.rec.Finish(fillDisplay), nil
			}
		case tagged.IsBlank(line):
			if r.rec.Start > 0 {
				r.rec.AddBlank(line)
			}
		case !r.open:
			// Ovid's header and search strategy, before the first record.
			r.rec.Stray(n, line)
		case !isIndent(line[0]):
			if r.rec.Start == 0 {
				r.rec.Begin(n)
			}
			name := strings.TrimRight(string(line), " \t")
			r.rec.AddField(line, 0, len(name), len(line))
		case r.rec.Start == 0:
			// A value before any field's name: read it as nothing, with
			// a warning on the record.
			r.rec.Stray(n, line)
		default:
			r.rec.Add(line, 0)
		}
	}
}

// fillDisplay reads a record of the display layout: each line of a list
// field an item, then the fields as fill reads Ovid's tags.
func fillDisplay(e *formats.Entry, raw string, fields []tagged.Field, parts []tagged.Span) {
	var fs []tagged.Field
	var ps []tagged.Span
	for _, f := range fields {
		tag := displayTags[raw[f.Tag.Lo:f.Tag.Hi]]
		if !displayLists[tag] {
			fs = append(fs, tagged.Field{Tag: f.Tag, Lo: len(ps), Hi: len(ps) + f.Hi - f.Lo})
			ps = append(ps, parts[f.Lo:f.Hi]...)
			continue
		}
		for _, p := range parts[f.Lo:f.Hi] {
			for _, item := range listItems(raw, p, tag) {
				fs = append(fs, tagged.Field{Tag: f.Tag, Lo: len(ps), Hi: len(ps) + 1})
				ps = append(ps, item)
			}
		}
	}
	// An Ovid record to fillTags: the article type off the title, the
	// year from the source line when no other field gives it.
	fillTags(e, raw, fs, ps, displayTags)
}

// listItems splits one line of a list field into its items: the line, or
// for authors written on one line ("Berg, Anna 1;  Costa, Rui 2", as
// Journals@Ovid writes them) each name between semicolons without its
// affiliation numbers.
func listItems(raw string, p tagged.Span, tag string) []tagged.Span {
	if (tag != "AU" && tag != "FA") || !strings.Contains(raw[p.Lo:p.Hi], ";") {
		return []tagged.Span{p}
	}
	var out []tagged.Span
	lo := p.Lo
	for lo < p.Hi {
		hi := strings.IndexByte(raw[lo:p.Hi], ';')
		if hi < 0 {
			hi = p.Hi
		} else {
			hi += lo
		}
		a, b := lo, hi
		for a < b && raw[a] == ' ' {
			a++
		}
		for b > a && (raw[b-1] == ' ' || raw[b-1] == ',' || raw[b-1] >= '0' && raw[b-1] <= '9') {
			b--
		}
		if a < b {
			out = append(out, tagged.Span{Lo: a, Hi: b})
		}
		lo = hi + 1
	}
	return out
}

// articleType drops the article type Journals@Ovid and Ovid's PsycInfo
// append to a title (".[Article]" in the display layout, ".  [Article]"
// or ". [References]." in the tagged export), which no other database
// writes, so that the title matches the same record from elsewhere.
func articleType(title string) string {
	t := strings.TrimSuffix(title, ".")
	if !strings.HasSuffix(t, "]") {
		return title
	}
	i := strings.LastIndexByte(t, '[')
	if i < 1 {
		return title
	}
	word := t[i+1 : len(t)-1]
	if word == "" || word[0] < 'A' || word[0] > 'Z' || strings.ContainsAny(word, " []") || len(word) > 20 {
		return title
	}
	head := strings.TrimRight(t[:i], " ")
	if !strings.HasSuffix(head, ".") {
		return title
	}
	return head
}

// lastYear gives the last year in s, or 0: a source line's pages come
// before its date ("8(6):1500-1510, September 2015").
func lastYear(s string) int {
	digit := func(i int) bool { return i >= 0 && i < len(s) && s[i] >= '0' && s[i] <= '9' }
	y := 0
	for i := 0; i+4 <= len(s); i++ {
		if digit(i-1) || digit(i+4) || !digit(i) || !digit(i+1) || !digit(i+2) || !digit(i+3) {
			continue
		}
		if v := formats.Year(s[i : i+4]); v != 0 {
			y = v
		}
	}
	return y
}
