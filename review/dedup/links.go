package dedup

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/dedup/match"
	"github.com/winnow-review/winnow/review/store"
)

// People's changes to the clusters. A cluster is the set of records its
// links in force join, so every change here is a change of links, and
// every cluster it touches gets its primary chosen again by
// match.Primary. Who may do what:
//
//   - Anyone on the team links records (the screen's d, `dedup link`,
//     `dedup review`). A link that joins records a person set apart
//     overrides that verdict (logged); a screener may override only
//     their own.
//   - The maker of a link may take it back (the screen's u): the link
//     is withdrawn as a mistake and the verdicts it replaced come back.
//   - Unlinking a record (taking it out of its cluster) records it as
//     different from the rest, for good until someone links it again. A
//     screener may unlink a record only when every link holding it is
//     their own; a lead unlinks any record.
//   - Splitting a whole cluster (undo) is for leads: it separates every
//     record of it, and those that were duplicates come back into every
//     screener's queue.
//
// The reviewer's Lead field says whether they may act as a lead (a lead,
// or anyone while the team has none).

// Refusals of a person's dedup action.
var (
	// ErrSameRecord: a record cannot be linked with itself.
	ErrSameRecord = errors.New("same record")
	// ErrLinked: the records are already in one cluster.
	ErrLinked = errors.New("already linked")
)

// role is what a person links as.
func role(by review.Reviewer) string {
	if by.Lead {
		return "lead"
	}
	return "screener"
}

// Linked is the cluster a person's link made.
type Linked struct {
	Cluster []int64      // primary first
	Links   []match.Pair // the links made, one for each cluster joined
	// Overridden lists the pairs a person had called different that the
	// link joined: they are now the same work.
	Overridden [][2]int64
	// Merged is set when screening decisions sit on more than one of the
	// cluster's records: all are kept on the cluster.
	Merged bool
}

// LinkRefs links the records the REFs name, as Link does, for viewer:
// each REF must name one record (or records already linked), and Merged
// is told only to a viewer who sees every screener's decisions (it says
// that decisions sat on both sides).
func LinkRefs(ctx context.Context, st *store.Store, by review.Reviewer, viewer review.Viewer, refs []review.Ref) (*Linked, error) {
	var ids []int64
	for _, ref := range refs {
		found, err := st.FindRef(ctx, ref)
		if err != nil {
			return nil, err
		}
		if len(found) > 1 {
			return nil, review.Refuse(store.ErrNotFound, "%s names records %s, which are not linked as duplicates: give the numbers of those to link", ref, review.JoinIDs(found))
		}
		ids = append(ids, found[0])
	}
	linked, err := Link(ctx, st, by, ids...)
	if errors.Is(err, ErrSameRecord) {
		names := make([]string, len(refs))
		for i, r := range refs {
			names[i] = r.String()
		}
		return nil, review.Refuse(ErrSameRecord, "%s are already one cluster (record %d)", strings.Join(names, " and "), ids[0])
	}
	if err != nil {
		return nil, err
	}
	if !viewer.SeesAll() {
		linked.Merged = false
	}
	return linked, nil
}

// Link records a person's finding that records are the same work: their
// clusters become one, by a link from the first record to each of the
// others not yet in its cluster. It touches only those clusters: their
// records' keys choose the joined cluster's primary, so a link made while
// screening a million records costs what the clusters hold, not a reload
// of every key.
func Link(ctx context.Context, st *store.Store, by review.Reviewer, ids ...int64) (*Linked, error) {
	if len(ids) < 2 {
		return nil, fmt.Errorf("link: %d records given, need two or more", len(ids))
	}
	first := ids[0]
	if !slices.ContainsFunc(ids, func(id int64) bool { return id != first }) {
		return nil, review.Refuse(ErrSameRecord, "record %d cannot be linked with itself", first)
	}
	side := map[int64]int{} // record -> which of the clusters joined
	var members []int64
	var links []match.Pair
	for i, id := range ids {
		if _, ok := side[id]; ok {
			continue
		}
		cluster, err := st.ClusterOf(ctx, id)
		if err != nil {
			return nil, err
		}
		for _, m := range cluster {
			side[m] = i
		}
		members = append(members, cluster...)
		if i > 0 {
			links = append(links, match.Pair{A: min(first, id), B: max(first, id), Score: 1, Reasons: []string{"linked by " + by.Name}})
		}
	}
	if len(links) == 0 {
		p, err := st.PrimaryOf(ctx, first)
		if err != nil {
			return nil, err
		}
		return nil, review.Refuse(ErrLinked, "records %s are already one cluster (record %d)", review.JoinIDs(ids), p)
	}
	verdicts, err := st.VerdictsAmong(ctx, members)
	if err != nil {
		return nil, err
	}
	var overrides [][2]int64
	for _, v := range verdicts {
		if v.Same || side[v.A] == side[v.B] {
			continue
		}
		if !by.Lead && !strings.EqualFold(v.By, by.Name) {
			return nil, review.Refuse(review.ErrNotLead, "records %d and %d were set apart by %s: only a lead can link them again", v.A, v.B, v.By)
		}
		overrides = append(overrides, [2]int64{v.A, v.B})
	}
	p, err := primaryOf(ctx, st, members)
	if err != nil {
		return nil, err
	}
	merged, err := st.SaveDedup(ctx, by.Name, store.DedupRun{
		Links: links, Primary: primaryMap(members, p), MadeBy: "person", MadeAs: role(by), Overrides: overrides,
	})
	if err != nil {
		return nil, err
	}
	cluster, err := st.ClusterOf(ctx, first)
	if err != nil {
		return nil, err
	}
	return &Linked{Cluster: cluster, Links: links, Overridden: overrides, Merged: len(merged) > 0}, nil
}

