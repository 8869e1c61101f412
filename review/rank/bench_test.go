package rank

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// synthAbstracts makes n records that look like titles and abstracts to a
// bag of words: words and stock phrases drawn from Zipf distributions
// over a vocabulary of 60,000 made-up words, about 230 words a record, 3 %
// of the records also about a topic of their own (the inclusions).
func synthAbstracts(n int, seed uint64) ([]Doc, map[int64]bool) {
	rng := rand.New(rand.NewPCG(seed, 2))
	syll := strings.Fields("ka lo mi nu pe ra si to ve ba de fi go hu ja le mo ne pi qu re sa ti ul vo xa ye zo an el in or")
	word := func(i int) string {
		var b strings.Builder
		for {
			b.WriteString(syll[i%len(syll)])
			i /= len(syll)
			if i == 0 {
				return b.String()
			}
		}
	}
	const vocab, phrases = 60000, 40000
	words := make([]string, vocab)
	for i := range words {
		words[i] = word(i + 31)
	}
	wz := rand.NewZipf(rng, 1.07, 2, vocab-1)
	phrase := make([]string, phrases)
	for i := range phrase {
		k := 2 + rng.IntN(2)
		parts := make([]string, k)
		for j := range parts {
			parts[j] = words[wz.Uint64()]
		}
		phrase[i] = strings.Join(parts, " ")
	}
	pz := rand.NewZipf(rng, 1.1, 2, phrases-1)
	topic := strings.Fields("nudge reminder default prompt feedback prescribing guideline adherence checklist audit")
	docs := make([]Doc, n)
	labels := make(map[int64]bool, n)
	var b strings.Builder
	for i := range docs {
		b.Reset()
		rel := rng.IntN(100) < 3
		for b.Len() < 1100 {
			switch r := rng.IntN(100); {
			case rel && r < 4:
				b.WriteString(topic[rng.IntN(len(topic))])
			case r < 50:
				b.WriteString(phrase[pz.Uint64()])
			default:
				b.WriteString(words[wz.Uint64()])
			}
			b.WriteByte(' ')
		}
		id := int64(i + 1)
		docs[i] = Doc{ID: id, Text: b.String()}
		labels[id] = rel
	}
	return docs, labels
}

func benchN() int {
	if v, err := strconv.Atoi(os.Getenv("WINNOW_BENCH_N")); err == nil && v > 0 {
		return v
	}
	return 100000
}

// BenchmarkNewCorpus is the one-off cost of a review's vectors (100,000
// records; WINNOW_BENCH_N sets another size), with the default features
// (words and word pairs) and with words alone.
func BenchmarkNewCorpus(b *testing.B) {
	docs, _ := synthAbstracts(benchN(), 1)
	for _, pairs := range []bool{true, false} {
		name := "words+pairs"
		if !pairs {
			name = "words"
		}
		b.Run(name, func(b *testing.B) {
			o := DefaultOptions()
			o.Bigrams = pairs
			b.ReportAllocs()
			var c *Corpus
			for b.Loop() {
				var err error
				if c, err = NewCorpus(docs, o); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(c.Features()), "features")
			b.ReportMetric(float64(len(c.feat)), "stored_values")
		})
	}
}

// BenchmarkRetrainRank is what a reviewer's decision costs in the
// background with 100,000 records in the review: train on every decision
// so far (Train, from scratch) and rank every record not yet screened,
// on the plain layout (the simulation's) and the compact one (the
// screen's). The corpus is built once, outside the timing; train-ms and
// rank-ms split the time.
func BenchmarkRetrainRank(b *testing.B) {
	n := benchN()
	docs, labels := synthAbstracts(n, 1)
	o := DefaultOptions()
	stream := func(yield func(Doc) error) error {
		for _, d := range docs {
			if err := yield(d); err != nil {
				return err
			}
		}
		return nil
	}
	for _, layout := range []string{"plain", "compact"} {
		build := NewCorpusFrom
		if layout == "compact" {
			build = NewCompactCorpusFrom
		}
		c, err := build(stream, o)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(layout, func(b *testing.B) { benchRetrainRank(b, c, docs, labels, o) })
	}
}

func benchRetrainRank(b *testing.B, c *Corpus, docs []Doc, labels map[int64]bool, o Options) {
	for _, decided := range []int{1000, 10000, 50000} {
		if decided >= len(docs) {
			continue
		}
		b.Run(fmt.Sprintf("decided=%d", decided), func(b *testing.B) {
			var inc, exc, rest []int64
			for i, d := range docs {
				switch {
				case i >= decided:
					rest = append(rest, d.ID)
				case labels[d.ID]:
					inc = append(inc, d.ID)
				default:
					exc = append(exc, d.ID)
				}
			}
			b.ReportAllocs()
			var train, rank time.Duration
			for b.Loop() {
				t0 := time.Now()
				m, err := c.Train(inc, exc, o)
				if err != nil {
					b.Fatal(err)
				}
				t1 := time.Now()
				if got := c.Rank(m, rest); len(got) != len(rest) {
					b.Fatal("lost records")
				}
				train, rank = train+t1.Sub(t0), rank+time.Since(t1)
			}
			b.ReportMetric(float64(train.Microseconds())/1000/float64(b.N), "train-ms")
			b.ReportMetric(float64(rank.Microseconds())/1000/float64(b.N), "rank-ms")
		})
	}
}

