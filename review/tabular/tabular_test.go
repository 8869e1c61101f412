package tabular_test

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/winnow-review/winnow/review"
	"github.com/winnow-review/winnow/review/tabular"
)

var errBad = errors.New("bad file")

var columns = []string{"record", "decision", "note"}

func TestRowsByColumnNameWithBOMAndBlankRows(t *testing.T) {
	data := "\xef\xbb\xbfNote, Decision ,RECORD\n\nhello,include,3\n,\n\"a, b\",exclude,4\n"
	f, err := tabular.Open("d.csv", []byte(data), errBad, "decision", columns, 2)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for {
		r, err := f.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, f.At(r.Line)+" "+r.Get("record")+" "+r.Get("decision")+" "+r.Get("note")+" "+r.Get("reason"))
	}
	want := []string{"d.csv:3 3 include hello ", "d.csv:4    ", "d.csv:5 4 exclude a, b "}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("rows %q, want %q", got, want)
	}
}

func TestErrorsNameTheFileAndLine(t *testing.T) {
	for _, c := range []struct{ data, want string }{
		{"", "d.csv is empty: give a header row record,decision,note and one row per decision"},
		{"record,note\n1,x\n", `d.csv:1: no "decision" column: the header must name record,decision,note (note may be left out)`},
		{"record,decision\n1,include\n2,\"open\n", "d.csv:3: "},
	} {
		f, err := tabular.Open("d.csv", []byte(c.data), errBad, "decision", columns, 2)
		for err == nil {
			_, err = f.Next()
		}
		if err == io.EOF || !errors.Is(err, errBad) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: %v, want %q", c.data, err, c.want)
		}
	}
}

func TestEachAndReviewer(t *testing.T) {
	team := []review.Reviewer{{Name: "alice", Lead: true}, {Name: "bob"}}
	data := []byte("record,reviewer\n1,\n\n2,BOB\n3,carol\n")
	for _, c := range []struct {
		by   review.Reviewer
		lead bool
		want []string // the reviewers read, then the refusal
	}{
		{team[0], true, []string{"alice", "bob", `x.csv:5: reviewer "carol" is not on the team`}},
		{team[1], false, []string{"bob", "bob", `x.csv:5: reviewer "carol" is not on the team`}},
		{review.Reviewer{Name: "alice"}, false, []string{"alice", `x.csv:4: a row of bob: alice may load only their own answers`}},
	} {
		f, err := tabular.Open("x.csv", data, errBad, "row", []string{"record", "reviewer"}, 1)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		err = f.Each(func(r *tabular.Row) error {
			rev, err := r.Reviewer(team, c.by, c.lead, "answers")
			if err != nil {
				return err
			}
			got = append(got, rev.Name)
			return nil
		})
		got = append(got, fmt.Sprint(err))
		if len(got) != len(c.want) {
			t.Errorf("%s: got %q, want %q", c.by.Name, got, c.want)
			continue
		}
		for i := range got {
			if !strings.Contains(got[i], c.want[i]) {
				t.Errorf("%s: got %q, want %q", c.by.Name, got, c.want)
				break
			}
		}
	}
}
