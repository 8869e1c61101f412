package synth

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The vocabulary of a synthetic review: tens of thousands of words drawn
// by a Zipf law, as in real titles and abstracts, so that blocking on
// title words meets real term frequencies (a few words in most titles, most
// words in a handful). The first ranks are real words (function words,
// then the words of health research); the rest are made-up words built
// from syllables. Family names and journals are drawn the same way: a few
// very common ("Wang", "Smith"), most rare.

// vocabSize is how many distinct words titles and abstracts draw from.
const vocabSize = 40_000

// common are the most frequent words of titles and abstracts, most
// frequent first.
var common = strings.Fields(`of the and in a with for to on among
patients study care health after from by an at older versus during between effect
effects outcomes trial randomised controlled analysis review systematic treatment risk
cohort clinical adults children women disease cancer therapy intervention associated
factors primary based use evaluation quality life population hospital community
management model services social support people mental chronic incidence prevalence
assessment association impact long term cross sectional qualitative survey
national data practice nursing programme multimorbidity integrated general
prospective retrospective meta outcome evidence approach among adolescents elderly
self randomized pilot feasibility comparison non surgical acute severe early
follow up function functional measures response mortality admission frailty dementia
depression costs cost effectiveness primary secondary diabetes heart failure stroke
pain infection vaccine covid 19 pandemic exercise physical activity diet obesity
hypertension kidney liver lung breast prostate colorectal screening diagnosis
prognosis survival predictors determinants barriers facilitators experiences
perspectives professionals nurses physicians workforce policy england united kingdom
europe china usa low middle income countries home residential setting settings
rural urban across within without new novel improving reducing increasing`)

// syllables make the made-up words.
var (
	onsets  = strings.Fields("b c d f g h k l m n p r s t v z br cl cr dr fl gr pl pr st tr th ch sp sc ph")
	nuclei  = strings.Fields("a e i o u a e i o ae io ia ou y")
	codas   = []string{"", "", "", "n", "r", "s", "l", "t", "m", "x", "c", "nd", "st"}
	endings = []string{"", "", "", "", "itis", "osis", "emia", "ology", "ase", "ine", "ide", "al", "ic",
		"ous", "ive", "tion", "ment", "ity", "ism", "oma", "gen", "ergic", "athy", "ist"}
)

// vocab is a word list with a Zipf sampler over it.
type vocab struct {
	words []string
	zipf  alias
}

// newVocab builds the words from a fixed seed (the same for every
// review) and weights rank r by 1/r^s.
func newVocab(size int, s float64, seed uint64, head []string, made func(*rand.Rand) string) *vocab {
	rng := rand.New(rand.NewPCG(seed, 0xc0ffee))
	seen := make(map[string]bool, size)
	words := make([]string, 0, size)
	for _, w := range head {
		if !seen[w] {
			seen[w] = true
			words = append(words, w)
		}
	}
	for len(words) < size {
		w := made(rng)
		if len(w) < 3 || seen[w] {
			continue
		}
		seen[w] = true
		words = append(words, w)
	}
	weights := make([]float64, len(words))
	for i := range weights {
		weights[i] = 1 / math.Pow(float64(i+1), s)
	}
	return &vocab{words: words, zipf: newAlias(weights)}
}

func madeWord(rng *rand.Rand) string {
	var b strings.Builder
	syllables := 1 + rng.IntN(2)
	if rng.IntN(5) == 0 {
		syllables++
	}
	for range syllables {
		b.WriteString(onsets[rng.IntN(len(onsets))])
		b.WriteString(nuclei[rng.IntN(len(nuclei))])
		b.WriteString(codas[rng.IntN(len(codas))])
	}
	b.WriteString(endings[rng.IntN(len(endings))])
	return b.String()
}

// drawContent draws a word that is not among the most common (no "of"
// as a keyword).
func (v *vocab) drawContent(rng *rand.Rand) string {
	for {
		if i := v.zipf.draw(rng); i >= 20 {
			return v.words[i]
		}
	}
}

func (v *vocab) draw(rng *rand.Rand) string { return v.words[v.zipf.draw(rng)] }

// alias is Vose's alias table: a draw from a discrete distribution in
// constant time, whatever its size.
type alias struct {
	prob  []float64
	alias []int32
}

func newAlias(weights []float64) alias {
	n := len(weights)
	sum := 0.0
	for _, w := range weights {
		sum += w
	}
	a := alias{prob: make([]float64, n), alias: make([]int32, n)}
	scaled := make([]float64, n)
	var small, large []int32
	for i, w := range weights {
		scaled[i] = w * float64(n) / sum
		if scaled[i] < 1 {
			small = append(small, int32(i))
		} else {
			large = append(large, int32(i))
		}
	}
	for len(small) > 0 && len(large) > 0 {
		s, l := small[len(small)-1], large[len(large)-1]
		small, large = small[:len(small)-1], large[:len(large)-1]
		a.prob[s], a.alias[s] = scaled[s], l
		scaled[l] -= 1 - scaled[s]
		if scaled[l] < 1 {
			small = append(small, l)
		} else {
			large = append(large, l)
		}
	}
	for _, i := range append(small, large...) {
		a.prob[i], a.alias[i] = 1, i
	}
	return a
}

