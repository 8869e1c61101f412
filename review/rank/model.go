package rank

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
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
	Model   string  // NaiveBayes or SVM
	Alpha   float64 // naive Bayes smoothing (ASReview: 3.822)
	C       float64 // SVM: inverse regularisation strength
	Balance string  // BalanceDouble, BalanceEqual or BalanceNone

	// Features (read by NewCorpus).
	Bigrams   bool // word pairs as well as words
	MinDF     int  // drop features found in fewer documents
	Sublinear bool // 1 + ln(tf) instead of tf
	StopWords bool // drop English function words

	DA, DAlpha, DB float64 // experiment

	// Seed is recorded with the model: the seed of the order a reviewer
	// saw before the learner could rank, and of the simulation's draws.
	Seed uint64
}

// DefaultOptions returns the settings winnow uses: the choice and the
// figures behind it are in this package's benchmark (bench_test.go).
func DefaultOptions() Options {
	return Options{
		Model:     NaiveBayes,
		Alpha:     3.822,
		C:         0.1,
		Balance:   BalanceDouble,
		MinDF:     1,
		StopWords: true,
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
		return fmt.Errorf("model %q: want %s or %s", o.Model, NaiveBayes, SVM)
	}
	switch o.Balance {
	case BalanceDouble, BalanceEqual, BalanceNone, "sampled":
	default:
		return fmt.Errorf("balance %q: want %s, %s or %s", o.Balance, BalanceDouble, BalanceEqual, BalanceNone)
	}
	return nil
}

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
	Kind     string // "tfidf+nb" or "tfidf+svm"
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

// Train fits a model to the labelled records. Ids must be in the corpus;
// a record both included and excluded is an error. The feature settings
// are the corpus's own; o gives the model's.
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

// learner trains a model incrementally: records are added one by one and
// fit refreshes the weights, so that a simulation retraining after every
// decision pays for the new record and the weights, not for the whole
// labelled set.
type learner struct {
	c      *Corpus
	o      Options
	rows   []int32 // labelled, in the order added
	y      []bool
	n1, n0 int

	// naive Bayes: each class's sum of tf-idf vectors and of their
	// values, and the features some labelled record has (the others
	// weigh 0).
	s1, s0  []float64
	t1, t0  float64
	touched []int32

	// SVM: dual variables (one per labelled row), the primal weights and
	// the bias, kept between fits as a warm start.
	alpha []float64
	w     []float64
	bias  float64
	rng   *rand.Rand
	perm  []int
	frac  []float64 // logistic: each row's dual variable as a share of its C

	coef   []float32
	l1coef float32
}

func newLearner(c *Corpus, o Options) *learner {
	l := &learner{c: c, o: o, coef: make([]float32, c.nfeat)}
	switch o.Model {
	case NaiveBayes:
		l.s1 = make([]float64, c.nfeat)
		l.s0 = make([]float64, c.nfeat)
	case SVM, Logistic:
		l.w = make([]float64, c.nfeat)
		l.rng = rand.New(rand.NewPCG(o.Seed, 0x5eed))
	}
	return l
}

func (l *learner) add(r int32, included bool) {
	l.rows = append(l.rows, r)
	l.y = append(l.y, included)
	if included {
		l.n1++
	} else {
		l.n0++
	}
	c := l.c
	switch l.o.Model {
	case NaiveBayes:
		s, t := l.s0, &l.t0
		if included {
			s, t = l.s1, &l.t1
		}
		for k := c.ptr[r]; k < c.ptr[r+1]; k++ {
			j := c.feat[k]
			if l.s1[j] == 0 && l.s0[j] == 0 {
				l.touched = append(l.touched, j)
			}
			s[j] += float64(c.val[k])
			*t += float64(c.val[k])
		}
	case SVM:
		l.alpha = append(l.alpha, 0)
	case Logistic:
		l.alpha = append(l.alpha, 0)
		l.frac = append(l.frac, 1e-3)
	}
}

// weights gives each class's per-record weight under the balance setting.
func (l *learner) weights() (w1, w0 float64) {
	n1, n0 := float64(l.n1), float64(l.n0)
	switch l.o.Balance {
	case BalanceEqual:
		n := n1 + n0
		return n / (2 * n1), n / (2 * n0)
	case BalanceDouble:
		// asreview.balance_strategies.double: a = 2.155, alpha = 0.94,
		// b = 0.789, beta = 1; the training set keeps its size, split
		// between the classes by these weights, at least one include and
		// two excludes.
		n := n1 + n0
		da, dalpha, db := 2.155, 0.94, 0.789
		if l.o.DA > 0 {
			da, dalpha, db = l.o.DA, l.o.DAlpha, l.o.DB
		}
		one := da * math.Pow(n1/n0, -dalpha)
		zero := 1 - (1-db)*math.Pow(1+math.Log(n), -1)
		ones := one * n1 * n / (one*n1 + zero*n0)
		ones = math.Max(1, math.Min(n-2, ones))
		if n < 3 {
			ones = n1
		}
		return ones / n1, (n - ones) / n0
	}
	return 1, 1
}

