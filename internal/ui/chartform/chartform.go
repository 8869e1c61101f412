// Package chartform is the terminal screen of `winnow chart REF`: one
// reviewer charts one included study, the record (title, authors, year,
// journal, the abstract in a pane that scrolls) above and the charting
// form below, one field at a time. A choice is picked with one key, a
// multichoice's options ticked and saved with enter, yes or no answered
// with y or n, a text, number or year typed in a line, long text in a
// multi-line field.
//
// It looks and behaves like the screening and resolution screens
// (packages screen and resolve) and draws with the same pieces (package
// recordview). The model never touches the review itself: each answer is
// saved by the charting session in a tea.Cmd, and the screen moves on only
// when the reply says it is saved, so that nothing shown as saved is lost;
// an answer the session refuses (not an option, not a year) stays open
// with the reason on the status line.
//
// Text from imports (title, abstract, names), from the form file (labels,
// help, options) and text the reviewer types reaches the terminal only
// through ui.Safe/ui.SafeLine.
package chartform

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/winnow-review/winnow/charting"
	"github.com/winnow-review/winnow/internal/ui"
	"github.com/winnow-review/winnow/internal/ui/recordview"
)

// Options configure the screen.
type Options struct {
	Session *charting.Session
	// Color is false under NO_COLOR: the screen then writes no colour or
	// other escape codes at all.
	Color bool
	// Open opens an attached full text with the system's opener; nil when
	// there is none.
	Open func(path string) error
}

// mode is what the keys do at the moment.
type mode int

const (
	browsing   mode = iota
	typingLine      // the line editor is open (text, number, year, or e)
	typingLong      // the multi-line editor is open (longtext)
	listing         // the list of fields is open
)

func (m mode) String() string {
	return [...]string{"browsing", "typing a line", "typing long text", "listing the fields"}[m]
}

// Model is the charting screen.
type Model struct {
	ctx  context.Context
	s    *charting.Session
	form *charting.Form
	opt  Options
	keys keymap

	width, height int
	mode          mode
	help          bool
	// busy is set while a save is in flight: keys wait for its reply (one
	// answer at a time), and q quits once it has come.
	busy, quitting bool
	// quitArmed is set when q met ticks not saved: a second q quits.
	quitArmed bool

	// cur is the field on screen, an index into the form's fields.
	cur int
	// answers and stale are the reviewer's answers as the session's
	// replies gave them: the session itself is only touched in the
	// goroutine of its commands.
	answers map[string]charting.Value
	stale   map[string]bool
	// ticks are a multichoice field's options ticked and not saved yet;
	// nil when nothing is ticked apart from the answer.
	ticks map[string]bool
	// saved counts the answers saved in this session.
	saved int

	line recordview.LineEditor
	long textArea
	// pick is the field marked in the list of fields.
	pick int
	// scroll is the first abstract line shown.
	scroll int

	msg    string
	msgBad bool

	// The record's title and abstract laid out for the current width.
	laidWidth   int
	title, abst []string
}

// New builds the screen for a reviewer's charting session, on the first
// field not answered. The session's answers are copied here: from then on
// its Save runs only in the screen's commands, and the screen reads only
// what Save leaves alone (the record, full text, form and reviewer).
func New(ctx context.Context, o Options) *Model {
	s := o.Session
	m := &Model{
		ctx: ctx, s: s, form: s.Form, opt: o, keys: newKeymap(),
		width: 80, height: 24,
		answers: make(map[string]charting.Value, len(s.Answers)),
		stale:   make(map[string]bool, len(s.Stale)),
	}
	for k, v := range s.Answers {
		m.answers[k] = v
	}
	for k, v := range s.Stale {
		m.stale[k] = v
	}
	// Start at the first field not answered, so that a study half
	// charted resumes where it was left.
	for i, f := range m.form.Fields {
		if !m.answered(f.ID) {
			m.cur = i
			break
		}
	}
	return m
}

// Saved is how many answers (clearings too) were saved in this session.
func (m *Model) Saved() int { return m.saved }

