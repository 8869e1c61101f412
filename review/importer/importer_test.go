package importer

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/winnow-review/winnow/internal/formattest"
	"github.com/winnow-review/winnow/internal/storetest"
	"github.com/winnow-review/winnow/internal/testcorpus"
	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/formats"
	"github.com/winnow-review/winnow/review/store"
)

func mustCreate(tb testing.TB) *store.Store {
	tb.Helper()
	st, err := store.Create(context.Background(), storetest.Location(tb, tb.TempDir(), "review.db"), "test", 2, "")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	return st
}

// TestCorpus imports every real export of the shared corpus with the
// format detected from the content, and checks each count against the
// manifest: winnow's count is never silently wrong.
func TestCorpus(t *testing.T) {
	exports := testcorpus.Exports(t)
	st := mustCreate(t)
	ctx := context.Background()
	total := 0
	for _, e := range exports {
		t.Run(e.Rel, func(t *testing.T) {
			res, err := Import(ctx, st, []string{e.Path}, Options{Source: e.Folder, Kind: review.Database, By: "test"})
			if err != nil {
				t.Fatalf("import: %v", err)
			}
			got := res[0].Search
			if got.Records != e.Records {
				t.Errorf("%d records, manifest says %d", got.Records, e.Records)
			}
			if want := folderFormat[e.Folder]; !strings.Contains(want, got.Format) {
				t.Errorf("detected as %s, it is %s", got.Format, want)
			}
			total += got.Records
		})
	}
	n, err := st.CountRecords(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n != total {
		t.Errorf("the review holds %d records, the imports reported %d", n, total)
	}
}

var folderFormat = map[string]string{
	"ris": "ris", "bib": "bibtex", "nbib": "medline", "pubmed-xml": "pubmed-xml", "wos": "wos",
	"enw": "enw", "endnote-xml": "endnote-xml", "csv": "csv tsv",
}

// TestImportIsAllOrNothing checks that a bad record in the second file of
// a command leaves nothing of the first.
func TestImportIsAllOrNothing(t *testing.T) {
	st := mustCreate(t)
	ctx := context.Background()
	dir := t.TempDir()
	good := filepath.Join(dir, "good.ris")
	bad := filepath.Join(dir, "bad.bib")
	os.WriteFile(good, []byte("TY  - JOUR\nTI  - Good\nER  - \n"), 0o644)
	os.WriteFile(bad, []byte("@article{a,\n title = {Fine},\n}\n@article{b,\n title = {Not {fine},\n"), 0o644)
	_, err := Import(ctx, st, []string{good, bad}, Options{Source: "S", Kind: review.Database})
	var pe *formats.ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("want a ParseError, got %v", err)
	}
	if n, _ := st.CountRecords(ctx); n != 0 {
		t.Errorf("%d records landed from a failed import", n)
	}
	if s, _ := st.Searches(ctx); len(s) != 0 {
		t.Errorf("%d searches landed from a failed import", len(s))
	}
	res, err := Import(ctx, st, []string{good, bad}, Options{Source: "S", Kind: review.Database, SkipBad: true})
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Search.Records != 1 || res[1].Search.Records != 1 || len(res[1].Skipped) != 1 {
		t.Errorf("skip-bad: got %+v", res)
	}
	if _, err := Import(ctx, st, []string{good}, Options{Source: "S", Kind: review.Database}); err == nil || !strings.Contains(err.Error(), "was imported before: search 1") {
		t.Errorf("importing the same content again: got %v", err)
	}
}

// TestSkipBadNeedsAGoodRecord checks that --skip-bad on a file of which
// no record can be read is an error, as without the flag, and leaves no
// empty search behind.
func TestSkipBadNeedsAGoodRecord(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	files := map[string]string{
		"notitle.csv": "Authors,Year,Journal\n\"Smith, J\",2019,BMJ\n",
		"prose.csv":   "It was the best of times, it was the worst of times,\nit was the age of wisdom, it was the age of foolishness.\n",
		"allbad.ris":  "AU  - Lost\nER  - \n\nAU  - Lost too\nER  - \n",
	}
	tests := []struct {
		file, text string
		format     formats.Format
	}{
		{"notitle.csv", "notitle.csv:1: no title column", ""},
		{"prose.csv", "prose.csv:1: no header row", formats.CSV},
		{"allbad.ris", "allbad.ris:1: tag AU outside a record (no TY line before it) (no record of the file could be read, and 1 more bad: nothing was imported)", formats.RIS},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			st := mustCreate(t)
			path := filepath.Join(dir, tt.file)
			if err := os.WriteFile(path, []byte(files[tt.file]), 0o644); err != nil {
				t.Fatal(err)
			}
			good := filepath.Join(dir, "good.ris")
			os.WriteFile(good, []byte("TY  - JOUR\nTI  - Good\nER  - \n"), 0o644)
			args := []string{good, path}
			if tt.format != "" {
				args = args[1:] // --format applies to every file
			}
			_, err := Import(ctx, st, args, Options{Source: "S", Kind: review.Database, Format: tt.format, SkipBad: true})
			var pe *formats.ParseError
			if !errors.As(err, &pe) || !strings.HasPrefix(err.Error(), path+":") || !strings.Contains(err.Error(), strings.TrimPrefix(tt.text, tt.file)) {
				t.Fatalf("got %v, want a ParseError %q", err, tt.text)
			}
			if s, _ := st.Searches(ctx); len(s) != 0 {
				t.Errorf("%d searches left behind", len(s))
			}
			if n, _ := st.CountRecords(ctx); n != 0 {
				t.Errorf("%d records left behind", n)
			}
		})
	}
}

