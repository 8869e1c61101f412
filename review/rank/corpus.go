package rank

import (
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"
)

// Doc is one record as the learner sees it: its id and its words (title,
// abstract and keywords joined).
type Doc struct {
	ID   int64
	Text string
}

// Corpus holds every document of a review as a TF-IDF vector, built once:
// the vocabulary and the inverse document frequencies come from all the
// documents, labelled or not, as in ASReview, so that training after a
// decision touches no text.
//
// A feature found in one document only (most word pairs are) cannot
// relate that document to any other, so it is not stored; it still counts
// in the vector's length and in the model's vocabulary size, so that
// naive Bayes ranks exactly as if it were there.
type Corpus struct {
	opts   Options
	ids    []int64         // row → record id
	rows   map[int64]int32 // record id → row
	ptr    []int           // row i's features are feat[ptr[i]:ptr[i+1]]
	feat   []int32
	val    []float32 // l2-normalised tf-idf
	l1     []float32 // each row's sum of values, those not stored included
	sq1    []float32 // each row's sum of squared values not stored (features of one document)
	sq     []float64 // each row's sum of squared values, all of them (1, or 0 for an empty row)
	nfeat  int       // features stored
	vocab  int       // features after MinDF, those found once included
	single int       // of them found in one document only
}

// NewCorpus builds the vectors of docs with o's feature settings (Bigrams,
// MinDF, Sublinear, StopWords). Record ids must be distinct.
func NewCorpus(docs []Doc, o Options) (*Corpus, error) {
	c := &Corpus{opts: o, ids: make([]int64, len(docs)), rows: make(map[int64]int32, len(docs))}
	for i, d := range docs {
		if _, dup := c.rows[d.ID]; dup {
			return nil, fmt.Errorf("record %d given twice", d.ID)
		}
		c.ids[i] = d.ID
		c.rows[d.ID] = int32(i)
	}
	v := newVocabulary(docs, o)

	// Weigh the terms: idf for those kept, and a place among the stored
	// features for those in two documents or more.
	n := float64(len(docs))
	ws := make([]weight, len(v.stats))
	var stored []int32
	for j, st := range v.stats {
		ws[j].stored = -1
		if int(st.df) < max(o.MinDF, 1) || o.MaxDF > 0 && o.MaxDF < 1 && float64(st.df) > o.MaxDF*n {
			continue
		}
		c.vocab++
		// scikit-learn's smooth idf, as ASReview uses it.
		ws[j].idf = float32(math.Log((1+n)/(1+float64(st.df))) + 1)
		if st.df == 1 {
			c.single++
			continue
		}
		stored = append(stored, int32(j))
	}
	// The stored features are numbered from the most frequent down, so
	// that the weights most rows touch lie together in memory: training
	// and scoring read and write them for every row. (Only the numbering
	// changes: each row keeps its features in the order they appear.)
	slices.SortStableFunc(stored, func(a, b int32) int { return int(v.stats[b].df) - int(v.stats[a].df) })
	for k, j := range stored {
		ws[j].stored = int32(k)
	}
	c.nfeat = len(stored)
	v.stats = nil

	// The vectors, on every core: first each row's number of stored
	// features, then the rows in place.
	c.ptr = make([]int, len(docs)+1)
	c.l1 = make([]float32, len(docs))
	c.sq1 = make([]float32, len(docs))
	c.sq = make([]float64, len(docs))
	parallel(len(docs), len(ws), func(b *rowBuilder, i int) {
		c.ptr[i+1] = b.count(v.docs[i], ws)
	})
	for i := range docs {
		c.ptr[i+1] += c.ptr[i]
	}
	c.feat = make([]int32, c.ptr[len(docs)])
	c.val = make([]float32, c.ptr[len(docs)])
	parallel(len(docs), len(ws), func(b *rowBuilder, i int) {
		lo, hi := c.ptr[i], c.ptr[i+1]
		c.l1[i], c.sq1[i] = b.fill(v.docs[i], ws, o.Sublinear, c.feat[lo:hi], c.val[lo:hi])
		sq := float64(c.sq1[i])
		for _, x := range c.val[lo:hi] {
			sq += float64(x) * float64(x)
		}
		c.sq[i] = sq
	})
	return c, nil
}

