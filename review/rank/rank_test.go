package rank

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// careDocs is a small review about integrated care: ids 1-6 are about
// integrated care for older people (relevant), 7-14 about fractures.
func careDocs() []Doc {
	return []Doc{
		{1, "Integrated care for older people with multimorbidity: a randomised trial of case management in primary care"},
		{2, "Integrated health and social care for frail older adults: evaluation of a community care pathway"},
		{3, "Effects of integrated care on hospital admission among older people living at home"},
		{4, "Case management and care coordination in integrated primary and social care: a qualitative study"},
		{5, "Integrated community care teams for older people with complex needs: a mixed methods evaluation"},
		{6, "Does integrated care reduce emergency admissions of frail older people? A cohort study"},
		{7, "Surgical fixation of distal radius fracture in adults: a randomised trial"},
		{8, "Hip fracture surgery within 48 hours and mortality: a cohort study"},
		{9, "Vertebral fracture after osteoporosis treatment: bone density and fracture risk"},
		{10, "Ankle fracture fixation versus casting: functional outcomes at one year"},
		{11, "Fracture healing with locking plates in the proximal humerus"},
		{12, "Stress fracture of the tibia in military recruits: incidence and bone risk"},
		{13, "Scaphoid fracture diagnosis with MRI after a fall on the outstretched hand"},
		{14, "Pelvic fracture fixation and bleeding in trauma patients"},
	}
}

func mustCorpus(t testing.TB, docs []Doc, o Options) *Corpus {
	t.Helper()
	c, err := NewCorpus(docs, o)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestLearnerRanksTheRelevantFirst(t *testing.T) {
	for _, kind := range []string{NaiveBayes, Logistic, SVM, Fusion, Switch} {
		t.Run(kind+" puts the integrated care records before the fractures", func(t *testing.T) {
			o := DefaultOptions()
			o.Model = kind
			c := mustCorpus(t, careDocs(), o)
			m, err := c.Train([]int64{1, 2}, []int64{7, 8}, o)
			if err != nil {
				t.Fatal(err)
			}
			got := c.Rank(m, []int64{14, 13, 12, 11, 10, 9, 6, 5, 4, 3})
			top := slices.Clone(got[:4])
			slices.Sort(top)
			if !slices.Equal(top, []int64{3, 4, 5, 6}) {
				t.Errorf("order %v: want 3, 4, 5, 6 first in some order", got)
			}
			if m.Trained != 4 || m.Included != 2 {
				t.Errorf("trained %d (%d included), want 4 (2)", m.Trained, m.Included)
			}
		})
	}
}

func TestRankIsDeterministic(t *testing.T) {
	o := DefaultOptions()
	var first []int64
	for i := range 3 {
		c := mustCorpus(t, careDocs(), o)
		m, err := c.Train([]int64{1}, []int64{9}, o)
		if err != nil {
			t.Fatal(err)
		}
		got := c.Rank(m, []int64{2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14})
		if i == 0 {
			first = got
			continue
		}
		if !slices.Equal(got, first) {
			t.Fatalf("run %d ranked %v, run 0 %v", i, got, first)
		}
	}
}

func TestTrainIgnoresTheOrderOfDecisions(t *testing.T) {
	docs, labels := topicDocs(500, 4)
	var inc, exc, rest []int64
	for _, d := range docs[:300] {
		if labels[d.ID] {
			inc = append(inc, d.ID)
		} else {
			exc = append(exc, d.ID)
		}
	}
	for _, d := range docs[300:] {
		rest = append(rest, d.ID)
	}
	for _, kind := range []string{NaiveBayes, Logistic, SVM, Fusion, Switch} {
		o := DefaultOptions()
		o.Model = kind
		c := mustCorpus(t, docs, o)
		m1, err := c.Train(inc, exc, o)
		if err != nil {
			t.Fatal(err)
		}
		inc2, exc2 := slices.Clone(inc), slices.Clone(exc)
		slices.Reverse(inc2)
		rand.New(rand.NewPCG(1, 2)).Shuffle(len(exc2), func(i, j int) { exc2[i], exc2[j] = exc2[j], exc2[i] })
		m2, err := c.Train(inc2, exc2, o)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.EqualFunc(m1.parts, m2.parts, func(a, b part) bool { return slices.Equal(a.coef, b.coef) && a.l1coef == b.l1coef }) {
			t.Errorf("%s: the decisions in another order gave other weights", kind)
		}
		if !slices.Equal(c.Rank(m1, rest), c.Rank(m2, rest)) {
			t.Errorf("%s: the decisions in another order gave another ranking", kind)
		}
	}
}

func TestRankBreaksTiesByID(t *testing.T) {
	o := DefaultOptions()
	docs := []Doc{{1, "alpha beta"}, {2, "gamma delta"}, {30, "same words here"}, {20, "same words here"}, {10, "same words here"}}
	c := mustCorpus(t, docs, o)
	m, err := c.Train([]int64{1}, []int64{2}, o)
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Rank(m, []int64{30, 10, 20, 99}); !slices.Equal(got, []int64{10, 20, 30, 99}) {
		t.Errorf("got %v, want equal scores by id and the unknown id last", got)
	}
}

func TestTrainRefuses(t *testing.T) {
	o := DefaultOptions()
	c := mustCorpus(t, careDocs(), o)
	for _, tc := range []struct {
		name     string
		inc, exc []int64
		want     string
	}{
		{"without an exclude", []int64{1}, nil, ErrNeedBoth.Error()},
		{"without an include", nil, []int64{7}, ErrNeedBoth.Error()},
		{"an unknown record", []int64{1, 99}, []int64{7}, "record 99 is not in the corpus"},
		{"a record both included and excluded", []int64{1}, []int64{7, 1}, "record 1 is both included and excluded"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := c.Train(tc.inc, tc.exc, o)
			if err == nil || err.Error() != tc.want {
				t.Errorf("err %v, want %q", err, tc.want)
			}
		})
	}
	if _, err := c.Train(nil, []int64{7}, o); !errors.Is(err, ErrNeedBoth) {
		t.Errorf("err %v is not ErrNeedBoth", err)
	}
	if _, err := NewCorpus([]Doc{{1, "a"}, {1, "b"}}, o); err == nil {
		t.Error("a repeated record id was accepted")
	}
}