func (a *alias) draw(rng *rand.Rand) int {
	i := rng.IntN(len(a.prob))
	if rng.Float64() < a.prob[i] {
		return i
	}
	return int(a.alias[i])
}

// Names: the most common family names of authors of health research
// first, then made-up ones, some with diacritics and particles.
var commonFamilies = strings.Fields(`Wang Li Zhang Liu Chen Smith Yang Kim Lee Huang Zhao Wu Zhou Johnson
Williams Brown Jones Xu Sun Park Nguyen Garcia Müller Martin Rodriguez Davis Miller Wilson Taylor Anderson
Thomas Jackson White Harris Thompson Moore Clark Lewis Walker Hall Allen Young King Wright Scott Green Baker
Adams Nelson Hill Campbell Mitchell Roberts Carter Phillips Evans Turner Torres Parker Collins Edwards
Stewart Morris Murphy Cook Rogers Morgan Peterson Cooper Reed Bailey Bell Gomez Kelly Howard Ward Cox
Diaz Richardson Wood Watson Brooks Bennett Gray James Reyes Cruz Hughes Price Myers Long Foster Sanders
Ross Morales Powell Sullivan Russell Ortiz Jenkins Gutiérrez Perry Butler Barnes Fisher Henderson Coleman
Simmons Patterson Jordan Reynolds Hamilton Graham Kimura Sato Suzuki Takahashi Tanaka Watanabe Ito
Yamamoto Nakamura Kobayashi Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Koch
Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann Lange Schmitt
Werner Krause Meier Lehmann Köhler Jensen Nielsen Hansen Pedersen Andersen Larsen Sørensen Rasmussen
Jørgensen Petersen Kristensen Olsen Johansson Andersson Karlsson Nilsson Eriksson Larsson Olsson
Persson Svensson Gustafsson Pettersson Jónsson Kowalski Nowak Wiśniewski Wójcik Kowalczyk Kamiński
Lewandowski Zieliński Szymański Woźniak Dąbrowski Kozłowski Rossi Russo Ferrari Esposito Bianchi Romano
Colombo Ricci Marino Greco Bruno Gallo Conti Costa Giordano Mancini Rizzo Lombardi Moretti Dubois
Durand Lefèvre Leroy Moreau Laurent Simon Michel Lefebvre Bertrand Roux Fournier Girard Bonnet Dupont
Lambert Fontaine Rousseau Vincent Muller Faure André Mercier Blanc Guérin Boyer Garnier Chevalier
González Fernández López Martínez Sánchez Pérez Gómez Martín Jiménez Ruiz Hernández Díaz Moreno Álvarez
Muñoz Romero Alonso Navarro Domínguez Vázquez Ramos Gil Ramírez Serrano Blanco Molina Suárez Ortega
Delgado Castro Ortiz Rubio Marín Sanz Iglesias Núñez Medina Garrido Silva Santos Oliveira Souza
Rodrigues Ferreira Alves Pereira Lima Gomes Ribeiro Carvalho Almeida Lopes Soares Fernandes Vieira
Barbosa Rocha Dias Nascimento Andrade Moreira Nunes Marques Machado Mendes Freitas Cardoso Ramos Teixeira
Singh Kumar Sharma Patel Gupta Shah Khan Ali Ahmed Hussain Rahman Islam Hassan Ibrahim Mohamed Abdullah
O'Brien O'Connor O'Sullivan McCarthy MacDonald McLeod Kelly Ryan Byrne Walsh Doyle Quinn Gallagher`)

var familyParts = []string{"son", "sen", "ez", "es", "ski", "ska", "ová", "ović", "ini", "elli", "berg",
	"mann", "er", "ov", "eva", "ato", "oto", "aki", "ani", "ing", "ley", "ton", "ford", "wood", "oglu", "ides"}

var particlesList = []string{"van", "van der", "de", "da", "di", "von", "van den", "del", "dos"}

var accents = map[byte][]string{'a': {"á", "ä", "à", "å"}, 'e': {"é", "è", "ë"}, 'i': {"í"}, 'o': {"ö", "ó", "ø"},
	'u': {"ü", "ú"}, 'n': {"ñ"}, 'c': {"ç"}, 's': {"š"}, 'l': {"ł"}}

