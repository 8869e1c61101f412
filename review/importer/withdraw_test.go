package importer

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/winnow-review/winnow/prisma"
	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/dedup"
	"github.com/winnow-review/winnow/review/store"
)

// sampleReview imports four of the sample exports as searches 1-4
// (MEDLINE records 1-12, Embase 13-22, Web of Science 23-28, CINAHL
// 29-34) and runs dedup: 7 clusters, 10 duplicates (see
// testdata/sample/README.md).
func sampleReview(t *testing.T) *store.Store {
	t.Helper()
	st := mustCreate(t)
	for _, f := range []struct{ file, source string }{
		{"medline.nbib", "MEDLINE"}, {"embase.ris", "Embase"}, {"wos.txt", "Web of Science"}, {"cinahl.csv", "CINAHL"},
	} {
		importSample(t, st, f.file, f.source)
	}
	if _, err := dedup.Run(context.Background(), st, "alice", review.Viewer{}, false); err != nil {
		t.Fatal(err)
	}
	return st
}

func importSample(t *testing.T, st *store.Store, file, source string) {
	t.Helper()
	path := filepath.Join("..", "..", "testdata", "sample", file)
	if _, err := Import(context.Background(), st, []string{path}, Options{Source: source, Kind: review.Database, By: "alice"}); err != nil {
		t.Fatal(err)
	}
}

// state is what a person can see of a review: every live record with
// its primary, the links and queue of dedup, each stage's counts, bob's
// queue and the PRISMA flow.
type state struct {
	primary map[int64]int64
	links   string
	counts  string
	queue   []int64
	flow    string
}

