package match

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// verdict is what a comparison decides about a pair.
type verdict uint8

const (
	differ verdict = iota // not the same work, or not enough evidence to ask
	ask                   // unsure: a person decides (the queue)
	same                  // the same work: linked automatically
)

// Ranks order the links by strength: when two links would join clusters
// that must stay apart, the stronger link wins.
const (
	rankFuzzy = 1
	rankTitle = 2
	rankID    = 3
)

// outcome is the result of comparing two keys.
type outcome struct {
	verdict verdict
	rank    uint8
	score   float64
	reasons []string
}

// features are the measurements a comparison rests on; the test of the
// corpus prints them for the pairs it gets wrong.
type features struct {
	titled     bool    // both records have a title
	exact      bool    // the titles are equal, spaces aside
	tsim       float64 // title similarity, 0..1
	contained  bool    // one title is the start or the end of the other
	shortWords int     // words in the shorter title
	numbers    bool    // the titles carry different numbers
	generic    bool    // a title that names a kind of item ("Editorial")
	short      bool    // a title of one or two words
	dy         int     // year difference; -1 when a year is missing
	first      int8    // first author: 1 same, 0 unknown, -1 different
	overlap    float64 // share of the shorter author list found in the other; -1 unknown
	venue      venueMatch
	volume     int8 // 1 same, 0 unknown, -1 different
	page       int8
	lastPage   int8
	pageRange  bool // both give a page range, not one page
	pageNear   bool // one first page lies in the other's range
	issue      int8
	doi        int8
	pmid       int8
	notice     bool // one is an erratum, retraction or comment and the other is not
	erratum    bool // one is an erratum or retraction notice and the other is not
	confDiffer bool // both are conference papers, of differently named conferences
	suppDiffer bool // one is in a supplement and the other is not
	abstract   bool // one is a conference abstract in a supplement, the other neither
	part       bool // companion papers: "Part I" and "Part II"
	sameSearch bool // both from one export file that is not combined
}

// sketch is what plainlyDifferent looks at, made once per key: the title's
// words as sorted, distinct 32-bit hashes, a hash of the title without
// spaces, and hashes of the DOI (high half) and PMID (low half), zero when
// missing.
type sketch struct {
	words []uint32
	title uint64
	ids   uint64
}

func sketchOf(k *Key, buf []uint32) sketch {
	return sketch{words: appendTokens(buf[:0], k.Title), title: compactHash(k.Title), ids: idHash(k)}
}

func idHash(k *Key) uint64 {
	var h uint64
	if k.DOI != "" {
		h = uint64(hash32(k.DOI)|1) << 32
	}
	if k.PMID != "" {
		h |= uint64(hash32(k.PMID) | 1)
	}
	return h
}

// sketches holds the sketches of many keys, their words in one array.
type sketches struct {
	start []int32
	words []uint32
	title []uint64
	ids   []uint64
}

func (t *sketches) of(i int) sketch {
	return sketch{words: t.words[t.start[i]:t.start[i+1]], title: t.title[i], ids: t.ids[i]}
}

// sketchAll makes the sketches of keys.
func sketchAll(keys []Key) *sketches {
	t := &sketches{start: make([]int32, len(keys)+1), title: make([]uint64, len(keys)), ids: make([]uint64, len(keys))}
	total := 0
	for _, k := range keys {
		total += strings.Count(k.Title, " ") + 1
	}
	t.words = make([]uint32, 0, total)
	for i := range keys {
		t.words = appendTokens(t.words, keys[i].Title)
		t.start[i+1] = int32(len(t.words))
		t.title[i] = compactHash(keys[i].Title)
		t.ids[i] = idHash(&keys[i])
	}
	return t
}

// appendTokens appends the sorted distinct word hashes of a title.
func appendTokens(dst []uint32, title string) []uint32 {
	n0 := len(dst)
	for w := range strings.FieldsSeq(title) {
		dst = append(dst, hash32(w))
	}
	slices.Sort(dst[n0:])
	return dst[:n0+len(slices.Compact(dst[n0:]))]
}

