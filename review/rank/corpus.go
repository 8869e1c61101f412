package rank

import (
	"fmt"
	"math"
	"slices"
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
type Corpus struct {
	opts  Options
	ids   []int64         // row → record id
	rows  map[int64]int32 // record id → row
	ptr   []int           // row i's features are feat[ptr[i]:ptr[i+1]]
	feat  []int32
	val   []float32 // l2-normalised tf-idf
	l1    []float32 // each row's sum of values, for naive Bayes
	nfeat int
	terms int // distinct words and word pairs before MinDF
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

	// First pass: term ids in order of first appearance, counts per row.
	tok := newTokenizer(o.StopWords)
	words := map[string]int32{}
	pairs := map[uint64]int32{}
	var df []int32
	ptr := make([]int, 1, len(docs)+1)
	var feat []int32
	var tf []float32
	var seq, terms []int32
	next := func() int32 {
		df = append(df, 0)
		return int32(len(df) - 1)
	}
	for _, d := range docs {
		seq, terms = seq[:0], terms[:0]
		tok.words(d.Text, func(w []byte) {
			id, ok := words[string(w)]
			if !ok {
				id = next()
				words[string(w)] = id
			}
			seq = append(seq, id)
		})
		terms = append(terms, seq...)
		if o.Bigrams {
			for i := 1; i < len(seq); i++ {
				k := uint64(seq[i-1])<<32 | uint64(uint32(seq[i]))
				id, ok := pairs[k]
				if !ok {
					id = next()
					pairs[k] = id
				}
				terms = append(terms, id)
			}
		}
		slices.Sort(terms)
		for i := 0; i < len(terms); {
			j := i + 1
			for j < len(terms) && terms[j] == terms[i] {
				j++
			}
			feat = append(feat, terms[i])
			tf = append(tf, float32(j-i))
			df[terms[i]]++
			i = j
		}
		ptr = append(ptr, len(feat))
	}
	c.terms = len(df)

	// Second pass: drop rare terms, weigh by idf and normalise each row.
	keep := make([]int32, len(df))
	idf := make([]float64, 0, len(df))
	n := float64(len(docs))
	for j, f := range df {
		if int(f) < max(o.MinDF, 1) {
			keep[j] = -1
			continue
		}
		keep[j] = int32(len(idf))
		// scikit-learn's smooth idf, as ASReview uses it.
		idf = append(idf, math.Log((1+n)/(1+float64(f)))+1)
	}
	c.nfeat = len(idf)
	c.ptr = make([]int, len(docs)+1)
	c.feat = feat[:0]
	c.val = make([]float32, 0, len(tf))
	c.l1 = make([]float32, len(docs))
	for i := range docs {
		start := len(c.feat)
		var norm float64
		for k := ptr[i]; k < ptr[i+1]; k++ {
			j := keep[feat[k]]
			if j < 0 {
				continue
			}
			w := float64(tf[k])
			if o.Sublinear {
				w = 1 + math.Log(w)
			}
			w *= idf[j]
			norm += w * w
			c.feat = append(c.feat, j)
			c.val = append(c.val, float32(w))
		}
		if norm > 0 {
			inv := 1 / math.Sqrt(norm)
			var l1 float64
			for k := start; k < len(c.val); k++ {
				c.val[k] = float32(float64(c.val[k]) * inv)
				l1 += float64(c.val[k])
			}
			c.l1[i] = float32(l1)
		}
		c.ptr[i+1] = len(c.feat)
	}
	c.feat = slices.Clip(c.feat)
	return c, nil
}

// Len is the number of documents.
func (c *Corpus) Len() int { return len(c.ids) }

// Features is the number of features (words, and word pairs with Bigrams)
// kept after MinDF.
func (c *Corpus) Features() int { return c.nfeat }

// dot is row i's inner product with a dense weight vector.
func (c *Corpus) dot(i int32, w []float32) float32 {
	var s float32
	lo, hi := c.ptr[i], c.ptr[i+1]
	feat, val := c.feat[lo:hi], c.val[lo:hi]
	for k, j := range feat {
		s += val[k] * w[j]
	}
	return s
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
