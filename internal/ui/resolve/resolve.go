// Package resolve is the terminal screen of `winnow resolve`: a lead walks
// the open conflicts of a stage one record at a time, sees the screeners'
// decisions side by side with the record, and settles each with one key.
// It looks and behaves like the screening screen (package screen), and
// draws the record with the same pieces (package recordview): the model
// never touches the review itself, it asks the consensus session in a
// tea.Cmd and moves on only when the reply says the resolution is saved,
// so that nothing shown as resolved is lost.
//
// Text from imports (titles, abstracts, names, the screeners' reasons and
// notes) and text the lead types reaches the terminal only through
// ui.Safe/ui.SafeLine.
package resolve

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/winnow-review/winnow/internal/ui"
	"github.com/winnow-review/winnow/internal/ui/recordview"
	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/conflicts"
)

// Options configure the screen.
type Options struct {
	Session *conflicts.Session
	// Reasons are the exclusion reasons to pick from, after the ones the
	// screeners gave.
	Reasons    []string
	Highlights []review.Highlight
	// Color is false under NO_COLOR: the screen then writes no colour or
	// other escape codes at all, and marks highlight terms as +term+
	// (include) and -term- (exclude).
	Color bool
	// Open opens an attached full text with the system's opener; nil when
	// there is none.
	Open func(path string) error
}

// mode is what the keys do at the moment.
type mode int

const (
	browsing     mode = iota
	typingNote        // the note field is open
	picking           // the reason picker is open
	typingReason      // a new reason is being typed
)

// pickEntry is a reason in the picker, with the screeners who gave it.
type pickEntry struct {
	reason string
	by     []string
}

// Model is the resolution screen.
type Model struct {
	ctx  context.Context
	s    *conflicts.Session
	opt  Options
	keys keymap

	width, height int
	mode          mode
	help          bool
	// busy is set while a resolution, undo or load is in flight: keys
	// wait for its reply (one resolution at a time).
	busy   bool
	loaded bool

	item *conflicts.Item // nil when no open conflict is left (or not loaded yet)
	// back holds records an undo put aside, shown again (last first)
	// before the session's next record: the session has already handed
	// them out.
	back []*conflicts.Item
	// note goes with the next resolution of the current record.
	note string
	// quitArmed is set by a q that found a note not saved yet: a second
	// q quits without it.
	quitArmed bool
	// made are the resolutions saved in this session and not undone,
	// latest last, as the session keeps them for its Undo.
	made []review.Resolution

	picks []pickEntry
	pick  int
	field recordview.LineEditor
	// scroll is the first abstract line shown.
	scroll int

	msg    string
	msgBad bool

	// The session's counts, as the last reply from it gave them: the
	// session is only read in the goroutine of its commands.
	done, left, skipped int
	err                 error

	// The record's title and abstract laid out for the current width.
	laidFor     *conflicts.Item
	laidWidth   int
	title, abst []string
}

// New builds the screen for a lead's session.
func New(ctx context.Context, o Options) *Model {
	o.Reasons = slices.Clone(o.Reasons) // a reason typed here is added to it
	return &Model{
		ctx: ctx, s: o.Session, opt: o, keys: newKeymap(),
		width: 80, height: 24,
		done: o.Session.Done, left: o.Session.Left, skipped: o.Session.Skipped,
	}
}

// Resolved is how many resolutions were saved in this session and still
// stand: an undone one no longer counts.
func (m *Model) Resolved() int { return len(m.made) }

// Err is the error that ended the screen, if any.
func (m *Model) Err() error { return m.err }

// The replies of the commands.
type (
	loadedMsg struct {
		item *conflicts.Item
		err  error
		left int
	}
	savedMsg struct {
		res        review.Resolution
		err        error
		done, left int
	}
	undoneMsg struct {
		item *conflicts.Item
		// withdrawn is set when the resolution was withdrawn, even if
		// the record could not be read back (err then says why).
		withdrawn  bool
		err        error
		done, left int
	}
	openedMsg struct {
		file string
		err  error
	}
)

// Init loads the first conflict.
func (m *Model) Init() tea.Cmd { return m.load() }

// load asks the session for its next open conflict.
func (m *Model) load() tea.Cmd {
	m.busy = true
	s, ctx := m.s, m.ctx
	return func() tea.Msg {
		it, err := s.Next(ctx)
		return loadedMsg{item: it, err: err, left: s.Left}
	}
}

// advance shows the next conflict: one an undo put aside, else the
// session's next.
func (m *Model) advance() tea.Cmd {
	if n := len(m.back); n > 0 {
		it := m.back[n-1]
		m.back = m.back[:n-1]
		m.show(it)
		return nil
	}
	// The record just resolved stays on screen, keys waiting, until the
	// next one arrives: a blank frame in between would flicker.
	return m.load()
}

func (m *Model) show(it *conflicts.Item) {
	m.item, m.note, m.scroll, m.mode = it, "", 0, browsing
}

