package delimited

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/winnow-review/winnow/internal/formattest"
	"github.com/winnow-review/winnow/internal/testcorpus"
	"github.com/winnow-review/winnow/review/formats"
)

// TestCorpus reads every real CSV and TSV export of the shared corpus: each
// must parse clean, give the manifest's record count, and give records
// whose Raw is exactly their lines of the file.
func TestCorpus(t *testing.T) {
	for _, e := range testcorpus.Exports(t, "csv") {
		t.Run(filepath.Base(e.Path), func(t *testing.T) {
			data, err := os.ReadFile(e.Path)
			if err != nil {
				t.Fatal(err)
			}
			info, err := formats.Sniff(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			comma, ok := Sniff(info.Sample)
			want := ','
			if strings.HasSuffix(e.Path, ".tsv") || strings.HasSuffix(e.Path, ".txt") {
				want = '\t'
			}
			if !ok || comma != want {
				t.Fatalf("Sniff = %q, %v; want %q", comma, ok, want)
			}
			f := formattest.ReadFile(t, func(r io.Reader, name string) formats.Reader {
				return NewReader(r, name, comma)
			}, e.Path)
			formattest.CheckExport(t, f, e.Records)
			titled, authored, prev := 0, 0, 0
			for _, en := range f.Entries {
				r := en.Record
				if r.Line <= prev {
					t.Errorf("record at line %d starts after line %d", r.Line, prev)
				}
				prev = r.Line
				if !f.IsRaw(r.Raw, r.Line) {
					t.Errorf("record at line %d: Raw is not the row's text", r.Line)
				}
				if r.Title != "" {
					titled++
				}
				if len(r.Authors) > 0 {
					authored++
				}
				if strings.Contains(r.Title, "TI  -") || strings.ContainsAny(r.Title, "\t\n") {
					t.Errorf("record at line %d: title %q holds a raw tag or delimiter", r.Line, r.Title)
				}
				if r.DOI != "" && !strings.HasPrefix(r.DOI, "10.") {
					t.Errorf("record at line %d: DOI %q", r.Line, r.DOI)
				}
				if r.Year != 0 && (r.Year < 1800 || r.Year > 2100) {
					t.Errorf("record at line %d: year %d", r.Line, r.Year)
				}
				for _, a := range r.Authors {
					if a.Family == "" || strings.Contains(a.Family, ";") {
						t.Errorf("record at line %d: author %+v", r.Line, a)
					}
				}
			}
			count := len(f.Entries)
			if titled*10 < count*9 {
				t.Errorf("only %d of %d records have a title", titled, count)
			}
			if authored*10 < count*8 {
				t.Errorf("only %d of %d records have authors", authored, count)
			}
		})
	}
}
