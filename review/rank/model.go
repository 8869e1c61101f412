package rank

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
)

// The model kinds.
const (
	NaiveBayes = "nb"       // multinomial naive Bayes (ASReview's "ultra" u3)
	SVM        = "svm"      // linear SVM, squared hinge loss, L2 penalty (ASReview's default, u4)
	Logistic   = "logistic" // L2-regularised logistic regression
	// Fusion ranks by the mean of a naive Bayes rank and an SVM rank.
	Fusion = "fusion"
	// Switch ranks by naive Bayes until SwitchAt includes are known,
	// then by the SVM.
	Switch = "switch"
)

// The balance strategies: how much each labelled record weighs in training.
const (
	// BalanceDouble is ASReview's "double" balance: includes are
	// oversampled and excludes undersampled by a rule of the two counts.
	// Here each record gets the weight its class would have on average
	// over ASReview's random draws, so that training needs no randomness.
	BalanceDouble = "double"
	// BalanceRatio is ASReview LAB 2's "balanced" sample weights: an
	// include weighs 1 and an exclude n1 / (Ratio × n0), then all are
	// scaled to sum to the number of records.
	BalanceRatio = "ratio"
	// BalanceEqual gives both classes the same total weight.
	BalanceEqual = "equal"
	// BalanceNone weighs every record 1.
	BalanceNone = "none"
)

// ErrNeedBoth is returned by Train without at least one include and one
// exclude: until then a reviewer's order is RandomOrder.
var ErrNeedBoth = errors.New("the learner needs at least one included and one excluded record")

// Options are the learner's settings. Start from DefaultOptions or
// Preset: the zero value has no model.
type Options struct {
	Model   string  // NaiveBayes, SVM, Logistic, Fusion or Switch
	Alpha   float64 // naive Bayes smoothing (ASReview: 3.822)
	C       float64 // logistic regression and SVM: inverse regularisation strength
	Balance string  // BalanceDouble, BalanceRatio, BalanceEqual or BalanceNone
	Ratio   float64 // BalanceRatio's ratio (ASReview LAB 2: 9.8)
	// Tol is the SVM's stopping tolerance on the projected gradient
	// (0: scikit-learn's LinearSVC default, 1e-4).
	Tol float64

	// The naive Bayes half of Fusion and Switch weighs records by
	// NBBalance (Balance is the SVM's); SwitchAt is the number of
	// includes from which Switch ranks by the SVM.
	NBBalance string
	SwitchAt  int
	// NBRatio is the naive Bayes half's ratio when NBBalance is
	// BalanceRatio (0: Ratio).
	NBRatio float64
	// SwitchFrom is what Switch ranks by until SwitchAt includes are
	// known: NaiveBayes ("" too) or Fusion.
	SwitchFrom string

	// Features (read by NewCorpus).
	Bigrams   bool    // word pairs as well as words
	MinDF     int     // drop features found in fewer documents
	MaxDF     float64 // drop features found in more than this share of documents (0: keep)
	Sublinear bool    // 1 + ln(tf) instead of tf
	StopWords bool    // drop English function words

	// Presumed is the number of records not yet screened that each
	// training takes as exclusions, drawn afresh every time (AutoTAR's
	// "presumed non-relevant" documents, Cormack and Grossman 2015;
	// 0: none). They count in the balance as exclusions do.
	Presumed int
	// PresumedOfAll draws the Presumed records from the whole collection,
	// as AutoTAR does, and presumes only those of them not yet screened
	// (about Presumed × records left / records); otherwise all Presumed
	// are drawn from the records not yet screened.
	PresumedOfAll bool
	// PresumedUntilSwitch, with Switch, takes presumed exclusions only
	// until SwitchAt includes are known: the SVM after the switch learns
	// from the labels alone.
	PresumedUntilSwitch bool

	// Seed is recorded with the model: the seed of the order a reviewer
	// saw before the learner could rank, and of the simulation's draws.
	Seed uint64
}

