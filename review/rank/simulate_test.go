package rank

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/winnow-review/winnow/internal/testcorpus"
)

// topicDocs makes n records of filler text from a shared vocabulary, a
// share of them (every tenth) also about a topic of their own words:
// those are the inclusions.
func topicDocs(n int, seed uint64) ([]Doc, map[int64]bool) {
	rng := rand.New(rand.NewPCG(seed, 1))
	filler := strings.Fields(`study patients results methods analysis data group effect model outcome
		trial review clinical health risk treatment cohort survey sample evidence factors level rate
		years children women hospital care quality measure cost primary secondary baseline follow`)
	topic := strings.Fields(`nudge reminder default prompt feedback prescribing guideline adherence
		behaviour physicians checklist audit`)
	other := strings.Fields(`fracture bone surgery fixation implant radius femur tibia plate screw`)
	docs := make([]Doc, n)
	labels := make(map[int64]bool, n)
	for i := range docs {
		id := int64(i + 1)
		var words []string
		for range 40 {
			words = append(words, filler[rng.IntN(len(filler))])
		}
		rel := i%10 == 3
		extra := other
		if rel {
			extra = topic
		}
		for range 3 + rng.IntN(4) {
			words = append(words, extra[rng.IntN(len(extra))])
		}
		rng.Shuffle(len(words), func(a, b int) { words[a], words[b] = words[b], words[a] })
		docs[i] = Doc{ID: id, Text: strings.Join(words, " ")}
		labels[id] = rel
	}
	return docs, labels
}

// naiveFigures computes the figures of an order from the positions of its
// inclusions, without Evaluate's running counts.
func naiveFigures(order []int64, labels map[int64]bool) Figures {
	n := len(order)
	var pos []int
	for i, id := range order {
		if labels[id] {
			pos = append(pos, i+1)
		}
	}
	r := len(pos)
	N, R := float64(n), float64(r)
	foundBy := func(k int) int {
		c := 0
		for _, p := range pos {
			if p <= k {
				c++
			}
		}
		return c
	}
	n95 := pos[int(math.Ceil(0.95*R-1e-9))-1]
	n100 := pos[r-1]
	sumPos := 0
	area := 0.0 // Σ_k found(k) for k = 1..N, less half the two ends
	for _, p := range pos {
		sumPos += p
		area += float64(n - p + 1)
	}
	area -= float64(foundBy(1))/2 + R/2
	best, worst := N*R-R*R/2-0.5, R*R/2
	return Figures{
		ScreenedTo95:  float64(n95),
		ScreenedTo100: float64(n100),
		WSS95:         (N-float64(n95))/N - 0.05,
		WSS100:        (N - float64(n100)) / N,
		RecallAt10:    float64(foundBy(n/10)) / R,
		RecallAt25:    float64(foundBy(n/4)) / R,
		RecallAt50:    float64(foundBy(n/2)) / R,
		ATD:           float64(sumPos) / R / N,
		Loss:          (best - area) / (best - worst),
	}
}

// withoutPrior drops the prior records from an order and the labels.
func withoutPrior(s *Simulation, labels map[int64]bool) ([]int64, map[int64]bool) {
	prior := map[int64]bool{}
	for _, id := range s.Prior {
		prior[id] = true
	}
	var order []int64
	for _, id := range s.Order {
		if !prior[id] {
			order = append(order, id)
		}
	}
	rest := map[int64]bool{}
	for id, v := range labels {
		if !prior[id] {
			rest[id] = v
		}
	}
	return order, rest
}

