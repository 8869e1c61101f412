package review

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Reviewer is a member of the review team. A lead resolves conflicts and
// manages the team; every member screens.
type Reviewer struct {
	Name  string    `json:"name"`
	Lead  bool      `json:"lead"`
	Added time.Time `json:"added"`
	// Removed is when a lead took the member off the team (nil while on
	// it); ReplacedBy who took their place, if anyone. See Departure.
	Removed    *time.Time `json:"removed,omitempty"`
	ReplacedBy string     `json:"replaced_by,omitempty"`
}

// Role names the reviewer's role.
func (r Reviewer) Role() string {
	if r.Lead {
		return "lead"
	}
	return "reviewer"
}

// Errors about who acts. They are the user's to fix, not bugs.
var (
	ErrNoReviewer      = errors.New("no reviewer given")
	ErrUnknownReviewer = errors.New("unknown reviewer")
	ErrNotLead         = errors.New("not a lead")
)

// TeamError is a refusal that names the team, so the message can hint at
// the names that would work.
type TeamError struct {
	Err  error
	Name string
	Team []Reviewer
}

// Members names the team's present members, leads marked.
func (e *TeamError) Members() string {
	var names []string
	for _, r := range e.Team {
		if r.Removed != nil {
			continue
		}
		n := r.Name
		if r.Lead {
			n += " (lead)"
		}
		names = append(names, n)
	}
	return strings.Join(names, ", ")
}

func (e *TeamError) Error() string {
	team := e.Members()
	switch e.Err {
	case ErrNoReviewer:
		return fmt.Sprintf("this command changes the review: say who you are (the team: %s)", team)
	case ErrUnknownReviewer:
		return fmt.Sprintf("unknown reviewer %q: the team is %s; a lead adds members with `winnow team add %s`", e.Name, team, e.Name)
	case ErrNotLead:
		return fmt.Sprintf("%s is not a lead: only a lead can do this (leads: %s)", e.Name, leads(e.Team))
	case ErrRemoved:
		return removedMessage(e.Name, e.Team)
	}
	return e.Err.Error()
}

func (e *TeamError) Unwrap() error { return e.Err }

func leads(team []Reviewer) string {
	var names []string
	for _, r := range team {
		if r.Lead && r.Removed == nil {
			names = append(names, r.Name)
		}
	}
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}

// Actor decides who makes a change to the review. Before anyone is on the
// team anyone may act under any name (or none); after that the name must be
// a team member's. Names match without regard to case.
func Actor(team []Reviewer, name string) (Reviewer, error) {
	name = strings.TrimSpace(name)
	if len(team) == 0 {
		return Reviewer{Name: name}, nil
	}
	if name == "" {
		return Reviewer{}, &TeamError{Err: ErrNoReviewer, Team: team}
	}
	for _, r := range team {
		if strings.EqualFold(r.Name, name) {
			if r.Removed != nil {
				return Reviewer{}, &TeamError{Err: ErrRemoved, Name: r.Name, Team: team}
			}
			return r, nil
		}
	}
	return Reviewer{}, &TeamError{Err: ErrUnknownReviewer, Name: name, Team: team}
}

// Lead is Actor for changes only a lead may make. While the team has no
// lead, any member may make them.
func Lead(team []Reviewer, name string) (Reviewer, error) {
	r, err := Actor(team, name)
	if err != nil || r.Lead || leads(team) == "none" {
		return r, err
	}
	return Reviewer{}, &TeamError{Err: ErrNotLead, Name: r.Name, Team: team}
}

// ValidName checks a reviewer name: something a person can type after
// --reviewer, without control characters.
func ValidName(name string) error {
	if strings.TrimSpace(name) == "" {
		return errors.New("a reviewer needs a name")
	}
	if name != strings.TrimSpace(name) {
		return fmt.Errorf("reviewer name %q has spaces around it", name)
	}
	for _, r := range name {
		if r < ' ' || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return fmt.Errorf("reviewer name %q has a control character", name)
		}
	}
	if len(name) > 100 {
		return errors.New("reviewer name is longer than 100 characters")
	}
	return nil
}

// Event is one entry of the review's log: who changed what, and when.
type Event struct {
	ID       int64     `json:"id"`
	At       time.Time `json:"at"`
	Reviewer string    `json:"reviewer"`
	Action   string    `json:"action"`
	RecordID int64     `json:"record_id,omitempty"`
	SearchID int64     `json:"search_id,omitempty"`
	Detail   string    `json:"detail"`
}