// compactHash hashes a title without its spaces, so that titles
// compactEqual calls equal hash alike.
func compactHash(title string) uint64 {
	h := newHash('c')
	for i := 0; i < len(title); i++ {
		if title[i] != ' ' {
			h = h.byte(title[i])
		}
	}
	return uint64(h)
}

func hash32(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= 16777619
	}
	return h
}

// plainlyDifferent reports, cheaply, that decide would find nothing in a
// pair: no shared identifier, titles neither equal nor half alike nor one
// inside the other, and not the same year, volume and page range. Most
// pairs a block offers are like this, and measure need not look at them.
func plainlyDifferent(a, b *Key, x, y *sketch) bool {
	switch {
	case x.ids&^0xffffffff != 0 && x.ids&^0xffffffff == y.ids&^0xffffffff && a.DOI == b.DOI,
		x.ids&0xffffffff != 0 && x.ids&0xffffffff == y.ids&0xffffffff && a.PMID == b.PMID:
		return false
	case a.Volume != 0 && a.Volume == b.Volume && a.FirstPage != 0 && a.FirstPage == b.FirstPage &&
		a.LastPage > a.FirstPage && a.LastPage == b.LastPage && a.Year != 0 && a.Year == b.Year:
		// The same citation under another title (a translation).
		return false
	case len(x.words) == 0 || len(y.words) == 0:
		return true
	case x.title == y.title:
		return false
	}
	common := intersect(x.words, y.words)
	return 4*common < len(x.words)+len(y.words) && common < min(len(x.words), len(y.words))
}

// measure compares two keys field by field.
func measure(a, b *Key, ta, tb []uint32, sameSearch bool) features {
	var f features
	f.sameSearch = sameSearch
	f.dy = -1
	if a.Year != 0 && b.Year != 0 {
		f.dy = int(a.Year - b.Year)
		if f.dy < 0 {
			f.dy = -f.dy
		}
	}
	f.notice = a.Flags&notice != b.Flags&notice
	f.erratum = a.Flags&(Erratum|Retraction) != b.Flags&(Erratum|Retraction)
	f.suppDiffer = a.Flags&Supplement != b.Flags&Supplement
	const cs = Conference | Supplement
	f.abstract = a.Flags&cs == cs && b.Flags&cs == 0 || b.Flags&cs == cs && a.Flags&cs == 0
	f.part = a.Part != 0 && b.Part != 0 && a.Part != b.Part
	f.doi = tri(a.DOI, b.DOI)
	f.pmid = tri(a.PMID, b.PMID)
	f.volume = triNum(a.Volume, b.Volume)
	f.page = triNum(a.FirstPage, b.FirstPage)
	f.lastPage = triNum(a.LastPage, b.LastPage)
	f.pageRange = a.LastPage > a.FirstPage && b.LastPage > b.FirstPage
	f.pageNear = within(a.FirstPage, b) || within(b.FirstPage, a)
	f.issue = triNum(a.Issue, b.Issue)
	if f.issue == -1 && (a.Issue > 60 || b.Issue > 60) {
		// Large "issues" are article or supplement numbers.
		f.issue = 0
	}
	f.venue = compareVenue(a.Venue, b.Venue)
	if f.venue == venueDiffer && a.Flags&b.Flags&Conference != 0 {
		f.confDiffer = true
		// Proceedings are named in too many ways ("Americas Conference
		// on Information Systems", "AMCIS 2017 Proceedings") for their
		// names to tell two conferences apart.
		f.venue = venueUnknown
	}
	f.first, f.overlap = compareAuthors(a, b)

	if a.Title != "" && b.Title != "" {
		f.titled = true
		f.exact = compactEqual(a.Title, b.Title)
		short, long := a.Title, b.Title
		if len(short) > len(long) {
			short, long = long, short
		}
		f.shortWords = strings.Count(short, " ") + 1
		f.generic = isGeneric(a.Title) || isGeneric(b.Title)
		f.short = isShort(a.Title) || isShort(b.Title)
		if f.exact {
			f.tsim = 1
		} else {
			common := intersect(ta, tb)
			f.tsim = 2 * float64(common) / float64(len(ta)+len(tb))
			f.contained = len(long) > len(short) &&
				(strings.HasPrefix(long, short) && long[len(short)] == ' ' ||
					strings.HasSuffix(long, short) && long[len(long)-len(short)-1] == ' ')
			if f.tsim >= 0.5 && f.tsim < 0.97 {
				f.tsim = math.Max(f.tsim, charSimilarity(a.Title, b.Title))
			}
			f.numbers = numbersDiffer(a.Title, b.Title)
		}
	}
	return f
}

