package prisma

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/winnow-review/winnow/review"
)

// csvSeedFlow is a finished flow shaped like the seed review: 7656
// records identified, 6426 from five databases, 1118 from Opengrey (kind
// other) and 112 from websites and experts; 809 reports assessed, 84
// included.
func csvSeedFlow() *Flow {
	return &Flow{
		DatabaseResults: 6426,
		WebsiteResults:  112,
		OtherResults:    1118,
		Sources: []Source{
			{Source: "MEDLINE", Kind: review.Database, N: 2561},
			{Source: "Embase", Kind: review.Database, N: 1835},
			{Source: "CINAHL", Kind: review.Database, N: 902},
			{Source: "PsycINFO", Kind: review.Database, N: 688},
			{Source: "Web of Science", Kind: review.Database, N: 440},
			{Source: "Opengrey", Kind: review.Other, N: 1118},
			{Source: "Websites and experts", Kind: review.Website, N: 112},
		},
		Duplicates:             1540,
		RecordsScreened:        4886,
		RecordsExcluded:        4120,
		RecordsExcludedHuman:   4120,
		DbrSoughtReports:       766,
		DbrNotRetrievedReports: 12,
		DbrAssessed:            754,
		DbrExcluded:            678,
		DbrExcludedReasons: Reasons{
			{"Wrong population", 301},
			{"Wrong intervention", 190},
			{"Wrong study design", 120},
			{"Not primary research", 67},
		},
		DbrIncludedReports:       76,
		OtherDuplicates:          300,
		OtherRecordsExcluded:     870,
		OtherSoughtReports:       60,
		OtherNotRetrievedReports: 5,
		OtherAssessed:            55,
		OtherExcluded:            47,
		OtherExcludedReasons:     Reasons{{"Wrong study design", 30}, {"Wrong population", 17}},
		OtherIncludedReports:     8,
		NewStudies:               84,
		NewReports:               84,
		TotalStudies:             84,
		TotalReports:             84,
		Final:                    true,
		Entered:                  map[string]Entry{},
	}
}

// csvDatabasesOnly is a finished flow without other methods.
func csvDatabasesOnly() *Flow {
	return &Flow{
		DatabaseResults: 1500,
		RegisterResults: 40,
		Sources: []Source{
			{Source: "MEDLINE", Kind: review.Database, N: 1000},
			{Source: "Embase", Kind: review.Database, N: 500},
			{Source: "ClinicalTrials.gov", Kind: review.Register, N: 40},
		},
		Duplicates:             340,
		RecordsScreened:        1200,
		RecordsExcluded:        1100,
		RecordsExcludedHuman:   1100,
		DbrSoughtReports:       100,
		DbrNotRetrievedReports: 4,
		DbrAssessed:            96,
		DbrExcluded:            80,
		DbrExcludedReasons:     Reasons{{"Wrong population", 50}, {"Wrong outcome", 30}},
		DbrIncludedReports:     16,
		NewStudies:             15,
		NewReports:             16,
		TotalStudies:           15,
		TotalReports:           16,
		Final:                  true,
	}
}

// csvTemplateFile is the package's template at release v, as embedded.
func csvTemplateFile(t *testing.T, v CSVVersion) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("template", "PRISMA2020-"+string(v)+".csv"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func csvParse(t *testing.T, b []byte) [][]string {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord = 8
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("the file does not read back: %v", err)
	}
	return rows
}

func csvWrite(t *testing.T, f *Flow, o CSVOptions) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := WriteCSV(&b, f, o); err != nil {
		t.Fatalf("WriteCSV: %v", err)
	}
	return b.Bytes()
}

// csvKey names a row as the package's tooltips do: by its data name, or
// by its box when the data name is NA.
func csvKey(row []string) string {
	if row[csvData] == "NA" {
		return row[csvBox]
	}
	return row[csvData]
}

func csvByKey(rows [][]string) map[string][]string {
	m := map[string][]string{}
	for _, r := range rows[1:] {
		m[csvKey(r)] = r
	}
	return m
}

// csvLines splits the file at its CRLF line ends; no cell holds a line
// break.
func csvLines(b []byte) []string {
	return strings.Split(strings.TrimSuffix(string(b), "\r\n"), "\r\n")
}

