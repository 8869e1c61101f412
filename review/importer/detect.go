package importer

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/formats"
	"github.com/winnow-review/winnow/review/formats/delimited"
	"github.com/winnow-review/winnow/review/formats/medline"
	"github.com/winnow-review/winnow/review/formats/ris"
	"github.com/winnow-review/winnow/review/formats/xls"
	"github.com/winnow-review/winnow/review/formats/xlsx"
)

// Detect tells an export's format from its content: the structure of its
// lines (tags, entry heads, elements, a header row), over the whole sample,
// not its first line or its file name. Exports start with headers, blank
// lines and record numbers often enough that a first-line guess fails.
func Detect(file string, sample string) (formats.Format, rune, error) {
	trimmed := strings.TrimSpace(sample)
	if strings.HasPrefix(trimmed, "<") {
		switch {
		case containsAny(sample, "<PubmedArticleSet", "<PubmedBookArticleSet", "<PubmedArticle>", "<PubmedArticle ", "<PubmedBookArticle>"):
			return formats.PubMedXML, 0, nil
		case strings.Contains(sample, "<records>") && strings.Contains(sample, "<record"):
			return formats.EndNoteXML, 0, nil
		}
	}
	if cslJSON(strings.TrimPrefix(trimmed, "\ufeff")) {
		return formats.CSLJSON, 0, nil
	}
	var c counts
	lines := strings.Split(sample, "\n")
	if len(sample) == formats.SampleSize && len(lines) > 1 {
		lines = lines[:len(lines)-1] // the last line may be cut short
	}
	for _, l := range lines {
		c.add(l)
	}
	switch {
	case c.risTY > 0 && c.risTY >= c.medline, c.medline == 0 && ris.Untyped(sample):
		return formats.RIS, 0, nil
	case c.medline >= 2 || (c.medline >= 1 && c.medTags >= 3) || c.ovid > 0:
		return formats.MEDLINE, 0, nil
	case c.wosHeader || (c.wosPT > 0 && c.wosER > 0):
		return formats.WoS, 0, nil
	case c.bibEntries > 0 && c.bibEntries*2 >= c.enw:
		return formats.BibTeX, 0, nil
	case c.enw >= 2 && (c.enw*3 >= c.nonBlank || c.enwBlocks*2 > c.blocks):
		// EndNote writes each keyword on a line of its own after %K, so a
		// record of many keywords is mostly untagged lines; but each of
		// its blocks of lines starts with a tag, as prose does not.
		return formats.ENW, 0, nil
	}
	if refWorks(lines) {
		return formats.RefWorks, 0, nil
	}
	if comma, ok := delimited.Sniff(sample); ok {
		if comma == '\t' {
			return formats.TSV, comma, nil
		}
		return formats.CSV, comma, nil
	}
	if ovidDisplay(lines) {
		return formats.OvidDisplay, 0, nil
	}
	if n, kind := identifierList(lines); n > 0 {
		return "", 0, &formats.ParseError{File: file, Err: formats.ErrUnknownFormat,
			Msg: fmt.Sprintf("a list of %d %s, one a line, not an export of records: winnow screens records by their titles and abstracts; "+
				"fetch the records first (PubMed: Send to, Citation manager; or a reference manager's import by identifier) and import that export", n, kind)}
	}
	if t := strings.TrimPrefix(sample, "\ufeff"); strings.HasPrefix(t, "\u00d0\u00cf\u0011\u00e0") || strings.HasPrefix(t, "PK\u0003\u0004") {
		// A binary file passed through a conversion to text (each byte
		// read as Windows-1252 and written again as UTF-8, as a careless
		// download or a git filter does): its magic number survives,
		// its content does not.
		return "", 0, &formats.ParseError{File: file, Err: formats.ErrUnknownFormat,
			Msg: "an Office or zip file (such as an .xls or .xlsx) damaged by a conversion to text: its bytes were rewritten as UTF-8 characters, so it cannot be read; download or export it again and import that file"}
	}
	if pubmedText(lines) {
		return "", 0, &formats.ParseError{File: file, Err: formats.ErrUnknownFormat,
			Msg: "PubMed's text display (records saved with Format: Abstract or Summary), not an export: its fields are not marked, " +
				"so winnow cannot tell a title from an author line; in PubMed, Save with Format: PubMed (or Send to: Citation manager) and import that .nbib file"}
	}
	if msg := otherKind(strings.TrimPrefix(trimmed, "\ufeff"), lines); msg != "" {
		return "", 0, &formats.ParseError{File: file, Err: formats.ErrUnknownFormat, Msg: msg}
	}
	if referenceList(lines) {
		return "", 0, &formats.ParseError{File: file, Err: formats.ErrUnknownFormat,
			Msg: "a formatted reference list (each reference written out as text, \"Smith, J. (2019). Title. Journal, 4(2), 1-9.\", " +
				"as a word processor or a reference manager prints a bibliography), not an export of records: its fields are not marked; " +
				"export the records as RIS (EndNote: File, Export, Text File with the output style \"RefMan (RIS) Export\"; other reference managers: Export, RIS) and import that"}
	}
	names := make([]string, len(formats.All))
	for i, f := range formats.All {
		names[i] = string(f)
	}
	return "", 0, &formats.ParseError{File: file, Err: formats.ErrUnknownFormat, Fix: review.FixSayFormat,
		Msg: fmt.Sprintf("cannot tell the format: it does not read as any of %s", strings.Join(names, ", "))}
}

