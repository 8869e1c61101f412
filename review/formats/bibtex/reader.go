// Package bibtex reads BibTeX and BibLaTeX files (.bib) as reference
// managers and databases export them: JabRef, Zotero and Better BibTeX,
// Mendeley, Scopus, Web of Science, EBSCO, ACM, Wiley, Taylor & Francis.
//
// Parsing is done by github.com/nickng/bibtex, the library the team chose,
// but that library cannot be given a real file: it keeps its state in
// package variables, stops at the first error and loses the whole file,
// rejects legal keys and values, and calls log.Fatalf (exiting the process)
// on an undefined macro. So this package sits in front of it:
//
//   - it splits the file into items itself, streaming, by counting braces
//     over lines, so that one bad entry costs only that entry and an entry
//     left open is reported at its own first line;
//   - it resolves @string macros, month names and # concatenation, and
//     rewrites each entry into a plain form the library accepts (every
//     value braced, the key and any awkward field name replaced by a
//     placeholder, @ in values protected), so that nothing reaches the
//     library that could stop the process;
//   - it gives the library one entry at a time under a mutex and resets the
//     library's state after any error it returns;
//   - when counting braces closes an entry in the middle of a line and the
//     entry then fails to parse (EBSCO writes values holding scraped code
//     with unbalanced braces), it reads the entry again line by line up to
//     the line holding only its closing brace, and warns;
//   - it decodes LaTeX (accents, escapes, dashes, case-protecting braces) to
//     Unicode and maps the fields onto a review.Record.
//
// Memory: one entry at a time, plus the file's @string macros and the keys
// already seen with their lines (needed to report a repeated key).
package bibtex

import (
	"bytes"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/winnow-review/winnow/review/formats"
)

// maxItem is the most text kept for one item. An entry whose closing brace
// never comes would otherwise pull the rest of a broken file into memory;
// past this size the reader keeps counting braces but stops storing text,
// and reports the entry as too large when it closes.
const maxItem = 128 << 20

// Reader reads the entries of one BibTeX file. It holds one entry at a
// time, plus the file's @string macros and the keys seen so far (to report
// repeated keys). It satisfies formats.Reader and formats.FileWarner.
type Reader struct {
	lr   *formats.LineReader
	file string

	// The line being scanned and the position reached in it. An entry can
	// end in the middle of a line, and the next one start on the same line.
	line   []byte // valid until the next line is read (LineReader.NextBytes)
	lineNo int
	pos    int
	have   bool

	err error // an I/O error; it ends the file

	buf    []byte // text of the item being read, whole lines
	canon  []byte // the entry rewritten for the library
	macros map[string]string
	keys   keyLines

	// fallbacks counts the entries the library rejected after rewriting,
	// which were then read by this package's own field scanner. It is
	// expected to stay 0; tests check it on the real corpus.
	fallbacks int
	// noLibrary skips the library and uses this package's own reading of
	// the fields; only the benchmark sets it, to show what the library
	// costs.
	noLibrary bool
}

// NewReader returns a Reader of r, which must hold UTF-8 text with LF line
// ends (see formats.Decode). file names the file in error messages.
func NewReader(r io.Reader, file string) *Reader {
	return &Reader{
		lr:     formats.NewLineReader(r),
		file:   file,
		macros: map[string]string{},
		keys:   keyLines{first: map[string]int{}},
	}
}

// item is one @-block of the file: an entry, @string, @comment or
// @preamble.
type item struct {
	// text is the item as it stands in the file: whole lines from the line
	// of the @ to the closing line, except that text sharing the first or
	// last line with something else (another entry, a comment) is cut off
	// before the @ and after the closing delimiter.
	text      string
	line      int    // line number of text's first line
	typ       string // the type as written ("Article", "STRING")
	bodyStart int    // offset in text just after the opening { or (
	bodyEnd   int    // offset in text of the closing } or )
	close     byte   // '}' or ')'
	tooLarge  bool   // text was cut at maxItem
}