// weight is what a term weighs: its idf (0 below MinDF) and its place
// among the stored features (−1 if not stored).
type weight struct {
	idf    float32
	stored int32
}

// parallel calls f for rows 0..n−1 on every core, each goroutine with its
// own rowBuilder for a vocabulary of terms.
func parallel(n, terms int, f func(b *rowBuilder, i int)) {
	const chunk = 1024
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(runtime.GOMAXPROCS(0), (n+chunk-1)/chunk) {
		wg.Go(func() {
			b := &rowBuilder{mark: make([]mark, terms)}
			for start := range next {
				for i := start; i < min(start+chunk, n); i++ {
					f(b, i)
				}
			}
		})
	}
	for start := 0; start < n; start += chunk {
		next <- start
	}
	close(next)
	wg.Wait()
}

// vocabulary numbers the terms (words, and word pairs with Bigrams) in
// order of first appearance, counts the documents each is in and keeps
// each document's terms in order.
type vocabulary struct {
	stats []termStat
	docs  [][]int32 // each document's terms, in blocks shared by many
}

type termStat struct {
	df   int32 // documents the term is in
	last int32 // the last document (+1) counted
}

// Terms are kept in blocks of this many, so that storing a review's terms
// never copies them to grow.
const termBlock = 1 << 20

func newVocabulary(docs []Doc, o Options) *vocabulary {
	v := &vocabulary{docs: make([][]int32, len(docs))}
	words := map[string]int32{}
	var pairs pairTable
	tok := newTokenizer(o.StopWords)
	seq := make([]int32, 0, termBlock)
	for i, d := range docs {
		doc := int32(i + 1)
		start := len(seq)
		see := func(id int32) {
			if len(seq) == cap(seq) {
				// A new block, the document's terms so far moved to it.
				block := make([]int32, len(seq)-start, max(termBlock, 2*(len(seq)-start)))
				copy(block, seq[start:])
				seq, start = block, 0
			}
			seq = append(seq, id)
			if st := &v.stats[id]; st.last != doc {
				st.last = doc
				st.df++
			}
		}
		prev := int32(-1)
		tok.words(d.Text, func(w []byte) {
			id, ok := words[string(w)]
			if !ok {
				id = int32(len(v.stats))
				v.stats = append(v.stats, termStat{})
				words[string(w)] = id
			}
			see(id)
			if o.Bigrams && prev >= 0 {
				see(pairs.id(uint64(prev)<<32|uint64(id), func() int32 {
					v.stats = append(v.stats, termStat{})
					return int32(len(v.stats) - 1)
				}))
			}
			prev = id
		})
		v.docs[i] = seq[start:len(seq):len(seq)]
	}
	return v
}

// pairTable maps two word ids (one uint64) to a term id: open addressing
// with linear probing, kept at most half full. Word pairs are most of a
// review's terms, and this is about twice as fast as a Go map for them.
type pairTable struct {
	keys []uint64 // key + 1; 0 is an empty slot
	ids  []int32
	n    int
}

// id returns the key's term id, numbering a new key with next.
func (t *pairTable) id(key uint64, next func() int32) int32 {
	if 2*(t.n+1) > len(t.keys) {
		t.grow()
	}
	mask := uint64(len(t.keys) - 1)
	for i := mix(key) & mask; ; i = (i + 1) & mask {
		switch t.keys[i] {
		case key + 1:
			return t.ids[i]
		case 0:
			t.keys[i], t.ids[i] = key+1, next()
			t.n++
			return t.ids[i]
		}
	}
}

func (t *pairTable) grow() {
	old, oldIDs := t.keys, t.ids
	size := max(1<<16, 2*len(old))
	t.keys, t.ids = make([]uint64, size), make([]int32, size)
	mask := uint64(size - 1)
	for k, key := range old {
		if key == 0 {
			continue
		}
		i := mix(key-1) & mask
		for t.keys[i] != 0 {
			i = (i + 1) & mask
		}
		t.keys[i], t.ids[i] = key, oldIDs[k]
	}
}

// rowBuilder turns a document's terms into its vector; each goroutine
// has its own.
type rowBuilder struct {
	doc   int32
	mark  []mark // by term id
	terms []int32
	tf    []float32
}

// mark says in which document (of this builder) a term was last seen and
// where it is among that document's terms.
type mark struct{ doc, slot int32 }

