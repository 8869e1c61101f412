package bibtex

import (
	"strconv"
	"strings"

	"github.com/winnow-review/winnow/review/formats"
)

// field is one field of an entry: its name in lower case and its value as
// BibTeX text (braces and LaTeX kept), with macros and # resolved.
type field struct {
	name  string
	value string
}

// body scans the text between an entry's braces. It is what lets the
// wrapper resolve macros and concatenation and rewrite every value into a
// single braced one before the library sees the entry.
type body struct {
	it   *item
	s    string // it.text
	i    int    // position in s
	end  int    // offset of the closing delimiter
	r    *Reader
	warn []string
}

func (b *body) skipSpace() {
	for b.i < b.end {
		switch b.s[b.i] {
		case ' ', '\t', '\n', '\r', '\f', '\v':
			b.i++
		default:
			return
		}
	}
}

// errorf reports a syntax error at offset off of the item.
func (b *body) errorf(off int, format string, args ...any) error {
	return formats.Errorf(b.r.file, b.it.lineAt(off), b.it.line, formats.ErrSyntax, format, args...)
}

// key reads the citation key: everything up to the first comma, trimmed.
// Keys are kept as written, spaces and odd characters included (Scopus
// writes "Conference paper2022775", Wiley a URL, JabRef may leave it
// empty).
func (b *body) key() (string, error) {
	start := b.i
	for b.i < b.end && b.s[b.i] != ',' {
		switch b.s[b.i] {
		case '{', '}', '"':
			// "@misc{author = {AMAP}, ...": the key is missing and a field
			// came first (the IPCC's files, R's citation() writes
			// "@Manual{," instead). A field name and "=" before the value
			// tell it from a key; anything else is an error.
			if fieldStart(strings.TrimSpace(b.s[start:b.i])) {
				b.i = start
				return "", nil
			}
			return "", b.errorf(b.i, "entry key missing or malformed: %q", snippet(strings.TrimSpace(b.s[start:b.i])))
		}
		b.i++
	}
	k := strings.TrimSpace(b.s[start:b.i])
	if b.i < b.end {
		b.i++ // the comma
	}
	return k, nil
}

// fieldStart reports whether s is a field name and "=", as a field's start
// stands before its value.
func fieldStart(s string) bool {
	name, ok := strings.CutSuffix(s, "=")
	name = strings.TrimRight(name, " \t\n")
	if !ok || name == "" {
		return false
	}
	for i := 0; i < len(name); i++ {
		if !isNameChar(name[i]) {
			return false
		}
	}
	return true
}

// fields reads "name = value" pairs separated by commas up to the end of
// the body.
func (b *body) fields(out []field) ([]field, error) {
	for {
		b.skipSpace()
		for b.i < b.end && b.s[b.i] == ',' {
			b.i++
			b.skipSpace()
		}
		if b.i >= b.end {
			return out, nil
		}
		start := b.i
		for b.i < b.end && isNameChar(b.s[b.i]) {
			b.i++
		}
		name := b.s[start:b.i]
		if name == "" {
			return out, b.errorf(b.i, "field name expected, found %q", snippet(b.s[b.i:b.end]))
		}
		// Web of Science writes "Early Access Date = {{NOV 2021}}" among
		// its hyphenated names ("Unique-ID"): one name.
		name += b.spacedName()
		b.skipSpace()
		if b.i >= b.end || b.s[b.i] != '=' {
			return out, b.errorf(b.i, "missing = after field name %q", name)
		}
		b.i++
		name = strings.ToLower(name)
		v, err := b.value(name)
		if err != nil {
			return out, err
		}
		out = append(out, field{name: name, value: v})
		b.skipSpace()
		if b.i < b.end && b.s[b.i] != ',' {
			return out, b.errorf(b.i, "missing comma after field %q", name)
		}
	}
}

