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

// TestSpreadsheetDialects: a file as spreadsheets save it reads as the same
// rows: semicolons (Excel where the decimal mark is a comma), tabs, Excel's
// "sep=;" line, Windows-1252 and UTF-16 text, CRLF line ends. A file that is
// no text (a workbook) is refused saying to save it as CSV.
func TestSpreadsheetDialects(t *testing.T) {
	utf16 := func(s string) string {
		b := []byte{0xff, 0xfe}
		for _, r := range s {
			b = append(b, byte(r), byte(r>>8))
		}
		return string(b)
	}
	want := "d.csv:L 3 include Café, au lait|d.csv:L 4 exclude "
	for _, c := range []struct{ name, data string }{
		{"comma", "record,decision,note\n3,include,\"Café, au lait\"\n4,exclude,\n"},
		{"semicolon", "record;decision;note\r\n3;include;Café, au lait\r\n4;exclude;\r\n"},
		{"tab", "record\tdecision\tnote\n3\tinclude\tCafé, au lait\n4\texclude\t\n"},
		{"Excel's sep= line", "sep=;\r\nrecord;decision;note\r\n3;include;Café, au lait\r\n4;exclude;\r\n"},
		{"Windows-1252", "record;decision;note\r\n3;include;Caf\xe9, au lait\r\n4;exclude;\r\n"},
		{"UTF-16 with tabs (Excel's Unicode Text)", utf16("record\tdecision\tnote\r\n3\tinclude\tCafé, au lait\r\n4\texclude\t\r\n")},
	} {
		t.Run(c.name, func(t *testing.T) {
			f, err := tabular.Open("d.csv", []byte(c.data), errBad, "decision", columns, 2)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			err = f.Each(func(r *tabular.Row) error {
				got = append(got, "d.csv:L "+r.Get("record")+" "+r.Get("decision")+" "+r.Get("note"))
				return nil
			})
			if err != nil || strings.Join(got, "|") != want {
				t.Errorf("rows %q, %v; want %q", got, err, want)
			}
		})
	}
	// The header's line is named when the header is not the first line.
	_, err := tabular.Open("d.csv", []byte("sep=;\nrecord;note\n"), errBad, "decision", columns, 2)
	if err == nil || !strings.Contains(err.Error(), `d.csv:2: no "decision" column`) {
		t.Errorf("got %v, want the header's line 2 named", err)
	}
	_, err = tabular.Open("d.xlsx", []byte("PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"), errBad, "decision", columns, 2)
	if err == nil || !errors.Is(err, errBad) || !strings.Contains(err.Error(), "not a CSV file: save it from the spreadsheet as CSV") {
		t.Errorf("a workbook: got %v, want a refusal saying to save it as CSV", err)
	}
}
