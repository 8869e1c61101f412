package bibtex

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// The library returns values as written, LaTeX and all; winnow shows and
// searches plain Unicode. This decoder covers what exports write: accents
// in all their spellings ({\"u}, \"{u}, \"u), special letters ({\o}, {\ss}),
// escaped specials (\&, \%, \_), dashes, ties, quotes, the usual font
// commands, case-protecting braces and simple math. It is not TeX: an
// unknown command keeps its argument (or its name when it has none), so
// text is never lost.

// accents maps an accent command to its combining mark.
var accents = map[string]rune{
	`"`: '\u0308', `'`: '\u0301', "`": '\u0300', "^": '\u0302', "~": '\u0303',
	"=": '\u0304', ".": '\u0307', "u": '\u0306', "v": '\u030C', "H": '\u030B',
	"c": '\u0327', "k": '\u0328', "r": '\u030A', "d": '\u0323', "b": '\u0331',
	"t": '\u0361',
}

// symbols maps commands without arguments to their text.
var symbols = map[string]string{
	"aa": "å", "AA": "Å", "o": "ø", "O": "Ø", "ss": "ß", "SS": "SS",
	"ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ", "l": "ł", "L": "Ł",
	"i": "ı", "j": "ȷ", "dh": "ð", "DH": "Ð", "th": "þ", "TH": "Þ",
	"dj": "đ", "DJ": "Đ", "ng": "ŋ", "NG": "Ŋ",
	"textendash": "–", "textemdash": "—", "textquoteright": "’",
	"textquoteleft": "‘", "textquotedblleft": "“", "textquotedblright": "”",
	"textquotesingle": "'", "textquotedbl": "\"",
	"ldots": "…", "dots": "…", "textellipsis": "…", "textregistered": "®",
	"texttrademark": "™", "copyright": "©", "textcopyright": "©",
	"textdegree": "°", "degree": "°", "textperthousand": "‰", "S": "§",
	"P": "¶", "pounds": "£", "textsterling": "£", "euro": "€", "texteuro": "€",
	"textbullet": "•", "textasciitilde": "~", "textbackslash": `\`,
	"textunderscore": "_", "textless": "<", "textgreater": ">", "textbar": "|",
	"guillemotleft": "«", "guillemotright": "»", "textmu": "µ",
	"textasciicircum": "^", "textexclamdown": "¡", "textquestiondown": "¿",
	"LaTeX": "LaTeX", "TeX": "TeX", "BibTeX": "BibTeX",
	"alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε",
	"varepsilon": "ε", "zeta": "ζ", "eta": "η", "theta": "θ", "iota": "ι",
	"kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π",
	"rho": "ρ", "sigma": "σ", "tau": "τ", "upsilon": "υ", "phi": "φ",
	"varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω", "Gamma": "Γ",
	"Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π",
	"Sigma": "Σ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
	"pm": "±", "mp": "∓", "times": "×", "cdot": "·", "div": "÷",
	"leq": "≤", "le": "≤", "geq": "≥", "ge": "≥", "neq": "≠", "ne": "≠",
	"approx": "≈", "sim": "∼", "infty": "∞", "rightarrow": "→", "to": "→",
	"leftarrow": "←", "leftrightarrow": "↔", "circ": "°", "prime": "′",
	"quad": " ", "qquad": " ", "par": "\n\n", "newline": " ",
	"relax": "", "noindent": "", "protect": "", "ensuremath": "",
	"slash": "/", "hyphen": "-", "textslash": "/", "nobreakspace": " ",
}

// dropArg lists commands whose (first) argument is not text: "\href{url}{text}"
// keeps only its text.
var dropArg = map[string]bool{
	"noopsort": true, "label": true, "cite": true, "href": true,
	"vphantom": true, "hphantom": true, "phantom": true,
}

// maxNest bounds how deep accent arguments are decoded recursively, so a
// hostile file cannot exhaust the stack.
const maxNest = 16

// latex decodes a BibTeX value to Unicode.
func latex(s string) string {
	if !needsDecode(s) {
		return s
	}
	var d decoder
	d.b.Grow(len(s))
	d.run(s, 0)
	return d.b.String()
}

// needsDecode reports whether s holds anything the decoder changes.
func needsDecode(s string) bool {
	for i := 0; i < len(s); i++ {
		if !special[s[i]] {
			continue
		}
		switch c := s[i]; c {
		case '-', '\'':
			if i+1 < len(s) && s[i+1] == c {
				return true
			}
		default:
			return true
		}
	}
	return false
}

// special marks the bytes that may start something latex changes.
var special = [256]bool{'\\': true, '{': true, '}': true, '~': true, '$': true, '`': true, '-': true, '\'': true}

