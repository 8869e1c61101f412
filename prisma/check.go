package prisma

import (
	"fmt"
	"strings"
)

// Violation is an invariant of the flow that does not hold, with the
// records (or searches) involved.
type Violation struct {
	Invariant string  `json:"invariant"`
	Detail    string  `json:"detail,omitempty"`
	Records   []int64 `json:"records,omitempty"`
	Searches  []int64 `json:"searches,omitempty"`
}

func (v Violation) String() string {
	var b strings.Builder
	b.WriteString(v.Invariant)
	if v.Detail != "" {
		b.WriteString(": ")
		b.WriteString(v.Detail)
	}
	if len(v.Records) > 0 {
		fmt.Fprintf(&b, " (records %s)", listIDs(v.Records, 20))
	}
	if len(v.Searches) > 0 {
		fmt.Fprintf(&b, " (searches %s)", listIDs(v.Searches, 20))
	}
	return b.String()
}

// Error is the violations found in a flow: its figures are not to be
// published until they are mended.
type Error struct {
	Violations []Violation
}

func (e *Error) Error() string {
	lines := make([]string, len(e.Violations))
	for i, v := range e.Violations {
		lines[i] = v.String()
	}
	if len(lines) == 1 {
		return "the PRISMA flow does not add up: " + lines[0]
	}
	return fmt.Sprintf("the PRISMA flow does not add up (%d problems):\n  %s", len(lines), strings.Join(lines, "\n  "))
}

func listIDs(ids []int64, most int) string {
	parts := make([]string, 0, min(len(ids), most)+1)
	for i, id := range ids {
		if i == most {
			parts = append(parts, fmt.Sprintf("and %d more", len(ids)-most))
			break
		}
		parts = append(parts, fmt.Sprint(id))
	}
	return strings.Join(parts, ", ")
}

// check tests the arithmetic of every box, column by column, as PRISMA
// 2020 states it (records awaiting a decision are a term of their own
// until the review is finished). removed is the records the searches
// found but were not imported, widened the searches that say so.
func check(f *Flow, removed int, widened []string) []Violation {
	var out []Violation
	eq := func(invariant string, got, want int, detail string) {
		if got != want {
			v := Violation{Invariant: fmt.Sprintf("%s (%d ≠ %d)", invariant, got, want), Detail: detail}
			out = append(out, v)
		}
	}
	leftSources, rightSources := 0, 0
	for _, s := range f.Sources {
		if Left(s.Kind) {
			leftSources += s.N
		} else {
			rightSources += s.N
		}
	}
	eq("database_results + register_results = the sum over the database and register sources",
		f.DatabaseResults+f.RegisterResults, leftSources, "")

	entered := f.ExcludedAutomatic + f.ExcludedOther
	if entered != removed {
		detail := fmt.Sprintf("excluded_automatic + excluded_other = %d entered by hand, but the database and register searches found %d records more than were imported", entered, removed)
		if len(widened) > 0 {
			detail += " (" + strings.Join(widened, "; ") + ")"
		}
		detail += ": say how many records each search found with `winnow sources identified SEARCH N`, or enter the counts again with `winnow prisma set`"
		out = append(out, Violation{
			Invariant: fmt.Sprintf("records_screened = database_results + register_results − duplicates − excluded_automatic − excluded_other (%d ≠ %d)",
				f.RecordsScreened, f.DatabaseResults+f.RegisterResults-f.Duplicates-f.ExcludedAutomatic-f.ExcludedOther),
			Detail: detail,
		})
	} else {
		eq("records_screened = database_results + register_results − duplicates − excluded_automatic − excluded_other",
			f.RecordsScreened, f.DatabaseResults+f.RegisterResults-f.Duplicates-f.ExcludedAutomatic-f.ExcludedOther, "")
	}
	eq("records_excluded = records_excluded_human + records_excluded_automation",
		f.RecordsExcluded, f.RecordsExcludedHuman+f.RecordsExcludedAutomation, "")
	eq("dbr_sought_reports = records_screened − records_excluded − dbr_awaiting_screening",
		f.DbrSoughtReports, f.RecordsScreened-f.RecordsExcluded-f.DbrAwaitingScreening, "")
	eq("dbr_assessed = dbr_sought_reports − dbr_notretrieved_reports",
		f.DbrAssessed, f.DbrSoughtReports-f.DbrNotRetrievedReports, "")
	eq("dbr_excluded = dbr_assessed − reports included from databases and registers − dbr_awaiting_assessment",
		f.DbrExcluded, f.DbrAssessed-f.DbrIncludedReports-f.DbrAwaitingAssessment, "")
	eq("the sum of dbr_excluded_reasons = dbr_excluded", f.DbrExcludedReasons.Sum(), f.DbrExcluded, "")

	eq("website_results + organisation_results + citations_results + other_results = the sum over the other sources",
		f.WebsiteResults+f.OrganisationResults+f.CitationsResults+f.OtherResults, rightSources, "")
	eq("other_sought_reports = website_results + organisation_results + citations_results + other_results − other_duplicates − other_records_excluded − other_awaiting_screening",
		f.OtherSoughtReports, f.WebsiteResults+f.OrganisationResults+f.CitationsResults+f.OtherResults-f.OtherDuplicates-f.OtherRecordsExcluded-f.OtherAwaitingScreening, "")
	eq("other_assessed = other_sought_reports − other_notretrieved_reports",
		f.OtherAssessed, f.OtherSoughtReports-f.OtherNotRetrievedReports, "")
	eq("other_excluded = other_assessed − reports included from other methods − other_awaiting_assessment",
		f.OtherExcluded, f.OtherAssessed-f.OtherIncludedReports-f.OtherAwaitingAssessment, "")
	eq("the sum of other_excluded_reasons = other_excluded", f.OtherExcludedReasons.Sum(), f.OtherExcluded, "")

	eq("new_reports = the reports included from both columns", f.NewReports, f.DbrIncludedReports+f.OtherIncludedReports, "")
	if f.NewStudies > f.NewReports {
		out = append(out, Violation{Invariant: fmt.Sprintf("new_studies ≤ new_reports (%d > %d)", f.NewStudies, f.NewReports)})
	}
	eq("total_studies = previous_studies + new_studies", f.TotalStudies, f.PreviousStudies+f.NewStudies, "")
	eq("total_reports = previous_reports + new_reports", f.TotalReports, f.PreviousReports+f.NewReports, "")
	return out
}
