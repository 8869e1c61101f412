package screening

import (
	"context"
	"errors"
	"strings"
	"sync"

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/dedup"
	"github.com/winnow-review/winnow/review/dedup/match"
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

	// actor is the reviewer as they link records: Lead when they may act
	// as a lead.
	actor review.Reviewer
	// history is this session's decisions and links, in order: u takes
	// back the last of them.
	history []action
	// again holds records a link taken back put into the queue again:
	// they are shown next, wherever the walk is.
	again []int64
	// Revisit, when set, is the kind of the reviewer's own decisions the
	// session walks (screen --decision) instead of their queue.
	Revisit review.Decision
	// changing holds the records decided before that a jump (g REF)
	// showed again: a decision on one changes it (see find.go).
	changing map[int64]bool
}

// action is one of a session's decisions, or a link (the record screened
// when it was made, and the pair it linked).
type action struct {
	record int64
	link   *match.Pair
	// prev is the decision a revisit changed, which u puts back.
	prev *review.Vote
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
	// Labels are the reviewer's own labels on the record.
	Labels []string
	// Current is the reviewer's own current decision on the record, when
	// a revisit or a jump shows it again.
	Current *review.Vote
	// Sources are the databases (or sources) of the records of its
	// cluster, the record's own first.
	Sources []string
}

