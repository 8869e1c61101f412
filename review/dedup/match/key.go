package match

import (
	"net/url"
	"strings"

	"github.com/winnow-review/winnow/review"
)

// maxAuthors is how many authors a Key keeps: enough to tell two author
// lists apart, small enough for a million keys.
const maxAuthors = 6

// Key is the compact match data of one record: what Find compares, built
// once by KeyOf. It holds no abstract: with its strings in one allocation
// a key takes about 330 bytes, a million keys about 320 MiB.
type Key struct {
	ID       int64
	SearchID int64
	// Title is the normalised title (see normTitle): folded words
	// separated by one space, notes and notice words removed.
	Title string
	// Authors holds the family names of the first authors, folded,
	// without particles ("van", "de") or suffixes ("Jr"), separated by
	// "|"; FirstGiven holds the first author's given names where they are
	// whole words ("Ryan", not "R."), because exports disagree on which
	// part of "Goicoechea de Jorge" or "Il Cheong" is the family name.
	Authors    string
	FirstGiven string
	// Venue is the normalised journal or proceedings name (see
	// normVenue).
	Venue string
	DOI   string // lower case, without "https://doi.org/"
	PMID  string
	// Volume, Issue and the pages are the leading numbers of those
	// fields ("9 (1) (no pagination)" is volume 9, "S542" page 542), 0
	// when there is none. LastPage is written out in full ("2267-75" ends
	// at 2275).
	Volume    uint32
	Issue     uint32
	FirstPage uint32
	LastPage  uint32
	Year      int16
	Flags     Flag
	// Part is the part number of a companion paper ("Part II" is 2).
	Part uint8
	// Completeness counts the record's filled fields, abstract counting
	// double: Primary keeps the most complete record of a cluster.
	Completeness uint8
	// OtherMethods is set by the caller for a record found by other
	// methods (a website, organisation, citation search or other source,
	// the right column of PRISMA): Primary keeps a database or register
	// record over it. It depends on the search, not the record, so it is
	// not encoded.
	OtherMethods bool
	// Earlier is set by the caller for a record an earlier run compared:
	// when a re-run search finds a work again, Primary keeps the record
	// the review already holds (and has screened) over the new one. It is
	// not encoded either.
	Earlier bool
	// Withdrawn is set by the caller for a record whose search was
	// withdrawn: it has no blocking keys, so Find compares it with
	// nothing. Like OtherMethods it is not encoded.
	Withdrawn bool
}

// KeyOf builds the key of a record. searchID is the search (import) the
// record came from; pass r.SearchID unless the caller knows better.
func KeyOf(r *review.Record, searchID int64) Key {
	k := Key{ID: r.ID, SearchID: searchID}
	k.Title, k.Flags, k.Part = normTitle(r.Title)
	var conf bool
	k.Venue, conf = normVenue(r.Journal)
	if conf || isConferenceType(r.Type) {
		k.Flags |= Conference
	}
	k.Authors, k.FirstGiven = normAuthors(r.Authors)
	if r.Year > 0 && r.Year < 1<<15 {
		k.Year = int16(r.Year)
	}
	k.DOI = normDOI(r.DOI)
	k.PMID = strings.TrimLeft(strings.TrimSpace(r.PMID), "0")
	k.Volume = volumeNumber(r.Volume)
	k.Issue = leadingNumber(r.Issue)
	k.FirstPage, k.LastPage = pages(r.Pages)
	if isSupplement(r.Volume, r.Issue, r.Pages) {
		k.Flags |= Supplement
	}

	n := 0
	for _, filled := range []bool{k.Title != "", k.Authors != "", k.Year != 0, k.Venue != "",
		k.Volume != 0, k.Issue != 0, k.FirstPage != 0, k.DOI != "", k.PMID != "", r.ISSN != "",
		strings.TrimSpace(r.Abstract) != "", strings.TrimSpace(r.Abstract) != ""} {
		if filled {
			n++
		}
	}
	k.Completeness = uint8(n)
	k.pack()
	return k
}

