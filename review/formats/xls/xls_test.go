package xls_test

import (
	"encoding/binary"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/winnow-review/winnow/internal/formattest"
	"github.com/winnow-review/winnow/review/formats"
	"github.com/winnow-review/winnow/review/formats/xls"
	"github.com/winnow-review/winnow/review/formats/xls/xlstest"
)

// texts are shared strings that readers of .xls get wrong: Latin-1
// letters stored in 8 bits, Greek and Chinese in 16, strings that change
// from one to the other where a CONTINUE record splits them, long ones,
// an empty one, and strings with formatting runs and phonetic blocks.
var texts = []any{
	"Avaliação das Inteligências Múltiplas em Crianças",
	"Μελέτη ελέγχου ασθενών",
	"系统评价与荟萃分析",
	"ação então 系统评价 é depois à",
	"系统评价系统评价 then Latin-1: ãéíõú, and more of it",
	strings.Repeat("A long abstract, ", 40) + "fim, ação.",
	"",
	xlstest.Rich{Text: "Rich ação 系统 text", Runs: 3},
	xlstest.Rich{Text: "Phonetic 日本語の題名 é", Phonetic: 30},
	xlstest.Rich{Text: "Both ã and Ω runs and phonetic", Runs: 5, Phonetic: 17},
	"Last one, after the rich: Ελληνικά ã",
}

func plain(v any) string {
	if r, ok := v.(xlstest.Rich); ok {
		return r.Text
	}
	return v.(string)
}

// rowsOf reads every row of a workbook's chosen sheet.
func rowsOf(t *testing.T, data []byte) (*xls.Table, [][]string) {
	t.Helper()
	tb, err := xls.OpenBytes(data, "refs.xls")
	if err != nil {
		t.Fatal(err)
	}
	var rows [][]string
	for {
		cells, n, _, err := tb.Next()
		if err == io.EOF {
			return tb, rows
		}
		if err != nil {
			t.Fatal(err)
		}
		if n != len(rows)+1 {
			t.Fatalf("row %d after %d rows", n, len(rows))
		}
		rows = append(rows, cells)
	}
}

// TestSharedStringsSplit writes the strings with every record size from
// 12 bytes to 120, so that a CONTINUE record falls at every place in
// them (in the middle of the characters, with a change between 8-bit and
// 16-bit characters there, in the runs, in the phonetic block, between
// strings), and reads them back whole.
func TestSharedStringsSplit(t *testing.T) {
	rows := [][]any{{"Title"}}
	for _, s := range texts {
		rows = append(rows, []any{s})
	}
	switched := 0
	for chunk := 12; chunk <= 120; chunk++ {
		b := xlstest.Book{Chunk: chunk, Sheets: []xlstest.Sheet{{Name: "S", Rows: rows}}}
		switched += switches(b.Stream8())
		_, got := rowsOf(t, b.Bytes())
		if len(got) != len(rows) {
			t.Fatalf("chunk %d: %d rows, want %d", chunk, len(got), len(rows))
		}
		for i, s := range texts {
			want := []string{plain(s)}
			if s == "" {
				want = nil
			}
			if len(got[i+1]) != len(want) || (len(want) == 1 && got[i+1][0] != want[0]) {
				t.Errorf("chunk %d, row %d: %q, want %q", chunk, i+2, got[i+1], want)
			}
		}
	}
	if switched == 0 {
		t.Error("no CONTINUE record changed from 16-bit to 8-bit characters: the test does not test the split")
	}
}

// switches counts the CONTINUE records after the SST that start 8-bit
// characters where the record before ended with 16-bit ones.
func switches(stream []byte) int {
	n, prevHigh, inSST := 0, false, false
	for off := 0; off+4 <= len(stream); {
		typ := binary.LittleEndian.Uint16(stream[off:])
		size := int(binary.LittleEndian.Uint16(stream[off+2:]))
		data := stream[off+4 : off+4+size]
		switch {
		case typ == 0x00FC:
			inSST = true
		case typ == 0x003C && inSST && size > 0:
			if data[0] == 0 && prevHigh {
				n++
			}
			prevHigh = data[0] == 1
		default:
			inSST = false
		}
		off += 4 + size
	}
	return n
}

