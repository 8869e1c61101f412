package export_test

import (
	"errors"
	"testing"

	"github.com/winnow-review/winnow/review/export"
)

// TestFormatFor checks the rule "the format follows the file's name": a
// name with a format's extension chooses it when no format is given, a
// format given that the name contradicts is refused, and any other name
// keeps the format given (or RIS).
func TestFormatFor(t *testing.T) {
	for _, tc := range []struct {
		name, given, file string
		want              export.Format
		contradicts       string // the format the name says, when refused
	}{
		{"stdout without a format is RIS", "", "", export.RIS, ""},
		{"stdout as -", "csv", "-", export.CSV, ""},
		{"a .csv name chooses CSV", "", "included.csv", export.CSV, ""},
		{"a .bib name chooses BibTeX", "", "refs.bib", export.BibTeX, ""},
		{"a .bibtex name chooses BibTeX", "", "refs.bibtex", export.BibTeX, ""},
		{"the extension is read in any case", "", "REFS.RIS", export.RIS, ""},
		{"a folder's dot is not an extension", "", "out.d/refs", export.RIS, ""},
		{"another name keeps the default", "", "included.txt", export.RIS, ""},
		{"another name keeps the format given", "bibtex", "included.txt", export.BibTeX, ""},
		{"the format given agrees with the name", "csv", "excluded.csv", export.CSV, ""},
		{"bib is BibTeX, and agrees with .bib", "bib", "refs.bib", export.BibTeX, ""},
		{"RIS into a .csv name is refused", "ris", "wrong.csv", "", "csv"},
		{"CSV into a .bib name is refused", "csv", "wrong.bib", "", "bibtex"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := export.FormatFor(tc.given, tc.file)
			var ne *export.NameError
			switch {
			case tc.contradicts != "":
				if !errors.As(err, &ne) || ne.Named != tc.contradicts || ne.File != tc.file {
					t.Fatalf("FormatFor(%q, %q) = %q, %v; want a NameError naming %s", tc.given, tc.file, f, err, tc.contradicts)
				}
			case err != nil || f != tc.want:
				t.Errorf("FormatFor(%q, %q) = %q, %v; want %q", tc.given, tc.file, f, err, tc.want)
			}
		})
	}
	if _, err := export.FormatFor("docx", "a.docx"); !errors.Is(err, export.ErrBadFormat) {
		t.Errorf("FormatFor(docx): %v, want ErrBadFormat", err)
	}
}

// TestExt checks that each format's extension chooses it back.
func TestExt(t *testing.T) {
	for _, f := range export.Formats {
		if got, err := export.FormatFor("", "records"+f.Ext()); err != nil || got != f {
			t.Errorf("%s: records%s chooses %q, %v", f, f.Ext(), got, err)
		}
	}
}

// TestMyDecisionsFor checks that a decisions file is CSV whatever is asked.
func TestMyDecisionsFor(t *testing.T) {
	for _, ok := range [][2]string{{"", ""}, {"", "mine.csv"}, {"csv", "mine.txt"}, {"CSV", "-"}} {
		if err := export.MyDecisionsFor(ok[0], ok[1]); err != nil {
			t.Errorf("MyDecisionsFor(%q, %q): %v", ok[0], ok[1], err)
		}
	}
	for _, bad := range [][2]string{{"ris", ""}, {"bib", "mine.csv"}, {"", "mine.ris"}, {"csv", "mine.bib"}, {"xml", ""}} {
		var ne *export.NameError
		// Either CSV is what the name should say, or what was asked
		// for instead of it.
		if err := export.MyDecisionsFor(bad[0], bad[1]); !errors.As(err, &ne) || (ne.Named != "csv" && ne.Given != "csv") {
			t.Errorf("MyDecisionsFor(%q, %q) = %v, want a NameError", bad[0], bad[1], err)
		}
	}
}

// TestChooseFormatFigures checks the rule for the figure flags: the flag
// is the format, and a name that says another is refused.
func TestChooseFormatFigures(t *testing.T) {
	if f, err := export.ChooseFormat("svg", "flow.svg", export.FigureExtensions, "svg"); err != nil || f != "svg" {
		t.Errorf("svg into flow.svg: %q, %v", f, err)
	}
	if f, err := export.ChooseFormat("png", "flow", export.FigureExtensions, "png"); err != nil || f != "png" {
		t.Errorf("png into flow: %q, %v", f, err)
	}
	var ne *export.NameError
	if _, err := export.ChooseFormat("svg", "flow.PNG", export.FigureExtensions, "svg"); !errors.As(err, &ne) || ne.Named != "png" || ne.Ext != ".PNG" {
		t.Errorf("svg into flow.PNG: %v, want a NameError naming png", err)
	}
}
