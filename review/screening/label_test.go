package screening_test

import (
	"slices"
	"testing"

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/dedup"
	"github.com/winnow-review/winnow/review/screening"
)

// TestLabelsAreTheirOwnersWhileBlind labels records as bob and carol and
// reads them back as each viewer may: bob and carol their own, alice (a
// lead) both, and everyone both once blind is off; a label on a
// duplicate goes on the primary, and a remove undoes an add.
func TestLabelsAreTheirOwnersWhileBlind(t *testing.T) {
	f := newReview(t, 4)
	if _, err := dedup.Link(f.ctx, f.st, f.alice, 1, 2); err != nil {
		t.Fatal(err)
	}
	l, err := screening.Label(f.ctx, f.st, f.bob, review.Ref{ID: 2}, []string{" background ", "RCT", "RCT"}, false)
	if err != nil {
		t.Fatal(err)
	}
	if l.Record != 1 || !slices.Equal(l.Changed, []string{"background", "RCT"}) || !slices.Equal(l.Labels, []string{"RCT", "background"}) {
		t.Errorf("bob's label on the duplicate 2: %+v", l)
	}
	if _, err := screening.Label(f.ctx, f.st, f.carol, review.Ref{ID: 1}, []string{"CAROL"}, false); err != nil {
		t.Fatal(err)
	}
	if _, err := screening.Label(f.ctx, f.st, f.carol, review.Ref{ID: 3}, []string{"CAROL3"}, false); err != nil {
		t.Fatal(err)
	}
	seen := func(r review.Reviewer) []string {
		t.Helper()
		ls, err := f.st.LabelsOn(f.ctx, 2, f.viewer(t, r))
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, l := range ls {
			out = append(out, l.Reviewer+":"+l.Label)
		}
		return out
	}
	names := func(r review.Reviewer) []string {
		t.Helper()
		ns, err := f.st.LabelNames(f.ctx, f.viewer(t, r))
		if err != nil {
			t.Fatal(err)
		}
		return ns
	}
	if got := seen(f.bob); !slices.Equal(got, []string{"bob:RCT", "bob:background"}) {
		t.Errorf("bob sees %q", got)
	}
	if got := seen(f.carol); !slices.Equal(got, []string{"carol:CAROL"}) {
		t.Errorf("carol sees %q", got)
	}
	if got := seen(f.alice); !slices.Equal(got, []string{"bob:RCT", "bob:background", "carol:CAROL"}) {
		t.Errorf("alice sees %q", got)
	}
	if got := names(f.bob); !slices.Equal(got, []string{"RCT", "background"}) {
		t.Errorf("bob completes from %q", got)
	}
	if got := names(f.alice); !slices.Equal(got, []string{"CAROL", "CAROL3", "RCT", "background"}) {
		t.Errorf("alice completes from %q", got)
	}

	// --label lists the reviewer's own; another's is refused while blind.
	list := func(r review.Reviewer, flt screening.Filter) []int64 {
		t.Helper()
		got, err := f.listed(t, r, flt)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, s := range got {
			ids = append(ids, s.Record.ID)
		}
		return ids
	}
	if got := list(f.bob, screening.Filter{Stage: review.TitleAbstract, Label: "RCT"}); !slices.Equal(got, []int64{1}) {
		t.Errorf("bob's RCT records: %v", got)
	}
	if got := list(f.bob, screening.Filter{Stage: review.TitleAbstract, Label: "CAROL3"}); len(got) != 0 {
		t.Errorf("bob lists carol's label: %v", got)
	}
	if _, err := f.listed(t, f.bob, screening.Filter{Stage: review.TitleAbstract, By: "carol", Label: "CAROL3"}); err == nil {
		t.Error("bob listed carol's labels while blind")
	}
	if got := list(f.alice, screening.Filter{Stage: review.TitleAbstract, By: "carol", Label: "CAROL3"}); !slices.Equal(got, []int64{3}) {
		t.Errorf("alice lists carol's CAROL3 records: %v", got)
	}

	// A remove undoes the add; removing again changes nothing.
	l, err = screening.Label(f.ctx, f.st, f.bob, review.Ref{ID: 1}, []string{"RCT"}, true)
	if err != nil || !slices.Equal(l.Changed, []string{"RCT"}) || !slices.Equal(l.Labels, []string{"background"}) {
		t.Errorf("remove: %+v, %v", l, err)
	}
	l, err = screening.Label(f.ctx, f.st, f.bob, review.Ref{ID: 1}, []string{"RCT"}, true)
	if err != nil || len(l.Changed) != 0 {
		t.Errorf("remove again: %+v, %v", l, err)
	}
	if _, err := screening.Label(f.ctx, f.st, f.bob, review.Ref{ID: 1}, []string{"a;b"}, false); err == nil {
		t.Error("a label with ; was kept")
	}

	// Blind off: bob sees carol's labels.
	if _, err := f.st.SetBlind(f.ctx, false, "alice"); err != nil {
		t.Fatal(err)
	}
	if got := seen(f.bob); !slices.Equal(got, []string{"bob:background", "carol:CAROL"}) {
		t.Errorf("blind off, bob sees %q", got)
	}
}
