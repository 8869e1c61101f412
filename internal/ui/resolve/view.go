package resolve

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/winnow-review/winnow/internal/ui"
	"github.com/winnow-review/winnow/review"
)

const (
	// titleLines is the most lines a title takes; a longer one is cut
	// with "…".
	titleLines = 3
	// minAbstract is how many lines of abstract the record's fields give
	// way to when the window is low.
	minAbstract = 3
	// minColumn is the narrowest a screener's column may be: below it
	// the decisions are one line each.
	minColumn = 24
	// columnGap is what stands between two screeners' columns.
	columnGap = " │ "
)

var (
	boldStyle  = lipgloss.NewStyle().Bold(true)
	faintStyle = lipgloss.NewStyle().Faint(true)
	badStyle   = lipgloss.NewStyle().Foreground(lipgloss.Color("1")).Bold(true)
	pickStyle  = lipgloss.NewStyle().Reverse(true)
	// The screeners' decisions, in the highlight terms' colours.
	decisionStyles = map[review.Decision]lipgloss.Style{
		review.Include: lipgloss.NewStyle().Foreground(lipgloss.Color("2")).Bold(true),
		review.Exclude: lipgloss.NewStyle().Foreground(lipgloss.Color("1")).Bold(true),
		review.Maybe:   lipgloss.NewStyle().Foreground(lipgloss.Color("3")).Bold(true),
	}
)

// paint styles s when colour is on; with colour off it gives s as it is.
func (m *Model) paint(st lipgloss.Style, s string) string {
	if !m.opt.Color {
		return s
	}
	return st.Render(s)
}

// View draws the screen.
func (m *Model) View() tea.View {
	lines, cursor := m.render()
	v := tea.NewView(strings.Join(lines, "\n"))
	v.AltScreen = true
	v.Cursor = cursor
	return v
}

// render lays out the screen: a header line, the body, a status line (or
// the open text field) and a one-line key help, in exactly the window's
// height, no line wider than the window.
func (m *Model) render() ([]string, *tea.Cursor) {
	w, h := m.width, m.height
	bodyH := max(0, h-3)
	var body []string
	switch {
	case m.err != nil:
		body = wrapText("error: "+m.err.Error(), w)
	case !m.loaded:
		body = []string{"Loading…"}
	case m.help:
		body = m.helpLines()
	case m.item == nil:
		body = m.endLines()
	default:
		body = m.recordLines(bodyH)
	}
	if len(body) > bodyH {
		body = body[:bodyH]
	}
	for len(body) < bodyH {
		body = append(body, "")
	}
	head, _ := m.header()
	out := append([]string{m.paint(boldStyle, head)}, body...)
	msg := ui.SafeLine(m.msg)
	if m.msgBad {
		msg = m.paint(badStyle, msg)
	}
	var cursor *tea.Cursor
	status := msg
	if m.typing() {
		// The field takes the status line; a message about what was
		// typed shows above it.
		if m.msg != "" && len(out) > 1 {
			out[len(out)-1] = msg
		}
		var x int
		status, x = m.field.render(w)
		cursor = tea.NewCursor(x, len(out))
	}
	out = append(out, status, m.paint(faintStyle, m.footer()))
	if len(out) > h {
		// A window too low for the screen keeps its first lines.
		out = out[:h]
		if cursor != nil && cursor.Y >= h {
			cursor = nil
		}
	}
	for i, l := range out {
		out[i] = ansi.Truncate(l, w, "…")
	}
	return out, cursor
}

// header is the first line: stage, lead, the session's progress, the
// record's number and what kind of conflict it is. In a narrow window it
// gives up, in turn, the conflict's kind (which then goes on the rule over
// the decisions), the skipped count, the word "Resolve" with the stage's
// long name, and the lead's name, so that the record's number stays in
// view.
func (m *Model) header() (line string, tagShown bool) {
	progress := fmt.Sprintf("resolved %d · open %d", m.done, m.left)
	skipped := ""
	if m.skipped > 0 {
		skipped = fmt.Sprintf("skipped %d", m.skipped)
	}
	record := ""
	if m.item != nil && !m.help {
		record = fmt.Sprintf("record %d", m.item.Record.ID)
	}
	tag := m.tag()
	lead := "lead " + ui.SafeLine(m.s.Lead.Name)
	join := func(parts ...string) string {
		var out []string
		for _, p := range parts {
			if p != "" {
				out = append(out, p)
			}
		}
		return strings.Join(out, " · ")
	}
	stage := string(m.s.Stage)
	for _, c := range []struct {
		line string
		tag  bool
	}{
		{join("Resolve", stage, lead, progress, skipped, record, tag), tag != ""},
		{join("Resolve", stage, lead, progress, skipped, record), false},
		{join("Resolve", stage, lead, progress, record), false},
		{join(m.s.Stage.Short(), lead, progress, record), false},
		{join(m.s.Stage.Short(), progress, record), false},
	} {
		if ansi.StringWidth(c.line) <= m.width {
			return c.line, c.tag
		}
		line = c.line
	}
	return line, false
}

