// Package dedup is the deduplication use case: it loads the records'
// match keys and the decisions already made from the store, runs the
// matching engine (review/dedup/match) over what is new, and writes links, the queue of unsure
// pairs and each cluster's primary in one transaction. People's links,
// decisions and undos go through here too, so that every change of a
// cluster recomputes its primary the same way.
package dedup

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/dedup/match"
	"github.com/winnow-review/winnow/review/store"
)

// Result is what a dedup run found.
type Result struct {
	Links    []match.Pair // new links
	Queue    []match.Pair // new pairs for a person
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

// loaded holds the records' keys, in record order (so that the records
// an earlier run compared are a prefix), and where each record's key is:
// every record's, or, when the review keeps its blocking keys (see
// loadIndexed), only the new records' and those of the old records that
// can meet them. Keys are the bulk of dedup's memory: they are held once,
// never copied.
type loaded struct {
	state *store.DedupState
	keys  []match.Key
	ids   []int64 // ascending: ids[i] is keys[i].ID
	last  int64
	// firstNew is where the keys built in this run (not kept before)
	// start; dropKeys is set when the kept keys were of another version.
	firstNew int
	dropKeys bool
	// current maps each record linked as a duplicate to its primary, as
	// the review holds them before the run (of the records loaded).
	current map[int64]int64
	// blockSize is set when only some old records are loaded: how many
	// old records each block the new ones are in holds in the review.
	blockSize map[int64]int
	// dropBlocks is set when the review's kept blocks are to be built
	// again from every key.
	dropBlocks bool
}

func load(ctx context.Context, st *store.Store) (*loaded, error) {
	state, err := st.LoadDedupState(ctx)
	if err != nil {
		return nil, err
	}
	version, lastKeyed, err := st.KeyState(ctx)
	if err != nil {
		return nil, err
	}
	other, withdrawn, err := searchKinds(ctx, st)
	if err != nil {
		return nil, err
	}
	blocksThrough, err := st.DedupBlocksThrough(ctx)
	if err != nil {
		return nil, err
	}
	if state.Through > 0 && version == match.KeyVersion && lastKeyed == state.Through && blocksThrough == state.Through {
		return loadIndexed(ctx, st, state, other, withdrawn)
	}
	n, err := st.CountRecords(ctx)
	if err != nil {
		return nil, err
	}
	// Sized once: growing a slice of a million keys copies them again and
	// again.
	l := &loaded{state: state, keys: make([]match.Key, 0, n), ids: make([]int64, 0, n), dropBlocks: true}
	if version != match.KeyVersion {
		// Keys built by another version of KeyOf would compare wrongly.
		lastKeyed, l.dropKeys = 0, true
	}
	if state.Links, err = st.LinkedPairs(ctx); err != nil {
		return nil, err
	}
	if l.current, err = st.Primaries(ctx); err != nil {
		return nil, err
	}
	add := func(k match.Key) {
		k.OtherMethods = other[k.SearchID]
		k.Withdrawn = withdrawn[k.SearchID]
		_, duplicate := l.current[k.ID]
		k.Earlier = k.ID <= state.Through && !duplicate
		l.keys = append(l.keys, k)
		l.ids = append(l.ids, k.ID)
		l.last = k.ID
	}
	if lastKeyed > 0 {
		err = st.EachDedupKey(ctx, func(id, search int64, b []byte) error {
			k, err := match.DecodeKey(b, id, search)
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
	// but are compared with nothing (match.Key.Withdrawn).
	err = st.EachMatchRecord(ctx, lastKeyed, func(r *review.Record) error {
		add(match.KeyOf(r, r.SearchID))
		return nil
	})
	return l, err
}

// loadIndexed loads what a run after an import needs when the review keeps
// its blocking keys for every record compared before: the new records'
// keys, built now; through the blocks' index, the old records that share
// a block with a new one (in blocks small enough to compare), and every
// record of their clusters, with the links that hold those clusters
// together (as a star round each primary); and how many old records each
// of the new records' blocks holds. A run after importing 5,000 records
// into a review of a million reads a few thousand keys, not a million.
func loadIndexed(ctx context.Context, st *store.Store, state *store.DedupState, other, withdrawn map[int64]bool) (*loaded, error) {
	l := &loaded{state: state, last: state.Through}
	var fresh []match.Key
	err := st.EachMatchRecord(ctx, state.Through, func(r *review.Record) error {
		k := match.KeyOf(r, r.SearchID)
		k.OtherMethods = other[k.SearchID]
		k.Withdrawn = withdrawn[k.SearchID]
		fresh = append(fresh, k)
		l.last = k.ID
		return nil
	})
	if err != nil {
		return nil, err
	}
	seen := map[int64]bool{}
	var blocks, buf []int64
	for i := range fresh {
		buf = match.StoredBlocks(buf[:0], &fresh[i])
		for _, b := range buf {
			if !seen[b] {
				seen[b] = true
				blocks = append(blocks, b)
			}
		}
	}
	// In the order of the blocks' table: each batch of the look-ups below
	// then reads on from where the last one stopped, so that each page of
	// a table of ten million blocks is read once, not once a batch.
	slices.Sort(blocks)
	var gone []int64
	for id := range withdrawn {
		gone = append(gone, id)
	}
	slices.Sort(gone)
	if l.blockSize, err = st.BlockCounts(ctx, blocks, state.Through, gone); err != nil {
		return nil, err
	}
	// The blocks a run can compare: no bigger than the largest limit (the
	// run sizes each exactly).
	var small []int64
	for _, b := range blocks {
		if n := l.blockSize[b]; n > 0 && n <= match.DefaultMaxBlock {
			small = append(small, b)
		}
	}
	met, err := st.BlockMembers(ctx, small, state.Through, gone)
	if err != nil {
		return nil, err
	}
	cluster, err := st.ClustersOf(ctx, met)
	if err != nil {
		return nil, err
	}
	l.current = map[int64]int64{}
	oldIDs := make([]int64, 0, len(cluster))
	for id, p := range cluster {
		oldIDs = append(oldIDs, id)
		if p != id {
			l.current[id] = p
			state.Links = append(state.Links, match.Pair{A: min(id, p), B: max(id, p)})
		}
	}
	slices.Sort(oldIDs)
	old := make([]match.Key, 0, len(oldIDs))
	err = st.DedupKeysOf(ctx, oldIDs, func(id, search int64, b []byte) error {
		k, err := match.DecodeKey(b, id, search)
		if err != nil {
			return fmt.Errorf("record %d: %w", id, err)
		}
		k.OtherMethods = other[k.SearchID]
		k.Withdrawn = withdrawn[k.SearchID]
		k.Earlier = cluster[id] == id
		old = append(old, k)
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(old, func(a, b match.Key) int { return cmp.Compare(a.ID, b.ID) })
	l.keys = append(old, fresh...)
	l.firstNew = len(old)
	l.ids = make([]int64, len(l.keys))
	for i := range l.keys {
		l.ids[i] = l.keys[i].ID
	}
	return l, nil
}

// blocks yields the blocking keys to keep of the keys built in this run,
// or of every key when the kept ones are built again, in the order of the
// table's key (block, record), so that they are appended to it: each
// packed with its key's position in 64 bits (match.StoredBlocks keeps 40)
// and sorted, ten million of them at a million records.
func (l *loaded) blocks(yield func(block, id, search int64) error) error {
	from := l.firstNew
	if l.dropBlocks {
		from = 0
	}
	const posBits = 24
	if len(l.keys) > 1<<posBits {
		return l.blocksUnsorted(from, yield)
	}
	var buf []int64
	packed := make([]uint64, 0, 9*(len(l.keys)-from))
	for i := from; i < len(l.keys); i++ {
		buf = match.StoredBlocks(buf[:0], &l.keys[i])
		for _, b := range buf {
			packed = append(packed, uint64(b)<<posBits|uint64(i))
		}
	}
	slices.Sort(packed)
	for _, p := range slices.Compact(packed) {
		k := &l.keys[p&(1<<posBits-1)]
		if err := yield(int64(p>>posBits), k.ID, k.SearchID); err != nil {
			return err
		}
	}
	return nil
}

func (l *loaded) blocksUnsorted(from int, yield func(block, id, search int64) error) error {
	var buf []int64
	for i := from; i < len(l.keys); i++ {
		k := &l.keys[i]
		buf = match.StoredBlocks(buf[:0], k)
		for _, b := range buf {
			if err := yield(b, k.ID, k.SearchID); err != nil {
				return err
			}
		}
	}
	return nil
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
func (l *loaded) key(id int64) (match.Key, bool) {
	i, ok := slices.BinarySearch(l.ids, id)
	if !ok {
		return match.Key{}, false
	}
	return l.keys[i], true
}

func (l *loaded) options() match.Options {
	o := match.Options{
		Combined:  func(id int64) bool { return l.state.Combined[id] },
		Different: func(a, b int64) bool { return l.state.Different[[2]int64{a, b}] },
		Linked:    l.state.Links,
	}
	if l.blockSize != nil {
		o.OldBlockSize = func(b int64) int { return l.blockSize[b] }
	}
	return o
}

// primaries gives every record in a cluster of two or more its primary,
// for the clusters the links make. It works on the keys' positions, so
// that a million records' clusters cost a few arrays, not maps of keys.
func (l *loaded) primaries(links []match.Pair) map[int64]int64 {
	parent := make([]int32, len(l.keys))
	for i := range parent {
		parent[i] = int32(i)
	}
	find := func(i int32) int32 {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	var linked []int32
	for _, p := range links {
		i, okA := slices.BinarySearch(l.ids, p.A)
		j, okB := slices.BinarySearch(l.ids, p.B)
		if !okA || !okB {
			continue
		}
		linked = append(linked, int32(i), int32(j))
		if ri, rj := find(int32(i)), find(int32(j)); ri != rj {
			parent[max(ri, rj)] = min(ri, rj)
		}
	}
	// Each cluster's members together, by their root.
	type member struct{ root, i int32 }
	ms := make([]member, 0, len(linked))
	for _, i := range linked {
		ms = append(ms, member{find(i), i})
	}
	slices.SortFunc(ms, func(a, b member) int { return cmp.Or(cmp.Compare(a.root, b.root), cmp.Compare(a.i, b.i)) })
	ms = slices.Compact(ms)
	out := make(map[int64]int64, len(ms))
	var group []match.Key
	for lo := 0; lo < len(ms); {
		hi := lo + 1
		for hi < len(ms) && ms[hi].root == ms[lo].root {
			hi++
		}
		group = group[:0]
		for _, m := range ms[lo:hi] {
			group = append(group, l.keys[m.i])
		}
		if len(group) >= 2 {
			p := match.Primary(group)
			for _, m := range ms[lo:hi] {
				out[l.ids[m.i]] = p
			}
		}
		lo = hi
	}
	return out
}

// Run compares the records not compared before with every record, links
// the sure duplicates, queues the unsure pairs no person has decided, and
// (unless dryRun) saves it all. Pairs a person called different are never
// linked or queued again. What it returns is for viewer: while the review
// is blind, Merged (which tells that someone decided the records) is only
// for a viewer who sees all.
func Run(ctx context.Context, st *store.Store, by string, viewer review.Viewer, dryRun bool) (*Result, error) {
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
		links, queue := match.FindNew(old, fresh, l.options())
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
	all := append(append([]match.Pair(nil), l.state.Links...), res.Links...)
	primary := l.primaries(all)
	// Every loaded cluster's primary is chosen again, but only the records
	// whose primary changed are written (after an update's import, those
	// of the clusters the new records joined).
	changed := map[int64]int64{}
	for id, p := range primary {
		was, ok := l.current[id]
		if !ok {
			was = id
		}
		if was != p {
			changed[id] = p
		}
	}
	for id := range l.current {
		if _, ok := primary[id]; !ok {
			changed[id] = id // its links were undone
		}
	}
	if l.blockSize == nil {
		for id, p := range primary {
			if id != p {
				res.Removed++
			}
		}
	} else {
		// Only some clusters are loaded: the others' duplicates stay.
		n, err := st.DuplicatesRemoved(ctx)
		if err != nil {
			return nil, err
		}
		for id, p := range changed {
			_, was := l.current[id]
			switch {
			case p != id && !was:
				n++
			case p == id && was:
				n--
			}
		}
		res.Removed = n
	}
	if dryRun {
		return res, nil
	}
	detail := fmt.Sprintf("%d records compared: %s, %s queued; %s in all", res.Compared, count(len(res.Links), "link"), count(len(res.Queue), "pair"), count(res.Removed, "duplicate"))
	res.Merged, err = st.SaveDedup(ctx, by, store.DedupRun{
		Links: res.Links, Queue: res.Queue, Primary: changed,
		Through: l.last, MadeBy: "dedup", Detail: detail,
		Keys: l.newKeys, KeyVersion: match.KeyVersion, DropKeys: l.dropKeys, Bulk: true,
		Blocks: l.blocks, BlocksThrough: l.last, DropBlocks: l.dropBlocks,
	})
	if !viewer.SeesAll() {
		res.Merged = nil
	}
	return res, err
}

// count writes n and its noun, "1 pair", "2 pairs", for the log.
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
