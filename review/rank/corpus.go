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

	mu    sync.Mutex
	spare *learner // the last Train's, for the next (see takeLearner)
}

// NewCorpus builds the vectors of docs with o's feature settings (Bigrams,
// MinDF, Sublinear, StopWords). Record ids must be distinct.
func NewCorpus(docs []Doc, o Options) (*Corpus, error) {
	return NewCorpusFrom(func(yield func(Doc) error) error {
		for _, d := range docs {
			if err := yield(d); err != nil {
				return err
			}
		}
		return nil
	}, o)
}

// NewCorpusFrom builds the vectors of the documents each gives, as
// NewCorpus does, without holding their texts: each is called twice, and
// must give the same documents in the same order both times (a store read
// twice, say). The first pass counts the terms, the second builds the
// vectors, a chunk of documents at a time on every core. Only the
// vocabulary and the vectors stay in memory, not the texts nor each
// document's sequence of terms.
func NewCorpusFrom(each func(yield func(Doc) error) error, o Options) (*Corpus, error) {
	c := &Corpus{opts: o, rows: map[int64]int32{}}
	v := newVocabulary(o)
	if err := each(func(d Doc) error {
		if _, dup := c.rows[d.ID]; dup {
			return fmt.Errorf("record %d given twice", d.ID)
		}
		c.rows[d.ID] = int32(len(c.ids))
		c.ids = append(c.ids, d.ID)
		v.count(d.Text)
		return nil
	}); err != nil {
		return nil, err
	}
	c.ids = slices.Clip(c.ids)

	// Weigh the terms: idf for those kept, and a place among the stored
	// features for those in two documents or more.
	n := float64(len(c.ids))
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
	// The vectors hold one value for each document a stored feature is
	// in: their size is known, and the arrays are made once.
	nnz := 0
	for _, j := range stored {
		nnz += int(v.stats[j].df)
	}
	stored = nil
	v.stats = nil

	c.ptr = make([]int, 1, len(c.ids)+1)
	c.l1 = make([]float32, len(c.ids))
	c.sq1 = make([]float32, len(c.ids))
	c.sq = make([]float64, len(c.ids))
	c.feat = make([]int32, 0, nnz)
	c.val = make([]float32, 0, nnz)
	workers := max(1, runtime.GOMAXPROCS(0))
	bs := make([]*rowBuilder, workers)
	for k := range bs {
		bs[k] = &rowBuilder{mark: make([]mark, len(ws)), tok: newTokenizer(o.StopWords)}
	}
	const chunk = 2048
	texts := make([]string, 0, chunk)
	i := 0 // the next row to build
	flush := func() error {
		if len(texts) == 0 {
			return nil
		}
		var wg sync.WaitGroup
		per := (len(texts) + workers - 1) / workers
		for k, b := range bs {
			lo, hi := min(k*per, len(texts)), min((k+1)*per, len(texts))
			wg.Go(func() {
				b.feat, b.val, b.ends = b.feat[:0], b.val[:0], b.ends[:0]
				for t := lo; t < hi; t++ {
					r := i + t
					b.seq = v.terms(b.tok, texts[t], b.seq[:0])
					c.l1[r], c.sq1[r], c.sq[r] = b.row(b.seq, ws, o.Sublinear)
					b.ends = append(b.ends, len(b.feat))
				}
			})
		}
		wg.Wait()
		for _, b := range bs {
			start := 0
			for _, end := range b.ends {
				c.feat = append(c.feat, b.feat[start:end]...)
				c.val = append(c.val, b.val[start:end]...)
				c.ptr = append(c.ptr, len(c.feat))
				start = end
			}
		}
		i += len(texts)
		clear(texts)
		texts = texts[:0]
		return nil
	}
	if err := each(func(d Doc) error {
		if i+len(texts) >= len(c.ids) || c.ids[i+len(texts)] != d.ID {
			return fmt.Errorf("record %d: the documents changed between the two passes", d.ID)
		}
		texts = append(texts, d.Text)
		if len(texts) == chunk {
			return flush()
		}
		return nil
	}); err != nil {
		return nil, err
	}
	if err := flush(); err != nil {
		return nil, err
	}
	if i != len(c.ids) {
		return nil, fmt.Errorf("%d documents in the first pass, %d in the second", len(c.ids), i)
	}
	return c, nil
}

// weight is what a term weighs: its idf (0 below MinDF) and its place
// among the stored features (−1 if not stored).
type weight struct {
	idf    float32
	stored int32
}

