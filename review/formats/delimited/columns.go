package delimited

import (
	"strings"
)

// field is a Record field that one or more columns can fill.
type field int

const (
	fTitle field = iota
	fAuthors
	fGroupAuthors
	fYear
	fAbstract
	fJournal
	fVolume
	fIssue
	fPages
	fStartPage
	fEndPage
	fDOI
	fPMID
	fISSN
	fKeywords
	fURL
	fLanguage
	fType
	fSourceID
	fCitation
	fLinkDOI
	fArticleNo
	numFields
)

// columns lists, for each field, the header names that fill it, best
// first: when a row has several of them, the first non-empty one wins.
// Names are matched case-insensitively after trimming. The spellings come
// from real exports (Scopus, Web of Science, Rayyan, Covidence, ASReview,
// Abstrackr, EBSCO, Cochrane CENTRAL, Embase, PubMed, IEEE Xplore,
// SpringerLink, RefWorks, Zotero, CiteSource) and from hand-made lists.
//
// The two-letter Web of Science codes are here too. "ID" is the one code
// whose meaning depends on the file: Keywords Plus in Web of Science, the
// record's identifier elsewhere; headerMap settles it.
var columns = [numFields][]string{
	fTitle: {"Title", "Article Title", "Document Title", "Item Title", "Title Primary",
		"Primary Title", "Title of Article", "Paper Title", "TI",
		// rispy's names, as ASReview writes a project read from RIS.
		"primary_title"},
	// Full names (Scopus "Author full names", WoS AF) come before the short
	// forms with initials.
	fAuthors: {"Author full names", "AF", "Authors", "Author", "Author(s)", "Author Names",
		"Authors, Primary", "Primary Authors", "Creators", "AU",
		// Lens; OpenAlex (names separated by "|").
		"Author/s", "authorships.author.display_name",
		// WoS book authors, for chapters with no AU.
		"BF", "BA",
		// rispy (A1).
		"first_authors"},
	fGroupAuthors: {"CA", "Group Authors"},
	// Year columns first, then dates a year can be read from.
	fYear: {"Year", "Publication Year", "PY", "Pub Year", "Publication_Year", "Year Published",
		"Date", "Publication Date", "Date of Publication", "Pub Date Free From",
		"Publication Date (YYYY-MM-DD)", "Create Date", "PD",
		// Dimensions; Lens; OpenAlex.
		"PubYear", "Date Published", "publication_date"},
	fAbstract: {"Abstract", "AB", "Abstract Note", "Abstract Text", "Summary", "notes_abstract"},
	fJournal: {"Source title", "Journal", "Journal/Book", "Journal Title", "Publication Title",
		"Periodical Full", "Secondary Title", "Periodical", "Publication", "Publication Name",
		"Journal Name", "SO", "Source", "Periodical Abbrev", "Abbreviated Source Title",
		"Journal Abbreviation", "JI", "J9",
		// OpenAlex, now and before 2023.
		"primary_location.source.display_name", "host_venue.display_name",
		// rispy: JF, T2, JO, J2.
		"alternate_title3", "secondary_title", "alternate_title1", "journal_name", "alternate_title2"},
	fVolume: {"Volume", "VL", "Journal Volume", "biblio.volume"},
	fIssue:  {"Issue", "IS", "Journal Issue", "Number", "Issue Number", "biblio.issue"},
	fPages:  {"Pages", "Page", "Page Range", "Pagination"},
	fStartPage: {"Page start", "Start Page", "First Page", "BP", "Start_Page", "Beginning Page", "biblio.first_page",
		// Publish or Perish (Google Scholar).
		"StartPage"},
	fEndPage: {"Page end", "End Page", "Last Page", "EP", "Other Pages", "End_Page", "Ending Page", "biblio.last_page",
		"EndPage"},
	// An electronic article's number (Scopus "Art. No.", WoS AR) stands
	// for its pages when it has none.
	fArticleNo: {"Art. No.", "Article Number", "AR"},
	fDOI:       {"DOI", "DI", "Item DOI"},
	fPMID:      {"PMID", "PubMed ID", "PM", "PubMed_ID", "Medline PMID", "ids.pmid"},
	fISSN: {"ISSN", "SN", "EISSN", "EI", "e-ISSN", "Print ISSN", "Electronic ISSN", "ISSN/ISBN",
		"ISSNs", "primary_location.source.issn_l"},
	// Author keywords first, then indexing terms.
	fKeywords: {"Author Keywords", "DE", "Keywords", "Manual Tags", "Subjects", "MeSH Terms",
		"Index Keywords", "Emtree Medical Index Terms", "Automatic Tags", "keywords.display_name"},
	fURL: {"URL", "Link", "Links", "Full Text Link", "PLink", "Embase Link", "PDF Link", "DL",
		// Publish or Perish (Google Scholar).
		"ArticleURL",
		// Lens; Dimensions.
		"External URL", "Source URLs", "Source Linkout", "Dimensions URL",
		// rispy (a list).
		"urls"},
	fLanguage: {"Language", "Language of Original Document", "LA", "Article Language"},
	fType: {"Document Type", "Item Type", "Publication Type", "Reference Type", "Doctype",
		"Content Type", "Type of Work", "DT", "PT", "Type", "type_of_reference"},
	fSourceID: {"EID", "UT", "UT (Unique WOS ID)", "Key", "Accession Number", "Record_ID", "Covidence #", "CENTRAL ID",
		"Reference Id", "(internal) id", "Duplicate_ID", "Embase Accession ID", "Embase Accession Number", "PUI", "AN",
		// Lens; Dimensions; OpenAlex's web export since 2026.
		"Lens ID", "Publication ID", "Work ID"},
	// A whole citation in one cell (PubMed "Citation"), read for volume,
	// issue and pages when the row has no columns for them.
	fCitation: {"Citation"},
	// Links that may hold a DOI, read when the row has no DOI column.
	fLinkDOI: {"Open URL Link"},
}

