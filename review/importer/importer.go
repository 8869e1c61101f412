// Package importer brings export files into a review: it reads each file
// once to hash it and tell its encoding and format, refuses content
// imported before, then streams the records from the format's reader into
// one store transaction. Parsing runs on its own goroutine, overlapping
// the inserts. The import lands whole or not at all.
package importer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync/atomic"

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/formats"
	"github.com/winnow-review/winnow/review/formats/bibtex"
	"github.com/winnow-review/winnow/review/formats/csljson"
	"github.com/winnow-review/winnow/review/formats/delimited"
	"github.com/winnow-review/winnow/review/formats/endnote"
	"github.com/winnow-review/winnow/review/formats/enw"
	"github.com/winnow-review/winnow/review/formats/medline"
	"github.com/winnow-review/winnow/review/formats/pubmedxml"
	"github.com/winnow-review/winnow/review/formats/refworks"
	"github.com/winnow-review/winnow/review/formats/ris"
	"github.com/winnow-review/winnow/review/formats/wos"
	"github.com/winnow-review/winnow/review/formats/xls"
	"github.com/winnow-review/winnow/review/formats/xlsx"
	"github.com/winnow-review/winnow/review/store"
)

// ErrAlreadyImported: the file's content was imported before.
var ErrAlreadyImported = errors.New("already imported")

// ErrNoSource is an import not told which source its files come from.
var ErrNoSource = errors.New("no source given")

// Options describe one import command.
type Options struct {
	Source   string
	Kind     review.Kind
	Searched string // YYYY-MM-DD or ""
	Query    string
	Format   formats.Format // "" detects it from the content
	// SkipBad imports the good records of a file with bad ones, listing
	// each skipped record; without it one bad record stops the import. A
	// file of which no record can be read stops it either way.
	SkipBad bool
	// Force imports content that was imported before, as a new search.
	Force bool
	// Combined marks the files as combined libraries holding several
	// databases' searches (a reference manager's export), whose records
	// dedup compares like records of different sources.
	Combined bool
	// By is the reviewer making the import.
	By string
	// Progress, when set, is called now and then with the bytes read and
	// the bytes to read in all files.
	Progress func(done, total int64)
}

// Warning is something in an imported file a person should look at.
type Warning struct {
	File string
	// Sheet is the workbook sheet the warning is about; Line is then a
	// row of it.
	Sheet string
	Line  int
	Msg   string
	Fix   review.Fix // a remedy the command layer words after Msg, or ""
}

func (w Warning) String() string {
	if w.Sheet != "" {
		return w.File + ": " + formats.SheetPlace(w.Sheet, w.Line) + ": " + w.Msg
	}
	if w.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", w.File, w.Line, w.Msg)
	}
	return w.File + ": " + w.Msg
}

// FileResult is what happened to one file.
type FileResult struct {
	Search   review.Search
	Skipped  []*formats.ParseError
	Warnings []Warning
	// MoreWarnings counts the warnings beyond the first MaxWarnings, which
	// are not kept.
	MoreWarnings int
	// Combined is set when the file was recognised as a combined library.
	Combined bool
}

// MaxWarnings is how many warnings a file keeps.
const MaxWarnings = 1000

func (res *FileResult) warn(w Warning) {
	if len(res.Warnings) < MaxWarnings {
		res.Warnings = append(res.Warnings, w)
	} else {
		res.MoreWarnings++
	}
}

// LongAbstract is the abstract length above which the import warns: real
// abstracts are a few thousand characters, so a longer one is usually a
// whole paper or a broken export, kept whole but worth a look.
const LongAbstract = 64 << 10

type plan struct {
	name   string // as the user gave it
	info   formats.FileInfo
	format formats.Format
	comma  rune
	// indent is the blank space common to every line of a tagged
	// export that was indented as a whole, taken off as it is read.
	indent int
}

