package agreement

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// figure is a published figure: a statistic and the number of decimal
// places it was published to. A computed value matches when it rounds to
// the published one.
type figure struct {
	stat   string
	value  float64
	places int
}

func (f figure) check(t *testing.T, got *float64) {
	t.Helper()
	if got == nil {
		t.Errorf("%s is nil, want %.*f", f.stat, f.places, f.value)
		return
	}
	if math.Abs(*got-f.value) > 0.5*math.Pow(10, -float64(f.places))+1e-12 {
		t.Errorf("%s = %.*f (%v), want %.*f", f.stat, f.places+2, *got, *got, f.places, f.value)
	}
}

func stat(s Stats, name string) *float64 {
	switch name {
	case "observed":
		return s.Observed
	case "expected":
		return s.Expected
	case "kappa":
		return s.Kappa
	case "se":
		return s.SE
	case "ci_low":
		return s.CILow
	case "ci_high":
		return s.CIHigh
	case "pabak":
		return s.PABAK
	case "ac1":
		return s.AC1
	}
	panic("no statistic " + name)
}

func mustCohen(t *testing.T, table [][]int) Stats {
	t.Helper()
	s, err := Cohen(table)
	if err != nil {
		t.Fatalf("Cohen(%v): %v", table, err)
	}
	return s
}

func TestCohenPublishedExamples(t *testing.T) {
	tests := []struct {
		name  string
		table [][]int
		want  []figure
		label string
	}{
		{
			// SAS/STAT User's Guide, The FREQ Procedure, Getting Started:
			// "Agreement Study", Table "Skin Condition Data" (two
			// dermatologists, 88 patients rated terrible, poor, marginal,
			// clear), https://documentation.sas.com/doc/en/pgmsascdc/9.4_3.5/
			// statug/statug_freq_gettingstarted02.htm. The text gives simple
			// kappa 0.3449 with 95% confidence limits (0.2030, 0.4868), so
			// ASE ≈ 0.0724; the page was read as quoted in a public SAS
			// tutorial, not in SAS's own rendering.
			name: "SAS PROC FREQ skin condition (4 categories)",
			table: [][]int{
				{10, 4, 1, 0},
				{5, 10, 12, 2},
				{2, 4, 12, 5},
				{0, 2, 6, 13},
			},
			want: []figure{
				{"kappa", 0.3449, 4},
				{"ci_low", 0.2030, 4},
				{"ci_high", 0.4868, 4},
			},
			label: "fair",
		},
		{
			// Gwet KL, R package irrCAC 1.0 (2019), README and vignette
			// "Calculating Chance-corrected Agreement Coefficients", data
			// cont3x3abstractors (100 pregnant women classified by two
			// abstractors as ectopic, AIU or NIU; from Gwet, Handbook of
			// Inter-Rater Reliability, 4th ed., 2014). Printed: Cohen's kappa
			// 0.7964094 with standard error 0.05891072; Gwet's AC1 0.8493305;
			// Brennan-Prediger 0.835, which is PABAK for k = 3; percent
			// agreement 0.89. A three-category table like include, exclude,
			// maybe.
			name: "irrCAC cont3x3abstractors (3 categories)",
			table: [][]int{
				{13, 0, 0},
				{0, 20, 7},
				{0, 4, 56},
			},
			want: []figure{
				{"observed", 0.89, 2},
				{"kappa", 0.7964094, 7},
				{"se", 0.05891072, 8},
				{"ac1", 0.8493305, 7},
				{"pabak", 0.835, 3},
			},
			label: "substantial",
		},
		{
			// A SAS PROC FREQ printout of a 3×3 table of 19 subjects,
			// recorded as the expected output of statsmodels'
			// test_inter_rater.py (UnweightedCohens, "comparison to printout
			// of a SAS example"): Kappa 0.4842, ASE 0.1380, 95% limits 0.2137
			// and 0.7547. The original SAS example is not named there.
			name: "SAS printout in statsmodels (3 categories, one unused by rater A)",
			table: [][]int{
				{0, 4, 1},
				{0, 8, 0},
				{0, 1, 5},
			},
			want: []figure{
				{"kappa", 0.4842, 4},
				{"se", 0.1380, 4},
				{"ci_low", 0.2137, 4},
				{"ci_high", 0.7547, 4},
			},
			label: "moderate",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustCohen(t, tt.table)
			for _, f := range tt.want {
				f.check(t, stat(s, f.stat))
			}
			if s.Label != tt.label {
				t.Errorf("Label = %q, want %q", s.Label, tt.label)
			}
			if s.Note != "" {
				t.Errorf("Note = %q, want none", s.Note)
			}
		})
	}
}