type counts struct {
	nonBlank   int
	risTY      int // TY lines, as the RIS reader reads them (ris.TypeLine)
	ovid       int // "VN  - Ovid Technologies": Ovid's tagged export
	medline    int // tags only MEDLINE writes: PMID-, FAU -, OWN -, STAT-, JT, LID, AID; Ovid's VN and UI
	medTags    int // other MEDLINE-shaped tags: "TI  - ", "DP  - ", "SO  - "
	wosHeader  bool
	wosPT      int
	wosER      int
	bibEntries int
	enw        int
	blocks     int  // runs of non-blank lines
	enwBlocks  int  // runs that start with an EndNote tag line
	blank      bool // the line before was blank (or there was none)
}

func (c *counts) add(l string) {
	if strings.TrimSpace(l) == "" {
		c.blank = true
		return
	}
	if c.blank || c.nonBlank == 0 {
		c.blocks++
		if isENWTag(l) {
			c.enwBlocks++
		}
	}
	c.blank = false
	c.nonBlank++
	t := strings.TrimLeft(l, " \t\ufeff")
	switch {
	case ris.TypeLine(l):
		c.risTY++
	case strings.HasPrefix(l, "PMID-"), strings.HasPrefix(l, "FAU - "), strings.HasPrefix(l, "OWN - "), strings.HasPrefix(l, "STAT- "),
		strings.HasPrefix(l, "JT  - "), strings.HasPrefix(l, "LID - "), strings.HasPrefix(l, "AID - "),
		strings.HasPrefix(l, "UI  - "):
		c.medline++
	case strings.HasPrefix(l, "VN  - Ovid"), strings.HasPrefix(l, "VN - Ovid"):
		// Every record of Ovid's tagged export opens so; a record of
		// Zoological Record or PsycInfo may have no other MEDLINE tag.
		c.medline++
		c.ovid++
	case strings.HasPrefix(l, "DP  - "), strings.HasPrefix(l, "SO  - "), strings.HasPrefix(l, "TI  - "), strings.HasPrefix(l, "AB  - "):
		c.medTags++
	// Web of Science's tags are followed by a space, or by a tab where
	// an editor or a script rewrote the file (its reader takes both).
	case c.nonBlank == 1 && (strings.HasPrefix(l, "FN ") || strings.HasPrefix(l, "FN\t")):
		c.wosHeader = true
	case (strings.HasPrefix(l, "PT ") || strings.HasPrefix(l, "PT\t")) && len(l) >= 4:
		c.wosPT++
	case l == "ER" || l == "ER " || l == "ER\t":
		c.wosER++
	case isENWTag(l):
		c.enw++
	case strings.HasPrefix(t, "@"):
		head := strings.TrimLeft(t[1:], " ")
		i := 0
		for i < len(head) && (isLetter(head[i]) || head[i] == '_' || head[i] == '-') {
			i++
		}
		rest := strings.TrimLeft(head[i:], " \t")
		// @string, @comment and @preamble count too: a file of @string
		// definitions alone is still BibTeX.
		if i > 0 && rest != "" && (rest[0] == '{' || rest[0] == '(') {
			c.bibEntries++
		}
	}
}

