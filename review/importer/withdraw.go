package importer

import (
	"context"
	"strings"

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/store"
)

// Withdraw takes back a search imported by mistake: its records leave
// every queue, listing, dedup run and PRISMA count, and stay in the review
// file and the log (see store.Withdraw for what refuses it and what
// becomes of its duplicate links). Only a lead withdraws; note says why,
// for the log.
func Withdraw(ctx context.Context, st *store.Store, lead review.Reviewer, search int64, note string) (*store.Withdrawal, error) {
	return st.Withdraw(ctx, search, strings.TrimSpace(note), lead.Name)
}

// Restore brings a withdrawn search back, as if it had never been
// withdrawn (see store.Restore). Only a lead restores.
func Restore(ctx context.Context, st *store.Store, lead review.Reviewer, search int64, note string) (*store.Withdrawal, error) {
	return st.Restore(ctx, search, strings.TrimSpace(note), lead.Name)
}
