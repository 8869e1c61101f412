package review

import "strings"

// BlindActions are the log's actions that carry a reviewer's decisions,
// notes and labels or what follows from them (a report sought or not retrieved exists only for
// a record every screener included; decisions kept together when records
// are linked tell that someone decided them; a resolution tells there was
// a conflict): while the review is blind,
// only the reviewer who made them and a lead see them.
var BlindActions = []string{"decide", "note", "label", "fulltext", "dedup decisions", "resolve"}

// ViewerOf builds the viewer for a name given with --reviewer. An empty
// name gets the most restricted view; a name not on the team is refused.
// While the team has no lead, every member sees as a lead does (as
// Lead lets them act as one).
func ViewerOf(team []Reviewer, name string, blind bool) (Viewer, error) {
	if strings.TrimSpace(name) == "" {
		return Viewer{Blind: blind}, nil
	}
	r, err := Actor(team, name)
	if err != nil {
		return Viewer{}, err
	}
	return Viewer{Name: r.Name, Lead: r.Lead || len(team) == 0 || leads(team) == "none", Blind: blind}, nil
}

// Viewer is who is looking at the review, and what they may see. While
// the review is blind, a screener sees only their own decisions, reasons
// and notes, and nothing that follows from other screeners' decisions; a
// lead sees everything. With no name (no --reviewer), a viewer gets the
// most restricted view.
type Viewer struct {
	Name  string
	Lead  bool
	Blind bool
}

// SeesAll reports whether the viewer may see every reviewer's decisions
// and the outcomes that follow from them.
func (v Viewer) SeesAll() bool {
	return !v.Blind || (v.Lead && v.Name != "")
}

// Raw gives a record's raw text as the viewer may see it: whole, but
// while the review is blind a screener sees the screening another tool
// wrote into it (Rayyan's decisions, reasons, labels and notes) hidden.
func (v Viewer) Raw(raw string) string {
	if v.SeesAll() {
		return raw
	}
	return HideImportedScreening(raw)
}

// Sees reports whether the viewer may see a decision made by reviewer.
func (v Viewer) Sees(reviewer string) bool {
	return v.SeesAll() || (v.Name != "" && strings.EqualFold(v.Name, reviewer))
}
