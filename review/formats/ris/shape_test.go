package ris

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"testing"

	"github.com/winnow-review/winnow/internal/formattest"
	"github.com/winnow-review/winnow/review"
)

// TestSeparatorShapes reads RIS files whose every tag line writes the
// separator otherwise than "TY  - " (as hand-made files, templates and
// scripts do: "TY - ", "TY- ", "TY -", "TY\t- ", "TY   - ", "TY-") and
// checks that each reads as the file written in RIS's own shape: the same
// records, field by field, with the same warnings. Before, "TY -JOUR",
// "TY- JOUR" and "TY -\tJOUR" were told as RIS and read no record at all.
func TestSeparatorShapes(t *testing.T) {
	tagged := regexp.MustCompile(`(?m)^([A-Z][A-Z0-9])  - ?`)
	shapes := map[string]string{
		"one space":              "$1 - ",
		"no space before":        "$1- ",
		"tab before":             "$1\t- ",
		"tab after":              "$1 -\t",
		"three spaces":           "$1   - ",
		"one space, none after":  "$1 -",
		"two spaces, none after": "$1  -",
		"none":                   "$1-",
	}
	for _, name := range []string{"basic.ris", "vendors.ris", "continuation.ris", "missing-er.ris"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		want := plain(formattest.ReadAll(t, newReader, data, name))
		if len(want) == 0 {
			t.Fatalf("%s: no record read", name)
		}
		for shape, repl := range shapes {
			t.Run(name+" "+shape, func(t *testing.T) {
				text := tagged.ReplaceAllString(string(data), repl)
				got := plain(formattest.ReadAll(t, newReader, []byte(text), name))
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s written %q:\n got %d records %+v\nwant %d records %+v", name, repl, len(got), got, len(want), want)
				}
			})
		}
	}
}

// shaped is a record's fields and warnings, without its raw text (which
// keeps the file's own separators) and the errors between records.
type shaped struct {
	Record   review.Record
	Warnings []string
}

func plain(rs []formattest.Result) []shaped {
	var out []shaped
	for _, r := range rs {
		if r.Err != nil {
			out = append(out, shaped{Warnings: []string{"error: " + r.Err.Error()}})
			continue
		}
		rec := r.Entry.Record
		rec.Raw = ""
		out = append(out, shaped{Record: rec, Warnings: r.Entry.Warnings})
	}
	return out
}

// TestShapedTextStaysText: in a file of another shape, a line of text that
// happens to look like a tag of that shape stays text where the shape
// leaves room for doubt, and a file in RIS's own shape learns no other.
func TestShapedTextStaysText(t *testing.T) {
	abstract := func(text string) string {
		t.Helper()
		return formattest.Field(t, newReader, text, "x.ris", func(r *review.Record) string { return r.Abstract })[0]
	}
	for _, tt := range []struct{ name, text, want string }{
		{"no white space: IL-6 is text", "TY-JOUR\nTI-Cytokines\nAB-Serum levels of\nIL-6 rose.\nER-\n", "Serum levels of\nIL-6 rose."},
		{"no space before: SP-A is text", "TY- JOUR\nTI- Surfactant\nAB- Levels of\nSP-A rose.\nER- \n", "Levels of\nSP-A rose."},
		{"RIS's own shape: a later loose line is text", "TY  - JOUR\nTI  - Cytokines\nAB  - Levels of\nTY-JOUR rose.\nER  - \n", "Levels of\nTY-JOUR rose."},
		{"one space: a tag exports write is a tag", "TY - JOUR\nTI - A\nAB - Levels rose.\nPT - Journal Article\nER - \n", "Levels rose."},
		{"one space: US - based is text", "TY - JOUR\nTI - A\nAB - Levels of\nUS - based care.\nER - \n", "Levels of\nUS - based care."},
		{"tab before: an unknown tag is a tag", "TY\t- JOUR\nTI\t- A\nAB\t- Levels rose.\nXQ\t- other\nER\t- \n", "Levels rose."},
		{"RIS's own shape, one space: an unknown tag is text", "TY  - JOUR\nTI  - A\nAB  - Levels of\nUS - based care.\nER  - \n", "Levels of\nUS - based care."},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := abstract(tt.text); got != tt.want {
				t.Errorf("abstract %q, want %q", got, tt.want)
			}
		})
	}
}

// TestTypeLine: detection counts the TY lines the reader reads, in RIS's
// shape or another.
func TestTypeLine(t *testing.T) {
	for line, want := range map[string]bool{
		"TY  - JOUR": true, "TY - JOUR": true, "TY- JOUR": true, "TY -JOUR": true, "TY-JOUR": true,
		"TY\t- JOUR": true, "TY -\tJOUR": true, "TY   - JOUR": true, "\uFEFFTY -JOUR": true, "TY  -": true,
		"TY-1": false, "TYPE - JOUR": false, "TY : JOUR": false, "ty  - jour": false, "AU  - X": false,
	} {
		if got := TypeLine(line); got != want {
			t.Errorf("TypeLine(%q) = %v, want %v", line, got, want)
		}
	}
}