// Open starts a reviewer's session at a stage.
func Open(ctx context.Context, st *store.Store, by review.Reviewer, viewer review.Viewer, stage review.Stage, order Order) (*Session, error) {
	if err := StageOpen(ctx, st, viewer, stage); err != nil {
		return nil, err
	}
	s := &Session{st: st, Reviewer: by, Stage: stage, Order: order, skipped: map[int64]bool{},
		actor: review.Reviewer{Name: by.Name, Lead: viewer.Lead}}
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
	if s.Revisit != review.Withdrawn {
		return s.nextRevisit(ctx)
	}
	for len(s.again) > 0 {
		id := s.again[0]
		s.again = s.again[1:]
		ok, err := s.st.InQueue(ctx, s.Reviewer.Name, s.Stage, id)
		if err != nil {
			return nil, err
		}
		if ok && !s.skipped[id] {
			return s.item(ctx, id)
		}
	}
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
	if it.Sources, err = s.sources(ctx, r, it.Cluster); err != nil {
		return nil, err
	}
	if it.Note, err = s.st.NoteOn(ctx, id, s.Stage, s.Reviewer.Name); err != nil {
		return nil, err
	}
	if it.Labels, err = s.st.LabelsOf(ctx, s.Reviewer.Name, id); err != nil {
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
	var prev *review.Vote
	if s.Revisit != review.Withdrawn || s.changing[id] {
		var err error
		if prev, err = s.st.CurrentVote(ctx, s.Reviewer.Name, s.Stage, id); err != nil {
			return err
		}
	}
	if err := s.st.Decide(ctx, []review.Vote{v}, s.Reviewer.Name); err != nil {
		return err
	}
	if s.Revisit != review.Withdrawn {
		return s.changed(id, d, prev)
	}
	if prev != nil {
		// A decision changed after a jump (g REF): the counts stand.
		delete(s.changing, id)
		s.history = append(s.history, action{record: id, prev: prev})
		if s.rk != nil {
			s.learn(id, d)
		}
		return nil
	}
	s.Done++
	s.Left--
	s.history = append(s.history, action{record: id})
	if s.rk != nil {
		s.learn(id, d)
	}
	return nil
}

// Undo withdraws the reviewer's most recent decision at the stage and
// gives that record back to screen again, or nil when there is none.
func (s *Session) Undo(ctx context.Context) (*Item, *review.Vote, error) {
	if n := len(s.history); s.Revisit != review.Withdrawn || n > 0 && s.history[n-1].prev != nil {
		return s.undoRevisit(ctx)
	}
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
	if n := len(s.history); n > 0 && s.history[n-1].link == nil {
		s.history = s.history[:n-1]
	}
	delete(s.skipped, last.RecordID)
	if s.rk != nil {
		s.learn(last.RecordID, review.Withdrawn)
	}
	it, err := s.item(ctx, last.RecordID)
	return it, last, err
}

// Duplicate finds the record a REF the reviewer typed names, to show it
// beside the record being screened (id) before they link the two. A
// REF naming several records, the record itself or one already in its
// cluster is refused.
func (s *Session) Duplicate(ctx context.Context, id int64, ref review.Ref) (*review.Record, error) {
	found, err := s.st.FindRef(ctx, ref)
	if err != nil {
		return nil, err
	}
	if len(found) > 1 {
		return nil, review.Refuse(store.ErrNotFound, "%s names records %s: type the number of one", ref, review.JoinIDs(found))
	}
	mine, err := s.st.PrimaryOf(ctx, id)
	if err != nil {
		return nil, err
	}
	switch {
	case ref.ID == id:
		return nil, review.Refuse(dedup.ErrSameRecord, "record %d is the record on screen", id)
	case found[0] == mine:
		return nil, review.Refuse(dedup.ErrLinked, "%s is already linked with record %d", ref, id)
	}
	return s.st.Record(ctx, found[0])
}

// MarkDuplicate links the record being screened (id) with another, as
// `winnow dedup link` does; u takes the link back while it is the
// session's last action. It reports whether the record still needs
// screening: it does when it remains its cluster's primary, which then
// stands for both. The counts are read again: the link may take either
// record out of the queue, or bring decisions together.
func (s *Session) MarkDuplicate(ctx context.Context, id, other int64) (*dedup.Linked, bool, error) {
	linked, err := dedup.Link(ctx, s.st, s.actor, id, other)
	if err != nil {
		return nil, false, err
	}
	s.history = append(s.history, action{record: id, link: &linked.Links[0]})
	if err := s.recount(ctx); err != nil {
		return linked, false, err
	}
	still, err := s.st.InQueue(ctx, s.Reviewer.Name, s.Stage, id)
	return linked, still, err
}

// LinkedLast reports whether the session's last action is a link (which
// u takes back) rather than a decision.
func (s *Session) LinkedLast() bool {
	n := len(s.history)
	return n > 0 && s.history[n-1].link != nil
}

// TakeBack takes back the link that is the session's last action: the
// records are separate again, as before it, with no verdict left behind.
// It gives back the record that was on screen when the link was made;
// other records the link had taken out of the queue come next.
func (s *Session) TakeBack(ctx context.Context) (*Item, *dedup.Split, error) {
	if !s.LinkedLast() {
		return nil, nil, nil
	}
	last := s.history[len(s.history)-1]
	sp, err := dedup.TakeBack(ctx, s.st, s.actor, last.link.A, last.link.B)
	var refused *review.Refusal
	if errors.As(err, &refused) {
		// Someone else took the link apart meanwhile: it is no longer
		// this session's to take back, and u goes on to the decisions.
		s.history = s.history[:len(s.history)-1]
	}
	if err != nil {
		return nil, nil, err
	}
	s.history = s.history[:len(s.history)-1]
	for _, m := range sp.Cluster {
		if m != last.record {
			s.again = append(s.again, m)
		}
	}
	if err := s.recount(ctx); err != nil {
		return nil, sp, err
	}
	it, err := s.item(ctx, last.record)
	return it, sp, err
}

// recount reads the reviewer's counts again after a link changed the
// clusters, so that the screen, its quit message and `winnow status`
// agree.
func (s *Session) recount(ctx context.Context) error {
	var err error
	if s.Left, err = s.st.CountQueue(ctx, s.Reviewer.Name, s.Stage); err != nil {
		return err
	}
	s.Done, err = s.st.DecidedCount(ctx, s.Reviewer.Name, s.Stage)
	return err
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
