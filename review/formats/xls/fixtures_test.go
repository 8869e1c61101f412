package xls_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/winnow-review/winnow/review/formats/xls"
	"github.com/winnow-review/winnow/review/formats/xls/xlstest"
)

var update = flag.Bool("update", false, "write the workbooks of testdata/xls again")

// wos is a small Web of Science "Excel" export (savedrecs.xls) in the
// shape of the real ones: a sheet savedrecs, a header of WoS's column
// names, text in the shared strings split across CONTINUE records
// (Portuguese in 8 bits, Greek and Chinese in 16), years and counts as
// numbers.
func wos() xlstest.Book {
	abstract := "Este estudo avaliou as inteligências múltiplas de " + strings.Repeat("crianças do ensino fundamental, ", 12) + "com resultados mistos (Μελέτη, 系统评价)."
	return xlstest.Book{Chunk: 200, MulRK: true, Sheets: []xlstest.Sheet{{Name: "savedrecs", Rows: [][]any{
		{"Publication Type", "Authors", "Article Title", "Source Title", "Abstract", "Publication Year", "Volume", "Start Page", "DOI", "Times Cited, WoS Core", "Article Number", "UT (Unique WOS ID)"},
		{"J", "Stuart-Smith, RD; White, RWG", "A shift in the habitat use pattern of a lentic galaxiid fish", "ENVIRONMENTAL BIOLOGY OF FISHES", "Introduced predators change habitat use.", 2015, 98, 1, "10.1007/s10641-014-0250-5", 3, "", "WOS:000348064500005"},
		{"J", "Pocinho, Margarida; Mendes, Cristina", "Avaliação das Inteligências Múltiplas em Crianças do Ensino Fundamental", "PSICOLOGIA ESCOLAR E EDUCACIONAL", abstract, 2021, 25, "", "10.1590/2175-35392021224170", 0, 2158244017722582.0, "WOS:000700000000001"},
		{"J", "Παπαδόπουλος, Γ", "Ελληνική μελέτη: a Greek title", "ΙΑΤΡΙΚΗ", "", 2019, 7, 12, "", 1, "", "WOS:000500000000002"},
	}}}}
}

// fixtures are the workbooks of testdata/xls, which the script test
// testdata/script/import_xls.txtar imports through the built binary.
func fixtures() map[string]xlstest.Book {
	return map[string]xlstest.Book{"savedrecs.xls": wos()}
}

// TestFixtures writes the workbooks with -update, and checks that those
// in testdata/xls are the ones fixtures describes.
func TestFixtures(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "testdata", "xls")
	for name, b := range fixtures() {
		path := filepath.Join(dir, name)
		if *update {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			xlstest.Write(t, path, b)
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%s: %v (go test ./review/formats/xls -run TestFixtures -update writes it)", name, err)
		}
		if !bytes.Equal(got, b.Bytes()) {
			t.Errorf("%s is not the workbook fixtures describes: go test ./review/formats/xls -run TestFixtures -update", name)
		}
	}
}

// FuzzOpen: any bytes open and read without a panic; seeded with the
// fixtures whole and cut short.
func FuzzOpen(f *testing.F) {
	for _, b := range fixtures() {
		data := b.Bytes()
		f.Add(data)
		f.Add(data[:len(data)*3/4])
	}
	f.Add(xlstest.Book{Chunk: 13, Sheets: []xlstest.Sheet{{Name: "S", Rows: [][]any{{"Title"}, {texts[3]}, {texts[9]}, {1, 2.5, xlstest.Formula("f")}}}}}.Bytes())
	f.Fuzz(func(t *testing.T, data []byte) {
		tb, err := xls.OpenBytes(data, "fuzz.xls")
		if err != nil {
			return
		}
		for {
			if _, _, _, err := tb.Next(); err != nil {
				break
			}
		}
	})
}
