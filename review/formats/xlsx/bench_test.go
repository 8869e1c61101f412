package xlsx_test

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/winnow-review/winnow/review/formats/xlsx"
	"github.com/winnow-review/winnow/review/formats/xlsx/xlsxtest"
)

// BenchmarkSheet50k reads a Scopus-like sheet of 50,000 records, written
// as Excel writes it (text in the shared-string table, a 1,100-character
// abstract in each row): a shared-string table of about 60 MB, 2.4 MB
// zipped, which excelize unzips to a temporary file. It reports the
// records read per second and the largest heap seen while reading.
//
//	nice go test ./review/formats/xlsx -run '^$' -bench Sheet50k -benchtime 3x
func BenchmarkSheet50k(b *testing.B) {
	const n = 50000
	path := filepath.Join(b.TempDir(), "scopus.xlsx")
	header := []string{"Authors", "Title", "Year", "Source title", "DOI", "Abstract", "Author Keywords", "PubMed ID"}
	var sst []string
	str := func(s string) int { sst = append(sst, "<t>"+s+"</t>"); return len(sst) - 1 }
	var data strings.Builder
	cell := func(row, col int, s string) {
		fmt.Fprintf(&data, `<c r="%c%d" t="s"><v>%d</v></c>`, 'A'+col, row, str(s))
	}
	data.WriteString(`<row r="1">`)
	for i, h := range header {
		cell(1, i, h)
	}
	data.WriteString(`</row>`)
	abstract := strings.TrimSpace(strings.Repeat("Global climate patterns shape the distribution of species and ecosystems. ", 15))
	for i := 0; i < n; i++ {
		r := i + 2
		fmt.Fprintf(&data, `<row r="%d">`, r)
		cell(r, 0, "Smith J.; Doe A.; Roe R.")
		cell(r, 1, fmt.Sprintf("Record number %d on dinosaurs and mammals", i))
		fmt.Fprintf(&data, `<c r="C%d"><v>%d</v></c>`, r, 1990+i%35)
		cell(r, 3, "Nature Communications")
		cell(r, 4, fmt.Sprintf("10.1038/s41467-024-%05d", i))
		cell(r, 5, fmt.Sprintf("%s (%d)", abstract, i))
		cell(r, 6, "body size; latitude")
		fmt.Fprintf(&data, `<c r="H%d"><v>%d</v></c>`, r, 30000000+i)
		data.WriteString(`</row>`)
	}
	xlsxtest.WriteRaw(b, path, "Scopus", data.String(), sst, "", fmt.Sprintf("A1:H%d", n+1))
	data.Reset()
	sst = nil
	st, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	runtime.GC()
	b.ResetTimer()
	var peak uint64
	for range b.N {
		r, err := xlsx.NewReader(path, "scopus.xlsx")
		if err != nil {
			b.Fatal(err)
		}
		count := 0
		for {
			e, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			if e.Record.PMID == "" || e.Record.Year == 0 {
				b.Fatalf("record %d: %+v", count+1, e.Record)
			}
			count++
			if count%5000 == 0 {
				var m runtime.MemStats
				runtime.ReadMemStats(&m)
				peak = max(peak, m.HeapInuse)
			}
		}
		r.Close()
		if count != n {
			b.Fatalf("read %d records, want %d", count, n)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "records/s")
	b.ReportMetric(float64(peak)/(1<<20), "MB-heap-peak")
	b.ReportMetric(float64(st.Size())/(1<<20), "MB-file")
}
