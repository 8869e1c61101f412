// Package uitest helps test the terminal screens (packages screen, resolve
// and recordview): it drives a bubbletea model key by key as the program
// would, synchronously, or inside a real program, and builds a review in a
// temporary folder to drive it against. Only tests import it.
package uitest

import (
	"bytes"
	"context"
	"github.com/winnow-review/winnow/internal/storetest"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/importer"
	"github.com/winnow-review/winnow/review/store"
)

// Run runs a command as the program would, synchronously, feeding its
// message back to the model and running what that returns in turn. It
// reports whether the model asked to quit.
func Run(t testing.TB, m tea.Model, cmd tea.Cmd) (quit bool) {
	t.Helper()
	if cmd == nil {
		return false
	}
	switch msg := cmd().(type) {
	case nil:
		return false
	case tea.QuitMsg:
		return true
	case tea.BatchMsg:
		for _, c := range msg {
			quit = Run(t, m, c) || quit
		}
		return quit
	default:
		_, next := m.Update(msg)
		return Run(t, m, next)
	}
}

// Key builds the message of a key as bubbletea names it ("i", "enter",
// "ctrl+c", "space" or " ").
func Key(k string) tea.KeyPressMsg {
	named := map[string]rune{
		"enter": tea.KeyEnter, "esc": tea.KeyEscape, "up": tea.KeyUp, "down": tea.KeyDown,
		"pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown, "home": tea.KeyHome, "end": tea.KeyEnd,
		"backspace": tea.KeyBackspace, "delete": tea.KeyDelete,
	}
	switch {
	case k == "ctrl+c":
		return tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	case k == "space" || k == " ":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	case named[k] != 0:
		return tea.KeyPressMsg{Code: named[k]}
	}
	return tea.KeyPressMsg{Code: []rune(k)[0], Text: k}
}

// Press sends keys one at a time, each command run to its end; it reports
// whether the model asked to quit.
func Press(t testing.TB, m tea.Model, keys ...string) (quit bool) {
	t.Helper()
	for _, k := range keys {
		_, cmd := m.Update(Key(k))
		quit = Run(t, m, cmd) || quit
	}
	return quit
}

// Type types text into the open field, a key per character.
func Type(t testing.TB, m tea.Model, text string) {
	t.Helper()
	for _, r := range text {
		Press(t, m, string(r))
	}
}

// View is what the model shows, colours taken off.
func View(m tea.Model) string { return ansi.Strip(m.View().Content) }

// CheckFits fails when the view has more lines than height or a line
// wider than width.
func CheckFits(t testing.TB, m tea.Model, width, height int, what string) {
	t.Helper()
	lines := strings.Split(m.View().Content, "\n")
	if len(lines) > height {
		t.Errorf("%s: %d lines in a window %d high", what, len(lines), height)
	}
	for _, l := range lines {
		if w := ansi.StringWidth(l); w > width {
			t.Errorf("%s: line of %d columns: %q", what, w, ansi.Strip(l))
		}
	}
}

// Sample gives the paths of the sample exports in testdata/sample: those
// named, or with none named all six (43 records).
func Sample(t testing.TB, names ...string) []string {
	t.Helper()
	if len(names) == 0 {
		names = []string{"medline.nbib", "embase.ris", "wos.txt", "cinahl.csv", "opengrey.bib", "websites.csv"}
	}
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		up := filepath.Dir(dir)
		if up == dir {
			t.Fatal("no go.mod above the test's folder")
		}
		dir = up
	}
	paths := make([]string, len(names))
	for i, n := range names {
		paths[i] = filepath.Join(dir, "testdata", "sample", n)
	}
	return paths
}

