package synth

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
)

// The writers of a synthetic review's exports, each after the layout of
// real exports of its database in ../shared/corpus/exports.

var months = []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// wrap writes "TAG - value" with MEDLINE's or Web of Science's line
// wrapping: lines of at most width, continued after indent.
func wrap(w *bufio.Writer, tag, value string, width int, indent string) {
	line := tag + value
	for len(line) > width {
		cut := strings.LastIndexByte(line[:width], ' ')
		if cut <= len(indent) {
			cut = strings.IndexByte(line[width:], ' ')
			if cut < 0 {
				break
			}
			cut += width
		}
		w.WriteString(line[:cut])
		w.WriteByte('\n')
		line = indent + line[cut+1:]
	}
	w.WriteString(line)
	w.WriteByte('\n')
}

// medlinePages writes a range as MEDLINE does: "2267-75".
func medlinePages(first, last string) string {
	if last == "" {
		return first
	}
	i := 0
	for i < len(first) && i < len(last) && len(first) == len(last) && first[i] == last[i] {
		i++
	}
	if i == len(last) {
		return first
	}
	return first + "-" + last[i:]
}

func writeNBIB(w *bufio.Writer, r *rec) {
	it := r.it
	fmt.Fprintf(w, "PMID- %s\nOWN - NLM\nSTAT- MEDLINE\n", r.id)
	fmt.Fprintf(w, "DCOM- %d0115\nIS  - %s (Electronic)\n", r.year+1, it.j.issn)
	if r.volume != "" {
		fmt.Fprintf(w, "VI  - %s\n", r.volume)
	}
	if r.issue != "" {
		fmt.Fprintf(w, "IP  - %s\n", r.issue)
	}
	fmt.Fprintf(w, "DP  - %d %s\n", r.year, months[int(it.id)%12])
	wrap(w, "TI  - ", r.title, 82, "      ")
	if r.first != "" {
		fmt.Fprintf(w, "PG  - %s\n", medlinePages(r.first, r.last))
	}
	if r.doi != "" {
		fmt.Fprintf(w, "LID - %s [doi]\n", r.doi)
	}
	if r.abstract != "" {
		wrap(w, "AB  - ", r.abstract, 82, "      ")
	}
	for _, a := range r.authors {
		fmt.Fprintf(w, "FAU - %s, %s\nAU  - %s %s\n", a.family, a.given, a.family, initials(a.given, false))
	}
	lang := "eng"
	if it.lang != "" {
		lang = it.lang
	}
	fmt.Fprintf(w, "LA  - %s\n", lang)
	switch it.kind {
	case kindErratum:
		w.WriteString("PT  - Published Erratum\n")
	case kindGeneric:
		w.WriteString("PT  - Editorial\n")
	default:
		w.WriteString("PT  - Journal Article\n")
	}
	if it.original != "" {
		wrap(w, "TT  - ", it.original, 82, "      ")
	}
	fmt.Fprintf(w, "PL  - England\nTA  - %s\nJT  - %s\nJID - %d\nSB  - IM\n", it.j.abbrev, it.j.name, 7500000+hashString(it.j.name)%100000)
	for _, k := range it.keywords {
		fmt.Fprintf(w, "OT  - %s\n", k)
	}
	if r.doi != "" {
		fmt.Fprintf(w, "AID - %s [doi]\n", r.doi)
	}
	so := fmt.Sprintf("%s. %d %s", it.j.abbrev, r.year, months[int(it.id)%12])
	if r.volume != "" {
		so += ";" + r.volume
		if r.issue != "" {
			so += "(" + r.issue + ")"
		}
		if r.first != "" {
			so += ":" + medlinePages(r.first, r.last)
		}
		w.WriteString("PST - ppublish\n")
	} else {
		w.WriteString("PST - aheadofprint\n")
	}
	so += "."
	if r.doi != "" {
		so += " doi: " + r.doi + "."
	}
	wrap(w, "SO  - ", so, 82, "      ")
	w.WriteByte('\n')
}

