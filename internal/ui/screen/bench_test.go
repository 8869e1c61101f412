package screen

import (
	"context"
	"slices"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/winnow-review/winnow/internal/benchreview"
	"github.com/winnow-review/winnow/internal/ui/uitest"
	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/screening"

	"github.com/winnow-review/winnow/internal/procstat"
)

// BenchmarkKeyPressToNextRecord is the latency target: from the
// key press to the next record ready to show, through the real model on a
// review of WINNOW_BENCH_N records (default 1,000,000; built once in the
// temporary folder and kept): the decision committed, the next record of
// the queue loaded, and the screen rendered. It reports the 99th
// percentile.
func BenchmarkKeyPressToNextRecord(b *testing.B) {
	ctx := context.Background()
	st, err := benchreview.Open(ctx)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	team, err := st.Team(ctx)
	if err != nil {
		b.Fatal(err)
	}
	carol := team[2]
	s, err := screening.Open(ctx, st, carol, review.Viewer{Name: carol.Name, Blind: true}, review.TitleAbstract, screening.Imported)
	if err != nil {
		b.Fatal(err)
	}
	m := New(ctx, Options{Session: s, Highlights: []review.Highlight{{Term: "care", Include: true}, {Term: "child", Include: false}}, Color: true})
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	uitest.Run(b, m, m.Init())
	if m.item == nil {
		b.Fatal("nothing to screen")
	}
	keys := []tea.KeyPressMsg{{Code: 'i', Text: "i"}, {Code: 'e', Text: "e"}, {Code: 'i', Text: "i"}, {Code: 'm', Text: "m"}}
	times := make([]time.Duration, 0, b.N)
	// cpu is the process's CPU time of each key press: on a machine
	// shared with other work, a slow key press that took little CPU
	// waited (for a core, for the disk's fsync), and one that took much
	// is winnow's.
	cpu := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		before := m.item.Record.ID
		start, cpu0 := time.Now(), procstat.CPUTime()
		_, cmd := m.Update(keys[i%len(keys)])
		uitest.Run(b, m, cmd)
		_ = m.View()
		d, c := time.Since(start), procstat.CPUTime()-cpu0
		times, cpu = append(times, d), append(cpu, c)
		if d > 10*time.Millisecond {
			b.Logf("key %d took %s (%s of CPU)", i, d, c)
		}
		if m.item == nil || m.item.Record.ID == before {
			b.Fatalf("key %d: the screen did not move on (%s)", i, m.msg)
		}
	}
	b.StopTimer()
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)*99/100].Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "p50-ms")
	slices.Sort(cpu)
	b.ReportMetric(float64(cpu[len(cpu)*99/100].Microseconds())/1000, "cpu-p99-ms")
	b.ReportMetric(float64(cpu[len(cpu)/2].Microseconds())/1000, "cpu-p50-ms")
}