// tag says what is special about the conflict on screen, if anything.
func (m *Model) tag() string {
	if m.item == nil || m.help {
		return ""
	}
	var t []string
	if m.item.Conflict.Kind == review.ReasonConflict {
		t = append(t, "conflict on the reason")
	}
	if m.item.Conflict.Forwarded {
		t = append(t, "forwarded to full text")
	}
	return strings.Join(t, " · ")
}

func (m *Model) footer() string {
	switch m.mode {
	case typingNote, typingReason:
		return "enter keep  esc cancel"
	case picking:
		return fitFooter(m.width, "1-9 or ↑↓ enter pick and exclude  t type a new reason  esc cancel", "1-9/enter pick  t type  esc cancel")
	}
	if m.loaded && m.item == nil && !m.help {
		return fitFooter(m.width, "u undo  ? help  q quit", "q quit")
	}
	return fitFooter(m.width, footers...)
}

// fitFooter gives the first of the texts that fits the width.
func fitFooter(width int, texts ...string) string {
	for _, t := range texts {
		if ansi.StringWidth(t) <= width {
			return t
		}
	}
	return texts[len(texts)-1]
}

// lay wraps the record's title and abstract for the width, once per
// record and width.
func (m *Model) lay() {
	if m.laidFor == m.item && m.laidWidth == m.width && m.item != nil {
		return
	}
	m.laidFor, m.laidWidth = m.item, m.width
	m.title, m.abst = nil, nil
	if m.item == nil {
		return
	}
	r := m.item.Record
	m.title = m.highlighted(ui.SafeLine(r.DisplayTitle()), boldStyle)
	if len(m.title) > titleLines {
		m.title = m.title[:titleLines]
		m.title[titleLines-1] = ansi.Truncate(m.title[titleLines-1]+" …", m.width-1, "…")
	}
	abstract := strings.TrimSpace(ui.Safe(r.Abstract))
	if abstract == "" {
		m.abst = []string{"(no abstract)"}
		return
	}
	m.abst = m.highlighted(abstract, lipgloss.NewStyle())
}

// highlighted marks the highlight terms in safe text and wraps it to the
// width, as the screening screen does.
func (m *Model) highlighted(text string, base lipgloss.Style) []string {
	mk := findTerms(text, m.opt.Highlights)
	if !m.opt.Color {
		mk = mk.withMarkers()
	}
	var out []string
	for _, l := range mk.wrap(m.width) {
		out = append(out, l.render(m.opt.Color, base))
	}
	return out
}

func wrapText(s string, width int) []string {
	return strings.Split(ui.Wrap(ui.Safe(s), max(1, width)), "\n")
}

// fields are the lines between the title and the decisions.
func (m *Model) fields() []string {
	r := m.item.Record
	var lines []string
	if a := ui.SafeLine(r.AuthorNames()); a != "" {
		lines = append(lines, a)
	}
	var cite []string
	if r.Year != 0 {
		cite = append(cite, strconv.Itoa(r.Year))
	}
	if j := citation(r); j != "" {
		cite = append(cite, j)
	}
	if len(cite) > 0 {
		lines = append(lines, strings.Join(cite, " · "))
	}
	var ids []string
	if r.DOI != "" {
		ids = append(ids, "doi:"+ui.SafeLine(r.DOI))
	}
	if r.PMID != "" {
		ids = append(ids, "pmid:"+ui.SafeLine(r.PMID))
	}
	if len(ids) > 0 {
		lines = append(lines, strings.Join(ids, " · "))
	}
	if m.s.Stage == review.FullText {
		lines = append(lines, "full text: "+fullTextState(m.item.FullText))
	}
	if len(m.item.Cluster) > 1 {
		ids := make([]string, len(m.item.Cluster))
		for i, id := range m.item.Cluster {
			ids[i] = strconv.FormatInt(id, 10)
		}
		lines = append(lines, "duplicates: "+strings.Join(ids, ", "))
	}
	return lines
}

