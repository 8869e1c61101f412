// Package synth writes large synthetic exports (RIS, BibTeX, MEDLINE) for
// benchmarks: records of about 1.3 KB with the fields real exports carry,
// made from a seeded generator so that every run writes the same bytes.
package synth

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
)

// Record holds one synthetic record's fields.
type Record struct {
	N        int
	Title    string
	Authors  [][2]string // family, given
	Year     int
	Journal  string
	Volume   int
	Issue    int
	Pages    string
	DOI      string
	PMID     int
	Abstract string
	Keywords []string
}

var words = strings.Fields(`integrated care primary social services older adults multimorbidity
community health outcomes randomised trial qualitative study evaluation intervention general practice
nursing home hospital admission frailty dementia depression quality life cost effectiveness
commissioning workforce collaboration coordination case management self care patient centred
model pathway network organisational professional clinical functional normative system level
policy funding England services delivery evidence review systematic scoping protocol mixed methods
interview survey cohort analysis population risk management long term conditions wellbeing`)

var families = strings.Fields(`Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright
Thompson Evans Walker White Roberts Green Hall Wood Jackson Clarke Müller García Østergaard Nguyen
Kowalski O'Brien van der Berg Ødegaard Łukasiewicz Dubois`)

var journals = []string{"BMJ Open", "Age and Ageing", "International Journal of Integrated Care",
	"Health & Social Care in the Community", "British Journal of General Practice", "BMC Health Services Research",
	"Journal of the American Geriatrics Society", "The Lancet", "Health Policy", "Journal of Integrated Care"}

// Generator makes records from a seed.
type Generator struct {
	rng *rand.Rand
	n   int
}

// New returns a generator; the same seed gives the same records.
func New(seed uint64) *Generator {
	return &Generator{rng: rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))}
}

func (g *Generator) sentence(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(words[g.rng.IntN(len(words))])
	}
	return b.String()
}

// Next makes the next record.
func (g *Generator) Next() Record {
	g.n++
	r := Record{
		N:       g.n,
		Year:    1990 + g.rng.IntN(35),
		Journal: journals[g.rng.IntN(len(journals))],
		Volume:  1 + g.rng.IntN(80),
		Issue:   1 + g.rng.IntN(12),
		PMID:    10000000 + g.n,
	}
	t := g.sentence(12)
	r.Title = strings.ToUpper(t[:1]) + t[1:]
	start := 1 + g.rng.IntN(900)
	r.Pages = fmt.Sprintf("%d-%d", start, start+3+g.rng.IntN(20))
	r.DOI = fmt.Sprintf("10.%d/synth.%d.%d", 1000+g.rng.IntN(8000), r.Year, g.n)
	for i := 0; i < 3+g.rng.IntN(5); i++ {
		given := string(rune('A'+g.rng.IntN(26))) + "." + string(rune('A'+g.rng.IntN(26))) + "."
		r.Authors = append(r.Authors, [2]string{families[g.rng.IntN(len(families))], given})
	}
	var ab strings.Builder
	for ab.Len() < 900 {
		s := g.sentence(10 + g.rng.IntN(10))
		ab.WriteString(strings.ToUpper(s[:1]) + s[1:] + ". ")
	}
	r.Abstract = strings.TrimSpace(ab.String())
	for i := 0; i < 4; i++ {
		r.Keywords = append(r.Keywords, g.sentence(2))
	}
	return r
}

// Format names an export format the generator writes.
type Format string

// The formats Write knows.
const (
	RIS     Format = "ris"
	BibTeX  Format = "bibtex"
	MEDLINE Format = "medline"
	// Fields6 is a CSV of the six fields the import floor stores (title,
	// authors, year, journal, abstract, DOI), for the sqlite3 shell's
	// figure in scripts/bench.sh.
	Fields6 Format = "fields6"
)

