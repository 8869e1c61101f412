package rank

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"sync"
)

// SimOptions set up a simulation.
type SimOptions struct {
	Options              // the learner (DefaultOptions)
	Seeds         int    // runs, each with its own prior knowledge (default 5)
	FirstSeed     uint64 // the runs use seeds FirstSeed, FirstSeed+1, ...
	PriorIncluded int    // includes known before screening starts, drawn per seed
	PriorExcluded int    // excludes known before screening starts, drawn per seed
	Workers       int    // runs at once (default GOMAXPROCS)

	// BatchShare sets how often the model is retrained: after every
	// max(1, ⌊BatchShare × labelled⌋) decisions, the records screened in
	// between taken in the order of the last ranking. 0 retrains after
	// every decision. The default, 0.01, retrains after every decision
	// until 200 are labelled; on Hall_2012 it changed mean WSS@95 by less
	// than 0.001 and took 4 s instead of 50 s (BenchmarkBatches).
	BatchShare float64

	// RandomBaseline also scores a seeded random order per seed.
	RandomBaseline bool

	// StopRecall and StopAlpha set the stopping criterion each run
	// reports (Buscar): where, tested after each batch, the hypothesis
	// that recall is below StopRecall is first rejected at level
	// StopAlpha. A StopRecall of 0 leaves it out.
	StopRecall, StopAlpha float64

	// Priors, when set, are the prior records of each seed (by record
	// id; Priors[i] for seed FirstSeed+i), given instead of drawn: to
	// replay the very runs of another tool, such as elas-anchor's.
	Priors [][]int64

	// NB, when set, is the corpus the naive Bayes half of Fusion or
	// Switch learns from and scores on: the same records (built from the
	// same documents in the same order) with features of its own, such
	// as ELAS u3's. It must use the plain layout (NewCorpus).
	NB *Corpus
}

// DefaultSimOptions are winnow simulate's defaults: 5 seeds, one include
// and one exclude as prior knowledge, the learner's defaults.
func DefaultSimOptions() SimOptions {
	return SimOptions{Options: DefaultOptions(), Seeds: 5, FirstSeed: 1, PriorIncluded: 1, PriorExcluded: 1, BatchShare: 0.01,
		StopRecall: 0.95, StopAlpha: 0.05}
}

// ReplayOptions are the settings `winnow simulate` replays with by
// default, with the ranker of a preset (see Preset): DefaultSimOptions,
// with the random order's figures beside the ranker's.
func ReplayOptions(preset string) (SimOptions, error) {
	opts, err := Preset(preset)
	if err != nil {
		return SimOptions{}, err
	}
	o := DefaultSimOptions()
	o.Options = opts
	o.RandomBaseline = true
	return o, nil
}

// retraining describes BatchShare for the log.
func (o SimOptions) retraining() string {
	if o.BatchShare <= 0 {
		return "retrained after every decision"
	}
	return fmt.Sprintf("retrained after every max(1, %g × labelled) decisions", o.BatchShare)
}

// SeedResult is one run's figures.
type SeedResult struct {
	Seed uint64 `json:"seed"`
	Figures
	Stop *StopPoint `json:"stop,omitempty"`
}

// StopPoint is where the stopping criterion would have ended a run, with
// the prior records left out as in every figure.
type StopPoint struct {
	Stopped   bool    `json:"stopped"`    // false: not before every record was screened
	Screened  int     `json:"screened"`   // records screened by then (N if it never stopped)
	Recall    float64 `json:"recall"`     // inclusions found by then, over all
	WorkSaved float64 `json:"work_saved"` // share of the records left unscreened
	P         float64 `json:"p"`          // the criterion's p-value there
}