// rParseList reads a list cell as PRISMA_parse_reasons_() does
// (R/internal/PRISMA_format.R): split at ";" and one optional space, the
// name up to the first comma, the count from the digits after it.
func rParseList(s string) []csvItem {
	var items []csvItem
	count := regexp.MustCompile(`^.*?,([ 0-9,]*)`)
	for _, part := range regexp.MustCompile(`;( )?`).Split(s, -1) {
		name, _, _ := strings.Cut(part, ",")
		digits := strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, count.ReplaceAllString(part, "$1"))
		n, err := strconv.Atoi(digits)
		if err != nil {
			n = -1
		}
		items = append(items, csvItem{name, n})
	}
	return items
}

// rGreps are the patterns PRISMA_data() matches on the data column at
// release v, each of which must find exactly one row.
func rGreps(v CSVVersion) []string {
	greps := []string{
		"previous_studies", "previous_reports", "register_results", "database_results",
		"database_specific_results", "register_specific_results",
		"website_results", "organisation_results", "citations_results",
		"duplicates", "excluded_automatic", "excluded_other", "records_screened", "records_excluded",
		"dbr_sought_reports", "dbr_notretrieved_reports", "other_sought_reports", "other_notretrieved_reports",
		"dbr_assessed", "dbr_excluded", "other_assessed", "other_excluded",
		"new_studies", "new_reports",
		"identification", "screening", "included",
	}
	if v == CSV111 {
		return append(greps, "total_studies", "total_reports")
	}
	return append(greps, "total_studies$", "total_reports$", "total_studies_ma", "total_reports_ma")
}

// rGrep is the rows whose data (or, with col, another column) matches
// pattern, as R's grep() on a column read by read.csv, where NA never
// matches.
func rGrep(rows [][]string, col int, pattern string) [][]string {
	re := regexp.MustCompile(pattern)
	var out [][]string
	for _, r := range rows[1:] {
		if r[col] != "NA" && re.MatchString(r[col]) {
			out = append(out, r)
		}
	}
	return out
}

// TestCSVTemplatesAreThePackagesOwn: each embedded template is the
// package's file at its release, and encoding/csv writes it back with the
// template's own quoting.
func TestCSVTemplatesAreThePackagesOwn(t *testing.T) {
	for _, tc := range []struct {
		v            CSVVersion
		vendor       string
		bytes, rows  int
		finalLineEnd bool
	}{
		{CSV114, "PRISMA2020", 5264, 35, false},
		{CSV111, "PRISMA2020-1.1.1", 4943, 33, true},
	} {
		t.Run(string(tc.v), func(t *testing.T) {
			want := csvTemplateFile(t, tc.v)
			if len(want) != tc.bytes || !bytes.HasPrefix(want, []byte("data,node,box,description,boxtext,tooltips,url,n\r\n")) {
				t.Fatalf("template/PRISMA2020-%s.csv is not the package's template (%d bytes)", tc.v, len(want))
			}
			vendored := filepath.Join("..", "..", "shared", "vendor", tc.vendor, "inst", "extdata", "PRISMA.csv")
			if b, err := os.ReadFile(vendored); err == nil {
				if !bytes.Equal(b, want) {
					t.Errorf("template/PRISMA2020-%s.csv differs from %s", tc.v, vendored)
				}
			} else {
				t.Logf("%s is not here: the template is checked by its size and rows only", vendored)
			}
			rows := csvParse(t, want)
			if len(rows) != tc.rows {
				t.Errorf("%d rows with the header, want %d", len(rows), tc.rows)
			}
			var got bytes.Buffer
			w := csv.NewWriter(&got)
			w.UseCRLF = true
			if err := w.WriteAll(rows); err != nil {
				t.Fatal(err)
			}
			if !tc.finalLineEnd {
				want = append(want, "\r\n"...)
			}
			if !bytes.Equal(got.Bytes(), want) {
				gl, wl := csvLines(got.Bytes()), csvLines(want)
				for i := range min(len(gl), len(wl)) {
					if gl[i] != wl[i] {
						t.Fatalf("line %d:\n got %s\nwant %s", i+1, gl[i], wl[i])
					}
				}
				t.Fatalf("the template rewritten has %d lines, the package's %d", len(gl), len(wl))
			}
		})
	}
}

func TestWriteCSVFillsTheSeedReview(t *testing.T) {
	for _, v := range CSVVersions() {
		t.Run(string(v), func(t *testing.T) { testWriteCSVFillsTheSeedReview(t, v) })
	}
}