// BenchmarkSimulateHall is the speed target of winnow simulate: the
// 8,911-record software fault prediction review, 5 seeds, defaults.
func BenchmarkSimulateHall(b *testing.B) {
	path := ""
	for _, p := range screeningDatasets(b) {
		if strings.Contains(p, "Hall_2012") {
			path = p
		}
	}
	if path == "" {
		b.Skip("Hall_2012 is not in the corpus")
	}
	docs, labels := Docs(readDataset(b, path))
	o := DefaultSimOptions()
	for b.Loop() {
		s, err := Simulate(docs, labels, o)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(s.Mean.WSS95, "wss95")
	}
}

// BenchmarkBatches measures what retraining in batches changes (the
// default BatchShare, 0.01, against retraining after every decision) on
// Hall_2012, the largest review: the figures and the time.
func BenchmarkBatches(b *testing.B) {
	path := ""
	for _, p := range screeningDatasets(b) {
		if strings.Contains(p, "Hall_2012") {
			path = p
		}
	}
	if path == "" {
		b.Skip("Hall_2012 is not in the corpus")
	}
	docs, labels := Docs(readDataset(b, path))
	for _, share := range []float64{0, DefaultSimOptions().BatchShare} {
		b.Run(fmt.Sprintf("share=%g", share), func(b *testing.B) {
			o := DefaultSimOptions()
			o.BatchShare = share
			var s *Simulation
			for b.Loop() {
				var err error
				if s, err = Simulate(docs, labels, o); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(s.Mean.WSS95, "wss95")
			b.ReportMetric(s.Mean.WSS100, "wss100")
			b.ReportMetric(s.Mean.ATD, "atd")
			b.ReportMetric(s.Mean.Loss, "loss")
		})
	}
}

// published holds the mean WSS@95 of Ferdinands et al. (2023), naive
// Bayes with TF-IDF, as the corpus manifest gives it.
var published = map[string]float64{
	"Hall_2012":               0.923,
	"van_de_Schoot_2017":      0.917,
	"Appenzeller-Herzog_2020": 0.834,
	"Nagtegaal_2019":          0.717,
}

// BenchmarkAccuracy simulates every labelled dataset of the corpus with
// the defaults (5 seeds, one include and one exclude known beforehand),
// on the whole dataset and on the reduction the published runs used
// (records without an abstract and repeated abstracts dropped), and
// reports the figures as metrics: scripts/bench-rank.sh turns them into
// the README's table. Run with -benchtime 1x.
func BenchmarkAccuracy(b *testing.B) {
	o := DefaultSimOptions()
	if v, err := strconv.ParseFloat(os.Getenv("WINNOW_RANK_BATCH"), 64); err == nil {
		o.BatchShare = v
	}
	for _, path := range screeningDatasets(b) {
		name := filepath.Base(filepath.Dir(path))
		recs := readDataset(b, path)
		for _, variant := range []string{"full", "reduced"} {
			rs := recs
			if variant == "reduced" {
				rs = Reduce(recs)
			}
			b.Run(name+"/"+variant, func(b *testing.B) {
				docs, labels := Docs(rs)
				var s *Simulation
				for b.Loop() {
					var err error
					if s, err = Simulate(docs, labels, o); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(s.Records), "records")
				b.ReportMetric(float64(s.Inclusions), "inclusions")
				b.ReportMetric(s.Mean.WSS95, "wss95")
				b.ReportMetric(s.Min.WSS95, "wss95_min")
				b.ReportMetric(s.Max.WSS95, "wss95_max")
				b.ReportMetric(s.Mean.WSS100, "wss100")
				b.ReportMetric(s.Mean.RecallAt10, "recall10")
				b.ReportMetric(s.Mean.ATD, "atd")
				b.ReportMetric(s.Mean.Loss, "loss")
				if p, ok := published[name]; ok {
					b.ReportMetric(p, "published_wss95")
				}
			})
		}
	}
}

// TestAccuracySmallest runs the simulation on the smallest corpus dataset
// with one seed, as a guard that the learner still learns on real text;
// BenchmarkAccuracy measures them all.
func TestAccuracySmallest(t *testing.T) {
	var path string
	for _, p := range screeningDatasets(t) {
		if strings.Contains(p, "Kitchenham_2010") {
			path = p
		}
	}
	if path == "" {
		t.Skip("Kitchenham_2010 is not in the corpus")
	}
	docs, labels := Docs(Reduce(readDataset(t, path)))
	o := DefaultSimOptions()
	o.Seeds = 1
	start := time.Now()
	s, err := Simulate(docs, labels, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("Kitchenham_2010 reduced, seed 1: WSS@95 %.3f, recall after 10%% %.3f, ATD %.3f (%v, %d cores)",
		s.Mean.WSS95, s.Mean.RecallAt10, s.Mean.ATD, time.Since(start).Round(time.Millisecond), runtime.GOMAXPROCS(0))
	// A random order gives about 0; the measured figure is 0.76.
	if s.Mean.WSS95 < 0.6 {
		t.Errorf("WSS@95 %.3f: the ranking has got worse (0.76 when measured)", s.Mean.WSS95)
	}
}
