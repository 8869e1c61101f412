package tagged

import (
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/winnow-review/winnow/review/formats"
)

// values gives each field's tag and its parts joined with "|".
func values(e *formats.Entry, raw string, fields []Field, parts []Span) {
	for _, f := range fields {
		e.Record.Keywords = append(e.Record.Keywords, raw[f.Tag.Lo:f.Tag.Hi]+"="+Join(raw, parts[f.Lo:f.Hi], '|'))
	}
}

func TestBufferKeepsTheLinesAndTheValues(t *testing.T) {
	var b Buffer
	b.Stray(1, []byte("a note before the record"))
	b.Stray(2, []byte("and another"))
	b.Begin(3)
	b.AddField([]byte("TI  - A title \u00a0"), 0, 2, 5)
	b.Add([]byte("      wrapped"), 0)
	b.AddField([]byte("AB  -"), 0, 2, 5)
	b.Add([]byte("\tsecond part\t"), 0)
	b.Warn("line %d: odd", 6)
	b.AddBlank([]byte("  "))
	e := b.Finish(values)

	wantRaw := "TI  - A title \u00a0\n      wrapped\nAB  -\n\tsecond part\t"
	if e.Record.Raw != wantRaw || e.Record.Line != 3 {
		t.Errorf("Raw %q at line %d, want %q at line 3", e.Record.Raw, e.Record.Line, wantRaw)
	}
	if want := []string{"TI=A title|wrapped", "AB=second part"}; !reflect.DeepEqual(e.Record.Keywords, want) {
		t.Errorf("fields %q, want %q", e.Record.Keywords, want)
	}
	wantWarns := []string{
		`2 lines of text outside a record ignored, the first at line 1: "a note before the record"`,
		"line 6: odd",
	}
	if !reflect.DeepEqual(e.Warnings, wantWarns) {
		t.Errorf("warnings %q, want %q", e.Warnings, wantWarns)
	}
	if b.Start != 0 || len(b.raw)+len(b.fields)+len(b.parts)+len(b.warns) != 0 {
		t.Errorf("the buffer is not empty after Finish: %+v", b)
	}
}

func TestAbbrevCutsBetweenCharacters(t *testing.T) {
	s := strings.Repeat("a", 59) + "é" + "tail"
	if got, want := abbrev(s), strings.Repeat("a", 59)+"…"; got != want {
		t.Errorf("abbrev = %q, want %q", got, want)
	}
}

func TestLinesDropTheBOMAndHoldALine(t *testing.T) {
	l := NewLines(strings.NewReader("\ufeffPT J\nER\n"), "x.ciw")
	line, n, ok := l.Next()
	if string(line) != "PT J" || n != 1 || !ok {
		t.Fatalf("got %q, %d, %v", line, n, ok)
	}
	l.Hold(line, n)
	if line, n, _ := l.Next(); string(line) != "PT J" || n != 1 {
		t.Errorf("held line: got %q, %d", line, n)
	}
	if line, n, _ := l.Next(); string(line) != "ER" || n != 2 {
		t.Errorf("got %q, %d", line, n)
	}
	if _, _, ok := l.Next(); ok || l.End() != io.EOF {
		t.Errorf("got a line or %v at the end, want io.EOF", l.End())
	}
}

func TestLinesEndWithTheReadError(t *testing.T) {
	boom := errors.New("disk on fire")
	l := NewLines(io.MultiReader(strings.NewReader("PT J\n"), iotest.ErrReader(boom)), "x.ciw")
	for {
		if _, _, ok := l.Next(); !ok {
			break
		}
	}
	if err := l.End(); !errors.Is(err, boom) || !strings.Contains(err.Error(), "x.ciw") {
		t.Errorf("got %v, want the read error naming the file", err)
	}
}
