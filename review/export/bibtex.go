package export

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/formats"
	"github.com/winnow-review/winnow/review/formats/bibtex"
	"github.com/winnow-review/winnow/review/store"
)

// bibWriter writes BibTeX: entries one after another, a blank line between
// them. keys holds the keys written so far (lower case): a key must name
// one entry in a file, and records from different exports can share one.
type bibWriter struct {
	w       io.Writer
	keys    map[string]bool
	written int
}

func (bw *bibWriter) write(e *store.Exported) error {
	text, ok := bw.raw(e)
	if !ok {
		text = bibEntry(&e.Record, bw.newKey(&e.Record))
	}
	if bw.written > 0 {
		text = "\n" + text
	}
	bw.written++
	_, err := io.WriteString(bw.w, text+"\n")
	return err
}

func (bw *bibWriter) close() error { return nil }

// raw gives a record's raw entry when it came from a BibTeX file and reads
// back, alone, as the same record (an entry using its file's @string
// macros does not). Its key is kept unless an entry written before has it.
func (bw *bibWriter) raw(e *store.Exported) (string, bool) {
	if e.Format != string(formats.BibTeX) {
		return "", false
	}
	raw := strings.TrimSpace(e.Record.Raw)
	start, end, ok := keySpan(raw)
	if !ok {
		return "", false
	}
	key := raw[start:end]
	if key == "" || bw.keys[strings.ToLower(key)] {
		key = bw.uniqueKey(baseKey(&e.Record))
		raw = raw[:start] + key + raw[end:]
	}
	rd := bibtex.NewReader(strings.NewReader(raw), "export")
	back, err := rd.Next()
	if err != nil || back == nil || !same(&back.Record, &e.Record) {
		return "", false
	}
	if more, err := rd.Next(); more != nil || err != io.EOF {
		return "", false
	}
	bw.keys[strings.ToLower(key)] = true
	return raw, true
}

// keySpan finds the key of an entry, "@type{key," or "@type(key,": its
// start and end offsets in text.
func keySpan(text string) (int, int, bool) {
	if !strings.HasPrefix(text, "@") {
		return 0, 0, false
	}
	open := strings.IndexAny(text, "{(")
	if open < 0 {
		return 0, 0, false
	}
	comma := strings.IndexByte(text[open:], ',')
	if comma < 0 {
		return 0, 0, false
	}
	start, end := open+1, open+comma
	for start < end && isBlank(text[start]) {
		start++
	}
	for end > start && isBlank(text[end-1]) {
		end--
	}
	if strings.ContainsAny(text[start:end], "{}\"=") {
		return 0, 0, false
	}
	return start, end, true
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// newKey gives a generated entry its key.
func (bw *bibWriter) newKey(r *review.Record) string {
	key := bw.uniqueKey(baseKey(r))
	bw.keys[strings.ToLower(key)] = true
	return key
}

// baseKey is the first author's family name, the year and the record's
// number, "smith2016-12": unique in a review, and readable.
func baseKey(r *review.Record) string {
	name := "anon"
	if len(r.Authors) > 0 {
		if n := keyWord(r.Authors[0].Family); n != "" {
			name = n
		}
	}
	year := "nd"
	if r.Year != 0 {
		year = strconv.Itoa(r.Year)
	}
	return fmt.Sprintf("%s%s-%d", name, year, r.ID)
}

// uniqueKey gives key, or key with a letter after it when an entry
// written before has it (a raw entry may have used it).
func (bw *bibWriter) uniqueKey(key string) string {
	if !bw.keys[strings.ToLower(key)] {
		return key
	}
	for i := 0; ; i++ {
		k := key + string(rune('a'+i%26)) + strings.Repeat("a", i/26)
		if !bw.keys[strings.ToLower(k)] {
			return k
		}
	}
}

// keyWord folds a family name to the ASCII letters and digits a key is
// safely made of: "Müller-Lüdenscheidt" is "mullerludenscheidt".
func keyWord(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == 'ß':
			b.WriteString("ss")
		case r == 'ø':
			b.WriteByte('o')
		case r == 'æ':
			b.WriteString("ae")
		case r == 'ł':
			b.WriteByte('l')
		}
		if b.Len() >= 24 {
			break
		}
	}
	return b.String()
}

