package synth

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// A synthetic review is what a multi-database search hands a team: the
// same works exported by MEDLINE (nbib), Embase via Ovid (RIS), Web of
// Science (tagged), Scopus (BibTeX) and CINAHL (CSV), each in its own
// format and with the differences real exports show (title case and
// punctuation, abbreviated or full journal names, a missing DOI or pages,
// initials or full given names, diacritics kept, folded or written as
// LaTeX, the online year against the print year, a subtitle left out, a
// typo), and beside them the items that look like a duplicate and are not:
// an erratum of an article, a conference abstract of its study, its
// protocol and its follow-up report, and generic titles ("Editorial").
//
// The truth is written beside the exports as truth.csv
// (record_id,group_id), which ../shared/tools/dedup-score reads: a
// record's id is its file's stem and its id in that file
// ("medline:20001234"), its group the work it exports ("w123").
//
// Every work is made from its own seeded generator, so the same seed gives
// the same bytes, and an update (WriteUpdate) can export old works again
// as a re-run search finds them.

// Database is one of the databases a synthetic review searched.
type Database int

// The databases, in the order their files are written and imported.
const (
	MEDLINEdb Database = iota
	Embase
	WebOfScience
	Scopus
	CINAHL
	numDatabases
)

var dbInfo = [numDatabases]struct {
	Name, File string
	weight     float64 // how often a work is found here first
	noDOI      float64 // share of records without their DOI
}{
	{"MEDLINE", "medline.nbib", 0.30, 0.10},
	{"Embase", "embase.ris", 0.30, 0.08},
	{"Web of Science", "wos.txt", 0.14, 0.06},
	{"Scopus", "scopus.bib", 0.18, 0.04},
	{"CINAHL", "cinahl.csv", 0.08, 0.25},
}

// Name is the database's name, as `winnow import --source` takes it.
func (d Database) Name() string { return dbInfo[d].Name }

// File is the name of the database's export in a review's folder.
func (d Database) File() string { return dbInfo[d].File }

// Databases lists the databases in import order.
func Databases() []Database {
	out := make([]Database, numDatabases)
	for i := range out {
		out[i] = Database(i)
	}
	return out
}

// ReviewConfig says what review to make.
type ReviewConfig struct {
	// Records is how many records the exports hold in all (the last work
	// may add a few more).
	Records int
	Seed    uint64
	// Duplicates is the share of records that are duplicates to remove
	// (default 0.25; the seed review removed 1430 of 7656).
	Duplicates float64
}

// Manifest describes a review written by WriteReview or WriteUpdate; it is
// kept beside the exports as synth.json.
type Manifest struct {
	Seed       uint64         `json:"seed"`
	Duplicates float64        `json:"duplicates"`
	Slots      int64          `json:"slots"`      // works made (their numbers start at FirstSlot)
	FirstSlot  int64          `json:"first_slot"` // 0 for a review; after the base's for an update
	Records    int            `json:"records"`
	Groups     int            `json:"groups"`    // distinct works (true groups)
	Removable  int            `json:"removable"` // records minus groups
	Files      []ManifestFile `json:"files"`
	Negatives  map[string]int `json:"negatives"`   // look-alike items that are other works, by kind
	FoundAgain int            `json:"found_again"` // update: records of works the base review holds
}

// ManifestFile is one export of a review.
type ManifestFile struct {
	Database string `json:"database"`
	File     string `json:"file"`
	Records  int    `json:"records"`
}

// ReadManifest reads a review's synth.json.
func ReadManifest(dir string) (*Manifest, error) {
	data, err := os.ReadFile(filepath.Join(dir, "synth.json"))
	if err != nil {
		return nil, err
	}
	var m Manifest
	return &m, json.Unmarshal(data, &m)
}

// WriteReview writes a synthetic review into dir: one export per database,
// truth.csv and synth.json.
func WriteReview(dir string, cfg ReviewConfig) (*Manifest, error) {
	w := newWorld()
	g := &reviewGen{world: w, seed: cfg.Seed, extra: extraCopies(cfg.Duplicates), stem: ""}
	m := &Manifest{Seed: cfg.Seed, Duplicates: cfg.Duplicates}
	out, err := g.open(dir, "")
	if err != nil {
		return nil, err
	}
	defer out.close()
	for slot := int64(0); m.Records < cfg.Records; slot++ {
		items := g.slot(slot, false)
		for i := range items {
			g.emit(out, m, &items[i], g.copyRng(slot, i, 0), true)
		}
		m.Slots++
	}
	if err := out.finish(m); err != nil {
		return nil, err
	}
	return m, writeManifest(dir, m)
}