// TestCells: each kind of cell record reads as Excel shows its value,
// numbers in their shortest form.
func TestCells(t *testing.T) {
	for _, mulrk := range []bool{false, true} {
		b := xlstest.Book{MulRK: mulrk, Sheets: []xlstest.Sheet{{Name: "savedrecs", Rows: [][]any{
			{"Article Title", "Publication Year", "Times Cited", "Cited References", "Pages", "Note"},
			{"RK and MULRK", 2019, 12, 40, -7, xlstest.RK(12.34)},
			{xlstest.Label("A LABEL record: ação"), 2019.0, 2158244017722582.0, 0.5, xlstest.RK(2020), xlstest.Date(43539)},
			{xlstest.Formula("A formula's text: 系统 é"), xlstest.Bool(true), xlstest.Bool(false), 1e-7, 123456789012345678.0, xlstest.Date(2019)},
			{nil, nil, "only the third cell"},
		}}}}
		_, got := rowsOf(t, b.Bytes())
		want := [][]string{
			{"Article Title", "Publication Year", "Times Cited", "Cited References", "Pages", "Note"},
			{"RK and MULRK", "2019", "12", "40", "-7", "12.34"},
			{"A LABEL record: ação", "2019", "2158244017722582", "0.5", "2020", "2019-03-15"},
			// Past 16 digits a number reads as Excel shows it; a whole
			// number of 1000 to 2100 under a date format is a year.
			{"A formula's text: 系统 é", "TRUE", "FALSE", "0.0000001", "1.23456789012346E+17", "2019"},
			{"", "", "only the third cell"},
		}
		if len(got) != len(want) {
			t.Fatalf("mulrk %v: %d rows, want %d", mulrk, len(got), len(want))
		}
		for i := range want {
			if strings.Join(got[i], "|") != strings.Join(want[i], "|") {
				t.Errorf("mulrk %v, row %d: %q, want %q", mulrk, i+1, got[i], want[i])
			}
		}
	}
}

// TestSheetChoice: an empty sheet, a hidden sheet and a chart sheet come
// before the data; the data sheet is read, and the hidden one, which has
// a title column too, is named in a warning.
func TestSheetChoice(t *testing.T) {
	b := xlstest.Book{Sheets: []xlstest.Sheet{
		{Name: "Empty"},
		{Name: "Old export", HideSheet: true, Rows: [][]any{{"Title"}, {"An old record"}}},
		{Name: "Chart", Chart: true},
		{Name: "savedrecs", Hidden: []int{3, 4}, Rows: [][]any{{"Article Title"}, {"One"}, {"Two"}, {"Three"}}},
	}}
	tb, rows := rowsOf(t, b.Bytes())
	if tb.Sheet() != "savedrecs" || len(rows) != 4 || rows[3][0] != "Three" {
		t.Fatalf("sheet %q, rows %q", tb.Sheet(), rows)
	}
	ws := tb.FileWarnings()
	if len(ws) != 2 || !strings.Contains(ws[0].Msg, `sheet "Old export" has a title column too`) ||
		ws[1].Line != 3 || !strings.HasPrefix(ws[1].Msg, "2 rows are hidden in Excel") {
		t.Errorf("warnings %+v", ws)
	}
	if tb.Done() != 1 {
		t.Errorf("done %v after the last row", tb.Done())
	}
}