// Import brings files into the review in one transaction.
func Import(ctx context.Context, st *store.Store, files []string, opt Options) ([]FileResult, error) {
	if strings.TrimSpace(opt.Source) == "" {
		return nil, review.Need("source", ErrNoSource, "an import needs the source the files come from")
	}
	if opt.Kind == "" {
		return nil, review.Need("kind", ErrNoSource, "an import needs the kind of source the files come from")
	}
	plans := make([]plan, 0, len(files))
	var total int64
	for _, f := range files {
		p, err := look(f, opt.Format)
		if err != nil {
			return nil, err
		}
		for _, q := range plans {
			if q.info.SHA256 == p.info.SHA256 && !opt.Force {
				return nil, review.Refuse(ErrAlreadyImported, "%s has the same content as %s, given earlier in this command", f, q.name)
			}
		}
		plans = append(plans, p)
		total += p.info.Size
	}

	im, err := st.BeginImport(ctx, opt.By)
	if err != nil {
		return nil, err
	}
	committed := false
	defer func() {
		if !committed {
			im.Rollback()
		}
	}()
	var read atomic.Int64
	var results []FileResult
	for _, p := range plans {
		if !opt.Force {
			earlier, err := im.SearchBySHA(p.info.SHA256)
			if err != nil {
				return nil, err
			}
			if earlier != nil {
				return nil, review.RefuseFix(ErrAlreadyImported, review.FixImportAgain, "", "%s was imported before: search %d, %s from %s (%s) on %s by %s, %d records",
					p.name, earlier.ID, earlier.File, earlier.Source, earlier.Kind, earlier.Imported.Format("2006-01-02"), nameOr(earlier.By), earlier.Records)
			}
		}
		res, err := importFile(ctx, im, p, opt, &read, total)
		if err != nil {
			return nil, err
		}
		results = append(results, res)
	}
	if err := im.Commit(); err != nil {
		return nil, err
	}
	committed = true
	if opt.Progress != nil {
		opt.Progress(total, total)
	}
	return results, nil
}

func nameOr(s string) string {
	if s == "" {
		return "an unnamed reviewer"
	}
	return s
}

// look reads a file once: it must exist, be a regular file, be text, and
// be in a format winnow reads.
func look(name string, format formats.Format) (plan, error) {
	p := plan{name: name}
	st, err := os.Stat(name)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return p, fmt.Errorf("%s: no such file", name)
		}
		return p, err
	}
	if st.IsDir() {
		return p, fmt.Errorf("%s is a folder: name the export files in it, e.g. %s", name, filepath.Join(name, "*.ris"))
	}
	f, err := os.Open(name)
	if err != nil {
		return p, err
	}
	defer f.Close()
	p.info, err = formats.Sniff(f)
	if err != nil {
		return p, fmt.Errorf("read %s: %w", name, err)
	}
	switch {
	case p.info.Size == 0:
		return p, &formats.ParseError{File: name, Err: formats.ErrEmpty, Msg: "the file is empty"}
	case p.info.Binary:
		p.format, err = detectBinary(name, p.info, format)
		// A workbook's text is Unicode (XML) whatever the bytes sniffed.
		p.info.Encoding = formats.UTF8
		return p, err
	case format.Workbook():
		pe := &formats.ParseError{File: name, Err: formats.ErrUnknownFormat, Msg: fmt.Sprintf("not an .%s workbook: it is text", format)}
		if seen, _, err := Detect(name, p.info.Sample); err == nil {
			pe.Fix, pe.FixArg = review.FixTryFormat, string(seen)
		}
		return p, pe
	case strings.TrimSpace(p.info.Sample) == "":
		return p, &formats.ParseError{File: name, Err: formats.ErrEmpty, Msg: "the file holds only blank space"}
	}
	p.format = format
	if n := formats.CommonIndent(p.info.Sample); n > 0 && (format == "" || format.LineTagged()) {
		// A tagged export indented as a whole (copied from a page or an
		// e-mail) reads as the export it was, once the indent is off. (RIS
		// is told with blank space before its tags, but its readers take
		// no value from an indented line.)
		flat := formats.Dedent(p.info.Sample, n)
		if seen, _, err := Detect(name, flat); err == nil && seen.LineTagged() && (format == "" || format == seen) {
			p.indent, p.info.Sample = n, flat
		}
	}
	switch format {
	case "":
		p.format, p.comma, err = Detect(name, p.info.Sample)
		if err != nil {
			return p, err
		}
	case formats.CSV, formats.TSV:
		// "CSV" is what many call any delimited table (Web of Science's
		// "tab-delimited" file, RefWorks' TSV), and a table's delimiter
		// is the one the file uses, whichever of the two was named.
		p.comma = ','
		if format == formats.TSV {
			p.comma = '\t'
		}
		if c, ok := delimited.Sniff(p.info.Sample); ok {
			p.comma, p.format = c, formats.CSV
			if c == '\t' {
				p.format = formats.TSV
			}
		}
	}
	return p, nil
}

