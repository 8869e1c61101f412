package rank

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// corpusDigest is a SHA-256 of everything a corpus holds: its rows, its
// vectors in either layout, its counts of features.
func corpusDigest(c *Corpus) string {
	h := sha256.New()
	w := func(vs ...any) {
		for _, v := range vs {
			if err := binary.Write(h, binary.LittleEndian, v); err != nil {
				panic(err)
			}
		}
	}
	w(int64(len(c.ids)), c.ids, int64(c.nfeat), int64(c.vocab), int64(c.single))
	ptr := make([]int64, len(c.ptr))
	for i, p := range c.ptr {
		ptr[i] = int64(p)
	}
	w(int64(len(ptr)), ptr, int64(len(c.feat)), c.feat, int64(len(c.val)), c.val)
	w(c.l1, c.sq1, c.sq, int64(len(c.inv)), c.inv, int64(len(c.idf)), c.idf, int64(len(c.tfw)), c.tfw)
	for _, blk := range c.code {
		w(int64(len(blk)), blk)
	}
	return fmt.Sprintf("%x", h.Sum(nil))[:16]
}

// digestCases are the corpora whose digests TestCorpusDigest pins: the
// synthetic abstracts under each feature setting, and an odd corpus of
// one record, an empty one and repeated words.
func digestCases() []struct {
	name string
	docs []Doc
	o    Options
} {
	docs, _ := synthAbstracts(2000, 9)
	docs[3].Text = ""
	docs[4].Text += strings.Repeat(" aspirin statin", 200)
	docs[5].Text += " aspirin statin aspirin"
	type tc = struct {
		name string
		docs []Doc
		o    Options
	}
	var out []tc
	for _, v := range []struct {
		name string
		f    func(*Options)
	}{
		{"default", func(*Options) {}},
		{"mindf2", func(o *Options) { o.MinDF = 2 }},
		{"mindf3-maxdf0.05", func(o *Options) { o.MinDF, o.MaxDF = 3, 0.05 }},
		{"maxdf0", func(o *Options) { o.MaxDF = 0 }},
		{"words", func(o *Options) { o.Bigrams = false }},
		{"linear-tf", func(o *Options) { o.Sublinear = false }},
		{"stopwords", func(o *Options) { o.StopWords = !o.StopWords }},
	} {
		o := DefaultOptions()
		v.f(&o)
		out = append(out, tc{"synth-" + v.name, docs, o})
	}
	out = append(out,
		tc{"one", []Doc{{1, "aspirin and statin trial trial"}}, DefaultOptions()},
		tc{"none", nil, DefaultOptions()},
		tc{"tiny", []Doc{{3, "a b c"}, {1, "trial trial trial"}, {2, "trial aspirin trial aspirin"}, {7, ""}}, DefaultOptions()},
		tc{"one-maxdf0", []Doc{{1, "aspirin and statin trial trial"}}, func() Options { o := DefaultOptions(); o.MaxDF = 0; return o }()},
		tc{"pairs", []Doc{{1, "zeta omega zeta omega zeta omega"}, {2, "omega beta zeta"}, {3, "zeta gamma omega beta"}, {4, "beta"}}, DefaultOptions()},
	)
	return out
}

