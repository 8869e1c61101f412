// Package delimited reads tables of records: CSV and TSV files with a header
// row, as Scopus, Web of Science (tab-delimited), Embase, PubMed, EBSCO,
// Cochrane CENTRAL, IEEE Xplore, SpringerLink, RefWorks, Zotero, Rayyan,
// Covidence, ASReview, Abstrackr and CiteSource export them, and lists made
// by hand in a spreadsheet.
//
// Each exporter names its columns its own way ("Title", "Article Title",
// "TI", "Title Primary"), so the reader finds the header row (after any
// preamble, such as Embase's "SEARCH QUERY" lines) by the column names it
// recognises and maps each column to a Record field. Cells follow RFC 4180
// quoting, leniently: a quote inside an unquoted cell is an ordinary
// character, a cell may span lines, and rows may have fewer or more cells
// than the header. Web of Science tab-delimited files are read with no
// quoting at all, since they hold stray '"' characters and never quote.
package delimited

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/formats"
)

// maxPreamble is how many rows may come before the header row.
const maxPreamble = 20

// Reader reads the records of one delimited file, one row at a time.
type Reader struct {
	file  string
	comma rune
	// src gives the rows: sc for delimited text, or a Rows (a sheet).
	src   source
	sc    *scanner
	names lookup
	h     *header
	// pending holds rows read while looking for the header that come after
	// it, to be returned before reading on.
	pending []row
	// err ends the file: once set, Next returns it.
	err error
	// commaList is set once an authors cell has shown names separated by
	// commas; see splitAuthors.
	commaList bool
	// headerCells is the header row as written; repeats are the lines
	// where it came again (exports joined into one file), headers the
	// lines of a different header that the rows after it are read by.
	headerCells []string
	headerLine  int
	repeats     []int
	headers     []int
	// preamble holds the first cells of the rows before the header
	// (Embase's "SEARCH QUERY"); again are the lines where such a row, or
	// a rule of dashes, came again after the header (exports with a
	// preamble joined into one file).
	preamble map[string]bool
	again    []int
	// captions are the lines of caption rows padded with empty cells
	// (divider), warned of as they may be a record with only its first
	// cell filled.
	captions []int
	// long is set for a table of one field a row, with the field's name
	// in the first cell and its value after it (Embase's CSV export with
	// fields by row): each record is read as a header of its own
	// (longHeaders, by the field names in order) over one row of values.
	long        bool
	longHeaders map[string]*header
}

// row is one row kept aside while the header is looked for.
type row struct {
	cells []string
	raw   string
	line  int
}

// NewReader reads the table in r, which must be UTF-8 text with LF line
// ends (see formats.Decode), with cells separated by comma: ',', ';' or
// '\t'. file names the file in error messages.
func NewReader(r io.Reader, file string, comma rune) *Reader {
	rd := &Reader{file: file, comma: comma, names: newLookup()}
	if comma <= 0 || comma >= 0x80 || comma == '"' || comma == '\n' || comma == '\r' {
		rd.err = fmt.Errorf("%s: cannot read a table delimited by %q: use ',', ';' or tab", file, comma)
		return rd
	}
	rd.sc = newScanner(r, byte(comma))
	rd.src = rd.sc
	return rd
}

// Rows is a table read from something other than delimited text: a
// spreadsheet's sheet, whose rows come as cells already.
type Rows interface {
	// Next gives the next row's cells, its number (the line errors and
	// warnings name) and its text for Record.Raw; io.EOF after the last.
	Next() (cells []string, line int, raw string, err error)
}

// FromRows reads the records of a table given row by row, under every
// rule of the delimited reader: the header found among the first rows by
// the column names it recognises, the same aliases, list cells and year
// columns. file names the file in error messages.
func FromRows(rows Rows, file string) *Reader {
	return &Reader{file: file, names: newLookup(), src: &rowsSource{rows: rows}}
}

