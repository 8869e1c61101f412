package enw

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
			name: "a record gives every field, splits and-joined authors and reads keywords on untagged lines",
			file: "joined.enw",
			want: []formattest.Want{
				{Record: review.Record{
					SourceID: "123456", Type: "Journal Article",
					Title:    "Screening tools for reviews",
					Abstract: "First paragraph of the abstract.\nSecond paragraph.",
					Authors:  []review.Author{{Family: "Smith", Given: "John"}, {Family: "Lee", Given: "Kim"}},
					Year:     2017, Journal: "Journal of Reviews", Volume: "1", Issue: "10", Pages: "1-10", ISSN: "1234-5678",
					Keywords: []string{"screening", "text mining", "machine learning", "active learning"},
					URL:      "https://example.org/a", Language: "english", Line: 1,
				}, Last: 19},
				{Record: review.Record{
					Type: "Book", Title: "A book that follows without a blank line",
					Authors: []review.Author{{Family: "Department of Health and Social Care"}},
					Year:    2019, Line: 20,
				}, Last: 23},
			},
		},
		{
			name: "an AIS eLibrary file with %T before %0 and a last record without %0 gives one record a block",
			file: "ais.enl",
			want: []formattest.Want{
				{Record: review.Record{
					Type: "Journal Article", Title: "Trust in microsourcing platforms",
					Abstract: "Trust matters in client–vendor relationships.",
					Authors:  []review.Author{{Family: "Guo", Given: "Wenbo"}, {Family: "Straub", Given: "Detmar W."}},
					Year:     2021, Journal: "Management Information Systems Quarterly", Volume: "45", Issue: "3", Pages: "1309-1348",
					URL: "https://aisel.aisnet.org/misq/vol45/iss3/13", Line: 1,
				}, Last: 11},
				{Record: review.Record{
					Title: "MISQ Volume 45, Issue 3 Table of Contents", Journal: "Management Information Systems Quarterly",
					Year: 2021, Pages: "i-ii", Line: 14,
				}, Last: 17},
			},
		},
		{
			name: "text before the first record is skipped with a warning and fallbacks fill the gaps",
			file: "stray.enw",
			want: []formattest.Want{
				{Record: review.Record{
					SourceID: "Muller2020", Type: "Report", Title: "Report on things",
					Authors: []review.Author{{Family: "Müller", Given: "Jörg"}},
					Year:    2020, DOI: "10.1000/xyz.1", ISSN: "8765-432X", Line: 3,
				}, Last: 11, Warnings: []string{`line 1: text outside a record ignored: "Exported from a library on 2020-05-01"`}},
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
	in := "%0 Journal Article\n%X " + long + "\nend\n"
	e, err := NewReader(strings.NewReader(in), "long.enw").Next()
	if err != nil {
		t.Fatal(err)
	}
	if want := strings.TrimSpace(long) + "\nend"; e.Record.Abstract != want {
		t.Errorf("abstract has %d bytes, want %d", len(e.Record.Abstract), len(want))
	}
}

func TestReaderStopsAtAReadError(t *testing.T) {
	in := io.MultiReader(strings.NewReader("%0 Journal Article\n%T cut"), iotest.ErrReader(errors.New("disk on fire")))
	rd := NewReader(in, "bad.enw")
	for i := 0; i < 2; i++ {
		_, err := rd.Next()
		var pe *formats.ParseError
		if err == nil || errors.As(err, &pe) || !strings.Contains(err.Error(), "disk on fire") {
			t.Fatalf("call %d: got %v, want the read error", i, err)
		}
	}
}

func TestReaderReturnsEOFAgainAtTheEnd(t *testing.T) {
	rd := NewReader(strings.NewReader("\n \n"), "empty.enw")
	for i := 0; i < 3; i++ {
		if e, err := rd.Next(); e != nil || err != io.EOF {
			t.Fatalf("call %d: got %v, %v; want nil, io.EOF", i, e, err)
		}
	}
}

func BenchmarkReader(b *testing.B) {
	var sb strings.Builder
	for i := 0; i < 5000; i++ {
		sb.WriteString("%0 Journal Article\n%T A randomised trial of blue light for acne vulgaris in adolescents and young adults: protocol and results\n")
		for a := 0; a < 6; a++ {
			fmt.Fprintf(&sb, "%%A Author%d, Given Name\n", a)
		}
		sb.WriteString("%J Journal of Acne Research\n%D 2019\n%V 12\n%N 3\n%P 101-109\n%@ 1234-5678\n%K acne\n%K blue light\n%K randomised trial\n")
		sb.WriteString("%X " + strings.Repeat("Some abstract text that goes on for a while in one long line. ", 20) + "\n")
		fmt.Fprintf(&sb, "%%R 10.1000/abc.%d\n%%U https://example.org/%d\n%%M %d\n%%G English\n\n", i, i, i)
	}
	formattest.Benchmark(b, newReader, sb.String(), 5000)
}
