package delimited

import (
	"strings"

	"github.com/winnow-review/winnow/review/formats"
)

// citation is what a one-cell citation says about where a record appeared.
type citation struct {
	journal              string
	year                 string
	volume, issue, pages string
	doi                  string
}

// embaseSource reads the "Source" cell of an Embase CSV export, which packs
// the journal and its place into one citation:
//
//	Endoscopic Ultrasound (2014) 3:3 (152-160). Date of Publication: 2014
//	Nature Communications (2024) 15:1 Article Number: 4063. Date of Publication: 1 Dec 2024
//
// It reports false when s is not in that form (Scopus and Cochrane use a
// "Source" column for the database or the journal name alone).
func embaseSource(s string) (citation, bool) {
	var c citation
	open := -1
	for i := 0; i+6 <= len(s); i++ {
		if s[i] == '(' && s[i+5] == ')' && formats.Digits(s[i+1:i+5]) {
			open = i
			break
		}
	}
	if open <= 0 {
		return c, false
	}
	c.journal = strings.TrimSpace(s[:open])
	c.year = s[open+1 : open+5]
	rest := s[open+6:]
	if i := strings.Index(rest, "Date of Publication"); i >= 0 {
		rest = rest[:i]
	}
	rest = strings.TrimSpace(strings.TrimRight(strings.TrimSpace(rest), "."))
	if i := strings.IndexByte(rest, '('); i >= 0 {
		if j := strings.IndexByte(rest[i:], ')'); j > 0 {
			c.pages = strings.TrimSpace(rest[i+1 : i+j])
		}
		rest = rest[:i]
	}
	if i := strings.Index(rest, "Article Number:"); i >= 0 {
		// An electronic article's number stands for its pages.
		c.pages = formats.ArticleNumber(rest[i+len("Article Number:"):])
		rest = rest[:i]
	}
	vi := firstWord(strings.TrimSpace(rest))
	if vi != "" && !strings.HasPrefix(vi, "Article") {
		c.volume, c.issue, _ = strings.Cut(vi, ":")
	}
	return c, c.journal != ""
}

// pubmedCitation reads the "Citation" cell of a PubMed CSV export (and
// the "Details" cell of the CSV PubMed wrote until 2020):
//
//	Eur J Med Genet. 2020 Feb;63(2):103640. doi: 10.1016/j.ejmg.2019.03.004.
//	Elife. 2022 Nov 30;11:e80092. doi: 10.7554/eLife.80092.
//	Pediatr Allergy Immunol. 2019 Jul 13. doi: 10.1111/pai.13110. [Epub ahead of print]
//
// The journal is what comes before the date, the year the date's, the DOI
// what follows "doi: "; volume, issue and pages follow the date's ";".
func pubmedCitation(s string) citation {
	var c citation
	for i := strings.Index(s, ". "); i >= 0; {
		if rest := s[i+2:]; len(rest) >= 4 && formats.Digits(rest[:4]) {
			c.journal, c.year = s[:i], rest[:4]
			break
		}
		j := strings.Index(s[i+2:], ". ")
		if j < 0 {
			break
		}
		i += 2 + j
	}
	if _, d, ok := strings.Cut(s, "doi: "); ok {
		c.doi = strings.TrimRight(firstWord(d), ".")
	}
	_, rest, ok := strings.Cut(s, ";")
	if !ok {
		return c
	}
	if i := strings.Index(rest, ". "); i >= 0 {
		rest = rest[:i]
	}
	rest = strings.TrimRight(strings.TrimSpace(rest), ".")
	place, pages, _ := strings.Cut(rest, ":")
	c.pages = strings.TrimSpace(pages)
	vol, issue, ok := strings.Cut(place, "(")
	c.volume = strings.TrimSpace(vol)
	if ok {
		c.issue = strings.TrimSpace(strings.TrimSuffix(issue, ")"))
	}
	if strings.ContainsAny(c.volume, " ") {
		// Not a volume: the text after ";" is something else.
		c.volume, c.issue, c.pages = "", "", ""
	}
	return c
}
