package match

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/winnow-review/winnow/review"
)

// rec is a record for the tests: "Family, Given; Family, Given" authors
// and "key=value" fields (journal, volume, issue, pages, doi, pmid, type).
func rec(id, search int64, title, authors string, year int, fields ...string) Key {
	r := review.Record{ID: id, SearchID: search, Title: title, Year: year}
	for _, a := range strings.Split(authors, ";") {
		if fam, given, _ := strings.Cut(strings.TrimSpace(a), ","); fam != "" {
			r.Authors = append(r.Authors, review.Author{Family: strings.TrimSpace(fam), Given: strings.TrimSpace(given)})
		}
	}
	for _, f := range fields {
		k, v, _ := strings.Cut(f, "=")
		switch k {
		case "journal":
			r.Journal = v
		case "volume":
			r.Volume = v
		case "issue":
			r.Issue = v
		case "pages":
			r.Pages = v
		case "doi":
			r.DOI = v
		case "pmid":
			r.PMID = v
		case "type":
			r.Type = v
		default:
			panic("rec: unknown field " + k)
		}
	}
	return KeyOf(&r, search)
}

const (
	title   = "Type-specific persistence of high-risk human papillomavirus as indicator of high-grade cervical lesions"
	authors = "Kjaer, S K; van den Brule, A J; Paull, G; Svare, E I"
)

// find runs Find over keys from separate searches unless told otherwise,
// and gives the links and the queue as "a-b" strings.
func find(keys []Key, opt Options) (links, queue []string) {
	l, q := Find(keys, opt)
	for _, p := range l {
		links = append(links, fmt.Sprintf("%d-%d", p.A, p.B))
	}
	for _, p := range q {
		queue = append(queue, fmt.Sprintf("%d-%d", p.A, p.B))
	}
	return links, queue
}