func TestSimulateAgreesWithANaiveComputation(t *testing.T) {
	docs, labels := topicDocs(400, 3)
	o := DefaultSimOptions()
	o.Seeds = 3
	s, err := Simulate(docs, labels, o)
	if err != nil {
		t.Fatal(err)
	}
	if s.Records != 398 || s.Inclusions != 39 || len(s.Seeds) != 3 {
		t.Fatalf("records %d, inclusions %d, seeds %d: want 398, 39, 3", s.Records, s.Inclusions, len(s.Seeds))
	}
	if len(s.Order) != 400 || len(s.Prior) != 2 || !slices.Equal(s.Order[:2], s.Prior) {
		t.Fatalf("order of %d with prior %v first (%v): want all 400 records, the 2 prior first", len(s.Order), s.Prior, s.Order[:2])
	}
	if !labels[s.Prior[0]] || labels[s.Prior[1]] {
		t.Errorf("prior %v: want one include then one exclude", s.Prior)
	}
	seen := slices.Clone(s.Order)
	slices.Sort(seen)
	if len(slices.Compact(seen)) != 400 {
		t.Error("a record is screened twice")
	}
	order, rest := withoutPrior(s, labels)
	if d := diffFigures(s.Seeds[0].Figures, naiveFigures(order, rest), 1e-9); d != "" {
		t.Errorf("first seed against the naive computation:\n%s", d)
	}
	// The topic is easy: prioritised screening must beat random by far.
	if s.Mean.WSS95 < 0.5 || s.Mean.RecallAt25 < 0.9 {
		t.Errorf("mean WSS@95 %.3f, recall after 25%% %.3f: the learner is not learning", s.Mean.WSS95, s.Mean.RecallAt25)
	}
	for i, sd := range s.Seeds {
		if sd.WSS95 < s.Min.WSS95 || sd.WSS95 > s.Max.WSS95 {
			t.Errorf("seed %d WSS@95 %.3f outside min %.3f max %.3f", i, sd.WSS95, s.Min.WSS95, s.Max.WSS95)
		}
	}
	if mean := (s.Seeds[0].ATD + s.Seeds[1].ATD + s.Seeds[2].ATD) / 3; math.Abs(mean-s.Mean.ATD) > 1e-12 {
		t.Errorf("mean ATD %g, want %g", s.Mean.ATD, mean)
	}
}

func TestSimulateIsDeterministic(t *testing.T) {
	docs, labels := topicDocs(300, 5)
	o := DefaultSimOptions()
	o.Seeds = 4
	o.Workers = 1
	a, err := Simulate(docs, labels, o)
	if err != nil {
		t.Fatal(err)
	}
	o.Workers = 3
	b, err := Simulate(docs, labels, o)
	if err != nil {
		t.Fatal(err)
	}
	sameSeed := func(x, y SeedResult) bool {
		return x.Seed == y.Seed && x.Figures == y.Figures && *x.Stop == *y.Stop
	}
	if !slices.Equal(a.Order, b.Order) || !slices.EqualFunc(a.Seeds, b.Seeds, sameSeed) {
		t.Error("one worker and three gave different simulations")
	}
	o.FirstSeed = 2
	c, err := Simulate(docs, labels, o)
	if err != nil {
		t.Fatal(err)
	}
	if slices.Equal(a.Prior, c.Prior) && slices.Equal(a.Order, c.Order) {
		t.Error("another seed gave the same run")
	}
	if a.Seeds[1].Figures != c.Seeds[0].Figures {
		t.Error("seed 2 gave different figures as the second seed and as the first")
	}
}

func TestSimulateBatches(t *testing.T) {
	docs, labels := topicDocs(400, 3)
	o := DefaultSimOptions()
	o.Seeds = 2
	o.BatchShare = 0
	exact, err := Simulate(docs, labels, o)
	if err != nil {
		t.Fatal(err)
	}
	o.BatchShare = 0.05
	batched, err := Simulate(docs, labels, o)
	if err != nil {
		t.Fatal(err)
	}
	if d := math.Abs(exact.Mean.WSS95 - batched.Mean.WSS95); d > 0.05 {
		t.Errorf("batches of 5%% moved mean WSS@95 by %.3f", d)
	}
	if !slices.Equal(exact.Prior, batched.Prior) {
		t.Error("batches changed the prior knowledge")
	}
}

