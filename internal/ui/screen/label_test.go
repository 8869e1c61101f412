package screen

import (
	"context"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/winnow-review/winnow/internal/ui/uitest"
	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/screening"
	"github.com/winnow-review/winnow/review/store"
)

// TestTheLabelKeyAddsAndTakesOffLabels drives bob's screen, blind, on a
// review where carol labelled the same record: l opens the label field,
// tab completes from bob's own labels only, enter puts the label on (or,
// when on, takes it off); the view and the review agree at each step,
// and nothing of carol's shows.
func TestTheLabelKeyAddsAndTakesOffLabels(t *testing.T) {
	ctx := context.Background()
	st := uitest.NewReview(t, []string{"bob", "carol"}, uitest.Sample(t)...)
	bobSees := review.Viewer{Name: "bob", Blind: true}
	if _, _, err := st.SetLabels(ctx, "carol", 1, []string{"CAROLLABEL", "background check"}, false); err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.SetLabels(ctx, "bob", 5, []string{"background", "RCT"}, false); err != nil {
		t.Fatal(err)
	}
	known, err := st.LabelNames(ctx, bobSees)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"RCT", "background"}; !slices.Equal(known, want) {
		t.Fatalf("bob's labels to complete from: %q, want %q", known, want)
	}
	s, err := screening.Open(ctx, st, review.Reviewer{Name: "bob"}, bobSees, review.TitleAbstract, screening.Imported)
	if err != nil {
		t.Fatal(err)
	}
	m := New(ctx, Options{Session: s, Labels: known})
	m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	uitest.Run(t, m, m.Init())
	id := current(m)
	if id != 1 {
		t.Fatalf("bob's first record is %d", id)
	}
	noCarol := func(what string) {
		t.Helper()
		if v := uitest.View(m); strings.Contains(v, "CAROL") || strings.Contains(v, "background check") {
			t.Errorf("%s: carol's label shows to bob:\n%s", what, v)
		}
	}
	noCarol("the record")
	if v := uitest.View(m); !strings.Contains(v, "l label") {
		t.Errorf("the footer does not name the label key:\n%s", v)
	}
	mine := func() []string {
		t.Helper()
		ls, err := st.LabelsOf(ctx, "bob", id)
		if err != nil {
			t.Fatal(err)
		}
		return ls
	}

	// l opens the field; the status line lists bob's labels; b and tab
	// complete to background.
	uitest.Press(t, m, "l")
	if v := uitest.View(m); !strings.Contains(v, "label (tab completes): ") || !strings.Contains(v, "your labels: RCT · background") {
		t.Fatalf("the label field:\n%s", v)
	}
	noCarol("the label field")
	uitest.Type(t, m, "b")
	if v := uitest.View(m); !strings.Contains(v, "your labels: background") || strings.Contains(v, "RCT ·") {
		t.Errorf("the labels that start with b:\n%s", v)
	}
	m.Update(tea.KeyPressMsg{Code: tea.KeyTab})
	if v := uitest.View(m); !strings.Contains(v, "label (tab completes): background") {
		t.Fatalf("tab did not complete:\n%s", v)
	}
	if len(mine()) != 0 {
		t.Fatalf("labelled before enter: %q", mine())
	}
	uitest.Press(t, m, "enter")
	if got := mine(); !slices.Equal(got, []string{"background"}) {
		t.Fatalf("bob's labels on %d: %q", id, got)
	}
	if v := uitest.View(m); !strings.Contains(v, "labels: background") || !strings.Contains(v, `labelled "background" · record 1`) {
		t.Errorf("the view after the label:\n%s", v)
	}
	noCarol("after the label")

	// A new label, typed whole; it is offered by tab from then on.
	uitest.Press(t, m, "l")
	uitest.Type(t, m, "look at table 2")
	uitest.Press(t, m, "enter")
	if got := mine(); !slices.Equal(got, []string{"background", "look at table 2"}) {
		t.Fatalf("bob's labels on %d: %q", id, got)
	}
	if v := uitest.View(m); !strings.Contains(v, "labels: background; look at table 2") {
		t.Errorf("the view:\n%s", v)
	}
	uitest.Press(t, m, "l", "l")
	m.Update(tea.KeyPressMsg{Code: tea.KeyTab})
	if v := uitest.View(m); !strings.Contains(v, "label (tab completes): look at table 2") {
		t.Errorf("the new label is not completed:\n%s", v)
	}

	// esc leaves the labels as they are; the same label again takes it
	// off.
	uitest.Press(t, m, "esc")
	if got := mine(); len(got) != 2 {
		t.Fatalf("esc changed the labels: %q", got)
	}
	uitest.Press(t, m, "l")
	uitest.Type(t, m, "background")
	uitest.Press(t, m, "enter")
	if got := mine(); !slices.Equal(got, []string{"look at table 2"}) {
		t.Fatalf("bob's labels on %d after taking one off: %q", id, got)
	}
	if v := uitest.View(m); !strings.Contains(v, `label "background" taken off · record 1`) || strings.Contains(v, "labels: background") {
		t.Errorf("the view after taking it off:\n%s", v)
	}

	// A bad label is refused and changes nothing; no key decided the
	// record.
	uitest.Press(t, m, "l")
	uitest.Type(t, m, "a;b")
	uitest.Press(t, m, "enter")
	if v := uitest.View(m); !strings.Contains(v, "label not saved") {
		t.Errorf("a bad label:\n%s", v)
	}
	if got := mine(); len(got) != 1 {
		t.Errorf("a bad label changed the labels: %q", got)
	}
	if v := myVoteOf(t, st, "bob", id); v != nil {
		t.Errorf("the label key decided the record: %+v", v)
	}
	events, err := st.Events(ctx, id, bobSees)
	if err != nil {
		t.Fatal(err)
	}
	var log []string
	for _, e := range events {
		if e.Action == "label" {
			if e.Reviewer != "bob" {
				t.Errorf("bob's log shows %s's label: %+v", e.Reviewer, e)
			}
			log = append(log, e.Detail)
		}
	}
	if want := []string{`added label "background"`, `added label "look at table 2"`, `removed label "background"`}; !slices.Equal(log, want) {
		t.Errorf("the log: %q, want %q", log, want)
	}

	// The next record shows no label of the last one.
	uitest.Press(t, m, "i")
	if v := uitest.View(m); strings.Contains(v, "labels:") {
		t.Errorf("the next record shows labels:\n%s", v)
	}
	// The help page lists the key.
	uitest.Press(t, m, "?")
	if v := uitest.View(m); !strings.Contains(v, "l     label") {
		t.Errorf("the help page does not list l:\n%s", v)
	}
}

// myVoteOf is a reviewer's current vote on a record at title-abstract.
func myVoteOf(t *testing.T, st *store.Store, who string, id int64) *review.Vote {
	t.Helper()
	v, err := st.CurrentVote(context.Background(), who, review.TitleAbstract, id)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
