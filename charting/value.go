package charting

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Value is an answer in its canonical text, the same whoever typed it
// and however: text trimmed (line breaks kept in long text), a number as
// Go formats it, a year in four digits, a choice in the option's own
// spelling, the options of a multichoice answer in the form's order
// joined by ", ", a bool as "yes" or "no". "" is no answer.
type Value string

// Sep separates the options of a multichoice answer.
const Sep = ", "

// Parse reads an answer to the field as typed (options of a multichoice
// answer separated by commas; options and yes/no match whatever the
// case). An empty answer clears it. The error says what the field takes,
// listing the valid options.
func (f *Field) Parse(s string) (Value, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	switch f.Type {
	case Text:
		if strings.ContainsAny(s, "\r\n") {
			return "", fmt.Errorf("%s: one line only (a longtext field takes paragraphs)", f.ID)
		}
		return Value(s), nil
	case LongText:
		return Value(strings.ReplaceAll(s, "\r\n", "\n")), nil
	case Number:
		n, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", ""), 64)
		if err != nil {
			return "", fmt.Errorf("%s: %q is not a number", f.ID, s)
		}
		return Value(strconv.FormatFloat(n, 'f', -1, 64)), nil
	case Year:
		y, err := strconv.Atoi(s)
		if err != nil || y < 1000 || y > 9999 {
			return "", fmt.Errorf("%s: %q is not a year (four digits)", f.ID, s)
		}
		return Value(strconv.Itoa(y)), nil
	case Bool:
		switch strings.ToLower(s) {
		case "yes", "y", "true", "1":
			return "yes", nil
		case "no", "n", "false", "0":
			return "no", nil
		}
		return "", fmt.Errorf("%s: %q: answer yes or no", f.ID, s)
	case Choice:
		o, ok := f.option(s)
		if !ok {
			return "", f.optionError(s)
		}
		return Value(o), nil
	case MultiChoice:
		picked := map[string]bool{}
		for _, part := range strings.Split(s, ",") {
			part = strings.TrimSpace(part)
			if part == "" {
				continue
			}
			o, ok := f.option(part)
			if !ok {
				return "", f.optionError(part)
			}
			picked[o] = true
		}
		var out []string
		for _, o := range f.Options {
			if picked[o] {
				out = append(out, o)
			}
		}
		return Value(strings.Join(out, Sep)), nil
	}
	return "", fmt.Errorf("%s: unknown type %q", f.ID, f.Type)
}

// option finds an option whatever its case.
func (f *Field) option(s string) (string, bool) {
	for _, o := range f.Options {
		if strings.EqualFold(o, s) {
			return o, true
		}
	}
	return "", false
}

func (f *Field) optionError(s string) error {
	if f.Type == MultiChoice {
		// Several options are separated by commas: the error says so,
		// and lists the options the same way, so that no one is led to
		// write "primary care; social care" by the list itself.
		eg := f.Options[0]
		if len(f.Options) > 1 {
			eg += "," + f.Options[1]
		}
		return fmt.Errorf("%s: %q is not an option: give one or more of %s, separated by commas (e.g. %s=%s)", f.ID, s, strings.Join(f.Options, ", "), f.ID, eg)
	}
	return fmt.Errorf("%s: %q is not an option: give %s", f.ID, s, strings.Join(f.Options, "; "))
}

// Fits reports whether a stored answer still fits the field (after the
// form changed): it reads back as the same value.
func (f *Field) Fits(v Value) bool {
	if v == "" {
		return true
	}
	if f.Type == MultiChoice {
		for _, o := range v.Options() {
			if _, ok := f.option(o); !ok {
				return false
			}
		}
		return true
	}
	got, err := f.Parse(string(v))
	return err == nil && (got == v || f.Type == Text || f.Type == LongText || strings.EqualFold(string(got), string(v)))
}

// Options splits a multichoice answer into its options.
func (v Value) Options() []string {
	if v == "" {
		return nil
	}
	return strings.Split(string(v), Sep)
}

// Same reports whether two answers agree: equal, with runs of white
// space in text counted as one space.
func Same(a, b Value) bool {
	if a == b {
		return true
	}
	return strings.Join(strings.Fields(string(a)), " ") == strings.Join(strings.Fields(string(b)), " ")
}

// Has reports whether a multichoice answer holds an option.
func (v Value) Has(option string) bool {
	return slices.Contains(v.Options(), option)
}