// vocabulary numbers the terms (words, and word pairs with Bigrams) in
// order of first appearance and counts the documents each is in.
type vocabulary struct {
	o     Options
	tok   *tokenizer
	words map[string]int32
	pairs pairTable
	stats []termStat
	docs  int32 // documents counted
}

type termStat struct {
	df   int32 // documents the term is in
	last int32 // the last document (+1) counted
}

func newVocabulary(o Options) *vocabulary {
	return &vocabulary{o: o, tok: newTokenizer(o.StopWords), words: map[string]int32{}}
}

// count numbers the terms of one more document and counts it in their
// document frequencies.
func (v *vocabulary) count(text string) {
	v.docs++
	doc := v.docs
	see := func(id int32) {
		if st := &v.stats[id]; st.last != doc {
			st.last = doc
			st.df++
		}
	}
	prev := int32(-1)
	v.tok.words(text, func(w []byte) {
		id, ok := v.words[string(w)]
		if !ok {
			id = int32(len(v.stats))
			v.stats = append(v.stats, termStat{})
			v.words[string(w)] = id
		}
		see(id)
		if v.o.Bigrams && prev >= 0 {
			see(v.pairs.id(uint64(prev)<<32|uint64(id), func() int32 {
				v.stats = append(v.stats, termStat{})
				return int32(len(v.stats) - 1)
			}))
		}
		prev = id
	})
}

// terms appends the term ids of a document counted before to seq, in
// order. It only reads the vocabulary: goroutines may call it at once,
// each with its own tokenizer.
func (v *vocabulary) terms(tok *tokenizer, text string, seq []int32) []int32 {
	prev := int32(-1)
	tok.words(text, func(w []byte) {
		id, ok := v.words[string(w)]
		if !ok {
			// Not counted: the documents changed; the caller sees it.
			prev = -1
			return
		}
		seq = append(seq, id)
		if v.o.Bigrams && prev >= 0 {
			if p, ok := v.pairs.lookup(uint64(prev)<<32 | uint64(id)); ok {
				seq = append(seq, p)
			}
		}
		prev = id
	})
	return seq
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

// lookup returns the key's term id, if it has one.
func (t *pairTable) lookup(key uint64) (int32, bool) {
	if len(t.keys) == 0 {
		return 0, false
	}
	mask := uint64(len(t.keys) - 1)
	for i := mix(key) & mask; ; i = (i + 1) & mask {
		switch t.keys[i] {
		case key + 1:
			return t.ids[i], true
		case 0:
			return 0, false
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
	tok   *tokenizer
	seq   []int32 // the document's terms
	doc   int32
	mark  []mark // by term id
	terms []int32
	tf    []float32
	// the vectors of a chunk's documents: the stored features of each
	// end at ends.
	feat []int32
	val  []float32
	ends []int
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

// row appends the stored features of a document's l2-normalised tf-idf
// vector to feat and val and returns the sum of all its values, the sum
// of the squares of those not stored and the sum of all the squares.
func (b *rowBuilder) row(seq []int32, ws []weight, sublinear bool) (l1, sq1 float32, sq float64) {
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
		return 0, 0, 0
	}
	inv := 1 / math.Sqrt(norm)
	var sum, sqs float64
	start := len(b.val)
	for k, id := range b.terms {
		x := float32(float64(b.tf[k]) * inv)
		sum += float64(x)
		if j := ws[id].stored; j >= 0 {
			b.feat = append(b.feat, j)
			b.val = append(b.val, x)
		} else {
			sqs += float64(x) * float64(x)
		}
	}
	sq = float64(float32(sqs))
	for _, x := range b.val[start:] {
		sq += float64(x) * float64(x)
	}
	return float32(sum), float32(sqs), sq
}

// Len is the number of documents.
func (c *Corpus) Len() int { return len(c.ids) }

// Features is the number of features (words, and word pairs with Bigrams)
// kept after MinDF, those found in one document only included.
func (c *Corpus) Features() int { return c.vocab }

// dot is row i's inner product with a dense weight vector.
func (c *Corpus) dot(i int32, w []float32) float32 {
	lo, hi := c.ptr[i], c.ptr[i+1]
	return dot32(w, c.feat[lo:hi], c.val[lo:hi])
}

// dot32 is a row's inner product with dense weights. Four sums, so that
// each addition need not wait for the last.
func dot32(w []float32, feat []int32, val []float32) float32 {
	val = val[:len(feat)]
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

// axpy32 adds a times a row to dense float32 weights.
func axpy32(w []float32, a float32, feat []int32, val []float32) {
	val = val[:len(feat)]
	for k, j := range feat {
		w[j] += a * val[k]
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
