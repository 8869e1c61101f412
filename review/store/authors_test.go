package store

import (
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/winnow-review/winnow/review"
)

// FuzzDecodeAuthors checks the hand-written reader of the authors column
// against encoding/json, on what json.Marshal writes and on anything else.
func FuzzDecodeAuthors(f *testing.F) {
	for _, as := range [][]review.Author{
		nil, {}, {{Family: "Müller", Given: "Hans"}}, {{Family: "O'Brien"}, {Family: "van der Berg", Given: "J. A."}},
		{{Family: `Quote "q" \ back`, Given: "tab\tnew\nline <&> \u2028"}}, {{Family: "😀", Given: "\x00"}},
	} {
		b, _ := json.Marshal(as)
		f.Add(b)
	}
	f.Add([]byte(`[{"family":"a\/b"}]`))
	f.Add([]byte(`[{"family":"\ud83d\ude00"}]`))
	f.Add([]byte(`[{"given":"x","family":"y"}]`))
	f.Add([]byte(`[{"family":"x","other":1}]`))
	f.Add([]byte("[{\"family\":\"\xff\"}]"))
	f.Fuzz(func(t *testing.T, b []byte) {
		var want []review.Author
		werr := json.Unmarshal(b, &want)
		got, err := decodeAuthors(b)
		if (err == nil) != (werr == nil) {
			t.Fatalf("%q: error %v, encoding/json's %v", b, err, werr)
		}
		if err == nil && len(want) > 0 && !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: %#v, encoding/json gives %#v", b, got, want)
		}
	})
}

// TestDecodeAuthorsRandom compares the reader with encoding/json on
// random author lists, written by json.Marshal as the store writes them.
func TestDecodeAuthorsRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []rune("aZ ü'\"\\/<>&\t\n\x01é😀\u2028-.,")
	word := func() string {
		r := make([]rune, rng.IntN(12))
		for i := range r {
			r[i] = alphabet[rng.IntN(len(alphabet))]
		}
		return string(r)
	}
	for range 20000 {
		as := make([]review.Author, rng.IntN(5))
		for i := range as {
			as[i] = review.Author{Family: word()}
			if rng.IntN(2) == 0 {
				as[i].Given = word()
			}
		}
		b, _ := json.Marshal(as)
		got, err := decodeAuthors(b)
		if err != nil || !reflect.DeepEqual(got, as) && len(as) > 0 {
			t.Fatalf("%s: %#v, %v; want %#v", b, got, err, as)
		}
	}
}
