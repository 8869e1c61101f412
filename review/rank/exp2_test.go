package rank

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestExpPositions(t *testing.T) {
	if os.Getenv("EXP2") == "" {
		t.Skip()
	}
	o := envOpts()
	for _, path := range screeningDatasets(t) {
		name := filepath.Base(filepath.Dir(path))
		if !strings.Contains(os.Getenv("DS"), name[:4]) {
			continue
		}
		recs := Reduce(readDataset(t, path))
		docs, labels := Docs(recs)
		byID := map[int64]Labelled{}
		for _, r := range recs {
			byID[r.ID] = r
		}
		o.Seeds = 1
		s, err := Simulate(docs, labels, o)
		if err != nil {
			t.Fatal(err)
		}
		var pos []int
		for i, id := range s.Order[2:] {
			if labels[id] {
				pos = append(pos, i+1)
				if len(pos) > 85 {
					fmt.Printf("%d: %d %.100s | %.200s\n", len(pos), i+1, byID[id].Title, byID[id].Abstract)
				}
			}
		}
		fmt.Println(pos)
	}
}