// The presets, by the names `winnow simulate --model` takes.
const (
	// PresetDefault is winnow's ranker (see DefaultOptions).
	PresetDefault = "default"
	// PresetELAS is ASReview LAB 2's default model, ELAS u4: TF-IDF of
	// words and word pairs, sublinear tf, max_df 0.95; a linear SVM with
	// squared hinge loss, C 0.11; balanced sample weights, ratio 9.8
	// (solved to a tolerance of 0.1, see elas).
	PresetELAS = "svm"
	// PresetNB is the naive Bayes winnow used before: alpha 3.822,
	// "double" balance, the same features as ELAS u4.
	PresetNB = "nb"
	// PresetFusion ranks by the mean of the PresetNB and PresetELAS ranks.
	PresetFusion = "fusion"
	// PresetSwitch ranks by PresetNB until 50 includes are known, then by
	// PresetELAS (the default until 7 December 2026, without the presumed
	// exclusions it later had).
	PresetSwitch = "switch"
)

// Presets lists the preset names.
func Presets() []string {
	return []string{PresetDefault, PresetELAS, PresetNB, PresetFusion, PresetSwitch}
}

// elas returns ELAS u4's settings, the base of every preset, but for the
// SVM's tolerance: 0.1 rather than LinearSVC's 1e-4 gave the same
// figures (Appenzeller-Herzog_2020 WSS@95 0.804 both, Bannach-Brown_2019
// 0.652 against 0.649) in a quarter of the time.
func elas() Options {
	return Options{
		Model:     SVM,
		Alpha:     3.822,
		C:         0.11,
		Balance:   BalanceRatio,
		Ratio:     9.8,
		Tol:       0.1,
		NBBalance: BalanceDouble,
		SwitchAt:  50,
		Bigrams:   true,
		MinDF:     1,
		MaxDF:     0.95,
		Sublinear: true,
	}
}

// Preset returns the settings a preset name stands for.
func Preset(name string) (Options, error) {
	o := elas()
	switch strings.ToLower(strings.TrimSpace(name)) {
	case PresetDefault, "":
		return DefaultOptions(), nil
	case PresetELAS, "elas", "elas_u4":
	case PresetNB:
		o.Model = NaiveBayes
		o.Balance = BalanceDouble
	case PresetFusion:
		o.Model = Fusion
	case PresetSwitch:
		o.Model = Switch
	default:
		return Options{}, fmt.Errorf("model %q: want one of %s", name, strings.Join(Presets(), ", "))
	}
	return o, nil
}

// DefaultOptions returns the settings winnow ranks with: until 50
// includes are known, the fusion of naive Bayes (PresetNB) and ELAS u4's
// SVM (PresetELAS), each model's rank averaged; from then on the SVM
// alone; every training with 100 records not yet screened, drawn afresh,
// taken as exclusions (AutoTAR's presumed non-relevant records; see
// Options.Presumed). Chosen by leave-one-review-out, by the mean of
// WSS@95 and 1 − loss, over 24 labelled reviews (the shared corpus's six
// and 18 public ones; scripts/bench-rank.sh, scripts/rankgrid), where it
// is the choice of all 24 folds among 24 candidates. On the six alone
// naive Bayes first was ahead (mean WSS@95 0.803 against 0.798), but
// behind ELAS u4 by more than 0.005 on 9 of the 24 reviews against 4.
// Naive Bayes finds the first inclusions of a sparse review sooner; the
// SVM does better once there are many, and the fusion hedges between
// them while inclusions are few; the presumed exclusions stand for the
// collection's background while the labelled exclusions are few near
// misses (docs/prioritisation.md).
func DefaultOptions() Options {
	o := elas()
	o.Model = Switch
	o.SwitchFrom = Fusion
	o.Presumed = 100
	return o
}

