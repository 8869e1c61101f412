package rank

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// seq gives runs of labels: seq(95, true, 100, false) is 95 inclusions
// then 100 exclusions.
func seq(parts ...any) []bool {
	var out []bool
	for i := 0; i < len(parts); i += 2 {
		for range parts[i].(int) {
			out = append(out, parts[i+1].(bool))
		}
	}
	return out
}

// TestBuscarWorkedExample is the example of buscarR's vignette
// ("Stopping Criteria"): 95 relevant records seen, a recall target of
// 95 %, so at least ⌊95/0.95 + 1 − 95⌋ = 6 relevant records would have to
// be left for the target to be missed; then 100 irrelevant records in a
// row. With 300 records in all, the last 100 are a draw from those 100
// and the 105 unscreened: P(no inclusion | 6 of 205) = C(199, 100) /
// C(205, 100) = ∏_{j<6} (105 − j)/(205 − j) = 1339/79663.
func TestBuscarWorkedExample(t *testing.T) {
	got, err := Buscar(seq(95, true, 100, false), 300, 0.95)
	if err != nil {
		t.Fatal(err)
	}
	want := 1339.0 / 79663
	if math.Abs(got.P-want) > 1e-12 || got.Run != 100 {
		t.Errorf("p %.12f at run %d, want %.12f at 100", got.P, got.Run, want)
	}
	if got.Found != 95 || got.Screened != 195 || got.Total != 300 || !got.Rejects(0.05) || got.Rejects(0.01) {
		t.Errorf("got %+v", got)
	}
}

// The p-values of the authors' code (buscarpy.calculate_h0, buscarR's
// calculate_h0 with bias 1) for the sequences below, computed exactly in
// rational arithmetic by a transcription of that code:
//
//	def h0(docs, N, t):
//	    r, n, k, best = sum(docs), len(docs), 0, None
//	    for m in range(1, n + 1):
//	        k += docs[n - m]                      # inclusions in the last m
//	        K = floor(r / t + 1 - (r - k))
//	        p = cdf(k, N - (n - m), K, m)         # Fraction sums of comb()
//	        best = p if best is None else min(best, p)
//	    return best
const (
	refD1     = 0.776536312849162  // d1, 200 records, 95 %
	refD1at80 = 0.602033770635867  // d1, 200 records, 80 %
	refD2     = 0.721716866012359  // d2, 3000 records, 95 %
	refD2at90 = 0.0235240471685805 // d2, 1000 records, 90 %
)

func TestBuscarMatchesTheAuthorsCode(t *testing.T) {
	d1 := slices.Concat([]bool{true, true, false, true, false, false, true, false, false, false, true}, seq(9, false, 1, true, 40, false))
	var d2 []bool
	for range 30 {
		d2 = append(d2, true, false, false)
	}
	d2 = slices.Concat(d2, seq(250, false, 1, true, 400, false))
	for _, tc := range []struct {
		name   string
		seen   []bool
		total  int
		target float64
		want   float64
	}{
		{"d1 of 200 at 95%", d1, 200, 0.95, refD1},
		{"d1 of 200 at 80%", d1, 200, 0.80, refD1at80},
		{"d2 of 3000 at 95%", d2, 3000, 0.95, refD2},
		{"d2 of 1000 at 90%", d2, 1000, 0.90, refD2at90},
		{"nothing relevant yet, 50 of 400", seq(50, false), 400, 0.95, 1 - 50.0/400},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Buscar(tc.seen, tc.total, tc.target)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(got.P-tc.want) > 1e-6 {
				t.Errorf("p %.10f, want %.10f", got.P, tc.want)
			}
		})
	}
}

func TestBuscarEdges(t *testing.T) {
	t.Run("everything screened rejects", func(t *testing.T) {
		got, _ := Buscar(seq(5, true, 20, false), 25, 0.95)
		if got.P != 0 {
			t.Errorf("p %g, want 0: recall is known to be 100%%", got.P)
		}
	})
	t.Run("too few records left for the hypothesis", func(t *testing.T) {
		// 20 found: 2 more would have to be left, and one record is.
		got, _ := Buscar(seq(20, true, 30, false), 51, 0.95)
		if got.P != 0 {
			t.Errorf("p %g, want 0", got.P)
		}
	})
	t.Run("nothing screened", func(t *testing.T) {
		got, _ := Buscar(nil, 10, 0.95)
		if got.P != 1 || got.Rejects(0.05) {
			t.Errorf("got %+v, want p 1", got)
		}
	})
	for _, target := range []float64{0, 1, -0.5, math.NaN()} {
		if _, err := Buscar(nil, 10, target); err == nil {
			t.Errorf("target %g accepted", target)
		}
	}
	if _, err := Buscar(seq(5, false), 4, 0.95); err == nil {
		t.Error("more screened than records accepted")
	}
}

