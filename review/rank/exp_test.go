package rank

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

func envOpts() SimOptions {
	o := DefaultSimOptions()
	if v := os.Getenv("M"); v != "" {
		o.Model = v
	}
	if v := os.Getenv("BAL"); v != "" {
		o.Balance = v
	}
	if v := os.Getenv("ALPHA"); v != "" {
		o.Alpha, _ = strconv.ParseFloat(v, 64)
	}
	if v := os.Getenv("C"); v != "" {
		o.C, _ = strconv.ParseFloat(v, 64)
	}
	if v := os.Getenv("BI"); v != "" {
		o.Bigrams = v == "1"
	}
	if v := os.Getenv("SUB"); v != "" {
		o.Sublinear = v == "1"
	}
	if v := os.Getenv("STOP"); v != "" {
		o.StopWords = v == "1"
	}
	if v := os.Getenv("MINDF"); v != "" {
		o.MinDF, _ = strconv.Atoi(v)
	}
	if v := os.Getenv("DBAL"); v != "" {
		f := strings.Split(v, ",")
		o.DA, _ = strconv.ParseFloat(f[0], 64)
		o.DAlpha, _ = strconv.ParseFloat(f[1], 64)
		o.DB, _ = strconv.ParseFloat(f[2], 64)
	}
	if v := os.Getenv("SEEDS"); v != "" {
		o.Seeds, _ = strconv.Atoi(v)
	}
	if v := os.Getenv("BATCH"); v != "" {
		o.BatchShare, _ = strconv.ParseFloat(v, 64)
	}
	return o
}

func TestExp(t *testing.T) {
	if os.Getenv("EXP") == "" {
		t.Skip()
	}
	o := envOpts()
	only := os.Getenv("DS")
	var sum float64
	for _, path := range screeningDatasets(t) {
		name := filepath.Base(filepath.Dir(path))
		if only != "" && !strings.Contains(only, name[:4]) {
			continue
		}
		recs := readDataset(t, path)
		if os.Getenv("FULL") == "" {
			recs = Reduce(recs)
		}
		docs, labels := Docs(recs)
		start := time.Now()
		c, err := NewCorpus(docs, o.Options)
		if err != nil {
			t.Fatal(err)
		}
		built := time.Since(start)
		s, err := c.Simulate(labels, o)
		if err != nil {
			t.Fatal(err)
		}
		var w []string
		for _, sd := range s.Seeds {
			w = append(w, fmt.Sprintf("%.3f", sd.WSS95))
		}
		sum += s.Mean.WSS95
		if os.Getenv("COMPACT") != "" {
			fmt.Printf("%s %.3f ", name[:4], s.Mean.WSS95)
			continue
		}
		fmt.Printf("%-24s N=%5d R=%3d V=%6d wss95 %.4f [%s] wss100 %.4f rrf10 %.3f atd %.4f loss %.4f  build %v sim %v\n",
			name, s.Records, s.Inclusions, c.Features(), s.Mean.WSS95, strings.Join(w, " "), s.Mean.WSS100, s.Mean.RecallAt10, s.Mean.ATD, s.Mean.Loss, built.Round(time.Millisecond), time.Since(start).Round(time.Millisecond))
	}
	fmt.Printf("sum wss95 %.4f  %s %s\n", sum, o.kind()+" "+o.settings(), os.Getenv("DBAL"))
}
