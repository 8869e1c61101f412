package rank

import (
	"math"
	"math/bits"
	"slices"
)

// vocabulary counts the terms of a corpus (words, and word pairs with
// Bigrams) in two passes over its documents, so that the vectors can be
// built in a third.
//
// Most word pairs of a big review are in one document only (at a million
// records of a 40,000-word vocabulary, 18 million of 24 million): such a
// term cannot relate its document to any other, so it is not stored, and
// it weighs the same in any document (its idf is that of a document
// frequency of 1). Counting it exactly would mean holding every pair
// (gigabytes at a million records); so the first pass (sift) numbers the
// words and finds, with two Bloom filters, the pairs seen in two
// documents or more (and a few others: a Bloom filter now and then finds
// a key never added), the second (count) counts the documents of those
// candidates exactly and merely how many other pairs each document has,
// and a pair not among the candidates is known to be in one document
// only. The counts, and so the vectors, are those of counting every term
// exactly.
type vocabulary struct {
	o     Options
	tok   *tokenizer
	words map[string]int32 // word → number, in order of first appearance
	set   docSet           // the terms of the document at hand

	// The first pass's: word pairs seen in a document, and in a second.
	seen, twice seenFilter

	// The second pass's. Terms are numbered in order of first
	// appearance, as if every term were: the stored features are
	// numbered by document frequency, ties in that order.
	wordTerm []int32   // word number → term (−1 until seen)
	pairs    pairTable // the candidate pairs → term
	df       []int32   // documents each term is in, by term
	once     int       // pairs not among the candidates (each in one document)
}

func newVocabulary(o Options) *vocabulary {
	return &vocabulary{o: o, tok: newTokenizer(o.StopWords), words: map[string]int32{}, twice: seenFilter{salt: 64}}
}

// wordKey and pairKey are the keys of a word and of a pair of words
// (their numbers) in a docSet or a pairTable; a word's has the top bit,
// which a pair's never has (word numbers are below 2³¹).
func wordKey(w int32) uint64    { return 1<<63 | uint64(w) }
func pairKey(a, b int32) uint64 { return uint64(a)<<32 | uint64(b) }

// sift is the first pass over a document: its new words numbered, its
// word pairs noted as seen, or as seen twice if seen in an earlier
// document.
func (v *vocabulary) sift(text string) {
	v.set.reset()
	prev := int32(-1)
	v.tok.words(text, func(w []byte) {
		id, ok := v.words[string(w)]
		if !ok {
			id = int32(len(v.words))
			v.words[string(w)] = id
		}
		if v.o.Bigrams && prev >= 0 {
			key := pairKey(prev, id)
			if i, there := v.set.find(key); !there {
				v.set.insert(i, key, 0)
				h1, h2 := bloomHash(key)
				switch {
				case v.twice.has(h1, h2):
				case v.seen.has(h1, h2):
					v.twice.add(h1, h2)
				default:
					v.seen.add(h1, h2)
				}
			}
		}
		prev = id
	})
}

// startCount ends the first pass and readies the second.
func (v *vocabulary) startCount() {
	v.seen = seenFilter{}
	v.wordTerm = make([]int32, len(v.words))
	for i := range v.wordTerm {
		v.wordTerm[i] = -1
	}
	// Room for the candidates (a few more come from the filter's false
	// hits in this pass).
	guess := v.twice.n + v.twice.n/8
	v.pairs.reserve(guess)
	v.df = make([]int32, 0, len(v.words)+guess)
}

func (v *vocabulary) newTerm() int32 {
	v.df = append(v.df, 0)
	return int32(len(v.df) - 1)
}

// count is the second pass over a document: its terms numbered at their
// first appearance and their documents counted; a word pair the first
// pass did not see twice is in this document only.
func (v *vocabulary) count(text string) {
	v.set.reset()
	prev := int32(-1)
	v.tok.words(text, func(w []byte) {
		id, ok := v.words[string(w)]
		if !ok {
			// Not seen by the first pass: the documents changed; the
			// caller sees it.
			prev = -1
			return
		}
		if i, there := v.set.find(wordKey(id)); !there {
			v.set.insert(i, wordKey(id), 0)
			t := v.wordTerm[id]
			if t < 0 {
				t = v.newTerm()
				v.wordTerm[id] = t
			}
			v.df[t]++
		}
		if v.o.Bigrams && prev >= 0 {
			key := pairKey(prev, id)
			if i, there := v.set.find(key); !there {
				v.set.insert(i, key, 0)
				if v.twice.has(bloomHash(key)) {
					v.df[v.pairs.id(key, v.newTerm)]++
				} else {
					v.once++
				}
			}
		}
		prev = id
	})
}

// What a term is to the vectors, beside a stored feature's number.
const (
	dropped int32 = -1 // below MinDF or above MaxDF: left out
	oneDoc  int32 = -2 // in one document: weighed, not stored
)