type decoder struct {
	b    strings.Builder
	math bool
}

func (d *decoder) run(s string, nest int) {
	for i := 0; i < len(s); {
		c := s[i]
		switch c {
		case '{', '}':
			i++
		case '$':
			d.math = !d.math
			i++
		case '~':
			d.b.WriteByte(' ')
			i++
		case '^', '_':
			if !d.math {
				d.b.WriteByte(c)
			}
			i++
		case '-':
			n := 1
			for i+n < len(s) && s[i+n] == '-' {
				n++
			}
			switch {
			case d.math || n == 1 || n > 3:
				d.b.WriteString(s[i : i+n])
			case n == 2:
				d.b.WriteString("–")
			default:
				d.b.WriteString("—")
			}
			i += n
		case '`':
			if i+1 < len(s) && s[i+1] == '`' {
				d.b.WriteString("“")
				i += 2
			} else {
				d.b.WriteString("‘")
				i++
			}
		case '\'':
			if i+1 < len(s) && s[i+1] == '\'' {
				d.b.WriteString("”")
				i += 2
			} else {
				d.b.WriteByte('\'')
				i++
			}
		case '\\':
			i = d.command(s, i, nest)
		default:
			d.b.WriteByte(c)
			i++
		}
	}
}

// command decodes the command starting at s[i] (a backslash) and returns
// the position after it.
func (d *decoder) command(s string, i, nest int) int {
	i++
	if i >= len(s) {
		return i
	}
	c := s[i]
	if !isLetter(c) {
		// A control symbol: \& \% \' ...
		i++
		name := s[i-1 : i]
		if mark, ok := accents[name]; ok {
			return d.accent(s, i, mark, false, nest)
		}
		switch c {
		case '\\', ' ', ',', ';', ':', '\n', '\t':
			d.b.WriteByte(' ')
		case '-', '/', '@', '!':
			// hyphenation point, italic correction, spacing: nothing
		default:
			d.b.WriteByte(c)
		}
		return i
	}
	j := i
	for j < len(s) && isLetter(s[j]) {
		j++
	}
	name := s[i:j]
	if mark, ok := accents[name]; ok {
		return d.accent(s, j, mark, true, nest)
	}
	if sym, ok := symbols[name]; ok {
		d.b.WriteString(sym)
		// In TeX a control word swallows the spaces after it: "\o rsted" is
		// "ørsted". Only the letters are written that way in practice;
		// after "\ldots" or "\LaTeX" the space is meant as a space.
		if len(name) <= 2 {
			for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
				j++
			}
		}
		return j
	}
	k := j
	for k < len(s) && (s[k] == ' ' || s[k] == '\t') {
		k++
	}
	if k < len(s) && s[k] == '{' {
		if dropArg[name] {
			return skipGroup(s, k)
		}
		// \textit{x}, \emph{x}, \mbox{x}, unknown \foo{x}: the argument is
		// text; its braces are dropped by run.
		return k
	}
	if dropArg[name] {
		return j
	}
	switch name {
	case "textit", "emph", "textbf", "textsc", "texttt", "textrm", "textsf",
		"textup", "textsl", "textnormal", "mathrm", "mathit", "mathbf",
		"mathsf", "mathcal", "mathbb", "text", "mbox", "hbox", "url",
		"it", "bf", "em", "sc", "tt", "rm", "sf", "sl", "small", "large",
		"Large", "footnotesize", "scriptsize", "normalsize", "bfseries",
		"itshape", "scshape", "mdseries", "upshape", "MakeUppercase",
		"MakeLowercase", "uppercase", "lowercase", "textsuperscript",
		"textsubscript":
		// A font switch ("{\it x}") or a command whose argument follows
		// unbraced: drop the command, keep the text.
		return k
	}
	// An unknown command without an argument: keep its name so that no
	// text is lost.
	d.b.WriteString(name)
	return j
}