// primaryOf chooses the primary of records that form one cluster, by
// their keys (see match.Primary).
func primaryOf(ctx context.Context, st *store.Store, members []int64) (int64, error) {
	if len(members) == 1 {
		return members[0], nil
	}
	other, _, err := searchKinds(ctx, st)
	if err != nil {
		return 0, err
	}
	through, err := st.DedupThrough(ctx)
	if err != nil {
		return 0, err
	}
	keys := make([]match.Key, len(members))
	for i, id := range members {
		r, err := st.Record(ctx, id)
		if err != nil {
			return 0, err
		}
		keys[i] = match.KeyOf(r, r.SearchID)
		keys[i].OtherMethods = other[r.SearchID]
		// A primary an earlier run chose stays one (see match.Primary).
		keys[i].Earlier = id <= through && r.DuplicateOf == 0
	}
	return match.Primary(keys), nil
}

func primaryMap(members []int64, primary int64) map[int64]int64 {
	m := make(map[int64]int64, len(members))
	for _, id := range members {
		m[id] = primary
	}
	return m
}

// Decide records a person's verdict on a pair (usually a queued one):
// same links them (the link is returned), different keeps them apart for
// good.
func Decide(ctx context.Context, st *store.Store, by review.Reviewer, a, b int64, same bool) (*Linked, error) {
	a, b = min(a, b), max(a, b)
	if same {
		return Link(ctx, st, by, a, b)
	}
	pa, err := st.PrimaryOf(ctx, a)
	if err != nil {
		return nil, err
	}
	pb, err := st.PrimaryOf(ctx, b)
	if err != nil {
		return nil, err
	}
	if pa == pb {
		return nil, review.Refuse(ErrLinked, "records %d and %d are linked in one cluster: take one out with `winnow dedup unlink %d` first", a, b, b)
	}
	_, err = st.SaveDedup(ctx, by.Name, store.DedupRun{Decision: &store.PairDecision{A: a, B: b, Same: false}})
	return nil, err
}

// Withdraw takes back a person's own verdict on a pair, as `dedup review`
// undoes one: a link made by calling them the same work is taken back, a
// verdict of different is withdrawn; either way the pair is as it was
// (queued, for a pair from the queue).
func Withdraw(ctx context.Context, st *store.Store, by review.Reviewer, a, b int64, same bool) error {
	if same {
		_, err := TakeBack(ctx, st, by, a, b)
		return err
	}
	return st.Requeue(ctx, by.Name, a, b)
}

// Split is what separating records does, or would do: the links undone
// (with who made them), the links that keep the rest of a cluster
// together, the pairs recorded as different, and the records that stand
// for themselves again and so come back into the screeners' queues.
type Split struct {
	// Record is the record unlinked; 0 when a whole cluster is split or a
	// link taken back.
	Record  int64
	Cluster []int64 // the cluster before, primary first
	Undone  []store.Link
	// Kept are links added so that the records left in the cluster stay
	// one cluster when the record unlinked was all that joined them.
	Kept  []match.Pair
	Apart [][2]int64
	// Requeued lists the records that were duplicates and are primaries
	// again: each goes back to screening as a record of its own.
	Requeued []int64
	// Clusters are the clusters the records form after, primary first.
	Clusters [][]int64
	// Relink lists the records `winnow dedup link` takes to join them
	// again.
	Relink  []int64
	primary map[int64]int64
}

