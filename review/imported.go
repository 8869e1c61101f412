package review

import (
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
	i := strings.Index(raw, importedKeys[0])
	if i < 0 {
		return nil
	}
	rest := strings.TrimLeft(raw[i+len(importedKeys[0]):], " ")
	if !strings.HasPrefix(rest, "{") {
		return nil
	}
	value := rest[:valueEnd(rest)]
	var names []string
	// {"Kofi"=>"Included", "Ama"=>"Maybe"}, its quotes doubled in a CSV cell.
	parts := strings.Split(strings.Trim(value, "{}"), "=>")
	for _, pair := range parts[:len(parts)-1] { // the last is a decision
		if k := strings.LastIndex(pair, ","); k >= 0 {
			pair = pair[k+1:]
		}
		name := strings.Trim(strings.TrimSpace(pair), `"`)
		if name != "" && !slices.Contains(names, name) && strings.Count(pair, `"`) >= 2 {
			names = append(names, name)
		}
	}
	return names
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
