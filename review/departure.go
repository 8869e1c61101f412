package review

import (
	"errors"
	"fmt"
	"strings"
)

// A member leaves the team mid-review (`winnow team remove NAME`, `winnow
// team replace OLD NEW`). What winnow keeps, and why:
//
//   - Their decisions stay: in the history, in the outcomes they helped
//     decide and in the agreement figures. They were independent
//     judgements made under the review's rules; dropping them would
//     reopen settled records and rewrite agreement after the fact.
//   - Records they had not decided need nothing moved: queues are a pool
//     (a record is in every member's queue until it has the decisions the
//     `screeners` setting asks for), so the rest of the team's queues hold
//     them already, and every record still reaches the setting.
//   - Conflicts they were part of stay as they are, for a lead to resolve.
//   - They can no longer act: every command refuses their name (Actor).
//     A lead may still list their decisions (Member).
//
// A replacement is a new member: they start with an empty history and
// the removed member's role, and screen the records the removed member
// left undecided, like everyone else.

// ErrRemoved is a name of a member a lead has taken off the team.
var ErrRemoved = errors.New("removed from the team")

func removedMessage(name string, team []Reviewer) string {
	for _, r := range team {
		if strings.EqualFold(r.Name, name) && r.Removed != nil {
			s := fmt.Sprintf("%s was removed from the team on %s and can no longer act on this review", r.Name, r.Removed.UTC().Format("2006-01-02"))
			if r.ReplacedBy != "" {
				s += fmt.Sprintf(" (replaced by %s)", r.ReplacedBy)
			}
			return s + fmt.Sprintf("; a lead can add them back with `winnow team add %s`", r.Name)
		}
	}
	return fmt.Sprintf("%s was removed from the team", name)
}

// Member finds a reviewer by name among everyone who was ever on the
// team, removed members too: for reading a removed member's work, never
// for acting.
func Member(team []Reviewer, name string) (Reviewer, error) {
	for _, r := range team {
		if strings.EqualFold(r.Name, strings.TrimSpace(name)) {
			return r, nil
		}
	}
	return Actor(team, name)
}

// CheckRemoval checks that a lead (by) may take a member off the team:
// the member is on it, is not the lead acting, and is not the last lead
// (the review would have no one to resolve its conflicts).
func CheckRemoval(team []Reviewer, by Reviewer, name string) (Reviewer, error) {
	r, err := Actor(team, name)
	if err != nil {
		return Reviewer{}, err
	}
	if strings.EqualFold(r.Name, by.Name) {
		return Reviewer{}, Refuse(ErrNotLead, "%s cannot remove themselves: another lead removes them", r.Name)
	}
	if r.Lead {
		others := 0
		for _, o := range team {
			if o.Lead && o.Removed == nil && !strings.EqualFold(o.Name, r.Name) {
				others++
			}
		}
		if others == 0 {
			return Reviewer{}, RefuseFix(ErrNotLead, FixAddLead, "", "%s is the only lead: make another member a lead first", r.Name)
		}
	}
	return r, nil
}

// Screening counts the members who still screen.
func Screening(team []Reviewer) int {
	n := 0
	for _, r := range team {
		if r.Removed == nil {
			n++
		}
	}
	return n
}
