// Package medline reads MEDLINE tagged text: the ".nbib" or "MEDLINE format"
// that PubMed exports, and the same layout as ERIC writes it.
//
// A line is a tag of two to four capitals padded to four characters, a dash
// and the value ("PMID- 123", "TI  - A title"). Lines that start with spaces
// continue the value above them; records are separated by blank lines. The
// reader is lenient where real files differ from that: "PMID-123" without a
// space, "ISSN - x" with the dash one place late, empty tags ("TI-"), lines
// ending in spaces, a record that does not start with PMID (ERIC, hand-made
// files), and a PMID line with no blank line before it. Only LF ends a line:
// a U+2028 inside a value is part of the value.
//
// Ovid's tagged export (MEDLINE, Embase, PsycInfo saved in Ovid's
// "Medlars"/tagged layout, each record opening with "VN  - Ovid
// Technologies") has the same shape with its own tags, which are read too:
// UI (the PMID in Ovid MEDLINE, else the source id), AN (the accession
// number), FA (full author names), JN (journal), YR (year), LG (language),
// DO or DI (the DOI, often as a doi.org link) and KW (keywords separated by
// ";"). Its record numbers ("<1>", "<12. >") between records are skipped.
// A structured abstract keeps its headings ("BACKGROUND:", "METHODS:") and
// their text as one abstract, its lines joined with spaces, whether Ovid
// indents the lines after AB or starts each heading at the margin (no
// warning for those: they are the abstract's own layout).
package medline

import (
	"cmp"
	"io"
	"regexp"
	"strings"

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/formats"
	"github.com/winnow-review/winnow/review/formats/tagged"
)

// Reader reads MEDLINE records one at a time. It holds only the record
// being read, so a file of any size costs what its largest record does.
type Reader struct {
	lines *tagged.Lines
	file  string
	// err ends the file: io.EOF, or the read error returned before.
	err error

	// rec is the record being read; hasPMID says whether it has a PMID
	// line.
	rec     tagged.Buffer
	hasPMID bool
	// ovid is set once the record has Ovid's VN line: then a blank line
	// between its fields does not end it (see continues).
	ovid bool
}

// NewReader reads MEDLINE text from r, which must be UTF-8 with LF line
// ends (see formats.Decode). file names the input in error messages.
func NewReader(r io.Reader, file string) *Reader {
	return &Reader{lines: tagged.NewLines(r, file), file: file}
}

// Next returns the next record, or nil and io.EOF after the last one. A
// *formats.ParseError concerns only the lines it names, which have been
// skipped: call Next again to read on.
func (r *Reader) Next() (*formats.Entry, error) {
	if r.err != nil {
		return nil, r.err
	}
	for {
		line, n, ok := r.lines.Next()
		if !ok {
			r.err = r.lines.End()
			if r.err == io.EOF && r.rec.Start > 0 {
				return r.finish(), nil
			}
			return nil, r.err
		}
		if tagged.IsBlank(line) {
			if r.rec.Start > 0 {
				if r.continues(line) {
					continue
				}
				return r.finish(), nil
			}
			continue
		}
		tagLen, from, isTag := splitTag(line)
		switch {
		case isTag:
			pmid := string(line[:tagLen]) == "PMID"
			// A PMID line always starts a record, even without the blank
			// line before it, unless it is the record's first PMID.
			if r.rec.Start > 0 && pmid && r.hasPMID {
				r.lines.Hold(line, n)
				return r.finish(), nil
			}
			if r.rec.Start == 0 {
				r.rec.Begin(n)
			}
			r.hasPMID = r.hasPMID || pmid
			r.ovid = r.ovid || string(line[:tagLen]) == "VN"
			r.rec.AddField(line, 0, tagLen, from)
		case r.rec.Start > 0:
			if !isIndent(line[0]) && !(string(r.rec.LastTag()) == "AB" && isHeading(line)) {
				r.rec.Warn("line %d: line without a tag or indent taken as part of %s", n, r.rec.LastTag())
			}
			r.rec.Add(line, 0)
		case isIndent(line[0]):
			return nil, r.skipOrphan(n)
		case isOvidNumber(line):
			// Ovid's record number: furniture, not text.
		default:
			// A note above or between records, such as "This line should
			// be omitted by the importer.": not a record, and no data lost.
			r.rec.Stray(n, line)
		}
	}
}

