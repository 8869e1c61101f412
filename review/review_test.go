package review

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestParseRef(t *testing.T) {
	tests := []struct {
		in   string
		want Ref
		err  string
	}{
		{in: "12", want: Ref{ID: 12}},
		{in: "#12", want: Ref{ID: 12}},
		{in: "doi:10.1136/BMJ.n71", want: Ref{DOI: "10.1136/bmj.n71"}},
		{in: "DOI:https://doi.org/10.1136/bmj.n71", want: Ref{DOI: "10.1136/bmj.n71"}},
		{in: "pmid:033782057", want: Ref{PMID: "33782057"}},
		{in: "0", err: "give a record number"},
		{in: "abc", err: "give a record number"},
		{in: "doi:bmj", err: "a DOI starts with 10."},
		{in: "pmid:x1", err: "a PMID is a number"},
	}
	for _, tt := range tests {
		got, err := ParseRef(tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("ParseRef(%q): error %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseRef(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
		}
	}
}

func TestActor(t *testing.T) {
	team := []Reviewer{{Name: "Alice", Lead: true}, {Name: "bob"}}
	t.Run("anyone acts before the team exists", func(t *testing.T) {
		if r, err := Actor(nil, "zed"); err != nil || r.Name != "zed" {
			t.Errorf("got %+v, %v", r, err)
		}
	})
	t.Run("names match without regard to case", func(t *testing.T) {
		if r, err := Actor(team, "alice"); err != nil || r.Name != "Alice" || !r.Lead {
			t.Errorf("got %+v, %v", r, err)
		}
	})
	t.Run("no name is refused once there is a team", func(t *testing.T) {
		if _, err := Actor(team, ""); !errors.Is(err, ErrNoReviewer) {
			t.Errorf("got %v", err)
		}
	})
	t.Run("an unknown name is refused with the team listed", func(t *testing.T) {
		_, err := Actor(team, "mallory")
		if !errors.Is(err, ErrUnknownReviewer) || !strings.Contains(err.Error(), "the team is Alice (lead), bob") {
			t.Errorf("got %v", err)
		}
	})
	t.Run("a lead-only change is refused to a screener", func(t *testing.T) {
		if _, err := Lead(team, "bob"); !errors.Is(err, ErrNotLead) {
			t.Errorf("got %v", err)
		}
	})
	t.Run("without a lead any member may make lead changes", func(t *testing.T) {
		if _, err := Lead([]Reviewer{{Name: "bob"}}, "bob"); err != nil {
			t.Errorf("got %v", err)
		}
	})
}

func TestParseKind(t *testing.T) {
	for _, k := range Kinds {
		if got, err := ParseKind(strings.ToUpper(string(k))); err != nil || got != k {
			t.Errorf("ParseKind(%q) = %q, %v", k, got, err)
		}
	}
	if got, _ := ParseKind("organization"); got != Organisation {
		t.Errorf("organization: %q", got)
	}
	if _, err := ParseKind("journal"); err == nil {
		t.Error("journal accepted")
	}
}

// A reason typed with a decision other than an exclusion is refused (it
// would be dropped without a word); an exclusion's, or none, passes.
func TestCheckTypedReason(t *testing.T) {
	for _, d := range []Decision{Include, Maybe} {
		err := CheckTypedReason(d, "Wrong population")
		if !errors.Is(err, ErrReasonNotExclude) || !strings.Contains(err.Error(), "a reason goes with an exclusion: "+string(d)+" keeps none") {
			t.Errorf("%s with a reason: %v", d, err)
		}
		if err := CheckTypedReason(d, "  "); err != nil {
			t.Errorf("%s with a blank reason: %v", d, err)
		}
	}
	if err := CheckTypedReason(Exclude, "Wrong population"); err != nil {
		t.Errorf("exclude with a reason: %v", err)
	}
}

// TestParseSearchDate: a search date after today is refused (a day's
// grace for time zones); today, yesterday and no date are taken.
func TestParseSearchDate(t *testing.T) {
	now := time.Date(2026, 12, 7, 23, 30, 0, 0, time.UTC)
	for in, ok := range map[string]bool{
		"":           true,
		"2026-12-07": true,
		"2026-12-08": true, // tomorrow somewhere east of here
		"2020-06-16": true,
		"2026-12-10": false,
		"2030-01-01": false,
		"2026-13-01": false,
	} {
		got, err := ParseSearchDate(in, now)
		if (err == nil) != ok {
			t.Errorf("ParseSearchDate(%q) = %q, %v; want ok %v", in, got, err, ok)
		}
	}
}

// TestParseDecision: winnow's words and their first letters, and the words
// other tools and spreadsheets write for the same decisions (Rayyan's
// "Included", Covidence's "Yes", ASReview's 1 and 0).
func TestParseDecision(t *testing.T) {
	for want, ins := range map[Decision][]string{
		Include: {"include", "I", " in ", "Yes", "y", "Included", "INCL", "1"},
		Exclude: {"exclude", "e", "ex", "out", "No", "n", "Excluded", "excl", "0"},
		Maybe:   {"maybe", "M", "unsure", "Undecided", "?"},
	} {
		for _, in := range ins {
			if got, err := ParseDecision(in); got != want || err != nil {
				t.Errorf("ParseDecision(%q) = %q, %v; want %q", in, got, err, want)
			}
		}
	}
	for _, in := range []string{"", "2", "inclusion", "pending", "conflict"} {
		if _, err := ParseDecision(in); !errors.Is(err, ErrBadDecision) {
			t.Errorf("ParseDecision(%q): %v, want a refusal", in, err)
		}
	}
}
