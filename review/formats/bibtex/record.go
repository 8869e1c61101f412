package bibtex

import (
	"html"
	"strings"

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/formats"
)

// containerTypes are the entry types whose booktitle names the publication
// the record appeared in, standing where an article's journal would.
var containerTypes = map[string]bool{
	"inproceedings": true, "conference": true, "incollection": true, "inbook": true,
}

// mapped lists the fields record reads.
var mapped = map[string]bool{
	"title": true, "abstract": true, "author": true, "year": true, "date": true,
	"journal": true, "journaltitle": true, "booktitle": true, "series": true,
	"volume": true, "number": true, "issue": true, "pages": true, "doi": true,
	"url": true, "link": true, "pmid": true, "pubmed_id": true, "eprinttype": true,
	"eprint": true, "note": true, "issn": true, "eissn": true, "keywords": true,
	"keyword": true, "author_keywords": true, "author-keywords": true,
	"keywords-plus": true, "mesh": true, "language": true, "langid": true,
	"art_number": true, "article-number": true, "articleno": true, "eid": true,
	"early-access-date": true,
}

// record maps an entry's fields onto a review.Record.
func record(typ, key string, fs []field) review.Record {
	get := func(names ...string) string {
		for _, n := range names {
			for _, f := range fs {
				// R's NA is no value: a data frame written by R and
				// read into Zotero keeps it as text ("{NA}").
				if f.name == n && strings.TrimSpace(f.value) != "" && !formats.Missing(f.value) {
					return f.value
				}
			}
		}
		return ""
	}
	rec := review.Record{Type: typ, SourceID: key}
	rec.Title = text(get("title"))
	rec.Abstract = longText(get("abstract"))
	rec.Authors = authors(get("author"))
	// An article published early (Web of Science: "Early Access Date =
	// {{NOV 2021}}") has no year until its issue does.
	rec.Year = formats.Year(text(get("year", "date", "early-access-date")))
	rec.Journal = text(get("journal", "journaltitle"))
	if rec.Journal == "" && containerTypes[typ] {
		rec.Journal = text(get("booktitle"))
	}
	if rec.Journal == "" {
		rec.Journal = text(get("series"))
	}
	rec.Volume = text(get("volume"))
	rec.Issue = text(get("number", "issue"))
	rec.Pages = pages(get("pages"))
	if rec.Pages == "" {
		// An electronic article's number stands for its pages: Scopus
		// writes art_number, Web of Science Article-Number, the ACM
		// articleno, biblatex (and NASA ADS) eid.
		rec.Pages = formats.ArticleNumber(text(get("art_number", "article-number", "articleno", "eid")))
	}
	rec.DOI = formats.DOI(verbatim(get("doi")))
	url := firstURL(verbatim(get("url", "link")))
	if rec.DOI == "" && strings.Contains(strings.ToLower(url), "doi.org/") {
		rec.DOI = formats.DOI(url)
	}
	rec.URL = url
	rec.PMID = formats.PMID(verbatim(get("pmid", "pubmed_id")))
	if rec.PMID == "" && strings.EqualFold(strings.TrimSpace(get("eprinttype")), "pubmed") {
		rec.PMID = formats.PMID(verbatim(get("eprint")))
	}
	if rec.PMID == "" {
		// Taylor & Francis write the PubMed id as a note: "PMID: 33355555".
		if n := strings.TrimSpace(get("note")); len(n) > 5 && strings.EqualFold(n[:5], "pmid:") {
			rec.PMID = formats.PMID(n[5:])
		}
	}
	issn := get("issn")
	if eissn := get("eissn"); eissn != "" {
		issn += "; " + eissn
	}
	rec.ISSN = formats.ISSN(verbatim(issn))
	for _, n := range []string{"keywords", "keyword", "author_keywords", "author-keywords", "keywords-plus", "mesh"} {
		if v := get(n); v != "" {
			// "a; b" or "a, b": with semicolons, a comma is part of a
			// keyword (Cochrane's MeSH "Child, Preschool").
			sep := ","
			if strings.IndexByte(v, ';') >= 0 {
				sep = ";"
			}
			rec.Keywords = append(rec.Keywords, formats.SplitList(latex(v), sep)...)
		}
	}
	rec.Language = formats.Language(text(get("language", "langid")))
	return rec
}

// initialPairs splits a name that is several "Family, Initials" joined by
// commas, as the Cochrane Library writes authors in BibTeX ("Huey, SL,
// Mehta, NH, and Mehta, S": "and" only before the last), into one name a
// pair; nil for any other name ("Smith, Jr, John" has three parts).
func initialPairs(name string) []string {
	parts := strings.Split(strings.TrimSuffix(strings.TrimSpace(name), ","), ",")
	if len(parts) < 4 || len(parts)%2 != 0 {
		return nil
	}
	for i := 0; i < len(parts); i += 2 {
		if strings.TrimSpace(parts[i]) == "" || !formats.IsInitials(strings.TrimSpace(parts[i+1])) {
			return nil
		}
	}
	return formats.NamePairs(parts)
}