// TestRefused: what is no BIFF8 workbook is refused, saying what it is.
func TestRefused(t *testing.T) {
	sheet := []xlstest.Sheet{{Name: "S", Rows: [][]any{{"Title"}, {"x"}}}}
	good := xlstest.Book{Sheets: sheet}.Bytes()
	tests := []struct {
		name string
		data []byte
		want string
		err  error
	}{
		{"excel 95", xlstest.Book{Sheets: sheet, Version: 0x0500, Stream: "Book"}.Bytes(), "refs.xls: an Excel 5.0/95 (or older) workbook", formats.ErrSyntax},
		{"password", xlstest.Book{Sheets: sheet, Password: true}.Bytes(), "refs.xls: a password-protected workbook: remove the password", formats.ErrSyntax},
		{"cut short", good[:1024], "refs.xls: not a readable .xls workbook", formats.ErrSyntax},
		{"no workbook stream", xlstest.Compound("WordDocument", make([]byte, 100)), "refs.xls: not a readable .xls workbook", formats.ErrSyntax},
		{"no title column", xlstest.Book{Sheets: []xlstest.Sheet{{Name: "Notes", Rows: [][]any{{"Name", "Value"}, {"a", 1}}}}}.Bytes(),
			"refs.xls: no sheet has a header row with a title column (sheets: Notes)", formats.ErrNoColumns},
		{"only a chart", xlstest.Book{Sheets: []xlstest.Sheet{{Name: "Chart", Chart: true}}}.Bytes(), "refs.xls: no sheet could be read", formats.ErrSyntax},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := xls.OpenBytes(tc.data, "refs.xls")
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) || !errors.Is(err, tc.err) {
				t.Errorf("err %v, want %q", err, tc.want)
			}
		})
	}
}

// TestProbe: an .xls is known by its workbook stream, whatever its name;
// other Compound Files are not.
func TestProbe(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "savedrecs.txt")
	xlstest.Write(t, path, xlstest.Book{Sheets: []xlstest.Sheet{{Name: "S", Rows: [][]any{{"Title"}}}}})
	if !xls.Probe(path) {
		t.Error("an .xls not probed as one")
	}
	if !xls.ProbeBytes(xlstest.Book{Stream: "Book", Version: 0x0500}.Bytes()) {
		t.Error("an Excel 95 workbook not probed as one (to be refused saying so)")
	}
	for name, data := range map[string][]byte{
		"doc":       xlstest.Compound("WordDocument", nil),
		"encrypted": xlstest.Compound("EncryptedPackage", nil),
		"text":      []byte("Title\tYear\nA\t2019\n"),
	} {
		if xls.ProbeBytes(data) {
			t.Errorf("%s probed as an .xls", name)
		}
	}
	if xls.Probe(filepath.Join(dir, "none")) {
		t.Error("a missing file probed as an .xls")
	}
}

// TestReader reads Web of Science's columns as records.
func TestReader(t *testing.T) {
	path := filepath.Join(t.TempDir(), "savedrecs.xls")
	os.WriteFile(path, wos().Bytes(), 0o644)
	r, err := xls.NewReader(path, "savedrecs.xls")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	es := formattest.Entries(t, formattest.Read(t, r))
	if len(es) != 3 || r.Sheet() != "savedrecs" {
		t.Fatalf("%d records from sheet %q", len(es), r.Sheet())
	}
	rec := es[1].Record
	if rec.Title != "Avaliação das Inteligências Múltiplas em Crianças do Ensino Fundamental" || rec.Year != 2021 ||
		rec.Journal != "PSICOLOGIA ESCOLAR E EDUCACIONAL" || rec.DOI != "10.1590/2175-35392021224170" || rec.Line != 3 ||
		!strings.HasPrefix(rec.Abstract, "Este estudo avaliou") || !strings.HasSuffix(rec.Abstract, "(Μελέτη, 系统评价).") {
		t.Errorf("record %+v", rec)
	}
	if len(rec.Authors) != 2 || rec.Authors[0].String() != "Pocinho, Margarida" {
		t.Errorf("authors %q", rec.Authors)
	}
}
