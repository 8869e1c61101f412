// Package review holds winnow's domain: the records a review imports, the
// searches they came from, the people who screen them, and the rules that
// tie these together. It knows nothing of SQL, cobra or the terminal; the
// store (review/store) persists these values and the command layer
// (cmd/winnow) prints them.
package review

import (
	"strings"
)

// Author is one author of a record, in the order the export lists them.
// Family holds the family name or, for a group author ("WHO Collaborating
// Centre"), the whole name with Given empty.
type Author struct {
	Family string `json:"family"`
	Given  string `json:"given,omitempty"`
}

// String gives the author as "Family, Given", or the family name alone.
func (a Author) String() string {
	if a.Given == "" {
		return a.Family
	}
	return a.Family + ", " + a.Given
}

// Record is one entry from one export file, as imported. Its normalised
// fields are what winnow shows, searches and deduplicates on; Raw keeps the
// entry's text as it stood in the file so that nothing is lost.
type Record struct {
	ID       int64  `json:"id"`
	SearchID int64  `json:"search_id"`
	Source   string `json:"source"`
	// SourceID is the record's own identifier in its export: RIS ID/AN, a
	// BibTeX key, WoS UT, an EndNote record number, an Embase or PubMed
	// accession number.
	SourceID string   `json:"source_id"`
	Type     string   `json:"type"`
	Title    string   `json:"title"`
	Abstract string   `json:"abstract"`
	Authors  []Author `json:"authors"`
	Year     int      `json:"year,omitempty"`
	Journal  string   `json:"journal"`
	Volume   string   `json:"volume"`
	Issue    string   `json:"issue"`
	Pages    string   `json:"pages"`
	DOI      string   `json:"doi"`
	PMID     string   `json:"pmid"`
	ISSN     string   `json:"issn"`
	Keywords []string `json:"keywords"`
	URL      string   `json:"url"`
	Language string   `json:"language"`
	// Database is the database the export names for the record (RIS DB or
	// DP), when it names one: a file whose records name several is a
	// combined library.
	Database string `json:"database"`
	// Raw is the record's text as read from the file, decoded to UTF-8 with
	// line ends as LF.
	Raw string `json:"raw,omitempty"`
	// Line is the line of the export file where the record starts.
	Line int `json:"line"`
	// DuplicateOf is the primary of the record's duplicate cluster when
	// the record is a linked duplicate, else 0.
	DuplicateOf int64 `json:"duplicate_of,omitempty"`
	// Withdrawn is set when the record's search was withdrawn: the record
	// stays in the review file and the log, and counts nowhere else.
	Withdrawn bool `json:"withdrawn,omitempty"`
}

// NoTitle is shown in place of a record's title when its export gave none.
const NoTitle = "[no title]"

// DisplayTitle is the title to show a person: the record's title, or
// NoTitle when it has none.
func (r *Record) DisplayTitle() string {
	if strings.TrimSpace(r.Title) == "" {
		return NoTitle
	}
	return r.Title
}

// AuthorNames gives the authors as "Family, Given; Family, Given".
func (r *Record) AuthorNames() string {
	names := make([]string, len(r.Authors))
	for i, a := range r.Authors {
		names[i] = a.String()
	}
	return strings.Join(names, "; ")
}

// FirstAuthor gives the first author's family name with "et al." when
// there are more, as a reference list would.
func (r *Record) FirstAuthor() string {
	switch len(r.Authors) {
	case 0:
		return ""
	case 1:
		return r.Authors[0].Family
	case 2:
		return r.Authors[0].Family + " & " + r.Authors[1].Family
	default:
		return r.Authors[0].Family + " et al."
	}
}
