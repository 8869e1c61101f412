package rank

import (
	"encoding/binary"
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
	rows   map[int64]int32 // record id → row; nil when ids ascend (see row)
	ptr    []int           // row i's features are feat[ptr[i]:ptr[i+1]] (compact: see code)
	feat   []int32
	val    []float32 // l2-normalised tf-idf
	l1     []float32 // each row's sum of values, those not stored included
	sq1    []float32 // each row's sum of squared values not stored (features of one document)
	sq     []float64 // each row's sum of squared values, all of them (1, or 0 for an empty row)
	nfeat  int       // features stored
	vocab  int       // features after MinDF, those found once included
	single int       // of them found in one document only

	// feat16 is feat in 16 bits when there are at most 65,536 stored
	// features (nil otherwise, and in the compact layout): a value then
	// takes 6 bytes to read rather than 8 in the passes that read the
	// rows again and again, the SVM's and the scoring of the pool, which
	// wait on memory more than on arithmetic (Bannach-Brown_2019's 40,414
	// features: a simulation 14 % less CPU).
	feat16 []uint16

	// The compact layout (NewCompactCorpusFrom) holds code instead of
	// feat and val: about 2 bytes a stored value rather than 8. A value
	// is a function of the feature's idf, the term's count in the
	// document and the document's norm, so each is coded as a varint of
	// the feature number (small for the frequent features: they are
	// numbered from the most frequent down) with a bit saying whether a
	// count above 1 follows, and computed when it is read (decode), the
	// same float32 to the bit. The codes lie in blocks; ptr holds each
	// row's start as block<<32 | offset, and a row ends where the next
	// starts or, if that is in the next block, at its block's end.
	code [][]byte
	inv  []float64 // each row's 1/‖tf-idf‖ (0 for an empty row)
	idf  []float32 // each stored feature's idf
	tfw  []float64 // a count's tf weight (1 + ln n, or n), by count − 1, for small counts

	mu    sync.Mutex
	spare *learner // the last Train's, for the next (see takeLearner)
}