// spacedName reads the rest of a field name with spaces in it, words on
// the same line up to "=", and gives it with each run of spaces as "-";
// it gives "" and reads nothing when the name ends where it stands.
func (b *body) spacedName() string {
	i := b.i
	var out strings.Builder
	for i < b.end && (b.s[i] == ' ' || b.s[i] == '\t') {
		j := i
		for j < b.end && (b.s[j] == ' ' || b.s[j] == '\t') {
			j++
		}
		k := j
		for k < b.end && isNameChar(b.s[k]) {
			k++
		}
		if k == j {
			break
		}
		out.WriteByte('-')
		out.WriteString(b.s[j:k])
		i = k
	}
	rest := i
	for rest < b.end && (b.s[rest] == ' ' || b.s[rest] == '\t') {
		rest++
	}
	if out.Len() == 0 || rest >= b.end || b.s[rest] != '=' {
		return ""
	}
	b.i = i
	return out.String()
}

// value reads a field value: pieces ({...}, "..." or a bare word) joined
// by #. A bare number stands for itself; a bare word is a macro (@string
// or a month name). A word that is no macro is kept as literal text with
// a warning: BibTeX would drop it, and the library would stop the process.
func (b *body) value(name string) (string, error) {
	var joined strings.Builder
	pieces := 0
	first := ""
	for {
		b.skipSpace()
		if b.i >= b.end {
			return "", b.errorf(b.i, "value of field %q missing", name)
		}
		var piece string
		switch c := b.s[b.i]; c {
		case '{':
			start := b.i + 1
			depth := 1
			b.i++
			for b.i < b.end && depth > 0 {
				switch b.s[b.i] {
				case '{':
					if !escaped(b.s, b.i) {
						depth++
					}
				case '}':
					if !escaped(b.s, b.i) {
						depth--
					}
				}
				b.i++
			}
			if depth > 0 {
				return "", b.errorf(start-1, "value of field %q not closed: missing }", name)
			}
			piece = b.s[start : b.i-1]
		case '"':
			start := b.i + 1
			depth := 0
			b.i++
			for b.i < b.end && (depth > 0 || b.s[b.i] != '"') {
				switch b.s[b.i] {
				case '{':
					if !escaped(b.s, b.i) {
						depth++
					}
				case '}':
					if escaped(b.s, b.i) {
						break
					}
					depth--
					if depth < 0 {
						return "", b.errorf(b.i, "unbalanced } in field %q", name)
					}
				}
				b.i++
			}
			if b.i >= b.end {
				return "", b.errorf(start-1, "quoted value of field %q not closed: missing \"", name)
			}
			piece = b.s[start:b.i]
			b.i++
		default:
			start := b.i
			for b.i < b.end && isNameChar(b.s[b.i]) {
				b.i++
			}
			word := b.s[start:b.i]
			if word == "" {
				return "", b.errorf(b.i, "value of field %q expected, found %q", name, snippet(b.s[b.i:b.end]))
			}
			var ok bool
			if piece, ok = b.r.macro(word); !ok {
				b.warn = append(b.warn, "field "+name+": undefined macro "+strconv.Quote(word)+" kept as text")
				piece = word
			}
		}
		pieces++
		if pieces == 1 {
			first = piece
		} else {
			if pieces == 2 {
				joined.WriteString(first)
			}
			joined.WriteString(piece)
		}
		b.skipSpace()
		if b.i < b.end && b.s[b.i] == '#' {
			b.i++
			continue
		}
		if pieces == 1 {
			return first, nil
		}
		return joined.String(), nil
	}
}

// macro gives the text of a bare word: a number stands for itself (as
// does any word starting with a digit, which cannot be a macro name), a
// macro for its value. It reports false for an undefined macro.
func (r *Reader) macro(word string) (string, bool) {
	if word[0] >= '0' && word[0] <= '9' {
		return word, true
	}
	lw := strings.ToLower(word)
	if v, ok := r.macros[lw]; ok {
		return v, true
	}
	if m, ok := months[lw]; ok {
		return m, true
	}
	return "", false
}

// months are BibTeX's predefined macros. BibTeX matches them in any case;
// the library knows only the lower-case ones.
var months = map[string]string{
	"jan": "January", "feb": "February", "mar": "March", "apr": "April",
	"may": "May", "jun": "June", "jul": "July", "aug": "August",
	"sep": "September", "oct": "October", "nov": "November", "dec": "December",
}

