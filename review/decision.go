package review

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Stage is a screening stage.
type Stage string

// The two stages of screening.
const (
	TitleAbstract Stage = "title-abstract"
	FullText      Stage = "full-text"
)

// Stages lists the stages in the order records pass through them.
var Stages = []Stage{TitleAbstract, FullText}

// Short gives the stage's alias (ta, ft).
func (s Stage) Short() string {
	if s == FullText {
		return "ft"
	}
	return "ta"
}

// ErrBadStage and ErrBadDecision are what ParseStage and ParseDecision
// refuse.
var (
	ErrBadStage    = errors.New("unknown stage")
	ErrBadDecision = errors.New("unknown decision")
)

// ParseStage reads a --stage value: title-abstract (ta) or full-text (ft).
func ParseStage(s string) (Stage, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "ta", "title-abstract", "title/abstract", "tiab":
		return TitleAbstract, nil
	case "ft", "full-text", "fulltext", "full":
		return FullText, nil
	}
	return "", Refuse(ErrBadStage, "stage %q: give title-abstract (ta) or full-text (ft)", s)
}

// Decision is one screener's verdict on a record at a stage.
type Decision string

// The decisions a screener can make. Withdrawn is the row an undo appends:
// the screener has no decision on the record any more.
const (
	Include   Decision = "include"
	Exclude   Decision = "exclude"
	Maybe     Decision = "maybe"
	Withdrawn Decision = ""
)

// ParseDecision reads a decision as typed: include, exclude or maybe (or
// their first letters).
func ParseDecision(s string) (Decision, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	// Beside winnow's own words, those other tools and spreadsheets
	// write: Rayyan's "Included" and "Excluded", Covidence's "Yes" and
	// "No", ASReview's 1 and 0, y and n.
	case "include", "i", "in", "yes", "y", "included", "incl", "1":
		return Include, nil
	case "exclude", "e", "ex", "out", "no", "n", "excluded", "excl", "0":
		return Exclude, nil
	case "maybe", "m", "unsure", "undecided", "?":
		return Maybe, nil
	}
	return "", Refuse(ErrBadDecision, "decision %q: give include, exclude or maybe", s)
}

// Vote is a screener's current decision on a record at a stage.
type Vote struct {
	RecordID int64     `json:"record"`
	Stage    Stage     `json:"stage"`
	Reviewer string    `json:"reviewer"`
	Decision Decision  `json:"decision"`
	Reason   string    `json:"reason,omitempty"`
	Note     string    `json:"note,omitempty"`
	At       time.Time `json:"at"`
	// LoadedBy names the lead who loaded the decision from a file on the
	// screener's behalf; empty when the screener made it.
	LoadedBy string `json:"loaded_by,omitempty"`
	// From names the file and line a decision was loaded from, for the
	// log.
	From string `json:"-"`
}

// Note is a screener's note on a record at a stage. It is kept from the
// moment it is typed, whether or not a decision follows (a decision made
// with it carries it too), and is seen as their decisions are: by its
// author, and while the review is blind by no other screener.
type Note struct {
	RecordID int64     `json:"record"`
	Stage    Stage     `json:"stage"`
	Reviewer string    `json:"reviewer"`
	Text     string    `json:"note"`
	At       time.Time `json:"at"`
}

// Describe gives a note as the log writes it.
func (n Note) Describe() string {
	if n.Text == "" {
		return fmt.Sprintf("note cleared at %s", n.Stage)
	}
	return fmt.Sprintf("note at %s: %s", n.Stage, n.Text)
}

// Outcome is where a record stands at a stage, following from its
// screeners' decisions.
type Outcome string

// The outcomes of a record at a stage.
const (
	Pending      Outcome = "pending"       // fewer decisions than screeners
	Included     Outcome = "included"      // every screener included it
	Excluded     Outcome = "excluded"      // every screener excluded it
	Conflict     Outcome = "conflict"      // the screeners disagree, or one said maybe
	NotRetrieved Outcome = "not-retrieved" // full text: the report could not be obtained
	// AutoExcluded: title-abstract screening was stopped (winnow stop)
	// before any screener decided the record: excluded by automation.
	AutoExcluded Outcome = "excluded-automation"
)

// Advances reports whether a title-abstract outcome sends a record on to
// full text: an inclusion (by the screeners or a lead's resolution), or a
// conflict while the review forwards conflicts instead of waiting for
// the lead.
func Advances(o Outcome, forward bool) bool {
	return o == Included || (forward && o == Conflict)
}

