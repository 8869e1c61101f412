// Package duplicates is the deduplication use case: it loads the records'
// match keys and the decisions already made from the store, runs the
// dedup engine over what is new, and writes links, the queue of unsure
// pairs and each cluster's primary in one transaction. People's links,
// decisions and undos go through here too, so that every change of a
// cluster recomputes its primary the same way.
package duplicates

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/dedup"
	"github.com/winnow-review/winnow/review/store"
)

// Result is what a dedup run found.
type Result struct {
	Links    []dedup.Pair // new links
	Queue    []dedup.Pair // new pairs for a person
	Compared int          // records compared for the first time
	Removed  int          // duplicates linked in all, after the run
	// Merged lists the clusters (by primary) whose screening decisions now
	// sit on more than one record: all are kept, and the cluster's outcome
	// follows from them together.
	Merged []int64
}

// Reasons counts the new links by their first reason ("doi", "pmid",
// "title+year+author", "similar").
func (r *Result) Reasons() map[string]int {
	out := map[string]int{}
	for _, l := range r.Links {
		reason := "similar"
		if len(l.Reasons) > 0 {
			reason = l.Reasons[0]
			if strings.HasPrefix(reason, "similar") {
				reason = "similar"
			}
		}
		out[reason]++
	}
	return out
}

// loaded holds every record's key, in record order (so that the records
// an earlier run compared are a prefix), and where each record's key is.
// Keys are the bulk of dedup's memory: they are held once, never copied.
type loaded struct {
	state *store.DedupState
	keys  []dedup.Key
	ids   []int64 // ascending: ids[i] is keys[i].ID
	last  int64
	// firstNew is where the keys built in this run (not kept before)
	// start; dropKeys is set when the kept keys were of another version.
	firstNew int
	dropKeys bool
}