func testWriteCSVFillsTheSeedReview(t *testing.T, v CSVVersion) {
	tmplBytes := csvTemplateFile(t, v)
	tmpl := csvParse(t, tmplBytes)
	out := csvWrite(t, csvSeedFlow(), CSVOptions{Version: v})
	rows := csvParse(t, out)

	t.Run("the rows are the template's, in its order", func(t *testing.T) {
		if len(rows) != len(tmpl) {
			t.Fatalf("%d rows, the template has %d", len(rows), len(tmpl))
		}
		for i := range tmpl {
			if rows[i][csvData] != tmpl[i][csvData] || rows[i][csvBox] != tmpl[i][csvBox] {
				t.Errorf("row %d is %s/%s, the template's %s/%s", i, rows[i][csvData], rows[i][csvBox], tmpl[i][csvData], tmpl[i][csvBox])
			}
		}
	})

	want := map[string]string{
		"prevstud":                   "0",
		"previous_studies":           "NA",
		"previous_reports":           "NA",
		"newstud":                    "0",
		"database_results":           "6426",
		"database_specific_results":  "MEDLINE, 2561; Embase, 1835; CINAHL, 902; PsycINFO, 688; Web of Science, 440",
		"register_results":           "0",
		"register_specific_results":  "",
		"othstud":                    "0",
		"website_results":            "1230", // 112 from websites and 1118 from Opengrey
		"organisation_results":       "0",
		"citations_results":          "0",
		"duplicates":                 "1540",
		"excluded_automatic":         "0",
		"excluded_other":             "0",
		"records_screened":           "4886",
		"records_excluded":           "4120",
		"dbr_sought_reports":         "766",
		"dbr_notretrieved_reports":   "12",
		"other_sought_reports":       "60",
		"other_notretrieved_reports": "5",
		"dbr_assessed":               "754",
		"dbr_excluded":               "Wrong population, 301; Wrong intervention, 190; Wrong study design, 120; Not primary research, 67",
		"other_assessed":             "55",
		"other_excluded":             "Wrong study design, 30; Wrong population, 17",
		"new_studies":                "84",
		"new_reports":                "84",
		"total_studies":              "84",
		"total_reports":              "84",
		"identification":             "0",
		"screening":                  "0",
		"included":                   "0",
	}
	if v == CSV114 {
		want["total_studies_ma"] = "0"
		want["total_reports_ma"] = "0"
	}
	got := csvByKey(rows)
	t.Run("every count is in its n cell", func(t *testing.T) {
		if len(got) != len(want) {
			t.Errorf("%d distinct rows, want %d", len(got), len(want))
		}
		for k, v := range want {
			if r, ok := got[k]; !ok {
				t.Errorf("no row %s", k)
			} else if r[csvN] != v {
				t.Errorf("%s: n = %q, want %q", k, r[csvN], v)
			}
		}
	})

	t.Run("other methods without a row of their own are relabelled websites", func(t *testing.T) {
		if b := got["website_results"][csvBoxtext]; b != "Websites and other sources" {
			t.Errorf("website_results boxtext = %q", b)
		}
	})

	t.Run("the rows it does not change are the template's bytes", func(t *testing.T) {
		gl, tl := csvLines(out), csvLines(tmplBytes)
		changed := map[string]bool{}
		for i := 1; i < len(tmpl); i++ {
			if csvJoin(rows[i]) == csvJoin(tmpl[i]) {
				if gl[i] != tl[i] {
					t.Errorf("line %d:\n got %s\nwant %s", i+1, gl[i], tl[i])
				}
				continue
			}
			changed[csvKey(tmpl[i])] = true
			for c := range 8 {
				if c != csvN && !(c == csvBoxtext && csvKey(tmpl[i]) == "website_results") && rows[i][c] != tmpl[i][c] {
					t.Errorf("%s: column %d = %q, the template's %q", csvKey(tmpl[i]), c, rows[i][c], tmpl[i][c])
				}
			}
		}
		tk := csvByKey(tmpl)
		for k, v := range want {
			// website_results changes its box text as well as its count.
			if wantChanged := tk[k][csvN] != v || k == "website_results"; changed[k] != wantChanged {
				t.Errorf("%s: changed = %v, want %v", k, changed[k], wantChanged)
			}
		}
		if !bytes.HasSuffix(out, []byte("\r\n")) || bytes.Contains(bytes.ReplaceAll(out, []byte("\r\n"), nil), []byte("\n")) {
			t.Error("the line ends are not the template's CRLF")
		}
	})

	t.Run("the package's reader finds each value once and reads the lists back", func(t *testing.T) {
		for _, p := range rGreps(v) {
			if m := rGrep(rows, csvData, p); len(m) != 1 {
				t.Errorf("grep(%q, data[, 1]) matches %d rows", p, len(m))
			}
		}
		for _, p := range []string{"prevstud", "newstud", "othstud"} {
			if m := rGrep(rows, csvBox, p); len(m) != 1 {
				t.Errorf("grep(%q, data[, 3]) matches %d rows", p, len(m))
			}
		}
		f := csvSeedFlow()
		for row, items := range map[string][]csvItem{
			"database_specific_results": csvSources(f, review.Database),
			"dbr_excluded":              csvReasons(f.DbrExcludedReasons),
			"other_excluded":            csvReasons(f.OtherExcludedReasons),
		} {
			back := rParseList(got[row][csvN])
			if len(back) != len(items) {
				t.Fatalf("%s reads back as %v", row, back)
			}
			for i := range items {
				if back[i] != items[i] {
					t.Errorf("%s item %d reads back as %v, want %v", row, i, back[i], items[i])
				}
			}
		}
	})
}