// Simulation is the outcome of replaying a finished review. Records and
// Inclusions leave out the prior knowledge, as every figure does.
type Simulation struct {
	Records    int          `json:"records"`
	Inclusions int          `json:"inclusions"`
	Model      string       `json:"model"` // kind, settings and how often it was retrained
	Seeds      []SeedResult `json:"seeds"`
	Mean       Figures      `json:"mean"`
	Min        Figures      `json:"min"`
	Max        Figures      `json:"max"`
	// StopRecall and StopAlpha are the stopping criterion's settings
	// (0: not tested); StopReached counts the seeds whose recall where it
	// stopped was at least StopRecall.
	StopRecall  float64 `json:"stop_recall,omitempty"`
	StopAlpha   float64 `json:"stop_alpha,omitempty"`
	StopReached int     `json:"stop_reached"`
	// Random holds the mean figures of a seeded random order over the
	// same records, when SimOptions.RandomBaseline is set.
	Random *Figures `json:"random,omitempty"`

	// Order is the first seed's screening order, prior records first, and
	// Prior that seed's prior records: screening-score LABELS ORDER
	// --exclude PRIOR checks the first seed's figures from them.
	Order []int64 `json:"-"`
	Prior []int64 `json:"-"`
	// Curve is the first seed's recall curve and RandomCurve that of
	// RandomOrder over the same records with the same seed.
	Curve       []Point `json:"-"`
	RandomCurve []Point `json:"-"`
}

// Simulate replays a finished review as if a reviewer had screened it in
// prioritised order (Cohen et al. 2006; ASReview's simulation mode): per
// seed it draws the prior knowledge at random, then repeatedly trains on
// every decision so far and screens the record ranked first (or the first
// few, see BatchShare), until every record is screened. Every document
// needs a label.
func Simulate(docs []Doc, labels map[int64]bool, o SimOptions) (*Simulation, error) {
	if err := o.Options.check(); err != nil {
		return nil, err
	}
	c, err := NewCorpus(docs, o.Options)
	if err != nil {
		return nil, err
	}
	return c.Simulate(labels, o)
}

