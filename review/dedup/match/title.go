package match

import (
	"strings"
)

// Flag marks what kind of item a record is, where that decides whether two
// records can be the same work.
type Flag uint8

// The flags. An erratum, a retraction notice or a comment shares its
// title with the article it is about but is another item; a conference
// paper is compared with a journal version more carefully.
const (
	Erratum    Flag = 1 << iota // erratum, correction, corrigendum
	Retraction                  // retraction notice (not the retracted article)
	Comment                     // comment on, reply to, response to
	Conference                  // conference paper or proceedings
	Supplement                  // printed in a supplement: often a conference abstract
)

// notice is the set of flags that make a record a notice about another.
const notice = Erratum | Retraction | Comment

// String names the flags set, as "erratum+comment".
func (f Flag) String() string {
	var names []string
	for _, n := range []struct {
		f    Flag
		name string
	}{{Erratum, "erratum"}, {Retraction, "retraction"}, {Comment, "comment"}, {Conference, "conference"}, {Supplement, "supplement"}} {
		if f&n.f != 0 {
			names = append(names, n.name)
		}
	}
	return strings.Join(names, "+")
}

// normTitle gives the title as dedup compares it, with the flags its text
// reveals and the part number of a companion paper ("Part II" gives 2).
//
// It folds the text (see fold) after removing markup, the notes MEDLINE
// and Embase append ("[Review] [57 refs]", "[Erratum appears in ...]",
// "[German]", "(Provisional abstract)", "<ORIGINAL> ..."), the brackets
// MEDLINE puts round a translated title, and the words that mark a notice
// ("Erratum:", "Comment on", or Web of Science's trailing
// "(vol 360, pg 542, 2009)"), which it reports as flags instead: an
// erratum and its article then have the same title and the flag tells
// them apart.
func normTitle(s string) (title string, flags Flag, part uint8) {
	if i := indexFold(s, "<original>"); i > 0 {
		s = s[:i]
	}
	s = clean(s)
	s = strings.TrimSpace(s)
	for range 8 {
		t := strings.TrimSpace(strings.TrimRight(strings.TrimSpace(s), "."))
		t = strings.Trim(t, `"“”`)
		t, f := stripNote(t)
		flags |= f
		if t == s {
			break
		}
		s = t
	}
	s, f := stripNoticePrefix(s)
	flags |= f
	s, f = stripReplySuffix(s)
	flags |= f
	if len(s) > 2 && s[0] == '[' && s[len(s)-1] == ']' && strings.Count(s, "[") == 1 {
		s = s[1 : len(s)-1]
	}
	title = fold(s)
	return title, flags, partNumber(title)
}

// notes are the starts (lower case) of the bracketed notes that databases
// append to titles; a bracket holding one of these is not part of the
// title.
var notes = []string{
	"review", "erratum", "errata", "published erratum", "comment", "see comment",
	"retraction", "retracted", "corrected", "correction", "republished", "update",
	"article in", "english abstract", "abstract", "letter", "editorial", "see also",
	"discussion", "author", "summary", "translated", "in process", "epub", "news",
}

// languages are the language notes MEDLINE appends ("[German]").
var languages = map[string]bool{
	"german": true, "french": true, "spanish": true, "italian": true, "polish": true,
	"japanese": true, "chinese": true, "russian": true, "dutch": true, "portuguese": true,
	"czech": true, "hungarian": true, "turkish": true, "danish": true, "norwegian": true,
	"swedish": true, "finnish": true, "hebrew": true, "korean": true, "croatian": true,
	"serbian": true, "slovak": true, "slovene": true, "slovenian": true, "greek": true,
	"romanian": true, "bulgarian": true, "ukrainian": true, "lithuanian": true,
	"latvian": true, "estonian": true, "icelandic": true, "persian": true, "arabic": true,
	"thai": true, "vietnamese": true, "indonesian": true, "malay": true, "catalan": true,
	"afrikaans": true, "english": true,
}

// stripNote removes one note from the end of a title, telling the flags
// the note reveals.
func stripNote(s string) (string, Flag) {
	// A bracketed note at the end, closed or cut off by a field limit
	// ("...9806.[Erratu").
	if i := strings.LastIndexByte(s, '['); i > 0 {
		body := s[i+1:]
		closed := strings.HasSuffix(body, "]")
		if closed || !strings.Contains(body, "]") {
			body = strings.ToLower(strings.TrimSuffix(body, "]"))
			if isNote(body, closed) {
				return strings.TrimSpace(s[:i]), 0
			}
		}
	}
	// A parenthesis left open at the end: the field was cut off inside
	// it ("... syndrome (The Journal of Pediatrics (M").
	if i := strings.LastIndexByte(s, '('); i > 0 && strings.IndexByte(s[i:], ')') < 0 && strings.Count(s[:i], " ") >= 3 {
		return strings.TrimSpace(s[:i]), 0
	}
	for _, n := range []string{"(provisional abstract)", "(structured abstract)", "(abstract)", "(author's transl)", "(authors' transl)", "(author's translation)"} {
		if hasSuffixFold(s, n) {
			return strings.TrimSpace(s[:len(s)-len(n)]), 0
		}
	}
	// Web of Science names the corrected article at the end of an
	// erratum's title: "(vol 360, pg 542, 2009)"; Embase writes
	// "(New England Journal of Medicine (2009) 360 (542-544))".
	if strings.HasSuffix(s, ")") {
		if i := openingParen(s); i > 0 {
			body := strings.ToLower(s[i+1 : len(s)-1])
			if strings.HasPrefix(body, "vol ") && strings.Contains(body, "pg ") ||
				strings.Contains(body, "(19") || strings.Contains(body, "(20") {
				if hasDigitRun(body, 4) {
					return strings.TrimSpace(s[:i]), Erratum
				}
			}
		}
	}
	return s, 0
}

