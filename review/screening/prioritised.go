package screening

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/rank"
	"github.com/winnow-review/winnow/review/store"
)

// MemoryLimit is the soft limit on the Go heap that the prioritised
// screen runs under (runtime/debug.SetMemoryLimit, set by the command
// unless GOMEMLIMIT is): building a million records' vectors makes
// gigabytes of short-lived strings, and without a limit the collector
// lets the heap grow to twice what is live before it collects. SQLite's
// page caches and the driver's memory come on top (docs/prioritisation.md).
const MemoryLimit = 800 << 20

// ranker orders a reviewer's title-abstract queue by predicted relevance
// and learns again after each decision, in the background: the session
// keeps showing records from the ranking it has while the next one is
// trained, and takes the new one when it is ready.
type ranker struct {
	corpus *rank.Corpus
	opt    rank.Options
	// source says what the ranking learns from, for the log.
	source string

	mu     sync.Mutex
	labels map[int64]bool // included or excluded, by record
	model  *rank.Model    // the model of the ranking in use; nil before one include and one exclude
	gen    int            // bumped at each decision
	// err is why the vectors could not be built (the order stays a
	// shuffle).
	err error
	// running is set while the worker trains; wg waits for it.
	running bool
	wg      sync.WaitGroup
	// placed receives when a ranking has been put in place (one pending
	// signal at most): the screen re-draws its header on it.
	placed chan struct{}
}

// learnFrom gives what a reviewer's ranking may learn from: while the
// review is blind the reviewer's own decisions alone (another screener's
// would leak through the order); once it is not, the final outcomes too.
func learnFrom(ctx context.Context, st *store.Store, by review.Reviewer, viewer review.Viewer) (map[int64]bool, string, error) {
	labels := map[int64]bool{}
	source := "the reviewer's own decisions only, the review being blind"
	if !viewer.Blind {
		final, err := st.FinalOutcomes(ctx, review.TitleAbstract)
		if err != nil {
			return nil, "", err
		}
		for id, o := range final {
			labels[id] = o == review.Included
		}
		source = "the final title-abstract outcomes and the reviewer's own decisions"
	}
	mine, err := st.MyDecisions(ctx, by.Name, review.TitleAbstract)
	if err != nil {
		return nil, "", err
	}
	for id, d := range mine {
		if _, final := labels[id]; final {
			continue
		}
		switch d {
		case review.Include:
			labels[id] = true
		case review.Exclude:
			labels[id] = false
		}
	}
	return labels, source, nil
}

// newRanker starts the learner of a reviewer: what it learns from and
// its settings. Its vectors are built by build, in the background.
func newRanker(ctx context.Context, st *store.Store, by review.Reviewer, viewer review.Viewer, seed uint64) (*ranker, error) {
	opt := rank.DefaultOptions()
	opt.Seed = seed
	labels, source, err := learnFrom(ctx, st, by, viewer)
	if err != nil {
		return nil, err
	}
	return &ranker{opt: opt, source: source, labels: labels, placed: make(chan struct{}, 1)}, nil
}

// build makes the TF-IDF vectors of every record kept for screening: the
// costly part (seconds at 100,000 records), done once. The records are
// read twice (terms counted, then vectors built) rather than held: a
// million records' texts would not fit beside their vectors. The vectors
// are kept in the compact layout (a varint of 1-3 bytes a stored value,
// not 8): the ranking is the same, and a million records' screen fits
// in 1 GiB.
func (rk *ranker) build(ctx context.Context, st *store.Store) error {
	c, err := rank.NewCompactCorpusFrom(func(yield func(rank.Doc) error) error {
		return st.EachRecord(ctx, store.RecordQuery{}, func(r *review.Record) error {
			return yield(rank.Doc{ID: r.ID, Text: r.Title + "\n" + r.Abstract + "\n" + strings.Join(r.Keywords, "; ")})
		})
	}, rk.opt)
	rk.corpus = c
	return err
}

// order ranks ids with a model trained on labels, or shuffles them by the
// seed while the labels lack an include or an exclude.
func (rk *ranker) order(labels map[int64]bool, ids []int64) ([]int64, *rank.Model) {
	var inc, exc []int64
	for id, yes := range labels {
		if yes {
			inc = append(inc, id)
		} else {
			exc = append(exc, id)
		}
	}
	if len(inc) > 0 && len(exc) > 0 && rk.corpus != nil {
		if m, err := rk.corpus.Train(inc, exc, rk.opt); err == nil {
			return rk.corpus.Rank(m, ids), m
		}
	}
	return rank.RandomOrder(ids, rk.opt.Seed), nil
}

// describe says what the ranking in use is, for the log.
func (rk *ranker) describe() string {
	rk.mu.Lock()
	defer rk.mu.Unlock()
	if rk.err != nil {
		return fmt.Sprintf("random order, seed %d: the model could not be built (%v)", rk.opt.Seed, rk.err)
	}
	if rk.model == nil {
		return fmt.Sprintf("random order, seed %d, until one include and one exclude (learning from %s)", rk.opt.Seed, rk.source)
	}
	return fmt.Sprintf("%s (learning from %s)", rk.model.Describe(), rk.source)
}