// Simulate runs the simulation on a built corpus (see Simulate).
func (c *Corpus) Simulate(labels map[int64]bool, o SimOptions) (*Simulation, error) {
	o.Options = c.withFeatures(o.Options)
	if err := o.Options.check(); err != nil {
		return nil, err
	}
	if o.Seeds < 1 {
		return nil, fmt.Errorf("want at least one seed, have %d", o.Seeds)
	}
	if o.PriorIncluded < 0 || o.PriorExcluded < 0 {
		return nil, errors.New("the prior knowledge cannot be negative")
	}
	if o.StopRecall != 0 && !(o.StopRecall > 0 && o.StopRecall < 1 && o.StopAlpha > 0 && o.StopAlpha < 1) {
		return nil, fmt.Errorf("stopping criterion: recall %g and alpha %g, want both between 0 and 1", o.StopRecall, o.StopAlpha)
	}
	if o.NB != nil && (o.NB.code != nil || !slices.Equal(o.NB.ids, c.ids)) {
		return nil, errors.New("the naive Bayes half's corpus must hold the same records in the same order, in the plain layout")
	}
	if o.BatchShare < 0 || o.BatchShare >= 1 {
		return nil, fmt.Errorf("batch share %g: want 0 (retrain after every decision) up to below 1", o.BatchShare)
	}
	y := make([]bool, c.Len())
	r := 0
	for i, id := range c.ids {
		v, ok := labels[id]
		if !ok {
			return nil, fmt.Errorf("record %d has no label", id)
		}
		y[i] = v
		if v {
			r++
		}
	}
	if r <= o.PriorIncluded {
		return nil, fmt.Errorf("the review has %d inclusions: the simulation needs more than the %d known beforehand", r, o.PriorIncluded)
	}
	if c.Len()-r < o.PriorExcluded {
		return nil, fmt.Errorf("the review has %d exclusions, fewer than the %d known beforehand", c.Len()-r, o.PriorExcluded)
	}
	if o.Priors != nil {
		if len(o.Priors) != o.Seeds {
			return nil, fmt.Errorf("%d seeds but prior records for %d", o.Seeds, len(o.Priors))
		}
		for i, p := range o.Priors {
			inc, exc := 0, 0
			for _, id := range p {
				if _, ok := c.row(id); !ok {
					return nil, fmt.Errorf("seed %d: prior record %d is not in the review", o.FirstSeed+uint64(i), id)
				}
				if labels[id] {
					inc++
				} else {
					exc++
				}
			}
			if inc != o.PriorIncluded || exc != o.PriorExcluded {
				return nil, fmt.Errorf("seed %d: the prior records are %d included and %d excluded, want %d and %d", o.FirstSeed+uint64(i), inc, exc, o.PriorIncluded, o.PriorExcluded)
			}
		}
	}

	runs := make([]run, o.Seeds)
	workers := o.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(workers, o.Seeds) {
		wg.Go(func() {
			for i := range next {
				var prior []int64
				if o.Priors != nil {
					prior = o.Priors[i]
				}
				runs[i] = c.run(y, o, o.FirstSeed+uint64(i), prior)
			}
		})
	}
	for i := range runs {
		next <- i
	}
	close(next)
	wg.Wait()

	s := &Simulation{
		Records:    c.Len() - o.PriorIncluded - o.PriorExcluded,
		Inclusions: r - o.PriorIncluded,
		Model:      o.kind() + " " + o.settings() + "; " + o.retraining(),
	}
	if o.NB != nil && (o.Model == Fusion || o.Model == Switch) {
		f := o.NB.opts
		f.Model = NaiveBayes
		s.Model += "; naive Bayes on features " + f.settings()[strings.Index(f.settings(), "ngrams="):]
	}
	if o.StopRecall > 0 {
		s.StopRecall, s.StopAlpha = o.StopRecall, o.StopAlpha
	}
	figs := make([]Figures, len(runs))
	var random []Figures
	for i, ru := range runs {
		seen := c.seen(ru.order[ru.prior:], y)
		figs[i] = Evaluate(seen)
		sr := SeedResult{Seed: o.FirstSeed + uint64(i), Figures: figs[i]}
		if o.StopRecall > 0 {
			sr.Stop = stopPoint(seen, ru.stopAt-ru.prior, ru.stopP)
			if sr.Stop.Recall >= o.StopRecall {
				s.StopReached++
			}
		}
		s.Seeds = append(s.Seeds, sr)
		if i == 0 || o.RandomBaseline {
			rnd := c.seen(c.randomRows(ru.order[ru.prior:], o.FirstSeed+uint64(i)), y)
			if o.RandomBaseline {
				random = append(random, Evaluate(rnd))
			}
			if i == 0 {
				s.Curve = RecallCurve(seen)
				s.RandomCurve = RecallCurve(rnd)
			}
		}
	}
	s.Mean, s.Min, s.Max = summarise(figs)
	if o.RandomBaseline {
		m, _, _ := summarise(random)
		s.Random = &m
	}
	first := runs[0]
	for _, r := range first.order {
		s.Order = append(s.Order, c.ids[r])
	}
	s.Prior = slices.Clone(s.Order[:first.prior])
	return s, nil
}

// run is one seed's screening order: its first prior rows are the prior
// knowledge. stopAt is the length of the order when the stopping
// criterion first rejected (−1: never), with p-value stopP.
type run struct {
	order  []int32
	prior  int
	stopAt int
	stopP  float64
}

// stopPoint gives the figures of a run stopped after the first n of the
// records seen (prior left out; n < 0: never stopped).
func stopPoint(seen []bool, n int, p float64) *StopPoint {
	N, R := len(seen), 0
	for _, v := range seen {
		if v {
			R++
		}
	}
	if n < 0 {
		return &StopPoint{Screened: N, Recall: 1, P: p}
	}
	found := 0
	for _, v := range seen[:n] {
		if v {
			found++
		}
	}
	sp := &StopPoint{Stopped: true, Screened: n, Recall: 1, WorkSaved: float64(N-n) / float64(N), P: p}
	if R > 0 {
		sp.Recall = float64(found) / float64(R)
	}
	return sp
}

func (c *Corpus) seen(rows []int32, y []bool) []bool {
	out := make([]bool, len(rows))
	for i, r := range rows {
		out[i] = y[r]
	}
	return out
}

// randomRows orders rows by RandomOrder of their ids.
func (c *Corpus) randomRows(rows []int32, seed uint64) []int32 {
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = c.ids[r]
	}
	ids = RandomOrder(ids, seed)
	out := make([]int32, len(ids))
	for i, id := range ids {
		out[i], _ = c.row(id)
	}
	return out
}

