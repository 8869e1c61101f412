package screening

import (
	"context"
	"slices"

	"github.com/winnow-review/winnow/review"
)

// sources lists where a record and its duplicates came from, without
// repeats: each record's database when its export names one, else the
// source its search was imported as; the record's own first.
func (s *Session) sources(ctx context.Context, r *review.Record, cluster []int64) ([]string, error) {
	out := []string{sourceOf(r)}
	for _, id := range cluster {
		if id == r.ID {
			continue
		}
		other, err := s.st.Record(ctx, id)
		if err != nil {
			return nil, err
		}
		if src := sourceOf(other); !slices.Contains(out, src) {
			out = append(out, src)
		}
	}
	return out, nil
}

func sourceOf(r *review.Record) string {
	if r.Database != "" {
		return r.Database
	}
	return r.Source
}

// RankState is what the screen's header says of the order: whether it
// is prioritised and how many decisions trained the ranking in use (0
// while it is still a shuffle).
type RankState struct {
	Prioritised bool
	Trained     int
}

// RankState reads the ranking in use. It takes the ranker's lock only
// for the read, never while a model trains: a key press does not wait
// on a retrain.
func (s *Session) RankState() RankState {
	if s.rk == nil {
		return RankState{}
	}
	s.rk.mu.Lock()
	defer s.rk.mu.Unlock()
	st := RankState{Prioritised: true}
	if s.rk.model != nil {
		st.Trained = s.rk.model.Trained
	}
	return st
}
