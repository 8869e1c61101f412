package store

import (
	"github.com/winnow-review/winnow/review"
	"strings"
	"unicode"
)

// ftsQuery turns a search as a person types it into an FTS5 query. Every
// word is quoted, so that FTS5's own syntax (column filters, NEAR, ^) in
// imported-looking text cannot break the query; a word ending in * is a
// prefix; "quoted text" is a phrase; AND, OR and NOT in capitals combine
// terms; terms without an operator must all match.
func ftsQuery(text string) (string, error) {
	var terms []string
	i := 0
	for i < len(text) {
		c := rune(text[i])
		switch {
		case unicode.IsSpace(c):
			i++
		case c == '"':
			end := strings.IndexByte(text[i+1:], '"')
			if end < 0 {
				return "", review.Refuse(ErrBadSearch, "search %q: a quoted phrase is not closed", text)
			}
			phrase := text[i+1 : i+1+end]
			i += end + 2
			prefix := i < len(text) && text[i] == '*'
			if prefix {
				i++
			}
			if strings.TrimSpace(phrase) != "" {
				terms = append(terms, quote(phrase, prefix))
			}
		default:
			j := i
			for j < len(text) && !unicode.IsSpace(rune(text[j])) && text[j] != '"' {
				j++
			}
			word := text[i:j]
			i = j
			switch word {
			case "AND", "OR", "NOT":
				terms = append(terms, word)
				continue
			}
			prefix := strings.HasSuffix(word, "*")
			word = strings.Trim(word, "*()")
			if word != "" && strings.IndexFunc(word, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0 {
				terms = append(terms, quote(word, prefix))
			}
		}
	}
	// Operators need a term on both sides.
	var out []string
	for _, t := range terms {
		isOp := t == "AND" || t == "OR" || t == "NOT"
		if isOp && (len(out) == 0 || isOperator(out[len(out)-1])) {
			return "", review.Refuse(ErrBadSearch, "search %q: %s needs a word before it", text, t)
		}
		out = append(out, t)
	}
	if len(out) > 0 && isOperator(out[len(out)-1]) {
		return "", review.Refuse(ErrBadSearch, "search %q: %s needs a word after it", text, out[len(out)-1])
	}
	if len(out) == 0 {
		return "", review.Refuse(ErrBadSearch, "search %q: no words to search for", text)
	}
	return strings.Join(out, " "), nil
}

func isOperator(t string) bool { return t == "AND" || t == "OR" || t == "NOT" }

func quote(s string, prefix bool) string {
	q := `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
	if prefix {
		q += "*"
	}
	return q
}
