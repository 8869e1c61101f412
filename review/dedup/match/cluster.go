package match

import (
	"cmp"
	"slices"
)

// unionFind groups indices into clusters.
type unionFind struct {
	parent []int32
}

func newUnionFind(n int) *unionFind {
	u := &unionFind{parent: make([]int32, n)}
	for i := range u.parent {
		u.parent[i] = int32(i)
	}
	return u
}

func (u *unionFind) find(i int32) int32 {
	for u.parent[i] != i {
		u.parent[i] = u.parent[u.parent[i]]
		i = u.parent[i]
	}
	return i
}

// resolve turns the compared pairs into links and the queue. Links are
// taken strongest first; a link that would put two records that must stay
// apart into one cluster (a notice and its article, different DOIs or
// PMIDs, years apart, a pair a person called different) is queued
// instead, so that a chain of links cannot do what one link may not. A
// queued pair that other links already join is dropped: nobody needs to
// decide it.
func resolve(s *set, results []result, o *Options) (links, queue []Pair) {
	u := newUnionFind(s.len())
	members := map[int32][]int32{}
	join := func(i, j int32) {
		ri, rj := u.find(i), u.find(j)
		if ri == rj {
			return
		}
		mi, mj := membersOf(members, ri), membersOf(members, rj)
		if len(mi) < len(mj) {
			ri, rj, mi, mj = rj, ri, mj, mi
		}
		u.parent[rj] = ri
		members[ri] = append(mi, mj...)
		delete(members, rj)
	}
	if len(o.Linked) > 0 {
		index := indexOf(s, o.Linked)
		for _, l := range o.Linked {
			i, okA := index[l.A]
			j, okB := index[l.B]
			if okA && okB {
				join(i, j)
			}
		}
	}

	slices.SortFunc(results, func(x, y result) int {
		if c := cmp.Compare(y.rank, x.rank); c != 0 {
			return c
		}
		if c := cmp.Compare(y.score, x.score); c != 0 {
			return c
		}
		return comparePairIDs(s, x, y)
	})
	var asked []result
	for _, r := range results {
		if r.verdict != same {
			asked = append(asked, r)
			continue
		}
		ri, rj := u.find(r.i), u.find(r.j)
		if ri != rj && mustStayApart(s, membersOf(members, ri), membersOf(members, rj), o) {
			r.verdict = ask
			r.reasons = append(slices.Clip(r.reasons), "would join records that must stay apart")
			asked = append(asked, r)
			continue
		}
		join(r.i, r.j)
		links = append(links, s.pair(r))
	}
	for _, r := range asked {
		if u.find(r.i) != u.find(r.j) {
			queue = append(queue, s.pair(r))
		}
	}
	sortPairs(links)
	sortPairs(queue)
	return links, queue
}

func membersOf(m map[int32][]int32, root int32) []int32 {
	if l, ok := m[root]; ok {
		return l
	}
	return []int32{root}
}

// indexOf maps the record ids the links name to their index in s.
func indexOf(s *set, links []Pair) map[int64]int32 {
	want := make(map[int64]int32, 2*len(links))
	for _, l := range links {
		want[l.A], want[l.B] = -1, -1
	}
	for i := range s.len() {
		id := s.key(int32(i)).ID
		if _, ok := want[id]; ok {
			want[id] = int32(i)
		}
	}
	for id, i := range want {
		if i < 0 {
			delete(want, id)
		}
	}
	return want
}

// mustStayApart reports whether any record of one cluster must not be
// joined with any of the other.
func mustStayApart(s *set, x, y []int32, o *Options) bool {
	for _, i := range x {
		a := s.key(i)
		for _, j := range y {
			b := s.key(j)
			if apart(a, b) || o.Different != nil && o.Different(min(a.ID, b.ID), max(a.ID, b.ID)) {
				return true
			}
		}
	}
	return false
}

// apart reports whether two records can never be one work, whatever links
// them: different identifiers, a notice and its article, companion papers,
// years more than one apart.
func apart(a, b *Key) bool {
	switch {
	case a.PMID != "" && b.PMID != "" && a.PMID != b.PMID:
		return true
	case a.DOI != "" && b.DOI != "" && a.DOI != b.DOI:
		return true
	case a.Flags&notice != b.Flags&notice:
		return true
	case a.Part != 0 && b.Part != 0 && a.Part != b.Part:
		return true
	case a.Year != 0 && b.Year != 0 && (a.Year-b.Year > 1 || b.Year-a.Year > 1):
		return true
	}
	return false
}

func comparePairIDs(s *set, x, y result) int {
	xa, xb := s.key(x.i).ID, s.key(x.j).ID
	ya, yb := s.key(y.i).ID, s.key(y.j).ID
	if c := cmp.Compare(min(xa, xb), min(ya, yb)); c != 0 {
		return c
	}
	return cmp.Compare(max(xa, xb), max(ya, yb))
}