// Answered is how many of the form's fields hold an answer that fits it.
func (m *Model) Answered() int {
	n := 0
	for _, f := range m.form.Fields {
		if m.answered(f.ID) {
			n++
		}
	}
	return n
}

func (m *Model) answered(id string) bool { return m.answers[id] != "" && !m.stale[id] }

// field is the field on screen.
func (m *Model) field() *charting.Field { return &m.form.Fields[m.cur] }

// The replies of the commands.
type (
	savedMsg struct {
		field string
		value charting.Value
		err   error
		// next is set when the screen moves to the next field once the
		// answer is saved.
		next bool
	}
	openedMsg struct {
		file string
		err  error
	}
)

// Init has nothing to load: the session comes with the study and answers.
func (m *Model) Init() tea.Cmd { return nil }

func (m *Model) say(bad bool, format string, args ...any) {
	m.msg, m.msgBad = fmt.Sprintf(format, args...), bad
}

// Update moves the screen's state.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = max(1, msg.Width), max(1, msg.Height)
		m.clampScroll()
	case savedMsg:
		return m, m.savedReply(msg)
	case openedMsg:
		if msg.err != nil {
			m.say(true, "could not open %s: %s", msg.file, msg.err)
		} else {
			m.say(false, "opened %s", msg.file)
		}
	case tea.PasteMsg:
		if m.busy {
			break
		}
		switch m.mode {
		case typingLine:
			m.line.Insert(msg.Content)
		case typingLong:
			m.long.Insert(msg.Content)
		}
	case tea.KeyPressMsg:
		return m, m.key(msg)
	}
	return m, nil
}

func (m *Model) key(msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	if m.busy {
		// One answer at a time; q (and ctrl+c) quit once the reply is in,
		// so that an answer on its way is never left half saved.
		if msg.String() == "ctrl+c" || ((m.mode == browsing || m.mode == listing) && key.Matches(msg, k.Quit)) {
			m.quitting = true
			m.say(false, "saving, then quitting…")
		}
		return nil
	}
	if msg.String() == "ctrl+c" {
		return tea.Quit
	}
	armed := m.quitArmed
	m.quitArmed = false
	if key.Matches(msg, k.PageUp, k.PageDown) {
		// The abstract pages in every mode, so that it can be read while
		// an answer is typed.
		m.scrollKey(msg)
		return nil
	}
	switch m.mode {
	case typingLine:
		return m.lineKey(msg)
	case typingLong:
		return m.longKey(msg)
	}
	switch {
	case key.Matches(msg, k.Quit):
		if m.ticks != nil && !armed {
			m.quitArmed = true
			m.say(true, "q again quits without saving the ticks on %s (enter saves them, esc drops them)", ui.SafeLine(m.field().Label))
			return nil
		}
		return tea.Quit
	case m.help || key.Matches(msg, k.Help):
		// The help hides the form: a key pressed over it only closes it,
		// so that nothing is answered unseen.
		m.help = !m.help
		return nil
	case m.mode == listing:
		return m.listKey(msg)
	}
	m.say(false, "")
	f := m.field()
	switch {
	case key.Matches(msg, k.Next):
		m.move(1)
	case key.Matches(msg, k.Prev):
		m.move(-1)
	case key.Matches(msg, k.List):
		if m.holdTicks() {
			return nil
		}
		m.mode, m.pick = listing, m.cur
	case key.Matches(msg, k.Open):
		return m.open()
	case key.Matches(msg, k.Cancel):
		if m.ticks != nil {
			m.ticks = nil
			m.say(false, "ticks dropped: %s is as saved", ui.SafeLine(f.Label))
		}
	case key.Matches(msg, k.Clear):
		m.ticks = nil
		if m.answers[f.ID] == "" {
			m.say(false, "%s has no answer to clear", ui.SafeLine(f.Label))
			return nil
		}
		return m.save(f.ID, "", false)
	case key.Matches(msg, k.Edit):
		if m.holdTicks() {
			return nil
		}
		m.edit(f)
	case key.Matches(msg, k.Enter):
		return m.enter(f)
	case f.Type == charting.Bool && key.Matches(msg, k.Yes):
		return m.save(f.ID, "yes", true)
	case f.Type == charting.Bool && key.Matches(msg, k.No):
		return m.save(f.ID, "no", true)
	case f.Type.HasOptions() && key.Matches(msg, k.Pick):
		return m.pickKey(f, msg.String())
	default:
		m.scrollKey(msg)
	}
	return nil
}