// citation gives "Journal 48(3):101-9".
func citation(r *review.Record) string {
	s := ui.SafeLine(r.Journal)
	if r.Volume != "" {
		s = strings.TrimSpace(s + " " + ui.SafeLine(r.Volume))
	}
	if r.Issue != "" {
		s += "(" + ui.SafeLine(r.Issue) + ")"
	}
	if r.Pages != "" {
		s += ":" + ui.SafeLine(r.Pages)
	}
	return s
}

func fullTextState(ft *review.FullTextState) string {
	switch {
	case ft == nil:
		return "no file attached"
	case ft.State == review.NotRetrievedState:
		return "not retrieved"
	case ft.File == "":
		return "no file attached"
	}
	return ui.SafeLine(filepath.Base(ft.File)) + " (o opens it)"
}

// decisionLines are the screeners' decisions side by side, one column
// each, and the lead's note under them. When the columns would be too
// narrow, or the window too low, each decision takes one line instead.
func (m *Model) decisionLines(bodyH int) []string {
	votes := m.item.Conflict.Votes
	w := m.width
	var out []string
	if n := len(votes); n > 0 {
		cw := (w - (n-1)*ansi.StringWidth(columnGap)) / n
		if cw < minColumn || bodyH < 14 {
			for _, v := range votes {
				line := m.voteHead(v)
				if v.Reason != "" {
					line += " · reason: " + ui.SafeLine(v.Reason)
				}
				if v.Note != "" {
					line += " · note: " + ui.SafeLine(v.Note)
				}
				out = append(out, ansi.Truncate(line, w, "…"))
			}
		} else {
			out = m.columns(votes, cw, min(6, max(3, bodyH/4)))
		}
	} else {
		out = append(out, "(no decisions left: the screeners withdrew them)")
	}
	if m.note != "" {
		out = append(out, ansi.Truncate("your note: "+ui.SafeLine(m.note), w, "…"))
	}
	return out
}

// voteHead is "bob · exclude", with who loaded the decision if a lead did.
func (m *Model) voteHead(v review.Vote) string {
	s := m.paint(boldStyle, ui.SafeLine(v.Reviewer)) + " · " + m.paint(decisionStyles[v.Decision], string(v.Decision))
	if v.LoadedBy != "" {
		s += " (loaded by " + ui.SafeLine(v.LoadedBy) + ")"
	}
	return s
}

// columns draws one column of cw cells per screener, each at most height
// lines: name and decision, then reason and note wrapped.
func (m *Model) columns(votes []review.Vote, cw, height int) []string {
	cols := make([][]string, len(votes))
	rows := 0
	for i, v := range votes {
		var c []string
		head := m.voteHead(v)
		if ansi.StringWidth(head) > cw && v.LoadedBy != "" {
			c = append(c, ansi.Truncate(m.voteHead(review.Vote{Reviewer: v.Reviewer, Decision: v.Decision}), cw, "…"),
				ansi.Truncate("(loaded by "+ui.SafeLine(v.LoadedBy)+")", cw, "…"))
		} else {
			c = append(c, ansi.Truncate(head, cw, "…"))
		}
		for _, f := range []struct{ label, text string }{{"reason: ", v.Reason}, {"note: ", v.Note}} {
			if t := ui.SafeLine(f.text); t != "" {
				c = append(c, strings.Split(ansi.Wrap(f.label+t, cw, ""), "\n")...)
			}
		}
		if len(c) > height {
			c = c[:height]
			c[height-1] = ansi.Truncate(strings.TrimRight(c[height-1], " ")+" …", cw, "…")
		}
		cols[i] = c
		rows = max(rows, len(c))
	}
	sep := m.paint(faintStyle, columnGap)
	out := make([]string, rows)
	for r := range out {
		var b strings.Builder
		for i, c := range cols {
			cell := ""
			if r < len(c) {
				cell = c[r]
			}
			if i < len(cols)-1 {
				cell += strings.Repeat(" ", max(0, cw-ansi.StringWidth(cell))) + sep
			}
			b.WriteString(cell)
		}
		out[r] = strings.TrimRight(b.String(), " ")
	}
	return out
}

