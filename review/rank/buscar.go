package rank

import (
	"fmt"
	"math"
)

// StopTest is the outcome of the stopping criterion of Callaghan and
// Müller-Hansen (2020, "Statistical stopping criteria for automated
// screening in systematic reviews", Systematic Reviews 9:273; the
// buscar method) at one point of a screening in prioritised order.
//
// The null hypothesis is that recall is still below the target. Each run
// of the last k records screened (k = 1 … screened) is taken as a random
// draw, without replacement, from those k and the records not yet
// screened; under the null hypothesis that urn holds at least
// K = ⌊found/target + 1 − found before the run⌋ inclusions, and P is the
// smallest, over k, hypergeometric probability of seeing no more
// inclusions in the run than were seen. Taking the ranked records for a
// random draw is conservative: a ranking that works puts more of the
// inclusions early than a random draw would.
type StopTest struct {
	Screened int     `json:"screened"` // records screened, in order
	Found    int     `json:"found"`    // of them included
	Total    int     `json:"total"`    // records to screen, screened or not
	Target   float64 `json:"target"`   // the recall the hypothesis is about, e.g. 0.95
	P        float64 `json:"p"`        // the p-value of "recall < Target"
	Run      int     `json:"run"`      // the k at which P was found
}

// Rejects tells whether the hypothesis that recall is below the target
// is rejected at level alpha: screening may stop.
func (t StopTest) Rejects(alpha float64) bool { return t.P < alpha }

// Buscar tests the hypothesis that recall is below target (0 < target <
// 1) after the records seen were screened, in that order (true =
// included), out of total records. It gives the same p-value as the
// authors' buscarpy.calculate_h0 (and buscarR's, bias 1).
func Buscar(seen []bool, total int, target float64) (StopTest, error) {
	return buscar(seen, total, target, nil, 0)
}

// buscar is Buscar with a table of log factorials up to total at least
// (built when nil), for a simulation that tests again and again, and a
// floor: with a floor above 0, P is Buscar's when it is below the floor
// (and Run then too), and some value at least the floor otherwise. A
// simulation asks only whether P is below alpha, and where it first is,
// what it is: with alpha for the floor, each run length whose
// probability surely reaches alpha is passed over after a few terms of
// its sum (see atLeast) instead of summed in full.
func buscar(seen []bool, total int, target float64, lf logFactorials, floor float64) (StopTest, error) {
	n := len(seen)
	if !(target > 0 && target < 1) {
		return StopTest{}, fmt.Errorf("recall target %g: want a share between 0 and 1", target)
	}
	if total < n {
		return StopTest{}, fmt.Errorf("%d records screened of %d", n, total)
	}
	t := StopTest{Screened: n, Total: total, Target: target, P: 1}
	for _, v := range seen {
		if v {
			t.Found++
		}
	}
	if n == 0 {
		return t, nil
	}
	if len(lf) <= total {
		lf = newLogFactorials(total)
	}
	r := float64(t.Found)
	inRun := 0
	for k := 1; k <= n; k++ {
		if seen[n-k] {
			inRun++
		}
		// As buscarpy computes it: ⌊r/target + 1 − (r − inRun)⌋.
		K := math.Floor(r/target + 1 - (r - float64(inRun)))
		M := total - (n - k) // the run and the records not screened
		if floor > 0 && lf.atLeast(inRun, M, int(K), k, floor) {
			continue
		}
		p := lf.hyperCDF(inRun, M, int(K), k)
		if p < t.P {
			t.P, t.Run = p, k
		}
	}
	return t, nil
}

// hyperCDF is P(X ≤ x) for X the inclusions among draws taken without
// replacement from m records of which k are inclusions; 0 when k > m
// (the null hypothesis cannot hold).
func (lf logFactorials) hyperCDF(x, m, k, draws int) float64 {
	if k > m || k < 0 {
		return 0
	}
	lo := max(0, draws+k-m) // the fewest inclusions a draw can hold
	hi := min(draws, k)
	if x < lo {
		return 0
	}
	if x >= hi {
		return 1
	}
	// Sum the probabilities from x down, each from the one above:
	// pmf(i−1)/pmf(i) = i (m − k − draws + i) / ((k − i + 1)(draws − i + 1)).
	// Below the mode they fall ever faster, so the sum stops once they
	// no longer count.
	term := math.Exp(lf.choose(k, x) + lf.choose(m-k, draws-x) - lf.choose(m, draws))
	sum := term
	for i := x; i > lo; i-- {
		term *= float64(i) * float64(m-k-draws+i) / (float64(k-i+1) * float64(draws-i+1))
		sum += term
		if term < sum*1e-17 && float64(i) < float64(draws+1)*float64(k+1)/float64(m+2) {
			break
		}
	}
	return min(sum, 1)
}

// atLeast tells whether hyperCDF(x, m, k, draws) is surely at least p
// (0 < p ≤ 1), summing few of its terms: those from the mode down when x
// is above the mode (below it the probabilities fall ever faster; above
// it the sum from x would take every term from x down to the mode) or
// from x down otherwise, until they reach p. The terms summed are some
// of those hyperCDF sums, so their sum is at most its; and since they
// are computed otherwise (from the mode rather than from x, and so
// rounded otherwise: relative differences near 1e-12 in float64), they
// must reach p by a margin of 1e-6 of p. False says nothing.
func (lf logFactorials) atLeast(x, m, k, draws int, p float64) bool {
	if k > m || k < 0 {
		return false
	}
	lo := max(0, draws+k-m)
	hi := min(draws, k)
	if x < lo || x >= hi {
		return false // hyperCDF's answer is immediate
	}
	// The mode of the hypergeometric distribution, within [lo, hi].
	mode := (draws + 1) * (k + 1) / (m + 2)
	i := min(x, max(mode, lo))
	need := p * (1 + 1e-6)
	term := math.Exp(lf.choose(k, i) + lf.choose(m-k, draws-i) - lf.choose(m, draws))
	sum := term
	for ; sum < need && i > lo; i-- {
		term *= float64(i) * float64(m-k-draws+i) / (float64(k-i+1) * float64(draws-i+1))
		sum += term
		if term < sum*1e-17 && i <= mode {
			break
		}
	}
	return sum >= need
}

// logFactorials holds ln i! for i = 0 … len−1.
type logFactorials []float64

func newLogFactorials(n int) logFactorials {
	lf := make(logFactorials, n+1)
	for i := range lf {
		lf[i], _ = math.Lgamma(float64(i + 1))
	}
	return lf
}

// choose is ln C(n, k).
func (lf logFactorials) choose(n, k int) float64 { return lf[n] - lf[k] - lf[n-k] }