// pack moves the key's strings into one allocation: a million keys then
// cost a million allocations instead of six million, and no rounding up
// of each small string to its size class.
func (k *Key) pack() {
	fields := [...]*string{&k.Title, &k.Authors, &k.FirstGiven, &k.Venue, &k.DOI, &k.PMID}
	n := 0
	for _, f := range fields {
		n += len(*f)
	}
	var b strings.Builder
	b.Grow(n)
	for _, f := range fields {
		b.WriteString(*f)
	}
	all := b.String()
	for _, f := range fields {
		l := len(*f)
		*f, all = all[:l], all[l:]
	}
}

// isSupplement reports whether a citation is in a supplement ("Suppl 2",
// page "S542"), where conference abstracts are printed.
func isSupplement(volume, issue, pages string) bool {
	for _, s := range []string{volume, issue} {
		if indexFold(s, "suppl") >= 0 {
			return true
		}
	}
	p := strings.TrimSpace(pages)
	return len(p) > 1 && (p[0] == 'S' || p[0] == 's') && isDigit(p[1])
}

func isConferenceType(ty string) bool {
	switch strings.ToUpper(strings.TrimSpace(ty)) {
	case "CONF", "CPAPER", "INPROCEEDINGS", "PROCEEDINGS", "CONFERENCE",
		// Web of Science's and Scopus's document types, Embase's and
		// CINAHL's publication types.
		"MEETING ABSTRACT", "CONFERENCE ABSTRACT", "CONFERENCE PAPER", "CONFERENCE REVIEW":
		return true
	}
	return false
}

// normDOI lower-cases a DOI and removes a resolver or "doi:" before it
// and punctuation after it.
func normDOI(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if strings.IndexByte(s, '%') >= 0 {
		// A DOI copied from a URL: "10.1016/s0025-7753%2817%2930624-3".
		if u, err := url.PathUnescape(s); err == nil {
			s = u
		}
	}
	i := strings.Index(s, "10.")
	if i < 0 {
		return ""
	}
	s = s[i:]
	if j := strings.IndexAny(s, " \t"); j > 0 {
		s = s[:j]
	}
	return strings.TrimRight(s, ".,;:)]}>\"'")
}

// particles are the words of a family name that exports move between
// family and given names ("de Jorge", "Jorge, E. de"), and the suffixes
// some put in the family name.
var particles = map[string]bool{
	"van": true, "von": true, "der": true, "den": true, "de": true, "del": true, "della": true,
	"di": true, "da": true, "dos": true, "das": true, "du": true, "la": true, "le": true,
	"ter": true, "ten": true, "zu": true, "af": true, "al": true, "el": true, "bin": true,
	"ibn": true, "st": true, "jr": true, "sr": true, "ii": true, "iii": true, "iv": true,
	"dr": true, "prof": true, "mc": true,
}

// normAuthors gives the folded family names of the first maxAuthors
// authors, "|"-separated, and the first author's whole-word given names.
// A group author ("ALTS Group") is left out, since some exports list it
// and others do not, but the first place stays the first author's, known
// or not, so that the first names of two lists line up.
func normAuthors(list []review.Author) (families, firstGiven string) {
	var b strings.Builder
	n := 0
	for i, a := range list {
		if n == maxAuthors {
			break
		}
		fam, given := fold(a.Family), fold(a.Given)
		if hasGroupWord(fam) || hasGroupWord(given) {
			fam = ""
		}
		fam = dropParticles(fam)
		if i == 0 {
			firstGiven = wholeWords(given)
		}
		if fam == "" && i > 0 {
			continue
		}
		if n > 0 {
			b.WriteByte('|')
		}
		b.WriteString(fam)
		n++
	}
	return b.String(), firstGiven
}

// groupWords mark an author as a group, not a person.
var groupWords = map[string]bool{
	"group": true, "study": true, "trial": true, "trialists": true, "consortium": true,
	"collaboration": true, "collaborative": true, "committee": true, "society": true,
	"association": true, "investigators": true, "network": true, "team": true,
	"organization": true, "organisation": true, "institute": true, "council": true,
	"foundation": true, "pharmaceuticals": true, "inc": true, "ltd": true, "gmbh": true,
	"university": true, "department": true, "centre": true, "center": true, "working": true,
	"party": true, "force": true, "panel": true, "board": true, "agency": true,
}