// TitleHeader reports whether a table starting with rows (its first rows
// are enough) has a header row the reader takes, with a title column, and
// gives the header's index in rows; for a table of one field a row, the
// index of its first record's title row.
func TitleHeader(rows [][]string) (int, bool) {
	r := &Reader{names: newLookup(), src: &rowsSource{rows: sliceRows(rows)}}
	if r.findHeader() != nil {
		return 0, false
	}
	if r.long {
		return r.pending[0].line - 1, true
	}
	if r.h == nil {
		return 0, false
	}
	return r.headerLine - 1, true
}

// source gives a table's rows: the scanner of delimited text, or Rows.
type source interface {
	row() ([]string, error)
	raw() string
	line() int
}

type rowsSource struct {
	rows    Rows
	curRaw  string
	curLine int
}

func (s *rowsSource) row() ([]string, error) {
	cells, line, raw, err := s.rows.Next()
	if err != nil {
		return nil, err
	}
	s.curLine, s.curRaw = line, raw
	return cells, nil
}

func (s *rowsSource) raw() string { return s.curRaw }
func (s *rowsSource) line() int   { return s.curLine }

// memRows is Rows over rows in memory, numbered from 1.
type memRows struct {
	rows [][]string
	n    int
}

func sliceRows(rows [][]string) *memRows { return &memRows{rows: rows} }

func (s *memRows) Next() ([]string, int, string, error) {
	if s.n >= len(s.rows) {
		return nil, 0, "", io.EOF
	}
	s.n++
	return s.rows[s.n-1], s.n, "", nil
}

// Next returns the next record, or nil and io.EOF at the end of the file.
// A file with no usable header row gives a *formats.ParseError with cause
// formats.ErrNoColumns; a quoted cell left open at the end of the file
// gives one with cause formats.ErrTruncated. Both end the file.
func (r *Reader) Next() (*formats.Entry, error) {
	if r.err != nil {
		return nil, r.err
	}
	if r.h == nil {
		if err := r.findHeader(); err != nil {
			return nil, r.fail(err)
		}
	}
	if r.long {
		return r.nextLong()
	}
	for {
		rw, err := r.next()
		if err != nil {
			return nil, r.fail(err)
		}
		cells, raw, line := rw.cells, rw.raw, rw.line
		if Blank(cells) {
			continue
		}
		if r.divider(cells) {
			if len(cells) > 1 {
				r.captions = append(r.captions, line)
			}
			continue
		}
		if r.isHeader(cells) {
			r.repeats = append(r.repeats, line)
			continue
		}
		if r.preambleAgain(cells) {
			r.again = append(r.again, line)
			continue
		}
		if r.isNewHeader(cells) {
			// Exports of different column choices joined into one file:
			// the rows after this header follow its columns.
			if err := r.useHeader(cells, line); err != nil {
				return nil, r.fail(err)
			}
			r.headers = append(r.headers, line)
			continue
		}
		return r.entry(r.realign(cells), raw, line), nil
	}
}

// next gives the next row: one kept aside, else the source's.
func (r *Reader) next() (row, error) {
	if len(r.pending) > 0 {
		p := r.pending[0]
		r.pending = r.pending[1:]
		return p, nil
	}
	cells, err := r.src.row()
	if err != nil {
		return row{}, err
	}
	return row{cells, r.src.raw(), r.src.line()}, nil
}

// nextLong reads the next record of a table of one field a row: its rows
// from one naming the title field to the next (blank rows between records
// are nothing). Each row's first cell names the field, the cells after it
// are its value, several of them one value each (Embase writes each author
// in a cell of its own), joined as a list.
func (r *Reader) nextLong() (*formats.Entry, error) {
	var rows []row
	for {
		rw, err := r.next()
		if err == io.EOF && len(rows) > 0 {
			return r.longEntry(rows), nil
		}
		if err != nil {
			return nil, r.fail(err)
		}
		if Blank(rw.cells) {
			continue
		}
		// The scanner reuses its cells' slice for the next row: keep a copy.
		rw.cells = append([]string(nil), rw.cells...)
		if len(rows) > 0 && r.names.titleName(rw.cells[0]) {
			r.pending = append([]row{rw}, r.pending...)
			return r.longEntry(rows), nil
		}
		rows = append(rows, rw)
	}
}