func newReader(p plan, r io.Reader) formats.Reader {
	switch p.format {
	case formats.RIS:
		rd := ris.NewReader(r, p.name)
		if ris.Untyped(p.info.Sample) {
			rd.Untyped()
		}
		return rd
	case formats.BibTeX:
		return bibtex.NewReader(r, p.name)
	case formats.MEDLINE:
		return medline.NewReader(r, p.name)
	case formats.OvidDisplay:
		return medline.NewDisplayReader(r, p.name)
	case formats.PubMedXML:
		return pubmedxml.NewReader(r, p.name)
	case formats.WoS:
		return wos.NewReader(r, p.name)
	case formats.EndNoteXML:
		return endnote.NewReader(r, p.name)
	case formats.ENW:
		return enw.NewReader(r, p.name)
	case formats.CSV, formats.TSV:
		return delimited.NewReader(r, p.name, p.comma)
	case formats.CSLJSON:
		return csljson.NewReader(r, p.name)
	case formats.RefWorks:
		return refworks.NewReader(r, p.name)
	}
	panic("importer: no reader for format " + string(p.format))
}

// batch is a run of parsed entries handed from the parsing goroutine to
// the storing one; err, when set, follows the entries.
type batch struct {
	entries []*formats.Entry
	err     error
}

const batchSize = 256

