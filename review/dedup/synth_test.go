package dedup

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/winnow-review/winnow/internal/storetest"
	"github.com/winnow-review/winnow/internal/synth"
	"github.com/winnow-review/winnow/internal/testcorpus"
	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/importer"
	"github.com/winnow-review/winnow/review/store"
)

// synthScore is what dedup-score --json says of one clustering.
type synthScore struct {
	Records int `json:"records"`
	Pairs   struct {
		True        int     `json:"true_pairs"`
		Predicted   int     `json:"predicted_pairs"`
		TP          int     `json:"tp_pairs"`
		FP          int     `json:"fp_pairs"`
		FN          int     `json:"fn_pairs"`
		Sensitivity float64 `json:"sensitivity"`
		Precision   float64 `json:"precision"`
	} `json:"pairs"`
	FalsePositives []json.RawMessage `json:"false_positive_pairs"`
	RecordLevel    struct {
		Sensitivity float64 `json:"sensitivity"`
		Specificity float64 `json:"specificity"`
	} `json:"record_level"`
	Queued struct {
		Pairs       int     `json:"queued_pairs"`
		True        int     `json:"queued_true_pairs"`
		AfterReview float64 `json:"sensitivity_after_review"`
	} `json:"queued"`
}

func (s synthScore) row(name string) string {
	return fmt.Sprintf("| %s | %d | %d | %d | %d | %d (%d true) | %.4f | %.4f | %.4f / %.4f |", name, s.Records,
		s.Pairs.True, s.Pairs.Predicted, s.Pairs.FP, s.Queued.Pairs, s.Queued.True, s.Pairs.Sensitivity,
		s.Queued.AfterReview, s.RecordLevel.Sensitivity, s.RecordLevel.Specificity)
}

// dedupScore finds ../shared/tools/dedup-score, or skips.
func dedupScore(t *testing.T) string {
	t.Helper()
	tool := filepath.Join(testcorpus.Dir(t), "..", "tools", "dedup-score")
	if _, err := os.Stat(tool); err != nil {
		t.Skipf("dedup-score not found at %s: skipping the score", tool)
	}
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 is needed to run dedup-score")
	}
	return tool
}

