// Package screen is the terminal screen of `winnow screen`: one record at
// a time, its title, authors, journal and abstract with the highlight
// terms marked, and one key per decision. The model never touches the
// review itself: it asks the screening session in a tea.Cmd and moves on
// only when the reply says the decision is saved, so that nothing shown as
// decided is lost. It shows the reviewer their own progress and nothing
// about anyone else's decisions (blind mode).
//
// Text from imports (titles, abstracts, names) and text the reviewer types
// (notes, reasons) reaches the terminal only through ui.Safe/ui.SafeLine.
package screen

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/winnow-review/winnow/internal/ui"
	"github.com/winnow-review/winnow/internal/ui/recordview"
	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/dedup"
	"github.com/winnow-review/winnow/review/screening"
)

// Options configure the screen.
type Options struct {
	Session *screening.Session
	// Reasons are the exclusion reasons to pick from: the shared list,
	// then the reviewer's own.
	Reasons    []string
	Highlights []review.Highlight
	// Labels are the labels the reviewer used before, most used first:
	// what the label key completes from.
	Labels []string
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
	typingRef         // the REF of a duplicate is being typed
	confirming        // the duplicate is shown beside the record: link them?
	typingLabel       // the label field is open
	typingSearch      // the search (/) is being typed
	typingGoto        // the REF to go to (g) is being typed
)

// Model is the screening screen.
type Model struct {
	ctx  context.Context
	s    *screening.Session
	opt  Options
	keys keymap

	width, height int
	mode          mode
	help          bool
	// busy is set while a decision, undo, link or load is in flight: keys
	// wait for its reply (one decision at a time).
	busy   bool
	loaded bool

	item *screening.Item // nil when the queue is done (or not loaded yet)
	// back holds records an undo put aside, shown again (last first)
	// before the session's next record: the session has already handed
	// them out.
	back []*screening.Item
	// note is the reviewer's note on the current record, as kept in the
	// review; it and reason go with the next decision on the record.
	note, reason string
	// excluding is set when e at full text opened the picker: picking a
	// reason saves the exclusion.
	excluding bool
	pick      int
	field     recordview.LineEditor
	scroll    int
	// completing is the labels tab steps through in the label field,
	// completeAt the one shown; nil until tab is pressed.
	completing []string
	completeAt int
	// dup is the record a typed REF names, shown beside the current one
	// until the link is confirmed or cancelled.
	dup *review.Record

	msg    string
	msgBad bool

	// search is the search being stepped through (find.go); away is set
	// while a search or a jump shows records out of the queue's order.
	search *search
	away   bool
	// details shows the keywords, publication type and sources line.
	details bool

	// The session's counts, as the last reply from it gave them: the
	// session is only read in the goroutine of its commands.
	done, left, skipped int
	decided             map[int64]bool
	err                 error

	// The record's title and abstract laid out for the current width.
	laidFor     *screening.Item
	laidWidth   int
	title, abst []string
}

// New builds the screen for a session.
func New(ctx context.Context, o Options) *Model {
	o.Reasons = slices.Clone(o.Reasons) // a reason typed here is added to it
	o.Labels = slices.Clone(o.Labels)
	return &Model{
		ctx: ctx, s: o.Session, opt: o, keys: newKeymap(),
		width: 80, height: 24,
		done: o.Session.Done, left: o.Session.Left, skipped: o.Session.Skipped,
		decided: map[int64]bool{},
	}
}

// Decided is how many records were decided in this session and are still
// decided: an undone decision no longer counts.
func (m *Model) Decided() int { return len(m.decided) }

// Err is the error that ended the screen, if any.
func (m *Model) Err() error { return m.err }

