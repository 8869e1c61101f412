package charting

import (
	"context"
	"fmt"

	"github.com/winnow-review/winnow/review"
)

// Saver keeps one answer of a reviewer as soon as it is given.
type Saver interface {
	SaveAnswer(ctx context.Context, record int64, field string, v Value) error
}

// Session is one reviewer charting one study: the record, the form, and
// the reviewer's own answers (never another reviewer's). Each answer is
// saved as it is given (Save), in its own transaction.
type Session struct {
	Record *review.Record
	// FullText is the attached full text, if any (the screen's o key
	// opens it).
	FullText *review.FullTextState
	Form     *Form
	// Answers are the reviewer's current answers, by field id.
	Answers map[string]Value
	// Stale marks answers given under an earlier form that no longer fit
	// this one (an option or field removed, a type changed): shown, but
	// counted nowhere until answered again.
	Stale map[string]bool
	// Reviewer is who is charting.
	Reviewer string

	saver Saver
}

// NewSession starts a session; the answers and stale maps may be nil.
func NewSession(saver Saver, reviewer string, r *review.Record, ft *review.FullTextState, form *Form, answers map[string]Value, stale map[string]bool) *Session {
	if answers == nil {
		answers = map[string]Value{}
	}
	if stale == nil {
		stale = map[string]bool{}
	}
	return &Session{Record: r, FullText: ft, Form: form, Answers: answers, Stale: stale, Reviewer: reviewer, saver: saver}
}

// Save checks an answer to a field as typed (see Field.Parse), saves it
// and keeps it in Answers. An empty answer clears the field. It returns
// the value saved.
func (s *Session) Save(ctx context.Context, field, typed string) (Value, error) {
	f := s.Form.Field(field)
	if f == nil {
		return "", fmt.Errorf("no field %q on the form", field)
	}
	v, err := f.Parse(typed)
	if err != nil {
		return "", err
	}
	if err := s.saver.SaveAnswer(ctx, s.Record.ID, field, v); err != nil {
		return "", err
	}
	s.Answers[field] = v
	delete(s.Stale, field)
	return v, nil
}

// Done counts the fields answered.
func (s *Session) Done() int {
	n := 0
	for _, f := range s.Form.Fields {
		if s.Answers[f.ID] != "" && !s.Stale[f.ID] {
			n++
		}
	}
	return n
}
