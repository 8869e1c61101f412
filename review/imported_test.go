package review

import (
	"slices"
	"strings"
	"testing"
)

// Rayyan's notes as its exports write them: RIS N1, a CSV cell (quotes
// doubled), a BibTeX note.
func TestImportedScreening(t *testing.T) {
	for _, c := range []struct {
		name, raw, hidden string
		who               []string
	}{{
		name:   "ris",
		raw:    "TY  - JOUR\nTI  - A trial\nN1  - RAYYAN-INCLUSION: {\"Kofi\"=>\"Included\", \"Ama\"=>\"Maybe\"} | RAYYAN-LABELS: RCT,Hospital | RAYYAN-EXCLUSION-REASONS: wrong population | USER-NOTES: {\"Kofi\"=>[\"check later\"]}\nER  - ",
		hidden: "TY  - JOUR\nTI  - A trial\nN1  - RAYYAN-INCLUSION: # | RAYYAN-LABELS: # | RAYYAN-EXCLUSION-REASONS: # | USER-NOTES: #\nER  - ",
		who:    []string{"Kofi", "Ama"},
	}, {
		name:   "csv",
		raw:    `1,"Case management","Lee, A.",BMJ,2018,"An abstract.","RAYYAN-INCLUSION: {""Alice""=>""Excluded"", ""Bob""=>""Included""} | RAYYAN-EXCLUSION-REASONS: wrong ""setting"" | USER-NOTES: {""Alice""=>[""not primary care""]}",10.1/x`,
		hidden: `1,"Case management","Lee, A.",BMJ,2018,"An abstract.","RAYYAN-INCLUSION: # | RAYYAN-EXCLUSION-REASONS: # | USER-NOTES: #",10.1/x`,
		who:    []string{"Alice", "Bob"},
	}, {
		name:   "csv, labels last",
		raw:    `2,"Title",,"RAYYAN-INCLUSION: {""Alice""=>""Included""} | RAYYAN-LABELS: RCT",`,
		hidden: `2,"Title",,"RAYYAN-INCLUSION: # | RAYYAN-LABELS: #",`,
		who:    []string{"Alice"},
	}, {
		name:   "an empty part",
		raw:    "N1  - RAYYAN-LABELS: | RAYYAN-INCLUSION: {\"Ama\"=>\"Excluded\"}",
		hidden: "N1  - RAYYAN-LABELS: | RAYYAN-INCLUSION: #",
		who:    []string{"Ama"},
	}, {
		name:   "bibtex",
		raw:    "@article{lee2018,\n  title = {Case management},\n  note = {RAYYAN-INCLUSION: {\"Alice\"=>\"Excluded\"} | RAYYAN-LABELS: RCT}\n}",
		hidden: "@article{lee2018,\n  title = {Case management},\n  note = {RAYYAN-INCLUSION: # | RAYYAN-LABELS: #}\n}",
		who:    []string{"Alice"},
	}, {
		name:   "none",
		raw:    "TY  - JOUR\nTI  - USER-NOTES: a study of how users annotate\nN1  - Export Date: 1 May 2020\nER  - ",
		hidden: "TY  - JOUR\nTI  - USER-NOTES: a study of how users annotate\nN1  - Export Date: 1 May 2020\nER  - ",
	}} {
		t.Run(c.name, func(t *testing.T) {
			want := strings.ReplaceAll(c.hidden, "#", HiddenImported)
			if got := HideImportedScreening(c.raw); got != want {
				t.Errorf("hidden:\n%s\nwant:\n%s", got, want)
			}
			if got := ImportedScreeners(c.raw); !slices.Equal(got, c.who) {
				t.Errorf("screeners %q, want %q", got, c.who)
			}
			lead := Viewer{Name: "lee", Lead: true, Blind: true}
			screener := Viewer{Name: "kofi", Blind: true}
			if lead.Raw(c.raw) != c.raw || (Viewer{Name: "kofi"}).Raw(c.raw) != c.raw {
				t.Error("a lead, or anyone once the review is not blind, saw the raw text changed")
			}
			if screener.Raw(c.raw) != want {
				t.Error("a screener of a blind review saw another tool's screening")
			}
		})
	}
}

// TestImportedVotes: each reviewer's decision with their notes, and the
// record's reasons, from RIS and from a CSV cell.
func TestImportedVotes(t *testing.T) {
	ris := "N1  - RAYYAN-INCLUSION: {\"Kofi\"=>\"Included\", \"Ama Owusu\"=>\"Excluded\", \"Lee\"=>\"Maybe\"} | RAYYAN-EXCLUSION-REASONS: wrong population,foreign language | USER-NOTES: {\"Ama Owusu\"=>[\"adults only\", \"ask Kofi\"]}"
	csv := `3,"T","RAYYAN-INCLUSION: {""Kofi""=>""Included"", ""Ama Owusu""=>""Excluded"", ""Lee""=>""Maybe""} | RAYYAN-EXCLUSION-REASONS: wrong population,foreign language | USER-NOTES: {""Ama Owusu""=>[""adults only"", ""ask Kofi""]}",x`
	want := []ImportedVote{
		{Reviewer: "Kofi", Decision: Include},
		{Reviewer: "Ama Owusu", Decision: Exclude, Note: "adults only\nask Kofi"},
		{Reviewer: "Lee", Decision: Maybe},
	}
	for name, raw := range map[string]string{"ris": ris, "csv": csv} {
		votes, reasons, err := ImportedVotes(raw)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !slices.Equal(votes, want) || reasons != "wrong population,foreign language" {
			t.Errorf("%s: %+v, reasons %q", name, votes, reasons)
		}
	}
	if _, _, err := ImportedVotes(`RAYYAN-INCLUSION: {"Kofi"=>"Undecided"}`); err == nil || !strings.Contains(err.Error(), `Kofi's decision "Undecided"`) {
		t.Errorf("an unknown decision: %v", err)
	}
	if votes, _, err := ImportedVotes("TI  - no screening here"); votes != nil || err != nil {
		t.Errorf("a record without Rayyan's notes: %v, %v", votes, err)
	}
}