func TestCohenDerivedByHand(t *testing.T) {
	tests := []struct {
		name  string
		table [][]int
		want  []figure
		label string
	}{
		{
			// The kappa paradox: 2×2 table (95, 4 \ 1, 0) of Cunningham M
			// (2009), More than just the kappa coefficient, SAS Global Forum
			// paper 242-2009, Figure 2, as quoted on Statalist (July 2013,
			// "st: Re: Kappa PABAK"); the figures were derived here, not read.
			// n = 100; rows 99, 1; columns 96, 4; po = 95/100 = 0.95;
			// pe = 0.99·0.96 + 0.01·0.04 = 0.9508;
			// κ = (0.95 − 0.9508)/(1 − 0.9508) = −0.0008/0.0492 = −0.016260;
			// PABAK = 2·0.95 − 1 = 0.90;
			// π = (0.99 + 0.96)/2 = 0.975 and 0.025;
			// pe_γ = 2·0.975·0.025/1 = 0.04875;
			// AC1 = (0.95 − 0.04875)/(1 − 0.04875) = 0.90125/0.95125 = 0.947438.
			name:  "high agreement yet negative kappa",
			table: [][]int{{95, 4}, {1, 0}},
			want: []figure{
				{"observed", 0.95, 10},
				{"expected", 0.9508, 10},
				{"kappa", -0.016260, 6},
				{"pabak", 0.90, 10},
				{"ac1", 0.947438, 6},
			},
			label: "poor",
		},
		{
			// Every subject in the other category: po = 0; rows and columns
			// 5, 5 of n = 10, so pe = 0.5·0.5 + 0.5·0.5 = 0.5;
			// κ = (0 − 0.5)/(1 − 0.5) = −1.
			// A = 0 (no agreements); B = (1 + 1)² · 2·[0.5·(0.5 + 0.5)²] = 4;
			// C = [−1 − 0.5·2]² = 4; var = (0 + 4 − 4)/(…) = 0, so SE 0.
			// PABAK = (2·0 − 1)/1 = −1; pe_γ = 2·0.5·0.5 = 0.5, AC1 = −1.
			name:  "total disagreement",
			table: [][]int{{0, 5}, {5, 0}},
			want: []figure{
				{"kappa", -1, 10},
				{"se", 0, 10},
				{"ci_low", -1, 10},
				{"ci_high", -1, 10},
				{"pabak", -1, 10},
				{"ac1", -1, 10},
			},
			label: "poor",
		},
		{
			// Perfect agreement on include, exclude, maybe: po = 1;
			// pe = 0.3² + 0.5² + 0.2² = 0.38; κ = 0.62/0.62 = 1.
			// A = Σ p_ii·1 = 1, B = 0, C = (1 − 0)² = 1: var 0, SE 0,
			// interval [1, 1]. PABAK = (3 − 1)/2 = 1, AC1 = 1.
			name:  "perfect agreement",
			table: [][]int{{30, 0, 0}, {0, 50, 0}, {0, 0, 20}},
			want: []figure{
				{"observed", 1, 10},
				{"expected", 0.38, 10},
				{"kappa", 1, 10},
				{"se", 0, 10},
				{"ci_low", 1, 10},
				{"ci_high", 1, 10},
				{"pabak", 1, 10},
				{"ac1", 1, 10},
			},
			label: "almost perfect",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustCohen(t, tt.table)
			for _, f := range tt.want {
				f.check(t, stat(s, f.stat))
			}
			if s.Label != tt.label {
				t.Errorf("Label = %q, want %q", s.Label, tt.label)
			}
		})
	}
}

