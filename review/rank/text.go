package rank

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// tokenizer splits text into lower-case words of letters and digits, as
// scikit-learn's default token pattern does (\b\w\w+\b on lower-cased
// text), with accents folded so that "Müller" and "Muller" are one word.
// It reuses its buffers, so one tokenizer serves one goroutine.
type tokenizer struct {
	stop  map[string]bool
	buf   []byte   // the folded text
	spans [][2]int // word boundaries in buf
}

func newTokenizer(stopWords bool) *tokenizer {
	t := &tokenizer{}
	if stopWords {
		t.stop = stopList
	}
	return t
}

// words calls f with each word of s that is not a stop word; the slice is
// valid only during the call.
func (t *tokenizer) words(s string, f func(w []byte)) {
	t.fold(s)
	for _, sp := range t.spans {
		w := t.buf[sp[0]:sp[1]]
		if len(w) < 2 || t.stop != nil && t.stop[string(w)] {
			continue
		}
		f(w)
	}
}

// fold fills buf with the lower-cased, accent-free text and spans with
// its words: runs of letters and digits.
func (t *tokenizer) fold(s string) {
	t.buf, t.spans = t.buf[:0], t.spans[:0]
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	start := -1
	end := func() {
		if start >= 0 {
			t.spans = append(t.spans, [2]int{start, len(t.buf)})
			start = -1
		}
	}
	if ascii {
		for i := 0; i < len(s); i++ {
			c := s[i]
			switch {
			case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '_':
			case c >= 'A' && c <= 'Z':
				c += 'a' - 'A'
			default:
				end()
				continue
			}
			if start < 0 {
				start = len(t.buf)
			}
			t.buf = append(t.buf, c)
		}
		end()
		return
	}
	for _, r := range norm.NFKD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			// An accent NFKD split from its letter: "é" is "e" here.
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_':
			if start < 0 {
				start = len(t.buf)
			}
			t.buf = utf8.AppendRune(t.buf, unicode.ToLower(r))
		default:
			end()
		}
	}
	end()
}

// stopList holds English function words: they occur in nearly every
// abstract and carry no topic. It is short on purpose: words such as
// "patients" or "study" can matter to a review and are left to the
// inverse document frequency to weigh.
var stopList = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range stopWords {
		m[w] = true
	}
	return m
}()

var stopWords = []string{
	"a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and",
	"any", "are", "as", "at", "be", "because", "been", "before", "being", "below",
	"between", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "down",
	"during", "each", "either", "etc", "few", "for", "from", "further", "had", "has",
	"have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his",
	"how", "however", "i", "if", "in", "into", "is", "it", "its", "itself", "may", "me",
	"might", "more", "most", "much", "must", "my", "myself", "no", "nor", "not", "of",
	"off", "on", "once", "only", "or", "other", "our", "ours", "ourselves", "out", "over",
	"own", "same", "shall", "she", "should", "so", "some", "such", "than", "that", "the",
	"their", "theirs", "them", "themselves", "then", "there", "thereby", "therefore",
	"these", "they", "this", "those", "through", "thus", "to", "too", "under", "until",
	"up", "upon", "us", "very", "was", "we", "were", "what", "when", "where", "whether",
	"which", "while", "who", "whom", "whose", "why", "will", "with", "within", "without",
	"would", "yet", "you", "your", "yours", "yourself", "yourselves",
}
