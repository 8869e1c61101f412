package importer

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/winnow-review/winnow/review"
)

// TestIndentedExport imports tagged exports whose every line was indented
// (copied from a web page or an e-mail) and checks that each reads as the
// same export flush left: same format, same records, same lines.
func TestIndentedExport(t *testing.T) {
	exports := map[string]string{
		"medline": "PMID- 30000001\nTI  - Falls prevention in care homes: a cluster\n      randomised trial.\nAU  - Okafor G\nDP  - 2018 Mar\nJT  - Age and ageing\n\nPMID- 30000002\nTI  - Home visits.\nAU  - Lind P\nDP  - 2019\n",
		"wos":     "FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\nAU Okafor, G\n   Lind, P\nTI Falls prevention in care homes\nSO AGE AND AGEING\nPY 2018\nUT WOS:000000000000001\nER\n\nEF\n",
		"enw":     "%0 Journal Article\n%A Okafor, Grace\n%T Falls prevention in care homes\n%J Age and Ageing\n%D 2018\n\n%0 Journal Article\n%A Lind, Per\n%T Home visits\n%D 2019\n",
		"ris":     "TY  - JOUR\nAU  - Okafor, Grace\nTI  - Falls prevention in care homes\nPY  - 2018\nER  - \n\nTY  - JOUR\nAU  - Lind, Per\nTI  - Home visits\nPY  - 2019\nER  - \n",
	}
	ctx := context.Background()
	dir := t.TempDir()
	for format, text := range exports {
		for _, indent := range []string{" ", "\t", "    "} {
			t.Run(fmt.Sprintf("%s indented %q", format, indent), func(t *testing.T) {
				var b strings.Builder
				for _, l := range strings.SplitAfter(text, "\n") {
					if l != "" {
						b.WriteString(indent + l) // blank lines too, as a page copies them
					}
				}
				flush, moved := filepath.Join(dir, format+".txt"), filepath.Join(dir, format+"-indented.txt")
				if err := os.WriteFile(flush, []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(moved, []byte(b.String()), 0o644); err != nil {
					t.Fatal(err)
				}
				var got [2][]review.Record
				for i, name := range []string{flush, moved} {
					st := mustCreate(t)
					res, err := Import(ctx, st, []string{name}, Options{Source: "S", Kind: review.Database})
					if err != nil {
						t.Fatalf("%s: %v", filepath.Base(name), err)
					}
					if res[0].Search.Format != format {
						t.Errorf("%s read as %s, want %s", filepath.Base(name), res[0].Search.Format, format)
					}
					for id := int64(1); id <= int64(res[0].Search.Records); id++ {
						r, err := st.Record(ctx, id)
						if err != nil {
							t.Fatal(err)
						}
						got[i] = append(got[i], review.Record{Title: r.Title, Authors: r.Authors, Year: r.Year, Journal: r.Journal, Line: r.Line})
					}
				}
				if len(got[0]) == 0 || !reflect.DeepEqual(got[0], got[1]) {
					t.Errorf("flush left: %+v\nindented:   %+v", got[0], got[1])
				}
			})
		}
	}
}

// TestFormatCSVTakesTabs: --format csv names the family of delimited
// tables; a tab-delimited file (Web of Science's "tab-delimited" export)
// given so is read by its tabs, and recorded as TSV.
func TestFormatCSVTakesTabs(t *testing.T) {
	name := filepath.Join(t.TempDir(), "savedrecs.txt")
	text := "PT\tAU\tTI\tSO\tPY\tUT\nJ\tSmith, J\tFalls in care homes\tAGE AGEING\t2018\tWOS:000000000000001\n"
	if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	st := mustCreate(t)
	res, err := Import(context.Background(), st, []string{name}, Options{Source: "WoS", Kind: review.Database, Format: "csv"})
	if err != nil {
		t.Fatal(err)
	}
	if s := res[0].Search; s.Records != 1 || s.Format != "tsv" {
		t.Errorf("%d records read as %s, want 1 as tsv", s.Records, s.Format)
	}
}

// TestFormatTSVTakesCommas: --format tsv on a comma-separated file reads it
// by its commas, as --format csv reads a tab-delimited one by its tabs.
func TestFormatTSVTakesCommas(t *testing.T) {
	name := filepath.Join(t.TempDir(), "scopus.csv")
	if err := os.WriteFile(name, []byte("Authors,Title,Year,Source title\n\"Smith J.\",Falls in care homes,2018,Age Ageing\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Import(context.Background(), mustCreate(t), []string{name}, Options{Source: "Scopus", Kind: review.Database, Format: "tsv"})
	if err != nil {
		t.Fatal(err)
	}
	if s := res[0].Search; s.Records != 1 || s.Format != "csv" {
		t.Errorf("%d records read as %s, want 1 as csv", s.Records, s.Format)
	}
}