// within reports whether page p lies in k's page range.
func within(p uint32, k *Key) bool {
	return p != 0 && k.LastPage > k.FirstPage && p >= k.FirstPage && p <= k.LastPage
}

func tri(a, b string) int8 {
	switch {
	case a == "" || b == "":
		return 0
	case a == b:
		return 1
	}
	return -1
}

func triNum(a, b uint32) int8 {
	switch {
	case a == 0 || b == 0:
		return 0
	case a == b:
		return 1
	}
	return -1
}

// intersect counts the hashes two sorted lists share.
func intersect(a, b []uint32) int {
	n, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			n++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return n
}

// compactEqual reports whether two titles are equal once spaces are
// ignored ("intra-epithelial" and "intraepithelial").
func compactEqual(a, b string) bool {
	i, j := 0, 0
	for {
		for i < len(a) && a[i] == ' ' {
			i++
		}
		for j < len(b) && b[j] == ' ' {
			j++
		}
		if i == len(a) || j == len(b) {
			return i == len(a) && j == len(b)
		}
		if a[i] != b[j] {
			return false
		}
		i++
		j++
	}
}

// charSimilarity is 1 - (edit distance / longer length) over the titles
// without spaces, for titles whose words differ by a letter or a split.
func charSimilarity(a, b string) float64 {
	if len(a) > 400 || len(b) > 400 {
		return 0
	}
	var bufA, bufB [400]byte
	a, b = compact(bufA[:0], a), compact(bufB[:0], b)
	long := max(len(a), len(b))
	if long == 0 {
		return 0
	}
	limit := long / 5 // below 0.8 the exact figure does not matter
	d := editDistance(a, b, limit)
	if d > limit {
		return 0
	}
	return 1 - float64(d)/float64(long)
}

// editDistance is the Levenshtein distance of a and b, or limit+1 when it
// exceeds limit. Only the band of cells within limit of the diagonal is
// computed.
func editDistance(a, b string, limit int) int {
	if len(a)-len(b) > limit || len(b)-len(a) > limit {
		return limit + 1
	}
	const big = 1 << 30
	var stack [2][512]int
	var prev, cur []int
	if len(b) < 512 {
		prev, cur = stack[0][:len(b)+1], stack[1][:len(b)+1]
	} else {
		prev, cur = make([]int, len(b)+1), make([]int, len(b)+1)
	}
	for j := range prev {
		prev[j] = j
		if j > limit {
			prev[j] = big
		}
	}
	for i := 1; i <= len(a); i++ {
		lo, hi := max(1, i-limit), min(len(b), i+limit)
		cur[lo-1] = big
		if lo == 1 {
			cur[0] = i
		}
		best := cur[lo-1]
		for j := lo; j <= hi; j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c = 1 + min(c, prev[j], cur[j-1])
			}
			cur[j] = c
			best = min(best, c)
		}
		if hi < len(b) {
			cur[hi+1] = big
		}
		if best > limit {
			return limit + 1
		}
		prev, cur = cur, prev
	}
	if prev[len(b)] > limit {
		return limit + 1
	}
	return prev[len(b)]
}

