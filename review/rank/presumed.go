package rank

// Presumed exclusions (AutoTAR's "presumed non-relevant" records, Cormack
// and Grossman 2015): at every training a random draw of records not yet
// screened joins the training set as exclusions for that training only,
// standing for the background of the collection while the labelled
// exclusions are a few near misses. presume adds a draw, unpresume takes
// it out again exactly: naive Bayes's sums as they were to the bit, the
// SVM's weights less each presumed row's part. Options.Presumed sets the
// size of the draw; presumedRows draws it.

import (
	"math"
	"math/rand/v2"
	"slices"
)

// nbSaved is what presumed exclusions changed in a naive Bayes learner:
// the sums they added to, in order, with the values before, and the
// length of touched and t0 before them.
type nbSaved struct {
	on      bool
	feat    []int32
	s0      []float64
	touched int
	t0      float64
}

// addPresumedNB adds a presumed exclusion's vector to naive Bayes's
// sums, keeping each sum's value before it (a hundred rows at every
// training: the loop is the same as addRow's, without its branches).
func (l *learner) addPresumedNB(feat []int32, val []float32) {
	s1, s0 := l.s1, l.s0
	sf, ss := l.nbSaved.feat, l.nbSaved.s0
	// A feature is new when both its sums are 0 (they are never
	// negative): written at the end of touched every time, kept by
	// counting it, without a branch the data decides.
	touched := slices.Grow(l.touched, len(feat))
	n, room := len(touched), touched[:cap(touched)]
	for k, j := range feat {
		old := s0[j]
		room[n] = j
		b := math.Float64bits(old) | math.Float64bits(s1[j])
		n += int(1 - (b|-b)>>63) // 1 when b is 0
		sf, ss = append(sf, j), append(ss, old)
		s0[j] = old + float64(val[k])
	}
	l.touched, l.nbSaved.feat, l.nbSaved.s0 = room[:n], sf, ss
}

// presume adds rows, records not yet screened, as exclusions for the
// next fit only (AutoTAR's presumed non-relevant records); unpresume
// takes them out again. A learner holds one set at a time. Switch gives
// them only to the half that fits next.
func (l *learner) presume(rows []int32) {
	l.unpresume()
	l.only = nil
	if len(rows) == 0 {
		return
	}
	if l.o.Model == Switch && !l.fusing() {
		l.only = l.svm
		if l.n1 < l.o.SwitchAt {
			l.only = l.nb
		}
	}
	for _, h := range l.halves() {
		if h.o.Model == NaiveBayes {
			h.nbSaved = nbSaved{on: true, feat: h.nbSaved.feat[:0], s0: h.nbSaved.s0[:0], touched: len(h.touched), t0: h.t0}
		}
	}
	for _, r := range rows {
		l.add(r, false)
	}
	for _, h := range l.halves() {
		h.presumed, h.nbSaved.on = len(rows), false
		if h.o.Model == SVM {
			h.inherit()
		}
	}
}

// inherit starts each presumed row of an SVM from the dual variable of
// the presumed row in its place the last time: both are records drawn
// at random, and a warm start near the last solution needs fewer
// passes than one from 0.
func (l *learner) inherit() {
	n := len(l.rows) - l.presumed
	for k, a := range l.lastPresumed {
		i := n + k
		if i >= len(l.rows) || a == 0 {
			continue
		}
		l.alpha[i] = a
		l.axpyRow(i, float32(-a))
		l.bias -= a
	}
}

// halves gives the learners presume adds to: l itself, and the halves of
// Fusion (both) or Switch (the one that fits next).
func (l *learner) halves() []*learner {
	switch {
	case l.only != nil:
		return []*learner{l, l.only}
	case l.nb != nil:
		return []*learner{l, l.nb, l.svm}
	}
	return []*learner{l}
}

// unpresume takes the presumed exclusions out: naive Bayes's sums as
// they were before, to the bit; the SVM's weights less each one's part
// (its dual variable times its vector), a warm start for the next fit.
func (l *learner) unpresume() {
	k := l.presumed
	if k == 0 {
		return
	}
	hs := l.halves()
	for i := len(hs) - 1; i >= 0; i-- { // the halves first: they read the vectors the parent cuts
		hs[i].dropPresumed()
	}
	l.only = nil
	if m := l.mat; m != nil {
		n := len(l.rows)
		end := 0
		if n > 0 {
			end = m.ends[n-1]
		}
		m.feat, m.val, m.ends = m.feat[:end], m.val[:end], m.ends[:n]
	}
}