func (o Options) check() error {
	switch o.Model {
	case NaiveBayes:
	case SVM, Logistic:
	case Fusion, Switch:
		if o.Model == Switch && o.SwitchAt < 1 {
			return fmt.Errorf("switch needs SwitchAt ≥ 1, have %d", o.SwitchAt)
		}
		if o.Model == Switch && o.SwitchFrom != "" && o.SwitchFrom != NaiveBayes && o.SwitchFrom != Fusion {
			return fmt.Errorf("switch from %q: want %s or %s", o.SwitchFrom, NaiveBayes, Fusion)
		}
		if err := o.member(NaiveBayes).check(); err != nil {
			return err
		}
		return o.member(SVM).check()
	default:
		return fmt.Errorf("model %q: want %s, %s, %s, %s or %s", o.Model, NaiveBayes, SVM, Logistic, Fusion, Switch)
	}
	if o.Presumed < 0 {
		return fmt.Errorf("presumed exclusions: want 0 or more, have %d", o.Presumed)
	}
	if o.PresumedUntilSwitch && (o.Model != Switch || o.Presumed == 0) {
		return errors.New("presumed exclusions until the switch need a switch and presumed exclusions")
	}
	if o.Model == NaiveBayes && !(o.Alpha > 0) {
		return fmt.Errorf("naive Bayes needs alpha > 0, have %g", o.Alpha)
	}
	if o.Model != NaiveBayes && !(o.C > 0) {
		return fmt.Errorf("%s needs C > 0, have %g", o.Model, o.C)
	}
	switch o.Balance {
	case BalanceDouble, BalanceEqual, BalanceNone:
	case BalanceRatio:
		if !(o.Ratio > 0) {
			return fmt.Errorf("balance ratio needs a ratio > 0, have %g", o.Ratio)
		}
	default:
		return fmt.Errorf("balance %q: want %s, %s, %s or %s", o.Balance, BalanceDouble, BalanceRatio, BalanceEqual, BalanceNone)
	}
	return nil
}

// member gives the settings of one half of Fusion or Switch.
func (o Options) member(model string) Options {
	m := o
	m.Model = model
	m.PresumedUntilSwitch = false // the switch's, not a half's
	if model == NaiveBayes {
		m.Balance = o.NBBalance
		if o.NBRatio > 0 {
			m.Ratio = o.NBRatio
		}
	}
	return m
}

// Describe names the model and every setting that changes the ranking,
// before it is trained: "tfidf+nb alpha=3.822 balance=double ...".
func (o Options) Describe() string { return o.kind() + " " + o.settings() }

// kind names the features and the model, e.g. "tfidf+nb".
func (o Options) kind() string { return "tfidf+" + o.Model }

// settings lists every setting that changes the ranking, for the log.
func (o Options) settings() string {
	var b strings.Builder
	balance := func(bal string) string {
		if bal == BalanceRatio {
			return fmt.Sprintf("balance=ratio:%g", o.Ratio)
		}
		return "balance=" + bal
	}
	nbBalance := balance(o.NBBalance)
	if o.NBBalance == BalanceRatio && o.NBRatio > 0 {
		nbBalance = fmt.Sprintf("balance=ratio:%g", o.NBRatio)
	}
	switch o.Model {
	case NaiveBayes:
		fmt.Fprintf(&b, "alpha=%g %s", o.Alpha, balance(o.Balance))
	case SVM, Logistic:
		fmt.Fprintf(&b, "C=%g %s", o.C, balance(o.Balance))
		if o.Tol != 0 && o.Model == SVM {
			fmt.Fprintf(&b, " tol=%g", o.Tol)
		}
	case Fusion, Switch:
		fmt.Fprintf(&b, "nb(alpha=%g %s) svm(C=%g %s", o.Alpha, nbBalance, o.C, balance(o.Balance))
		if o.Tol != 0 {
			fmt.Fprintf(&b, " tol=%g", o.Tol)
		}
		b.WriteString(")")
		if o.Model == Switch {
			fmt.Fprintf(&b, " switch_at=%d", o.SwitchAt)
			if o.SwitchFrom == Fusion {
				b.WriteString(" switch_from=fusion")
			}
		}
	}
	if o.Presumed > 0 {
		fmt.Fprintf(&b, " presumed=%d", o.Presumed)
		if o.PresumedOfAll {
			b.WriteString(" presumed_from=collection")
		}
		if o.PresumedUntilSwitch {
			b.WriteString(" presumed_until=switch")
		}
	}
	maxDF := "1"
	if o.MaxDF > 0 && o.MaxDF < 1 {
		maxDF = fmt.Sprintf("%g", o.MaxDF)
	}
	fmt.Fprintf(&b, " ngrams=1-%d min_df=%d max_df=%s tf=%s stop_words=%s",
		map[bool]int{false: 1, true: 2}[o.Bigrams], max(o.MinDF, 1), maxDF,
		map[bool]string{false: "raw", true: "sublinear"}[o.Sublinear],
		map[bool]string{false: "none", true: "english"}[o.StopWords])
	return b.String()
}

