package enw

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
			name: "a record gives every field, splits and-joined authors and reads keywords on untagged lines",
			file: "joined.enw",
			want: []result{
				{rec: review.Record{
					SourceID: "123456", Type: "Journal Article",
					Title:    "Screening tools for reviews",
					Abstract: "First paragraph of the abstract.\nSecond paragraph.",
					Authors:  []review.Author{{Family: "Smith", Given: "John"}, {Family: "Lee", Given: "Kim"}},
					Year:     2017, Journal: "Journal of Reviews", Volume: "1", Issue: "10", Pages: "1-10", ISSN: "1234-5678",
					Keywords: []string{"screening", "text mining", "machine learning", "active learning"},
					URL:      "https://example.org/a", Language: "english", Line: 1,
				}, last: 19},
				{rec: review.Record{
					Type: "Book", Title: "A book that follows without a blank line",
					Authors: []review.Author{{Family: "Department of Health and Social Care"}},
					Year:    2019, Line: 20,
				}, last: 23},
			},
		},
		{
			name: "an AIS eLibrary file with %T before %0 and a last record without %0 gives one record a block",
			file: "ais.enl",
			want: []result{
				{rec: review.Record{
					Type: "Journal Article", Title: "Trust in microsourcing platforms",
					Abstract: "Trust matters in client–vendor relationships.",
					Authors:  []review.Author{{Family: "Guo", Given: "Wenbo"}, {Family: "Straub", Given: "Detmar W."}},
					Year:     2021, Journal: "Management Information Systems Quarterly", Volume: "45", Issue: "3", Pages: "1309-1348",
					URL: "https://aisel.aisnet.org/misq/vol45/iss3/13", Line: 1,
				}, last: 11},
				{rec: review.Record{
					Title: "MISQ Volume 45, Issue 3 Table of Contents", Journal: "Management Information Systems Quarterly",
					Year: 2021, Pages: "i-ii", Line: 14,
				}, last: 17},
			},
		},
		{
			name: "text before the first record is skipped with a warning and fallbacks fill the gaps",
			file: "stray.enw",
			want: []result{
				{rec: review.Record{
					SourceID: "Muller2020", Type: "Report", Title: "Report on things",
					Authors: []review.Author{{Family: "Müller", Given: "Jörg"}},
					Year:    2020, DOI: "10.1000/xyz.1", ISSN: "8765-432X", Line: 3,
				}, last: 11, warnings: []string{`line 1: text outside a record ignored: "Exported from a library on 2020-05-01"`}},
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
	in := "%0 Journal Article\n%X " + long + "\nend\n"
	e, err := NewReader(strings.NewReader(in), "long.enw").Next()
	if err != nil {
		t.Fatal(err)
	}
	if want := strings.TrimSpace(long) + "\nend"; e.Record.Abstract != want {
		t.Errorf("abstract has %d bytes, want %d", len(e.Record.Abstract), len(want))
	}
}

type failingReader struct{ n int }

func (f *failingReader) Read(p []byte) (int, error) {
	if f.n > 0 {
		f.n = 0
		return copy(p, "%0 Journal Article\n%T cut"), nil
	}
	return 0, errors.New("disk on fire")
}

func TestReaderStopsAtAReadError(t *testing.T) {
	rd := NewReader(&failingReader{n: 1}, "bad.enw")
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
	data := sb.String()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		rd := NewReader(strings.NewReader(data), "bench.enw")
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