// numbersDiffer reports whether each title carries a number the other
// lacks ("Phase II" and "Phase III", "2-year" and "5-year results"): such
// titles name companion reports, not one work. A number only one title
// has (a subtitle the other export left out) does not count.
func numbersDiffer(a, b string) bool {
	var bufA, bufB [16]uint32
	na, nb := titleNumbers(bufA[:0], a), titleNumbers(bufB[:0], b)
	if len(na) == 0 || len(nb) == 0 {
		return false
	}
	return !subset(na, nb) && !subset(nb, na)
}

// titleNumbers appends the numbers a title holds, in digits or roman
// numerals.
func titleNumbers(dst []uint32, t string) []uint32 {
	for w := range strings.FieldsSeq(t) {
		switch {
		case allDigits(w) && len(w) <= 9:
			n := uint32(0)
			for i := 0; i < len(w); i++ {
				n = n*10 + uint32(w[i]-'0')
			}
			dst = append(dst, n)
		case isRoman(w):
			dst = append(dst, uint32(smallNumber(w)))
		}
	}
	return dst
}

func subset(a, b []uint32) bool {
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}

// compareAuthors compares the first authors (1 same, 0 unknown, -1
// different) and gives the share of the shorter author list found in the
// other (-1 when a list is missing). Two names match when they share a
// word of three letters or more, or are equal: exports split "Goicoechea
// de Jorge" and "Il Cheong" differently, and some keep only the first
// letters of a long name list.
func compareAuthors(a, b *Key) (first int8, overlap float64) {
	if a.Authors == "" || b.Authors == "" {
		return 0, -1
	}
	fa, _, _ := strings.Cut(a.Authors, "|")
	fb, _, _ := strings.Cut(b.Authors, "|")
	switch {
	case fa == "" || fb == "":
		first = 0
	case namesMatch(fa, fb) || namesMatch(fa, b.FirstGiven) || namesMatch(a.FirstGiven, fb):
		first = 1
	default:
		first = -1
	}
	short, long := a.Authors, b.Authors
	if strings.Count(short, "|") > strings.Count(long, "|") {
		short, long = long, short
	}
	found, known, k := 0, 0, 0
	for s := range strings.SplitSeq(short, "|") {
		k++
		if s == "" {
			continue
		}
		known++
		if k == 1 && first == 1 {
			found++ // the first authors, matched above
			continue
		}
		for l := range strings.SplitSeq(long, "|") {
			if namesMatch(s, l) {
				found++
				break
			}
		}
	}
	if known == 0 {
		return first, -1
	}
	return first, float64(found) / float64(known)
}

// namesMatch reports whether two folded names are the same name: equal,
// sharing a word of three letters or more ("Il Cheong" and "Cheong"), or,
// without spaces, equal but for a letter lost or changed by a wrong
// encoding ("Cobano lu" and "Cobanoglu", "Ostensson" and "Stensson").
func namesMatch(a, b string) bool {
	if a == "" || b == "" {
		return false
	}
	if a == b {
		return true
	}
	for wa := range strings.FieldsSeq(a) {
		if len(wa) < 3 {
			continue
		}
		for wb := range strings.FieldsSeq(b) {
			if wa == wb {
				return true
			}
		}
	}
	var bufA, bufB [64]byte
	ca, cb := compact(bufA[:0], a), compact(bufB[:0], b)
	if len(ca) > len(cb) {
		ca, cb = cb, ca
	}
	if len(ca) < 4 || len(cb)-len(ca) > 2 {
		return false
	}
	return editDistance(ca, cb, 1) <= 1 || len(ca) >= 5 && isSubsequence(ca, cb)
}

