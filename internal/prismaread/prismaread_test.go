package prismaread

import (
	"strings"
	"testing"
)

// flow is `winnow prisma --json` for a small review with both columns.
const flow = `{
  "database_results": 39, "register_results": 0, "website_results": 4, "organisation_results": 0,
  "citations_results": 3, "other_results": 5,
  "sources": [{"source": "MEDLINE, Ovid", "kind": "database", "n": 39}` + rightSources + `],
  "duplicates": 10, "excluded_automatic": 0, "excluded_other": 0, "records_screened": 29, "records_excluded": 19,
  "dbr_sought_reports": 10, "dbr_notretrieved_reports": 1, "dbr_assessed": 9, "dbr_excluded": 4,
  "dbr_excluded_reasons": {"Wrong population, children": 3, "Wrong setting": 1},
  "other_sought_reports": 4, "other_notretrieved_reports": 1, "other_assessed": 3, "other_excluded": 0,
  "other_excluded_reasons": {},
  "new_studies": 6, "new_reports": 7, "total_studies": 6, "total_reports": 7,
  "previous_studies": 0, "previous_reports": 0, "final": true, "entered": {}
}`

// rightSources are the review's other methods.
const rightSources = `, {"source": "OpenGrey", "kind": "other", "n": 5},
    {"source": "Websites", "kind": "website", "n": 4}, {"source": "Citations", "kind": "citation", "n": 3}`

// read is what the 1.1.4 reader prints for that review's CSV.
const read = `database_results=39
register_results=0
website_results=9
organisation_results=0
citations_results=3
duplicates=10
excluded_automatic=0
excluded_other=0
records_screened=29
records_excluded=19
dbr_sought_reports=10
dbr_notretrieved_reports=1
dbr_assessed=9
other_sought_reports=4
other_notretrieved_reports=1
other_assessed=3
new_studies=6
new_reports=7
total_studies=6
total_reports=7
previous_studies=NA
previous_reports=NA
dbr_excluded[Wrong population – children]=3
dbr_excluded[Wrong setting]=1
other_excluded[]=0
`

var renamed = []Renamed{{Row: "dbr_excluded", From: "Wrong population, children", To: "Wrong population – children"}}

func TestCheck(t *testing.T) {
	t.Run("a faithful reading has no differences", func(t *testing.T) {
		if d := Check("1.1.4", read, []byte(flow), renamed); len(d) != 0 {
			t.Errorf("differences: %q", d)
		}
	})
	t.Run("1.1.1 names a bare count by itself", func(t *testing.T) {
		out := strings.Replace(read, "other_excluded[]=0", "other_excluded[0]=0", 1)
		if d := Check("1.1.1", out, []byte(flow), renamed); len(d) != 0 {
			t.Errorf("differences: %q", d)
		}
		if d := Check("1.1.4", out, []byte(flow), renamed); len(d) != 1 {
			t.Errorf("1.1.4: differences %q, want one", d)
		}
	})
	for _, tc := range []struct{ name, from, to, want string }{
		{"two values for one count", "total_studies=6\n", "total_studies=6|0\n", "total_studies: the reader gives 6|0, the flow 6"},
		{"a count missing", "new_reports=7\n", "", "new_reports: the reader gives nothing, the flow 7"},
		{"a count not of the flow", "new_reports=7\n", "new_reports=7\ntotal_studies_ma=0\n", "total_studies_ma=0: not a count of the flow"},
		{"other sources left out of the websites", "website_results=9", "website_results=4", "website_results: the reader gives 4, the flow 9"},
		{"a previous version drawn", "previous_studies=NA", "previous_studies=0", "previous_studies: the reader gives 0, the flow NA"},
		{"a name cut at its comma", "dbr_excluded[Wrong population – children]=3", "dbr_excluded[Wrong population]=NA",
			`dbr_excluded: the reader gives ["Wrong population"=NA "Wrong setting"=1], the flow ["Wrong population – children"=3 "Wrong setting"=1]`},
		{"a reason missing", "dbr_excluded[Wrong setting]=1\n", "", `dbr_excluded: the reader gives ["Wrong population – children"=3]`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := strings.Replace(read, tc.from, tc.to, 1)
			d := Check("1.1.4", out, []byte(flow), renamed)
			if len(d) != 1 || !strings.HasPrefix(d[0], tc.want) {
				t.Errorf("differences %q, want one starting %q", d, tc.want)
			}
		})
	}
	t.Run("no other methods: that column is NA", func(t *testing.T) {
		left := strings.NewReplacer(`"website_results": 4`, `"website_results": 0`, `"citations_results": 3`, `"citations_results": 0`,
			`"other_results": 5`, `"other_results": 0`, rightSources, "").Replace(flow)
		out := strings.NewReplacer("website_results=9", "website_results=NA", "organisation_results=0", "organisation_results=NA",
			"citations_results=3", "citations_results=NA").Replace(read)
		if d := Check("1.1.4", out, []byte(left), renamed); len(d) != 0 {
			t.Errorf("differences: %q", d)
		}
	})
}

func TestParseRenames(t *testing.T) {
	stderr := `reason "Wrong population, children" is written as "Wrong population – children" in dbr_excluded: the PRISMA2020 package cuts names
source "Say \"hi\"; now" is written as "Say ”hi” – now" in database_specific_results: the PRISMA2020 package cuts names
wrote the PRISMA2020 1.1.4 template to a.csv
`
	got, err := ParseRenames(stderr)
	if err != nil {
		t.Fatal(err)
	}
	want := []Renamed{
		{"dbr_excluded", "Wrong population, children", "Wrong population – children"},
		{"database_specific_results", `Say "hi"; now`, "Say ”hi” – now"},
	}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("ParseRenames = %q, want %q", got, want)
	}
}

// TestFindWithoutR: without Rscript the check skips, saying why, except
// in CI, where it fails.
func TestFindWithoutR(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	t.Setenv("CI", "")
	tool, skip, err := Find()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(skip, "prisma2020-read not found") {
		t.Skip(skip)
	}
	if tool != "" || !strings.Contains(skip, "Rscript not found") {
		t.Errorf("without Rscript: tool %q, skip %q", tool, skip)
	}
	t.Setenv("CI", "true")
	if tool, _, err := Find(); tool != "" || err == nil || !strings.Contains(err.Error(), "CI is set but Rscript is not installed") {
		t.Errorf("without Rscript in CI: tool %q, err %v", tool, err)
	}
}