// accent reads the argument of an accent command at s[i] and writes it
// with the combining mark. Letter accents (\c, \v) may be followed by
// spaces before their argument.
func (d *decoder) accent(s string, i int, mark rune, letter bool, nest int) int {
	if letter {
		for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
			i++
		}
	}
	var arg string
	switch {
	case i >= len(s) || s[i] == '}':
		// No argument. "Ragnhei{\d}ur" (JabRef) means ð, which has no
		// accent form; any other bare accent is dropped.
		if mark == '\u0323' {
			d.b.WriteString("ð")
		}
		return i
	case s[i] == '{':
		end := groupEnd(s, i)
		inner := s[i+1 : end]
		end = min(end, len(s)-1)
		if nest < maxNest {
			var sub decoder
			sub.math = d.math
			sub.run(dotless(inner), nest+1)
			arg = sub.b.String()
		} else {
			arg = inner
		}
		i = end + 1
	case s[i] == '\\':
		// \'\i: the argument is itself a command.
		j := i + 1
		for j < len(s) && isLetter(s[j]) {
			j++
		}
		if j == i+1 && j < len(s) {
			j++
		}
		var sub decoder
		if nest < maxNest {
			sub.run(dotless(s[i:j]), nest+1)
		}
		arg = sub.b.String()
		i = j
	default:
		_, n := utf8.DecodeRuneInString(s[i:])
		arg = s[i : i+n]
		i += n
	}
	d.writeAccented(arg, mark)
	return i
}

// dotless turns \i and \j into i and j: under an accent they are the base
// letter ("\'{\i}" is í).
func dotless(s string) string {
	switch strings.TrimSpace(s) {
	case `\i`:
		return "i"
	case `\j`:
		return "j"
	}
	return s
}

// writeAccented writes arg with mark after its first letter, composed.
func (d *decoder) writeAccented(arg string, mark rune) {
	if arg == "" {
		return
	}
	r, n := utf8.DecodeRuneInString(arg)
	var tmp [8]byte
	k := utf8.EncodeRune(tmp[:], r)
	k += utf8.EncodeRune(tmp[k:], mark)
	d.b.WriteString(norm.NFC.String(string(tmp[:k])))
	d.b.WriteString(arg[n:])
}

// groupEnd gives the offset of the brace closing the group that opens at
// s[i], or len(s) when it is not closed.
func groupEnd(s string, i int) int {
	depth := 0
	for j := i; j < len(s); j++ {
		switch s[j] {
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return j
			}
		}
	}
	return len(s)
}

// skipGroup gives the offset after the group that opens at s[i].
func skipGroup(s string, i int) int {
	return min(groupEnd(s, i)+1, len(s))
}

func isLetter(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// verbatim decodes a value that is not prose (a URL, a DOI): only the
// escapes of special characters are undone and braces dropped. "~" and
// "--" keep their meaning in URLs.
func verbatim(s string) string {
	if strings.IndexByte(s, '\\') < 0 && strings.IndexByte(s, '{') < 0 && strings.IndexByte(s, '}') < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '{', '}':
			continue
		case '\\':
			if i+1 < len(s) && strings.IndexByte(`_&%#$~{}/`, s[i+1]) >= 0 {
				i++
				b.WriteByte(s[i])
				continue
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}