// defineString reads "@string{name = value}" and keeps the macro for the
// entries that follow. Macro names are case-insensitive, as in BibTeX.
func (r *Reader) defineString(it *item) error {
	if it.tooLarge {
		return formats.Errorf(r.file, it.line, 0, formats.ErrSyntax, "@string larger than %d MB", maxItem>>20)
	}
	b := &body{it: it, s: it.text, i: it.bodyStart, end: it.bodyEnd, r: r}
	b.skipSpace()
	if b.i >= b.end {
		return nil // "@string{}" defines nothing
	}
	fs, err := b.fields(nil)
	if err != nil {
		return err
	}
	for _, f := range fs {
		r.macros[f.name] = f.value
	}
	return nil
}

// entry turns an item into a record, noting its key (see Next).
func (r *Reader) entry(it *item) (*formats.Entry, error) {
	if it.tooLarge {
		return nil, formats.Errorf(r.file, it.line, 0, formats.ErrSyntax, "entry larger than %d MB", maxItem>>20)
	}
	b := &body{it: it, s: it.text, i: it.bodyStart, end: it.bodyEnd, r: r}
	b.skipSpace()
	key, err := b.key()
	if err != nil {
		return nil, err
	}
	afterKey := b.i
	fs, err := b.fields(make([]field, 0, 24))
	if err != nil {
		// Braces that do not balance close the entry early; read it again
		// line by line when the file goes on as if it were still open.
		if !r.extend(it) {
			return nil, err
		}
		b = &body{it: it, s: it.text, i: afterKey, end: it.bodyEnd, r: r}
		var fixed []string
		if fs, fixed, err = b.lineFields(fs[:0]); err != nil {
			return nil, err
		}
		b.warn = append(b.warn, "braces do not balance in "+strings.Join(fixed, ", ")+": the entry was read line by line")
	}
	e := &formats.Entry{Warnings: b.warn}
	rep := repeats(fs)
	warnRepeats(fs, rep, e)
	typ := strings.ToLower(it.typ)
	values, ok := fs, true
	if !r.noLibrary {
		values, ok = r.library(typ, fs, rep)
	}
	if !ok {
		r.fallbacks++
		values = fs
	}
	e.Record = record(typ, key, values)
	e.Record.Raw = it.text
	e.Record.Line = it.line
	if len(fs) == 0 {
		e.Warn("entry %q has no fields", key)
	}
	if key == "" {
		e.Warn("entry has no key: it is imported with no source id")
	}
	if key != "" {
		r.keys.add(key, it.line)
	}
	return e, nil
}

// lineFields reads the fields of an entry whose braces do not balance, one
// line at a time: a line "name = ..." starts a field, any other line goes
// on with the field before, and each value loses its outer braces (or
// quotes) and trailing comma. Braces left without a partner are dropped:
// they only group or protect case, which the decoder drops anyway, and the
// library needs balanced values. It also gives the names of the fields it
// had to mend.
func (b *body) lineFields(out []field) ([]field, []string, error) {
	var fixed []string
	name, vstart := "", -1
	flush := func(vend int) {
		if vstart < 0 {
			return
		}
		v := strings.TrimSpace(b.s[vstart:vend])
		v = strings.TrimSpace(strings.TrimSuffix(v, ","))
		switch {
		case len(v) >= 2 && v[0] == '{' && v[len(v)-1] == '}', len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"':
			v = v[1 : len(v)-1]
		case v != "" && isBareWord(v):
			if m, ok := b.r.macro(v); ok {
				v = m
			}
		}
		if bv, changed := balance(v); changed {
			v = bv
			fixed = append(fixed, strconv.Quote(name))
		}
		out = append(out, field{name: name, value: v})
	}
	for pos := b.i; pos < b.end; {
		lineEnd := b.end
		if n := strings.IndexByte(b.s[pos:b.end], '\n'); n >= 0 {
			lineEnd = pos + n
		}
		line := b.s[pos:lineEnd]
		k := 0
		for k < len(line) && (line[k] == ' ' || line[k] == '\t') {
			k++
		}
		n := k
		for n < len(line) && isNameChar(line[n]) {
			n++
		}
		m := n
		for m < len(line) && (line[m] == ' ' || line[m] == '\t') {
			m++
		}
		switch {
		case n > k && m < len(line) && line[m] == '=':
			flush(pos)
			name, vstart = strings.ToLower(line[k:n]), pos+m+1
		case vstart < 0 && strings.Trim(line, " \t,") != "":
			return out, nil, b.errorf(pos+k, "field name expected, found %q", snippet(line[k:]))
		}
		pos = lineEnd + 1
	}
	flush(b.end)
	return out, fixed, nil
}