// corpusDigests are the digests of digestCases' corpora and of the
// labelled reviews of the shared corpus, plain and compact, as built
// before the vocabulary counted word pairs in three passes (main at
// 893073b): the vectors, and therefore every ranking, must not change.
var corpusDigests = map[string][2]string{
	"synth-default":           {"1f7dff4265289b9d", "2a562bcb7483c03a"}, // vocab 173640 single 135539 stored 38101
	"synth-mindf2":            {"194a981dad82b035", "8b0368d28ee4e0ae"}, // vocab 38101 single 0 stored 38101
	"synth-mindf3-maxdf0.05":  {"95572a3e117ce743", "fe29c8a4e6bdeeb2"}, // vocab 21452 single 0 stored 21452
	"synth-maxdf0":            {"1ce3089e687bf7f3", "5ec6745e7989582a"}, // vocab 173651 single 135539 stored 38112
	"synth-words":             {"1d5812daac495697", "da1173010a7641c4"}, // vocab 23789 single 12201 stored 11588
	"synth-linear-tf":         {"1bef3ab882be8da4", "e8bda0a745f2f55f"}, // vocab 173640 single 135539 stored 38101
	"synth-stopwords":         {"f256294ed662b889", "022243f3b1865e02"}, // vocab 175674 single 138374 stored 37300
	"one":                     {"fa632a75c8fd7d70", "0254da96d54289b0"}, // vocab 0 single 0 stored 0
	"none":                    {"73fb20e588483720", "8e20041671f78d55"}, // vocab 0 single 0 stored 0
	"tiny":                    {"a4a4c3db571bede4", "83e05e2cd2660d2c"}, // vocab 5 single 4 stored 1
	"one-maxdf0":              {"18fe762d705f5bbb", "e1fd58b6eb0e8cd0"}, // vocab 8 single 8 stored 0
	"pairs":                   {"968db459624529e1", "ded0fbc23142813c"}, // vocab 10 single 6 stored 4
	"Appenzeller-Herzog_2020": {"faadff0f23acac23", "6ff75e53de7695f1"}, // vocab 185333 single 128285 stored 57048
	"Bannach-Brown_2019":      {"4dae7f1bb049631d", "319ea6e2590bcc42"}, // vocab 177946 single 136867 stored 41079
	"Hall_2012":               {"5d3883e3c8e9de46", "1002730744b5ec62"}, // vocab 401882 single 278802 stored 123080
	"Kitchenham_2010":         {"f3c209a240b142b7", "98f26f1eb5dacb58"}, // vocab 131484 single 98626 stored 32858
	"Nagtegaal_2019":          {"965971a14b9bb056", "d03b244c30353c1e"}, // vocab 210286 single 153000 stored 57286
	"van_de_Schoot_2017":      {"4e74c2fa6b4e82c1", "b58266c4b5351730"}, // vocab 372438 single 246807 stored 125631
}

// TestCorpusDigest: the corpora of digestCases and of the labelled
// reviews hold exactly the vectors they held before (corpusDigests),
// whether counted in one pass or in three.
func TestCorpusDigest(t *testing.T) {
	check := func(t *testing.T, name string, docs []Doc, o Options) {
		plain, err := NewCorpus(docs, o)
		if err != nil {
			t.Fatal(err)
		}
		compact, err := NewCompactCorpusFrom(func(yield func(Doc) error) error {
			for _, d := range docs {
				if err := yield(d); err != nil {
					return err
				}
			}
			return nil
		}, o)
		if err != nil {
			t.Fatal(err)
		}
		got := [2]string{corpusDigest(plain), corpusDigest(compact)}
		if want, ok := corpusDigests[name]; !ok || got != want {
			t.Errorf("%s: digests %q, want %q (vocab %d, single %d, stored %d)", name, got, want, plain.vocab, plain.single, plain.nfeat)
		}
		// NewCorpus counts small corpora in one pass (newCorpusInMemory),
		// others in three: both give the same vectors.
		defer func(n int) { inMemoryText = n }(inMemoryText)
		inMemoryText = -1
		passes, err := NewCorpus(docs, o)
		if err != nil {
			t.Fatal(err)
		}
		if got := corpusDigest(passes); got != corpusDigests[name][0] {
			t.Errorf("%s in three passes: digest %s, want %s", name, got, corpusDigests[name][0])
		}
	}
	for _, tc := range digestCases() {
		check(t, tc.name, tc.docs, tc.o)
	}
	t.Run("corpus", func(t *testing.T) {
		for _, p := range screeningDatasets(t) {
			recs := readDataset(t, p)
			docs := make([]Doc, len(recs))
			for i, r := range recs {
				docs[i] = r.Doc()
			}
			check(t, filepath.Base(filepath.Dir(p)), docs, DefaultOptions())
		}
	})
}

