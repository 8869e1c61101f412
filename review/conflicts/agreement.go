package conflicts

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"slices"

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/agreement"
	"github.com/winnow-review/winnow/review/store"
)

// Options choose what agreement is computed over.
type Options struct {
	Stage review.Stage
	// MaybeAsInclude counts a maybe as an include (as Covidence does);
	// otherwise maybe is a category of its own.
	MaybeAsInclude bool
	// Pilot limits agreement to the stage's pilot sample.
	Pilot bool
}

// Pair is the agreement of two screeners over the records both decided.
type Pair struct {
	A string `json:"a"`
	B string `json:"b"`
	agreement.Stats
}

// Report is the agreement between screeners at a stage.
type Report struct {
	Stage review.Stage `json:"stage"`
	// Categories name the rows and columns of every table, in order.
	Categories []review.Decision `json:"categories"`
	Pilot      bool              `json:"pilot"`
	Pairs      []Pair            `json:"pairs"`
	// FleissKappa is Fleiss' kappa over all screeners when more than two
	// decided records, over the records with as many decisions as the
	// review's screeners setting.
	FleissKappa *float64                `json:"fleiss_kappa"`
	Fleiss      *agreement.FleissResult `json:"fleiss"`
	// Changed counts the decisions changed, made or withdrawn after blind
	// mode was turned off or the record was resolved: not used.
	Changed int `json:"changed_after"`
	// Note says why there is nothing to report, when there is not.
	Note string `json:"note,omitempty"`
}

// Agreement computes the agreement between every pair of screeners who
// decided records in common at a stage, from their independent decisions
// (as they stood while the review was blind and before the record was
// resolved), and Fleiss' kappa when more than two screeners decided. A
// lead counts as a screener for the records they decided. The tables
// have a maybe row and column when any decision used is a maybe (unless
// maybe counts as include), so that every pair shares the same
// categories.
func Agreement(ctx context.Context, st *store.Store, viewer review.Viewer, opt Options) (*Report, error) {
	if err := CheckViewer(viewer, "agreement"); err != nil {
		return nil, err
	}
	set, err := st.ScreeningSettings(ctx)
	if err != nil {
		return nil, err
	}
	ratings, err := st.Ratings(ctx, opt.Stage, opt.Pilot)
	if err != nil {
		return nil, err
	}
	rep := &Report{Stage: opt.Stage, Pilot: opt.Pilot, Pairs: []Pair{}, Changed: ratings.Changed,
		Categories: []review.Decision{review.Include, review.Exclude}}
	used := ratings.Used
	for i, r := range used {
		if r.Decision == review.Maybe {
			if opt.MaybeAsInclude {
				used[i].Decision = review.Include
			} else if !slices.Contains(rep.Categories, review.Maybe) {
				rep.Categories = append(rep.Categories, review.Maybe)
			}
		}
	}
	cat := map[review.Decision]int{}
	for i, c := range rep.Categories {
		cat[c] = i
	}
	// The ratings come by record, then screener: each record's run is
	// read once, into the tables of the pairs of screeners in it (no map
	// per record: 100,000 records would cost tens of MB).
	var names []string
	for _, r := range used {
		if !slices.Contains(names, r.Reviewer) {
			names = append(names, r.Reviewer)
		}
	}
	slices.Sort(names)
	at := make(map[string]int, len(names))
	for i, n := range names {
		at[n] = i
	}
	k := len(rep.Categories)
	m := len(names)
	tables := make([][][]int, m*m) // tables[a*m+b], a < b
	counts := make([]int, m*m)
	var fleiss [][]int
	type rated struct{ who, c int }
	var run []rated
	for lo := 0; lo < len(used); {
		hi := lo
		run = run[:0]
		for ; hi < len(used) && used[hi].RecordID == used[lo].RecordID; hi++ {
			run = append(run, rated{at[used[hi].Reviewer], cat[used[hi].Decision]})
		}
		for i, x := range run {
			for _, y := range run[i+1:] {
				a, b := x, y
				if a.who > b.who {
					a, b = b, a
				}
				t := tables[a.who*m+b.who]
				if t == nil {
					t = make([][]int, k)
					for j := range t {
						t[j] = make([]int, k)
					}
					tables[a.who*m+b.who] = t
				}
				t[a.c][b.c]++
				counts[a.who*m+b.who]++
			}
		}
		if m > 2 && len(run) == set.Screeners {
			row := make([]int, k)
			for _, x := range run {
				row[x.c]++
			}
			fleiss = append(fleiss, row)
		}
		lo = hi
	}
	for a := range names {
		for b := a + 1; b < m; b++ {
			if counts[a*m+b] == 0 {
				continue // no record in common: left out
			}
			stats, err := agreement.Cohen(tables[a*m+b])
			if err != nil {
				return nil, err
			}
			rep.Pairs = append(rep.Pairs, Pair{A: names[a], B: names[b], Stats: stats})
		}
	}
	if m > 2 {
		if set.Screeners < 2 {
			rep.Fleiss = &agreement.FleissResult{Note: "each record needs one screener: Fleiss' kappa needs two ratings or more per record"}
		} else {
			f, err := agreement.Fleiss(fleiss)
			if err != nil {
				return nil, err
			}
			if f.Raters == 0 {
				f.Raters = set.Screeners
			}
			rep.Fleiss, rep.FleissKappa = &f, f.Kappa
		}
	}
	if len(rep.Pairs) == 0 {
		rep.Note = "no two screeners have decided a record in common at " + string(opt.Stage)
		if opt.Pilot {
			rep.Note += " in the pilot sample"
		}
	}
	return rep, nil
}

// ErrBadSize is a pilot of no records.
var ErrBadSize = errors.New("bad pilot size")

// DrawPilot draws a stage's calibration sample of size records, which
// then heads every screener's queue; with no seed given, one is drawn
// and returned (the log keeps it).
func DrawPilot(ctx context.Context, st *store.Store, lead review.Reviewer, stage review.Stage, size int, seed *uint64) ([]int64, uint64, error) {
	if size < 1 {
		return nil, 0, review.Refuse(ErrBadSize, "a pilot needs a size of one record or more")
	}
	var s uint64
	if seed != nil {
		s = *seed
	} else {
		var b [8]byte
		rand.Read(b[:])
		s = binary.LittleEndian.Uint64(b[:]) >> 1 // fits an int64 for whoever types it back
	}
	ids, err := st.DrawPilot(ctx, stage, size, s, lead.Name)
	return ids, s, err
}
