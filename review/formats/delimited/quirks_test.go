package delimited

import (
	"bytes"
	"io"
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
	files := formattest.Quirks(t, filepath.Join("testdata", "quirks"), func(r io.Reader, name string) formats.Reader {
		// The importer sniffs the delimiter from the file's first bytes.
		data, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		comma, ok := Sniff(string(data[:min(len(data), 64<<10)]))
		if !ok {
			comma = ','
		}
		return NewReader(bytes.NewReader(data), name, comma)
	})
	tests := []struct {
		file  string
		index int
		want  review.Record
	}{
		{"semicolon-excel.csv", 0, review.Record{
			SourceID: "444919", Line: 2, Title: `"Gescoopt" risico management`,
			Authors: []review.Author{{Family: "Jansen", Given: "H.J.M."}},
		}},
		{"semicolon-excel.csv", 1, review.Record{
			SourceID: "444920", Line: 3, Title: "Design collaboration and team working",
			Abstract: `Teams share a "model" of the building`, DOI: "10.1000/xyz",
			Authors: []review.Author{{Family: "Quanjel", Given: "E.M.C.J."}},
		}},
		{"unclosed-quote.csv", 0, review.Record{
			SourceID: "331575", Line: 2, Title: "Team design in practice", Abstract: "Fine",
			Authors: []review.Author{{Family: "Smith", Given: "J."}},
		}},
		{"scopus-quoted-newlines.csv", 0, review.Record{
			SourceID: "2-s2.0-85025466823", Type: "Article", Line: 2, Year: 2017,
			Title:    "EnTagRec++: An enhanced tag recommendation system",
			Abstract: "Software information sites help developers.\n\nWe propose EnTagRec++, which \"learns\" tags.\n© 2017 Springer",
			Authors:  []review.Author{{Family: "Wang", Given: "Shaowei"}, {Family: "Lo", Given: "David"}},
			Journal:  "Empirical Software Engineering", Volume: "22", Issue: "3", Pages: "1-33",
			DOI: "10.1007/s10664-017-9533-1",
		}},
		{"scopus-quoted-newlines.csv", 1, review.Record{
			SourceID: "2-s2.0-85031499980", Type: "Article in press", Line: 6, Year: 2017,
			Title: "Understanding fast answers in Q&A websites", Abstract: "A one-line abstract.",
			Authors: []review.Author{{Family: "Hassan", Given: "Ahmed E."}},
			Journal: "Empirical Software Engineering", DOI: "10.1007/s10664-017-9558-5",
		}},
		{"wos-tab-delimited.txt", 0, review.Record{
			SourceID: "WOS:000000000000011", Type: "J", Line: 2, Year: 2019,
			Title:    `The "best" of both worlds: a review`,
			Abstract: `An abstract with a "quote in it.`,
			Authors:  []review.Author{{Family: "Smith", Given: "J"}, {Family: "Jones", Given: "K"}},
			Journal:  "JOURNAL OF REVIEWS", DOI: "10.1000/jr.1",
		}},
		{"wos-tab-delimited.txt", 1, review.Record{
			SourceID: "WOS:000000000000012", Type: "J", Line: 3, Year: 2020,
			Title: `18" pipe fittings in irrigation`, Abstract: "Another abstract.",
			Authors: []review.Author{{Family: "Lee", Given: "C"}}, Journal: "WATER",
		}},
		{"spreadsheet-quoted.tsv", 0, review.Record{
			Line: 2, Year: 2019, Title: "Exercise for knee pain",
			Abstract: "First paragraph.\nSecond paragraph, with a tab.",
			Authors:  []review.Author{{Family: "Smith", Given: "J"}},
		}},
		{"spreadsheet-quoted.tsv", 1, review.Record{
			Line: 4, Year: 2021, Title: "Yoga for back pain", Abstract: "Plain cell.",
			Authors: []review.Author{{Family: "Jones", Given: "K"}},
		}},
		{"joined-exports.csv", 0, review.Record{
			SourceID: "2-s2.0-1", Line: 2, Year: 2020, Title: "Care homes and falls", Journal: "Age and Ageing",
			DOI: "10.1000/a1", Authors: []review.Author{{Family: "Berg", Given: "A."}},
		}},
		{"joined-exports.csv", 1, review.Record{
			SourceID: "2-s2.0-2", Line: 4, Year: 2021, Title: "Home visits after discharge", Journal: "BMC Geriatrics",
			DOI: "10.1000/b2", Authors: []review.Author{{Family: "Costa", Given: "R."}},
		}},
		{"embase-joined-preambles.csv", 0, review.Record{
			Line: 5, Year: 2020, Title: "Care homes and falls", Journal: "Age and Ageing", Abstract: "Falls fell.",
			Authors: []review.Author{{Family: "Berg", Given: "A."}},
		}},
		{"embase-joined-preambles.csv", 1, review.Record{
			Line: 10, Year: 2021, Title: "Home visits after discharge", Journal: "BMC Geriatrics", Abstract: "Visits cut readmissions.",
			Authors: []review.Author{{Family: "Costa", Given: "R."}},
		}},
		{"excel-sep-line.csv", 0, review.Record{
			Line: 3, Year: 2020, Title: "Valée de la santé", Journal: "Revue",
			Authors: []review.Author{{Family: "Dupont", Given: "J."}},
		}},
		{"excel-sep-line.csv", 1, review.Record{
			Line: 4, Year: 2021, Title: "Second row", Journal: "Revue",
			Authors: []review.Author{{Family: "Martin", Given: "C."}},
		}},
		{"excel-unicode-text.txt", 0, review.Record{
			Line: 2, Year: 2019, Title: "Knee pain in older adults", Abstract: "Exercise helped; “quotes” stay.",
			Authors: []review.Author{{Family: "Smith", Given: "J"}},
		}},
		{"excel-unicode-text.txt", 1, review.Record{
			Line: 3, Year: 2020, Title: "Übungen für das Knie",
			Authors: []review.Author{{Family: "Müller", Given: "K"}},
		}},
		{"trailing-empty-rows.csv", 0, review.Record{
			Line: 2, Year: 2019, Title: "First study", Journal: "BMJ",
			Authors: []review.Author{{Family: "Smith", Given: "J"}},
		}},
		{"trailing-empty-rows.csv", 1, review.Record{
			Line: 4, Year: 2020, Title: "Second study", Journal: "BMJ",
			Authors: []review.Author{{Family: "Jones", Given: "K"}},
		}},
		{"excel-mac-csv.csv", 0, review.Record{
			Line: 2, Year: 1998, Title: "Café society and naïve ageing", Journal: "Revue française",
			Authors: []review.Author{{Family: "Müller", Given: "Jürgen"}},
		}},
		{"excel-mac-csv.csv", 1, review.Record{
			Line: 3, Year: 1999, Title: "Don’t move: staying home at ninety", Journal: "Gérontologie",
			Authors: []review.Author{{Family: "García", Given: "Ana"}},
		}},
		{"nul-bytes.csv", 1, review.Record{
			Line: 3, Year: 2020, Title: "Second study",
			Authors: []review.Author{{Family: "Jones", Given: "K"}},
		}},
		{"joined-other-columns.csv", 0, review.Record{
			SourceID: "2-s2.0-1", Line: 2, Year: 2020, Title: "Care homes and falls", Journal: "Age and Ageing",
			Authors: []review.Author{{Family: "Berg", Given: "A."}},
		}},
		{"joined-other-columns.csv", 1, review.Record{
			SourceID: "2-s2.0-2", Line: 4, Year: 2021, Title: "Home visits after discharge", Journal: "BMC Geriatrics",
			Abstract: "Visits cut readmissions.", DOI: "10.1000/b2",
			Authors: []review.Author{{Family: "Costa", Given: "R."}},
		}},
		{"covidence-published-year.csv", 0, review.Record{
			SourceID: "31865165", Line: 2, Year: 2020, Title: "Wildfire smoke and asthma admissions",
			Abstract: "Smoke exposure raised admissions.",
			Authors:  []review.Author{{Family: "Smith", Given: "J."}, {Family: "Doe", Given: "J."}},
			Journal:  "Environmental Research", Volume: "182", Pages: "109044", DOI: "10.1016/j.envres.2019.109044",
		}},
		{"lens-export.csv", 0, review.Record{
			SourceID: "000-111-222-333-444", Line: 2, Year: 2020, Type: "journal article",
			Title: "Wildfire smoke and asthma admissions", Abstract: "Smoke exposure raised admissions.",
			Authors: []review.Author{{Family: "Smith", Given: "John"}, {Family: "Doe", Given: "Jane"}},
			Journal: "Environmental Research", Volume: "182", Pages: "109044", DOI: "10.1016/j.envres.2019.109044",
			PMID: "31865165", ISSN: "0013-9351; 1096-0953", Keywords: []string{"wildfire", "smoke"},
			URL: "https://doi.org/10.1016/j.envres.2019.109044",
		}},
		{"dimensions-about-the-data.csv", 1, review.Record{
			SourceID: "pub.1120000000", Line: 4, Year: 2019, Type: "article", Title: "Fire seasons in a warming climate",
			Authors: []review.Author{{Family: "Costa", Given: "Ana"}},
			Journal: "Nature Communications", Volume: "10", Issue: "1", Pages: "5203-5210", DOI: "10.1038/s41467-019-13000-0",
			URL: "https://app.dimensions.ai/details/publication/pub.1120000000",
		}},
		{"openalex-pipe-lists.csv", 0, review.Record{
			SourceID: "https://openalex.org/W2991234567", Line: 2, Year: 2020, Type: "article", Language: "en",
			Title:   "Wildfire smoke and asthma admissions",
			Authors: []review.Author{{Family: "Smith", Given: "John"}, {Family: "Doe", Given: "Jane"}},
			Journal: "Environmental Research", Volume: "182", Pages: "109044", DOI: "10.1016/j.envres.2019.109044",
			PMID: "31865165", ISSN: "0013-9351",
		}},
		{"openalex-display-name.csv", 0, review.Record{
			SourceID: "https://openalex.org/W1000000001", Line: 2, Year: 2019, Type: "article", Language: "en",
			Title:   "Mapping charcoal kilns from lidar",
			Authors: []review.Author{{Family: "Pereira", Given: "Ana"}, {Family: "Ruiz", Given: "Tomás"}},
			Journal: "Journal of Example Archaeology", DOI: "10.1000/ex.2019.1", ISSN: "1234-5678",
		}},
		{"openalex-display-name.csv", 1, review.Record{
			SourceID: "https://openalex.org/W1000000002", Line: 3, Year: 2021, Type: "article", Language: "de",
			Title: "Counting kilns: a field guide", Abstract: "Kiln sites were counted by hand.",
			Authors: []review.Author{{Family: "Vogt", Given: "Lena"}},
			Journal: "Example Field Notes", PMID: "30000001",
		}},
		{"openalex-web-export.csv", 0, review.Record{
			SourceID: "W1000000003", Line: 2, Year: 2022, Language: "en",
			Title: "Charcoal kilns in lidar: a second look", Abstract: "Kilns were mapped again.",
			Authors: []review.Author{{Family: "Pereira", Given: "Ana"}, {Family: "Ruiz", Given: "Tomás"}},
			Journal: "Journal of Example Archaeology", DOI: "10.1000/ex.2022.3",
		}},
		{"openalex-web-export.csv", 1, review.Record{
			SourceID: "W1000000004", Line: 3, Year: 2023, Language: "de",
			Title: "Counting kilns again", Authors: []review.Author{{Family: "Vogt", Given: "Lena"}},
			Journal: "Example Field Notes",
		}},
		{"ris-tag-columns.csv", 0, review.Record{
			SourceID: "Nakamura2019", Line: 2, Year: 2019, Type: "JOUR",
			Title:   "Mapping evidence on river restoration",
			Authors: []review.Author{{Family: "Nakamura", Given: "Aiko"}, {Family: "Osei", Given: "Kwame"}, {Family: "Berg", Given: "Lisa"}},
			Journal: "Example Evidence", Volume: "8", Issue: "1", Pages: "22", ISSN: "1234-5678",
			URL: "https://doi.org/10.1000/ee.2019.22", DOI: "10.1000/ee.2019.22",
		}},
		{"ris-tag-columns.csv", 1, review.Record{
			SourceID: "Castillo2020", Line: 3, Year: 2020, Type: "JOUR",
			Title:   "Fish passes revisited",
			Authors: []review.Author{{Family: "Castillo", Given: "Rosa"}},
			Journal: "Example Rivers", Volume: "3", Pages: "101-110",
		}},
		{"asreview-python-lists.csv", 0, review.Record{
			SourceID: "5501", Line: 2, Year: 2014, Type: "JOUR",
			Title: "Heat waves and hospital admissions", Abstract: "Heat waves raised admissions in two invented cities.",
			Authors: []review.Author{{Family: "Okonkwo", Given: "Ada"}, {Family: "O'Neill", Given: "Brendan"}},
			Journal: "Invented Climate and Health", Volume: "9", Issue: "3", Pages: "e0815", ISSN: "1234-5678",
			Keywords: []string{"heat", "admissions", "children's hospitals"}, URL: "http://example.org/a",
		}},
		{"asreview-python-lists.csv", 1, review.Record{
			SourceID: "5502", Line: 3, Year: 2016, Type: "JOUR", Title: "A record with empty lists",
		}},
		{"scopus-funding-texts.csv", 0, review.Record{
			SourceID: "2-s2.0-85100000001", Line: 2, Year: 2022, Type: "Article", Language: "english",
			Title: "Invented sensors for river levels", Abstract: "Sensors were invented.",
			Authors: []review.Author{{Family: "Berg", Given: "A."}, {Family: "Costa", Given: "R."}},
			Journal: "Example Sensors", Volume: "12", Issue: "1", Pages: "1135", DOI: "10.1000/es.2022.1",
			PMID: "35000001", ISSN: "2045-2322",
		}},
		{"scopus-funding-texts.csv", 1, review.Record{
			SourceID: "2-s2.0-85100000002", Line: 3, Year: 2021, Type: "Article", Language: "english",
			Title: "Invented gauges", Abstract: "Gauges too.", Authors: []review.Author{{Family: "Lee", Given: "C."}},
			Journal: "Example Sensors", Volume: "11", DOI: "10.1000/es.2021.2", ISSN: "2045-2322",
		}},
		{"r-write-csv-na.csv", 0, review.Record{
			Line: 2, Year: 2019, Title: "Invented pollinators share invented flowers",
			Abstract: "Pollinators were counted in two invented meadows.",
			Authors:  []review.Author{{Family: "Moreau", Given: "Claire"}, {Family: "Tanaka", Given: "Kenji"}},
			Journal:  "INVENTED ECOLOGY LETTERS", Volume: "12",
		}},
		{"r-write-csv-na.csv", 1, review.Record{
			Line: 3, Year: 2018, Title: "Seed dispersal by invented birds",
			Authors: []review.Author{{Family: "Oduya", Given: "Grace"}},
			Journal: "INVENTED OIKOS", Pages: "101-110", DOI: "10.1000/io.2018.7",
		}},
		{"pandas-float-numbers.csv", 0, review.Record{
			SourceID: "WOS:000200000000001", Line: 2, Year: 2025, Type: "C",
			Title:   "Invented defences for invented models",
			Authors: []review.Author{{Family: "Berg", Given: "Anna"}, {Family: "Costa", Given: "Rui"}},
			Journal: "INVENTED SECURITY, PT II", Volume: "15660", Pages: "307-326", DOI: "10.1000/is.2025.16",
		}},
		{"pandas-float-numbers.csv", 1, review.Record{
			SourceID: "WOS:000200000000002", Line: 3, Year: 2024, Type: "J",
			Title:   "Forgetting on request in an invented network",
			Authors: []review.Author{{Family: "Lee", Given: "Chloe"}},
			Journal: "INVENTED MACHINE LEARNING", Volume: "9", Issue: "3", Pages: "e1042", DOI: "10.1000/iml.2024.3",
			PMID: "38000001",
		}},
		{"asreview-joined-authors.csv", 0, review.Record{
			SourceID: "661", Line: 2, Year: 2012, Type: "JOUR",
			Title: "Reminders, incentives and invented survey response", Abstract: "An invented abstract.",
			Authors: []review.Author{{Family: "Jacob", Given: "Robin Tepper"}, {Family: "Jacob", Given: "Brian"}},
			Journal: "INVENTED JOURNAL OF SURVEYS", Volume: "5", Issue: "4", Pages: "401-418", DOI: "10.1000/ijs.2012.1",
		}},
		{"asreview-joined-authors.csv", 1, review.Record{
			SourceID: "662", Line: 3, Year: 2013, Type: "JOUR", Title: "Incentives for invented physicians",
			Authors: []review.Author{{Family: "Koloski", Given: "Natasha A"}, {Family: "Jones", Given: "Michael"}, {Family: "Eslick", Given: "Guy"}},
			Journal: "INVENTED ONE", Volume: "8", Issue: "11", DOI: "10.1000/io.2013.2",
		}},
		{"asreview-joined-authors.csv", 2, review.Record{
			SourceID: "663", Line: 4, Year: 2019, Type: "JOUR", Title: "One author",
			Authors: []review.Author{{Family: "Noel", Given: "Harmoni"}},
			Journal: "INVENTED PROFESSIONS", Volume: "42", Issue: "1", Pages: "71-81",
		}},
		{"scopus-old-authors.csv", 0, review.Record{
			SourceID: "2-s2.0-33000000001", Line: 2, Year: 2006, Type: "Article",
			Title:   "Invented monitoring and invented control",
			Authors: []review.Author{{Family: "Berg", Given: "A."}, {Family: "Costa", Given: "R."}},
			Journal: "Journal of Invented Psychology: General", Volume: "135", Issue: "1", Pages: "36-69",
			DOI: "10.1000/ijp.135.1.36", URL: "https://www.scopus.com/inward/record.uri?eid=2-s2.0-33000000001",
		}},
		{"scopus-old-authors.csv", 1, review.Record{
			SourceID: "2-s2.0-80000000002", Line: 3, Year: 2011, Type: "Article", Title: "Invented judgments of learning",
			Authors: []review.Author{{Family: "Lee", Given: "C."}, {Family: "Okafor", Given: "N."}, {Family: "Silva", Given: "M."}},
			Journal: "Invented Memory", Volume: "39", Issue: "8", Pages: "1400-1412",
		}},
		{"scopus-no-author.csv", 0, review.Record{
			SourceID: "2-s2.0-85000000009", Line: 2, Year: 2019, Type: "Conference Review",
			Title:   "Proceedings of the 9th Invented Workshop on Sensors",
			Journal: "Proceedings of the 9th Invented Workshop on Sensors",
		}},
		{"scopus-no-author.csv", 1, review.Record{
			SourceID: "2-s2.0-85000000010", Line: 3, Year: 2021, Type: "Article", Title: "Invented gauges",
			Authors: []review.Author{{Family: "Lee", Given: "C."}}, Journal: "Example Sensors",
		}},
		{"publish-or-perish.csv", 0, review.Record{
			Line: 2, Year: 2019, Title: "Walking groups and mood in later life",
			Abstract: "Walking groups lifted mood in a trial of 120 older adults …",
			Authors:  []review.Author{{Family: "Smith", Given: "J"}, {Family: "Doe", Given: "AB"}},
			Journal:  "Journal of Invented Mood", Volume: "3", Issue: "2", Pages: "10-20",
			DOI: "10.1000/jim.2019.3", URL: "https://example.org/walking",
		}},
		{"publish-or-perish.csv", 1, review.Record{
			Line: 3, Year: 2016, Title: "Removal of cadmium by dried moss",
			Authors: []review.Author{{Family: "Šuňovská", Given: "A."}, {Family: "Hasíková", Given: "V."}},
			Journal: "Invented Water Treatment", URL: "https://example.org/moss",
		}},
		{"pubmed-legacy.csv", 0, review.Record{
			SourceID: "31000001", PMID: "31000001", Line: 2, Year: 2019, Type: "citation",
			Title:   "Invented allergen components in childhood allergy: a systematic review.",
			Authors: []review.Author{{Family: "Nilsson", Given: "C"}, {Family: "Berthold", Given: "M"}, {Family: "Sjölander", Given: "S"}},
			Journal: "Pediatr Allergy Immunol", DOI: "10.1111/pai.99999", URL: "https://pubmed.ncbi.nlm.nih.gov/31000001/",
		}},
		{"pubmed-legacy.csv", 1, review.Record{
			SourceID: "31000002", PMID: "31000002", Line: 3, Year: 2019, Type: "citation",
			Title:   "Invented walking interventions: a systematic review.",
			Authors: []review.Author{{Family: "Panter", Given: "J"}, {Family: "Guell", Given: "C"}},
			Journal: "Health Place", Volume: "58", Pages: "102161", DOI: "10.1016/j.healthplace.2019.999999",
			URL: "https://pubmed.ncbi.nlm.nih.gov/31000002/",
		}},
		{"embase-fields-by-row.csv", 0, review.Record{
			SourceID: "2014567890", Line: 3, Year: 2014, Type: "Journal", Language: "english",
			Title:    "Effect of exercise on depression in older adults",
			Abstract: "Depression is common in later life. We randomised 120 adults.",
			Authors:  []review.Author{{Family: "Liu", Given: "R."}, {Family: "Adler", Given: "D.G."}},
			Journal:  "Endoscopic Ultrasound", Volume: "3", Issue: "3", Pages: "152-160",
			DOI: "10.4103/2303-9027.138783", PMID: "25121082",
			Keywords: []string{"depression (therapy)", "exercise", "aged"},
		}},
		{"embase-fields-by-row.csv", 1, review.Record{
			SourceID: "2001234568", Line: 16, Year: 2019, Title: "Yoga for depression: a pilot trial",
			Abstract: "Twelve patients practised yoga.", Authors: []review.Author{{Family: "Becker", Given: "K."}},
			Journal: "Psychiatrische Praxis", Volume: "46", Issue: "2", Pages: "80-86",
		}},
		{"embase-fields-by-row.csv", 2, review.Record{
			SourceID: "2011234569", Line: 22, Year: 2021, Title: "Walking groups and mood",
			Authors: []review.Author{{Family: "Okafor", Given: "N."}, {Family: "Silva", Given: "M."}, {Family: "Tan", Given: "W."}},
			Journal: "BMC Public Health", Volume: "21", Issue: "1", Pages: "455",
		}},
		{"scopus-article-number.csv", 0, review.Record{
			SourceID: "2-s2.0-85076000000", Line: 2, Year: 2020, Type: "Article",
			Title: "Wildfire smoke and asthma admissions", Abstract: "Smoke exposure raised admissions.",
			Authors: []review.Author{{Family: "Smith", Given: "John"}, {Family: "Doe", Given: "Jane"}},
			Journal: "Environmental Research", Volume: "182", Pages: "109044", DOI: "10.1016/j.envres.2019.109044",
			Keywords: []string{"wildfire", "smoke"}, URL: "https://www.scopus.com/inward/record.uri?eid=2-s2.0-85076000000",
		}},
	}
	if f := files["synergy-identifier-list.csv"]; f == nil || len(f.Results) == 0 || f.Results[0].Err == nil ||
		!strings.Contains(f.Results[0].Err.Error(), `a list of identifiers (columns "pmid", "doi", "openalex_id", "label_included"), not records with titles`) {
		t.Errorf("synergy-identifier-list.csv: want a refusal naming a list of identifiers, got %+v", f)
	}
	for _, tt := range tests {
		f := files[tt.file]
		if f == nil || tt.index >= len(f.Entries) {
			t.Errorf("%s has no record %d", tt.file, tt.index+1)
			continue
		}
		got := f.Entries[tt.index].Record
		got.Raw = ""
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s record %d:\n got %+v\nwant %+v", tt.file, tt.index+1, got, tt.want)
		}
		if w := f.Entries[tt.index].Warnings; len(w) > 0 {
			t.Errorf("%s record %d: warnings %q", tt.file, tt.index+1, w)
		}
	}
}

