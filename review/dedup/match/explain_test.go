package match

import (
	"encoding/csv"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/winnow-review/winnow/review"
)

// explain logs, for tuning (WINNOW_DEDUP_DEBUG=1), the pairs the engine
// gets wrong with the measurements behind each decision: false links,
// true pairs neither linked nor queued, and false pairs in the queue.
func explain(t *testing.T, tool, truthPath, linksCSV, queueCSV string, recs []review.Record, keys []Key, combined bool) {
	t.Helper()
	f, err := os.Open(truthPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	group := map[string]string{}
	for _, r := range rows[1:] {
		group[r[0]] = r[1]
	}
	links, queue := Find(keys, Options{Combined: func(int64) bool { return combined }})
	ids := make([]int64, len(keys))
	for i := range keys {
		ids[i] = keys[i].ID
	}
	cl := Clusters(ids, links)
	queued := map[[2]int64]Pair{}
	for _, p := range queue {
		queued[[2]int64{p.A, p.B}] = p
	}
	byGroup := map[string][]int{}
	for i := range recs {
		g := group[recs[i].SourceID]
		byGroup[g] = append(byGroup[g], i)
	}
	show := func(kind string, i, j int, p *Pair) {
		a, b := &keys[i], &keys[j]
		ta := appendTokens(nil, a.Title)
		tb := appendTokens(nil, b.Title)
		sameSearch := a.SearchID == b.SearchID && !combined
		ft := measure(a, b, ta, tb, sameSearch)
		o := decide(&ft, &defaultThresholds)
		var sb strings.Builder
		fmt.Fprintf(&sb, "%s %s %s: verdict %d score %.2f %v", kind, recs[i].SourceID, recs[j].SourceID, o.verdict, o.score, o.reasons)
		if p != nil {
			fmt.Fprintf(&sb, " (reported %v)", p.Reasons)
		}
		fmt.Fprintf(&sb, "\n    features %+v\n", ft)
		for _, k := range []*Key{a, b} {
			fmt.Fprintf(&sb, "    [%d] %q | %s | %d | %s | v%d i%d p%d-%d | %s | %s | %s\n", k.SearchID, k.Title, k.Authors, k.Year, k.Venue, k.Volume, k.Issue, k.FirstPage, k.LastPage, k.DOI, k.Flags, k.FirstGiven)
		}
		t.Log(sb.String())
	}
	// How the links were made.
	kinds := map[string]int{}
	for _, l := range links {
		r := strings.Join(l.Reasons, "; ")
		if i := strings.Index(r, ":"); strings.HasPrefix(r, "similar") && i > 0 {
			r = "similar:" + r[i+1:]
		}
		kinds[r]++
		if os.Getenv("WINNOW_DEDUP_SHOW") != "" && strings.Contains(r, os.Getenv("WINNOW_DEDUP_SHOW")) {
			show("LINK", int(l.A-1), int(l.B-1), &l)
		}
	}
	for k, n := range kinds {
		t.Logf("links by reason: %5d %s", n, k)
	}
	// False links.
	for _, l := range links {
		if group[recs[l.A-1].SourceID] != group[recs[l.B-1].SourceID] {
			show("FALSE LINK", int(l.A-1), int(l.B-1), &l)
		}
	}
	// Missed true pairs.
	for _, members := range byGroup {
		for x := 0; x < len(members); x++ {
			for y := x + 1; y < len(members); y++ {
				i, j := members[x], members[y]
				a, b := keys[i].ID, keys[j].ID
				if a > b {
					a, b = b, a
					i, j = j, i
				}
				if cl[a] == cl[b] {
					continue
				}
				if p, ok := queued[[2]int64{a, b}]; ok {
					show("QUEUED TRUE", i, j, &p)
					continue
				}
				show("MISSED", i, j, nil)
			}
		}
	}
	for _, p := range queue {
		if group[recs[p.A-1].SourceID] != group[recs[p.B-1].SourceID] {
			show("QUEUED FALSE", int(p.A-1), int(p.B-1), &p)
		}
	}
}
