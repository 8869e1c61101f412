package store

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/winnow-review/winnow/review"
)

// TestEachScreenedKeepsEveryField: a listing by decision gives each
// record as Record gives it (without its raw text), whatever its text
// holds (on SQLite the row comes packed into one value: spaces, colons
// and digits in the fields, multi-byte and empty text must come back
// intact), with the reviewer's decision, reason and note.
func TestEachScreenedKeepsEveryField(t *testing.T) {
	s := mustCreate(t)
	ctx := context.Background()
	if _, err := s.AddReviewer(ctx, "bob", false, "alice"); err != nil {
		t.Fatal(err)
	}
	texts := []string{"", "12 34 :5", ": :", "é中文🙂 Müller", "a\tb\nc\x01d", strings.Repeat("x ", 5000), "0", " "}
	im, sr := beginSearch(t, s)
	var ids []int64
	for i, x := range texts {
		y := texts[(i+3)%len(texts)]
		r := &review.Record{SearchID: sr.ID, Line: i*10 + 1, SourceID: x, Type: y, Title: x + "title", Abstract: y, Journal: x,
			Volume: y, Issue: x, Pages: y, DOI: "10.1/" + x, PMID: y, ISSN: x, URL: y, Language: x, Database: y, Raw: "raw " + x,
			Authors: []review.Author{{Family: x, Given: y}, {Family: "Ng"}}, Keywords: []string{"kw " + x, "two"}}
		if i%2 == 1 {
			r.Year = 1999 + i
			r.Authors, r.Keywords = nil, nil
		}
		if err := im.AddRecord(r); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, r.ID)
	}
	if err := im.Commit(); err != nil {
		t.Fatal(err)
	}
	var votes []review.Vote
	for i, id := range ids {
		votes = append(votes, review.Vote{RecordID: id, Stage: review.TitleAbstract, Reviewer: "bob", Decision: review.Include,
			Reason: texts[(i+1)%len(texts)], Note: texts[(i+2)%len(texts)]})
	}
	if err := s.Decide(ctx, votes, "bob"); err != nil {
		t.Fatal(err)
	}
	var listed []Screened
	err := s.EachScreened(ctx, ScreenedQuery{Reviewer: "bob", Stage: review.TitleAbstract, Decision: review.Include}, func(sc Screened) error {
		listed = append(listed, sc)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(listed) != len(ids) {
		t.Fatalf("listed %d records, want %d", len(listed), len(ids))
	}
	for i, sc := range listed {
		want, err := s.Record(ctx, ids[i])
		if err != nil {
			t.Fatal(err)
		}
		want.Raw = ""
		if !reflect.DeepEqual(sc.Record, want) {
			t.Errorf("record %d listed as\n%#v\nwant\n%#v", ids[i], sc.Record, want)
		}
		v := votes[i]
		if sc.Vote.Decision != v.Decision || sc.Vote.Reason != v.Reason || sc.Vote.Note != v.Note || sc.Vote.At.IsZero() {
			t.Errorf("record %d: decision %q reason %q note %q at %v, want %q %q %q", ids[i], sc.Vote.Decision, sc.Vote.Reason, sc.Vote.Note, sc.Vote.At, v.Decision, v.Reason, v.Note)
		}
	}
}

// TestUnpackRefusesDamage: a packed value that does not add up is an
// error, never a record cut in the wrong place.
func TestUnpackRefusesDamage(t *testing.T) {
	ints, texts := make([]int64, 2), make([]string, 2)
	if err := unpack("7 -1 2 3 :abcde", ints, texts); err != nil || ints[0] != 7 || ints[1] != -1 || texts[0] != "ab" || texts[1] != "cde" {
		t.Fatalf("unpack: %v %v %q", err, ints, texts)
	}
	for _, bad := range []string{"", "7 -1 2 3 abcde", "7 -1 2 3 :abcd", "7 -1 2 3 :abcdef", "7 -1 2 9 :abcde", "7 x 2 3 :abcde", "7 -1 2 -3 :abcde", "7 -1 2"} {
		if err := unpack(bad, ints, texts); err == nil {
			t.Errorf("unpack(%q) took it", bad)
		}
	}
}