// lexicon is what the third pass builds the vectors from: each word's and
// each word pair's feature, and the idf of each.
type lexicon struct {
	bigrams  bool
	words    map[string]int32 // word → number
	wordFeat []int32          // word number → stored feature, dropped or oneDoc
	// The pairs of two documents or more (and the filter's few others of
	// one document: not stored) → stored feature or dropped; a pair not
	// here is in one document.
	pairs pairTable
	idf   []float32 // stored feature → idf
	once  float32   // the idf of a term of one document (0 if dropped)
}

// weigh ends the second pass: the terms of documents many enough and not
// too many are kept and given their idf, those in two documents or more
// stored, numbered from the most frequent down. It sets c's counts of
// features and returns the lexicon and the number of values the vectors
// will store.
func (v *vocabulary) weigh(c *Corpus) (*lexicon, int) {
	feat, idf, once, nnz := v.features(c)
	lx := &lexicon{bigrams: v.o.Bigrams, words: v.words, idf: idf, once: once}
	lx.wordFeat = make([]int32, len(v.wordTerm))
	for w, t := range v.wordTerm {
		lx.wordFeat[w] = dropped
		if t >= 0 {
			lx.wordFeat[w] = feat[t]
		}
	}
	// The pairs of the third pass: those of one document left out.
	kept := 0
	v.pairs.each(func(_ uint64, t int32) {
		if feat[t] != oneDoc {
			kept++
		}
	})
	lx.pairs.reserve(kept)
	v.pairs.each(func(key uint64, t int32) {
		if f := feat[t]; f != oneDoc {
			lx.pairs.id(key, func() int32 { return f })
		}
	})
	v.pairs, v.df, v.wordTerm, v.twice = pairTable{}, nil, nil, seenFilter{}
	return lx, nnz
}

// features is weigh's first half: each term's feature (stored, dropped
// or oneDoc), the stored features' idf, the idf of a term of one
// document, and the number of values the vectors will store; it sets
// c's counts of features.
func (v *vocabulary) features(c *Corpus) (feat []int32, idfs []float32, once float32, nnz int) {
	o := v.o
	n := float64(len(c.ids))
	keep := func(df int32) bool {
		return int(df) >= max(o.MinDF, 1) && !(o.MaxDF > 0 && o.MaxDF < 1 && float64(df) > o.MaxDF*n)
	}
	// scikit-learn's smooth idf, as ASReview uses it.
	idf := func(df int32) float32 { return float32(math.Log((1+n)/(1+float64(df))) + 1) }

	feat = make([]int32, len(v.df)) // by term
	var stored []int32              // terms
	for t, df := range v.df {
		feat[t] = dropped
		if !keep(df) {
			continue
		}
		c.vocab++
		if df == 1 {
			feat[t] = oneDoc
			c.single++
			continue
		}
		stored = append(stored, int32(t))
	}
	if keep(1) {
		c.vocab += v.once
		c.single += v.once
		once = idf(1)
	}
	// The stored features are numbered from the most frequent down, so
	// that the weights most rows touch lie together in memory: training
	// and scoring read and write them for every row. (Only the numbering
	// changes: each row keeps its features in the order they appear.)
	slices.SortStableFunc(stored, func(a, b int32) int { return int(v.df[b]) - int(v.df[a]) })
	idfs = make([]float32, len(stored))
	for k, t := range stored {
		feat[t] = int32(k)
		idfs[k] = idf(v.df[t])
		nnz += int(v.df[t])
	}
	c.nfeat = len(stored)
	return feat, idfs, once, nnz
}

// docSet is a small map from uint64 keys to int32 values for the terms of
// one document: open addressing with linear probing, at most half full,
// emptied by a new generation rather than cleared.
type docSet struct {
	keys []uint64
	vals []int32
	gens []uint32
	gen  uint32
	n    int
}

// reset empties the set.
func (s *docSet) reset() {
	s.n = 0
	s.gen++
	if s.gen == 0 {
		clear(s.gens)
		s.gen = 1
	}
}

// find returns the slot of key and true, or the slot where it would go
// and false; insert puts it there, if no other key went in meanwhile.
func (s *docSet) find(key uint64) (int, bool) {
	if 2*(s.n+1) > len(s.keys) {
		s.grow()
	}
	shift := 64 - bits.Len(uint(len(s.keys)-1))
	mask := len(s.keys) - 1
	for i := int(key * 0x9e3779b97f4a7c15 >> shift); ; i = (i + 1) & mask {
		if s.gens[i] != s.gen {
			return i, false
		}
		if s.keys[i] == key {
			return i, true
		}
	}
}

func (s *docSet) insert(i int, key uint64, v int32) {
	s.keys[i], s.vals[i], s.gens[i] = key, v, s.gen
	s.n++
}

func (s *docSet) grow() {
	keys, vals, gens, gen := s.keys, s.vals, s.gens, s.gen
	size := max(256, 2*len(keys))
	s.keys, s.vals, s.gens = make([]uint64, size), make([]int32, size), make([]uint32, size)
	s.gen, s.n = 1, 0
	for i, g := range gens {
		if g == gen {
			j, _ := s.find(keys[i])
			s.insert(j, keys[i], vals[i])
		}
	}
}

