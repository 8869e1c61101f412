package prisma

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/conflicts"
	"github.com/winnow-review/winnow/review/screening"
	"github.com/winnow-review/winnow/review/store"
)

// CheckViewer refuses the flow to anyone who may not see every decision
// while the review is blind: its counts of conflicts and outcomes, and
// the records behind them, tell how the screeners decided.
func CheckViewer(viewer review.Viewer) error {
	return conflicts.CheckViewer(viewer, "prisma")
}

// Assignment is one KEY=N of `prisma set`.
type Assignment struct {
	Key string
	N   int
}

// ParseAssignment reads KEY=N; only the counts of work done outside
// winnow may be entered: a count winnow derives never is.
func ParseAssignment(s string) (Assignment, error) {
	key, value, ok := strings.Cut(s, "=")
	key = strings.TrimSpace(key)
	if !ok {
		return Assignment{}, fmt.Errorf("%q: write KEY=N, e.g. excluded_other=12", s)
	}
	if !slices.Contains(store.PrismaKeys, key) {
		if slices.Contains(Keys, key) {
			return Assignment{}, review.Refuse(store.ErrDerivedKey, "%s is derived from the review and is never entered by hand: only %s can be", key, strings.Join(store.PrismaKeys, ", "))
		}
		return Assignment{}, fmt.Errorf("no PRISMA count %q can be entered: only %s can", key, strings.Join(store.PrismaKeys, ", "))
	}
	n, err := strconv.Atoi(strings.TrimSpace(value))
	if err != nil || n < 0 {
		return Assignment{}, fmt.Errorf("%s=%s: the count must be a whole number, 0 or more", key, value)
	}
	return Assignment{Key: key, N: n}, nil
}

// Set enters counts by hand, in one transaction, each logged with the
// note (where the count comes from).
func Set(ctx context.Context, st *store.Store, lead review.Reviewer, as []Assignment, note string) error {
	keys, ns := make([]string, len(as)), make([]int, len(as))
	for i, a := range as {
		keys[i], ns[i] = a.Key, a.N
	}
	return st.SetPrismaEntries(ctx, keys, ns, strings.TrimSpace(note), lead.Name)
}

// SetIdentified records how many records a database or register search
// found when fewer were imported.
func SetIdentified(ctx context.Context, st *store.Store, lead review.Reviewer, search int64, n int, note string) error {
	return st.SetIdentified(ctx, search, n, strings.TrimSpace(note), lead.Name)
}

// LinkStudy records that the records named report one study.
func LinkStudy(ctx context.Context, st *store.Store, lead review.Reviewer, refs []review.Ref) (*store.Study, error) {
	ids := make([]int64, len(refs))
	for i, ref := range refs {
		id, err := screening.FindRef(ctx, st, ref)
		if err != nil {
			return nil, err
		}
		ids[i] = id
	}
	return st.LinkStudy(ctx, ids, lead.Name)
}

// UnlinkStudy makes a record's report a study of its own again.
func UnlinkStudy(ctx context.Context, st *store.Store, lead review.Reviewer, ref review.Ref) (int64, []int64, error) {
	id, err := screening.FindRef(ctx, st, ref)
	if err != nil {
		return 0, nil, err
	}
	left, err := st.UnlinkStudy(ctx, id, lead.Name)
	return id, left, err
}

// Studies lists the studies with more than one report.
func Studies(ctx context.Context, st *store.Store) ([]store.Study, error) {
	return st.Studies(ctx)
}
