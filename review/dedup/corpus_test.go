package dedup

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"github.com/winnow-review/winnow/internal/storetest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/winnow-review/winnow/internal/testcorpus"
	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/importer"
	"github.com/winnow-review/winnow/review/store"
)

// TestPipelineCorpus runs the whole path a user takes on every labelled
// dataset of the shared corpus: import into a fresh review (a single-file
// dataset with --combined), winnow dedup, then the links and queue as the
// store holds them, scored by dedup-score. go test -v -run PipelineCorpus
// prints the table that the README shows.
func TestPipelineCorpus(t *testing.T) {
	root := filepath.Join(testcorpus.Dir(t), "dedup")
	tool := filepath.Join(root, "..", "..", "tools", "dedup-score")
	if _, err := os.Stat(tool); err != nil {
		t.Skipf("dedup-score not found at %s", tool)
	}
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 is needed to run dedup-score")
	}
	truths, _ := filepath.Glob(filepath.Join(root, "*", "truth.csv"))
	slices.Sort(truths)
	if len(truths) == 0 {
		t.Skipf("no labelled datasets under %s", root)
	}
	ctx := context.Background()
	var rows []string
	var all struct{ records, truePairs, linked, tp, fp, queued, tpAfter int }
	for _, truth := range truths {
		dir := filepath.Dir(truth)
		name := filepath.Base(dir)
		t.Run(name, func(t *testing.T) {
			files, _ := filepath.Glob(filepath.Join(dir, "*.ris"))
			slices.Sort(files)
			st, err := store.Create(ctx, storetest.Location(t, t.TempDir(), "r.db"), name, 2, "")
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			for _, f := range files {
				_, err := importer.Import(ctx, st, []string{f}, importer.Options{
					Source: filepath.Base(f), Kind: review.Database, Combined: len(files) == 1,
				})
				if err != nil {
					t.Fatal(err)
				}
			}
			if _, err := Run(ctx, st, "test", review.Viewer{}, false); err != nil {
				t.Fatal(err)
			}
			out := t.TempDir()
			linksCSV, queueCSV := filepath.Join(out, "links.csv"), filepath.Join(out, "queue.csv")
			sourceID := writeLinks(t, st, linksCSV)
			writeQueue(t, st, queueCSV, sourceID)
			data, err := exec.Command(tool, truth, linksCSV, "--queued", queueCSV, "--json", "--quiet").Output()
			if err != nil {
				t.Fatalf("dedup-score: %v\n%s", err, data)
			}
			var rep struct {
				Datasets map[string]struct {
					Records int `json:"records"`
					Pairs   struct {
						True        int     `json:"true_pairs"`
						Predicted   int     `json:"predicted_pairs"`
						TP          int     `json:"tp_pairs"`
						FP          int     `json:"fp_pairs"`
						Sensitivity float64 `json:"sensitivity"`
					} `json:"pairs"`
					RecordLevel struct {
						Sensitivity float64 `json:"sensitivity"`
						Specificity float64 `json:"specificity"`
					} `json:"record_level"`
					Queued struct {
						Pairs       int     `json:"queued_pairs"`
						AfterReview float64 `json:"sensitivity_after_review"`
						TPAfter     int     `json:"tp_pairs_after_review"`
					} `json:"queued"`
				} `json:"datasets"`
			}
			if err := json.Unmarshal(data, &rep); err != nil {
				t.Fatalf("dedup-score output: %v\n%s", err, data)
			}
			s, ok := rep.Datasets[name]
			if !ok {
				t.Fatalf("dedup-score says nothing of %s", name)
			}
			if s.Pairs.FP != 0 {
				t.Errorf("%d false automatic links: zero allowed", s.Pairs.FP)
			}
			rows = append(rows, fmt.Sprintf("| %s | %d | %d | %d | %d | %d | %.4f | %.4f | %.4f / %.4f |", name, s.Records,
				s.Pairs.True, s.Pairs.Predicted, s.Pairs.FP, s.Queued.Pairs, s.Pairs.Sensitivity, s.Queued.AfterReview,
				s.RecordLevel.Sensitivity, s.RecordLevel.Specificity))
			all.records += s.Records
			all.truePairs += s.Pairs.True
			all.linked += s.Pairs.Predicted
			all.tp += s.Pairs.TP
			all.fp += s.Pairs.FP
			all.queued += s.Queued.Pairs
			all.tpAfter += s.Queued.TPAfter
		})
	}
	if all.truePairs == 0 {
		return
	}
	t.Logf("\n| dataset | records | true pairs | linked pairs | false links | queued pairs | pair sensitivity | with queue | record-level sens. / spec. |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n%s\n| all | %d | %d | %d | %d | %d (%.2f%%) | %.4f | %.4f | |",
		strings.Join(rows, "\n"), all.records, all.truePairs, all.linked, all.fp, all.queued,
		100*float64(all.queued)/float64(all.records), float64(all.tp)/float64(all.truePairs), float64(all.tpAfter)/float64(all.truePairs))
}

// writeLinks writes record_id,cluster_id with the records' own ids (the
// truth's), and returns winnow's number → own id.
func writeLinks(t *testing.T, st *store.Store, path string) map[int64]string {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w := csv.NewWriter(f)
	w.Write([]string{"record_id", "cluster_id"})
	ids := map[int64]string{}
	err = st.EachRecord(context.Background(), store.RecordQuery{All: true}, func(r *review.Record) error {
		ids[r.ID] = r.SourceID
		cluster := r.ID
		if r.DuplicateOf != 0 {
			cluster = r.DuplicateOf
		}
		return w.Write([]string{r.SourceID, strconv.FormatInt(cluster, 10)})
	})
	if err != nil {
		t.Fatal(err)
	}
	w.Flush()
	return ids
}

func writeQueue(t *testing.T, st *store.Store, path string, sourceID map[int64]string) {
	t.Helper()
	queue, err := st.QueuedPairs(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w := csv.NewWriter(f)
	w.Write([]string{"record_id_1", "record_id_2"})
	for _, p := range queue {
		w.Write([]string{sourceID[p.A], sourceID[p.B]})
	}
	w.Flush()
}