func load(ctx context.Context, st *store.Store) (*loaded, error) {
	state, err := st.LoadDedupState(ctx)
	if err != nil {
		return nil, err
	}
	n, err := st.CountRecords(ctx)
	if err != nil {
		return nil, err
	}
	// Sized once: growing a slice of a million keys copies them again and
	// again.
	l := &loaded{state: state, keys: make([]dedup.Key, 0, n), ids: make([]int64, 0, n)}
	version, lastKeyed, err := st.KeyState(ctx)
	if err != nil {
		return nil, err
	}
	if version != dedup.KeyVersion {
		// Keys built by another version of KeyOf would compare wrongly.
		lastKeyed, l.dropKeys = 0, true
	}
	other, withdrawn, err := searchKinds(ctx, st)
	if err != nil {
		return nil, err
	}
	add := func(k dedup.Key) {
		k.OtherMethods = other[k.SearchID]
		k.Withdrawn = withdrawn[k.SearchID]
		l.keys = append(l.keys, k)
		l.ids = append(l.ids, k.ID)
		l.last = k.ID
	}
	if lastKeyed > 0 {
		err = st.EachDedupKey(ctx, func(id, search int64, b []byte) error {
			k, err := dedup.DecodeKey(b, id, search)
			if err != nil {
				return fmt.Errorf("record %d: %w", id, err)
			}
			add(k)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	l.firstNew = len(l.keys)
	// Withdrawn records get keys too, kept for when they are restored,
	// but are compared with nothing (dedup.Key.Withdrawn).
	err = st.EachRecord(ctx, store.RecordQuery{All: true, After: lastKeyed, Withdrawn: true}, func(r *review.Record) error {
		add(dedup.KeyOf(r, r.SearchID))
		return nil
	})
	return l, err
}

// searchKinds gives the searches whose records were found by other
// methods (the right column of PRISMA: a cluster's primary is a database
// or register record whenever it has one), and the withdrawn searches.
func searchKinds(ctx context.Context, st *store.Store) (other, withdrawn map[int64]bool, err error) {
	searches, err := st.Searches(ctx)
	if err != nil {
		return nil, nil, err
	}
	other, withdrawn = map[int64]bool{}, map[int64]bool{}
	for _, s := range searches {
		if s.Kind != review.Database && s.Kind != review.Register {
			other[s.ID] = true
		}
		if s.Withdrawn != nil {
			withdrawn[s.ID] = true
		}
	}
	return other, withdrawn, nil
}

// newKeys yields the keys built in this run, encoded one at a time into
// one buffer, so that keeping a million keys costs no second copy of them.
func (l *loaded) newKeys(yield func(store.StoredKey) error) error {
	var buf []byte
	for i := l.firstNew; i < len(l.keys); i++ {
		k := &l.keys[i]
		buf = k.AppendBinary(buf[:0])
		if err := yield(store.StoredKey{ID: k.ID, SearchID: k.SearchID, Key: buf}); err != nil {
			return err
		}
	}
	return nil
}

// key returns a record's key, and whether the record exists.
func (l *loaded) key(id int64) (dedup.Key, bool) {
	i, ok := slices.BinarySearch(l.ids, id)
	if !ok {
		return dedup.Key{}, false
	}
	return l.keys[i], true
}

func (l *loaded) options() dedup.Options {
	return dedup.Options{
		Combined:  func(id int64) bool { return l.state.Combined[id] },
		Different: func(a, b int64) bool { return l.state.Different[[2]int64{a, b}] },
		Linked:    l.state.Links,
	}
}

// primaries gives every record in a cluster of two or more its primary,
// for the clusters the links make.
func (l *loaded) primaries(links []dedup.Pair) map[int64]int64 {
	linked := make(map[int64]bool, 2*len(links))
	var ids []int64
	for _, p := range links {
		for _, id := range []int64{p.A, p.B} {
			if _, ok := l.key(id); ok && !linked[id] {
				linked[id] = true
				ids = append(ids, id)
			}
		}
	}
	cluster := dedup.Clusters(ids, links)
	members := map[int64][]dedup.Key{}
	for id, root := range cluster {
		k, _ := l.key(id)
		members[root] = append(members[root], k)
	}
	out := map[int64]int64{}
	for _, ms := range members {
		if len(ms) < 2 {
			continue
		}
		p := dedup.Primary(ms)
		for _, m := range ms {
			out[m.ID] = p
		}
	}
	return out
}

// Run compares the records not compared before with every record, links
// the sure duplicates, queues the unsure pairs no person has decided, and
// (unless dryRun) saves it all. Pairs a person called different are never
// linked or queued again.
func Run(ctx context.Context, st *store.Store, by string, dryRun bool) (*Result, error) {
	l, err := load(ctx, st)
	if err != nil {
		return nil, err
	}
	split := sort.Search(len(l.ids), func(i int) bool { return l.ids[i] > l.state.Through })
	old, fresh := l.keys[:split], l.keys[split:]
	res := &Result{}
	for i := range fresh {
		if !fresh[i].Withdrawn {
			res.Compared++
		}
	}
	if len(fresh) > 0 {
		links, queue := dedup.FindNew(old, fresh, l.options())
		linked := map[[2]int64]bool{}
		for _, p := range l.state.Links {
			linked[[2]int64{p.A, p.B}] = true
		}
		for _, p := range links {
			if !linked[[2]int64{p.A, p.B}] {
				res.Links = append(res.Links, p)
			}
		}
		for _, p := range queue {
			k := [2]int64{p.A, p.B}
			if !l.state.Decided[k] && !l.state.Queued[k] {
				res.Queue = append(res.Queue, p)
			}
		}
	}
	all := append(append([]dedup.Pair(nil), l.state.Links...), res.Links...)
	primary := l.primaries(all)
	for id, p := range primary {
		if id != p {
			res.Removed++
		}
	}
	if dryRun {
		return res, nil
	}
	detail := fmt.Sprintf("%d records compared: %d links, %d pairs queued; %d duplicates in all", res.Compared, len(res.Links), len(res.Queue), res.Removed)
	res.Merged, err = st.SaveDedup(ctx, by, store.DedupRun{
		Links: res.Links, Queue: res.Queue, Primary: primary, ResetAll: true,
		Through: l.last, MadeBy: "dedup", Detail: detail,
		Keys: l.newKeys, KeyVersion: dedup.KeyVersion, DropKeys: l.dropKeys,
	})
	return res, err
}
