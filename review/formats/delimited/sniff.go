package delimited

import (
	"strings"
)

// Sniff decides whether sample, the start of a decoded file, is a table
// this package reads, and with which delimiter: ',', ';' or '\t'. It looks
// among the first rows for a header row of two or more cells naming at
// least two recognised columns, or naming one when every cell is short and
// the next row has as many cells. Prose with commas in it does not pass:
// its cells are not column names, and its lines do not line up. A sample
// cut off inside a row is read up to the cut. Failing a header, a table of
// one field a row (Embase's "fields by row") is one too.
func Sniff(sample string) (comma rune, ok bool) {
	names := newLookup()
	best, bestScore, bestCells := rune(0), 0, 0
	for _, c := range []byte{'\t', ',', ';'} {
		score, cells := sniffWith(names, sample, c)
		if score > bestScore || (score == bestScore && score > 0 && cells > bestCells) {
			best, bestScore, bestCells = rune(c), score, cells
		}
	}
	if bestScore > 0 {
		return best, true
	}
	for _, c := range []byte{',', ';', '\t'} {
		if sniffLong(names, sample, c) {
			return rune(c), true
		}
	}
	return 0, false
}

// sniffLong reports whether sample is a table of one field a row (see
// longLayout) delimited by comma: a row naming the title field with its
// value within the first maxPreamble rows, and enough rows from there on
// to tell.
func sniffLong(names lookup, sample string, comma byte) bool {
	sc := newScanner(strings.NewReader(sample), comma)
	var rows []row
	limit := maxPreamble
	for n := 0; n < limit; n++ {
		cells, err := sc.row()
		if err != nil {
			break
		}
		if len(rows) == 0 {
			if !names.titleRow(cells) {
				continue
			}
			limit = n + 1 + maxPreamble
		}
		rows = append(rows, row{cells: append([]string(nil), cells...)})
	}
	return len(rows) > 0 && names.longLayout(rows)
}

// sniffWith scores sample as a table delimited by comma: the number of
// recognised columns in its header row (0 when it has none) and the number
// of cells in that row.
func sniffWith(names lookup, sample string, comma byte) (score, cells int) {
	sc := newScanner(strings.NewReader(sample), comma)
	head := 0
	for n := 0; n < maxPreamble; n++ {
		row, err := sc.row()
		if err != nil {
			break
		}
		if head > 0 {
			if Blank(row) {
				continue
			}
			if len(row) == cells {
				return head, cells
			}
			return 0, 0
		}
		if len(row) < 2 {
			continue
		}
		switch s := names.score(row); {
		case s >= 2:
			return s, len(row)
		case s == 1 && shortCells(row):
			head, cells = s, len(row)
		}
	}
	return 0, 0
}

// shortCells reports whether every cell of a row is at most four words,
// as a header of column names is.
func shortCells(row []string) bool {
	for _, c := range row {
		if len(strings.Fields(c)) > 4 {
			return false
		}
	}
	return true
}
