// Package formats reads the export files of bibliographic databases and
// reference managers. Each format lives in a sub-package (ris, bibtex,
// medline, wos, endnote, pubmedxml, delimited) with a streaming Reader that
// yields one Entry at a time: the record's normalised fields, its raw text and
// the line where it starts. This package holds what they share: the Entry and
// Reader types, positioned errors, a line reader that copes with every line
// end, the field normalisers, encoding detection and format detection.
//
// Readers take text already decoded to UTF-8 (see Decode) and never hold a
// whole file in memory: a 1,000,000-record export costs what one record does.
package formats

import (
	"fmt"
	"strings"

	"github.com/winnow-review/winnow/review"
)

// Entry is one record read from an export file.
type Entry struct {
	// Record holds the normalised fields, Raw (the record's text) and Line.
	Record review.Record
	// Warnings are things a person should look at; the record is still good.
	Warnings []string
}

// Warn adds a warning to the entry.
func (e *Entry) Warn(format string, args ...any) {
	e.Warnings = append(e.Warnings, fmt.Sprintf(format, args...))
}

// Reader yields the records of one export file.
//
// Next returns the next record, or nil and io.EOF at the end of the file. A
// *ParseError means one record was bad: the reader has skipped past it and
// Next may be called again to read on (that is how --skip-bad works). In a
// format that cannot be resynchronised after a fault (XML, a CSV quote
// left open) the ParseError ends the file, and the next call returns
// io.EOF. Any other error (reading the file failed) ends the file too.
type Reader interface {
	Next() (*Entry, error)
}

// FileWarner is a Reader with warnings about the file as a whole, known
// only once it has been read: a BibTeX key used by several entries.
type FileWarner interface {
	// FileWarnings gives the warnings, in the order of their lines; call
	// it after Next has returned io.EOF.
	FileWarnings() []Warning
}

// Sheeter is a Reader of one sheet of a workbook: the lines its entries,
// warnings and errors name are rows of that sheet.
type Sheeter interface {
	Sheet() string
}

// Warning is a warning about a file, at a line of it.
type Warning struct {
	Line int
	Msg  string
}

// Format names an export format.
type Format string

// The formats winnow reads.
const (
	RIS        Format = "ris"
	BibTeX     Format = "bibtex"
	MEDLINE    Format = "medline"
	PubMedXML  Format = "pubmed-xml"
	WoS        Format = "wos"
	EndNoteXML Format = "endnote-xml"
	ENW        Format = "enw"
	CSV        Format = "csv"
	TSV        Format = "tsv"
	// XLSX is an Excel workbook, read by its content (a zip holding
	// xl/workbook.xml), not as text.
	XLSX Format = "xlsx"
	// OvidDisplay is Ovid's display layout saved as text: each field's
	// name on a line of its own, its value indented below it.
	OvidDisplay Format = "ovid-display"
	// XLS is an Excel 97-2003 workbook (BIFF8), read by its content (a
	// Compound File holding a Workbook stream), not as text.
	XLS Format = "xls"
	// CSLJSON is CSL JSON, the Citation Style Language's JSON for
	// references (Zotero's "CSL JSON" export).
	CSLJSON Format = "csl-json"
	// RefWorks is RefWorks' tagged format ("RT Journal Article", "A1 ",
	// "T1 "), which databases' "export to RefWorks" buttons write too.
	RefWorks Format = "refworks"
)

// Place names where a record of a file of this format starts, for a
// person: "row 12" in a workbook, whose rows are numbered; "line 12" in
// every text file.
func (f Format) Place(line int) string {
	if f.Workbook() {
		return fmt.Sprintf("row %d", line)
	}
	return fmt.Sprintf("line %d", line)
}

// Workbook reports whether files of this format are workbooks, read by
// their sheets' rows rather than as text.
func (f Format) Workbook() bool { return f == XLSX || f == XLS }

// LineTagged reports whether files of this format are lines that each
// start with a field's tag or name (RIS, MEDLINE, Web of Science, EndNote
// tagged, Ovid's display layout, RefWorks' tagged format).
func (f Format) LineTagged() bool {
	return f == RIS || f == MEDLINE || f == WoS || f == ENW || f == OvidDisplay || f == RefWorks
}

// All lists every format, in the order detection tries them.
var All = []Format{RIS, MEDLINE, WoS, ENW, BibTeX, PubMedXML, EndNoteXML, TSV, CSV, OvidDisplay, XLSX, XLS, CSLJSON, RefWorks}

// ParseFormat reads a --format value. "auto" and "" give the empty Format,
// which means: detect it from the content.
func ParseFormat(s string) (Format, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch s {
	case "", "auto":
		return "", nil
	case "bib":
		return BibTeX, nil
	case "nbib", "pubmed":
		return MEDLINE, nil
	case "ciw", "isi":
		return WoS, nil
	case "excel":
		return XLSX, nil
	case "ovid":
		return OvidDisplay, nil
	case "csl", "json", "csljson", "csl json":
		return CSLJSON, nil
	case "rwt", "refworks-tagged":
		return RefWorks, nil
	case "xml":
		return "", fmt.Errorf("format %q is ambiguous: say pubmed-xml or endnote-xml", s)
	}
	for _, f := range All {
		if string(f) == s {
			return f, nil
		}
	}
	names := make([]string, len(All))
	for i, f := range All {
		names[i] = string(f)
	}
	return "", fmt.Errorf("unknown format %q: use auto or one of %s", s, strings.Join(names, ", "))
}