// text decodes a one-line field.
func text(v string) string {
	if v == "" {
		return ""
	}
	return formats.Clean(entities(latex(v)))
}

// entities decodes HTML character references, which Web of Science leaves
// in its BibTeX ("A dummy title&apos;s").
func entities(s string) string {
	if strings.IndexByte(s, '&') < 0 {
		return s
	}
	return html.UnescapeString(s)
}

// longText decodes an abstract. A line break followed by indentation is
// the exporter wrapping a long value (Web of Science indents continuation
// lines); a line break at the start of a line is the author's (Zotero
// keeps the abstract's paragraphs that way), and a blank line is a
// paragraph break in TeX. The first kind becomes a space, the others stay.
func longText(v string) string {
	if v == "" {
		return ""
	}
	v = entities(latex(v))
	if strings.Contains(v, "\n ") || strings.Contains(v, "\n\t") {
		var b strings.Builder
		b.Grow(len(v))
		for i := 0; i < len(v); i++ {
			if v[i] == '\n' && i+1 < len(v) && (v[i+1] == ' ' || v[i+1] == '\t') {
				j := i + 1
				for j < len(v) && (v[j] == ' ' || v[j] == '\t') {
					j++
				}
				if j < len(v) && v[j] != '\n' {
					b.WriteByte(' ')
					i = j - 1
					continue
				}
			}
			b.WriteByte(v[i])
		}
		v = b.String()
	}
	if strings.IndexByte(v, '\n') < 0 {
		return formats.Clean(v) // the same as CleanText for one line, without its copies
	}
	return formats.CleanText(v)
}

// pages normalises a page range: "123--456" and "123–456" become
// "123-456", "1 - 10" becomes "1-10".
func pages(v string) string {
	if v == "" {
		return ""
	}
	p := formats.Clean(latex(v))
	if strings.Contains(p, "NA") && strings.Trim(strings.ReplaceAll(p, "NA", ""), "-– ") == "" {
		return "" // R's "NA -- NA": neither page is known
	}
	if strings.Contains(p, "–") || strings.Contains(p, "—") || strings.Contains(p, " - ") {
		p = strings.ReplaceAll(p, "–", "-")
		p = strings.ReplaceAll(p, "—", "-")
		p = strings.ReplaceAll(p, " - ", "-")
	}
	return p
}

// firstURL gives the first URL of a field that may hold several.
func firstURL(v string) string {
	f := strings.FieldsFunc(v, func(r rune) bool { return r == ' ' || r == '\n' || r == '\t' || r == ';' })
	if len(f) == 0 {
		return ""
	}
	return f[0]
}

// authors splits an author field on " and " at brace depth 0. A name
// wholly in braces ("{World Health Organization}") is a group author and
// kept whole; "others" (BibTeX's "et al.") is dropped.
func authors(v string) []review.Author {
	if strings.TrimSpace(v) == "" {
		return nil
	}
	var out []review.Author
	add := func(name string) {
		name = strings.TrimSpace(name)
		switch {
		case name == "" || strings.EqualFold(name, "others"):
			return
		case isBraced(name):
			if n := text(name[1 : len(name)-1]); n != "" {
				out = append(out, review.Author{Family: n})
			}
			return
		}
		if strings.IndexByte(entities(name), ';') >= 0 {
			// A list joined with "; " (Web of Science's, Scopus's) kept
			// as one name by the tool that wrote the entry: Zotero
			// writes what it was given, "Berg, Anna; Costa, Rui".
			for _, n := range strings.Split(entities(name), ";") {
				if a := formats.ParseName(latex(strings.TrimSpace(n))); a.Family != "" || a.Given != "" {
					out = append(out, a)
				}
			}
			return
		}
		if pairs := initialPairs(name); pairs != nil {
			for _, p := range pairs {
				out = append(out, formats.ParseName(latex(p)))
			}
			return
		}
		if a := formats.ParseName(latex(name)); a.Family != "" || a.Given != "" {
			out = append(out, a)
		}
	}
	depth, start := 0, 0
	for i := 0; i < len(v); i++ {
		switch v[i] {
		case '{':
			depth++
		case '}':
			depth--
		case ' ', '\t', '\n':
			if depth != 0 || i+4 >= len(v) {
				continue
			}
			if (v[i+1] == 'a' || v[i+1] == 'A') && (v[i+2] == 'n' || v[i+2] == 'N') &&
				(v[i+3] == 'd' || v[i+3] == 'D') && isSpace(v[i+4]) {
				add(v[start:i])
				start = i + 4
				i += 3
			}
		}
	}
	add(v[start:])
	return out
}

// isBraced reports whether s is one brace group: "{World Health
// Organization}" but not "{van} Gogh, {V}".
func isBraced(s string) bool {
	if len(s) < 2 || s[0] != '{' || s[len(s)-1] != '}' {
		return false
	}
	return groupEnd(s, 0) == len(s)-1
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
