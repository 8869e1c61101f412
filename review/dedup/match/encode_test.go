package match

import (
	"testing"

	"github.com/winnow-review/winnow/review"
)

func TestKeyRoundTrip(t *testing.T) {
	r := &review.Record{ID: 7, Title: "Integrated care: Part II. Erratum", Authors: []review.Author{{Family: "Müller", Given: "Anna"}, {Family: "Smith", Given: "J"}},
		Year: 2019, Journal: "BMJ Open", Volume: "9", Issue: "3", Pages: "2267-75", DOI: "10.5555/x", PMID: "123", Abstract: "text"}
	k := KeyOf(r, 3)
	got, err := DecodeKey(k.AppendBinary(nil), 7, 3)
	if err != nil {
		t.Fatal(err)
	}
	if got != k {
		t.Errorf("round trip:\n got %+v\nwant %+v", got, k)
	}
	for _, bad := range [][]byte{nil, {5, 'a'}, append(k.AppendBinary(nil), 0)} {
		if _, err := DecodeKey(bad, 1, 1); err == nil {
			t.Errorf("DecodeKey(%q) accepted bad bytes", bad)
		}
	}
}

func FuzzDecodeKey(f *testing.F) {
	k := KeyOf(&review.Record{Title: "A title", Year: 2020}, 1)
	f.Add(k.AppendBinary(nil))
	f.Fuzz(func(t *testing.T, b []byte) {
		k, err := DecodeKey(b, 1, 1)
		if err == nil {
			if again, err := DecodeKey(k.AppendBinary(nil), 1, 1); err != nil || again != k {
				t.Fatalf("a decoded key does not survive encoding: %v", err)
			}
		}
	})
}
