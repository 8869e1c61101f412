package ris

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/winnow-review/winnow/internal/formattest"
	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/formats"
)

// TestQuirks reads the fixtures of testdata/quirks against their table
// (counts and error lines), then checks the fields that show each quirk
// was read right.
func TestQuirks(t *testing.T) {
	files := formattest.Quirks(t, filepath.Join("testdata", "quirks"), newReader)
	rec := func(t *testing.T, file string, i int) *review.Record {
		t.Helper()
		f := files[file]
		if f == nil || i >= len(f.Entries) {
			t.Fatalf("%s: no record %d", file, i+1)
		}
		if w := f.Entries[i].Warnings; len(w) > 0 {
			t.Errorf("%s record %d: warnings %q", file, i+1, w)
		}
		return &f.Entries[i].Record
	}
	tests := []struct {
		name  string
		file  string
		index int
		check func(t *testing.T, r *review.Record)
	}{
		{"CiteSource's RIS has no TY line: each run of tags closed by ER is a record", "citesource-no-ty.ris", 1, func(t *testing.T, r *review.Record) {
			if r.Title != "An invented review of wildfire smoke" || r.Line != 19 || r.Year != 2015 || r.Journal != "Environmental research" ||
				r.Pages != "120" || r.DOI != "10.1016/j.envres.0000.00.000" || len(r.Authors) != 1 || r.Type != "" {
				t.Errorf("record %+v", r)
			}
			if !strings.HasPrefix(r.Raw, "C1  - 1002\n") || !strings.HasSuffix(r.Raw, "ER  - ") {
				t.Errorf("raw %q", r.Raw)
			}
		}},
		{"Ovid's tags after ER stay in the record's raw text, up to the last of them", "ovid-tags-after-er.ris", 0, func(t *testing.T, r *review.Record) {
			if !strings.HasSuffix(r.Raw, "ER  -  \nNL  - Clin Psychol Psychother\nLA  - English\nPT  - Journal, Peer Reviewed Journal") {
				t.Errorf("raw does not end with the tags after ER: %q", r.Raw)
			}
			if r.Journal != "Clinical Psychology & Psychotherapy" || r.Language != "english" {
				t.Errorf("journal %q, language %q: want JF to win over NL, and LA after ER read", r.Journal, r.Language)
			}
		}},
		{"Ovid's NL is the journal of a record that names none other", "ovid-tags-after-er.ris", 1, func(t *testing.T, r *review.Record) {
			if r.Journal != "Clin Psychol Psychother" || r.SourceID != "2021-94054-002" {
				t.Errorf("journal %q, source id %q", r.Journal, r.SourceID)
			}
		}},
		{"Ovid's Link lines are no record's text", "ovid-tags-after-er.ris", 2, func(t *testing.T, r *review.Record) {
			if strings.Contains(r.Raw, "Link to") || !strings.HasSuffix(r.Raw, "ER  -  ") {
				t.Errorf("raw %q", r.Raw)
			}
		}},
		{"Embase's C1 database line after the first record belongs to it, the search strategy to none", "ovid-embase-search-strategy.ris", 0, func(t *testing.T, r *review.Record) {
			if !strings.HasSuffix(r.Raw, "C1  - Database: Embase <1980 to 2024 Week 25>") {
				t.Errorf("raw does not end with the C1 line: %q", r.Raw)
			}
			if r.Title != "Heart failure clinics and readmission" {
				t.Errorf("title %q", r.Title)
			}
		}},
		{"the search strategy does not reach the next record", "ovid-embase-search-strategy.ris", 1, func(t *testing.T, r *review.Record) {
			if strings.Contains(r.Raw, "exp heart failure") || r.Line != 25 {
				t.Errorf("record at line %d, raw %q", r.Line, r.Raw)
			}
		}},
		{"an abstract after ER is the record's abstract", "wiso-abstract-after-er.ris", 0, func(t *testing.T, r *review.Record) {
			if r.Abstract != "Abstract - We investigate how bargaining practices in the photonics industry make networks path-dependent." {
				t.Errorf("abstract %q", r.Abstract)
			}
		}},
		{"an ER line with no dash ends the record and stays out of its fields", "er-without-dash.ris", 0, func(t *testing.T, r *review.Record) {
			if r.URL != "https://github.com/citation-file-format/cffconvert" || !strings.HasSuffix(r.Raw, "\nER") {
				t.Errorf("url %q, raw %q", r.URL, r.Raw)
			}
		}},
		{"tags before TY belong to the record whose TY follows", "ty-inside-record.ris", 0, func(t *testing.T, r *review.Record) {
			if r.Title != "Population structure and habitat use of baboons in the Blyde Canyon Nature Reserve" || r.Pages != "67-76" ||
				r.Journal != "Koedoe" || r.Database != "McK" || r.Abstract != "" || r.Line != 1 {
				t.Errorf("got %+v", r)
			}
		}},
		{"the second record keeps its own leading tags, not the first's", "ty-inside-record.ris", 1, func(t *testing.T, r *review.Record) {
			if r.Title != "Home range of chacma baboons in a mountain reserve" || r.Database != "WoS" || r.Line != 16 ||
				!strings.HasPrefix(r.Raw, "DB  - WoS\n") {
				t.Errorf("got %+v", r)
			}
		}},
		{"two spaces after the dash are not part of the value", "cochrane-record-headers.ris", 0, func(t *testing.T, r *review.Record) {
			if r.Type != "JOUR" || r.SourceID != "CN-01234567" || r.Title != "Exercise for chronic low back pain" || r.Line != 5 {
				t.Errorf("got %+v", r)
			}
		}},
		{"untagged text after ER is no record's text", "untagged-text-after-er.ris", 0, func(t *testing.T, r *review.Record) {
			if strings.Contains(r.Raw, "exported") || r.Title != "Restoration of degraded grasslands" {
				t.Errorf("raw %q", r.Raw)
			}
		}},
		{"the records around a lost TY line are whole", "lost-ty-line.ris", 1, func(t *testing.T, r *review.Record) {
			if r.Title != "Good record after" || r.Line != 10 {
				t.Errorf("got %+v", r)
			}
		}},
		{"JF is the journal when T2 holds an alternative title", "ebsco-t2-alternative-title.ris", 0, func(t *testing.T, r *review.Record) {
			if r.Journal != "Time" || r.Title != "Ruts and peaks." || r.Year != 1952 || r.ISSN != "0040-781X" {
				t.Errorf("got %+v", r)
			}
		}},
		{"a BOM before the first TY is not part of the type", "endnote-mac-bom.ris", 0, func(t *testing.T, r *review.Record) {
			if r.Type != "JOUR" || r.Year != 2019 {
				t.Errorf("got %+v", r)
			}
		}},
		{"continuation lines starting with ER are text of the abstract", "er-at-line-start.ris", 0, func(t *testing.T, r *review.Record) {
			if r.Abstract != "Beta cells depend on protein folding in the endoplasmic reticulum.\nER stress was induced with thapsigargin and measured over 24 hours.\nERK phosphorylation rose in parallel." || r.Year != 2020 {
				t.Errorf("got %+v", r)
			}
		}},
		{"a blank line among the tags does not end the record", "blank-line-inside-record.ris", 0, func(t *testing.T, r *review.Record) {
			if r.Year != 2017 || r.Journal != "Journal of Blank Lines" || r.Line != 3 {
				t.Errorf("got %+v", r)
			}
		}},
		{"EBSCO's N2 is the abstract, Y1's odd date the year, Y2 no year, DB the database", "ebsco-cinahl-n2-y2.ris", 0, func(t *testing.T, r *review.Record) {
			if r.Abstract != "BACKGROUND: Noise is an occupational risk. METHODS: A survey of 2,000 members." || r.Year != 2020 ||
				r.Database != "CINAHL Complete" || r.Pages != "e2115-e2123" || r.Journal != "Military Medicine" || r.SourceID != "147887838" {
				t.Errorf("got %+v", r)
			}
		}},
		{"the same abstract in N2 and AB is read once", "ebsco-cinahl-n2-y2.ris", 1, func(t *testing.T, r *review.Record) {
			if r.Abstract != "Grid cells encode an animal's location in 2D environments." || r.Year != 2016 || r.DOI != "10.1016/j.neuron.2016.10.006" {
				t.Errorf("got %+v", r)
			}
		}},
		{"Scopus's C7 stands for the pages of an article with none", "scopus-c7-article-number.ris", 0, func(t *testing.T, r *review.Record) {
			if r.Pages != "5203" || r.Year != 2019 || r.Journal != "Nature Communications" || r.Database != "Scopus" {
				t.Errorf("got %+v", r)
			}
		}},
		{"pages win over C7, and an empty C7 is nothing", "scopus-c7-article-number.ris", 1, func(t *testing.T, r *review.Record) {
			if r.Pages != "1201-1215" || r.Year != 2021 {
				t.Errorf("got %+v", r)
			}
		}},
		{"an empty tag with no space after the dash is a tag, not text of the tag above", "embase-empty-tags.ris", 0, func(t *testing.T, r *review.Record) {
			if r.Issue != "9" || r.Pages != "" || r.DOI != "10.1177/2325967120950040" || r.ISSN != "2325-9671" || r.Year != 2020 ||
				r.Abstract != "Background: Athletic endeavor can require the shoulder to tolerate load. Outcome measures are valuable when determining return to sport." {
				t.Errorf("got %+v", r)
			}
		}},
		{"an empty IS is no issue, and the record after an ER with no space is whole", "embase-empty-tags.ris", 1, func(t *testing.T, r *review.Record) {
			if r.Issue != "" || r.Pages != "12" || r.Line != 22 {
				t.Errorf("got %+v", r)
			}
		}},
		{"Ovid MEDLINE's ID is the PMID", "ovid-medline-id-pmid.ris", 0, func(t *testing.T, r *review.Record) {
			if r.PMID != "32672909" || r.SourceID != "32672909" || r.Year != 2020 {
				t.Errorf("got %+v", r)
			}
		}},
		{"Embase's ID is no PMID", "ovid-medline-id-pmid.ris", 1, func(t *testing.T, r *review.Record) {
			if r.PMID != "" || r.SourceID != "2006713348" {
				t.Errorf("got %+v", r)
			}
		}},
		{"an Ovid MEDLINE link's AN is the PMID", "ovid-link-pmid.ris", 0, func(t *testing.T, r *review.Record) {
			if r.PMID != "39000001" || r.Journal != "Journal of invented medicine" || r.DOI != "10.1000/jim.2024.17" || r.Year != 2024 {
				t.Errorf("got %+v", r)
			}
		}},
		{"a PsycInfo link's AN is no PMID", "ovid-link-pmid.ris", 1, func(t *testing.T, r *review.Record) {
			if r.PMID != "" {
				t.Errorf("PMID %q from a PsycInfo link", r.PMID)
			}
		}},
		{"an Embase link's AN is no PMID", "ovid-link-pmid.ris", 2, func(t *testing.T, r *review.Record) {
			if r.PMID != "" {
				t.Errorf("PMID %q from an Embase link", r.PMID)
			}
		}},
		{"Cochrane's C3 PUBMED id is the PMID", "cochrane-c3-pubmed.ris", 0, func(t *testing.T, r *review.Record) {
			if r.PMID != "21000001" || r.SourceID != "CN-01000001" || r.Journal != "Trials" {
				t.Errorf("got %+v", r)
			}
		}},
		{"Cochrane's C3 with a PUBMED and an EMBASE id", "cochrane-c3-pubmed.ris", 1, func(t *testing.T, r *review.Record) {
			if r.PMID != "38000002" || r.SourceID != "CN-01000002" || r.Pages != "1279-1297" {
				t.Errorf("got %+v", r)
			}
		}},
		{"Cochrane's et al. is no author", "cochrane-review-et-al.ris", 0, func(t *testing.T, r *review.Record) {
			want := []review.Author{{Family: "Berg", Given: "A"}, {Family: "Costa", Given: "R"}, {Family: "Lee", Given: "C"}}
			if !reflect.DeepEqual(r.Authors, want) || r.SourceID != "CD000001" || r.Year != 2016 || r.Issue != "10" ||
				r.Journal != "Cochrane Database of Systematic Reviews" || r.DOI != "10.1002/14651858.cd000001.pub3" ||
				r.Title != "Invented therapy for invented conditions in adults" || r.Abstract != "Abstract - Background An invented review." {
				t.Errorf("got %+v", r)
			}
		}},
		{"Lens's null is no part of a name", "lens-null-names.ris", 0, func(t *testing.T, r *review.Record) {
			want := []review.Author{{Family: "Mwangi", Given: "Grace"}, {Family: "Grose"}, {Family: "The Invented Journal"}}
			if !reflect.DeepEqual(r.Authors, want) {
				t.Errorf("authors %+v, want %+v", r.Authors, want)
			}
		}},
		{"EBSCO's N.PAG is no page", "ebsco-npag.ris", 0, func(t *testing.T, r *review.Record) {
			if r.Pages != "" || r.Volume != "32" || r.Issue != "2" || r.Year != 2016 {
				t.Errorf("got %+v", r)
			}
		}},
		{"EBSCO's N.PAG is no page, second record", "ebsco-npag.ris", 1, func(t *testing.T, r *review.Record) {
			if r.Pages != "" || r.Volume != "764" {
				t.Errorf("got %+v", r)
			}
		}},
		{"Python's None is no value", "python-none-values.ris", 0, func(t *testing.T, r *review.Record) {
			if r.Volume != "" || r.Pages != "" || r.Journal != "Invented Journal of Medicine" || r.Year != 2025 || len(r.Authors) != 2 {
				t.Errorf("volume %q, pages %q, journal %q, year %d, %d authors", r.Volume, r.Pages, r.Journal, r.Year, len(r.Authors))
			}
		}},
		{"pandas' nan is no value", "pandas-nan-values.ris", 0, func(t *testing.T, r *review.Record) {
			if r.Pages != "e0188810" || r.Issue != "" || r.Year != 2020 || r.Volume != "15" || len(r.Authors) != 2 {
				t.Errorf("got %+v", r)
			}
		}},
		{"pandas' nan is no abstract and NaN no volume", "pandas-nan-values.ris", 1, func(t *testing.T, r *review.Record) {
			if r.Abstract != "" || r.Volume != "" || r.Issue != "2" || r.Pages != "11-19" {
				t.Errorf("got %+v", r)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.check(t, rec(t, tt.file, tt.index))
		})
	}
}

// TestQuirkTagsBetweenRecords checks that tag lines between records that
// repeat a tag of the record before are a file warning at their line,
// never dropped silently.
func TestQuirkTagsBetweenRecords(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "quirks", "tags-between-records.ris"))
	if err != nil {
		t.Fatal(err)
	}
	r := NewReader(strings.NewReader(string(data)), "tags-between-records.ris")
	var titles []string
	for _, e := range formattest.Entries(t, formattest.Read(t, r)) {
		if len(e.Warnings) > 0 {
			t.Errorf("record at line %d: warnings %q", e.Record.Line, e.Warnings)
		}
		titles = append(titles, e.Record.Title)
	}
	want := []formats.Warning{{Line: 8, Msg: "TI line after the ER of the record at line 1, which has its own TI: this one is not read (text between records, or a record that lost its TY line?)"}}
	if !reflect.DeepEqual(r.FileWarnings(), want) {
		t.Errorf("file warnings %v, want %v", r.FileWarnings(), want)
	}
	if !reflect.DeepEqual(titles, []string{"A Zotero record with blank lines after it", "The record after"}) {
		t.Errorf("titles %q", titles)
	}
}

