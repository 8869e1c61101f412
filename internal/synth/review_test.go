package synth

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func readTruth(t *testing.T, dir string) map[string]string {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "truth.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) == 0 || rows[0][0] != "record_id" || rows[0][1] != "group_id" {
		t.Fatalf("truth.csv header: %v", rows[:min(len(rows), 1)])
	}
	truth := map[string]string{}
	for _, r := range rows[1:] {
		if _, dup := truth[r[0]]; dup {
			t.Fatalf("record %s listed twice in truth.csv", r[0])
		}
		truth[r[0]] = r[1]
	}
	return truth
}

func TestWriteReview(t *testing.T) {
	dir := t.TempDir()
	m, err := WriteReview(dir, ReviewConfig{Records: 3000, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	truth := readTruth(t, dir)
	if len(truth) != m.Records || m.Records < 3000 {
		t.Fatalf("truth has %d records, manifest %d", len(truth), m.Records)
	}
	groups := map[string]int{}
	for _, g := range truth {
		groups[g]++
	}
	if len(groups) != m.Groups {
		t.Errorf("truth has %d groups, manifest %d", len(groups), m.Groups)
	}
	share := float64(m.Removable) / float64(m.Records)
	if share < 0.2 || share > 0.3 {
		t.Errorf("%.3f of the records are duplicates; want 0.2-0.3", share)
	}
	for _, kind := range []string{"erratum", "conference abstract"} {
		if m.Negatives[kind] == 0 {
			t.Errorf("no %s among the look-alikes", kind)
		}
	}
	// Each file holds the records the truth names for it.
	perFile := map[string]int{}
	for id := range truth {
		stem, _, _ := strings.Cut(id, ":")
		perFile[stem]++
	}
	for _, f := range m.Files {
		stem := strings.TrimSuffix(f.File, filepath.Ext(f.File))
		if perFile[stem] != f.Records || f.Records == 0 {
			t.Errorf("%s: %d records, the truth names %d", f.File, f.Records, perFile[stem])
		}
	}

	// The same seed writes the same bytes.
	again := t.TempDir()
	if _, err := WriteReview(again, ReviewConfig{Records: 3000, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	for _, f := range append(m.Files, ManifestFile{File: "truth.csv"}) {
		a, _ := os.ReadFile(filepath.Join(dir, f.File))
		b, _ := os.ReadFile(filepath.Join(again, f.File))
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between two runs with one seed", f.File)
		}
	}
}

func TestWriteUpdate(t *testing.T) {
	base, upd := t.TempDir(), t.TempDir()
	if _, err := WriteReview(base, ReviewConfig{Records: 2000, Seed: 9}); err != nil {
		t.Fatal(err)
	}
	m, err := WriteUpdate(upd, base, 400, 0.25)
	if err != nil {
		t.Fatal(err)
	}
	old, fresh := readTruth(t, base), readTruth(t, upd)
	if len(fresh) != m.Records || m.Records < 400 {
		t.Fatalf("update truth has %d records, manifest %d", len(fresh), m.Records)
	}
	oldGroups := map[string]bool{}
	for _, g := range old {
		oldGroups[g] = true
	}
	again := 0
	for id, g := range fresh {
		if _, clash := old[id]; clash {
			t.Fatalf("update record id %s is a base record id too", id)
		}
		if oldGroups[g] {
			again++
		}
	}
	if again != m.FoundAgain || again < 50 || again > 150 {
		t.Errorf("%d update records belong to works of the base review (manifest %d); want about a quarter of 400", again, m.FoundAgain)
	}
	for _, f := range m.Files {
		if !strings.Contains(f.File, "-update.") {
			t.Errorf("update file %s is not named as an update", f.File)
		}
	}
}