// csvJoin joins a record, to compare two records.
func csvJoin(r []string) string { return strings.Join(r, "\x00") }

// TestWriteCSVRenamesANameThePackageWouldSplit: the package cannot read
// a comma or a semicolon inside a name back, and a spreadsheet would run
// a name starting with =, +, - or @: such names are written changed, each
// change listed by CSVRenames, and the list still reads back as the
// package reads it.
func TestWriteCSVRenamesANameThePackageWouldSplit(t *testing.T) {
	for _, tc := range []struct {
		name      string
		edit      func(f *Flow)
		row, what string
		from, to  string
	}{
		{"a reason with a semicolon", func(f *Flow) { f.DbrExcludedReasons[1].Reason = "Wrong intervention; drug" },
			"dbr_excluded", "reason", "Wrong intervention; drug", "Wrong intervention – drug"},
		{"a reason with a comma", func(f *Flow) { f.OtherExcludedReasons[0].Reason = "Opinion piece, no evaluation" },
			"other_excluded", "reason", "Opinion piece, no evaluation", "Opinion piece – no evaluation"},
		{"a database with a comma", func(f *Flow) { f.Sources[4].Source = "Web of Science, Core Collection" },
			"database_specific_results", "source", "Web of Science, Core Collection", "Web of Science – Core Collection"},
		{"a register with a semicolon", func(f *Flow) {
			f.RegisterResults = 10
			f.Sources = append(f.Sources, Source{Source: "ICTRP; WHO", Kind: review.Register, N: 10})
		}, "register_specific_results", "source", "ICTRP; WHO", "ICTRP – WHO"},
		{"a reason that a spreadsheet would run", func(f *Flow) { f.DbrExcludedReasons[0].Reason = "=HYPERLINK(x)" },
			"dbr_excluded", "reason", "=HYPERLINK(x)", "HYPERLINK(x)"},
		{"a database that a spreadsheet would run", func(f *Flow) { f.Sources[0].Source = " @SUM(A1)" },
			"database_specific_results", "source", " @SUM(A1)", "SUM(A1)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := csvSeedFlow()
			tc.edit(f)
			renames := CSVRenames(f)
			if len(renames) != 1 || renames[0] != (Renamed{Row: tc.row, What: tc.what, From: tc.from, To: tc.to}) {
				t.Fatalf("renames = %+v", renames)
			}
			got := csvByKey(csvParse(t, csvWrite(t, f, CSVOptions{})))
			cell := got[tc.row][csvN]
			if !strings.Contains(cell, tc.to+", ") || strings.Contains(cell, tc.from+", ") {
				t.Errorf("%s = %q, want %q in it", tc.row, cell, tc.to)
			}
			for _, it := range rParseList(cell) {
				if strings.ContainsAny(it.name, ",;") {
					t.Errorf("%s reads back with %q", tc.row, it.name)
				}
			}
		})
	}

	t.Run("names the file does not carry are not changed", func(t *testing.T) {
		f := csvSeedFlow()
		f.Sources[5].Source = "Opengrey, via the archive; 2024" // kind other: only its count is written
		f.Sources[6].Source = "-Websites, experts"
		if r := CSVRenames(f); len(r) != 0 {
			t.Errorf("renames %+v", r)
		}
		csvWrite(t, f, CSVOptions{})
	})
}

