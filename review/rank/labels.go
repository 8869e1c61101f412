package rank

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// DefaultLabel is the label column of the corpus's records.csv files: the
// final (full-text) decision, which published figures use.
const DefaultLabel = "label_included"

// Labelled is one record of a finished review: its text and the review's
// decision.
type Labelled struct {
	ID       int64
	Title    string
	Abstract string
	Keywords string
	Included bool
}

// Doc joins the record's title, abstract and keywords for the learner.
func (r Labelled) Doc() Doc {
	return Doc{ID: r.ID, Text: joinText(r.Title, r.Abstract, r.Keywords)}
}

func joinText(parts ...string) string {
	var b strings.Builder
	n := 0
	for _, p := range parts {
		n += len(p) + 1
	}
	b.Grow(n)
	for _, p := range parts {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(p)
	}
	return b.String()
}

// LineError is a fault in a labels file, at the line it names (1 is the
// header).
type LineError struct {
	Line int
	Err  error
}

func (e *LineError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }
func (e *LineError) Unwrap() error { return e.Err }

// ReadLabelled reads a finished review from CSV: a header with
// record_id, title, abstract and the label column (0 or 1), and keywords
// when present; other columns are ignored. A UTF-8 byte order mark is
// skipped. Errors are *LineError, naming the line.
func ReadLabelled(r io.Reader, labelColumn string) ([]Labelled, error) {
	if labelColumn == "" {
		labelColumn = DefaultLabel
	}
	br := bufio.NewReader(r)
	if b, err := br.Peek(3); err == nil && string(b) == "\ufeff" {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.ReuseRecord = true
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, &LineError{1, errors.New("empty file: want a header with record_id, title, abstract and " + labelColumn)}
	}
	if err != nil {
		return nil, csvError(err)
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		if _, dup := col[h]; !dup {
			col[h] = i
		}
	}
	label := strings.ToLower(strings.TrimSpace(labelColumn))
	for _, want := range []string{"record_id", "title", "abstract", label} {
		if _, ok := col[want]; !ok {
			return nil, &LineError{1, fmt.Errorf("no %s column (have %s)", want, strings.Join(header, ", "))}
		}
	}
	kw, hasKW := col["keywords"]
	var out []Labelled
	seen := map[int64]int{}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, csvError(err)
		}
		line, _ := cr.FieldPos(0)
		idText := strings.TrimSpace(rec[col["record_id"]])
		id, err := strconv.ParseInt(idText, 10, 64)
		if err != nil {
			return nil, &LineError{line, fmt.Errorf("record_id %q is not a whole number", idText)}
		}
		if first, dup := seen[id]; dup {
			return nil, &LineError{line, fmt.Errorf("record_id %d again (first on line %d)", id, first)}
		}
		seen[id] = line
		l := Labelled{ID: id, Title: rec[col["title"]], Abstract: rec[col["abstract"]]}
		if hasKW {
			l.Keywords = rec[kw]
		}
		switch v := strings.TrimSpace(rec[col[label]]); v {
		case "1":
			l.Included = true
		case "0":
		default:
			return nil, &LineError{line, fmt.Errorf("%s is %q, want 0 or 1", labelColumn, v)}
		}
		out = append(out, l)
	}
	if len(out) == 0 {
		return nil, &LineError{1, errors.New("no records after the header")}
	}
	return out, nil
}

func csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &LineError{pe.Line, pe.Err}
	}
	return err
}

// ReadLabels reads a finished review (see ReadLabelled) as the learner's
// documents and the decisions by record id.
func ReadLabels(r io.Reader, labelColumn string) ([]Doc, map[int64]bool, error) {
	recs, err := ReadLabelled(r, labelColumn)
	if err != nil {
		return nil, nil, err
	}
	docs, labels := Docs(recs)
	return docs, labels, nil
}

// Docs gives the records' documents and decisions by id.
func Docs(recs []Labelled) ([]Doc, map[int64]bool) {
	docs := make([]Doc, len(recs))
	labels := make(map[int64]bool, len(recs))
	for i, r := range recs {
		docs[i] = r.Doc()
		labels[r.ID] = r.Included
	}
	return docs, labels
}

// Reduce applies the preprocessing of the published simulations
// (Ferdinands et al. 2023), as elas-anchor's reduce_abstracts.py does:
// records with an empty abstract are dropped, then any whose abstract
// repeats an earlier record's (ignoring case), keeping the first in file
// order.
func Reduce(recs []Labelled) []Labelled {
	seen := map[string]bool{}
	var out []Labelled
	for _, r := range recs {
		a := strings.ToLower(strings.TrimSpace(r.Abstract))
		if a == "" || seen[a] {
			continue
		}
		seen[a] = true
		out = append(out, r)
	}
	return out
}