// openPrioritised reads the whole queue and shows it in the reviewer's
// shuffle at once; the vectors are built and the queue ranked in the
// background, and the records not yet shown are reordered when that is
// done.
func (s *Session) openPrioritised(ctx context.Context, by review.Reviewer, viewer review.Viewer, salt string) error {
	if s.Stage != review.TitleAbstract {
		return fmt.Errorf("the prioritised order ranks title-abstract screening; full text is read in imported or random order")
	}
	ids, err := s.st.Queue(ctx, store.QueueQuery{Reviewer: by.Name, Stage: s.Stage})
	if err != nil {
		return err
	}
	rk, err := newRanker(ctx, s.st, by, viewer, seed(by.Name, s.Stage, salt))
	if err != nil {
		return err
	}
	s.rk = rk
	s.ids, s.end, s.Left = rank.RandomOrder(ids, rk.opt.Seed), true, len(ids)
	if err := s.st.LogEvent(ctx, by.Name, RankAction, "ranking at title-abstract: "+rk.model0()); err != nil {
		return err
	}
	rk.mu.Lock()
	rk.running = true
	rk.wg.Add(1)
	rk.mu.Unlock()
	go s.retrain()
	return nil
}

// model0 describes the ranking a session opens with.
func (rk *ranker) model0() string {
	return fmt.Sprintf("%s (learning from %s; a shuffle, seed %d, until the model is built and has one include and one exclude)",
		rk.opt.Describe(), rk.source, rk.opt.Seed)
}

// learn takes a decision into the ranking and has it trained again in
// the background; the records still to show are reordered when it is
// done. The key press only records the label: one worker trains at a
// time, and trains again at once if decisions came in meanwhile.
func (s *Session) learn(id int64, d review.Decision) {
	rk := s.rk
	rk.mu.Lock()
	defer rk.mu.Unlock()
	switch d {
	case review.Include:
		rk.labels[id] = true
	case review.Exclude:
		rk.labels[id] = false
	default:
		delete(rk.labels, id)
	}
	rk.gen++
	if !rk.running {
		rk.running = true
		rk.wg.Add(1)
		go s.retrain()
	}
}

// retrain is the background worker of learn.
func (s *Session) retrain() {
	rk := s.rk
	defer rk.wg.Done()
	if rk.corpus == nil {
		// The session's context ends with the screen; building only
		// reads, so it goes on without it.
		if err := rk.build(context.Background(), s.st); err != nil {
			rk.mu.Lock()
			rk.err, rk.running = err, false
			rk.mu.Unlock()
			return
		}
	}
	for {
		rk.mu.Lock()
		gen := rk.gen
		labels := make(map[int64]bool, len(rk.labels))
		for k, v := range rk.labels {
			labels[k] = v
		}
		rk.mu.Unlock()
		s.mu.Lock()
		rest := append([]int64(nil), s.ids[s.next:]...)
		s.mu.Unlock()

		order, model := rk.order(labels, rest)

		s.mu.Lock()
		// Records shown meanwhile stay where they were.
		shown := make(map[int64]bool, s.next)
		for _, id := range s.ids[:s.next] {
			shown[id] = true
		}
		ids := append([]int64(nil), s.ids[:s.next]...)
		for _, id := range order {
			if !shown[id] {
				ids = append(ids, id)
			}
		}
		s.ids = ids
		s.mu.Unlock()

		rk.mu.Lock()
		rk.model = model
		done := rk.gen == gen
		if done {
			rk.running = false
		}
		rk.mu.Unlock()
		select {
		case rk.placed <- struct{}{}:
		default: // a signal is pending already
		}
		if done {
			return
		}
	}
}

// Placed gives a channel that receives after each ranking the background
// worker puts in place (the first once the vectors are built, then one
// after each retraining), so that a screen can say what its order is
// without waiting for a key press. It is nil when the order is not
// prioritised.
func (s *Session) Placed() <-chan struct{} {
	if s.rk == nil {
		return nil
	}
	return s.rk.placed
}

// Wait waits for the ranking being trained, if any.
func (s *Session) Wait() {
	if s.rk != nil {
		s.rk.wg.Wait()
	}
}

// Close ends the session: it waits for the ranking being trained and
// logs the ranking the queue was last ordered by.
func (s *Session) Close(ctx context.Context) error {
	if s.rk == nil {
		return nil
	}
	s.rk.wg.Wait()
	return s.st.LogEvent(ctx, s.Reviewer.Name, RankAction, "ranking at title-abstract when the session ended: "+s.rk.describe())
}

// Ranking describes the ranking in use ("" when the order is not
// prioritised).
func (s *Session) Ranking() string {
	if s.rk == nil {
		return ""
	}
	return s.rk.describe()
}

// RankQueue gives a reviewer's title-abstract queue in the order
// `screen --order prioritised` would show it, with the ranking used.
func RankQueue(ctx context.Context, st *store.Store, by review.Reviewer, viewer review.Viewer) ([]int64, string, error) {
	s := &Session{st: st, Reviewer: by, Stage: review.TitleAbstract, Order: Prioritised, skipped: map[int64]bool{}}
	salt, err := st.Setting(ctx, "created")
	if err != nil {
		return nil, "", err
	}
	ids, err := st.Queue(ctx, store.QueueQuery{Reviewer: by.Name, Stage: review.TitleAbstract})
	if err != nil {
		return nil, "", err
	}
	rk, err := newRanker(ctx, st, by, viewer, seed(by.Name, s.Stage, salt))
	if err != nil {
		return nil, "", err
	}
	if err := rk.build(ctx, st); err != nil {
		return nil, "", err
	}
	order, model := rk.order(rk.labels, ids)
	rk.model = model
	return order, rk.describe(), nil
}
