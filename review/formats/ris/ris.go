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
//     record numbers such as "6. " and "Link to the Ovid Full Text or
//     citation: ..." lines, search strategies, "% comment" lines, blank
//     lines) are skipped;
//   - tag lines after a record's ER and before the next TY belong to the
//     record that ended: Ovid writes NL (the NLM journal abbreviation) and C1
//     there, WISO its abstract. They stay in the record's raw text, which
//     then runs on to the last of them, and feed its fields like any other
//     tag. Where such a tag line repeats a tag the record already has, one
//     it reads a single value of (a second TI or PY: text between records,
//     or a record that lost its TY line), it is read nowhere, and the file
//     warns at its line (FileWarnings) rather than dropping it silently;
//   - a file whose first record has tag lines before its TY line puts TY
//     inside its records (as R rewrites of RIS do): there, the tag lines
//     between an ER and the next TY open the next record instead;
//   - tag lines closed by an ER line with no TY line before them are a
//     record that lost its TY line: an error, never a record; but in a
//     file with no TY line at all (CiteSource's export, Untyped) each run
//     of tag lines closed by ER is a record;
//   - a BOM or white space before "TY" or "ER" is allowed, an "ER" line with
//     no dash ends a record, and a repeated ER line is part of the record
//     before;
//   - "KW - x" with one space is a tag when KW is a known RIS tag, and the
//     four-letter "PMID" tag is read;
//   - a file whose first TY line writes the separator otherwise ("TY - JOUR",
//     "TY- JOUR", "TY -JOUR", "TY\t- JOUR", "TY   - JOUR", "TY-JOUR", as
//     hand-made files, templates and scripts do) is read in that shape: its
//     lines written so are tag lines too (any tag where a tab or two or more
//     spaces come before the dash, a known tag where one space or none
//     does, so that "US - based" and "IL-6" stay text);
//   - a line that is not a tag line continues the value of the tag above it,
//     so "NF-kappaB ..." at the start of an abstract line stays in the
//     abstract;
//   - a record without ER ends at the next TY or at the end of the file, with
//     a warning.
//
// Reading streams: one record is held at a time, with what follows it up to
// the next TY line.
package ris

