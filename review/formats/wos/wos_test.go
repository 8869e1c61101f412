package wos

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/winnow-review/winnow/internal/formattest"
	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/formats"
)

// newReader adapts NewReader to formattest.
func newReader(r io.Reader, name string) formats.Reader { return NewReader(r, name) }

func TestReader(t *testing.T) {
	tests := []struct {
		name string
		file string
		want []formattest.Want
	}{
		{
			name: "a savedrecs file with a BOM gives every field, one author per line and wrapped values joined",
			file: "savedrecs.txt",
			want: []formattest.Want{
				{Record: review.Record{
					SourceID: "WOS:000238709700001", Type: "Article",
					Title:    "Defining biochemical failure following radiotherapy with or without hormonal therapy in men with prostate cancer",
					Abstract: "In 1996 the society sponsored a conference. The definition was not linked to survival.",
					Authors:  []review.Author{{Family: "Roach", Given: "Mack, III"}, {Family: "Hanks", Given: "Gerald"}, {Family: "RTOG Phoenix Consensus Group"}},
					Year:     2006, Journal: "INTERNATIONAL JOURNAL OF RADIATION ONCOLOGY BIOLOGY PHYSICS", Volume: "65", Issue: "4", Pages: "965-974",
					DOI: "10.1016/j.ijrobp.2006.04.029", PMID: "16798415", ISSN: "0360-3016; 1879-355X",
					Keywords: []string{"biochemical recurrence", "prostate cancer", "radiotherapy", "EXTERNAL-BEAM RADIOTHERAPY", "ADJUVANT ANDROGEN ABLATION", "PHASE-III TRIAL", "RADIATION-THERAPY"},
					Language: "english", Line: 3,
				}, Last: 32},
				{Record: review.Record{
					SourceID: "WOS:000514379300001", Type: "J",
					Title:   "Soil fauna diversity in a lakeshore wetland",
					Authors: []review.Author{{Family: "Li", Given: "W"}, {Family: "Dou", Given: "Z"}},
					Year:    2020, Journal: "ECOSYSTEM HEALTH AND SUSTAINABILITY", Volume: "6", Issue: "1", Pages: "1722034",
					ISSN: "2096-4129", Line: 34,
				}, Last: 46},
			},
		},
		{
			name: "an Inspec record takes its type from DT and its DOI from the identifiers in ID",
			file: "inspec.isi",
			want: []formattest.Want{
				{Record: review.Record{
					SourceID: "INSPEC:9027814", Type: "Journal Paper",
					Title:   "Second harmonic generation of continuous wave ultraviolet light",
					Authors: []review.Author{{Family: "Degl'Innocenti", Given: "R."}, {Family: "Guarino", Given: "A."}},
					Year:    2006, Journal: "Applied Physics Letters", Volume: "89", Issue: "4", Pages: "41103-1-41103-3",
					DOI: "10.1063/1.2234275", ISSN: "0003-6951", Keywords: []string{"Experimental/ barium compounds", "ion implantation"},
					Language: "english", Line: 3,
				}, Last: 20},
			},
		},
		{
			name: "records without ER are closed with a warning and tags without PT are an error at their line",
			file: "broken.ciw",
			want: []formattest.Want{
				{Record: review.Record{Type: "J", Title: "Record without ER", Line: 3}, Last: 4,
					Warnings: []string{"ER missing: record closed at the next PT, line 6"}},
				{Record: review.Record{
					Type: "B", Title: "Second record",
					Authors: []review.Author{{Family: "Smith", Given: "J"}, {Family: "Brown", Given: "K"}}, Line: 6,
				}, Last: 10},
				{Err: `broken.ciw:12: unexpected tag "AU" outside a record: PT missing`},
				{Record: review.Record{Type: "J", Title: "Last record, cut short", Line: 17}, Last: 18, Warnings: []string{
					`line 16: text outside a record ignored: "Exported on 1 May 2020"`,
					"ER missing at the end of the file: record closed there",
				}},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			formattest.ReadFile(t, newReader, filepath.Join("testdata", tt.file)).Check(t, tt.want)
		})
	}
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

func TestReaderStopsAtAReadError(t *testing.T) {
	in := io.MultiReader(strings.NewReader("PT J\nTI cut"), iotest.ErrReader(errors.New("disk on fire")))
	rd := NewReader(in, "bad.ciw")
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
	formattest.Benchmark(b, newReader, sb.String(), 5000)
}
