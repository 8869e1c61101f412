package wos

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/formats"
)

// result is one thing Next should return: a record, or an error whose
// text starts with err.
type result struct {
	rec      review.Record // Raw is not set here: it is checked against lines Line..last
	last     int
	warnings []string
	err      string
}

// readAll reads a file as the importer does: sniff, decode, parse. It
// returns what Next returned, in order, and the decoded lines of the file.
func readAll(t *testing.T, path string) (entries []*formats.Entry, errs []error, lines []string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	info, err := formats.Sniff(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	text, err := io.ReadAll(formats.Decode(bytes.NewReader(data), info.Encoding))
	if err != nil {
		t.Fatal(err)
	}
	lines = strings.Split(string(text), "\n")
	rd := NewReader(formats.Decode(bytes.NewReader(data), info.Encoding), filepath.Base(path))
	for i := 0; ; i++ {
		if i > len(lines)+1 {
			t.Fatalf("%s: Next called %d times without reaching the end", path, i)
		}
		e, err := rd.Next()
		if err == io.EOF {
			break
		}
		entries = append(entries, e)
		errs = append(errs, err)
		if err != nil {
			var pe *formats.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("%s: error that ends the file: %v", path, err)
			}
		}
	}
	return entries, errs, lines
}

func TestReader(t *testing.T) {
	tests := []struct {
		name string
		file string
		want []result
	}{
		{
			name: "a savedrecs file with a BOM gives every field, one author per line and wrapped values joined",
			file: "savedrecs.txt",
			want: []result{
				{rec: review.Record{
					SourceID: "WOS:000238709700001", Type: "Article",
					Title:    "Defining biochemical failure following radiotherapy with or without hormonal therapy in men with prostate cancer",
					Abstract: "In 1996 the society sponsored a conference. The definition was not linked to survival.",
					Authors:  []review.Author{{Family: "Roach", Given: "Mack, III"}, {Family: "Hanks", Given: "Gerald"}, {Family: "RTOG Phoenix Consensus Group"}},
					Year:     2006, Journal: "INTERNATIONAL JOURNAL OF RADIATION ONCOLOGY BIOLOGY PHYSICS", Volume: "65", Issue: "4", Pages: "965-974",
					DOI: "10.1016/j.ijrobp.2006.04.029", PMID: "16798415", ISSN: "0360-3016; 1879-355X",
					Keywords: []string{"biochemical recurrence", "prostate cancer", "radiotherapy", "EXTERNAL-BEAM RADIOTHERAPY", "ADJUVANT ANDROGEN ABLATION", "PHASE-III TRIAL", "RADIATION-THERAPY"},
					Language: "english", Line: 3,
				}, last: 32},
				{rec: review.Record{
					SourceID: "WOS:000514379300001", Type: "J",
					Title:   "Soil fauna diversity in a lakeshore wetland",
					Authors: []review.Author{{Family: "Li", Given: "W"}, {Family: "Dou", Given: "Z"}},
					Year:    2020, Journal: "ECOSYSTEM HEALTH AND SUSTAINABILITY", Volume: "6", Issue: "1", Pages: "UNSP 1722034",
					ISSN: "2096-4129", Line: 34,
				}, last: 46},
			},
		},
		{
			name: "an Inspec record takes its type from DT and its DOI from the identifiers in ID",
			file: "inspec.isi",
			want: []result{
				{rec: review.Record{
					SourceID: "INSPEC:9027814", Type: "Journal Paper",
					Title:   "Second harmonic generation of continuous wave ultraviolet light",
					Authors: []review.Author{{Family: "Degl'Innocenti", Given: "R."}, {Family: "Guarino", Given: "A."}},
					Year:    2006, Journal: "Applied Physics Letters", Volume: "89", Issue: "4", Pages: "41103-1-41103-3",
					DOI: "10.1063/1.2234275", ISSN: "0003-6951", Keywords: []string{"Experimental/ barium compounds", "ion implantation"},
					Language: "english", Line: 3,
				}, last: 20},
			},
		},
		{
			name: "records without ER are closed with a warning and tags without PT are an error at their line",
			file: "broken.ciw",
			want: []result{
				{rec: review.Record{Type: "J", Title: "Record without ER", Line: 3}, last: 4,
					warnings: []string{"ER missing: record closed at the next PT, line 6"}},
				{rec: review.Record{
					Type: "B", Title: "Second record",
					Authors: []review.Author{{Family: "Smith", Given: "J"}, {Family: "Brown", Given: "K"}}, Line: 6,
				}, last: 10},
				{err: `broken.ciw:12: unexpected tag "AU" outside a record: PT missing`},
				{rec: review.Record{Type: "J", Title: "Last record, cut short", Line: 17}, last: 18, warnings: []string{
					`line 16: text outside a record ignored: "Exported on 1 May 2020"`,
					"ER missing at the end of the file: record closed there",
				}},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			entries, errs, lines := readAll(t, filepath.Join("testdata", tt.file))
			if len(entries) != len(tt.want) {
				t.Fatalf("got %d results, want %d (errors: %v)", len(entries), len(tt.want), errs)
			}
			for i, w := range tt.want {
				check(t, i, entries[i], errs[i], w, lines)
			}
		})
	}
}