// compact appends s without its spaces to dst, as a string.
func compact(dst []byte, s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] != ' ' {
			dst = append(dst, s[i])
		}
	}
	return string(dst)
}

// isSubsequence reports whether the letters of short appear in long in
// order.
func isSubsequence(short, long string) bool {
	j := 0
	for i := 0; i < len(long) && j < len(short); i++ {
		if long[i] == short[j] {
			j++
		}
	}
	return j == len(short)
}

// evidence condenses the measurements into what the rules read.
type evidence struct {
	t3, t2, t1 bool // title: equal, near-equal, alike (see decide)
	cite       bool // same volume and first page, last pages not disagreeing
	fullCite   bool // same volume and the same page range
	authSome   bool // the first authors match, or most of the authors do
	authSame   bool // the first authors match and so do most others
	authClash  bool // the first authors differ and most others do too
	journalish bool // some agreement of journal, volume, pages or DOI
}

func weigh(f *features, th *Thresholds) evidence {
	// A short title ("Empyema thoracis") identifies a work only with
	// some of its citation; a generic one ("Editorial") not even then.
	specific := !f.generic && (!f.short || f.volume == 1 || f.page == 1 || f.venue >= venueCompatible)
	cite := f.volume == 1 && f.page == 1 && f.lastPage != -1
	return evidence{
		t3:         f.exact && specific,
		t2:         specific && (f.tsim >= 0.9 || f.contained && f.shortWords >= 4),
		t1:         f.tsim >= th.QueueTitle || f.contained && f.shortWords >= 3,
		cite:       cite,
		fullCite:   cite && f.lastPage == 1 && f.pageRange,
		authSome:   f.first == 1 || f.first == 0 && f.overlap >= 0.5,
		authSame:   f.first == 1 && (f.overlap < 0 || f.overlap >= 0.5),
		authClash:  f.first == -1 && f.overlap < 0.5,
		journalish: f.venue >= venueCompatible || f.volume == 1 || f.page == 1 || f.doi == 1,
	}
}

// decide turns the measurements into a verdict with its score and
// reasons: a link (see linkRule), a question for a person (see askRule),
// or nothing. Then vetoes (see veto) turn a link into a question at most,
// or drop the pair. Companion papers (Part I and Part II) are never the
// same work.
func decide(f *features, th *Thresholds) outcome {
	if f.part {
		return outcome{}
	}
	s := score(f)
	e := weigh(f, th)
	o := outcome{score: s}
	if rank, reason := linkRule(f, &e, s, th); rank > 0 {
		o.verdict, o.rank, o.reasons = same, rank, []string{reason}
	} else if reason := askRule(f, &e, s, th); reason != "" {
		o.verdict, o.reasons = ask, []string{reason}
	} else {
		return o
	}
	why, drop := veto(f, &e, o.rank)
	switch {
	case why == "":
		return o
	case drop:
		return outcome{score: s}
	}
	o.verdict, o.rank = ask, 0
	o.reasons = append(o.reasons, why)
	return o
}

