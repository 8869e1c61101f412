package chartform

import (
	"fmt"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/winnow-review/winnow/charting"
	"github.com/winnow-review/winnow/internal/ui"
	"github.com/winnow-review/winnow/internal/ui/recordview"
)

const (
	// minAbstract is how many lines of abstract the form and the record's
	// fields give way to.
	minAbstract = 2
	// minBody is the lowest body that shows the abstract: in a lower one
	// the form takes all but the title.
	minBody = 10
	// maxHelp is the most lines a field's help takes.
	maxHelp = 2
	// longAnswer is the most lines of a long text answer shown (the editor
	// shows it whole).
	longAnswer = 4
	// editorLines is the height the long text editor asks for, when
	// the window has room.
	editorLines = 5
	// editorBar stands before each line of the long text editor.
	editorBar = "│ "
)

var (
	// staleStyle marks an answer that no longer fits the form, and ticks
	// not saved.
	staleStyle = lipgloss.NewStyle().Foreground(lipgloss.Color("1")).Bold(true)
	// tickedStyle marks an option picked or ticked.
	tickedStyle = lipgloss.NewStyle().Foreground(lipgloss.Color("2")).Bold(true)
	// markedStyle marks the field chosen in the list of fields.
	markedStyle = lipgloss.NewStyle().Reverse(true)
)

// paint styles s when colour is on; with colour off it gives s as it is.
func (m *Model) paint(st lipgloss.Style, s string) string {
	return recordview.Paint(m.opt.Color, st, s)
}

// View draws the screen: a header line, the body (the record, its
// abstract and the form), a status line (or the open line editor) and a
// one-line key help, in exactly the window's height, no line wider than
// the window.
func (m *Model) View() tea.View {
	bodyH := recordview.BodyHeight(m.height)
	body, cursor := m.body(bodyH)
	f := recordview.Frame{
		Header: m.header(), Body: body,
		Status: m.msg, Bad: m.msgBad, Footer: m.footer(), Color: m.opt.Color,
	}
	if m.mode == typingLine && !m.help {
		f.Field = &m.line
	}
	v := f.View(m.width, m.height)
	if cursor != nil && cursor.Y < bodyH && cursor.X < m.width {
		v.Cursor = tea.NewCursor(cursor.X, cursor.Y+1)
	}
	return v
}

// header is the first line: who charts which record, on which form.
func (m *Model) header() string {
	parts := []string{"Chart", ui.SafeLine(m.s.Reviewer), fmt.Sprintf("record %d", m.s.Record.ID)}
	if t := ui.SafeLine(m.form.Title); t != "" {
		parts = append(parts, t)
	}
	return strings.Join(parts, " · ")
}

// body is what shows under the header, in at most height lines, and the
// long text editor's cursor in it (nil when that editor is closed).
func (m *Model) body(height int) ([]string, *tea.Cursor) {
	if m.help {
		return m.helpLines(), nil
	}
	m.lay()
	if m.cramped(height) {
		// The form and the title only: the field is what the keys act on.
		form, cursor := m.formLines(max(1, height-2))
		out := append(m.topLines(1), recordview.Rule(m.progress(), m.width, m.opt.Color))
		if cursor != nil {
			cursor.Y += len(out)
		}
		return append(out, form...), cursor
	}
	formH := m.formHeight(height)
	form, cursor := m.formLines(formH)
	top, areaH := m.split(height, formH)
	title, area := recordview.AbstractPage(m.abst, m.scroll, areaH)
	out := append(top, recordview.Rule(title, m.width, m.opt.Color))
	out = append(out, area...)
	for range areaH - len(area) {
		out = append(out, "")
	}
	out = append(out, recordview.Rule(m.progress(), m.width, m.opt.Color))
	if cursor != nil {
		cursor.Y += len(out)
	}
	return append(out, form...), cursor
}

// cramped reports whether a body height lines high is too low for the
// abstract: the form then takes all but the title.
func (m *Model) cramped(height int) bool { return height < minBody }

// split divides what the form leaves of the body between the record's
// title and fields and the abstract, which gets the rest.
func (m *Model) split(height, formH int) (top []string, areaH int) {
	rest := height - 2 - formH
	top = m.topLines(max(1, rest-minAbstract))
	return top, max(1, rest-len(top))
}

// progress heads the form: where the reviewer is in it.
func (m *Model) progress() string {
	n := len(m.form.Fields)
	if m.mode == listing {
		return fmt.Sprintf("fields · %d of %d answered", m.Answered(), n)
	}
	return fmt.Sprintf("field %d of %d · %d answered", m.cur+1, n, m.Answered())
}

