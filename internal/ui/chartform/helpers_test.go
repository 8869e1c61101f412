package chartform

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/winnow-review/winnow/charting"
	"github.com/winnow-review/winnow/internal/ui/uitest"
	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/store"
)

var alice = review.Reviewer{Name: "alice", Lead: true}

// includedReview is the sample review (43 records) with alice, the lead,
// and bob and carol, the screeners, who included records 1 to 3 at both
// stages; the rainbow form is installed.
func includedReview(t *testing.T) *store.Store {
	t.Helper()
	return reviewOf(t, 3, uitest.Sample(t)...)
}

// reviewOf is a review of the files (paths, or RIS text) with alice, the
// lead, and bob and carol, the screeners, who included records 1 to n at
// both stages; the rainbow form is installed.
func reviewOf(t *testing.T, n int64, files ...string) *store.Store {
	t.Helper()
	st := uitest.NewReview(t, []string{"bob", "carol"}, files...)
	ctx := context.Background()
	for _, stage := range review.Stages {
		var votes []review.Vote
		for id := int64(1); id <= n; id++ {
			for _, who := range []string{"bob", "carol"} {
				votes = append(votes, review.Vote{RecordID: id, Stage: stage, Reviewer: who, Decision: review.Include})
			}
		}
		if err := st.Decide(ctx, votes, "alice"); err != nil {
			t.Fatalf("decide at %s: %v", stage, err)
		}
	}
	install(t, st, string(charting.Templates["rainbow"]))
	return st
}

// install installs a form, as alice.
func install(t *testing.T, st *store.Store, yaml string) *charting.Installed {
	t.Helper()
	f, err := charting.ParseForm("form.yaml", []byte(yaml))
	if err != nil {
		t.Fatal(err)
	}
	in, err := charting.Install(context.Background(), st, alice, f, "form.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return in
}

// withTypes is the rainbow form, version 2, with a year, a number and a
// yes-or-no field after its own.
func withTypes() string {
	y := strings.Replace(string(charting.Templates["rainbow"]), "version: 1", "version: 2", 1)
	return y + `  - id: published
    label: Year published
    type: year
    required: true
  - id: participants
    label: Participants
    type: number
    help: How many took part, all arms together.
  - id: uk_based
    label: Based in the UK
    type: bool
`
}

// open opens who's charting of a record.
func open(t *testing.T, st *store.Store, who string, id int64) *charting.Session {
	t.Helper()
	s, err := charting.Open(context.Background(), st, review.Reviewer{Name: who}, review.Ref{ID: id})
	if err != nil {
		t.Fatalf("open record %d as %s: %v", id, who, err)
	}
	return s
}

// screenFor opens who's charting of a record and starts its screen at
// 80×24.
func screenFor(t *testing.T, st *store.Store, who string, id int64, o Options) *Model {
	t.Helper()
	o.Session = open(t, st, who, id)
	m := New(context.Background(), o)
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	uitest.Run(t, m, m.Init())
	return m
}

// answers reads who's answers to a record back from the review, through
// a new session.
func answers(t *testing.T, st *store.Store, who string, id int64) map[string]charting.Value {
	t.Helper()
	return open(t, st, who, id).Answers
}

// keyMsg builds a key's message: uitest.Key's, and tab, shift+tab, ctrl+s,
// alt+enter and ctrl+u.
func keyMsg(k string) tea.KeyPressMsg {
	switch k {
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "shift+tab":
		return tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}
	case "alt+enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter, Mod: tea.ModAlt}
	case "ctrl+s", "ctrl+u", "ctrl+a", "ctrl+e":
		return tea.KeyPressMsg{Code: rune(k[5]), Mod: tea.ModCtrl}
	}
	return uitest.Key(k)
}

// press sends keys one at a time, each command run to its end; it reports
// whether the model asked to quit.
func press(t *testing.T, m *Model, keys ...string) (quit bool) {
	t.Helper()
	for _, k := range keys {
		_, cmd := m.Update(keyMsg(k))
		quit = uitest.Run(t, m, cmd) || quit
	}
	return quit
}

// typeText types text a key per character, "\n" as enter.
func typeText(t *testing.T, m *Model, text string) {
	t.Helper()
	for _, r := range text {
		if r == '\n' {
			press(t, m, "enter")
			continue
		}
		press(t, m, string(r))
	}
}

// fieldID is the id of the field on screen.
func fieldID(m *Model) string { return m.field().ID }

// goTo moves to the field with the id, with tab and shift+tab.
func goTo(t *testing.T, m *Model, id string) {
	t.Helper()
	for range len(m.form.Fields) * 2 {
		if fieldID(m) == id {
			return
		}
		at := m.cur
		if m.form.Field(id) != nil && indexOf(m, id) < at {
			press(t, m, "shift+tab")
		} else {
			press(t, m, "tab")
		}
		if m.cur == at {
			break
		}
	}
	if fieldID(m) != id {
		t.Fatalf("could not reach field %s (at %s)", id, fieldID(m))
	}
}

func indexOf(m *Model, id string) int {
	for i, f := range m.form.Fields {
		if f.ID == id {
			return i
		}
	}
	return -1
}

// lineWith gives the first line of the view holding every one of the
// texts, or "".
func lineWith(m *Model, texts ...string) string {
	for _, l := range strings.Split(uitest.View(m), "\n") {
		ok := true
		for _, s := range texts {
			ok = ok && strings.Contains(l, s)
		}
		if ok {
			return l
		}
	}
	return ""
}