// linkRule gives the rank and reason of a link, or 0. The rules, strongest
// first:
//
//   - pmid: equal PMIDs;
//   - doi: equal DOIs with compatible titles (a supplement's DOI covers a
//     whole abstract book);
//   - title+year+author: equal titles, the same year and first author, and
//     no field disagreeing (the same abstract printed in two journals has
//     other volumes and pages), unless one is a conference abstract in a
//     supplement and the other neither: the abstract of a study and its
//     article go to a person;
//   - title+year+citation: equal or near-equal titles in the same year with
//     the same volume and pages, even where the exports spell the authors'
//     or the journal's names differently;
//   - similar S: a near-equal title by the same authors in the same year
//     with nothing disagreeing, some agreement of journal, volume or
//     pages, and the score S at least the link threshold; or one of the
//     narrower cases below.
func linkRule(f *features, e *evidence, s float64, th *Thresholds) (uint8, string) {
	switch {
	case f.pmid == 1:
		return rankID, "pmid"
	case f.doi == 1 && titlesCompatible(f):
		return rankID, "doi"
	case e.t3 && f.dy == 0 && (f.first == 1 || e.authSome && !e.authClash) && !conflict(f) && !f.abstract &&
		(f.venue != venueDiffer || f.volume == 1 && (f.issue == 1 || f.page == 1)):
		return rankTitle, "title+year+author"
	case (e.t3 || e.t2 && e.authSome) && f.dy == 0 && e.cite && !e.authClash && (f.venue != venueDiffer || e.fullCite):
		// Journal names differ between exports (translated, abbreviated
		// otherwise); a whole page range does not.
		return rankTitle, "title+year+citation"
	}
	similar := e.t2 && f.dy == 0 && e.authSame && !conflict(f) && !f.abstract && f.venue != venueDiffer && e.journalish && s >= th.Link
	// One year apart (online first, then in print) with the same
	// volume, and the pages where both give them.
	yearApart := f.dy == 1 && f.venue != venueDiffer && !f.suppDiffer &&
		(e.t2 && e.cite && e.authSome ||
			(e.t3 || e.t2 && f.issue == 1) && f.volume == 1 && f.page != -1 && f.issue != -1 && e.authSame && f.venue >= venueCompatible)
	// Other pages in the same volume: an article number against the
	// printed pages, online against print pagination, or the end of a
	// range for its start. A long equal title by the same authors in one
	// volume of one journal (and not one in a supplement, the other not)
	// is one article.
	otherPages := (e.t3 || e.t2 && f.lastPage == 1) && f.dy == 0 && f.volume == 1 && f.page == -1 && f.issue != -1 &&
		f.first == 1 && f.overlap >= 0.8 && f.venue >= venueCompatible && !f.suppDiffer &&
		(f.pageNear || f.shortWords >= 8 || f.issue == 1)
	// A reworded title with the whole citation the same; a translated
	// one where the issue and journal agree too, since two articles do
	// not fill the same pages of one issue.
	sameCitation := f.dy == 0 && e.fullCite && f.first == 1 && f.overlap >= 0.5 &&
		(f.tsim >= 0.5 || f.titled && !f.generic && f.issue == 1 && f.venue >= venueCompatible)
	if similar || yearApart || otherPages || sameCitation {
		return rankFuzzy, fmt.Sprintf("similar %.2f: %s", s, strings.Join(agreeing(f), ", "))
	}
	return 0, ""
}

// askRule gives the reason to queue a pair, or "": alike titles whose score
// reaches the queue threshold, unless the citations show two items; an
// erratum or retraction notice and its article (a person decides whether
// the review counts them once); and equal citations under titles that are
// not alike (a translated title).
func askRule(f *features, e *evidence, s float64, th *Thresholds) string {
	switch {
	case e.t1 && s >= th.Queue && !differentItems(f, e.t3),
		f.erratum && (e.t3 || e.t2) && f.dy >= 0 && f.dy <= 1 && (f.first == 1 || f.volume == 1):
		return fmt.Sprintf("similar %.2f: %s", s, strings.Join(agreeing(f), ", "))
	case f.dy == 0 && e.fullCite && !e.authClash:
		return fmt.Sprintf("citation %.2f: %s", s, strings.Join(agreeing(f), ", "))
	}
	return ""
}