// lay wraps the record's title and abstract for the width, once per
// width.
func (m *Model) lay() {
	if m.laidWidth == m.width && m.title != nil {
		return
	}
	m.laidWidth = m.width
	m.title, m.abst = recordview.Lay(m.s.Record, nil, m.width, m.opt.Color)
}

// topLines are the record's title and fields and its full text, in at
// most room lines. When they do not all fit, the title's first line and
// the full text stay, then the authors, the year and journal, the rest of
// the title and the identifiers, in that order.
func (m *Model) topLines(room int) []string {
	type line struct {
		text string
		rank int
	}
	var lines []line
	titleRank := []int{0, 4, 6}
	for i, t := range m.title {
		lines = append(lines, line{t, titleRank[min(i, 2)]})
	}
	fieldRank := []int{2, 3, 5}
	for i, f := range recordview.Fields(m.s.Record, "", nil) {
		lines = append(lines, line{f, fieldRank[min(i, 2)] + 10*max(0, i-2)})
	}
	lines = append(lines, line{"full text: " + recordview.FullText(m.s.FullText, " (o opens the full text)"), 1})
	if len(lines) <= room {
		out := make([]string, len(lines))
		for i, l := range lines {
			out[i] = l.text
		}
		return out
	}
	ranks := make([]int, len(lines))
	for i, l := range lines {
		ranks[i] = l.rank
	}
	slices.Sort(ranks)
	cut := ranks[max(0, room-1)]
	var out []string
	titleKept, titleCut := -1, false
	for i, l := range lines {
		if l.rank > cut {
			titleCut = titleCut || i < len(m.title)
			continue
		}
		if i < len(m.title) {
			titleKept = len(out)
		}
		out = append(out, l.text)
	}
	if titleCut && titleKept >= 0 && !strings.HasSuffix(out[titleKept], "…") {
		out[titleKept] = ansi.Truncate(strings.TrimRight(out[titleKept], " ")+" …", m.width, "…")
	}
	return out
}

// abstractHeight is how many lines of abstract the screen shows.
func (m *Model) abstractHeight() int {
	height := recordview.BodyHeight(m.height)
	if m.cramped(height) {
		return 1
	}
	m.lay()
	_, areaH := m.split(height, m.formHeight(height))
	return areaH
}

func (m *Model) clampScroll() {
	m.scroll = max(0, min(m.scroll, len(m.abst)-m.abstractHeight()))
}

// formHeight is the height of the form's area: what its tallest field
// asks for, so that the record stays put as the reviewer goes from field
// to field, and at most what leaves a title line and a little abstract.
func (m *Model) formHeight(bodyH int) int {
	most := bodyH - 2 - 1 - minAbstract
	want := 0
	for i, f := range m.form.Fields {
		want = max(want, len(m.fieldLines(i, 1<<16, false)))
		if f.Type == charting.LongText {
			// The label, a line of help and the editor.
			want = max(want, 2+editorLines)
		}
	}
	if m.mode == listing {
		want = max(want, len(m.form.Fields)+len(m.removed()))
	}
	// A blank line under the form, which the line editor's messages take.
	return max(1, min(most, want+1))
}

// formLines is the form's area, height lines: the list of fields, or the
// field on screen.
func (m *Model) formLines(height int) ([]string, *tea.Cursor) {
	var lines []string
	var cursor *tea.Cursor
	if m.mode == listing {
		lines = m.listLines(height)
	} else {
		lines, cursor = m.fieldView(height)
	}
	for len(lines) < height {
		lines = append(lines, "")
	}
	return lines[:height], cursor
}

// fieldView is the field on screen in height lines, with the long text
// editor's cursor when it is open.
func (m *Model) fieldView(height int) ([]string, *tea.Cursor) {
	if m.mode != typingLong {
		return m.fieldLines(m.cur, height, true), nil
	}
	f := m.field()
	out := []string{m.labelLine(f)}
	if help := m.helpText(f); len(help) > 0 && height >= 4 {
		out = append(out, help[0])
	}
	rows := max(1, height-len(out))
	lines, x, y := m.long.Render(m.width-ansi.StringWidth(editorBar), rows)
	bar := m.paint(recordview.Faint, editorBar)
	top := len(out)
	for _, l := range lines {
		out = append(out, bar+l)
	}
	for range rows - len(lines) {
		out = append(out, bar)
	}
	return out, tea.NewCursor(ansi.StringWidth(editorBar)+x, top+y)
}