// lineAt gives the file line of offset off in it.text.
func (it *item) lineAt(off int) int {
	return it.line + strings.Count(it.text[:min(off, len(it.text))], "\n")
}

// Next returns the next entry, (nil, io.EOF) at the end of the file, or a
// *formats.ParseError for a bad entry, after which Next reads on.
//
// Every entry is a record, whatever its key: reference managers that build
// keys as AuthorYear (Mendeley, Scopus, Google Scholar) give one key to
// several works, and a review's records are told apart by their import,
// not by a key. The key is the record's SourceID; a key used by several
// entries is reported once, naming each line, by FileWarnings.
func (r *Reader) Next() (*formats.Entry, error) {
	for {
		it, err := r.split()
		if err != nil {
			return nil, err
		}
		if it == nil {
			if r.err != nil {
				return nil, r.err
			}
			return nil, io.EOF
		}
		switch strings.ToLower(it.typ) {
		case "comment", "preamble":
			continue
		case "string":
			if err := r.defineString(it); err != nil {
				return nil, err
			}
			continue
		}
		return r.entry(it)
	}
}

// nextLine moves to the next line of input, returning false at the end.
func (r *Reader) nextLine() bool {
	l, ok := r.lr.NextBytes()
	if !ok {
		if err := r.lr.Err(); err != nil && r.err == nil {
			r.err = err
		}
		r.have = false
		return false
	}
	r.line, r.lineNo, r.pos, r.have = l, r.lr.Line(), 0, true
	return true
}

// split finds the next item. It returns nil at the end of the input, or a
// ParseError for an item that was never closed; in that case reading goes
// on at the line that showed the item to be open (a new entry), or at the
// end of the file.
func (r *Reader) split() (*item, error) {
	for {
		if !r.have && !r.nextLine() {
			return nil, nil
		}
		s := r.line
		// Between entries everything is comment. A line starting with % is
		// skipped whole, so that a commented-out entry stays out.
		if t := bytes.TrimLeft(s, " \t"); r.pos == 0 && len(t) > 0 && t[0] == '%' {
			r.have = false
			continue
		}
		i := bytes.IndexByte(s[r.pos:], '@')
		if i < 0 {
			r.have = false
			continue
		}
		at := r.pos + i
		j := at + 1
		for j < len(s) && isTypeChar(s[j], j == at+1) {
			j++
		}
		if j == at+1 {
			r.pos = at + 1
			continue
		}
		k := j
		for k < len(s) && (s[k] == ' ' || s[k] == '\t') {
			k++
		}
		// The item's text starts at the @, or at the start of the line
		// when only white space comes before it.
		cut := 0
		if !isBlank(s[:at]) {
			cut = at
		}
		if k == len(s) {
			// "@article" alone on its line: the brace may follow on the
			// next line (BibTeX allows white space there).
			first, typ := r.lineNo, string(s[at+1:j])
			if r.openOnNextLine(cut) {
				return r.readItem(first, cut, typ, true)
			}
			continue
		}
		if s[k] != '{' && s[k] != '(' {
			r.pos = at + 1
			continue
		}
		r.pos = k
		return r.readItem(r.lineNo, cut, string(s[at+1:j]), false)
	}
}

// openOnNextLine handles an @type at the end of its line: when the next
// line that is not blank starts with { or (, the lines (the first from
// offset cut) are joined into r.buf and it reports true, with r.line and
// r.pos on the opening delimiter. Otherwise the @ was comment text and
// scanning resumes at that next line.
func (r *Reader) openOnNextLine(cut int) bool {
	r.buf = append(r.buf[:0], r.line[cut:]...)
	for {
		if !r.nextLine() {
			return false
		}
		t := bytes.TrimLeft(r.line, " \t")
		if len(t) == 0 {
			r.buf = append(r.buf, '\n')
			continue
		}
		if t[0] != '{' && t[0] != '(' {
			return false
		}
		r.buf = append(r.buf, '\n')
		r.pos = len(r.line) - len(t)
		r.buf = append(r.buf, r.line...)
		return true
	}
}

