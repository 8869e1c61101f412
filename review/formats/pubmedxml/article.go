package pubmedxml

import (
	"bytes"
	"encoding/xml"
	"strings"

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/formats"
	"github.com/winnow-review/winnow/review/formats/xmlstream"
)

// Paths of the elements read, below the record element. Only these count:
// a <PMID> or <ArticleId> elsewhere (CommentsCorrections, ReferenceList)
// belongs to another article.
const (
	pCitation = "/MedlineCitation"
	pArticle  = pCitation + "/Article"
	pJournal  = pArticle + "/Journal"
	pIssue    = pJournal + "/JournalIssue"
	pBookDoc  = "/BookDocument"
	pBook     = pBookDoc + "/Book"
)

// author is one <Author> as it is read.
type author struct {
	last, fore, initials, suffix, collective string
	invalid                                  bool // ValidYN="N"
}

// article gathers the fields of one PubmedArticle or PubmedBookArticle.
type article struct {
	book bool

	pmid, title, vernacular, bookTitle string
	abstract                           []string // paragraphs, "LABEL: text"
	label                              string   // Label of the open AbstractText
	// An OtherAbstract (a translation, or the only abstract of an old or
	// non-English article) stands in when there is no Abstract: the first
	// in English, else the first. otherN counts them, otherLang is the
	// open one's Language.
	otherEng, otherFirst []string
	otherN, otherEngN    int
	otherLang            string

	authors     []review.Author // the article's (or chapter's) authors
	bookAuthors []review.Author // a book's authors, for a whole book
	list        *[]review.Author
	cur         author

	journal, isoAbbrev, issn, issnLinking string
	volume, issue                         string
	year, medlineDate, articleYear        string
	pgn, startPage, endPage               string
	idType, eidType                       string
	doi, elocDOI, elocPII, url            string
	language, pubType                     string
	keywords, mesh                        []string
}

func (a *article) Start(path []byte, attrs []xml.Attr) bool {
	switch string(path) {
	case pCitation + "/PMID", pBookDoc + "/PMID",
		pArticle + "/ArticleTitle", pArticle + "/VernacularTitle",
		pBookDoc + "/ArticleTitle", pBookDoc + "/VernacularTitle", pBook + "/BookTitle",
		pJournal + "/Title", pJournal + "/ISOAbbreviation", pJournal + "/ISSN",
		pCitation + "/MedlineJournalInfo/ISSNLinking",
		pIssue + "/Volume", pIssue + "/Issue", pBook + "/Volume",
		pIssue + "/PubDate/Year", pIssue + "/PubDate/MedlineDate",
		pBook + "/PubDate/Year", pBook + "/PubDate/MedlineDate",
		pArticle + "/ArticleDate/Year",
		pArticle + "/Pagination/MedlinePgn", pArticle + "/Pagination/StartPage", pArticle + "/Pagination/EndPage",
		pBookDoc + "/Pagination/MedlinePgn", pBookDoc + "/Pagination/StartPage", pBookDoc + "/Pagination/EndPage",
		pArticle + "/Language", pBookDoc + "/Language",
		pArticle + "/PublicationTypeList/PublicationType", pBookDoc + "/PublicationType",
		pCitation + "/KeywordList/Keyword", pBookDoc + "/KeywordList/Keyword",
		pCitation + "/MeshHeadingList/MeshHeading/DescriptorName":
		return true
	case pArticle + "/Abstract/AbstractText", pBookDoc + "/Abstract/AbstractText",
		pCitation + "/OtherAbstract/AbstractText":
		a.label = xmlstream.Attr(attrs, "Label")
		return true
	case pCitation + "/OtherAbstract":
		a.otherN++
		a.otherLang = xmlstream.Attr(attrs, "Language")
		if a.otherEngN == 0 && strings.EqualFold(a.otherLang, "eng") {
			a.otherEngN = a.otherN
		}
		return false
	case "/PubmedData/ArticleIdList/ArticleId", "/PubmedBookData/ArticleIdList/ArticleId":
		a.idType = xmlstream.Attr(attrs, "IdType")
		return true
	case pArticle + "/ELocationID", pBookDoc + "/ELocationID", pBook + "/ELocationID":
		a.eidType = xmlstream.Attr(attrs, "EIdType")
		return true
	case pArticle + "/AuthorList", pBookDoc + "/AuthorList":
		a.list = &a.authors
	case pBook + "/AuthorList":
		a.list = &a.bookAuthors
	}
	if a.list == nil {
		return false
	}
	if strings.EqualFold(xmlstream.Attr(attrs, "Type"), "editors") && bytes.HasSuffix(path, []byte("/AuthorList")) {
		// Editors are not authors.
		a.list = nil
		return false
	}
	if bytes.HasSuffix(path, []byte("/AuthorList/Author")) {
		a.cur = author{invalid: xmlstream.Attr(attrs, "ValidYN") == "N"}
		return false
	}
	switch authorField(path) {
	case "LastName", "ForeName", "Initials", "Suffix", "CollectiveName":
		return true
	}
	return false
}

