package ui

import (
	"bytes"
	"strings"
	"testing"
)

func TestSafe(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain text passes", "Integrated care\tfor all\n", "Integrated care\tfor all\n"},
		{"colour sequences show as text", "a \x1b[31mred\x1b[0m title", "a ␛[31mred␛[0m title"},
		{"a title that sets the terminal title shows as text", "x\x1b]0;pwned\x07y", "x␛]0;pwned␇y"},
		{"bell, backspace, carriage return, NUL and DEL show", "a\x07b\bc\rd\x00e\x7f", "a␇b␈c␍d␀e␡"},
		{"C1 control characters show as escapes", "a\u009b31mb\u0085c", `a\u009b31mb\u0085c`},
		{"bidirectional overrides show as escapes", "abc\u202eevil\u202c \u2066x\u2069", `abc\u202eevil\u202c \u2066x\u2069`},
		{"accents and quotes stay", "Müller “café” – ø", "Müller “café” – ø"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Safe(tt.in); got != tt.want {
				t.Errorf("Safe(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
	if got := SafeLine("one\ntwo\tthree"); got != "one two three" {
		t.Errorf("SafeLine: %q", got)
	}
}

func FuzzSafe(f *testing.F) {
	f.Add("a\x1b[31mb\x07\u202e")
	f.Fuzz(func(t *testing.T, s string) {
		out := Safe(s)
		for _, r := range out {
			if (r < 0x20 && r != '\n' && r != '\t') || r == 0x7f || (r >= 0x80 && r < 0xa0) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) {
				t.Fatalf("Safe(%q) kept %U", s, r)
			}
		}
	})
}

func TestTableOffTerminalIsTabSeparated(t *testing.T) {
	var out bytes.Buffer
	s := Test(nil, &out, &out)
	tb := NewTable("id", "title")
	tb.Row("1", "A title\twith a tab and \x1b[1mbold\x1b[0m")
	if err := tb.Print(s); err != nil {
		t.Fatal(err)
	}
	if want := "id\ttitle\n1\tA title with a tab and ␛[1mbold␛[0m\n"; out.String() != want {
		t.Errorf("got %q, want %q", out.String(), want)
	}
}

// TestStreamedTableWritesWhatPrintWould: a streamed table into a pipe
// writes the bytes Print writes, rows as they come (none held), and an
// empty one writes nothing (the command then says there was nothing).
func TestStreamedTableWritesWhatPrintWould(t *testing.T) {
	rows := [][]string{{"1", "A title\twith a tab and \x1b[1mbold\x1b[0m"}, {"2", "line\nbreak"}, {"3", ""}}
	var kept, streamed bytes.Buffer
	a := NewTable("id", "title")
	b := NewTable("id", "title")
	b.Stream(Test(nil, &streamed, &streamed))
	for i, r := range rows {
		a.Row(r...)
		b.Row(r...)
		if len(b.rows) != 0 || b.Len() != i+1 {
			t.Fatalf("after row %d: %d rows held, Len %d", i+1, len(b.rows), b.Len())
		}
	}
	if err := a.Print(Test(nil, &kept, &kept)); err != nil {
		t.Fatal(err)
	}
	if err := b.Print(Test(nil, &streamed, &streamed)); err != nil {
		t.Fatal(err)
	}
	if kept.String() != streamed.String() || kept.Len() == 0 {
		t.Errorf("streamed %q, printed %q", streamed.String(), kept.String())
	}
	var none bytes.Buffer
	c := NewTable("id", "title")
	c.Stream(Test(nil, &none, &none))
	if err := c.Print(Test(nil, &none, &none)); err != nil || c.Len() != 0 || none.Len() != 0 {
		t.Errorf("an empty streamed table: Len %d, wrote %q, %v", c.Len(), none.String(), err)
	}
}

func TestTableOnTerminalFitsTheWidth(t *testing.T) {
	var out bytes.Buffer
	s := Test(nil, &out, &out)
	s.StdoutTTY, s.Width = true, 60
	tb := NewTable("id", "title")
	tb.Shrink = 1
	tb.Row("1", strings.Repeat("integrated care ", 20))
	if err := tb.Print(s); err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimRight(out.String(), "\n"), "\n") {
		if w := len([]rune(line)); w > 60 {
			t.Errorf("line of %d columns: %q", w, line)
		}
	}
	if !strings.Contains(out.String(), "…") {
		t.Errorf("the long title was not cut: %q", out.String())
	}
}

func TestJSONArray(t *testing.T) {
	var out bytes.Buffer
	a := NewJSONArray(&out)
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	if out.String() != "[]\n" {
		t.Errorf("empty array: %q", out.String())
	}
	out.Reset()
	a = NewJSONArray(&out)
	a.Add(map[string]int{"id": 1})
	a.Add(map[string]int{"id": 2})
	a.Close()
	if want := "[\n  {\n    \"id\": 1\n  },\n  {\n    \"id\": 2\n  }\n]\n"; out.String() != want {
		t.Errorf("got %q", out.String())
	}
}

func TestColorWanted(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	if colorWanted(false, env(nil)) {
		t.Error("colour into a pipe")
	}
	if !colorWanted(true, env(nil)) {
		t.Error("no colour on a terminal")
	}
	if colorWanted(true, env(map[string]string{"CLICOLOR": "0"})) {
		t.Error("colour with CLICOLOR=0")
	}
	if !colorWanted(false, env(map[string]string{"CLICOLOR_FORCE": "1"})) {
		t.Error("no colour with CLICOLOR_FORCE=1")
	}
}

func TestTableMarkdownAndCSV(t *testing.T) {
	tbl := NewTable("value", "n")
	tbl.Row("a | b", "3")
	tbl.Row("=HYPERLINK(\"x\")", "-0.054")
	tbl.Row("-2+3", "1")
	var md, csv strings.Builder
	if err := tbl.Markdown(&md); err != nil {
		t.Fatal(err)
	}
	if want := "| value | n |\n| --- | --- |\n| a \\| b | 3 |\n| =HYPERLINK(\"x\") | -0.054 |\n| -2+3 | 1 |\n"; md.String() != want {
		t.Errorf("markdown:\n%s\nwant:\n%s", md.String(), want)
	}
	if err := tbl.CSV(&csv); err != nil {
		t.Fatal(err)
	}
	if want := "value,n\na | b,3\n\"'=HYPERLINK(\"\"x\"\")\",-0.054\n'-2+3,1\n"; csv.String() != want {
		t.Errorf("csv:\n%s\nwant:\n%s", csv.String(), want)
	}
	for in, want := range map[string]Format{"": FormatTable, "MD": FormatMarkdown, "markdown": FormatMarkdown, "csv": FormatCSV} {
		if got, err := ParseFormat(in); err != nil || got != want {
			t.Errorf("ParseFormat(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := ParseFormat("xls"); err == nil {
		t.Error("ParseFormat(xls): no error")
	}
}
