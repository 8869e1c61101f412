package formats

import (
	"html"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/winnow-review/winnow/review"
)

// Clean collapses runs of white space (including line breaks) to one space
// and trims the ends: the form of every single-line field.
func Clean(s string) string {
	if isClean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	run := -1 // start of the current run of text to copy
	for i, r := range s {
		if unicode.IsSpace(r) || r == 0 {
			if run >= 0 {
				b.WriteString(s[run:i])
				run = -1
			}
			space = true
			continue
		}
		if run < 0 {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			run = i
		}
	}
	if run >= 0 {
		b.WriteString(s[run:])
	}
	return b.String()
}

// isClean reports whether Clean would return s unchanged, without
// copying: no leading, trailing or doubled space and no other white space.
func isClean(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	prev := byte(0)
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < ' ' || c == 0x7f || (c == ' ' && prev == ' ') {
				return false
			}
			prev = c
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			return false
		}
		prev = 0
		i += size
	}
	return true
}

// CleanText trims a long text such as an abstract and turns runs of spaces
// and tabs into one space, keeping its paragraph breaks.
func CleanText(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	out := lines[:0]
	blank := false
	for _, l := range lines {
		l = Clean(l)
		if l == "" {
			blank = true
			continue
		}
		if blank && len(out) > 0 {
			out = append(out, "")
		}
		blank = false
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

var doiRE = regexp.MustCompile(`10\.\d{3,9}/\S+`)

// DOI normalises a DOI: lower case, without "https://doi.org/", "doi:" or
// other text around it, and without trailing punctuation. It returns "" when
// s holds no DOI.
func DOI(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if i := strings.Index(s, "%2F"); i > 0 && strings.Contains(s[:i], "10.") {
		s = strings.ReplaceAll(s, "%2F", "/")
	}
	m := doiRE.FindString(s)
	if m == "" {
		return ""
	}
	m = strings.TrimRight(m, ".,;:)]}>\"'")
	// A DOI in an unbalanced bracket, e.g. "(doi: 10.1/x)" was trimmed above;
	// a DOI that contains brackets itself keeps them when they balance.
	if strings.Count(m, "(") > strings.Count(m, ")") {
		if i := strings.LastIndex(s, m); i >= 0 && i+len(m) < len(s) && s[i+len(m)] == ')' {
			m += ")"
		}
	}
	return strings.ToLower(m)
}

// PMID returns the digits of a PubMed identifier ("PMID: 123 [Indexed for
// MEDLINE]" gives "123"), or "" when s holds none.
func PMID(s string) string {
	s = strings.TrimSpace(s)
	start := strings.IndexFunc(s, func(r rune) bool { return r >= '0' && r <= '9' })
	if start < 0 {
		return ""
	}
	end := start
	for end < len(s) && s[end] >= '0' && s[end] <= '9' {
		end++
	}
	p := strings.TrimLeft(s[start:end], "0")
	if p == "" || len(p) > 10 {
		return ""
	}
	return p
}

// Year finds the year in a date as exports write it ("2019", "2019///",
// "2019/05/03", "Spring 2020", "Start date: 20170812", "1998 Jan-Feb").
// It returns 0 when there is none.
func Year(s string) int {
	for i := 0; i+4 <= len(s); i++ {
		if i > 0 && isDigit(s[i-1]) {
			continue
		}
		if !isDigit(s[i]) || !isDigit(s[i+1]) || !isDigit(s[i+2]) || !isDigit(s[i+3]) {
			continue
		}
		y := int(s[i]-'0')*1000 + int(s[i+1]-'0')*100 + int(s[i+2]-'0')*10 + int(s[i+3]-'0')
		if y >= 1450 && y <= 2199 {
			return y
		}
	}
	return 0
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// Missing reports whether s is the "NA" that R writes for a missing value
// (write.csv leaves it unquoted), the "nan" (or "NaN") that pandas writes
// for one once a table's cells have been made text, or the "None" that
// Python writes for one formatted into text (pybliometrics' RIS: "VL  -
// None", "SP  - None"): such a cell holds no value, in RIS ("IS  - nan")
// as in a CSV cell.
func Missing(s string) bool {
	switch strings.TrimSpace(s) {
	case "NA", "nan", "NaN", "None":
		return true
	}
	return false
}

// WholeNumber gives a number written as pandas writes a whole number in a
// column that also has empty cells, as a float ("15660.0", "307.0"), with
// its ".0" gone; anything else is given back as it is.
func WholeNumber(s string) string {
	if n, ok := strings.CutSuffix(s, ".0"); ok && Digits(n) {
		return n
	}
	return s
}

// Digits reports whether s is one or more ASCII digits and nothing else
// (a PMID, an accession number, a year as typed).
func Digits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// ISSN gives every ISSN in s as "1234-5678", separated by "; ". Digits
// that are part of a longer number, such as an ISBN ("978-1-4020-9632-7"),
// are not taken for an ISSN.
func ISSN(s string) string {
	var out []string
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) || (i > 0 && isDigit(s[i-1])) || (i > 1 && s[i-1] == '-' && isDigit(s[i-2])) {
			continue
		}
		j := i
		for j < len(s) && isDigit(s[j]) && j-i < 4 {
			j++
		}
		if j-i != 4 {
			continue
		}
		k := j
		if k < len(s) && s[k] == '-' {
			k++
		}
		m := k
		for m < len(s) && m-k < 4 && (isDigit(s[m]) || (m-k == 3 && (s[m] == 'X' || s[m] == 'x'))) {
			m++
		}
		if m-k != 4 || (m < len(s) && (isDigit(s[m]) || s[m] == '-' || isLetterByte(s[m]))) {
			continue
		}
		v := s[i:j] + "-" + strings.ToUpper(s[k:m])
		dup := false
		for _, o := range out {
			dup = dup || o == v
		}
		if !dup {
			out = append(out, v)
		}
		i = m - 1
	}
	return strings.Join(out, "; ")
}

func isLetterByte(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// dashes are the typographic dashes, U+2010 to U+2015, that a range may be
// written with.
var dashes = strings.NewReplacer("\u2010", "-", "\u2011", "-", "\u2012", "-", "\u2013", "-", "\u2014", "-", "\u2015", "-")

// Pages joins a start and end page as "start-end". A range written with a
// typographic dash ("1386‐1391": the Cochrane Library writes U+2010, others
// an en dash) is written with a hyphen, as every other export writes it.
// A value that says there are no pages ("No Pagination Specified",
// "N.PAG") is none.
func Pages(start, end string) string {
	start, end = dashes.Replace(Clean(start)), dashes.Replace(Clean(end))
	if NoPagination(start) {
		start = ""
	}
	if NoPagination(end) {
		end = ""
	}
	switch {
	case start == "":
		return end
	case end == "" || end == start:
		return start
	}
	return start + "-" + end
}

// ArticleNumber cleans an electronic article's number, which stands for the
// pages of an article that has none. Web of Science writes some with the
// prefix "UNSP" (unspecified: "UNSP 1722034", "UNSP e0215"), which the
// same article from Scopus or PubMed does not carry: the number is what
// follows it.
func ArticleNumber(s string) string {
	s = Clean(s)
	if rest, ok := strings.CutPrefix(s, "UNSP "); ok {
		return strings.TrimSpace(rest)
	}
	return s
}

// PIIArticleNumber gives a publisher item identifier (PubMed's "[pii]",
// PubMed XML's ELocationID of type pii) when it is an electronic article's
// number, which stands for the pages of an article that has none ("e42692"
// in eLife, "1042" in MDPI's and BMC's journals), as Scopus and Web of
// Science give it; "" for any other ("S0140-6736(20)30183-5").
func PIIArticleNumber(pii string) string {
	s := strings.TrimSpace(pii)
	d := strings.TrimPrefix(strings.TrimPrefix(s, "e"), "E")
	if d == "" || len(d) > 8 || !Digits(d) {
		return ""
	}
	return s
}

// Language normalises a language name or code to lower case.
func Language(s string) string {
	return strings.ToLower(Clean(s))
}

// particles are the lower-case words that belong to a family name.
var particles = map[string]bool{
	"van": true, "von": true, "der": true, "den": true, "de": true, "del": true,
	"della": true, "di": true, "da": true, "dos": true, "das": true, "du": true,
	"la": true, "le": true, "ter": true, "ten": true, "zu": true, "af": true, "al": true, "el": true, "bin": true, "ibn": true,
}

// corporateWords are the words that mark a name as a group author.
var corporateWords = map[string]bool{
	"group": true, "organization": true, "organisation": true, "consortium": true, "collaboration": true,
	"committee": true, "association": true, "society": true, "institute": true, "council": true,
	"network": true, "investigators": true, "team": true, "department": true, "ministry": true,
	"agency": true, "foundation": true, "university": true, "centre": true, "center": true,
	"office": true, "board": true, "federation": true, "trialists": true, "taskforce": true,
	"national": true, "nhs": true, "alliance": true, "commission": true, "program": true,
	"programme": true, "trust": true, "service": true, "services": true, "authority": true,
	"college": true, "academy": true, "who": true, "unicef": true,
}

// corporatePhrases mark a group author when they appear whole.
var corporatePhrases = []string{"working party", "task force", "world health", "health and social care"}

// IsCorporate reports whether a name without a comma looks like a group
// author ("WHO Collaborating Centre", "Cochrane Airways Group"). A short
// name ending in initials ("Center MM") is a person.
func IsCorporate(name string) bool {
	words := strings.FieldsFunc(strings.ToLower(name), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	orig := strings.Fields(name)
	if n := len(orig); n > 1 && n <= 3 && IsInitials(orig[n-1]) {
		switch orig[n-1] {
		case "UK", "US", "USA", "EU", "NHS", "WHO", "UN":
			return true // "Age UK", "Diabetes UK"
		}
		return false
	}
	for _, w := range words {
		if corporateWords[w] {
			return true
		}
	}
	l := " " + strings.Join(words, " ") + " "
	for _, p := range corporatePhrases {
		if strings.Contains(l, " "+p+" ") {
			return true
		}
	}
	return false
}

// ParseName splits one author name as exports write it:
// "Smith, John A." and "Smith, J. A., Jr." (family first, comma),
// "Smith JA" and "van der Berg J" (MEDLINE: family, then initials),
// "John A. Smith" (given names first), and group names, kept whole.
func ParseName(s string) review.Author {
	s = strings.Trim(dropEmail(Clean(s)), ",; ")
	if s == "" || NoAuthor(s) {
		return review.Author{}
	}
	if i := strings.IndexByte(s, ','); i >= 0 {
		family := strings.TrimSpace(s[:i])
		given := strings.TrimSpace(s[i+1:])
		// Lens writes a missing part of a name as "null" ("Grose, null",
		// "null, null"): no part of the name.
		if family == "null" {
			family = ""
		}
		if given == "null" {
			given = ""
		}
		if family == "" {
			return review.Author{Family: given}
		}
		// "Smith, Jr., John": the suffix belongs to the given part.
		if j := strings.IndexByte(given, ','); j >= 0 {
			suffix, rest := strings.TrimSpace(given[:j]), strings.TrimSpace(given[j+1:])
			if isSuffix(suffix) {
				given = strings.TrimSpace(rest + ", " + suffix)
			}
		}
		return review.Author{Family: family, Given: given}
	}
	if IsCorporate(s) {
		return review.Author{Family: s}
	}
	words := strings.Fields(s)
	if len(words) == 1 {
		return review.Author{Family: s}
	}
	last := words[len(words)-1]
	if IsInitials(last) {
		// MEDLINE style: "Smith JA", "van der Berg J", "Brownstein C D".
		i := len(words) - 1
		for i > 1 && IsInitials(words[i-1]) && len(strings.Trim(words[i-1], ".")) <= 2 {
			i--
		}
		return review.Author{Family: strings.Join(words[:i], " "), Given: strings.Join(words[i:], " ")}
	}
	// Given names first: "John A. Smith", "Ludwig van Beethoven".
	i := len(words) - 1
	for i > 1 && particles[strings.ToLower(words[i-1])] {
		i--
	}
	if isSuffix(last) && i == len(words)-1 && len(words) > 2 {
		return review.Author{Family: words[len(words)-2], Given: strings.Join(words[:len(words)-2], " ") + ", " + last}
	}
	return review.Author{Family: strings.Join(words[i:], " "), Given: strings.Join(words[:i], " ")}
}

// NoAuthor reports whether s stands where a name would and is none:
// Scopus's placeholder for a record with no author, "[No author name
// available]", or "et al." for the names left out (the Cochrane Library's
// RIS gives ten authors and then "AU  -  et al.").
func NoAuthor(s string) bool {
	s = strings.Trim(strings.TrimSpace(s), "[]")
	switch strings.ToLower(s) {
	case "no author name available", "et al.", "et al", "et. al.":
		return true
	}
	return false
}

// dropEmail removes an e-mail address in parentheses at the end of a name,
// as Zoological Record and BIOSIS on the Web of Science platform write the
// corresponding author ("Stillman, Andrew N. (a.stillman@example.edu)").
func dropEmail(s string) string {
	if !strings.HasSuffix(s, ")") {
		return s
	}
	i := strings.LastIndexByte(s, '(')
	if i < 0 || !strings.Contains(s[i:], "@") || strings.ContainsAny(s[i+1:len(s)-1], " ()") {
		return s
	}
	return strings.TrimSpace(s[:i])
}

func isSuffix(s string) bool {
	switch strings.ToLower(strings.TrimRight(s, ".")) {
	case "jr", "sr", "ii", "iii", "iv":
		return true
	}
	return false
}

// NamePairs joins the pieces of a list of names split at every comma two
// by two, "Family" and "Given", into "Family, Given" names: the Cochrane
// Library's BibTeX ("Huey, SL, Mehta, NH") and Scopus's and ASReview's
// older CSV ("Nelson, T.O., Dunlosky, J.") write names so. The readers
// decide when a list is one; a last piece without a partner is dropped.
func NamePairs(parts []string) []string {
	names := make([]string, 0, len(parts)/2)
	for i := 0; i+1 < len(parts); i += 2 {
		names = append(names, strings.TrimSpace(parts[i])+", "+strings.TrimSpace(parts[i+1]))
	}
	return names
}

// IsInitials reports whether w is a run of initials such as "JA", "J.A.",
// "J-P", "RE." or "C".
func IsInitials(w string) bool {
	letters := 0
	for _, r := range w {
		switch {
		case r == '.' || r == '-':
		case unicode.IsUpper(r):
			letters++
		default:
			return false
		}
	}
	return letters > 0 && letters <= 4
}

// SplitList splits a list field (keywords, several ISSNs) on any of seps,
// cleaning each item and dropping empty ones.
func SplitList(s string, seps string) []string {
	f := strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(seps, r) })
	out := f[:0]
	for _, v := range f {
		if v = Clean(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// NoPagination reports whether a pages value says there are none:
// PsycInfo's "No Pagination Specified", EBSCOhost's "N.PAG", Embase's
// "no pagination".
func NoPagination(v string) bool {
	v = strings.TrimSuffix(strings.TrimSpace(v), ".")
	return strings.EqualFold(v, "No Pagination Specified") || strings.EqualFold(v, "N.PAG") || strings.EqualFold(v, "no pagination")
}

// NotAvailable reports whether a title is PubMed's placeholder for an
// article with no English title, "[Not Available].": no title, so that the
// original-language title (VernacularTitle, TT) stands in for it.
func NotAvailable(title string) bool {
	t := strings.TrimSpace(title)
	t = strings.TrimSuffix(t, ".")
	return strings.EqualFold(t, "[Not Available]")
}

// markupRE matches the inline tags that exports leave in titles and
// abstracts: HTML's italics, bold, super- and subscripts (Web of Science,
// Lens, Scopus's <inf>), JATS's with or without a namespace (Crossref's
// <jats:italic>), MathML's. Nothing else with a "<" is touched: "p < 0.05",
// "<5 years".
var markupRE = regexp.MustCompile(`(?i)</?(?:[a-z]+:)?(?:i|b|u|em|strong|sup|sub|inf|sc|scp|italic|bold|underline|small-caps|smallcaps|span|math|mi|mo|mn|mrow|msub|msup)(?:\s[^<>]*)?/?>`)

// blockRE matches the tags that end a paragraph or a heading: Lens and
// Crossref abstracts come as JATS (<jats:p>, <jats:title>Abstract</...>),
// some as HTML (<p dir="ltr">, <br/>).
var blockRE = regexp.MustCompile(`(?i)</?(?:[a-z]+:)?(?:p|div|br|sec|title|abstract|section|list|list-item|li|ul|ol|h[1-6])(?:\s[^<>]*)?/?>`)

// entityRE matches the character references a web export leaves escaped
// (Lens writes "&lt;p dir=&quot;ltr&quot;&gt;"): only these, with their
// semicolon, so that "AT&T" and "R&D;" stay as written.
var entityRE = regexp.MustCompile(`&(?:lt|gt|amp|quot|apos|nbsp|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});`)

// StripMarkup takes markup out of a title or an abstract: escaped
// characters are read ("&lt;" is "<"), a paragraph tag is a paragraph
// break, an inline tag goes and its words stay as written
// ("H<sub>2</sub>O" is "H2O"), and the spaces left where a tag stood
// alone are collapsed. A title wants Clean after it (one line).
func StripMarkup(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return s
	}
	t := s
	if strings.Contains(t, "&") {
		t = entityRE.ReplaceAllStringFunc(t, html.UnescapeString)
	}
	if strings.Contains(t, "<") {
		t = blockRE.ReplaceAllString(t, "\n")
		t = markupRE.ReplaceAllString(t, "")
	}
	if t == s {
		return s
	}
	return CleanText(t)
}