// The replies of the commands.
type (
	loadedMsg struct {
		item       *screening.Item
		err        error
		done, left int
	}
	savedMsg struct {
		id         int64
		decision   review.Decision
		reason     string
		err        error
		done, left int
	}
	undoneMsg struct {
		item       *screening.Item
		vote       *review.Vote
		err        error
		done, left int
	}
	foundMsg struct {
		dup *review.Record
		err error
	}
	linkedMsg struct {
		id         int64
		linked     *dedup.Linked
		still      bool
		err        error
		done, left int
	}
	takenBackMsg struct {
		item       *screening.Item
		split      *dedup.Split
		err        error
		done, left int
	}
	openedMsg struct {
		file string
		err  error
	}
	noteSavedMsg struct {
		id   int64
		note string
		err  error
	}
	// placedMsg says a new ranking is in place: the header (the order
	// and how many decisions trained it) is drawn again.
	placedMsg struct{}
)

// Watch has send (the program's Send) told of each ranking the session
// puts in place, until the screen's context ends, so that the header
// changes from "prioritised, untrained" when the first ranking lands,
// not at the next key press. It does nothing for an order that is not
// prioritised. (It runs beside the program rather than as one of its
// commands: a command waiting on the ranker would never end while the
// reviewer reads.)
func (m *Model) Watch(send func(tea.Msg)) {
	placed := m.s.Placed()
	if placed == nil {
		return
	}
	ctx := m.ctx
	go func() {
		for {
			select {
			case <-placed:
				send(placedMsg{})
			case <-ctx.Done():
				return
			}
		}
	}()
}

// Init loads the first record.
func (m *Model) Init() tea.Cmd { return m.load() }

// load asks the session for its next record.
func (m *Model) load() tea.Cmd {
	m.busy = true
	s, ctx := m.s, m.ctx
	return func() tea.Msg {
		it, err := s.Next(ctx)
		return loadedMsg{item: it, err: err, done: s.Done, left: s.Left}
	}
}

// advance shows the next record: one an undo put aside, else the
// session's next.
func (m *Model) advance() tea.Cmd {
	for n := len(m.back); n > 0; n = len(m.back) {
		it := m.back[n-1]
		m.back = m.back[:n-1]
		if m.decided[it.Record.ID] && it.Current == nil {
			continue // decided meanwhile, during a search or jump
		}
		m.show(it)
		return nil
	}
	// The record just decided stays on screen, keys waiting, until the
	// next one arrives: a blank or "nothing left" frame in between would
	// flicker.
	return m.load()
}

func (m *Model) show(it *screening.Item) {
	m.item, m.note, m.reason, m.scroll = it, "", "", 0
	m.excluding, m.mode = false, browsing
	if it != nil {
		m.note = it.Note
	}
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
			m.err = fmt.Errorf("load the next record: %w", msg.err)
			return m, tea.Quit
		}
		m.loaded, m.done, m.left = true, msg.done, msg.left
		m.show(msg.item)
	case savedMsg:
		return m, m.saved(msg)
	case undoneMsg:
		m.undone(msg)
	case foundMsg:
		m.found(msg)
	case linkedMsg:
		return m, m.linked(msg)
	case takenBackMsg:
		m.takenBack(msg)
	case noteSavedMsg:
		m.noteSaved(msg)
	case placedMsg:
		// Nothing to change: the view reads the ranking in use.
	case labelledMsg:
		m.labelled(msg)
	case searchedMsg:
		m.searched(msg)
	case matchMsg:
		return m, m.matched(msg)
	case gotoMsg:
		m.jumped(msg)
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

func (m *Model) typing() bool {
	return m.mode == typingNote || m.mode == typingReason || m.mode == typingRef || m.mode == typingLabel || m.mode == typingSearch || m.mode == typingGoto
}

