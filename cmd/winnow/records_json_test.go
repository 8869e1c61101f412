package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/winnow-review/winnow/internal/ui"
	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/store"
)

// jsonStrings are texts whose JSON needs every kind of escape
// encoding/json makes.
var jsonStrings = []string{
	"", "plain", `quote " and \ backslash`, "tab\there\nnewline\rreturn", "\b\f\x00\x01\x1f\x7f",
	"<b>html</b> & co", "line\u2028para\u2029end", "bad \xff utf-8 \xc3", "\xe2\x80", "é ñ 中文 🙂",
	"\x1b[31mred\x1b[0m", strings.Repeat("long ", 300),
}

// TestScreenedJSON holds `records --decision --json`'s own encoder to
// the bytes ui.JSONArray writes for the same screenedJSON values.
func TestScreenedJSON(t *testing.T) {
	var listed []store.Screened
	for i, s := range jsonStrings {
		other := jsonStrings[(i+1)%len(jsonStrings)]
		r := &review.Record{ID: int64(i + 1), Title: s, Journal: other, Volume: s, Issue: other, Pages: s, DOI: other,
			PMID: s, ISSN: other, Type: s, Language: other, URL: s, Abstract: other, Source: s, SearchID: int64(i),
			SourceID: other, Line: i * 7, Year: 1990 + i, Database: s}
		if i%2 == 0 {
			r.Authors = []review.Author{{Family: s, Given: other}, {Family: other}}
			r.Keywords = []string{s, other}
			r.DuplicateOf = int64(i + 100)
		}
		if i%3 == 0 {
			r.Year = 0
			r.Withdrawn = true
			r.Authors = []review.Author{}
		}
		sc := store.Screened{Record: r, Vote: review.Vote{Decision: review.Decision(s), Reason: other, Note: s}}
		if i%4 == 1 {
			sc.Labels = []string{s, other, "x"}
		}
		listed = append(listed, sc)
	}
	for _, n := range []int{0, 1, len(listed)} {
		var want, got bytes.Buffer
		arr := ui.NewJSONArray(&want)
		own := newScreenedArray(&got)
		for _, s := range listed[:n] {
			labels := s.Labels
			if labels == nil {
				labels = []string{}
			}
			if err := arr.Add(screenedJSON{recordJSON: toJSON(s.Record), Decision: s.Vote.Decision, Reason: s.Vote.Reason, Note: s.Vote.Note, Labels: labels}); err != nil {
				t.Fatal(err)
			}
			if err := own.Add(s); err != nil {
				t.Fatal(err)
			}
		}
		if err := arr.Close(); err != nil {
			t.Fatal(err)
		}
		if err := own.Close(); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Errorf("%d records: own encoder differs from json.MarshalIndent\n got: %s\nwant: %s", n, got.Bytes(), want.Bytes())
		}
	}
}

// FuzzJSONString holds appendJSONString to encoding/json for any text.
func FuzzJSONString(f *testing.F) {
	for _, s := range jsonStrings {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := appendJSONString(nil, s); !bytes.Equal(got, want) {
			t.Errorf("appendJSONString(%q) = %s, want %s", s, got, want)
		}
	})
}
