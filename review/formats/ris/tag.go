package ris

import "strings"

// LineTag gives the tag of line when the reader takes it for a tag line
// ("TI  - ...", "PMID- ...", "ER"), and false otherwise.
func LineTag(line string) (string, bool) {
	tag, _, ok := tagLine(line)
	return tag, ok
}

// tagLine reports whether line is a tag line, giving the tag and the offset
// of its value in line. It inspects bytes rather than running a regular
// expression because it runs on every line of files of a million records.
//
// A BOM or white space is allowed before TY and ER only: exports put them
// there at the start of a file or of a record, while an indented "AU  - "
// inside an abstract is more likely text than a tag. "ER" alone on its line
// is an ER line too: cffconvert writes it so.
func tagLine(line string) (tag string, off int, ok bool) {
	if line == "" {
		return "", 0, false
	}
	if len(line) <= 8 && strings.Trim(line, " \t\uFEFF") == "ER" {
		return "ER", len(line), true
	}
	if c := line[0]; c == ' ' || c == '\t' || c == 0xEF {
		rest := strings.TrimLeft(line, " \t\uFEFF")
		tag, off, ok = splitTag(rest)
		if !ok || (tag != "TY" && tag != "ER") {
			return "", 0, false
		}
		return tag, off + len(line) - len(rest), true
	}
	return splitTag(line)
}

// splitTag matches "XX  - value" at the start of line: a capital letter,
// one to three capitals or digits, one or two spaces, a dash, then a space or
// the end of the line (or, for a known tag of two characters after two
// spaces, the value at once: "TY  -JOUR").
//
// Two further checks keep text from passing for a tag. A tag of three or four
// characters must be one that exports are known to write ("PMID"), so that
// "HIV - " or "USA - " at the start of an abstract line stays text. With a
// single space before the dash (as in "KW - x"), the two-character tag must
// be a known RIS tag, so that "US - based ..." stays text too.
func splitTag(line string) (tag string, off int, ok bool) {
	n := len(line)
	if n < 4 || line[0] < 'A' || line[0] > 'Z' {
		return "", 0, false
	}
	i := 1
	for i < n && i < 4 && isTagByte(line[i]) {
		i++
	}
	end := i
	spaces := 0
	for i < n && line[i] == ' ' && spaces < 2 {
		i++
		spaces++
	}
	if spaces == 0 || i >= n || line[i] != '-' {
		return "", 0, false
	}
	i++
	tag = line[:end]
	if i < n {
		if line[i] != ' ' {
			// "TY  -JOUR": the space after the dash lost (a template or
			// a hand's slip), taken only in RIS's own shape, a known tag
			// of two characters and two spaces before the dash.
			if end != 2 || spaces != 2 || !knownTag(tag) {
				return "", 0, false
			}
			return tag, i, true
		}
		i++
	}
	switch {
	case len(tag) > 2:
		if !longTag(tag) {
			return "", 0, false
		}
	case spaces == 1:
		if !knownTag(tag) {
			return "", 0, false
		}
	}
	return tag, i, true
}

func isTagByte(c byte) bool {
	return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
}

// longTag lists the tags longer than two characters that exports write.
func longTag(tag string) bool {
	switch tag {
	case "PMID", "PMC", "DOI":
		return true
	}
	return false
}

// knownTag reports whether tag is a tag of the RIS specification or one
// that a major database or reference manager writes (Ovid's PT, AI, NL;
// Web of Science's WE, J9, FU, ...; Mendeley's NS, PD; Scopus's M4, TS).
func knownTag(tag string) bool {
	switch tag {
	case "AI", "FU", "FX", "J9", "JI", "M4", "NL", "NS", "PA", "PD", "PI", "PT", "PU", "TS", "WE":
		return true
	case "TY", "ER", "A1", "A2", "A3", "A4", "AB", "AD", "AN", "AU", "AV", "BT",
		"C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8", "CA", "CN", "CP", "CT", "CY",
		"DA", "DB", "DO", "DP", "ED", "EP", "ET", "ID", "IS", "J1", "J2", "JA", "JF",
		"JO", "KW", "L1", "L2", "L3", "L4", "LA", "LB", "LK", "M1", "M2", "M3", "N1",
		"N2", "NV", "OP", "PB", "PG", "PP", "PY", "RI", "RN", "RP", "SE", "SN", "SP",
		"ST", "T1", "T2", "T3", "TA", "TI", "TT", "U1", "U2", "U3", "U4", "U5", "UR",
		"VL", "VO", "Y1", "Y2":
		return true
	}
	return false
}