// ExcludedAtTitleAbstract reports whether a title-abstract outcome
// excludes the record for good: its screeners, a lead's resolution or a
// stop (excluded by automation) excluded it. No report is sought for such
// a record: no full text is attached to it, nor recorded as not
// retrieved. A record still pending or in conflict may get its full text
// early (its screeners may read it to decide, when it has no abstract).
func ExcludedAtTitleAbstract(o Outcome) bool {
	return o == Excluded || o == AutoExcluded
}

// Tally is what a record's decisions at a stage add up to: the one place
// where outcomes are computed. Queues, status, conflicts and PRISMA read
// the outcome the store keeps from it.
type Tally struct {
	Votes, Includes, Excludes, Maybes int
	// Voters are the screeners who decided, in the order of their votes.
	Voters []string
	// Reasons are the distinct exclusion reasons given.
	Reasons []string
	Outcome Outcome
	// ReasonConflict is set at full text when every screener excluded the
	// record but not for the same reason: the record is excluded and the
	// reason waits for a lead.
	ReasonConflict bool
	// Resolved is the lead's decision in force, if any: the outcome
	// follows it whatever the screeners decided.
	Resolved Decision
	// Reason is the final exclusion reason: the lead's, or the one every
	// screener gave.
	Reason string
	// SingleScreened marks an exclusion made by fewer screeners than the
	// review asks for, standing because screening was stopped.
	SingleScreened bool
}

// Open reports whether the tally waits for a lead: a conflict, or a
// conflict on the reason, that no resolution settles.
func (t Tally) Open() bool {
	return t.Resolved == Withdrawn && (t.Outcome == Conflict || t.ReasonConflict)
}

// TallyOf computes the outcome of a record at a stage from its current
// votes (one per screener), the number of screeners each record needs,
// whether its full text was marked not retrieved, whether screening at
// the stage was stopped (winnow stop), and the lead's resolution in
// force (nil when none).
//
// Once screening is stopped a record nobody decided is excluded by
// automation; one that fewer screeners decided than asked keeps their
// decisions: an include (or maybe) among them goes to the lead as a
// conflict, exclusions alone stand as a single-screened exclusion.
func TallyOf(stage Stage, votes []Vote, screeners int, notRetrieved, stopped bool, res *Resolution) Tally {
	var t Tally
	seenReason := map[string]bool{}
	for _, v := range votes {
		switch v.Decision {
		case Include:
			t.Includes++
		case Exclude:
			t.Excludes++
			key := strings.ToLower(strings.TrimSpace(v.Reason))
			if !seenReason[key] {
				seenReason[key] = true
				t.Reasons = append(t.Reasons, v.Reason)
			}
		case Maybe:
			t.Maybes++
		default:
			continue
		}
		t.Votes++
		t.Voters = append(t.Voters, v.Reviewer)
	}
	if screeners < 1 {
		screeners = 1
	}
	switch {
	case stage == FullText && notRetrieved:
		t.Outcome = NotRetrieved
		return t
	case t.Votes < screeners && stopped:
		switch {
		case t.Votes == 0:
			t.Outcome = AutoExcluded
		case t.Includes > 0 || t.Maybes > 0:
			t.Outcome = Conflict
		default:
			t.Outcome, t.SingleScreened = Excluded, true
			if len(t.Reasons) == 1 {
				t.Reason = t.Reasons[0]
			}
		}
	case t.Votes < screeners:
		// Until every screener has decided, the record waits, even when
		// the votes so far already disagree: a conflict shows only once
		// it is whole.
		t.Outcome = Pending
	case t.Maybes > 0 || (t.Includes > 0 && t.Excludes > 0):
		t.Outcome = Conflict
	case t.Includes == t.Votes:
		t.Outcome = Included
	default:
		t.Outcome = Excluded
		t.ReasonConflict = stage == FullText && len(t.Reasons) > 1
		if len(t.Reasons) == 1 {
			t.Reason = t.Reasons[0]
		}
	}
	if res != nil && res.Decision != Withdrawn {
		t.Resolved = res.Decision
		t.Outcome, t.Reason = Included, ""
		if res.Decision == Exclude {
			t.Outcome, t.Reason = Excluded, res.Reason
		}
	}
	return t
}

// Resolution is a lead's final decision on a record in conflict at a
// stage. It settles the record's outcome and never rewrites the
// screeners' decisions; a later resolution replaces it, and a withdrawn
// one (empty decision) reopens the conflict.
type Resolution struct {
	RecordID int64     `json:"record"`
	Stage    Stage     `json:"stage"`
	Decision Decision  `json:"decision"`
	Reason   string    `json:"reason,omitempty"`
	Note     string    `json:"note,omitempty"`
	By       string    `json:"by"`
	At       time.Time `json:"at"`
	// From names the file and line a resolution was loaded from, for the
	// log.
	From string `json:"-"`
}