// dropPresumed takes one learner's presumed rows out.
func (l *learner) dropPresumed() {
	n := len(l.rows) - l.presumed
	switch l.o.Model {
	case NaiveBayes:
		sv := &l.nbSaved
		for i := len(sv.feat) - 1; i >= 0; i-- {
			l.s0[sv.feat[i]] = sv.s0[i]
		}
		for _, j := range l.touched[sv.touched:] {
			l.coef[j] = 0
		}
		l.touched = l.touched[:sv.touched]
		l.t0 = sv.t0
	case SVM:
		for i := len(l.rows) - 1; i >= n; i-- {
			if a := l.alpha[i]; a != 0 {
				l.axpyRow(i, float32(a)) // an exclusion's part was −a x
				l.bias += a
			}
		}
		l.lastPresumed = append(l.lastPresumed[:0], l.alpha[n:]...)
		l.alpha = l.alpha[:n]
	case Logistic:
		l.alpha, l.frac, l.cfrac = l.alpha[:n], l.frac[:n], l.cfrac[:n]
	}
	l.n0 -= l.presumed
	l.rows, l.y = l.rows[:n], l.y[:n]
	l.presumed = 0
}

// presumes tells whether a training on labels with n1 includes takes
// presumed exclusions: always when o.Presumed is set, but with
// PresumedUntilSwitch only before a Switch hands over to the SVM.
func (o Options) presumes(n1 int) bool {
	return o.Presumed > 0 && !(o.PresumedUntilSwitch && o.Model == Switch && n1 >= o.SwitchAt)
}

// presumedRows draws o.Presumed of the records not yet screened (n of
// them; open tells which) at random, for a training on labelled
// records: the same seed and count give the same draw. With
// o.PresumedOfAll it draws o.Presumed of all records, as AutoTAR does,
// and keeps those not yet screened. It presumes at most half of the
// open records: presumed exclusions stand for the background of a
// collection, and where few records are left a random half of them is
// no longer background but the very records the ranking is to order (a
// review of a few hundred records, or the end of any review).
func (c *Corpus) presumedRows(o Options, n int, open func(int32) bool, seed uint64, labelled int) []int32 {
	if o.PresumedOfAll {
		return c.presumedOfAll(o.Presumed, n, open, seed, labelled)
	}
	return c.presumedOpen(o.Presumed, n, open, seed, labelled)
}

// presumedOpen draws k of the n open records.
func (c *Corpus) presumedOpen(k, n int, open func(int32) bool, seed uint64, labelled int) []int32 {
	k = min(k, n/2)
	if k <= 0 {
		return nil
	}
	rng := rand.New(rand.NewPCG(seed, 0xa070+uint64(labelled)))
	out := make([]int32, 0, min(k, n))
	if n <= k || 4*n < c.Len() {
		// Few open: list them, then shuffle k to the front.
		for r := range int32(c.Len()) {
			if open(r) {
				out = append(out, r)
			}
		}
		for i := 0; i < min(k, len(out)); i++ {
			j := i + rng.IntN(len(out)-i)
			out[i], out[j] = out[j], out[i]
		}
		return out[:min(k, len(out))]
	}
	// Most are open: draw until k distinct open ones are found.
	for len(out) < k {
		r := int32(rng.IntN(c.Len()))
		if open(r) && !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	return out
}

// presumedOfAll draws k distinct records of the whole collection and
// keeps the open ones, at most half of the n open records.
func (c *Corpus) presumedOfAll(k, n int, open func(int32) bool, seed uint64, labelled int) []int32 {
	keep := n / 2
	if k <= 0 || keep <= 0 {
		return nil
	}
	rng := rand.New(rand.NewPCG(seed, 0xa070+uint64(labelled)))
	all := c.Len()
	var drawn []int32
	if 2*k >= all {
		// A collection of a few hundred: shuffle k of them to the front.
		drawn = make([]int32, all)
		for r := range drawn {
			drawn[r] = int32(r)
		}
		for i := 0; i < min(k, all); i++ {
			j := i + rng.IntN(all-i)
			drawn[i], drawn[j] = drawn[j], drawn[i]
		}
		drawn = drawn[:min(k, all)]
	} else {
		drawn = make([]int32, 0, k)
		for len(drawn) < k {
			if r := int32(rng.IntN(all)); !slices.Contains(drawn, r) {
				drawn = append(drawn, r)
			}
		}
	}
	out := drawn[:0]
	for _, r := range drawn {
		if open(r) && len(out) < keep {
			out = append(out, r)
		}
	}
	return out
}
