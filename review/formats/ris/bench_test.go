package ris

import (
	"fmt"
	"strings"
	"testing"

	"github.com/winnow-review/winnow/internal/formattest"
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
	formattest.Benchmark(b, newReader, sb.String(), 5000)
}