func madeFamily(rng *rand.Rand) string {
	var b strings.Builder
	for range 1 + rng.IntN(2) {
		b.WriteString(onsets[rng.IntN(len(onsets))])
		b.WriteString(nuclei[rng.IntN(4)])
		b.WriteString(codas[rng.IntN(len(codas))])
	}
	b.WriteString(familyParts[rng.IntN(len(familyParts))])
	w := b.String()
	if rng.IntN(6) == 0 {
		// A letter with a diacritic, as in "Sørensen" or "Dąbrowski".
		i := rng.IntN(len(w))
		if alt, ok := accents[w[i]]; ok {
			w = w[:i] + alt[rng.IntN(len(alt))] + w[i+1:]
		}
	}
	w = capitalise(w)
	if rng.IntN(25) == 0 {
		w = particlesList[rng.IntN(len(particlesList))] + " " + w
	}
	if rng.IntN(30) == 0 {
		w += "-" + capitalise(madeWord(rng))
	}
	return w
}

var givenNames = strings.Fields(`John David Michael James Robert Mary Sarah Anna Maria Wei Jing Li Min Hui
Yan Xiaoming Jun Hong Yu Lei Peter Thomas Andrew Richard Daniel Paul Mark Christopher Stephen Jennifer
Elizabeth Laura Emma Helen Susan Catherine Claire Rachel Rebecca Jessica Lisa Karen Julie Anne Sophie
Hans Klaus Jürgen Stefan Andreas Wolfgang Markus Katrin Sabine Ingrid Lars Henrik Anders Erik Mette
Søren Jens Kirsten Giovanni Marco Luca Francesca Giulia Alessandro Jean Pierre François Marie Hélène
José Juan Carlos Luis Javier Ana Carmen Lucía João Pedro Paulo Fernanda Rajesh Sanjay Priya Anil
Mohammed Ahmed Fatima Ali Hiroshi Takashi Yuki Kenji Akiko Seung Ji Hyun Min-Jun Olga Irina Sergei
Tomasz Katarzyna Agnieszka Piotr Magdalena Kristina Nikolaos Eleni Georgios Ayşe Mehmet Emre`)

func madeGiven(rng *rand.Rand) string {
	return capitalise(madeWord(rng))
}

// journal is one journal: its full name and its ISO 4 abbreviation.
type journal struct {
	name, abbrev string
	issn         string
	eOnly        bool // articles carry an article number, not pages
}

var journalWords = strings.Fields(`Health Care Nursing Medicine Medical Public Social Science Sciences
Research Practice Policy Services Clinical Geriatrics Gerontology Psychiatry Psychology Epidemiology
Pediatrics Oncology Cardiology Neurology Rehabilitation Education Management Primary Family Community
Integrated Ageing Aging Disability Chronic Illness Pharmacy Nutrition Dementia Surgery Emergency
Intensive Palliative Quality Safety Informatics Economics Environmental Occupational Global Rural`)

var journalAbbrev = map[string]string{
	"Journal": "J", "International": "Int", "European": "Eur", "American": "Am", "British": "Br",
	"Annals": "Ann", "Archives": "Arch", "Research": "Res", "Medicine": "Med", "Medical": "Med",
	"Nursing": "Nurs", "Science": "Sci", "Sciences": "Sci", "Social": "Soc", "Clinical": "Clin",
	"Practice": "Pract", "Services": "Serv", "Geriatrics": "Geriatr", "Gerontology": "Gerontol",
	"Psychiatry": "Psychiatry", "Psychology": "Psychol", "Epidemiology": "Epidemiol",
	"Pediatrics": "Pediatr", "Oncology": "Oncol", "Cardiology": "Cardiol", "Neurology": "Neurol",
	"Rehabilitation": "Rehabil", "Education": "Educ", "Management": "Manag", "Primary": "Prim",
	"Family": "Fam", "Community": "Community", "Integrated": "Integr", "Ageing": "Ageing",
	"Aging": "Aging", "Disability": "Disabil", "Chronic": "Chronic", "Illness": "Illn",
	"Pharmacy": "Pharm", "Nutrition": "Nutr", "Surgery": "Surg", "Emergency": "Emerg",
	"Intensive": "Intensive", "Palliative": "Palliat", "Quality": "Qual", "Safety": "Saf",
	"Informatics": "Inform", "Economics": "Econ", "Environmental": "Environ",
	"Occupational": "Occup", "Global": "Glob", "Rural": "Rural", "Health": "Health", "Care": "Care",
	"Public": "Public", "Policy": "Policy", "Dementia": "Dementia", "Quarterly": "Q", "Reviews": "Rev",
	"Review": "Rev", "Studies": "Stud", "Letters": "Lett", "Reports": "Rep", "Open": "Open",
	"Society": "Soc", "Association": "Assoc", "Canadian": "Can", "Australian": "Aust",
	"Scandinavian": "Scand", "Nordic": "Nord", "Asian": "Asian", "Pacific": "Pac",
}

