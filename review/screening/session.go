package screening

import (
	"context"
	"strings"
	"sync"

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/duplicates"
	"github.com/winnow-review/winnow/review/store"
)

// window is how many records of an imported-order queue are read at once.
const window = 256

// Session is one reviewer walking their queue at one stage. It reads the
// queue a window at a time (imported order) or once (random order), checks
// each record is still in the queue before showing it (another screener,
// or this one in another terminal, may have decided it meanwhile), and
// commits each decision before the next record is shown.
type Session struct {
	st       *store.Store
	Reviewer review.Reviewer
	Stage    review.Stage
	Order    Order

	// mu guards ids and next, which a prioritised order's ranking
	// replaces from the background.
	mu   sync.Mutex
	ids  []int64 // the records read ahead, in order
	next int     // the next of ids to show
	// rk ranks a prioritised queue; nil in the other orders.
	rk *ranker
	// pilot is the stage's calibration sample, shown before the rest.
	pilot []int64
	// Imported order resumes after the record last decided and wraps
	// round once to the records before it.
	start, cursor int64
	wrapped, end  bool
	// Done is how many records this reviewer has decided at the stage;
	// Left how many are in their queue.
	Done, Left int
	// Skipped counts the records passed over in this session.
	Skipped int
	skipped map[int64]bool
}

// Item is a record to screen, with what the screen shows beside it.
type Item struct {
	Record   *review.Record
	FullText *review.FullTextState // nil when none is recorded
	// Cluster lists the record's duplicates (primary first) when it has any.
	Cluster []int64
	// Pilot marks a record of the stage's calibration sample.
	Pilot bool
	// Note is the reviewer's note on the record at the stage, kept from
	// an earlier look at it; a decision made now carries it.
	Note string
}