// Model is a trained ranking model, described well enough for a methods
// section to say what ordered the queue.
type Model struct {
	Kind     string // "tfidf+nb", "tfidf+svm", "tfidf+fusion", ...
	Settings string // every setting that changes the ranking
	Trained  int    // labelled records it learned from
	Included int    // of them included
	Seed     uint64

	// parts are the linear scorers: one, or Fusion's two, whose ranks
	// are averaged.
	parts []part
}

// part is one linear scorer: a weight per feature and a weight on each
// row's sum of values (naive Bayes's normaliser).
type part struct {
	coef   []float32
	l1coef float32
	c      *Corpus // the features it weighs (nil: the corpus ranking)
}

// Describe gives the model in one line for the log, e.g.
// "tfidf+nb alpha=3.822 balance=double ... trained on 57 (5 included) seed 7".
func (m *Model) Describe() string {
	return fmt.Sprintf("%s %s trained on %d (%d included) seed %d", m.Kind, m.Settings, m.Trained, m.Included, m.Seed)
}

// Train fits a model to the labelled records, in any order: the same
// records give the same model. Ids must be in the corpus; a record both
// included and excluded is an error. The feature settings are the
// corpus's own; o gives the model's.
func (c *Corpus) Train(included, excluded []int64, o Options) (*Model, error) {
	o = c.withFeatures(o)
	if err := o.check(); err != nil {
		return nil, err
	}
	if len(included) == 0 || len(excluded) == 0 {
		return nil, ErrNeedBoth
	}
	inc, err := c.rowsOf(included)
	if err != nil {
		return nil, err
	}
	exc, err := c.rowsOf(excluded)
	if err != nil {
		return nil, err
	}
	// The same decisions give the same model whatever order they come in
	// (a map's, say): floating-point sums depend on the order of terms.
	byID := func(a, b int32) int { return cmpID(c.ids[a], c.ids[b]) }
	slices.SortFunc(inc, byID)
	slices.SortFunc(exc, byID)
	seen := make(map[int32]bool, len(inc)+len(exc))
	l := c.takeLearner(o)
	defer c.putLearner(l)
	for _, r := range inc {
		if seen[r] {
			return nil, fmt.Errorf("record %d given twice", c.ids[r])
		}
		seen[r] = true
		l.add(r, true)
	}
	for _, r := range exc {
		if seen[r] {
			return nil, fmt.Errorf("record %d is both included and excluded", c.ids[r])
		}
		seen[r] = true
		l.add(r, false)
	}
	if o.presumes(l.n1) {
		open := c.Len() - len(seen)
		l.presume(c.presumedRows(o, open, func(r int32) bool { return !seen[r] }, o.Seed, len(seen)))
	}
	l.fit()
	return l.model(), nil
}

// takeLearner gives an empty learner for o: the one the last Train used,
// cleared, when it had the same settings. A reviewer's ranking is
// trained again after every few decisions, from scratch; reusing the
// learner's arrays (a few bytes per feature, millions of features in a
// big review) keeps those retrainings from making the garbage whose
// collection would slow the screen.
func (c *Corpus) takeLearner(o Options) *learner {
	c.mu.Lock()
	l := c.spare
	c.spare = nil
	c.mu.Unlock()
	if l == nil || l.o != o {
		return newLearner(c, o)
	}
	l.reset()
	return l
}

// putLearner keeps l for the next Train.
func (c *Corpus) putLearner(l *learner) {
	c.mu.Lock()
	c.spare = l
	c.mu.Unlock()
}

// withFeatures returns o with the corpus's feature settings, which a
// model cannot change after the vectors are built.
func (c *Corpus) withFeatures(o Options) Options {
	o.Bigrams, o.MinDF, o.Sublinear, o.StopWords = c.opts.Bigrams, c.opts.MinDF, c.opts.Sublinear, c.opts.StopWords
	return o
}

