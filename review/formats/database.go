package formats

import (
	"sort"
	"strings"
)

// Database names the database a record's database label says it came
// from (RIS DB or DP, Web of Science's, a CSV's "Source database"), so
// that one database's export can be told from a reference manager's
// library of several searches. Labels that name parts of one database
// give that database: Ovid's segments and coverage ranges ("Ovid
// MEDLINE(R) <2022>", "Ovid MEDLINE(R) Epub Ahead of Print", "ERIC <1992
// to June 2024>", "APA PsycInfo <2020>") and EndNote's joined lines
// ("Embase Medline"). Case, punctuation and spacing do not count; "" is
// no label.
func Database(label string) string {
	s := strings.ToLower(label)
	// Ovid's coverage ranges: "<1946 to June 2024>", "<2022>".
	for {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i:], '>')
		if j < 0 {
			s = s[:i]
			break
		}
		s = s[:i] + " " + s[i+j+1:]
	}
	s = strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r >= 0x80)
	}), " ")
	switch {
	case strings.Contains(s, "embase"):
		// Embase.com's merged records: "Embase" and "Medline" on two
		// lines, which EndNote joins into one.
		return "embase"
	case strings.HasPrefix(s, "ovid medline"):
		// "Ovid MEDLINE(R) ALL", "... Epub Ahead of Print", "...
		// In-Process & Other Non-Indexed Citations", "... Daily Update".
		return "ovid medline"
	}
	return s
}

// Databases lists, sorted, the databases the labels of one export file's
// records name (each label read by Database; empty ones are no database).
// More than one means a library of several searches. Embase.com names
// the MEDLINE records it serves "Medline", so beside Embase a plain
// "Medline" is Embase's own: a library of a MEDLINE search and an Embase
// search whose records carry exactly those two names cannot be told from
// one Embase.com export, and is imported as combined only when the user
// says so.
func Databases(labels []string) []string {
	set := map[string]bool{}
	for _, l := range labels {
		if d := Database(l); d != "" {
			set[d] = true
		}
	}
	if set["embase"] {
		delete(set, "medline")
	}
	out := make([]string, 0, len(set))
	for d := range set {
		out = append(out, d)
	}
	sort.Strings(out)
	return out
}