// isNote reports whether the lower-case text of a trailing bracket is a
// database's note rather than part of the title.
func isNote(body string, closed bool) bool {
	body = strings.TrimSpace(body)
	if body == "" {
		return true
	}
	if languages[body] {
		return true
	}
	// "[57 refs]", "[123 references]".
	if f := strings.Fields(body); len(f) == 2 && allDigits(f[0]) && strings.HasPrefix(f[1], "ref") {
		return true
	}
	for _, n := range notes {
		if strings.HasPrefix(body, n) {
			return true
		}
		if !closed && len(body) >= 4 && strings.HasPrefix(n, body) {
			return true
		}
	}
	return false
}

// openingParen finds the parenthesis that the final ")" of s closes, or
// -1.
func openingParen(s string) int {
	depth := 0
	for i := len(s) - 1; i >= 0; i-- {
		switch s[i] {
		case ')':
			depth++
		case '(':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// noticePrefixes are the starts of a notice's title, lower case, with the
// flag each gives. Each ends where the notice's own words end, so that
// "Correction of scoliosis" or "Response to treatment" are not notices:
// only "Correction:" and "Correction to" are.
var noticePrefixes = []struct {
	prefix string
	flag   Flag
}{
	{"erratum", Erratum}, {"errata", Erratum}, {"corrigendum", Erratum}, {"corrigenda", Erratum},
	{"correction:", Erratum}, {"correction to:", Erratum}, {"correction to ", Erratum}, {"correction notice", Erratum},
	{"publisher correction", Erratum}, {"author correction", Erratum},
	{"retraction:", Retraction}, {"retraction note", Retraction}, {"retraction notice", Retraction},
	{"notice of retraction", Retraction}, {"retraction of:", Retraction}, {"retraction to ", Retraction},
	{"withdrawn:", Retraction}, {"expression of concern", Retraction},
	{"comment on", Comment}, {"comments on", Comment}, {"commentary on", Comment}, {"comment:", Comment},
	{"reply:", Comment}, {"reply to", Comment}, {"in reply", Comment}, {"author's reply", Comment},
	{"authors' reply", Comment}, {"author reply", Comment}, {"authors reply", Comment},
	{"response to:", Comment}, {"response to comment", Comment}, {"response to letter", Comment},
	{"response to the letter", Comment}, {"response to the comment", Comment}, {"re:", Comment},
}

// stripNoticePrefix removes the words that mark a notice from the start of
// a title ("Erratum: X" gives "X" and Erratum), and the marks of a
// retracted article, which is the article itself ("RETRACTED: X" gives
// "X").
func stripNoticePrefix(s string) (string, Flag) {
	for _, p := range []string{"retracted article:", "retracted:", "retracted article", "retracted "} {
		if hasPrefixFold(s, p) {
			return trimLead(s[len(p):]), 0
		}
	}
	for _, p := range noticePrefixes {
		if !hasPrefixFold(s, p.prefix) {
			continue
		}
		rest := s[len(p.prefix):]
		if rest != "" && isLetter(rest[0]) && !strings.HasSuffix(p.prefix, " ") {
			continue // "Errata" is not "Erratum"; "Commentary" is not "Comment:".
		}
		rest = trimLead(rest)
		// "Erratum to", "Correction to", "Comment on": the linking word
		// goes too.
		for _, w := range []string{"to:", "to ", "on:", "on ", "of:", "for:", "regarding "} {
			if hasPrefixFold(rest, w) {
				rest = trimLead(rest[len(w):])
				break
			}
		}
		return rest, p.flag
	}
	return s, 0
}

// replySuffixes end the title of a reply printed under the title of the
// letter it answers ("Thrombomodulin in atypical HUS. Authors' reply").
var replySuffixes = []string{"authors reply", "authors' reply", "author's reply", "author reply",
	"authors’ reply", "author’s reply", "the authors reply", "reply", "in reply", "response"}

// stripReplySuffix removes a reply's trailing words, giving the Comment
// flag: the reply and the letter it answers share their title. A bare
// "reply" or "response" counts only after punctuation ("... - Reply"):
// "... to treatment response" is a title.
func stripReplySuffix(s string) (string, Flag) {
	t := strings.TrimRight(s, ". ")
	for _, r := range replySuffixes {
		if len(t) <= len(r) || !hasSuffixFold(t, r) {
			continue
		}
		head := t[:len(t)-len(r)]
		if c := head[len(head)-1]; isLetter(c) || isDigit(c) {
			continue
		}
		head = strings.TrimSpace(head)
		bare := r == "reply" || r == "response"
		if head == "" || bare && !strings.HasSuffix(head, ".") && !strings.HasSuffix(head, ":") &&
			!strings.HasSuffix(head, "-") && !strings.HasSuffix(head, "–") {
			continue
		}
		return strings.TrimRight(head, ".:;,-– "), Comment
	}
	return s, 0
}

// hasSuffixFold is strings.HasSuffix ignoring case, for an ASCII suffix.
func hasSuffixFold(s, suffix string) bool {
	return len(s) >= len(suffix) && strings.EqualFold(s[len(s)-len(suffix):], suffix)
}

// hasPrefixFold is strings.HasPrefix ignoring case, for an ASCII prefix.
func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// trimLead removes the punctuation and space that follow a prefix.
func trimLead(s string) string {
	return strings.TrimLeft(s, " :-–—.,;\"'“”‘’")
}

// partNumber finds "part 2", "part ii", "pt 3" or "part two" in a folded
// title and gives the number, or 0.
func partNumber(title string) uint8 {
	if !strings.Contains(title, "part ") && !strings.Contains(title, "pt ") {
		return 0
	}
	prev := ""
	for w := range strings.FieldsSeq(title) {
		if prev == "part" || prev == "pt" {
			if n := smallNumber(w); n > 0 {
				return n
			}
		}
		prev = w
	}
	return 0
}

// smallNumber reads a number from 1 to 20 written in digits, roman
// numerals or English words, or gives 0.
func smallNumber(w string) uint8 {
	if allDigits(w) && len(w) <= 2 {
		n := 0
		for i := 0; i < len(w); i++ {
			n = n*10 + int(w[i]-'0')
		}
		if n > 0 && n <= 20 {
			return uint8(n)
		}
		return 0
	}
	for i, r := range romans {
		if w == r {
			return uint8(i + 1)
		}
	}
	for i, r := range numberWords {
		if w == r {
			return uint8(i + 1)
		}
	}
	return 0
}

var romans = []string{"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x",
	"xi", "xii", "xiii", "xiv", "xv", "xvi", "xvii", "xviii", "xix", "xx"}

var numberWords = []string{"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"}

// isRoman reports whether a folded word is a roman numeral from ii to xx;
// "i", "v" and "x" alone are more often words or letters.
func isRoman(w string) bool {
	for _, r := range romans[1:] {
		if w == r && w != "v" && w != "x" {
			return true
		}
	}
	return false
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

func hasDigitRun(s string, n int) bool {
	run := 0
	for i := 0; i < len(s); i++ {
		if isDigit(s[i]) {
			run++
			if run >= n {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}

// indexFold is strings.Index ignoring ASCII case, for a lower-case sub.
func indexFold(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(sub)], sub) {
			return i
		}
	}
	return -1
}

// generic titles say what kind of item a record is, not what it is about;
// two records with one of these titles are the same work only if their
// citations agree.
var generic = map[string]bool{
	"editorial": true, "editorial introduction": true, "editors comments": true, "editor s comments": true,
	"introduction": true, "preface": true, "foreword": true, "letter to the editor": true,
	"commentary": true, "book review": true, "book reviews": true, "reply": true, "response": true,
	"index": true, "contents": true, "table of contents": true, "erratum": true, "errata": true,
	"correction": true, "corrigendum": true, "news": true, "correspondence": true, "abstracts": true,
	"announcements": true, "obituary": true, "in this issue": true, "from the editor": true,
	"guest editorial": true, "issue information": true, "front matter": true, "back matter": true,
	"masthead": true, "reviewers": true, "acknowledgement": true, "acknowledgment": true,
	"acknowledgement to reviewers": true, "acknowledgment to reviewers": true, "call for papers": true,
	"conference report": true, "editors introduction": true, "editor s introduction": true,
	"introduction to the special issue": true, "letter": true, "letters": true, "comment": true,
	"untitled": true, "no title": true, "title": true, "notes": true, "note": true,
	"in memoriam": true, "author index": true, "subject index": true, "cumulative index": true,
	"editorial board": true, "the editor s desk": true, "message from the editor": true,
	"president s message": true, "presidents message": true, "meeting abstracts": true,
	"poster presentations": true, "oral presentations": true, "posters": true, "abstract": true,
	"research notes": true, "book notes": true, "opinion": true, "perspective": true,
	"viewpoint": true, "summary": true, "conclusion": true, "conclusions": true,
	"discussion": true, "epilogue": true, "prologue": true, "overview": true,
	"welcome": true, "thanks": true, "books received": true, "new books": true,
	"recent publications": true, "calendar": true, "events": true, "volume information": true,
}

// isGeneric reports whether a folded title names a kind of item rather
// than a work.
func isGeneric(title string) bool {
	return generic[title]
}

// isShort reports whether a folded title is too short to identify a work
// by itself: one or two words.
func isShort(title string) bool {
	return strings.Count(title, " ") < 2
}