// importSynth imports the exports of a synthetic review, one search per
// database, as a team would.
func importSynth(t *testing.T, st *store.Store, dir string, m *synth.Manifest) {
	t.Helper()
	for _, f := range m.Files {
		_, err := importer.Import(context.Background(), st, []string{filepath.Join(dir, f.File)},
			importer.Options{Source: f.Database, Kind: review.Database})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// scoreSynth writes the review's clusters and queue with the truth's
// record ids and scores them against the truth files (concatenated).
func scoreSynth(t *testing.T, tool string, st *store.Store, truths ...string) synthScore {
	t.Helper()
	ctx := context.Background()
	out := t.TempDir()
	truth := filepath.Join(out, "truth.csv")
	tf, err := os.Create(truth)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range truths {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(f).ReadAll()
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if i > 0 {
			rows = rows[1:]
		}
		w := csv.NewWriter(tf)
		w.WriteAll(rows)
	}
	tf.Close()

	searches, err := st.Searches(ctx)
	if err != nil {
		t.Fatal(err)
	}
	file := map[int64]string{}
	for _, s := range searches {
		file[s.ID] = s.File
	}
	ids := map[int64]string{}
	links := filepath.Join(out, "links.csv")
	lf, err := os.Create(links)
	if err != nil {
		t.Fatal(err)
	}
	w := csv.NewWriter(lf)
	w.Write([]string{"record_id", "cluster_id"})
	err = st.EachRecord(ctx, store.RecordQuery{All: true}, func(r *review.Record) error {
		id := synth.TruthID(file[r.SearchID], r.SourceID)
		ids[r.ID] = id
		cluster := r.ID
		if r.DuplicateOf != 0 {
			cluster = r.DuplicateOf
		}
		return w.Write([]string{id, strconv.FormatInt(cluster, 10)})
	})
	w.Flush()
	lf.Close()
	if err != nil {
		t.Fatal(err)
	}
	queue, err := st.QueuedPairs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	queued := filepath.Join(out, "queue.csv")
	qf, err := os.Create(queued)
	if err != nil {
		t.Fatal(err)
	}
	w = csv.NewWriter(qf)
	w.Write([]string{"record_id_1", "record_id_2"})
	for _, p := range queue {
		w.Write([]string{ids[p.A], ids[p.B]})
	}
	w.Flush()
	qf.Close()

	cmd := exec.Command(tool, truth, links, "--queued", queued, "--json", "--quiet")
	cmd.Stderr = io.Discard
	data, err := cmd.Output()
	if err != nil {
		t.Fatalf("dedup-score: %v\n%s", err, data)
	}
	var rep struct {
		Datasets map[string]synthScore `json:"datasets"`
	}
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatalf("dedup-score output: %v\n%s", err, data)
	}
	for _, s := range rep.Datasets {
		return s
	}
	t.Fatalf("dedup-score scored nothing:\n%s", data)
	return synthScore{}
}

// TestPipelineSynthetic runs what a team does on a synthetic review of
// WINNOW_SYNTH_N records (default 10,000; see internal/synth): import the
// five databases' exports, winnow dedup, then the same searches re-run
// (a twentieth as many records, a quarter of them found again), imported
// and deduplicated; each step is scored against the truth with
// dedup-score. No false link is allowed; on synthetic data the engine
// should find nearly every duplicate. go test -v -run PipelineSynthetic
// prints the figures the README shows.
func TestPipelineSynthetic(t *testing.T) {
	tool := dedupScore(t)
	n := 10_000
	if v, err := strconv.Atoi(os.Getenv("WINNOW_SYNTH_N")); err == nil && v > 0 {
		n = v
	}
	ctx := context.Background()
	dir := t.TempDir()
	baseDir, updDir := filepath.Join(dir, "review"), filepath.Join(dir, "update")
	base, err := synth.WriteReview(baseDir, synth.ReviewConfig{Records: n, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Create(ctx, storetest.Location(t, t.TempDir(), "r.db"), "synthetic", 2, "")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	importSynth(t, st, baseDir, base)
	res, err := Run(ctx, st, "test", review.Viewer{}, false)
	if err != nil {
		t.Fatal(err)
	}
	if res.Compared != base.Records {
		t.Fatalf("compared %d records, want %d", res.Compared, base.Records)
	}
	s := scoreSynth(t, tool, st, filepath.Join(baseDir, "truth.csv"))
	rows := []string{s.row("review")}
	if s.Pairs.FP != 0 {
		t.Errorf("%d false links on the synthetic review: %s", s.Pairs.FP, joinRaw(s.FalsePositives))
	}
	if s.Pairs.Sensitivity < 0.99 {
		t.Errorf("pair sensitivity %.4f on the synthetic review: below 0.99", s.Pairs.Sensitivity)
	}

	upd, err := synth.WriteUpdate(updDir, baseDir, max(n/20, 500), 0.25)
	if err != nil {
		t.Fatal(err)
	}
	importSynth(t, st, updDir, upd)
	res, err = Run(ctx, st, "test", review.Viewer{}, false)
	if err != nil {
		t.Fatal(err)
	}
	if res.Compared != upd.Records {
		t.Fatalf("the update's run compared %d records, want the %d new ones", res.Compared, upd.Records)
	}
	s = scoreSynth(t, tool, st, filepath.Join(baseDir, "truth.csv"), filepath.Join(updDir, "truth.csv"))
	rows = append(rows, s.row("review + update"))
	if s.Pairs.FP != 0 {
		t.Errorf("%d false links after the update: %s", s.Pairs.FP, joinRaw(s.FalsePositives))
	}
	if s.Pairs.Sensitivity < 0.99 {
		t.Errorf("pair sensitivity %.4f after the update: below 0.99", s.Pairs.Sensitivity)
	}
	// The run after the update read only the records the new ones can
	// meet (the review keeps its blocking keys): it links what one run
	// over both imports links.
	whole, err := store.Create(ctx, storetest.Location(t, t.TempDir(), "whole.db"), "synthetic", 2, "")
	if err != nil {
		t.Fatal(err)
	}
	defer whole.Close()
	importSynth(t, whole, baseDir, base)
	importSynth(t, whole, updDir, upd)
	if _, err := Run(ctx, whole, "test", review.Viewer{}, false); err != nil {
		t.Fatal(err)
	}
	a, b := links(t, st), links(t, whole)
	missing, extra := 0, 0
	for l := range b {
		if !a[l] {
			missing++
		}
	}
	for l := range a {
		if !b[l] {
			extra++
		}
	}
	if missing+extra > 0 {
		t.Errorf("review then update: %d links; one run over both: %d (%d of its links missing, %d others)", len(a), len(b), missing, extra)
	}
	t.Logf("synthetic review of %d records (%d removable duplicates), update of %d (%d found again):\n| run | records | true pairs | linked pairs | false links | queued pairs | pair sensitivity | with queue | record-level sens. / spec. |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n%s\n%s",
		base.Records, base.Removable, upd.Records, upd.FoundAgain, rows[0], rows[1])
}

func joinRaw(list []json.RawMessage) string {
	s := ""
	for i, r := range list {
		if i > 0 {
			s += "; "
		}
		s += string(r)
	}
	return s
}
