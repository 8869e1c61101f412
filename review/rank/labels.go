package rank

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
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
	// Sheet, when set, is the workbook sheet read: Line is a row of it.
	Sheet string
	Line  int
	Err   error
}

func (e *LineError) Error() string {
	if e.Sheet != "" {
		return fmt.Sprintf("sheet %s, row %d: %v", e.Sheet, e.Line, e.Err)
	}
	return fmt.Sprintf("line %d: %v", e.Line, e.Err)
}
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
	return readTable(func() ([]string, int, error) {
		rec, err := cr.Read()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil, 0, err
			}
			return nil, 0, csvError(err)
		}
		line, _ := cr.FieldPos(0)
		return rec, line, nil
	}, labelColumn)
}

// Rows is a sheet of a workbook, row by row (the importer reads .xlsx
// workbooks into one: see importer.ReadFinished).
type Rows interface {
	Sheet() string
	Next() (cells []string, row int, raw string, err error)
}

// ReadFinishedSheet reads a finished review from a workbook's sheet as
// ReadFinished reads a table of text. The header is the first row naming
// a title column among the first 20 (a title line may stand above it),
// or the first row with a value. Errors are *LineError naming the sheet
// and the row.
func ReadFinishedSheet(rows Rows, labelColumn string) (*Finished, error) {
	var pending [][]string
	var lines []int
	header := -1
	for len(pending) < 20 {
		cells, row, _, err := rows.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		pending, lines = append(pending, cells), append(lines, row)
		if header < 0 && hasTitle(cells) {
			header = len(pending) - 1
			break
		}
	}
	if header < 0 {
		for i, c := range pending {
			if !blankRow(c) {
				header = i
				break
			}
		}
	}
	if header >= 0 {
		pending, lines = pending[header:], lines[header:]
	} else {
		pending, lines = nil, nil
	}
	width := 0
	f, err := readTable(func() ([]string, int, error) {
		for {
			var cells []string
			var row int
			if len(pending) > 0 {
				cells, row = pending[0], lines[0]
				pending, lines = pending[1:], lines[1:]
			} else {
				var err error
				if cells, row, _, err = rows.Next(); err != nil {
					return nil, 0, err
				}
			}
			if width == 0 {
				width = len(cells)
			} else if blankRow(cells) {
				continue
			}
			// A sheet leaves out the empty cells at the end of a row.
			for len(cells) < width {
				cells = append(cells, "")
			}
			return cells, row, nil
		}
	}, labelColumn)
	var le *LineError
	if errors.As(err, &le) {
		le.Sheet = rows.Sheet()
	}
	return f, err
}

func hasTitle(cells []string) bool {
	for _, c := range cells {
		if slices.Contains(titleColumns, strings.ToLower(strings.TrimSpace(c))) {
			return true
		}
	}
	return false
}

func blankRow(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// readTable reads a finished review from a table's rows: next gives each
// row's cells and its line, io.EOF after the last.
func readTable(next func() ([]string, int, error), labelColumn string) (*Finished, error) {
	header, hline, err := next()
	if errors.Is(err, io.EOF) {
		want := labelColumn
		if want == "" {
			want = DefaultLabel
		}
		return nil, &LineError{Line: 1, Err: errors.New("empty file: want a header with title, abstract and " + want)}
	}
	if err != nil {
		return nil, err
	}
	header = slices.Clone(header)
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
		return nil, &LineError{Line: hline, Err: fmt.Errorf("no title column (have %s)", have)}
	}
	_, ab, ok := find(abstractColumns)
	if !ok {
		return nil, &LineError{Line: hline, Err: fmt.Errorf("no abstract column (have %s)", have)}
	}
	labels := LabelColumns
	if labelColumn != "" {
		labels = []string{strings.ToLower(strings.TrimSpace(labelColumn))}
	}
	_, lc, ok := find(labels)
	if !ok {
		if labelColumn != "" {
			return nil, &LineError{Line: hline, Err: fmt.Errorf("no %s column (have %s)", labelColumn, have)}
		}
		return nil, &LineError{Line: hline, Err: fmt.Errorf("%w: want one of %s (have %s)", ErrNoLabelColumn, strings.Join(LabelColumns, ", "), have)}
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
		rec, line, err := next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		id := int64(len(out.Records) + 1)
		if hasID {
			idText := strings.TrimSpace(rec[idc])
			if id, err = strconv.ParseInt(idText, 10, 64); err != nil {
				return nil, &LineError{Line: line, Err: fmt.Errorf("record_id %q is not a whole number", idText)}
			}
			if first, dup := seen[id]; dup {
				return nil, &LineError{Line: line, Err: fmt.Errorf("record_id %d again (first on line %d)", id, first)}
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
			return nil, &LineError{Line: line, Err: fmt.Errorf("%s is %q: no decision, and a replay needs every record's final decision (1 or 0)", out.LabelColumn, v)}
		default:
			return nil, &LineError{Line: line, Err: fmt.Errorf("%s is %q, want 0 or 1 (or yes or no)", out.LabelColumn, v)}
		}
		out.Records = append(out.Records, l)
	}
	if len(out.Records) == 0 {
		return nil, &LineError{Line: hline, Err: errors.New("no records after the header")}
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
		return &LineError{Line: pe.Line, Err: pe.Err}
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
