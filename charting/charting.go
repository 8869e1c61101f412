package charting

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/conflicts"
	"github.com/winnow-review/winnow/review/screening"
	"github.com/winnow-review/winnow/review/store"
	"github.com/winnow-review/winnow/review/tabular"
)

// Errors a person fixes.
var (
	// ErrNotIncluded: only the studies included at full text are charted.
	ErrNotIncluded = errors.New("not an included study")
	// ErrBadFile is an extraction file winnow cannot load.
	ErrBadFile = errors.New("bad extraction file")
)

// Installed is the form in force, with the review's number for it.
type Installed struct {
	Form *Form
	ID   int64
	// Stale are the answers (reviewers' and consensus) that no longer
	// fit this form.
	Stale []StaleAnswer
}

// StaleAnswer is an answer given under an earlier form that this one no
// longer takes.
type StaleAnswer struct {
	RecordID int64  `json:"record"`
	Reviewer string `json:"reviewer,omitempty"` // "" for a consensus answer
	Field    string `json:"field"`
	Value    Value  `json:"value"`
	Why      string `json:"why"`
}

// CurrentForm gives the form in force.
func CurrentForm(ctx context.Context, st *store.Store) (*Installed, error) {
	cf, err := st.Form(ctx)
	if err != nil {
		return nil, err
	}
	f, err := ParseForm(fmt.Sprintf("form %d", cf.ID), []byte(cf.YAML))
	if err != nil {
		return nil, err
	}
	return &Installed{Form: f, ID: cf.ID}, nil
}

// why says why an answer does not fit a form, "" when it does.
func why(f *Form, field string, v Value) string {
	fl := f.Field(field)
	switch {
	case fl == nil:
		return "the form has no field " + field + " now"
	case !fl.Fits(v):
		if fl.Type.HasOptions() {
			return fmt.Sprintf("not among the options of %s now", field)
		}
		return fmt.Sprintf("not a %s answer", fl.Type)
	}
	return ""
}

// Install installs a form (a lead's act; logged). Answers already given
// are kept; those that no longer fit are listed, and count nowhere until
// answered again.
func Install(ctx context.Context, st *store.Store, lead review.Reviewer, f *Form, source string) (*Installed, error) {
	data, err := f.YAML()
	if err != nil {
		return nil, err
	}
	answers, err := st.Answers(ctx, 0, review.Viewer{Name: lead.Name, Lead: true})
	if err != nil {
		return nil, err
	}
	agreed, err := st.ConsensusAnswers(ctx, 0)
	if err != nil {
		return nil, err
	}
	in := &Installed{Form: f}
	for _, list := range [][]store.Answer{answers, agreed} {
		for _, a := range list {
			if w := why(f, a.Field, Value(a.Value)); w != "" {
				in.Stale = append(in.Stale, StaleAnswer{RecordID: a.RecordID, Reviewer: a.Reviewer, Field: a.Field, Value: Value(a.Value), Why: w})
			}
		}
	}
	detail := fmt.Sprintf("form %q version %d installed from %s: %d fields", f.Title, f.Version, source, len(f.Fields))
	if len(in.Stale) > 0 {
		detail += fmt.Sprintf("; %d answers no longer fit", len(in.Stale))
	}
	in.ID, err = st.InstallForm(ctx, f.Version, string(data), lead.Name, detail)
	return in, err
}

// study resolves a REF to the record that stands for its study, refusing
// a record not included at full text.
func study(ctx context.Context, st *store.Store, ref review.Ref, report map[int64]int64) (int64, error) {
	id, err := screening.FindRef(ctx, st, ref)
	if err != nil {
		return 0, err
	}
	s, ok := report[id]
	if !ok {
		return 0, review.Refuse(ErrNotIncluded, "record %d is not included at full text: only included studies are charted", id)
	}
	return s, nil
}

// storeSaver saves one reviewer's answers under the form in force.
type storeSaver struct {
	st       *store.Store
	reviewer string
	form     int64
}

