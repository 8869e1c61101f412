package export

import (
	"fmt"
	"path/filepath"
	"strings"
)

// Which format a file is written in, decided here for every file winnow
// writes under a name of the user's (records, charting answers, figures,
// the PRISMA CSV): a name that ends in a format's extension chooses that
// format when none is given, so that included.csv never holds RIS; a
// format given that the name contradicts is refused rather than written
// under a misleading name; any other name (included.txt, stdout) keeps
// the format given, or the default.

// Ext is the extension of a file in the format: ".ris", ".bib", ".csv".
func (f Format) Ext() string {
	if f == BibTeX {
		return ".bib"
	}
	return "." + string(f)
}

// Extensions maps the extensions of file names to the export format each
// names.
var Extensions = map[string]string{".ris": string(RIS), ".bib": string(BibTeX), ".bibtex": string(BibTeX), ".csv": string(CSV)}

// FigureExtensions maps the extensions of file names to the figure
// formats (and the PRISMA CSV) each names: a figure asked for as SVG is
// not written to a file named .png.
var FigureExtensions = map[string]string{".svg": "svg", ".png": "png", ".pdf": "pdf", ".csv": "csv"}

// A NameError is a format given for a file whose name says another.
type NameError struct {
	Given string // the format given
	File  string // the file's name
	Ext   string // its extension, as written
	Named string // the format the extension names
}

func (e *NameError) Error() string {
	return fmt.Sprintf("format %s, but %s ends in %s (%s)", e.Given, e.File, e.Ext, e.Named)
}

// Named gives the format a file's name says by its extension (any case),
// among those of byExt, or "".
func Named(file string, byExt map[string]string) string {
	if file == "" || file == "-" {
		return ""
	}
	return byExt[strings.ToLower(filepath.Ext(file))]
}

// ChooseFormat settles the format of a file to write: given (the format
// asked for, "" when none was) and the name of the file ("" or "-":
// stdout), with byExt the extensions that name a format and def the
// format when neither says. A given format the name contradicts is a
// *NameError. given is compared as it is: normalise it (ParseFormat)
// first.
func ChooseFormat(given, file string, byExt map[string]string, def string) (string, error) {
	named := Named(file, byExt)
	switch {
	case given == "" && named != "":
		return named, nil
	case given == "":
		return def, nil
	case named != "" && named != given:
		return "", &NameError{Given: given, File: file, Ext: filepath.Ext(file), Named: named}
	}
	return given, nil
}

// FormatFor settles the format of an export of records written to file
// ("" or "-": stdout): the format given ("" for none; "bib" is BibTeX),
// else the one the file's extension names (.ris, .bib, .bibtex, .csv),
// else RIS. A given format the name contradicts is a *NameError.
func FormatFor(given, file string) (Format, error) {
	if given != "" {
		f, err := ParseFormat(given)
		if err != nil {
			return "", err
		}
		given = string(f)
	}
	f, err := ChooseFormat(given, file, Extensions, string(RIS))
	return Format(f), err
}

// MyDecisionsFor checks the format and file of an export of the
// viewer's own decisions, which is always CSV (the columns a decisions
// file has): another format given, or a file named for another, is a
// *NameError.
func MyDecisionsFor(given, file string) error {
	if given != "" {
		if f, err := ParseFormat(given); err != nil || f != CSV {
			return &NameError{Given: given, Named: string(CSV)}
		}
	}
	_, err := ChooseFormat(string(CSV), file, Extensions, string(CSV))
	return err
}