// pairTable maps word pairs (pairKey) to int32s: open addressing with
// linear probing, at most three quarters full, sized to what it is to
// hold (reserve) rather than to a power of two. A key and its value lie
// together: a lookup in a table bigger than the cache costs one miss.
type pairTable struct {
	slots []pairSlot
	n     int
}

type pairSlot struct {
	key uint64 // key + 1; 0 is an empty slot
	id  int32
}

// reserve makes room for n keys in all (an empty table only).
func (t *pairTable) reserve(n int) {
	if t.n == 0 {
		t.resize(n)
	}
}

func (t *pairTable) resize(n int) {
	old := t.slots
	size := max(64, n+n/3+1)
	t.slots, t.n = make([]pairSlot, size), 0
	for _, s := range old {
		if s.key != 0 {
			t.slots[t.slot(s.key-1)] = s
			t.n++
		}
	}
}

// slot is the slot of key, or the empty one where it would go.
func (t *pairTable) slot(key uint64) int {
	hi, _ := bits.Mul64(mix(key), uint64(len(t.slots)))
	for i := int(hi); ; {
		if k := t.slots[i].key; k == key+1 || k == 0 {
			return i
		}
		if i++; i == len(t.slots) {
			i = 0
		}
	}
}

// id returns the key's value, giving a new key next's.
func (t *pairTable) id(key uint64, next func() int32) int32 {
	if 4*(t.n+1) > 3*len(t.slots) {
		t.resize(max(2*t.n, 1024))
	}
	s := &t.slots[t.slot(key)]
	if s.key == 0 {
		s.key, s.id = key+1, next()
		t.n++
	}
	return s.id
}

// lookup returns the key's value, if it has one.
func (t *pairTable) lookup(key uint64) (int32, bool) {
	if t.n == 0 {
		return 0, false
	}
	s := t.slots[t.slot(key)]
	return s.id, s.key != 0
}

// each calls f with every key and its value.
func (t *pairTable) each(f func(key uint64, id int32)) {
	for _, s := range t.slots {
		if s.key != 0 {
			f(s.key-1, s.id)
		}
	}
}

// seenFilter is a Bloom filter that grows with what it holds: a key added
// is always found, a key never added is found now and then (under 1 % of
// the time in each layer, a few % in all). It is a series of layers of
// doubling capacity, each a blocked Bloom filter (a key's bits lie in one
// 64-byte block: one cache miss a layer), keys added to the newest; the
// later layers have more bits a key, so that the rate of false hits
// stays bounded however many there are.
type seenFilter struct {
	salt   uint64 // so that two filters fail on different keys
	layers []bloomLayer
	n      int // keys added
}

type bloomLayer struct {
	bits   []uint64 // blocks of 8 words
	blocks uint64
	k      uint32 // bits a key
	left   int    // keys it takes still
}

// bloomBase is the first layer's capacity in keys (a variable for the
// tests).
var bloomBase = 1 << 16

// bloomHash is the two hashes of a key the filters use.
func bloomHash(key uint64) (uint64, uint64) {
	h1 := mix(key)
	return h1, mix(h1)
}

func (f *seenFilter) has(h1, h2 uint64) bool {
	// The oldest layers first: they are the smallest (in the cache) and
	// hold the most frequent keys.
	for l := range f.layers {
		if f.layers[l].has(h1+(uint64(l)+f.salt)*h2, h2) {
			return true
		}
	}
	return false
}

func (f *seenFilter) add(h1, h2 uint64) {
	l := len(f.layers) - 1
	if l < 0 || f.layers[l].left == 0 {
		l++
		// 10 bits a key in the first layer, one more in each next, up
		// to 16: about 1 % false hits down to 0.1 %.
		perKey := min(10+l, 16)
		capacity := bloomBase << l
		blocks := (capacity*perKey + 511) / 512
		f.layers = append(f.layers, bloomLayer{
			bits:   make([]uint64, 8*blocks),
			blocks: uint64(blocks),
			k:      uint32(perKey * 7 / 10),
			left:   capacity,
		})
	}
	f.layers[l].add(h1+(uint64(l)+f.salt)*h2, h2)
	f.layers[l].left--
	f.n++
}

// block is the key's block; its bits are at a + j·b (their top 9 bits),
// j < k.
func (b *bloomLayer) block(g, h2 uint64) ([]uint64, uint32, uint32) {
	hi, _ := bits.Mul64(g, b.blocks)
	return b.bits[8*hi : 8*hi+8 : 8*hi+8], uint32(h2), uint32(h2>>32) | 1
}

func (b *bloomLayer) has(g, h2 uint64) bool {
	blk, a, s := b.block(g, h2)
	for j := uint32(0); j < b.k; j++ {
		p := (a + j*s) >> 23
		if blk[p>>6]&(1<<(p&63)) == 0 {
			return false
		}
	}
	return true
}

func (b *bloomLayer) add(g, h2 uint64) {
	blk, a, s := b.block(g, h2)
	for j := uint32(0); j < b.k; j++ {
		p := (a + j*s) >> 23
		blk[p>>6] |= 1 << (p & 63)
	}
}