func TestWriteCSVMakesQuotesAndSpacesSafe(t *testing.T) {
	f := csvSeedFlow()
	f.DbrExcludedReasons[0].Reason = "Crohn's disease only"
	f.DbrExcludedReasons[1].Reason = `Not "primary" research`
	f.Sources[0].Source = "MEDLINE\n(Ovid)\t "
	rows := csvParse(t, csvWrite(t, f, CSVOptions{}))
	got := csvByKey(rows)
	if want := "Crohn’s disease only, 301; Not “primary” research, 190; Wrong study design, 120; Not primary research, 67"; got["dbr_excluded"][csvN] != want {
		t.Errorf("dbr_excluded = %q, want %q", got["dbr_excluded"][csvN], want)
	}
	if n := got["database_specific_results"][csvN]; !strings.HasPrefix(n, "MEDLINE (Ovid), 2561; ") {
		t.Errorf("database_specific_results = %q", n)
	}
	for _, r := range rows {
		if strings.ContainsAny(r[csvN], `'"`) {
			t.Errorf("%s: n %q holds a quote that grViz would turn into the end of a label", csvKey(r), r[csvN])
		}
	}
}

func TestWriteCSVDrawsOnlyTheBoxesOfTheReview(t *testing.T) {
	t.Run("no other methods: the right column is NA", func(t *testing.T) {
		got := csvByKey(csvParse(t, csvWrite(t, csvDatabasesOnly(), CSVOptions{})))
		for k, v := range map[string]string{
			"website_results": "NA", "organisation_results": "NA", "citations_results": "NA",
			"previous_studies": "NA", "previous_reports": "NA",
			"register_results": "40", "register_specific_results": "ClinicalTrials.gov, 40",
			"other_excluded": "0", "other_assessed": "0",
		} {
			if got[k][csvN] != v {
				t.Errorf("%s: n = %q, want %q", k, got[k][csvN], v)
			}
		}
		if b := got["website_results"][csvBoxtext]; b != "Websites" {
			t.Errorf("website_results boxtext = %q", b)
		}
	})
	t.Run("an organisation alone opens the right column", func(t *testing.T) {
		f := csvDatabasesOnly()
		f.Sources = append(f.Sources, Source{Source: "NICE", Kind: review.Organisation, N: 0})
		got := csvByKey(csvParse(t, csvWrite(t, f, CSVOptions{})))
		for k, v := range map[string]string{"website_results": "0", "organisation_results": "0", "citations_results": "0"} {
			if got[k][csvN] != v {
				t.Errorf("%s: n = %q, want %q", k, got[k][csvN], v)
			}
		}
		if b := got["website_results"][csvBoxtext]; b != "Websites" {
			t.Errorf("website_results boxtext = %q", b)
		}
	})
	t.Run("a previous version gives its counts", func(t *testing.T) {
		f := csvDatabasesOnly()
		f.PreviousStudies, f.PreviousReports = 20, 24
		f.TotalStudies, f.TotalReports = 35, 40
		got := csvByKey(csvParse(t, csvWrite(t, f, CSVOptions{})))
		for k, v := range map[string]string{"previous_studies": "20", "previous_reports": "24", "total_studies": "35", "total_reports": "40"} {
			if got[k][csvN] != v {
				t.Errorf("%s: n = %q, want %q", k, got[k][csvN], v)
			}
		}
	})
	t.Run("no exclusions at full text: the count alone", func(t *testing.T) {
		f := csvDatabasesOnly()
		f.DbrExcluded, f.DbrExcludedReasons = 0, nil
		if n := csvByKey(csvParse(t, csvWrite(t, f, CSVOptions{})))["dbr_excluded"][csvN]; n != "0" {
			t.Errorf("dbr_excluded = %q", n)
		}
	})
}

func TestWriteCSVScopingWording(t *testing.T) {
	plain := csvByKey(csvParse(t, csvWrite(t, csvSeedFlow(), CSVOptions{})))
	got := csvByKey(csvParse(t, csvWrite(t, csvSeedFlow(), CSVOptions{Scoping: true})))
	want := map[string]string{
		"prevstud":         "Previous sources of evidence",
		"previous_studies": "Sources of evidence included in previous version of review",
		"previous_reports": "Reports of sources of evidence included in previous version of review",
		"newstud":          "Identification of new sources of evidence via databases and registers",
		"othstud":          "Identification of new sources of evidence via other methods",
		"new_studies":      "New sources of evidence included in review",
		"new_reports":      "Reports of new included sources of evidence",
		"total_studies":    "Total sources of evidence included in review",
		"total_reports":    "Reports of total included sources of evidence",
		"total_studies_ma": "Total sources of evidence included in meta-analysis",
		"total_reports_ma": "Reports of total included sources of evidence in meta-analysis",
	}
	for k, r := range got {
		if w, ok := want[k]; ok {
			if r[csvBoxtext] != w {
				t.Errorf("%s: boxtext = %q, want %q", k, r[csvBoxtext], w)
			}
		} else if csvJoin(r) != csvJoin(plain[k]) {
			t.Errorf("%s changed: %q", k, r)
		}
		if strings.Contains(strings.ToLower(r[csvBoxtext]+r[csvTooltips]), "studies") {
			t.Errorf("%s still says studies: %q", k, r)
		}
	}
}

