// Package match finds the records of a review that are the same work:
// the same article exported by MEDLINE, Embase, Web of Science and CINAHL
// must be screened once and counted once under "duplicates removed".
//
// It is a pure engine over Keys, the compact match data of records (see
// KeyOf): no SQL, no terminal. The store loads keys, links and people's
// decisions; Find and FindNew say which pairs are surely the same work
// (links, each with its reasons) and which a person should look at (the
// queue); Clusters and Primary turn links into duplicate clusters and
// choose the record each cluster sends to screening.
//
// The aim is no false automatic link at all, since a wrong merge hides a
// study from the review, while a missed duplicate only costs a reviewer a
// second look. So a link needs an identifier (PMID; DOI with a compatible
// title, since supplement DOIs cover whole abstract books), or the same
// title, year and first author with no field disagreeing, or a similar
// title whose citation agrees (see linkRule); and vetoes (different DOIs
// or PMIDs, a notice and its article, companion papers, two records of one
// export file on fuzzy evidence) turn a link into a question for a person
// at most (see veto). Matching never uses record ids or order.
//
// Records are compared only within blocks (see blockKeys), a shard at a
// time, so time and memory grow with the records: on two cores a million
// synthetic records take about 25 s and, with the keys, under 800 MiB when
// the Go runtime is given a memory limit of that size.
package match

import (
	"runtime"
	"slices"
)

// Pair is two records (A < B) found to be the same work (a link) or
// perhaps the same (a queued pair), with the score of their agreement and
// the reasons: "doi", "pmid", "title+year+author", "similar 0.97: title,
// year, pages", and for a queued pair what kept it from being linked
// ("different doi", "same export file", ...).
type Pair struct {
	A       int64    `json:"a"`
	B       int64    `json:"b"`
	Score   float64  `json:"score"`
	Reasons []string `json:"reasons"`
}

// Thresholds set the scores (see score) at which similar records are
// linked or queued. A zero field means its default.
type Thresholds struct {
	// Link is the score from which a similar pair that passes every gate
	// is linked (default 0.85).
	Link float64
	// Queue is the score from which a pair goes to a person (default
	// 0.8), if its titles are at least QueueTitle alike (default 0.6;
	// pairs whose titles are less than 0.5 alike are never compared
	// closely, so a lower value acts as 0.5).
	Queue      float64
	QueueTitle float64
}

// DefaultMaxBlock is the largest block compared unless Options say
// otherwise: a larger block is a generic title or a common name.
const DefaultMaxBlock = 500

// defaultThresholds were chosen on the labelled corpus (see
// TestDedupCorpus).
var defaultThresholds = Thresholds{Link: 0.85, Queue: 0.8, QueueTitle: 0.6}

// Options tell Find what it cannot know from the keys. Its functions are
// called from several goroutines at once.
type Options struct {
	// Combined reports whether a search is a combined library holding
	// several databases' records (winnow import --combined), whose
	// records are compared like records of different searches. Nil means
	// no search is combined: two records of one export file are then
	// linked only on an identifier or the whole citation, and a fuzzy
	// match between them is queued.
	Combined func(searchID int64) bool
	// Different reports whether a person decided that two records (a <
	// b) are different works: such a pair is never linked or queued
	// again, and no link may put them in one cluster.
	Different func(a, b int64) bool
	// Linked are the links already made, by earlier runs or by people:
	// new links grow those clusters, and never join two clusters holding
	// records that must stay apart (see apart). Links naming records not
	// among the keys are ignored.
	Linked []Pair
	// Thresholds; zero fields mean the defaults.
	Thresholds Thresholds
	// MaxBlock is the largest block compared (default DefaultMaxBlock).
	MaxBlock int
	// Workers is how many goroutines compare pairs (default GOMAXPROCS).
	Workers int
	// OldBlockSize, when set, tells FindNew that old holds only some of
	// the review's old records (at least every one that shares a block
	// with a new record and is in no block too big to compare, with the
	// whole cluster of each), and gives how many old records a block
	// holds in the review, by its stored form (see StoredBlocks): the
	// blocks are sized by it, so that the run compares what a run over
	// every record would. At most 1<<24 records a run.
	OldBlockSize func(block int64) int
}

func (o *Options) defaults() Options {
	d := *o
	if d.Thresholds.Link == 0 {
		d.Thresholds.Link = defaultThresholds.Link
	}
	if d.Thresholds.Queue == 0 {
		d.Thresholds.Queue = defaultThresholds.Queue
	}
	if d.Thresholds.QueueTitle == 0 {
		d.Thresholds.QueueTitle = defaultThresholds.QueueTitle
	}
	if d.MaxBlock <= 0 {
		d.MaxBlock = DefaultMaxBlock
	}
	if d.Workers <= 0 {
		d.Workers = runtime.GOMAXPROCS(0)
	}
	return d
}

