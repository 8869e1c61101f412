package bibtex

import (
	"strings"
	"testing"
)

func TestLatexBecomesUnicode(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain text is unchanged", "Plain text, no markup.", "Plain text, no markup."},
		{"an umlaut in braces", `M{\"u}ller`, "Müller"},
		{"an umlaut with a braced argument", `M\"{u}ller`, "Müller"},
		{"an umlaut without braces", `M\"uller`, "Müller"},
		{"an acute accent", `Caract\'{e}risation \'etude`, "Caractérisation étude"},
		{"a grave accent", "{\\`a} la", "à la"},
		{"a circumflex", `h\^{o}pital`, "hôpital"},
		{"a tilde accent", `Espa\~{n}a`, "España"},
		{"a cedilla", `Fran\c{c}ois \c c`, "François ç"},
		{"a caron", `\v{S}koda`, "Škoda"},
		{"a breve", `Do\u{g}an`, "Doğan"},
		{"a double acute", `Erd\H{o}s`, "Erdős"},
		{"a macron", `\={a}`, "ā"},
		{"a dot above", `\.{Z}ywiec`, "Żywiec"},
		{"a ring", `\r{a}`, "å"},
		{"a dot below", `\d{s}`, "ṣ"},
		{"a dotless i under an accent", `Aks\i{}n \'{\i}`, "Aksın í"},
		{"special letters", `{\aa} {\AA} {\o} {\O} {\ss} {\ae} {\oe} {\l} {\i}`, "å Å ø Ø ß æ œ ł ı"},
		{"a special letter swallows the space after it", `\o rsted`, "ørsted"},
		{"a lone underdot means eth", `Ragnhei{\d}ur`, "Ragnheiður"},
		{"escaped specials", `Harper \& Row, 50\%, \$5, a\_b, \#1, \{x\}`, "Harper & Row, 50%, $5, a_b, #1, {x}"},
		{"an en dash and an em dash", "1990--2000 --- an era", "1990–2000 — an era"},
		{"a single hyphen stays", "non-Cocker", "non-Cocker"},
		{"a tie is a space", `J.~Amer.~Math.`, "J. Amer. Math."},
		{"double braces are removed", "{{Si}}- and {{2021}}", "Si- and 2021"},
		{"font commands keep their text", `\textit{in vivo} \emph{and} \textbf{bold} {\it x}`, "in vivo and bold x"},
		{"dash commands", `core\textendash{}shell \textemdash{} x`, "core–shell — x"},
		{"math keeps its content", `$\alpha$-blockers and CO$_2$ at 10$^{-3}$`, "α-blockers and CO2 at 10-3"},
		{"TeX quotes become curly quotes", "``quoted''", "“quoted”"},
		{"an unknown command keeps its argument", `\mkbibquote{x} \foo{y}`, "x y"},
		{"an unknown command without argument keeps its name", `the \LaTeX{} way \unknownword`, "the LaTeX way unknownword"},
		{"hyperlinks keep their text", `\href{http://x.org}{the site}`, "the site"},
		{"degree and less-than symbols", `25\textdegree{}C \textless{}5`, "25°C <5"},
		{"a backslash at the end is dropped", `x\`, "x"},
		{"an unclosed accent argument keeps its letter", `\"{u`, "ü"},
		{"an accent on an empty group is dropped", `a\'{}b`, "ab"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := latex(tt.in); got != tt.want {
				t.Errorf("latex(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestVerbatimOnlyUnescapes(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"an escaped underscore in a DOI", `10.1007/999-9\_3`, "10.1007/999-9_3"},
		{"a tilde and double dash in a URL stay", "http://x.edu/~a--b", "http://x.edu/~a--b"},
		{"braces are dropped", "{https://x.org/{A}}", "https://x.org/A"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := verbatim(tt.in); got != tt.want {
				t.Errorf("verbatim(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestDeepNestingDoesNotExhaustTheStack(t *testing.T) {
	_ = latex(strings.Repeat(`\"{`, 100000) + "u")
	_ = latex(strings.Repeat(`{`, 100000) + "u")
}