// WriteUpdate writes, into dir, the exports of the same searches re-run
// months after the review in baseDir: n records, of which about a quarter
// are works the review already holds, found again (by the same database
// with the same id, or by another), and the rest new works of the last
// two years with their own duplicates. The file names end in "-update"
// ("medline-update.nbib") and the truth ids with them, so that the truth
// of the base and of the update can be read together.
func WriteUpdate(dir, baseDir string, n int, foundAgain float64) (*Manifest, error) {
	base, err := ReadManifest(baseDir)
	if err != nil {
		return nil, err
	}
	w := newWorld()
	g := &reviewGen{world: w, seed: base.Seed, extra: extraCopies(base.Duplicates), recent: true}
	m := &Manifest{Seed: base.Seed, Duplicates: base.Duplicates, FirstSlot: base.FirstSlot + base.Slots}
	out, err := g.open(dir, "-update")
	if err != nil {
		return nil, err
	}
	defer out.close()
	pick := rand.New(rand.NewPCG(base.Seed, 0x5eed0bad))
	next := m.FirstSlot
	found := map[[2]int64]bool{} // slot and database: a search finds a record once
	for m.Records < n {
		if pick.Float64() < foundAgain {
			// An old work found again: a recent one, as a search limited
			// by entry date finds those whose record changed.
			for try := 0; ; try++ {
				slot := base.FirstSlot + pick.Int64N(base.Slots)
				d := Database(pick.IntN(int(numDatabases)))
				items := g.slot(slot, false)
				it := &items[0]
				if it.year < 2020 && try < 20 || found[[2]int64{slot, int64(d)}] {
					continue
				}
				found[[2]int64{slot, int64(d)}] = true
				rng := g.copyRng(slot, 0, 1+uint64(pick.Int64N(1<<30)))
				it.dbs = [numDatabases]bool{}
				it.dbs[d] = true
				it.aheadOfPrint = false
				m.FoundAgain++
				g.emit(out, m, it, rng, false)
				break
			}
			continue
		}
		items := g.slot(next, true)
		for i := range items {
			g.emit(out, m, &items[i], g.copyRng(next, i, 0), true)
		}
		next++
		m.Slots++
	}
	if err := out.finish(m); err != nil {
		return nil, err
	}
	return m, writeManifest(dir, m)
}

func writeManifest(dir string, m *Manifest) error {
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "synth.json"), append(data, '\n'), 0o644)
}

// extraCopies is the mean number of copies a work has beyond its first
// for a share d of removable records: d = extra/(1+extra).
func extraCopies(d float64) float64 {
	if d <= 0 {
		d = 0.25
	}
	d = min(d, 0.8)
	return d / (1 - d)
}

// world is what every work draws from: words, names and journals.
type world struct {
	words    *vocab
	families *vocab
	givens   *vocab
	journals []journal
	jzipf    alias
	special  [3]journal // protocol journals
}

func newWorld() *world {
	w := &world{
		words:    newVocab(vocabSize, 1.0, 1, common, madeWord),
		families: newVocab(30_000, 0.9, 2, commonFamilies, madeFamily),
		givens:   newVocab(3_000, 1.0, 3, givenNames, madeGiven),
	}
	rng := rand.New(rand.NewPCG(4, 0x10ad))
	seen := map[string]bool{}
	for len(w.journals) < 3000 {
		j := madeJournal(rng, w.words)
		if !seen[j.name] {
			seen[j.name] = true
			w.journals = append(w.journals, j)
		}
	}
	weights := make([]float64, len(w.journals))
	for i := range weights {
		weights[i] = 1 / math.Pow(float64(i+1), 0.8)
	}
	w.jzipf = newAlias(weights)
	w.special = [3]journal{
		{name: "Trials", abbrev: "Trials", issn: "1745-6215", eOnly: true},
		{name: "BMJ Open", abbrev: "BMJ Open", issn: "2044-6055", eOnly: true},
		{name: "JMIR Research Protocols", abbrev: "JMIR Res Protoc", issn: "1929-0748", eOnly: true},
	}
	return w
}

