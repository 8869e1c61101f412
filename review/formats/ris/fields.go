package ris

import (
	"net/url"
	"strings"

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/formats"
)

// values holds, for the tags that feed the record, the first value that is
// not empty. Tags that can repeat (AU, KW, SN, AB) are handled as they come.
type values struct {
	ti, t1, ct, bt, st           string
	n2                           string
	py, y1, da                   string
	jf, t2, jo, ja, j2, j1, nl   string
	vl, vo, is, cp, sp, ep, c7   string
	do, m3, l3, ur, l2, l1       string
	pmid, an, c5, id, u2, la, ty string
	c3                           string
	pubmed, embase               bool
}

// fill sets e.Record's fields from the fields of the record just read,
// whose values are ranges of e.Record.Raw.
func (r *Reader) fill(e *formats.Entry) {
	raw := e.Record.Raw
	rec := &e.Record
	var v values
	abstracts := r.parts[:0]
	var issn strings.Builder
	authors, keywords := 0, 0
	for _, f := range r.fields {
		switch f.tag {
		case "AU", "A1":
			authors++
		case "KW":
			keywords++
		}
	}
	if authors > 0 {
		rec.Authors = make([]review.Author, 0, authors)
	}
	if keywords > 0 {
		rec.Keywords = make([]string, 0, keywords)
	}
	for _, f := range r.fields {
		val := raw[f.start:f.end]
		switch f.tag {
		case "TY":
			first(&v.ty, val)
		case "TI":
			first(&v.ti, val)
		case "T1":
			first(&v.t1, val)
		case "CT":
			first(&v.ct, val)
		case "BT":
			first(&v.bt, val)
		case "ST":
			first(&v.st, val)
		case "AB":
			if !isNA(val) {
				abstracts = append(abstracts, val)
			}
		case "N2":
			if !isNA(val) {
				first(&v.n2, val)
			}
		case "AU", "A1":
			rec.Authors = appendAuthors(rec.Authors, val)
		case "PY":
			first(&v.py, val)
		case "Y1":
			first(&v.y1, val)
		case "DA":
			first(&v.da, val)
		case "JF":
			first(&v.jf, val)
		case "T2":
			first(&v.t2, val)
		case "JO":
			first(&v.jo, val)
		case "JA":
			first(&v.ja, val)
		case "J2":
			first(&v.j2, val)
		case "J1":
			first(&v.j1, val)
		case "NL":
			first(&v.nl, val)
		case "VL":
			first(&v.vl, val)
		case "VO":
			first(&v.vo, val)
		case "IS":
			first(&v.is, val)
		case "CP":
			first(&v.cp, val)
		case "SP":
			first(&v.sp, val)
		case "EP":
			first(&v.ep, val)
		case "C7":
			first(&v.c7, val)
		case "DO", "DOI":
			if v.do == "" {
				v.do = formats.DOI(val)
			}
		case "M3":
			first(&v.m3, val)
		case "L3":
			first(&v.l3, val)
		case "UR":
			first(&v.ur, val)
		case "L2":
			first(&v.l2, val)
		case "L1":
			first(&v.l1, val)
		case "PMID":
			first(&v.pmid, val)
		case "AN":
			first(&v.an, val)
		case "C5":
			first(&v.c5, val)
		case "C3":
			first(&v.c3, val)
		case "ID":
			first(&v.id, val)
		case "U2":
			first(&v.u2, val)
		case "LA":
			first(&v.la, val)
		case "KW":
			rec.Keywords = appendList(rec.Keywords, val)
		case "SN":
			appendISSNs(&issn, val)
		case "DB", "DP":
			if rec.Database == "" || f.tag == "DB" {
				rec.Database = formats.Clean(val)
			}
			v.pubmed = v.pubmed || indexFold(val, "pubmed") >= 0 || indexFold(val, "medline") >= 0 ||
				strings.EqualFold(strings.TrimSpace(val), "nlm")
			v.embase = v.embase || indexFold(val, "embase") >= 0
		}
	}

	if len(rec.Authors) == 0 {
		rec.Authors = nil
	}
	if len(rec.Keywords) == 0 {
		rec.Keywords = nil
	}
	rec.Type = v.ty
	rec.Title = pick(v.ti, v.t1, v.ct, v.bt, v.st)
	switch len(abstracts) {
	case 0:
		rec.Abstract = cleanText(v.n2)
	case 1:
		rec.Abstract = cleanText(abstracts[0])
	default:
		rec.Abstract = cleanText(strings.Join(abstracts, "\n"))
	}
	clear(abstracts)
	r.parts = abstracts[:0]

	// PY is the publication year; DA and Y1 are dates that exports fill
	// when PY is missing, DA first: the RIS specification of 2011 calls Y1
	// deprecated, not to be used when DA is there. Y2 is left out: EndNote
	// and Dimensions write the access date there.
	for _, d := range []string{v.py, v.da, v.y1} {
		if y := formats.Year(d); y > 0 {
			rec.Year = y
			break
		}
	}
	// JF is the full journal name where exports give both; Embase and
	// JabRef write the abbreviation in JO while T2 holds the full name.
	// Ovid's NL, written after ER, is the NLM abbreviation: the journal
	// only when the record names it no other way.
	rec.Journal = pick(v.jf, v.t2, v.jo, v.ja, v.j2, v.j1, v.nl)
	rec.Volume = pick(v.vl, v.vo)
	if !isNLMID(v.is) {
		rec.Issue = v.is
	}
	if rec.Issue == "" && looksLikeIssue(v.cp) {
		// Web of Science writes the conference name in CP.
		rec.Issue = v.cp
	}
	switch {
	case v.sp == "No" && v.ep == "Specified":
		// PsycInfo's "No Pagination Specified", split in two by Zotero.
	case formats.NoPagination(v.sp) && (v.ep == "" || formats.NoPagination(v.ep)):
		// PsycInfo's "No Pagination Specified", EBSCOhost's "N.PAG" in SP
		// and EP: no pages.
	case strings.ContainsAny(v.sp, "-–") && (v.ep == "" || v.ep == v.sp || strings.HasSuffix(v.sp, v.ep) || !strings.ContainsAny(v.ep, "-–")):
		// SP holds the range already ("101-109", with EP "109" or
		// none, or a whole range in SP and a stray EP). A page label
		// with a hyphen in both ("S21-1", "S21-8": supplement pages)
		// is a range of its own, below.
		rec.Pages = v.sp
	default:
		rec.Pages = formats.Pages(v.sp, v.ep)
	}
	if rec.Pages == "" && looksLikeArticleNumber(v.c7) {
		// C7 is the article number (Scopus, EndNote): it stands for the
		// pages of an electronic article that has none.
		rec.Pages = v.c7
	}

	rec.DOI = v.do
	if rec.DOI == "" {
		rec.DOI = formats.DOI(v.m3)
	}
	if rec.DOI == "" {
		rec.DOI = formats.DOI(v.l3)
	}
	for _, u := range []string{v.ur, v.l2, v.l1} {
		if rec.DOI != "" {
			break
		}
		rec.DOI = doiFromURL(u)
	}

	rec.PMID = formats.PMID(v.pmid)
	if rec.PMID == "" && v.pubmed && formats.Digits(v.an) {
		rec.PMID = formats.PMID(v.an)
	}
	if rec.PMID == "" && formats.Digits(v.id) && indexFold(rec.Database, "ovid medline") >= 0 {
		// Ovid MEDLINE writes the record's PMID (its UI) in ID. Only Ovid:
		// EndNote writes its own record number in ID.
		rec.PMID = formats.PMID(v.id)
	}
	for _, u := range []string{v.ur, v.l2, v.l1} {
		if rec.PMID != "" {
			break
		}
		rec.PMID = ovidPMID(u)
	}
	if rec.PMID == "" {
		rec.PMID = cochranePMID(v.c3)
	}
	if rec.PMID == "" && v.embase && formats.Digits(v.c5) {
		// Embase writes the MEDLINE PMID of a record in C5.
		rec.PMID = formats.PMID(v.c5)
	}
	if issn.Len() > 0 {
		rec.ISSN = formats.ISSN(issn.String())
	}
	rec.URL = firstURL(v.ur)
	if rec.URL == "" {
		if u := firstURL(v.l2); strings.HasPrefix(u, "http") {
			rec.URL = u
		} else if u := firstURL(v.l1); strings.HasPrefix(u, "http") {
			rec.URL = u
		}
	}
	rec.Language = formats.Language(v.la)
	// ID is the reference's own number (EndNote, Ovid, Lens); AN is the
	// database accession number (Web of Science, PsycInfo, Rayyan); Embase
	// puts its accession number in U2.
	rec.SourceID = pick(v.id, v.an, v.u2)

	if rec.Type == "" && !r.untyped {
		// (A file with no TY line at all says so once: FileWarnings.)
		e.Warn("TY line has no reference type")
	}
}

