package prisma

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/store"
)

// Item is one record (or search, or entry) behind a number, with what
// places it there.
type Item struct {
	Record int64  `json:"record,omitempty"`
	Search int64  `json:"search,omitempty"`
	Title  string `json:"title,omitempty"`
	Year   int    `json:"year,omitempty"`
	Detail string `json:"detail"`
}

// column gathers the counts of one column of the flow from its records.
type column struct {
	screened, excludedTA, awaitingTA int
	excludedAuto                     int // screening stopped: excluded by automation
	sought, notRetrieved, included   int
	excluded, awaitingFT, reasonOpen int
	reasons                          map[string]*Reason // by folded name
	duplicates                       int
	byKind                           map[review.Kind]int // records imported
}

func newColumn() *column {
	return &column{reasons: map[string]*Reason{}, byKind: map[review.Kind]int{}}
}

func (c *column) reason(name string) {
	key := strings.ToLower(strings.TrimSpace(name))
	r := c.reasons[key]
	if r == nil {
		r = &Reason{Reason: strings.TrimSpace(name)}
		c.reasons[key] = r
	}
	r.N++
}

func (c *column) sortedReasons() Reasons {
	out := make(Reasons, 0, len(c.reasons))
	for _, r := range c.reasons {
		out = append(out, *r)
	}
	slices.SortFunc(out, func(a, b Reason) int {
		if c := cmp.Compare(b.N, a.N); c != 0 {
			return c
		}
		return cmp.Compare(strings.ToLower(a.Reason), strings.ToLower(b.Reason))
	})
	return out
}

// deriver walks the review once and fills the flow; when explain names a
// key it also keeps the items behind that number.
type deriver struct {
	explain    string
	items      []Item
	violations []Violation
}

func (d *deriver) note(key string, it Item) {
	if d.explain == key {
		d.items = append(d.items, it)
	}
}

// noteAny records an item under the first key of keys that is being
// explained.
func (d *deriver) noteAny(it Item, keys ...string) {
	if slices.Contains(keys, d.explain) {
		d.items = append(d.items, it)
	}
}

// Derive computes the flow of a review and checks its invariants. A
// violation is returned as an *Error with the flow as far as it could be
// derived, never a silently wrong figure.
func Derive(ctx context.Context, st *store.Store) (*Flow, error) {
	f, _, err := derive(ctx, st, "")
	return f, err
}

// Explain lists the records (or searches, or entries) behind one number
// of the flow, with the flow; violations come as an *Error alongside.
func Explain(ctx context.Context, st *store.Store, key string) (*Flow, []Item, error) {
	if !slices.Contains(Keys, key) {
		return nil, nil, fmt.Errorf("no PRISMA count %q: the counts are %s", key, strings.Join(Keys, ", "))
	}
	f, items, err := derive(ctx, st, key)
	if f == nil {
		return nil, nil, err
	}
	slices.SortStableFunc(items, func(a, b Item) int { return cmp.Compare(a.Record, b.Record) })
	at := map[int64]int{}
	for i, it := range items {
		if it.Record != 0 {
			at[it.Record] = i
		}
	}
	if len(at) > 0 {
		all := store.RecordQuery{All: true}
		if e := st.EachRecord(ctx, all, func(r *review.Record) error {
			if i, ok := at[r.ID]; ok {
				items[i].Title, items[i].Year = r.Title, r.Year
			}
			return nil
		}); e != nil {
			return nil, nil, e
		}
	}
	return f, items, err
}

// Keys are the counts of the flow by data name, in the order of the
// template.
var Keys = []string{
	"database_results", "register_results", "website_results", "organisation_results", "citations_results", "other_results",
	"duplicates", "excluded_automatic", "excluded_other",
	"records_screened", "records_excluded", "records_excluded_human", "records_excluded_automation",
	"dbr_sought_reports", "dbr_notretrieved_reports", "dbr_assessed", "dbr_excluded", "dbr_included_reports",
	"other_duplicates", "other_records_excluded",
	"other_sought_reports", "other_notretrieved_reports", "other_assessed", "other_excluded", "other_included_reports",
	"new_studies", "new_reports", "total_studies", "total_reports", "previous_studies", "previous_reports",
	"dbr_awaiting_screening", "dbr_awaiting_assessment", "other_awaiting_screening", "other_awaiting_assessment",
	"reason_conflicts",
}