// itemKind is what an item is; an item is one work, exported by one or
// more databases.
type itemKind uint8

const (
	kindArticle    itemKind = iota
	kindErratum             // an erratum of an article: another work
	kindConference          // a conference abstract of the article's study
	kindProtocol            // the study's protocol, years before
	kindFollowUp            // a later report of the study
	kindGeneric             // an editorial or letter with a generic title
)

var kindNames = [...]string{"article", "erratum", "conference abstract", "protocol", "follow-up report", "generic title"}

type person struct {
	family, given string // given in full ("John A")
}

type item struct {
	id           int64
	kind         itemKind
	title        string // in its own case, without subtitle
	subtitle     string
	lang         string // "" for English, else the language's MEDLINE code
	original     string // the title in its own language
	authors      []person
	year         int
	epub         int // the online year, when it is the year before print
	j            *journal
	volume       int
	issue        int
	suppl        int // a supplement's number
	first, last  int
	artNo        string
	doi          string
	pmid         int64
	abstract     string
	keywords     []string
	docType      string
	aheadOfPrint bool // some exports have it before its volume and pages
	dbs          [numDatabases]bool
	corrects     *item // an erratum's article
}

type reviewGen struct {
	*world
	seed   uint64
	extra  float64
	recent bool // an update: new works are of the last two years
	stem   string
}

func (g *reviewGen) rng(slot int64) *rand.Rand {
	return rand.New(rand.NewPCG(g.seed, uint64(slot)<<1))
}

// copyRng gives the generator of the exports of one item; run > 0 for
// a later search's.
func (g *reviewGen) copyRng(slot int64, i int, run uint64) *rand.Rand {
	return rand.New(rand.NewPCG(g.seed^run*0x9e3779b97f4a7c15, uint64(slot)<<1|1+uint64(i)<<40))
}

// slot makes the items of one slot: a work and the look-alikes it brings.
func (g *reviewGen) slot(slot int64, recent bool) []item {
	rng := g.rng(slot)
	id := func(k itemKind) int64 { return slot*8 + int64(k) }
	if rng.IntN(100) == 0 {
		it := g.generic(rng, id(kindGeneric), recent)
		g.chooseDatabases(rng, &it)
		return []item{it}
	}
	a := g.article(rng, id(kindArticle), recent)
	g.chooseDatabases(rng, &a)
	items := []item{a}
	if rng.Float64() < 0.015 {
		items = append(items, g.erratum(rng, &items[0], id(kindErratum)))
	}
	if rng.Float64() < 0.03 {
		items = append(items, g.conference(rng, &items[0], id(kindConference)))
	}
	if rng.Float64() < 0.01 {
		items = append(items, g.protocol(rng, &items[0], id(kindProtocol)))
	}
	if rng.Float64() < 0.01 {
		items = append(items, g.followUp(rng, &items[0], id(kindFollowUp)))
	}
	return items
}

// chooseDatabases says which databases export an item: one first, by
// weight, then each other with a probability that gives the mean number
// of extra copies.
func (g *reviewGen) chooseDatabases(rng *rand.Rand, it *item) {
	x := rng.Float64()
	first := Database(0)
	for d := range numDatabases {
		x -= dbInfo[d].weight
		if x < 0 {
			first = d
			break
		}
	}
	it.dbs[first] = true
	rest := 1 - dbInfo[first].weight
	for d := range numDatabases {
		if d != first && rng.Float64() < g.extra*dbInfo[d].weight/rest {
			it.dbs[d] = true
		}
	}
}

var designs = []string{"a systematic review", "a randomised controlled trial", "a cohort study",
	"a qualitative study", "a cross-sectional study", "a systematic review and meta-analysis",
	"a pilot study", "a mixed methods evaluation", "a scoping review", "a realist evaluation",
	"results of a national survey", "a retrospective analysis", "a cluster randomised trial",
	"a prospective multicentre study", "a case-control study", "findings from a longitudinal study"}

var languages = []struct{ code, word string }{{"ger", "und"}, {"fre", "et"}, {"spa", "y"}, {"ita", "e"}, {"por", "e"}, {"chi", ""}, {"jpn", ""}}

func (g *reviewGen) year(rng *rand.Rand, recent bool) int {
	if recent {
		return 2025 + rng.IntN(2)
	}
	back := int(rng.ExpFloat64() * 9)
	return max(2024-back, 1975)
}

