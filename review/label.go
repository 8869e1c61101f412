package review

import (
	"errors"
	"strings"
	"unicode"
)

// Label is one reviewer's label on a record (Rayyan's labels, Covidence's
// tags): a word or short phrase a screener puts on records to find them
// again ("background", "check full text", "RCT"). Labels are the
// reviewer's own while the review is blind, as their decisions are.
type Label struct {
	RecordID int64  `json:"record"`
	Reviewer string `json:"reviewer"`
	Label    string `json:"label"`
}

// ErrBadLabel is a label winnow cannot keep.
var ErrBadLabel = errors.New("bad label")

// CleanLabel trims a label and checks it: some text, no control
// characters, no ";" (the CSV exports join a record's labels with "; "),
// at most 100 characters.
func CleanLabel(s string) (string, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return "", Refuse(ErrBadLabel, "a label needs some text")
	case strings.ContainsFunc(s, unicode.IsControl):
		return "", Refuse(ErrBadLabel, "label %q has control characters", s)
	case strings.Contains(s, ";"):
		return "", Refuse(ErrBadLabel, "label %q: a label cannot hold ; (it separates labels in the CSV exports)", s)
	case len([]rune(s)) > 100:
		return "", Refuse(ErrBadLabel, "label %q is longer than 100 characters", s)
	}
	return s, nil
}