// wosCodes are the Web of Science field codes that mark a header as a WoS
// tab-delimited export, whose cells are never quoted.
var wosCodes = map[string]bool{
	"PT": true, "AU": true, "AF": true, "TI": true, "SO": true, "LA": true, "DT": true,
	"DE": true, "ID": true, "AB": true, "C1": true, "CR": true, "NR": true, "TC": true,
	"PY": true, "VL": true, "IS": true, "BP": true, "EP": true, "DI": true, "UT": true,
	"SN": true, "PU": true, "J9": true, "JI": true, "PD": true, "WC": true, "SC": true,
}

// risColumns are the RIS tags that fill each field in a table whose header
// names its columns by RIS tags (synthesisr and other R packages write such
// tables, "TY,AU,year,DA,TI,JO,SP,VL,IS,SN,UR,DO,ID"), best first. Some of
// the tags mean other things in a Web of Science header (SP is the
// conference sponsor there, DA the export date, ID Keywords Plus), so they
// are read this way only in a header risHeader recognises.
var risColumns = [numFields][]string{
	fTitle:     {"TI", "T1"},
	fAuthors:   {"AU", "A1"},
	fYear:      {"PY", "Y1", "DA"},
	fAbstract:  {"AB", "N2"},
	fJournal:   {"JF", "JO", "T2", "JA", "J2"},
	fVolume:    {"VL"},
	fIssue:     {"IS"},
	fStartPage: {"SP"},
	fEndPage:   {"EP"},
	fDOI:       {"DO"},
	fISSN:      {"SN"},
	fKeywords:  {"KW"},
	fURL:       {"UR"},
	fLanguage:  {"LA"},
	fType:      {"TY"},
	fSourceID:  {"ID", "AN"},
}

// risOnly are the RIS tags that no Web of Science header has.
var risOnly = map[string]bool{
	"TY": true, "T1": true, "A1": true, "Y1": true, "N2": true, "JF": true, "JO": true,
	"T2": true, "JA": true, "J2": true, "DO": true, "KW": true, "UR": true,
}

// risHeader reports whether a header names its columns by RIS tags: two
// or more tags that only RIS has.
func risHeader(cells []string) bool {
	n := 0
	for _, c := range cells {
		if risOnly[strings.ToUpper(strings.TrimSpace(c))] {
			n++
		}
	}
	return n >= 2
}

// risField maps a RIS tag to its field and its rank among the tags of that
// field.
func risField(name string) (field, int, bool) {
	for f, tags := range risColumns {
		for rank, t := range tags {
			if strings.EqualFold(t, name) {
				return field(f), rank, true
			}
		}
	}
	return 0, 0, false
}

