package rank

import (
	"math"
	"slices"
	"testing"
)

// presumedSetup gives a corpus of the topic review, a learner of the
// given model trained on its first 200 records, and the records not
// yet screened.
func presumedSetup(t *testing.T, model string) (*Corpus, *learner, []int32) {
	t.Helper()
	docs, labels := topicDocs(600, 3)
	o := DefaultOptions()
	o.Model = model
	c := mustCorpus(t, docs, o)
	l := newLearner(c, c.withFeatures(o))
	var open []int32
	for r, id := range c.ids {
		if r < 200 {
			l.add(int32(r), labels[id])
		} else {
			open = append(open, int32(r))
		}
	}
	return c, l, open
}

// TestPresumedNaiveBayesPutsItsSumsBack: naive Bayes's sums, and so its
// weights, are to the bit what they were once the presumed exclusions
// are taken out, and the presumed ones did change the fit.
func TestPresumedNaiveBayesPutsItsSumsBack(t *testing.T) {
	c, l, open := presumedSetup(t, NaiveBayes)
	l.fit()
	coef, s0, t0, touched := slices.Clone(l.coef), slices.Clone(l.s0), l.t0, len(l.touched)
	rows, n0 := len(l.rows), l.n0

	l.presume(c.presumedOpen(100, len(open), func(r int32) bool { return r >= 200 }, 7, rows))
	if len(l.rows) != rows+100 || l.n0 != n0+100 {
		t.Fatalf("presumed: %d rows, %d excluded; want %d, %d", len(l.rows), l.n0, rows+100, n0+100)
	}
	l.fit()
	if slices.Equal(l.coef, coef) {
		t.Fatal("100 presumed exclusions left the weights as they were")
	}
	l.unpresume()
	l.fit()
	if !slices.Equal(l.coef, coef) || !slices.Equal(l.s0, s0) || l.t0 != t0 || len(l.touched) != touched {
		t.Error("after the presumed exclusions were taken out, naive Bayes's sums or weights differ from before")
	}
	if len(l.rows) != rows || l.n0 != n0 {
		t.Errorf("after: %d rows, %d excluded; want %d, %d", len(l.rows), l.n0, rows, n0)
	}
}

// TestPresumedSVMKeepsItsWeightsTrue: once the presumed exclusions are
// out, the SVM's weights are still the sum of each labelled record's
// part (dual variable × label × vector), so the next fit starts from a
// point of the problem it solves.
func TestPresumedSVMKeepsItsWeightsTrue(t *testing.T) {
	c, l, open := presumedSetup(t, SVM)
	isOpen := func(r int32) bool { return r >= 200 }
	for round := range 3 {
		l.presume(c.presumedOpen(100, len(open), isOpen, 7, len(l.rows)+round))
		l.fit()
		l.unpresume()
		want := make([]float64, len(l.coef))
		bias := 0.0
		for i := range l.rows {
			y := -1.0
			if l.y[i] {
				y = 1
			}
			feat, val := l.vec(i)
			for k, j := range feat {
				want[j] += l.alpha[i] * y * float64(val[k])
			}
			bias += l.alpha[i] * y
		}
		worst := math.Abs(bias - l.bias)
		for j, w := range want {
			worst = max(worst, math.Abs(w-float64(l.coef[j])))
		}
		if worst > 1e-4 {
			t.Errorf("round %d: weights off the labelled records' parts by %g", round, worst)
		}
	}
}

// TestPresumedRows: a draw is open records only, distinct, repeatable,
// and never more than half of what is open.
func TestPresumedRows(t *testing.T) {
	docs, _ := topicDocs(1000, 5)
	c := mustCorpus(t, docs, DefaultOptions())
	for _, openN := range []int{1000, 900, 300, 150, 9, 1, 0} {
		isOpen := func(r int32) bool { return int(r) >= 1000-openN }
		got := c.presumedOpen(100, openN, isOpen, 3, 1000-openN)
		if want := min(100, openN/2); len(got) != want {
			t.Errorf("%d open: %d drawn, want %d", openN, len(got), want)
		}
		seen := map[int32]bool{}
		for _, r := range got {
			if !isOpen(r) || seen[r] {
				t.Errorf("%d open: row %d drawn, screened already or twice", openN, r)
			}
			seen[r] = true
		}
		if again := c.presumedOpen(100, openN, isOpen, 3, 1000-openN); !slices.Equal(got, again) {
			t.Errorf("%d open: the same seed and count drew other records", openN)
		}
	}
}

