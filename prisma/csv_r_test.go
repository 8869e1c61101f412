package prisma

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/winnow-review/winnow/internal/prismaread"
	"github.com/winnow-review/winnow/review"
)

// TestWriteCSVReadsBackInThePackage runs the PRISMA2020 package's own
// reader, at each release, on what WriteCSV writes for flows a review is
// not easily built into (names like the template's data names, names
// changed for the package, counts in thousands, an empty flow), and
// checks every number it reads against the flow. The end-to-end test, on
// reviews built with winnow, is testdata/script/prisma_r.txtar.
func TestWriteCSVReadsBackInThePackage(t *testing.T) {
	tool := prismaread.Require(t)

	odd := csvSeedFlow()
	odd.DbrExcludedReasons[0].Reason = "dbr_excluded_reasons"
	odd.DbrExcludedReasons[1].Reason = "Wrong intervention; drug, not device"
	odd.DbrExcludedReasons[2].Reason = `=Crohn's "disease"`
	odd.OtherExcludedReasons[1].Reason = "total_studies, 3"
	odd.Sources[0].Source = "total_studies"
	odd.Sources[1].Source = "Embase, Ovid; 1974 to date"
	odd.Final = false

	updated := csvDatabasesOnly()
	updated.PreviousStudies, updated.PreviousReports = 20, 24
	updated.TotalStudies, updated.TotalReports = 35, 40
	updated.DbrExcludedReasons = Reasons{{"Wrong population, adults only", 80}} // one reason

	big := csvDatabasesOnly()
	big.Sources = append(big.Sources, Source{Source: "NICE", Kind: review.Organisation, N: 7})
	big.OrganisationResults = 7
	big.DatabaseResults, big.Sources[0].N = 1234567, 1234567-500
	big.RecordsScreened, big.RecordsExcluded = 1234267, 1234167

	for _, tc := range []struct {
		name    string
		f       *Flow
		scoping bool
	}{
		{"names the package would misread, in a draft", odd, false},
		{"an updated review with one reason, a scoping review's wording", updated, true},
		{"an organisation alone on the right, and counts in thousands", big, false},
		{"an empty flow", &Flow{}, false},
	} {
		flow, err := json.Marshal(tc.f)
		if err != nil {
			t.Fatal(err)
		}
		var renamed []prismaread.Renamed
		for _, r := range CSVRenames(tc.f) {
			renamed = append(renamed, prismaread.Renamed{Row: r.Row, From: r.From, To: r.To})
		}
		for _, v := range CSVVersions() {
			t.Run(tc.name+" "+string(v), func(t *testing.T) {
				t.Parallel()
				file := filepath.Join(t.TempDir(), "PRISMA.csv")
				if err := os.WriteFile(file, csvWrite(t, tc.f, CSVOptions{Version: v, Scoping: tc.scoping}), 0o644); err != nil {
					t.Fatal(err)
				}
				out, err := prismaread.Read(tool, string(v), file)
				if err != nil {
					t.Fatal(err)
				}
				for _, d := range prismaread.Check(string(v), out, flow, renamed) {
					t.Error(d)
				}
			})
		}
	}
}
