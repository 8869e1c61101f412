package match

import (
	"math/rand/v2"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/winnow-review/winnow/internal/synth"
	"github.com/winnow-review/winnow/review"
)

// synthRecords calls f with n synthetic records from five searches,
// about one in ten a duplicate of a recent one as another database would
// export it: another case, a trailing full stop or brackets, the journal
// abbreviated, pages written short, the DOI, issue or abstract missing.
// Only the last few thousand records are kept, so that a million cost
// what a few thousand do.
func synthRecords(n int, seed uint64, f func(r *review.Record)) {
	g := synth.New(seed)
	rng := rand.New(rand.NewPCG(seed, 7))
	const keep = 4096
	recent := make([]review.Record, 0, keep)
	for id := 1; id <= n; id++ {
		var r review.Record
		if len(recent) > 10 && rng.IntN(10) == 0 {
			r = recent[rng.IntN(len(recent))]
			switch rng.IntN(4) {
			case 0:
				r.Title = strings.ToUpper(r.Title) + "."
			case 1:
				r.Title = "[" + r.Title + "]"
				r.DOI = ""
			case 2:
				r.Journal = abbreviate(r.Journal)
				r.Issue = ""
			case 3:
				r.Pages = shortPages(r.Pages)
				r.Abstract = ""
			}
		} else {
			s := g.Next()
			r = review.Record{
				Title:    s.Title,
				Abstract: s.Abstract,
				Year:     s.Year,
				Journal:  s.Journal,
				Volume:   strconv.Itoa(s.Volume),
				Issue:    strconv.Itoa(s.Issue),
				Pages:    s.Pages,
				DOI:      s.DOI,
				PMID:     strconv.Itoa(s.PMID),
			}
			for _, a := range s.Authors {
				r.Authors = append(r.Authors, review.Author{Family: a[0], Given: a[1]})
			}
		}
		r.ID = int64(id)
		r.SearchID = int64(1 + rng.IntN(5))
		f(&r)
		r.Abstract = r.Abstract[:min(len(r.Abstract), 1)]
		if len(recent) < keep {
			recent = append(recent, r)
		} else {
			recent[rng.IntN(keep)] = r
		}
	}
}

func abbreviate(j string) string {
	var out []string
	for _, w := range strings.Fields(j) {
		if venueStop[strings.ToLower(w)] || w == "&" {
			continue
		}
		if len(w) > 4 {
			w = w[:4]
		}
		out = append(out, w)
	}
	return strings.Join(out, " ")
}

func shortPages(p string) string {
	a, b, ok := strings.Cut(p, "-")
	if !ok || len(b) < 2 || len(a) != len(b) {
		return p
	}
	return a + "-" + b[len(b)-1:]
}

func synthKeys(n int, seed uint64) []Key {
	keys := make([]Key, 0, n)
	synthRecords(n, seed, func(r *review.Record) { keys = append(keys, KeyOf(r, r.SearchID)) })
	return keys
}

func benchFind(b *testing.B, n int) {
	keys := synthKeys(n, 1)
	opt := Options{Combined: func(int64) bool { return false }}
	b.ResetTimer()
	for b.Loop() {
		links, queue := Find(keys, opt)
		b.ReportMetric(float64(len(links)), "links")
		b.ReportMetric(float64(len(queue)), "queued")
	}
}

// BenchmarkFind deduplicates 100,000 synthetic records (target: under
// 10 s on two cores).
func BenchmarkFind(b *testing.B) { benchFind(b, 100_000) }

// BenchmarkFindMillion deduplicates 1,000,000 synthetic records (target:
// under 3 minutes and 1 GiB): WINNOW_DEDUP_BIG=1 go test -bench
// FindMillion -benchtime 1x ./review/dedup/
func BenchmarkFindMillion(b *testing.B) {
	if os.Getenv("WINNOW_DEDUP_BIG") == "" {
		b.Skip("set WINNOW_DEDUP_BIG=1 to deduplicate a million records")
	}
	benchFind(b, 1_000_000)
}

// BenchmarkFindNew compares 5,000 new records with 1,000,000 existing ones
// (target: under 5 s), the run after an import:
// WINNOW_DEDUP_BIG=1 go test -bench FindNew -benchtime 3x ./review/dedup/
func BenchmarkFindNew(b *testing.B) {
	n := 100_000
	if os.Getenv("WINNOW_DEDUP_BIG") != "" {
		n = 1_000_000
	}
	keys := synthKeys(n+5_000, 2)
	old, fresh := keys[:n], keys[n:]
	opt := Options{Combined: func(int64) bool { return false }}
	b.ResetTimer()
	for b.Loop() {
		links, queue := FindNew(old, fresh, opt)
		b.ReportMetric(float64(len(links)), "links")
		b.ReportMetric(float64(len(queue)), "queued")
	}
}

// BenchmarkKeyOf measures building keys, the part of a run that reads
// each record once.
func BenchmarkKeyOf(b *testing.B) {
	var recs []review.Record
	synthRecords(10_000, 3, func(r *review.Record) { recs = append(recs, *r) })
	b.ResetTimer()
	for b.Loop() {
		for i := range recs {
			KeyOf(&recs[i], recs[i].SearchID)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(recs)), "ns/record")
}

// TestScaleReport logs time and memory of a full run and an incremental
// run (WINNOW_DEDUP_SCALE=N records, e.g. 1000000): the figures for the
// README.
func TestScaleReport(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("WINNOW_DEDUP_SCALE"))
	if n == 0 {
		t.Skip("set WINNOW_DEDUP_SCALE=1000000 to measure a run over that many synthetic records")
	}
	start := time.Now()
	keys := synthKeys(n+5_000, 4)
	t.Logf("%d keys built in %v", len(keys), time.Since(start))
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	t.Logf("heap with the keys: %.0f MiB (%.0f bytes a key)", float64(ms.HeapAlloc)/(1<<20), float64(ms.HeapAlloc)/float64(len(keys)))

	opt := Options{Combined: func(int64) bool { return false }}
	peak := watchHeap()
	start = time.Now()
	links, queue := Find(keys[:n], opt)
	t.Logf("peak heap in use during Find: %.0f MiB", float64(peak())/(1<<20))
	t.Logf("Find over %d: %v, %d links, %d queued", n, time.Since(start), len(links), len(queue))
	start = time.Now()
	peak = watchHeap()
	l2, q2 := FindNew(keys[:n], keys[n:], Options{Combined: opt.Combined, Linked: links})
	t.Logf("peak heap in use during FindNew: %.0f MiB", float64(peak())/(1<<20))
	t.Logf("FindNew 5000 against %d: %v, %d links, %d queued", n, time.Since(start), len(l2), len(q2))
	runtime.ReadMemStats(&ms)
	t.Logf("peak heap (Sys): %.0f MiB; total allocated %.0f MiB", float64(ms.Sys)/(1<<20), float64(ms.TotalAlloc)/(1<<20))
}

// watchHeap samples the heap in use every few milliseconds until the
// function it returns is called, which gives the highest figure seen.
func watchHeap() func() uint64 {
	done := make(chan struct{})
	result := make(chan uint64)
	go func() {
		var ms runtime.MemStats
		var peak uint64
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		for {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse)
			select {
			case <-done:
				result <- peak
				return
			case <-tick.C:
			}
		}
	}()
	return func() uint64 {
		close(done)
		return <-result
	}
}
