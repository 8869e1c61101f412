package screening

import (
	"context"
	"errors"
	"io"
	"strings"

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/store"
	"github.com/winnow-review/winnow/review/tabular"
)

// ErrAmbiguous is a REF that names several records not linked as
// duplicates.
var ErrAmbiguous = errors.New("ambiguous record")

// FindRef finds the one record (a cluster's primary) a REF names.
func FindRef(ctx context.Context, st *store.Store, ref review.Ref) (int64, error) {
	ids, err := st.FindRef(ctx, ref)
	if err != nil {
		return 0, err
	}
	if len(ids) > 1 {
		return 0, review.Refuse(ErrAmbiguous, "%s names records %s, which are not linked as duplicates: give a record number (or link them with `winnow dedup link`)", ref, review.JoinIDs(ids))
	}
	return ids[0], nil
}

// Decide records one decision of the acting reviewer, made outside the
// screen (`winnow decide REF ...`). It returns the record decided (the
// cluster's primary).
func Decide(ctx context.Context, st *store.Store, by review.Reviewer, viewer review.Viewer, ref review.Ref, stage review.Stage, d review.Decision, reason, note string) (int64, error) {
	if by.Name == "" {
		return 0, review.Need("reviewer", review.ErrNoReviewer, "a decision needs a reviewer")
	}
	if err := review.CheckReason(stage, d, reason); err != nil {
		return 0, err
	}
	if err := review.CheckTypedReason(d, reason); err != nil {
		return 0, err
	}
	if err := StageOpen(ctx, st, viewer, stage); err != nil {
		return 0, err
	}
	id, err := FindRef(ctx, st, ref)
	if err != nil {
		return 0, err
	}
	if d != review.Exclude {
		reason = ""
	}
	v := review.Vote{RecordID: id, Stage: stage, Reviewer: by.Name, Decision: d, Reason: strings.TrimSpace(reason), Note: strings.TrimSpace(note)}
	return id, st.Decide(ctx, []review.Vote{v}, by.Name)
}

// ErrBadFile is a decisions file winnow cannot load.
var ErrBadFile = errors.New("bad decisions file")

// decisionColumns are the columns of a decisions file; reason and note
// may be left out.
var decisionColumns = []string{"record", "reviewer", "stage", "decision", "reason", "note"}

// DecideFile loads a decisions file (CSV with the columns record,
// reviewer, stage, decision, reason, note) made by the acting reviewer.
// The whole file is checked first and applied in one transaction: an
// error names the file and line, and changes nothing. A screener may load
// only rows of their own; a lead may load rows for anyone, and the log
// says the lead loaded them.
func DecideFile(ctx context.Context, st *store.Store, by review.Reviewer, team []review.Reviewer, viewer review.Viewer, name string, data []byte) (int, error) {
	f, err := tabular.Open(name, data, ErrBadFile, "decision", decisionColumns, 4)
	if err != nil {
		return 0, err
	}
	var votes []review.Vote
	var lines []int
	opened := map[review.Stage]bool{}
	for {
		row, err := f.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return 0, err
		}
		line := row.Line
		ref, stage, d, err := row.Decision()
		if err != nil {
			return 0, err
		}
		screener, err := row.Reviewer(team, by, viewer.Lead, "decisions")
		if err != nil {
			return 0, err
		}
		reason := row.Get("reason")
		if err := review.CheckReason(stage, d, reason); err != nil {
			return 0, f.Refuse(line, err)
		}
		if d != review.Exclude {
			reason = ""
		}
		if !opened[stage] {
			if err := StageOpen(ctx, st, viewer, stage); err != nil {
				return 0, f.Fail(line, "%v", err)
			}
			opened[stage] = true
		}
		id, err := FindRef(ctx, st, ref)
		if err != nil {
			return 0, f.Fail(line, "%v", err)
		}
		v := review.Vote{RecordID: id, Stage: stage, Reviewer: screener.Name, Decision: d, Reason: reason, Note: row.Get("note"), From: f.At(line)}
		if !strings.EqualFold(screener.Name, by.Name) {
			v.LoadedBy = by.Name
		}
		votes = append(votes, v)
		lines = append(lines, line)
	}
	if len(votes) == 0 {
		return 0, review.Refuse(ErrBadFile, "%s has a header but no decisions", name)
	}
	err = st.Decide(ctx, votes, by.Name)
	var de *store.DecisionError
	if errors.As(err, &de) {
		return 0, f.Fail(lines[de.Index], "%v", de.Err)
	}
	return len(votes), err
}
