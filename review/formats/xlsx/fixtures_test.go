package xlsx_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/winnow-review/winnow/review/formats/xlsx/xlsxtest"
)

var update = flag.Bool("update", false, "write the workbooks of testdata/xlsx again")

// fixtures are the workbooks of testdata/xlsx, which the script tests
// (testdata/script/import_xlsx.txtar) import through the built binary.
func fixtures() map[string][]xlsxtest.Sheet {
	published := time.Date(2019, 3, 15, 0, 0, 0, 0, time.UTC)
	labels := [][]any{{"record_id", "title", "abstract", "label_included"}}
	topics := []string{"integrated care for older people", "case management in primary care", "hospital at home",
		"nurse-led clinics", "telehealth for heart failure", "pharmacist medication review"}
	for i := 1; i <= 12; i++ {
		topic := topics[(i-1)%len(topics)]
		inc := 0
		if i%4 == 1 {
			inc, topic = 1, "integrated care for older people"
		}
		labels = append(labels, []any{i, "Trial " + topic, "A randomised trial of " + topic + ", number " + string(rune('a'+i)), inc})
	}
	return map[string][]xlsxtest.Sheet{
		"scopus.xlsx": {
			{Name: "Read me", Rows: [][]any{{"Exported from Scopus and saved in Excel"}, {"Database", "Hits"}, {"Scopus", 3}}},
			{Name: "Scopus", Hidden: []int{5}, Rows: [][]any{
				{"Scopus search: integrated care AND aged, 2026-12-01"},
				{"Authors", "Title", "Year", "Source title", "DOI", "PubMed ID", "Abstract", "Author Keywords", "Publication Date"},
				{"Smith J.; Jones K.", "Integrated care for older people", 2019.0, "Age Ageing", "10.1093/ageing/afz001", 31234567,
					"Background: care is fragmented.\nMethods: a trial.", "integrated care; older people", xlsxtest.Cell{Value: published, NumFmt: 14}},
				{"Lee A.", "=Case management (a formula-looking title)", xlsxtest.Cell{Value: 2018, NumFmt: 14}, "BMJ", "", xlsxtest.Cell{Value: 29876543, NumFmt: 11}, "", "", ""},
				{"Brown P.", "Hospital at home", "in press", "Lancet", "10.1016/x", "", "", "", ""},
			}},
			{Name: "Duplicates", Rows: [][]any{{"Title", "Year"}, {"Integrated care for older people", 2019}}},
		},
		"labels.xlsx": {{Name: "Finished", Rows: labels}},
	}
}

// TestFixtures writes the workbooks with -update, and checks that those
// in testdata/xlsx are the ones fixtures describes.
func TestFixtures(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "testdata", "xlsx")
	for name, sheets := range fixtures() {
		path := filepath.Join(dir, name)
		if *update {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			xlsxtest.Write(t, path, sheets...)
			continue
		}
		fresh := filepath.Join(t.TempDir(), name)
		xlsxtest.Write(t, fresh, sheets...)
		want, _ := readAllRows(t, fresh)
		got, err := readAllRows(t, path)
		if err != nil {
			t.Fatalf("%s: %v (go test ./review/formats/xlsx -run TestFixtures -update writes it)", name, err)
		}
		if len(got) != len(want) {
			t.Fatalf("%s has %d rows, fixtures describes %d: go test ./review/formats/xlsx -run TestFixtures -update", name, len(got), len(want))
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("%s row %d is %q, fixtures describes %q: go test ./review/formats/xlsx -run TestFixtures -update", name, i+1, got[i], want[i])
			}
		}
	}
}

// readAllRows gives every row of every sheet of a workbook, as
// "sheet: cells" lines.
func readAllRows(t *testing.T, path string) ([]string, error) {
	wb, err := excelize.OpenFile(path)
	if err != nil {
		return nil, err
	}
	defer wb.Close()
	var out []string
	for _, name := range wb.GetSheetList() {
		rows, err := wb.GetRows(name, excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			out = append(out, name+": "+strings.Join(r, "\t"))
		}
	}
	return out, nil
}