func TestRules(t *testing.T) {
	tests := []struct {
		name         string
		keys         []Key
		opt          Options
		links, queue []string
	}{
		{
			name: "links the same article from two databases",
			keys: []Key{
				rec(1, 1, title, authors, 2002, "journal=BMJ", "volume=325", "pages=572-6"),
				rec(2, 2, strings.ToUpper(title)+".", "Kjaer, Susanne K.; Brule, A. J. van den", 2002, "journal=British Medical Journal", "volume=325", "pages=572"),
			},
			links: []string{"1-2"},
		},
		{
			name: "links equal DOIs with compatible titles",
			keys: []Key{
				rec(1, 1, title, authors, 2002, "doi=10.1136/bmj.325.7364.572"),
				rec(2, 2, title+": a population based study", "Kjaer, S", 2003, "doi=https://doi.org/10.1136/BMJ.325.7364.572"),
			},
			links: []string{"1-2"},
		},
		{
			name: "does not link a supplement DOI shared by two abstracts",
			keys: []Key{
				rec(1, 1, "Liraglutide lowers blood pressure in obese rats", "Li, J", 2014, "journal=Diabetologia", "volume=57", "pages=S321", "doi=10.1007/s00125-014-3355-0"),
				rec(2, 2, "Sitagliptin and endothelial function in mice", "Wang, Q", 2014, "journal=Diabetologia", "volume=57", "pages=S322", "doi=10.1007/s00125-014-3355-0"),
			},
		},
		{
			name: "links equal PMIDs",
			keys: []Key{
				rec(1, 1, title, authors, 2002, "pmid=12217996"),
				rec(2, 2, "[Persistence of HPV]", "", 0, "pmid=12217996"),
			},
			links: []string{"1-2"},
		},
		{
			name: "does not link records whose DOIs differ",
			keys: []Key{
				rec(1, 1, "Editorial introduction", "Zwass, Vladimir", 2010, "journal=J Manage Inf Syst", "volume=27", "issue=2", "pages=5-7", "doi=10.2753/MIS0742-1222270200"),
				rec(2, 2, "Editorial introduction", "Zwass, Vladimir", 2010, "journal=J Manage Inf Syst", "volume=27", "issue=3", "pages=5-6", "doi=10.2753/MIS0742-1222270300"),
			},
		},
		{
			name: "does not link the same conference abstract printed in two journals",
			keys: []Key{
				rec(1, 1, "Novel DNA alterations in FCN1 and FCN2 genes in atypical HUS patients", "Volokhina, E; Westra, D", 2011, "journal=Pediatric Nephrology", "volume=26", "pages=1662-1663"),
				rec(2, 2, "Novel DNA alterations in FCN1 and FCN2 genes in atypical HUS patients", "Volokhina, E; Westra, D", 2011, "journal=Molecular Immunology", "volume=48", "pages=1684"),
			},
		},
		{
			name: "does not link a generic title without the same citation",
			keys: []Key{
				rec(1, 1, "Editor's comments", "Weber, Ron", 2003, "journal=MIS Quarterly", "volume=27", "issue=1"),
				rec(2, 2, "Editor's comments", "Weber, Ron", 2003, "journal=MIS Quarterly", "volume=27", "issue=3"),
			},
		},
		{
			name: "queues an erratum and its article instead of linking them",
			keys: []Key{
				rec(1, 1, "Gain-of-function mutations in complement factor B are associated with atypical HUS", "Goicoechea de Jorge, E; Harris, C L", 2007, "journal=PNAS", "volume=104", "issue=1", "pages=240-245"),
				rec(2, 2, "Erratum: Gain-of-function mutations in complement factor B are associated with atypical HUS", "Goicoechea de Jorge, E; Harris, C L", 2007, "journal=PNAS", "volume=104", "issue=25", "pages=10749"),
			},
			queue: []string{"1-2"},
		},
		{
			name: "neither links nor queues a reply and the letter it answers",
			keys: []Key{
				rec(1, 1, "Thrombomodulin in atypical hemolytic-uremic syndrome", "Edey, M", 2009, "journal=N Engl J Med", "volume=361", "issue=15", "pages=1511"),
				rec(2, 2, "Thrombomodulin in atypical hemolytic-uremic syndrome. Authors' reply", "Esmon, C T", 2009, "journal=N Engl J Med", "volume=361", "issue=15", "pages=1511"),
			},
		},
		{
			name: "neither links nor queues companion papers",
			keys: []Key{
				rec(1, 1, "Linomide in relapsing and secondary progressive MS: Part I: trial design and clinical results", "Noseworthy, J H", 2000, "journal=Neurology", "volume=54"),
				rec(2, 2, "Linomide in relapsing and secondary progressive MS: Part II: trial design and clinical results", "Noseworthy, J H", 2000, "journal=Neurology", "volume=54"),
			},
		},
		{
			name: "does not link titles that differ in their numbers",
			keys: []Key{
				rec(1, 1, "FOCUS 1: a randomized phase III trial of ceftaroline fosamil versus ceftriaxone in pneumonia", "File, T M; Low, D E", 2011, "journal=J Antimicrob Chemother", "volume=66", "pages=19-32"),
				rec(2, 2, "FOCUS 2: a randomized phase III trial of ceftaroline fosamil versus ceftriaxone in pneumonia", "Low, D E; File, T M", 2011, "journal=J Antimicrob Chemother", "volume=66", "pages=33-44"),
			},
		},
		{
			name: "queues a fuzzy match within one export file",
			keys: []Key{
				rec(1, 1, "Labour law for TOS and HITs? reflections on applying labour law analogies to crowdworkers", "Hiessl, Christina", 2018, "journal=Work Organisation, Labour & Globalisation", "volume=12", "issue=2", "pages=38"),
				rec(2, 1, "Labour law for TOS and HITs? reflections on applying 'labour law analogies' to crowdworkers 1", "Hiess, Christina", 2018, "journal=Work Organisation, Labour & Globalisation", "volume=12", "issue=2", "pages=38-59"),
			},
			queue: []string{"1-2"},
		},
		{
			name: "links the same fuzzy match when the file is a combined library",
			keys: []Key{
				rec(1, 1, "Labour law for TOS and HITs? reflections on applying labour law analogies to crowdworkers", "Hiessl, Christina", 2018, "journal=Work Organisation, Labour & Globalisation", "volume=12", "issue=2", "pages=38"),
				rec(2, 1, "Labour law for TOS and HITs? reflections on applying 'labour law analogies' to crowdworkers 1", "Hiess, Christina", 2018, "journal=Work Organisation, Labour & Globalisation", "volume=12", "issue=2", "pages=38-59"),
			},
			opt:   Options{Combined: func(int64) bool { return true }},
			links: []string{"1-2"},
		},
		{
			name: "links equal DOIs within one export file",
			keys: []Key{
				rec(1, 1, "Dressage, control, and enterprise systems", "Berente, Nicholas", 2010, "doi=10.1057/EJIS.2009.47"),
				rec(2, 1, "Dressage, control, and enterprise systems", "Berente, Nicholas", 2010, "doi=10.1057/EJIS.2009.47"),
			},
			links: []string{"1-2"},
		},
		{
			name: "neither links nor queues a pair a person called different",
			keys: []Key{
				rec(1, 1, title, authors, 2002, "journal=BMJ", "volume=325", "pages=572-6"),
				rec(2, 2, title, authors, 2002, "journal=BMJ", "volume=325", "pages=572-6"),
			},
			opt: Options{Different: func(a, b int64) bool { return a == 1 && b == 2 }},
		},
		{
			name: "does not link the same title two years apart",
			keys: []Key{
				rec(1, 1, "Gateways to clinical trials in hematology", "Bayes, M", 2004, "journal=Methods Find Exp Clin Pharmacol", "volume=26"),
				rec(2, 2, "Gateways to clinical trials in hematology", "Bayes, M", 2006, "journal=Methods Find Exp Clin Pharmacol", "volume=28"),
			},
		},
		{
			name: "does not link a conference paper with its journal version",
			keys: []Key{
				rec(1, 1, "Cultural universality versus particularity in CMC", "Stahl, Bernd Carsten", 2003, "journal=Americas Conference on Information Systems", "type=CPAPER"),
				rec(2, 2, "Cultural universality versus particularity in CMC", "Stahl, Bernd Carsten; Elbeltagi, Ibrahim", 2004, "journal=Journal of Global Information Technology Management", "volume=7", "issue=4", "pages=47-65"),
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opt := tt.opt
			links, queue := find(tt.keys, opt)
			if !slices.Equal(links, tt.links) || !slices.Equal(queue, tt.queue) {
				t.Errorf("links %v, queue %v; want links %v, queue %v", links, queue, tt.links, tt.queue)
				l, q := Find(tt.keys, opt)
				t.Logf("links %+v\nqueue %+v", l, q)
			}
		})
	}
}