// balance drops the braces of s that have no partner. It reports whether
// it changed s.
func balance(s string) (string, bool) {
	var open []int // offsets of { not yet closed
	var drop []int // offsets to drop, in order
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '{':
			open = append(open, i)
		case '}':
			if len(open) == 0 {
				drop = append(drop, i)
			} else {
				open = open[:len(open)-1]
			}
		}
	}
	if len(open) == 0 && len(drop) == 0 {
		return s, false
	}
	// Both lists are in order; walk them together.
	var b strings.Builder
	b.Grow(len(s))
	di, oi := 0, 0
	for i := 0; i < len(s); i++ {
		if di < len(drop) && drop[di] == i {
			di++
			continue
		}
		if oi < len(open) && open[oi] == i {
			oi++
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String(), true
}

func isBareWord(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isNameChar(s[i]) {
			return false
		}
	}
	return true
}

// repeats marks the fields whose name an earlier field already has.
func repeats(fs []field) []bool {
	rep := make([]bool, len(fs))
	if len(fs) <= 32 {
		for i := 1; i < len(fs); i++ {
			for _, g := range fs[:i] {
				if g.name == fs[i].name {
					rep[i] = true
					break
				}
			}
		}
		return rep
	}
	seen := make(map[string]bool, len(fs))
	for i, f := range fs {
		rep[i] = seen[f.name]
		seen[f.name] = true
	}
	return rep
}

// warnRepeats warns about a field that appears again with another value
// when winnow reads that field: the first value is the one used, as in
// BibTeX. Other fields may repeat silently (Scopus writes one
// funding_details field per funder); all of them stay in Raw.
func warnRepeats(fs []field, rep []bool, e *formats.Entry) {
	var warned map[string]bool
	for i, f := range fs {
		if !rep[i] || !mapped[f.name] || warned[f.name] {
			continue
		}
		for _, g := range fs[:i] {
			if g.name == f.name {
				if g.value != f.value {
					e.Warn("field %q repeated: the first value is used", f.name)
					if warned == nil {
						warned = map[string]bool{}
					}
					warned[f.name] = true
				}
				break
			}
		}
	}
}

// isNameChar reports whether c may appear in a field name or macro name.
// BibTeX allows any printing character except these.
// escaped reports whether the brace at s[i] is a TeX escape, "\{" or
// "\}", and so no brace of the entry's structure. BibTeX itself counts
// it; Web of Science writes one alone in a reference's cut-off DOI
// ("8:4\{.}}"), and biber and JabRef read it as text, as winnow does.
// Balanced pairs read the same either way.
func escaped[T string | []byte](s T, i int) bool {
	return i > 0 && s[i-1] == '\\' && (i < 2 || s[i-2] != '\\')
}

func isNameChar(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\r', '\f', '\v', '"', '#', '%', '\'', '(', ')', ',', '=', '{', '}':
		return false
	}
	return c > ' ' && c != 0x7f
}

// snippet quotes the start of s for an error message.
func snippet(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if len(s) > 20 {
		s = s[:20]
		for len(s) > 0 && s[len(s)-1]&0xc0 == 0x80 {
			s = s[:len(s)-1]
		}
		if len(s) > 0 && s[len(s)-1] >= 0xc0 {
			s = s[:len(s)-1]
		}
		s += "..."
	}
	return s
}
