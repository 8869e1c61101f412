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
)

// searchWords are what the search benchmark types: words common in the
// synthetic titles and abstracts (most of the first matches are records
// carol decided already, which the search passes over), rarer ones, a
// phrase, a prefix and an author.
var searchWords = []string{"care", "older adults", "multimorbidity", "integrat*", "dementia", `"social care"`, "frailty", "commissioning"}

// BenchmarkSearchFirstMatches is the target for / in the screen:
// from enter on a typed search to its first match shown, through the
// real model on the benchmark review of WINNOW_BENCH_N records (default
// 1,000,000; carol decided the first tenth): the queue searched, the
// first match still in it loaded, and the screen rendered. Each
// iteration searches the next of searchWords and goes back to the queue
// (esc). It reports the 50th and 99th percentile and the slowest.
func BenchmarkSearchFirstMatches(b *testing.B) {
	m, _ := benchScreen(b, screening.Imported)
	times := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		uitest.Press(b, m, "/")
		uitest.Type(b, m, searchWords[i%len(searchWords)])
		start := time.Now()
		_, cmd := m.Update(uitest.Key("enter"))
		uitest.Run(b, m, cmd)
		_ = m.View()
		times = append(times, time.Since(start))
		if d := time.Since(start); d > 100*time.Millisecond {
			b.Logf("%q took %s", searchWords[i%len(searchWords)], d)
		}
		if m.search == nil {
			b.Fatalf("%q: no match shown (%s)", searchWords[i%len(searchWords)], m.msg)
		}
		uitest.Press(b, m, "esc")
	}
	b.StopTimer()
	reportTimes(b, times)
}

// BenchmarkKeyPressPrioritised is the key press of the prioritised order
// while the ranking trains in the background: from the key to the next
// record shown through the real model, the session never waited for
// (the header reads the ranking in use under the ranker's lock, which no
// training holds). The vectors are built before the timing starts.
func BenchmarkKeyPressPrioritised(b *testing.B) {
	m, s := benchScreen(b, screening.Prioritised)
	keys := []string{"e", "e", "i", "e", "m"}
	times := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		before := m.item.Record.ID
		start := time.Now()
		_, cmd := m.Update(uitest.Key(keys[i%len(keys)]))
		uitest.Run(b, m, cmd)
		_ = m.View()
		times = append(times, time.Since(start))
		if m.item == nil || m.item.Record.ID == before {
			b.Fatalf("key %d: the screen did not move on (%s)", i, m.msg)
		}
	}
	b.StopTimer()
	reportTimes(b, times)
	s.Wait()
	b.ReportMetric(float64(s.RankState().Trained), "trained")
}

// benchScreen opens carol's screen on the benchmark review in the order,
// the first record shown (for the prioritised order, once its vectors
// are built and its first ranking is in place).
func benchScreen(b *testing.B, order screening.Order) (*Model, *screening.Session) {
	b.Helper()
	ctx := context.Background()
	st, err := benchreview.Open(ctx)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	team, err := st.Team(ctx)
	if err != nil {
		b.Fatal(err)
	}
	carol := team[2]
	s, err := screening.Open(ctx, st, carol, review.Viewer{Name: carol.Name, Blind: true}, review.TitleAbstract, order)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close(ctx) })
	s.Wait()
	m := New(ctx, Options{Session: s, Highlights: []review.Highlight{{Term: "care", Include: true}, {Term: "child", Include: false}}, Color: true})
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	uitest.Run(b, m, m.Init())
	if m.item == nil {
		b.Fatal("nothing to screen")
	}
	return m, s
}

func reportTimes(b *testing.B, times []time.Duration) {
	slices.Sort(times)
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	b.ReportMetric(ms(times[len(times)/2]), "p50-ms")
	b.ReportMetric(ms(times[len(times)*99/100]), "p99-ms")
	b.ReportMetric(ms(times[len(times)-1]), "max-ms")
}