// Rank orders candidates by the model, most relevant first; equal scores
// go by id. Ids not in the corpus go last, by id.
func (c *Corpus) Rank(m *Model, candidates []int64) []int64 {
	rows := make([]int32, 0, len(candidates))
	var unknown []int64
	for _, id := range candidates {
		if r, ok := c.row(id); ok {
			rows = append(rows, r)
		} else {
			unknown = append(unknown, id)
		}
	}
	rows = c.order(m.parts, rows, len(rows), nil)
	slices.Sort(unknown)
	out := make([]int64, 0, len(candidates))
	for _, r := range rows {
		out = append(out, c.ids[r])
	}
	return append(out, unknown...)
}

// scored is a row and its score.
type scored struct {
	s float32
	r int32
}

// order sorts rows by the parts' score, most relevant first, equal
// scores by id, and returns the first k (all of them sorted only when k
// is len(rows)). buf is reused when it is big enough.
func (c *Corpus) order(parts []part, rows []int32, k int, buf []scored) []int32 {
	ss := c.scores(parts, rows, buf)
	less := func(a, b scored) int {
		switch {
		case a.s > b.s:
			return -1
		case a.s < b.s:
			return 1
		}
		return cmpID(c.ids[a.r], c.ids[b.r])
	}
	if k == 1 && len(ss) > 0 {
		best := ss[0]
		for _, x := range ss[1:] {
			if less(x, best) < 0 {
				best = x
			}
		}
		return []int32{best.r}
	}
	k = min(k, len(ss))
	if k < len(ss)/8 {
		// A simulation's batch is a few of many: keep the best k in a
		// heap whose root is the worst of them (equal scores go by id, so
		// the order is total and the k are those a full sort gives).
		h := ss[:k]
		worse := func(i, j int) bool { return less(h[i], h[j]) > 0 }
		down := func(i int) {
			for {
				m := 2*i + 1
				if m >= k {
					return
				}
				if m+1 < k && worse(m+1, m) {
					m++
				}
				if !worse(m, i) {
					return
				}
				h[i], h[m] = h[m], h[i]
				i = m
			}
		}
		for i := k/2 - 1; i >= 0; i-- {
			down(i)
		}
		for _, x := range ss[k:] {
			if less(x, h[0]) < 0 {
				h[0] = x
				down(0)
			}
		}
		ss = h
	}
	slices.SortFunc(ss, less)
	out := make([]int32, k)
	for i := range out {
		out[i] = ss[i].r
	}
	return out
}

// scores gives each row's score: its dot product with the one part, or,
// with two parts (Fusion), minus the sum of its ranks under each, ranks
// counted from 0 with equal scores by id.
func (c *Corpus) scores(parts []part, rows []int32, buf []scored) []scored {
	ss := buf[:0]
	if cap(ss) < len(rows) {
		ss = make([]scored, 0, len(rows))
	}
	if len(parts) == 1 {
		p, pc := parts[0], c.of(parts[0])
		ss = ss[:len(rows)]
		c.each(len(rows), func(lo, hi int) {
			pc.scoreRows(p.coef, p.l1coef, rows[lo:hi], func(i int, s float32) {
				ss[lo+i] = scored{s, rows[lo+i]}
			})
		})
		return ss
	}
	fb := fusionBufs.Get().(*fusionBuf)
	defer fusionBufs.Put(fb)
	fused := grow(&fb.fused, len(rows))
	clear(fused)
	idx := grow(&fb.idx, len(rows)) // r is an index into rows here
	// When the ids ascend with the rows, and rows ascend, an index into
	// rows orders as the id does: each score and index then sort as one
	// integer, without a comparison function (a fusion's two sorts at
	// each retraining were an eighth of a small review's simulation).
	var keys []uint64
	if c.rows == nil && slices.IsSorted(rows) {
		keys = grow(&fb.keys, len(rows))
	}
	for _, p := range parts {
		pc := c.of(p)
		c.each(len(rows), func(lo, hi int) {
			pc.scoreRows(p.coef, p.l1coef, rows[lo:hi], func(i int, s float32) {
				idx[lo+i] = scored{s, int32(lo + i)}
			})
		})
		if keys != nil && descendingKeys(idx, keys) {
			slices.Sort(keys)
			for rank, k := range keys {
				fused[uint32(k)] -= float32(rank)
			}
			continue
		}
		slices.SortFunc(idx, func(a, b scored) int {
			switch {
			case a.s > b.s:
				return -1
			case a.s < b.s:
				return 1
			}
			return cmpID(c.ids[rows[a.r]], c.ids[rows[b.r]])
		})
		for rank, x := range idx {
			fused[x.r] -= float32(rank)
		}
	}
	for i, r := range rows {
		ss = append(ss, scored{fused[i], r})
	}
	return ss
}

