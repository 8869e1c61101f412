package main

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"

	"github.com/winnow-review/winnow/internal/ui"
	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/tabular"
)

// TestReport checks the three kinds of error: a refusal prints its
// message (worded for the flag or the column it asks for) with exit 1, a
// usage error exits 2, and a fault below winnow is an internal error
// with its whole chain and a request to report it.
func TestReport(t *testing.T) {
	missing := review.Need("reason", review.ErrNeedsReason, "an exclusion at full text needs a reason")
	f, err := tabular.Open("d.csv", []byte("ref,reason\n1,\n"), review.ErrNeedsReason, "row", []string{"ref", "reason"}, 1)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		err  error
		code int
		want []string
	}{
		{"refusal", review.Refuse(review.ErrNotLead, "bob is not a lead"), exitError, []string{"winnow: bob is not a lead\n"}},
		{"missing flag", missing, exitError, []string{"winnow: an exclusion at full text needs a reason: add --reason (see `winnow reasons list`)\n"}},
		{"missing column", f.Refuse(2, missing), exitError, []string{"winnow: d.csv:2: an exclusion at full text needs a reason (the reason column)\n"}},
		{"usage", usageError{fmt.Errorf("unknown flag --frob")}, exitUsage, []string{"winnow: unknown flag --frob\n", "Run 'winnow decide --help' for usage."}},
		{"fault", fmt.Errorf("save decision: %w", sql.ErrTxDone), exitInternal, []string{
			"winnow: internal error: save decision: sql: transaction has already been committed or rolled back (*fmt.wrapError)\n  caused by: sql: transaction",
			"Please report it",
		}},
		{"remedy", fmt.Errorf("open x: %w", review.RefuseFix(review.ErrNotLead, review.FixCreate, "postgres://h/r", "no review at postgres://h/r")), exitError, []string{"winnow: open x: no review at postgres://h/r; create the review with `winnow init --db postgres://h/r`\n"}},
		{"lead's view", review.CheckLead(review.Viewer{Name: "bob", Blind: true}, "export", "included", "it would show you how others decided"), exitError, []string{"winnow: winnow export --set included is a lead's view while the review is blind: it would show you how others decided (run it as a lead with --reviewer"}},
		{"remedy on a line", f.Refuse(2, review.RefuseFix(review.ErrNotLead, review.FixListSearches, "", "no search 9")), exitError, []string{"winnow: d.csv:2: no search 9: `winnow sources --files` lists them\n"}},
		{"refusal over a fault", review.Refuse(review.ErrBlind, "blind: %v", sql.ErrTxDone), exitError, []string{"winnow: blind: sql"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out, errs strings.Builder
			code := reportError(context.Background(), ui.Test(strings.NewReader(""), &out, &errs), tc.err, "winnow decide --help")
			if code != tc.code {
				t.Errorf("exit %d, want %d", code, tc.code)
			}
			for _, w := range tc.want {
				if !strings.Contains(errs.String(), w) {
					t.Errorf("stderr:\n%s\nwant it to hold %q", errs.String(), w)
				}
			}
			if tc.code != exitInternal && strings.Contains(errs.String(), "internal error") {
				t.Errorf("a %s printed as an internal error:\n%s", tc.name, errs.String())
			}
		})
	}
}

// TestEveryFixWorded checks that every remedy the domain can name has its
// words on the command line.
func TestEveryFixWorded(t *testing.T) {
	for _, f := range review.Fixes {
		if _, ok := fixWords[f]; !ok {
			t.Errorf("review.Fix %q has no words in fixWords", f)
		}
	}
	if len(fixWords) != len(review.Fixes) {
		t.Errorf("fixWords words %d remedies, review.Fixes lists %d", len(fixWords), len(review.Fixes))
	}
}