// writeOvid writes Embase as Ovid exports it to RIS: a running number
// before each record, the database with its coverage, Y1 as "2019//".
func writeOvid(w *bufio.Writer, r *rec, n int) {
	it := r.it
	fmt.Fprintf(w, "%d. \nTY  - JOUR\nDB  - Embase <1974 to 2026 January 14>\nID  - %s\n", n, r.id)
	if r.doi != "" {
		fmt.Fprintf(w, "DO  - https://dx.doi.org/%s\n", r.doi)
	}
	fmt.Fprintf(w, "T1  - %s\n", r.title)
	for _, a := range r.authors {
		if r.initials {
			fmt.Fprintf(w, "A1  - %s, %s\n", a.family, initials(a.given, true))
		} else {
			fmt.Fprintf(w, "A1  - %s, %s\n", a.family, a.given)
		}
	}
	fmt.Fprintf(w, "Y1  - %d//\n", r.year)
	if r.abstract != "" {
		fmt.Fprintf(w, "N2  - %s\n", r.abstract)
	}
	for _, k := range it.keywords {
		fmt.Fprintf(w, "KW  - %s\n", k)
	}
	lang := "English"
	if it.lang != "" {
		lang = languageName(it.lang)
	}
	fmt.Fprintf(w, "LA  - %s\n", lang)
	if r.journal != "" {
		fmt.Fprintf(w, "JF  - %s\n", r.journal)
	}
	fmt.Fprintf(w, "JA  - %s\n", dotted(r.abbrev))
	if r.volume != "" {
		fmt.Fprintf(w, "VL  - %s\n", r.volume)
	}
	if r.issue != "" {
		fmt.Fprintf(w, "IS  - %s\n", r.issue)
	}
	if r.first != "" {
		fmt.Fprintf(w, "SP  - %s\n", r.first)
	}
	if r.last != "" {
		fmt.Fprintf(w, "EP  - %s\n", r.last)
	}
	fmt.Fprintf(w, "SN  - %s\nM3  - %s\n", it.j.issn, it.docType)
	fmt.Fprintf(w, "UR  - https://ovidsp.ovid.com/ovidweb.cgi?T=JS&PAGE=reference&D=emexb&NEWS=N&AN=%s\nER  - \n\n\n", r.id)
}

// dotted writes an abbreviation with full stops, as Embase does: "J. Am.
// Geriatr. Soc.".
func dotted(abbrev string) string {
	words := strings.Fields(abbrev)
	for i, w := range words {
		if journalAbbrevWord(w) {
			words[i] = w + "."
		}
	}
	return strings.Join(words, " ")
}

func journalAbbrevWord(w string) bool { return abbrevWords[w] }

// abbrevWords are the abbreviations of journalAbbrev that shorten a word.
var abbrevWords = func() map[string]bool {
	m := map[string]bool{}
	for full, a := range journalAbbrev {
		if a != full {
			m[a] = true
		}
	}
	return m
}()

func languageName(code string) string {
	switch code {
	case "ger":
		return "German"
	case "fre":
		return "French"
	case "spa":
		return "Spanish"
	case "ita":
		return "Italian"
	case "por":
		return "Portuguese"
	case "chi":
		return "Chinese"
	case "jpn":
		return "Japanese"
	}
	return "English"
}

func writeWoS(w *bufio.Writer, r *rec) {
	it := r.it
	w.WriteString("PT J\n")
	if len(r.authors) > 0 {
		for i, a := range r.authors {
			tag := "   "
			if i == 0 {
				tag = "AU "
			}
			fmt.Fprintf(w, "%s%s, %s\n", tag, a.family, initials(a.given, false))
		}
		for i, a := range r.authors {
			tag := "   "
			if i == 0 {
				tag = "AF "
			}
			fmt.Fprintf(w, "%s%s, %s\n", tag, a.family, a.given)
		}
	}
	wrap(w, "TI ", r.title, 72, "   ")
	fmt.Fprintf(w, "SO %s\nLA %s\n", r.journal, languageName(it.lang))
	switch it.kind {
	case kindErratum:
		w.WriteString("DT Correction\n")
	case kindConference:
		w.WriteString("DT Meeting Abstract\n")
	case kindGeneric:
		w.WriteString("DT Editorial Material\n")
	default:
		w.WriteString("DT Article\n")
	}
	if len(it.keywords) > 0 {
		wrap(w, "DE ", strings.Join(it.keywords, "; "), 72, "   ")
	}
	if r.abstract != "" {
		wrap(w, "AB ", r.abstract, 72, "   ")
	}
	fmt.Fprintf(w, "SN %s\nJ9 %s\nJI %s\n", it.j.issn, r.abbrev, dotted(r.abbrev))
	fmt.Fprintf(w, "PD %s %d\nPY %d\n", strings.ToUpper(months[int(it.id)%12]), r.year, r.year)
	if r.volume != "" {
		fmt.Fprintf(w, "VL %s\n", r.volume)
	}
	if r.issue != "" {
		fmt.Fprintf(w, "IS %s\n", r.issue)
	}
	if it.suppl > 0 && r.volume != "" {
		fmt.Fprintf(w, "SU %d\n", it.suppl)
	}
	switch {
	case it.artNo != "" && r.first != "":
		fmt.Fprintf(w, "AR %s\n", r.first)
	case r.first != "":
		fmt.Fprintf(w, "BP %s\n", r.first)
		if r.last != "" {
			fmt.Fprintf(w, "EP %s\n", r.last)
		}
	}
	if r.doi != "" {
		fmt.Fprintf(w, "DI %s\n", r.doi)
	}
	if r.pmid != "" {
		fmt.Fprintf(w, "PM %s\n", r.pmid)
	}
	fmt.Fprintf(w, "UT %s\nER\n\n", r.id)
}