// isENWTag reports whether l is an EndNote tagged line: "%A Name".
// isENWTag reports whether l starts with an EndNote tag ("%A ", "%0 ").
// "%% " is none: it opens a TeX comment, as BibDesk heads its BibTeX
// files ("%% This BibTeX bibliography file was created using BibDesk.").
func isENWTag(l string) bool {
	return len(l) >= 3 && l[0] == '%' && l[2] == ' ' && l[1] > ' ' && l[1] != '%'
}

func isLetter(b byte) bool { return b|0x20 >= 'a' && b|0x20 <= 'z' }

func containsAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// detectBinary tells the format of a file that is not text, by its
// content: a zip archive holding xl/workbook.xml is an .xlsx workbook, a
// Compound File holding a Workbook stream an .xls workbook, whatever its
// name. Any other binary file is refused, saying what it is.
// format is the --format given ("" for none).
func detectBinary(name string, info formats.FileInfo, format formats.Format) (formats.Format, error) {
	if info.Zip {
		switch xlsx.Probe(name) {
		case xlsx.Workbook:
			// --format xlsx, xls or excel: a workbook either way.
			if format != "" && !format.Workbook() {
				return "", &formats.ParseError{File: name, Err: formats.ErrBinary, Fix: review.FixTryFormat, FixArg: string(formats.XLSX),
					Msg: fmt.Sprintf("this is an .xlsx workbook, not %s", format)}
			}
			return formats.XLSX, nil
		case xlsx.ODS:
			return "", &formats.ParseError{File: name, Err: formats.ErrBinary, Msg: "this is " + xlsx.ODSMessage}
		case xlsx.XLSB:
			return "", &formats.ParseError{File: name, Err: formats.ErrBinary, Msg: "this is " + xlsx.XLSBMessage}
		case xlsx.OtherZip:
			return "", &formats.ParseError{File: name, Err: formats.ErrBinary, Msg: zipMessage(name)}
		}
	}
	if info.OLE && xls.Probe(name) {
		if format != "" && !format.Workbook() {
			return "", &formats.ParseError{File: name, Err: formats.ErrBinary, Fix: review.FixTryFormat, FixArg: string(formats.XLS),
				Msg: fmt.Sprintf("this is an .xls workbook, not %s", format)}
		}
		return formats.XLS, nil
	}
	msg := "this is " + info.Kind + ", not a text export"
	if info.Kind == formats.SQLiteKind {
		msg += " (a reference manager's own library file, such as EndNote's .enl or Zotero's zotero.sqlite? Export its references as RIS or EndNote XML and import that file)"
	}
	return "", &formats.ParseError{File: name, Err: formats.ErrBinary, Msg: msg}
}

// zipMessage says what a zip archive that is no workbook holds: a Word or
// OpenDocument text, or files to take out and import (a database that
// sends its results zipped, a folder of exports zipped to pass on).
func zipMessage(name string) string {
	names, total := xlsx.Contents(name, 4)
	for _, n := range names {
		switch n {
		case "word/document.xml":
			return "this is a Word document (.docx), not an export: import the database's own export file (RIS, MEDLINE, CSV, ...)"
		case "content.xml":
			return "this is an OpenDocument file, not an export: import the database's own export file (RIS, MEDLINE, CSV, ...)"
		}
	}
	if total == 0 {
		return "this is a zip archive with no files in it, not an export"
	}
	if ext := strings.ToLower(filepath.Ext(name)); (strings.HasPrefix(ext, ".ctv") && strings.HasSuffix(ext, "bak")) ||
		(len(names) > 0 && strings.HasPrefix(strings.ToLower(filepath.Ext(names[0])), ".ctv")) {
		return "this is a Citavi project backup, not an export: in Citavi, export the references as RIS (File > Export) and import that file"
	}
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = fmt.Sprintf("%q", n)
	}
	list := strings.Join(quoted, ", ")
	if total > len(names) {
		list += fmt.Sprintf(" and %d more", total-len(names))
	}
	return fmt.Sprintf("this is a zip archive holding %s: unzip it and import the export files in it", list)
}