// Find compares the records of keys with each other and returns the links
// (sure duplicates) and the queue (unsure pairs for a person), each
// sorted by A then B. The result does not depend on the order of keys.
func Find(keys []Key, opt Options) (links, queue []Pair) {
	return FindNew(nil, keys, opt)
}

// FindNew compares the new records with each other and with the old ones,
// but not the old ones with each other: the run after an import. Give the
// existing links in opt.Linked so that clusters grow consistently. The
// pairs FindNew returns are those of Find(old+new) that involve a new
// record.
func FindNew(old, new []Key, opt Options) (links, queue []Pair) {
	o := opt.defaults()
	s := &set{old: old, new: new, sketches: sketchAll(new)}
	e := newEntries(s.len())
	e.v = make([]uint64, 0, maxBlockKeys*len(new))
	var buf []uint64
	for i := range new {
		buf = blockKeys(buf[:0], &new[i])
		for _, h := range buf {
			e.add(h, len(old)+i)
		}
	}
	if len(old) > 0 {
		e.addOld(old, o.Workers)
	}
	var results []result
	e.eachShard(s.len(), o.MaxBlock, len(old), o.Workers, o.OldBlockSize, func(pairs []uint64) {
		results = append(results, s.compareAll(pairs, &o)...)
	})
	return resolve(s, results, &o)
}

// set is the keys of a run: the old ones (already compared with each
// other) followed by the new ones; an index i < len(old) is old.
type set struct {
	old, new []Key
	sketches *sketches // of the new keys
}

func (s *set) key(i int32) *Key {
	if int(i) < len(s.old) {
		return &s.old[i]
	}
	return &s.new[int(i)-len(s.old)]
}

func (s *set) len() int { return len(s.old) + len(s.new) }

// addOld adds the blocking keys of the old records that meet a key of the
// new ones; the others can form no pair with a new record.
func (e *entries) addOld(old []Key, workers int) {
	wanted := make(map[uint64]struct{}, len(e.v))
	for k := range e.v {
		wanted[e.key(k)] = struct{}{}
	}
	const chunk = 1 << 14
	n := (len(old) + chunk - 1) / chunk
	found := make([][]uint64, n)
	parallel(n, workers, func(c int) {
		var buf []uint64
		part := &entries{idxBits: e.idxBits}
		for i := c * chunk; i < min(len(old), (c+1)*chunk); i++ {
			buf = blockKeys(buf[:0], &old[i])
			for _, h := range buf {
				if _, ok := wanted[h>>e.idxBits]; ok {
					part.add(h, i)
				}
			}
		}
		found[c] = part.v
	})
	for _, f := range found {
		e.v = append(e.v, f...)
	}
}

// result is the outcome of one candidate pair.
type result struct {
	i, j int32
	outcome
}

// compareAll compares the candidate pairs on the workers and keeps those
// that are not plainly different.
func (s *set) compareAll(pairs []uint64, o *Options) []result {
	const chunk = 1 << 12
	n := (len(pairs) + chunk - 1) / chunk
	parts := make([][]result, n)
	parallel(n, o.Workers, func(c int) {
		var out []result
		var bufA, bufB []uint32
		for _, p := range pairs[c*chunk : min(len(pairs), (c+1)*chunk)] {
			i, j := int32(p>>32), int32(uint32(p))
			a, b := s.key(i), s.key(j)
			x, y := s.sketch(i, &bufA), s.sketch(j, &bufB)
			if plainlyDifferent(a, b, &x, &y) {
				continue
			}
			if o.Different != nil && o.Different(min(a.ID, b.ID), max(a.ID, b.ID)) {
				continue
			}
			sameSearch := a.SearchID == b.SearchID && (o.Combined == nil || !o.Combined(a.SearchID))
			f := measure(a, b, x.words, y.words, sameSearch)
			oc := decide(&f, &o.Thresholds)
			if oc.verdict != differ {
				out = append(out, result{i, j, oc})
			}
		}
		parts[c] = out
	})
	return slices.Concat(parts...)
}

// sketch gives the sketch of key i, from the table for a new key or made
// in *buf for an old one.
func (s *set) sketch(i int32, buf *[]uint32) sketch {
	if n := int(i) - len(s.old); n >= 0 {
		return s.sketches.of(n)
	}
	sk := sketchOf(s.key(i), *buf)
	*buf = sk.words
	return sk
}
