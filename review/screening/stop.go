package screening

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/rank"
	"github.com/winnow-review/winnow/review/store"
)

// RankAction is the log action of a ranking: the model a screener's
// queue was ordered by (kind, settings, decisions trained on, seed).
const RankAction = "rank"

// Stop ends title-abstract screening by a rule the team wrote in its
// protocol (a lead's act): the records nobody screened are excluded by
// automation, logged with the rule and the ranking each screener's queue
// was last ordered by; a record one screener decided keeps that
// decision (an include goes to the lead, an exclusion stands
// single-screened). Nothing is excluded by the model on its own.
func Stop(ctx context.Context, st *store.Store, lead review.Reviewer, stage review.Stage, rule string) (*store.Stopped, error) {
	rule = strings.TrimSpace(rule)
	if rule == "" {
		return nil, review.Need("rule", ErrNoRule, "stopping needs the stopping rule the protocol set and was met")
	}
	ranks, err := st.LatestEvents(ctx, RankAction)
	if err != nil {
		return nil, err
	}
	var models []string
	for who, detail := range ranks {
		models = append(models, fmt.Sprintf("%s: %s", who, detail))
	}
	slices.Sort(models)
	model := strings.Join(models, "; ")
	if model == "" {
		model = "no prioritised ranking was used"
	}
	return st.Stop(ctx, stage, rule, model, lead.Name)
}

// BuscarRule is the --rule name of the statistical stopping rule.
const BuscarRule = "buscar"

// ErrNotMet refuses a stop by a statistical rule that is not met.
var ErrNotMet = errors.New("stopping rule not met")

// ErrNoRule is a stop not told which stopping rule was met.
var ErrNoRule = errors.New("no stopping rule given")

// StopTest tests, for the title-abstract screening so far, the hypothesis
// that recall is below target (rank.Buscar): the records screened in the
// order they were first decided, a record relevant when it is included
// or some screener's current decision is include or maybe, out of the
// records kept for screening. A lead's view while the review is blind.
func StopTest(ctx context.Context, st *store.Store, viewer review.Viewer, target float64) (rank.StopTest, error) {
	if !viewer.SeesAll() {
		return rank.StopTest{}, review.Refuse(ErrLeadsOnly, "the stopping rule reads everyone's decisions: a lead's view while the review is blind")
	}
	seen, err := st.ScreenedInOrder(ctx)
	if err != nil {
		return rank.StopTest{}, err
	}
	counts, err := st.Counts(ctx, "")
	if err != nil {
		return rank.StopTest{}, err
	}
	total := counts[review.TitleAbstract].Records
	return rank.Buscar(seen, max(total, len(seen)), target)
}

// CheckBuscar checks the figures of the buscar rule, before anything is
// read: a recall target and a level alpha, each strictly between 0 and 1.
func CheckBuscar(target, alpha float64) error {
	if !(target > 0 && target < 1) {
		return fmt.Errorf("recall target %g: want a share between 0 and 1, e.g. 0.95", target)
	}
	if !(alpha > 0 && alpha < 1) {
		return fmt.Errorf("alpha %g: want a level between 0 and 1, e.g. 0.05", alpha)
	}
	return nil
}

// StopByBuscar ends title-abstract screening by the statistical rule of
// Callaghan and Müller-Hansen (2020) as Stop does, once the hypothesis
// that recall is below target is rejected at level alpha; it refuses
// while it is not, unless force. The rule is logged with its figures.
func StopByBuscar(ctx context.Context, st *store.Store, lead review.Reviewer, stage review.Stage, target, alpha float64, force bool) (*store.Stopped, rank.StopTest, error) {
	if err := CheckBuscar(target, alpha); err != nil {
		return nil, rank.StopTest{}, err
	}
	t, err := StopTest(ctx, st, review.Viewer{Name: lead.Name, Lead: true, Blind: true}, target)
	if err != nil {
		return nil, t, err
	}
	if !t.Rejects(alpha) && !force {
		return nil, t, review.RefuseFix(ErrNotMet, review.FixStopAnyway, "", "%s: keep screening", BuscarVerdict(t, alpha))
	}
	rule := fmt.Sprintf("%s (Callaghan & Müller-Hansen 2020): %s; %d of %d records screened, %d relevant",
		BuscarRule, BuscarVerdict(t, alpha), t.Screened, t.Total, t.Found)
	if !t.Rejects(alpha) {
		rule += "; forced by the lead"
	}
	res, err := Stop(ctx, st, lead, stage, rule)
	return res, t, err
}

// BuscarVerdict says what a test means at level alpha, e.g. "recall < 95%
// rejected at alpha 0.05 (p = 0.0123)".
func BuscarVerdict(t rank.StopTest, alpha float64) string {
	verdict := "not rejected"
	if t.Rejects(alpha) {
		verdict = "rejected"
	}
	return fmt.Sprintf("recall < %s%% %s at alpha %g (p = %.4g)", strconv.FormatFloat(100*t.Target, 'f', -1, 64), verdict, alpha, t.P)
}
