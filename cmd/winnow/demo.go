package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	winnow "github.com/winnow-review/winnow"
	"github.com/winnow-review/winnow/internal/ui"
	"github.com/winnow-review/winnow/review"
)

// errDemoExists refuses to write the demo over a folder that holds files.
var errDemoExists = errors.New("folder not empty")

// demoTitle is the sample review's title.
const demoTitle = "Integrated primary care and social services for older adults with multimorbidity"

// demoSteps build the finished sample review (as scripts/sample-review.sh
// does, from testdata/sample/README.md), then chart its included studies:
// each step is a winnow command line run as the reviewer it names.
func demoSteps() [][]string {
	steps := [][]string{
		{"alice", "init", "--title", demoTitle},
		{"alice", "team", "add", "alice", "--lead"},
		{"alice", "team", "add", "bob"},
		{"alice", "team", "add", "carol"},
		{"alice", "import", "exports/medline.nbib", "--source", "MEDLINE", "--kind", "database", "--searched", "2020-06-16"},
		{"alice", "import", "exports/embase.ris", "--source", "Embase", "--kind", "database", "--searched", "2020-06-16"},
		{"alice", "import", "exports/wos.txt", "--source", "Web of Science", "--kind", "database", "--searched", "2020-06-16"},
		{"alice", "import", "exports/cinahl.csv", "--source", "CINAHL", "--kind", "database", "--searched", "2020-06-16"},
		{"alice", "import", "exports/opengrey.bib", "--source", "OpenGrey", "--kind", "other", "--searched", "2020-06-18"},
		{"alice", "import", "exports/websites.csv", "--source", "Websites and experts", "--kind", "website"},
		{"alice", "import", "exports/citations.ris", "--source", "Citation searching", "--kind", "citation"},
		{"alice", "dedup"},
		{"alice", "reasons", "add", "Not about integrated care", "Wrong population", "Not integrated care", "Wrong setting"},
		{"alice", "decide", "--file", "exports/ta-decisions.csv"},
		{"alice", "resolve", "16", "include", "--stage", "ta", "--note", "discussed at the consensus meeting"},
		{"alice", "resolve", "20", "exclude", "--stage", "ta", "--reason", "Not about integrated care"},
		{"alice", "fulltext", "11", "--not-retrieved", "--note", "not held by the library"},
		{"alice", "fulltext", "45", "--not-retrieved", "--note", "report withdrawn from the website"},
		{"alice", "decide", "--file", "exports/ft-decisions.csv"},
		{"alice", "resolve", "16", "exclude", "--stage", "ft", "--reason", "Wrong setting"},
		{"alice", "study", "link", "1", "37"},
		{"alice", "chart", "form", "--template", "rainbow"},
	}
	// bob and carol chart the six included studies the same way.
	answers := map[string][]string{
		"1":  {"study_design=mixed methods", "integration_levels=micro,meso", "sectors=primary care,social care"},
		"3":  {"study_design=qualitative", "integration_levels=micro", "sectors=primary care,social care,voluntary sector"},
		"6":  {"study_design=randomised controlled trial", "integration_levels=micro", "sectors=primary care,social care"},
		"8":  {"study_design=qualitative", "integration_levels=meso", "sectors=social care,local authority"},
		"15": {"study_design=review", "integration_levels=macro,meso", "sectors=primary care,secondary care,social care"},
		"42": {"study_design=policy document", "integration_levels=macro", "sectors=local government,social care"},
	}
	for _, who := range []string{"bob", "carol"} {
		for _, ref := range []string{"1", "3", "6", "8", "15", "42"} {
			steps = append(steps, append([]string{who, "chart", "set", ref}, answers[ref]...))
		}
	}
	return steps
}

func newDemoCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "demo [DIR]",
		Short: "Write a finished sample review into a new folder, to try winnow on",
		Long: `Builds a small finished review from sample exports carried in winnow itself
(MEDLINE, Embase, Web of Science, CINAHL, OpenGrey, websites, citation searching:
46 records), as a team of three would: alice the lead imports and deduplicates,
bob and carol screen titles and abstracts then full texts, alice resolves their
conflicts, and both chart the included studies on the Rainbow Model form. It
writes into DIR (winnow-demo by default; it must be new or empty) the review,
its PRISMA 2020 flow (flow.txt, flow.svg, PRISMA.csv), the charting summary
(charting-summary.md, map.svg) and the exports, then says what to try next.`,
		Example: `  winnow demo
  winnow demo /tmp/review && cd /tmp/review && winnow --reviewer alice status`,
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := "winnow-demo"
			if len(args) == 1 {
				dir = args[0]
			}
			if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
				return review.Refuse(errDemoExists, "%s is not empty: winnow demo writes into a new folder (name another: winnow demo DIR)", dir)
			}
			if err := os.MkdirAll(filepath.Join(dir, "exports"), 0o755); err != nil {
				return err
			}
			sample, err := fs.Sub(winnow.Sample, "testdata/sample")
			if err != nil {
				return err
			}
			files, err := fs.ReadDir(sample, ".")
			if err != nil {
				return err
			}
			for _, f := range files {
				if f.IsDir() {
					continue
				}
				data, err := fs.ReadFile(sample, f.Name())
				if err != nil {
					return err
				}
				if err := os.WriteFile(filepath.Join(dir, "exports", f.Name()), data, 0o644); err != nil {
					return err
				}
			}
			db := filepath.Join(dir, "winnow.db")
			// Each step runs as a command of its own, in the folder, so
			// that the files it names are where the log says.
			step := func(who string, args ...string) ([]byte, error) {
				var out, errs bytes.Buffer
				sub := &app{streams: ui.Test(strings.NewReader(""), &out, &errs)}
				root := newRootCmd(sub)
				root.SetArgs(append([]string{"--db", db, "--reviewer", who}, args...))
				if err := root.ExecuteContext(cmd.Context()); err != nil {
					return nil, fmt.Errorf("winnow demo: %s: %w\n%s", strings.Join(args, " "), err, errs.String())
				}
				return out.Bytes(), nil
			}
			wd, err := os.Getwd()
			if err != nil {
				return err
			}
			if err := os.Chdir(dir); err != nil {
				return err
			}
			db = "winnow.db"
			defer os.Chdir(wd)
			for _, s := range demoSteps() {
				if _, err := step(s[0], s[1:]...); err != nil {
					return err
				}
			}
			for _, w := range []struct {
				file string
				args []string
			}{
				{"flow.txt", []string{"prisma"}},
				{"", []string{"prisma", "--svg", "flow.svg"}},
				{"", []string{"prisma", "--csv", "PRISMA.csv"}},
				{"charting-summary.md", []string{"chart", "summary", "--format", "md"}},
				{"", []string{"chart", "map", "study_design", "integration_levels", "--svg", "map.svg"}},
			} {
				out, err := step("alice", w.args...)
				if err != nil {
					return err
				}
				if w.file != "" {
					if err := os.WriteFile(w.file, out, 0o644); err != nil {
						return err
					}
				}
			}
			fmt.Fprintf(a.streams.Out, `A finished sample review is in %[1]s:
  winnow.db              the review: 46 records from 7 searches, deduplicated, screened
                         blind by bob and carol, conflicts resolved by alice (the lead)
  flow.svg               its PRISMA 2020 flow diagram (flow.txt as a table, PRISMA.csv
                         for the PRISMA2020 R package and Shiny app)
  charting-summary.md    the six included studies, counted per charting field
  map.svg                the evidence map: study design by level of integration
  exports/               the exports and decision files it was built from

Try next (with winnow on your PATH: go install ./cmd/winnow from the clone):
  cd %[1]s
  export WINNOW_REVIEWER=alice             alice is the lead: she sees everything
  winnow status                            the stages, conflicts and each screener's progress
  winnow records --search "social care"    full-text search of titles and abstracts
  winnow show 16                           one record, its decisions and resolutions
  winnow --reviewer bob show 16            the same record as bob, a screener, sees it while blind
  winnow agreement                         Cohen's kappa, PABAK and Gwet's AC1 per pair
  winnow log 16                            everything that happened to record 16
  winnow prisma --explain records_excluded the records behind a number of the flow
  winnow --reviewer bob screen --stage ft  the screen (q leaves; u undoes a decision)
`, dir)
			return nil
		},
	}
}