func (m *Model) say(bad bool, format string, args ...any) {
	m.msg, m.msgBad = fmt.Sprintf(format, args...), bad
}

// Update moves the screen's state.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = max(1, msg.Width), max(1, msg.Height)
		m.clampScroll()
	case loadedMsg:
		m.busy = false
		if msg.err != nil {
			m.err = fmt.Errorf("load the next conflict: %w", msg.err)
			return m, tea.Quit
		}
		m.loaded, m.left = true, msg.left
		m.show(msg.item)
	case savedMsg:
		return m, m.saved(msg)
	case undoneMsg:
		m.undone(msg)
	case openedMsg:
		if msg.err != nil {
			m.say(true, "could not open %s: %s", msg.file, msg.err)
		} else {
			m.say(false, "opened %s", msg.file)
		}
	case tea.PasteMsg:
		if m.typing() {
			m.field.Insert(msg.Content)
		}
	case tea.KeyPressMsg:
		return m, m.key(msg)
	}
	return m, nil
}

func (m *Model) typing() bool { return m.mode == typingNote || m.mode == typingReason }

func (m *Model) key(msg tea.KeyPressMsg) tea.Cmd {
	if msg.String() == "ctrl+c" {
		return tea.Quit
	}
	if m.busy {
		return nil // one resolution at a time
	}
	switch m.mode {
	case typingNote, typingReason:
		return m.typeKey(msg)
	case picking:
		return m.pickKey(msg)
	}
	k := m.keys
	armed := m.quitArmed
	m.quitArmed = false
	switch {
	case key.Matches(msg, k.Quit):
		if m.item != nil && m.note != "" && !armed {
			// A note is saved only with a resolution: never lose one
			// without a word.
			m.quitArmed = true
			m.say(true, "note not saved: it goes with a resolution of record %d; q again quits without it", m.item.Record.ID)
			return nil
		}
		return tea.Quit
	case m.help || key.Matches(msg, k.Help):
		// The help hides the record: a key pressed over it only closes
		// it, so that nothing is resolved unseen.
		m.help = !m.help
		return nil
	case key.Matches(msg, k.Undo):
		return m.undo()
	}
	if m.item == nil {
		return nil
	}
	id := m.item.Record.ID
	switch {
	case key.Matches(msg, k.Include):
		return m.save(review.Include, "")
	case key.Matches(msg, k.Exclude):
		if m.needsReason() {
			m.openPicker()
			return nil
		}
		return m.save(review.Exclude, "")
	case key.Matches(msg, k.Skip):
		m.s.Skip(id)
		m.skipped = m.s.Skipped
		if m.note != "" {
			m.say(false, "skipped record %d: its conflict stays open (the note was not saved)", id)
		} else {
			m.say(false, "skipped record %d: its conflict stays open", id)
		}
		return m.advance()
	case key.Matches(msg, k.Note):
		m.mode = typingNote
		m.field.Reset("note: ", m.note)
		m.say(false, "")
	case key.Matches(msg, k.Open):
		return m.open()
	default:
		page := m.abstractHeight()
		m.scroll = k.Scroll(msg, m.scroll, page, len(m.abst))
	}
	m.clampScroll()
	return nil
}

// needsReason reports whether an exclusion of the current record takes a
// reason: at full text always, and whenever the conflict is on the reason.
func (m *Model) needsReason() bool {
	return m.s.Stage == review.FullText || m.item.Conflict.Kind == review.ReasonConflict
}

// save commits the resolution of the current record with its note.
func (m *Model) save(d review.Decision, reason string) tea.Cmd {
	res := review.Resolution{RecordID: m.item.Record.ID, Stage: m.s.Stage, Decision: d, Reason: reason, Note: m.note}
	m.busy = true
	m.say(false, "saving…")
	s, ctx := m.s, m.ctx
	return func() tea.Msg {
		err := s.Resolve(ctx, res.RecordID, res.Decision, res.Reason, res.Note)
		return savedMsg{res: res, err: err, done: s.Done, left: s.Left}
	}
}

func (m *Model) saved(msg savedMsg) tea.Cmd {
	m.busy = false
	if msg.err != nil {
		m.say(true, "not saved: %s", msg.err)
		return nil
	}
	m.made = append(m.made, msg.res)
	m.done, m.left = msg.done, msg.left
	m.say(false, "resolved: %s · record %d", describe(msg.res), msg.res.RecordID)
	return m.advance()
}

// describe gives a resolution as the status line says it.
func describe(r review.Resolution) string {
	s := string(r.Decision)
	if r.Reason != "" {
		s += " (reason: " + ui.SafeLine(r.Reason) + ")"
	}
	return s
}

func (m *Model) undo() tea.Cmd {
	m.busy = true
	s, ctx := m.s, m.ctx
	return func() tea.Msg {
		before := s.Done
		it, err := s.Undo(ctx)
		return undoneMsg{item: it, withdrawn: s.Done < before, err: err, done: s.Done, left: s.Left}
	}
}

