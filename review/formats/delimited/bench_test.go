package delimited

import (
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/winnow-review/winnow/internal/formattest"
	"github.com/winnow-review/winnow/review/formats"
)

// BenchmarkReader reads a Scopus-like CSV of 5,000 records held in memory.
func BenchmarkReader(b *testing.B) {
	var sb strings.Builder
	sb.WriteString(`"Authors","Author full names","Title","Year","Source title","Volume","Issue","Page start","Page end","DOI","Link","Abstract","Author Keywords","Index Keywords","ISSN","PubMed ID","Language of Original Document","Document Type","EID"` + "\n")
	abstract := strings.TrimSpace(strings.Repeat("Global climate patterns shape the distribution of species and ecosystems. ", 15))
	for i := 0; i < 5000; i++ {
		fmt.Fprintf(&sb, `"Smith J.; Doe A.; Roe R.","Smith, John (1); Doe, Anna (2); Roe, Richard (3)","Record number %d on ""dinosaurs"" and mammals","%d","Nature Communications","%d","1","%d","%d","10.1038/s41467-024-%05d","https://www.scopus.com/inward/record.uri?eid=2-s2.0-%d","%s`+"\n\n"+`Second paragraph.","body size; latitude","Animals; Dinosaurs; Mammals","20411723","%d","English","Article","2-s2.0-%d"`+"\n",
			i, 1990+i%35, i%40, i, i+9, i, i, abstract, 30000000+i, i)
	}
	newReader := func(r io.Reader, name string) formats.Reader { return NewReader(r, name, ',') }
	formattest.Benchmark(b, newReader, sb.String(), 5000)
}
