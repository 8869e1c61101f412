package review

import (
	"fmt"
	"strings"
	"time"
)

// Kind is the kind of a source; it decides the source's column in the
// PRISMA flow diagram (databases and registers, or other methods).
type Kind string

// The kinds of source, as PRISMA 2020 names them.
const (
	Database     Kind = "database"
	Register     Kind = "register"
	Website      Kind = "website"
	Organisation Kind = "organisation"
	Citation     Kind = "citation"
	Other        Kind = "other"
)

// Kinds lists every kind in the order PRISMA shows them.
var Kinds = []Kind{Database, Register, Website, Organisation, Citation, Other}

// ParseKind reads a --kind value.
func ParseKind(s string) (Kind, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "organization" {
		s = string(Organisation)
	}
	for _, k := range Kinds {
		if string(k) == s {
			return k, nil
		}
	}
	names := make([]string, len(Kinds))
	for i, k := range Kinds {
		names[i] = string(k)
	}
	return "", fmt.Errorf("unknown kind %q: use one of %s", s, strings.Join(names, ", "))
}

// Search is one import: one file from one source, searched on a date with a
// query. PRISMA's identification box is computed from these.
type Search struct {
	ID       int64  `json:"id"`
	Source   string `json:"source"`
	Kind     Kind   `json:"kind"`
	Searched string `json:"searched"` // YYYY-MM-DD, or "" when not given
	Query    string `json:"query"`
	File     string `json:"file"`
	SHA256   string `json:"sha256"`
	Format   string `json:"format"`
	Encoding string `json:"encoding"`
	Records  int    `json:"records"`
	Skipped  int    `json:"skipped"`
	// Combined marks a reference manager's library of several searches.
	Combined bool      `json:"combined"`
	Imported time.Time `json:"imported"`
	By       string    `json:"by"`
	// Identified is the records the search found when more than were
	// imported: some were removed before import, by an automation tool
	// or for other reasons (PRISMA's "records removed before
	// screening"). 0: as many as were imported.
	Identified int `json:"identified,omitempty"`
	// Withdrawn is when a lead withdrew the search (a mistaken import),
	// nil while it is live; WithdrawnBy and WithdrawnNote say who and
	// why. A withdrawn search's records stay in the review file and the
	// log, and leave every queue, listing, dedup run and PRISMA count
	// until the search is restored.
	Withdrawn     *time.Time `json:"withdrawn,omitempty"`
	WithdrawnBy   string     `json:"withdrawn_by,omitempty"`
	WithdrawnNote string     `json:"withdrawn_note,omitempty"`
}

// Found is the records the search found: Identified, or the records
// imported when none were removed before import.
func (s Search) Found() int { return max(s.Identified, s.Records) }

// ParseDate reads a --searched value, YYYY-MM-DD.
func ParseDate(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return "", fmt.Errorf("date %q: use YYYY-MM-DD", s)
	}
	return t.Format("2006-01-02"), nil
}

// ParseSearchDate reads the date a search was run, YYYY-MM-DD, as
// ParseDate does, and refuses one after now (a day's grace for time
// zones): a search cannot have been run in the future, so such a date is
// a typo that would otherwise go into the methods section.
func ParseSearchDate(s string, now time.Time) (string, error) {
	d, err := ParseDate(s)
	if err != nil || d == "" {
		return d, err
	}
	if t, _ := time.Parse("2006-01-02", d); t.After(now.Add(24 * time.Hour)) {
		return "", fmt.Errorf("date %s is in the future: give the day the search was run", d)
	}
	return d, nil
}

// SourceSummary is one line of `winnow sources`: the searches of one
// source and kind taken together.
type SourceSummary struct {
	Source   string `json:"source"`
	Kind     Kind   `json:"kind"`
	Searched string `json:"searched"` // latest date searched, or ""
	Files    int    `json:"files"`
	Records  int    `json:"records"`
	// Withdrawn counts the source's withdrawn files (searches), which
	// Files and Records leave out.
	Withdrawn int `json:"withdrawn,omitempty"`
}

// SourceTotals adds up the sources' records and withdrawn searches.
func SourceTotals(sources []SourceSummary) (records, withdrawn int) {
	for _, s := range sources {
		records += s.Records
		withdrawn += s.Withdrawn
	}
	return records, withdrawn
}