// continues reads on past the blank line blank, in a record, and reports
// whether the record goes on: the next line that is not blank is indented,
// a value continued after a blank line, as Ovid writes Zoological Record's
// lists ("SY  - Aranei, ...", a blank line, "      Bathyphantes ..."), or,
// in an Ovid record, another of its tags. Then the blank lines stay in the
// record's text; otherwise the line is held for the next call and the
// blank lines end the record.
func (r *Reader) continues(blank []byte) bool {
	blanks := [][]byte{append([]byte(nil), blank...)}
	for {
		line, n, ok := r.lines.Next()
		if !ok {
			return false
		}
		if tagged.IsBlank(line) {
			blanks = append(blanks, append([]byte(nil), line...))
			continue
		}
		tagLen, _, isTag := splitTag(line)
		ovidField := r.ovid && isTag && string(line[:tagLen]) != "VN"
		if !isIndent(line[0]) && !ovidField {
			r.lines.Hold(line, n)
			return false
		}
		for _, b := range blanks {
			r.rec.AddBlank(b)
		}
		if ovidField {
			// Ovid numbers its records ("<2. >") and opens each with VN;
			// a blank line between two of a record's fields (PsycInfo
			// writes one after the title) does not end it.
			r.lines.Hold(line, n)
			return true
		}
		r.rec.Add(line, 0)
		return true
	}
}

// skipOrphan skips indented lines that follow a blank line: they continue
// a value, but the record they belonged to has already ended.
func (r *Reader) skipOrphan(n int) error {
	for {
		line, m, ok := r.lines.Next()
		if !ok || tagged.IsBlank(line) {
			break
		}
		if _, _, isTag := splitTag(line); isTag || !isIndent(line[0]) {
			r.lines.Hold(line, m)
			break
		}
	}
	return formats.Errorf(r.file, n, n, formats.ErrSyntax, "continuation line outside a record (a blank line inside a record?)")
}

// finish turns the record read so far into an Entry and resets the reader
// for the next one.
func (r *Reader) finish() *formats.Entry {
	r.hasPMID, r.ovid = false, false
	return r.rec.Finish(fill)
}

// fill maps the tags to the record's fields.
func fill(e *formats.Entry, raw string, fields []tagged.Field, parts []tagged.Span) {
	fillTags(e, raw, fields, parts, nil)
}