func importFile(ctx context.Context, im *store.Import, p plan, opt Options, read *atomic.Int64, total int64) (FileResult, error) {
	res := FileResult{Search: review.Search{
		Source: opt.Source, Kind: opt.Kind, Searched: opt.Searched, Query: opt.Query,
		File: filepath.Base(p.name), SHA256: p.info.SHA256, Format: string(p.format), Encoding: string(p.info.Encoding),
	}}
	if err := im.AddSearch(&res.Search); err != nil {
		return res, err
	}
	if opt.Combined {
		if err := im.SetCombined(res.Search.ID); err != nil {
			return res, err
		}
	}
	var rd formats.Reader
	progress := func() {}
	if p.format.Workbook() {
		// A workbook is a zip or a Compound File, read from its
		// directory, not as a stream.
		open := xlsx.NewReader
		if p.format == formats.XLS {
			open = xls.NewReader
		}
		xr, err := open(p.name, p.name)
		if err != nil {
			return res, err
		}
		defer xr.Close()
		// The bytes read stand for the rows read: a workbook is not read
		// as a stream of its bytes.
		base := read.Load()
		progress = func() { read.Store(base + int64(xr.Done()*float64(p.info.Size))) }
		defer read.Store(base + p.info.Size)
		rd = xr
	} else {
		f, err := os.Open(p.name)
		if err != nil {
			return res, err
		}
		defer f.Close()
		counted := &countingReader{r: f, n: read}
		rd = newReader(p, formats.NewDedenter(formats.Decode(counted, p.info.Encoding), p.indent))
	}
	sheet := ""
	if s, ok := rd.(formats.Sheeter); ok {
		sheet = s.Sheet()
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ch := make(chan batch, 4)
	go func() {
		defer close(ch)
		b := batch{entries: make([]*formats.Entry, 0, batchSize)}
		send := func() bool {
			select {
			case ch <- b:
				b = batch{entries: make([]*formats.Entry, 0, batchSize)}
				return true
			case <-ctx.Done():
				return false
			}
		}
		for {
			e, err := rd.Next()
			progress()
			if err == io.EOF {
				send()
				return
			}
			if e != nil {
				b.entries = append(b.entries, e)
			}
			if err != nil {
				b.err = err
				if !send() {
					return
				}
				var pe *formats.ParseError
				if !errors.As(err, &pe) || !opt.SkipBad {
					return
				}
				continue
			}
			if len(b.entries) == batchSize && !send() {
				return
			}
		}
	}()

	databases := map[string]string{} // database → the first label naming it
	var screened int                 // records carrying another tool's screening
	empty := 0                       // records with no title, abstract or author
	var screeners []string           // who screened them there
	var label, database string       // the last record's label and what it names: records repeat it
	for b := range ch {
		for _, e := range b.entries {
			r := &e.Record
			r.SearchID = res.Search.ID
			// Every format's title and abstract lose inline markup
			// (<i>, <sub>; the raw text keeps it).
			r.Title, r.Abstract = formats.Clean(formats.StripMarkup(r.Title)), formats.StripMarkup(r.Abstract)
			if r.Database != label {
				label, database = r.Database, formats.Database(r.Database)
			}
			if database != "" && databases[database] == "" && len(databases) < 16 {
				databases[database] = r.Database
			}
			if who := review.ImportedScreeners(r.Raw); who != nil {
				screened++
				for _, name := range who {
					if !slices.Contains(screeners, name) && len(screeners) < 8 {
						screeners = append(screeners, name)
					}
				}
			}
			for _, w := range e.Warnings {
				res.warn(Warning{File: p.name, Sheet: sheet, Line: r.Line, Msg: w})
			}
			for _, w := range check(p.name, r) {
				w.Sheet = sheet
				res.warn(w)
			}
			if err := im.AddRecord(r); err != nil {
				return res, fmt.Errorf("store record at %s:%d: %w", p.name, r.Line, err)
			}
			res.Search.Records++
			if strings.TrimSpace(r.Title) == "" && r.Abstract == "" && len(r.Authors) == 0 {
				empty++
			}
		}
		if b.err != nil {
			var pe *formats.ParseError
			if !errors.As(b.err, &pe) {
				return res, fmt.Errorf("read %s: %w", p.name, b.err)
			}
			if !opt.SkipBad {
				return res, &review.Refusal{Msg: pe.Error(), Err: pe, Fix: review.FixSkipBad}
			}
			res.Skipped = append(res.Skipped, pe)
		}
		if opt.Progress != nil {
			opt.Progress(read.Load(), total)
		}
		if err := ctx.Err(); err != nil {
			return res, err
		}
	}
	if res.Search.Records == 0 && len(res.Skipped) > 0 {
		// Nothing of the file could be read (a table without a title
		// column, prose, every record bad): --skip-bad has no good
		// records to keep, and an empty search would count a search of
		// nothing. It is the error it is without the flag.
		more := ""
		if n := len(res.Skipped) - 1; n > 0 {
			more = fmt.Sprintf(", and %d more bad", n)
		}
		return res, fmt.Errorf("%w (no record of the file could be read%s: nothing was imported)", res.Skipped[0], more)
	}
	// The channel is closed: the reader is done, and what it knows of the
	// whole file can be read.
	if fw, ok := rd.(formats.FileWarner); ok {
		for _, w := range fw.FileWarnings() {
			res.warn(Warning{File: p.name, Sheet: sheet, Line: w.Line, Msg: w.Msg})
		}
		sort.SliceStable(res.Warnings, func(i, j int) bool { return res.Warnings[i].Line < res.Warnings[j].Line })
	}
	res.Search.Skipped = len(res.Skipped)
	labels := make([]string, 0, len(databases))
	for d := range databases {
		labels = append(labels, d)
	}
	if names := formats.Databases(labels); !opt.Combined && len(names) > 1 {
		// A reference manager's library of several searches: its records
		// are compared like records of different sources (see dedup).
		if err := im.SetCombined(res.Search.ID); err != nil {
			return res, err
		}
		res.Combined = true
		for i, d := range names {
			names[i] = databases[d] // as the file writes it
		}
		// Quoted: a name may hold commas (CiteSource's "benchmark,
		// search 1"); a long list is cut.
		shown := make([]string, 0, min(len(names), 6))
		for _, n := range names[:min(len(names), 6)] {
			shown = append(shown, fmt.Sprintf("%q", n))
		}
		if len(names) > 6 {
			shown = append(shown, fmt.Sprintf("and %d more", len(names)-6))
		}
		res.warn(Warning{File: p.name, Fix: review.FixCombined, Msg: fmt.Sprintf("its records name %d databases (%s): read as a combined library of several searches", len(names), strings.Join(shown, ", "))})
	}
	if screened > 0 {
		res.warn(Warning{File: p.name, Sheet: sheet, Fix: review.FixCarryOver, Msg: fmt.Sprintf("%d %s screening done in Rayyan (decisions of %s): kept in the raw text as exported, not made winnow decisions; while the review is blind, screeners see it hidden",
			screened, carry(screened), strings.Join(screeners, ", "))})
	}
	if res.Search.Records == empty && res.Search.Skipped == 0 {
		// With --format, an empty result (no record, or only records
		// with no title, abstract or author) usually means the wrong
		// format: say so rather than record a search of nothing.
		if opt.Format != "" {
			seen, _, err := Detect(p.name, p.info.Sample)
			if err != nil {
				// Indented as a whole, it may read as another format
				// once the indent is off (auto takes it off).
				seen, _, err = Detect(p.name, formats.Dedent(p.info.Sample, formats.CommonIndent(p.info.Sample)))
			}
			switch {
			case err == nil && seen != p.format && !(seen == formats.TSV && p.format == formats.CSV):
				return res, &formats.ParseError{File: p.name, Err: formats.ErrUnknownFormat, Fix: review.FixTryFormat, FixArg: string(seen),
					Msg: fmt.Sprintf("%s: the content looks like %s", nothingRead(res.Search.Records, p.format), seen)}
			case err != nil && res.Search.Records == 0:
				// Nothing read, and the content is no format at all
				// (prose, a log, a damaged file): refused as the
				// detected path refuses it, not kept as a search of
				// nothing. A file that is the format with no record in
				// it (BibTeX of @string only, a header row) is detected
				// as that format and warned of below.
				return res, &formats.ParseError{File: p.name, Err: formats.ErrUnknownFormat,
					Msg: fmt.Sprintf("no records read as %s, and the content does not read as any format winnow knows", p.format)}
			}
		}
		if res.Search.Records == 0 {
			res.warn(Warning{File: p.name, Msg: fmt.Sprintf("no records found (read as %s)", p.format)})
		}
	}
	return res, im.FinishSearch(&res.Search)
}

// nothingRead words an import that read nothing of use as format.
func nothingRead(records int, format formats.Format) string {
	if records == 0 {
		return fmt.Sprintf("no records read as %s", format)
	}
	return fmt.Sprintf("no record read as %s has a title, an abstract or an author", format)
}

// check warns about records that are legal but odd enough for a person to
// look at.
func check(file string, r *review.Record) []Warning {
	var ws []Warning
	hasTitle := strings.TrimSpace(r.Title) != ""
	switch {
	case !hasTitle:
		ws = append(ws, Warning{File: file, Line: r.Line, Msg: "record has no title: it is shown as " + review.NoTitle + " and can be screened from its other fields"})
	case r.Abstract == "" && len(r.Authors) == 0 && r.Year == 0 && r.Journal == "" && r.DOI == "" && r.PMID == "":
		ws = append(ws, Warning{File: file, Line: r.Line, Msg: "record has only a title"})
	}
	if len(r.Abstract) > LongAbstract {
		ws = append(ws, Warning{File: file, Line: r.Line, Msg: fmt.Sprintf("abstract is %d characters long (stored whole): check the record", len([]rune(r.Abstract)))})
	}
	return ws
}

type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// carry words a count of records carrying something.
func carry(n int) string {
	if n == 1 {
		return "record carries"
	}
	return "records carry"
}