// longEntry builds the record of a table of one field a row from its rows,
// read as a header of the field names over one row of values.
func (r *Reader) longEntry(rows []row) *formats.Entry {
	names := make([]string, len(rows))
	values := make([]string, len(rows))
	raws := make([]string, len(rows))
	for i, rw := range rows {
		names[i] = rw.cells[0]
		var vs []string
		for _, c := range rw.cells[1:] {
			if v := cell(c); v != "" {
				vs = append(vs, v)
			}
		}
		values[i] = strings.Join(vs, "; ")
		raws[i] = rw.raw
	}
	key := strings.Join(names, "\x1f")
	h, ok := r.longHeaders[key]
	if !ok {
		h = headerMap(r.names, names)
		if r.longHeaders == nil || len(r.longHeaders) > 256 {
			r.longHeaders = make(map[string]*header)
		}
		r.longHeaders[key] = h
	}
	r.h = h
	return r.entry(values, strings.Join(raws, "\n"), rows[0].line)
}

// realign gives the cells of a row with more cells than its header the
// places the header names, where the extra cells are further "Funding
// Text" cells: Scopus names as many Funding Text columns as the first
// record has ("Funding Text 1") and writes each record's own number of
// them, so the cells after them (References ... PubMed ID, Language,
// Document Type, EID) slide right by the difference. The extra cells are
// dropped here (the raw text keeps them), and only when the row's last
// cell is then where the header's last column is: a Scopus EID under
// "EID".
func (r *Reader) realign(cells []string) []string {
	extra := len(cells) - len(r.h.names)
	if extra <= 0 || r.h.names[len(r.h.names)-1] == "" || !strings.EqualFold(r.h.names[len(r.h.names)-1], "EID") {
		return cells
	}
	last := -1
	for i, n := range r.h.names {
		if strings.HasPrefix(normName(n), "funding text") {
			last = i
		}
	}
	if last < 0 || !strings.HasPrefix(strings.TrimSpace(cells[len(cells)-1]), "2-s2.0-") {
		return cells
	}
	out := make([]string, 0, len(r.h.names))
	out = append(out, cells[:last+1]...)
	return append(out, cells[last+1+extra:]...)
}

// fail ends the file. A ParseError is returned once, then io.EOF, so that
// a caller reading on after errors (--skip-bad) stops; other errors are
// returned again.
func (r *Reader) fail(err error) error {
	if t, ok := err.(*truncatedError); ok {
		msg := "quoted cell not closed: the file ends before its closing '\"'"
		if t.lastLine > t.openLine {
			// Say what the open quote swallowed: the rows after it were
			// not read, and a count must never be silently short.
			msg += fmt.Sprintf(", so lines %d to %d were read as one cell and no row after line %d was read", t.openLine, t.lastLine, t.openLine)
		}
		err = formats.Errorf(r.file, t.openLine, t.rowLine, formats.ErrTruncated, "%s", msg)
	}
	if _, ok := err.(*formats.ParseError); ok || err == io.EOF {
		r.err = io.EOF
	} else {
		r.err = err
	}
	return err
}