// fillTags is fill for fields whose tags are names read as the MEDLINE or
// Ovid tags tags gives (Ovid's display layout, displayTags); nil reads
// them as they are.
func fillTags(e *formats.Entry, raw string, fields []tagged.Field, parts []tagged.Span, tags map[string]string) {
	rec := &e.Record
	var (
		titles, abstracts, issns []string
		bookTitle, oid, loc      string
		ui, an, year, db, source string   // Ovid's UI, AN, YR, DB and SO
		pm                       string   // Ovid's PM (PsycInfo's PMID)
		other                    []string // OAB: other abstracts
		vernacular, collection   string
		journal, abbrevJournal   string
		full, short              []review.Author
		fullNames                int
		dates                    [4]string // DP, DEP, DA, EDAT
		keywords, mesh           []string
	)
	// An Ovid record: the display layout, or a tagged record with Ovid's
	// VN line; Journals@Ovid's is named by its DB, wherever the line is.
	ovid, journalsOvid := tags != nil, false
	for _, f := range fields {
		tag := raw[f.Tag.Lo:f.Tag.Hi]
		if tags != nil {
			tag = tags[tag]
		}
		ovid = ovid || tag == "VN"
		journalsOvid = journalsOvid || tag == "DB" && strings.Contains(tagged.Join(raw, parts[f.Lo:f.Hi], ' '), "Journals@Ovid")
	}
	journalsOvid = journalsOvid && ovid
	for _, f := range fields {
		// MEDLINE wraps values at word boundaries.
		v := tagged.Join(raw, parts[f.Lo:f.Hi], ' ')
		if v == "" {
			continue
		}
		tag := raw[f.Tag.Lo:f.Tag.Hi]
		if tags != nil {
			tag = tags[tag]
		}
		switch tag {
		case "PMID":
			if rec.PMID == "" {
				rec.PMID = formats.PMID(v)
				rec.SourceID = v
				if rec.PMID != v {
					e.Warn("PMID %q is not a number", v)
				}
			}
		case "OID":
			oid = cmp.Or(oid, v)
		case "UI":
			ui = cmp.Or(ui, formats.Clean(v))
		case "AN":
			an = cmp.Or(an, formats.Clean(v))
		case "DB":
			db = cmp.Or(db, v)
		case "PM":
			pm = cmp.Or(pm, formats.Clean(v))
		case "YR":
			year = cmp.Or(year, v)
		case "JN":
			journal = cmp.Or(journal, v)
		case "SO":
			source = cmp.Or(source, v)
		case "DO", "DI":
			rec.DOI = cmp.Or(rec.DOI, formats.DOI(v))
		case "LG":
			rec.Language = cmp.Or(rec.Language, formats.Language(v))
		case "KW":
			for _, k := range strings.Split(v, ";") {
				if k = formats.Clean(k); k != "" {
					keywords = append(keywords, k)
				}
			}
		case "TI":
			titles = append(titles, v)
		case "BTI":
			bookTitle = cmp.Or(bookTitle, v)
		case "TT":
			vernacular = cmp.Or(vernacular, v)
		case "CTI":
			collection = cmp.Or(collection, v)
		case "AB":
			abstracts = append(abstracts, v)
		case "OAB":
			other = append(other, v)
		case "FAU", "FA":
			if a := formats.ParseName(v); a.Family != "" {
				full = append(full, a)
				fullNames++
			}
		case "AU":
			if journalsOvid {
				v = journalsAuthor(v)
			}
			if a := formats.ParseName(v); a.Family != "" {
				short = append(short, a)
			}
		case "CN":
			a := review.Author{Family: formats.Clean(v)}
			full = append(full, a)
			short = append(short, a)
		case "DP":
			dates[0] = cmp.Or(dates[0], v)
		case "DEP":
			dates[1] = cmp.Or(dates[1], v)
		case "DA":
			dates[2] = cmp.Or(dates[2], v)
		case "EDAT":
			dates[3] = cmp.Or(dates[3], v)
		case "JT":
			journal = cmp.Or(journal, v)
		case "TA":
			abbrevJournal = cmp.Or(abbrevJournal, v)
		case "VI", "VO": // VO: Ovid's PsycInfo
			rec.Volume = cmp.Or(rec.Volume, formats.Clean(v))
		case "IP":
			rec.Issue = cmp.Or(rec.Issue, formats.Clean(v))
		case "PG":
			rec.Pages = cmp.Or(rec.Pages, formats.Pages(v, ""))
		case "AID", "LID":
			doi, url, other := locator(v)
			rec.DOI = cmp.Or(rec.DOI, doi)
			rec.URL = cmp.Or(rec.URL, url)
			if tag == "LID" {
				loc = cmp.Or(loc, other)
			}
		case "IS", "ISSN":
			issns = append(issns, stripISSNLabel(v))
		case "OT":
			keywords = append(keywords, formats.Clean(v))
		case "MH":
			mesh = append(mesh, formats.Clean(v))
		case "PT":
			rec.Type = cmp.Or(rec.Type, formats.Clean(v))
		case "LA":
			rec.Language = cmp.Or(rec.Language, formats.Language(v))
		}
	}
	if rec.SourceID == "" {
		// Ovid: UI is the PMID in Ovid MEDLINE, a database's own number
		// elsewhere; AN is the accession number (Embase, PsycInfo).
		rec.SourceID = cmp.Or(oid, ui, an)
		rec.Database = formats.Clean(db)
		if rec.PMID == "" && ui != "" && formats.Digits(ui) && (strings.Contains(db, "MEDLINE") || strings.Contains(db, "PubMed")) {
			rec.PMID = formats.PMID(ui)
		}
		if rec.PMID == "" && ovid && formats.Digits(pm) {
			rec.PMID = formats.PMID(pm)
		}
	}
	rec.Title = formats.Clean(strings.Join(titles, " "))
	if ovid {
		rec.Title = articleType(rec.Title)
	}
	if formats.NotAvailable(rec.Title) {
		rec.Title = ""
	}
	if rec.Title == "" {
		rec.Title = formats.Clean(bookTitle)
	}
	if rec.Title == "" {
		// The original-language title stands in only when there is no
		// English one.
		rec.Title = formats.Clean(vernacular)
	}
	if len(abstracts) == 0 && len(other) > 0 {
		// An other abstract (OAB: one written by the indexers, or in
		// another language) stands in for a record with no AB.
		abstracts = other[:1]
	}
	rec.Abstract = formats.CleanText(strings.Join(abstracts, "\n"))
	rec.Authors = short
	if fullNames > 0 {
		rec.Authors = full
	}
	for _, d := range dates {
		if y := formats.Year(d); y != 0 {
			rec.Year = y
			break
		}
	}
	if rec.Year == 0 {
		rec.Year = formats.Year(year)
	}
	if rec.Year == 0 && ovid {
		// Journals@Ovid gives the year only in the source line.
		rec.Year = lastYear(source)
	}
	if journal == "" && source != "" && rec.Volume == "" && rec.Issue == "" && rec.Pages == "" {
		// Ovid's tagged export of Embase has no JN, VO, IP or PG: the
		// source line holds them all.
		if c, ok := ovidSource(source); ok {
			journal, rec.Volume, rec.Issue, rec.Pages = c.journal, c.volume, c.issue, c.pages
		}
	}
	// A Bookshelf chapter's book (CTI) stands where a journal would.
	rec.Journal = formats.Clean(cmp.Or(journal, abbrevJournal, collection))
	if rec.Pages == "" {
		// An electronic article has its location (article number) in LID.
		rec.Pages = formats.Clean(loc)
	}
	rec.ISSN = formats.ISSN(strings.Join(issns, " "))
	// Author keywords when there are any; otherwise the MeSH headings, which
	// most PubMed records have and which a screener can search on just as well.
	rec.Keywords = keywords
	if len(rec.Keywords) == 0 {
		rec.Keywords = mesh
	}
}

