package bibtex

import (
	"io"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/winnow-review/winnow/internal/formattest"
	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/formats"
)

// TestQuirks reads the fixtures of testdata/quirks against their table
// (counts and error lines), then checks the fields and warnings that show
// each quirk was read right.
func TestQuirks(t *testing.T) {
	readers := map[string]*Reader{}
	files := formattest.Quirks(t, filepath.Join("testdata", "quirks"), func(r io.Reader, name string) formats.Reader {
		rd := NewReader(r, name)
		readers[name] = rd
		return rd
	})
	type want struct {
		keys, titles []string
		warnings     []string          // warnings of the entries, in order
		file         []formats.Warning // FileWarnings
	}
	tests := []struct {
		name string
		file string
		want want
	}{
		{"every entry of a repeated key is a record, with one warning per key", "mendeley-repeated-keys.bib", want{
			keys: []string{"Denner2014", "Denner2014", "Hosseini2016", "Hosseini2016", "Denner2014"},
			titles: []string{"Pair programming in middle school", "Does pair programming support girls' learning?",
				"Adaptive 360 VR video streaming: divide and conquer", "Adaptive 360 VR video streaming based on MPEG-DASH SRD", "A third 2014 paper"},
			file: []formats.Warning{
				{Line: 6, Msg: `key "Denner2014" is used by 3 entries, at lines 6, 13 and 33: each is imported as a record with that key as its source id (a citation key is not an identity; dedup compares the records)`},
				{Line: 19, Msg: `key "Hosseini2016" is used by 2 entries, at lines 19 and 26: each is imported as a record with that key as its source id (a citation key is not an identity; dedup compares the records)`},
			},
		}},
		{"one work listed twice under one key is two records", "scopus-same-work-twice.bib", want{
			keys: []string{"Wang20171", "Wang20171"},
			titles: []string{"EnTagRec++: An enhanced tag recommendation system for software information sites",
				"EnTagRec++: An enhanced tag recommendation system for software information sites"},
			file: []formats.Warning{
				{Line: 4, Msg: `key "Wang20171" is used by 2 entries, at lines 4 and 16: each is imported as a record with that key as its source id (a citation key is not an identity; dedup compares the records)`},
			},
		}},
		{"month macros are no undefined strings", "unquoted-months.bib", want{
			keys:   []string{"tmp", "2001ICRC....3..985D"},
			titles: []string{"Comparison of the accuracy of OpenStreetMap for Ireland with Google Maps", "Analysis of atmospheric muons with AMANDA"},
		}},
		{"JabRef's comments are not entries", "jabref-comments.bib", want{
			keys:   []string{"CitekeyArticle"},
			titles: []string{"The independence of the continuum hypothesis"},
		}},
		{"text between entries is comment, and a macro defined before it is used", "text-between-entries.bib", want{
			keys:   []string{"Smith2019"},
			titles: []string{"Control of queues"},
		}},
		{"parentheses delimit an entry", "parenthesis-delimited.bib", want{
			keys:   []string{"test2002", "test2003"},
			titles: []string{"Round brackets around an entry", "Braces as usual"},
		}},
		{"an entry without a key is a record with a warning", "missing-key.bib", want{
			keys:     []string{"", ""},
			titles:   []string{"Summary – The Greenland Ice Sheet in a Changing Climate", "R: A Language and Environment for Statistical Computing"},
			warnings: []string{"entry has no key: it is imported with no source id", "entry has no key: it is imported with no source id"},
		}},
		{"an empty macro is defined", "empty-string-macro.bib", want{
			keys:   []string{"ACISP:Smith22"},
			titles: []string{"Lattice attacks in practice"},
		}},
		{"spaces before the key are not part of it", "whitespace-before-key.bib", want{
			keys:   []string{"brown:family:1997"},
			titles: []string{"Family Strategies and Religious Practice: Baptism and the Lord's Supper in Early New England"},
		}},
		{"entries sharing a line are each a record", "entries-on-one-line.bib", want{
			keys:   []string{"a2020", "b2021", "c2022"},
			titles: []string{"First on the line", "Second on the same line", "A title with an @ sign, as in @home"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, rd := files[tt.file], readers[tt.file]
			if f == nil || rd == nil {
				t.Fatalf("%s was not read", tt.file)
			}
			var got want
			for _, e := range f.Entries {
				got.keys = append(got.keys, e.Record.SourceID)
				got.titles = append(got.titles, e.Record.Title)
				got.warnings = append(got.warnings, e.Warnings...)
			}
			got.file = rd.FileWarnings()
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

// TestQuirkFields checks whole records of the quirk fixtures whose quirk
// lies in the fields, not in the keys.
func TestQuirkFields(t *testing.T) {
	files := formattest.Quirks(t, filepath.Join("testdata", "quirks"), func(r io.Reader, name string) formats.Reader {
		return NewReader(r, name)
	})
	tests := []struct {
		file string
		want review.Record
	}{
		{"google-scholar-accents.bib", review.Record{
			Type: "article", SourceID: "muller2020wildfire", Line: 3, Year: 2020,
			Title:    "Wildfire smoke and asthma in Köln and München",
			Abstract: "Die Gedenküberlieferung der Angelsachsen",
			Authors:  []review.Author{{Family: "Müller", Given: "Jürgen"}, {Family: "García", Given: "Ana"}, {Family: "Østergaard", Given: "Lars"}},
			Journal:  "Environmental Research", Volume: "182", Pages: "109044",
		}},
		{"cochrane-library.bib", review.Record{
			Type: "article", SourceID: "Huey25", Line: 2, Year: 2025,
			Title:    "Invented nutrition interventions for the management of obesity",
			Abstract: "Abstract - Background Invented meta-analysis (RR 0.8, 95% CI 0.6 to 1.0; I2 = 45%).",
			Authors:  []review.Author{{Family: "Huey", Given: "SL"}, {Family: "Mehta", Given: "NH"}, {Family: "Mehta", Given: "S"}},
			Journal:  "Cochrane Database of Systematic Reviews", Issue: "1", DOI: "10.1002/14651858.cd999999", ISSN: "1465-1858",
			URL:      "http://dx.doi.org/10.1002/14651858.CD999999",
			Keywords: []string{"*Pediatric Obesity [diet therapy, therapy]", "Child, Preschool", "Aged, 80 and over", "Humans"},
		}},
		{"wos-early-access.bib", review.Record{
			Type: "article", SourceID: "WOS:000723575300099", Line: 1, Year: 2021,
			Title:    "Toward an invented decision support system for the layered evaluation of adaptive systems",
			Abstract: "An invented abstract.",
			Authors:  []review.Author{{Family: "Dhouib", Given: "Amira"}, {Family: "Kolski", Given: "Christophe"}},
			Journal:  "UNIVERSAL ACCESS IN THE INFORMATION SOCIETY", DOI: "10.1007/s10209-021-00000-y", ISSN: "1615-5289",
		}},
		{"wos-escaped-brace.bib", review.Record{
			Type: "inproceedings", SourceID: "WOS:000380468600099", Line: 1, Year: 2014,
			Title: "An Invented Hybrid Algorithm with Preferences", Abstract: "A hybrid approach is proposed.",
			Authors: []review.Author{{Family: "Oliveira", Given: "Eunice"}, {Family: "Gomes", Given: "Alvaro"}},
			Journal: "2014 IEEE SYMPOSIUM ON INVENTED DECISION-MAKING", Pages: "32-39",
		}},
		{"scopus-art-number.bib", review.Record{
			Type: "article", SourceID: "Smith2020", Line: 1, Year: 2019,
			Title: "Fire seasons in a warming climate", Abstract: "Fire seasons lengthen. © 2019, The Author(s).",
			Authors: []review.Author{{Family: "Smith", Given: "J."}, {Family: "Doe", Given: "J."}},
			Journal: "Nature Communications", Volume: "10", Issue: "1", Pages: "5203",
			DOI: "10.1038/s41467-019-13000-0", URL: "https://www.scopus.com/inward/record.uri?eid=2-s2.0-85075000000",
		}},
		{"zotero-r-na.bib", review.Record{
			Type: "article", SourceID: "berg_invented_nodate", Line: 2,
			Title: "Invented Topic Classification for Invented Texts", Abstract: "We introduce an invented classifier.",
			Authors: []review.Author{{Family: "Berg", Given: "Anna"}, {Family: "Costa", Given: "Rui"}, {Family: "Lee", Given: "Chloe"}},
			Journal: "INVENTED POLITICAL ANALYSIS", DOI: "10.1000/ipa.2021.37",
		}},
		{"wos-double-braces.bib", review.Record{
			Type: "article", SourceID: "WOS:000512345600001", Line: 1, Year: 2021,
			Title: "Home visits after discharge: a trial", Abstract: "Visits cut readmissions.",
			Authors: []review.Author{{Family: "Berg", Given: "Anna"}, {Family: "Costa", Given: "Rui"}},
			Journal: "BMC GERIATRICS", Volume: "21", Issue: "1", Pages: "150",
			DOI: "10.1186/s12877-021-02000-1", ISSN: "1471-2318",
		}},
	}
	for _, tt := range tests {
		f := files[tt.file]
		if f == nil || len(f.Entries) != 1 {
			t.Errorf("%s: want one record", tt.file)
			continue
		}
		got := f.Entries[0].Record
		got.Raw = ""
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s:\n got %+v\nwant %+v", tt.file, got, tt.want)
		}
		if w := f.Entries[0].Warnings; len(w) > 0 {
			t.Errorf("%s: warnings %q", tt.file, w)
		}
	}
}