// TestCorpusInMemoryFallsBack: a corpus with more words or terms than
// the one-pass count can number is counted in three passes, with the
// same vectors.
func TestCorpusInMemoryFallsBack(t *testing.T) {
	defer func(w int32, n int) { maxPairWord, maxPairTerm = w, n }(maxPairWord, maxPairTerm)
	for _, limit := range []struct {
		words int32
		terms int
	}{{64, 1 << 24}, {1 << 20, 1000}} {
		maxPairWord, maxPairTerm = limit.words, limit.terms
		for _, tc := range digestCases()[:2] {
			if _, err := newCorpusInMemory(tc.docs, tc.o); err != errTooManyTerms {
				t.Fatalf("%s, at most %d words and %d terms: err %v, want errTooManyTerms", tc.name, limit.words, limit.terms, err)
			}
			c, err := NewCorpus(tc.docs, tc.o)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := corpusDigest(c), corpusDigests[tc.name][0]; got != want {
				t.Errorf("%s, at most %d words and %d terms: digest %s, want %s", tc.name, limit.words, limit.terms, got, want)
			}
		}
	}
}

// refVocab counts a corpus's terms the plain way: every word and every
// pair of consecutive words (within a document) a string key, its
// documents counted, in order of first appearance.
type refVocab struct {
	terms []string // in order of first appearance
	df    map[string]int
}

func refCount(docs []Doc, o Options) refVocab {
	rv := refVocab{df: map[string]int{}}
	tok := newTokenizer(o.StopWords)
	for _, d := range docs {
		seen := map[string]bool{}
		see := func(t string) {
			if _, ok := rv.df[t]; !ok {
				rv.terms = append(rv.terms, t)
			}
			if !seen[t] {
				seen[t] = true
				rv.df[t]++
			}
		}
		prev := ""
		tok.words(d.Text, func(w []byte) {
			see(string(w))
			if o.Bigrams && prev != "" {
				see(prev + " " + string(w))
			}
			prev = string(w)
		})
	}
	return rv
}

// refDocTerms gives a document's distinct terms in order of first
// appearance, with their counts.
func refDocTerms(text string, o Options) ([]string, map[string]int) {
	var order []string
	tf := map[string]int{}
	see := func(t string) {
		if tf[t] == 0 {
			order = append(order, t)
		}
		tf[t]++
	}
	prev := ""
	newTokenizer(o.StopWords).words(text, func(w []byte) {
		see(string(w))
		if o.Bigrams && prev != "" {
			see(prev + " " + string(w))
		}
		prev = string(w)
	})
	return order, tf
}

// countCorpus is a corpus with pairs of every kind: in one document only
// (once, or several times in it), in two documents or more, in one
// document twice and in another once, and one split across documents
// (a document's last word and the next's first: no pair).
func countCorpus() []Doc {
	docs := []Doc{
		{1, "aspirin statin trial aspirin statin"},   // "aspirin statin" twice here, once in 4
		{2, "cohort study of statin"},                // "cohort study" also in 3
		{3, "cohort study aspirin"},                  // ends with "aspirin"
		{4, "trial aspirin statin zeta"},             // starts with "trial": "aspirin trial" is no pair
		{5, "zeta omega zeta omega zeta omega beta"}, // "zeta omega" three times, here only
		{6, ""},
		{7, "beta"},
	}
	more, _ := synthAbstracts(400, 11)
	for i, d := range more {
		d.ID = int64(100 + i)
		docs = append(docs, d)
	}
	return docs
}

