package match

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// fold turns text into lower-case words of letters and digits separated by
// one space: accents, ligatures and compatibility forms are folded (NFKD,
// then marks dropped), letters NFKD leaves whole are spelled out (ø→o,
// ł→l, æ→ae, ß→ss), Greek letters become their names ("TGF-β" and
// "TGF-beta" match), apostrophes vanish ("Langenbeck's" and "Langenbecks"
// match) and every other character separates words.
func fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	b := make([]byte, 0, len(s))
	space := false
	emit := func(c byte) {
		if space && len(b) > 0 {
			b = append(b, ' ')
		}
		space = false
		b = append(b, c)
	}
	if ascii {
		for i := 0; i < len(s); i++ {
			c := s[i]
			switch {
			case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
				emit(c)
			case c >= 'A' && c <= 'Z':
				emit(c + 'a' - 'A')
			case c == '\'' || c == '`':
			case c == '?' && i > 0 && i+1 < len(s) && isLetter(s[i-1]) && isLetter(s[i+1]):
				// A letter lost to a wrong encoding: "multic?ntrico".
			default:
				space = true
			}
		}
		return string(b)
	}
	prevLetter := false
	t := norm.NFKD.String(s)
	for k, r := range t {
		letter := prevLetter
		if !unicode.Is(unicode.Mn, r) {
			prevLetter = unicode.IsLetter(r)
		}
		if r == utf8.RuneError || r == '?' && letter && k+1 < len(t) && isLetter(t[k+1]) {
			// A letter lost to a wrong encoding: "multic?ntrico".
			continue
		}
		if r < utf8.RuneSelf {
			c := byte(r)
			switch {
			case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
				emit(c)
			case c >= 'A' && c <= 'Z':
				emit(c + 'a' - 'A')
			case c == '\'' || c == '`':
			default:
				space = true
			}
			continue
		}
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		if sp, ok := spelled[unicode.ToLower(r)]; ok {
			if sp == "" {
				continue
			}
			if sp[0] == ' ' {
				// A Greek letter is a word of its own only where it
				// stands alone; "β1" gives "beta1" like "beta1" does.
				sp = sp[1:]
			}
			for i := 0; i < len(sp); i++ {
				emit(sp[i])
			}
			continue
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && len(b) > 0 {
				b = append(b, ' ')
			}
			space = false
			b = utf8.AppendRune(b, unicode.ToLower(r))
			continue
		}
		space = true
	}
	return string(b)
}

// spelled holds the letters NFKD does not decompose, and the apostrophes
// and Greek letters, as the ASCII they fold to. An empty value drops the
// character without separating words.
var spelled = map[rune]string{
	'ø': "o", 'ł': "l", 'æ': "ae", 'œ': "oe", 'ß': "ss", 'đ': "d", 'ð': "d",
	'þ': "th", 'ı': "i", 'ħ': "h", 'ŀ': "l", 'ŧ': "t", 'ĸ': "k", 'ŋ': "n",
	'’': "", '‘': "", 'ʼ': "", '´': "", 'ʻ': "",
	'α': " alpha", 'β': " beta", 'γ': " gamma", 'δ': " delta", 'ε': " epsilon",
	'ζ': " zeta", 'η': " eta", 'θ': " theta", 'ι': " iota", 'κ': " kappa",
	'λ': " lambda", 'μ': " mu", 'ν': " nu", 'ξ': " xi", 'π': " pi", 'ρ': " rho",
	'σ': " sigma", 'ς': " sigma", 'τ': " tau", 'υ': " upsilon", 'φ': " phi",
	'χ': " chi", 'ψ': " psi", 'ω': " omega", 'µ': " mu",
}

// clean removes what markup exports leave in text: HTML entities
// ("&amp;"), tags ("<i>", "<sup>-/-</sup>", kept as their content) and
// LaTeX accents and braces ("{\"u}", "\'{e}", "{\ss}").
func clean(s string) string {
	if strings.IndexByte(s, '&') >= 0 {
		s = html.UnescapeString(s)
	}
	if strings.IndexByte(s, '<') >= 0 {
		s = stripTags(s)
	}
	if strings.ContainsAny(s, `\{}`) {
		s = latex(s)
	}
	return s
}

// stripTags removes HTML or XML tags, keeping the text between them:
// "K<inf>Ca</inf>3.1" gives "KCa3.1", as the other export writes it. A "<"
// that does not open a tag ("p < 0.05") stays.
func stripTags(s string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			break
		}
		n := tagLen(s[i:])
		if n == 0 {
			b.WriteString(s[:i+1])
			s = s[i+1:]
			continue
		}
		b.WriteString(s[:i])
		s = s[i+n:]
	}
	b.WriteString(s)
	return b.String()
}

// tagLen gives the length of the tag at the start of s ("<i>", "</sup>",
// `<span class="x">`), or 0 when s does not start with one.
func tagLen(s string) int {
	i := 1
	if i < len(s) && s[i] == '/' {
		i++
	}
	start := i
	for i < len(s) && (s[i]|0x20 >= 'a' && s[i]|0x20 <= 'z' || (i > start && s[i] >= '0' && s[i] <= '9')) {
		i++
	}
	if i == start || i-start > 12 {
		return 0
	}
	for j := i; j < len(s) && j < i+80; j++ {
		switch s[j] {
		case '>':
			return j + 1
		case '<':
			return 0
		}
		if j == i && s[j] != ' ' && s[j] != '/' {
			return 0
		}
	}
	return 0
}

// latexWords are the LaTeX commands that stand for letters.
var latexWords = map[string]string{
	"ss": "ss", "o": "o", "O": "O", "l": "l", "L": "L", "ae": "ae", "AE": "AE",
	"oe": "oe", "OE": "OE", "aa": "a", "AA": "A", "i": "i", "j": "j", "dh": "d", "th": "th",
	"alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "kappa": "κ", "mu": "μ",
	"textendash": "-", "textemdash": "-", "and": "&",
}

// latex decodes the LaTeX that BibTeX-born titles keep: accent commands
// lose their accent (folding would drop it anyway), letter commands become
// letters, other commands ("\textit") vanish, escaped characters ("\&")
// stay, and braces go.
func latex(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '{', '}', '$':
			continue
		case '\\':
			if i+1 >= len(s) {
				continue
			}
			if strings.IndexByte("'\"^`~=.", s[i+1]) >= 0 {
				// An accent on the letter that follows: \'e, \"{u}.
				i++
				continue
			}
			j := i + 1
			for j < len(s) && isLetter(s[j]) {
				j++
			}
			if j == i+1 {
				// An escaped character such as \& or \%.
				b.WriteByte(s[i+1])
				i++
				continue
			}
			name := s[i+1 : j]
			if j < len(s) && (s[j] == '{' || s[j] == ' ') && len(name) == 1 && strings.Contains("uvHckbdrt", name) {
				// A letter accent with its argument: \v{c}, \c c.
				i = j - 1
				if s[j] == ' ' {
					i = j
				}
				continue
			}
			if w, ok := latexWords[name]; ok {
				b.WriteString(w)
			}
			if j < len(s) && s[j] == ' ' {
				j++
			}
			i = j - 1
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
