package export_test

import (
	"context"
	"io"
	"testing"

	"github.com/winnow-review/winnow/internal/benchreview"
	"github.com/winnow-review/winnow/review/export"
	"github.com/winnow-review/winnow/review/store"
)

// BenchmarkExport writes sets of the synthetic review of WINNOW_BENCH_N
// records (default 1,000,000; internal/benchreview builds it once and
// keeps it), in which two screeners decided the first tenth at
// title-abstract: every record as RIS (raw text, each read back to check
// it), the records gone on to full text as BibTeX (generated), and every
// record as the lead's CSV with each screened record's decisions.
func BenchmarkExport(b *testing.B) {
	st, err := benchreview.Open(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	for _, c := range []struct {
		name string
		opt  export.Options
	}{
		{"all-ris", export.Options{Set: store.ExportAll, Format: export.RIS}},
		{"ta-included-bibtex", export.Options{Set: store.ExportTAIncluded, Format: export.BibTeX}},
		{"all-csv-lead", export.Options{Set: store.ExportAll, Format: export.CSV}},
	} {
		b.Run(c.name, func(b *testing.B) {
			for range b.N {
				n, err := export.Write(context.Background(), st, lead, io.Discard, c.opt)
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(n), "records")
			}
		})
	}
}