func check(t *testing.T, i int, e *formats.Entry, err error, w result, lines []string) {
	t.Helper()
	if w.err != "" {
		if err == nil {
			t.Errorf("result %d: got a record, want error %q", i, w.err)
			return
		}
		if !errors.Is(err, formats.ErrSyntax) || !strings.HasPrefix(err.Error(), w.err) {
			t.Errorf("result %d: got error %q, want a syntax error starting %q", i, err, w.err)
		}
		return
	}
	if err != nil {
		t.Errorf("result %d: unexpected error %v", i, err)
		return
	}
	want := w.rec
	want.Raw = strings.Join(lines[want.Line-1:w.last], "\n")
	if !reflect.DeepEqual(e.Record, want) {
		t.Errorf("result %d:\n got %s\nwant %s", i, show(e.Record), show(want))
	}
	if !reflect.DeepEqual(e.Warnings, w.warnings) {
		t.Errorf("result %d: warnings %q, want %q", i, e.Warnings, w.warnings)
	}
}

func show(r review.Record) string {
	raw := r.Raw
	r.Raw = ""
	return fmt.Sprintf("%+v\nraw %q", r, raw)
}

func TestReaderKeepsAVeryLongValueWhole(t *testing.T) {
	long := strings.Repeat("word ", 2<<20)
	in := "PT J\nAB " + long + "\n   end\nER\n"
	e, err := NewReader(strings.NewReader(in), "long.ciw").Next()
	if err != nil {
		t.Fatal(err)
	}
	if want := strings.TrimSpace(long) + " end"; e.Record.Abstract != want {
		t.Errorf("abstract has %d bytes, want %d", len(e.Record.Abstract), len(want))
	}
}

type failingReader struct{ n int }

func (f *failingReader) Read(p []byte) (int, error) {
	if f.n > 0 {
		f.n = 0
		return copy(p, "PT J\nTI cut"), nil
	}
	return 0, errors.New("disk on fire")
}

func TestReaderStopsAtAReadError(t *testing.T) {
	rd := NewReader(&failingReader{n: 1}, "bad.ciw")
	for i := 0; i < 2; i++ {
		_, err := rd.Next()
		var pe *formats.ParseError
		if err == nil || errors.As(err, &pe) || !strings.Contains(err.Error(), "disk on fire") {
			t.Fatalf("call %d: got %v, want the read error", i, err)
		}
	}
}

func TestReaderReturnsEOFAgainAtTheEnd(t *testing.T) {
	rd := NewReader(strings.NewReader("FN Clarivate Analytics Web of Science\nVR 1.0\nEF\n"), "empty.ciw")
	for i := 0; i < 3; i++ {
		if e, err := rd.Next(); e != nil || err != io.EOF {
			t.Fatalf("call %d: got %v, %v; want nil, io.EOF", i, e, err)
		}
	}
}

func BenchmarkReader(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("FN Clarivate Analytics Web of Science\nVR 1.0\n")
	for i := 0; i < 5000; i++ {
		sb.WriteString("PT J\nAU Author0, G\n")
		for a := 1; a < 6; a++ {
			fmt.Fprintf(&sb, "   Author%d, G\n", a)
		}
		sb.WriteString("AF Author0, Given Name\n")
		for a := 1; a < 6; a++ {
			fmt.Fprintf(&sb, "   Author%d, Given Name\n", a)
		}
		sb.WriteString("TI A randomised trial of blue light for acne vulgaris in adolescents and young\n   adults: protocol and results\nSO JOURNAL OF ACNE RESEARCH\nLA English\nDT Article\n")
		sb.WriteString("DE acne; blue light; randomised trial\nID ACNE-VULGARIS; PHOTODYNAMIC THERAPY; PROPIONIBACTERIUM-ACNES;\n   LIGHT\n")
		sb.WriteString("AB " + strings.Repeat("Some abstract text that goes on for a while and wraps at\n   about eighty characters. ", 12) + "\n")
		sb.WriteString("C1 [Author0, Given Name] Univ Somewhere, Dept Something, City, Country.\nCR Someone A, 2001, J SOMETHING, V0, P1\n")
		for c := 1; c < 20; c++ {
			fmt.Fprintf(&sb, "   Someone A, 2001, J SOMETHING, V%d, P1\n", c)
		}
		fmt.Fprintf(&sb, "NR 20\nTC 3\nPY 2019\nVL 12\nIS 3\nBP 101\nEP 109\nDI 10.1000/abc.%d\nSN 1234-5678\nUT WOS:%015d\nER\n\n", i, i)
	}
	sb.WriteString("EF\n")
	data := sb.String()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		rd := NewReader(strings.NewReader(data), "bench.ciw")
		n := 0
		for {
			_, err := rd.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != 5000 {
			b.Fatalf("read %d records, want 5000", n)
		}
	}
}