// TestRepeatedHeader checks that a header row met again (exports joined
// into one file) is no record and gives a warning at its line, and that a
// row that only resembles the header is a record.
func TestRepeatedHeader(t *testing.T) {
	// read reads a quirk fixture to its end, giving its records' count and
	// its file warnings.
	read := func(file string) (int, []formats.Warning) {
		t.Helper()
		data, err := os.ReadFile(filepath.Join("testdata", "quirks", file))
		if err != nil {
			t.Fatal(err)
		}
		r := NewReader(strings.NewReader(formattest.Decode(t, data)), file, ',')
		n := 0
		for {
			if _, err := r.Next(); err == io.EOF {
				return n, r.FileWarnings()
			} else if err != nil {
				t.Fatal(err)
			}
			n++
		}
	}
	n, ws := read("joined-exports.csv")
	want := []formats.Warning{{Line: 3, Msg: "the header row again (files joined into one?): read as no record"}}
	if n != 2 || !reflect.DeepEqual(ws, want) {
		t.Errorf("%d records, file warnings %v; want 2 and %v", n, ws, want)
	}

	// A record whose title is "Title" and authors "Authors" is still a
	// record: its year is a value, not a column name.
	r := NewReader(strings.NewReader("Title,Authors,Year\nTitle,Authors,2020\nAbstract,\"Smith, J\",2021\n"), "x.csv", ',')
	n = 0
	for {
		_, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 2 || len(r.FileWarnings()) != 0 {
		t.Errorf("%d records, warnings %v; want 2 records and no warning", n, r.FileWarnings())
	}

	// Abstrackr's caption row padded with empty cells by a spreadsheet
	// is no record either, warned of at its line.
	n, ws = read("abstrackr-resaved.csv")
	want = []formats.Warning{{Line: 3, Msg: "only the first cell is filled, with text, in a column that is not the title: read as a caption between parts of the table, not a record"}}
	if n != 2 || !reflect.DeepEqual(ws, want) {
		t.Errorf("abstrackr-resaved.csv: %d records, file warnings %v; want 2 and %v", n, ws, want)
	}

	// Joined exports with their preambles: the second preamble's rows
	// are no records either.
	n, ws = read("embase-joined-preambles.csv")
	again := "a row of the export's preamble again (files joined into one?): read as no record"
	want = []formats.Warning{{Line: 6, Msg: again}, {Line: 7, Msg: again}, {Line: 9, Msg: "the header row again (files joined into one?): read as no record"}}
	if n != 2 || !reflect.DeepEqual(ws, want) {
		t.Errorf("%d records, file warnings %v; want 2 and %v", n, ws, want)
	}

	// A header of other columns: the rows after it follow it.
	_, ws = read("joined-other-columns.csv")
	want = []formats.Warning{{Line: 3, Msg: "a header row of other columns (files joined into one?): the rows after it are read by its columns"}}
	if !reflect.DeepEqual(ws, want) {
		t.Errorf("file warnings %v, want %v", ws, want)
	}
}
