package export_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"github.com/winnow-review/winnow/internal/storetest"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/conflicts"
	"github.com/winnow-review/winnow/review/export"
	"github.com/winnow-review/winnow/review/importer"
	"github.com/winnow-review/winnow/review/store"
)

var (
	lead   = review.Viewer{Name: "alice", Lead: true, Blind: true}
	bob    = review.Viewer{Name: "bob", Blind: true}
	nobody = review.Viewer{Blind: true}
)

// newReview creates an empty review with alice (lead), bob and carol.
func newReview(t testing.TB) *store.Store {
	t.Helper()
	ctx := context.Background()
	st, err := store.Create(ctx, storetest.Location(t, t.TempDir(), "review.db"), "test", 2, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	for i, name := range []string{"alice", "bob", "carol"} {
		if _, err := st.AddReviewer(ctx, name, i == 0, "alice"); err != nil {
			t.Fatal(err)
		}
	}
	return st
}

// importFiles imports each file as a search of its own.
func importFiles(t testing.TB, st *store.Store, files ...string) {
	t.Helper()
	for _, f := range files {
		if _, err := importer.Import(context.Background(), st, []string{f}, importer.Options{Source: filepath.Base(f), Kind: review.Database, By: "alice"}); err != nil {
			t.Fatalf("import %s: %v", f, err)
		}
	}
}

// write writes a file in a temporary folder and returns its path.
func write(t testing.TB, name, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func exportString(t testing.TB, st *store.Store, viewer review.Viewer, opt export.Options) (string, int) {
	t.Helper()
	var b bytes.Buffer
	n, err := export.Write(context.Background(), st, viewer, &b, opt)
	if err != nil {
		t.Fatalf("export %s %s: %v", opt.Set, opt.Format, err)
	}
	return b.String(), n
}

func records(t testing.TB, st *store.Store) []*review.Record {
	t.Helper()
	var out []*review.Record
	err := st.EachRecord(context.Background(), store.RecordQuery{All: true}, func(r *review.Record) error {
		out = append(out, r)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

var samples = []string{"medline.nbib", "embase.ris", "wos.txt", "cinahl.csv", "opengrey.bib", "websites.csv"}

// TestRoundTrip imports every sample export, writes all its records as
// RIS and as BibTeX, imports each file into a new review, and finds every
// record again with the same title, authors, year, DOI and journal.
func TestRoundTrip(t *testing.T) {
	st := newReview(t)
	for _, s := range samples {
		importFiles(t, st, filepath.Join("..", "..", "testdata", "sample", s))
	}
	want := records(t, st)
	if len(want) != 43 {
		t.Fatalf("the samples hold %d records, not 43", len(want))
	}
	for _, f := range []export.Format{export.RIS, export.BibTeX} {
		t.Run(string(f), func(t *testing.T) {
			text, n := exportString(t, st, nobody, export.Options{Set: store.ExportAll, Format: f})
			if n != len(want) {
				t.Fatalf("exported %d records, want %d", n, len(want))
			}
			again := newReview(t)
			importFiles(t, again, write(t, "all."+string(f), text))
			got := records(t, again)
			if len(got) != len(want) {
				t.Fatalf("the export reads back as %d records, want %d:\n%s", len(got), len(want), text)
			}
			for i := range want {
				w, g := want[i], got[i]
				if g.Title != w.Title || g.Year != w.Year || g.DOI != w.DOI || g.Journal != w.Journal || !slices.Equal(g.Authors, w.Authors) {
					t.Errorf("record %d (%s) reads back as\n  %q %v %d %q %q\nwant\n  %q %v %d %q %q\nwritten as:\n%s", w.ID, w.Source,
						g.Title, g.Authors, g.Year, g.DOI, g.Journal, w.Title, w.Authors, w.Year, w.DOI, w.Journal, g.Raw)
				}
			}
		})
	}
}

// TestRawWhereTheFormatMatches: a record imported from RIS goes out as RIS
// exactly as it came in (tags winnow does not read included), one from
// BibTeX as BibTeX with its key; the others are generated.
func TestRawWhereTheFormatMatches(t *testing.T) {
	st := newReview(t)
	dir := filepath.Join("..", "..", "testdata", "sample")
	importFiles(t, st, filepath.Join(dir, "embase.ris"), filepath.Join(dir, "opengrey.bib"), filepath.Join(dir, "medline.nbib"))
	recs := records(t, st)
	ris, _ := exportString(t, st, nobody, export.Options{Set: store.ExportAll, Format: export.RIS})
	bib, _ := exportString(t, st, nobody, export.Options{Set: store.ExportAll, Format: export.BibTeX})
	for _, r := range recs {
		switch r.Source {
		case "embase.ris":
			full, err := st.Record(context.Background(), r.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(ris, full.Raw+"\n") {
				t.Errorf("record %d: its raw RIS is not in the export", r.ID)
			}
		case "opengrey.bib":
			full, _ := st.Record(context.Background(), r.ID)
			if !strings.Contains(bib, full.Raw+"\n") {
				t.Errorf("record %d: its raw BibTeX is not in the export", r.ID)
			}
		}
	}
	for _, s := range []string{"M1  - (Thornton R.) School of Health Sciences", "U2  - L2001782453"} {
		if !strings.Contains(ris, s) {
			t.Errorf("the RIS export lost %q from a raw record", s)
		}
	}
	if !strings.Contains(bib, "@techreport{NHSEngland2016,") || !strings.Contains(bib, "month       = jan,") {
		t.Error("the BibTeX export does not hold opengrey.bib's entries as they were")
	}
	// MEDLINE records are generated in both.
	if strings.Contains(ris, "PMID- ") || strings.Contains(bib, "PMID- ") {
		t.Error("a MEDLINE record went out raw")
	}
	if !strings.Contains(ris, "TY  - JOUR\nTI  - ") || !strings.Contains(bib, "@article{") {
		t.Errorf("no generated journal article in the exports")
	}
}

// TestRISWithoutER: a RIS record whose file ended without its ER line
// goes out raw, with one.
func TestRISWithoutER(t *testing.T) {
	st := newReview(t)
	raw := "TY  - JOUR\nTI  - Last record of a cut file\nAU  - Smith, Ann\nZZ  - a tag winnow does not read"
	importFiles(t, st, write(t, "cut.ris", raw+"\n"))
	text, _ := exportString(t, st, nobody, export.Options{Set: store.ExportAll, Format: export.RIS})
	if text != raw+"\nER  - \n" {
		t.Errorf("got %q", text)
	}
}

// TestRISTagsAfterER: a record read with tags after its ER (Ovid) goes out
// with them before its ER, without Ovid's Link lines, and an ER with no
// dash goes out with one; both read back as the same records.
func TestRISTagsAfterER(t *testing.T) {
	st := newReview(t)
	in := "1. \nTY  - JOUR\nT1  - Shame and self-criticism\nER  -  \nNL  - Clin Psychol Psychother\n\n" +
		"Link to the Ovid Full Text or citation: http://example.org/1\nLA  - English\n\n2. \n" +
		"TY  - COMP\nTI  - cffconvert\nER\n"
	importFiles(t, st, write(t, "ovid.ris", in))
	text, _ := exportString(t, st, nobody, export.Options{Set: store.ExportAll, Format: export.RIS})
	want := "TY  - JOUR\nT1  - Shame and self-criticism\nNL  - Clin Psychol Psychother\nLA  - English\nER  -  \n\n" +
		"TY  - COMP\nTI  - cffconvert\nER  - \n"
	if text != want {
		t.Errorf("got\n%q\nwant\n%q", text, want)
	}
	again := newReview(t)
	importFiles(t, again, write(t, "again.ris", text))
	got, before := records(t, again), records(t, st)
	for i := range before {
		if got[i].Journal != before[i].Journal || got[i].Language != before[i].Language || got[i].Title != before[i].Title {
			t.Errorf("record %d reads back as %+v, want %+v", i+1, got[i], before[i])
		}
	}
}

// TestRISOfAnotherShape: a record read from a RIS file that wrote its own
// separator ("TY   - JOUR") goes out written anew in RIS's shape, which every
// reader reads, and reads back as the same record.
func TestRISOfAnotherShape(t *testing.T) {
	st := newReview(t)
	importFiles(t, st, write(t, "hand.ris", "TY   - JOUR\nTI   - Falls in care homes\nAU   - Okafor, Grace\nPY   - 2018\nER   - \n"))
	text, _ := exportString(t, st, nobody, export.Options{Set: store.ExportAll, Format: export.RIS})
	if !strings.HasPrefix(text, "TY  - JOUR\n") || strings.Contains(text, "   - ") || !strings.Contains(text, "TI  - Falls in care homes\n") {
		t.Errorf("got %q", text)
	}
	again := newReview(t)
	importFiles(t, again, write(t, "again.ris", text))
	got, before := records(t, again), records(t, st)
	if len(got) != 1 || got[0].Title != before[0].Title || got[0].Year != before[0].Year || !reflect.DeepEqual(got[0].Authors, before[0].Authors) {
		t.Errorf("reads back as %+v, want %+v", got, before)
	}
}

// TestBibTeXRepeatedKeys: entries that shared one key in their file (as
// Mendeley writes them) go out under keys of their own.
func TestBibTeXRepeatedKeys(t *testing.T) {
	st := newReview(t)
	in := "@article{Denner2014,\n title = {One},\n year = 2014,\n}\n@article{Denner2014,\n title = {Two},\n year = 2014,\n}\n"
	importFiles(t, st, write(t, "mendeley.bib", in))
	text, n := exportString(t, st, nobody, export.Options{Set: store.ExportAll, Format: export.BibTeX})
	if n != 2 || strings.Count(text, "{Denner2014,") != 1 || !strings.Contains(text, "title = {Two}") {
		t.Fatalf("got %d records:\n%s", n, text)
	}
	res, err := importer.Import(context.Background(), newReview(t), []string{write(t, "again.bib", text)}, importer.Options{Source: "S", Kind: review.Database, By: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range res[0].Warnings {
		if strings.Contains(w.Msg, "is used by") {
			t.Errorf("the export repeats a key: %s", w)
		}
	}
}

// TestBibTeXKeysAndMacros: keys stay unique across exports that share
// them, and an entry that needs its file's @string macros is generated
// rather than written raw with a macro nobody defines.
func TestBibTeXKeysAndMacros(t *testing.T) {
	st := newReview(t)
	importFiles(t, st,
		write(t, "a.bib", "@article{smith2020,\n  title = {Care at home},\n  author = {Smith, Ann},\n  year = 2020,\n  journal = {BMJ}\n}\n"),
		write(t, "b.bib", "@string{ijic = {International Journal of Integrated Care}}\n\n@article{smith2020,\n  title = {Care in hospital},\n  author = {Smith, Bea},\n  year = 2020,\n  journal = ijic\n}\n"),
		write(t, "c.ris", "TY  - JOUR\nTI  - 50% of {care} costs & $ #1 under_score \\ back~slash ^ caret -- dash 'quote' ''q''\nAU  - Smith, Ann\nAU  - Department of Health and Social Care\nPY  - 2020\nJO  - J_Care & Health\nDO  - 10.5555/a_b%20c\nER  - \n\n"+
			// A brace without its partner would end a BibTeX entry early: it
			// goes out as a LaTeX command, which winnow's reader drops.
			"TY  - JOUR\nTI  - An {unmatched brace\nPY  - 2021\nER  - \n"),
	)
	bib, n := exportString(t, st, nobody, export.Options{Set: store.ExportAll, Format: export.BibTeX})
	if n != 4 {
		t.Fatalf("exported %d records, want 4", n)
	}
	if strings.Count(bib, "@article{smith2020,") != 1 {
		t.Errorf("the key smith2020 is not written exactly once:\n%s", bib)
	}
	if strings.Contains(bib, "= ijic") {
		t.Errorf("an entry went out raw with a macro its file defined:\n%s", bib)
	}
	again := newReview(t)
	importFiles(t, again, write(t, "all.bib", bib))
	got, want := records(t, again), records(t, st)
	if len(got) != 4 {
		t.Fatalf("read back %d records, want 4:\n%s", len(got), bib)
	}
	if got[3].Title != "An unmatched brace" || got[3].Year != 2021 {
		t.Errorf("the entry with an unmatched brace reads back as %q %d", got[3].Title, got[3].Year)
	}
	for i := range want[:3] {
		if got[i].Title != want[i].Title || got[i].Journal != want[i].Journal || got[i].DOI != want[i].DOI || !slices.Equal(got[i].Authors, want[i].Authors) {
			t.Errorf("record %d reads back as %q %q %q %v, want %q %q %q %v\n%s", want[i].ID, got[i].Title, got[i].Journal, got[i].DOI, got[i].Authors,
				want[i].Title, want[i].Journal, want[i].DOI, want[i].Authors, bib)
		}
	}
	if want[1].Journal != "International Journal of Integrated Care" {
		t.Errorf("the macro was not expanded on import: %q", want[1].Journal)
	}
}

// TestCSVNeutralisesFormulas: a cell that a spreadsheet would run as a
// formula gets a leading apostrophe; the rest of the text is kept.
func TestCSVNeutralisesFormulas(t *testing.T) {
	st := newReview(t)
	var b strings.Builder
	titles := []string{`=HYPERLINK("http://evil.example","click")`, "+1 for integrated care", "-2 beds", "@SUM(A1:A2)", "Plain title"}
	for i, title := range titles {
		fmt.Fprintf(&b, "TY  - JOUR\nTI  - %s\nAU  - Smith, A.\nJO  - =cmd|'/C calc'!A0\nPY  - 2020\nDO  - 10.5555/x%d\nER  - \n\n", title, i)
	}
	importFiles(t, st, write(t, "evil.ris", b.String()))
	text, _ := exportString(t, st, nobody, export.Options{Set: store.ExportAll, Format: export.CSV})
	rows, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(rows[0], ","); got != "id,title,authors,year,journal,volume,issue,pages,doi,pmid,abstract,keywords,source" {
		t.Errorf("header %s", got)
	}
	for i, title := range titles {
		row := rows[i+1]
		want := "'" + title
		if title == "Plain title" {
			want = title
		}
		if row[1] != want {
			t.Errorf("title %q written as %q, want %q", title, row[1], want)
		}
		if row[4] != "'=cmd|'/C calc'!A0" {
			t.Errorf("journal %q not neutralised", row[4])
		}
	}
	for _, c := range []string{"=x", "+x", "-x", "@x", "\tx", "\rx"} {
		if got := export.Neutralise(c); got != "'"+c {
			t.Errorf("Neutralise(%q) = %q", c, got)
		}
	}
	for _, c := range []string{"", "x=1", "'quoted", "1-2"} {
		if got := export.Neutralise(c); got != c {
			t.Errorf("Neutralise(%q) = %q, want it unchanged", c, got)
		}
	}
}

// screened builds a review of six records screened by bob and carol:
//
//	1 included at both stages
//	2 excluded at title-abstract
//	3 excluded at full text, both for "wrong population"
//	4 excluded at full text for different reasons: the reason in conflict
//	5 a title-abstract conflict the lead resolved as exclude
//	6 not decided
func screened(t *testing.T) *store.Store {
	st := newReview(t)
	var b strings.Builder
	for i := 1; i <= 6; i++ {
		fmt.Fprintf(&b, "TY  - JOUR\nTI  - Study %d of integrated care\nAU  - Author%d, A.\nPY  - 2010\nDO  - 10.1000/s%d\nER  - \n\n", i, i, i)
	}
	importFiles(t, st, write(t, "export.ris", b.String()))
	ctx := context.Background()
	decide := func(stage review.Stage, id int64, who string, d review.Decision, reason string) {
		t.Helper()
		v := review.Vote{RecordID: id, Stage: stage, Reviewer: who, Decision: d, Reason: reason}
		if err := st.Decide(ctx, []review.Vote{v}, who); err != nil {
			t.Fatal(err)
		}
	}
	for _, who := range []string{"bob", "carol"} {
		for _, id := range []int64{1, 3, 4} {
			decide(review.TitleAbstract, id, who, review.Include, "")
		}
		decide(review.TitleAbstract, 2, who, review.Exclude, "")
	}
	for _, who := range []string{"bob", "carol"} {
		decide(review.FullText, 1, who, review.Include, "")
		decide(review.FullText, 3, who, review.Exclude, "wrong population")
	}
	decide(review.FullText, 4, "bob", review.Exclude, "wrong population")
	decide(review.FullText, 4, "carol", review.Exclude, "wrong setting")
	decide(review.TitleAbstract, 5, "bob", review.Include, "")
	decide(review.TitleAbstract, 5, "carol", review.Exclude, "off topic")
	res := review.Resolution{RecordID: 5, Stage: review.TitleAbstract, Decision: review.Exclude, By: "alice"}
	if err := st.SaveResolutions(ctx, []review.Resolution{res}, "alice"); err != nil {
		t.Fatal(err)
	}
	return st
}

func csvRows(t *testing.T, st *store.Store, viewer review.Viewer, opt export.Options) []map[string]string {
	t.Helper()
	opt.Format = export.CSV
	text, _ := exportString(t, st, viewer, opt)
	rows, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]string
	for _, row := range rows[1:] {
		m := map[string]string{}
		for i, h := range rows[0] {
			m[h] = row[i]
		}
		out = append(out, m)
	}
	return out
}

func ids(rows []map[string]string) string {
	var s []string
	for _, r := range rows {
		s = append(s, r["id"])
	}
	return strings.Join(s, " ")
}

func TestSets(t *testing.T) {
	st := screened(t)
	for _, c := range []struct {
		set   export.Set
		stage review.Stage
		want  string
	}{
		{store.ExportIncluded, "", "1"},
		{store.ExportTAIncluded, "", "1 3 4"},
		{store.ExportExcluded, "", "2 3 4 5"},
		{store.ExportExcluded, review.TitleAbstract, "2 5"},
		{store.ExportExcluded, review.FullText, "3 4"},
		{store.ExportFTExcluded, "", "3 4"},
		{store.ExportAll, "", "1 2 3 4 5 6"},
	} {
		t.Run(fmt.Sprintf("%s %s holds %s", c.set, c.stage, c.want), func(t *testing.T) {
			if got := ids(csvRows(t, st, lead, export.Options{Set: c.set, Stage: c.stage})); got != c.want {
				t.Errorf("got %s", got)
			}
		})
	}

	t.Run("excluded says the stage of each exclusion", func(t *testing.T) {
		rows := csvRows(t, st, lead, export.Options{Set: store.ExportExcluded})
		got := []string{}
		for _, r := range rows {
			got = append(got, r["id"]+" "+r["stage"])
		}
		want := "2 title-abstract,3 full-text,4 full-text,5 title-abstract"
		if strings.Join(got, ",") != want {
			t.Errorf("got %s, want %s", strings.Join(got, ","), want)
		}
	})

	t.Run("ft-excluded gives each reason, or says the reason is in conflict", func(t *testing.T) {
		rows := csvRows(t, st, lead, export.Options{Set: store.ExportFTExcluded})
		if rows[0]["ft_reason"] != "wrong population" || rows[1]["ft_reason"] != export.ReasonInConflict {
			t.Errorf("reasons %q, %q", rows[0]["ft_reason"], rows[1]["ft_reason"])
		}
		// One group of columns per screener, not one packed cell.
		r := rows[1]
		if got := r["bob_ft_decision"] + "/" + r["bob_ft_reason"] + "/" + r["carol_ft_decision"] + "/" + r["carol_ft_reason"]; got != "exclude/wrong population/exclude/wrong setting" {
			t.Errorf("the screeners' full-text columns: %q", got)
		}
		if got := rows[0]["ta_outcome"] + "/" + rows[0]["ft_outcome"]; got != "included/excluded" {
			t.Errorf("outcomes %s", got)
		}
	})

	t.Run("a resolution shows with the decisions it settled", func(t *testing.T) {
		rows := csvRows(t, st, lead, export.Options{Set: store.ExportAll})
		r5, r6 := rows[4], rows[5]
		if got := r5["bob_ta_decision"] + "/" + r5["carol_ta_decision"] + " (" + r5["carol_ta_reason"] + ")/" + r5["ta_resolution"]; got != "include/exclude (off topic)/exclude" {
			t.Errorf("record 5's decisions and resolution: %q", got)
		}
		if r5["ta_outcome"] != "excluded" || r5["ft_outcome"] != "" {
			t.Errorf("record 5: %q %q", r5["ta_outcome"], r5["ft_outcome"])
		}
		if r6["ta_outcome"] != "pending" || r6["bob_ta_decision"] != "" || r6["carol_ta_decision"] != "" || r6["ta_resolution"] != "" {
			t.Errorf("record 6: %+v", r6)
		}
	})
}

func TestBlind(t *testing.T) {
	st := screened(t)
	ctx := context.Background()
	for _, set := range []export.Set{store.ExportIncluded, store.ExportExcluded, store.ExportTAIncluded, store.ExportFTExcluded} {
		for _, v := range []review.Viewer{bob, nobody} {
			var b bytes.Buffer
			_, err := export.Write(ctx, st, v, &b, export.Options{Set: set, Format: export.RIS})
			if !errors.Is(err, conflicts.ErrLeadsOnly) {
				t.Errorf("%s as %q: %v, want a lead's view refused", set, v.Name, err)
			}
			if b.Len() > 0 {
				t.Errorf("%s as %q wrote %q", set, v.Name, b.String())
			}
		}
	}
	t.Run("a screener exports all without outcomes or anyone's decisions", func(t *testing.T) {
		text, n := exportString(t, st, bob, export.Options{Set: store.ExportAll, Format: export.CSV})
		if n != 6 {
			t.Errorf("%d records", n)
		}
		for _, s := range []string{"ta_outcome", "carol", "bob:", "excluded", "wrong"} {
			if strings.Contains(text, s) {
				t.Errorf("a screener's export holds %q:\n%s", s, text)
			}
		}
	})
	t.Run("with blind mode off everyone sees outcomes", func(t *testing.T) {
		if _, err := st.SetBlind(ctx, false, "alice"); err != nil {
			t.Fatal(err)
		}
		open := review.Viewer{Name: "bob"}
		if got := ids(csvRows(t, st, open, export.Options{Set: store.ExportIncluded})); got != "1" {
			t.Errorf("included: %s", got)
		}
	})
}

func TestOptions(t *testing.T) {
	for _, s := range []string{"included", "Excluded", " ta-included", "ft-excluded", "all"} {
		if _, err := export.ParseSet(s); err != nil {
			t.Errorf("ParseSet(%q): %v", s, err)
		}
	}
	_, err := export.ParseSet("studies")
	if !errors.Is(err, export.ErrBadSet) || !strings.Contains(err.Error(), "included, excluded, ta-included, ft-excluded, all") {
		t.Errorf("ParseSet(studies): %v", err)
	}
	if f, err := export.ParseFormat("bib"); err != nil || f != export.BibTeX {
		t.Errorf("ParseFormat(bib) = %q, %v", f, err)
	}
	if _, err := export.ParseFormat("endnote"); !errors.Is(err, export.ErrBadFormat) {
		t.Errorf("ParseFormat(endnote): %v", err)
	}
	st := newReview(t)
	_, err = export.Write(context.Background(), st, lead, &bytes.Buffer{}, export.Options{Set: store.ExportAll, Format: export.RIS, Stage: review.FullText})
	if !errors.Is(err, export.ErrStageNeedsExcluded) {
		t.Errorf("--stage with all: %v", err)
	}
	text, n := exportString(t, st, lead, export.Options{Set: store.ExportAll, Format: export.CSV})
	if n != 0 || !strings.HasPrefix(text, "id,title,") {
		t.Errorf("an empty export: %d records, %q", n, text)
	}
}