// findHeader reads rows until the header: the first of the first
// maxPreamble rows naming two or more recognised columns or, failing that,
// the first naming one. Rows read after the header are kept to be returned
// as records.
//
// A table of one field a row (longLayout) has no header: its first record
// starts at the first row that names the title field in its first cell
// and holds a value after it; the rows from there are kept, and Next
// reads them by nextLong.
func (r *Reader) findHeader() error {
	var rows []row
	longAt, limit := -1, maxPreamble
	for n := 0; n < limit; n++ {
		cells, err := r.src.row()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		if longAt < 0 && r.names.titleRow(cells) {
			// Read on far enough to tell a table of one field a row.
			longAt, limit = len(rows), n+1+maxPreamble
		}
		if longAt < 0 && r.names.score(cells) >= 2 {
			r.keepPreamble(rows)
			return r.useHeader(cells, r.src.line())
		}
		rows = append(rows, row{append([]string(nil), cells...), r.src.raw(), r.src.line()})
	}
	if longAt >= 0 && r.names.longLayout(rows[longAt:]) {
		r.long = true
		r.pending = rows[longAt:]
		return nil
	}
	best, seen := -1, false
	for i, rw := range rows {
		seen = seen || !Blank(rw.cells)
		if i >= maxPreamble {
			continue
		}
		if s := r.names.score(rw.cells); s >= 2 {
			best = i
			break
		} else if s == 1 && best < 0 {
			best = i
		}
	}
	if best < 0 {
		if !seen {
			return io.EOF
		}
		return formats.Errorf(r.file, 1, 0, formats.ErrNoColumns,
			"no header row: none of the first %d rows names a column winnow recognises (%s)",
			maxPreamble, strings.Join(columns[fTitle][:3], ", ")+", Authors, Year, DOI, ...")
	}
	r.pending = rows[best+1:]
	r.keepPreamble(rows[:best])
	return r.useHeader(rows[best].cells, rows[best].line)
}

// keepPreamble notes the first cells of the rows before the header.
func (r *Reader) keepPreamble(rows []row) {
	for _, rw := range rows {
		if c := trimEmpty(rw.cells); len(c) > 0 && len(c) <= 2 {
			if r.preamble == nil {
				r.preamble = map[string]bool{}
			}
			r.preamble[strings.ToLower(cell(c[0]))] = true
		}
	}
}

// preambleAgain reports whether a row after the header is a row of the
// preamble again, or a rule: one or two cells, the first the label of a
// preamble row ("SEARCH QUERY","dinosaur:ti"), or cells of dashes only.
// Exports joined into one file bring their preambles with them.
func (r *Reader) preambleAgain(cells []string) bool {
	c := trimEmpty(cells)
	if len(c) == 0 || len(c) > 2 || len(r.headerCells) < 3 {
		return false
	}
	if rule(cell(c[0])) && (len(c) == 1 || rule(cell(c[1]))) {
		return true
	}
	return len(c) == 2 && r.preamble[strings.ToLower(cell(c[0]))]
}

// rule reports whether s is a line drawn with one character: "-----".
func rule(s string) bool {
	if len(s) < 3 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] != s[0] || (s[0] != '-' && s[0] != '=' && s[0] != '_' && s[0] != '*') {
			return false
		}
	}
	return true
}

// useHeader maps the header row; a table without a title column cannot
// give records a person can screen.
func (r *Reader) useHeader(cells []string, line int) error {
	h := headerMap(r.names, cells)
	if len(h.cols[fTitle]) == 0 && idsOnly(h) {
		return formats.Errorf(r.file, line, 0, formats.ErrNoColumns,
			"a list of identifiers (columns %s), not records with titles: winnow screens records by their titles and abstracts; "+
				"fetch the records first (PubMed by PMID, a reference manager's import by DOI, a dataset's own download script) and import that export",
			quoted(h.names))
	}
	if len(h.cols[fTitle]) == 0 {
		var found []string
		for _, n := range h.names {
			if n != "" {
				found = append(found, fmt.Sprintf("%q", n))
			}
		}
		if len(found) > 12 {
			found = append(found[:12], fmt.Sprintf("and %d more", len(found)-12))
		}
		return formats.Errorf(r.file, line, 0, formats.ErrNoColumns,
			"no title column: found columns %s; winnow recognises %s",
			strings.Join(found, ", "), strings.Join(columns[fTitle], ", "))
	}
	r.h = h
	r.headerCells, r.headerLine = append([]string(nil), cells...), line
	if h.wos && r.comma == '\t' && r.sc != nil {
		r.sc.quotes = false
	}
	return nil
}