// UpdateFromSearch is the key `prisma set` enters the first search of an
// updated review's new searches under (see Flow.UpdateFromSearch).
const UpdateFromSearch = "update_from_search"

// resultsKey is the identification count of a kind of source.
func resultsKey(k review.Kind) string {
	switch k {
	case review.Database:
		return "database_results"
	case review.Register:
		return "register_results"
	case review.Website:
		return "website_results"
	case review.Organisation:
		return "organisation_results"
	case review.Citation:
		return "citations_results"
	}
	return "other_results"
}

func derive(ctx context.Context, st *store.Store, explain string) (*Flow, []Item, error) {
	d := &deriver{explain: explain}
	f := &Flow{Entered: map[string]Entry{}}

	// Identification: a query on the searches.
	kindOf := map[int64]review.Kind{}
	searchOf := map[int64]*review.Search{}
	sourceOf := map[int64]int{} // search → its index in f.Sources
	var searches []review.Search
	removedBeforeImport := 0
	var widened []string // searches that found more than was imported
	// An updated review counts only its new searches: the records of the
	// searches before f.UpdateFromSearch belong to the previous version
	// (their included studies are entered as previous_studies), and a
	// new record found again counts as a duplicate removed.
	previous := func(search int64) bool { return f.UpdateFromSearch > 0 && search < f.UpdateFromSearch }
	start := func(ss []review.Search, entries map[string]store.PrismaEntry) error {
		f.UpdateFromSearch = int64(entries[UpdateFromSearch].N)
		searches = ss
		sourceAt := map[[2]string]int{}
		for i := range searches {
			s := &searches[i]
			kindOf[s.ID], searchOf[s.ID] = s.Kind, s
			if previous(s.ID) {
				continue
			}
			n := max(s.Identified, s.Records)
			key := [2]string{s.Source, string(s.Kind)}
			if at, ok := sourceAt[key]; ok {
				f.Sources[at].N += n
			} else {
				sourceAt[key] = len(f.Sources)
				f.Sources = append(f.Sources, Source{Source: s.Source, Kind: s.Kind, N: n})
			}
			sourceOf[s.ID] = sourceAt[key]
			*f.results(s.Kind) += n
			if n > s.Records {
				removedBeforeImport += n - s.Records
				widened = append(widened, fmt.Sprintf("search %d (%s): %d identified, %d imported", s.ID, s.Source, n, s.Records))
				d.noteAny(Item{Search: s.ID, Detail: fmt.Sprintf("%s, %s: %d identified, %d imported", s.Source, s.File, n, s.Records)},
					"excluded_automatic", "excluded_other")
			}
		}

		for k, e := range entries {
			if k == UpdateFromSearch {
				f.UpdateNote = Entry{N: e.N, Note: e.Note, By: e.By, At: e.At}
				continue
			}
			f.Entered[k] = Entry{N: e.N, Note: e.Note, By: e.By, At: e.At}
			d.note(k, Item{Detail: fmt.Sprintf("entered by hand by %s on %s: %s", e.By, e.At.Format("2006-01-02"), e.Note)})
		}
		f.ExcludedAutomatic = entries["excluded_automatic"].N
		f.ExcludedOther = entries["excluded_other"].N
		f.PreviousStudies = entries["previous_studies"].N
		f.PreviousReports = entries["previous_reports"].N
		return nil
	}

	// Screening and inclusion: one walk over the records.
	left, right := newColumn(), newColumn()
	imported := map[int64]int{}
	type dup struct {
		id, primary int64
		left        bool
	}
	primaryLeft := map[int64]bool{}
	var dups []dup
	studies := map[int64]bool{}
	var stray []int64 // assessed at full text without passing title-abstract
	err := st.EachFlowRecord(ctx, start, func(r *store.FlowRecord) error {
		kind, ok := kindOf[r.SearchID]
		if !ok {
			return fmt.Errorf("record %d names search %d, which does not exist", r.ID, r.SearchID)
		}
		isLeft := Left(kind)
		if previous(r.SearchID) {
			if r.Primary == 0 {
				primaryLeft[r.ID] = isLeft
			}
			return nil
		}
		imported[r.SearchID]++
		c, side := right, "other_"
		if isLeft {
			c, side = left, "dbr_"
		}
		c.byKind[kind]++
		d.note(resultsKey(kind), Item{Record: r.ID, Detail: searchOf[r.SearchID].Source})
		if r.Primary != 0 {
			c.duplicates++
			f.Sources[sourceOf[r.SearchID]].Duplicates++
			dups = append(dups, dup{r.ID, r.Primary, isLeft})
			key := "other_duplicates"
			if isLeft {
				key = "duplicates"
			}
			d.note(key, Item{Record: r.ID, Detail: fmt.Sprintf("duplicate of %d", r.Primary)})
			return nil
		}
		primaryLeft[r.ID] = isLeft
		c.screened++
		if isLeft {
			d.note("records_screened", Item{Record: r.ID, Detail: string(orNone(r.TA))})
		}
		switch {
		case r.Advances:
			c.sought++
			d.note(side+"sought_reports", Item{Record: r.ID, Detail: string(orNone(r.FT))})
			switch r.FT {
			case review.NotRetrieved:
				c.notRetrieved++
				d.note(side+"notretrieved_reports", Item{Record: r.ID, Detail: "not retrieved"})
			case review.Included:
				c.included++
				d.note(side+"included_reports", Item{Record: r.ID, Detail: "included"})
				d.note("new_reports", Item{Record: r.ID, Detail: "included"})
				study := r.Study
				if study == 0 {
					study = r.ID
				}
				studies[study] = true
				d.note("new_studies", Item{Record: r.ID, Detail: fmt.Sprintf("study %d", study)})
			case review.Excluded:
				c.excluded++
				reason := r.Reason
				switch {
				case r.ReasonOpen:
					reason = ReasonNotAgreed
					c.reasonOpen++
					d.note("reason_conflicts", Item{Record: r.ID, Detail: "the screeners' reasons differ"})
				case strings.TrimSpace(reason) == "":
					reason = ReasonNotGiven
				}
				c.reason(reason)
				d.note(side+"excluded", Item{Record: r.ID, Detail: reason})
			default:
				c.awaitingFT++
				d.note(side+"awaiting_assessment", Item{Record: r.ID, Detail: string(orNone(r.FT))})
			}
			if r.FT != review.NotRetrieved {
				d.note(side+"assessed", Item{Record: r.ID, Detail: string(orNone(r.FT))})
			}
		case r.TA == review.AutoExcluded:
			// Stopped screening (winnow stop): inside "Records excluded",
			// as its automation share; never a human exclusion, never
			// excluded_automatic (removed before screening).
			c.excludedAuto++
			key := "other_records_excluded"
			if isLeft {
				key = "records_excluded_automation"
				d.note("records_excluded", Item{Record: r.ID, Detail: "excluded by automation (screening stopped)"})
			}
			d.note(key, Item{Record: r.ID, Detail: "excluded by automation (screening stopped)"})
		case r.TA == review.Excluded:
			c.excludedTA++
			key := "other_records_excluded"
			if isLeft {
				key = "records_excluded_human"
				d.note("records_excluded", Item{Record: r.ID, Detail: "excluded by people"})
			}
			d.note(key, Item{Record: r.ID, Detail: "excluded"})
		default:
			c.awaitingTA++
			d.note(side+"awaiting_screening", Item{Record: r.ID, Detail: string(orNone(r.TA))})
		}
		if !r.Advances && r.FT != "" {
			stray = append(stray, r.ID)
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}

	f.Duplicates, f.OtherDuplicates = left.duplicates, right.duplicates
	f.RecordsScreened = left.screened
	f.RecordsExcludedHuman = left.excludedTA
	f.RecordsExcludedAutomation = left.excludedAuto
	f.RecordsExcluded = f.RecordsExcludedHuman + f.RecordsExcludedAutomation
	f.DbrAwaitingScreening = left.awaitingTA
	f.DbrSoughtReports, f.DbrNotRetrievedReports = left.sought, left.notRetrieved
	f.DbrAssessed = left.sought - left.notRetrieved
	f.DbrExcluded, f.DbrExcludedReasons, f.DbrIncludedReports = left.excluded, left.sortedReasons(), left.included
	f.DbrAwaitingAssessment = left.awaitingFT
	f.OtherRecordsExcluded, f.OtherAwaitingScreening = right.excludedTA+right.excludedAuto, right.awaitingTA
	f.OtherSoughtReports, f.OtherNotRetrievedReports = right.sought, right.notRetrieved
	f.OtherAssessed = right.sought - right.notRetrieved
	f.OtherExcluded, f.OtherExcludedReasons, f.OtherIncludedReports = right.excluded, right.sortedReasons(), right.included
	f.OtherAwaitingAssessment = right.awaitingFT
	f.ReasonConflicts = left.reasonOpen + right.reasonOpen
	f.NewReports = left.included + right.included
	f.NewStudies = len(studies)
	f.TotalStudies = f.PreviousStudies + f.NewStudies
	f.TotalReports = f.PreviousReports + f.NewReports
	f.Final = f.DbrAwaitingScreening+f.DbrAwaitingAssessment+f.OtherAwaitingScreening+f.OtherAwaitingAssessment+f.ReasonConflicts == 0
	if slices.Contains([]string{"total_studies", "total_reports"}, explain) {
		d.items = append(d.items, Item{Detail: fmt.Sprintf("previous version: %d studies, %d reports; this review: %d studies, %d reports",
			f.PreviousStudies, f.PreviousReports, f.NewStudies, f.NewReports)})
	}

	// What the walk itself can tell is wrong.
	for id, n := range imported {
		if s := searchOf[id]; n != s.Records {
			d.violations = append(d.violations, Violation{
				Invariant: fmt.Sprintf("search %d (%s, %s) lists %d records but %d are in the review", id, s.Source, s.File, s.Records, n),
				Searches:  []int64{id},
			})
		}
	}
	for _, s := range searches {
		if imported[s.ID] == 0 && s.Records != 0 && !previous(s.ID) {
			d.violations = append(d.violations, Violation{
				Invariant: fmt.Sprintf("search %d (%s, %s) lists %d records but none are in the review", s.ID, s.Source, s.File, s.Records),
				Searches:  []int64{s.ID},
			})
		}
	}
	var misplaced []int64
	for _, dp := range dups {
		if dp.left && !primaryLeft[dp.primary] && !slices.Contains(misplaced, dp.primary) {
			misplaced = append(misplaced, dp.primary)
		}
	}
	if len(misplaced) > 0 {
		d.violations = append(d.violations, Violation{
			Invariant: "a cluster with database or register records is screened as one of them",
			Detail:    "these records, found by other methods, are kept for screening though their clusters hold database or register records (the clusters were linked by an older winnow): `winnow dedup` chooses the primaries again",
			Records:   misplaced,
		})
	}
	slices.Sort(stray)
	slices.Sort(misplaced)
	if len(stray) > 0 {
		d.violations = append(d.violations, Violation{
			Invariant: "a record assessed at full text has passed title-abstract",
			Detail:    "these records have a full-text outcome but their title-abstract outcome does not send them to full text (a decision changed after full text, or a link merged them): settle their title-abstract screening (`winnow conflicts`, `winnow show REF`)",
			Records:   stray,
		})
	}
	d.violations = append(d.violations, check(f, removedBeforeImport, widened)...)
	if len(d.violations) > 0 {
		return f, d.items, &Error{Violations: d.violations}
	}
	return f, d.items, nil
}

func orNone(o review.Outcome) review.Outcome {
	if o == "" {
		return "not decided"
	}
	return o
}

func (f *Flow) results(k review.Kind) *int {
	switch k {
	case review.Database:
		return &f.DatabaseResults
	case review.Register:
		return &f.RegisterResults
	case review.Website:
		return &f.WebsiteResults
	case review.Organisation:
		return &f.OrganisationResults
	case review.Citation:
		return &f.CitationsResults
	}
	return &f.OtherResults
}