// TestRepeatedBibTeXKeysImportWhole checks that a reference manager's
// repeated keys give a record per entry, one warning per key naming each
// line, and the key as each record's source id.
func TestRepeatedBibTeXKeysImportWhole(t *testing.T) {
	ctx := context.Background()
	st := mustCreate(t)
	path := filepath.Join(t.TempDir(), "mendeley.bib")
	in := "@article{Denner2014,\n title = {One},\n}\n@article{Denner2014,\n title = {Two},\n abstract = {},\n}\n@article{Lee2020,\n title = {Three},\n}\n@article{Denner2014,\n title = {Four},\n}\n"
	if err := os.WriteFile(path, []byte(in), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Import(ctx, st, []string{path}, Options{Source: "Mendeley", Kind: review.Other})
	if err != nil {
		t.Fatal(err)
	}
	if got := res[0].Search.Records; got != 4 {
		t.Errorf("%d records, want 4", got)
	}
	var keyWarnings []string
	for _, w := range res[0].Warnings {
		if strings.Contains(w.Msg, "Denner2014") {
			keyWarnings = append(keyWarnings, w.String())
		}
	}
	want := path + `:1: key "Denner2014" is used by 3 entries, at lines 1, 4 and 11: each is imported as a record with that key as its source id (a citation key is not an identity; dedup compares the records)`
	if len(keyWarnings) != 1 || keyWarnings[0] != want {
		t.Errorf("key warnings %q, want one: %q", keyWarnings, want)
	}
	var ids []string
	for id := int64(1); id <= 4; id++ {
		r, err := st.Record(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, r.SourceID)
	}
	if strings.Join(ids, ",") != "Denner2014,Denner2014,Lee2020,Denner2014" {
		t.Errorf("source ids %q", ids)
	}
}

// TestQuirkFixtures imports every quirk fixture of every format (see
// review/formats/*/testdata/quirks) with the format detected from the
// content, and checks the detected format, the count and the skipped
// records against the fixture's table: what a reader gives, the command
// gives too.
func TestQuirkFixtures(t *testing.T) {
	ctx := context.Background()
	st := mustCreate(t)
	formatOf := map[string][]formats.Format{
		"ris": {formats.RIS}, "bibtex": {formats.BibTeX}, "medline": {formats.MEDLINE}, "pubmedxml": {formats.PubMedXML},
		"wos": {formats.WoS}, "endnote": {formats.EndNoteXML}, "enw": {formats.ENW}, "delimited": {formats.CSV, formats.TSV},
	}
	// The encodings of the fixtures that are not plain UTF-8 on purpose.
	encodingOf := map[string]formats.Encoding{
		"enw/endnote-mac-roman.enw":             formats.MacRoman,
		"enw/joined-utf8-and-windows.enw":       formats.UTF8Mixed,
		"enw/endnote-bom-crlf.enw":              formats.UTF8BOM,
		"delimited/excel-unicode-text.txt":      formats.UTF16LE,
		"endnote/utf16-with-bom.xml":            formats.UTF16LE,
		"endnote/latin1-declared.xml":           formats.Windows1252,
		"endnote/declared-utf16-saved-utf8.xml": formats.UTF8,
		"medline/nul-padded.nbib":               formats.UTF8,
		"medline/joined-with-bom.nbib":          formats.UTF8BOM,
	}
	dirs, err := filepath.Glob(filepath.Join("..", "formats", "*", "testdata", "quirks"))
	if err != nil || len(dirs) != len(formatOf) {
		t.Fatalf("quirk folders %v (%v), want one per reader package", dirs, err)
	}
	for _, dir := range dirs {
		pkg := filepath.Base(filepath.Dir(filepath.Dir(dir)))
		for _, q := range formattest.ReadQuirks(t, dir) {
			t.Run(pkg+"/"+q.File, func(t *testing.T) {
				res, err := Import(ctx, st, []string{filepath.Join(dir, q.File)}, Options{Source: pkg, Kind: review.Database, SkipBad: true})
				if q.Records == 0 {
					// A file of no records (a list of identifiers) is
					// refused even with --skip-bad, leaving no search.
					if err == nil {
						t.Errorf("imported, want a refusal: %+v", res)
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				s := res[0].Search
				if !slices.Contains(formatOf[pkg], formats.Format(s.Format)) {
					t.Errorf("detected as %s", s.Format)
				}
				if enc, ok := encodingOf[pkg+"/"+q.File]; ok {
					delete(encodingOf, pkg+"/"+q.File)
					if s.Encoding != string(enc) {
						t.Errorf("read as %s, want %s", s.Encoding, enc)
					}
				}
				if s.Records != q.Records || len(res[0].Skipped) != len(q.ErrLines) {
					t.Errorf("%d records and %d skipped, the table says %d and %d", s.Records, len(res[0].Skipped), q.Records, len(q.ErrLines))
				}
			})
		}
	}
	if len(encodingOf) > 0 {
		t.Errorf("no fixture for the encodings of %v", encodingOf)
	}
}
