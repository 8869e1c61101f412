// Package conflicts is the lead's side of dual screening: the records in
// conflict, their resolution one at a time or from a file written during
// a consensus meeting, the agreement between screeners, and the pilot
// sample a team screens first to calibrate. While the review is blind,
// all of it is a lead's view: a screener never sees a conflict, which
// would tell them how a colleague decided.
package conflicts

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/screening"
	"github.com/winnow-review/winnow/review/store"
	"github.com/winnow-review/winnow/review/tabular"
)

// ErrLeadsOnly is what a screener is told while the review is blind.
var ErrLeadsOnly = review.ErrLeadsOnly

// WouldShow is what a view of everyone's decisions would show a screener.
const WouldShow = "it would show you how others decided"

// CheckViewer refuses a view of conflicts or agreement (named by its
// command: "conflicts") to anyone who may not see every screener's
// decisions.
func CheckViewer(viewer review.Viewer, view string) error {
	return review.CheckLead(viewer, view, "", WouldShow)
}

// Conflicts lists the records in conflict at a stage (with the resolved
// ones too when all is set), each with every screener's decision, reason
// and note.
func Conflicts(ctx context.Context, st *store.Store, viewer review.Viewer, stage review.Stage, all bool) ([]review.Disagreement, error) {
	if err := CheckViewer(viewer, "conflicts"); err != nil {
		return nil, err
	}
	return st.Disagreements(ctx, stage, all)
}

// check validates one resolution as typed: include or exclude, with a
// reason for an exclusion at full text (dropped from an inclusion).
func check(stage review.Stage, d review.Decision, reason string) (string, error) {
	if d != review.Include && d != review.Exclude {
		return "", review.Refuse(review.ErrBadDecision, "a resolution is include or exclude, not %s", d)
	}
	if err := review.CheckReason(stage, d, reason); err != nil {
		return "", err
	}
	if d != review.Exclude {
		return "", nil
	}
	return strings.TrimSpace(reason), nil
}

// Resolve records a lead's resolution of one record's conflict at a
// stage. It returns the record resolved (the cluster's primary).
func Resolve(ctx context.Context, st *store.Store, lead review.Reviewer, ref review.Ref, stage review.Stage, d review.Decision, reason, note string) (int64, error) {
	typed := reason
	reason, err := check(stage, d, reason)
	if err != nil {
		return 0, err
	}
	if err := review.CheckTypedReason(d, typed); err != nil {
		return 0, err
	}
	id, err := screening.FindRef(ctx, st, ref)
	if err != nil {
		return 0, err
	}
	r := review.Resolution{RecordID: id, Stage: stage, Decision: d, Reason: reason, Note: strings.TrimSpace(note), By: lead.Name}
	return id, st.SaveResolutions(ctx, []review.Resolution{r}, lead.Name)
}

// ErrBadFile is a resolutions file winnow cannot load.
var ErrBadFile = errors.New("bad resolutions file")

// resolutionColumns are the columns of a resolutions file; reason and note
// may be left out.
var resolutionColumns = []string{"record", "stage", "decision", "reason", "note"}

// ResolveFile loads a resolutions file (CSV with the columns record,
// stage, decision, reason, note), as written during a consensus meeting.
// The whole file is checked first and applied in one transaction: an
// error names the file and line, and changes nothing.
func ResolveFile(ctx context.Context, st *store.Store, lead review.Reviewer, name string, data []byte) (int, error) {
	f, err := tabular.Open(name, data, ErrBadFile, "resolution", resolutionColumns, 3)
	if err != nil {
		return 0, err
	}
	var rs []review.Resolution
	var lines []int
	seen := map[string]int{}
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
		reason, err := check(stage, d, row.Get("reason"))
		if err != nil {
			return 0, f.Refuse(line, err)
		}
		id, err := screening.FindRef(ctx, st, ref)
		if err != nil {
			return 0, f.Fail(line, "%v", err)
		}
		key := fmt.Sprintf("%d %s", id, stage)
		if prev, ok := seen[key]; ok {
			return 0, f.Fail(line, "record %d at %s is resolved on line %d already", id, stage, prev)
		}
		seen[key] = line
		rs = append(rs, review.Resolution{RecordID: id, Stage: stage, Decision: d, Reason: reason, Note: row.Get("note"), By: lead.Name, From: f.At(line)})
		lines = append(lines, line)
	}
	if len(rs) == 0 {
		return 0, review.Refuse(ErrBadFile, "%s has a header but no resolutions", name)
	}
	err = st.SaveResolutions(ctx, rs, lead.Name)
	var de *store.DecisionError
	if errors.As(err, &de) {
		return 0, f.Fail(lines[de.Index], "%v", de.Err)
	}
	return len(rs), err
}