// openAlexHeader reports whether a header is OpenAlex's: it names columns
// by their JSON paths (authorships.…, primary_location.…).
func openAlexHeader(cells []string) bool {
	for _, c := range cells {
		c = normName(c)
		if strings.HasPrefix(c, "authorships.") || strings.HasPrefix(c, "primary_location.") ||
			strings.HasPrefix(c, "host_venue.") || strings.HasPrefix(c, "open_access.") {
			return true
		}
	}
	return false
}

// legacyPubMedHeader reports whether a header is that of the CSV PubMed's
// "Send to: File, CSV" wrote until 2020: Title, URL, Description,
// Details, ShortDetails, Resource, Type, Identifiers, Db, EntrezUID,
// Properties.
func legacyPubMedHeader(cells []string) bool {
	n := 0
	for _, c := range cells {
		switch normName(c) {
		case "entrezuid", "shortdetails", "details", "description":
			n++
		}
	}
	return n == 4
}

// wosCount counts the cells that are Web of Science field codes.
func wosCount(cells []string) int {
	n := 0
	for _, c := range cells {
		if wosCodes[strings.TrimSpace(c)] {
			n++
		}
	}
	return n
}

// lookup maps a lower-case column name to its field.
type lookup map[string]field

// newLookup builds the name index once per reader; a map shared between
// readers would be a package-level variable, which we avoid.
func newLookup() lookup {
	m := make(lookup, 128)
	for f, names := range columns {
		for _, n := range names {
			m[strings.ToLower(n)] = field(f)
		}
	}
	return m
}

// normName is how a header cell is compared with the names above.
func normName(s string) string {
	return strings.ToLower(strings.TrimSpace(s))
}

// score counts the distinct recognised column names in a row; it is how a
// header row is told from a preamble line or a data row. A row with a cell
// that reads like a sentence scores 0, so prose that happens to contain a
// comma is never taken for a header.
//
// Two-letter Web of Science codes count only in a row of five or more of
// them: alone, "CA" or "AU" is as likely a stray pair of initials
// ("Forster, CA") as a column name.
func (m lookup) score(cells []string) int {
	n := 0
	seen := [numFields]bool{}
	codes := wosCount(cells)
	ris := risHeader(cells)
	for _, c := range cells {
		c = normName(c)
		if prose(c) {
			return 0
		}
		if len(c) <= 2 && codes < 5 && !ris {
			continue
		}
		f, ok := m[c]
		if ris && len(c) == 2 {
			f, _, ok = risField(c)
		}
		if !ok || seen[f] {
			continue
		}
		seen[f] = true
		n++
	}
	return n
}

// titleName reports whether a cell names the title field (two-letter
// codes aside: "TI" alone is as likely initials).
func (m lookup) titleName(c string) bool {
	c = normName(c)
	f, ok := m[c]
	return ok && f == fTitle && len(c) > 2
}

// titleRow reports whether a row may open a record of a table of one field
// a row: its first cell names the title field and the cells after it hold
// a value and no column names (a header's "Title" is followed by other
// names, or by nothing).
func (m lookup) titleRow(cells []string) bool {
	return len(cells) >= 2 && m.titleName(cells[0]) && !Blank(cells[1:]) && m.score(cells[1:]) == 0
}

// longLayout reports whether rows, from one titleRow on, are a table of
// one field a row: nine in ten of the rows that are not blank start with
// a cell that reads as a field's name (short, no sentence, no digits), and
// those name three or more fields winnow knows. Embase exports its CSV so
// when "fields by row" is chosen ("TITLE","..." / "AUTHOR NAMES","Liu R.",
// "Adler D.G." / "SOURCE","..." / "ABSTRACT","..."). A table of records
// has titles, authors or numbers in its first column, never three field
// names.
func (m lookup) longLayout(rows []row) bool {
	var seen [numFields]bool
	known, named, n := 0, 0, 0
	for _, rw := range rows {
		if Blank(rw.cells) {
			continue
		}
		n++
		c := normName(rw.cells[0])
		if c == "" || prose(c) || len(c) > 60 || len(strings.Fields(c)) > 6 || strings.ContainsAny(c, "0123456789") {
			continue
		}
		named++
		if f, ok := m[c]; ok && len(c) > 2 && !seen[f] {
			seen[f] = true
			known++
		}
	}
	return known >= 3 && named*10 >= n*9
}