// journalsAuthor takes off what Journals@Ovid writes after an author's
// name in its tagged export: affiliation marks ("Zhang, Weijia 1,2,+",
// "Gazic, Barbara MD, PhD *") and degrees ("Lefkowitz, Rafael Y. MD,
// MPH"), as long as a given name is left ("Smith, MA" keeps its initials).
func journalsAuthor(v string) string {
	v = affiliationMarksRE.ReplaceAllString(formats.Clean(v), "")
	family, given, ok := strings.Cut(v, ",")
	if !ok {
		return v
	}
	for {
		m := degreeRE.FindStringIndex(given)
		if m == nil || strings.TrimSpace(given[:m[0]]) == "" {
			break
		}
		given = given[:m[0]]
	}
	return family + "," + strings.TrimRight(given, " ,")
}

var (
	affiliationMarksRE = regexp.MustCompile(`(?:[\s,]*(?:\d{1,2}|[+*\x{2020}\x{2021}\x{00a7}#]))+$`)
	degreeRE           = regexp.MustCompile(`,?\s+(?:MD|M\.D\.|PhD|Ph\.D\.|MPH|MSc|BSc|MBBS|MBChB|MB|ChB|FACSM|FACS|FACP|FRCPC?|FRCS|DrPH|PharmD|MBA|MSN|BSN|RN|DDS|DMD|DVM|MS|MA|BA|BS|DO|DPhil)\.?,?$`)
)