// authorField returns the name of an element directly inside an <Author>
// of an author list, or "".
func authorField(path []byte) string {
	i := bytes.LastIndexByte(path, '/')
	if i < 0 || !bytes.HasSuffix(path[:i], []byte("/AuthorList/Author")) {
		return ""
	}
	return string(path[i+1:])
}

func (a *article) End(path []byte, text string) {
	switch string(path) {
	case pCitation + "/PMID", pBookDoc + "/PMID":
		a.pmid = text
	case pArticle + "/ArticleTitle", pBookDoc + "/ArticleTitle":
		a.title = text
	case pArticle + "/VernacularTitle", pBookDoc + "/VernacularTitle":
		a.vernacular = text
	case pBook + "/BookTitle":
		a.bookTitle = text
	case pJournal + "/Title":
		a.journal = text
	case pJournal + "/ISOAbbreviation":
		a.isoAbbrev = text
	case pJournal + "/ISSN":
		a.issn = text
	case pCitation + "/MedlineJournalInfo/ISSNLinking":
		a.issnLinking = text
	case pIssue + "/Volume", pBook + "/Volume":
		a.volume = text
	case pIssue + "/Issue":
		a.issue = text
	case pIssue + "/PubDate/Year", pBook + "/PubDate/Year":
		a.year = text
	case pIssue + "/PubDate/MedlineDate", pBook + "/PubDate/MedlineDate":
		a.medlineDate = text
	case pArticle + "/ArticleDate/Year":
		setFirst(&a.articleYear, text)
	case pArticle + "/Pagination/MedlinePgn", pBookDoc + "/Pagination/MedlinePgn":
		a.pgn = text
	case pArticle + "/Pagination/StartPage", pBookDoc + "/Pagination/StartPage":
		a.startPage = text
	case pArticle + "/Pagination/EndPage", pBookDoc + "/Pagination/EndPage":
		a.endPage = text
	case pArticle + "/Language", pBookDoc + "/Language":
		setFirst(&a.language, text)
	case pArticle + "/PublicationTypeList/PublicationType", pBookDoc + "/PublicationType":
		setFirst(&a.pubType, text)
	case pCitation + "/KeywordList/Keyword", pBookDoc + "/KeywordList/Keyword":
		if k := formats.Clean(text); k != "" {
			a.keywords = append(a.keywords, k)
		}
	case pCitation + "/MeshHeadingList/MeshHeading/DescriptorName":
		if k := formats.Clean(text); k != "" {
			a.mesh = append(a.mesh, k)
		}
	case pArticle + "/Abstract/AbstractText", pBookDoc + "/Abstract/AbstractText":
		a.abstract = a.addAbstract(a.abstract, text)
	case pCitation + "/OtherAbstract/AbstractText":
		if a.otherN == a.otherEngN {
			a.otherEng = a.addAbstract(a.otherEng, text)
		}
		if a.otherN == 1 {
			a.otherFirst = a.addAbstract(a.otherFirst, text)
		}
	case "/PubmedData/ArticleIdList/ArticleId", "/PubmedBookData/ArticleIdList/ArticleId":
		switch strings.ToLower(a.idType) {
		case "doi":
			setFirst(&a.doi, formats.DOI(text))
		case "url":
			setFirst(&a.url, text)
		}
	case pArticle + "/ELocationID", pBookDoc + "/ELocationID", pBook + "/ELocationID":
		switch {
		case strings.EqualFold(a.eidType, "doi"):
			setFirst(&a.elocDOI, formats.DOI(text))
		case strings.EqualFold(a.eidType, "pii"):
			setFirst(&a.elocPII, formats.PIIArticleNumber(text))
		}
	case pArticle + "/AuthorList", pBookDoc + "/AuthorList", pBook + "/AuthorList":
		a.list = nil
	default:
		if a.list == nil {
			return
		}
		if bytes.HasSuffix(path, []byte("/AuthorList/Author")) {
			a.addAuthor()
			return
		}
		switch authorField(path) {
		case "LastName":
			a.cur.last = text
		case "ForeName":
			a.cur.fore = text
		case "Initials":
			a.cur.initials = text
		case "Suffix":
			a.cur.suffix = text
		case "CollectiveName":
			a.cur.collective = text
		}
	}
}

