package prisma

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/winnow-review/winnow/review"
)

// CSVOptions chooses the release the file is written for and its wording.
type CSVOptions struct {
	// Version is the PRISMA2020 package release that is to read the file;
	// the zero value is CSV114, the current one.
	Version CSVVersion
	// Scoping words the box texts for a scoping review (PRISMA-ScR):
	// "sources of evidence" where the template says "studies".
	Scoping bool
}

// CSVVersion is a release of the PRISMA2020 R package whose CSV template
// WriteCSV fills. The releases read different layouts and neither reads
// the other's (see the notes below WriteCSV), so the file is written for
// one of them.
type CSVVersion string

const (
	// CSV114 is release 1.1.4 (June 2026), the current one, which the
	// Shiny app runs: the template of 34 rows, with the meta-analysis
	// rows added in December 2024.
	CSV114 CSVVersion = "1.1.4"
	// CSV111 is release 1.1.1 (February 2023), which many R installations
	// still have: the template of 32 rows.
	CSV111 CSVVersion = "1.1.1"
)

// CSVVersions are the releases WriteCSV writes for, the default first.
func CSVVersions() []CSVVersion { return []CSVVersion{CSV114, CSV111} }

// ParseCSVVersion reads a release number, "1.1.4" or "1.1.1".
func ParseCSVVersion(s string) (CSVVersion, error) {
	var names []string
	for _, v := range CSVVersions() {
		if s == string(v) {
			return v, nil
		}
		names = append(names, string(v))
	}
	return "", fmt.Errorf("no PRISMA2020 template for version %q: the versions are %s", s, strings.Join(names, " and "))
}

// The package's templates, byte for byte (MIT licence; see
// template/README.md).
var (
	//go:embed template/PRISMA2020-1.1.4.csv
	template114 string
	//go:embed template/PRISMA2020-1.1.1.csv
	template111 string
)

// Renamed is a source or reason name WriteCSV writes differently from
// the review: the PRISMA2020 package reads "Name, n; Name, n" by splitting
// at each ";" and cutting each name at its first ",", with no escape, so
// a comma or semicolon inside a name becomes " – "; and a spreadsheet
// would run a name starting with =, +, - or @ as a formula, so those
// characters are dropped from its start. The SVG figure has no such
// limits and keeps every name as it is.
type Renamed struct {
	Row  string `json:"row"`  // the template row, e.g. "dbr_excluded"
	What string `json:"what"` // "reason" or "source"
	From string `json:"from"`
	To   string `json:"to"`
}

// CSVRenames lists the names WriteCSV writes differently, so that the
// command can say so.
func CSVRenames(f *Flow) []Renamed {
	var out []Renamed
	for _, l := range csvLists(f) {
		for _, it := range l.items {
			if to := csvSafeName(it.name); to != csvName(it.name) {
				out = append(out, Renamed{Row: l.row, What: l.what, From: it.name, To: to})
			}
		}
	}
	return out
}

var csvSeparators = regexp.MustCompile(`\s*[,;]+\s*`)

// csvSafeName is a name as the template carries it (see Renamed).
func csvSafeName(s string) string {
	name := csvSeparators.ReplaceAllString(csvName(s), " – ")
	name = strings.TrimLeft(name, "=+-@ –")
	if name == "" {
		name = "(unnamed)"
	}
	return name
}

// WriteCSV writes the flow in the layout of the PRISMA2020 R package's
// CSV template (inst/extdata/PRISMA.csv in
// github.com/prisma-flowdiagram/PRISMA2020) at the release o.Version
// names, which its PRISMA_data() function reads, and at 1.1.4 its Shiny
// app too: the template's rows in its order, with its quoting, its CRLF
// line ends and its NA cells, and each count in the n column. The
// template has no row of its own for any figure winnow adds, and an added
// row would break the package's reader (below), so:
//
//   - sources of kind other are counted in website_results, whose box
//     text becomes "Websites and other sources": the template's websites
//     are where grey literature searched on the web (Opengrey, Google
//     Scholar) is usually reported, and its other two rows, organisations
//     and citation searching, name one specific method each;
//   - the right column's records removed as duplicates or excluded at
//     title-abstract (OtherDuplicates, OtherRecordsExcluded) are not in
//     the file: the SVG figure notes them;
//   - nothing marks the counts entered by hand.
//
// Like the SVG figure, the file has a previous-version box only when
// previous studies or reports are not zero, and an other-methods column
// only when there are such sources: the other cells are NA, which the
// package takes to mean the box is not drawn. A flow that is not final
// says DRAFT in its title box. The meta-analysis rows of 1.1.4 keep the
// template's 0: a review in winnow records no meta-analysis, and the
// package draws that box only when asked to (meta_analysis = TRUE).
//
// A source or reason name with a comma or a semicolon, or starting with
// =, +, - or @, is written changed (see Renamed and CSVRenames). A
// straight quote or apostrophe is written as its typographic form (the
// package's drawing turns every ' into ").
func WriteCSV(w io.Writer, f *Flow, o CSVOptions) error {
	if f == nil {
		return errors.New("write csv: no flow")
	}
	rows, err := csvRows(f, o)
	if err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	var b bytes.Buffer
	cw := csv.NewWriter(&b)
	cw.UseCRLF = true // as the template
	if err := cw.WriteAll(rows); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	_, err = w.Write(b.Bytes())
	return err
}

