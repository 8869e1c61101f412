package endnote

import (
	"encoding/xml"
	"strings"

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/formats"
	"github.com/winnow-review/winnow/review/formats/xmlstream"
)

// fields gathers the values of one <record>. Paths are below <record>.
// <caption>, <label>, <custom1>…<custom7>, <notes> and <database> are not
// read: they hold a library's own working data (one corpus file keeps its
// dedup flags in <caption>), and stay in Raw.
type fields struct {
	recNumber, refName, refNumber string
	authors                       []review.Author
	title, secondary, altTitle    string
	fullTitle, abbr               string
	pages, volume, number, issue  string
	keywords                      []string
	year, date                    string
	isbn, accession, erNum        string
	abstract                      string
	urls                          []string
	language                      string
	dbName, dbProvider            string
}

func (f *fields) Start(path []byte, attrs []xml.Attr) bool {
	switch string(path) {
	case "/ref-type":
		f.refName = xmlstream.Attr(attrs, "name")
		return true
	case "/rec-number", "/contributors/authors/author",
		"/titles/title", "/titles/secondary-title", "/titles/alt-title",
		"/periodical/full-title", "/periodical/abbr-1",
		"/pages", "/volume", "/number", "/issue",
		"/keywords/keyword", "/dates/year", "/dates/pub-dates/date",
		"/isbn", "/accession-num", "/electronic-resource-num", "/abstract",
		"/urls/related-urls/url", "/urls/web-urls/url", "/language",
		"/remote-database-name", "/remote-database-provider":
		return true
	}
	return false
}

func (f *fields) End(path []byte, text string) {
	switch string(path) {
	case "/rec-number":
		f.recNumber = text
	case "/ref-type":
		f.refNumber = text
	case "/contributors/authors/author":
		// One author per element, but tools that rewrite libraries put
		// several in one, separated by ";", as they do in RIS.
		names := []string{text}
		if strings.Contains(text, ";") {
			names = formats.SplitList(text, ";")
		}
		for _, name := range names {
			if a := formats.ParseName(name); a.Family != "" {
				f.authors = append(f.authors, a)
			}
		}
	case "/titles/title":
		f.title = text
	case "/titles/secondary-title":
		f.secondary = text
	case "/titles/alt-title":
		f.altTitle = text
	case "/periodical/full-title":
		f.fullTitle = text
	case "/periodical/abbr-1":
		f.abbr = text
	case "/pages":
		f.pages = text
	case "/volume":
		f.volume = text
	case "/number":
		f.number = text
	case "/issue":
		f.issue = text
	case "/keywords/keyword":
		// EndNote keeps one keyword per <keyword>, but a keyword field
		// typed with line breaks arrives as one value with CRs in it.
		f.keywords = append(f.keywords, formats.SplitList(text, "\r\n")...)
	case "/dates/year":
		f.year = text
	case "/dates/pub-dates/date":
		f.date = text
	case "/isbn":
		f.isbn = text
	case "/accession-num":
		f.accession = text
	case "/electronic-resource-num":
		f.erNum = text
	case "/abstract":
		f.abstract = text
	case "/urls/related-urls/url", "/urls/web-urls/url":
		f.urls = append(f.urls, text)
	case "/language":
		f.language = text
	case "/remote-database-name":
		f.dbName = text
	case "/remote-database-provider":
		f.dbProvider = text
	}
}

// fill sets the entry's fields from what was read.
func (f *fields) fill(e *formats.Entry) {
	rec := &e.Record
	rec.Type = formats.Clean(f.refName)
	if rec.Type == "" {
		rec.Type = formats.Clean(f.refNumber)
	}
	rec.Title = formats.Clean(f.title)
	rec.Abstract = formats.CleanText(crToLF(f.abstract))
	rec.Authors = f.authors
	rec.Year = formats.Year(f.year)
	if rec.Year == 0 {
		rec.Year = formats.Year(f.date)
	}
	rec.Journal = firstClean(f.fullTitle, f.secondary, f.abbr, f.altTitle)
	rec.Volume = formats.Clean(f.volume)
	rec.Issue = firstClean(f.number, f.issue)
	rec.Pages = formats.Pages(f.pages, "")
	rec.DOI = formats.DOI(f.erNum)
	rec.ISSN = formats.ISSN(f.isbn)
	rec.Keywords = f.keywords
	for _, u := range f.urls {
		// One <url> may hold several, one a line.
		if l := firstLine(u); l != "" {
			rec.URL = l
			break
		}
	}
	if rec.DOI == "" && strings.Contains(strings.ToLower(rec.URL), "doi.org/") {
		rec.DOI = formats.DOI(rec.URL)
	}
	rec.Language = formats.Language(f.language)

	acc := formats.Clean(f.accession)
	if isPubMed(acc, f.dbName+" "+f.dbProvider) {
		rec.PMID = formats.PMID(acc)
	}
	rec.SourceID = formats.Clean(f.recNumber)
	if rec.SourceID == "" {
		rec.SourceID = acc
	}
}

// isPubMed reports whether an accession number is a PubMed ID: all digits,
// from a database that names PubMed, MEDLINE or the NLM. A record that
// names no database at all (Mendeley names none) counts when the number
// has the length of a PMID; Embase and Web of Science accession numbers
// are longer or carry a prefix.
func isPubMed(acc, db string) bool {
	if acc == "" || len(acc) > 10 {
		return false
	}
	for i := 0; i < len(acc); i++ {
		if acc[i] < '0' || acc[i] > '9' {
			return false
		}
	}
	db = strings.ToLower(db)
	switch {
	case strings.Contains(db, "embase"):
		return false
	case strings.Contains(db, "pubmed"), strings.Contains(db, "medline"), strings.Contains(db, "nlm"):
		return true
	}
	return strings.TrimSpace(db) == "" && len(acc) <= 8
}

// crToLF turns the CRs that EndNote writes as &#xD; into line breaks.
func crToLF(s string) string {
	if strings.IndexByte(s, '\r') < 0 {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

// firstLine returns the first non-empty line of s, cleaned.
func firstLine(s string) string {
	for _, l := range strings.FieldsFunc(s, func(r rune) bool { return r == '\r' || r == '\n' }) {
		if l = formats.Clean(l); l != "" {
			return l
		}
	}
	return ""
}

// firstClean returns the first of vals that is not empty once cleaned.
func firstClean(vals ...string) string {
	for _, v := range vals {
		if v = formats.Clean(v); v != "" {
			return v
		}
	}
	return ""
}