// TestTagsAfterERSameValue checks that a tag after ER repeating the
// record's own value (an export writing a field twice) is no warning, and
// that Ovid's tags after ER, new to the record, are none either.
func TestTagsAfterERSameValue(t *testing.T) {
	in := "TY  - JOUR\nTI  - Same\nLA  - English\nER  - \nLA  - English\nNL  - J Abbr\n\nTY  - JOUR\nTI  - Next\nER  - \n"
	r := NewReader(strings.NewReader(in), "x.ris")
	n := len(formattest.Entries(t, formattest.Read(t, r)))
	if n != 2 || len(r.FileWarnings()) != 0 {
		t.Errorf("%d records, warnings %v; want 2 and none", n, r.FileWarnings())
	}
}

// TestUntyped checks when a file is read as having no TY lines: only when
// it has none at all, and then it says so once.
func TestUntyped(t *testing.T) {
	for _, tt := range []struct {
		text string
		want bool
	}{
		{"C1  - 1\nTI  - A\nER  - \n\nC1  - 2\nTI  - B\nER  - \n", true},
		{"AU  - Lost, A\nTI  - Cut from its start\nER  - \n\nTY  - JOUR\nTI  - B\nER  - \n", false},
		{"TI  - No ER anywhere\nAU  - X, Y\n", false},
		{"Some prose - with a dash\nER\n", false},
	} {
		if got := Untyped(tt.text); got != tt.want {
			t.Errorf("Untyped(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
	data, err := os.ReadFile(filepath.Join("testdata", "quirks", "citesource-no-ty.ris"))
	if err != nil {
		t.Fatal(err)
	}
	r := newReader(bytes.NewReader(data), "citesource-no-ty.ris").(*Reader)
	if es := formattest.Entries(t, formattest.Read(t, r)); len(es) != 2 || len(es[0].Warnings) != 0 {
		t.Fatalf("%d records, warnings %v", len(es), es)
	}
	if w := r.FileWarnings(); len(w) != 1 || w[0].Line != 1 || !strings.Contains(w[0].Msg, "no record has a TY line") {
		t.Errorf("file warnings %v", w)
	}
}