// locator sorts an AID or LID value: "10.1/x [doi]" is a DOI, "S01 [pii]"
// a publisher id, a bare "http://dx.doi.org/10.1/x" or "doi:10.1/x" (ERIC,
// hand-made files) a DOI, another URL a link, and anything else ("e00466")
// the article's location.
func locator(v string) (doi, url, other string) {
	if i := strings.LastIndexByte(v, '['); i >= 0 && strings.HasSuffix(v, "]") {
		if strings.EqualFold(v[i:], "[doi]") {
			return formats.DOI(v[:i]), "", ""
		}
		if strings.EqualFold(v[i:], "[pii]") {
			// A publisher id, the article's number for some journals
			// ("e42692 [pii]", "1042 [pii]").
			return "", "", formats.PIIArticleNumber(v[:i])
		}
		return "", "", ""
	}
	l := strings.ToLower(v)
	switch {
	case strings.HasPrefix(l, "10.") || strings.HasPrefix(l, "doi:") || strings.Contains(l, "doi.org/"):
		if d := formats.DOI(v); d != "" {
			return d, "", ""
		}
	case strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://"):
		return "", v, ""
	}
	return "", "", v
}

// stripISSNLabel drops the "ISSN-" that ERIC writes before the number
// ("ISSN-1234-4567"): formats.ISSN does not take a number glued to a dash.
func stripISSNLabel(v string) string {
	if len(v) > 4 && strings.EqualFold(v[:4], "ISSN") {
		return strings.TrimLeft(v[4:], "-: ")
	}
	return v
}

// splitTag recognises a tag line and returns the tag and where its value
// starts. The tag is two to four capitals or digits; the dash may follow
// at once ("PMID-1", "TI-") or after padding ("TI  - ", "ISSN - ").
func splitTag(line []byte) (tagLen, from int, ok bool) {
	i := 0
	for i < len(line) && i < 5 && isTagByte(line[i]) {
		i++
	}
	if i < 2 || i > 4 || line[0] < 'A' || line[0] > 'Z' {
		return 0, 0, false
	}
	j := i
	for j < len(line) && j < 7 && line[j] == ' ' {
		j++
	}
	if j >= len(line) || line[j] != '-' || j > 6 {
		return 0, 0, false
	}
	return i, j + 1, true
}

func isTagByte(c byte) bool { return c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' }

func isIndent(c byte) bool { return c == ' ' || c == '\t' }

// isOvidNumber reports whether line is the number Ovid writes before each
// record of a tagged export: "<1>", "<12. >".
func isOvidNumber(line []byte) bool {
	s := strings.TrimSpace(string(line))
	if len(s) < 3 || s[0] != '<' || s[len(s)-1] != '>' {
		return false
	}
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s[1:len(s)-1]), "."))
	return formats.Digits(s)
}

// isHeading reports whether line starts with the heading of a section of
// a structured abstract: a word or words in capitals and a colon
// ("METHODS:", "MAIN OUTCOME MEASURES:"), or Embase's headings, capitalised
// with an optional plural ("Background:", "Method(s):", "Result(s):",
// "Materials and Methods:").
func isHeading(line []byte) bool {
	i := 0
	for i < len(line) && i < 60 && (line[i] >= 'A' && line[i] <= 'Z' || line[i] == ' ' || line[i] == '&' || line[i] == '/' || line[i] == '-') {
		i++
	}
	if i >= 3 && i < len(line) && line[i] == ':' {
		return true
	}
	return embaseHeadingRE.Match(line)
}