// Open starts a reviewer's session at a stage.
func Open(ctx context.Context, st *store.Store, by review.Reviewer, viewer review.Viewer, stage review.Stage, order Order) (*Session, error) {
	if err := StageOpen(ctx, st, viewer, stage); err != nil {
		return nil, err
	}
	s := &Session{st: st, Reviewer: by, Stage: stage, Order: order, skipped: map[int64]bool{}}
	var err error
	if s.pilot, err = st.Pilot(ctx, stage); err != nil {
		return nil, err
	}
	if s.Done, err = st.DecidedCount(ctx, by.Name, stage); err != nil {
		return nil, err
	}
	switch order {
	case Prioritised:
		salt, err := st.Setting(ctx, "created")
		if err != nil {
			return nil, err
		}
		if err := s.openPrioritised(ctx, by, viewer, salt); err != nil {
			return nil, err
		}
	case Random:
		ids, err := st.Queue(ctx, store.QueueQuery{Reviewer: by.Name, Stage: stage})
		if err != nil {
			return nil, err
		}
		salt, err := st.Setting(ctx, "created")
		if err != nil {
			return nil, err
		}
		shuffle(ids, seed(by.Name, stage, salt))
		s.ids, s.end, s.Left = ids, true, len(ids)
	default:
		last, err := st.LastDecided(ctx, by.Name, stage)
		if err != nil {
			return nil, err
		}
		// Resume at the record after the one last decided.
		s.start, s.cursor = last, last
		if s.Left, err = st.CountQueue(ctx, by.Name, stage); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// fill reads the next window of an imported-order queue.
func (s *Session) fill(ctx context.Context) error {
	for s.next >= len(s.ids) && !s.end {
		q := store.QueueQuery{Reviewer: s.Reviewer.Name, Stage: s.Stage, After: s.cursor, Limit: window}
		if s.wrapped {
			q.Before = s.start + 1
		}
		ids, err := s.st.Queue(ctx, q)
		if err != nil {
			return err
		}
		s.ids, s.next = ids, 0
		if len(ids) > 0 {
			s.cursor = ids[len(ids)-1]
		}
		if len(ids) < window {
			if s.wrapped || s.start == 0 {
				s.end = true
			} else {
				s.wrapped, s.cursor = true, 0
			}
		}
	}
	return nil
}

// Next gives the next record to screen, or nil when the queue has no more
// records for this session (every record decided, or the rest skipped).
func (s *Session) Next(ctx context.Context) (*Item, error) {
	// The pilot sample heads the queue.
	for len(s.pilot) > 0 {
		id := s.pilot[0]
		s.pilot = s.pilot[1:]
		if s.skipped[id] {
			continue
		}
		ok, err := s.st.InQueue(ctx, s.Reviewer.Name, s.Stage, id)
		if err != nil {
			return nil, err
		}
		if ok {
			it, err := s.item(ctx, id)
			if it != nil {
				it.Pilot = true
			}
			return it, err
		}
	}
	for {
		if err := s.fill(ctx); err != nil {
			return nil, err
		}
		s.mu.Lock()
		if s.next >= len(s.ids) {
			s.mu.Unlock()
			return nil, nil
		}
		id := s.ids[s.next]
		s.next++
		s.mu.Unlock()
		if s.skipped[id] {
			continue
		}
		ok, err := s.st.InQueue(ctx, s.Reviewer.Name, s.Stage, id)
		if err != nil {
			return nil, err
		}
		if ok {
			return s.item(ctx, id)
		}
	}
}

func (s *Session) item(ctx context.Context, id int64) (*Item, error) {
	r, err := s.st.Record(ctx, id)
	if err != nil {
		return nil, err
	}
	it := &Item{Record: r}
	if it.FullText, err = s.st.FullText(ctx, id); err != nil {
		return nil, err
	}
	if cluster, err := s.st.ClusterOf(ctx, id); err == nil && len(cluster) > 1 {
		it.Cluster = cluster
	}
	if it.Note, err = s.st.NoteOn(ctx, id, s.Stage, s.Reviewer.Name); err != nil {
		return nil, err
	}
	return it, nil
}

// Note keeps the reviewer's note on a record at the session's stage (an
// empty one clears it), decided or not, and gives it as kept.
func (s *Session) Note(ctx context.Context, id int64, text string) (string, error) {
	text = strings.TrimSpace(text)
	return text, s.st.SetNote(ctx, review.Note{RecordID: id, Stage: s.Stage, Reviewer: s.Reviewer.Name, Text: text})
}

// Skip passes over a record for this session; it stays in the queue.
func (s *Session) Skip(id int64) {
	s.skipped[id] = true
	s.Skipped++
}

// Decide commits the reviewer's decision on a record. At full text an
// exclusion needs a reason.
func (s *Session) Decide(ctx context.Context, id int64, d review.Decision, reason, note string) error {
	if err := review.CheckReason(s.Stage, d, reason); err != nil {
		return err
	}
	if d != review.Exclude {
		reason = ""
	}
	v := review.Vote{RecordID: id, Stage: s.Stage, Reviewer: s.Reviewer.Name, Decision: d, Reason: reason, Note: note}
	if err := s.st.Decide(ctx, []review.Vote{v}, s.Reviewer.Name); err != nil {
		return err
	}
	s.Done++
	s.Left--
	if s.rk != nil {
		s.learn(id, d)
	}
	return nil
}

// Undo withdraws the reviewer's most recent decision at the stage and
// gives that record back to screen again, or nil when there is none.
func (s *Session) Undo(ctx context.Context) (*Item, *review.Vote, error) {
	last, err := s.st.LastVote(ctx, s.Reviewer.Name, s.Stage)
	if err != nil || last == nil {
		return nil, nil, err
	}
	w := review.Vote{RecordID: last.RecordID, Stage: s.Stage, Reviewer: s.Reviewer.Name, Decision: review.Withdrawn}
	if err := s.st.Decide(ctx, []review.Vote{w}, s.Reviewer.Name); err != nil {
		return nil, nil, err
	}
	s.Done--
	s.Left++
	delete(s.skipped, last.RecordID)
	if s.rk != nil {
		s.learn(last.RecordID, review.Withdrawn)
	}
	it, err := s.item(ctx, last.RecordID)
	return it, last, err
}

// MarkDuplicate links the record being screened with another (a REF the
// reviewer typed), as `winnow dedup link` does. It reports whether the
// record still needs screening: it does when it remains its cluster's
// primary, which then stands for both.
func (s *Session) MarkDuplicate(ctx context.Context, id int64, ref review.Ref) (*duplicates.Linked, bool, error) {
	others, err := s.st.FindRef(ctx, ref)
	if err != nil {
		return nil, false, err
	}
	linked, err := duplicates.Link(ctx, s.st, s.Reviewer.Name, id, others[0])
	if err != nil {
		return nil, false, err
	}
	still, err := s.st.InQueue(ctx, s.Reviewer.Name, s.Stage, id)
	if err != nil {
		return nil, false, err
	}
	if !still {
		s.Left--
	}
	return linked, still, nil
}

// Reasons lists the exclusion reasons the reviewer can pick: the team's
// list, then the reasons they typed themselves.
func Reasons(ctx context.Context, st *store.Store, viewer review.Viewer) ([]string, error) {
	shared, err := st.Reasons(ctx)
	if err != nil {
		return nil, err
	}
	own, err := st.TypedReasons(ctx, review.Viewer{Name: viewer.Name, Blind: true})
	if err != nil {
		return nil, err
	}
	return append(shared, own...), nil
}