// sentence draws n words.
func (g *reviewGen) sentence(rng *rand.Rand, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(g.words.draw(rng))
	}
	return b.String()
}

// titleText makes a title: Zipf words, sometimes a number, an acronym or
// a Greek letter, in sentence case.
func (g *reviewGen) titleText(rng *rand.Rand) string {
	n := 6 + rng.IntN(7) + rng.IntN(6)
	words := strings.Fields(g.sentence(rng, n))
	switch rng.IntN(12) {
	case 0:
		words = append(words, "in", strconv.Itoa(1990+rng.IntN(34))+"–"+strconv.Itoa(2000+rng.IntN(25)))
	case 1:
		words[rng.IntN(len(words))] = strconv.Itoa(2+rng.IntN(34)) + "-month"
	case 2:
		words[rng.IntN(len(words))] = []string{"COVID-19", "HIV", "ICU", "COPD", "NHS", "GP", "mHealth"}[rng.IntN(7)]
	case 3:
		words[rng.IntN(len(words))] = []string{"TGF-β", "β-blockers", "IL-1β", "α-synuclein", "γ-globulin"}[rng.IntN(5)]
	case 4:
		words[rng.IntN(len(words))] = []string{"Sjögren's", "Ménière's", "Crohn's", "Alzheimer's", "Parkinson's"}[rng.IntN(5)]
	}
	words[0] = capitalise(words[0])
	return strings.Join(words, " ")
}

func (g *reviewGen) people(rng *rand.Rand, n int) []person {
	out := make([]person, n)
	for i := range out {
		given := g.givens.draw(rng)
		if rng.IntN(3) == 0 {
			given += " " + string(rune('A'+rng.IntN(26)))
		}
		out[i] = person{family: g.families.draw(rng), given: given}
	}
	return out
}

func (g *reviewGen) journal(rng *rand.Rand) *journal { return &g.journals[g.jzipf.draw(rng)] }

// citation fills volume, issue and pages for a year in a journal.
func (g *reviewGen) citation(rng *rand.Rand, it *item) {
	it.volume = max(it.year-1960+rng.IntN(3), 1)
	if rng.IntN(10) > 0 {
		it.issue = 1 + rng.IntN(12)
	}
	if it.j.eOnly {
		it.artNo = fmt.Sprintf("e%06d", rng.IntN(1_000_000))
		return
	}
	it.first = 1 + rng.IntN(2000)
	it.last = it.first + 2 + rng.IntN(18)
}

func (g *reviewGen) doi(rng *rand.Rand, it *item) string {
	prefix := 1000 + int(hashString(it.j.name)%8000)
	return fmt.Sprintf("10.%d/%s.%d.%d", prefix, strings.ToLower(initialsOf(it.j.abbrev)), it.year, it.id)
}

func initialsOf(s string) string {
	var b strings.Builder
	for _, w := range strings.Fields(s) {
		b.WriteString(w[:1])
	}
	return b.String()
}

func hashString(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * 1099511628211
	}
	return h
}

func (g *reviewGen) abstract(rng *rand.Rand) string {
	var b strings.Builder
	for range 4 + rng.IntN(5) {
		s := g.sentence(rng, 10+rng.IntN(14))
		b.WriteString(capitalise(s))
		b.WriteString(". ")
	}
	return strings.TrimSpace(b.String())
}

func (g *reviewGen) article(rng *rand.Rand, id int64, recent bool) item {
	it := item{id: id, kind: kindArticle, docType: "Article"}
	it.title = g.titleText(rng)
	if rng.IntN(3) == 0 {
		it.subtitle = designs[rng.IntN(len(designs))]
	}
	if rng.IntN(20) == 0 {
		l := languages[rng.IntN(len(languages))]
		it.lang = l.code
		it.original = capitalise(g.sentence(rng, 8))
	}
	it.authors = g.people(rng, 1+rng.IntN(4)+rng.IntN(5))
	it.year = g.year(rng, recent)
	if rng.IntN(8) == 0 {
		it.epub = it.year - 1
	}
	it.j = g.journal(rng)
	g.citation(rng, &it)
	if it.year >= 2000 || rng.IntN(2) == 0 {
		it.doi = g.doi(rng, &it)
	}
	if rng.IntN(10) < 7 {
		it.pmid = 20_000_000 + id
	}
	it.abstract = g.abstract(rng)
	for range 3 + rng.IntN(4) {
		k := g.words.drawContent(rng)
		if rng.IntN(2) == 0 {
			k += " " + g.words.drawContent(rng)
		}
		it.keywords = append(it.keywords, k)
	}
	it.aheadOfPrint = rng.IntN(50) == 0
	return it
}

