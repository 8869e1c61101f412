package export

import (
	"io"
	"strconv"
	"strings"

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/formats"
	"github.com/winnow-review/winnow/review/formats/ris"
	"github.com/winnow-review/winnow/review/store"
)

// risWriter writes RIS: records one after another, a blank line between
// them, LF line ends (as winnow keeps raw text; reference managers read
// both).
type risWriter struct {
	w       io.Writer
	written int
}

func (rw *risWriter) write(e *store.Exported) error {
	text, ok := risRaw(e)
	if !ok {
		text = risRecord(&e.Record)
	}
	if rw.written > 0 {
		text = "\n" + text
	}
	rw.written++
	_, err := io.WriteString(rw.w, text+"\n")
	return err
}

func (rw *risWriter) close() error { return nil }

// risRaw gives a record's raw text when it came from a RIS file. A record
// whose file ended without its ER line gets one. Unlike a BibTeX entry, a
// RIS record depends on nothing else in its file, and its raw text is
// exactly the lines the reader read it from: it reads back alone as the
// same record without being read again here (which would double the time
// of an export of a million records).
//
// A record read with tag lines after its ER (Ovid's NL, WISO's AB) goes out
// with them before its ER, where other readers look for them, without the
// lines between (Ovid's "Link to ..." lines); an "ER" with no dash goes out
// as "ER  - ".
func risRaw(e *store.Exported) (string, bool) {
	if e.Format != string(formats.RIS) {
		return "", false
	}
	raw := strings.TrimRight(e.Record.Raw, "\n")
	first, _, _ := strings.Cut(raw, "\n")
	if tag, ok := ris.LineTag(first); !ok || tag != "TY" {
		// A file that wrote its own separator ("TY- JOUR") goes out
		// written anew from its fields, as RIS writes it.
		return "", false
	}
	erStart, erEnd := firstER(raw)
	switch {
	case erStart < 0:
		return raw + "\nER  - ", true
	case erEnd == len(raw) && isTag(raw[erStart:], "ER"):
		return raw, true
	}
	var b strings.Builder
	b.Grow(len(raw) + 8)
	b.WriteString(raw[:erStart])
	for rest := raw[min(erEnd+1, len(raw)):]; rest != ""; {
		line, more, _ := strings.Cut(rest, "\n")
		if tag, ok := ris.LineTag(line); ok && tag != "ER" {
			b.WriteString(line)
			b.WriteByte('\n')
		}
		rest = more
	}
	if er := raw[erStart:erEnd]; isTag(er, "ER") {
		b.WriteString(er)
	} else {
		b.WriteString("ER  - ")
	}
	return b.String(), true
}

// firstER finds the first ER line of a record's raw text after its TY
// line, as the reader found it: its start and end offsets, or -1 when it
// has none.
func firstER(raw string) (int, int) {
	start := strings.IndexByte(raw, '\n') + 1
	for start > 0 && start < len(raw) {
		end := strings.IndexByte(raw[start:], '\n')
		if end < 0 {
			end = len(raw)
		} else {
			end += start
		}
		if tag, ok := ris.LineTag(raw[start:end]); ok && tag == "ER" {
			return start, end
		}
		start = end + 1
	}
	return -1, -1
}

// isTag reports whether line is a tag line of tag ("ER  - "), white
// space or a BOM before it allowed, as RIS readers allow it for TY and ER.
func isTag(line, tag string) bool {
	rest, ok := strings.CutPrefix(strings.TrimLeft(line, " \t\ufeff"), tag)
	if !ok {
		return false
	}
	dash := strings.TrimLeft(rest, " ")
	return len(dash) < len(rest) && strings.HasPrefix(dash, "-")
}

// risRecord generates a RIS record from the normalised fields.
func risRecord(r *review.Record) string {
	var b strings.Builder
	tag := func(t, v string) {
		if v == "" {
			return
		}
		b.WriteString(t)
		b.WriteString("  - ")
		b.WriteString(v)
		b.WriteByte('\n')
	}
	ty := risType(r)
	tag("TY", ty)
	tag("TI", oneLine(r.Title))
	for _, a := range r.Authors {
		tag("AU", oneLine(a.String()))
	}
	if r.Year != 0 {
		tag("PY", strconv.Itoa(r.Year))
	}
	// JO is the journal; for a chapter or a paper in proceedings the
	// book or conference is the secondary title, T2.
	if ty == "JOUR" || ty == "GEN" {
		tag("JO", oneLine(r.Journal))
	} else {
		tag("T2", oneLine(r.Journal))
	}
	tag("VL", oneLine(r.Volume))
	tag("IS", oneLine(r.Issue))
	sp, ep := splitPages(oneLine(r.Pages))
	tag("SP", sp)
	tag("EP", ep)
	tag("SN", oneLine(r.ISSN))
	tag("DO", oneLine(r.DOI))
	tag("AB", risText(r.Abstract))
	for _, k := range r.Keywords {
		tag("KW", oneLine(k))
	}
	tag("UR", oneLine(r.URL))
	tag("LA", oneLine(r.Language))
	b.WriteString("ER  - ")
	return b.String()
}