// TestSimulateStopsByHand replays a review the learner separates
// perfectly: 200 records, 20 about one topic (included) and 180 about
// another. After the prior records (one of each) every model ranks the
// 19 other inclusions first, then the exclusions, retrained after each
// record (fewer than 200 labelled). Once z exclusions follow them, 21 + z
// records are screened, 20 found: under "recall < 95 %" at least
// ⌊20/0.95 + 1 − 20⌋ = 2 inclusions would be among the last z and the
// 179 − z unscreened, and the last z holding none has probability
// C(177, z)/C(179, z) = (179 − z)(178 − z)/(179 × 178). That falls below
// 0.05 first at z = 139: 40 × 39/31862 = 0.04896. So every seed stops
// with 158 of the 198 records after the prior screened, recall 19/19 and
// 40/198 of the work saved.
func TestSimulateStopsByHand(t *testing.T) {
	var docs []Doc
	labels := map[int64]bool{}
	for i := range 200 {
		id := int64(i + 1)
		text := "fracture fixation bone plate surgery"
		if i%10 == 0 {
			text = "nudge reminder prescribing feedback"
		}
		docs = append(docs, Doc{ID: id, Text: fmt.Sprintf("%s record%d", text, id)})
		labels[id] = i%10 == 0
	}
	for _, model := range []string{PresetDefault, PresetELAS, PresetNB} {
		t.Run(model, func(t *testing.T) {
			o := DefaultSimOptions()
			o.Options, _ = Preset(model)
			s, err := Simulate(docs, labels, o)
			if err != nil {
				t.Fatal(err)
			}
			if s.StopReached != o.Seeds || s.StopRecall != 0.95 || s.StopAlpha != 0.05 {
				t.Errorf("reached in %d of %d seeds (recall %g, alpha %g)", s.StopReached, o.Seeds, s.StopRecall, s.StopAlpha)
			}
			for _, sr := range s.Seeds {
				want := StopPoint{Stopped: true, Screened: 158, Recall: 1, WorkSaved: 40.0 / 198, P: 1560.0 / 31862}
				got := *sr.Stop
				if got.Stopped != want.Stopped || got.Screened != want.Screened || got.Recall != want.Recall ||
					math.Abs(got.WorkSaved-want.WorkSaved) > 1e-12 || math.Abs(got.P-want.P) > 1e-9 {
					t.Errorf("seed %d: stop %+v, want %+v", sr.Seed, got, want)
				}
				if sr.WSS100 != 1-19.0/198 {
					t.Errorf("seed %d: WSS@100 %g: the ranking is not perfect", sr.Seed, sr.WSS100)
				}
			}
		})
	}
}

// TestBuscarFloor: with a floor, buscar gives Buscar's p-value and run
// bit for bit whenever the p-value is below the floor, and a value at
// least the floor otherwise, after every record of many screenings in
// a ranked order (inclusions ever sparser), as a simulation tests them;
// and the floor passes most run lengths over.
func TestBuscarFloor(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 21))
	below, skipped, lengths := 0, 0, 0
	for run := range 16 {
		total := 200 + rng.IntN(1800)
		incl := 3 + rng.IntN(total/8)
		// Inclusions drawn at a rate falling from high to nothing.
		var seen []bool
		left := incl
		for i := 0; i < total; i++ {
			rate := 0.8 * math.Exp(-float64(i)*float64(2+run%5)/float64(total)) * float64(left) / float64(incl)
			v := left > 0 && (rng.Float64() < rate || total-i == left)
			if v {
				left--
			}
			seen = append(seen, v)
		}
		lf := newLogFactorials(total)
		for _, alpha := range []float64{0.05, 0.01, 0.5} {
			for n := 1; n <= total; n += 1 + n/50 {
				want, err := buscar(seen[:n], total, 0.95, lf, 0)
				if err != nil {
					t.Fatal(err)
				}
				got, _ := buscar(seen[:n], total, 0.95, lf, alpha)
				if want.P < alpha {
					below++
					if got != want {
						t.Fatalf("run %d, %d of %d screened, alpha %g: %+v, want %+v", run, n, total, alpha, got, want)
					}
				} else if got.P < alpha {
					t.Fatalf("run %d, %d of %d screened, alpha %g: p %g below the floor, want %g", run, n, total, alpha, got.P, want.P)
				}
				for k := 1; k <= n; k++ {
					lengths++
					inRun := 0
					for _, v := range seen[n-k : n] {
						if v {
							inRun++
						}
					}
					K := int(math.Floor(float64(want.Found)/0.95 + 1 - float64(want.Found-inRun)))
					M := total - (n - k)
					if lf.atLeast(inRun, M, K, k, alpha) {
						skipped++
						if p := lf.hyperCDF(inRun, M, K, k); p < alpha {
							t.Fatalf("atLeast(%d, %d, %d, %d, %g), yet the sum is %g", inRun, M, K, k, alpha, p)
						}
					}
				}
			}
		}
	}
	if below < 100 || skipped < lengths/2 {
		t.Fatalf("%d tests below the floor, %d of %d run lengths passed over: the test is too thin", below, skipped, lengths)
	}
	t.Logf("%d tests below the floor; %d of %d run lengths passed over", below, skipped, lengths)
}