func hasGroupWord(folded string) bool {
	for w := range strings.FieldsSeq(folded) {
		if groupWords[w] {
			return true
		}
	}
	return false
}

// dropParticles removes from a folded family name its particles,
// suffixes and lone initials: "van der berg" gives "berg", "lynch jr"
// gives "lynch".
func dropParticles(fam string) string {
	words := strings.Count(fam, " ") + 1
	keep := func(w string) bool { return !particles[w] && !(len(w) == 1 && words > 1) }
	clean := true
	for w := range strings.FieldsSeq(fam) {
		clean = clean && keep(w)
	}
	if clean {
		return fam
	}
	var out []string
	for w := range strings.FieldsSeq(fam) {
		if keep(w) {
			out = append(out, w)
		}
	}
	return strings.Join(out, " ")
}

// wholeWords keeps the words of three letters or more of a folded given
// name that are not particles: "Ryan", not "R.".
func wholeWords(given string) string {
	var g []string
	for w := range strings.FieldsSeq(given) {
		if len(w) >= 3 && !particles[w] {
			g = append(g, w)
		}
	}
	return strings.Join(g, " ")
}

// volumeNumber reads a volume. A value with a closing parenthesis and no
// opening one ("1)") is the rest of a split "39 (Suppl 1)", not a volume.
func volumeNumber(s string) uint32 {
	if strings.IndexByte(s, ')') >= 0 && strings.IndexByte(s, '(') < 0 {
		return 0
	}
	return leadingNumber(s)
}

// leadingNumber reads the first run of digits in s ("9 (1) (no
// pagination)" gives 9, "2015-April" 2015, "S542" 542), or 0.
func leadingNumber(s string) uint32 {
	i := 0
	for i < len(s) && !isDigit(s[i]) {
		if i > 3 {
			return 0 // "Supplement 2" is no volume 2.
		}
		i++
	}
	var n uint64
	for ; i < len(s) && isDigit(s[i]); i++ {
		n = n*10 + uint64(s[i]-'0')
		if n > 1<<31 {
			return 0
		}
	}
	return uint32(n)
}

// months mark a page field that holds a date ("01-Sep"), which some
// exports write there.
var months = []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}

// pages reads the first and last page of a page range ("2267-75" gives
// 2267 and 2275; "S212-S216" 212 and 216; "617-20; discussion 620-1" 617
// and 620). A page written with a leading zero or next to a month name
// is a date, not a page, and gives 0.
func pages(s string) (first, last uint32) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, 0
	}
	lower := strings.ToLower(s)
	for _, m := range months {
		if strings.Contains(lower, m) {
			return 0, 0
		}
	}
	if i := strings.IndexAny(s, ",;+"); i > 0 {
		s = s[:i]
	}
	a, b, _ := strings.Cut(s, "-")
	if !strings.Contains(s, "-") {
		a, b, _ = strings.Cut(s, "–")
	}
	first = pageNumber(a)
	if first == 0 {
		return 0, 0
	}
	last = pageNumber(b)
	if last != 0 && last < first {
		// "2267-75": the end repeats only the digits that change.
		digits := strings.TrimLeft(strings.TrimSpace(b), "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
		mod := uint32(1)
		for range len(digits) {
			mod *= 10
		}
		if c := first - first%mod + last; c >= first {
			last = c
		} else {
			last = 0
		}
	}
	return first, last
}

// pageNumber reads one page: an optional letter prefix ("S", "e", "c"),
// then digits. Letters alone, or digits with a leading zero, give 0.
func pageNumber(s string) uint32 {
	s = strings.TrimSpace(s)
	i := 0
	for i < len(s) && isLetter(s[i]) && i < 3 {
		i++
	}
	if i >= len(s) || !isDigit(s[i]) || s[i] == '0' {
		return 0
	}
	var n uint64
	for ; i < len(s) && isDigit(s[i]); i++ {
		n = n*10 + uint64(s[i]-'0')
		if n > 1<<31 {
			return 0
		}
	}
	return uint32(n)
}
