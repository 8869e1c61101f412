package pubmedxml

import (
	"fmt"
	"strings"
	"testing"

	"github.com/winnow-review/winnow/internal/formattest"
)

// BenchmarkReader reads a synthetic export of 5,000 PubMed records of the
// usual shape and size.
func BenchmarkReader(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("<?xml version=\"1.0\" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC \"-//NLM//DTD PubMedArticle, 1st January 2025//EN\" \"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd\">\n<PubmedArticleSet>\n")
	abstract := strings.Repeat("Randomised trials of screening tools &amp; their accuracy were sought. ", 20)
	for i := range 5000 {
		fmt.Fprintf(&sb, `<PubmedArticle>
    <MedlineCitation Status="MEDLINE" Owner="NLM">
        <PMID Version="1">%d</PMID>
        <Article PubModel="Print-Electronic">
            <Journal>
                <ISSN IssnType="Electronic">1471-2288</ISSN>
                <JournalIssue CitedMedium="Internet"><Volume>18</Volume><Issue>1</Issue><PubDate><Year>2018</Year><Month>Aug</Month></PubDate></JournalIssue>
                <Title>BMC medical research methodology</Title>
                <ISOAbbreviation>BMC Med Res Methodol</ISOAbbreviation>
            </Journal>
            <ArticleTitle>Screening record %d: a study of <i>systematic</i> reviews.</ArticleTitle>
            <Pagination><MedlinePgn>85-92</MedlinePgn></Pagination>
            <ELocationID EIdType="doi" ValidYN="Y">10.1186/s12874-018-%d</ELocationID>
            <Abstract>
                <AbstractText Label="BACKGROUND" NlmCategory="BACKGROUND">%s</AbstractText>
                <AbstractText Label="RESULTS" NlmCategory="RESULTS">%s</AbstractText>
            </Abstract>
            <AuthorList CompleteYN="Y">
                <Author ValidYN="Y"><LastName>Cooper</LastName><ForeName>Chris</ForeName><Initials>C</Initials></Author>
                <Author ValidYN="Y"><LastName>Booth</LastName><ForeName>Andrew</ForeName><Initials>A</Initials></Author>
                <Author ValidYN="Y"><LastName>Varley-Campbell</LastName><ForeName>Jo</ForeName><Initials>J</Initials></Author>
            </AuthorList>
            <Language>eng</Language>
            <PublicationTypeList><PublicationType UI="D016428">Journal Article</PublicationType></PublicationTypeList>
        </Article>
        <MedlineJournalInfo><Country>England</Country><ISSNLinking>1471-2288</ISSNLinking></MedlineJournalInfo>
        <KeywordList Owner="NOTNLM"><Keyword MajorTopicYN="N">Literature searching</Keyword><Keyword MajorTopicYN="N">Systematic review</Keyword></KeywordList>
    </MedlineCitation>
    <PubmedData>
        <ArticleIdList><ArticleId IdType="pubmed">%d</ArticleId><ArticleId IdType="doi">10.1186/s12874-018-%d</ArticleId></ArticleIdList>
    </PubmedData>
</PubmedArticle>
`, 30000000+i, i, i, abstract, abstract, 30000000+i, i)
	}
	sb.WriteString("</PubmedArticleSet>\n")
	formattest.Benchmark(b, newReader, sb.String(), 5000)
}
