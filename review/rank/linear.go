package rank

// The two discriminative models measured against naive Bayes (see
// bench_test.go). Both solve their dual by coordinate descent as
// liblinear does, in a seeded order of passes, so the same decisions
// give the same weights.

import "math"

// passOrder returns the labelled rows' indices shuffled for one pass.
func (l *learner) passOrder() []int {
	n := len(l.rows)
	if cap(l.perm) < n {
		l.perm = make([]int, n, 2*n)
	}
	l.perm = l.perm[:n]
	for i := range l.perm {
		l.perm[i] = i
	}
	l.rng.Shuffle(n, func(i, j int) { l.perm[i], l.perm[j] = l.perm[j], l.perm[i] })
	return l.perm
}

// vecs is vec with the corpus's 16-bit features (f16) when it has them
// and the learner reads its rows in place, feat otherwise.
func (l *learner) vecs(i int) (feat []int32, f16 []uint16, val []float32) {
	if c := l.c; l.mat == nil && c.feat16 != nil {
		r := l.rows[i]
		lo, hi := c.ptr[r], c.ptr[r+1]
		return nil, c.feat16[lo:hi:hi], c.val[lo:hi]
	}
	feat, val = l.vec(i)
	return feat, nil, val
}

// axpyRow adds a times the i-th row added to the weights (coef).
func (l *learner) axpyRow(i int, a float32) {
	if feat, f16, val := l.vecs(i); f16 != nil {
		axpy32(l.coef, a, f16, val)
	} else {
		axpy32(l.coef, a, feat, val)
	}
}

// fitSVM runs dual coordinate descent (Hsieh et al. 2008, liblinear's
// default solver) for the L2-regularised squared-hinge SVM with a bias
// feature of 1, each record's C scaled by its class weight, to
// liblinear's stopping rule with Options.Tol (0: scikit-learn's
// LinearSVC tolerance, 1e-4; the presets solve to 0.1). It starts from
// the previous fit's dual variables and weights: a record added since
// starts at 0, which leaves the weights as they were.
//
// A feature found in one document only is not stored (see Corpus) but
// is part of the problem: its weight is that document's dual variable
// times its value, so it adds the document's sum of squared unstored
// values (sq1) to the document's own margin.
func (l *learner) fitSVM() {
	c := l.c
	w1, w0 := l.weights()
	eps := l.o.Tol
	if eps <= 0 {
		eps = 1e-4
	}
	// The weights are trained in float32, in the scorer's own vector:
	// half the memory of float64, which a pass reads and writes for
	// every feature of every row (Hall_2012: 123,080 features, 0.5 MB,
	// within a core's L2 cache where float64's 1 MB was not).
	w := l.coef
	// step gives record i one coordinate step and returns its
	// projected gradient before the step, NaN if the record is shrunk (its
	// dual variable 0 and its gradient past zeroFloor).
	step := func(i int, zeroFloor float64) float64 {
		r := l.rows[i]
		y, cw := -1.0, w0
		if l.y[i] {
			y, cw = 1, w1
		}
		d := 1 / (2 * l.o.C * cw)
		feat, f16, val := l.vecs(i)
		var dot float32
		if f16 != nil {
			dot = dot32(w, f16, val)
		} else {
			dot = dot32(w, feat, val)
		}
		a := l.alpha[i]
		wx := l.bias + a*y*float64(c.sq1[r]) + float64(dot) // the bias feature is 1
		g := y*wx - 1 + d*a
		pg := g
		if a == 0 {
			if g > zeroFloor {
				return math.NaN()
			}
			if g > 0 {
				pg = 0
			}
		}
		if math.Abs(pg) <= 1e-12 {
			return pg
		}
		qii := 1 + c.sq[r] // the bias feature is 1
		na := max(a-g/(qii+d), 0)
		l.alpha[i] = na
		s := (na - a) * y
		if f16 != nil {
			axpy32(w, float32(s), f16, val)
		} else {
			axpy32(w, float32(s), feat, val)
		}
		l.bias += s
		return pg
	}
	n := len(l.rows)
	// Shrinking, as liblinear does: a record whose dual variable is 0
	// and whose gradient is past the last pass's largest leaves the
	// passes until the active ones converge; then all are checked again.
	if cap(l.perm) < n {
		l.perm = make([]int, n, 2*n)
	}
	idx := l.perm[:n]
	for i := range idx {
		idx[i] = i
	}
	active := n
	oldMax := math.Inf(1)
	for iter := 0; iter < 1000; iter++ {
		maxPG, minPG := math.Inf(-1), math.Inf(1)
		l.rng.Shuffle(active, func(i, j int) { idx[i], idx[j] = idx[j], idx[i] })
		for s := 0; s < active; s++ {
			pg := step(idx[s], oldMax)
			if math.IsNaN(pg) {
				active--
				idx[s], idx[active] = idx[active], idx[s]
				s--
				continue
			}
			maxPG, minPG = max(maxPG, pg), min(minPG, pg)
		}
		if maxPG-minPG <= eps {
			if active == n {
				break
			}
			active = n
			oldMax = math.Inf(1)
			continue
		}
		oldMax = maxPG
		if oldMax <= 0 {
			oldMax = math.Inf(1)
		}
	}
	l.l1coef = 0
}

// fitLR runs dual coordinate descent for L2-regularised logistic
// regression (Yu, Huang and Lin 2011; liblinear's solver 7) with a bias
// feature of 1 and each record's C scaled by its class weight. Each dual
// variable keeps its share of its bound between fits, so a change of
// class weights rescales it and the weights are rebuilt from them.
func (l *learner) fitLR() {
	w1, w0 := l.weights()
	bound := func(i int) float64 {
		if l.y[i] {
			return l.o.C * w1
		}
		return l.o.C * w0
	}
	clear(l.w)
	l.bias = 0
	for i := range l.rows {
		y := -1.0
		if l.y[i] {
			y = 1
		}
		a := l.frac[i] * bound(i)
		l.alpha[i] = a
		feat, val := l.vec(i)
		for k, j := range feat {
			l.w[j] += y * a * float64(val[k])
		}
		l.bias += y * a
	}
	const eps = 0.01
	for iter := 0; iter < 50; iter++ {
		gmax := 0.0
		for _, i := range l.passOrder() {
			y := -1.0
			if l.y[i] {
				y = 1
			}
			C := bound(i)
			feat, val := l.vec(i)
			wx, qa := l.bias, 1.0 // the bias feature is 1
			for k, j := range feat {
				x := float64(val[k])
				wx += l.w[j] * x
				qa += x * x
			}
			b := y * wx
			a1, a2 := l.alpha[i], l.cfrac[i]*C
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
			// z is in (0, C), and so is C − z but where it rounds to 0
			// (z within C's precision): keep it above 0 as well.
			zc := C - z
			if zc <= 0 {
				zc = C * 0x1p-60
			}
			na, nc := z, zc
			if sign < 0 {
				na, nc = zc, z
			}
			step := (na - l.alpha[i]) * y
			l.alpha[i] = na
			l.frac[i], l.cfrac[i] = na/C, nc/C
			for k, j := range feat {
				l.w[j] += step * float64(val[k])
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
