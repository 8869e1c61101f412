// Package ris reads RIS files as bibliographic databases and reference
// managers really write them: PubMed, Ovid, Embase, Web of Science, Scopus,
// EBSCOhost, ProQuest, Lens, OpenAlex, Zotero, EndNote, Mendeley, Rayyan,
// Covidence, EPPI-Reviewer and others.
//
// A record runs from a "TY  - " line to an "ER  - " line. A tag line is a
// capital letter, one to three more capitals or digits, one or two spaces, a
// dash, and a space or the end of the line. The reader is lenient where real
// exports differ from the specification:
//
//   - lines outside records (export headers such as "Provider: ...", Ovid
//     record numbers such as "6. ", "% comment" lines, blank lines) are
//     skipped;
//   - a BOM or white space before "TY" or "ER" is allowed;
//   - "KW - x" with one space is a tag when KW is a known RIS tag, and the
//     four-letter "PMID" tag is read;
//   - a line that is not a tag line continues the value of the tag above it,
//     so "NF-kappaB ..." at the start of an abstract line stays in the
//     abstract;
//   - a record without ER ends at the next TY or at the end of the file, with
//     a warning.
//
// Reading streams: one record is held at a time.
package ris

import (
	"fmt"
	"io"

	"github.com/winnow-review/winnow/review/formats"
)

// Reader reads the records of one RIS file in order. It satisfies
// formats.Reader.
type Reader struct {
	lr   *formats.LineReader
	file string
	// err ends the file: io.EOF or an I/O error, returned by every later
	// call to Next.
	err error

	// raw and fields are reused from record to record: raw holds the
	// record's lines joined with "\n", and each field's value is a range of
	// it, so a value continued over several lines costs no concatenation.
	raw    []byte
	fields []field
	// parts is scratch space for building list values.
	parts []string
}

// field is one tag of the record being read; its value is raw[start:end],
// continuation lines included.
type field struct {
	tag        string
	start, end int
}

// NewReader returns a Reader of r, which must be UTF-8 text with LF line
// ends (see formats.Decode). file names the input in error messages.
func NewReader(r io.Reader, file string) *Reader {
	return &Reader{lr: formats.NewLineReader(r), file: file}
}

// Next returns the next record, or nil and io.EOF after the last one. A
// *formats.ParseError reports tag lines found outside any record; the reader
// has skipped them and Next can be called again.
func (r *Reader) Next() (*formats.Entry, error) {
	if r.err != nil {
		return nil, r.err
	}
	for {
		line, ok := r.lr.Next()
		if !ok {
			return nil, r.stop()
		}
		tag, off, isTag := tagLine(line)
		if !isTag {
			// Headers, Ovid record numbers, comments and blank lines
			// between records carry no record data.
			continue
		}
		if tag == "TY" {
			return r.record(line, off)
		}
		return nil, r.stray(tag)
	}
}

// stop records why the file ended and returns it.
func (r *Reader) stop() error {
	if err := r.lr.Err(); err != nil {
		r.err = fmt.Errorf("read %s: %w", r.file, err)
	} else {
		r.err = io.EOF
	}
	return r.err
}

// stray reports a tag line met outside a record and skips the fragment it
// starts, up to its ER line or the next TY line, so that one lost TY line
// gives one error rather than one per line.
func (r *Reader) stray(tag string) error {
	at := r.lr.Line()
	err := formats.Errorf(r.file, at, 0, formats.ErrSyntax, "tag %s outside a record (no TY line before it)", tag)
	if tag == "ER" {
		return err
	}
	for {
		line, ok := r.lr.Next()
		if !ok {
			break
		}
		t, _, isTag := tagLine(line)
		if !isTag {
			continue
		}
		if t == "TY" {
			r.lr.Unread()
			break
		}
		if t == "ER" {
			break
		}
	}
	return err
}

// record reads one record whose TY line has just been read.
func (r *Reader) record(first string, off int) (*formats.Entry, error) {
	start := r.lr.Line()
	r.raw = append(r.raw[:0], first...)
	r.fields = append(r.fields[:0], field{tag: "TY", start: off, end: len(first)})
	// Blank lines inside a record are paragraph breaks when more of the
	// record follows, but after a record without ER they are the gap before
	// whatever comes next. So a run of lines that begins with a blank line
	// is held back (pending is where it starts in raw, or -1) until a tag
	// line shows that the record goes on.
	pending, contentEnd := -1, -1
	closed, nextTY := false, 0
	for {
		line, ok := r.lr.Next()
		if !ok {
			if r.lr.Err() != nil {
				return nil, r.stop()
			}
			break
		}
		tag, off, isTag := tagLine(line)
		if isTag && tag == "TY" {
			nextTY = r.lr.Line()
			r.lr.Unread()
			break
		}
		if isTag {
			if pending >= 0 && contentEnd >= 0 {
				r.fields[len(r.fields)-1].end = contentEnd
			}
			pending = -1
			base := len(r.raw) + 1
			r.raw = append(r.raw, '\n')
			r.raw = append(r.raw, line...)
			if tag == "ER" {
				closed = true
				break
			}
			r.fields = append(r.fields, field{tag: tag, start: base + off, end: len(r.raw)})
			continue
		}
		if pending < 0 && isBlank(line) {
			pending, contentEnd = len(r.raw), -1
		}
		r.raw = append(r.raw, '\n')
		r.raw = append(r.raw, line...)
		switch {
		case pending < 0:
			r.fields[len(r.fields)-1].end = len(r.raw)
		case !isBlank(line):
			contentEnd = len(r.raw)
		}
	}
	if !closed && pending >= 0 {
		r.raw = r.raw[:pending]
	}
	e := &formats.Entry{}
	e.Record.Line = start
	e.Record.Raw = string(r.raw)
	r.fill(e)
	switch {
	case closed:
	case nextTY > 0:
		e.Warn("record has no ER line: the TY line at line %d starts the next record", nextTY)
	default:
		e.Warn("record has no ER line: check the file is complete")
	}
	return e, nil
}

// isBlank reports whether a line holds only spaces and tabs.
func isBlank(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] != ' ' && s[i] != '\t' {
			return false
		}
	}
	return true
}