func TestWriteCSVMarksADraft(t *testing.T) {
	f := csvSeedFlow()
	f.Final = false
	got := csvByKey(csvParse(t, csvWrite(t, f, CSVOptions{})))
	if b := got["newstud"][csvBoxtext]; b != "DRAFT: Identification of new studies via databases and registers" {
		t.Errorf("newstud boxtext = %q", b)
	}
}

func TestWriteCSVNeverAddsARow(t *testing.T) {
	for _, v := range CSVVersions() {
		t.Run(string(v), func(t *testing.T) { testWriteCSVNeverAddsARow(t, v) })
	}
}

func testWriteCSVNeverAddsARow(t *testing.T, v CSVVersion) {
	tmpl := csvParse(t, csvTemplateFile(t, v))
	odd := csvSeedFlow()
	odd.DbrExcludedReasons[0].Reason = "dbr_excluded_reasons"
	odd.Sources[0].Source = "total_studies"
	odd.Final = false
	odd.PreviousStudies = 3
	for name, f := range map[string]*Flow{
		"seed": csvSeedFlow(), "databases only": csvDatabasesOnly(), "names like data names": odd, "empty": {},
	} {
		for _, scoping := range []bool{false, true} {
			rows := csvParse(t, csvWrite(t, f, CSVOptions{Version: v, Scoping: scoping}))
			if len(rows) != len(tmpl) {
				t.Errorf("%s: %d rows, the template has %d", name, len(rows), len(tmpl))
				continue
			}
			for i := range rows {
				if rows[i][csvData] != tmpl[i][csvData] {
					t.Errorf("%s: row %d is %q, the template's %q", name, i, rows[i][csvData], tmpl[i][csvData])
				}
			}
			for _, p := range rGreps(v) {
				if m := rGrep(rows, csvData, p); len(m) != 1 {
					t.Errorf("%s: grep(%q, data[, 1]) matches %d rows", name, p, len(m))
				}
			}
		}
	}
}

func TestWriteCSVVersions(t *testing.T) {
	t.Run("the default is the current release", func(t *testing.T) {
		if !bytes.Equal(csvWrite(t, csvSeedFlow(), CSVOptions{}), csvWrite(t, csvSeedFlow(), CSVOptions{Version: CSV114})) {
			t.Error("the zero CSVOptions does not write the 1.1.4 layout")
		}
	})
	t.Run("each release reads its own layout", func(t *testing.T) {
		for v, rows := range map[CSVVersion]int{CSV114: 35, CSV111: 33} {
			if got := len(csvParse(t, csvWrite(t, csvSeedFlow(), CSVOptions{Version: v}))); got != rows {
				t.Errorf("%s: %d rows with the header, want %d", v, got, rows)
			}
		}
	})
	t.Run("a release is named by its number", func(t *testing.T) {
		for _, s := range []string{"1.1.4", "1.1.1"} {
			if v, err := ParseCSVVersion(s); err != nil || string(v) != s {
				t.Errorf("ParseCSVVersion(%q) = %q, %v", s, v, err)
			}
		}
		for _, s := range []string{"", "1.1", "1.1.2", "v1.1.4", "latest"} {
			if _, err := ParseCSVVersion(s); err == nil || !strings.Contains(err.Error(), "the versions are 1.1.4 and 1.1.1") {
				t.Errorf("ParseCSVVersion(%q): %v", s, err)
			}
		}
	})
	t.Run("an unknown release is refused", func(t *testing.T) {
		if err := WriteCSV(&bytes.Buffer{}, csvSeedFlow(), CSVOptions{Version: "1.0.0"}); err == nil {
			t.Error("no error")
		}
	})
}

func TestWriteCSVWithoutAFlow(t *testing.T) {
	if err := WriteCSV(&bytes.Buffer{}, nil, CSVOptions{}); err == nil {
		t.Error("no error without a flow")
	}
}