func TestSimulateWithoutPriorStartsAtRandom(t *testing.T) {
	docs, labels := topicDocs(200, 9)
	o := DefaultSimOptions()
	o.Seeds = 1
	o.PriorIncluded, o.PriorExcluded = 0, 0
	s, err := Simulate(docs, labels, o)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Prior) != 0 || s.Records != 200 || s.Inclusions != 20 {
		t.Fatalf("prior %v, records %d, inclusions %d", s.Prior, s.Records, s.Inclusions)
	}
	// The first records follow RandomOrder until one of each is seen.
	ids := make([]int64, 0, 200)
	for _, d := range docs {
		ids = append(ids, d.ID)
	}
	random := RandomOrder(ids, 1)
	for i, id := range s.Order {
		if id != random[i] {
			t.Fatalf("record %d of the order is %d, random order has %d", i, id, random[i])
		}
		if labels[id] {
			break
		}
	}
}

func TestSimulateRefuses(t *testing.T) {
	docs, labels := topicDocs(50, 1)
	o := DefaultSimOptions()
	delete(labels, 7)
	if _, err := Simulate(docs, labels, o); err == nil || !strings.Contains(err.Error(), "record 7 has no label") {
		t.Errorf("a record without a label: err %v", err)
	}
	labels[7] = false
	o.PriorIncluded = 5
	if _, err := Simulate(docs, labels, o); err == nil || !strings.Contains(err.Error(), "5 inclusions") {
		t.Errorf("as many prior includes as inclusions: err %v", err)
	}
	o = DefaultSimOptions()
	o.Model = "forest"
	if _, err := Simulate(docs, labels, o); err == nil {
		t.Error("an unknown model was accepted")
	}
}