func (m *Model) key(msg tea.KeyPressMsg) tea.Cmd {
	if msg.String() == "ctrl+c" {
		return tea.Quit
	}
	if m.busy {
		return nil // one decision at a time
	}
	switch m.mode {
	case typingLabel:
		return m.labelKey(msg)
	case typingNote, typingReason, typingRef, typingSearch, typingGoto:
		return m.typeKey(msg)
	case picking:
		return m.pickKey(msg)
	case confirming:
		return m.confirmKey(msg)
	}
	k := m.keys
	switch {
	case key.Matches(msg, k.Quit):
		return tea.Quit
	case m.help || key.Matches(msg, k.Help):
		// The help hides the record: a key pressed over it only closes
		// it, so that nothing is decided unseen.
		m.help = !m.help
		return nil
	case key.Matches(msg, k.Undo):
		m.busy = true
		s, ctx := m.s, m.ctx
		return func() tea.Msg {
			// u takes back the session's last action: a link or a
			// decision.
			if s.LinkedLast() {
				it, sp, err := s.TakeBack(ctx)
				return takenBackMsg{item: it, split: sp, err: err, done: s.Done, left: s.Left}
			}
			it, v, err := s.Undo(ctx)
			return undoneMsg{item: it, vote: v, err: err, done: s.Done, left: s.Left}
		}
	}
	if cmd, ok := m.findKey(msg); ok {
		return cmd
	}
	if m.item == nil {
		return nil
	}
	id := m.item.Record.ID
	switch {
	case key.Matches(msg, k.Include):
		return m.save(review.Include)
	case key.Matches(msg, k.Maybe):
		return m.save(review.Maybe)
	case key.Matches(msg, k.Exclude):
		if m.s.Stage == review.FullText && m.reason == "" {
			m.openPicker(true)
			return nil
		}
		return m.save(review.Exclude)
	case key.Matches(msg, k.Skip):
		m.s.Skip(id)
		m.skipped = m.s.Skipped
		m.say(false, "skipped record %d: it stays in your queue", id)
		return m.onward()
	case key.Matches(msg, k.Note):
		m.mode = typingNote
		m.field.Reset("note: ", m.note)
		m.say(false, "")
	case key.Matches(msg, k.Label):
		m.openLabel()
	case key.Matches(msg, k.Reason):
		m.openPicker(false)
	case key.Matches(msg, k.Duplicate):
		m.mode = typingRef
		m.field.Reset("duplicate of (number, doi:…, pmid:…): ", "")
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

// save commits a decision on the current record with its reason and note.
func (m *Model) save(d review.Decision) tea.Cmd {
	id, reason, note := m.item.Record.ID, m.reason, m.note
	if d != review.Exclude {
		reason = ""
	}
	m.busy = true
	m.say(false, "saving…")
	s, ctx := m.s, m.ctx
	return func() tea.Msg {
		err := s.Decide(ctx, id, d, reason, note)
		return savedMsg{id: id, decision: d, reason: reason, err: err, done: s.Done, left: s.Left}
	}
}

func (m *Model) saved(msg savedMsg) tea.Cmd {
	m.busy = false
	if msg.err != nil {
		m.say(true, "not saved: %s", msg.err)
		return nil
	}
	m.decided[msg.id] = true
	m.done, m.left = msg.done, msg.left
	if msg.reason != "" {
		m.say(false, "saved: %s (reason: %s) · record %d", msg.decision, msg.reason, msg.id)
	} else {
		m.say(false, "saved: %s · record %d", msg.decision, msg.id)
	}
	return m.onward()
}

func (m *Model) undone(msg undoneMsg) {
	m.busy = false
	switch {
	case msg.vote == nil && msg.err != nil:
		m.say(true, "not undone: %s", msg.err)
		return
	case msg.vote == nil:
		m.say(false, "nothing to undo at %s", m.s.Stage)
		return
	}
	m.done, m.left = msg.done, msg.left
	delete(m.decided, msg.vote.RecordID)
	if msg.item == nil {
		// Withdrawn, but the record could not be read back.
		m.say(true, "undone: %s · record %d, but it cannot be shown: %v", msg.vote.Decision, msg.vote.RecordID, msg.err)
		return
	}
	if m.item != nil && m.item.Record.ID != msg.item.Record.ID {
		m.back = append(m.back, m.item)
	}
	m.show(msg.item)
	m.note, m.reason = msg.vote.Note, msg.vote.Reason
	if msg.vote.Reason != "" {
		m.say(false, "undone: %s (reason: %s) · record %d", msg.vote.Decision, msg.vote.Reason, msg.vote.RecordID)
	} else {
		m.say(false, "undone: %s · record %d", msg.vote.Decision, msg.vote.RecordID)
	}
}

// typeKey edits the open text field; enter keeps it, esc cancels.
func (m *Model) typeKey(msg tea.KeyPressMsg) tea.Cmd {
	switch msg.String() {
	case "esc":
		if m.mode == typingReason && m.excluding {
			m.say(false, "not excluded: at full text an exclusion needs a reason")
		}
		m.mode, m.excluding = browsing, false
		return nil
	case "enter":
	default:
		m.field.Key(msg)
		return nil
	}
	text := m.field.Text()
	switch m.mode {
	case typingSearch, typingGoto:
		return m.findTyped(text)
	case typingNote:
		m.mode = browsing
		if strings.TrimSpace(text) == m.note {
			return nil
		}
		return m.saveNote(text)
	case typingReason:
		if text == "" {
			m.say(true, "type a reason, or esc to cancel")
			return nil
		}
		if !slices.Contains(m.opt.Reasons, text) {
			// Offered again for the rest of the session.
			m.opt.Reasons = append(m.opt.Reasons, text)
		}
		return m.choose(text)
	case typingRef:
		ref, err := review.ParseRef(text)
		if err != nil {
			m.say(true, "%s", err)
			return nil
		}
		m.mode = browsing
		m.busy = true
		m.say(false, "looking up %s…", ref)
		id := m.item.Record.ID
		s, ctx := m.s, m.ctx
		return func() tea.Msg {
			dup, err := s.Duplicate(ctx, id, ref)
			return foundMsg{dup: dup, err: err}
		}
	}
	return nil
}

// found shows the record a typed REF names beside the current one, to
// confirm the link: nothing is linked unseen.
func (m *Model) found(msg foundMsg) {
	m.busy = false
	if msg.err != nil {
		m.say(true, "not linked: %s", msg.err)
		return
	}
	m.dup, m.mode = msg.dup, confirming
	m.say(false, "the same work? y links record %d with record %d, n cancels", m.item.Record.ID, msg.dup.ID)
}

// confirmKey answers the question of the side-by-side view: y (or enter)
// links the records, n (or esc) cancels; other keys wait.
func (m *Model) confirmKey(msg tea.KeyPressMsg) tea.Cmd {
	switch msg.String() {
	case "y", "enter":
	case "n", "esc", "q":
		m.say(false, "not linked: record %d stays as it was", m.item.Record.ID)
		m.mode, m.dup = browsing, nil
		return nil
	default:
		return nil
	}
	id, other := m.item.Record.ID, m.dup.ID
	m.mode, m.dup = browsing, nil
	m.busy = true
	m.say(false, "linking…")
	s, ctx := m.s, m.ctx
	return func() tea.Msg {
		l, still, err := s.MarkDuplicate(ctx, id, other)
		return linkedMsg{id: id, linked: l, still: still, err: err, done: s.Done, left: s.Left}
	}
}

// saveNote keeps the note on the current record in the review at once,
// decided or not: a note typed and then left (skip, quit) is never lost.
func (m *Model) saveNote(text string) tea.Cmd {
	m.busy = true
	m.say(false, "saving the note…")
	id := m.item.Record.ID
	s, ctx := m.s, m.ctx
	return func() tea.Msg {
		note, err := s.Note(ctx, id, text)
		if err != nil {
			note = text
		}
		return noteSavedMsg{id: id, note: note, err: err}
	}
}

func (m *Model) noteSaved(msg noteSavedMsg) {
	m.busy = false
	if m.item == nil || m.item.Record.ID != msg.id {
		return
	}
	if msg.err != nil {
		// The field opens again with the text, for another enter.
		m.mode = typingNote
		m.field.Reset("note: ", msg.note)
		m.say(true, "note not saved: %s", msg.err)
		return
	}
	m.note = msg.note
	if msg.note == "" {
		m.say(false, "note cleared · record %d", msg.id)
	} else {
		m.say(false, "note saved · record %d", msg.id)
	}
}

func (m *Model) linked(msg linkedMsg) tea.Cmd {
	m.busy = false
	if msg.err != nil {
		if msg.linked != nil {
			m.say(true, "linked, but the queue cannot be read: %s", msg.err)
		} else {
			m.say(true, "not linked: %s", msg.err)
		}
		return nil
	}
	m.done, m.left = msg.done, msg.left
	var others []string
	for _, id := range msg.linked.Cluster {
		if id != msg.id {
			others = append(others, strconv.FormatInt(id, 10))
		}
	}
	with := strings.Join(others, ", ")
	if msg.still {
		m.item.Cluster = msg.linked.Cluster
		m.laidFor = nil
		m.say(false, "linked with %s; this record stands for both (u takes the link back)", with)
		return nil
	}
	m.say(false, "linked with %s; record %d stands for both, so record %d leaves your queue (u takes the link back)", with, msg.linked.Cluster[0], msg.id)
	return m.onward()
}

// takenBack shows the record the link was made on again, its link taken
// back.
func (m *Model) takenBack(msg takenBackMsg) {
	m.busy = false
	if msg.split == nil {
		m.say(true, "link not taken back: %s", msg.err)
		return
	}
	m.done, m.left = msg.done, msg.left
	l := msg.split.Undone[0]
	if msg.item == nil {
		m.say(true, "link of %d and %d taken back, but the record cannot be shown: %v", l.A, l.B, msg.err)
		return
	}
	switch {
	case m.item != nil && m.item.Record.ID == msg.item.Record.ID:
		m.item, m.laidFor = msg.item, nil // the note typed stays
	case m.item != nil:
		m.back = append(m.back, m.item)
		fallthrough
	default:
		m.show(msg.item)
	}
	m.say(false, "link taken back: records %d and %d are separate again", l.A, l.B)
}

func (m *Model) openPicker(excluding bool) {
	m.mode, m.excluding, m.pick = picking, excluding, 0
	for i, r := range m.opt.Reasons {
		if r == m.reason {
			m.pick = i
		}
	}
	if excluding {
		m.say(false, "at full text an exclusion needs a reason: pick one")
	}
}

// pickKey moves in the reason picker: 1-9 or enter picks, t types a new
// reason, backspace clears the reason, esc cancels.
func (m *Model) pickKey(msg tea.KeyPressMsg) tea.Cmd {
	n := len(m.opt.Reasons) // the entry after the reasons types a new one
	switch s := msg.String(); s {
	case "esc":
		if m.excluding {
			m.say(false, "not excluded: at full text an exclusion needs a reason")
		}
		m.mode, m.excluding = browsing, false
	case "up", "k":
		m.pick = max(0, m.pick-1)
	case "down", "j":
		m.pick = min(n, m.pick+1)
	case "home":
		m.pick = 0
	case "end":
		m.pick = n
	case "backspace", "delete":
		if !m.excluding {
			m.reason = ""
			m.mode = browsing
			m.say(false, "reason cleared")
		}
	case "t":
		m.mode = typingReason
		m.field.Reset("new reason: ", "")
		m.say(false, "")
	case "enter":
		if m.pick >= n {
			m.mode = typingReason
			m.field.Reset("new reason: ", "")
			m.say(false, "")
			return nil
		}
		return m.choose(m.opt.Reasons[m.pick])
	default:
		if len(s) == 1 && s[0] >= '1' && s[0] <= '9' {
			if i := int(s[0] - '1'); i < n {
				return m.choose(m.opt.Reasons[i])
			}
		}
	}
	return nil
}

// choose sets the reason; when the picker came from e at full text, the
// exclusion is saved with it.
func (m *Model) choose(reason string) tea.Cmd {
	m.reason = ui.SafeLine(reason)
	m.mode = browsing
	if m.excluding {
		m.excluding = false
		return m.save(review.Exclude)
	}
	m.say(false, "")
	return nil
}

func (m *Model) open() tea.Cmd {
	ft := m.item.FullText
	switch {
	case ft == nil || ft.File == "":
		m.say(false, "no full text attached (attach one with `winnow fulltext %d --file PATH`)", m.item.Record.ID)
		return nil
	case m.opt.Open == nil:
		m.say(false, "no opener here: the full text is %s", ft.File)
		return nil
	}
	file, open := ft.File, m.opt.Open
	return func() tea.Msg { return openedMsg{file: file, err: open(file)} }
}