// TestVocabularyCounts: the vocabulary's counts (features kept, those of
// one document, those stored and their order and idf) and every row's
// stored features are those of a plain count of every term, with
// several feature settings, and with Bloom filters so small that they
// find many pairs never added (which must change nothing).
func TestVocabularyCounts(t *testing.T) {
	docs := countCorpus()
	for _, base := range []int{bloomBase, 4} {
		defer func(b int) { bloomBase = b }(bloomBase)
		bloomBase = base
		for _, set := range []func(*Options){
			func(*Options) {},
			func(o *Options) { o.MinDF = 2 },
			func(o *Options) { o.MaxDF = 0.02 },
			func(o *Options) { o.Bigrams = false },
		} {
			o := DefaultOptions()
			set(&o)
			c, err := NewCompactCorpusFrom(func(yield func(Doc) error) error {
				for _, d := range docs {
					if err := yield(d); err != nil {
						return err
					}
				}
				return nil
			}, o)
			if err != nil {
				t.Fatal(err)
			}
			name := fmt.Sprintf("bloomBase %d, MinDF %d, MaxDF %g, Bigrams %v", base, o.MinDF, o.MaxDF, o.Bigrams)

			rv := refCount(docs, o)
			n := float64(len(docs))
			keep := func(df int) bool {
				return df >= max(o.MinDF, 1) && !(o.MaxDF > 0 && o.MaxDF < 1 && float64(df) > o.MaxDF*n)
			}
			var vocab, single int
			var stored []string
			for _, term := range rv.terms {
				df := rv.df[term]
				if !keep(df) {
					continue
				}
				vocab++
				if df == 1 {
					single++
				} else {
					stored = append(stored, term)
				}
			}
			slices.SortStableFunc(stored, func(a, b string) int { return rv.df[b] - rv.df[a] })
			if c.vocab != vocab || c.single != single || c.nfeat != len(stored) {
				t.Fatalf("%s: vocab %d, single %d, stored %d; counted %d, %d, %d", name, c.vocab, c.single, c.nfeat, vocab, single, len(stored))
			}
			if vocab == 0 || len(stored) == 0 || (o.MinDF <= 1 && single == 0) {
				t.Fatalf("%s: %d features, %d stored, %d of one document: the test corpus is too thin", name, vocab, len(stored), single)
			}
			index := map[string]int32{}
			for k, term := range stored {
				index[term] = int32(k)
				want := float32(math.Log((1+n)/(1+float64(rv.df[term]))) + 1)
				if c.idf[k] != want {
					t.Fatalf("%s: feature %d (%q): idf %v, want %v", name, k, term, c.idf[k], want)
				}
			}
			var feat []int32
			var val []float32
			for r, d := range docs {
				feat, val = c.vector(int32(r), feat[:0], val[:0])
				order, tf := refDocTerms(d.Text, o)
				var want []int32
				var norm float64
				for _, term := range order {
					if !keep(rv.df[term]) {
						continue
					}
					w := (1 + math.Log(float64(tf[term]))) * (math.Log((1+n)/(1+float64(rv.df[term]))) + 1)
					norm += w * w
					if k, ok := index[term]; ok {
						want = append(want, k)
					}
				}
				if !slices.Equal(feat, want) {
					t.Fatalf("%s: record %d: features %v, want %v", name, d.ID, feat, want)
				}
				if norm > 0 && math.Abs(c.inv[r]-1/math.Sqrt(norm)) > 1e-6*c.inv[r] {
					t.Fatalf("%s: record %d: 1/norm %v, want %v", name, d.ID, c.inv[r], 1/math.Sqrt(norm))
				}
			}
		}
	}
	// Record 1's vector: "aspirin statin" counted twice, "statin trial"
	// and "trial aspirin" (in records 1 and 4) stored, and no pair of
	// record 3's last word and record 4's first.
	rv := refCount(docs, DefaultOptions())
	if rv.df["aspirin statin"] != 2 || rv.df["trial aspirin"] != 2 || rv.df["aspirin trial"] != 0 || rv.df["zeta omega"] != 1 {
		t.Fatalf("the reference count: %v", rv.df)
	}
}

