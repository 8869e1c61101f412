package rank

import "math"

// Figures are the measures of one screening order, as fractions from 0 to
// 1 except the counts. They follow ../shared/tools/screening-score (whose
// --help defines each one) so that its figures for an order equal these.
type Figures struct {
	ScreenedTo95  float64 `json:"screened_to_95"`  // records seen to reach ⌈0.95 R⌉ inclusions
	ScreenedTo100 float64 `json:"screened_to_100"` // records seen to reach all R
	WSS95         float64 `json:"wss_95"`          // (N − n95)/N − 0.05 (Cohen et al. 2006)
	WSS100        float64 `json:"wss_100"`         // (N − n100)/N
	RecallAt10    float64 `json:"recall_at_10pct"` // inclusions found after ⌊0.1 N⌋ records, over R (ASReview's RRF@10)
	RecallAt25    float64 `json:"recall_at_25pct"`
	RecallAt50    float64 `json:"recall_at_50pct"`
	ATD           float64 `json:"atd"`  // mean position of the inclusions, over N (Ferdinands et al. 2023)
	Loss          float64 `json:"loss"` // ASReview Insights' normalised loss: 0 perfect, 0.5 random, 1 worst
}

// Evaluate measures an order given as the labels of the records in the
// order seen (true = included). It needs at least one inclusion; with
// none every figure is NaN.
func Evaluate(seen []bool) Figures {
	n := len(seen)
	r := 0
	for _, v := range seen {
		if v {
			r++
		}
	}
	if r == 0 {
		nan := math.NaN()
		return Figures{nan, nan, nan, nan, nan, nan, nan, nan, nan}
	}
	t95 := int(math.Ceil(0.95*float64(r) - 1e-9))
	n95, n100 := 0, 0
	found := 0
	var area, posSum float64 // area: trapezoids under (k, found(k)), k = 1..n
	prev := 0
	recall := [3]float64{}
	cut := [3]int{n * 10 / 100, n * 25 / 100, n * 50 / 100}
	for i, v := range seen {
		k := i + 1
		if v {
			found++
			posSum += float64(k)
			if found == t95 && n95 == 0 {
				n95 = k
			}
			if found == r {
				n100 = k
			}
		}
		if k > 1 {
			area += float64(prev+found) / 2
		}
		prev = found
		for j, c := range cut {
			if k == c {
				recall[j] = float64(found) / float64(r)
			}
		}
	}
	N, R := float64(n), float64(r)
	best := N*R - R*R/2 - 0.5
	worst := R * R / 2
	loss := 0.0
	if best != worst {
		loss = (best - area) / (best - worst)
	}
	return Figures{
		ScreenedTo95:  float64(n95),
		ScreenedTo100: float64(n100),
		WSS95:         (N-float64(n95))/N - 0.05,
		WSS100:        (N - float64(n100)) / N,
		RecallAt10:    recall[0],
		RecallAt25:    recall[1],
		RecallAt50:    recall[2],
		ATD:           posSum / R / N,
		Loss:          loss,
	}
}

// each calls f with pointers to the same field of a and b, field by field.
func (a *Figures) each(b *Figures, f func(x, y *float64)) {
	f(&a.ScreenedTo95, &b.ScreenedTo95)
	f(&a.ScreenedTo100, &b.ScreenedTo100)
	f(&a.WSS95, &b.WSS95)
	f(&a.WSS100, &b.WSS100)
	f(&a.RecallAt10, &b.RecallAt10)
	f(&a.RecallAt25, &b.RecallAt25)
	f(&a.RecallAt50, &b.RecallAt50)
	f(&a.ATD, &b.ATD)
	f(&a.Loss, &b.Loss)
}

// summarise gives the mean, least and greatest of each figure.
func summarise(fs []Figures) (mean, lo, hi Figures) {
	if len(fs) == 0 {
		return
	}
	lo, hi = fs[0], fs[0]
	for i := range fs {
		mean.each(&fs[i], func(m, x *float64) { *m += *x })
		lo.each(&fs[i], func(m, x *float64) { *m = math.Min(*m, *x) })
		hi.each(&fs[i], func(m, x *float64) { *m = math.Max(*m, *x) })
	}
	n := float64(len(fs))
	mean.each(&mean, func(m, _ *float64) { *m /= n })
	return mean, lo, hi
}

// Point is one point of a recall curve: the share of records screened and
// the share of inclusions found by then.
type Point struct {
	Screened float64 `json:"screened"`
	Recall   float64 `json:"recall"`
}

// RecallCurve gives the recall curve of an order (labels in the order
// seen) as its corners: it starts at (0, 0), steps up at each inclusion
// and ends at (1, 1). Drawn as straight lines between the points it is
// the exact step curve, with 2R + 2 points whatever N.
func RecallCurve(seen []bool) []Point {
	n, r := len(seen), 0
	for _, v := range seen {
		if v {
			r++
		}
	}
	pts := []Point{{0, 0}}
	if n == 0 || r == 0 {
		return append(pts, Point{1, 0})
	}
	N, R := float64(n), float64(r)
	found := 0
	for i, v := range seen {
		if !v {
			continue
		}
		if x := float64(i) / N; x > pts[len(pts)-1].Screened {
			pts = append(pts, Point{x, float64(found) / R})
		}
		found++
		pts = append(pts, Point{float64(i+1) / N, float64(found) / R})
	}
	if last := pts[len(pts)-1]; last.Screened < 1 {
		pts = append(pts, Point{1, 1})
	}
	return pts
}