// scrollKey scrolls the abstract if msg is one of the scroll keys.
func (m *Model) scrollKey(msg tea.KeyPressMsg) {
	m.scroll = m.keys.Scroll(msg, m.scroll, m.abstractHeight(), len(m.abst))
	m.clampScroll()
}

// holdTicks keeps the screen on a multichoice field whose ticks are not
// saved, and says why.
func (m *Model) holdTicks() bool {
	if m.ticks == nil {
		return false
	}
	m.say(true, "the ticks on %s are not saved: enter saves them, esc drops them", ui.SafeLine(m.field().Label))
	return true
}

// move goes to the next (1) or previous (-1) field.
func (m *Model) move(by int) {
	if m.holdTicks() {
		return
	}
	to := m.cur + by
	if to < 0 || to >= len(m.form.Fields) {
		if by > 0 {
			m.say(false, "that is the last field: ↑ goes back, l lists them all, q quits")
		} else {
			m.say(false, "that is the first field")
		}
		return
	}
	m.cur = to
}

// enter opens the editor of a text, number, year or long text field, and
// saves a multichoice's ticks; on a field answered with one key it goes
// to the next field.
func (m *Model) enter(f *charting.Field) tea.Cmd {
	switch f.Type {
	case charting.MultiChoice:
		if m.ticks != nil {
			return m.save(f.ID, strings.Join(m.ticked(f), ","), true)
		}
		m.move(1)
	case charting.Choice, charting.Bool:
		m.move(1)
	default:
		m.edit(f)
	}
	return nil
}

// edit opens the editor on a field's answer: the multi-line one for long
// text, else the line editor (where options are typed by name).
func (m *Model) edit(f *charting.Field) {
	v := string(m.answers[f.ID])
	if f.Type == charting.LongText {
		m.mode = typingLong
		m.long.Reset(v)
		return
	}
	m.mode = typingLine
	m.line.Reset(ui.SafeLine(f.Label)+": ", v)
}

// pickKey picks a choice's option, or ticks a multichoice's.
func (m *Model) pickKey(f *charting.Field, k string) tea.Cmd {
	i := optionIndex(k)
	if i < 0 || i >= len(f.Options) {
		m.say(true, "%s has no option %s", ui.SafeLine(f.Label), k)
		return nil
	}
	o := f.Options[i]
	if f.Type == charting.Choice {
		return m.save(f.ID, o, true)
	}
	ticks := map[string]bool{}
	for _, t := range m.current(f) {
		ticks[t] = true
	}
	ticks[o] = !ticks[o]
	var list []string
	for _, opt := range f.Options {
		if ticks[opt] {
			list = append(list, opt)
		}
	}
	m.ticks = ticks
	if charting.Value(strings.Join(list, charting.Sep)) == m.answers[f.ID] && !m.stale[f.ID] {
		m.ticks = nil // back to the answer as saved
	}
	return nil
}

// current are the options of a multichoice field shown ticked: the ticks
// not saved, else the answer's options that are on the form.
func (m *Model) current(f *charting.Field) []string {
	if m.ticks != nil {
		return m.ticked(f)
	}
	var out []string
	for _, o := range f.Options {
		for _, a := range m.answers[f.ID].Options() {
			if strings.EqualFold(a, o) {
				out = append(out, o)
				break
			}
		}
	}
	return out
}

// ticked lists the ticks in the form's order.
func (m *Model) ticked(f *charting.Field) []string {
	var out []string
	for _, o := range f.Options {
		if m.ticks[o] {
			out = append(out, o)
		}
	}
	return out
}

