package prisma

import (
	"errors"
	"fmt"
	"strings"

	"github.com/winnow-review/winnow/review"
)

// Row is one line of the flow as a table: the phase it opens (or ""),
// the box, its count and the data name --explain and --json give it ("" for
// the sources and reasons listed under a box, which are Sub).
type Row struct {
	Phase string
	Box   string
	N     int
	Key   string
	// Sub marks a line listed under the box above it: a source, or a
	// reason for exclusion. Path is the count's place in the JSON of the
	// flow, as a JSON Pointer (RFC 6901): "/records_screened",
	// "/sources/2/n", "/dbr_excluded_reasons/Wrong setting".
	Sub  bool
	Path string
}

// Rows lays the flow out as the table `winnow prisma` prints and the
// report shows: phase, box and count, in the order of the template, with
// the sources under the identification boxes and the reasons under the
// reports excluded.
func Rows(f *Flow) []Row {
	var rows []Row
	add := func(phase, box string, n int, key string) {
		rows = append(rows, Row{Phase: phase, Box: box, N: n, Key: key, Path: "/" + key})
	}
	sub := func(box string, n int, path string) { rows = append(rows, Row{Box: box, N: n, Sub: true, Path: path}) }
	sources := func(keep func(review.Kind) bool, named bool) {
		for i, s := range f.Sources {
			if keep(s.Kind) {
				name := s.Source
				if named {
					name = fmt.Sprintf("%s (%s)", s.Source, s.Kind)
				}
				sub(name, s.N, fmt.Sprintf("/sources/%d/n", i))
			}
		}
	}
	reasons := func(rs Reasons, key string) {
		for _, r := range rs {
			sub(r.Reason, r.N, "/"+key+"/"+Pointer(r.Reason))
		}
	}
	id := "Identification"
	if f.UpdateFromSearch > 0 {
		id = "Identification (new searches)"
	}
	add(id, "Records identified from databases", f.DatabaseResults, "database_results")
	sources(func(k review.Kind) bool { return k == review.Database }, false)
	add("", "Records identified from registers", f.RegisterResults, "register_results")
	sources(func(k review.Kind) bool { return k == review.Register }, false)
	add("", "Duplicate records removed", f.Duplicates, "duplicates")
	add("", "Records marked as ineligible by automation tools", f.ExcludedAutomatic, "excluded_automatic")
	add("", "Records removed for other reasons", f.ExcludedOther, "excluded_other")
	add("Screening", "Records screened", f.RecordsScreened, "records_screened")
	add("", "Records excluded", f.RecordsExcluded, "records_excluded")
	if f.RecordsExcludedAutomation > 0 {
		add("", "  by people", f.RecordsExcludedHuman, "records_excluded_human")
		add("", "  by automation tools", f.RecordsExcludedAutomation, "records_excluded_automation")
	}
	if f.DbrAwaitingScreening > 0 {
		add("", "Records awaiting a decision", f.DbrAwaitingScreening, "dbr_awaiting_screening")
	}
	add("", "Reports sought for retrieval", f.DbrSoughtReports, "dbr_sought_reports")
	add("", "Reports not retrieved", f.DbrNotRetrievedReports, "dbr_notretrieved_reports")
	add("", "Reports assessed for eligibility", f.DbrAssessed, "dbr_assessed")
	add("", "Reports excluded", f.DbrExcluded, "dbr_excluded")
	reasons(f.DbrExcludedReasons, "dbr_excluded_reasons")
	if f.DbrAwaitingAssessment > 0 {
		add("", "Reports awaiting a decision", f.DbrAwaitingAssessment, "dbr_awaiting_assessment")
	}
	if otherMethods(f) {
		om := "Other methods"
		add(om, "Records identified from websites", f.WebsiteResults, "website_results")
		add("", "Records identified from organisations", f.OrganisationResults, "organisation_results")
		add("", "Records identified from citation searching", f.CitationsResults, "citations_results")
		if f.OtherResults > 0 {
			add("", "Records identified from other sources", f.OtherResults, "other_results")
		}
		sources(func(k review.Kind) bool { return !Left(k) }, true)
		add("", "Duplicates of other records", f.OtherDuplicates, "other_duplicates")
		add("", "Records excluded on title and abstract", f.OtherRecordsExcluded, "other_records_excluded")
		if f.OtherAwaitingScreening > 0 {
			add("", "Records awaiting a decision", f.OtherAwaitingScreening, "other_awaiting_screening")
		}
		add("", "Reports sought for retrieval", f.OtherSoughtReports, "other_sought_reports")
		add("", "Reports not retrieved", f.OtherNotRetrievedReports, "other_notretrieved_reports")
		add("", "Reports assessed for eligibility", f.OtherAssessed, "other_assessed")
		add("", "Reports excluded", f.OtherExcluded, "other_excluded")
		reasons(f.OtherExcludedReasons, "other_excluded_reasons")
		if f.OtherAwaitingAssessment > 0 {
			add("", "Reports awaiting a decision", f.OtherAwaitingAssessment, "other_awaiting_assessment")
		}
	}
	if f.PreviousStudies > 0 || f.PreviousReports > 0 {
		add("Included", "Studies included in previous version of review", f.PreviousStudies, "previous_studies")
		add("", "Reports of studies included in previous version of review", f.PreviousReports, "previous_reports")
		add("", "New studies included in review", f.NewStudies, "new_studies")
		add("", "Reports of new included studies", f.NewReports, "new_reports")
		add("", "Total studies included in review", f.TotalStudies, "total_studies")
		add("", "Reports of total included studies", f.TotalReports, "total_reports")
	} else {
		add("Included", "Studies included in review", f.NewStudies, "new_studies")
		add("", "Reports of included studies", f.NewReports, "new_reports")
	}
	return rows
}

func otherMethods(f *Flow) bool {
	for _, s := range f.Sources {
		if !Left(s.Kind) {
			return true
		}
	}
	return false
}

// ErrNotFinished refuses a figure, template or report of a review still
// being screened, unless it is to be marked as a draft.
var ErrNotFinished = errors.New("review not finished")

// CheckFinal refuses to write what (a figure, a template, a report) of a
// flow that is not final, unless it is to be marked as a draft: numbers
// that will change must not pass for the review's.
func CheckFinal(f *Flow, what string, draft bool) error {
	if f.Final || draft {
		return nil
	}
	return review.RefuseFix(ErrNotFinished, review.FixDraft, "", "the review is not finished (%s): %s would not be final", Awaiting(f), what)
}

// Awaiting says what keeps a flow from being final, e.g. "2 records await
// a title-abstract decision".
func Awaiting(f *Flow) string {
	var parts []string
	add := func(n int, what string) {
		if n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, what))
		}
	}
	add(f.DbrAwaitingScreening+f.OtherAwaitingScreening, "records await a title-abstract decision")
	add(f.DbrAwaitingAssessment+f.OtherAwaitingAssessment, "reports await a full-text decision")
	add(f.ReasonConflicts, "full-text exclusions await an agreed reason")
	return strings.Join(parts, ", ")
}

// Pointer escapes a JSON object key as one step of a JSON Pointer (RFC
// 6901): "~" becomes "~0" and "/" becomes "~1".
func Pointer(key string) string {
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(key)
}
