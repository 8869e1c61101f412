package ris

import (
	"fmt"
	"io"
	"strings"
	"testing"
)

// BenchmarkReader reads a synthetic export of 5,000 records shaped like a
// Scopus or PubMed download: a long abstract, a dozen authors and keywords.
func BenchmarkReader(b *testing.B) {
	var sb strings.Builder
	abstract := strings.Repeat("Background: screening many records takes time. ", 30)
	for i := range 5000 {
		fmt.Fprintf(&sb, "TY  - JOUR\nID  - %d\nTI  - A randomised trial of intervention number %d\n", i, i)
		for a := range 12 {
			fmt.Fprintf(&sb, "AU  - Author%d, Given M.\n", a)
		}
		fmt.Fprintf(&sb, "PY  - 2019\nDA  - 2019/05/03/\nT2  - Journal of Examples\nJ2  - J Ex\nVL  - 12\nIS  - 3\nSP  - %d\nEP  - %d\n", i, i+9)
		fmt.Fprintf(&sb, "DO  - 10.1000/example.%d\nSN  - 1234-5678\nUR  - https://example.org/record/%d\nLA  - English\n", i, i)
		fmt.Fprintf(&sb, "AB  - %s\nsecond paragraph on a continuation line\n", abstract)
		for k := range 10 {
			fmt.Fprintf(&sb, "KW  - keyword %d\n", k)
		}
		sb.WriteString("DB  - Scopus\nER  - \n\n")
	}
	data := sb.String()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		rd := NewReader(strings.NewReader(data), "bench.ris")
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