var journalPatterns = []string{"Journal of %s", "Journal of %s %s", "International Journal of %s",
	"%s %s Research", "BMC %s", "European Journal of %s", "Annals of %s", "Archives of %s %s",
	"The %s Journal", "%s and %s", "Journal of the American %s Society", "British Journal of %s",
	"%s %s Quarterly", "Scandinavian Journal of %s", "%s Reviews", "Journal of %s %s Studies",
	"Canadian Journal of %s", "%s %s Reports", "Open %s", "Australian Journal of %s %s"}

// madeJournal builds a journal name from a pattern and words, half of
// them real journal words and half made-up subjects.
func madeJournal(rng *rand.Rand, subject *vocab) journal {
	p := journalPatterns[rng.IntN(len(journalPatterns))]
	n := strings.Count(p, "%s")
	args := make([]any, n)
	for i := range args {
		if rng.IntN(2) == 0 {
			args[i] = journalWords[rng.IntN(len(journalWords))]
		} else {
			args[i] = capitalise(subject.words[len(common)+rng.IntN(2000)])
		}
	}
	name := fmt.Sprintf(p, args...)
	j := journal{name: name, abbrev: abbreviateJournal(name)}
	j.issn = fmt.Sprintf("%04d-%03d%s", 1000+rng.IntN(9000), rng.IntN(1000), string("0123456789X"[rng.IntN(11)]))
	j.eOnly = strings.HasPrefix(name, "BMC") || strings.HasPrefix(name, "Open") || rng.IntN(8) == 0
	return j
}

// abbreviateJournal abbreviates a journal name as ISO 4 and MEDLINE do:
// known words by the list, others cut to their first syllables, small
// words dropped.
func abbreviateJournal(name string) string {
	var out []string
	for _, w := range strings.Fields(name) {
		switch w {
		case "of", "the", "The", "and", "&", "in", "for", "on":
			continue
		}
		if a, ok := journalAbbrev[w]; ok {
			out = append(out, a)
			continue
		}
		if utf8.RuneCountInString(w) > 6 {
			cut := 4
			for cut < len(w)-2 && isVowel(w[cut]) {
				cut++
			}
			w = w[:cut]
		}
		out = append(out, w)
	}
	return strings.Join(out, " ")
}

func isVowel(c byte) bool { return strings.IndexByte("aeiouy", c) >= 0 }

func capitalise(w string) string {
	r, n := utf8.DecodeRuneInString(w)
	if n == 0 {
		return w
	}
	return string(unicode.ToUpper(r)) + w[n:]
}

// foldASCII removes diacritics the way some databases (and older Web of
// Science records) write names: "Müller" as "Muller", "Sørensen" as
// "Sorensen".
func foldASCII(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if a, ok := asciiOf[r]; ok {
			b.WriteString(a)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

var asciiOf = map[rune]string{
	'á': "a", 'ä': "a", 'à': "a", 'å': "a", 'ą': "a", 'é': "e", 'è': "e", 'ë': "e", 'í': "i",
	'ö': "o", 'ó': "o", 'ø': "o", 'ü': "u", 'ú': "u", 'ñ': "n", 'ç': "c", 'š': "s", 'ł': "l",
	'ś': "s", 'ź': "z", 'ż': "z", 'ę': "e", 'ğ': "g", 'ş': "s", 'Á': "A", 'Ä': "A", 'É': "E",
	'Ö': "O", 'Ø': "O", 'Ü': "U", 'Å': "A", 'Ł': "L", 'Ś': "S", 'Ż': "Z", 'Ş': "S", 'Í': "I",
	'Ó': "O", 'Ú': "U", 'ı': "i", 'ō': "o", 'ū': "u",
}

// latexOf writes diacritics as LaTeX accents, as older BibTeX exports do:
// "Müller" as `M{\"u}ller`.
func latexOf(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if l, ok := latexAccents[r]; ok {
			b.WriteString(l)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

var latexAccents = map[rune]string{
	'ä': `{\"a}`, 'ö': `{\"o}`, 'ü': `{\"u}`, 'é': `{\'e}`, 'è': "{\\`e}", 'á': `{\'a}`, 'í': `{\'i}`,
	'ó': `{\'o}`, 'ú': `{\'u}`, 'ñ': `{\~n}`, 'ç': `{\c c}`, 'ø': `{\o}`, 'å': `{\aa}`, 'ł': `{\l}`,
	'š': `{\v s}`, 'ë': `{\"e}`, 'à': "{\\`a}", 'Ö': `{\"O}`, 'Ü': `{\"U}`, 'Ä': `{\"A}`, 'É': `{\'E}`,
}
