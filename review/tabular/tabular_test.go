package tabular_test

import (
	"errors"
	"io"
	"strings"
	"testing"

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