// readItem reads an item from its opening delimiter, at r.pos of the
// current line, to its closing one. The item starts on line first; its
// text starts at offset cut of that line. When buffered is set, r.buf
// already holds the text up to the end of the current line; otherwise the
// current line is the first, and it is copied only if the item goes on
// past it (so that a file holding many entries on one line is not copied
// once per entry).
func (r *Reader) readItem(first, cut int, typ string, buffered bool) (*item, error) {
	s := r.line
	lineOff := -cut // offset in the text of the current line's start
	if buffered {
		lineOff = len(r.buf) - len(s)
	}
	open := s[r.pos]
	it := &item{line: first, typ: typ, bodyStart: lineOff + r.pos + 1, close: '}'}
	if open == '(' {
		it.close = ')'
	}
	isComment := strings.EqualFold(typ, "comment") || strings.EqualFold(typ, "preamble")
	depth, inQuote := 0, false
	i := r.pos + 1
	for {
		for ; i < len(s); i++ {
			switch s[i] {
			case '{':
				if !escaped(s, i) {
					depth++
				}
			case '}':
				if escaped(s, i) {
					break
				}
				if depth > 0 {
					depth--
				} else if open == '{' {
					return r.closeItem(it, buffered, cut, lineOff, i), nil
				}
			case ')':
				if open == '(' && depth == 0 && !inQuote {
					return r.closeItem(it, buffered, cut, lineOff, i), nil
				}
			case '"':
				if open == '(' && depth == 0 && !isComment {
					inQuote = !inQuote
				}
			}
		}
		if !buffered {
			r.buf = append(r.buf[:0], s[cut:]...)
			buffered = true
		}
		if !r.nextLine() {
			if isComment {
				return nil, nil
			}
			if r.err != nil {
				return nil, r.err
			}
			return nil, formats.Errorf(r.file, first, 0, formats.ErrTruncated,
				"entry not closed: missing %c at the end of the file", it.close)
		}
		s = r.line
		if startsEntry(s) {
			// A new entry at the start of a line while this one is open:
			// this one lost its closing delimiter. Report it and read on
			// from the new entry, which stays the current line.
			if isComment {
				// A comment is not a record: let it end here quietly.
				return &item{typ: "comment"}, nil
			}
			return nil, formats.Errorf(r.file, first, 0, formats.ErrTruncated,
				"entry not closed: missing %c before the entry at line %d", it.close, r.lineNo)
		}
		if len(r.buf)+len(s) < maxItem {
			r.buf = append(r.buf, '\n')
			lineOff = len(r.buf)
			r.buf = append(r.buf, s...)
		} else {
			it.tooLarge = true
			lineOff = -1
		}
		i = 0
	}
}

// closeItem finishes an item whose closing delimiter is at r.line[i]. The
// current line starts at lineOff in the text (-1 when it was not stored);
// when buffered is not set the item lies on this one line, from cut.
// Scanning goes on after the delimiter.
func (r *Reader) closeItem(it *item, buffered bool, cut, lineOff, i int) *item {
	s := r.line
	r.pos = i + 1
	end := i + 1
	if isBlank(s[end:]) {
		end = len(s)
	}
	switch {
	case !buffered:
		it.text = string(s[cut:end])
		it.bodyEnd = i - cut
	case it.tooLarge:
		it.text = string(r.buf)
		it.bodyEnd = len(it.text)
	default:
		it.text = string(r.buf[:lineOff+end])
		it.bodyEnd = lineOff + i
	}
	return it
}

// FileWarnings gives, once the file has been read, one warning for each key
// that several entries use, at the line of the first and naming every line.
func (r *Reader) FileWarnings() []formats.Warning {
	return r.keys.warnings()
}

