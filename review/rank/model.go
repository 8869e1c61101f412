package rank

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
)

// The model kinds.
const (
	NaiveBayes = "nb"       // multinomial naive Bayes (ASReview's default)
	SVM        = "svm"      // linear SVM, squared hinge loss, L2 penalty
	Logistic   = "logistic" // L2-regularised logistic regression
)

// The balance strategies: how much each labelled record weighs in training.
const (
	// BalanceDouble is ASReview's "double" balance: includes are
	// oversampled and excludes undersampled by a rule of the two counts.
	// Here each record gets the weight its class would have on average
	// over ASReview's random draws, so that training needs no randomness.
	BalanceDouble = "double"
	// BalanceEqual gives both classes the same total weight.
	BalanceEqual = "equal"
	// BalanceNone weighs every record 1.
	BalanceNone = "none"
)

// ErrNeedBoth is returned by Train without at least one include and one
// exclude: until then a reviewer's order is RandomOrder.
var ErrNeedBoth = errors.New("the learner needs at least one included and one excluded record")

// Options are the learner's settings. Start from DefaultOptions: the zero
// value has no model.
type Options struct {
	Model   string  // NaiveBayes, Logistic or SVM
	Alpha   float64 // naive Bayes smoothing (ASReview: 3.822)
	C       float64 // logistic regression and SVM: inverse regularisation strength
	Balance string  // BalanceDouble, BalanceEqual or BalanceNone

	// Features (read by NewCorpus).
	Bigrams   bool // word pairs as well as words
	MinDF     int  // drop features found in fewer documents
	Sublinear bool // 1 + ln(tf) instead of tf
	StopWords bool // drop English function words

	// Seed is recorded with the model: the seed of the order a reviewer
	// saw before the learner could rank, and of the simulation's draws.
	Seed uint64
}

// DefaultOptions returns the settings winnow uses: ASReview's naive Bayes
// (alpha 3.822) and "double" balance over TF-IDF of words and word pairs
// with sublinear term frequency and no stop list. Measured with
// BenchmarkAccuracy on the six labelled reviews (reduced as the published
// runs were, 5 seeds), the sum of mean WSS@95 was 4.74 against 4.45 for
// ASReview's own features (words only, raw counts, English stop words),
// 4.68 for logistic regression and 4.67 for a linear SVM on the same
// features; words alone gave 4.55 (Hall 0.917 against 0.925, Kitchenham
// 0.65 against 0.76) and the English stop list 4.52 (Nagtegaal 0.59
// against 0.67, Kitchenham 0.60).
func DefaultOptions() Options {
	return Options{
		Model:     NaiveBayes,
		Alpha:     3.822,
		C:         0.1,
		Balance:   BalanceDouble,
		Bigrams:   true,
		MinDF:     1,
		Sublinear: true,
	}
}

func (o Options) check() error {
	switch o.Model {
	case NaiveBayes:
		if !(o.Alpha > 0) {
			return fmt.Errorf("naive Bayes needs alpha > 0, have %g", o.Alpha)
		}
	case SVM, Logistic:
		if !(o.C > 0) {
			return fmt.Errorf("%s needs C > 0, have %g", o.Model, o.C)
		}
	default:
		return fmt.Errorf("model %q: want %s, %s or %s", o.Model, NaiveBayes, Logistic, SVM)
	}
	switch o.Balance {
	case BalanceDouble, BalanceEqual, BalanceNone:
	default:
		return fmt.Errorf("balance %q: want %s, %s or %s", o.Balance, BalanceDouble, BalanceEqual, BalanceNone)
	}
	return nil
}

// Describe names the model and every setting that changes the ranking,
// before it is trained: "tfidf+nb alpha=3.822 balance=double ...".
func (o Options) Describe() string { return o.kind() + " " + o.settings() }

// kind names the features and the model, e.g. "tfidf+nb".
func (o Options) kind() string { return "tfidf+" + o.Model }

// settings lists every setting that changes the ranking, for the log.
func (o Options) settings() string {
	var b strings.Builder
	switch o.Model {
	case NaiveBayes:
		fmt.Fprintf(&b, "alpha=%g", o.Alpha)
	case SVM, Logistic:
		fmt.Fprintf(&b, "C=%g", o.C)
	}
	fmt.Fprintf(&b, " balance=%s ngrams=1-%d min_df=%d tf=%s stop_words=%s",
		o.Balance, map[bool]int{false: 1, true: 2}[o.Bigrams], max(o.MinDF, 1),
		map[bool]string{false: "raw", true: "sublinear"}[o.Sublinear],
		map[bool]string{false: "none", true: "english"}[o.StopWords])
	return b.String()
}

// Model is a trained ranking model, described well enough for a methods
// section to say what ordered the queue.
type Model struct {
	Kind     string // "tfidf+nb", "tfidf+logistic" or "tfidf+svm"
	Settings string // every setting that changes the ranking
	Trained  int    // labelled records it learned from
	Included int    // of them included
	Seed     uint64

	coef   []float32 // a weight per feature
	l1coef float32   // a weight on each row's sum of values (naive Bayes)
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
	l := newLearner(c, o)
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
	l.fit()
	return l.model(), nil
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
	type scored struct {
		s  float32
		id int64
	}
	ss := make([]scored, len(candidates))
	for i, id := range candidates {
		r, ok := c.rows[id]
		if !ok {
			ss[i] = scored{float32(math.Inf(-1)), id}
			continue
		}
		ss[i] = scored{c.score(m.coef, m.l1coef, r), id}
	}
	slices.SortFunc(ss, func(a, b scored) int {
		switch {
		case a.s > b.s:
			return -1
		case a.s < b.s:
			return 1
		}
		return cmpID(a.id, b.id)
	})
	out := make([]int64, len(ss))
	for i, s := range ss {
		out[i] = s.id
	}
	return out
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
