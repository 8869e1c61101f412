package rank

import (
	"errors"
	"math/bits"
	"slices"
)

// inMemoryText is the most text (in bytes, all documents together) that
// NewCorpus counts in one pass holding every term, rather than in
// NewCorpusFrom's three (a variable for the tests).
//
// The three passes exist for a million records, where holding every
// word pair would take gigabytes (see vocabulary). A review whose texts
// are already in memory, as NewCorpus's are, is smaller: tokenising each
// text once, rather than three times, and counting every term exactly,
// with no Bloom filters, costs less (in a fresh process, Bannach-Brown_2019's
// 2.5 MB of text 0.12 CPU s rather than 0.19, Hall_2012's 8.7 MB 0.40
// rather than 0.56), at a cost of 8 bytes a word of text and 8 a
// distinct word pair while the vectors are built (some 1.5 times the
// texts' size).
var inMemoryText = 64 << 20

// errTooManyTerms: more words or terms than pairIDs can number; NewCorpus
// counts in three passes instead.
var errTooManyTerms = errors.New("too many terms to count in one pass")

// The words and terms pairIDs can hold: word numbers below maxPairWord,
// term numbers below maxPairTerm (variables for the tests).
var maxPairWord, maxPairTerm = int32(1 << 20), 1<<24 - 1

// pairIDs maps the word pairs of newCorpusInMemory to their terms: a
// pair of word numbers below 2²⁰ each (40 bits) and its term plus 1
// below 2²⁴ packed in one slot of 8 bytes (0: empty), half a pairTable's
// 16, and so half the memory to touch, and miss in the cache, at each
// pair: this table is the one-pass count's largest and its costliest.
// Open addressing with linear probing, at most three quarters full.
type pairIDs struct {
	slots []uint64
	n     int
}

// reserve makes room for n keys (an empty table only).
func (t *pairIDs) reserve(n int) {
	t.slots = make([]uint64, max(64, n+n/3+1))
}

// id returns the term of a pair (prev<<20 | word), giving a new pair
// next's.
func (t *pairIDs) id(key uint64, next func() int32) int32 {
	if 4*(t.n+1) > 3*len(t.slots) {
		old := t.slots
		t.slots = make([]uint64, max(64, 2*len(old)))
		for _, s := range old {
			if s != 0 {
				t.slots[t.slot(s>>24)] = s
			}
		}
	}
	i := t.slot(key)
	if s := t.slots[i]; s != 0 {
		return int32(s&(1<<24-1)) - 1
	}
	id := next()
	t.slots[i] = key<<24 | uint64(id+1)
	t.n++
	return id
}

// slot is the slot of key, or the empty one where it would go.
func (t *pairIDs) slot(key uint64) int {
	hi, _ := bits.Mul64(mix(key), uint64(len(t.slots)))
	for i := int(hi); ; {
		if s := t.slots[i]; s == 0 || s>>24 == key {
			return i
		}
		if i++; i == len(t.slots) {
			i = 0
		}
	}
}

// termPair is one word of a document: its term and, with Bigrams, that of
// the pair it ends (−1 if none).
type termPair struct{ word, pair int32 }

// newCorpusInMemory builds the corpus NewCorpusFrom builds from the same
// documents, with the same vectors to the bit, in one pass over their
// texts: the words and word pairs are numbered, and their documents
// counted, as vocabulary's second pass does, but every pair is counted
// (there is no first pass to tell which are in two documents or more),
// and each document's terms are kept, in order, for the vectors.
//
// A pair of one document only gets a term number here that the
// three-pass count does not give it; it is never stored, so the stored
// features, numbered from the most frequent down with ties in order of
// first appearance, are the same.
func newCorpusInMemory(docs []Doc, o Options) (*Corpus, error) {
	c := &Corpus{opts: o}
	for _, d := range docs {
		if err := c.take(d); err != nil {
			return nil, err
		}
	}
	c.ids = slices.Clip(c.ids)

	v := newVocabulary(o)
	text := 0
	for _, d := range docs {
		text += len(d.Text)
	}
	// About one word in seven bytes of text.
	terms := make([]termPair, 0, text/6+16)
	ends := make([]int, len(docs)) // document r's terms end at ends[r]
	// Room for the terms from the start, rather than arrays and tables of
	// doubling size: fresh memory costs. (The labelled reviews have a
	// distinct word in 100 to 200 bytes of text, a distinct word pair in
	// 14 to 24.)
	v.wordTerm = make([]int32, 0, text/64+16)
	v.df = make([]int32, 0, text/10+16)
	var pairs pairIDs
	if o.Bigrams {
		pairs.reserve(text / 12)
	}
	tooMany := false
	for r, d := range docs {
		v.set.reset()
		prev := int32(-1)
		v.tok.words(d.Text, func(w []byte) {
			id, ok := v.words[string(w)]
			if !ok {
				id = int32(len(v.words))
				v.words[string(w)] = id
				v.wordTerm = append(v.wordTerm, -1)
			}
			if o.Bigrams && (id >= maxPairWord || len(v.df)+2 > maxPairTerm) {
				tooMany = true
				return
			}
			tp := termPair{-1, -1}
			if i, there := v.set.find(wordKey(id)); there {
				tp.word = v.set.vals[i]
			} else {
				t := v.wordTerm[id]
				if t < 0 {
					t = v.newTerm()
					v.wordTerm[id] = t
				}
				v.df[t]++
				v.set.insert(i, wordKey(id), t)
				tp.word = t
			}
			if o.Bigrams && prev >= 0 {
				key := pairKey(prev, id)
				if i, there := v.set.find(key); there {
					tp.pair = v.set.vals[i]
				} else {
					t := pairs.id(uint64(prev)<<20|uint64(id), v.newTerm)
					v.df[t]++
					v.set.insert(i, key, t)
					tp.pair = t
				}
			}
			terms = append(terms, tp)
			prev = id
		})
		if tooMany {
			return nil, errTooManyTerms
		}
		ends[r] = len(terms)
	}
	feat, idf, once, nnz := v.features(c)
	pairs, v.words = pairIDs{}, nil

	// The vectors, in row order, straight into the corpus's arrays (the
	// count gave their size). Each document's distinct terms are found
	// with a small set, as the third pass finds them: an array by term
	// would cost more to clear than to use.
	n := len(docs)
	c.ptr = make([]int, 1, n+1)
	c.l1 = make([]float32, n)
	c.sq1 = make([]float32, n)
	c.sq = make([]float64, n)
	b := &rowBuilder{lx: &lexicon{idf: idf, once: once}, feat: make([]int32, 0, nnz), val: make([]float32, 0, nnz)}
	start := 0
	for r := range n {
		b.set.reset()
		b.terms, b.tf = b.terms[:0], b.tf[:0]
		see := func(t int32) {
			i, there := b.set.find(uint64(t))
			if !there {
				b.set.insert(i, uint64(t), b.addTerm(feat[t]))
			} else if k := b.set.vals[i]; k >= 0 {
				b.tf[k]++
			}
		}
		for _, tp := range terms[start:ends[r]] {
			see(tp.word)
			if tp.pair >= 0 {
				see(tp.pair)
			}
		}
		start = ends[r]
		c.l1[r], c.sq1[r], c.sq[r], _ = b.row(o.Sublinear)
		c.ptr = append(c.ptr, len(b.feat))
	}
	c.feat, c.val = b.feat, b.val
	c.narrow()
	return c, nil
}