var embaseHeadingRE = regexp.MustCompile(`^[A-Z][a-z]+(?: (?:and|of|[A-Z]?[a-z]+))*(?:\(s\))?: `)

// citation is a journal, volume, issue and pages read from one source line.
type citation struct{ journal, volume, issue, pages string }

// embaseSORE matches Ovid Embase's source line: "Journal of Tests. 53 (5)
// (pp 1012-1015), 2018. Date of Publication: May 2018." or, for a
// conference abstract, "BMC Proceedings. Conference: … Spain. 12
// (Supplement 3) (no pagination), 2018."; medlineSORE Ovid MEDLINE's:
// "Diabetes Care. 47(9):1234-1240, 2024 Sep." (Journals@Ovid writes the
// month first: "Journal of Tests. 8(6):10-20, September 2015.")
var (
	embaseSORE  = regexp.MustCompile(`^(.+?)\. ([^\s()]+)(?: \(([^()]*)\))?(?: \((?:pp ([^()]*)|no pagination)\))?, (?:1[5-9]|20)\d\d\b`)
	medlineSORE = regexp.MustCompile(`^(.+?)\. ([^\s():]+)(?:\(([^()]*)\))?(?::([^\s,]+))?, (?:[A-Z][a-z]+\.? )?(?:\d\d?,? )?(?:1[5-9]|20)\d\d\b`)
	// Journals@Ovid's tagged export: "Acta Chirurgica Belgica
	// November/December 2010;6:611-613"; PsycInfo's: "Behavioural and
	// Cognitive Psychotherapy. Vol.43(5), Sep 2015, pp. 623-634."
	journalsSORE = regexp.MustCompile(`^(.+?) (?:[A-Z][a-z]+(?:[/-][A-Z][a-z]+)? )?(?:\d\d? )?(?:1[5-9]|20)\d\d;([^\s():;]+)(?:\(([^()]*)\))?(?::\s?([^\s,;]+))?\.?$`)
	psycSORE     = regexp.MustCompile(`^(.+?)\. Vol\.? ?([^\s(),]+)(?:\(((?:[^()]|\([^()]*\))*)\))?, ?(?:[A-Z][a-z]+\.? )?(?:\d\d?,? )?(?:1[5-9]|20)\d\d(?:, pp\.? ([A-Za-z]?\d[\w.-]*))?`)
	articleNoRE  = regexp.MustCompile(`Article Number: ([^\s.]+)`)
)

// ovidSource reads the journal, volume, issue and pages of Ovid's SO line,
// for records that have no JN, VO, IP and PG. A conference abstract's
// journal is the part before ". Conference:".
func ovidSource(so string) (citation, bool) {
	so = formats.Clean(so)
	var c citation
	if m := embaseSORE.FindStringSubmatch(so); m != nil && (m[3] != "" || m[4] != "" || strings.Contains(m[0], "no pagination")) {
		c = citation{m[1], m[2], m[3], m[4]}
	} else if m := medlineSORE.FindStringSubmatch(so); m != nil {
		c = citation{m[1], m[2], m[3], m[4]}
	} else if m := psycSORE.FindStringSubmatch(so); m != nil {
		c = citation{m[1], m[2], m[3], strings.TrimRight(m[4], ".")}
	} else if m := journalsSORE.FindStringSubmatch(so); m != nil {
		c = citation{m[1], m[2], m[3], m[4]}
	} else {
		return c, false
	}
	if i := strings.Index(c.journal, ". Conference:"); i > 0 {
		c.journal = c.journal[:i]
	}
	if c.pages == "" {
		if m := articleNoRE.FindStringSubmatch(so); m != nil {
			c.pages = m[1]
		}
	}
	c.journal, c.volume, c.issue, c.pages = formats.Clean(c.journal), formats.Clean(c.volume), formats.Clean(c.issue), formats.Clean(c.pages)
	return c, c.journal != ""
}