// keyLines is where each key of the file was used.
type keyLines struct {
	// first is the line of each key's first entry; repeats holds, for the
	// keys used more than once, the lines of all their entries.
	first   map[string]int
	repeats map[string][]int
}

func (k *keyLines) add(key string, line int) {
	at, ok := k.first[key]
	if !ok {
		k.first[strings.Clone(key)] = line
		return
	}
	if k.repeats == nil {
		k.repeats = map[string][]int{}
	}
	if k.repeats[key] == nil {
		k.repeats[key] = []int{at}
	}
	k.repeats[key] = append(k.repeats[key], line)
}

func (k *keyLines) warnings() []formats.Warning {
	var ws []formats.Warning
	for key, lines := range k.repeats {
		at := make([]string, len(lines))
		for i, l := range lines {
			at[i] = strconv.Itoa(l)
		}
		list := strings.Join(at[:len(at)-1], ", ") + " and " + at[len(at)-1]
		ws = append(ws, formats.Warning{Line: lines[0], Msg: fmt.Sprintf(
			"key %q is used by %d entries, at lines %s: each is imported as a record with that key as its source id (a citation key is not an identity; dedup compares the records)",
			key, len(lines), list)})
	}
	sort.Slice(ws, func(i, j int) bool { return ws[i].Line < ws[j].Line })
	return ws
}

func isBlank(s []byte) bool {
	return len(bytes.TrimLeft(s, " \t")) == 0
}

// isTypeChar reports whether c may appear in an entry type after @.
func isTypeChar(c byte, first bool) bool {
	switch {
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		return true
	case first:
		return false
	case c >= '0' && c <= '9', c == '_', c == '-':
		return true
	}
	return false
}

// startsEntry reports whether a line starts a new item: "@type{" or
// "@type(" at its very start.
func startsEntry(s []byte) bool {
	return len(s) > 0 && s[0] == '@' && opensItem(s, 0)
}

// opensItem reports whether the @ at s[at] starts an item: a type, then
// optional spaces, then { or (.
func opensItem(s []byte, at int) bool {
	j := at + 1
	for j < len(s) && isTypeChar(s[j], j == at+1) {
		j++
	}
	if j == at+1 {
		return false
	}
	for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
		j++
	}
	return j < len(s) && (s[j] == '{' || s[j] == '(')
}

// hasItemStart reports whether an item starts anywhere in s.
func hasItemStart(s []byte) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == '@' && opensItem(s, i) {
			return true
		}
	}
	return false
}

// extend handles an entry whose braces do not balance, as EBSCO writes
// them when a value holds scraped code ("function() { ..."): counting
// braces closes the entry in the middle of a line, the rest of that line
// and the following fields are left outside, and the entry does not parse.
// When the closing line goes on with more text, extend reads on to the
// next line that holds only the closing delimiter (the way exporters end
// entries) and reports true with it.text and it.bodyEnd moved there. It
// stops, reporting false, at a line where a new item starts, at the end
// of the file, or past maxItem.
func (r *Reader) extend(it *item) bool {
	if !r.have || it.tooLarge {
		return false
	}
	rest := bytes.TrimSpace(r.line[r.pos:])
	if len(rest) == 0 || rest[0] == '%' || hasItemStart(rest) {
		return false
	}
	// The text ends at the closing brace; go on from there.
	r.buf = append(append(r.buf[:0], it.text...), r.line[r.pos:]...)
	for {
		if !r.nextLine() {
			return false
		}
		s := r.line
		if hasItemStart(s) {
			return false
		}
		r.buf = append(r.buf, '\n')
		off := len(r.buf)
		r.buf = append(r.buf, s...)
		if len(r.buf) > maxItem {
			r.have = false
			return false
		}
		if t := bytes.TrimSpace(s); len(t) == 1 && t[0] == it.close {
			it.text = string(r.buf)
			it.bodyEnd = off + bytes.IndexByte(s, it.close)
			r.pos = len(s)
			return true
		}
	}
}
