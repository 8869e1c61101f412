package review

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// Screening done in another tool travels in a record's notes when a team
// moves a review: Rayyan writes each reviewer's decision, the exclusion
// reasons, the labels and the reviewers' notes into the notes field of
// every record it exports (CSV "notes", RIS N1, BibTeX note), as
//
//	RAYYAN-INCLUSION: {"Kofi"=>"Included", "Ama"=>"Maybe"} | RAYYAN-LABELS: RCT |
//	RAYYAN-EXCLUSION-REASONS: wrong population | USER-NOTES: {"Kofi"=>["check later"]}
//
// winnow keeps that text in the record's raw text (nothing of an export is
// lost) and reads it as no decision of its own. While the review is blind
// a screener sees it hidden (Viewer.Raw), as they would not see another
// screener's decisions, reasons, labels or notes made in winnow.

// importedKeys are the parts of Rayyan's notes that carry screening.
var importedKeys = []string{"RAYYAN-INCLUSION:", "RAYYAN-EXCLUSION-REASONS:", "RAYYAN-LABELS:", "USER-NOTES:"}

// HiddenImported stands in a raw text for the screening another tool wrote.
const HiddenImported = "[hidden while the review is blind]"

// ImportedScreeners gives the reviewers whose decisions another tool
// (Rayyan) wrote into a record's raw text, in the order written; nil when
// it holds none.
func ImportedScreeners(raw string) []string {
	var names []string
	for _, m := range importedPair.FindAllStringSubmatch(importedValue(raw, importedKeys[0]), -1) {
		if !slices.Contains(names, m[1]) {
			names = append(names, m[1])
		}
	}
	return names
}

// ImportedVote is one reviewer's decision on a record as another tool
// exported it.
type ImportedVote struct {
	Reviewer string   // the name the tool knew them by
	Decision Decision // Include, Exclude or Maybe
	Note     string   // their notes on the record, one a line
}

// importedPair is "name"=>"decision" and importedNotes "name"=>["note",
// ...], once a CSV cell's doubled quotes are single.
var (
	importedPair  = regexp.MustCompile(`"([^"]+)"\s*=>\s*"([^"]*)"`)
	importedNotes = regexp.MustCompile(`"([^"]+)"\s*=>\s*\[((?:\s*"[^"]*"\s*,?)*)\]`)
	importedItem  = regexp.MustCompile(`"([^"]*)"`)
)

// ImportedVotes reads the screening Rayyan wrote into a record's raw text:
// each reviewer's decision (Included, Excluded or Maybe) with their notes,
// and the record's exclusion reasons, which Rayyan keeps for the record,
// not for a reviewer. A decision it does not know is an error.
func ImportedVotes(raw string) (votes []ImportedVote, reasons string, err error) {
	notes := map[string]string{}
	for _, m := range importedNotes.FindAllStringSubmatch(importedValue(raw, "USER-NOTES:"), -1) {
		var lines []string
		for _, item := range importedItem.FindAllStringSubmatch(m[2], -1) {
			lines = append(lines, item[1])
		}
		notes[m[1]] = strings.Join(lines, "\n")
	}
	for _, m := range importedPair.FindAllStringSubmatch(importedValue(raw, importedKeys[0]), -1) {
		var d Decision
		switch strings.ToLower(m[2]) {
		case "included":
			d = Include
		case "excluded":
			d = Exclude
		case "maybe":
			d = Maybe
		default:
			return nil, "", fmt.Errorf("%s's decision %q: want Included, Excluded or Maybe", m[1], m[2])
		}
		votes = append(votes, ImportedVote{Reviewer: m[1], Decision: d, Note: notes[m[1]]})
	}
	return votes, strings.TrimSpace(importedValue(raw, "RAYYAN-EXCLUSION-REASONS:")), nil
}

// importedValue gives the value of the first part key of Rayyan's notes
// in raw, with a CSV cell's doubled quotes single; "" when there is none.
func importedValue(raw, key string) string {
	i := strings.Index(raw, key)
	if i < 0 {
		return ""
	}
	rest := strings.TrimLeft(raw[i+len(key):], " ")
	return strings.ReplaceAll(rest[:valueEnd(rest)], `""`, `"`)
}

// HideImportedScreening gives raw with the values of every part of
// another tool's screening (decisions, reasons, labels, notes) replaced by
// HiddenImported, the rest of the text as it was.
func HideImportedScreening(raw string) string {
	if !strings.Contains(raw, "RAYYAN-") && !strings.Contains(raw, "USER-NOTES:") {
		return raw
	}
	var b strings.Builder
	for {
		at, key := -1, ""
		for _, k := range importedKeys {
			if i := strings.Index(raw, k); i >= 0 && (at < 0 || i < at) {
				at, key = i, k
			}
		}
		if at < 0 {
			b.WriteString(raw)
			return b.String()
		}
		start := at + len(key)
		rest := raw[start:]
		value := strings.TrimLeft(rest, " ")
		pad := len(rest) - len(value)
		end := valueEnd(value)
		if key == "USER-NOTES:" && !strings.HasPrefix(value, "{") {
			// Text that happens to say USER-NOTES: not Rayyan's.
			end = 0
		}
		b.WriteString(raw[:start+pad])
		if end > 0 {
			b.WriteString(HiddenImported)
		}
		raw = value[end:]
	}
}

// valueEnd gives the length of the value a part of Rayyan's notes starts
// with: a {...} to its closing brace, otherwise up to the next part (" |
// "), the end of the line, or the end of the cell or field that holds the
// notes (a lone quote in a CSV cell, whose quotes inside are doubled; a
// closing brace in BibTeX).
func valueEnd(s string) int {
	if strings.HasPrefix(s, "{") {
		depth := 0
		for i := 0; i < len(s); i++ {
			switch s[i] {
			case '{':
				depth++
			case '}':
				depth--
				if depth == 0 {
					return i + 1
				}
			case '\n':
				return i
			}
		}
		return len(s)
	}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\n', '\r', '}':
			return i
		case '|':
			if i == 0 { // an empty value
				return 0
			}
			if s[i-1] == ' ' {
				return i - 1
			}
		case '"':
			if i+1 < len(s) && s[i+1] == '"' {
				i++
				continue
			}
			return i
		}
	}
	return len(s)
}
