package endnote

import (
	"fmt"
	"strings"
	"testing"

	"github.com/winnow-review/winnow/internal/formattest"
)

// BenchmarkReader reads a synthetic EndNote 20 library of 5,000 records,
// every value in a <style> run, all on one line as EndNote writes it.
func BenchmarkReader(b *testing.B) {
	style := func(s string) string {
		return `<style face="normal" font="default" size="100%">` + s + `</style>`
	}
	var sb strings.Builder
	sb.WriteString(`<?xml version="1.0" encoding="UTF-8" ?><xml><records>`)
	abstract := strings.Repeat("Randomised trials of screening tools &amp; their accuracy were sought. ", 40)
	for i := range 5000 {
		fmt.Fprintf(&sb, `<record><database name="Review.enl" path="\\server\share\Review.enl">Review.enl</database>`+
			`<source-app name="EndNote" version="20.2">EndNote</source-app><rec-number>%d</rec-number>`+
			`<foreign-keys><key app="EN" db-id="axwpewsv8xsvriexevj5vezpxvpprpzw50we" timestamp="1636505066">%d</key></foreign-keys>`+
			`<ref-type name="Journal Article">17</ref-type><contributors><authors>`+
			`<author>%s</author><author>%s</author><author>%s</author></authors></contributors>`+
			`<auth-address>%s</auth-address>`+
			`<titles><title>%s%s</title><secondary-title>%s</secondary-title></titles>`+
			`<periodical><full-title>%s</full-title></periodical><pages>%s</pages><volume>%s</volume><number>%s</number>`+
			`<keywords><keyword>%s</keyword><keyword>%s</keyword><keyword>%s</keyword></keywords>`+
			`<dates><year>%s</year><pub-dates><date>%s</date></pub-dates></dates><isbn>%s</isbn>`+
			`<accession-num>%s</accession-num><abstract>%s</abstract><notes>%s</notes>`+
			`<urls><related-urls><url>%s</url></related-urls></urls><electronic-resource-num>%s</electronic-resource-num>`+
			`<remote-database-provider>%s</remote-database-provider><language>%s</language></record>`,
			i, i, style("Cooper, Chris"), style("Booth, Andrew"), style("Varley-Campbell, Jo"),
			style("University of Exeter,&#xD;Exeter, UK."),
			style(fmt.Sprintf("Screening record %d: a study of ", i)), `<style face="italic" font="default" size="100%">systematic reviews</style>`,
			style("BMC Med Res Methodol"), style("BMC Med Res Methodol"), style("85-92"), style("18"), style("1"),
			style("Humans"), style("*Review Literature as Topic"), style("Information Storage and Retrieval/methods"),
			style("2018"), style("Aug 14"), style("1471-2288 (Electronic)&#xD;1471-2288 (Linking)"),
			style(fmt.Sprint(30000000+i)), style(abstract), style("Cooper, Chris&#xD;Booth, Andrew"),
			style(fmt.Sprintf("https://www.ncbi.nlm.nih.gov/pubmed/%d", 30000000+i)), style(fmt.Sprintf("10.1186/s12874-018-%d", i)),
			style("NLM"), style("eng"))
	}
	sb.WriteString(`</records></xml>`)
	formattest.Benchmark(b, newReader, sb.String(), 5000)
}
