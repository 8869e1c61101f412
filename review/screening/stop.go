package screening

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/winnow-review/winnow/review"
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
		return nil, errors.New("say which stopping rule the protocol set and was met with --rule TEXT (e.g. \"100 consecutive exclusions by each screener after 30% screened\")")
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