// TestTrainWithPresumed: a model trained with presumed exclusions says
// how many records it learnt from (not counting them), and is the same
// whatever order the decisions come in.
func TestTrainWithPresumed(t *testing.T) {
	docs, labels := topicDocs(500, 4)
	inc, exc := decided(docs[:300], labels)
	o := DefaultOptions()
	if o.Presumed == 0 {
		t.Fatal("the default takes no presumed exclusions; this test is about them")
	}
	c := mustCorpus(t, docs, o)
	m1, err := c.Train(inc, exc, o)
	if err != nil {
		t.Fatal(err)
	}
	if m1.Trained != 300 {
		t.Errorf("trained on %d, want 300 (the presumed exclusions are not decisions)", m1.Trained)
	}
	slices.Reverse(inc)
	slices.Reverse(exc)
	m2, err := c.Train(inc, exc, o)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.EqualFunc(m1.parts, m2.parts, func(a, b part) bool { return slices.Equal(a.coef, b.coef) && a.l1coef == b.l1coef }) {
		t.Error("the decisions in another order gave other weights")
	}
}

// TestPresumeNothing: a draw of no records (one record left) changes
// nothing, and the records screened after it still reach both halves
// of the switch.
func TestPresumeNothing(t *testing.T) {
	c, l, _ := presumedSetup(t, Switch)
	nb, svm := len(l.nb.rows), len(l.svm.rows)
	l.presume(nil)
	l.fit()
	l.unpresume()
	l.add(int32(c.Len()-1), false)
	if len(l.nb.rows) != nb+1 || len(l.svm.rows) != svm+1 {
		t.Errorf("after an empty draw a record reached %d and %d rows of the halves, want %d and %d", len(l.nb.rows), len(l.svm.rows), nb+1, svm+1)
	}
}

// TestLiveFeaturesScoreTheSame: naive Bayes told which features the
// records not yet screened have (as a simulation tells it) scores those
// records exactly as one that weighs every feature, through presumed
// exclusions and records screened between fits.
func TestLiveFeaturesScoreTheSame(t *testing.T) {
	c, all, open := presumedSetup(t, NaiveBayes)
	_, some, _ := presumedSetup(t, NaiveBayes)
	some.live = make([]int32, c.nfeat)
	for _, r := range open {
		for _, j := range c.feat[c.ptr[r]:c.ptr[r+1]] {
			some.live[j]++
		}
	}
	isOpen := map[int32]bool{}
	for _, r := range open {
		isOpen[r] = true
	}
	for round := range 5 {
		draw := c.presumedOpen(100, len(open), func(r int32) bool { return isOpen[r] }, 7, len(all.rows))
		for _, l := range []*learner{all, some} {
			l.presume(draw)
			l.fit()
		}
		a := c.scores(all.parts(), open, nil)
		b := c.scores(some.parts(), open, nil)
		if !slices.Equal(a, b) {
			t.Fatalf("round %d: the records not yet screened score otherwise when only live features are weighed", round)
		}
		// Screen the 20 best of the first learner's order, in both.
		for _, r := range c.order(all.parts(), open, 20, nil) {
			for _, l := range []*learner{all, some} {
				l.unpresume()
				l.add(r, round%2 == 0)
			}
			for _, j := range c.feat[c.ptr[r]:c.ptr[r+1]] {
				some.live[j]--
			}
			delete(isOpen, r)
		}
		open = slices.DeleteFunc(open, func(r int32) bool { return !isOpen[r] })
	}
	skipped := 0
	for _, j := range some.touched {
		if some.live[j] == 0 && some.coef[j] != all.coef[j] {
			skipped++
		}
	}
	if skipped == 0 {
		t.Error("no weight was left unrefreshed: the test does not reach the features no open record has")
	}
}

