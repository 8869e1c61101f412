package charting

import (
	"context"
	"slices"
	"strings"

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/store"
)

// Study is an included study with the answers the viewer may see.
type Study struct {
	Record *review.Record
	// Answers are the reviewers' answers in force that fit the form, by
	// field and reviewer.
	Answers map[string]map[string]Value
	// Agreed are the lead's consensus answers that fit the form.
	Agreed map[string]Value
	// Consensus is the answer in force for each field that has one: the
	// lead's, or the one every screener gave alike.
	Consensus map[string]Value
}

// Charting is the charting of every included study.
type Charting struct {
	Form    *Installed
	Studies []Study
	// Screeners is how many reviewers chart each study (the review's
	// screeners per record): their answers agree when that many gave the
	// same one.
	Screeners int
}

// Load reads the charting of the included studies as the viewer may see
// it: only the viewer's own answers while the review is blind (then
// Consensus is left empty: it would tell what the others answered),
// unless the viewer is a lead.
func Load(ctx context.Context, st *store.Store, viewer review.Viewer) (*Charting, error) {
	in, err := CurrentForm(ctx, st)
	if err != nil {
		return nil, err
	}
	set, err := st.ScreeningSettings(ctx)
	if err != nil {
		return nil, err
	}
	ids, _, err := st.IncludedStudies(ctx)
	if err != nil {
		return nil, err
	}
	c := &Charting{Form: in, Screeners: max(set.Screeners, 1)}
	at := make(map[int64]int, len(ids))
	for _, id := range ids {
		r, err := st.Record(ctx, id)
		if err != nil {
			return nil, err
		}
		r.Raw = ""
		at[id] = len(c.Studies)
		c.Studies = append(c.Studies, Study{Record: r, Answers: map[string]map[string]Value{}, Agreed: map[string]Value{}, Consensus: map[string]Value{}})
	}
	answers, err := st.Answers(ctx, 0, viewer)
	if err != nil {
		return nil, err
	}
	for _, a := range answers {
		i, ok := at[a.RecordID]
		if !ok || why(in.Form, a.Field, Value(a.Value)) != "" {
			continue
		}
		m := c.Studies[i].Answers[a.Field]
		if m == nil {
			m = map[string]Value{}
			c.Studies[i].Answers[a.Field] = m
		}
		m[a.Reviewer] = Value(a.Value)
	}
	if !viewer.SeesAll() {
		return c, nil
	}
	agreed, err := st.ConsensusAnswers(ctx, 0)
	if err != nil {
		return nil, err
	}
	for _, a := range agreed {
		if i, ok := at[a.RecordID]; ok && why(in.Form, a.Field, Value(a.Value)) == "" {
			c.Studies[i].Agreed[a.Field] = Value(a.Value)
		}
	}
	for i := range c.Studies {
		s := &c.Studies[i]
		for _, fl := range in.Form.Fields {
			if v, ok := s.Agreed[fl.ID]; ok {
				s.Consensus[fl.ID] = v
			} else if v, ok := agree(s.Answers[fl.ID], c.Screeners); ok {
				s.Consensus[fl.ID] = v
			}
		}
	}
	return c, nil
}

// agree gives the answer every screener gave alike, when at least n
// reviewers answered.
func agree(answers map[string]Value, n int) (Value, bool) {
	if len(answers) < n || len(answers) == 0 {
		return "", false
	}
	var first Value
	seen := false
	for _, v := range answers {
		if !seen {
			first, seen = v, true
		} else if !Same(first, v) {
			return "", false
		}
	}
	return first, true
}

// Differs reports whether the reviewers' answers to a field differ and
// no lead has settled it.
func (s *Study) Differs(field string) bool {
	if _, ok := s.Agreed[field]; ok {
		return false
	}
	answers := s.Answers[field]
	if len(answers) < 2 {
		return false
	}
	_, same := agree(answers, 2)
	return !same
}