// Unlink takes one record out of its cluster: its links are undone, the
// record is recorded as different from each of the others, and the others
// stay one cluster. With dryRun nothing changes: the Split says what
// would. A screener may unlink a record only when every link holding it is
// their own.
func Unlink(ctx context.Context, st *store.Store, by review.Reviewer, id int64, dryRun bool) (*Split, error) {
	sp, links, err := clusterOf(ctx, st, id)
	if err != nil {
		return nil, err
	}
	sp.Record = id
	var kept []store.Link
	for _, l := range links {
		if l.A == id || l.B == id {
			if err := mayUndo(by, l, id); err != nil {
				return nil, err
			}
			sp.Undone = append(sp.Undone, l)
		} else {
			kept = append(kept, l)
		}
	}
	var rest []int64
	for _, m := range sp.Cluster {
		if m != id {
			rest = append(rest, m)
			sp.Apart = append(sp.Apart, [2]int64{min(id, m), max(id, m)})
		}
	}
	// The rest stays one cluster: when the record was all that joined
	// its parts, a link joins each part to the part with the primary.
	// The part with the old primary, else the largest, is the hub.
	parts := components(rest, kept)
	hub, at := 0, parts[0][0]
	for i, p := range parts {
		if slices.Contains(p, sp.Cluster[0]) {
			hub, at = i, sp.Cluster[0]
			break
		}
		if len(p) > len(parts[hub]) {
			hub, at = i, p[0]
		}
	}
	for i, p := range parts {
		if i != hub {
			sp.Kept = append(sp.Kept, match.Pair{A: min(at, p[0]), B: max(at, p[0]), Score: 1,
				Reasons: []string{fmt.Sprintf("kept together when %s unlinked record %d", by.Name, id)}})
		}
	}
	p, err := primaryOf(ctx, st, rest)
	if err != nil {
		return nil, err
	}
	sp.primary = primaryMap(rest, p)
	sp.primary[id] = id
	sp.Relink = []int64{id, p}
	sp.finish()
	if dryRun {
		return sp, nil
	}
	_, err = st.SaveDedup(ctx, by.Name, store.DedupRun{
		Undone: pairs(sp.Undone), UndoneHow: "unlink", Apart: sp.Apart,
		Links: sp.Kept, MadeBy: "person", MadeAs: role(by), Primary: sp.primary,
		Detail: fmt.Sprintf("record %d unlinked from records %s", id, review.JoinIDs(rest)),
	})
	return sp, err
}

// Undo splits a record's whole cluster: every link between its records is
// undone and each pair recorded as different, so that no later run links
// them again. Only a lead splits a cluster. With dryRun nothing changes.
func Undo(ctx context.Context, st *store.Store, by review.Reviewer, id int64, dryRun bool) (*Split, error) {
	if !by.Lead {
		return nil, review.Refuse(review.ErrNotLead, "only a lead splits a whole cluster: %s is a screener (to take back a link you made, use `winnow dedup unlink REF`)", by.Name)
	}
	sp, links, err := clusterOf(ctx, st, id)
	if err != nil {
		return nil, err
	}
	sp.Undone = links
	members := slices.Sorted(slices.Values(sp.Cluster))
	for i, a := range members {
		for _, b := range members[i+1:] {
			sp.Apart = append(sp.Apart, [2]int64{a, b})
		}
	}
	sp.primary = map[int64]int64{}
	for _, m := range members {
		sp.primary[m] = m
	}
	sp.Relink = sp.Cluster
	sp.finish()
	if dryRun {
		return sp, nil
	}
	_, err = st.SaveDedup(ctx, by.Name, store.DedupRun{Undone: pairs(sp.Undone), UndoneHow: "undo", Apart: sp.Apart, Primary: sp.primary,
		Detail: fmt.Sprintf("cluster of %d split: records %s", len(members), review.JoinIDs(members))})
	return sp, err
}

// TakeBack withdraws a link its maker made by mistake, as the screen's u
// does after d: the link is undone, the pair verdicts it replaced come
// back, and no "different" is recorded. Only the link's maker takes it
// back; others unlink.
func TakeBack(ctx context.Context, st *store.Store, by review.Reviewer, a, b int64) (*Split, error) {
	a, b = min(a, b), max(a, b)
	sp, links, err := clusterOf(ctx, st, a)
	if errors.Is(err, store.ErrNotLinked) {
		return nil, review.Refuse(store.ErrNotLinked, "records %d and %d are not linked to each other (any more)", a, b)
	}
	if err != nil {
		return nil, err
	}
	var rest []store.Link
	for _, l := range links {
		if l.A == a && l.B == b {
			sp.Undone = append(sp.Undone, l)
		} else {
			rest = append(rest, l)
		}
	}
	if len(sp.Undone) == 0 {
		return nil, review.Refuse(store.ErrNotLinked, "records %d and %d are not linked to each other (any more)", a, b)
	}
	if l := sp.Undone[0]; l.MadeBy != "person" || !strings.EqualFold(l.CreatedBy, by.Name) {
		return nil, review.Refuse(review.ErrNotLead, "the link of %d and %d was made by %s, not by %s: only its maker takes it back", a, b, Maker(l), by.Name)
	}
	sp.primary = map[int64]int64{}
	for _, part := range components(sp.Cluster, rest) {
		p, err := primaryOf(ctx, st, part)
		if err != nil {
			return nil, err
		}
		maps.Copy(sp.primary, primaryMap(part, p))
	}
	sp.Relink = []int64{a, b}
	sp.finish()
	_, err = st.SaveDedup(ctx, by.Name, store.DedupRun{Undone: pairs(sp.Undone), UndoneHow: "taken back", Primary: sp.primary})
	return sp, err
}