// NewReview creates a review in a temporary folder, imports the files
// (paths, or RIS text written to a file when it starts with "TY  -"), each
// as its own database source, and adds the team: alice, the lead, and the
// screeners, added by her. The review is closed when the test ends.
func NewReview(t testing.TB, screeners []string, files ...string) *store.Store {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	st, err := store.Create(ctx, storetest.Location(t, dir, "review.db"), "", 2, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	for i, f := range files {
		if strings.HasPrefix(f, "TY  -") {
			p := filepath.Join(dir, "export"+strconv.Itoa(i)+".ris")
			if err := os.WriteFile(p, []byte(f), 0o644); err != nil {
				t.Fatal(err)
			}
			f = p
		}
		if _, err := importer.Import(ctx, st, []string{f}, importer.Options{Source: "S" + strconv.Itoa(i), Kind: review.Database, By: "alice"}); err != nil {
			t.Fatalf("import %s: %v", f, err)
		}
	}
	if _, err := st.AddReviewer(ctx, "alice", true, ""); err != nil {
		t.Fatal(err)
	}
	for _, s := range screeners {
		if _, err := st.AddReviewer(ctx, s, false, "alice"); err != nil {
			t.Fatal(err)
		}
	}
	return st
}

// Program is a model running inside a real bubbletea program at 80×24,
// keys written to its input and frames to a buffer. After every message
// it reports the model's state S, so that a test can wait for a save's
// round trip instead of sleeping.
type Program[S any] struct {
	t      testing.TB
	states chan S
	ended  chan error
	keys   *io.PipeWriter
	out    bytes.Buffer
	prog   *tea.Program
}

// probe is the model the program runs: m, with its state reported after
// every message.
type probe[S any] struct {
	tea.Model
	state  func() S
	states chan S
}

func (p probe[S]) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	_, cmd := p.Model.Update(msg)
	p.states <- p.state()
	return p, cmd
}

// Start runs m in a program; state reads the model's state, in the
// program's goroutine, after every message.
func Start[S any](t testing.TB, m tea.Model, state func() S) *Program[S] {
	p := &Program[S]{t: t, states: make(chan S, 1024), ended: make(chan error, 1)}
	in, keys := io.Pipe()
	p.keys = keys
	t.Cleanup(func() { keys.Close() })
	prog := tea.NewProgram(probe[S]{Model: m, state: state, states: p.states},
		tea.WithInput(in), tea.WithOutput(&p.out), tea.WithWindowSize(80, 24))
	p.prog = prog
	go func() {
		_, err := prog.Run()
		p.ended <- err
	}()
	return p
}

// Message sends msg to the program, as tea.Program.Send does: for what
// a model is told from outside its commands (its Watch, say).
func (p *Program[S]) Message(msg tea.Msg) { p.prog.Send(msg) }

// Patience is how long a test waits for a program's state before it
// gives up. Tests wait for a state, never for a time: this only ends a
// test that would otherwise hang, and is long enough that a busy machine
// never reaches it.
const Patience = 5 * time.Minute

// WaitFor waits for a state that is ok, and gives it; the test fails if
// the program ends first (or nothing comes within Patience).
func (p *Program[S]) WaitFor(what string, ok func(S) bool) S {
	p.t.Helper()
	timeout := time.After(Patience)
	for {
		select {
		case s := <-p.states:
			if ok(s) {
				return s
			}
		case err := <-p.ended:
			p.t.Fatalf("the program ended (%v) waiting for %s", err, what)
		case <-timeout:
			p.t.Fatalf("no %s within %v", what, Patience)
		}
	}
}

// Send types keys into the program's input.
func (p *Program[S]) Send(keys string) {
	p.t.Helper()
	if _, err := p.keys.Write([]byte(keys)); err != nil {
		p.t.Fatal(err)
	}
}

// Wait waits for the program to end; the test fails if it ends with an
// error or not within Patience (what says what should have ended it).
func (p *Program[S]) Wait(what string) {
	p.t.Helper()
	select {
	case err := <-p.ended:
		if err != nil {
			p.t.Fatal(err)
		}
	case <-time.After(Patience):
		p.t.Fatalf("%s did not end the program", what)
	}
}

// Output is every frame the program wrote. Read it once the program has
// ended.
func (p *Program[S]) Output() string { return p.out.String() }
