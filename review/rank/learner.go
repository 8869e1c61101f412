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

	coef   []float32
	l1coef float32

	// Fusion and Switch: the naive Bayes and the SVM learners, each
	// given every record.
	nb, svm *learner
}

func newLearner(c *Corpus, o Options) *learner {
	if o.Model == Fusion || o.Model == Switch {
		return &learner{c: c, o: o, nb: newLearner(c, o.member(NaiveBayes)), svm: newLearner(c, o.member(SVM))}
	}
	l := &learner{c: c, o: o, coef: make([]float32, c.nfeat)}
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
	l.rows, l.y = l.rows[:0], l.y[:0]
	l.n1, l.n0 = 0, 0
	l.l1coef = 0
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
		l.alpha, l.frac = l.alpha[:0], l.frac[:0]
		l.bias = 0
		l.rng = rand.New(rand.NewPCG(l.o.Seed, 0x5eed))
	}
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
	case Fusion, Switch:
		l.nb.add(r, included)
		l.svm.add(r, included)
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
		}
		*t += float64(c.l1[r])
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
		if l.n1 < l.o.SwitchAt {
			l.nb.fit()
		} else {
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
	for _, j := range l.touched {
		l.coef[j] = float32(math.Log((a + w1*l.s1[j]) / (a + w0*l.s0[j])))
	}
	v := a * float64(l.c.vocab)
	l.l1coef = float32(math.Log((v + w0*l.t0) / (v + w1*l.t1)))
}

// parts gives the scorers of the last fit; they change with the next.
func (l *learner) parts() []part {
	switch l.o.Model {
	case Fusion:
		return []part{{l.nb.coef, l.nb.l1coef}, {l.svm.coef, l.svm.l1coef}}
	case Switch:
		if l.n1 < l.o.SwitchAt {
			return l.nb.parts()
		}
		return l.svm.parts()
	}
	return []part{{l.coef, l.l1coef}}
}

func (l *learner) model() *Model {
	ps := l.parts()
	for i := range ps {
		ps[i].coef = slices.Clone(ps[i].coef)
	}
	return &Model{
		Kind:     l.o.kind(),
		Settings: l.o.settings(),
		Trained:  len(l.rows),
		Included: l.n1,
		Seed:     l.o.Seed,
		parts:    ps,
	}
}