// TestChainVeto checks that links cannot join, through a third record,
// two records that must stay apart.
func TestChainVeto(t *testing.T) {
	keys := []Key{
		// Two abstracts sharing a supplement DOI, and a record without a
		// DOI that looks like the first.
		rec(1, 1, "Exendin-4 reduces plaque formation in apolipoprotein E deficient mice", "Arakawa, M", 2010, "journal=Diabetes", "volume=59", "doi=10.2337/db10-s1"),
		rec(2, 2, "Exendin-4 reduces plaque formation in apolipoprotein E deficient mice", "Arakawa, M", 2010, "journal=Diabetes", "volume=59"),
		rec(3, 3, "Exendin-4 reduces plaque formation in apolipoprotein E deficient mice", "Arakawa, M", 2010, "journal=Diabetes", "volume=59", "doi=10.2337/db10-s2"),
	}
	links, queue := find(keys, Options{})
	if len(links) != 1 || len(queue) != 1 {
		t.Fatalf("links %v, queue %v; want one link and the other pair queued", links, queue)
	}
	cl := Clusters([]int64{1, 2, 3}, mustPairs(Find(keys, Options{})))
	if cl[1] == cl[3] {
		t.Errorf("records with different DOIs ended in one cluster: %v", cl)
	}
}

func mustPairs(links, _ []Pair) []Pair { return links }

// TestOrderIndependence shuffles the keys: the result must not change.
func TestOrderIndependence(t *testing.T) {
	keys := synthKeys(3000, 9)
	wantLinks, wantQueue := Find(keys, Options{})
	rng := rand.New(rand.NewPCG(1, 2))
	for range 3 {
		shuffled := slices.Clone(keys)
		rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		links, queue := Find(shuffled, Options{Workers: 1 + rng.IntN(3)})
		if !reflect.DeepEqual(links, wantLinks) || !reflect.DeepEqual(queue, wantQueue) {
			t.Fatalf("shuffling the keys changed the result: %d links and %d queued, want %d and %d", len(links), len(queue), len(wantLinks), len(wantQueue))
		}
	}
}

