// Package prisma derives the PRISMA 2020 flow of a review from its data,
// checks the arithmetic of every box, lists the records behind a number,
// and writes the flow as a table, JSON, the PRISMA2020 package's CSV
// template and an SVG figure.
//
// The left column of the template is the records from databases and
// registers, the right column the records found by other methods
// (websites, organisations, citation searching, other). Records of both
// columns go through winnow's stages alike; the template has no screening
// box on the right, so there the reports sought are the records that
// reached full text, and the records excluded at title-abstract are
// reported as OtherRecordsExcluded.
package prisma

import (
	"bytes"
	"encoding/json"
	"slices"
	"time"

	"github.com/winnow-review/winnow/review"
)

// Flow holds every box of the PRISMA 2020 flow diagram. The JSON names
// of the counts are the PRISMA2020 template's data names.
type Flow struct {
	// Identification. Each *Results is the records identified by the
	// searches of that kind (the imported records, plus any the search
	// found that were removed before import).
	DatabaseResults     int `json:"database_results"`
	RegisterResults     int `json:"register_results"`
	WebsiteResults      int `json:"website_results"`
	OrganisationResults int `json:"organisation_results"`
	CitationsResults    int `json:"citations_results"`
	OtherResults        int `json:"other_results"`
	// Sources lists every source with its kind and records identified,
	// in import order.
	Sources []Source `json:"sources"`

	// Records removed before screening (left column). Duplicates are
	// the database and register records linked to another record kept
	// for screening; the other two are entered by hand.
	Duplicates        int `json:"duplicates"`
	ExcludedAutomatic int `json:"excluded_automatic"`
	ExcludedOther     int `json:"excluded_other"`

	// Screening, left column.
	RecordsScreened           int     `json:"records_screened"`
	RecordsExcluded           int     `json:"records_excluded"`
	RecordsExcludedHuman      int     `json:"records_excluded_human"`
	RecordsExcludedAutomation int     `json:"records_excluded_automation"`
	DbrSoughtReports          int     `json:"dbr_sought_reports"`
	DbrNotRetrievedReports    int     `json:"dbr_notretrieved_reports"`
	DbrAssessed               int     `json:"dbr_assessed"`
	DbrExcluded               int     `json:"dbr_excluded"`
	DbrExcludedReasons        Reasons `json:"dbr_excluded_reasons"`
	// DbrIncludedReports are the reports of the left column included at
	// full text.
	DbrIncludedReports int `json:"dbr_included_reports"`

	// Other methods (right column). OtherDuplicates are the records
	// found by other methods linked to another record kept for
	// screening; OtherRecordsExcluded those excluded at title-abstract
	// (the template has no box for them: the figure notes them).
	OtherDuplicates          int     `json:"other_duplicates"`
	OtherRecordsExcluded     int     `json:"other_records_excluded"`
	OtherSoughtReports       int     `json:"other_sought_reports"`
	OtherNotRetrievedReports int     `json:"other_notretrieved_reports"`
	OtherAssessed            int     `json:"other_assessed"`
	OtherExcluded            int     `json:"other_excluded"`
	OtherExcludedReasons     Reasons `json:"other_excluded_reasons"`
	OtherIncludedReports     int     `json:"other_included_reports"`

	// Included. A study can have several reports (see `winnow study
	// link`); until reports are linked each included record is one study
	// and one report.
	NewStudies      int `json:"new_studies"`
	NewReports      int `json:"new_reports"`
	TotalStudies    int `json:"total_studies"`
	TotalReports    int `json:"total_reports"`
	PreviousStudies int `json:"previous_studies"`
	PreviousReports int `json:"previous_reports"`

	// Awaiting counts the records that have no final outcome yet, per
	// column and stage: while any is not zero the flow is a draft.
	DbrAwaitingScreening    int `json:"dbr_awaiting_screening"`
	DbrAwaitingAssessment   int `json:"dbr_awaiting_assessment"`
	OtherAwaitingScreening  int `json:"other_awaiting_screening"`
	OtherAwaitingAssessment int `json:"other_awaiting_assessment"`
	// ReasonConflicts counts the full-text exclusions whose reason the
	// screeners did not agree on and no lead has settled: they are
	// counted under ReasonNotAgreed.
	ReasonConflicts int `json:"reason_conflicts"`
	// Final is set when no record awaits a decision and no reason is in
	// conflict: the flow is the one to publish.
	Final bool `json:"final"`

	// Entered holds the keys entered by hand (`winnow prisma set`), by
	// data name.
	Entered map[string]Entry `json:"entered"`

	// UpdateFromSearch is set for an updated review (`prisma set
	// update_from_search=N`): the flow counts the searches from number N
	// on, the new searches; the records of earlier ones are the previous
	// version's (PreviousStudies and PreviousReports), and a new record
	// linked to one of them counts as a duplicate. UpdateNote says who
	// set it and why.
	UpdateFromSearch int64 `json:"update_from_search,omitempty"`
	UpdateNote       Entry `json:"-"`
}

// ReasonNotAgreed is the reason a full-text exclusion is counted under
// while its screeners' reasons differ and no lead has settled them.
const ReasonNotAgreed = "Reason not yet agreed"

// ReasonNotGiven is the reason a full-text exclusion is counted under
// when no reason was given.
const ReasonNotGiven = "No reason given"

// Source is one source of records: a database, register, website,
// organisation, citation search or other, as named at import.
type Source struct {
	Source string      `json:"source"`
	Kind   review.Kind `json:"kind"`
	N      int         `json:"n"`
	// Duplicates are the source's records linked to another record kept
	// for screening (PRISMA-S: duplicates removed per source); over the
	// sources of each column they add up to Duplicates and
	// OtherDuplicates.
	Duplicates int `json:"duplicates"`
}

// Left reports whether a kind of source belongs to the left column of the
// flow (databases and registers).
func Left(k review.Kind) bool {
	return k == review.Database || k == review.Register
}

// Entry is a count entered by hand, for work done outside winnow.
type Entry struct {
	N    int       `json:"n"`
	Note string    `json:"note"`
	By   string    `json:"by"`
	At   time.Time `json:"at"`
}

// Reason is one full-text exclusion reason and the reports excluded for
// it.
type Reason struct {
	Reason string
	N      int
}

// Reasons are listed most frequent first, then by name. Their JSON is an
// object from reason to count, in that order.
type Reasons []Reason

// Sum adds up the counts.
func (rs Reasons) Sum() int {
	n := 0
	for _, r := range rs {
		n += r.N
	}
	return n
}

// MarshalJSON writes the reasons as one object, in order.
func (rs Reasons) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, r := range rs {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := json.Marshal(r.Reason)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.WriteString(itoa(r.N))
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// Count gives a count of the flow by its data name (0 for a name that is
// not one).
func (f *Flow) Count(key string) int {
	b, err := json.Marshal(f)
	if err != nil {
		return 0
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(b, &m) != nil {
		return 0
	}
	var n int
	if json.Unmarshal(m[key], &n) != nil {
		return 0
	}
	return n
}

// HasOtherMethods reports whether records came from other methods than
// databases and registers (websites, organisations, citation searching,
// other): a count of them, or a source of such a kind. The figure then has
// its right column and the table its rows.
func (f *Flow) HasOtherMethods() bool {
	if f.WebsiteResults > 0 || f.OrganisationResults > 0 || f.CitationsResults > 0 || f.OtherResults > 0 {
		return true
	}
	return slices.ContainsFunc(f.Sources, func(s Source) bool { return !Left(s.Kind) })
}