// TestSimulateMatchesScreeningScore checks the first seed's figures on the
// smallest corpus dataset (or a synthetic one) against the independent
// scorer in ../shared/tools, given the order and the prior records as
// winnow simulate --order-out and --prior-out write them.
func TestSimulateMatchesScreeningScore(t *testing.T) {
	tool := filepath.Join(filepath.Dir(testcorpus.Dir(t)), "tools", "screening-score")
	if _, err := os.Stat(tool); err != nil {
		t.Skipf("no screening-score at %s", tool)
	}
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 is not installed: screening-score cannot run")
	}
	path := ""
	for _, p := range screeningDatasets(t) {
		if strings.Contains(p, "Kitchenham_2010") {
			path = p
		}
	}
	if path == "" {
		t.Skip("Kitchenham_2010 is not in the corpus")
	}
	docs, labels := Docs(readDataset(t, path))
	o := DefaultSimOptions()
	o.Seeds = 1
	s, err := Simulate(docs, labels, o)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name string, ids []int64) string {
		var b strings.Builder
		b.WriteString("record_id\n")
		for _, id := range ids {
			fmt.Fprintln(&b, id)
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	orderFile, priorFile := write("order.txt", s.Order), write("prior.txt", s.Prior)
	out, err := exec.Command("python3", tool, path, orderFile, "--exclude", priorFile, "--json").Output()
	if err != nil {
		t.Fatalf("screening-score: %v", err)
	}
	var got struct {
		Records    int `json:"records"`
		Inclusions int `json:"inclusions"`
		Figures
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("screening-score output %s: %v", out, err)
	}
	if got.Records != s.Records || got.Inclusions != s.Inclusions {
		t.Errorf("screening-score counts %d records, %d inclusions; simulate %d, %d", got.Records, got.Inclusions, s.Records, s.Inclusions)
	}
	// Equal to the third decimal, as the issue asks; they agree far closer.
	if d := diffFigures(s.Seeds[0].Figures, got.Figures, 5e-4); d != "" {
		t.Errorf("simulate against screening-score:\n%s", d)
	}
	if d := diffFigures(s.Seeds[0].Figures, got.Figures, 1e-9); d != "" {
		t.Logf("beyond the third decimal:\n%s", d)
	}
}

// The naive Bayes half of a switch can learn from a corpus of its own
// (SimOptions.NB): on the same features it changes nothing; on other
// features, before the switch, the run is naive Bayes alone on those.
func TestSimulateNBCorpus(t *testing.T) {
	docs, labels := topicDocs(300, 9)
	o := DefaultSimOptions()
	o.Seeds = 2
	o.SwitchAt = 10
	o.SwitchFrom = NaiveBayes // naive Bayes alone before the switch
	c, err := NewCorpus(docs, o.Options)
	if err != nil {
		t.Fatal(err)
	}
	base, err := c.Simulate(labels, o)
	if err != nil {
		t.Fatal(err)
	}
	if o.NB, err = NewCorpus(docs, o.Options); err != nil {
		t.Fatal(err)
	}
	same, err := c.Simulate(labels, o)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(base.Order, same.Order) || base.Mean != same.Mean {
		t.Error("the naive Bayes half on a corpus of the same features ranked otherwise")
	}

	words := o.Options
	words.Bigrams, words.Sublinear, words.MaxDF, words.StopWords = false, false, 0, true
	nbc, err := NewCorpus(docs, words)
	if err != nil {
		t.Fatal(err)
	}
	o.NB, o.SwitchAt = nbc, 1000 // never switches
	sw, err := c.Simulate(labels, o)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(sw.Model, "naive Bayes on features ngrams=1-1 min_df=1 max_df=1 tf=raw stop_words=english") {
		t.Errorf("model %q does not name the naive Bayes half's features", sw.Model)
	}
	alone := o
	alone.NB = nil
	alone.Options = words
	alone.Model, alone.Balance = NaiveBayes, o.NBBalance
	nb, err := nbc.Simulate(labels, alone)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(sw.Order, nb.Order) || sw.Mean != nb.Mean {
		t.Error("the switch before switching, its half on word features, ranked otherwise than naive Bayes alone on them")
	}
	if slices.Equal(sw.Order, base.Order) {
		t.Error("word features with stop words ranked as word pairs did")
	}

	other, _ := topicDocs(299, 9)
	if o.NB, err = NewCorpus(other, words); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Simulate(labels, o); err == nil || !strings.Contains(err.Error(), "same records") {
		t.Errorf("a naive Bayes corpus of other records: %v", err)
	}
}

// A switch from the fusion ranks by the fusion until SwitchAt includes
// are known and by the SVM from then on: with a SwitchAt never reached it
// simulates as the fusion does, with presumed exclusions too, and with
// SwitchAt 1 (the prior include reaches it) as the SVM does.
func TestSimulateSwitchFromFusion(t *testing.T) {
	docs, labels := topicDocs(300, 9)
	for _, presumed := range []int{0, 20} {
		o := DefaultSimOptions()
		o.Seeds, o.Presumed = 2, presumed
		c, err := NewCorpus(docs, o.Options)
		if err != nil {
			t.Fatal(err)
		}
		run := func(model string, at int, from string) *Simulation {
			t.Helper()
			s := o
			s.Model, s.SwitchAt, s.SwitchFrom = model, at, from
			sim, err := c.Simulate(labels, s)
			if err != nil {
				t.Fatal(err)
			}
			return sim
		}
		fusion, never := run(Fusion, 50, ""), run(Switch, 1000, Fusion)
		if !slices.Equal(fusion.Order, never.Order) || fusion.Mean != never.Mean {
			t.Errorf("presumed %d: the switch from the fusion, before switching, ranked otherwise than the fusion", presumed)
		}
		svm, at1 := run(SVM, 50, ""), run(Switch, 1, Fusion)
		if !slices.Equal(svm.Order, at1.Order) || svm.Mean != at1.Mean {
			t.Errorf("presumed %d: the switch from the fusion at 1 ranked otherwise than the SVM", presumed)
		}
		if nb := run(Switch, 1000, ""); slices.Equal(nb.Order, never.Order) {
			t.Errorf("presumed %d: the switch from naive Bayes ranked as the one from the fusion", presumed)
		}
		if !strings.Contains(never.Model, "switch_from=fusion") {
			t.Errorf("model %q does not say it switches from the fusion", never.Model)
		}
	}
	o := DefaultSimOptions()
	o.SwitchFrom = SVM
	c, err := NewCorpus(docs, o.Options)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Simulate(labels, o); err == nil || !strings.Contains(err.Error(), "switch from") {
		t.Errorf("a switch from the SVM: %v", err)
	}
}