// NewCorpus builds the vectors of docs with o's feature settings (Bigrams,
// MinDF, Sublinear, StopWords). Record ids must be distinct.
func NewCorpus(docs []Doc, o Options) (*Corpus, error) {
	text := 0
	for _, d := range docs {
		text += len(d.Text)
	}
	if text <= inMemoryText {
		c, err := newCorpusInMemory(docs, o)
		if err != errTooManyTerms {
			return c, err
		}
	}
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
// NewCorpus does, without holding their texts: each is called three
// times, and must give the same documents in the same order each time (a
// store read three times, say). The first two passes count the terms (see
// vocabulary), the third builds the vectors, a chunk of documents at a
// time on every core; in each, the documents are read while the last
// chunk is worked on. Only the vocabulary and the vectors stay in memory,
// not the texts nor each document's sequence of terms.
func NewCorpusFrom(each func(yield func(Doc) error) error, o Options) (*Corpus, error) {
	return newCorpusFrom(each, o, false)
}

// NewCompactCorpusFrom builds the corpus NewCorpusFrom does in about a
// third of the memory: a varint of 1-3 bytes a stored value instead of
// 8 (see Corpus.code), for the screen of a big review. Its models and
// rankings are those of NewCorpusFrom's corpus exactly; reading a value
// costs a few more operations, so scoring is slower, and simulations
// keep the plain layout.
func NewCompactCorpusFrom(each func(yield func(Doc) error) error, o Options) (*Corpus, error) {
	return newCorpusFrom(each, o, true)
}

func newCorpusFrom(each func(yield func(Doc) error) error, o Options, compact bool) (*Corpus, error) {
	c := &Corpus{opts: o}
	v := newVocabulary(o)
	// The first pass: the records, their words numbered, the word pairs
	// seen in two documents or more found (see vocabulary).
	if err := stream(each, c.take, func(texts []string) {
		for _, t := range texts {
			v.sift(t)
		}
	}); err != nil {
		return nil, err
	}
	c.ids = slices.Clip(c.ids)

	// The second: the documents of each term counted.
	v.startCount()
	taken := 0
	if err := stream(each, func(d Doc) error {
		if err := c.same(taken, d); err != nil {
			return err
		}
		taken++
		return nil
	}, func(texts []string) {
		for _, t := range texts {
			v.count(t)
		}
	}); err != nil {
		return nil, err
	}
	if taken != len(c.ids) {
		return nil, fmt.Errorf("%d documents in the first pass, %d in the second", len(c.ids), taken)
	}

	// Weigh the terms: idf for those kept, and a place among the stored
	// features for those in two documents or more.
	lx, nnz := v.weigh(c)
	v = nil
	if compact {
		c.idf = lx.idf
		c.tfw = make([]float64, 256)
		for n := range c.tfw {
			c.tfw[n] = tfWeight(n+1, o.Sublinear)
		}
	}

	// The third: the vectors, a chunk of documents at a time on every
	// core. They hold one value for each document a stored feature is
	// in: their size is known, and the plain layout's arrays are made
	// once (the compact layout's codes vary in length: they are appended
	// in blocks).
	c.ptr = make([]int, 1, len(c.ids)+1)
	c.l1 = make([]float32, len(c.ids))
	c.sq1 = make([]float32, len(c.ids))
	c.sq = make([]float64, len(c.ids))
	if compact {
		c.ptr = c.ptr[:0]
		c.inv = make([]float64, len(c.ids))
	} else {
		c.feat = make([]int32, 0, nnz)
		c.val = make([]float32, 0, nnz)
	}
	workers := max(1, runtime.GOMAXPROCS(0))
	bs := make([]*rowBuilder, workers)
	for k := range bs {
		bs[k] = &rowBuilder{lx: lx, tok: newTokenizer(o.StopWords)}
		if compact {
			bs[k].c = c
		}
	}
	i := 0 // the next row to build
	build := func(texts []string) {
		var wg sync.WaitGroup
		per := (len(texts) + workers - 1) / workers
		for k, b := range bs {
			lo, hi := min(k*per, len(texts)), min((k+1)*per, len(texts))
			wg.Go(func() {
				b.feat, b.val, b.code, b.ends = b.feat[:0], b.val[:0], b.code[:0], b.ends[:0]
				for t := lo; t < hi; t++ {
					r := i + t
					b.tally(texts[t])
					var inv float64
					c.l1[r], c.sq1[r], c.sq[r], inv = b.row(o.Sublinear)
					if compact {
						c.inv[r] = inv
						b.ends = append(b.ends, len(b.code))
					} else {
						b.ends = append(b.ends, len(b.feat))
					}
				}
			})
		}
		wg.Wait()
		for _, b := range bs {
			start := 0
			for _, end := range b.ends {
				if compact {
					c.appendCode(b.code[start:end])
				} else {
					c.feat = append(c.feat, b.feat[start:end]...)
					c.val = append(c.val, b.val[start:end]...)
					c.ptr = append(c.ptr, len(c.feat))
				}
				start = end
			}
		}
		i += len(texts)
	}
	taken = 0
	if err := stream(each, func(d Doc) error {
		if err := c.same(taken, d); err != nil {
			return err
		}
		taken++
		return nil
	}, build); err != nil {
		return nil, err
	}
	if taken != len(c.ids) {
		return nil, fmt.Errorf("%d documents in the first pass, %d in the third", len(c.ids), taken)
	}
	if !compact {
		c.narrow()
	}
	if compact {
		// The end of the last row.
		end := 0
		if k := len(c.code); k > 0 {
			end = (k-1)<<32 | len(c.code[k-1])
		}
		c.ptr = append(c.ptr, end)
	}
	return c, nil
}

// stream is one pass over each's documents: each is checked by take, in
// each's goroutine, and their texts are handed to work a chunk at a time,
// in order, in a goroutine of its own, so that reading the next chunk
// (from a store, say) goes on while the last is worked on.
func stream(each func(yield func(Doc) error) error, take func(Doc) error, work func(texts []string)) error {
	const chunk = 2048
	full := make(chan []string, 1)
	free := make(chan []string, 3) // at most three chunks are about
	done := make(chan struct{})
	go func() {
		defer close(done)
		for texts := range full {
			work(texts)
			clear(texts)
			free <- texts[:0]
		}
	}()
	texts := make([]string, 0, chunk)
	err := each(func(d Doc) error {
		if err := take(d); err != nil {
			return err
		}
		texts = append(texts, d.Text)
		if len(texts) == chunk {
			full <- texts
			select {
			case texts = <-free:
			default:
				texts = make([]string, 0, chunk)
			}
		}
		return nil
	})
	if err == nil && len(texts) > 0 {
		full <- texts
	}
	close(full)
	<-done
	return err
}

// narrow sets feat16 when the stored features fit in 16 bits.
func (c *Corpus) narrow() {
	if c.nfeat > 1<<16 {
		return
	}
	c.feat16 = make([]uint16, len(c.feat))
	for i, j := range c.feat {
		c.feat16[i] = uint16(j)
	}
}

// take gives the next row to record d.
func (c *Corpus) take(d Doc) error {
	// Records in ascending order (a store's) are found by binary
	// search; others need a map (a million entries: tens of MB).
	if c.rows == nil && len(c.ids) > 0 && d.ID <= c.ids[len(c.ids)-1] {
		c.rows = make(map[int64]int32, len(c.ids))
		for r, id := range c.ids {
			c.rows[id] = int32(r)
		}
	}
	if c.rows != nil {
		if _, dup := c.rows[d.ID]; dup {
			return fmt.Errorf("record %d given twice", d.ID)
		}
		c.rows[d.ID] = int32(len(c.ids))
	}
	c.ids = append(c.ids, d.ID)
	return nil
}

// same checks that a later pass's document r is the first pass's.
func (c *Corpus) same(r int, d Doc) error {
	if r >= len(c.ids) || c.ids[r] != d.ID {
		return fmt.Errorf("record %d: the documents changed between passes over them", d.ID)
	}
	return nil
}

// rowBuilder turns a document's terms into its vector; each goroutine
// has its own.
type rowBuilder struct {
	lx    *lexicon
	tok   *tokenizer
	set   docSet // the document's terms → their place in terms, or −1 if left out
	terms []term // the document's distinct terms kept, in order of first appearance
	tf    []float32
	// the vectors of a chunk's documents: the stored features of each
	// end at ends.
	feat []int32
	val  []float32
	ends []int
	// The compact layout's (c is the corpus then, nil otherwise): the
	// codes.
	c     *Corpus
	code  []byte
	count []int32 // each distinct term's count, while row works
}

// term is a term of a document: its idf and its stored feature (or
// oneDoc).
type term struct {
	idf  float32
	feat int32
}

// tally counts each distinct term of a document that is kept, in order
// of first appearance.
func (b *rowBuilder) tally(text string) {
	b.set.reset()
	b.terms, b.tf = b.terms[:0], b.tf[:0]
	lx := b.lx
	prev := int32(-1)
	b.tok.words(text, func(w []byte) {
		id, ok := lx.words[string(w)]
		if !ok {
			// Not counted: the documents changed; the caller sees it.
			prev = -1
			return
		}
		if i, there := b.set.find(wordKey(id)); there {
			if k := b.set.vals[i]; k >= 0 {
				b.tf[k]++
			}
		} else {
			b.add(i, wordKey(id), lx.wordFeat[id])
		}
		if lx.bigrams && prev >= 0 {
			key := pairKey(prev, id)
			if i, there := b.set.find(key); there {
				if k := b.set.vals[i]; k >= 0 {
					b.tf[k]++
				}
			} else {
				f, ok := lx.pairs.lookup(key)
				if !ok {
					f = oneDoc
				}
				b.add(i, key, f)
			}
		}
		prev = id
	})
}

// add takes a term at its first appearance in the document (at slot i of
// the set): counted once, or left out if dropped.
func (b *rowBuilder) add(i int, key uint64, f int32) {
	b.set.insert(i, key, b.addTerm(f))
}

// addTerm takes a term of feature f (stored, dropped or oneDoc) at its
// first appearance in the document and returns its place in terms, or
// −1 if it is left out.
func (b *rowBuilder) addTerm(f int32) int32 {
	idf := b.lx.once
	switch {
	case f >= 0:
		idf = b.lx.idf[f]
	case f == dropped:
		idf = 0
	}
	if idf == 0 {
		return -1
	}
	b.terms = append(b.terms, term{idf, f})
	b.tf = append(b.tf, 1)
	return int32(len(b.terms) - 1)
}

// row appends the stored features of the tallied document's
// l2-normalised tf-idf vector to feat and val (to code in the compact
// layout) and returns the sum of all its values, the sum of the squares
// of those not stored, the sum of all the squares and the inverse of its
// norm.
func (b *rowBuilder) row(sublinear bool) (l1, sq1 float32, sq float64, inv float64) {
	if b.c != nil {
		b.count = b.count[:0]
		for _, n := range b.tf {
			b.count = append(b.count, int32(n))
		}
	}
	var norm float64
	for k, t := range b.terms {
		w := tfWeight(int(b.tf[k]), sublinear)
		w *= float64(t.idf)
		b.tf[k] = float32(w)
		norm += w * w
	}
	if norm == 0 {
		return 0, 0, 0, 0
	}
	inv = 1 / math.Sqrt(norm)
	var sum, sqs float64
	for k, t := range b.terms {
		x := float32(float64(b.tf[k]) * inv)
		sum += float64(x)
		if j := t.feat; j >= 0 {
			if b.c != nil {
				b.code = encode(b.code, j, b.count[k])
			} else {
				b.feat = append(b.feat, j)
				b.val = append(b.val, x)
			}
		} else {
			sqs += float64(x) * float64(x)
		}
	}
	sq = float64(float32(sqs))
	// The stored values' squares, added in the order they are stored.
	for k, t := range b.terms {
		if t.feat >= 0 {
			x := float32(float64(b.tf[k]) * inv)
			sq += float64(x) * float64(x)
		}
	}
	return float32(sum), float32(sqs), sq, inv
}

// tfWeight is a term's weight for its count in a document: 1 + ln n with
// sublinear tf, n without.
func tfWeight(n int, sublinear bool) float64 {
	w := float64(n)
	if sublinear {
		w = 1 + math.Log(w)
	}
	return w
}

// codeBlock is the size of the compact layout's blocks of codes (a
// variable for the tests).
var codeBlock = 16 << 20

// encode appends a stored feature's code for a count to code: a varint
// of the feature number and a bit for a count above 1, then the count if
// so.
func encode(code []byte, j int32, n int32) []byte {
	if n > 1 {
		return binary.AppendUvarint(binary.AppendUvarint(code, uint64(j)<<1|1), uint64(n))
	}
	return binary.AppendUvarint(code, uint64(j)<<1)
}

// appendCode appends the next row's codes to the compact layout, in a
// new block when they do not fit in the last (a row is never split).
func (c *Corpus) appendCode(row []byte) {
	k := len(c.code) - 1
	if k < 0 || len(c.code[k])+len(row) > cap(c.code[k]) {
		c.code = append(c.code, make([]byte, 0, max(codeBlock, len(row))))
		k++
	}
	c.ptr = append(c.ptr, k<<32|len(c.code[k]))
	c.code[k] = append(c.code[k], row...)
}

// codeOf gives row r's codes in the compact layout.
func (c *Corpus) codeOf(r int32) []byte {
	start, next := c.ptr[r], c.ptr[r+1]
	if len(c.code) == 0 {
		return nil
	}
	blk := c.code[start>>32]
	hi := len(blk)
	if next>>32 == start>>32 {
		hi = next & (1<<32 - 1)
	}
	return blk[start&(1<<32-1) : hi]
}

// decode reads the stored value at code[i:] of a row whose norm's
// inverse is inv and returns the feature, the value (to the bit the
// plain layout's: rowBuilder.row's arithmetic, step by step) and the
// position of the next.
func (c *Corpus) decode(code []byte, i int, inv float64) (int32, float32, int) {
	u, k := binary.Uvarint(code[i:])
	i += k
	j := int32(u >> 1)
	tw := c.tfw[0]
	if u&1 != 0 {
		n, k := binary.Uvarint(code[i:])
		i += k
		if n <= uint64(len(c.tfw)) {
			tw = c.tfw[n-1]
		} else {
			tw = tfWeight(int(n), c.opts.Sublinear)
		}
	}
	return j, float32(float64(float32(tw*float64(c.idf[j]))) * inv), i
}

// vector appends row r's stored features and values to feat and val: a
// slice of the plain layout's arrays, or the compact layout's decoded.
func (c *Corpus) vector(r int32, feat []int32, val []float32) ([]int32, []float32) {
	if c.code == nil {
		lo, hi := c.ptr[r], c.ptr[r+1]
		return append(feat, c.feat[lo:hi]...), append(val, c.val[lo:hi]...)
	}
	code, inv := c.codeOf(r), c.inv[r]
	for i := 0; i < len(code); {
		var j int32
		var x float32
		j, x, i = c.decode(code, i, inv)
		feat, val = append(feat, j), append(val, x)
	}
	return feat, val
}

// Len is the number of documents.
func (c *Corpus) Len() int { return len(c.ids) }

// Features is the number of features (words, and word pairs with Bigrams)
// kept after MinDF, those found in one document only included.
func (c *Corpus) Features() int { return c.vocab }

// dot is row i's inner product with a dense weight vector.
func (c *Corpus) dot(i int32, w []float32) float32 {
	if c.code != nil {
		return c.dotCode(i, w)
	}
	lo, hi := c.ptr[i], c.ptr[i+1]
	return dot32(w, c.feat[lo:hi], c.val[lo:hi])
}

// dotCode is dot on the compact layout: each value decoded, and summed
// as dot32 sums (groups of four into four sums, the rest into the
// first), so that the score is the plain layout's to the bit.
func (c *Corpus) dotCode(r int32, w []float32) float32 {
	code, inv := c.codeOf(r), c.inv[r]
	idf := c.idf
	i := 0
	term := func() float32 {
		// The common cases first: a feature counted once, in one or
		// two bytes; its tf weight is tfw[0] (decode's arithmetic).
		b := uint32(code[i])
		if b < 0x80 && b&1 == 0 {
			i++
			j := b >> 1
			return float32(float64(float32(c.tfw[0]*float64(idf[j])))*inv) * w[j]
		}
		if b&1 == 0 && i+1 < len(code) && code[i+1] < 0x80 {
			j := (b&0x7f | uint32(code[i+1])<<7) >> 1
			i += 2
			return float32(float64(float32(c.tfw[0]*float64(idf[j])))*inv) * w[j]
		}
		var j int32
		var x float32
		j, x, i = c.decode(code, i, inv)
		return x * w[j]
	}
	var s0, s1, s2, s3 float32
	for i < len(code) {
		t0 := term()
		if i == len(code) {
			s0 += t0
			break
		}
		t1 := term()
		if i == len(code) {
			s0 += t0
			s0 += t1
			break
		}
		t2 := term()
		if i == len(code) {
			s0 += t0
			s0 += t1
			s0 += t2
			break
		}
		t3 := term()
		s0 += t0
		s1 += t1
		s2 += t2
		s3 += t3
	}
	return (s0 + s1) + (s2 + s3)
}

// dot32 is a row's inner product with dense weights. Four sums, so that
// each addition need not wait for the last.
func dot32[F int32 | uint16](w []float32, feat []F, val []float32) float32 {
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

// dot32x2 is dot32 of two rows at once, each summed exactly as dot32
// sums it: the loads of one row overlap with those of the other, which
// dot32 alone cannot overlap, each addition waiting for its sum's last.
func dot32x2[F int32 | uint16](w []float32, fa []F, va []float32, fb []F, vb []float32) (float32, float32) {
	va, vb = va[:len(fa)], vb[:len(fb)]
	var a0, a1, a2, a3, b0, b1, b2, b3 float32
	n := min(len(fa), len(fb)) &^ 3
	for k := 0; k < n; k += 4 {
		a0 += va[k] * w[fa[k]]
		b0 += vb[k] * w[fb[k]]
		a1 += va[k+1] * w[fa[k+1]]
		b1 += vb[k+1] * w[fb[k+1]]
		a2 += va[k+2] * w[fa[k+2]]
		b2 += vb[k+2] * w[fb[k+2]]
		a3 += va[k+3] * w[fa[k+3]]
		b3 += vb[k+3] * w[fb[k+3]]
	}
	// The rest of each, as dot32 goes on.
	rest := func(f []F, v []float32, s0, s1, s2, s3 float32) float32 {
		k := n
		for ; k+4 <= len(f); k += 4 {
			s0 += v[k] * w[f[k]]
			s1 += v[k+1] * w[f[k+1]]
			s2 += v[k+2] * w[f[k+2]]
			s3 += v[k+3] * w[f[k+3]]
		}
		for ; k < len(f); k++ {
			s0 += v[k] * w[f[k]]
		}
		return (s0 + s1) + (s2 + s3)
	}
	return rest(fa, va, a0, a1, a2, a3), rest(fb, vb, b0, b1, b2, b3)
}

// scoreRows calls set with each i and row rows[i]'s score (score), two
// rows at a time in the plain layout (with 16-bit features if it has
// them).
func (c *Corpus) scoreRows(coef []float32, l1coef float32, rows []int32, set func(i int, s float32)) {
	i := 0
	if c.feat16 != nil {
		for ; i+1 < len(rows); i += 2 {
			r, q := rows[i], rows[i+1]
			lo, hi, qlo, qhi := c.ptr[r], c.ptr[r+1], c.ptr[q], c.ptr[q+1]
			a, b := dot32x2(coef, c.feat16[lo:hi], c.val[lo:hi], c.feat16[qlo:qhi], c.val[qlo:qhi])
			set(i, a+l1coef*c.l1[r])
			set(i+1, b+l1coef*c.l1[q])
		}
	}
	if c.code == nil {
		for ; i+1 < len(rows); i += 2 {
			r, q := rows[i], rows[i+1]
			lo, hi, qlo, qhi := c.ptr[r], c.ptr[r+1], c.ptr[q], c.ptr[q+1]
			a, b := dot32x2(coef, c.feat[lo:hi], c.val[lo:hi], c.feat[qlo:qhi], c.val[qlo:qhi])
			set(i, a+l1coef*c.l1[r])
			set(i+1, b+l1coef*c.l1[q])
		}
	}
	for ; i < len(rows); i++ {
		set(i, c.score(coef, l1coef, rows[i]))
	}
}

// axpy32 adds a times a row to dense float32 weights.
func axpy32[F int32 | uint16](w []float32, a float32, feat []F, val []float32) {
	val = val[:len(feat)]
	for k, j := range feat {
		w[j] += a * val[k]
	}
}

// row gives a record's row.
func (c *Corpus) row(id int64) (int32, bool) {
	if c.rows != nil {
		r, ok := c.rows[id]
		return r, ok
	}
	r, ok := slices.BinarySearch(c.ids, id)
	return int32(r), ok
}

// rowsOf maps record ids to rows, naming the first unknown id.
func (c *Corpus) rowsOf(ids []int64) ([]int32, error) {
	out := make([]int32, len(ids))
	for i, id := range ids {
		r, ok := c.row(id)
		if !ok {
			return nil, fmt.Errorf("record %d is not in the corpus", id)
		}
		out[i] = r
	}
	return out, nil
}