// isHeader reports whether a row is the header row again, as in exports
// joined into one file with cat or copy: the same names in the same
// columns (ignoring case, spaces and empty cells at the end).
func (r *Reader) isHeader(cells []string) bool {
	a, b := trimEmpty(cells), trimEmpty(r.headerCells)
	if len(a) != len(b) || len(a) < 2 {
		return false
	}
	for i := range a {
		if !strings.EqualFold(cell(a[i]), cell(b[i])) {
			return false
		}
	}
	return true
}

// isNewHeader reports whether a row, met after the header, is a header
// of other columns: three or more of its cells name columns winnow
// recognises, or two and it has no other cell. A record's cells are
// values, not column names.
func (r *Reader) isNewHeader(cells []string) bool {
	s := r.names.score(cells)
	return s >= 3 || (s >= 2 && s == len(trimEmpty(cells)))
}

func trimEmpty(cells []string) []string {
	for len(cells) > 0 && strings.TrimSpace(cells[len(cells)-1]) == "" {
		cells = cells[:len(cells)-1]
	}
	return cells
}

// FileWarnings gives one warning for each line where the header row came
// again (it is no record) or a header of other columns began. Call it
// after Next has returned io.EOF.
func (r *Reader) FileWarnings() []formats.Warning {
	var ws []formats.Warning
	for _, l := range r.repeats {
		ws = append(ws, formats.Warning{Line: l, Msg: "the header row again (files joined into one?): read as no record"})
	}
	for _, l := range r.again {
		ws = append(ws, formats.Warning{Line: l, Msg: "a row of the export's preamble again (files joined into one?): read as no record"})
	}
	for _, l := range r.headers {
		ws = append(ws, formats.Warning{Line: l, Msg: "a header row of other columns (files joined into one?): the rows after it are read by its columns"})
	}
	for _, l := range r.captions {
		ws = append(ws, formats.Warning{Line: l, Msg: "only the first cell is filled, with text, in a column that is not the title: read as a caption between parts of the table, not a record"})
	}
	slices.SortFunc(ws, func(a, b formats.Warning) int { return a.Line - b.Line })
	return ws
}

// Blank reports whether every cell of a row is empty (spaces only).
func Blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// divider reports whether a row is a caption between parts of a table
// rather than a record: one cell of prose in a row with no delimiter, or
// with empty cells after it (a spreadsheet saving the table as CSV pads
// every row to the header's width: "citations ...,,,,"), under a header of
// three or more columns whose first is not the title. Abstrackr writes
// "citations that are not yet labeled by anyone" so between its labelled
// and unlabelled rows.
//
// A sheet's row (FromRows) is never one: a sheet leaves out the empty
// cells at the end of a row, so a record with only its first cell filled
// would look like a caption and be lost.
func (r *Reader) divider(cells []string) bool {
	if r.sc == nil || len(cells) == 0 || len(r.h.names) < 3 || !Blank(cells[1:]) {
		return false
	}
	for _, c := range r.h.cols[fTitle] {
		if c == 0 {
			return false
		}
	}
	return strings.Contains(strings.TrimSpace(cells[0]), " ")
}

// cell gives the value of one cell: trimmed, without the ="..." that
// EBSCO and other exporters wrap around numbers to stop spreadsheets from
// reading them as numbers, and empty for R's NA and pandas' nan (a table
// written by R's write.csv or by pandas after a review's own steps).
func cell(s string) string {
	s = strings.TrimSpace(s)
	if formats.Missing(s) {
		return ""
	}
	if len(s) >= 3 && s[0] == '=' && s[1] == '"' && s[len(s)-1] == '"' {
		s = strings.TrimSpace(s[2 : len(s)-1])
	}
	return s
}

// get gives the first non-empty cell among the columns of f, and its
// column index (-1 when there is none).
func (r *Reader) get(cells []string, f field) (string, int) {
	for _, i := range r.h.cols[f] {
		if i < len(cells) {
			if v := cell(cells[i]); v != "" {
				return v, i
			}
		}
	}
	return "", -1
}

