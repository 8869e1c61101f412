package screen

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/winnow-review/winnow/internal/ui"
	"github.com/winnow-review/winnow/internal/ui/recordview"
	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/screening"
)

// The search (/) and the jump (g REF) of the screen. Both show a record
// out of the queue's order: the record that was on screen waits in back
// and comes again when the search ends (esc, or its last match decided)
// or after the jumped-to record is decided. Like every other load, the
// record a search or jump finds shows only when the session's reply
// arrives, and keys wait (busy) until then: no key decides a record
// before it is on the screen.

// findKeys are the keys of the search, the jump and the details line.
type findKeys struct {
	Search, Goto, NextMatch, PrevMatch, Back, Details key.Binding
}

func newFindKeys() findKeys {
	return findKeys{
		Search:    key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "search your queue (title, abstract, authors, keywords)")),
		Goto:      key.NewBinding(key.WithKeys("g"), key.WithHelp("g", "go to a record (number, doi:…, pmid:…) to screen or change")),
		NextMatch: key.NewBinding(key.WithKeys("]", "ctrl+n"), key.WithHelp("] ctrl+n", "next match of the search")),
		PrevMatch: key.NewBinding(key.WithKeys("[", "ctrl+p"), key.WithHelp("[ ctrl+p", "previous match of the search")),
		Back:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "leave the search or jump: back to your queue")),
		Details:   key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "show or hide keywords, publication type and sources")),
	}
}

// bindings are the help page's lines for these keys: the steps through a
// search and esc share one, so that the page fits 24 lines.
func (k findKeys) bindings() []key.Binding {
	steps := key.NewBinding(key.WithKeys("]", "["), key.WithHelp("] [", "next, previous match; esc back to your queue"))
	return []key.Binding{k.Search, steps, k.Goto, k.Details}
}

// search is a search being stepped through: its matches as read so far
// and the one on screen.
type search struct {
	screening.Matches
	at int
}

type (
	searchedMsg struct {
		query string
		found screening.Matches
		at    int
		item  *screening.Item
		err   error
	}
	matchMsg struct {
		found screening.Matches
		at    int
		item  *screening.Item
		err   error
	}
	gotoMsg struct {
		asked int64 // the record number typed, 0 for a DOI or PMID
		item  *screening.Item
		err   error
	}
)

// findKey handles the keys of the search, the jump and the details line
// while browsing; handled is false for any other key.
func (m *Model) findKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := m.keys.find
	switch {
	case key.Matches(msg, k.Search) && m.s.Revisit != review.Withdrawn:
		m.say(false, "/ searches your queue: quit the revisit and run `winnow screen` (g goes to a record here)")
	case key.Matches(msg, k.Search):
		m.mode = typingSearch
		m.field.Reset("search your queue: ", "")
		m.say(false, "")
	case key.Matches(msg, k.Goto):
		m.mode = typingGoto
		m.field.Reset("go to record (number, doi:…, pmid:…): ", "")
		m.say(false, "")
	case key.Matches(msg, k.Details):
		m.details = !m.details
		m.laidFor = nil
		m.clampScroll()
	case key.Matches(msg, k.NextMatch), key.Matches(msg, k.PrevMatch):
		if m.search == nil {
			m.say(false, "no search: / searches your queue")
			return nil, true
		}
		step := 1
		if key.Matches(msg, k.PrevMatch) {
			step = -1
		}
		return m.step(m.search.at+step, step), true
	case key.Matches(msg, k.Back):
		if !m.away {
			return nil, true
		}
		m.search, m.away = nil, false
		m.say(false, "back to your queue")
		return m.advance(), true
	default:
		return nil, false
	}
	return nil, true
}

// findTyped runs the search or the jump typed in the field.
func (m *Model) findTyped(text string) tea.Cmd {
	s, ctx := m.s, m.ctx
	if m.mode == typingSearch {
		m.mode, m.busy = browsing, true
		m.say(false, "searching…")
		var from int64
		if m.item != nil {
			from = m.item.Record.ID
		}
		return func() tea.Msg {
			mt, err := s.Search(ctx, text, from)
			if err != nil {
				return searchedMsg{query: text, err: err}
			}
			mt, at, it, err := walk(ctx, s, mt, 0, 1)
			return searchedMsg{query: text, found: mt, at: at, item: it, err: err}
		}
	}
	ref, err := review.ParseRef(text)
	if err != nil {
		m.say(true, "%s", err)
		return nil
	}
	m.mode, m.busy = browsing, true
	m.say(false, "looking up %s…", ref)
	return func() tea.Msg {
		it, err := s.Goto(ctx, ref)
		return gotoMsg{asked: ref.ID, item: it, err: err}
	}
}

// step shows the match at, or the next one in the direction still in
// the queue, reading more matches as it goes forward.
func (m *Model) step(at, dir int) tea.Cmd {
	mt := m.search.Matches
	if at < 0 || at >= len(mt.IDs) && mt.End {
		m.say(false, "no more matches that way; esc goes back to your queue")
		return nil
	}
	m.busy = true
	s, ctx := m.s, m.ctx
	return func() tea.Msg {
		mt, at, it, err := walk(ctx, s, mt, at, dir)
		return matchMsg{found: mt, at: at, item: it, err: err}
	}
}