// bibEntry generates a BibTeX entry from the normalised fields.
func bibEntry(r *review.Record, key string) string {
	typ, container := bibType(r)
	var b strings.Builder
	fmt.Fprintf(&b, "@%s{%s,\n", typ, key)
	field := func(name, value string) {
		if value == "" {
			return
		}
		fmt.Fprintf(&b, "  %s = {%s},\n", name, value)
	}
	if t := oneLine(r.Title); t != "" {
		// Double braces keep the title's capitals as the source gave
		// them: a style would otherwise lower-case "NHS" and "England".
		field("title", "{"+texEscape(t)+"}")
	}
	if len(r.Authors) > 0 {
		names := make([]string, len(r.Authors))
		for i, a := range r.Authors {
			names[i] = bibName(a)
		}
		field("author", strings.Join(names, " and "))
	}
	if r.Year != 0 {
		field("year", strconv.Itoa(r.Year))
	}
	field(container, texEscape(oneLine(r.Journal)))
	field("volume", texEscape(oneLine(r.Volume)))
	field("number", texEscape(oneLine(r.Issue)))
	if sp, ep := splitPages(oneLine(r.Pages)); ep != "" {
		field("pages", texEscape(sp)+"--"+texEscape(ep))
	} else {
		field("pages", texEscape(sp))
	}
	field("doi", verbatim(r.DOI))
	field("pmid", verbatim(r.PMID))
	field("issn", verbatim(r.ISSN))
	field("url", verbatim(r.URL))
	field("abstract", texEscape(strings.TrimSpace(strings.ReplaceAll(r.Abstract, "\r", ""))))
	if len(r.Keywords) > 0 {
		ks := make([]string, len(r.Keywords))
		for i, k := range r.Keywords {
			ks[i] = texEscape(oneLine(k))
		}
		field("keywords", strings.Join(ks, ", "))
	}
	field("language", texEscape(oneLine(r.Language)))
	s := strings.TrimSuffix(b.String(), ",\n")
	return s + "\n}"
}

// bibType gives the entry type of a record and the field that names where
// it appeared (journal, or booktitle for a chapter or a conference paper).
func bibType(r *review.Record) (string, string) {
	switch kindOf(r) {
	case kindArticle:
		return "article", "journal"
	case kindChapter:
		return "incollection", "booktitle"
	case kindConference:
		return "inproceedings", "booktitle"
	case kindBook:
		return "book", "series"
	case kindThesis:
		return "phdthesis", "journal"
	case kindReport:
		return "techreport", "journal"
	}
	return "misc", "journal"
}

// bibName writes an author as "Family, Given". A name without given names
// (a group author) is braced whole, as is a family name holding a comma
// or " and ", so that the author list splits right.
func bibName(a review.Author) string {
	family := texEscape(oneLine(a.Family))
	given := texEscape(oneLine(a.Given))
	switch {
	case given == "":
		return "{" + family + "}"
	case family == "":
		return "{" + given + "}"
	}
	if strings.Contains(family, ",") || hasAnd(family) {
		family = "{" + family + "}"
	}
	if hasAnd(given) {
		given = "{" + given + "}"
	}
	return family + ", " + given
}

func hasAnd(s string) bool {
	for _, w := range strings.Fields(s) {
		if strings.EqualFold(w, "and") {
			return true
		}
	}
	return false
}

// texEscape writes text so that BibTeX (and winnow's reader) give it
// back: the characters TeX treats specially are escaped, and the
// ligatures "--", "”" and "“" are broken, which TeX would read as a
// dash or curly quotes. A brace that has no partner is written as a
// command, since BibTeX counts escaped braces too.
func texEscape(s string) string {
	if !strings.ContainsAny(s, "{}%&$#_\\~^-'`") {
		return s
	}
	unmatched := unmatchedBraces(s)
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '{', '}':
			switch {
			case unmatched[i] && c == '{':
				b.WriteString(`\textbraceleft{}`)
			case unmatched[i]:
				b.WriteString(`\textbraceright{}`)
			default:
				b.WriteByte('\\')
				b.WriteByte(c)
			}
		case '%', '&', '$', '#', '_':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '\\':
			b.WriteString(`\textbackslash{}`)
		case '~':
			b.WriteString(`\textasciitilde{}`)
		case '^':
			b.WriteString(`\textasciicircum{}`)
		case '`':
			// TeX reads a backtick as an opening quote.
			b.WriteString(`\textasciigrave{}`)
		case '-', '\'':
			b.WriteByte(c)
			if i+1 < len(s) && s[i+1] == c {
				b.WriteString("{}")
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// unmatchedBraces marks the braces of s that have no partner.
func unmatchedBraces(s string) map[int]bool {
	var open []int
	var out map[int]bool
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '{':
			open = append(open, i)
		case '}':
			if len(open) > 0 {
				open = open[:len(open)-1]
				continue
			}
			if out == nil {
				out = map[int]bool{}
			}
			out[i] = true
		}
	}
	for _, i := range open {
		if out == nil {
			out = map[int]bool{}
		}
		out[i] = true
	}
	return out
}

// verbatim writes an identifier (DOI, PMID, ISSN, URL) as it is, on
// one line: BibTeX takes these fields literally, so only braces, which
// would break the entry, are left out.
func verbatim(s string) string {
	return oneLine(strings.Map(func(r rune) rune {
		if r == '{' || r == '}' {
			return -1
		}
		return r
	}, s))
}