import (
	"fmt"
	"io"
	"strings"

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
	// queued holds the errors found while reading past a record's ER line,
	// returned by the calls of Next that follow the record.
	queued []error

	// records counts the records read. tyInside is set when the file's
	// first record had tag lines before its TY line: then tag lines after
	// an ER open the next record rather than close the last.
	records  int
	tyInside bool
	// untyped is set for a file that writes no TY lines at all (Untyped):
	// each run of tag lines closed by an ER line is a record.
	untyped bool
	// shaped is set for a file whose first TY line writes the separator
	// otherwise than RIS's "  - " ("TY - JOUR", "TY- JOUR", "TY\t- JOUR"):
	// then lines written in that shape are tag lines too (shape, looseType).
	shaped bool
	shape  shape

	// raw and fields are reused from record to record: raw holds the
	// record's lines joined with "\n", and each field's value is a range of
	// it, so a value continued over several lines costs no concatenation.
	raw    []byte
	fields []field
	// parts is scratch space for building list values.
	parts []string
	// warnings are the file's warnings (FileWarnings): tag lines after an
	// ER that repeat a tag of the record that ended.
	warnings []formats.Warning
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
// *formats.ParseError reports tag lines that belong to no record (a record
// whose TY line was lost); the reader has skipped them and Next can be
// called again.
func (r *Reader) Next() (*formats.Entry, error) {
	if len(r.queued) > 0 {
		err := r.queued[0]
		r.queued = r.queued[1:]
		return nil, err
	}
	if r.err != nil {
		return nil, r.err
	}
	// Tag lines before a TY line: at the start of the file, or in a file
	// that puts TY inside its records, the start of the record whose TY
	// line follows. start is the line of the first of them.
	r.raw, r.fields = r.raw[:0], r.fields[:0]
	start, startTag := 0, ""
	for {
		line, ok := r.lr.Next()
		if !ok {
			if start > 0 && r.lr.Err() == nil {
				r.stop()
				return nil, r.stray(start, startTag)
			}
			return nil, r.stop()
		}
		tag, off, isTag := r.tagLine(line)
		if r.records == 0 && !r.shaped && (!isTag || tag == "TY") {
			// The file's first TY line may show a shape of its own.
			if s, o, ok := looseType(line); ok && s != risShape {
				r.shaped, r.shape = true, s
				tag, off, isTag = "TY", o, true
			}
		}
		switch {
		case isTag && tag == "TY":
			return r.record(line, "TY", off, start)
		case isTag && r.untyped && start == 0 && tag != "ER":
			return r.record(line, tag, off, 0)
		case !isTag:
			// Headers, Ovid record numbers, comments and blank lines
			// between records carry no record data; after a tag line, a
			// line continues its value.
			if start > 0 {
				r.raw = append(r.raw, '\n')
				r.raw = append(r.raw, line...)
				r.fields[len(r.fields)-1].end = len(r.raw)
			}
		case tag == "ER":
			if start == 0 {
				// An ER line on its own closes nothing and holds nothing.
				continue
			}
			err := r.stray(start, startTag)
			if !r.tyInside {
				r.after(false, 0)
			}
			return nil, err
		default:
			if start == 0 {
				start, startTag = r.lr.Line(), tag
			} else {
				r.raw = append(r.raw, '\n')
			}
			base := len(r.raw)
			r.raw = append(r.raw, line...)
			r.fields = append(r.fields, field{tag: tag, start: base + off, end: len(r.raw)})
		}
	}
}

// Untyped reads the file as one that writes no TY lines: CiteSource's
// export (R's synthesisr writes its RIS so) starts each record with C1 and
// closes it with ER, and has no TY line anywhere. Each run of tag lines
// closed by an ER line is then a record (of no type). Call it before the
// first Next, when Untyped(sample) says so; without it such tag lines are
// a record that lost its TY line, an error (a file cut from its start).
func (r *Reader) Untyped() { r.untyped = true }

// Untyped reports whether sample, a file's start, is RIS with no TY line:
// tag lines, ER lines closing them, and no TY line at all.
func Untyped(sample string) bool {
	tags, ers := 0, 0
	for len(sample) > 0 {
		line := sample
		if i := strings.IndexByte(sample, '\n'); i >= 0 {
			line, sample = sample[:i], sample[i+1:]
		} else {
			sample = ""
		}
		tag, _, ok := tagLine(strings.TrimRight(line, "\r"))
		switch {
		case !ok:
		case tag == "TY":
			return false
		case tag == "ER":
			ers++
		default:
			tags++
		}
	}
	return ers > 0 && tags >= 2*ers
}

// tagLine reads line as a tag line in RIS's own shape (tagLine) or, in a
// file whose first TY line showed another, in that one.
// It is small enough to be inlined, so that a file in RIS's own shape (all
// but a few) reads at the speed of tagLine alone.
func (r *Reader) tagLine(line string) (tag string, off int, ok bool) {
	if r.shaped {
		return r.shapedLine(line)
	}
	return tagLine(line)
}

// shapedLine reads line in a file of another shape: RIS's own, or the
// file's.
func (r *Reader) shapedLine(line string) (tag string, off int, ok bool) {
	if tag, off, ok = tagLine(line); ok || line == "" {
		return tag, off, ok
	}
	return shapedTag(line, r.shape)
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

// stray is the error for tag lines that belong to no record, the first of
// them (tag) at line.
func (r *Reader) stray(line int, tag string) error {
	return formats.Errorf(r.file, line, 0, formats.ErrSyntax, "tag %s outside a record (no TY line before it)", tag)
}

// record reads one record whose TY line (tag "TY", or in an untyped file
// its first tag line, tag) has just been read. The tag lines of the record
// that came before its TY line, if any, are in r.raw and r.fields, the
// first of them at line start.
func (r *Reader) record(first, firstTag string, off, start int) (*formats.Entry, error) {
	if start == 0 {
		start = r.lr.Line()
	} else if r.records == 0 {
		r.tyInside = true
	}
	if len(r.raw) > 0 {
		r.raw = append(r.raw, '\n')
	}
	base := len(r.raw)
	r.raw = append(r.raw, first...)
	r.fields = append(r.fields, field{tag: firstTag, start: base + off, end: len(r.raw)})
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
		tag, off, isTag := r.tagLine(line)
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
	if closed && !r.tyInside && !r.untyped {
		r.after(true, start)
	}
	r.records++
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

// after reads what follows an ER line, up to the next TY line or the end of
// the file. When keep is set the ER closed a record, which is given the tag
// lines found there; r.raw then runs on to the last of them. Other lines are
// export furniture between records (Ovid's "Link to ..." lines and record
// numbers, a search strategy), never the continuation of a tag found there:
// the writers that put tags after ER write each on one line, and Ovid's
// furniture may follow one directly.
//
// Tag lines closed by an ER line of their own are a record that lost its TY
// line: an error, queued for the next call of Next. Reading on, what follows
// that ER belongs to that bad record and is dropped with it. An ER line with
// no tag line since the last ER is a repeated ER, part of what came before.
//
// A kept tag line whose tag the record already holds with another value,
// where the record reads one value only (a second TI, PY, DO), is read
// nowhere: rather than drop it silently, the reader warns at its line (it
// is most often the start of a record whose TY line was lost, cut off by
// the end of the file). recLine is the line where the record starts.
func (r *Reader) after(keep bool, recLine int) {
	commit := len(r.raw) // where raw ends when nothing more is kept
	own := len(r.fields) // the record's fields up to its ER line
	warned := false      // one warning for the lines after one ER
	// The run of tag lines since the last ER: its first line and tag, and
	// what to go back to if it turns out to be a record of its own.
	runLine, runTag := 0, ""
	runCommit, runFields := 0, 0
	for {
		line, ok := r.lr.Next()
		if !ok {
			break
		}
		tag, off, isTag := r.tagLine(line)
		if isTag && tag == "TY" {
			r.lr.Unread()
			break
		}
		base := len(r.raw) + 1
		r.raw = append(r.raw, '\n')
		r.raw = append(r.raw, line...)
		switch {
		case !isTag:
			// Furniture: kept in raw only if a kept tag line follows.
		case tag == "ER" && runLine == 0:
			// A repeated ER holds nothing.
			if keep {
				commit = len(r.raw)
			}
		case tag == "ER":
			if keep {
				r.fields, commit = r.fields[:runFields], runCommit
			}
			r.queued = append(r.queued, r.stray(runLine, runTag))
			keep, runLine = false, 0
		default:
			if runLine == 0 {
				runLine, runTag, runCommit, runFields = r.lr.Line(), tag, commit, len(r.fields)
			}
			if keep {
				f := field{tag: tag, start: base + off, end: len(r.raw)}
				if !warned && singleTag(tag) {
					warned = r.checkRepeat(r.fields[:own], f, recLine)
				}
				r.fields = append(r.fields, f)
				commit = len(r.raw)
			}
		}
	}
	r.raw = r.raw[:commit]
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

// checkRepeat warns when f, a tag line after the ER of the record that
// starts at recLine, repeats a tag of that record's fields with another
// value: only the record's own value is read. It reports whether it warned.
func (r *Reader) checkRepeat(fields []field, f field, recLine int) bool {
	val := clean(string(r.raw[f.start:f.end]))
	if val == "" {
		return false
	}
	for _, g := range fields {
		if g.tag != f.tag {
			continue
		}
		if clean(string(r.raw[g.start:g.end])) == val {
			return false // the same value written twice loses nothing
		}
		r.warnings = append(r.warnings, formats.Warning{Line: r.lr.Line(), Msg: fmt.Sprintf(
			"%s line after the ER of the record at line %d, which has its own %s: this one is not read (text between records, or a record that lost its TY line?)",
			f.tag, recLine, f.tag)})
		return true
	}
	return false
}

// FileWarnings gives the warnings about lines between records, in the
// order of their lines. It satisfies formats.FileWarner.
func (r *Reader) FileWarnings() []formats.Warning {
	if r.untyped && r.records > 0 {
		return append([]formats.Warning{{Line: 1, Msg: "no record has a TY line (as CiteSource writes RIS): each run of tag lines closed by ER is read as a record, of no type"}}, r.warnings...)
	}
	return r.warnings
}