// Write writes n records in the format to w.
func Write(w io.Writer, f Format, n int, seed uint64) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	g := New(seed)
	for i := 0; i < n; i++ {
		r := g.Next()
		switch f {
		case RIS:
			writeRIS(bw, r)
		case BibTeX:
			writeBibTeX(bw, r)
		case MEDLINE:
			writeMEDLINE(bw, r)
		case Fields6:
			writeFields6(bw, r)
		default:
			return fmt.Errorf("synth: unknown format %q", f)
		}
	}
	return bw.Flush()
}

func writeRIS(w *bufio.Writer, r Record) {
	fmt.Fprintf(w, "TY  - JOUR\nID  - %d\nTI  - %s\n", r.N, r.Title)
	for _, a := range r.Authors {
		fmt.Fprintf(w, "AU  - %s, %s\n", a[0], a[1])
	}
	fmt.Fprintf(w, "PY  - %d\nT2  - %s\nVL  - %d\nIS  - %d\nSP  - %s\nDO  - %s\nAN  - %d\n",
		r.Year, r.Journal, r.Volume, r.Issue, r.Pages, r.DOI, r.PMID)
	for _, k := range r.Keywords {
		fmt.Fprintf(w, "KW  - %s\n", k)
	}
	fmt.Fprintf(w, "AB  - %s\nER  - \n\n", r.Abstract)
}

func writeBibTeX(w *bufio.Writer, r Record) {
	names := make([]string, len(r.Authors))
	for i, a := range r.Authors {
		names[i] = a[0] + ", " + a[1]
	}
	fmt.Fprintf(w, "@article{synth%d,\n  title = {%s},\n  author = {%s},\n  year = {%d},\n  journal = {%s},\n  volume = {%d},\n  number = {%d},\n  pages = {%s},\n  doi = {%s},\n  pmid = {%d},\n  keywords = {%s},\n  abstract = {%s}\n}\n\n",
		r.N, r.Title, strings.Join(names, " and "), r.Year, r.Journal, r.Volume, r.Issue,
		strings.Replace(r.Pages, "-", "--", 1), r.DOI, r.PMID, strings.Join(r.Keywords, ", "), r.Abstract)
}

func writeMEDLINE(w *bufio.Writer, r Record) {
	fmt.Fprintf(w, "PMID- %d\nOWN - NLM\nSTAT- MEDLINE\nDP  - %d\nTI  - %s\n", r.PMID, r.Year, r.Title)
	fmt.Fprintf(w, "PG  - %s\nLID - %s [doi]\n", r.Pages, r.DOI)
	// MEDLINE wraps long values at 80 columns with six-space indents.
	ab := "AB  - " + r.Abstract
	for len(ab) > 80 {
		cut := strings.LastIndexByte(ab[:80], ' ')
		if cut <= 6 {
			cut = 80
		}
		w.WriteString(ab[:cut] + "\n")
		ab = "      " + ab[cut+1:]
	}
	w.WriteString(ab + "\n")
	for _, a := range r.Authors {
		fmt.Fprintf(w, "FAU - %s, %s\nAU  - %s %s\n", a[0], a[1], a[0], strings.ReplaceAll(a[1], ".", ""))
	}
	fmt.Fprintf(w, "LA  - eng\nPT  - Journal Article\nTA  - %s\nJT  - %s\nVI  - %d\nIP  - %d\n", r.Journal, r.Journal, r.Volume, r.Issue)
	for _, k := range r.Keywords {
		fmt.Fprintf(w, "OT  - %s\n", k)
	}
	fmt.Fprintf(w, "AID - %s [doi]\nSO  - %s. %d;%d(%d):%s.\n\n", r.DOI, r.Journal, r.Year, r.Volume, r.Issue, r.Pages)
}

func writeFields6(w *bufio.Writer, r Record) {
	names := make([]string, len(r.Authors))
	for i, a := range r.Authors {
		names[i] = a[0] + ", " + a[1]
	}
	c := csv.NewWriter(w)
	c.Write([]string{r.Title, strings.Join(names, "; "), fmt.Sprint(r.Year), r.Journal, r.Abstract, r.DOI})
	c.Flush()
}