func TestCohenUndefined(t *testing.T) {
	t.Run("every subject in one category leaves kappa undefined", func(t *testing.T) {
		// po = 1 and pe = 1·1 = 1: kappa is 0/0. PABAK = (2·1 − 1)/1 = 1;
		// π = (0, 1), pe_γ = 0, AC1 = 1.
		s := mustCohen(t, [][]int{{0, 0}, {0, 12}})
		for _, name := range []string{"kappa", "se", "ci_low", "ci_high"} {
			if v := stat(s, name); v != nil {
				t.Errorf("%s = %v, want nil", name, *v)
			}
		}
		figure{"observed", 1, 10}.check(t, s.Observed)
		figure{"expected", 1, 10}.check(t, s.Expected)
		figure{"pabak", 1, 10}.check(t, s.PABAK)
		figure{"ac1", 1, 10}.check(t, s.AC1)
		if s.N != 12 || s.Label != "" {
			t.Errorf("N = %d, Label = %q; want 12, \"\"", s.N, s.Label)
		}
		if want := "chance agreement is 1: kappa is undefined (every subject in one category)"; s.Note != want {
			t.Errorf("Note = %q, want %q", s.Note, want)
		}
	})
	t.Run("no subjects leaves every statistic undefined", func(t *testing.T) {
		s := mustCohen(t, [][]int{{0, 0, 0}, {0, 0, 0}, {0, 0, 0}})
		for _, name := range []string{"observed", "expected", "kappa", "se", "ci_low", "ci_high", "pabak", "ac1"} {
			if v := stat(s, name); v != nil {
				t.Errorf("%s = %v, want nil", name, *v)
			}
		}
		if s.N != 0 || s.Label != "" || s.Note != "no subjects rated by both" {
			t.Errorf("N = %d, Label = %q, Note = %q", s.N, s.Label, s.Note)
		}
		if len(s.Table) != 3 {
			t.Errorf("Table = %v, want the 3×3 table back", s.Table)
		}
	})
}

func TestCohenCopiesTable(t *testing.T) {
	table := [][]int{{1, 2}, {3, 4}}
	s := mustCohen(t, table)
	table[0][0] = 99
	if s.Table[0][0] != 1 {
		t.Errorf("Table shares memory with the argument: Table[0][0] = %d", s.Table[0][0])
	}
}

func TestCohenMalformedTables(t *testing.T) {
	tests := []struct {
		name  string
		table [][]int
		want  string
	}{
		{"nil table", nil, "0 categories"},
		{"one category", [][]int{{5}}, "1 categories"},
		{"ragged rows", [][]int{{1, 2}, {3}}, "table[1] has 1 cells, want 2"},
		{"more columns than rows", [][]int{{1, 2, 3}, {4, 5, 6}}, "table[0] has 3 cells, want 2"},
		{"negative count", [][]int{{1, 2}, {-3, 4}}, "table[1][0] is -3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Cohen(tt.table)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Cohen(%v) error = %v, want one containing %q", tt.table, err, tt.want)
			}
		})
	}
}

