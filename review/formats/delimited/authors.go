package delimited

import (
	"strings"
	"unicode"

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/formats"
)

// authorList tells how the names in one authors cell are separated. Exports
// disagree: Scopus, WoS, Zotero and Cochrane use ";", Rayyan and CiteSource
// " and " (BibTeX style), while PubMed, Embase, older Scopus and IEEE Xplore
// use ", ", which is also the comma inside "Family, Given". A comma is taken
// as a separator only when every piece is a whole name: "Family Initials"
// ("Liu R., Adler D.G.", "Griffin DK, Larkin DM") or, with three or more
// pieces, "Given Family" ("Joseph Rottman, Erran Carmel, Mary Lacity").
// Two given-first names ("Wei Wu, Qiao Qiao") cannot be told from one
// "Family Name, Given Names" by the cell alone, so the reader remembers
// (commaList) whether the file has already shown comma-separated lists.
func splitAuthors(cell string, commaList *bool) []string {
	s := formats.Clean(cell)
	if s == "" || formats.NoAuthor(s) {
		return nil
	}
	if items, ok := pyList(s); ok {
		return items
	}
	if strings.IndexByte(s, ';') >= 0 {
		return formats.SplitList(s, ";")
	}
	if strings.IndexByte(s, '|') >= 0 {
		// OpenAlex joins a list's items with "|".
		return formats.SplitList(s, "|")
	}
	if strings.Contains(s, " and ") {
		parts := strings.Split(s, " and ")
		if allContain(parts, ',') || !formats.IsCorporate(s) {
			return trimAll(parts)
		}
		return []string{s}
	}
	if strings.IndexByte(s, ',') < 0 {
		return []string{listEnd(s)}
	}
	parts := trimAll(strings.Split(s, ","))
	if len(parts) < 2 {
		return parts
	}
	initials, dotted, leading := true, true, true
	for i, p := range parts {
		words := strings.Fields(p)
		if len(words) < 2 {
			if len(parts) >= 4 && len(parts)%2 == 0 {
				// ASReview's export of a project read from RIS, and
				// Scopus's CSV until about 2016, join "Family, Given"
				// names with ", " too: "Jacob, Robin Tepper, Jacob,
				// Brian", "Nelson, T.O., Dunlosky, J.". A name of one
				// word rules out whole names; pieces in pairs are names.
				return formats.NamePairs(parts)
			}
			return []string{s}
		}
		last := words[len(words)-1]
		initials = initials && formats.IsInitials(last)
		// Google Scholar (Publish or Perish) writes "J Smith, A Doe":
		// initials first, a family name last, in every piece.
		leading = leading && formats.IsInitials(words[0]) && !formats.IsInitials(last)
		if i < len(parts)-1 {
			dotted = dotted && strings.HasSuffix(last, ".")
		}
	}
	if initials && !dotted {
		// PubMed ends the list with a full stop: "Griffin DK, O'Connor RE.".
		n := len(parts) - 1
		parts[n] = strings.TrimSuffix(parts[n], ".")
	}
	switch {
	case initials, leading, len(parts) >= 3:
		*commaList = true
		return parts
	case *commaList:
		return parts
	}
	return []string{s}
}

// listEnd drops the full stop PubMed ends its list of authors with from a
// list of one ("Purnell MC." is "Purnell MC"): a family name and two or
// more initials written without full stops of their own. One initial
// ("Lee C.") is left: Scopus writes each initial with its full stop.
func listEnd(s string) string {
	words := strings.Fields(s)
	if len(words) < 2 {
		return s
	}
	last := strings.TrimSuffix(words[len(words)-1], ".")
	if last == words[len(words)-1] || len(last) < 2 || strings.Contains(last, ".") || !formats.IsInitials(last) {
		return s
	}
	return strings.TrimSuffix(s, ".")
}

func allContain(parts []string, c byte) bool {
	for _, p := range parts {
		if strings.IndexByte(p, c) < 0 {
			return false
		}
	}
	return true
}

// trimAll trims each piece and drops empty ones, in place.
func trimAll(parts []string) []string {
	out := parts[:0]
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// parseAuthor reads one name. Scopus "Author full names" follow each name
// with its author ID in brackets, "Wilson, Lauren N. (58975547800)", and
// RefWorks writes a missing given name as "null" ("van den Hoven,null").
func parseAuthor(s string) review.Author {
	s = strings.TrimSpace(s)
	if strings.HasSuffix(s, ")") {
		if i := strings.LastIndexByte(s, '('); i > 0 && formats.Digits(s[i+1:len(s)-1]) {
			s = strings.TrimSpace(s[:i])
		}
	}
	a := formats.ParseName(s)
	if strings.EqualFold(a.Given, "null") {
		a.Given = ""
	}
	if strings.EqualFold(a.Family, "null") {
		a.Family, a.Given = a.Given, ""
	}
	return a
}

// runTogether reports whether a name looks like several names written with
// no separator, as SpringerLink does ("Andy SmithTom Weber"): a word with a
// capital after three or more lower-case letters. "McNamara", "DeVries",
// "MacDonald" and "van der Berg" do not match.
func runTogether(name string) bool {
	lower := 0
	for _, r := range name {
		switch {
		case unicode.IsUpper(r):
			if lower >= 3 {
				return true
			}
			lower = 0
		case unicode.IsLower(r):
			lower++
		default:
			lower = 0
		}
	}
	return false
}

// firstWord gives the text up to the first white space.
func firstWord(s string) string {
	if i := strings.IndexFunc(s, unicode.IsSpace); i >= 0 {
		return s[:i]
	}
	return s
}

// pyList reads a cell that holds a Python list literal, as pandas writes a
// column of lists to CSV (ASReview's export of a project read from RIS:
// "['Marx, Karl', 'Lindgren, Astrid']"): the items, unquoted. A cell that
// is not exactly such a literal is not one.
func pyList(s string) ([]string, bool) {
	s = strings.TrimSpace(s)
	if len(s) < 2 || s[0] != '[' || s[len(s)-1] != ']' {
		return nil, false
	}
	body := strings.TrimSpace(s[1 : len(s)-1])
	var items []string
	for body != "" {
		q := body[0]
		if q != '\'' && q != '"' {
			return nil, false
		}
		var b strings.Builder
		i := 1
		for ; i < len(body) && body[i] != q; i++ {
			if body[i] == '\\' && i+1 < len(body) {
				i++
			}
			b.WriteByte(body[i])
		}
		if i >= len(body) {
			return nil, false
		}
		if v := formats.Clean(b.String()); v != "" {
			items = append(items, v)
		}
		body = strings.TrimSpace(body[i+1:])
		if body == "" {
			break
		}
		if body[0] != ',' {
			return nil, false
		}
		body = strings.TrimSpace(body[1:])
	}
	return items, true
}
