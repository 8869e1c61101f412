package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// TestSearchJumpLabelInTmux drives the screener's workbench keys in a real
// terminal (tmux, 80×24), as a screener would, on the built binary: `/`
// searches the queue, `]` steps to the next match, a decision on a match
// saves it, esc goes back to the queue; `g` jumps to a record decided
// before, and a decision key changes it (the database has the new
// decision and the log the earlier one); `l` puts a label on the record
// on screen. Every step waits for the text it expects on the screen,
// never for a fixed time.
func TestSearchJumpLabelInTmux(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed: the end-to-end terminal test needs it (apt-get install tmux)")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "review.db")
	bin, winnow := builtWinnow(t, dir, &db)
	ids := func(who string, args ...string) []int64 {
		t.Helper()
		var recs []struct{ ID int64 }
		if err := json.Unmarshal([]byte(winnow(who, append(args, "--json")...)), &recs); err != nil {
			t.Fatal(err)
		}
		var out []int64
		for _, r := range recs {
			out = append(out, r.ID)
		}
		return out
	}
	winnow("alice", "init")
	winnow("alice", "team", "add", "alice", "--lead")
	winnow("alice", "team", "add", "bob")
	winnow("alice", "team", "add", "carol")
	// A small review: the first eight records of the sample's Embase
	// export.
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "sample", "embase.ris"))
	if err != nil {
		t.Fatal(err)
	}
	records := strings.SplitAfter(string(data), "ER  - ")
	export := filepath.Join(dir, "eight.ris")
	if err := os.WriteFile(export, []byte(strings.Join(records[:8], "")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	winnow("alice", "import", export, "--source", "EMBASE", "--kind", "database")
	// What a person waits for is the record itself: the start of its
	// title (a screen drops a key pressed while it is still loading).
	titles, full := map[int64]string{}, map[int64]string{}
	for id := int64(1); id <= 8; id++ {
		var r struct{ Title, Abstract string }
		if err := json.Unmarshal([]byte(winnow("alice", "show", strconv.FormatInt(id, 10), "--json")), &r); err != nil {
			t.Fatal(err)
		}
		words := strings.Fields(r.Title)
		titles[id], full[id] = strings.Join(words[:min(4, len(words))], " "), r.Title+" "+r.Abstract
	}
	// The search: a word of the titles and abstracts that three records
	// after the first have, and the first has not.
	var word string
	var matches []int64
	tried := map[string]bool{}
	for id := int64(2); id <= 8 && word == ""; id++ {
		for _, w := range strings.FieldsFunc(strings.ToLower(full[id]), func(r rune) bool { return !unicode.IsLetter(r) }) {
			if len(w) < 6 || tried[w] {
				continue
			}
			tried[w] = true
			if found := ids("bob", "records", "--search", w); len(found) == 3 && !slices.Contains(found, 1) {
				word, matches = w, found
				break
			}
		}
	}
	if word == "" {
		t.Fatal("no word of the sample's records is in exactly three records after the first")
	}
	a, b, c := matches[0], matches[1], matches[2]

	tm := newTerminals(t, dir)
	const session = "bob"
	tm.run(session, "NO_COLOR=1 "+bin+" --db '"+db+"' --reviewer bob screen --stage ta")
	screen := func() string { return tm.screen(session) }
	waitFor := func(want ...string) string { t.Helper(); return tm.waitFor(session, want...) }
	keys := func(k ...string) { t.Helper(); tm.keys(session, k...) }
	header := func(at int) string { return "/" + word + " " + strconv.Itoa(at) + " of 3" }

	waitFor(titles[1])
	// Search: the first match after the record on screen shows, then
	// the next; a decision on it saves it and shows the next match; esc
	// goes back to the record the search began on.
	keys("/")
	waitFor("search your queue:")
	keys("-l", word)
	keys("Enter")
	waitFor(titles[a], header(1))
	keys("]")
	waitFor(titles[b], header(2))
	keys("i")
	waitFor(titles[c], header(3), "saved: include · record "+strconv.FormatInt(b, 10))
	keys("Escape")
	waitFor(titles[1], "back to your queue")
	if got := ids("bob", "records", "--decision", "include"); !slices.Equal(got, []int64{b}) {
		t.Errorf("bob's includes after the search: %v, want [%d]", got, b)
	}

	// Jump to the record decided during the search and change the
	// decision: back where the jump began, the database has the new
	// decision and the log the earlier one.
	keys("g")
	waitFor("go to record")
	keys("-l", strconv.FormatInt(b, 10))
	keys("Enter")
	waitFor(titles[b], "your decision: include")
	keys("e")
	waitFor(titles[1], "saved: exclude · record "+strconv.FormatInt(b, 10))
	if got := ids("bob", "records", "--decision", "exclude"); !slices.Equal(got, []int64{b}) {
		t.Errorf("bob's excludes after the jump: %v, want [%d]", got, b)
	}
	if got := ids("bob", "records", "--decision", "include"); len(got) != 0 {
		t.Errorf("bob's includes after the jump: %v, want none", got)
	}
	log := winnow("bob", "log", strconv.FormatInt(b, 10))
	inc, exc := strings.Index(log, "include"), strings.LastIndex(log, "exclude")
	if inc < 0 || exc < 0 || inc > exc {
		t.Errorf("the log of record %d lacks the earlier include before the exclude:\n%s", b, log)
	}

	// A label on the record on screen: shown under it, listed by
	// records --label, and not another screener's while blind.
	keys("l")
	waitFor("label (tab completes):")
	keys("-l", "check full text")
	keys("Enter")
	waitFor(titles[1], "labels: check full text", `labelled "check full text"`)
	if got := ids("bob", "records", "--label", "check full text"); !slices.Equal(got, []int64{1}) {
		t.Errorf("bob's records labelled: %v, want [1]", got)
	}
	if got := ids("carol", "records", "--label", "check full text"); len(got) != 0 {
		t.Errorf("carol lists bob's label: %v", got)
	}
	if s := screen(); strings.Contains(s, "carol") {
		t.Errorf("bob's screen names carol:\n%s", s)
	}
	keys("q")
	waitFor("EXITED 0")
}