// singleTag reports whether fill reads only one value of tag (the first
// that is not empty); the tags that repeat (AU, KW, SN, AB, N1, ...) are
// read whole.
func singleTag(tag string) bool {
	switch tag {
	case "TY", "TI", "T1", "CT", "BT", "ST", "N2", "PY", "Y1", "DA", "JF", "T2", "JO", "C7",
		"JA", "J2", "J1", "NL", "VL", "VO", "IS", "CP", "SP", "EP", "DO", "DOI", "M3",
		"L3", "PMID", "AN", "C5", "C3", "ID", "U2", "LA":
		return true
	}
	return false
}

// first sets *dst to the cleaned val unless *dst is already set or val is
// empty.
func first(dst *string, val string) {
	if *dst != "" || isNA(val) {
		return
	}
	*dst = clean(val)
}

// pick returns the first of vals that is not empty.
func pick(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}

// isNA reports whether val is no value: R's "NA" or pandas' "nan" (ASReview's
// RIS export of a project writes "IS  - nan", "EP  - nan", "DA  - 2020///nan").
func isNA(val string) bool { return formats.Missing(val) }

// cochranePMID gives the PMID in a Cochrane Library (CENTRAL) C3 value,
// which lists the record's ids in other databases: "PUBMED 21314913",
// "PUBMED 21314913,EMBASE 611234567". Elsewhere C3 is free text (Web of
// Science writes affiliations there), which gives nothing.
func cochranePMID(c3 string) string {
	for _, id := range strings.Split(c3, ",") {
		if n, ok := strings.CutPrefix(strings.TrimSpace(id), "PUBMED "); ok && formats.Digits(strings.TrimSpace(n)) {
			return formats.PMID(strings.TrimSpace(n))
		}
	}
	return ""
}

