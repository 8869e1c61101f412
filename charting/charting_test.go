package charting_test

import (
	"context"
	"errors"
	"fmt"
	"github.com/winnow-review/winnow/internal/storetest"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/winnow-review/winnow/charting"
	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/conflicts"
	"github.com/winnow-review/winnow/review/importer"
	"github.com/winnow-review/winnow/review/store"
)

type fixture struct {
	t    *testing.T
	ctx  context.Context
	st   *store.Store
	team []review.Reviewer
}

var (
	lead  = review.Viewer{Name: "alice", Lead: true, Blind: true}
	bobV  = review.Viewer{Name: "bob", Blind: true}
	alice = review.Reviewer{Name: "alice", Lead: true}
)

// newReview builds a review of 12 records screened by bob and carol:
// records 1 to 10 included at both stages, 11 and 12 excluded on title
// and abstract; the rainbow form installed.
func newReview(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	st, err := store.Create(ctx, storetest.Location(t, dir, "review.db"), "test", 2, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	for i, name := range []string{"alice", "bob", "carol"} {
		if _, err := st.AddReviewer(ctx, name, i == 0, "alice"); err != nil {
			t.Fatal(err)
		}
	}
	var b strings.Builder
	for i := 1; i <= 12; i++ {
		fmt.Fprintf(&b, "TY  - JOUR\nTI  - Study %d of integrated care\nAU  - Author%d, A.\nPY  - 2015\nDO  - 10.1000/s%d\nER  - \n\n", i, i, i)
	}
	export := filepath.Join(dir, "export.ris")
	if err := os.WriteFile(export, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := importer.Import(ctx, st, []string{export}, importer.Options{Source: "MEDLINE", Kind: review.Database, By: "alice"}); err != nil {
		t.Fatal(err)
	}
	for _, stage := range review.Stages {
		var votes []review.Vote
		for id := int64(1); id <= 12; id++ {
			if stage == review.FullText && id > 10 {
				continue
			}
			d := review.Include
			reason := ""
			if id > 10 {
				d, reason = review.Exclude, "off topic"
			}
			for _, who := range []string{"bob", "carol"} {
				votes = append(votes, review.Vote{RecordID: id, Stage: stage, Reviewer: who, Decision: d, Reason: reason})
			}
		}
		if err := st.Decide(ctx, votes, "alice"); err != nil {
			t.Fatal(err)
		}
	}
	form, err := charting.ParseForm("rainbow", charting.Templates["rainbow"])
	if err != nil {
		t.Fatal(err)
	}
	if _, err := charting.Install(ctx, st, alice, form, "template rainbow"); err != nil {
		t.Fatal(err)
	}
	team, _ := st.Team(ctx)
	return &fixture{t: t, ctx: ctx, st: st, team: team}
}

// extraction is bob's and carol's charting of the ten included studies,
// loaded by the lead from one file.
const extraction = `record,reviewer,study_design,integration_levels,location
1,bob,qualitative,"macro, meso, micro",North West
1,carol,Qualitative,"micro,meso,macro",North West
2,bob,qualitative,micro,
2,carol,qualitative,micro,
3,bob,qualitative,micro,
3,carol,qualitative,micro,
4,bob,qualitative,"meso, micro",
4,carol,qualitative,"micro, meso",
5,bob,mixed methods,macro,
5,carol,mixed methods,macro,
6,bob,mixed methods,micro,
6,carol,mixed methods,"micro, meso",
7,bob,review,,
7,carol,review,,
8,bob,qualitative,,
8,carol,review,,
9,bob,quantitative,,
`

func (f *fixture) load() {
	f.t.Helper()
	n, err := charting.Import(f.ctx, f.st, alice, lead, "extraction.csv", []byte(extraction))
	if err != nil {
		f.t.Fatal(err)
	}
	if n != 31 {
		f.t.Fatalf("loaded %d answers, want 31", n)
	}
	for _, agree := range []struct {
		ref  int64
		args []string
	}{{8, []string{"study_design=review"}}, {6, []string{"integration_levels=meso"}}} {
		if _, err := charting.Agree(f.ctx, f.st, alice, review.Ref{ID: agree.ref}, agree.args, "discussed"); err != nil {
			f.t.Fatal(err)
		}
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

// TestSummaryWorkedByHand checks the summary of the fixture against
// counts and percentages worked out by hand:
//
//	study_design: consensus on 1-7 (the screeners agree) and 8 (the
//	lead); 9 has one answer, 10 none: n = 8, missing 2; qualitative 4
//	(1-4, 50%), mixed methods 2 (5, 6, 25%), review 2 (7, 8, 25%).
//
//	integration_levels: 1 macro+meso+micro, 2 and 3 micro, 4 meso+micro
//	(the same set in another order), 5 macro, 6 meso (the lead; bob said
//	micro, carol micro+meso); 7-10 none: n = 6, missing 4; micro 4
//	(66.67%), meso 3 (50%), macro 2 (33.33%); combinations micro only 2,
//	then macro only, meso only, meso + micro, macro + meso + micro 1 each
//	(16.67%).
func TestSummaryWorkedByHand(t *testing.T) {
	f := newReview(t)
	f.load()
	sum, err := charting.Summarise(f.ctx, f.st, lead, charting.SummaryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Studies != 10 {
		t.Errorf("%d included studies, want 10", sum.Studies)
	}
	byField := map[string]charting.FieldSummary{}
	for _, fs := range sum.Fields {
		byField[fs.Field] = fs
	}
	if len(sum.Fields) != 5 {
		t.Errorf("%d fields summarised, want the 5 choice and multichoice fields", len(sum.Fields))
	}
	design := byField["study_design"]
	if design.N != 8 || design.Missing != 2 {
		t.Errorf("study_design n = %d, missing %d; want 8 and 2", design.N, design.Missing)
	}
	want := []charting.Count{{Value: "qualitative", N: 4, Percent: 50}, {Value: "mixed methods", N: 2, Percent: 25}, {Value: "review", N: 2, Percent: 25}}
	for i, w := range want {
		if g := design.Values[i]; g.Value != w.Value || g.N != w.N || !near(g.Percent, w.Percent) {
			t.Errorf("study_design value %d = %+v, want %+v", i, g, w)
		}
	}
	if len(design.Values) != 10 || design.Values[3].N != 0 {
		t.Errorf("study_design lists %d values, want all 10 options, the unused at 0", len(design.Values))
	}
	if design.Combinations != nil {
		t.Errorf("a choice field has no combinations: %v", design.Combinations)
	}

	levels := byField["integration_levels"]
	if levels.N != 6 || levels.Missing != 4 {
		t.Errorf("integration_levels n = %d, missing %d; want 6 and 4", levels.N, levels.Missing)
	}
	wantLevels := []charting.Count{{Value: "micro", N: 4, Percent: 400.0 / 6}, {Value: "meso", N: 3, Percent: 50}, {Value: "macro", N: 2, Percent: 200.0 / 6}}
	for i, w := range wantLevels {
		if g := levels.Values[i]; g.Value != w.Value || g.N != w.N || !near(g.Percent, w.Percent) {
			t.Errorf("integration_levels value %d = %+v, want %+v", i, g, w)
		}
	}
	wantCombos := []struct {
		label string
		n     int
	}{{"micro only", 2}, {"macro only", 1}, {"meso only", 1}, {"meso + micro", 1}, {"macro + meso + micro", 1}}
	if len(levels.Combinations) != len(wantCombos) {
		t.Fatalf("combinations %+v, want %v", levels.Combinations, wantCombos)
	}
	for i, w := range wantCombos {
		c := levels.Combinations[i]
		if got := charting.CombinationLabel(c.Values); got != w.label || c.N != w.n || !near(c.Percent, float64(w.n)*100/6) {
			t.Errorf("combination %d = %s %d (%.2f%%), want %s %d", i, got, c.N, c.Percent, w.label, w.n)
		}
	}

	// Cross-tabulated over the studies with both: 1-6.
	sum, err = charting.Summarise(f.ctx, f.st, lead, charting.SummaryOptions{Field: "study_design", By: "integration_levels"})
	if err != nil {
		t.Fatal(err)
	}
	x := sum.Cross
	if x == nil || x.N != 6 {
		t.Fatalf("cross = %+v, want 6 studies with both", x)
	}
	cell := func(row, col string) int {
		for i, r := range x.Rows {
			for j, c := range x.Columns {
				if r == row && c == col {
					return x.Cells[i][j]
				}
			}
		}
		t.Fatalf("no cell %s × %s", row, col)
		return 0
	}
	for _, c := range []struct {
		row, col string
		n        int
	}{{"qualitative", "macro", 1}, {"qualitative", "meso", 2}, {"qualitative", "micro", 4}, {"mixed methods", "macro", 1}, {"mixed methods", "meso", 1}, {"mixed methods", "micro", 0}, {"review", "micro", 0}} {
		if got := cell(c.row, c.col); got != c.n {
			t.Errorf("%s × %s = %d, want %d", c.row, c.col, got, c.n)
		}
	}
}

// TestDiffListsWhatDiffersUntilTheLeadAgrees: before the lead agrees,
// study 8's design and study 6's levels differ; answers of the same set
// in another order, or of another case, do not; one reviewer's answer
// alone is not a difference.
func TestDiffListsWhatDiffersUntilTheLeadAgrees(t *testing.T) {
	f := newReview(t)
	if _, err := charting.Import(f.ctx, f.st, alice, lead, "extraction.csv", []byte(extraction)); err != nil {
		t.Fatal(err)
	}
	ds, err := charting.Diff(f.ctx, f.st, lead)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range ds {
		got = append(got, fmt.Sprintf("%d %s %s: %s / %s: %s", d.RecordID, d.Field, d.Answers[0].Reviewer, d.Answers[0].Value, d.Answers[1].Reviewer, d.Answers[1].Value))
	}
	want := []string{"6 integration_levels bob: micro / carol: meso, micro", "8 study_design bob: qualitative / carol: review"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diff:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if _, err := charting.Agree(f.ctx, f.st, alice, review.Ref{ID: 8}, []string{"study_design=review"}, ""); err != nil {
		t.Fatal(err)
	}
	if ds, _ = charting.Diff(f.ctx, f.st, lead); len(ds) != 1 || ds[0].RecordID != 6 {
		t.Errorf("after the lead agreed on 8, diff = %+v", ds)
	}
}

// TestBlindHidesTheOtherReviewer: while the review is blind a screener
// sees only their own answers, and no diff, summary or consensus export.
func TestBlindHidesTheOtherReviewer(t *testing.T) {
	f := newReview(t)
	f.load()
	if _, err := charting.Diff(f.ctx, f.st, bobV); !errors.Is(err, conflicts.ErrLeadsOnly) {
		t.Errorf("diff for bob while blind: %v", err)
	}
	if _, err := charting.Summarise(f.ctx, f.st, bobV, charting.SummaryOptions{}); !errors.Is(err, conflicts.ErrLeadsOnly) {
		t.Errorf("summary for bob while blind: %v", err)
	}
	var b strings.Builder
	if _, err := charting.Export(f.ctx, f.st, bobV, &b, charting.ExportOptions{Format: "csv"}); !errors.Is(err, conflicts.ErrLeadsOnly) {
		t.Errorf("consensus export for bob while blind: %v", err)
	}
	_, list, err := charting.List(f.ctx, f.st, bobV)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range list {
		for r := range p.Answered {
			if r != "bob" {
				t.Errorf("bob's list shows %s's answers on record %d", r, p.RecordID)
			}
		}
		if p.Consensus != nil || p.Charted != nil {
			t.Errorf("bob's list shows the consensus of record %d", p.RecordID)
		}
	}
	n, err := charting.Export(f.ctx, f.st, bobV, &b, charting.ExportOptions{Format: "csv", Reviewers: true})
	if err != nil {
		t.Fatal(err)
	}
	if n != 9 || strings.Contains(b.String(), "carol") {
		t.Errorf("bob's own export: %d rows\n%s", n, b.String())
	}
	s, err := charting.Open(f.ctx, f.st, review.Reviewer{Name: "bob"}, review.Ref{ID: 8})
	if err != nil {
		t.Fatal(err)
	}
	if s.Answers["study_design"] != "qualitative" {
		t.Errorf("bob's session shows %q for study 8, want his own qualitative", s.Answers["study_design"])
	}
}

// TestChangingTheFormKeepsAnswersAndFlagsTheStale: a new form without the
// option review keeps every answer, lists those with review as stale,
// and counts them nowhere: studies 7 and 8 become missing.
func TestChangingTheFormKeepsAnswersAndFlagsTheStale(t *testing.T) {
	f := newReview(t)
	f.load()
	yaml := strings.Replace(string(charting.Templates["rainbow"]), "options: [qualitative, mixed methods, analysis/commentary, review,", "options: [qualitative, mixed methods, analysis/commentary,", 1)
	yaml = strings.Replace(yaml, "version: 1", "version: 2", 1)
	form, err := charting.ParseForm("v2.yaml", []byte(yaml))
	if err != nil {
		t.Fatal(err)
	}
	in, err := charting.Install(f.ctx, f.st, alice, form, "v2.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var stale []string
	for _, s := range in.Stale {
		stale = append(stale, fmt.Sprintf("%d %s %s", s.RecordID, s.Reviewer, s.Value))
	}
	if want := "7 bob review|7 carol review|8 carol review|8  review"; strings.Join(stale, "|") != want {
		t.Errorf("stale answers %q, want %q", strings.Join(stale, "|"), want)
	}
	sum, err := charting.Summarise(f.ctx, f.st, lead, charting.SummaryOptions{Field: "study_design"})
	if err != nil {
		t.Fatal(err)
	}
	if d := sum.Fields[0]; d.N != 6 || d.Missing != 4 {
		t.Errorf("after the change study_design n = %d, missing %d; want 6 and 4", d.N, d.Missing)
	}
	s, err := charting.Open(f.ctx, f.st, review.Reviewer{Name: "carol"}, review.Ref{ID: 7})
	if err != nil {
		t.Fatal(err)
	}
	if !s.Stale["study_design"] || s.Answers["study_design"] != "review" {
		t.Errorf("carol's answer on 7 is kept and marked stale: %v %v", s.Answers, s.Stale)
	}
}

// TestImportIsCheckedWholeFirst: a bad value names the file, line and the
// valid options, and nothing of the file is loaded.
func TestImportIsCheckedWholeFirst(t *testing.T) {
	f := newReview(t)
	bad := "record,reviewer,study_design\n1,bob,qualitative\n2,bob,survey\n"
	_, err := charting.Import(f.ctx, f.st, alice, lead, "x.csv", []byte(bad))
	if err == nil || !strings.Contains(err.Error(), "x.csv:3") || !strings.Contains(err.Error(), `"survey" is not an option: give qualitative; mixed methods`) {
		t.Errorf("err = %v", err)
	}
	for _, c := range []struct{ file, msg string }{
		{"record,reviewer,design\n1,bob,qualitative\n", `column "design" is not a field of the form`},
		{"record,reviewer,study_design\n11,bob,qualitative\n", "record 11 is not included at full text"},
		{"record,reviewer,study_design\n1,bob,qualitative\n1,Bob,review\n", "one row per study and reviewer"},
		{"record,reviewer,study_design\n1,dan,qualitative\n", `reviewer "dan" is not on the team`},
	} {
		if _, err := charting.Import(f.ctx, f.st, alice, lead, "x.csv", []byte(c.file)); err == nil || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%q: err = %v, want %q", c.file, err, c.msg)
		}
	}
	if _, err := charting.Import(f.ctx, f.st, review.Reviewer{Name: "bob"}, bobV, "x.csv", []byte("record,reviewer,study_design\n1,carol,review\n")); err == nil || !strings.Contains(err.Error(), "may load only their own answers") {
		t.Errorf("bob loading carol's row: %v", err)
	}
	answers, err := f.st.Answers(f.ctx, 0, lead)
	if err != nil || len(answers) != 0 {
		t.Errorf("refused files loaded %d answers (%v)", len(answers), err)
	}
}

func TestParseForm(t *testing.T) {
	for _, c := range []struct{ yaml, msg string }{
		{"version: 1\nfields:\n  - id: a\n    typ: text\n", "form.yaml:4: field typ not found in type Field"},
		{"fields:\n  - id: a\n    type: text\n", "needs a version"},
		{"version: 1\nfields:\n  - id: A b\n    type: text\n", "lower-case letters"},
		{"version: 1\nfields:\n  - id: a\n    type: text\n  - id: a\n    type: text\n", "the id a is used twice"},
		{"version: 1\nfields:\n  - id: a\n    type: date\n", `type "date": give one of text, longtext, number, year, choice, multichoice, bool`},
		{"version: 1\nfields:\n  - id: a\n    type: choice\n", "a choice field needs options"},
		{"version: 1\nfields:\n  - id: a\n    type: text\n    options: [x]\n", "a text field takes no options"},
		{"version: 1\nfields:\n  - id: a\n    type: choice\n    options: [x, X]\n", `option "X" is listed twice`},
		{"version: 1\nfields:\n  - id: a\n    type: multichoice\n    options: [\"x, y\"]\n", "cannot hold a comma"},
		{"", "the file is empty"},
	} {
		_, err := charting.ParseForm("form.yaml", []byte(c.yaml))
		if err == nil || !errors.Is(err, charting.ErrBadForm) || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%q: err = %v, want %q", c.yaml, err, c.msg)
		}
	}
	f, err := charting.ParseForm("rainbow", charting.Templates["rainbow"])
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, fl := range f.Fields {
		ids = append(ids, fl.ID)
		if fl.Required {
			t.Errorf("rainbow field %s is required: none is, as in the seed review", fl.ID)
		}
	}
	if got := strings.Join(ids, " "); got != "location sectors study_design integration_levels integration_direction rainbow_dimensions key_findings" {
		t.Errorf("rainbow fields %s", got)
	}
	// A form saved by an editor in Windows-1252 or UTF-16, with CRLF line
	// ends, reads as the same form (it was refused: "invalid trailing UTF-8
	// octet"); an error still names its line.
	utf16 := func(s string) []byte {
		b := []byte{0xff, 0xfe}
		for _, r := range s {
			b = append(b, byte(r), byte(r>>8))
		}
		return b
	}
	for name, data := range map[string][]byte{
		"windows-1252": []byte("version: 1\r\ntitle: Formulaire \xe9tude\r\nfields:\r\n  - id: design\r\n    label: Type d'\xe9tude\r\n    type: text\r\n"),
		"utf-16":       utf16("version: 1\r\ntitle: Formulaire étude\r\nfields:\r\n  - id: design\r\n    label: Type d'étude\r\n    type: text\r\n"),
	} {
		f, err := charting.ParseForm(name, data)
		if err != nil || f.Title != "Formulaire étude" || f.Fields[0].Label != "Type d'étude" {
			t.Errorf("%s: %+v, %v", name, f, err)
		}
	}
	if _, err := charting.ParseForm("form.yaml", []byte("version: 1\r\nfields:\r\n  - id: a\r\n    typ: text\r\n")); err == nil || !strings.Contains(err.Error(), "form.yaml:4:") {
		t.Errorf("CRLF form: err = %v, want line 4 named", err)
	}

	// Options stay as written: YAML 1.1's yes/no are not booleans here.
	yn, err := charting.ParseForm("yn.yaml", []byte("version: 1\nfields:\n  - id: a\n    type: choice\n    options: [yes, no, on, off, 1.0]\n"))
	if err != nil || strings.Join(yn.Fields[0].Options, " ") != "yes no on off 1.0" {
		t.Errorf("options %v (%v)", yn, err)
	}
}

func TestParseValues(t *testing.T) {
	f, _ := charting.ParseForm("rainbow", charting.Templates["rainbow"])
	levels := f.Field("integration_levels")
	for in, want := range map[string]charting.Value{"micro, MACRO": "macro, micro", "meso,,micro": "meso, micro", " ": ""} {
		if got, err := levels.Parse(in); err != nil || got != want {
			t.Errorf("Parse(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := levels.Parse("micro, nano"); err == nil || !strings.Contains(err.Error(), `"nano" is not an option: give one or more of macro, meso, micro, separated by commas (e.g. integration_levels=macro,meso)`) {
		t.Errorf("err = %v", err)
	}
	// Options separated by semicolons are refused with words that say
	// the separator is a comma (and do not list the options with the
	// semicolons that misled).
	sectors := f.Field("sectors")
	if _, err := sectors.Parse("primary care;social care"); err == nil || !strings.Contains(err.Error(), `"primary care;social care" is not an option: give one or more of primary care, secondary care,`) || !strings.Contains(err.Error(), "separated by commas") {
		t.Errorf("err = %v", err)
	}
	// A choice (one answer) lists its options as before.
	design := f.Field("study_design")
	if _, err := design.Parse("survey"); err == nil || !strings.Contains(err.Error(), `"survey" is not an option: give qualitative; mixed methods;`) {
		t.Errorf("err = %v", err)
	}
	year := &charting.Field{ID: "y", Type: charting.Year}
	if _, err := year.Parse("99"); err == nil {
		t.Error("99 read as a year")
	}
	b := &charting.Field{ID: "b", Type: charting.Bool}
	if v, _ := b.Parse("Y"); v != "yes" {
		t.Errorf("Y read as %q", v)
	}
	n := &charting.Field{ID: "n", Type: charting.Number}
	if v, _ := n.Parse("1,200.50"); v != "1200.5" {
		t.Errorf("1,200.50 read as %q", v)
	}
}