// fieldLines draws field i in at most budget lines: its label and type,
// its help, the answer, and the options to pick from. When room is short
// the help goes first, then options (the rest summed up in a line).
// live is set for the field on screen, whose ticks not saved show.
func (m *Model) fieldLines(i, budget int, live bool) []string {
	f := &m.form.Fields[i]
	label := m.labelLine(f)
	answer := m.answerLines(f, live)
	help := m.helpText(f)
	var opts []string
	optRoom := max(1, budget-2)
	if f.Type.HasOptions() {
		opts = m.optionLines(f, optRoom, live)
	}
	room := budget - 1 - 1 - len(opts)
	help = help[:max(0, min(len(help), room))]
	room -= len(help)
	answer = answer[:max(1, min(len(answer), room+1))]
	out := append([]string{label}, help...)
	out = append(out, answer...)
	out = append(out, opts...)
	if len(out) > budget {
		out = out[:max(1, budget)]
	}
	return out
}

// labelLine is the field's label, bold, with what it takes.
func (m *Model) labelLine(f *charting.Field) string {
	hint := typeHint(f)
	if m.mode == typingLong && f == m.field() {
		hint = "long text: enter starts a new line, ctrl+s saves"
	}
	s := m.paint(recordview.Bold, ui.SafeLine(f.Label)) + m.paint(recordview.Faint, " · "+hint)
	if f.Required {
		s += " · required"
	}
	return s
}

// typeHint says what a field takes and how it is answered.
func typeHint(f *charting.Field) string {
	switch f.Type {
	case charting.Text:
		return "text, one line: enter edits"
	case charting.LongText:
		return "long text: enter edits"
	case charting.Number:
		return "a number: enter edits"
	case charting.Year:
		return "a year, four digits: enter edits"
	case charting.Choice:
		return "pick one: press its key"
	case charting.MultiChoice:
		return "pick any: keys tick, enter saves"
	case charting.Bool:
		return "yes or no: y or n"
	}
	return string(f.Type)
}

// helpText is the field's help wrapped to the width, in at most maxHelp
// lines.
func (m *Model) helpText(f *charting.Field) []string {
	if strings.TrimSpace(f.Help) == "" {
		return nil
	}
	lines := strings.Split(ui.Wrap(ui.SafeLine(f.Help), max(1, m.width)), "\n")
	if len(lines) > maxHelp {
		lines = lines[:maxHelp]
		lines[maxHelp-1] = ansi.Truncate(strings.TrimRight(lines[maxHelp-1], " ")+" …", m.width, "…")
	}
	for i, l := range lines {
		lines[i] = m.paint(recordview.Faint, l)
	}
	return lines
}

// answerLines say what the reviewer answered: the answer, "none yet", an
// answer that no longer fits the form marked as such, and the ticks of a
// multichoice not saved yet. A long text answer takes a few lines.
func (m *Model) answerLines(f *charting.Field, live bool) []string {
	v := m.answers[f.ID]
	var out []string
	switch {
	case v == "":
		out = []string{"answer: " + m.paint(recordview.Faint, "none yet")}
	case f.Type == charting.LongText:
		text := recordview.Wrap(strings.TrimSpace(string(v)), max(1, m.width-2))
		if len(text) > longAnswer {
			text = text[:longAnswer]
			text[longAnswer-1] = ansi.Truncate(strings.TrimRight(text[longAnswer-1], " ")+" …", max(1, m.width-2), "…")
		}
		out = append(out, "answer:")
		for _, l := range text {
			out = append(out, "  "+l)
		}
	default:
		out = []string{"answer: " + ui.SafeLine(string(v))}
	}
	if m.stale[f.ID] {
		out[0] += " · " + m.paint(staleStyle, "no longer fits the form: answer again")
	}
	if live && m.ticks != nil && m.mode == browsing {
		ticked := strings.Join(m.ticked(f), charting.Sep)
		if ticked == "" {
			ticked = "none"
		}
		out = append(out, m.paint(staleStyle, "ticked, not saved: ")+ui.SafeLine(ticked)+m.paint(recordview.Faint, " · enter saves, esc drops"))
	}
	return out
}