// TestFindNew checks that an incremental run gives the pairs of a full run
// that involve a new record.
func TestFindNew(t *testing.T) {
	keys := synthKeys(4000, 5)
	all, allQueue := Find(keys, Options{})
	old, fresh := keys[:3000], keys[3000:]
	oldLinks, _ := Find(old, Options{})
	links, queue := FindNew(old, fresh, Options{Linked: oldLinks})

	isNew := func(p Pair) bool { return p.B > 3000 } // ids follow the order
	var want, wantQueue []Pair
	for _, p := range all {
		if isNew(p) {
			want = append(want, p)
		}
	}
	for _, p := range allQueue {
		if isNew(p) {
			wantQueue = append(wantQueue, p)
		}
	}
	if len(want) == 0 {
		t.Fatal("the synthetic records have no duplicates across the split")
	}
	if !reflect.DeepEqual(links, want) || !reflect.DeepEqual(queue, wantQueue) {
		t.Errorf("FindNew gave %d links and %d queued, Find %d and %d", len(links), len(queue), len(want), len(wantQueue))
	}
}

// TestSyntheticDuplicates checks the engine against the duplicates the
// synthetic generator makes: every link joins copies of one record, and
// nearly every copy is found.
func TestSyntheticDuplicates(t *testing.T) {
	var recs []review.Record
	origin := map[int64]string{}
	synthRecords(20_000, 11, func(r *review.Record) {
		if r.SourceID == "" {
			r.SourceID = fmt.Sprint(r.ID) // a copy keeps its original's
		}
		origin[r.ID] = r.SourceID
		recs = append(recs, *r)
	})
	keys := make([]Key, len(recs))
	ids := make([]int64, len(recs))
	for i := range recs {
		keys[i] = KeyOf(&recs[i], recs[i].SearchID)
		ids[i] = recs[i].ID
	}
	links, _ := Find(keys, Options{Combined: func(int64) bool { return true }})
	for _, l := range links {
		if origin[l.A] != origin[l.B] {
			t.Errorf("false link %d-%d: %v", l.A, l.B, l.Reasons)
		}
	}
	cl := Clusters(ids, links)
	copies, found := 0, 0
	first := map[string]int64{}
	for _, id := range ids {
		o := origin[id]
		if f, ok := first[o]; ok {
			copies++
			if cl[f] == cl[id] {
				found++
			}
		} else {
			first[o] = id
		}
	}
	if copies == 0 || float64(found) < 0.99*float64(copies) {
		t.Errorf("found %d of %d copies", found, copies)
	}
}

func TestClusters(t *testing.T) {
	ids := []int64{1, 2, 3, 4, 5, 6}
	links := []Pair{{A: 5, B: 6}, {A: 2, B: 5}, {A: 3, B: 4}, {A: 4, B: 9}}
	got := Clusters(ids, links)
	want := map[int64]int64{1: 1, 2: 2, 3: 3, 4: 3, 5: 2, 6: 2}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Clusters = %v, want %v", got, want)
	}
}

func TestRegroup(t *testing.T) {
	keys := []Key{{ID: 1, Completeness: 3}, {ID: 2, Completeness: 9}, {ID: 3, Completeness: 5}, {ID: 4}, {ID: 5}, {ID: 6}}
	t.Run("gives each record its cluster's primary", func(t *testing.T) {
		got, broken := Regroup(keys, []Pair{{A: 1, B: 2}, {A: 2, B: 3}, {A: 4, B: 5}, {A: 5, B: 9}}, nil)
		want := map[int64]int64{1: 2, 2: 2, 3: 2, 4: 4, 5: 4, 6: 6}
		if !reflect.DeepEqual(got, want) || broken != nil {
			t.Errorf("Regroup = %v, %v; want %v", got, broken, want)
		}
	})
	t.Run("leaves out a link that would join records a person called different", func(t *testing.T) {
		different := func(a, b int64) bool { return a == 1 && b == 3 }
		got, broken := Regroup(keys, []Pair{{A: 1, B: 2}, {A: 2, B: 3}, {A: 3, B: 4}}, different)
		want := map[int64]int64{1: 2, 2: 2, 3: 3, 4: 3, 5: 5, 6: 6}
		if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(broken, []Pair{{A: 2, B: 3}}) {
			t.Errorf("Regroup = %v, broken %v; want %v, broken 2-3", got, broken, want)
		}
	})
}