// entry builds the record of one row.
func (r *Reader) entry(cells []string, raw string, line int) *formats.Entry {
	e := &formats.Entry{}
	rec := &e.Record
	rec.Raw, rec.Line = raw, line
	get := func(f field) string { v, _ := r.get(cells, f); return v }

	rec.Title = formats.Clean(get(fTitle))
	rec.Abstract = formats.CleanText(get(fAbstract))
	r.authors(e, cells)

	journal, jcol := r.get(cells, fJournal)
	var cite citation
	if jcol >= 0 && normName(r.h.names[jcol]) == "source" {
		if c, ok := embaseSource(journal); ok {
			cite, journal = c, c.journal
		}
	} else if c := get(fCitation); c != "" {
		cite = pubmedCitation(c)
	}
	rec.Journal = formats.Clean(or(journal, cite.journal))
	// pandas writes a column of numbers with empty cells as floats
	// ("15660.0", "307.0"): a table it has rewritten (Web of Science's or
	// Scopus's export after a review's own steps) has them so.
	num := func(f field) string { return formats.WholeNumber(get(f)) }
	rec.Volume = formats.Clean(or(num(fVolume), cite.volume))
	rec.Issue = formats.Clean(or(num(fIssue), cite.issue))
	rec.Pages = formats.Pages(num(fPages), "")
	if rec.Pages == "" {
		rec.Pages = formats.Pages(num(fStartPage), num(fEndPage))
	}
	if rec.Pages == "" {
		rec.Pages = formats.Clean(cite.pages)
	}
	if rec.Pages == "" {
		rec.Pages = formats.ArticleNumber(num(fArticleNo))
	}

	yearText := ""
	for _, i := range r.h.cols[fYear] {
		if i >= len(cells) {
			continue
		}
		v := cell(cells[i])
		if y := formats.Year(v); y > 0 {
			rec.Year = y
			break
		}
		if yearText == "" {
			yearText = v
		}
	}
	if rec.Year == 0 {
		rec.Year = formats.Year(cite.year)
	}
	if rec.Year == 0 && yearText != "" {
		e.Warn("no year in %q", yearText)
	}

	url := get(fURL)
	if items, ok := pyList(url); ok {
		url = ""
		if len(items) > 0 {
			url = items[0]
		}
	}
	url = firstWord(url)
	if id, ok := strings.CutPrefix(url, "/pubmed/"); ok && formats.Digits(id) {
		// PubMed's CSV until 2020 links each record relative to its site.
		url = "https://pubmed.ncbi.nlm.nih.gov/" + id + "/"
	}
	rec.URL = url
	if v := get(fDOI); v != "" {
		rec.DOI = formats.DOI(v)
		if rec.DOI == "" {
			e.Warn("DOI %q not understood", v)
		}
	} else {
		rec.DOI = r.linkDOI(cells)
	}
	if rec.DOI == "" && cite.doi != "" {
		rec.DOI = formats.DOI(cite.doi)
	}
	rec.PMID = formats.PMID(num(fPMID))
	var issn []string
	for _, i := range r.h.cols[fISSN] {
		if i < len(cells) {
			if v := cell(cells[i]); v != "" {
				issn = append(issn, v)
			}
		}
	}
	rec.ISSN = formats.ISSN(strings.Join(issn, " "))
	rec.Keywords = splitKeywords(get(fKeywords))
	rec.Language = formats.Language(get(fLanguage))
	rec.Type = formats.Clean(get(fType))
	rec.SourceID = formats.Clean(get(fSourceID))
	if rec.SourceID == "" {
		rec.SourceID = rec.PMID
	}

	if extra := len(cells) - len(r.h.names); extra > 0 && !Blank(cells[len(r.h.names):]) {
		e.Warn("row has %d cells but the header names %d: the cells past the last column are kept only in the raw text",
			len(cells), len(r.h.names))
	}
	return e
}