// run screens every record once with the given seed, from the given
// prior records or, without them, drawn.
func (c *Corpus) run(y []bool, so SimOptions, seed uint64, given []int64) run {
	o := so.Options
	o.Seed = seed
	rng := rand.New(rand.NewPCG(seed, 0x9a1e))
	var inc, exc []int32
	for r := range c.ids {
		if y[r] {
			inc = append(inc, int32(r))
		} else {
			exc = append(exc, int32(r))
		}
	}
	byID := func(a, b int32) int { return cmpID(c.ids[a], c.ids[b]) }
	slices.SortFunc(inc, byID)
	slices.SortFunc(exc, byID)
	draw := func(rows []int32, k int) []int32 {
		for i := 0; i < k; i++ {
			j := i + rng.IntN(len(rows)-i)
			rows[i], rows[j] = rows[j], rows[i]
		}
		return rows[:k]
	}
	var mat *decoded
	if c.code != nil {
		mat = &decoded{}
	}
	l := newLearnerNB(c, so.NB, o, mat)
	order := make([]int32, 0, c.Len())
	screened := make([]bool, c.Len())
	prior := slices.Concat(draw(inc, so.PriorIncluded), draw(exc, so.PriorExcluded))
	if given != nil {
		prior = prior[:0]
		for _, id := range given {
			r, _ := c.row(id)
			prior = append(prior, r)
		}
	}
	for _, r := range prior {
		order = append(order, r)
		screened[r] = true
		l.add(r, y[r])
	}
	// The pool, the records not screened, is kept in row order: scoring
	// reads their vectors one after the other in memory. (No figure
	// depends on its order: equal scores are ranked by id.)
	pool := make([]int32, 0, c.Len()-len(prior))
	for r := range c.ids {
		if !screened[r] {
			pool = append(pool, int32(r))
		}
	}
	left := len(pool)
	// Naive Bayes weighs only the features some record not yet screened
	// has: no other weight is read before the simulation ends.
	nb := l.naiveBayes()
	var fv []int32
	var fx []float32
	if nb != nil {
		nb.live = make([]int32, c.nfeat)
		for _, r := range pool {
			fv, fx = c.vector(r, fv[:0], fx[:0])
			for _, j := range fv {
				nb.live[j]++
			}
		}
	}
	take := func(r int32) {
		order = append(order, r)
		l.add(r, y[r])
		screened[r] = true
		left--
		if nb != nil {
			fv, fx = c.vector(r, fv[:0], fx[:0])
			for _, j := range fv {
				nb.live[j]--
			}
		}
	}
	gone := func(r int32) bool { return screened[r] }

	// Until one include and one exclude are known, the order is random.
	var random []int32
	for left > 0 && (l.n1 == 0 || l.n0 == 0) {
		if random == nil {
			random = c.randomRows(pool, seed)
		}
		for screened[random[0]] {
			random = random[1:]
		}
		take(random[0])
	}

	stopAt, stopP := -1, 1.0
	var lf logFactorials
	var labels []bool // of the order, for the stopping criterion
	if so.StopRecall > 0 {
		lf = newLogFactorials(c.Len())
		for _, r := range order {
			labels = append(labels, y[r])
		}
	}
	buf := make([]scored, 0, len(pool))
	open := func(r int32) bool { return !screened[r] }
	for left > 0 {
		pool = slices.DeleteFunc(pool, gone)
		labelled := len(l.rows)
		if o.presumes(l.n1) {
			l.presume(c.presumedRows(o, len(pool), open, seed, labelled))
		}
		l.fit()
		k := 1
		if so.BatchShare > 0 {
			k = max(1, int(so.BatchShare*float64(labelled)))
		}
		picked := c.order(l.parts(), pool, k, buf)
		l.unpresume()
		for _, r := range picked {
			take(r)
		}
		if so.StopRecall > 0 && stopAt < 0 {
			for _, r := range order[len(labels):] {
				labels = append(labels, y[r])
			}
			t, _ := buscar(labels, c.Len(), so.StopRecall, lf, so.StopAlpha)
			if t.P < so.StopAlpha {
				stopAt, stopP = len(order), t.P
			}
		}
	}
	return run{order: order, prior: len(prior), stopAt: stopAt, stopP: stopP}
}