func (m *Model) undone(msg undoneMsg) {
	m.busy = false
	switch {
	case !msg.withdrawn && msg.err != nil:
		m.say(true, "not undone: %s", msg.err)
		return
	case !msg.withdrawn:
		m.say(false, "nothing to undo at %s", m.s.Stage)
		return
	}
	m.done, m.left = msg.done, msg.left
	var last review.Resolution
	if n := len(m.made); n > 0 {
		last, m.made = m.made[n-1], m.made[:n-1]
	}
	if msg.item == nil {
		// Withdrawn, but the record could not be read back.
		m.say(true, "undone: %s · record %d, but it cannot be shown: %v", describe(last), last.RecordID, msg.err)
		return
	}
	if m.item != nil && m.item.Record.ID != msg.item.Record.ID {
		m.back = append(m.back, m.item)
	}
	m.show(msg.item)
	m.note = last.Note
	m.say(false, "undone: %s · record %d", describe(last), msg.item.Record.ID)
}

// typeKey edits the open text field; enter keeps it, esc cancels.
func (m *Model) typeKey(msg tea.KeyPressMsg) tea.Cmd {
	switch msg.String() {
	case "esc":
		if m.mode == typingReason {
			m.say(false, "not excluded: the exclusion needs a reason")
		}
		m.mode = browsing
		return nil
	case "enter":
	default:
		m.field.Key(msg)
		return nil
	}
	text := m.field.Text()
	if m.mode == typingNote {
		m.note = text
		m.mode = browsing
		return nil
	}
	if text == "" {
		m.say(true, "type a reason, or esc to cancel")
		return nil
	}
	if !slices.Contains(m.opt.Reasons, text) {
		// Offered again for the rest of the session.
		m.opt.Reasons = append(m.opt.Reasons, text)
	}
	m.mode = browsing
	return m.save(review.Exclude, text)
}

// openPicker opens the reason picker for an exclusion: the reasons the
// screeners gave first, then the review's list.
func (m *Model) openPicker() {
	m.picks, m.pick = nil, 0
	at := map[string]int{}
	add := func(reason, by string) {
		reason = strings.TrimSpace(reason)
		if reason == "" {
			return
		}
		k := strings.ToLower(reason)
		i, ok := at[k]
		if !ok {
			i = len(m.picks)
			at[k] = i
			m.picks = append(m.picks, pickEntry{reason: reason})
		}
		if by != "" {
			m.picks[i].by = append(m.picks[i].by, by)
		}
	}
	for _, v := range m.item.Conflict.Votes {
		if v.Decision == review.Exclude {
			add(v.Reason, v.Reviewer)
		}
	}
	for _, r := range m.opt.Reasons {
		add(r, "")
	}
	m.mode = picking
	if m.item.Conflict.Kind == review.ReasonConflict {
		m.say(false, "the screeners excluded it for different reasons: pick the one that stands")
	} else {
		m.say(false, "at full text an exclusion needs a reason: pick one")
	}
}

// pickKey moves in the reason picker: 1-9 or enter picks and saves the
// exclusion, t types a new reason, esc cancels.
func (m *Model) pickKey(msg tea.KeyPressMsg) tea.Cmd {
	n := len(m.picks) // the entry after the reasons types a new one
	switch s := msg.String(); s {
	case "esc":
		m.mode = browsing
		m.say(false, "not excluded: the exclusion needs a reason")
	case "up", "k":
		m.pick = max(0, m.pick-1)
	case "down", "j":
		m.pick = min(n, m.pick+1)
	case "home":
		m.pick = 0
	case "end":
		m.pick = n
	case "t":
		m.typeReason()
	case "enter":
		if m.pick >= n {
			m.typeReason()
			return nil
		}
		m.mode = browsing
		return m.save(review.Exclude, m.picks[m.pick].reason)
	default:
		if len(s) == 1 && s[0] >= '1' && s[0] <= '9' {
			if i := int(s[0] - '1'); i < n {
				m.mode = browsing
				return m.save(review.Exclude, m.picks[i].reason)
			}
		}
	}
	return nil
}

func (m *Model) typeReason() {
	m.mode = typingReason
	m.field.Reset("new reason: ", "")
	m.say(false, "")
}

func (m *Model) open() tea.Cmd {
	ft := m.item.FullText
	switch {
	case ft == nil || ft.File == "":
		m.say(false, "no full text attached (attach one with `winnow fulltext %d --file PATH`)", m.item.Record.ID)
		return nil
	case m.opt.Open == nil:
		m.say(false, "no opener here: the full text is %s", ui.SafeLine(ft.File))
		return nil
	}
	file, open := ft.File, m.opt.Open
	return func() tea.Msg { return openedMsg{file: ui.SafeLine(file), err: open(file)} }
}