// shape is how a file writes the separator between a tag and its value
// where it is not RIS's own "TY  - ": the white space before the dash (none,
// a tab, three spaces, ...) and whether any follows it. Hand-made files,
// templates and scripts write "TY- JOUR", "TY -JOUR" or "TY\t- JOUR"; they
// do so on every line, so the reader learns the shape from the file's first
// TY line and takes the other lines written the same way as tags too.
type shape struct {
	before string // the white space before the dash, exactly
	after  bool   // white space follows the dash
}

// risShape is RIS's own: "TY  - JOUR".
var risShape = shape{before: "  ", after: true}

// looseType reads line as a TY line of another shape than RIS's own: "TY",
// up to four spaces or tabs, a dash, any spaces or tabs, and a reference
// type of letters ("JOUR"). It gives the shape and the offset of the value.
// A BOM or white space before TY is allowed, as for RIS's own shape.
func looseType(line string) (s shape, off int, ok bool) {
	rest := strings.TrimLeft(line, " \t\uFEFF")
	lead := len(line) - len(rest)
	if !strings.HasPrefix(rest, "TY") {
		return shape{}, 0, false
	}
	i := 2
	for i < len(rest) && i < 6 && (rest[i] == ' ' || rest[i] == '\t') {
		i++
	}
	if i >= len(rest) || rest[i] != '-' {
		return shape{}, 0, false
	}
	s.before = rest[2:i]
	i++
	j := i
	for j < len(rest) && (rest[j] == ' ' || rest[j] == '\t') {
		j++
	}
	s.after = j > i
	val := strings.TrimRight(rest[j:], " \t\r")
	if val == "" {
		return shape{}, 0, false
	}
	for k := 0; k < len(val); k++ {
		if !isLetter(val[k]) {
			return shape{}, 0, false
		}
	}
	return s, lead + j, true
}

// shapedTag reads line as a tag line of shape s: a tag of two characters
// (a known one where s has one space or none before the dash), s's white
// space before the dash, and after it white space where s has it (or the
// end of the line: a tag with no value).
func shapedTag(line string, s shape) (tag string, off int, ok bool) {
	rest := line
	if c := line[0]; c == ' ' || c == '\t' || c == 0xEF {
		rest = strings.TrimLeft(line, " \t\uFEFF") // TY and ER only, below
	}
	lead := len(line) - len(rest)
	if len(rest) < 3 || !strings.HasPrefix(rest[2:], s.before) {
		return "", 0, false
	}
	tag = rest[:2]
	if !isTagByte(tag[0]) || tag[0] < 'A' || !isTagByte(tag[1]) || (lead > 0 && tag != "TY" && tag != "ER") {
		return "", 0, false
	}
	if (s.before == "" || s.before == " ") && !knownTag(tag) {
		// With one space or none before the dash, only the tags exports
		// are known to write: "US - based" or "IL-6" at the start of an
		// abstract's line stays text.
		return "", 0, false
	}
	i := 2 + len(s.before)
	if i >= len(rest) || rest[i] != '-' {
		return "", 0, false
	}
	i++
	j := i
	for j < len(rest) && (rest[j] == ' ' || rest[j] == '\t') {
		j++
	}
	if s.after && j == i && j < len(rest) {
		return "", 0, false // "SP-A levels" in a file of "TY- JOUR"
	}
	return tag, lead + j, true
}

// TypeLine reports whether line opens a RIS record as the reader reads
// one: a TY line in RIS's own shape or in another the reader learns
// (looseType). Detection counts these.
func TypeLine(line string) bool {
	if tag, _, ok := tagLine(line); ok {
		return tag == "TY"
	}
	_, _, ok := looseType(line)
	return ok
}

func isLetter(c byte) bool { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') }