// tally counts each distinct term kept, in order of first appearance.
func (b *rowBuilder) tally(seq []int32, ws []weight) {
	b.doc++
	b.terms, b.tf = b.terms[:0], b.tf[:0]
	for _, id := range seq {
		if ws[id].idf == 0 {
			continue // below MinDF
		}
		m := &b.mark[id]
		if m.doc == b.doc {
			b.tf[m.slot]++
			continue
		}
		m.doc, m.slot = b.doc, int32(len(b.terms))
		b.terms = append(b.terms, id)
		b.tf = append(b.tf, 1)
	}
}

// count gives the number of stored features of a document.
func (b *rowBuilder) count(seq []int32, ws []weight) int {
	b.tally(seq, ws)
	n := 0
	for _, id := range b.terms {
		if ws[id].stored >= 0 {
			n++
		}
	}
	return n
}

// fill writes the stored features of a document's l2-normalised tf-idf
// vector into feat and val (of the length count gave) and returns the
// sum of all its values and the sum of the squares of those not stored.
func (b *rowBuilder) fill(seq []int32, ws []weight, sublinear bool, feat []int32, val []float32) (l1, sq1 float32) {
	b.tally(seq, ws)
	var norm float64
	for k, id := range b.terms {
		w := float64(b.tf[k])
		if sublinear {
			w = 1 + math.Log(w)
		}
		w *= float64(ws[id].idf)
		b.tf[k] = float32(w)
		norm += w * w
	}
	if norm == 0 {
		return 0, 0
	}
	inv := 1 / math.Sqrt(norm)
	var sum, sq float64
	n := 0
	for k, id := range b.terms {
		x := float32(float64(b.tf[k]) * inv)
		sum += float64(x)
		if j := ws[id].stored; j >= 0 {
			feat[n], val[n] = j, x
			n++
		} else {
			sq += float64(x) * float64(x)
		}
	}
	return float32(sum), float32(sq)
}

// Len is the number of documents.
func (c *Corpus) Len() int { return len(c.ids) }

// Features is the number of features (words, and word pairs with Bigrams)
// kept after MinDF, those found in one document only included.
func (c *Corpus) Features() int { return c.vocab }

// dot is row i's inner product with a dense weight vector.
func (c *Corpus) dot(i int32, w []float32) float32 {
	lo, hi := c.ptr[i], c.ptr[i+1]
	feat, val := c.feat[lo:hi], c.val[lo:hi]
	val = val[:len(feat)]
	// Four sums, so that each addition need not wait for the last.
	var s0, s1, s2, s3 float32
	k := 0
	for ; k+4 <= len(feat); k += 4 {
		s0 += val[k] * w[feat[k]]
		s1 += val[k+1] * w[feat[k+1]]
		s2 += val[k+2] * w[feat[k+2]]
		s3 += val[k+3] * w[feat[k+3]]
	}
	for ; k < len(feat); k++ {
		s0 += val[k] * w[feat[k]]
	}
	return (s0 + s1) + (s2 + s3)
}

// dot64 is a row's inner product with dense float64 weights (training).
func dot64(w []float64, feat []int32, val []float32) float64 {
	val = val[:len(feat)]
	var s0, s1, s2, s3 float64
	k := 0
	for ; k+4 <= len(feat); k += 4 {
		s0 += float64(val[k]) * w[feat[k]]
		s1 += float64(val[k+1]) * w[feat[k+1]]
		s2 += float64(val[k+2]) * w[feat[k+2]]
		s3 += float64(val[k+3]) * w[feat[k+3]]
	}
	for ; k < len(feat); k++ {
		s0 += float64(val[k]) * w[feat[k]]
	}
	return (s0 + s1) + (s2 + s3)
}

// axpy64 adds a times a row to dense float64 weights.
func axpy64(w []float64, a float64, feat []int32, val []float32) {
	val = val[:len(feat)]
	for k, j := range feat {
		w[j] += a * float64(val[k])
	}
}

// rowsOf maps record ids to rows, naming the first unknown id.
func (c *Corpus) rowsOf(ids []int64) ([]int32, error) {
	out := make([]int32, len(ids))
	for i, id := range ids {
		r, ok := c.rows[id]
		if !ok {
			return nil, fmt.Errorf("record %d is not in the corpus", id)
		}
		out[i] = r
	}
	return out, nil
}
