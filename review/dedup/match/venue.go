package match

import (
	"strings"
)

// venueStop are the words left out of a journal name: ISO 4 abbreviations
// drop them ("Journal of the American ..." is "J Am ..."), and so do
// exports.
var venueStop = map[string]bool{
	"the": true, "of": true, "and": true, "for": true, "in": true, "on": true, "a": true, "an": true,
	"de": true, "la": true, "le": true, "les": true, "du": true, "des": true, "der": true, "die": true,
	"das": true, "und": true, "fur": true, "y": true, "e": true, "et": true, "el": true, "los": true,
	"las": true, "do": true, "da": true, "dos": true, "di": true, "della": true, "del": true, "d": true,
	"l": true, "at": true, "to": true, "with": true, "official": true,
}

// conferenceWords mark a venue as a conference.
var conferenceWords = map[string]bool{
	"conference": true, "conf": true, "proceedings": true, "proc": true, "symposium": true,
	"symp": true, "congress": true, "meeting": true, "workshop": true, "colloquium": true,
	"annual": true, "summit": true, "forum": true,
}

// normVenue gives a journal or proceedings name as dedup compares it:
// folded, cut before a subtitle or parallel title ("Journal of Clinical
// Oncology : official journal of ...", "Pediatric Nephrology.Conference:
// 44th ...", "Medizinische Klinik (Munich, Germany : 1983)"), without
// stop words or numbers ("Amcis 2017 Proceedings"), and whether it names
// a conference.
func normVenue(s string) (venue string, conference bool) {
	s = clean(s)
	for _, cut := range []string{" : ", ": ", " = ", "(", "["} {
		if i := strings.Index(s, cut); i > 0 {
			s = s[:i]
		}
	}
	// "International journal of cancer.Journal international du cancer":
	// a full stop with no space after it, in a name that has spaces,
	// starts a second title. Abbreviations without spaces
	// ("J.Clin.Oncol.") keep theirs.
	if strings.IndexByte(s, ' ') > 0 {
		for i := 8; i+1 < len(s); i++ {
			if s[i] == '.' && s[i+1] >= 'A' && s[i+1] <= 'Z' && isLetter(s[i-1]) && isLetter(s[i-2]) && isLetter(s[i-3]) {
				s = s[:i]
				break
			}
		}
	}
	words := strings.Fields(fold(s))
	out := words[:0]
	for _, w := range words {
		if conferenceWords[w] {
			conference = true
		}
		if venueStop[w] || isDigit(w[0]) {
			continue
		}
		out = append(out, w)
	}
	return strings.Join(out, " "), conference
}

// venueMatch tells how two normalised venue names compare.
type venueMatch uint8

const (
	venueUnknown    venueMatch = iota // one or both missing
	venueDiffer                       // both known, neither can be the other
	venueCompatible                   // one abbreviates or extends the other
	venueSame                         // equal
)

// compareVenue compares two normalised venue names. Abbreviations match
// the full name word by word when each abbreviated word starts the full
// word or keeps its letters in order from the same first letter ("N Engl J
// Med" and "New England Journal of Medicine", "Natl" and "National"); a
// name written without spaces ("Jthoraccardiovascsurg") matches when it
// splits into such abbreviations. A name that goes on past the other
// ("Nephron" and "Nephron Clinical Practice") is compatible too.
func compareVenue(a, b string) venueMatch {
	if a == "" || b == "" {
		return venueUnknown
	}
	if a == b {
		return venueSame
	}
	if strings.ReplaceAll(a, " ", "") == strings.ReplaceAll(b, " ", "") {
		return venueSame
	}
	ta, tb := strings.Fields(a), strings.Fields(b)
	if abbreviates(ta, tb) || abbreviates(tb, ta) {
		return venueCompatible
	}
	if len(ta) == 1 && len(ta[0]) >= 6 && glued(ta[0], tb) || len(tb) == 1 && len(tb[0]) >= 6 && glued(tb[0], ta) {
		return venueCompatible
	}
	if acronym(ta, tb) || acronym(tb, ta) {
		return venueCompatible
	}
	return venueDiffer
}

// abbreviates reports whether the words short stand for the first words
// of long, in order. Words of long may be skipped only at its end, so "J
// Med" does not match "Journal of Clinical Medicine"; with three words or
// more, one word of long may be skipped inside too ("50th Annual Hawaii
// International Conference" and "Hawaii International Conference").
func abbreviates(short, long []string) bool {
	if len(short) > len(long) {
		return false
	}
	skips := 0
	if len(short) >= 3 {
		skips = 2
	}
	j := 0
	for _, w := range short {
		for {
			if j >= len(long) {
				return false
			}
			if wordAbbreviates(w, long[j]) {
				j++
				break
			}
			if skips == 0 {
				return false
			}
			skips--
			j++
		}
	}
	return true
}

// wordAbbreviates reports whether w can abbreviate full: a prefix
// ("Pediatr"), or its letters in order from the same first letter
// ("Natl", "Assoc"). Either way round, since both sides may be
// abbreviated ("New Engl" and "N Engl").
func wordAbbreviates(w, full string) bool {
	if w == full {
		return true
	}
	if len(w) > len(full) {
		w, full = full, w
	}
	if w[0] != full[0] {
		return false
	}
	if strings.HasPrefix(full, w) {
		return true
	}
	if len(w) < 3 {
		return false
	}
	j := 1
	for i := 1; i < len(w); i++ {
		for j < len(full) && full[j] != w[i] {
			j++
		}
		if j == len(full) {
			return false
		}
		j++
	}
	return true
}

// acronym reports whether short is one word made of the initials of the
// words of long ("BMJ", "BJOG", "CMAJ").
func acronym(short, long []string) bool {
	if len(short) != 1 || len(long) < 2 || len(short[0]) != len(long) {
		return false
	}
	for i, w := range long {
		if short[0][i] != w[0] {
			return false
		}
	}
	return true
}

// glued reports whether s, a name written without spaces, splits into
// prefixes of the words of full in order (all of s used, at least half the
// words of full met).
func glued(s string, full []string) bool {
	// reach[i] holds the set of word positions from which s[i:] must be
	// matched; a small search is enough for names of a few words.
	var try func(i, k int) bool
	try = func(i, k int) bool {
		if i == len(s) {
			return k*2 >= len(full)
		}
		if k == len(full) {
			return false
		}
		w := full[k]
		for n := min(len(w), len(s)-i); n >= 1; n-- {
			if s[i:i+n] == w[:n] && try(i+n, k+1) {
				return true
			}
		}
		return false
	}
	return try(0, 0)
}