func (s *set) pair(r result) Pair {
	a, b := s.key(r.i).ID, s.key(r.j).ID
	if a > b {
		a, b = b, a
	}
	return Pair{A: a, B: b, Score: r.score, Reasons: r.reasons}
}

func sortPairs(p []Pair) {
	slices.SortFunc(p, func(x, y Pair) int {
		if c := cmp.Compare(x.A, y.A); c != 0 {
			return c
		}
		return cmp.Compare(x.B, y.B)
	})
}

// Clusters groups records into duplicate clusters by the links: it maps
// each of ids to its cluster's smallest id (a record without links maps
// to itself). Links naming an id not in ids are ignored.
func Clusters(ids []int64, links []Pair) map[int64]int64 {
	index := make(map[int64]int32, len(ids))
	for i, id := range ids {
		index[id] = int32(i)
	}
	u := newUnionFind(len(ids))
	for _, l := range links {
		i, okA := index[l.A]
		j, okB := index[l.B]
		if !okA || !okB {
			continue
		}
		ri, rj := u.find(i), u.find(j)
		if ri == rj {
			continue
		}
		// The root is the smaller id, so that a cluster's name does not
		// depend on the order of the links.
		if ids[rj] < ids[ri] {
			ri, rj = rj, ri
		}
		u.parent[rj] = ri
	}
	out := make(map[int64]int64, len(ids))
	for i, id := range ids {
		out[id] = ids[u.find(int32(i))]
	}
	return out
}

// Regroup makes the clusters of the given records by the links in force
// between them, and gives each record its cluster's primary (see
// Primary; a record without links is its own). A link that would put two
// records a person called different (a < b) into one cluster is left out
// and returned in broken, with the links taken in the order given: when a
// withdrawn search is restored its links count again, and must not undo
// what a person decided meanwhile. Links naming a record not among keys
// are ignored.
func Regroup(keys []Key, links []Pair, different func(a, b int64) bool) (primary map[int64]int64, broken []Pair) {
	index := make(map[int64]int32, len(keys))
	for i := range keys {
		index[keys[i].ID] = int32(i)
	}
	u := newUnionFind(len(keys))
	members := map[int32][]int32{}
	for _, l := range links {
		i, okA := index[l.A]
		j, okB := index[l.B]
		if !okA || !okB {
			continue
		}
		ri, rj := u.find(i), u.find(j)
		if ri == rj {
			continue
		}
		mi, mj := membersOf(members, ri), membersOf(members, rj)
		if different != nil && keptApart(keys, mi, mj, different) {
			broken = append(broken, l)
			continue
		}
		u.parent[rj] = ri
		members[ri] = append(slices.Clip(mi), mj...)
		delete(members, rj)
	}
	primary = make(map[int64]int64, len(keys))
	var group []Key
	for i := range keys {
		root := u.find(int32(i))
		if root != int32(i) {
			continue
		}
		group = group[:0]
		for _, m := range membersOf(members, root) {
			group = append(group, keys[m])
		}
		p := Primary(group)
		for _, m := range membersOf(members, root) {
			primary[keys[m].ID] = p
		}
	}
	return primary, broken
}

// keptApart reports whether a person called a record of one group
// different from a record of the other.
func keptApart(keys []Key, x, y []int32, different func(a, b int64) bool) bool {
	for _, i := range x {
		for _, j := range y {
			a, b := keys[i].ID, keys[j].ID
			if different(min(a, b), max(a, b)) {
				return true
			}
		}
	}
	return false
}

// Primary chooses the record a cluster sends to screening: a record from
// a database or register over one found by other methods (so that PRISMA
// counts the cluster in the left column and the others as its
// duplicates), then one an earlier run compared over one new to this run
// (a work a re-run search finds again stays with the record the review
// has screened, and the new record counts as its duplicate), then the
// most complete one (see Key.Completeness), then one with a DOI, then the
// one imported first (the smallest id). It returns 0 for no members.
func Primary(members []Key) int64 {
	if len(members) == 0 {
		return 0
	}
	best := &members[0]
	for i := 1; i < len(members); i++ {
		m := &members[i]
		switch {
		case m.OtherMethods != best.OtherMethods:
			if !m.OtherMethods {
				best = m
			}
		case m.Earlier != best.Earlier:
			if m.Earlier {
				best = m
			}
		case m.Completeness != best.Completeness:
			if m.Completeness > best.Completeness {
				best = m
			}
		case (m.DOI != "") != (best.DOI != ""):
			if m.DOI != "" {
				best = m
			}
		case m.ID < best.ID:
			best = m
		}
	}
	return best.ID
}