func (s storeSaver) SaveAnswer(ctx context.Context, record int64, field string, v Value) error {
	_, err := s.st.SaveAnswers(ctx, []store.Answer{{RecordID: record, Reviewer: s.reviewer, Field: field, Value: string(v), FormID: s.form}}, s.reviewer)
	return err
}

// Open starts a reviewer's charting of one included study, with the
// reviewer's own answers.
func Open(ctx context.Context, st *store.Store, reviewer review.Reviewer, ref review.Ref) (*Session, error) {
	if reviewer.Name == "" {
		return nil, review.Need("reviewer", review.ErrNoReviewer, "charting needs a reviewer")
	}
	in, err := CurrentForm(ctx, st)
	if err != nil {
		return nil, err
	}
	_, report, err := st.IncludedStudies(ctx)
	if err != nil {
		return nil, err
	}
	id, err := study(ctx, st, ref, report)
	if err != nil {
		return nil, err
	}
	r, err := st.Record(ctx, id)
	if err != nil {
		return nil, err
	}
	ft, err := st.FullText(ctx, id)
	if err != nil {
		return nil, err
	}
	mine, err := st.Answers(ctx, id, review.Viewer{Name: reviewer.Name, Blind: true})
	if err != nil {
		return nil, err
	}
	answers, stale := map[string]Value{}, map[string]bool{}
	for _, a := range mine {
		if !strings.EqualFold(a.Reviewer, reviewer.Name) {
			continue
		}
		answers[a.Field] = Value(a.Value)
		if why(in.Form, a.Field, Value(a.Value)) != "" {
			stale[a.Field] = true
		}
	}
	return NewSession(storeSaver{st, reviewer.Name, in.ID}, reviewer.Name, r, ft, in.Form, answers, stale), nil
}

// Assignment is one FIELD=VALUE of `chart set` and `chart agree`.
type Assignment struct {
	Field string
	Value Value
}

// ParseAssignments reads FIELD=VALUE arguments against the form: the
// values are checked (an error lists the valid options).
func ParseAssignments(f *Form, args []string) ([]Assignment, error) {
	var out []Assignment
	for _, arg := range args {
		id, typed, ok := strings.Cut(arg, "=")
		id = strings.TrimSpace(id)
		if !ok {
			return nil, fmt.Errorf("%q: write FIELD=VALUE, e.g. study_design=qualitative", arg)
		}
		fl := f.Field(id)
		if fl == nil {
			return nil, fmt.Errorf("no field %q on the form: the fields are %s", id, fieldList(f))
		}
		v, err := fl.Parse(typed)
		if err != nil {
			return nil, err
		}
		out = append(out, Assignment{Field: id, Value: v})
	}
	return out, nil
}

func fieldList(f *Form) string {
	ids := make([]string, len(f.Fields))
	for i, fl := range f.Fields {
		ids[i] = fl.ID
	}
	return strings.Join(ids, ", ")
}

// Set records the acting reviewer's answers for one study.
func Set(ctx context.Context, st *store.Store, by review.Reviewer, ref review.Ref, args []string) (int64, int, error) {
	in, err := CurrentForm(ctx, st)
	if err != nil {
		return 0, 0, err
	}
	as, err := ParseAssignments(in.Form, args)
	if err != nil {
		return 0, 0, err
	}
	_, report, err := st.IncludedStudies(ctx)
	if err != nil {
		return 0, 0, err
	}
	id, err := study(ctx, st, ref, report)
	if err != nil {
		return 0, 0, err
	}
	rows := make([]store.Answer, len(as))
	for i, a := range as {
		rows[i] = store.Answer{RecordID: id, Reviewer: by.Name, Field: a.Field, Value: string(a.Value), FormID: in.ID}
	}
	n, err := st.SaveAnswers(ctx, rows, by.Name)
	return id, n, err
}

