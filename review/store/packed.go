package store

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/winnow-review/winnow/review"
)

// A long listing on SQLite reads a row's values packed into one text
// value, because the driver (modernc.org/sqlite, the C library compiled
// to Go) takes and releases the connection's mutex three times for every
// column of every row (its type, its text, its length): at 28 columns a
// row that was a fifth of `winnow records --decision` at a million
// records (BenchmarkRecordsByDecision's profile). SQLite's concat() packs
// a row in one allocation; unpack takes the values back without copying.
//
// The packed text is the integers, each followed by a space, then the
// byte length of each text value, each followed by a space, then ':' and
// the texts one after the other. Lengths make it safe for any text (no
// separator a field could contain).

// packSQL gives the SQLite expression that packs the integer expressions
// ints and the text expressions texts (neither NULL: coalesce them).
func packSQL(ints, texts []string) string {
	var b strings.Builder
	b.WriteString(`concat(`)
	for _, e := range ints {
		b.WriteString(e)
		b.WriteString(`, ' ', `)
	}
	for _, e := range texts {
		b.WriteString(`octet_length(`)
		b.WriteString(e)
		b.WriteString(`), ' ', `)
	}
	b.WriteString(`':'`)
	for _, e := range texts {
		b.WriteString(`, `)
		b.WriteString(e)
	}
	b.WriteString(`)`)
	return b.String()
}

// unpack reads a value packSQL packed into ints and texts, whose lengths
// are the numbers of expressions packed. The texts share the packed
// value's memory.
func unpack(packed string, ints []int64, texts []string) error {
	s := packed
	next := func() (int64, error) {
		sp := strings.IndexByte(s, ' ')
		if sp < 0 {
			return 0, fmt.Errorf("store: packed row %.40q: too few numbers", packed)
		}
		n, err := strconv.ParseInt(s[:sp], 10, 64)
		if err != nil {
			return 0, fmt.Errorf("store: packed row %.40q: %w", packed, err)
		}
		s = s[sp+1:]
		return n, nil
	}
	var err error
	for i := range ints {
		if ints[i], err = next(); err != nil {
			return err
		}
	}
	// The lengths first, then the texts they measure.
	var lens [32]int64
	if len(texts) > len(lens) {
		return fmt.Errorf("store: unpack: %d texts, at most %d", len(texts), len(lens))
	}
	for i := range texts {
		if lens[i], err = next(); err != nil {
			return err
		}
	}
	if s == "" || s[0] != ':' {
		return fmt.Errorf("store: packed row %.40q: no ':' after the lengths", packed)
	}
	s = s[1:]
	for i := range texts {
		n := lens[i]
		if n < 0 || n > int64(len(s)) {
			return fmt.Errorf("store: packed row %.40q: text %d runs past the end", packed, i)
		}
		texts[i], s = s[:n], s[n:]
	}
	if s != "" {
		return fmt.Errorf("store: packed row %.40q: %d bytes left over", packed, len(s))
	}
	return nil
}

// packedRecordInts and packedRecordTexts are recordColumns (without raw
// text) for packSQL; unpackRecord reads them back.
var (
	packedRecordInts  = []string{`r.id`, `r.search_id`, `r.line`, `coalesce(r.year, 0)`, `coalesce(r.primary_id, 0)`, `r.withdrawn <> 0`}
	packedRecordTexts = []string{`s.source`, `r.source_id`, `r.type`, `r.title`, `r.abstract`, `r.authors`, `r.journal`, `r.volume`,
		`r.issue`, `r.pages`, `r.doi`, `r.pmid`, `r.issn`, `r.keywords`, `r.url`, `r.language`, `r.database`}
)

// packedRecordSQL packs a record's columns (as packedRecordInts and
// packedRecordTexts) and after them the text expressions extra.
func packedRecordSQL(extra ...string) string {
	return packSQL(packedRecordInts, append(slices.Clip(packedRecordTexts), extra...))
}

// unpackRecord reads a record packed by packedRecordSQL, and its extra
// texts into extra, as scanRecord reads recordColumns.
func unpackRecord(packed string, extra []string) (*review.Record, error) {
	var ints [6]int64
	var texts [32]string
	n := len(packedRecordTexts)
	if err := unpack(packed, ints[:], texts[:n+len(extra)]); err != nil {
		return nil, err
	}
	copy(extra, texts[n:])
	r := review.Record{ID: ints[0], SearchID: ints[1], Line: int(ints[2]), Year: int(ints[3]), DuplicateOf: ints[4], Withdrawn: ints[5] != 0,
		Source: texts[0], SourceID: texts[1], Type: texts[2], Title: texts[3], Abstract: texts[4], Journal: texts[6], Volume: texts[7],
		Issue: texts[8], Pages: texts[9], DOI: texts[10], PMID: texts[11], ISSN: texts[12], URL: texts[14], Language: texts[15], Database: texts[16]}
	var err error
	if r.Authors, err = decodeAuthors([]byte(texts[5])); err != nil {
		return nil, fmt.Errorf("record %d: authors: %w", r.ID, err)
	}
	if texts[13] != "" {
		r.Keywords = strings.Split(texts[13], "; ")
	}
	return &r, nil
}