// veto tells why a pair found alike must not be linked, and whether it is
// not even worth a question: different PMIDs or DOIs, different numbers in
// the titles, or years more than one apart say these are two works, and a
// person sees them only if all else agrees; a comment or reply is another
// work than the one it answers; an erratum or retraction notice and its
// article, and two records of one export file that is not a combined
// library (unless the evidence is an identifier, or the title and the
// whole citation), go to a person.
func veto(f *features, e *evidence, rank uint8) (why string, drop bool) {
	idLink := rank == rankID
	strong := e.t3 && f.dy == 0 && e.cite && !e.authClash
	switch {
	case f.pmid == -1:
		return "different pmid", !strong
	case f.doi == -1:
		return "different doi", !strong
	case f.notice && !f.erratum:
		return "comment and article", true
	case f.notice:
		return "notice and article", false
	case f.numbers && !idLink:
		return "different numbers in titles", !strong
	case f.dy > 1 && !idLink:
		return "years apart", !strong
	case f.sameSearch && !idLink && !(rank == rankTitle && e.t3 && e.cite):
		return "same export file", false
	}
	return "", false
}

// titlesCompatible reports whether two titles can name the work one DOI
// identifies: supplement and abstract-book DOIs cover many works.
func titlesCompatible(f *features) bool {
	return f.tsim >= 0.8 || f.contained && f.shortWords >= 3
}

// conflict reports whether the citations disagree: another volume or
// first page, or another issue where the pages do not agree (an issue
// number is more often wrong than a page).
func conflict(f *features) bool {
	return f.volume == -1 || f.page == -1 || f.issue == -1 && f.page != 1
}

// differentItems reports whether the citations show two items, so that
// even alike titles are not worth a person's time: a generic title
// without the same volume and page; another volume in another year or
// journal; another issue; another year in another journal; pages that
// differ, unless the title is equal and the year and volume are the same
// (some exports give an article number or the online pages).
func differentItems(f *features, t3 bool) bool {
	switch {
	case f.generic && !(f.volume == 1 && f.page == 1):
		return true
	case f.volume == -1 && (f.dy != 0 || f.venue == venueDiffer):
		return true
	case f.issue == -1 && f.page != 1:
		return true
	case f.dy >= 1 && (f.venue == venueDiffer || f.confDiffer):
		return true
	case f.page == -1 && !f.pageNear && !(t3 && f.dy == 0 && f.volume == 1):
		return true
	}
	return false
}

// score weighs the agreement of the fields into one figure from 0 to 1:
// the title counts for half, the citation and authors for the rest. A
// field missing on either side counts as half agreeing.
func score(f *features) float64 {
	t := f.tsim
	if f.contained && f.shortWords >= 4 {
		t = math.Max(t, 0.9)
	}
	s := 0.5 * t
	switch {
	case f.dy == 0:
		s += 0.1
	case f.dy == 1:
		s += 0.06
	case f.dy == -1:
		s += 0.05
	}
	switch {
	case f.overlap < 0:
		s += 0.075
	default:
		a := f.overlap
		if f.first == 1 {
			a = 0.5 + a/2
		} else if f.first == -1 {
			a /= 2
		}
		s += 0.15 * a
	}
	switch f.venue {
	case venueSame:
		s += 0.08
	case venueCompatible:
		s += 0.07
	case venueUnknown:
		s += 0.04
	case venueDiffer:
		s += 0.01
	}
	s += 0.07 * half(f.volume)
	p := half(f.page)
	if f.page == 1 && f.lastPage == -1 {
		p = 0.8
	}
	s += 0.1 * p
	return math.Round(s*100) / 100
}

func half(t int8) float64 {
	switch t {
	case 1:
		return 1
	case 0:
		return 0.5
	}
	return 0
}

// agreeing names the fields that agree, for the reasons of a pair.
func agreeing(f *features) []string {
	var out []string
	if f.exact || f.tsim >= 0.9 || f.contained {
		out = append(out, "title")
	}
	if f.dy == 0 {
		out = append(out, "year")
	}
	if f.first == 1 {
		out = append(out, "authors")
	}
	if f.venue >= venueCompatible {
		out = append(out, "journal")
	}
	if f.volume == 1 {
		out = append(out, "volume")
	}
	if f.page == 1 {
		out = append(out, "pages")
	}
	if f.doi == 1 {
		out = append(out, "doi")
	}
	return out
}
