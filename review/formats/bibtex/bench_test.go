package bibtex

import (
	"fmt"
	"strings"
	"testing"

	"github.com/winnow-review/winnow/internal/formattest"
)

// zoteroLike builds n entries shaped like a Zotero export: tab-indented
// fields, a long abstract with a line break, braced case protection, an
// accent and a month macro.
func zoteroLike(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "\n@article{smith_effect_%d,\n", i)
		fmt.Fprintf(&b, "\ttitle = {The effect of {Vitamin} {D} on outcome %d in {COVID}-19: a randomised trial},\n", i)
		b.WriteString("\tvolume = {12},\n\tissn = {0932-0814},\n\tdoi = {10.1000/xyz.")
		fmt.Fprintf(&b, "%d},\n", i)
		b.WriteString("\tabstract = {Background: vitamin D deficiency is common. We randomised 400 patients to vitamin D or placebo and followed them for 12 months. ")
		b.WriteString(strings.Repeat("The primary outcome was mortality; secondary outcomes included length of stay and admission to intensive care. ", 6))
		b.WriteString("\nConclusions: no effect was found.},\n")
		b.WriteString("\tlanguage = {English},\n\tnumber = {3},\n\tjournal = {Journal of Clinical Nutrition},\n")
		b.WriteString("\tauthor = {Smith, John A. and M{\\\"u}ller, Karl and O'Brien, Siobhan and Nguyen, Thi},\n")
		b.WriteString("\tmonth = mar,\n\tyear = {2021},\n\tpages = {100--110},\n")
		b.WriteString("\tkeywords = {vitamin D, COVID-19, randomized controlled trial},\n")
		b.WriteString("\turl = {https://example.org/article/12345},\n}\n")
	}
	return b.String()
}

// BenchmarkReader reads 5,000 Zotero-like entries. The sub-benchmark
// without-library shows what github.com/nickng/bibtex costs: the same
// reading with this package's own field scanner alone.
func BenchmarkReader(b *testing.B) {
	input := zoteroLike(5000)
	for _, bc := range []struct {
		name      string
		newReader formattest.NewReader
	}{{"library", newReader}, {"without-library", newOwnReader}} {
		b.Run(bc.name, func(b *testing.B) {
			formattest.Benchmark(b, bc.newReader, input, 5000)
		})
	}
}
