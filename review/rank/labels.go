package rank

import (
	"bufio"
	"bytes"
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

// ErrNoLabelColumn is the fault of a finished review's table with none of
// LabelColumns and no label column named: the command layer says how to
// name one.
var ErrNoLabelColumn = errors.New("no label column")

// LineError is a fault in a labels file, at the line it names (1 is the
// header).
type LineError struct {
	Line int
	Err  error
}

func (e *LineError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }
func (e *LineError) Unwrap() error { return e.Err }

// The column names a finished review's table may use, as ASReview reads
// them (asreview's data record definitions), with the spreadsheet
// names of the common exports: the first found is used.
var (
	titleColumns    = []string{"title", "primary_title", "document title", "article title", "ti"}
	abstractColumns = []string{"abstract", "notes_abstract", "abstract note", "ab"}
	keywordColumns  = []string{"keywords", "author keywords"}
	// LabelColumns are the label columns looked for when none is named:
	// winnow's corpus's first, then ASReview's, in its order.
	LabelColumns = []string{DefaultLabel, "included", "final_included", "label", "asreview_label",
		"included_label", "included_final", "included_flag", "include"}
)

// Finished is a finished review read from a table: its records, the
// label column they were read by, and whether they were numbered by row
// (the table had no record_id column).
type Finished struct {
	Records     []Labelled
	LabelColumn string
	Numbered    bool
}

// ReadLabelled reads a finished review (see ReadFinished) and returns its
// records.
func ReadLabelled(r io.Reader, labelColumn string) ([]Labelled, error) {
	f, err := ReadFinished(r, labelColumn)
	if err != nil {
		return nil, err
	}
	return f.Records, nil
}

// ReadFinished reads a finished review from a table of UTF-8 text
// (comma-, semicolon- or tab-separated, told by the header line): a
// header naming a title column, an abstract column and the label column,
// a keywords column and record_id when present; other columns are
// ignored. Column names are matched ignoring case, each under the names
// ASReview takes (title or primary_title; abstract or notes_abstract;
// ...). labelColumn names the label column; "" looks for LabelColumns in
// order. A label is 1 or 0, yes or no, y or n, true or false, included
// or excluded (any case; 1.0 and 0.0 as pandas writes them): an empty
// label is refused, since a replay needs every record's decision.
// Without a record_id column records are numbered 1, 2, ... in file
// order, as ASReview numbers them. A UTF-8 byte order mark is skipped.
// Errors are *LineError, naming the line.
func ReadFinished(r io.Reader, labelColumn string) (*Finished, error) {
	br := bufio.NewReader(r)
	if b, err := br.Peek(3); err == nil && string(b) == "\ufeff" {
		br.Discard(3)
	}
	first, _ := br.Peek(64 << 10)
	cr := csv.NewReader(br)
	cr.Comma = sniffComma(first)
	cr.ReuseRecord = true
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		want := labelColumn
		if want == "" {
			want = DefaultLabel
		}
		return nil, &LineError{1, errors.New("empty file: want a header with title, abstract and " + want)}
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
	find := func(names []string) (string, int, bool) {
		for _, n := range names {
			if i, ok := col[n]; ok {
				return n, i, true
			}
		}
		return "", 0, false
	}
	have := strings.Join(header, ", ")
	_, ti, ok := find(titleColumns)
	if !ok {
		return nil, &LineError{1, fmt.Errorf("no title column (have %s)", have)}
	}
	_, ab, ok := find(abstractColumns)
	if !ok {
		return nil, &LineError{1, fmt.Errorf("no abstract column (have %s)", have)}
	}
	labels := LabelColumns
	if labelColumn != "" {
		labels = []string{strings.ToLower(strings.TrimSpace(labelColumn))}
	}
	_, lc, ok := find(labels)
	if !ok {
		if labelColumn != "" {
			return nil, &LineError{1, fmt.Errorf("no %s column (have %s)", labelColumn, have)}
		}
		return nil, &LineError{1, fmt.Errorf("%w: want one of %s (have %s)", ErrNoLabelColumn, strings.Join(LabelColumns, ", "), have)}
	}
	out := &Finished{LabelColumn: header[lc]}
	if labelColumn != "" {
		out.LabelColumn = labelColumn
	}
	_, kw, hasKW := find(keywordColumns)
	idc, hasID := col["record_id"]
	out.Numbered = !hasID
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
		id := int64(len(out.Records) + 1)
		if hasID {
			idText := strings.TrimSpace(rec[idc])
			if id, err = strconv.ParseInt(idText, 10, 64); err != nil {
				return nil, &LineError{line, fmt.Errorf("record_id %q is not a whole number", idText)}
			}
			if first, dup := seen[id]; dup {
				return nil, &LineError{line, fmt.Errorf("record_id %d again (first on line %d)", id, first)}
			}
			seen[id] = line
		}
		l := Labelled{ID: id, Title: rec[ti], Abstract: rec[ab]}
		if hasKW {
			l.Keywords = rec[kw]
		}
		v := strings.TrimSpace(rec[lc])
		switch strings.ToLower(v) {
		case "1", "1.0", "yes", "y", "true", "included", "include":
			l.Included = true
		case "0", "0.0", "no", "n", "false", "excluded", "exclude":
		case "", "-1", "nan", "na":
			return nil, &LineError{line, fmt.Errorf("%s is %q: no decision, and a replay needs every record's final decision (1 or 0)", out.LabelColumn, v)}
		default:
			return nil, &LineError{line, fmt.Errorf("%s is %q, want 0 or 1 (or yes or no)", out.LabelColumn, v)}
		}
		out.Records = append(out.Records, l)
	}
	if len(out.Records) == 0 {
		return nil, &LineError{1, errors.New("no records after the header")}
	}
	return out, nil
}

// sniffComma tells a table's separator from its header line: a tab or a
// semicolon when the line has more of it than of commas (Excel in many
// European locales saves CSV with semicolons), a comma otherwise.
func sniffComma(head []byte) rune {
	line := head
	if i := bytes.IndexByte(head, '\n'); i >= 0 {
		line = head[:i]
	}
	commas, semis, tabs := bytes.Count(line, []byte(",")), bytes.Count(line, []byte(";")), bytes.Count(line, []byte("\t"))
	switch {
	case tabs > commas && tabs >= semis:
		return '\t'
	case semis > commas:
		return ';'
	}
	return ','
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