// setFirst sets *dst to v unless it already holds a value.
func setFirst(dst *string, v string) {
	if *dst == "" {
		*dst = formats.Clean(v)
	}
}

// addAbstract adds one AbstractText to paras as a paragraph, headed by its
// label. PubMed marks an unlabelled part of a structured abstract
// "UNLABELLED".
func (a *article) addAbstract(paras []string, text string) []string {
	text = formats.Clean(text)
	if text == "" {
		return paras
	}
	if l := formats.Clean(a.label); l != "" && !strings.EqualFold(l, "UNLABELLED") {
		text = l + ": " + text
	}
	return append(paras, text)
}

// addAuthor adds the <Author> just closed to the open author list.
func (a *article) addAuthor() {
	c := a.cur
	a.cur = author{}
	if c.invalid {
		return
	}
	var au review.Author
	switch {
	case formats.Clean(c.collective) != "":
		au.Family = formats.Clean(c.collective)
	case formats.Clean(c.last) != "":
		au.Family = formats.Clean(c.last)
		au.Given = formats.Clean(c.fore)
		if au.Given == "" {
			au.Given = formats.Clean(c.initials)
		}
		if s := formats.Clean(c.suffix); s != "" {
			if au.Given == "" {
				au.Given = s
			} else {
				au.Given += ", " + s
			}
		}
	case formats.Clean(c.fore) != "":
		au.Family = formats.Clean(c.fore)
	default:
		return
	}
	*a.list = append(*a.list, au)
}

// fill sets the entry's fields from what was read.
func (a *article) fill(e *formats.Entry) {
	rec := &e.Record
	rec.PMID = formats.PMID(a.pmid)
	rec.SourceID = rec.PMID
	rec.Title = formats.Clean(a.title)
	if formats.NotAvailable(rec.Title) {
		rec.Title = ""
	}
	if a.book {
		if rec.Title == "" {
			rec.Title = formats.Clean(a.bookTitle)
		} else {
			rec.Journal = formats.Clean(a.bookTitle)
		}
	}
	if rec.Title == "" {
		// The original-language title stands in only when there is no
		// English one.
		rec.Title = formats.Clean(a.vernacular)
	}
	abstract := a.abstract
	switch {
	case len(abstract) > 0:
	case len(a.otherEng) > 0:
		abstract = a.otherEng
	default:
		abstract = a.otherFirst
	}
	rec.Abstract = formats.CleanText(strings.Join(abstract, "\n"))
	rec.Authors = a.authors
	if len(rec.Authors) == 0 {
		rec.Authors = a.bookAuthors
	}
	switch {
	case formats.Year(a.year) > 0:
		rec.Year = formats.Year(a.year)
	case formats.Year(a.medlineDate) > 0:
		rec.Year = formats.Year(a.medlineDate)
	default:
		rec.Year = formats.Year(a.articleYear)
	}
	if !a.book {
		rec.Journal = formats.Clean(a.journal)
		if rec.Journal == "" {
			rec.Journal = formats.Clean(a.isoAbbrev)
		}
	}
	rec.Volume = formats.Clean(a.volume)
	rec.Issue = formats.Clean(a.issue)
	rec.Pages = formats.Clean(a.pgn)
	if rec.Pages == "" {
		rec.Pages = formats.Pages(a.startPage, a.endPage)
	}
	if rec.Pages == "" && !a.book {
		// An electronic article's number, as the MEDLINE reader takes it
		// from LID (a book's pii is the book's own number).
		rec.Pages = a.elocPII
	}
	rec.DOI = a.doi
	if rec.DOI == "" {
		rec.DOI = a.elocDOI
	}
	rec.ISSN = formats.ISSN(a.issn + " " + a.issnLinking)
	// Author keywords when the record has them, else its MeSH headings,
	// as the MEDLINE reader does with OT and MH.
	rec.Keywords = a.keywords
	if len(rec.Keywords) == 0 {
		rec.Keywords = a.mesh
	}
	rec.Type = a.pubType
	rec.URL = a.url
	rec.Language = formats.Language(a.language)

	// A missing title is warned about by the importer, for every format.
	if rec.PMID == "" {
		e.Warn("record has no PMID")
	}
}