// Disagreement is a record in conflict at a stage, with every screener's
// decision side by side and the resolution, if any.
type Disagreement struct {
	RecordID int64  `json:"record"`
	Stage    Stage  `json:"stage"`
	Title    string `json:"title"`
	Year     int    `json:"year,omitempty"`
	// Kind is "decision" (the screeners disagree, or one said maybe) or
	// "reason" (at full text, all excluded for different reasons).
	Kind       string      `json:"kind"`
	Votes      []Vote      `json:"decisions"`
	Resolution *Resolution `json:"resolution"`
	// Forwarded is a title-abstract conflict sent on to full text
	// unresolved (the review's conflicts setting is forward).
	Forwarded bool `json:"forwarded,omitempty"`
}

// The kinds of conflict.
const (
	DecisionConflict = "decision"
	ReasonConflict   = "reason"
)

// MaxScreeners is the most screeners a record may need.
const MaxScreeners = 10

// ErrBadScreeners is a number of screeners outside 1 to MaxScreeners.
var ErrBadScreeners = errors.New("bad number of screeners")

// ParseScreeners reads how many screeners decide each record: a number
// from 1 to MaxScreeners.
func ParseScreeners(s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > MaxScreeners {
		return 0, Refuse(ErrBadScreeners, "screeners must be a number from 1 to %d, not %q", MaxScreeners, s)
	}
	return n, nil
}

// Errors about screening that the user fixes.
var (
	ErrNeedsReason   = errors.New("an exclusion at full text needs a reason")
	ErrNotScreener   = errors.New("not your decision")
	ErrNotInStage    = errors.New("record has not reached the stage")
	ErrBlind         = errors.New("the review is blind")
	ErrNothingToUndo = errors.New("nothing to undo")
	ErrNoConflict    = errors.New("no conflict to resolve")
)

// FullTextState is whether a record's report was obtained.
type FullTextState struct {
	RecordID int64     `json:"record"`
	State    string    `json:"state"` // "retrieved" or "not-retrieved"
	File     string    `json:"file,omitempty"`
	SHA256   string    `json:"sha256,omitempty"`
	Note     string    `json:"note,omitempty"`
	By       string    `json:"by"`
	At       time.Time `json:"at"`
}

// The states of a full text.
const (
	Retrieved         = "retrieved"
	NotRetrievedState = "not-retrieved"
)

// Highlight is a term marked in titles and abstracts on the screen.
type Highlight struct {
	Term    string `json:"term"`
	Include bool   `json:"include"` // an include term, else an exclude term
	// Mine marks a screener's own term, which only they see; else the
	// term is the team's (set by a lead).
	Mine bool `json:"mine"`
}

// The log's actions for a screener's own highlight terms.
const (
	MyHighlightAdd    = "my highlight add"
	MyHighlightRemove = "my highlight remove"
)

// PrivateActions are the log's actions that only the reviewer who made
// them sees, blind or not, lead or not: their own highlight terms.
var PrivateActions = []string{MyHighlightAdd, MyHighlightRemove}

// Kind names the highlight's kind.
func (h Highlight) Kind() string {
	if h.Include {
		return "include"
	}
	return "exclude"
}

// StageStatus is how far screening has come at one stage. The fields a
// viewer may not see are nil.
type StageStatus struct {
	Stage       Stage `json:"stage"`
	Records     int   `json:"records"`
	DecidedByMe int   `json:"decided_by_me"`
	Complete    int   `json:"complete"`
	// Conflicts are the conflicts open (waiting for a lead), including
	// ReasonConflicts, the full-text records all excluded for different
	// reasons (counted among Excluded too).
	Conflicts *int `json:"conflicts"`
	Included  *int `json:"included"`
	Excluded  *int `json:"excluded"`
	// NotRetrieved counts full texts that could not be obtained.
	NotRetrieved *int `json:"not_retrieved,omitempty"`
	// Resolved counts the conflicts a lead settled.
	Resolved        *int `json:"resolved"`
	ReasonConflicts *int `json:"reason_conflicts,omitempty"`
	// Forwarded counts the open title-abstract conflicts sent on to full
	// text unresolved.
	Forwarded *int `json:"forwarded,omitempty"`
	// AutoExcluded counts the records excluded by automation when a lead
	// stopped screening; SingleScreened the exclusions that stand with
	// fewer decisions than the review asks for.
	AutoExcluded   *int `json:"excluded_by_automation,omitempty"`
	SingleScreened *int `json:"single_screened,omitempty"`
	// Screeners is each screener's progress: everyone's for those who
	// may see it, a screener's own otherwise.
	Screeners []ScreenerProgress `json:"screeners,omitempty"`
	// Waiting is set when the stage is closed to the viewer for now: at
	// full text while the review is blind, a screener's stage opens when
	// every title-abstract record has all its decisions.
	Waiting string `json:"waiting,omitempty"`
	// Stopping is the statistical stopping rule's verdict on
	// title-abstract screening in prioritised order, for those who may
	// see every decision, until the stage is stopped.
	Stopping *StoppingStatus `json:"stopping,omitempty"`
}