// How the PRISMA2020 package reads this file. Its reader at each release
// is in ../shared/vendor (R/PRISMA_data.R at 1.1.4; PRISMA_data() inside
// R/PRISMA_flowdiagram.R at 1.1.1), and the tests run it on what WriteCSV
// writes (TestWriteCSVReadsBackInThePackage; on reviews built with
// winnow, testdata/script/prisma_r.txtar):
//
//   - Each count is data[grep("<data name>", data[, 1]), ]$n, a match
//     anywhere in the data column, so a row whose name contains another's
//     makes two values where one is expected. 1.1.4 anchors two of them,
//     grep("total_studies$") and grep("total_reports$"), since its
//     template has total_studies_ma and total_reports_ma; 1.1.1 does not,
//     so given those rows it reads total_studies as two values (say 84|0).
//     The other way round, 1.1.4 stops on a file without them: a missing
//     count falls back to 0 with a warning, but the lookup of its box
//     text then stops with "object 'total_studies_ma_text' not found".
//     Hence one layout per release, and no row of winnow's own.
//   - Counts go through PRISMA_format_number_(), which drops every
//     character but digits and points, then as.numeric(), then
//     scales::comma(), which keeps NA as NA.
//   - The lists (database_specific_results, register_specific_results,
//     dbr_excluded, other_excluded) are split into items at ";" and one
//     optional space (1.1.4, PRISMA_parse_reasons_()) or at "; " (1.1.1);
//     an item's name is everything before its first comma, its n the
//     digits after it. Hence "Name, n; Name, n" with no comma or
//     semicolon inside a name. A bare number (no reasons) reads as one
//     item: at 1.1.4 with no name, at 1.1.1 named by the number itself.
//   - The drawing (R/PRISMA_flowdiagram.R) drops the previous-version
//     boxes when is.na(previous_studies) && is.na(previous_reports), and
//     the other-methods column when website_results, organisation_results
//     and citations_results are all NA; a count that is NA leaves its line
//     out. Box texts are pasted into a DOT label between single quotes,
//     and DiagrammeR's grViz() then turns every ' in the graph into ", so
//     a quote inside a name would end the label.
//   - At 1.1.1 the drawing fails on a reasons list of one reason, or a
//     bare number when there are none (PRISMA2020 issue #70, fixed in
//     1.1.4); the file says what the review found all the same.

// The columns of the template.
const (
	csvData = iota
	csvNode
	csvBox
	csvDescription
	csvBoxtext
	csvTooltips
	csvURL
	csvN
)