// lineKey edits the line editor; enter saves what it holds, esc cancels.
func (m *Model) lineKey(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(msg, m.keys.Cancel):
		m.mode = browsing
		m.say(false, "not saved: %s is as it was", ui.SafeLine(m.field().Label))
	case key.Matches(msg, m.keys.Enter, m.keys.Save):
		m.ticks = nil
		return m.save(m.field().ID, m.line.Text(), true)
	default:
		m.line.Key(msg)
	}
	return nil
}

// longKey edits the long text; ctrl+s or alt+enter saves, esc cancels,
// enter starts a new line.
func (m *Model) longKey(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(msg, m.keys.Cancel):
		m.mode = browsing
		m.say(false, "not saved: %s is as it was", ui.SafeLine(m.field().Label))
	case key.Matches(msg, m.keys.Save):
		return m.save(m.field().ID, m.long.Value(), true)
	default:
		m.long.Key(msg, m.width)
	}
	return nil
}

// listKey moves in the list of fields: enter goes to the one marked, esc
// or l closes the list.
func (m *Model) listKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	switch {
	case key.Matches(msg, k.Cancel, k.List):
		m.mode = browsing
	case key.Matches(msg, k.Prev):
		m.pick = max(0, m.pick-1)
	case key.Matches(msg, k.Next):
		m.pick = min(len(m.form.Fields)-1, m.pick+1)
	case key.Matches(msg, k.Enter):
		m.cur, m.mode = m.pick, browsing
	default:
		m.scrollKey(msg)
	}
	return nil
}

// save asks the session to save an answer to a field, as typed; the
// screen waits for the reply.
func (m *Model) save(field, typed string, next bool) tea.Cmd {
	m.busy = true
	m.say(false, "saving…")
	s, ctx := m.s, m.ctx
	return func() tea.Msg {
		v, err := s.Save(ctx, field, typed)
		return savedMsg{field: field, value: v, err: err, next: next}
	}
}

// savedReply takes the session's reply: the answer is shown as saved only
// now. A refused answer leaves its editor open (or its ticks ticked), with
// the reason on the status line.
func (m *Model) savedReply(msg savedMsg) tea.Cmd {
	m.busy = false
	label := msg.field
	if f := m.form.Field(msg.field); f != nil {
		label = f.Label
	}
	label = ui.SafeLine(label)
	if msg.err != nil {
		if m.quitting && m.ctx.Err() != nil {
			return tea.Quit
		}
		m.quitting = false // stay, so that the reason is read
		m.say(true, "not saved: %s", msg.err)
		return nil
	}
	m.saved++
	m.answers[msg.field] = msg.value
	delete(m.stale, msg.field)
	m.ticks = nil
	m.mode = browsing
	switch {
	case msg.value == "":
		m.say(false, "saved: %s cleared", label)
	default:
		m.say(false, "saved: %s = %s", label, shorten(ui.SafeLine(string(msg.value)), 50))
	}
	if m.quitting {
		return tea.Quit
	}
	if msg.next && m.cur < len(m.form.Fields)-1 && m.form.Fields[m.cur].ID == msg.field {
		m.cur++
	}
	return nil
}

// shorten cuts s to n runes with "…".
func shorten(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

func (m *Model) open() tea.Cmd {
	ft := m.s.FullText
	switch {
	case ft == nil || ft.File == "":
		m.say(false, "no full text attached (attach one with `winnow fulltext %d --file PATH`)", m.s.Record.ID)
		return nil
	case m.opt.Open == nil:
		m.say(false, "no opener here: the full text is %s", ui.SafeLine(ft.File))
		return nil
	}
	file, open := ft.File, m.opt.Open
	return func() tea.Msg { return openedMsg{file: ui.SafeLine(file), err: open(file)} }
}

// removed lists the reviewer's answers to fields the form no longer has,
// by field id.
func (m *Model) removed() []string {
	var ids []string
	for id, v := range m.answers {
		if v != "" && m.form.Field(id) == nil {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids
}