func TestWithdrawnKeyIsComparedWithNothing(t *testing.T) {
	a := rec(1, 1, title, authors, 2002)
	b := rec(2, 2, title, authors, 2002)
	if links, _ := Find([]Key{a, b}, Options{}); len(links) != 1 {
		t.Fatalf("the pair is not linked to begin with: %v", links)
	}
	b.Withdrawn = true
	if links, queue := Find([]Key{a, b}, Options{}); len(links)+len(queue) != 0 {
		t.Errorf("a withdrawn record was paired: links %v, queue %v", links, queue)
	}
}

func TestPrimary(t *testing.T) {
	tests := []struct {
		name    string
		members []Key
		want    int64
	}{
		{"keeps the most complete record", []Key{{ID: 1, Completeness: 5}, {ID: 2, Completeness: 9}, {ID: 3, Completeness: 7}}, 2},
		{"prefers a record with a DOI among equals", []Key{{ID: 1, Completeness: 5}, {ID: 2, Completeness: 5, DOI: "10.1/x"}}, 2},
		{"keeps the record imported first among equals", []Key{{ID: 4, Completeness: 5}, {ID: 2, Completeness: 5}}, 2},
		{"keeps a database record over a more complete one found by other methods",
			[]Key{{ID: 1, Completeness: 9, OtherMethods: true}, {ID: 2, Completeness: 3}, {ID: 3, Completeness: 5}}, 3},
		{"keeps the most complete of records all found by other methods",
			[]Key{{ID: 1, Completeness: 4, OtherMethods: true}, {ID: 2, Completeness: 6, OtherMethods: true}}, 2},
		{"gives 0 for no records", nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Primary(tt.members); got != tt.want {
				t.Errorf("Primary = %d, want %d", got, tt.want)
			}
		})
	}
	withAbstract := rec(1, 1, title, authors, 2002)
	r := review.Record{Title: title, Year: 2002, Abstract: "Background: ..."}
	if k := KeyOf(&r, 1); k.Completeness <= withAbstract.Completeness-3 {
		t.Errorf("an abstract adds nothing to completeness")
	}
}

// TestFindNewOnASubset checks the run after an import as a review with
// its blocks kept runs it: given only the old records that share a
// stored block with a new one (and the whole clusters of those), and the
// review's block sizes, FindNew gives what it gives with every old record.
func TestFindNewOnASubset(t *testing.T) {
	keys := synthKeys(6000, 13)
	old, fresh := keys[:5000], keys[5000:]
	oldLinks, _ := Find(old, Options{})
	opt := Options{Linked: oldLinks, MaxBlock: 40} // small blocks, so that some are too big
	want, wantQueue := FindNew(old, fresh, opt)
	if len(want) == 0 {
		t.Fatal("the synthetic records have no duplicates across the split")
	}

	size := map[int64]int{}
	members := map[int64][]int{}
	for i := range old {
		for _, b := range StoredBlocks(nil, &old[i]) {
			size[b]++
			members[b] = append(members[b], i)
		}
	}
	// The old records in a block with a new one, as the index gives them
	// (every block: the sizes decide which are compared), and their
	// clusters.
	in := map[int]bool{}
	for i := range fresh {
		for _, b := range StoredBlocks(nil, &fresh[i]) {
			for _, m := range members[b] {
				in[m] = true
			}
		}
	}
	ids := make([]int64, len(old))
	for i := range old {
		ids[i] = old[i].ID
	}
	cluster := Clusters(ids, oldLinks)
	roots := map[int64]bool{}
	for m := range in {
		roots[cluster[old[m].ID]] = true
	}
	var subset []Key
	for i := range old {
		if roots[cluster[old[i].ID]] {
			subset = append(subset, old[i])
		}
	}
	if len(subset) >= len(old) || len(subset) == 0 {
		t.Fatalf("the subset holds %d of %d old records", len(subset), len(old))
	}
	opt.OldBlockSize = func(b int64) int { return size[b] }
	links, queue := FindNew(subset, fresh, opt)
	if !reflect.DeepEqual(links, want) || !reflect.DeepEqual(queue, wantQueue) {
		t.Errorf("on %d of %d old records FindNew gave %d links and %d queued; on all, %d and %d", len(subset), len(old), len(links), len(queue), len(want), len(wantQueue))
	}
}