func stateOf(t *testing.T, st *store.Store) state {
	t.Helper()
	ctx := context.Background()
	s := state{primary: map[int64]int64{}}
	err := st.EachRecord(ctx, store.RecordQuery{All: true}, func(r *review.Record) error {
		s.primary[r.ID] = r.DuplicateOf
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	links, err := st.Links(ctx)
	if err != nil {
		t.Fatal(err)
	}
	s.links = fmt.Sprint(links)
	counts, err := st.Counts(ctx, "bob")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(counts)
	s.counts = string(b)
	if s.queue, err = st.Queue(ctx, store.QueueQuery{Reviewer: "bob", Stage: review.TitleAbstract}); err != nil {
		t.Fatal(err)
	}
	flow, err := prisma.Derive(ctx, st)
	var perr *prisma.Error
	if err != nil && !errors.As(err, &perr) {
		t.Fatal(err)
	}
	b, _ = json.Marshal(flow)
	s.flow = string(b)
	return s
}

func (s state) equal(o state) bool {
	return maps.Equal(s.primary, o.primary) && s.links == o.links && s.counts == o.counts && slices.Equal(s.queue, o.queue) && s.flow == o.flow
}

func TestWithdrawLeavesEveryCountAndRestoreBringsItBack(t *testing.T) {
	ctx := context.Background()
	st := sampleReview(t)
	before := stateOf(t, st)

	// MEDLINE holds the primary of five clusters.
	w, err := Withdraw(ctx, st, review.Reviewer{Name: "alice", Lead: true}, 1, " wrong export ")
	if err != nil {
		t.Fatal(err)
	}
	if w.Search.Withdrawn == nil || w.Search.WithdrawnBy != "alice" || w.Search.WithdrawnNote != "wrong export" {
		t.Errorf("the search after withdrawal: %+v", w.Search)
	}
	if w.Links != 8 {
		t.Errorf("%d links stopped counting, want 8 (MEDLINE's links with the other searches)", w.Links)
	}
	after := stateOf(t, st)
	for id := range after.primary {
		if id <= 12 {
			t.Errorf("record %d of the withdrawn search is listed", id)
		}
	}
	if len(after.primary) != 22 {
		t.Errorf("%d records listed, want the 22 of Embase, Web of Science and CINAHL", len(after.primary))
	}
	// Social prescribing (3 MEDLINE, 13 Embase, 25 WoS): 13 and 25 are
	// linked to each other too, and stay one cluster under a new primary.
	// Joint commissioning (4 MEDLINE, 17 Embase): 17 is on its own now.
	if p := after.primary[25]; p != 13 {
		t.Errorf("record 25's primary is %d, want 13", p)
	}
	if after.primary[17] != 0 || after.primary[13] != 0 {
		t.Errorf("records 13 and 17 are duplicates of %d and %d, want primaries", after.primary[13], after.primary[17])
	}
	if strings.Contains(after.links, "{3 ") || strings.Contains(after.links, "{4 ") {
		t.Errorf("links in force with a withdrawn record: %s", after.links)
	}
	for _, id := range after.queue {
		if id <= 12 {
			t.Errorf("record %d of the withdrawn search is in bob's queue", id)
		}
	}
	counts, err := st.Counts(ctx, "bob")
	if err != nil {
		t.Fatal(err)
	}
	// 34 records, 10 duplicates: 24 to screen; without MEDLINE, 22
	// records and 5 dedup.
	if got := counts[review.TitleAbstract].Records; got != 17 {
		t.Errorf("%d records to screen, want 17", got)
	}
	flow, err := prisma.Derive(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	if flow.DatabaseResults != 22 || flow.Duplicates != 5 || flow.RecordsScreened != 17 {
		t.Errorf("flow: %d identified, %d duplicates, %d screened; want 22, 5, 17", flow.DatabaseResults, flow.Duplicates, flow.RecordsScreened)
	}
	for _, s := range flow.Sources {
		if s.Source == "MEDLINE" {
			t.Errorf("MEDLINE is among the flow's sources: %+v", flow.Sources)
		}
	}
	if _, err := st.FindRef(ctx, review.Ref{ID: 3}); !errors.Is(err, store.ErrWithdrawn) {
		t.Errorf("record 3 found: %v", err)
	}
	if ids, err := st.FindRef(ctx, review.Ref{DOI: "10.5555/hsc.12788"}); err != nil || !slices.Equal(ids, []int64{13}) {
		t.Errorf("the DOI of the social prescribing study names %v (%v), want record 13", ids, err)
	}
	if r, err := st.Record(ctx, 3); err != nil || !r.Withdrawn {
		t.Errorf("record 3 is not kept as withdrawn: %+v, %v", r, err)
	}
	// A dedup run compares nothing of the withdrawn search, and keeps
	// the clusters as they are now.
	if _, err := dedup.Run(ctx, st, "alice", review.Viewer{}, false); err != nil {
		t.Fatal(err)
	}
	if again := stateOf(t, st); !maps.Equal(again.primary, after.primary) || again.links != after.links {
		t.Errorf("a dedup run changed the clusters of the live records:\n%v\n%v", after.primary, again.primary)
	}

	if _, err := Withdraw(ctx, st, review.Reviewer{Name: "alice"}, 1, "again"); !errors.Is(err, store.ErrWithdrawn) {
		t.Errorf("a second withdrawal: %v", err)
	}
	if _, err := Restore(ctx, st, review.Reviewer{Name: "alice"}, 2, ""); !errors.Is(err, store.ErrNotWithdrawn) {
		t.Errorf("restoring a live search: %v", err)
	}
	if _, err := Withdraw(ctx, st, review.Reviewer{Name: "alice"}, 9, "x"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("withdrawing no search: %v", err)
	}

	if _, err := Restore(ctx, st, review.Reviewer{Name: "alice"}, 1, "it was right"); err != nil {
		t.Fatal(err)
	}
	if restored := stateOf(t, st); !restored.equal(before) {
		t.Errorf("restored is not as never withdrawn:\nbefore %+v\nafter  %+v", before, restored)
	}
	// The next run compares the restored records again and finds
	// nothing new.
	res, err := dedup.Run(ctx, st, "alice", review.Viewer{}, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Links) != 0 || res.Removed != 10 {
		t.Errorf("the run after a restoration: %d new links, %d duplicates", len(res.Links), res.Removed)
	}
	var actions []string
	events, err := st.Events(ctx, 3, review.Viewer{Name: "alice", Lead: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range events {
		actions = append(actions, e.Action)
	}
	if !slices.Contains(actions, "withdraw") || !slices.Contains(actions, "restore") {
		t.Errorf("record 3's log: %v", actions)
	}
}

func TestWithdrawKeepsTheDecisionsOfTheRecordsLeft(t *testing.T) {
	ctx := context.Background()
	st := mustCreate(t)
	// Citation searching found Embase's records first (search 1); bob
	// decides record 1 before MEDLINE (search 2) is imported and linked:
	// MEDLINE's record, from a database, becomes its primary.
	path := filepath.Join("..", "..", "testdata", "sample", "embase.ris")
	if _, err := Import(ctx, st, []string{path}, Options{Source: "Citations", Kind: review.Citation, By: "alice"}); err != nil {
		t.Fatal(err)
	}
	if err := st.Decide(ctx, []review.Vote{{RecordID: 1, Stage: review.TitleAbstract, Reviewer: "bob", Decision: review.Include}}, "bob"); err != nil {
		t.Fatal(err)
	}
	importSample(t, st, "medline.nbib", "MEDLINE")
	if _, err := dedup.Run(ctx, st, "alice", review.Viewer{}, false); err != nil {
		t.Fatal(err)
	}
	p, err := st.PrimaryOf(ctx, 1)
	if err != nil || p <= 10 {
		t.Fatalf("record 1's primary is %d (%v), want a MEDLINE record", p, err)
	}
	if n, _ := st.DecidedCount(ctx, "bob", review.TitleAbstract); n != 1 {
		t.Fatalf("bob decided %d clusters", n)
	}
	if _, err := Withdraw(ctx, st, review.Reviewer{Name: "alice"}, 2, "wrong"); err != nil {
		t.Fatal(err)
	}
	if p, _ := st.PrimaryOf(ctx, 1); p != 1 {
		t.Errorf("record 1's primary is %d, want itself", p)
	}
	votes, err := st.VotesOn(ctx, 1, review.Viewer{Name: "alice", Lead: true})
	if err != nil || len(votes) != 1 {
		t.Errorf("votes on record 1: %v, %v", votes, err)
	}
	if n, _ := st.DecidedCount(ctx, "bob", review.TitleAbstract); n != 1 {
		t.Errorf("bob decided %d clusters after the withdrawal, want 1", n)
	}
	if in, _ := st.InQueue(ctx, "bob", review.TitleAbstract, 1); in {
		t.Error("record 1 is back in bob's queue")
	}
	// A decision on a withdrawn record is refused, even by number.
	err = st.Decide(ctx, []review.Vote{{RecordID: p, Stage: review.TitleAbstract, Reviewer: "bob", Decision: review.Include}}, "bob")
	if !errors.Is(err, store.ErrWithdrawn) {
		t.Errorf("a decision on withdrawn record %d: %v", p, err)
	}
	if _, err := dedup.Link(ctx, st, review.Reviewer{Name: "alice", Lead: true}, 2, p); !errors.Is(err, store.ErrWithdrawn) {
		t.Errorf("a link to withdrawn record %d: %v", p, err)
	}
}

func TestWithdrawRefusesPeoplesWork(t *testing.T) {
	ctx := context.Background()
	lead := review.Reviewer{Name: "alice", Lead: true}
	st := sampleReview(t)
	// Nothing was done on WoS yet: a withdrawal would be allowed; each
	// kind of work on a record of it refuses it, naming the record.
	work := []struct {
		name, want string
		do         func() error
	}{
		{"a decision", "record 24 carries screening decisions", func() error {
			return st.Decide(ctx, []review.Vote{{RecordID: 24, Stage: review.TitleAbstract, Reviewer: "bob", Decision: review.Exclude, Reason: "r"}}, "bob")
		}},
		{"a person's link", "record 26 was linked or set apart by a person in dedup", func() error {
			_, err := dedup.Link(ctx, st, review.Reviewer{Name: "alice", Lead: true}, 20, 26)
			return err
		}},
		{"a person's different", "records 26, 27 were linked or set apart by a person in dedup", func() error {
			_, err := dedup.Decide(ctx, st, review.Reviewer{Name: "alice", Lead: true}, 22, 27, false)
			return err
		}},
		{"a charting answer", "record 28 carries charting answers", func() error {
			form, err := st.InstallForm(ctx, 1, "title: t", "alice", "form")
			if err != nil {
				return err
			}
			_, err = st.SaveAnswers(ctx, []store.Answer{{RecordID: 28, Reviewer: "bob", Field: "f", Value: "v", FormID: form}}, "bob")
			return err
		}},
	}
	for _, w := range work {
		if err := w.do(); err != nil {
			t.Fatalf("%s: %v", w.name, err)
		}
		_, err := Withdraw(ctx, st, lead, 3, "wrong")
		if !errors.Is(err, store.ErrInUse) || !strings.Contains(err.Error(), w.want) {
			t.Errorf("after %s: %v; want %q", w.name, err, w.want)
		}
	}
	// Refused means nothing changed.
	searches, err := st.Searches(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if searches[2].Withdrawn != nil {
		t.Error("a refused withdrawal withdrew the search")
	}
	// The DOI of record 24 and the others of the cluster: nothing.
	n := 0
	st.EachRecord(ctx, store.RecordQuery{All: true}, func(r *review.Record) error {
		if r.SearchID == 3 {
			n++
		}
		return nil
	})
	if n != 6 {
		t.Errorf("%d WoS records listed after the refusals, want 6", n)
	}
}

func TestWithdrawnFileImportsAgain(t *testing.T) {
	ctx := context.Background()
	st := sampleReview(t)
	if _, err := Withdraw(ctx, st, review.Reviewer{Name: "alice"}, 2, "the wrong Embase search"); err != nil {
		t.Fatal(err)
	}
	importSample(t, st, "embase.ris", "Embase")
	res, err := dedup.Run(ctx, st, "alice", review.Viewer{}, false)
	if err != nil {
		t.Fatal(err)
	}
	if res.Compared != 10 || res.Removed != 10 {
		t.Errorf("the new Embase search: %d compared, %d duplicates in all; want 10 and 10", res.Compared, res.Removed)
	}
	// Its twin cannot come back while the new one is live.
	if _, err := Restore(ctx, st, review.Reviewer{Name: "alice"}, 2, ""); !errors.Is(err, store.ErrExists) || !strings.Contains(err.Error(), "search 5") {
		t.Errorf("restoring the twin: %v", err)
	}
	// The new one again is refused as ever.
	path := filepath.Join("..", "..", "testdata", "sample", "embase.ris")
	if _, err := Import(ctx, st, []string{path}, Options{Source: "Embase", Kind: review.Database, By: "alice"}); !errors.Is(err, ErrAlreadyImported) {
		t.Errorf("a third import of the same file: %v", err)
	}
}

func TestRestoreKeepsWhatAPersonSetApart(t *testing.T) {
	ctx := context.Background()
	st := sampleReview(t)
	if _, err := Withdraw(ctx, st, review.Reviewer{Name: "alice"}, 1, "wrong"); err != nil {
		t.Fatal(err)
	}
	// Meanwhile a person splits 13 and 25 (both linked to MEDLINE's 3).
	if _, err := dedup.Undo(ctx, st, review.Reviewer{Name: "alice", Lead: true}, 13, false); err != nil {
		t.Fatal(err)
	}
	w, err := Restore(ctx, st, review.Reviewer{Name: "alice"}, 1, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(w.Broken) != 1 || w.Broken[0].A != 3 || w.Broken[0].B != 25 {
		t.Errorf("links left apart: %v, want 3-25", w.Broken)
	}
	c13, _ := st.ClusterOf(ctx, 13)
	c25, _ := st.ClusterOf(ctx, 25)
	if !slices.Equal(c13, []int64{3, 13}) || !slices.Equal(c25, []int64{25}) {
		t.Errorf("clusters %v and %v, want [3 13] and [25]", c13, c25)
	}
	// A later run does not join them again.
	if _, err := dedup.Run(ctx, st, "alice", review.Viewer{}, false); err != nil {
		t.Fatal(err)
	}
	if c25, _ := st.ClusterOf(ctx, 25); !slices.Equal(c25, []int64{25}) {
		t.Errorf("after a run, record 25 is in %v", c25)
	}
}

func TestWithdrawAfterAStop(t *testing.T) {
	ctx := context.Background()
	st := sampleReview(t)
	if _, err := st.Stop(ctx, review.TitleAbstract, "after 0 records", "", "alice"); err != nil {
		t.Fatal(err)
	}
	auto := func() int {
		t.Helper()
		c, err := st.Counts(ctx, "alice")
		if err != nil {
			t.Fatal(err)
		}
		return c[review.TitleAbstract].AutoExcluded
	}
	if n := auto(); n != 24 {
		t.Fatalf("%d excluded by automation, want 24", n)
	}
	if _, err := Withdraw(ctx, st, review.Reviewer{Name: "alice"}, 1, "wrong"); err != nil {
		t.Fatal(err)
	}
	// The clusters MEDLINE led keep the stop's exclusion under their new
	// primaries: 17 records screened, all excluded by automation.
	if n := auto(); n != 17 {
		t.Errorf("%d excluded by automation after the withdrawal, want 17", n)
	}
	if q, _ := st.Queue(ctx, store.QueueQuery{Reviewer: "bob", Stage: review.TitleAbstract}); len(q) != 0 {
		t.Errorf("bob's queue after a stop: %v", q)
	}
	if _, err := Restore(ctx, st, review.Reviewer{Name: "alice"}, 1, ""); err != nil {
		t.Fatal(err)
	}
	if n := auto(); n != 24 {
		t.Errorf("%d excluded by automation after the restoration, want 24", n)
	}
	// A search imported after the stop was never excluded by it, and
	// is not when it comes back.
	importSample(t, st, "opengrey.bib", "Opengrey")
	if _, err := Withdraw(ctx, st, review.Reviewer{Name: "alice"}, 5, "wrong"); err != nil {
		t.Fatal(err)
	}
	if _, err := Restore(ctx, st, review.Reviewer{Name: "alice"}, 5, ""); err != nil {
		t.Fatal(err)
	}
	if n := auto(); n != 24 {
		t.Errorf("%d excluded by automation after the late search came back, want 24", n)
	}
	if q, _ := st.Queue(ctx, store.QueueQuery{Reviewer: "bob", Stage: review.TitleAbstract}); len(q) != 5 {
		t.Errorf("bob's queue holds %v, want Opengrey's 5 records", q)
	}
}

func TestRestoredRecordsAreComparedByTheNextRun(t *testing.T) {
	ctx := context.Background()
	st := mustCreate(t)
	importSample(t, st, "medline.nbib", "MEDLINE")
	importSample(t, st, "embase.ris", "Embase")
	// Withdrawn before any run: the run compares MEDLINE alone.
	if _, err := Withdraw(ctx, st, review.Reviewer{Name: "alice"}, 2, "wrong"); err != nil {
		t.Fatal(err)
	}
	importSample(t, st, "wos.txt", "WoS")
	res, err := dedup.Run(ctx, st, "alice", review.Viewer{}, false)
	if err != nil {
		t.Fatal(err)
	}
	if res.Compared != 18 || res.Removed != 2 {
		t.Errorf("without Embase: %d compared, %d duplicates; want 18 and 2", res.Compared, res.Removed)
	}
	if _, err := Restore(ctx, st, review.Reviewer{Name: "alice"}, 2, ""); err != nil {
		t.Fatal(err)
	}
	if res, err = dedup.Run(ctx, st, "alice", review.Viewer{}, false); err != nil {
		t.Fatal(err)
	}
	if res.Removed != 8 {
		t.Errorf("with Embase back: %d duplicates, want 8 (as if it had never been withdrawn)", res.Removed)
	}
}