// ovidPMID gives the PMID in a link to an Ovid MEDLINE record, where it is
// the accession number: "http://ovidsp.ovid.com/ovidweb.cgi?T=JS&…&D=medp&…
// &AN=39012781". A Zotero or EndNote library that took the record from Ovid
// keeps the link (in L2 or UR) but drops Ovid's own ID line. Only MEDLINE's
// segments ("medl", "medp", "med24", "mesz", "prem", "pmnm"): in Embase or
// PsycInfo the AN is their own accession number.
func ovidPMID(link string) string {
	link = firstURL(link)
	if indexFold(link, "ovid.com/") < 0 {
		return ""
	}
	u, err := url.Parse(link)
	if err != nil {
		return ""
	}
	q := u.Query()
	d := strings.ToLower(q.Get("D"))
	if !strings.HasPrefix(d, "med") && !strings.HasPrefix(d, "mes") && !strings.HasPrefix(d, "prem") && !strings.HasPrefix(d, "pmnm") {
		return ""
	}
	if an := q.Get("AN"); formats.Digits(an) {
		return formats.PMID(an)
	}
	return ""
}

// appendAuthors adds the authors of one AU or A1 value. Most exports give
// one author per tag; some list several on one line separated by ";", and a
// continuation line holds a further author.
func appendAuthors(list []review.Author, val string) []review.Author {
	if !strings.ContainsAny(val, ";\n") {
		if a := formats.ParseName(val); a.Family != "" && !isNA(a.Family) {
			list = append(list, a)
		}
		return list
	}
	for _, name := range formats.SplitList(val, ";\n") {
		if a := formats.ParseName(name); a.Family != "" && !isNA(a.Family) {
			list = append(list, a)
		}
	}
	return list
}