// prose reports whether a cell reads like a sentence rather than a column
// name: long, many words, or several words ending with a full stop.
// Column names run to six words at most ("Emtree Drug Index Terms (Major
// Focus)") and end with a full stop only when abbreviated ("Art. No.").
func prose(c string) bool {
	if len(c) > 100 {
		return true
	}
	words := len(strings.Fields(c))
	return words > 10 || (words >= 4 && strings.HasSuffix(c, "."))
}

// yearName reports whether a column name not listed in columns names a
// year: it holds the word "year" ("Published Year", "Year of publication",
// "pubyear") and is short, as a column name is.
func yearName(name string) bool {
	return strings.Contains(name, "year") && !strings.Contains(name, "month") && len(strings.Fields(name)) <= 4
}

// header is a header row mapped to fields.
type header struct {
	names []string // cells as written, trimmed
	// cols[f] lists the column indexes that fill field f, best first.
	cols [numFields][]int
	wos  bool
}

// headerMap maps the cells of a header row to fields.
func headerMap(m lookup, cells []string) *header {
	h := &header{names: make([]string, len(cells))}
	for i, c := range cells {
		h.names[i] = strings.TrimSpace(c)
	}
	ris := risHeader(cells)
	h.wos = wosCount(cells) >= 5 && !ris
	legacy := legacyPubMedHeader(cells)
	type hit struct{ rank, col int }
	var hits [numFields][]hit
	displayName := -1
	for i, c := range cells {
		name := normName(c)
		if name == "" {
			continue
		}
		if name == "display_name" {
			displayName = i
		}
		if ris && len(name) == 2 {
			// A table of RIS tags: each tag means what it means in RIS.
			if f, rank, ok := risField(name); ok {
				hits[f] = append(hits[f], hit{rank, i})
			}
			continue
		}
		f, ok := m[name]
		if legacy {
			// PubMed's CSV until 2020: the authors in Description, the
			// citation in Details, the PMID in EntrezUID.
			switch name {
			case "description":
				f, ok = fAuthors, true
			case "details":
				f, ok = fCitation, true
			case "entrezuid":
				f, ok = fPMID, true
			}
		}
		if name == "id" {
			// Keywords Plus in Web of Science, an identifier elsewhere.
			f, ok = fSourceID, true
			if h.wos {
				f = fKeywords
			}
		}
		if !ok && yearName(name) {
			// A year column under a name not listed above (exports rename
			// their columns: Covidence "Published Year", Dimensions
			// "PubYear"): read after the listed ones, never dropped.
			f, ok = fYear, true
		}
		if !ok {
			continue
		}
		rank := len(columns[f])
		for j, n := range columns[f] {
			if strings.EqualFold(n, name) {
				rank = j
				break
			}
		}
		hits[f] = append(hits[f], hit{rank, i})
	}
	if len(hits[fTitle]) == 0 && displayName >= 0 && openAlexHeader(cells) {
		// OpenAlex names a work's title display_name; an export whose
		// fields were chosen may have no "title" column beside it.
		hits[fTitle] = append(hits[fTitle], hit{0, displayName})
	}
	for f := range hits {
		// Insertion sort by rank keeps equal ranks in column order, so a
		// repeated column name is read left to right.
		hs := hits[f]
		for i := 1; i < len(hs); i++ {
			for j := i; j > 0 && hs[j].rank < hs[j-1].rank; j-- {
				hs[j], hs[j-1] = hs[j-1], hs[j]
			}
		}
		for _, x := range hs {
			h.cols[f] = append(h.cols[f], x.col)
		}
	}
	// Scopus has both "Source title" (the journal) and "Source" (the
	// database, "Scopus"); elsewhere "Source" is the journal.
	if js := h.cols[fJournal]; len(js) > 0 && normName(cells[js[0]]) == "source title" {
		keep := js[:0]
		for _, i := range js {
			if normName(cells[i]) != "source" {
				keep = append(keep, i)
			}
		}
		h.cols[fJournal] = keep
	}
	return h
}

// Recognised lists the column names the reader understands, grouped by the
// field they fill (titles first), as they are usually spelt. Matching
// ignores case and surrounding spaces.
func Recognised() []string {
	var out []string
	for _, names := range columns {
		out = append(out, names...)
	}
	return append(out, "ID")
}

// TitleColumns lists the column names that give a record its title; a file
// needs one of them.
func TitleColumns() []string {
	return append([]string(nil), columns[fTitle]...)
}
