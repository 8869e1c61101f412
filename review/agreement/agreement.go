package agreement

import (
	"fmt"
	"math"
	"slices"
)

// z95 is the 0.975 quantile of the standard normal distribution
// (1.959964 to six places), for 95% confidence intervals.
const z95 = 1.959963984540054

// The notes that say why a statistic is undefined.
const (
	noteNoSubjects  = "no subjects rated by both"
	noteCohenChance = "chance agreement is 1: kappa is undefined (every subject in one category)"
	noteAC1Chance   = "AC1 chance agreement is 1: AC1 is undefined"

	noteFleissNoSubjects = "no subjects"
	noteFleissChance     = "chance agreement is 1: kappa is undefined (every rating in one category)"
)

// Stats are the agreement statistics of two raters over n subjects rated on k categories.
// A statistic that is undefined is nil (JSON null), and Note says why; never NaN or Inf.
type Stats struct {
	N        int      `json:"n"`
	Table    [][]int  `json:"table"`           // Table[i][j]: subjects rater A put in category i and rater B in j
	Observed *float64 `json:"observed"`        // po
	Expected *float64 `json:"expected"`        // pe (chance agreement, Cohen)
	Kappa    *float64 `json:"kappa"`           // Cohen's kappa
	SE       *float64 `json:"se"`              // large-sample standard error of kappa (Fleiss, Cohen & Everitt 1969)
	CILow    *float64 `json:"ci_low"`          // kappa - 1.96 SE, clipped to [-1, 1]
	CIHigh   *float64 `json:"ci_high"`         // kappa + 1.96 SE, clipped to [-1, 1]
	PABAK    *float64 `json:"pabak"`           // (k*po - 1)/(k - 1)
	AC1      *float64 `json:"ac1"`             // Gwet's AC1
	Label    string   `json:"label,omitempty"` // Landis & Koch label of kappa ("" when kappa is nil)
	Note     string   `json:"note,omitempty"`
}

// Cohen computes Stats from a k×k table (k >= 2, square, non-negative counts). It returns an error
// for a malformed table (not square, k < 2, negative count); n == 0 is not an error: every
// statistic is nil with Note "no subjects rated by both".
//
// Table in the result is a copy of table.
func Cohen(table [][]int) (Stats, error) {
	k := len(table)
	if k < 2 {
		return Stats{}, fmt.Errorf("table has %d categories, want at least 2", k)
	}
	rows, cols := make([]int, k), make([]int, k)
	n, diag := 0, 0
	for i, row := range table {
		if len(row) != k {
			return Stats{}, fmt.Errorf("table[%d] has %d cells, want %d: the table must be square", i, len(row), k)
		}
		for j, c := range row {
			if c < 0 {
				return Stats{}, fmt.Errorf("table[%d][%d] is %d: counts must not be negative", i, j, c)
			}
			rows[i] += c
			cols[j] += c
			n += c
		}
		diag += row[i]
	}

	s := Stats{N: n, Table: make([][]int, k)}
	for i, row := range table {
		s.Table[i] = slices.Clone(row)
	}
	if n == 0 {
		s.Note = noteNoSubjects
		return s, nil
	}

	nf := float64(n)
	po := float64(diag) / nf
	pe := 0.0
	for i := range k {
		pe += float64(rows[i]) / nf * float64(cols[i]) / nf
	}
	s.Observed, s.Expected = &po, &pe
	// (k·po − 1)/(k − 1) in whole numbers, (k·diag − n)/((k − 1)·n), so
	// that a PABAK of 0.55 prints as 0.55.
	s.PABAK = ptr(float64(k*diag-n) / float64((k-1)*n))
	if pg := gwetChance(rows, cols, nf); pg < 1 {
		s.AC1 = ptr((po - pg) / (1 - pg))
	} else {
		s.Note = noteAC1Chance
	}

	// pe is exactly 1 when both raters put every subject in one category
	// (that row and column sum to n, so the product is 1 with no rounding),
	// and below 1 otherwise.
	if pe >= 1 {
		s.Note = noteCohenChance
		return s, nil
	}
	kappa := (po - pe) / (1 - pe)
	se := cohenSE(table, rows, cols, nf, pe, kappa)
	s.Kappa, s.SE = &kappa, &se
	s.CILow = ptr(max(kappa-z95*se, -1))
	s.CIHigh = ptr(min(kappa+z95*se, 1))
	s.Label = LandisKoch(kappa)
	return s, nil
}

