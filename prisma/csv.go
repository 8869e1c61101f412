package prisma

import (
	"bytes"
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

// CSVOptions chooses the wording of the PRISMA2020 template.
type CSVOptions struct {
	// Scoping words the box texts for a scoping review (PRISMA-ScR):
	// "sources of evidence" where the template says "studies".
	Scoping bool
}

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
// github.com/prisma-flowdiagram/PRISMA2020), which its PRISMA_data()
// function and its Shiny app read: the template's rows in its order, with
// its quoting, its CRLF line ends and its NA cells, and each count in the
// n column. The template has no row of its own for any figure winnow
// adds, and an added row would break the package's reader (below), so:
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
// says DRAFT in its title box.
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

// How the PRISMA2020 package reads this file (R is not at hand to run it;
// these are the lines read, at the commits named):
//
//   - R/PRISMA_data.R (4cdc018) takes each value as
//     data[grep("<data name>", data[, 1]), ]$n, a substring match on the
//     data column, so one extra row whose name contains another's (say
//     dbr_excluded_reasons) makes two values where one is expected. It
//     reads the texts the same way from boxtext, and the three title boxes
//     by grep("prevstud"|"newstud"|"othstud", data[, 3]). Counts go
//     through PRISMA_format_number_() (R/internal/PRISMA_format.R,
//     c650850), which drops every character but digits and points, then
//     as.numeric(), then scales::comma(), which keeps NA as NA.
//   - The lists (database_specific_results, register_specific_results,
//     dbr_excluded, other_excluded) go through PRISMA_parse_reasons_()
//     (same file): strsplit(reasons, split = "(;)( )?") into items, the
//     name of an item is gsub(",.*$", "", item), everything before its
//     first comma, and its n is gsub(".*?,([ 0-9,]*)|.*()", "\\1", item),
//     the digits after that comma. Hence "Name, n; Name, n" with no comma
//     or semicolon inside a name. An older version, with PRISMA_data()
//     inside R/PRISMA_flowdiagram.R (d98a52e), split at "; " and read n as
//     gsub(".*,", "", item) then as.numeric(): the same file reads right
//     there too, since counts are written without thousands separators.
//   - R/PRISMA_flowdiagram.R drops the previous-version boxes when
//     is.na(previous_studies) && is.na(previous_reports), and the
//     other-methods column when website_results, organisation_results and
//     citations_results are all NA; a count that is NA leaves its line out.
//     Box texts are pasted into a DOT label between single quotes, and
//     DiagrammeR's grViz() (R/grViz.R) then turns every ' in the graph
//     into ", so a quote inside a name would end the label.
//   - Reasons: a list with one reason, or a bare number when there are
//     none, failed in the releases up to May 2024 (PRISMA2020 issue #70,
//     which its maintainer then fixed on the main branch); the file says
//     what the review found all the same.
//
// Newer copies of the template (as embedded by other tools since the
// package's meta-analysis option of December 2024) add two rows at the
// end, total_studies_ma and total_reports_ma. They are left out on
// purpose: the older reader's grep("total_studies") would match them as
// well, and winnow has no meta-analysis count. The newer reader falls
// back to 0 for them, with a warning.

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
	rows, err := csv.NewReader(strings.NewReader(prismaTemplate)).ReadAll()
	if err != nil {
		panic("prisma: the embedded PRISMA2020 template does not parse: " + err.Error())
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

// prismaTemplate is inst/extdata/PRISMA.csv of the PRISMA2020 R package
// at commit 696d35e (MIT licence, copyright 2020 Neal R Haddaway; the
// licence is in testdata/csv/README.md), with LF line ends: a raw string
// cannot hold the file's CRLF, which WriteCSV puts back. A test checks it
// against the copy in testdata/csv, byte for byte.
const prismaTemplate = `data,node,box,description,boxtext,tooltips,url,n
NA,node4,prevstud,Grey title box; Previous studies,Previous studies,Grey title box; Previous studies,prevstud.html,0
previous_studies,node5,box1,Studies included in previous version of review,Studies included in previous version of review,Studies included in previous version of review,previous_studies.html,0
previous_reports,NA,box1,Reports of studies included in previous version of review,Reports of studies included in previous version of review,NA,previous_reports.html,0
NA,node6,newstud,Yellow title box; Identification of new studies via databases and registers,Identification of new studies via databases and registers,Yellow title box; Identification of new studies via databases and registers,newstud.html,0
database_results,node7,box2,Records identified from: Databases,Databases,Records identified from: Databases and Registers,database_results.html,0
database_specific_results,NA,box2,Records identified from: specific databases,Specific Databases,NA,database_results.html,"Database 1, xxx; Database 2, xxx; Database 3, xxx"
register_results,NA,box2,Records identified from: Registers,Registers,NA,NA,0
register_specific_results,NA,box2,Records identified from: specific registers,Specific Registers,NA,database_results.html,"Register 1, xxx; Register 2, xxx; Register 3, xxx"
NA,node16,othstud,Grey title box; Identification of new studies via other methods,Identification of new studies via other methods,Grey title box; Identification of new studies via other methods,othstud.html,0
website_results,node17,box11,Records identified from: Websites,Websites,"Records identified from: Websites, Organisations and Citation Searching",website_results.html,0
organisation_results,,box11,Records identified from: Organisations,Organisations,NA,NA,0
citations_results,NA,box11,Records identified from: Citation searching,Citation searching,NA,NA,0
duplicates,node8,box3,Duplicate records,Duplicate records,Duplicate records,duplicates.html,0
excluded_automatic,NA,box3,Records marked as ineligible by automation tools,Records marked as ineligible by automation tools,NA,NA,0
excluded_other,NA,box3,Records removed for other reasons,Records removed for other reasons,NA,NA,0
records_screened,node9,box4,Records screened (databases and registers),Records screened,Records screened (databases and registers),records_screened.html,0
records_excluded,node10,box5,Records excluded (databases and registers),Records excluded,Records excluded (databases and registers),records_excluded.html,0
dbr_sought_reports,node11,box6,Reports sought for retrieval (databases and registers),Reports sought for retrieval,Reports sought for retrieval (databases and registers),dbr_sought_reports.html,0
dbr_notretrieved_reports,node12,box7,Reports not retrieved (databases and registers),Reports not retrieved,Reports not retrieved (databases and registers),dbr_notretrieved_reports.html,0
other_sought_reports,node18,box12,Reports sought for retrieval (other),Reports sought for retrieval,Reports sought for retrieval (other),other_sought_reports.html,0
other_notretrieved_reports,node19,box13,Reports not retrieved (other),Reports not retrieved,Reports not retrieved (other),other_notretrieved_reports.html,0
dbr_assessed,node13,box8,Reports assessed for eligibility (databases and registers),Reports assessed for eligibility,Reports assessed for eligibility (databases and registers),dbr_assessed.html,0
dbr_excluded,node14,box9,"Reports excluded (databases and registers): [separate reasons and numbers using ; e.g. Reason1, xxx; Reason2, xxx; Reason3, xxx]",Reports excluded,Reports excluded (databases and registers),dbrexcludedrecords.html,"Reason1, xxx; Reason2, xxx; Reason3, xxx"
other_assessed,node20,box14,Reports assessed for eligibility (other),Reports assessed for eligibility,Reports assessed for eligibility (other),other_assessed.html,0
other_excluded,node21,box15,"Reports excluded (other): [separate reasons and numbers using ; e.g. Reason1, xxx; Reason2, xxx; Reason3, xxx]",Reports excluded,Reports excluded (other),other_excluded.html,"Reason1, xxx; Reason2, xxx; Reason3, xxx"
new_studies,node15,box10,New studies included in review,New studies included in review,New studies included in review,new_studies.html,0
new_reports,NA,box10,Reports of new included studies,Reports of new included studies,NA,NA,0
total_studies,node22,box16,Total studies included in review,Total studies included in review,Total studies included in review,total_studies.html,0
total_reports,NA,box16,Reports of total included studies,Reports of total included studies,NA,NA,0
identification,node1,identification,Blue identification box,Identification,Blue identification box,identification.html,0
screening,node2,screening,Blue screening box,Screening,Blue screening box,screening.html,0
included,node3,included,Blue included box,Included,Blue included box,included.html,0
`
