package rank

import (
	"math"
	"math/rand/v2"
	"slices"
)

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

	// SVM and logistic regression (linear.go): dual variables (one per
	// labelled row), the primal weights and the bias, kept between fits
	// as a warm start, and the seeded order of each pass.
	alpha []float64
	w     []float64
	bias  float64
	rng   *rand.Rand
	perm  []int
	frac  []float64 // logistic: each row's dual variable as a share of its C
	// cfrac is logistic's other dual variable of each row (C less the
	// first) as a share of C, kept apart as liblinear keeps it: computed
	// as 1 − frac it rounds to 0 when frac nears 1, and the solver's
	// log(z / (C − z)) then makes NaN weights.
	cfrac []float64

	coef   []float32
	l1coef float32

	// Fusion and Switch: the naive Bayes and the SVM learners, each
	// given every record.
	nb, svm *learner

	// mat holds the labelled rows' vectors decoded, for a compact corpus
	// (nil for the plain layout, whose rows are read in place); Fusion's
	// and Switch's halves share their parent's.
	mat *decoded
	// own is set on a half whose corpus is not its parent's (its rows
	// the same records): its scores are computed on its own.
	own bool

	// presumed is the number of rows at the end of rows that are
	// presumed exclusions, in for one fit (see presume); naive Bayes
	// keeps what they changed, to put it back exactly.
	presumed int
	nbSaved  nbSaved
	only     *learner // Switch: the half presumed rows go to
	// live, when set (a simulation), counts for each feature the records
	// not yet screened that have it; naive Bayes leaves the weight of a
	// feature none has as it was, since no score reads it again.
	live []int32
	// lastPresumed holds the SVM's dual variables of the last presumed
	// rows, a warm start for the next (see inherit).
	lastPresumed []float64
}

// decoded is the labelled rows' vectors of a compact corpus, in the
// order added: row i's are feat[ends[i-1]:ends[i]] (from 0 for the
// first). Training reads every labelled row many times; decoding each
// once costs 8 bytes a value for the decided records only.
type decoded struct {
	feat []int32
	val  []float32
	ends []int
}

// vec gives the vector of the i-th row added.
func (l *learner) vec(i int) ([]int32, []float32) {
	if l.mat == nil {
		c, r := l.c, l.rows[i]
		lo, hi := c.ptr[r], c.ptr[r+1]
		return c.feat[lo:hi], c.val[lo:hi]
	}
	lo := 0
	if i > 0 {
		lo = l.mat.ends[i-1]
	}
	hi := l.mat.ends[i]
	return l.mat.feat[lo:hi], l.mat.val[lo:hi]
}

func newLearner(c *Corpus, o Options) *learner {
	var mat *decoded
	if c.code != nil {
		mat = &decoded{}
	}
	return newLearnerWith(c, o, mat)
}

func newLearnerWith(c *Corpus, o Options, mat *decoded) *learner {
	return newLearnerNB(c, nil, o, mat)
}

// newLearnerNB is newLearnerWith with, for Fusion and Switch, the naive
// Bayes half on its own features: nbc, a plain corpus of the same
// records in the same rows (nil: c's).
func newLearnerNB(c, nbc *Corpus, o Options, mat *decoded) *learner {
	if o.Model == Fusion || o.Model == Switch {
		nb := newLearnerWith(c, o.member(NaiveBayes), mat)
		if nbc != nil {
			nb = newLearnerWith(nbc, o.member(NaiveBayes), nil)
			nb.own = true
		}
		return &learner{c: c, o: o, mat: mat, nb: nb, svm: newLearnerWith(c, o.member(SVM), mat)}
	}
	l := &learner{c: c, o: o, mat: mat, coef: make([]float32, c.nfeat)}
	switch o.Model {
	case NaiveBayes:
		l.s1 = make([]float64, c.nfeat)
		l.s0 = make([]float64, c.nfeat)
	case SVM:
		l.rng = rand.New(rand.NewPCG(o.Seed, 0x5eed))
	case Logistic:
		l.w = make([]float64, c.nfeat)
		l.rng = rand.New(rand.NewPCG(o.Seed, 0x5eed))
	}
	return l
}

// reset empties the learner for a new set of records, keeping its
// arrays.
func (l *learner) reset() {
	if l.mat != nil {
		l.mat.feat, l.mat.val, l.mat.ends = l.mat.feat[:0], l.mat.val[:0], l.mat.ends[:0]
	}
	l.rows, l.y = l.rows[:0], l.y[:0]
	l.n1, l.n0 = 0, 0
	l.l1coef = 0
	l.presumed, l.only = 0, nil
	l.lastPresumed = l.lastPresumed[:0]
	l.nbSaved = nbSaved{feat: l.nbSaved.feat[:0], s0: l.nbSaved.s0[:0]}
	if l.nb != nil {
		l.nb.reset()
		l.svm.reset()
		return
	}
	switch l.o.Model {
	case NaiveBayes:
		// Only the features of the records added have weights.
		for _, j := range l.touched {
			l.s1[j], l.s0[j], l.coef[j] = 0, 0, 0
		}
		l.touched = l.touched[:0]
		l.t1, l.t0 = 0, 0
	case SVM, Logistic:
		clear(l.coef)
		clear(l.w)
		l.alpha, l.frac, l.cfrac = l.alpha[:0], l.frac[:0], l.cfrac[:0]
		l.bias = 0
		l.rng = rand.New(rand.NewPCG(l.o.Seed, 0x5eed))
	}
}