// cohenSE is the large-sample standard error of kappa of Fleiss, Cohen and
// Everitt (1969), as the package doc writes it.
func cohenSE(table [][]int, rows, cols []int, n, pe, kappa float64) float64 {
	var a, b float64
	for i, row := range table {
		for j, c := range row {
			p := float64(c) / n
			if i == j {
				d := 1 - (float64(rows[i])+float64(cols[i]))/n*(1-kappa)
				a += p * d * d
			} else {
				d := (float64(cols[i]) + float64(rows[j])) / n
				b += p * d * d
			}
		}
	}
	b *= (1 - kappa) * (1 - kappa)
	c := kappa - pe*(1-kappa)
	v := (a + b - c*c) / (n * (1 - pe) * (1 - pe))
	if v <= 0 {
		return 0
	}
	return math.Sqrt(v)
}

// gwetChance is pe_γ, the chance agreement of Gwet's AC1. It is at most
// 1/k, so never 1 for k >= 2; Cohen checks anyway.
func gwetChance(rows, cols []int, n float64) float64 {
	pg := 0.0
	for q := range rows {
		pi := (float64(rows[q]) + float64(cols[q])) / (2 * n)
		pg += pi * (1 - pi)
	}
	return pg / float64(len(rows)-1)
}

// FleissResult is Fleiss' kappa for m raters per subject.
type FleissResult struct {
	Subjects int      `json:"subjects"`
	Raters   int      `json:"raters"` // ratings per subject (m)
	Kappa    *float64 `json:"kappa"`
	Note     string   `json:"note,omitempty"`
}

// Fleiss computes Fleiss' (1971) kappa from counts[i][j], the number of raters who put subject i
// in category j. Every row must sum to the same m >= 2 (error otherwise). Undefined (nil + Note)
// when there are no subjects or when chance agreement is 1.
//
// Every row must also have the same number of categories, and no count may
// be negative.
func Fleiss(counts [][]int) (FleissResult, error) {
	if len(counts) == 0 {
		return FleissResult{Note: noteFleissNoSubjects}, nil
	}
	k, m := len(counts[0]), 0
	totals := make([]int, k)
	for i, row := range counts {
		if len(row) != k {
			return FleissResult{}, fmt.Errorf("counts[%d] has %d categories, counts[0] has %d", i, len(row), k)
		}
		sum := 0
		for j, c := range row {
			if c < 0 {
				return FleissResult{}, fmt.Errorf("counts[%d][%d] is %d: counts must not be negative", i, j, c)
			}
			sum += c
			totals[j] += c
		}
		switch {
		case i == 0 && sum < 2:
			return FleissResult{}, fmt.Errorf("counts[0] sums to %d: each subject needs at least 2 ratings", sum)
		case i == 0:
			m = sum
		case sum != m:
			return FleissResult{}, fmt.Errorf("counts[%d] sums to %d, counts[0] to %d: every subject needs the same number of ratings", i, sum, m)
		}
	}

	r := FleissResult{Subjects: len(counts), Raters: m}
	nm := float64(len(counts) * m)
	pe := 0.0
	for _, t := range totals {
		p := float64(t) / nm
		pe += p * p
	}
	// As in Cohen, pe is exactly 1 when every rating is in one category.
	if pe >= 1 {
		r.Note = noteFleissChance
		return r, nil
	}
	pbar := 0.0
	for _, row := range counts {
		sq := 0
		for _, c := range row {
			sq += c * c
		}
		pbar += float64(sq-m) / float64(m*(m-1))
	}
	pbar /= float64(len(counts))
	r.Kappa = ptr((pbar - pe) / (1 - pe))
	return r, nil
}

// boundaryTolerance is how close to a Landis & Koch boundary a kappa may be
// and still count as on it, so that a kappa of 0.2 in exact arithmetic that
// comes out as 0.20000000000000004 is still "slight".
const boundaryTolerance = 1e-9

// LandisKoch gives Landis & Koch's (1977) label for a kappa: < 0 "poor", 0–0.20 "slight",
// 0.21–0.40 "fair", 0.41–0.60 "moderate", 0.61–0.80 "substantial", 0.81–1 "almost perfect".
//
// Landis and Koch leave gaps (0.20 to 0.21 and so on); here each band
// includes its upper boundary and starts just above the one below: 0.20 is
// "slight", 0.2000001 "fair", 0.80 "substantial", and a kappa within 1e-9 of
// a boundary counts as on it. Below 0 is "poor" (so -1e-12 is still
// "slight"). NaN gives "".
func LandisKoch(kappa float64) string {
	switch {
	case math.IsNaN(kappa):
		return ""
	case kappa < -boundaryTolerance:
		return "poor"
	case kappa <= 0.20+boundaryTolerance:
		return "slight"
	case kappa <= 0.40+boundaryTolerance:
		return "fair"
	case kappa <= 0.60+boundaryTolerance:
		return "moderate"
	case kappa <= 0.80+boundaryTolerance:
		return "substantial"
	default:
		return "almost perfect"
	}
}

func ptr(x float64) *float64 { return &x }