// appendList adds the items of a keyword value: one per line (EndNote and
// R rewrites put each keyword after the first on an untagged line) and
// several on a line when separated by ";".
func appendList(list []string, val string) []string {
	if !strings.ContainsAny(val, ";\n") {
		if k := clean(val); k != "" {
			return append(list, k)
		}
		return list
	}
	return append(list, formats.SplitList(val, ";\n")...)
}

// appendISSNs adds to b the ISSN-shaped words of an SN value, leaving out
// ISBNs: for books SN holds an ISBN, and a run of its digits such as
// "4020-9632" in "978-1-4020-9632-7" would pass for an ISSN.
func appendISSNs(b *strings.Builder, val string) {
	for len(val) > 0 {
		i := strings.IndexAny(val, " \t\n,;()[]/")
		w := val
		if i >= 0 {
			w, val = val[:i], val[i+1:]
		} else {
			val = ""
		}
		if isISSN(w) {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(w)
		}
	}
}

// isISSN reports whether w is eight characters, seven digits then a digit
// or X, with an optional hyphen in the middle.
func isISSN(w string) bool {
	switch {
	case len(w) == 9 && w[4] == '-':
		w = w[:4] + w[5:]
	case len(w) != 8:
		return false
	}
	for i := 0; i < 7; i++ {
		if w[i] < '0' || w[i] > '9' {
			return false
		}
	}
	c := w[7]
	return (c >= '0' && c <= '9') || c == 'X' || c == 'x'
}

// isNLMID reports whether an IS value is an NLM journal ID such as
// "0401664, du5" or "101676033", which Ovid MEDLINE writes in IS when a
// record has no issue number.
func isNLMID(s string) bool {
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimRight(strings.TrimSpace(part), "rR")
		if len(part) >= 7 && formats.Digits(part) {
			return true
		}
	}
	return false
}

// looksLikeArticleNumber reports whether a C7 value reads as an article
// number ("5203", "e0123456", "104567"): short, one word, with a digit.
func looksLikeArticleNumber(s string) bool {
	return s != "" && len(s) <= 20 && !strings.ContainsAny(s, " \t") && strings.ContainsAny(s, "0123456789")
}

func looksLikeIssue(s string) bool {
	return s != "" && len(s) <= 12 && strings.ContainsAny(s, "0123456789")
}

// firstURL returns the first word of a URL value: exports put several URLs
// in one value, separated by line breaks, spaces or ", " (EndNote).
func firstURL(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, " \t\n"); i >= 0 {
		s = s[:i]
	}
	return strings.TrimRight(s, ",;")
}

// doiFromURL finds a DOI in a URL value, only where the URL marks it as one
// (doi.org/..., /doi/..., doi=...): other URLs hold numbers that could look
// like DOIs, and a DOI in a query string runs on into the next parameter.
func doiFromURL(s string) string {
	if !strings.Contains(s, "10.") {
		return ""
	}
	for _, w := range strings.Fields(s) {
		var rest string
		if i := indexFold(w, "doi.org/"); i >= 0 {
			rest = w[i+len("doi.org/"):]
		} else if i := indexFold(w, "/doi/"); i >= 0 {
			rest = w[i+len("/doi/"):]
			if j := strings.IndexAny(rest, "?#"); j >= 0 {
				rest = rest[:j]
			}
		} else if i := indexFold(w, "doi="); i >= 0 {
			rest = w[i+len("doi="):]
			if j := strings.IndexByte(rest, '&'); j >= 0 {
				rest = rest[:j]
			}
		} else {
			continue
		}
		rest = strings.ReplaceAll(strings.ReplaceAll(rest, "%2F", "/"), "%2f", "/")
		if d := formats.DOI(rest); d != "" {
			return d
		}
	}
	return ""
}

// indexFold is strings.Index ignoring ASCII case; sub must be lower case.
// Unlike searching strings.ToLower(s), the index it gives is an index of s
// whatever other characters s holds.
func indexFold(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		j := 0
		for j < len(sub) && lowerASCII(s[i+j]) == sub[j] {
			j++
		}
		if j == len(sub) {
			return i
		}
	}
	return -1
}

func lowerASCII(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
