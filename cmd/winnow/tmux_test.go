package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/winnow-review/winnow/internal/storetest"
)

// TestTwoScreenersInTmux is the "done when", end to end in real
// terminals: two reviewers screen the same records blind at the same time,
// each in their own tmux window of 80×24, at both stages, with a reason at
// full text; the lead follows them with `winnow status`; neither screen
// ever shows the other's decisions.
func TestTwoScreenersInTmux(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed: the end-to-end terminal test needs it (apt-get install tmux)")
	}
	t.Run("sqlite", func(t *testing.T) { twoScreenersInTmux(t, false) })
	if storetest.Server() == "" {
		t.Log(storetest.SkipNote)
		return
	}
	// Two reviewers on two machines, as two processes on loopback.
	t.Run("postgres", func(t *testing.T) { twoScreenersInTmux(t, true) })
}

func twoScreenersInTmux(t *testing.T, pg bool) {
	dir := t.TempDir()
	db := filepath.Join(dir, "review.db")
	bin, winnow := builtWinnow(t, dir, &db)
	if pg {
		var name string
		db, name = storetest.NewDatabase(t)
		t.Cleanup(func() { storetest.DropDatabase(db, name) })
	}
	sample, _ := filepath.Abs("../../testdata/sample")
	winnow("alice", "init")
	winnow("alice", "team", "add", "alice", "--lead")
	winnow("alice", "team", "add", "bob")
	winnow("alice", "team", "add", "carol")
	// A small review: the first three records of one export.
	export := filepath.Join(dir, "three.ris")
	data, err := os.ReadFile(filepath.Join(sample, "embase.ris"))
	if err != nil {
		t.Fatal(err)
	}
	records := strings.SplitAfter(string(data), "ER  - ")
	if err := os.WriteFile(export, []byte(strings.Join(records[:3], "")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	winnow("alice", "import", export, "--source", "EMBASE", "--kind", "database")
	winnow("alice", "reasons", "add", "wrong population", "wrong design")

	// What a person waits for before pressing a key is the record itself:
	// the start of its title. A screen drops a key pressed while it is
	// still loading (no key may decide a record not yet seen), so a test
	// that pressed one as soon as the header showed would fail on a busy
	// machine.
	titles := map[int]string{}
	for id := 1; id <= 3; id++ {
		var r struct{ Title string }
		if err := json.Unmarshal([]byte(winnow("alice", "show", strconv.Itoa(id), "--json")), &r); err != nil {
			t.Fatal(err)
		}
		words := strings.Fields(r.Title)
		titles[id] = strings.Join(words[:min(4, len(words))], " ")
	}

	tm := newTerminals(t, dir)
	run := func(session, who string, args ...string) {
		t.Helper()
		tm.run(session, "NO_COLOR=1 "+bin+" --db '"+db+"' --reviewer "+who+" "+strings.Join(args, " "))
	}
	start := func(who, stage string) { t.Helper(); run(who+stage, who, "screen", "--stage", stage) }
	screen, waitFor, keys := tm.screen, tm.waitFor, tm.keys
	// note types a note on the record on screen and waits until the
	// screen says it is saved.
	note := func(session, text, saved string) {
		t.Helper()
		keys(session, "n")
		waitFor(session, "enter keep  esc cancel")
		keys(session, "-l", text)
		keys(session, "Enter")
		waitFor(session, saved)
	}

	// Title-abstract, both at once: bob includes all three; carol
	// includes 1 and 2 and excludes 3 with a note.
	start("bob", "ta")
	start("carol", "ta")
	waitFor("bobta", titles[1])
	waitFor("carolta", titles[1])
	for _, next := range []int{2, 3} {
		keys("bobta", "i")
		waitFor("bobta", titles[next])
		keys("carolta", "i")
		waitFor("carolta", titles[next])
	}
	note("carolta", "CAROLNOTE", "note saved")
	keys("carolta", "e")
	waitFor("carolta", "Nothing left to screen")
	// Bob notes record 3 and quits before deciding it: the note is kept,
	// his to see, and comes back with the record.
	note("bobta", "BOBNOTE", "note saved")
	keys("bobta", "q")
	waitFor("bobta", "EXITED 0")
	if out := winnow("bob", "show", "3"); !strings.Contains(out, "Notes (no decision yet)") || !strings.Contains(out, "BOBNOTE") {
		t.Errorf("bob's note on record 3 is not kept:\n%s", out)
	}
	if out := winnow("carol", "show", "3"); strings.Contains(out, "BOBNOTE") {
		t.Errorf("carol sees bob's note:\n%s", out)
	}
	run("bobta2", "bob", "screen", "--stage", "ta")
	waitFor("bobta2", titles[3])
	waitFor("bobta2", "note: BOBNOTE")
	keys("bobta2", "i")
	waitFor("bobta2", "Nothing left to screen")
	for _, s := range []string{"bobta2", "carolta"} {
		got := screen(s)
		if s == "bobta2" && strings.Contains(got, "CAROLNOTE") || s == "carolta" && strings.Contains(got, "BOBNOTE") {
			t.Errorf("%s shows the other screener's note:\n%s", s, got)
		}
		keys(s, "q")
		waitFor(s, "EXITED 0")
	}
	// The lead sees how far they are; bob sees no outcomes.
	var lead struct {
		Stages []struct {
			Stage                         string
			Records, Complete             int
			Conflicts, Included, Excluded *int
		}
	}
	if err := json.Unmarshal([]byte(winnow("alice", "status", "--json")), &lead); err != nil {
		t.Fatal(err)
	}
	ta, ft := lead.Stages[0], lead.Stages[1]
	if ta.Complete != 3 || ta.Included == nil || *ta.Included != 2 || *ta.Conflicts != 1 || ft.Records != 2 {
		t.Errorf("the lead's status after title-abstract: %+v %+v", ta, ft)
	}
	if out := winnow("bob", "status", "--json"); !strings.Contains(out, `"included": null`) {
		t.Errorf("bob's status shows outcomes:\n%s", out)
	}
	if out := winnow("bob", "log"); strings.Contains(out, "CAROLNOTE") || strings.Contains(out, "carol\tdecide") || strings.Contains(out, "carol\tnote") {
		t.Errorf("bob's log shows carol's decisions:\n%s", out)
	}
	if out := winnow("carol", "log"); strings.Contains(out, "BOBNOTE") {
		t.Errorf("carol's log shows bob's note:\n%s", out)
	}

	// Full text, both at once: an exclusion needs a reason, picked from
	// the team's list.
	start("bob", "ft")
	start("carol", "ft")
	waitFor("bobft", titles[1])
	waitFor("carolft", titles[1])
	keys("bobft", "e")
	waitFor("bobft", "exclusion reason (needed at full text)")
	keys("bobft", "2")
	waitFor("bobft", "saved: exclude")
	waitFor("bobft", titles[2])
	keys("carolft", "i")
	waitFor("carolft", "saved: include")
	waitFor("carolft", titles[2])
	keys("bobft", "i")
	waitFor("bobft", "Nothing left to screen")
	keys("carolft", "i")
	waitFor("carolft", "Nothing left to screen")
	for _, s := range []string{"bobft", "carolft"} {
		keys(s, "q")
		waitFor(s, "EXITED 0")
	}
	show := winnow("alice", "show", "1")
	if !strings.Contains(show, "full-text bob:") || !strings.Contains(show, "exclude (wrong design)") {
		t.Errorf("the lead's view of record 1:\n%s", show)
	}
	if out := winnow("carol", "show", "1"); strings.Contains(out, "wrong design") || strings.Contains(out, "bob") {
		t.Errorf("carol sees bob's full-text decision:\n%s", out)
	}
	if err := json.Unmarshal([]byte(winnow("alice", "status", "--json")), &lead); err != nil {
		t.Fatal(err)
	}
	ft = lead.Stages[1]
	if ft.Complete != 2 || *ft.Conflicts != 1 || *ft.Included != 1 {
		t.Errorf("the lead's status after full text: %+v", ft)
	}

	// The lead resolves both conflicts in the terminal: record 3 at
	// title-abstract (bob include, carol exclude with her note), record 1
	// at full text (bob exclude for a reason, carol include).
	run("resolveta", "alice", "resolve", "--stage", "ta")
	waitFor("resolveta", titles[3])
	got := waitFor("resolveta", "CAROLNOTE")
	for _, want := range []string{"record 3", "bob", "carol", "include", "exclude", "BOBNOTE"} {
		if !strings.Contains(got, want) {
			t.Errorf("the resolve screen lacks %q:\n%s", want, got)
		}
	}
	keys("resolveta", "e")
	waitFor("resolveta", "no open conflicts left at title-abstract")
	keys("resolveta", "q")
	waitFor("resolveta", "EXITED 0")
	run("resolveft", "alice", "resolve", "--stage", "ft")
	waitFor("resolveft", titles[1])
	waitFor("resolveft", "wrong design")
	note("resolveft", "LEADNOTE", "your note: LEADNOTE")
	keys("resolveft", "i")
	waitFor("resolveft", "no open conflicts left at full-text")
	keys("resolveft", "q")
	waitFor("resolveft", "EXITED 0")
	var after struct {
		Stages []struct {
			Conflicts, Resolved, Included, Excluded *int
		}
	}
	if err := json.Unmarshal([]byte(winnow("alice", "status", "--json")), &after); err != nil {
		t.Fatal(err)
	}
	for i, s := range after.Stages {
		if *s.Conflicts != 0 || *s.Resolved != 1 {
			t.Errorf("stage %d after resolving: %d open, %d resolved; want 0 and 1", i, *s.Conflicts, *s.Resolved)
		}
	}
	if log := winnow("alice", "log", "1"); !strings.Contains(log, "resolved include at full-text") || !strings.Contains(log, "LEADNOTE") {
		t.Errorf("the log of record 1 lacks the resolution:\n%s", log)
	}

	// Record 1 is included: bob charts it in the terminal, picking the
	// study design with one key, and the answer is saved.
	winnow("alice", "chart", "form", "--template", "rainbow")
	run("chart", "bob", "chart", "1")
	waitFor("chart", "field 1 of 7")
	keys("chart", "Tab")
	keys("chart", "Tab")
	waitFor("chart", "field 3 of 7")
	waitFor("chart", "Study design")
	keys("chart", "1")
	waitFor("chart", "saved: Study design = qualitative")
	keys("chart", "q")
	waitFor("chart", "EXITED 0")
	if got := winnow("bob", "chart", "export", "--reviewers", "--format", "json"); !strings.Contains(got, `"study_design": "qualitative"`) {
		t.Errorf("bob's charting after the screen:\n%s", got)
	}
}
