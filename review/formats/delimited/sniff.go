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
// cut off inside a row is read up to the cut.
func Sniff(sample string) (comma rune, ok bool) {
	names := newLookup()
	best, bestScore, bestCells := rune(0), 0, 0
	for _, c := range []byte{'\t', ',', ';'} {
		score, cells := sniffWith(names, sample, c)
		if score > bestScore || (score == bestScore && score > 0 && cells > bestCells) {
			best, bestScore, bestCells = rune(c), score, cells
		}
	}
	return best, bestScore > 0
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