// TestPresumedOfAll: AutoTAR's draw from the whole collection keeps only
// records not yet screened, distinct, repeatable, at most half of what
// is open, and about Presumed × open / records of them.
func TestPresumedOfAll(t *testing.T) {
	docs, _ := topicDocs(1000, 5)
	c := mustCorpus(t, docs, DefaultOptions())
	o := DefaultOptions()
	o.PresumedOfAll = true
	for _, openN := range []int{1000, 900, 500, 300, 150, 9, 1, 0} {
		isOpen := func(r int32) bool { return int(r) >= 1000-openN }
		total := 0
		for labelled := range 50 {
			got := c.presumedRows(o, openN, isOpen, 3, labelled)
			if len(got) > openN/2 {
				t.Errorf("%d open: %d presumed, more than half", openN, len(got))
			}
			seen := map[int32]bool{}
			for _, r := range got {
				if !isOpen(r) || seen[r] {
					t.Errorf("%d open: row %d presumed, screened already or twice", openN, r)
				}
				seen[r] = true
			}
			if again := c.presumedRows(o, openN, isOpen, 3, labelled); !slices.Equal(got, again) {
				t.Errorf("%d open: the same seed and count drew other records", openN)
			}
			total += len(got)
		}
		// 50 draws of 100 from 1000: the mean kept is 100 × open/1000,
		// capped at half the open records.
		want := min(float64(openN)/10, float64(openN/2))
		if mean := float64(total) / 50; math.Abs(mean-want) > 3+want/10 {
			t.Errorf("%d open: %.1f presumed a draw on average, want about %.1f", openN, mean, want)
		}
	}
	// A collection smaller than two draws: every record can be drawn.
	small, _ := topicDocs(120, 5)
	cs := mustCorpus(t, small, DefaultOptions())
	got := cs.presumedRows(o, 120, func(int32) bool { return true }, 1, 0)
	if len(got) != 60 {
		t.Errorf("120 open of 120: %d presumed, want 60 (half)", len(got))
	}
}

// TestLogisticStaysFinite: logistic regression with a large C and
// presumed exclusions (some of them inclusions, so their dual variables
// go to their bound) keeps every weight finite. Its second dual
// variable, C less the first, was once computed from the first's share
// of C and rounded to 0, and the solver's log made NaN weights
// (Bannach-Brown_2019: WSS@95 0.08).
func TestLogisticStaysFinite(t *testing.T) {
	docs, labels := topicDocs(600, 9)
	o := elas()
	o.Model, o.C, o.Balance, o.Tol, o.Presumed = Logistic, 10, BalanceEqual, 0, 100
	c := mustCorpus(t, docs, o)
	l := newLearner(c, o)
	screened := make([]bool, c.Len())
	open := func(r int32) bool { return !screened[r] }
	for r := range int32(300) {
		// Every third record decided the wrong way: the hard rows whose
		// dual variables sit at their bound.
		l.add(r, labels[c.ids[r]] != (r%3 == 0))
		screened[r] = true
		l.presume(c.presumedRows(o, c.Len()-int(r)-1, open, 5, int(r)+1))
		l.fit()
		for j, w := range l.coef {
			if math.IsNaN(float64(w)) || math.IsInf(float64(w), 0) {
				t.Fatalf("after %d decisions: weight %d is %g", r+1, j, w)
			}
		}
		l.unpresume()
	}
}

// TestPresumedUntilSwitch: with PresumedUntilSwitch a switch trains
// with presumed exclusions while it has fewer includes than SwitchAt,
// and after that as if it took none.
func TestPresumedUntilSwitch(t *testing.T) {
	docs, labels := topicDocs(500, 4)
	inc, exc := decided(docs[:300], labels)
	o := DefaultOptions()
	c := mustCorpus(t, docs, o)
	train := func(at int, presumed int, until bool) []part {
		t.Helper()
		o := o
		o.SwitchAt, o.Presumed, o.PresumedUntilSwitch = at, presumed, until
		m, err := c.Train(inc, exc, o)
		if err != nil {
			t.Fatal(err)
		}
		return m.parts
	}
	same := func(a, b []part) bool {
		return slices.EqualFunc(a, b, func(a, b part) bool { return slices.Equal(a.coef, b.coef) && a.l1coef == b.l1coef })
	}
	n := len(inc) // 30 of the 300
	if same(train(n, 100, false), train(n, 0, false)) {
		t.Fatal("100 presumed exclusions did not change the SVM; the test cannot tell")
	}
	if !same(train(n, 100, true), train(n, 0, false)) {
		t.Errorf("with %d includes and the switch at %d the SVM took presumed exclusions", n, n)
	}
	if !same(train(n+1, 100, true), train(n+1, 100, false)) {
		t.Errorf("with %d includes and the switch at %d the fusion took no presumed exclusions", n, n+1)
	}
	o.Model, o.PresumedUntilSwitch = SVM, true
	if _, err := c.Train(inc, exc, o); err == nil {
		t.Error("presumed exclusions until the switch were taken for a model without one")
	}
}

// decided splits the ids of docs by their labels.
func decided(docs []Doc, labels map[int64]bool) (inc, exc []int64) {
	for _, d := range docs {
		if labels[d.ID] {
			inc = append(inc, d.ID)
		} else {
			exc = append(exc, d.ID)
		}
	}
	return inc, exc
}