// TestSiftFalseHits: with filters that small, the first two passes take
// pairs of one document for candidates (the filters' false hits), and
// count them exactly: the vectors do not change (TestVocabularyCounts,
// TestCorpusDigest's digests with small filters).
func TestSiftFalseHits(t *testing.T) {
	defer func(b int) { bloomBase = b }(bloomBase)
	bloomBase = 4
	docs := countCorpus()
	o := DefaultOptions()
	v := newVocabulary(o)
	for _, d := range docs {
		v.sift(d.Text)
	}
	if len(v.seen.layers) < 8 || len(v.twice.layers) < 6 {
		t.Fatalf("%d and %d layers: the filters did not grow", len(v.seen.layers), len(v.twice.layers))
	}
	v.startCount()
	for _, d := range docs {
		v.count(d.Text)
	}
	rv := refCount(docs, o)
	var pairs, twice int
	for term, df := range rv.df {
		if strings.Contains(term, " ") {
			pairs++
			if df >= 2 {
				twice++
			}
		}
	}
	if v.pairs.n <= twice {
		t.Fatalf("%d candidates for %d pairs in two documents or more: no false hits to test", v.pairs.n, twice)
	}
	if v.pairs.n+v.once != pairs {
		t.Fatalf("%d candidates and %d pairs of one document; %d pairs in all", v.pairs.n, v.once, pairs)
	}
	once := 0
	v.pairs.each(func(_ uint64, term int32) {
		if v.df[term] == 1 {
			once++
		}
	})
	if v.pairs.n-once != twice {
		t.Fatalf("%d candidates in two documents or more; counted %d", v.pairs.n-once, twice)
	}
	t.Logf("%d pairs, %d in two documents or more, %d candidates", pairs, twice, v.pairs.n)
}

// TestCorpusDigestSmallFilters: the digests hold with filters so small
// that they grow many layers and find many pairs never added.
func TestCorpusDigestSmallFilters(t *testing.T) {
	defer func(b int) { bloomBase = b }(bloomBase)
	bloomBase = 16
	for _, tc := range digestCases() {
		c, err := NewCorpus(tc.docs, tc.o)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := corpusDigest(c), corpusDigests[tc.name][0]; got != want {
			t.Errorf("%s: digest %s, want %s", tc.name, got, want)
		}
	}
}

// TestTables: the per-document set and the pair tables find what they
// were given, across their growth.
func TestTables(t *testing.T) {
	var s docSet
	for doc := range 3 {
		s.reset()
		for k := range 1000 * (doc + 1) {
			key := uint64(k*7919) ^ uint64(doc)<<40
			if _, there := s.find(key); there {
				t.Fatalf("document %d: key %d there before it was added", doc, k)
			}
			i, _ := s.find(key)
			s.insert(i, key, int32(k))
		}
		for k := range 1000 * (doc + 1) {
			key := uint64(k*7919) ^ uint64(doc)<<40
			if i, there := s.find(key); !there || s.vals[i] != int32(k) {
				t.Fatalf("document %d: key %d: %v", doc, k, there)
			}
		}
		if _, there := s.find(uint64(5*7919) ^ uint64(doc+1)<<40); there && doc < 2 {
			t.Fatalf("document %d: the next document's key found", doc)
		}
	}
	var q pairIDs
	q.reserve(1)
	for round := range 2 {
		for k := range 5000 {
			key := uint64(k%1000)<<20 | uint64(k/1000)
			if id := q.id(key, func() int32 { return int32(k) }); id != int32(k) {
				t.Fatalf("round %d, pair %d: id %d", round, k, id)
			}
		}
	}
	if q.n != 5000 || len(q.slots) < 5000*4/3 {
		t.Fatalf("%d pairs in %d slots", q.n, len(q.slots))
	}

	var p pairTable
	if _, ok := p.lookup(1); ok {
		t.Fatal("found in an empty table")
	}
	p.reserve(10)
	for k := range 5000 {
		if id := p.id(pairKey(int32(k), int32(k%7)), func() int32 { return int32(k) }); id != int32(k) {
			t.Fatalf("key %d: id %d", k, id)
		}
	}
	if id := p.id(pairKey(3, 3), func() int32 { return -5 }); id != 3 || p.n != 5000 {
		t.Fatalf("a key given again: id %d, %d keys", id, p.n)
	}
	seen := 0
	p.each(func(key uint64, id int32) {
		if key != pairKey(id, id%7) {
			t.Fatalf("key %x with id %d", key, id)
		}
		seen++
	})
	if _, ok := p.lookup(pairKey(1, 2)); ok || seen != 5000 {
		t.Fatalf("each saw %d keys", seen)
	}
}