// authors fills the record's authors from the first non-empty authors
// column, then adds the group authors (WoS CA) as names kept whole.
func (r *Reader) authors(e *formats.Entry, cells []string) {
	v := r.get
	s, _ := v(cells, fAuthors)
	names := splitAuthors(s, &r.commaList)
	if len(names) == 1 && runTogether(names[0]) {
		// SpringerLink: "Andy SmithTom Weber". Splitting it would guess;
		// keep it whole, as a group name is kept, and say so.
		e.Record.Authors = append(e.Record.Authors, review.Author{Family: names[0]})
		e.Warn("authors %q may be several names run together with no separator", names[0])
		names = nil
	}
	for _, n := range names {
		if a := parseAuthor(n); a.Family != "" || a.Given != "" {
			e.Record.Authors = append(e.Record.Authors, a)
		}
	}
	g, _ := v(cells, fGroupAuthors)
	for _, n := range formats.SplitList(g, ";") {
		e.Record.Authors = append(e.Record.Authors, review.Author{Family: n})
	}
}

// linkDOI finds a DOI in the row's links, for exports with no DOI column:
// Embase's "Open URL Link" carries "id=doi:10.4103%2F2303-9027.138783&...",
// others link to doi.org.
func (r *Reader) linkDOI(cells []string) string {
	for _, f := range []field{fURL, fLinkDOI} {
		for _, i := range r.h.cols[f] {
			if i >= len(cells) {
				continue
			}
			v := cells[i]
			k := strings.Index(v, "doi")
			if k < 0 {
				continue
			}
			v = v[k:]
			if end := strings.IndexAny(v, "&? \t\n"); end >= 0 {
				v = v[:end]
			}
			if d := formats.DOI(strings.ReplaceAll(strings.ReplaceAll(v, "%2F", "/"), "%2f", "/")); d != "" {
				return d
			}
		}
	}
	return ""
}

// splitKeywords splits a keywords cell on ";" or, when it has none, on
// commas outside brackets: Embase writes "bronchogenic duplication cyst
// (diagnosis, surgery), colonic duplication cyst".
func splitKeywords(s string) []string {
	if s == "" {
		return nil
	}
	if items, ok := pyList(s); ok {
		return items
	}
	if strings.IndexByte(s, ';') >= 0 {
		return formats.SplitList(s, ";")
	}
	if strings.IndexByte(s, '|') >= 0 {
		// OpenAlex joins a list's items with "|".
		return formats.SplitList(s, "|")
	}
	var out []string
	depth, start := 0, 0
	for i := 0; i <= len(s); i++ {
		if i < len(s) {
			switch s[i] {
			case '(', '[':
				depth++
				continue
			case ')', ']':
				if depth > 0 {
					depth--
				}
				continue
			case ',':
				if depth > 0 {
					continue
				}
			default:
				continue
			}
		}
		if k := formats.Clean(s[start:i]); k != "" {
			out = append(out, k)
		}
		start = i + 1
	}
	return out
}

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// idsOnly reports whether a header without a title column names record
// identifiers (PMID, DOI, an OpenAlex or other id) and nothing a record
// is screened by (authors, abstract, journal, year): a list to fetch
// records by, such as SYNERGY's "pmid,doi,openalex_id,label_included".
func idsOnly(h *header) bool {
	ids := len(h.cols[fPMID]) + len(h.cols[fDOI])
	for _, n := range h.names {
		if n := normName(n); strings.HasSuffix(n, "_id") || strings.HasSuffix(n, " id") || n == "ids" {
			ids++
		}
	}
	for _, f := range []field{fAuthors, fAbstract, fJournal, fYear, fKeywords} {
		if len(h.cols[f]) > 0 {
			return false
		}
	}
	return ids > 0
}

// quoted lists names in quotes, the empty ones left out.
func quoted(names []string) string {
	var out []string
	for _, n := range names {
		if n != "" {
			out = append(out, fmt.Sprintf("%q", n))
		}
	}
	return strings.Join(out, ", ")
}
