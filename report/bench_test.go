package report_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/winnow-review/winnow/charting"
	"github.com/winnow-review/winnow/internal/benchreview"
	"github.com/winnow-review/winnow/report"
	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/store"
)

// Sizes of the benchmark review: 100,000 records screened by two
// screeners, 2,000 to full text, 1,000 included and charted.
const (
	benchRecords  = 100000
	benchFullText = 2000
	benchIncluded = 1000
)

// BenchmarkReport builds and writes the report of a finished review of
// 100,000 records with 1,000 included studies charted on the Rainbow form
// (built once in the temporary folder and kept). It reports the size of
// the HTML file (html-bytes) and the bytes allocated (B/op); the peak
// memory of the command is measured with /usr/bin/time in
// docs/figures.md.
func BenchmarkReport(b *testing.B) {
	ctx := context.Background()
	path, err := benchReview(ctx)
	if err != nil {
		b.Fatal(err)
	}
	st, err := store.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	lead := review.Viewer{Name: "alice", Lead: true, Blind: true}
	b.ReportAllocs()
	var size int64
	for b.Loop() {
		r, err := report.Build(ctx, st, lead, report.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if r.Flow.NewStudies != benchIncluded || r.Charting.Summary.Studies != benchIncluded {
			b.Fatalf("%d studies included, %d charted", r.Flow.NewStudies, r.Charting.Summary.Studies)
		}
		c := &counter{}
		bw := bufio.NewWriter(c)
		if err := report.WriteHTML(bw, r); err != nil {
			b.Fatal(err)
		}
		bw.Flush()
		size = c.n
	}
	b.ReportMetric(float64(size), "html-bytes")
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	b.ReportMetric(float64(m.HeapSys), "heap-sys-bytes")
}

type counter struct{ n int64 }

func (c *counter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

var _ io.Writer = (*counter)(nil)

// benchReview gives the path of the benchmark review, building it once:
// bob and carol screen every record (every 50th included, with a
// disagreement on every 350th that the lead resolves as an include),
// then the 2,000 at full text (every other included, the others
// excluded for one of four reasons), and chart the 1,000 included alike.
func benchReview(ctx context.Context) (string, error) {
	path := filepath.Join(os.TempDir(), fmt.Sprintf("winnow-bench-report-%d-%d.db", benchRecords, benchIncluded))
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}
	tmp := path + ".building"
	for _, p := range []string{tmp, tmp + "-wal", tmp + "-shm"} {
		os.Remove(p)
	}
	if err := buildBenchReview(ctx, tmp); err != nil {
		return "", err
	}
	return path, os.Rename(tmp, path)
}

func buildBenchReview(ctx context.Context, location string) error {
	st, err := store.Create(ctx, location, "Report benchmark", 2, "")
	if err != nil {
		return err
	}
	defer st.Close()
	for _, m := range []string{"alice", "bob", "carol"} {
		if _, err := st.AddReviewer(ctx, m, m == "alice", "alice"); err != nil {
			return err
		}
	}
	reasons := []string{"Wrong population", "Wrong setting", "Not integrated care", "Wrong study design"}
	for _, r := range reasons {
		if _, err := st.AddReason(ctx, r, "alice"); err != nil {
			return err
		}
	}
	if err := benchreview.ImportRIS(ctx, st, benchRecords); err != nil {
		return err
	}
	every := benchRecords / benchFullText
	var votes []review.Vote
	for id := 1; id <= benchRecords; id++ {
		d := review.Exclude
		if id%every == 0 {
			d = review.Include
		}
		votes = append(votes, review.Vote{RecordID: int64(id), Stage: review.TitleAbstract, Reviewer: "bob", Decision: d})
		if id%(7*every) == 0 {
			d = review.Exclude // carol disagrees; the lead resolves it as an include
		}
		votes = append(votes, review.Vote{RecordID: int64(id), Stage: review.TitleAbstract, Reviewer: "carol", Decision: d})
		if len(votes) >= 20000 || id == benchRecords {
			if err := st.Decide(ctx, votes, "alice"); err != nil {
				return err
			}
			votes = votes[:0]
		}
	}
	var res []review.Resolution
	for id := 7 * every; id <= benchRecords; id += 7 * every {
		res = append(res, review.Resolution{RecordID: int64(id), Stage: review.TitleAbstract, Decision: review.Include, By: "alice"})
	}
	if err := st.SaveResolutions(ctx, res, "alice"); err != nil {
		return err
	}
	for i, id := 0, every; id <= benchRecords; i, id = i+1, id+every {
		d, reason := review.Include, ""
		if i%2 == 1 {
			d, reason = review.Exclude, reasons[(i/2)%len(reasons)]
		}
		for _, who := range []string{"bob", "carol"} {
			votes = append(votes, review.Vote{RecordID: int64(id), Stage: review.FullText, Reviewer: who, Decision: d, Reason: reason})
		}
	}
	if err := st.Decide(ctx, votes, "alice"); err != nil {
		return err
	}
	lead := review.Reviewer{Name: "alice", Lead: true}
	form, err := charting.ParseForm("rainbow", charting.Templates["rainbow"])
	if err != nil {
		return err
	}
	if _, err := charting.Install(ctx, st, lead, form, "template rainbow"); err != nil {
		return err
	}
	var csv strings.Builder
	csv.WriteString("record,reviewer,sectors,study_design,integration_levels,integration_direction,rainbow_dimensions\n")
	field := func(fl string) []string { return form.Field(fl).Options }
	ids, _, err := st.IncludedStudies(ctx)
	if err != nil {
		return err
	}
	for i, id := range ids {
		sectors := field("sectors")
		design := field("study_design")
		levels := [][]string{{"macro"}, {"meso"}, {"micro"}, {"macro", "meso", "micro"}, {"meso", "micro"}}
		dims := field("rainbow_dimensions")
		row := fmt.Sprintf("%q,%q,%q,%q,%q", both(sectors[i%len(sectors)], sectors[(i/3)%len(sectors)]),
			design[(i*7)%len(design)], strings.Join(levels[(i*3)%len(levels)], ","), field("integration_direction")[i%2],
			both(dims[i%len(dims)], dims[(i/2)%len(dims)]))
		for _, who := range []string{"bob", "carol"} {
			fmt.Fprintf(&csv, "%d,%s,%s\n", id, who, row)
		}
	}
	if _, err := charting.Import(ctx, st, lead, review.Viewer{Name: "alice", Lead: true, Blind: true}, "bench.csv", []byte(csv.String())); err != nil {
		return err
	}
	return st.Checkpoint(ctx)
}

// both is a multichoice answer of one or two options.
func both(a, b string) string {
	if a == b {
		return a
	}
	return a + "," + b
}