func TestDescribe(t *testing.T) {
	o := DefaultOptions()
	o.Seed = 7
	c := mustCorpus(t, careDocs(), o)
	m, err := c.Train([]int64{1, 2, 3}, []int64{7, 8, 9, 10}, o)
	if err != nil {
		t.Fatal(err)
	}
	d := m.Describe()
	for _, want := range []string{"tfidf+" + o.Model, "balance=" + o.Balance, "trained on 7 (3 included) seed 7"} {
		if !strings.Contains(d, want) {
			t.Errorf("%q lacks %q", d, want)
		}
	}
}

func TestRandomOrder(t *testing.T) {
	ids := make([]int64, 200)
	for i := range ids {
		ids[i] = int64(i + 1)
	}
	a := RandomOrder(ids, 42)
	if !slices.Equal(a, RandomOrder(slices.Clone(ids), 42)) {
		t.Error("the same seed gave two orders")
	}
	if slices.Equal(a, RandomOrder(ids, 43)) {
		t.Error("seeds 42 and 43 gave the same order")
	}
	if slices.Equal(a, ids) {
		t.Error("the order is the input order")
	}
	sorted := slices.Clone(a)
	slices.Sort(sorted)
	if !slices.Equal(sorted, ids) {
		t.Error("the order is not a permutation of the ids")
	}
	// Records added later do not move the others.
	sub := RandomOrder(ids[:100], 42)
	var kept []int64
	for _, id := range a {
		if id <= 100 {
			kept = append(kept, id)
		}
	}
	if !slices.Equal(sub, kept) {
		t.Error("adding records changed the order of the others")
	}
}

func TestEvaluateByHand(t *testing.T) {
	// N = 10, inclusions seen 1st, 3rd and 8th.
	seen := make([]bool, 10)
	seen[0], seen[2], seen[7] = true, true, true
	got := Evaluate(seen)
	// ⌈0.95·3⌉ = 3 inclusions, reached at record 8.
	// found(k) = 1 1 2 2 2 2 2 3 3 3; trapezoids between k = 1..10:
	// 1 + 1.5 + 2 + 2 + 2 + 2 + 2.5 + 3 + 3 = 19.
	// best = N·R − R²/2 − 1/2 = 25, worst = R²/2 = 4.5.
	want := Figures{
		ScreenedTo95:  8,
		ScreenedTo100: 8,
		WSS95:         (10.0-8)/10 - 0.05,
		WSS100:        (10.0 - 8) / 10,
		RecallAt10:    1.0 / 3, // after ⌊1.0⌋ = 1 record
		RecallAt25:    1.0 / 3, // after ⌊2.5⌋ = 2
		RecallAt50:    2.0 / 3, // after 5
		ATD:           (1.0 + 3 + 8) / 3 / 10,
		Loss:          (25 - 19) / (25 - 4.5),
	}
	if d := diffFigures(got, want, 1e-12); d != "" {
		t.Error(d)
	}

	t.Run("perfect and worst orders give loss 0 and 1", func(t *testing.T) {
		perfect := []bool{true, true, false, false, false, false}
		if f := Evaluate(perfect); f.Loss != 0 || f.WSS100 != 4.0/6 {
			t.Errorf("perfect: loss %g, WSS@100 %g", f.Loss, f.WSS100)
		}
		worst := []bool{false, false, false, false, true, true}
		if f := Evaluate(worst); f.Loss != 1 || f.WSS100 != 0 {
			t.Errorf("worst: loss %g, WSS@100 %g", f.Loss, f.WSS100)
		}
	})
}