// Charted reports whether a study is charted: every required field has a
// consensus. On a form without required fields (the rainbow form: not
// every article reports every item), every screener (or the lead) has
// charted the study and every field anyone answered has a consensus.
func (c *Charting) Charted(s *Study) bool {
	required := false
	for _, fl := range c.Form.Form.Fields {
		if fl.Required {
			required = true
			if _, ok := s.Consensus[fl.ID]; !ok {
				return false
			}
		}
	}
	if required {
		return true
	}
	reviewers := map[string]bool{}
	for _, fl := range c.Form.Form.Fields {
		_, agreed := s.Consensus[fl.ID]
		if len(s.Answers[fl.ID]) > 0 && !agreed {
			return false
		}
		for r := range s.Answers[fl.ID] {
			reviewers[strings.ToLower(r)] = true
		}
	}
	return len(reviewers) >= c.Screeners || len(s.Agreed) > 0
}

// Difference is a field on which a study's reviewers differ.
type Difference struct {
	RecordID int64            `json:"record"`
	Title    string           `json:"title"`
	Field    string           `json:"field"`
	Answers  []ReviewerAnswer `json:"answers"`
}

// ReviewerAnswer is one reviewer's answer.
type ReviewerAnswer struct {
	Reviewer string `json:"reviewer"`
	Value    Value  `json:"value"`
}

// Diff lists the fields on which the reviewers' answers differ and no
// lead has settled them, study by study in record order, fields in form
// order. A lead's view while the review is blind.
func Diff(ctx context.Context, st *store.Store, viewer review.Viewer) ([]Difference, error) {
	if err := CheckViewer(viewer, "chart diff"); err != nil {
		return nil, err
	}
	c, err := Load(ctx, st, viewer)
	if err != nil {
		return nil, err
	}
	var out []Difference
	for i := range c.Studies {
		s := &c.Studies[i]
		for _, fl := range c.Form.Form.Fields {
			if !s.Differs(fl.ID) {
				continue
			}
			d := Difference{RecordID: s.Record.ID, Title: s.Record.Title, Field: fl.ID}
			names := make([]string, 0, len(s.Answers[fl.ID]))
			for r := range s.Answers[fl.ID] {
				names = append(names, r)
			}
			slices.SortFunc(names, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) })
			for _, r := range names {
				d.Answers = append(d.Answers, ReviewerAnswer{Reviewer: r, Value: s.Answers[fl.ID][r]})
			}
			out = append(out, d)
		}
	}
	return out, nil
}

// Progress is one study's charting, as `winnow chart` lists it.
type Progress struct {
	RecordID int64  `json:"record"`
	Year     int    `json:"year,omitempty"`
	Title    string `json:"title"`
	// Answered counts each reviewer's answered fields (only the viewer's
	// own while blind).
	Answered map[string]int `json:"answered"`
	// For those who see all: fields with a consensus, fields that
	// differ, and whether the study is charted.
	Consensus *int  `json:"consensus,omitempty"`
	Differ    *int  `json:"differ,omitempty"`
	Charted   *bool `json:"charted,omitempty"`
}

// LeadView reports whether the progress holds the lead's columns
// (consensus, differences, charted): only for a viewer who sees all.
func (p Progress) LeadView() bool { return p.Charted != nil }

// CountCharted counts the charted studies of a list (0 when the list is
// not a lead's view).
func CountCharted(list []Progress) int {
	n := 0
	for _, p := range list {
		if p.Charted != nil && *p.Charted {
			n++
		}
	}
	return n
}

// List gives the charting progress of every included study.
func List(ctx context.Context, st *store.Store, viewer review.Viewer) (*Charting, []Progress, error) {
	c, err := Load(ctx, st, viewer)
	if err != nil {
		return nil, nil, err
	}
	out := make([]Progress, 0, len(c.Studies))
	for i := range c.Studies {
		s := &c.Studies[i]
		p := Progress{RecordID: s.Record.ID, Year: s.Record.Year, Title: s.Record.Title, Answered: map[string]int{}}
		for _, fl := range c.Form.Form.Fields {
			for r := range s.Answers[fl.ID] {
				p.Answered[r]++
			}
		}
		if viewer.SeesAll() {
			agreed, differ, charted := len(s.Consensus), 0, c.Charted(s)
			for _, fl := range c.Form.Form.Fields {
				if s.Differs(fl.ID) {
					differ++
				}
			}
			p.Consensus, p.Differ, p.Charted = &agreed, &differ, &charted
		}
		out = append(out, p)
	}
	return c, out, nil
}
