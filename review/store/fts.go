package store

import (
	"context"
	"strconv"

	"github.com/jackc/pgx/v5/pgtype"
	"github.com/winnow-review/winnow/review"
	"golang.org/x/text/unicode/norm"
	"strings"
	"unicode"
)

// ftsTerms turns a search as a person types it into FTS5 terms. Every
// word is quoted, so that FTS5's own syntax (column filters, NEAR, ^) in
// imported-looking text cannot break the query; a word ending in * is a
// prefix; "quoted text" is a phrase; AND, OR and NOT in capitals combine
// terms; terms without an operator must all match.
func ftsTerms(text string) ([]string, error) {
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
				return nil, review.Refuse(ErrBadSearch, "search %q: a quoted phrase is not closed", text)
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
			return nil, review.Refuse(ErrBadSearch, "search %q: %s needs a word before it", text, t)
		}
		out = append(out, t)
	}
	if len(out) > 0 && isOperator(out[len(out)-1]) {
		return nil, review.Refuse(ErrBadSearch, "search %q: %s needs a word after it", text, out[len(out)-1])
	}
	if len(out) == 0 {
		return nil, review.Refuse(ErrBadSearch, "search %q: no words to search for", text)
	}
	return out, nil
}

// addImportTerms adds the words an import gathered (temp.import_terms)
// to records_fts_terms, and drops what gathered them.
func addImportTerms(ctx context.Context, tx *sqlTx) error {
	for _, q := range []string{
		`CREATE VIRTUAL TABLE temp.import_terms_vocab USING fts5vocab (temp, import_terms, row)`,
		`INSERT INTO records_fts_terms (term) SELECT term FROM temp.import_terms_vocab WHERE true ON CONFLICT (term) DO NOTHING`,
		`DROP TABLE temp.import_terms_vocab`,
		`DROP TABLE temp.import_terms`,
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

// fillTerms builds records_fts_terms again from the full-text index
// (SQLite), as migration 16 first built it.
func fillTerms(ctx context.Context, tx *sqlTx) error {
	for _, q := range []string{
		`DELETE FROM records_fts_terms`,
		`CREATE VIRTUAL TABLE temp.records_fts_vocab USING fts5vocab (main, records_fts, row)`,
		`INSERT INTO records_fts_terms (term) SELECT term FROM temp.records_fts_vocab`,
		`DROP TABLE temp.records_fts_vocab`,
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

// maxExpansion is how many words a truncated word of a search may cover
// and still be searched for as those words; one covering more (a short
// prefix: c*, in*) is left to FTS5's prefix search.
const maxExpansion = 200

// ftsMatch is a search as an FTS5 query, with each truncated word
// (integrat*) replaced by the words of the index it covers
// ("integrated" OR "integration" ...): FTS5 reads those words' postings a
// page at a time in record order, as it reads one word's, where its own
// prefix search merges the postings of every word the prefix covers
// before the first match. A prefix that covers no word, more than
// maxExpansion words, or text beyond ASCII (folded by FTS5's tokenizer,
// which winnow does not repeat here) stays as it was typed.
func (s *Store) ftsMatch(ctx context.Context, text string) (string, error) {
	terms, err := ftsTerms(text)
	if err != nil {
		return "", err
	}
	for i, t := range terms {
		if !strings.HasSuffix(t, `"*`) {
			continue
		}
		phrase := strings.ReplaceAll(strings.TrimSuffix(t, `"*`)[1:], `""`, `"`)
		var words []string
		ascii := true
		ftsWords(phrase, func(w string) {
			words = append(words, w)
			for j := 0; j < len(w); j++ {
				ascii = ascii && w[j] < 0x80
			}
		})
		if len(words) == 0 || !ascii {
			continue
		}
		last := words[len(words)-1]
		// Every word that starts with last sorts from last up to (not
		// including) last with its final byte raised.
		hi := last[:len(last)-1] + string(rune(last[len(last)-1]+1))
		covered, err := ftsCovered(ctx, s.db, last, hi)
		if err != nil {
			return "", err
		}
		if len(covered) == 0 || len(covered) > maxExpansion {
			continue
		}
		head := strings.Join(words[:len(words)-1], " ")
		alts := make([]string, len(covered))
		for j, w := range covered {
			if head != "" {
				w = head + " " + w
			}
			alts[j] = quote(w, false)
		}
		terms[i] = "(" + strings.Join(alts, " OR ") + ")"
	}
	// FTS5 reads terms side by side as AND, but not beside a group in
	// brackets: there it needs the word.
	var b strings.Builder
	for i, t := range terms {
		if i > 0 {
			prev := terms[i-1]
			if !isOperator(prev) && !isOperator(t) && (prev[0] == '(' || t[0] == '(') {
				b.WriteString(" AND")
			}
			b.WriteByte(' ')
		}
		b.WriteString(t)
	}
	return b.String(), nil
}

// ftsCovered lists the index's words from lo up to hi, at most one more
// than maxExpansion.
func ftsCovered(ctx context.Context, db *sqlDB, lo, hi string) ([]string, error) {
	rows, err := db.QueryContext(ctx, `SELECT term FROM records_fts_terms WHERE term >= ? AND term < ? ORDER BY term LIMIT ?`, lo, hi, maxExpansion+1)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var w string
		if err := rows.Scan(&w); err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	return out, rows.Err()
}

// ftsQuery is a search as an FTS5 query.
func ftsQuery(text string) (string, error) {
	terms, err := ftsTerms(text)
	return strings.Join(terms, " "), err
}

func isOperator(t string) bool { return t == "AND" || t == "OR" || t == "NOT" }

func quote(s string, prefix bool) string {
	q := `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
	if prefix {
		q += "*"
	}
	return q
}

// The PostgreSQL index holds each record's words as SQLite's FTS5
// tokenizer (unicode61, remove_diacritics 2) finds them: runs of letters
// and digits, in lower case, without diacritics. winnow folds the text
// itself and hands PostgreSQL the tsvector, so that neither PostgreSQL's
// parser (which keeps e-mail addresses, URLs and hyphenated words whole)
// nor its dictionaries change a word, and a search finds on PostgreSQL
// what it finds on SQLite.

// ftsWords splits text into folded words.
func ftsWords(text string, fn func(word string)) {
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			fn(b.String())
			b.Reset()
		}
	}
	for _, r := range norm.NFKD.String(text) {
		switch {
		case unicode.Is(unicode.Mn, r):
			// a diacritic: dropped
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsNumber(r) || unicode.Is(unicode.Co, r):
			b.WriteRune(unicode.ToLower(r))
		default:
			flush()
		}
	}
	flush()
}

// tsvector builds the PostgreSQL index entry of a record's columns, in
// tsvector's text form with each word's positions. Columns are 1,000
// positions apart, so that a phrase never runs from one into the next.
func tsvector(columns ...string) string {
	var b strings.Builder
	for i, l := range tsvectorOf(columns...).Lexemes {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(tsLexeme(l.Word))
		b.WriteByte(':')
		for j, p := range l.Positions {
			if j > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strconv.Itoa(int(p.Position)))
		}
	}
	return b.String()
}

// tsvectorOf is tsvector as pgx's value, for COPY.
func tsvectorOf(columns ...string) pgtype.TSVector {
	const maxPos = 16383 // PostgreSQL's largest position
	index := map[string]int{}
	var lexemes []pgtype.TSVectorLexeme
	pos := 0
	for _, col := range columns {
		ftsWords(col, func(w string) {
			if len(w) > 2000 {
				return // longer than a lexeme may be
			}
			pos++
			i, seen := index[w]
			if !seen {
				i = len(lexemes)
				index[w] = i
				lexemes = append(lexemes, pgtype.TSVectorLexeme{Word: w})
			}
			l := &lexemes[i]
			p := uint16(min(pos, maxPos))
			if n := len(l.Positions); n < 256 && (n == 0 || l.Positions[n-1].Position != p) {
				l.Positions = append(l.Positions, pgtype.TSVectorPosition{Position: p})
			}
		})
		pos += 1000
	}
	return pgtype.TSVector{Lexemes: lexemes, Valid: true}
}

func tsLexeme(w string) string {
	return "'" + strings.ReplaceAll(strings.ReplaceAll(w, `\`, `\\`), "'", "''") + "'"
}

// tsQuery is a search as a PostgreSQL tsquery, with FTS5's meaning: a
// term's words are a phrase (<->), a trailing * makes its last word a
// prefix, terms side by side must all match (&), and NOT binds closest,
// then AND, then OR, as in FTS5.
func tsQuery(text string) (string, error) {
	terms, err := ftsTerms(text)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	prev := "" // the last thing written: "", "term" or an operator
	for _, t := range terms {
		switch t {
		case "AND":
			b.WriteString(" & ")
			prev = t
			continue
		case "OR":
			b.WriteString(" | ")
			prev = t
			continue
		case "NOT":
			b.WriteString(" & !")
			prev = t
			continue
		}
		prefix := strings.HasSuffix(t, "*")
		phrase := strings.ReplaceAll(strings.TrimSuffix(strings.TrimSuffix(t, "*")[1:], `"`), `""`, `"`)
		var words []string
		ftsWords(phrase, func(w string) { words = append(words, tsLexeme(w)) })
		if len(words) == 0 {
			words = []string{"''"} // matches nothing, as in FTS5
		}
		if prefix {
			words[len(words)-1] += ":*"
		}
		if prev == "term" {
			b.WriteString(" & ")
		}
		b.WriteString("(" + strings.Join(words, " <-> ") + ")")
		prev = "term"
	}
	return b.String(), nil
}