// writeScopus writes Scopus's BibTeX: full journal name, initials with
// full stops, "pages = {123 – 130}" in recent exports, diacritics as
// LaTeX in older ones.
func writeScopus(w *bufio.Writer, r *rec, rng *rand.Rand) {
	it := r.it
	latex := rng.IntN(5) < 2
	esc := func(s string) string {
		if latex {
			s = latexOf(s)
		}
		return s
	}
	entry := "ARTICLE"
	if it.kind == kindConference {
		entry = "CONFERENCE"
	}
	fmt.Fprintf(w, "@%s{%s,\n", entry, r.id)
	if len(r.authors) > 0 {
		names := make([]string, len(r.authors))
		for i, a := range r.authors {
			names[i] = esc(a.family) + ", " + initials(a.given, true)
		}
		fmt.Fprintf(w, "\tauthor = {%s},\n", strings.Join(names, " and "))
	}
	title := r.title
	if latex {
		title = strings.NewReplacer("COVID-19", "{COVID}-19", "HIV", "{HIV}", "NHS", "{NHS}").Replace(esc(title))
	}
	fmt.Fprintf(w, "\ttitle = {%s},\n\tyear = {%d},\n\tjournal = {%s},\n", title, r.year, esc(r.journal))
	if r.volume != "" {
		fmt.Fprintf(w, "\tvolume = {%s},\n", r.volume)
	}
	if r.issue != "" {
		fmt.Fprintf(w, "\tnumber = {%s},\n", r.issue)
	}
	switch {
	case it.artNo != "" && r.first != "":
		fmt.Fprintf(w, "\tpages = {%s},\n", r.first)
	case r.first != "" && r.last != "":
		dash := " – "
		if latex {
			dash = "--"
		}
		fmt.Fprintf(w, "\tpages = {%s%s%s},\n", r.first, dash, r.last)
	case r.first != "":
		fmt.Fprintf(w, "\tpages = {%s},\n", r.first)
	}
	if r.doi != "" {
		fmt.Fprintf(w, "\tdoi = {%s},\n", r.doi)
	}
	fmt.Fprintf(w, "\turl = {https://www.scopus.com/inward/record.uri?eid=2-s2.0-%d&partnerID=40},\n", 85_000_000_000+it.id)
	if r.abstract != "" {
		fmt.Fprintf(w, "\tabstract = {%s},\n", esc(r.abstract))
	}
	if len(it.keywords) > 0 {
		fmt.Fprintf(w, "\tauthor_keywords = {%s},\n", strings.Join(it.keywords, "; "))
	}
	fmt.Fprintf(w, "\tissn = {%s},\n", strings.ReplaceAll(it.j.issn, "-", ""))
	if r.pmid != "" {
		fmt.Fprintf(w, "\tpmid = {%s},\n", r.pmid)
	}
	docType := it.docType
	if it.kind == kindConference {
		docType = "Conference paper"
	}
	fmt.Fprintf(w, "\tlanguage = {%s},\n\tabbrev_source_title = {%s},\n\ttype = {%s},\n\tpublication_stage = {Final},\n\tsource = {Scopus},\n\tnote = {Cited by: %d}\n}\n\n",
		languageName(it.lang), dotted(r.abbrev), docType, rng.IntN(40))
}

var cinahlHeader = []string{"Article Title", "Author", "Journal Title", "ISSN", "ISBN", "Publication Date",
	"Volume", "Issue", "First Page", "Page Count", "Accession Number", "DOI", "Publisher", "Doctype",
	"Subjects", "Keywords", "Abstract", "PLink"}

func writeCINAHL(w *bufio.Writer, r *rec) {
	it := r.it
	names := make([]string, len(r.authors))
	for i, a := range r.authors {
		names[i] = a.family + ", " + a.given
	}
	count := ""
	if it.last > it.first && r.first != "" {
		count = strconv.Itoa(it.last - it.first + 1)
	}
	date := fmt.Sprintf("%d/%d/%d", 1+int(it.id)%12, 1+int(it.id)%28, r.year)
	c := csv.NewWriter(w)
	c.Write([]string{r.title, strings.Join(names, "; "), r.journal, `="` + strings.ReplaceAll(it.j.issn, "-", "") + `"`, "",
		`="` + date + `"`, r.volume, r.issue, r.first, count, r.id, r.doi, "", it.docType,
		strings.ToUpper(strings.Join(it.keywords, "; ")), "", r.abstract,
		"https://search.ebscohost.com/login.aspx?direct=true&db=ccm&AN=" + r.id})
	c.Flush()
}