// optionLines lay out a choice's options in columns, each with the key
// that picks it and whether it is picked, in at most height lines.
func (m *Model) optionLines(f *charting.Field, height int, live bool) []string {
	on := map[string]bool{}
	if f.Type == charting.MultiChoice && live {
		for _, o := range m.current(f) {
			on[o] = true
		}
	} else {
		v := m.answers[f.ID]
		for _, o := range f.Options {
			if (f.Type == charting.Choice && string(v) == o) || (f.Type == charting.MultiChoice && v.Has(o)) {
				on[o] = true
			}
		}
	}
	entries := make([]string, len(f.Options))
	widest := 0
	for i, o := range f.Options {
		k := optionKey(i)
		if k == "" {
			k = " "
		}
		mark := "( )"
		if f.Type == charting.MultiChoice {
			mark = "[ ]"
		}
		if on[o] {
			mark = mark[:1] + "x" + mark[2:]
		}
		entries[i] = k + " " + mark + " " + ui.SafeLine(o)
		widest = max(widest, ansi.StringWidth(entries[i]))
	}
	n := len(entries)
	colW := widest + 2
	cols := max(1, min(n, (m.width+2)/colW))
	rows := (n + cols - 1) / cols
	shown := n
	if rows > height {
		rows = max(0, height-1)
		shown = rows * cols
	}
	out := make([]string, rows)
	for r := range rows {
		var b strings.Builder
		for c := range cols {
			i := c*rows + r
			if i >= shown {
				break
			}
			e := entries[i]
			if c < cols-1 && (c+1)*rows+r < shown {
				e += strings.Repeat(" ", colW-ansi.StringWidth(e))
			}
			if on[f.Options[i]] {
				e = m.paint(tickedStyle, strings.TrimRight(e, " ")) + e[len(strings.TrimRight(e, " ")):]
			}
			b.WriteString(e)
		}
		out[r] = strings.TrimRight(b.String(), " ")
	}
	if shown < n {
		out = append(out, m.paint(recordview.Faint, fmt.Sprintf("… and %d more options: e types one by name", n-shown)))
	}
	return out
}

// listLines are the form's fields, one a line with ✓ when answered and !
// when the answer no longer fits, the marked one kept in view; then the
// answers to fields the form no longer has.
func (m *Model) listLines(height int) []string {
	var all []string
	for i, f := range m.form.Fields {
		mark := "·"
		switch {
		case m.stale[f.ID]:
			mark = "!"
		case m.answered(f.ID):
			mark = "✓"
		}
		l := fmt.Sprintf("%s %2d %s", mark, i+1, ui.SafeLine(f.Label))
		if v := m.answers[f.ID]; v != "" {
			l += ": " + ui.SafeLine(string(v))
		}
		l = ansi.Truncate(l, max(1, m.width-2), "…")
		if i == m.pick {
			l = m.paint(markedStyle, "> "+l)
		} else {
			l = "  " + l
		}
		all = append(all, l)
	}
	for _, id := range m.removed() {
		all = append(all, ansi.Truncate("  ! no longer on the form: "+ui.SafeLine(id)+" = "+ui.SafeLine(string(m.answers[id])), m.width, "…"))
	}
	from := max(0, min(m.pick-height+1, len(all)-height))
	from = min(from, m.pick)
	return all[from:min(len(all), from+height)]
}

// helpLines list every key.
func (m *Model) helpLines() []string {
	out := []string{"Keys"}
	for _, b := range m.keys.all() {
		h := b.Help()
		out = append(out, fmt.Sprintf("  %-10s %s", h.Key, h.Desc))
	}
	return append(out,
		"Ticks not saved keep the screen on their field until enter or esc.",
		"An answer marked “no longer fits the form” counts nowhere: answer again.")
}

func (m *Model) footer() string {
	if m.help {
		return "any key hides the help  q quit"
	}
	switch m.mode {
	case typingLine:
		return recordview.FitFooter(m.width, "enter save  esc cancel  PgUp/PgDn scroll the abstract", "enter save  esc cancel")
	case typingLong:
		return recordview.FitFooter(m.width, "ctrl+s save  alt+enter save  enter new line  esc cancel", "ctrl+s save  esc cancel")
	case listing:
		return recordview.FitFooter(m.width, "↑↓ move  enter go to the field  esc close  q quit", "↑↓ enter  esc  q")
	}
	f := m.field()
	keys := "enter edit"
	switch f.Type {
	case charting.Choice:
		keys = "1-9 pick"
		if len(f.Options) > 9 {
			keys = "1-9 a… pick"
		}
	case charting.MultiChoice:
		keys = "1-9 tick  enter save  esc drop"
		if len(f.Options) > 9 {
			keys = "1-9 a… tick  enter save  esc drop"
		}
	case charting.Bool:
		keys = "y yes  n no"
	}
	return recordview.FitFooter(m.width,
		keys+"  x clear  tab/↓ next  ↑ prev  l fields  o open  ? help  q quit",
		keys+"  x clear  ↓ next  ↑ prev  l list  ? help  q quit",
		keys+"  ↓↑ fields  ? help  q quit",
		"? help  q quit")
}
