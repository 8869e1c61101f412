package screening

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/winnow-review/winnow/internal/benchreview"
	"github.com/winnow-review/winnow/internal/storetest"
	"github.com/winnow-review/winnow/review"
)

// BenchmarkPrioritisedBusy is a fast screener in prioritised order on the
// benchmark review (run it with WINNOW_BENCH_N=100000, the issue's
// size): bob decides record after record without waiting for the model,
// so that nearly every key press comes while the ranking is being
// trained again in the background (from every decision so far, 10,000
// and more). It reports the key press (the decision committed and the
// next record loaded) at the 50th and 99th percentile, the share of
// presses made while a retraining was running, and how many rankings
// were put in place meanwhile: a key press that waited for the training
// would take as long as a retraining (retrain-p50-ms of
// BenchmarkPrioritised).
func BenchmarkPrioritisedBusy(b *testing.B) {
	if storetest.Postgres() {
		b.Skip("storetest.Main's PostgreSQL re-run: measured on SQLite")
	}
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
	bob := team[1]
	s, err := Open(ctx, st, bob, review.Viewer{Name: bob.Name, Blind: true}, review.TitleAbstract, Prioritised)
	if err != nil {
		b.Fatal(err)
	}
	s.Wait() // the vectors built and the first ranking in place
	it, err := s.Next(ctx)
	if err != nil || it == nil {
		b.Fatal(it, err)
	}
	training := func() (bool, any) {
		s.rk.mu.Lock()
		defer s.rk.mu.Unlock()
		return s.rk.running, s.rk.model
	}
	_, last := training()
	press := make([]time.Duration, 0, b.N)
	busy, models := 0, 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		running, _ := training()
		if running {
			busy++
		}
		t0 := time.Now()
		d := review.Exclude
		if i%5 == 0 {
			d = review.Include
		}
		if err := s.Decide(ctx, it.Record.ID, d, "", ""); err != nil {
			b.Fatal(err)
		}
		if it, err = s.Next(ctx); err != nil || it == nil {
			b.Fatal(it, err)
		}
		press = append(press, time.Since(t0))
		if _, m := training(); m != last {
			last = m
			models++
		}
	}
	b.StopTimer()
	s.Wait()
	slices.Sort(press)
	pct := func(p int) float64 { return float64(press[len(press)*p/100].Microseconds()) / 1000 }
	b.ReportMetric(pct(50), "press-p50-ms")
	b.ReportMetric(pct(99), "press-p99-ms")
	b.ReportMetric(float64(press[len(press)-1].Microseconds())/1000, "press-max-ms")
	b.ReportMetric(float64(busy)/float64(b.N), "share-while-training")
	b.ReportMetric(float64(models), "rankings-placed")
	if err := s.Close(ctx); err != nil {
		b.Fatal(err)
	}
}