// csvRows is the template filled in with the flow.
func csvRows(f *Flow, o CSVOptions) ([][]string, error) {
	tmpl := template114
	switch o.Version {
	case CSV114, "":
	case CSV111:
		tmpl = template111
	default:
		return nil, fmt.Errorf("no PRISMA2020 template for version %q", o.Version)
	}
	rows, err := csv.NewReader(strings.NewReader(tmpl)).ReadAll()
	if err != nil {
		panic("prisma: an embedded PRISMA2020 template does not parse: " + err.Error())
	}

	n := map[string]string{
		"previous_studies":           "NA",
		"previous_reports":           "NA",
		"database_results":           strconv.Itoa(f.DatabaseResults),
		"register_results":           strconv.Itoa(f.RegisterResults),
		"website_results":            "NA",
		"organisation_results":       "NA",
		"citations_results":          "NA",
		"duplicates":                 strconv.Itoa(f.Duplicates),
		"excluded_automatic":         strconv.Itoa(f.ExcludedAutomatic),
		"excluded_other":             strconv.Itoa(f.ExcludedOther),
		"records_screened":           strconv.Itoa(f.RecordsScreened),
		"records_excluded":           strconv.Itoa(f.RecordsExcluded),
		"dbr_sought_reports":         strconv.Itoa(f.DbrSoughtReports),
		"dbr_notretrieved_reports":   strconv.Itoa(f.DbrNotRetrievedReports),
		"dbr_assessed":               strconv.Itoa(f.DbrAssessed),
		"other_sought_reports":       strconv.Itoa(f.OtherSoughtReports),
		"other_notretrieved_reports": strconv.Itoa(f.OtherNotRetrievedReports),
		"other_assessed":             strconv.Itoa(f.OtherAssessed),
		"new_studies":                strconv.Itoa(f.NewStudies),
		"new_reports":                strconv.Itoa(f.NewReports),
		"total_studies":              strconv.Itoa(f.TotalStudies),
		"total_reports":              strconv.Itoa(f.TotalReports),
	}
	if f.PreviousStudies > 0 || f.PreviousReports > 0 {
		n["previous_studies"] = strconv.Itoa(f.PreviousStudies)
		n["previous_reports"] = strconv.Itoa(f.PreviousReports)
	}
	otherKind := f.OtherResults > 0 || slices.ContainsFunc(f.Sources, func(s Source) bool { return csvOtherKind(s.Kind) })
	if otherKind || f.WebsiteResults > 0 || f.OrganisationResults > 0 || f.CitationsResults > 0 ||
		slices.ContainsFunc(f.Sources, func(s Source) bool { return !Left(s.Kind) }) {
		n["website_results"] = strconv.Itoa(f.WebsiteResults + f.OtherResults)
		n["organisation_results"] = strconv.Itoa(f.OrganisationResults)
		n["citations_results"] = strconv.Itoa(f.CitationsResults)
	}
	for _, l := range csvLists(f) {
		v := csvList(l.items)
		if len(l.items) == 0 {
			v = l.none
		}
		n[l.row] = v
	}

	for _, r := range rows[1:] {
		if v, ok := n[r[csvData]]; ok {
			r[csvN] = v
		}
		switch {
		case r[csvData] == "website_results" && otherKind:
			r[csvBoxtext] = "Websites and other sources"
		case r[csvBox] == "newstud" && !f.Final:
			r[csvBoxtext] = "DRAFT: " + r[csvBoxtext]
		}
		if o.Scoping {
			for _, c := range []int{csvBoxtext, csvTooltips} {
				r[c] = strings.ReplaceAll(r[c], "studies", "sources of evidence")
				r[c] = strings.ReplaceAll(r[c], "Studies", "Sources of evidence")
			}
		}
	}
	return rows, nil
}

// csvOtherKind reports whether a kind of source has no row of its own in
// the template.
func csvOtherKind(k review.Kind) bool {
	switch k {
	case review.Database, review.Register, review.Website, review.Organisation, review.Citation:
		return false
	}
	return true
}

// csvItem is one name and its count in a list cell.
type csvItem struct {
	name string
	n    int
}

func csvSources(f *Flow, k review.Kind) []csvItem {
	var items []csvItem
	for _, s := range f.Sources {
		if s.Kind == k {
			items = append(items, csvItem{s.Source, s.N})
		}
	}
	return items
}

func csvReasons(rs Reasons) []csvItem {
	items := make([]csvItem, len(rs))
	for i, r := range rs {
		items[i] = csvItem{r.Reason, r.N}
	}
	return items
}

// csvListSpec is one of the template's "Name, n; Name, n" cells.
type csvListSpec struct {
	row, what string
	items     []csvItem
	none      string // the cell when there are no items
}

func csvLists(f *Flow) []csvListSpec {
	return []csvListSpec{
		{"database_specific_results", "source", csvSources(f, review.Database), ""},
		{"register_specific_results", "source", csvSources(f, review.Register), ""},
		{"dbr_excluded", "reason", csvReasons(f.DbrExcludedReasons), strconv.Itoa(f.DbrExcluded)},
		{"other_excluded", "reason", csvReasons(f.OtherExcludedReasons), strconv.Itoa(f.OtherExcluded)},
	}
}

// csvList writes items as the template's "Name, n; Name, n".
func csvList(items []csvItem) string {
	parts := make([]string, len(items))
	for i, it := range items {
		parts[i] = csvSafeName(it.name) + ", " + strconv.Itoa(it.n)
	}
	return strings.Join(parts, "; ")
}

// csvName makes a name one line of the package's box: line breaks, tabs
// and runs of spaces become one space, other control characters and the
// bidirectional overrides are dropped, and straight quotes become
// typographic ones, which survive grViz's turning ' into ".
func csvName(s string) string {
	var b strings.Builder
	space := false
	var prev rune = ' '
	for _, r := range s {
		switch {
		case r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\v' || r == '\f' ||
			r == 0x85 || r == 0x2028 || r == 0x2029:
			space = b.Len() > 0
			continue
		case r < 0x20, r >= 0x7f && r <= 0x9f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
			continue
		}
		if space {
			b.WriteByte(' ')
			prev, space = ' ', false
		}
		switch r {
		case '\'':
			b.WriteRune('’')
		case '"':
			if strings.ContainsRune(" ([{", prev) {
				b.WriteRune('“')
			} else {
				b.WriteRune('”')
			}
		default:
			b.WriteRune(r)
		}
		prev = r
	}
	return b.String()
}