func (l *learner) add(r int32, included bool) {
	if l.mat != nil {
		m := l.mat
		m.feat, m.val = l.c.vector(r, m.feat, m.val)
		m.ends = append(m.ends, len(m.feat))
	}
	l.addRow(r, included)
}

// addRow adds a row whose vector vec gives.
func (l *learner) addRow(r int32, included bool) {
	l.rows = append(l.rows, r)
	l.y = append(l.y, included)
	if included {
		l.n1++
	} else {
		l.n0++
	}
	c := l.c
	switch l.o.Model {
	case Fusion, Switch:
		if l.only != nil {
			l.only.addRow(r, included)
			break
		}
		l.nb.addRow(r, included)
		l.svm.addRow(r, included)
	case NaiveBayes:
		s, t := l.s0, &l.t0
		if included {
			s, t = l.s1, &l.t1
		}
		feat, val := l.vec(len(l.rows) - 1)
		if l.nbSaved.on {
			l.addPresumedNB(feat, val)
		} else {
			for k, j := range feat {
				if l.s1[j] == 0 && l.s0[j] == 0 {
					l.touched = append(l.touched, j)
				}
				s[j] += float64(val[k])
			}
		}
		*t += float64(c.l1[r])
	case SVM:
		l.alpha = append(l.alpha, 0)
	case Logistic:
		l.alpha = append(l.alpha, 0)
		l.frac, l.cfrac = append(l.frac, 1e-3), append(l.cfrac, 1-1e-3)
	}
}

// weights gives each class's per-record weight under the balance setting.
func (l *learner) weights() (w1, w0 float64) {
	n1, n0 := float64(l.n1), float64(l.n0)
	switch l.o.Balance {
	case BalanceEqual:
		n := n1 + n0
		return n / (2 * n1), n / (2 * n0)
	case BalanceRatio:
		// asreview/models/balancers.py, Balanced: sample weights 1 and
		// n1 / (ratio n0), scaled to sum to n.
		w0 := n1 / (l.o.Ratio * n0)
		s := (n1 + n0) / (n1 + n0*w0)
		return s, s * w0
	case BalanceDouble:
		// asreview.balance_strategies.double: a = 2.155, alpha = 0.94,
		// b = 0.789, beta = 1; the training set keeps its size, split
		// between the classes by these weights, at least one include and
		// two excludes.
		n := n1 + n0
		one := 2.155 * math.Pow(n1/n0, -0.94)
		zero := 1 - (1-0.789)*math.Pow(1+math.Log(n), -1)
		ones := one * n1 * n / (one*n1 + zero*n0)
		ones = math.Max(1, math.Min(n-2, ones))
		return ones / n1, (n - ones) / n0
	}
	return 1, 1
}

func (l *learner) fit() {
	switch l.o.Model {
	case Fusion:
		l.nb.fit()
		l.svm.fit()
	case Switch:
		switch {
		case l.fusing():
			l.nb.fit()
			l.svm.fit()
		case l.n1 < l.o.SwitchAt:
			l.nb.fit()
		default:
			l.svm.fit()
		}
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
	w1, w0 := l.weights()
	a := l.o.Alpha
	if live := l.live; live != nil {
		for _, j := range l.touched {
			if live[j] > 0 {
				l.coef[j] = float32(math.Log((a + w1*l.s1[j]) / (a + w0*l.s0[j])))
			}
		}
	} else {
		for _, j := range l.touched {
			l.coef[j] = float32(math.Log((a + w1*l.s1[j]) / (a + w0*l.s0[j])))
		}
	}
	v := a * float64(l.c.vocab)
	l.l1coef = float32(math.Log((v + w0*l.t0) / (v + w1*l.t1)))
}

// parts gives the scorers of the last fit; they change with the next.
func (l *learner) parts() []part {
	switch {
	case l.fusing():
		return []part{{l.nb.coef, l.nb.l1coef, l.nb.other()}, {l.svm.coef, l.svm.l1coef, nil}}
	case l.o.Model == Switch:
		if l.n1 < l.o.SwitchAt {
			return l.nb.parts()
		}
		return l.svm.parts()
	}
	return []part{{l.coef, l.l1coef, l.other()}}
}

// fusing tells whether the next fit ranks by the fusion of both halves:
// always for Fusion, and for a Switch from Fusion until SwitchAt
// includes are known.
func (l *learner) fusing() bool {
	switch l.o.Model {
	case Fusion:
		return true
	case Switch:
		return l.o.SwitchFrom == Fusion && l.n1 < l.o.SwitchAt
	}
	return false
}

// other gives the learner's corpus when it is not its parent's (the
// naive Bayes half on its own features), nil otherwise.
func (l *learner) other() *Corpus {
	if l.own {
		return l.c
	}
	return nil
}

func (l *learner) model() *Model {
	ps := l.parts()
	for i := range ps {
		ps[i].coef = slices.Clone(ps[i].coef)
	}
	return &Model{
		Kind:     l.o.kind(),
		Settings: l.o.settings(),
		Trained:  len(l.rows) - l.presumed,
		Included: l.n1,
		Seed:     l.o.Seed,
		parts:    ps,
	}
}

// naiveBayes gives the naive Bayes learner that scores on l's corpus: l,
// or the half of Fusion or Switch; nil for another model, or a half with
// a corpus of its own.
func (l *learner) naiveBayes() *learner {
	switch {
	case l.o.Model == NaiveBayes:
		return l
	case l.nb != nil && !l.nb.own:
		return l.nb
	}
	return nil
}