func (l *learner) fit() {
	switch l.o.Model {
	case NaiveBayes:
		l.fitNB()
	case SVM:
		l.fitSVM()
	case Logistic:
		l.fitLR()
	}
}

// fitNB sets the weights to the log-odds of multinomial naive Bayes:
// score(x) = Σ x_j (log θ1_j − log θ0_j), with
// θc_j = (α + w_c s_c,j) / (α V + w_c Σ_j s_c,j). The per-class
// normaliser multiplies each row's sum of values (l1coef); the class
// prior is the same for every record and left out.
func (l *learner) fitNB() {
	if l.o.Balance == "sampled" {
		l.fitNBSampled()
		return
	}
	w1, w0 := l.weights()
	a := l.o.Alpha
	for _, j := range l.touched {
		l.coef[j] = float32(math.Log((a + w1*l.s1[j]) / (a + w0*l.s0[j])))
	}
	v := a * float64(len(l.s1))
	l.l1coef = float32(math.Log((v + w0*l.t0) / (v + w1*l.t1)))
}

// fitSVM runs dual coordinate descent (Hsieh et al. 2008, liblinear's
// default solver) for the L2-regularised squared-hinge SVM with a bias
// feature of 1, each record's C scaled by its class weight, starting from
// the previous fit's dual variables.
func (l *learner) fitSVM() {
	c := l.c
	w1, w0 := l.weights()
	n := len(l.rows)
	if cap(l.perm) < n {
		l.perm = make([]int, n, 2*n)
	}
	l.perm = l.perm[:n]
	for i := range l.perm {
		l.perm[i] = i
	}
	const eps = 0.1
	for iter := 0; iter < 50; iter++ {
		l.rng.Shuffle(n, func(i, j int) { l.perm[i], l.perm[j] = l.perm[j], l.perm[i] })
		maxPG, minPG := math.Inf(-1), math.Inf(1)
		for _, i := range l.perm {
			r := l.rows[i]
			y, cw := -1.0, w0
			if l.y[i] {
				y, cw = 1, w1
			}
			d := 1 / (2 * l.o.C * cw)
			lo, hi := c.ptr[r], c.ptr[r+1]
			wx := l.bias
			for k := lo; k < hi; k++ {
				wx += l.w[c.feat[k]] * float64(c.val[k])
			}
			// The rows are l2-normalised, so x·x is 1, and 1 more for the bias.
			qii := 2.0
			if hi == lo {
				qii = 1
			}
			a := l.alpha[i]
			g := y*wx - 1 + d*a
			pg := g
			if a == 0 && g > 0 {
				pg = 0
			}
			maxPG, minPG = max(maxPG, pg), min(minPG, pg)
			if pg == 0 {
				continue
			}
			na := max(a-g/(qii+d), 0)
			l.alpha[i] = na
			step := (na - a) * y
			for k := lo; k < hi; k++ {
				l.w[c.feat[k]] += step * float64(c.val[k])
			}
			l.bias += step
		}
		if maxPG-minPG < eps {
			break
		}
	}
	for j, v := range l.w {
		l.coef[j] = float32(v)
	}
	l.l1coef = 0
}

func (l *learner) model() *Model {
	return &Model{
		Kind:     l.o.kind(),
		Settings: l.o.settings(),
		Trained:  len(l.rows),
		Included: l.n1,
		Seed:     l.o.Seed,
		coef:     slices.Clone(l.coef),
		l1coef:   l.l1coef,
	}
}