// clusterOf starts the Split of a record's cluster: the cluster and its
// links in force. A record without duplicates is refused.
func clusterOf(ctx context.Context, st *store.Store, id int64) (*Split, []store.Link, error) {
	members, err := st.ClusterOf(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if len(members) < 2 {
		return nil, nil, review.Refuse(store.ErrNotLinked, "record %d is not linked to any other record", id)
	}
	links, err := st.ClusterLinks(ctx, members)
	if err != nil {
		return nil, nil, err
	}
	return &Split{Cluster: members}, links, nil
}

// mayUndo refuses a screener a link that is not their own.
func mayUndo(by review.Reviewer, l store.Link, id int64) error {
	if by.Lead || l.MadeBy == "person" && strings.EqualFold(l.CreatedBy, by.Name) {
		return nil
	}
	other := l.A
	if other == id {
		other = l.B
	}
	return review.Refuse(review.ErrNotLead, "record %d was linked to record %d by %s: a screener unlinks only links they made themselves; ask a lead", id, other, Maker(l))
}

// Maker says who made a link, for people: "dedup (doi)", "alice (lead)".
func Maker(l store.Link) string {
	if l.MadeBy != "person" {
		return "dedup (" + strings.Join(l.Reasons, ", ") + ")"
	}
	if l.MadeAs != "" {
		return l.CreatedBy + " (" + l.MadeAs + ")"
	}
	return l.CreatedBy
}

// finish fills in the clusters after and the records requeued, from the
// primaries.
func (sp *Split) finish() {
	byPrimary := map[int64][]int64{}
	for _, m := range sp.Cluster {
		p := sp.primary[m]
		byPrimary[p] = append(byPrimary[p], m)
	}
	sp.Clusters = nil
	for _, p := range slices.Sorted(maps.Keys(byPrimary)) {
		c := []int64{p}
		for _, m := range byPrimary[p] {
			if m != p {
				c = append(c, m)
			}
		}
		sp.Clusters = append(sp.Clusters, c)
		if p != sp.Cluster[0] {
			sp.Requeued = append(sp.Requeued, p)
		}
	}
}

// components groups records into the clusters the links make, each
// sorted, in the order of their smallest record.
func components(ids []int64, links []store.Link) [][]int64 {
	root := match.Clusters(ids, pairs(links))
	groups := map[int64][]int64{}
	for _, id := range ids {
		groups[root[id]] = append(groups[root[id]], id)
	}
	var out [][]int64
	for _, r := range slices.Sorted(maps.Keys(groups)) {
		out = append(out, slices.Sorted(slices.Values(groups[r])))
	}
	return out
}

func pairs(links []store.Link) []match.Pair {
	out := make([]match.Pair, len(links))
	for i, l := range links {
		out[i] = l.Pair()
	}
	return out
}

// RecordOf finds the one record a REF names, not resolved to its
// cluster's primary (unlink takes a duplicate out of its cluster): a DOI
// or PMID that names several records is refused.
func RecordOf(ctx context.Context, st *store.Store, ref review.Ref) (int64, error) {
	if ref.ID != 0 {
		_, err := st.PrimaryOf(ctx, ref.ID)
		return ref.ID, err
	}
	field, value := "doi", ref.DOI
	if ref.PMID != "" {
		field, value = "pmid", ref.PMID
	}
	ids, err := st.RecordIDs(ctx, field, value)
	switch {
	case err != nil:
		return 0, err
	case len(ids) == 0:
		return 0, review.Refuse(store.ErrNotFound, "no record %s in the review", ref)
	case len(ids) > 1:
		return 0, review.Refuse(store.ErrNotFound, "%s names records %s: give the number of one", ref, review.JoinIDs(ids))
	}
	return ids[0], nil
}

// Queue gives the pairs waiting for a person, most alike first, with the
// records they name: what `dedup review` walks.
func Queue(ctx context.Context, st *store.Store) ([]match.Pair, map[int64]*review.Record, error) {
	queue, err := st.QueuedPairs(ctx)
	if err != nil {
		return nil, nil, err
	}
	records := map[int64]*review.Record{}
	for _, p := range queue {
		for _, id := range []int64{p.A, p.B} {
			if records[id] == nil {
				if records[id], err = st.Record(ctx, id); err != nil {
					return nil, nil, err
				}
			}
		}
	}
	return queue, records, nil
}
