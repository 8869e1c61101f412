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
// that a major database writes.
func knownTag(tag string) bool {
	switch tag {
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