// fitNBSampled is ASReview's double balance with its random draws (an experiment).
func (l *learner) fitNBSampled() {
	if l.rng == nil {
		l.rng = rand.New(rand.NewPCG(l.o.Seed, 0x5eed))
	}
	o := l.o
	o.Balance = BalanceDouble
	save := l.o
	l.o = o
	w1, _ := l.weights()
	l.o = save
	n := len(l.rows)
	ones := w1 * float64(l.n1)
	n1t := int(ones)
	if l.rng.Float64() < ones-float64(n1t) {
		n1t++
	}
	n1t = max(1, min(n-2, n1t))
	if n < 3 {
		n1t = l.n1
	}
	n0t := n - n1t
	var inc, exc []int32
	for i, r := range l.rows {
		if l.y[i] {
			inc = append(inc, r)
		} else {
			exc = append(exc, r)
		}
	}
	fill := func(src []int32, k int) []int32 {
		var out []int32
		for k >= len(src) {
			out = append(out, src...)
			k -= len(src)
		}
		p := l.rng.Perm(len(src))
		for _, i := range p[:k] {
			out = append(out, src[i])
		}
		return out
	}
	c := l.c
	s1 := make([]float64, c.nfeat)
	s0 := make([]float64, c.nfeat)
	var t1, t0 float64
	for _, r := range fill(inc, n1t) {
		for k := c.ptr[r]; k < c.ptr[r+1]; k++ {
			s1[c.feat[k]] += float64(c.val[k])
			t1 += float64(c.val[k])
		}
	}
	for _, r := range fill(exc, n0t) {
		for k := c.ptr[r]; k < c.ptr[r+1]; k++ {
			s0[c.feat[k]] += float64(c.val[k])
			t0 += float64(c.val[k])
		}
	}
	a := l.o.Alpha
	for j := range s1 {
		l.coef[j] = float32(math.Log((a + s1[j]) / (a + s0[j])))
	}
	v := a * float64(len(s1))
	l.l1coef = float32(math.Log((v + t0) / (v + t1)))
}

// fitLR runs dual coordinate descent for L2-regularised logistic
// regression (Yu, Huang and Lin 2011; liblinear's solver 7) with a bias
// feature of 1 and each record's C scaled by its class weight. Each dual
// variable keeps its share of its bound between fits, so a change of
// class weights rescales it and the weights are rebuilt from them.
func (l *learner) fitLR() {
	c := l.c
	w1, w0 := l.weights()
	n := len(l.rows)
	bound := func(i int) float64 {
		if l.y[i] {
			return l.o.C * w1
		}
		return l.o.C * w0
	}
	clear(l.w)
	l.bias = 0
	for i, r := range l.rows {
		y := -1.0
		if l.y[i] {
			y = 1
		}
		a := l.frac[i] * bound(i)
		l.alpha[i] = a
		for k := c.ptr[r]; k < c.ptr[r+1]; k++ {
			l.w[c.feat[k]] += y * a * float64(c.val[k])
		}
		l.bias += y * a
	}
	if cap(l.perm) < n {
		l.perm = make([]int, n, 2*n)
	}
	l.perm = l.perm[:n]
	for i := range l.perm {
		l.perm[i] = i
	}
	const eps = 0.01
	for iter := 0; iter < 50; iter++ {
		l.rng.Shuffle(n, func(i, j int) { l.perm[i], l.perm[j] = l.perm[j], l.perm[i] })
		gmax := 0.0
		for _, i := range l.perm {
			r := l.rows[i]
			y := -1.0
			if l.y[i] {
				y = 1
			}
			C := bound(i)
			lo, hi := c.ptr[r], c.ptr[r+1]
			wx := l.bias
			for k := lo; k < hi; k++ {
				wx += l.w[c.feat[k]] * float64(c.val[k])
			}
			qa := 2.0
			if hi == lo {
				qa = 1
			}
			b := y * wx
			a1, a2 := l.alpha[i], C-l.alpha[i]
			sign := 1.0
			if 0.5*qa*(a2-a1)+b < 0 {
				a1, a2, sign = a2, a1, -1
			}
			old := a1
			z := old
			if C-z < 0.5*C {
				z *= 0.1
			}
			gp := qa*(z-old) + sign*b + math.Log(z/(C-z))
			gmax = max(gmax, math.Abs(gp))
			inner := 0
			for ; inner < 100 && math.Abs(gp) >= 1e-2*eps; inner++ {
				gpp := qa + C/(C-z)/z
				if t := z - gp/gpp; t <= 0 {
					z *= 0.1
				} else {
					z = t
				}
				gp = qa*(z-old) + sign*b + math.Log(z/(C-z))
			}
			if inner == 0 {
				continue
			}
			na := z
			if sign < 0 {
				na = C - z
			}
			step := (na - l.alpha[i]) * y
			l.alpha[i] = na
			l.frac[i] = na / C
			for k := lo; k < hi; k++ {
				l.w[c.feat[k]] += step * float64(c.val[k])
			}
			l.bias += step
		}
		if gmax < eps {
			break
		}
	}
	for j, v := range l.w {
		l.coef[j] = float32(v)
	}
	l.l1coef = 0
}