// walk finds the first match from at in the direction still in the
// queue, reading more matches when it runs past those read; the item is
// nil when there is none.
func walk(ctx context.Context, s *screening.Session, mt screening.Matches, at, dir int) (screening.Matches, int, *screening.Item, error) {
	for at >= 0 {
		if at >= len(mt.IDs) {
			if mt.End {
				break
			}
			var err error
			if mt, err = s.More(ctx, mt); err != nil {
				return mt, at, nil, err
			}
			continue
		}
		it, err := s.Match(ctx, mt.IDs[at])
		if it != nil || err != nil {
			return mt, at, it, err
		}
		at += dir
	}
	return mt, -1, nil, nil
}

// leave puts the record on screen aside to come back to after a search
// or jump.
func (m *Model) leave() {
	if !m.away && m.item != nil {
		m.back = append(m.back, m.item)
	}
	m.away = true
}

func (m *Model) searched(msg searchedMsg) {
	m.busy = false
	switch {
	case msg.err != nil:
		m.say(true, "%s", msg.err)
		return
	case msg.item == nil:
		m.say(false, "no record in your queue matches %q", ui.SafeLine(msg.query))
		return
	}
	m.leave()
	m.search = &search{Matches: msg.found, at: msg.at}
	m.show(msg.item)
	m.say(false, "] next match, [ previous, esc back to your queue")
}

func (m *Model) matched(msg matchMsg) tea.Cmd {
	m.busy = false
	switch {
	case msg.err != nil:
		m.say(true, "%s", msg.err)
		return nil
	case msg.item == nil && m.item != nil && m.decided[m.item.Record.ID]:
		// The last match was just decided: back to the queue.
		m.search, m.away = nil, false
		m.say(false, "%s; no more matches in your queue, back to it", m.msg)
		return m.advance()
	case msg.item == nil:
		m.search.Matches = msg.found
		m.say(false, "no more matches that way still in your queue; esc goes back to your queue")
		return nil
	}
	m.search.Matches, m.search.at = msg.found, msg.at
	m.show(msg.item)
	return nil
}

func (m *Model) jumped(msg gotoMsg) {
	m.busy = false
	if msg.err != nil {
		m.say(true, "%s", msg.err)
		return
	}
	if m.item != nil && m.item.Record.ID == msg.item.Record.ID && msg.item.Current == nil {
		m.say(false, "record %d is on the screen", msg.item.Record.ID)
		return
	}
	m.leave()
	m.search = nil
	m.show(msg.item)
	id := msg.item.Record.ID
	if msg.asked != 0 && msg.asked != id {
		m.say(false, "record %d is a duplicate of record %d, which is screened for both; esc goes back", msg.asked, id)
		return
	}
	if v := msg.item.Current; v != nil {
		m.say(false, "record %d: you decided %s; a decision key changes it, esc goes back to your queue", v.RecordID, v.Decision)
	} else {
		m.say(false, "record %d, from your queue; esc goes back", msg.item.Record.ID)
	}
}

// nextAway is what follows a decision made during a search or a jump:
// the next match still in the queue, or back to the queue when there is
// none (nil when the screen is not away from the queue).
func (m *Model) nextAway() tea.Cmd {
	if !m.away {
		return nil
	}
	if m.search != nil && (m.search.at+1 < len(m.search.IDs) || !m.search.End) {
		return m.step(m.search.at+1, 1)
	}
	m.search, m.away = nil, false
	return m.advance()
}

// findHeader is the header's part on the search: which match shows.
func (m *Model) findHeader() string {
	if m.search == nil {
		return ""
	}
	more := ""
	if !m.search.End {
		more = "+"
	}
	return fmt.Sprintf("/%s %d of %d%s", ui.SafeLine(m.search.Query), m.search.at+1, len(m.search.IDs), more)
}

// onward is what follows a decision, a skip or a link that took the
// record out of the queue: during a search or jump, the next match or
// back to the queue; otherwise the queue's next record.
func (m *Model) onward() tea.Cmd {
	if m.away {
		return m.nextAway()
	}
	return m.advance()
}

// extraHeader are the header's parts on the order and the search: when
// the order is prioritised, how many decisions trained its ranking.
func (m *Model) extraHeader() []string {
	var parts []string
	if r := m.s.RankState(); r.Prioritised {
		if r.Trained > 0 {
			parts = append(parts, fmt.Sprintf("prioritised on %d decisions", r.Trained))
		} else {
			parts = append(parts, "prioritised, untrained")
		}
	}
	if h := m.findHeader(); h != "" {
		parts = append(parts, h)
	}
	return parts
}

// extraFields are the lines under the record's fields: the reviewer's
// own decision when a jump shows a record they decided, and the details
// line (v) with the keywords, publication type and sources.
func (m *Model) extraFields() []string {
	var lines []string
	if v := m.item.Current; v != nil && m.s.Revisit == review.Withdrawn {
		s := "your decision: " + string(v.Decision)
		if v.Reason != "" {
			s += " (" + ui.SafeLine(v.Reason) + ")"
		}
		lines = append(lines, s)
	}
	if !m.details {
		return lines
	}
	r := m.item.Record
	var d []string
	if len(r.Keywords) > 0 {
		d = append(d, "keywords: "+ui.SafeLine(strings.Join(r.Keywords, "; ")))
	}
	if r.Type != "" {
		d = append(d, "type: "+ui.SafeLine(r.Type))
	}
	if len(m.item.Sources) > 0 {
		d = append(d, "sources: "+ui.SafeLine(strings.Join(m.item.Sources, ", ")))
	}
	if len(d) == 0 {
		d = append(d, "no keywords, type or source recorded")
	}
	return append(lines, recordview.Wrap(strings.Join(d, " · "), m.width)...)
}