var genericTitles = []string{"Editorial", "Introduction", "Letter to the editor", "In this issue",
	"Commentary", "Foreword", "Editorial introduction", "From the editor", "Book review", "Correspondence"}

func (g *reviewGen) generic(rng *rand.Rand, id int64, recent bool) item {
	it := item{id: id, kind: kindGeneric, docType: "Editorial"}
	it.title = genericTitles[rng.IntN(len(genericTitles))]
	it.authors = g.people(rng, 1+rng.IntN(2))
	it.year = g.year(rng, recent)
	it.j = g.journal(rng)
	g.citation(rng, &it)
	if rng.IntN(2) == 0 {
		it.doi = g.doi(rng, &it)
	}
	if rng.IntN(2) == 0 {
		it.pmid = 20_000_000 + id
	}
	return it
}

// erratum is the correction of an article: the article's title, its
// journal, a page of its own a few issues later, its own DOI.
func (g *reviewGen) erratum(rng *rand.Rand, a *item, id int64) item {
	e := item{id: id, kind: kindErratum, docType: "Erratum", title: a.title, subtitle: a.subtitle, corrects: a}
	if rng.IntN(2) == 0 {
		e.authors = a.authors
	}
	e.year = a.year + rng.IntN(2)
	e.j = a.j
	e.volume = a.volume + e.year - a.year
	e.issue = 1 + rng.IntN(12)
	e.first = 1 + rng.IntN(2000)
	e.last = e.first
	if a.doi != "" && rng.IntN(10) < 7 {
		e.doi = g.doi(rng, &e)
	}
	if a.pmid != 0 {
		e.pmid = 20_000_000 + id
	}
	for d := range numDatabases {
		e.dbs[d] = d != CINAHL && rng.Float64() < 0.5
	}
	e.dbs[[]Database{MEDLINEdb, Embase, WebOfScience}[rng.IntN(3)]] = true
	return e
}

// conference is an abstract of the article's study at a meeting, printed
// in a supplement: the same title (or nearly), the first authors, the
// year before or the same year, no DOI or the supplement's.
func (g *reviewGen) conference(rng *rand.Rand, a *item, id int64) item {
	c := item{id: id, kind: kindConference, docType: "Conference Abstract", title: a.title, subtitle: a.subtitle}
	switch rng.IntN(4) {
	case 0:
		c.subtitle = ""
	case 1:
		words := strings.Fields(c.title)
		words[len(words)-1] = g.words.draw(rng)
		c.title = strings.Join(words, " ")
	}
	c.authors = a.authors[:min(len(a.authors), 1+rng.IntN(4))]
	c.year = a.year - rng.IntN(2)
	c.j = a.j
	if rng.IntN(4) > 0 {
		c.j = g.journal(rng)
	}
	c.volume = max(c.year-1960, 1)
	c.suppl = 1 + rng.IntN(3)
	c.first = 1 + rng.IntN(900)
	c.last = c.first
	if rng.IntN(5) == 0 {
		// The supplement's DOI, shared by every abstract in it.
		c.doi = fmt.Sprintf("10.%d/%s.%d.s%d", 1000+int(hashString(c.j.name)%8000), strings.ToLower(initialsOf(c.j.abbrev)), c.year, c.suppl)
	}
	c.abstract = g.abstract(rng)
	c.dbs[Embase] = rng.IntN(10) < 8
	c.dbs[WebOfScience] = rng.IntN(10) < 3
	c.dbs[Scopus] = rng.IntN(4) == 0
	c.dbs[CINAHL] = rng.IntN(20) == 0
	if c.dbs == [numDatabases]bool{} {
		c.dbs[Embase] = true
	}
	return c
}