// risText keeps a long text's line breaks, except before a line that a
// RIS reader would take for a tag ("AU  - ..."): that line is joined to
// the one before it.
func risText(s string) string {
	s = strings.TrimSpace(strings.ReplaceAll(s, "\r", ""))
	if !strings.Contains(s, "\n") {
		return s
	}
	lines := strings.Split(s, "\n")
	var b strings.Builder
	for i, l := range lines {
		l = strings.TrimRight(l, " \t")
		if i > 0 {
			if looksLikeTag(strings.TrimLeft(l, " \t")) {
				b.WriteByte(' ')
			} else {
				b.WriteByte('\n')
			}
		}
		b.WriteString(l)
	}
	return b.String()
}

// looksLikeTag reports whether a line starts like a RIS tag line: a
// capital letter, one to three capitals or digits, one or two spaces and
// a dash. It errs towards yes: a line break lost costs little.
func looksLikeTag(l string) bool {
	i := 0
	for i < len(l) && i < 4 && (l[i] >= 'A' && l[i] <= 'Z' || i > 0 && l[i] >= '0' && l[i] <= '9') {
		i++
	}
	if i < 2 {
		return false
	}
	rest := strings.TrimLeft(l[i:], " ")
	return len(rest) < len(l[i:]) && strings.HasPrefix(rest, "-")
}

// splitPages gives a page range's first and last page: "12-30" is 12 and
// 30; a single page or an article number is the first page alone.
func splitPages(p string) (string, string) {
	first, last, ok := strings.Cut(p, "-")
	first, last = strings.TrimSpace(first), strings.TrimSpace(last)
	if !ok || first == "" || last == "" {
		return p, ""
	}
	return first, last
}

// risType gives the RIS type of a record. A record from a RIS file keeps
// its type; others are mapped from the type their format gave.
func risType(r *review.Record) string {
	if t := strings.ToUpper(strings.TrimSpace(r.Type)); isRISType(t) {
		return t
	}
	switch kindOf(r) {
	case kindChapter:
		return "CHAP"
	case kindBook:
		return "BOOK"
	case kindConference:
		return "CPAPER"
	case kindThesis:
		return "THES"
	case kindReport:
		return "RPRT"
	case kindWeb:
		return "ELEC"
	case kindArticle:
		return "JOUR"
	}
	return "GEN"
}

// isRISType reports whether t is a RIS reference type as exports write
// them (the common ones of the RIS specification).
func isRISType(t string) bool {
	switch t {
	case "JOUR", "JFULL", "ABST", "BOOK", "CHAP", "EDBOOK", "CONF", "CPAPER", "THES", "RPRT", "ELEC",
		"WEB", "GEN", "NEWS", "MGZN", "GOVDOC", "STAT", "BILL", "CASE", "HEAR", "PAT", "UNPB",
		"INPR", "EJOUR", "SER", "STAND", "PCOMM", "ICOMM", "DATA", "DBASE", "BLOG", "COMP", "MANSCPT":
		return true
	}
	return false
}

// kind is what sort of work a record is, read from the many spellings of
// types in exports ("JOUR", "Journal Article", "article", "J").
type kind int

const (
	kindOther kind = iota
	kindArticle
	kindChapter
	kindBook
	kindConference
	kindThesis
	kindReport
	kindWeb
)

func kindOf(r *review.Record) kind {
	t := strings.ToLower(strings.TrimSpace(r.Type))
	has := func(words ...string) bool {
		for _, w := range words {
			if strings.Contains(t, w) {
				return true
			}
		}
		return false
	}
	switch {
	case t == "j" || has("jour", "article", "review", "editorial", "letter", "comment"):
		return kindArticle
	case has("chap", "section", "incollection", "inbook"):
		return kindChapter
	case has("conf", "proceed", "cpaper", "meeting", "congress"):
		return kindConference
	case has("thes", "dissert"):
		return kindThesis
	case has("report", "rprt", "govdoc", "working paper"):
		return kindReport
	case has("book"):
		return kindBook
	case has("web", "elec", "online", "internet"):
		return kindWeb
	case r.Journal != "":
		return kindArticle
	}
	return kindOther
}
