package bibtex

import (
	"bytes"
	"strconv"
	"strings"
	"sync"

	nbib "github.com/nickng/bibtex"
)

// libMu serialises calls into github.com/nickng/bibtex, which keeps its
// parser state in package variables: two parses at once corrupt each other
// (deps.md measured 834 wrong results out of 1600). It is the one package
// variable here, and it exists because of the library's.
var libMu sync.Mutex

// atMark stands in for @ inside values while the library reads them: its
// scanner rejects an @ in a braced value (EBSCO abstracts have them). It is
// a Unicode noncharacter, which no export contains.
const atMark = '\uFDD0'

// library gives the entry, rewritten into a form the library accepts, to
// github.com/nickng/bibtex and returns the fields it read. It reports false
// when the library failed, so that the caller can use its own reading.
//
// Only the fields winnow reads (see mapped) are given to it: the others
// are kept in Raw only, and Scopus and Web of Science entries carry many
// long ones (cited references, affiliations, funding texts) whose parsing
// would double the cost of an import for nothing.
//
// The rewrite: the type stays when the library can read it (else "misc"),
// the key becomes a placeholder (the library rejects empty keys, keys with
// spaces, URLs with "?" or letters outside a short list), every value is one
// braced value (macros and # are resolved already, so no bare word can
// reach the library's log.Fatalf), field names the library would misread
// ("comment" starts a comment in its scanner) become placeholders, @ in
// values becomes atMark and NUL (the library's end-of-input rune) a space.
func (r *Reader) library(typ string, fs []field, rep []bool) ([]field, bool) {
	c := r.canon[:0]
	c = append(c, '@')
	if safeIdent(typ) {
		c = append(c, typ...)
	} else {
		c = append(c, "misc"...)
	}
	c = append(c, "{k,\n"...)
	for i, f := range fs {
		if !mapped[f.name] {
			continue
		}
		c = appendName(c, f.name, rep[i], i)
		c = append(c, " = {"...)
		c = appendValue(c, f.value)
		c = append(c, "},\n"...)
	}
	c = append(c, "}\n"...)
	r.canon = c

	bib, ok := parse(c)
	if !ok || len(bib.Entries) != 1 {
		return nil, false
	}
	got := bib.Entries[0].Fields
	out := make([]field, len(fs))
	var name []byte
	for i, f := range fs {
		if !mapped[f.name] {
			out[i] = f
			continue
		}
		name = appendName(name[:0], f.name, rep[i], i)
		v, ok := got[string(name)]
		if !ok {
			return nil, false
		}
		s := v.String()
		if strings.IndexByte(f.value, '@') >= 0 {
			s = strings.ReplaceAll(s, string(atMark), "@")
		}
		out[i] = field{name: f.name, value: s}
	}
	return out, true
}

// parse runs the library on one entry under libMu. After an error it
// parses "@," once: a failure inside a field leaves the library's global
// parseField flag set, which breaks the next parse, and that input resets
// it. It also turns a panic in the library into a failure.
func parse(text []byte) (bib *nbib.BibTex, ok bool) {
	libMu.Lock()
	defer libMu.Unlock()
	defer func() {
		if recover() != nil {
			bib, ok = nil, false
			resetLibrary()
		}
	}()
	bib, err := nbib.Parse(bytes.NewReader(text))
	if err != nil {
		resetLibrary()
		return nil, false
	}
	return bib, true
}

func resetLibrary() {
	_, _ = nbib.Parse(strings.NewReader("@,"))
}

// safeIdent reports whether the library reads s as one bare identifier:
// ASCII letters and digits, then also -_:./+, and not one of the words its
// scanner treats as commands.
func safeIdent(s string) bool {
	if s == "" || !isASCIIAlnum(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !isASCIIAlnum(c) && !strings.ContainsRune("-_:./+", rune(c)) {
			return false
		}
	}
	switch strings.ToLower(s) {
	case "comment", "string", "preamble":
		return false
	}
	return true
}

func isASCIIAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// appendName writes the name the library is given for field i: the field
// name itself when it can take it, else a placeholder no real field has.
// A repeated field gets a placeholder too, since the library keeps only
// the last value of a name.
func appendName(c []byte, name string, repeated bool, i int) []byte {
	if !repeated && safeIdent(name) {
		return append(c, name...)
	}
	c = append(c, "winnow+field+"...)
	return strconv.AppendInt(c, int64(i), 10)
}

// appendValue writes a value with @ and NUL protected.
func appendValue(c []byte, v string) []byte {
	if strings.IndexByte(v, '@') < 0 && strings.IndexByte(v, 0) < 0 {
		return append(c, v...)
	}
	for _, ch := range []byte(v) {
		switch ch {
		case '@':
			c = append(c, string(atMark)...)
		case 0:
			c = append(c, ' ')
		default:
			c = append(c, ch)
		}
	}
	return c
}