func TestUndefinedStatisticsMarshalAsNull(t *testing.T) {
	for _, table := range [][][]int{
		{{0, 0}, {0, 0}},
		{{7, 0}, {0, 0}},
	} {
		s := mustCohen(t, table)
		b, err := json.Marshal(s)
		if err != nil {
			t.Fatalf("json.Marshal(%v): %v", s, err)
		}
		for _, want := range []string{`"kappa":null`, `"se":null`, `"ci_low":null`, `"ci_high":null`, `"note":"`} {
			if !strings.Contains(string(b), want) {
				t.Errorf("%s lacks %s", b, want)
			}
		}
		if strings.Contains(string(b), "NaN") || strings.Contains(string(b), "Inf") || strings.Contains(string(b), `"label"`) {
			t.Errorf("%s has NaN, Inf or a label", b)
		}
	}
	f, err := Fleiss(nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(f)
	if err != nil || !strings.Contains(string(b), `"kappa":null`) {
		t.Errorf("json.Marshal(Fleiss(nil)) = %s, %v; want kappa null", b, err)
	}
}

// TestCohenRandomTablesStayFinite checks, over random small tables with
// many zeros, what no single example can: values are finite, in range, and
// defined or undefined together.
func TestCohenRandomTablesStayFinite(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 5000 {
		k := 2 + rng.IntN(4)
		table := make([][]int, k)
		for i := range table {
			table[i] = make([]int, k)
			for j := range table[i] {
				if rng.IntN(3) == 0 {
					table[i][j] = rng.IntN(6)
				}
			}
		}
		s := mustCohen(t, table)
		if _, err := json.Marshal(s); err != nil {
			t.Fatalf("Cohen(%v) does not marshal: %v", table, err)
		}
		for _, name := range []string{"observed", "expected", "kappa", "se", "ci_low", "ci_high", "pabak", "ac1"} {
			if v := stat(s, name); v != nil && (math.IsNaN(*v) || math.IsInf(*v, 0)) {
				t.Fatalf("Cohen(%v).%s = %v", table, name, *v)
			}
		}
		if (s.Kappa == nil) != (s.SE == nil) || (s.Kappa == nil) != (s.CILow == nil) || (s.Kappa == nil) != (s.Label == "") {
			t.Fatalf("Cohen(%v): kappa, SE, interval and label are not defined together: %+v", table, s)
		}
		if s.Kappa == nil {
			if s.N > 0 && s.Note == "" {
				t.Fatalf("Cohen(%v): kappa undefined without a note", table)
			}
			continue
		}
		if *s.Kappa < -1-1e-12 || *s.Kappa > 1+1e-12 || *s.CILow > *s.Kappa || *s.CIHigh < *s.Kappa || *s.CILow < -1 || *s.CIHigh > 1 {
			t.Fatalf("Cohen(%v): kappa %v, interval [%v, %v]", table, *s.Kappa, *s.CILow, *s.CIHigh)
		}
	}
}

// fleissDiagnoses are the psychiatric diagnoses of Fleiss (1971), Table 1:
// 30 patients, 6 ratings each, on 1 depression, 2 personality disorder,
// 3 schizophrenia, 4 neurosis, 5 other. Typed from the R package irr
// (data "diagnoses", Gamer et al.), as reproduced in statsmodels'
// test_inter_rater.py.
var fleissDiagnoses = [][]int{
	{4, 4, 4, 4, 4, 4}, {2, 2, 2, 5, 5, 5}, {2, 3, 3, 3, 3, 5}, {5, 5, 5, 5, 5, 5},
	{2, 2, 2, 4, 4, 4}, {1, 1, 3, 3, 3, 3}, {3, 3, 3, 3, 5, 5}, {1, 1, 3, 3, 3, 4},
	{1, 1, 4, 4, 4, 4}, {5, 5, 5, 5, 5, 5}, {1, 4, 4, 4, 4, 4}, {1, 2, 4, 4, 4, 4},
	{2, 2, 2, 3, 3, 3}, {1, 4, 4, 4, 4, 4}, {2, 2, 4, 4, 4, 5}, {3, 3, 3, 3, 3, 5},
	{1, 1, 1, 4, 5, 5}, {1, 1, 1, 1, 1, 2}, {2, 2, 4, 4, 4, 4}, {1, 3, 3, 5, 5, 5},
	{5, 5, 5, 5, 5, 5}, {2, 4, 4, 4, 4, 4}, {2, 2, 4, 5, 5, 5}, {1, 1, 4, 4, 4, 4},
	{1, 4, 4, 4, 4, 5}, {2, 2, 2, 2, 2, 4}, {1, 1, 1, 1, 5, 5}, {2, 2, 4, 4, 4, 4},
	{1, 3, 3, 3, 3, 3}, {5, 5, 5, 5, 5, 5},
}

// countRatings turns one row of ratings (categories 1..k) per subject into
// counts per category.
func countRatings(ratings [][]int, k int) [][]int {
	counts := make([][]int, len(ratings))
	for i, row := range ratings {
		counts[i] = make([]int, k)
		for _, r := range row {
			counts[i][r-1]++
		}
	}
	return counts
}

func TestFleissPublishedExamples(t *testing.T) {
	diagnoses := countRatings(fleissDiagnoses, 5)
	tests := []struct {
		name   string
		counts [][]int
		raters int
		want   []figure
	}{
		{
			// Fleiss (1971), Table 1; κ = 0.430. R irr's kappam.fleiss
			// prints 0.4302445 for the same data (statsmodels
			// test_fleiss_kappa_irr).
			name:   "Fleiss 1971 diagnoses, 30 subjects",
			counts: diagnoses,
			raters: 6,
			want:   []figure{{"kappa", 0.430, 3}, {"kappa", 0.4302445, 7}},
		},
		{
			// Gwet KL, R package irrCAC 1.0 (2019), README: data
			// distrib.6raters (the first 15 subjects of Fleiss's table as
			// counts), fleiss.kappa.dist prints coefficient 0.4139265.
			name:   "irrCAC distrib.6raters, 15 subjects",
			counts: diagnoses[:15],
			raters: 6,
			want:   []figure{{"kappa", 0.4139265, 7}},
		},
		{
			// The worked example of Wikipedia's "Fleiss' kappa" article: 10
			// subjects, 14 raters, 5 categories, κ = 0.210 (statsmodels
			// test_fleiss_kappa); Cardillo G (2007), Fleiss'es kappa, MATLAB
			// Central File Exchange 15426, prints 0.2099 for the same matrix.
			name: "Wikipedia worked example, 10 subjects by 14 raters",
			counts: [][]int{
				{0, 0, 0, 0, 14},
				{0, 2, 6, 4, 2},
				{0, 0, 3, 5, 6},
				{0, 3, 9, 2, 0},
				{2, 2, 8, 1, 1},
				{7, 7, 0, 0, 0},
				{3, 2, 6, 3, 0},
				{2, 5, 3, 2, 2},
				{6, 5, 2, 1, 0},
				{0, 2, 2, 3, 7},
			},
			raters: 14,
			want:   []figure{{"kappa", 0.210, 3}, {"kappa", 0.2099, 4}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Fleiss(tt.counts)
			if err != nil {
				t.Fatal(err)
			}
			if r.Subjects != len(tt.counts) || r.Raters != tt.raters || r.Note != "" {
				t.Errorf("Subjects, Raters, Note = %d, %d, %q; want %d, %d, \"\"", r.Subjects, r.Raters, r.Note, len(tt.counts), tt.raters)
			}
			for _, f := range tt.want {
				f.check(t, r.Kappa)
			}
		})
	}
}

func TestFleissUndefined(t *testing.T) {
	t.Run("no subjects", func(t *testing.T) {
		r, err := Fleiss([][]int{})
		if err != nil || r.Kappa != nil || r.Note != "no subjects" {
			t.Errorf("Fleiss(empty) = %+v, %v", r, err)
		}
	})
	t.Run("every rating in one category", func(t *testing.T) {
		// p = (0, 1): P̄e = 1, kappa is 0/0.
		r, err := Fleiss([][]int{{0, 3}, {0, 3}})
		if err != nil || r.Kappa != nil || r.Subjects != 2 || r.Raters != 3 ||
			r.Note != "chance agreement is 1: kappa is undefined (every rating in one category)" {
			t.Errorf("Fleiss = %+v, %v", r, err)
		}
	})
	t.Run("perfect agreement across categories", func(t *testing.T) {
		// P_i = 1 for each subject, P̄ = 1; p = (0.5, 0.5), P̄e = 0.5;
		// κ = (1 − 0.5)/(1 − 0.5) = 1.
		r, err := Fleiss([][]int{{4, 0}, {0, 4}})
		if err != nil {
			t.Fatal(err)
		}
		figure{"kappa", 1, 10}.check(t, r.Kappa)
	})
}

func TestFleissMalformedCounts(t *testing.T) {
	tests := []struct {
		name   string
		counts [][]int
		want   string
	}{
		{"rows with unequal sums", [][]int{{2, 1}, {1, 1}}, "counts[1] sums to 2, counts[0] to 3"},
		{"one rating per subject", [][]int{{1, 0}, {0, 1}}, "counts[0] sums to 1"},
		{"no categories", [][]int{{}}, "counts[0] sums to 0"},
		{"ragged categories", [][]int{{1, 1}, {1, 1, 0}}, "counts[1] has 3 categories, counts[0] has 2"},
		{"negative count", [][]int{{3, -1}, {1, 1}}, "counts[0][1] is -1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Fleiss(tt.counts)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Fleiss(%v) error = %v, want one containing %q", tt.counts, err, tt.want)
			}
		})
	}
}

func TestLandisKochBoundaries(t *testing.T) {
	tests := []struct {
		kappa float64
		want  string
	}{
		{-1, "poor"},
		{-0.0001, "poor"},
		{-1e-12, "slight"}, // zero, give or take rounding
		{0, "slight"},
		{0.1 + 0.1, "slight"},
		{0.2, "slight"},
		{0.2 + 1e-16, "slight"},
		{0.2000001, "fair"},
		{0.21, "fair"},
		{0.4, "fair"},
		{0.41, "moderate"},
		{0.6, "moderate"},
		{0.6000001, "substantial"},
		{0.8, "substantial"},
		{0.81, "almost perfect"},
		{1, "almost perfect"},
		{math.NaN(), ""},
	}
	for _, tt := range tests {
		if got := LandisKoch(tt.kappa); got != tt.want {
			t.Errorf("LandisKoch(%v) = %q, want %q", tt.kappa, got, tt.want)
		}
	}
}
