package rank

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"path/filepath"
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
// reviews hold exactly the vectors they held before (corpusDigests).
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