func diffFigures(got, want Figures, tol float64) string {
	var b strings.Builder
	names := []string{"screened_to_95", "screened_to_100", "wss_95", "wss_100", "recall_at_10pct", "recall_at_25pct", "recall_at_50pct", "atd", "loss"}
	i := 0
	got.each(&want, func(g, w *float64) {
		if d := *g - *w; d > tol || d < -tol || *g != *g {
			fmt.Fprintf(&b, "%s: got %.6f, want %.6f\n", names[i], *g, *w)
		}
		i++
	})
	return b.String()
}

func TestRecallCurve(t *testing.T) {
	got := RecallCurve([]bool{false, true, true, false})
	want := []Point{{0, 0}, {0.25, 0}, {0.5, 0.5}, {0.75, 1}, {1, 1}}
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

// TestOrderTopKIsTheSortedPrefix checks that the batch picked by the heap
// (a few of many) is the first k of the whole pool sorted, ties by id.
func TestOrderTopKIsTheSortedPrefix(t *testing.T) {
	var docs []Doc
	for i := range 400 {
		// Few distinct texts, so that many scores are equal.
		docs = append(docs, Doc{ID: int64(1000 - i), Text: careDocs()[i%14].Text})
	}
	o := DefaultOptions()
	o.Model = NaiveBayes
	o.Balance = BalanceDouble
	c := mustCorpus(t, docs, o)
	m, err := c.Train([]int64{1000, 999}, []int64{994, 993}, o)
	if err != nil {
		t.Fatal(err)
	}
	rows := make([]int32, 0, c.Len())
	for r := 4; r < c.Len(); r++ {
		rows = append(rows, int32(r))
	}
	all := c.order(m.parts, rows, len(rows), nil)
	for _, k := range []int{2, 7, 30} {
		got := c.order(m.parts, slices.Clone(rows), k, nil)
		if !slices.Equal(got, all[:k]) {
			t.Errorf("k=%d: %v, want %v", k, got, all[:k])
		}
	}
}

// TestTrainReusesLearner: a corpus keeps the last Train's learner for the
// next, cleared; a model trained after others, on other records and with
// other settings, is the one a fresh corpus trains.
func TestTrainReusesLearner(t *testing.T) {
	docs, labels := synthAbstracts(2000, 5)
	var inc, exc, all []int64
	for _, d := range docs {
		all = append(all, d.ID)
		if labels[d.ID] {
			inc = append(inc, d.ID)
		} else {
			exc = append(exc, d.ID)
		}
	}
	for _, preset := range []string{PresetNB, PresetELAS, PresetSwitch, PresetFusion} {
		o, err := Preset(preset)
		if err != nil {
			t.Fatal(err)
		}
		used, err := NewCorpus(docs, o)
		if err != nil {
			t.Fatal(err)
		}
		// Earlier trainings: more records, fewer, another model.
		other := o
		other.Model = NaiveBayes
		for _, step := range []struct {
			inc, exc []int64
			o        Options
		}{{inc, exc, o}, {inc[:3], exc[:40], o}, {inc, exc[:500], other}, {inc[1:], exc[7:], o}} {
			if _, err := used.Train(step.inc, step.exc, step.o); err != nil {
				t.Fatal(err)
			}
		}
		fresh, err := NewCorpus(docs, o)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range []int{len(inc) / 2, 2} {
			m1, err := used.Train(inc[:n], exc[:300], o)
			if err != nil {
				t.Fatal(err)
			}
			m2, err := fresh.Train(inc[:n], exc[:300], o)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(used.Rank(m1, all), fresh.Rank(m2, all)) {
				t.Errorf("%s, %d includes: a reused learner ranks otherwise than a new one", preset, n)
			}
		}
	}
}