// Agree records a lead's consensus answers for one study.
func Agree(ctx context.Context, st *store.Store, lead review.Reviewer, ref review.Ref, args []string, note string) (int64, error) {
	in, err := CurrentForm(ctx, st)
	if err != nil {
		return 0, err
	}
	as, err := ParseAssignments(in.Form, args)
	if err != nil {
		return 0, err
	}
	_, report, err := st.IncludedStudies(ctx)
	if err != nil {
		return 0, err
	}
	id, err := study(ctx, st, ref, report)
	if err != nil {
		return 0, err
	}
	rows := make([]store.Answer, len(as))
	for i, a := range as {
		rows[i] = store.Answer{RecordID: id, Field: a.Field, Value: string(a.Value), Note: strings.TrimSpace(note)}
	}
	return id, st.SaveConsensus(ctx, rows, lead.Name)
}

// Import loads an extraction file: one row per study and reviewer, with
// the columns record and reviewer (empty: the one loading) and a column
// per field id; an empty cell leaves the field as it is. The whole file
// is checked first and loaded in one transaction: an error names the
// file and line and changes nothing. A reviewer loads their own rows, a
// lead anyone's.
func Import(ctx context.Context, st *store.Store, by review.Reviewer, viewer review.Viewer, name string, data []byte) (int, error) {
	in, err := CurrentForm(ctx, st)
	if err != nil {
		return 0, err
	}
	columns := []string{"record", "reviewer"}
	for _, fl := range in.Form.Fields {
		columns = append(columns, fl.ID)
	}
	f, err := tabular.Open(name, data, ErrBadFile, "study and reviewer", columns, 1)
	if err != nil {
		return 0, err
	}
	// The bibliographic columns of `chart export --reviewers` are read
	// over, so that its file loads back.
	for _, c := range f.Columns() {
		if c != "" && !slices.Contains(columns, c) && !slices.Contains(bibColumns, c) {
			return 0, f.Fail(1, "column %q is not a field of the form: the columns are record, reviewer and %s", c, fieldList(in.Form))
		}
	}
	team, err := st.Team(ctx)
	if err != nil {
		return 0, err
	}
	_, report, err := st.IncludedStudies(ctx)
	if err != nil {
		return 0, err
	}
	var rows []store.Answer
	seen := map[[2]string]int{}
	err = f.Each(func(row *tabular.Row) error {
		ref, err := review.ParseRef(row.Get("record"))
		if err != nil {
			return f.Fail(row.Line, "%v", err)
		}
		rev, err := row.Reviewer(team, by, viewer.Lead, "answers")
		if err != nil {
			return err
		}
		id, err := study(ctx, st, ref, report)
		if err != nil {
			return f.Fail(row.Line, "%v", err)
		}
		key := [2]string{fmt.Sprint(id), strings.ToLower(rev.Name)}
		if first, ok := seen[key]; ok {
			return f.Fail(row.Line, "study %d and %s are on line %d too: one row per study and reviewer", id, rev.Name, first)
		}
		seen[key] = row.Line
		for _, fl := range in.Form.Fields {
			cell := row.Get(fl.ID)
			if cell == "" {
				continue
			}
			v, err := fl.Parse(cell)
			if err != nil {
				return f.Fail(row.Line, "%v", err)
			}
			a := store.Answer{RecordID: id, Reviewer: rev.Name, Field: fl.ID, Value: string(v), FormID: in.ID, From: f.At(row.Line)}
			if !strings.EqualFold(rev.Name, by.Name) {
				a.LoadedBy = by.Name
			}
			rows = append(rows, a)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return st.SaveAnswers(ctx, rows, by.Name)
}

// bibColumns are the record's columns in an export.
var bibColumns = []string{"title", "authors", "year", "journal", "doi"}

// CheckViewer refuses the views of every reviewer's answers (diff,
// summary, export) to a screener while the review is blind.
func CheckViewer(viewer review.Viewer, what string) error {
	return conflicts.CheckViewer(viewer, what)
}