// fusionBuf holds what a fusion's scoring works in, kept between
// retrainings (fusionBufs) so that a big review's ranking does not make
// the garbage collector run, and take time from the screen, at each one.
type fusionBuf struct {
	fused []float32
	idx   []scored
	keys  []uint64
}

var fusionBufs = sync.Pool{New: func() any { return new(fusionBuf) }}

// grow returns (*s)[:n], reallocated when too short.
func grow[T any](s *[]T, n int) []T {
	if cap(*s) < n {
		*s = make([]T, n)
	}
	*s = (*s)[:n]
	return *s
}

// descendingKeys fills keys with each score and index of ss as one
// integer that sorts as the scores descend, equal scores by index
// ascending: the score's bits made to order as unsigned integers
// (negative scores' bits inverted, positive ones' sign bit set; −0 as 0),
// inverted, above the index. It reports false, leaving the sort to a
// comparison, if a score is NaN, which has no place in that order.
func descendingKeys(ss []scored, keys []uint64) bool {
	for i, x := range ss {
		f := x.s
		if f != f {
			return false
		}
		if f == 0 {
			f = 0 // −0 sorts with 0, as the comparison has them equal
		}
		b := math.Float32bits(f)
		if b&(1<<31) != 0 {
			b = ^b
		} else {
			b |= 1 << 31
		}
		keys[i] = uint64(^b)<<32 | uint64(uint32(x.r))
	}
	return true
}

// each calls f with ranges [lo, hi) that cover 0 ≤ i < n: on every core
// but one when n is large (a big review's queue, scored at each
// retraining, while a screener presses keys: the core left over is
// theirs, since a goroutine that finds every core busy waits up to the
// scheduler's 10 ms time slice), in one range otherwise (a simulation's
// pool, scored at each step by one of several runs at once). Each i is
// independent, so the results do not depend on it.
func (c *Corpus) each(n int, f func(lo, hi int)) {
	workers := runtime.GOMAXPROCS(0) - 1
	if n < 1<<16 || workers < 2 {
		f(0, n)
		return
	}
	var wg sync.WaitGroup
	per := (n + workers - 1) / workers
	for k := range workers {
		lo, hi := min(k*per, n), min((k+1)*per, n)
		wg.Go(func() { f(lo, hi) })
	}
	wg.Wait()
}

// of gives the corpus whose features a part weighs.
func (c *Corpus) of(p part) *Corpus {
	if p.c != nil {
		return p.c
	}
	return c
}

func cmpID(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func (c *Corpus) score(coef []float32, l1coef float32, r int32) float32 {
	return c.dot(r, coef) + l1coef*c.l1[r]
}

// RandomOrder returns ids in a shuffle fixed by seed: the order a
// reviewer sees before the learner has one include and one exclude. A
// record keeps its place relative to the others when records are added,
// so the order survives an import (the same rule as screening's random
// order).
func RandomOrder(ids []int64, seed uint64) []int64 {
	type placed struct {
		key uint64
		id  int64
	}
	ps := make([]placed, len(ids))
	for i, id := range ids {
		ps[i] = placed{mix(uint64(id) ^ mix(seed)), id}
	}
	slices.SortFunc(ps, func(a, b placed) int {
		switch {
		case a.key < b.key:
			return -1
		case a.key > b.key:
			return 1
		}
		return cmpID(a.id, b.id)
	})
	out := make([]int64, len(ps))
	for i, p := range ps {
		out[i] = p.id
	}
	return out
}

// mix is splitmix64's finaliser.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}
