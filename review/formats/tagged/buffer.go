// Package tagged holds what the readers of the line-tagged formats (enw,
// medline, wos) share: reading the lines of a file, and the buffer that
// collects one record's lines and the spans of its fields' values.
//
// The formats agree on the shape of a record (a tag line, then lines that
// continue its value, until a blank line or an end tag) but not on what a
// tag looks like, when a record ends, or how a field's lines are joined, so
// that stays with each reader.
package tagged

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"

	"github.com/winnow-review/winnow/review/formats"
)

// Span is a piece of a record's text, as byte offsets.
type Span struct{ Lo, Hi int }

// Field is one tagged field of a record.
type Field struct {
	Tag    Span // the tag, in the record's text
	Lo, Hi int  // the field's parts are parts[Lo:Hi]
}

// Buffer holds the record being read. Its text holds the record's lines,
// each followed by "\n", and is reused from record to record, and copied
// once, at its exact size, into the Entry; the parts are the trimmed values
// and continuation lines, as offsets into the text, and each field owns a
// run of parts. The zero Buffer is ready to use.
type Buffer struct {
	// Start is the line where the record starts, or 0 between records.
	Start int

	raw    []byte
	end    int // len(raw) up to the end of its last line that is not blank
	parts  []Span
	fields []Field
	warns  []string

	// Text outside any record is reported on the next record, not kept.
	stray      int
	strayFirst int
	strayText  string
}

// Stray notes line n, which lies outside any record. The next record gets
// a warning about such lines.
func (b *Buffer) Stray(n int, line []byte) {
	if b.stray == 0 {
		b.strayFirst, b.strayText = n, string(line)
	}
	b.stray++
}

// Begin starts a record at line n.
func (b *Buffer) Begin(n int) {
	b.Start = n
	switch {
	case b.stray == 1:
		b.warns = append(b.warns, fmt.Sprintf("line %d: text outside a record ignored: %q", b.strayFirst, abbrev(b.strayText)))
	case b.stray > 1:
		b.warns = append(b.warns, fmt.Sprintf("%d lines of text outside a record ignored, the first at line %d: %q", b.stray, b.strayFirst, abbrev(b.strayText)))
	}
	b.stray, b.strayText = 0, ""
}

// Warn adds a warning to the record.
func (b *Buffer) Warn(format string, args ...any) {
	b.warns = append(b.warns, fmt.Sprintf(format, args...))
}

// AddField starts a field with the tag line[tagLo:tagHi] and adds the line,
// its value starting at byte from.
func (b *Buffer) AddField(line []byte, tagLo, tagHi, from int) {
	off := len(b.raw)
	b.fields = append(b.fields, Field{Tag: Span{off + tagLo, off + tagHi}, Lo: len(b.parts), Hi: len(b.parts)})
	b.Add(line, from)
}

// Add appends the line to the record's text and the trimmed part of it
// from byte from on to the last field.
func (b *Buffer) Add(line []byte, from int) {
	off := len(b.raw)
	b.raw = append(b.raw, line...)
	b.end = len(b.raw)
	b.raw = append(b.raw, '\n')
	lo, hi := trim(line, from)
	if lo < hi && len(b.fields) > 0 {
		b.parts = append(b.parts, Span{off + lo, off + hi})
		b.fields[len(b.fields)-1].Hi = len(b.parts)
	}
}

// AddBlank appends a blank line to the record's text. The record's Raw
// ends before it unless a line added later follows it.
func (b *Buffer) AddBlank(line []byte) {
	b.raw = append(b.raw, line...)
	b.raw = append(b.raw, '\n')
}

// LastTag is the tag of the last field added.
func (b *Buffer) LastTag() []byte {
	tag := b.fields[len(b.fields)-1].Tag
	return b.raw[tag.Lo:tag.Hi]
}

// Finish turns the record read so far into an Entry, with fill mapping its
// fields to the record's, and empties the buffer for the next record. raw
// is the record's Raw, which the fields' spans index.
func (b *Buffer) Finish(fill func(e *formats.Entry, raw string, fields []Field, parts []Span)) *formats.Entry {
	raw := string(b.raw[:b.end])
	e := &formats.Entry{Warnings: b.warns}
	e.Record.Raw = raw
	e.Record.Line = b.Start
	fill(e, raw, b.fields, b.parts)
	b.raw = b.raw[:0]
	if cap(b.raw) > 1<<20 {
		b.raw = nil // do not hold on to the buffer of one huge record
	}
	b.parts, b.fields, b.warns = b.parts[:0], b.fields[:0], nil
	b.Start, b.end = 0, 0
	return e
}

// Join joins the values of a field's parts, pieces of raw, with sep.
func Join(raw string, parts []Span, sep byte) string {
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return raw[parts[0].Lo:parts[0].Hi]
	}
	n := len(parts) - 1
	for _, p := range parts {
		n += p.Hi - p.Lo
	}
	var b strings.Builder
	b.Grow(n)
	for i, p := range parts {
		if i > 0 {
			b.WriteByte(sep)
		}
		b.WriteString(raw[p.Lo:p.Hi])
	}
	return b.String()
}

// IsBlank reports whether a line holds only white space.
func IsBlank(line []byte) bool {
	for i := 0; i < len(line); i++ {
		if line[i] != ' ' && line[i] != '\t' {
			return len(bytes.TrimSpace(line)) == 0
		}
	}
	return true
}

// trim gives the bounds of line[from:] without white space at either end.
func trim(line []byte, from int) (lo, hi int) {
	lo, hi = from, len(line)
	for lo < hi && (line[lo] == ' ' || line[lo] == '\t') {
		lo++
	}
	for hi > lo && (line[hi-1] == ' ' || line[hi-1] == '\t') {
		hi--
	}
	if lo < hi && (line[lo] >= 0x80 || line[hi-1] >= 0x80 || line[lo] < ' ' || line[hi-1] < ' ') {
		s := line[lo:hi]
		t := bytes.TrimLeftFunc(s, unicode.IsSpace)
		lo += len(s) - len(t)
		hi = lo + len(bytes.TrimRightFunc(t, unicode.IsSpace))
	}
	return lo, hi
}

// abbrev shortens a line quoted in a warning.
func abbrev(s string) string {
	const max = 60
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && s[cut]&0xC0 == 0x80 {
		cut--
	}
	return s[:cut] + "…"
}