func (g *reviewGen) protocol(rng *rand.Rand, a *item, id int64) item {
	p := item{id: id, kind: kindProtocol, docType: "Article", title: a.title, authors: a.authors}
	p.subtitle = "protocol for " + strings.TrimPrefix(cmpOr(a.subtitle, designs[1]), "a ")
	p.subtitle = "study " + p.subtitle
	p.year = a.year - 2 - rng.IntN(3)
	p.j = &g.special[rng.IntN(len(g.special))]
	g.citation(rng, &p)
	p.doi = g.doi(rng, &p)
	if a.pmid != 0 {
		p.pmid = 20_000_000 + id
	}
	p.abstract = g.abstract(rng)
	g.chooseDatabases(rng, &p)
	return p
}

func (g *reviewGen) followUp(rng *rand.Rand, a *item, id int64) item {
	k := 2 + rng.IntN(8)
	f := item{id: id, kind: kindFollowUp, docType: "Article", title: a.title, authors: a.authors}
	f.subtitle = fmt.Sprintf("%d-year follow-up of %s", k, cmpOr(a.subtitle, "a randomised controlled trial"))
	f.year = a.year + k
	f.j = a.j
	if rng.IntN(2) == 0 {
		f.j = g.journal(rng)
	}
	g.citation(rng, &f)
	f.doi = g.doi(rng, &f)
	if a.pmid != 0 {
		f.pmid = 20_000_000 + id
	}
	f.abstract = g.abstract(rng)
	g.chooseDatabases(rng, &f)
	return f
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// rec is one database's record of an item, as its export writes it.
type rec struct {
	it       *item
	db       Database
	id       string
	title    string
	authors  []person
	initials bool
	year     int
	journal  string
	abbrev   string
	volume   string
	issue    string
	first    string
	last     string
	doi      string
	pmid     string
	abstract string
}

// render makes database d's record of an item, with the variations that
// database's exports show.
func (g *reviewGen) render(it *item, d Database, rng *rand.Rand) rec {
	r := rec{it: it, db: d, year: it.year, abstract: it.abstract}
	r.id = sourceID(it, d)
	// The title.
	t := it.title
	if it.subtitle != "" && !(rng.IntN(50) == 0 && d != MEDLINEdb) {
		t += ": " + it.subtitle
	}
	if rng.IntN(100) == 0 {
		t = typo(rng, t)
	}
	switch d {
	case MEDLINEdb, WebOfScience:
		t = spellGreek(strings.ReplaceAll(t, "–", "-"))
	}
	switch it.kind {
	case kindErratum:
		switch d {
		case WebOfScience:
			a := it.corrects
			t = fmt.Sprintf("%s (vol %d, pg %d, %d)", t, a.volume, max(a.first, 1), a.year)
		case MEDLINEdb:
			t = "Correction to: " + t
		case Embase:
			a := it.corrects
			t = fmt.Sprintf("Erratum: %s (%s (%d) %d (%d-%d))", t, a.j.name, a.year, a.volume, a.first, a.last)
		default:
			t = "Erratum: " + t
		}
	}
	switch {
	case d == WebOfScience && (it.year < 1998 || rng.IntN(10) == 0):
		t = strings.ToUpper(t)
	case d == Scopus && rng.IntN(10) == 0:
		t = titleCase(t)
	}
	if d == MEDLINEdb {
		if it.lang != "" {
			t = "[" + t + "]"
		}
		t += "."
	}
	r.title = t
	// Authors.
	r.authors = it.authors
	switch d {
	case Embase:
		r.initials = it.year < 2012
	case Scopus:
		r.initials = true
	}
	if d == WebOfScience && rng.IntN(10) < 6 || d == CINAHL && rng.IntN(5) == 0 {
		r.authors = foldNames(r.authors, rng.IntN(5) == 0)
	}
	// Year: some databases give the online year.
	if it.epub != 0 && (d == Embase || d == Scopus || d == CINAHL) && rng.IntN(2) == 0 {
		r.year = it.epub
	}
	// Journal.
	r.journal, r.abbrev = it.j.name, it.j.abbrev
	switch {
	case d == WebOfScience:
		r.journal, r.abbrev = strings.ToUpper(r.journal), strings.ToUpper(r.abbrev)
	case d == Embase && rng.IntN(10) == 0:
		r.journal = "" // only the abbreviation
	case d == CINAHL && strings.HasPrefix(r.journal, "The "):
		r.journal = r.journal[4:]
	}
	// Citation.
	ahead := it.aheadOfPrint && rng.IntN(2) == 0
	if it.volume > 0 && !ahead {
		r.volume = strconv.Itoa(it.volume)
		if it.issue > 0 && rng.IntN(20) > 0 {
			r.issue = strconv.Itoa(it.issue)
		}
		if it.suppl > 0 {
			switch d {
			case WebOfScience:
				r.issue = ""
			case Scopus:
				r.issue = "SUPPL " + strconv.Itoa(it.suppl)
			default:
				r.issue = "Supplement " + strconv.Itoa(it.suppl)
			}
		}
		switch {
		case it.artNo != "":
			r.first = it.artNo
		case it.first > 0 && rng.IntN(30) > 0:
			p := ""
			if it.suppl > 0 {
				p = "S"
			}
			r.first = p + strconv.Itoa(it.first)
			if it.last > it.first && d != CINAHL {
				r.last = p + strconv.Itoa(it.last)
			}
		}
	}
	// Identifiers.
	if it.doi != "" && rng.Float64() >= dbInfo[d].noDOI {
		r.doi = it.doi
		if d == WebOfScience && rng.IntN(3) == 0 {
			r.doi = strings.ToUpper(r.doi)
		}
	}
	if it.pmid != 0 {
		switch d {
		case MEDLINEdb:
			r.pmid = strconv.FormatInt(it.pmid, 10)
		case WebOfScience, Scopus:
			if rng.IntN(2) == 0 {
				r.pmid = strconv.FormatInt(it.pmid, 10)
			}
		}
	}
	if r.abstract != "" && (rng.IntN(20) == 0 || d == CINAHL && rng.IntN(5) == 0) {
		r.abstract = ""
	}
	if d == Scopus && r.abstract != "" && rng.IntN(3) == 0 {
		r.abstract += fmt.Sprintf(" © %d Elsevier Ltd. All rights reserved.", it.year)
	}
	return r
}

// sourceID is an item's id in a database: a PMID, an accession number,
// a WoS UT, a BibTeX key.
func sourceID(it *item, d Database) string {
	switch d {
	case MEDLINEdb:
		if it.pmid != 0 {
			return strconv.FormatInt(it.pmid, 10)
		}
		return strconv.FormatInt(20_000_000+it.id, 10)
	case Embase:
		return strconv.FormatInt(600_000_000+it.id, 10)
	case WebOfScience:
		return fmt.Sprintf("WOS:%015d", 100_000_000_000+it.id)
	case Scopus:
		fam := "Anon"
		if len(it.authors) > 0 {
			fam = strings.NewReplacer(" ", "", "-", "", "'", "").Replace(foldASCII(it.authors[0].family))
		}
		return fmt.Sprintf("%s%d%d", fam, it.year, it.id)
	default:
		return strconv.FormatInt(100_000_000+it.id, 10)
	}
}

// typo drops or doubles a letter of a long word.
func typo(rng *rand.Rand, t string) string {
	words := strings.Fields(t)
	for range 5 {
		i := rng.IntN(len(words))
		w := words[i]
		if len(w) < 7 || !isASCIIWord(w) {
			continue
		}
		k := 1 + rng.IntN(len(w)-2)
		if rng.IntN(2) == 0 {
			words[i] = w[:k] + w[k+1:]
		} else {
			words[i] = w[:k] + w[k:k+1] + w[k:]
		}
		break
	}
	return strings.Join(words, " ")
}

func isASCIIWord(w string) bool {
	for i := 0; i < len(w); i++ {
		if c := w[i]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

var greek = strings.NewReplacer("α", "alpha", "β", "beta", "γ", "gamma")

func spellGreek(s string) string { return greek.Replace(s) }

func titleCase(t string) string {
	words := strings.Fields(t)
	for i, w := range words {
		switch w {
		case "of", "the", "and", "in", "a", "an", "for", "on", "with", "to":
			if i > 0 {
				continue
			}
		}
		words[i] = capitalise(w)
	}
	return strings.Join(words, " ")
}

// foldNames writes names without diacritics, and with German umlauts as
// "ue" when transliterate is set.
func foldNames(ps []person, transliterate bool) []person {
	out := make([]person, len(ps))
	for i, p := range ps {
		fam := p.family
		if transliterate {
			fam = strings.NewReplacer("ü", "ue", "ö", "oe", "ä", "ae").Replace(fam)
		}
		out[i] = person{family: foldASCII(fam), given: foldASCII(p.given)}
	}
	return out
}

// initials gives "J. A." for "John A".
func initials(given string, dots bool) string {
	var b strings.Builder
	for _, w := range strings.Fields(given) {
		for _, part := range strings.Split(w, "-") {
			r := []rune(part)
			if len(r) == 0 {
				continue
			}
			b.WriteRune(r[0])
			if dots {
				b.WriteByte('.')
			}
		}
	}
	return b.String()
}

// The exports being written: one writer per database, the truth, and
// counts.
type outputs struct {
	files  [numDatabases]*os.File
	w      [numDatabases]*bufio.Writer
	n      [numDatabases]int
	truth  *bufio.Writer
	tf     *os.File
	tcsv   *csv.Writer
	suffix string
	dir    string
}

func (g *reviewGen) open(dir, suffix string) (*outputs, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	o := &outputs{suffix: suffix, dir: dir}
	for d := range numDatabases {
		f, err := os.Create(filepath.Join(dir, fileName(d, suffix)))
		if err != nil {
			o.close()
			return nil, err
		}
		o.files[d], o.w[d] = f, bufio.NewWriterSize(f, 1<<20)
		switch d {
		case WebOfScience:
			o.w[d].WriteString("FN Clarivate Analytics Web of Science\nVR 1.0\n")
		case CINAHL:
			o.w[d].WriteString("\ufeff")
			c := csv.NewWriter(o.w[d])
			c.Write(cinahlHeader)
			c.Flush()
		}
	}
	tf, err := os.Create(filepath.Join(dir, "truth.csv"))
	if err != nil {
		o.close()
		return nil, err
	}
	o.tf, o.truth = tf, bufio.NewWriterSize(tf, 1<<20)
	o.tcsv = csv.NewWriter(o.truth)
	o.tcsv.Write([]string{"record_id", "group_id"})
	return o, nil
}

func fileName(d Database, suffix string) string {
	f := dbInfo[d].File
	ext := filepath.Ext(f)
	return strings.TrimSuffix(f, ext) + suffix + ext
}

// TruthID is the id truth.csv gives a record: its file's stem and its id
// in the file.
func TruthID(file, sourceID string) string {
	base := filepath.Base(file)
	return strings.TrimSuffix(base, filepath.Ext(base)) + ":" + sourceID
}

func (o *outputs) close() {
	for _, f := range o.files {
		if f != nil {
			f.Close()
		}
	}
	if o.tf != nil {
		o.tf.Close()
	}
}

func (o *outputs) finish(m *Manifest) error {
	o.w[WebOfScience].WriteString("EF\n")
	for d := range numDatabases {
		if err := o.w[d].Flush(); err != nil {
			return err
		}
		if err := o.files[d].Close(); err != nil {
			return err
		}
		o.files[d] = nil
		m.Files = append(m.Files, ManifestFile{Database: dbInfo[d].Name, File: fileName(d, o.suffix), Records: o.n[d]})
	}
	o.tcsv.Flush()
	if err := o.truth.Flush(); err != nil {
		return err
	}
	err := o.tf.Close()
	o.tf = nil
	m.Removable = m.Records - m.Groups
	return err
}

// emit writes every database's record of an item, and its truth; newWork
// is false for a work the base review holds.
func (g *reviewGen) emit(o *outputs, m *Manifest, it *item, rng *rand.Rand, newWork bool) {
	group := "w" + strconv.FormatInt(it.id, 10)
	n := 0
	for d := range numDatabases {
		if !it.dbs[d] {
			continue
		}
		r := g.render(it, d, rng)
		w := o.w[d]
		switch d {
		case MEDLINEdb:
			writeNBIB(w, &r)
		case Embase:
			writeOvid(w, &r, o.n[d]+1)
		case WebOfScience:
			writeWoS(w, &r)
		case Scopus:
			writeScopus(w, &r, rng)
		case CINAHL:
			writeCINAHL(w, &r)
		}
		o.n[d]++
		o.tcsv.Write([]string{TruthID(fileName(d, o.suffix), r.id), group})
		n++
	}
	m.Records += n
	if !newWork {
		return
	}
	m.Groups++
	if it.kind != kindArticle {
		if m.Negatives == nil {
			m.Negatives = map[string]int{}
		}
		m.Negatives[kindNames[it.kind]]++
	}
}