// identifierList reports whether every line that is not blank is one
// identifier, a PMID or a DOI (a list kept to fetch records by, as search
// tools save and share): how many, and of what. It is no export, and
// would otherwise be refused as a format winnow cannot tell.
func identifierList(lines []string) (int, string) {
	n, pmids, dois := 0, 0, 0
	for _, l := range lines {
		l = strings.Trim(l, " \t\r\ufeff")
		if l == "" {
			continue
		}
		n++
		switch {
		case len(l) <= 9 && formats.Digits(l):
			pmids++
		case !strings.ContainsAny(l, " \t") && formats.DOI(l) != "":
			dois++
		default:
			return 0, ""
		}
	}
	switch {
	case n == 0:
		return 0, ""
	case pmids == n:
		return n, "PMIDs"
	case dois == n:
		return n, "DOIs"
	}
	return n, "PMIDs and DOIs"
}

// ovidDisplay reports whether lines are Ovid's display layout: a record
// number "<1>" and field names alone on their lines, each followed by its
// value indented. It is what Ovid shows on screen and saves as text when
// no export format is chosen; medline.DisplayReader reads it.
func ovidDisplay(lines []string) bool {
	numbers, labels := 0, 0
	for i, l := range lines {
		t := strings.TrimRight(l, " \t\r")
		if len(t) > 2 && t[0] == '<' && t[len(t)-1] == '>' && formats.Digits(strings.TrimSuffix(strings.TrimSpace(t[1:len(t)-1]), ".")) {
			numbers++
			continue
		}
		if medline.DisplayName(t) && i+1 < len(lines) && strings.HasPrefix(lines[i+1], " ") && strings.TrimSpace(lines[i+1]) != "" {
			labels++
		}
	}
	return numbers > 0 && labels >= 3
}

// pubmedText reports whether lines are PubMed's text
// display, what PubMed saves with Format: Abstract or Summary (text): each
// record numbered at the margin ("1. Vet Microbiol. 2018 Nov;226:89-96."
// or "1: Smith J, ...") and closed by its "PMID: 30389048" (the Summary
// ends a line with it, older ones with "PubMed PMID: 30389048."), fields
// unmarked.
func pubmedText(lines []string) bool {
	numbered, pmids := 0, 0
	for _, l := range lines {
		if i := strings.IndexAny(l, ".:"); i > 0 && i <= 6 && formats.Digits(l[:i]) && strings.HasPrefix(l[i+1:], " ") {
			numbered++
		}
		if i := strings.Index(l, "PMID: "); i >= 0 {
			rest := l[i+len("PMID: "):]
			if j := strings.IndexFunc(rest, func(r rune) bool { return r < '0' || r > '9' }); j != 0 && rest != "" {
				pmids++
			}
		}
	}
	return numbered > 0 && pmids > 0
}

// referenceList reports whether lines are a reference list printed in an
// author-date style (APA, Harvard): three or more lines, and nearly every
// line that is not blank, naming authors and then the year in brackets
// followed by a full stop or a comma ("Wickham, H. (2016). ggplot2: ...",
// "Smith, J. (2019a). ...", "Doe, A. (n.d.). ...").
func referenceList(lines []string) bool {
	refs, other := 0, 0
	for _, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		if authorDate(l) {
			refs++
		} else {
			other++
		}
	}
	return refs >= 3 && refs >= 9*other
}

// authorDate reports whether l starts as an author-date reference does:
// names with a comma, then "(2019)." or "(2019, May 3)." or "(n.d.).".
func authorDate(l string) bool {
	i := strings.Index(l, " (")
	if i <= 0 || i > 400 || !strings.Contains(l[:i], ",") {
		return false
	}
	rest := l[i+2:]
	end := strings.IndexByte(rest, ')')
	if end < 0 || end+1 >= len(rest) || (rest[end+1] != '.' && rest[end+1] != ',') {
		return false
	}
	date := rest[:end]
	if date == "n.d." {
		return true
	}
	return len(date) >= 4 && formats.Digits(date[:4]) && (len(date) == 4 || date[4] == ',' || (len(date) == 5 && isLetter(date[4])))
}