// layout divides the body between the record's title and fields, the
// decisions (always shown whole) and the abstract, which gets the rest.
func (m *Model) layout(bodyH int) (top, dec []string, areaH int) {
	m.lay()
	dec = m.decisionLines(bodyH)
	top = append(append([]string{}, m.title...), m.fields()...)
	if room := max(1, bodyH-len(dec)-2-minAbstract); len(top) > room {
		top = top[:room]
	}
	return top, dec, max(1, bodyH-len(top)-len(dec)-2)
}

// rule draws a section's heading across the width.
func (m *Model) rule(title string) string {
	r := "── " + title + " "
	return m.paint(faintStyle, r+strings.Repeat("─", max(0, m.width-ansi.StringWidth(r))))
}

// recordLines is the body for a conflict: title, fields, the decisions
// and the abstract (or the reason picker) filling the rest of the height.
func (m *Model) recordLines(bodyH int) []string {
	top, dec, areaH := m.layout(bodyH)
	decTitle := "decisions"
	if t := m.tag(); t != "" {
		if _, shown := m.header(); !shown {
			decTitle += " · " + t
		}
	}
	var title string
	var area []string
	if m.mode == picking {
		title, area = m.pickerLines(areaH)
	} else {
		from := max(0, min(m.scroll, len(m.abst)-areaH))
		end := min(len(m.abst), from+areaH)
		area = m.abst[from:end]
		title = "abstract"
		if len(m.abst) > areaH {
			title = fmt.Sprintf("abstract · lines %d-%d of %d", from+1, end, len(m.abst))
		}
	}
	out := append(top, m.rule(decTitle))
	out = append(out, dec...)
	out = append(out, m.rule(title))
	return append(out, area...)
}

// abstractHeight is how many lines of abstract the screen shows.
func (m *Model) abstractHeight() int {
	if m.item == nil {
		return 1
	}
	_, _, areaH := m.layout(max(0, m.height-3))
	return areaH
}

func (m *Model) clampScroll() {
	m.lay()
	m.scroll = max(0, min(m.scroll, len(m.abst)-m.abstractHeight()))
}

// pickerLines draws the reason picker in the height, scrolled to keep the
// chosen entry in view: the screeners' reasons (with who gave them) first.
func (m *Model) pickerLines(height int) (string, []string) {
	entries := make([]string, 0, len(m.picks)+1)
	for i, p := range m.picks {
		n := "  "
		if i < 9 {
			n = strconv.Itoa(i+1) + " "
		}
		e := n + ui.SafeLine(p.reason)
		if len(p.by) > 0 {
			e += " (" + ui.SafeLine(strings.Join(p.by, ", ")) + ")"
		}
		entries = append(entries, e)
	}
	entries = append(entries, "t type a new reason")
	from := max(0, min(m.pick-height+1, len(entries)-height))
	from = min(from, m.pick)
	var out []string
	for i := from; i < len(entries) && len(out) < height; i++ {
		if i == m.pick {
			out = append(out, m.paint(pickStyle, "> "+entries[i]))
		} else {
			out = append(out, "  "+entries[i])
		}
	}
	return "exclusion reason (the screeners' first)", out
}

// helpLines list every key and the plain-mode markers.
func (m *Model) helpLines() []string {
	out := []string{"Keys"}
	for _, b := range m.keys.all() {
		h := b.Help()
		out = append(out, fmt.Sprintf("  %-5s %s", h.Key, h.Desc))
	}
	out = append(out, "Reason picker: 1-9, or ↑↓ and enter, picks and excludes; t types a new one")
	if m.opt.Color {
		out = append(out, "Highlight terms: "+m.paint(decisionStyles[review.Include], "include")+" "+m.paint(decisionStyles[review.Exclude], "exclude"))
	} else {
		out = append(out, "Highlight terms: "+includeMarker+"include term"+includeMarker+" "+excludeMarker+"exclude term"+excludeMarker)
	}
	return out
}

// endLines is the body once no open conflict is left for this session.
func (m *Model) endLines() []string {
	out := wrapText(fmt.Sprintf("no open conflicts left at %s (resolved %d in this session)", m.s.Stage, m.done), m.width)
	if m.skipped > 0 {
		out = append(out, wrapText(fmt.Sprintf("The %d you skipped stay open for your next session.", m.skipped), m.width)...)
	}
	return append(out, wrapText("u undoes your last resolution; q quits.", m.width)...)
}