// Blinded reports whether the outcomes of the stage (conflicts, included,
// excluded) are hidden from the viewer the status was read for: a
// screener's view while the review is blind.
func (s StageStatus) Blinded() bool { return s.Conflicts == nil }

// StoppingStatus is what a statistical stopping rule says of the
// screening so far: whether the hypothesis that recall is below Recall
// is rejected at level Alpha (screening may stop), with its p-value and
// the counts it read.
type StoppingStatus struct {
	Rule     string  `json:"rule"` // "buscar"
	Recall   float64 `json:"recall"`
	Alpha    float64 `json:"alpha"`
	P        float64 `json:"p"`
	Rejected bool    `json:"rejected"`
	Screened int     `json:"screened"`
	Relevant int     `json:"relevant"`
	Records  int     `json:"records"`
	Verdict  string  `json:"verdict"` // e.g. "recall < 95% rejected at alpha 0.05 (p = 0.0123)"
}

// ScreenerProgress is one screener's count of decisions at a stage.
type ScreenerProgress struct {
	Reviewer string `json:"reviewer"`
	Decided  int    `json:"decided"`
	// SinceInclude counts the records the screener decided since their
	// last include; Queue those left in their queue; Screened is the
	// share of their queue screened (Decided over Decided + Queue), for
	// a stopping rule.
	SinceInclude int     `json:"since_last_include"`
	Queue        int     `json:"queue"`
	Screened     float64 `json:"screened"`
	// Removed marks a member a lead took off the team: their decisions
	// count, and they have no queue.
	Removed bool `json:"removed,omitempty"`
}

// CheckReason checks a decision's reason: required for an exclusion at
// full text, meaningless on an include.
func CheckReason(stage Stage, d Decision, reason string) error {
	if stage == FullText && d == Exclude && strings.TrimSpace(reason) == "" {
		return Need("reason", ErrNeedsReason, "an exclusion at full text needs a reason")
	}
	return nil
}

// ErrReasonNotExclude is a reason typed with a decision other than an
// exclusion, which keeps none.
var ErrReasonNotExclude = errors.New("a reason goes with an exclusion")

// CheckTypedReason refuses a reason typed with one decision (on the
// command line) when the decision is not an exclusion: it would be
// dropped without a word, and its writer think it kept. (Files of
// decisions and resolutions may carry a reason on any row; it is dropped
// there as a column that does not apply.)
func CheckTypedReason(d Decision, reason string) error {
	if d != Exclude && strings.TrimSpace(reason) != "" {
		return Refuse(ErrReasonNotExclude, "a reason goes with an exclusion: %s keeps none (a note keeps words with any decision)", d)
	}
	return nil
}

// Describe gives a decision as the log writes it.
func (v Vote) Describe() string {
	s := fmt.Sprintf("%s at %s", v.Decision, v.Stage)
	if v.Decision == Withdrawn {
		s = fmt.Sprintf("decision withdrawn at %s", v.Stage)
	}
	if v.Reason != "" {
		s += fmt.Sprintf(" (reason: %s)", v.Reason)
	}
	if v.Note != "" {
		s += fmt.Sprintf(" note: %s", v.Note)
	}
	return s
}

// Rating is one screener's decision on a record at a stage, as agreement
// between screeners counts it.
type Rating struct {
	RecordID int64
	Reviewer string
	Decision Decision
}

// ErrBadTerm is a highlight term winnow cannot match.
var ErrBadTerm = errors.New("bad highlight term")

// CheckHighlight checks a highlight term: a * may only end it (a prefix,
// integrat*), after at least one letter.
func CheckHighlight(term string) error {
	t := strings.TrimSuffix(strings.TrimSpace(term), "*")
	if strings.Contains(t, "*") {
		return Refuse(ErrBadTerm, "term %q: a * may only end a term (integrat* marks every word that starts integrat)", term)
	}
	if strings.TrimSpace(t) == "" {
		return Refuse(ErrBadTerm, "term %q: give some letters before the *", term)
	}
	return nil
}