// otherKind names a file that reads as no export winnow knows when it is
// one of the files reviewers are handed in place of an export, and says
// what to do instead; "" when it is none of them:
//
//   - a web page: a results page saved from the browser, a download that
//     failed (a sign-in or error page saved under the export's name), or a
//     spreadsheet written as an HTML table (some databases' "Excel" files);
//   - JSON that is not CSL JSON (an API's answer);
//   - XML of a kind winnow does not read (MODS, Zotero RDF, an API's XML).
func otherKind(trimmed string, lines []string) string {
	head := strings.ToLower(trimmed[:min(len(trimmed), 1024)])
	switch {
	case strings.HasPrefix(head, "<!doctype html") || strings.HasPrefix(head, "<html") ||
		(strings.HasPrefix(head, "<") && containsAny(head, "<html", "<head>", "<body")):
		if strings.Contains(strings.ToLower(trimmed), "<table") {
			return "a web page (HTML) holding a table, not an export: some databases' \"Excel\" downloads are web pages; " +
				"open it in Excel or LibreOffice, save it as .xlsx or CSV, and import that"
		}
		return "a web page (HTML), not an export: a page saved from the browser, or a download that failed " +
			"(a sign-in or error page saved under the export's name); export the records again and import the file the database gives"
	case strings.HasPrefix(trimmed, "<"):
		if root := xmlRoot(trimmed); root != "" {
			return fmt.Sprintf("an XML file of another kind (its root element is <%s>): winnow reads PubMed XML and EndNote XML; "+
				"export the records as RIS or EndNote XML and import that", root)
		}
	case (strings.HasPrefix(trimmed, "[") || strings.HasPrefix(trimmed, "{")) && strings.Contains(trimmed, "\""):
		return "a JSON file that is not CSL JSON (no item with a title and CSL's fields), not an export winnow reads: " +
			"export the records as RIS, MEDLINE, BibTeX, EndNote XML, CSV or CSL JSON and import that"
	}
	return ""
}

// refWorks reports whether lines are RefWorks' tagged format: records
// opened by "RT " lines (the reference type), and at least twice as many
// lines with the tags RefWorks writes ("A1 ", "T1 ", "JF ", "YR ").
func refWorks(lines []string) bool {
	rt, tags := 0, 0
	for _, l := range lines {
		switch {
		case strings.HasPrefix(l, "RT ") && len(l) > 3:
			rt++
		case len(l) > 3 && l[2] == ' ' && refWorksTag(l[:2]):
			tags++
		}
	}
	return rt > 0 && tags >= 2*rt
}

// refWorksTag reports whether tag is one that RefWorks' tagged format
// writes.
func refWorksTag(tag string) bool {
	switch tag {
	case "A1", "T1", "JF", "JO", "YR", "FD", "VO", "OP", "K1", "UL", "SR", "RD", "WP", "NO", "LK", "DO", "AB", "SN", "PB", "SP", "IS", "LA", "AD":
		return true
	}
	return false
}

// xmlRoot gives the name of the root element of the XML document that s
// starts, after its declaration, comments and doctype; "" when s does not
// start so.
func xmlRoot(s string) string {
	for {
		s = strings.TrimLeft(s, " \t\r\n")
		// Skip what comes before the root: the declaration, comments and
		// the doctype, each up to its end.
		skip := ""
		switch {
		case strings.HasPrefix(s, "<?"):
			skip = "?>"
		case strings.HasPrefix(s, "<!--"):
			skip = "-->"
		case strings.HasPrefix(s, "<!"):
			skip = ">"
		case strings.HasPrefix(s, "<"):
			end := strings.IndexAny(s[1:], " \t\r\n/>")
			if end <= 0 {
				return ""
			}
			return s[1 : 1+end]
		default:
			return ""
		}
		_, rest, ok := strings.Cut(s, skip)
		if !ok {
			return ""
		}
		s = rest
	}
}

// cslJSON reports whether s, a file's start, is CSL JSON: an array or an
// object whose items have a title and fields only CSL names so
// ("container-title", "date-parts", a name's "family", CSL's types).
func cslJSON(s string) bool {
	if !strings.HasPrefix(s, "[") && !strings.HasPrefix(s, "{") {
		return false
	}
	return strings.Contains(s, `"title"`) &&
		containsAny(s, `"container-title"`, `"date-parts"`, `"family"`, `"article-journal"`, `"paper-conference"`, `"citation-key"`)
}
