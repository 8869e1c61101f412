// Package charting is data charting (extraction) of the included
// studies: forms as YAML files, each reviewer's answers kept apart, the
// consensus (where the reviewers agree, or as a lead settles it), and the
// summary tables of a paper.
package charting

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/winnow-review/winnow/review/formats"
)

// Type is the kind of answer a field takes.
type Type string

// The field types.
const (
	Text        Type = "text"        // one line
	LongText    Type = "longtext"    // paragraphs
	Number      Type = "number"      // a decimal number
	Year        Type = "year"        // a four-digit year
	Choice      Type = "choice"      // one of the options
	MultiChoice Type = "multichoice" // any of the options
	Bool        Type = "bool"        // yes or no
)

// Types lists the field types, in the order the documentation gives.
var Types = []Type{Text, LongText, Number, Year, Choice, MultiChoice, Bool}

// HasOptions reports whether answers are picked from the field's options.
func (t Type) HasOptions() bool { return t == Choice || t == MultiChoice }

// Field is one question of a form.
type Field struct {
	ID       string   `yaml:"id" json:"id"`
	Label    string   `yaml:"label" json:"label"`
	Type     Type     `yaml:"type" json:"type"`
	Options  []string `yaml:"options,omitempty" json:"options,omitempty"`
	Required bool     `yaml:"required,omitempty" json:"required"`
	Help     string   `yaml:"help,omitempty" json:"help,omitempty"`
}

// Form is a charting form: a file, installed by version.
type Form struct {
	// Version is the form's own version, as its author numbers it; the
	// review also numbers each installed form (see Installed).
	Version int     `yaml:"version" json:"version"`
	Title   string  `yaml:"title,omitempty" json:"title,omitempty"`
	Fields  []Field `yaml:"fields" json:"fields"`
}

// Field returns the field with an id, or nil.
func (f *Form) Field(id string) *Field {
	for i := range f.Fields {
		if f.Fields[i].ID == id {
			return &f.Fields[i]
		}
	}
	return nil
}

//go:embed rainbow.yaml
var rainbowYAML []byte

// Templates are the forms winnow ships, by name.
var Templates = map[string][]byte{"rainbow": rainbowYAML}

// ErrBadForm is a form file winnow cannot use.
var ErrBadForm = errors.New("bad form")

var idPattern = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// ParseForm reads and checks a form file. Errors name the file and line.
// The file may be in any encoding an editor saves (UTF-8 with or without a
// byte order mark, UTF-16, Windows-1252), as export files are.
func ParseForm(name string, data []byte) (*Form, error) {
	var f Form
	dec := yaml.NewDecoder(strings.NewReader(formats.DecodeString(data)))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		msg = strings.ReplaceAll(msg, "unmarshal errors:\n  ", "")
		if strings.HasPrefix(msg, "line ") {
			// "line 4: field typ not found in type charting.Field"
			line, rest, _ := strings.Cut(strings.TrimPrefix(msg, "line "), ": ")
			return nil, fmt.Errorf("%w: %s:%s: %s", ErrBadForm, name, line, strings.ReplaceAll(rest, "charting.", ""))
		}
		if errors.Is(err, bytes.ErrTooLarge) || msg == "EOF" {
			msg = "the file is empty"
		}
		return nil, fmt.Errorf("%w: %s: %s", ErrBadForm, name, strings.ReplaceAll(msg, "charting.", ""))
	}
	if err := f.check(); err != nil {
		return nil, fmt.Errorf("%w: %s: %s", ErrBadForm, name, err)
	}
	return &f, nil
}

// check tests a form: a version, fields with unique ids of lower-case
// letters, digits and _, known types, options (distinct, not empty) for
// the choices and only for them.
func (f *Form) check() error {
	if f.Version < 1 {
		return errors.New("the form needs a version: 1 or more (version: 1)")
	}
	if len(f.Fields) == 0 {
		return errors.New("the form has no fields")
	}
	seen := map[string]bool{}
	for i := range f.Fields {
		fl := &f.Fields[i]
		fl.ID, fl.Label, fl.Help = strings.TrimSpace(fl.ID), strings.TrimSpace(fl.Label), strings.TrimSpace(fl.Help)
		at := fmt.Sprintf("field %d", i+1)
		if fl.ID != "" {
			at += " (" + fl.ID + ")"
		}
		switch {
		case fl.ID == "":
			return fmt.Errorf("%s has no id", at)
		case !idPattern.MatchString(fl.ID):
			return fmt.Errorf("%s: an id is lower-case letters, digits and _, starting with a letter", at)
		case seen[fl.ID]:
			return fmt.Errorf("%s: the id %s is used twice", at, fl.ID)
		case !slices.Contains(Types, fl.Type):
			return fmt.Errorf("%s: type %q: give one of %s", at, fl.Type, typeList())
		case fl.Type.HasOptions() && len(fl.Options) == 0:
			return fmt.Errorf("%s: a %s field needs options", at, fl.Type)
		case !fl.Type.HasOptions() && len(fl.Options) > 0:
			return fmt.Errorf("%s: a %s field takes no options (only choice and multichoice do)", at, fl.Type)
		}
		seen[fl.ID] = true
		if fl.Label == "" {
			fl.Label = fl.ID
		}
		opts := map[string]bool{}
		for j, o := range fl.Options {
			o = strings.TrimSpace(o)
			fl.Options[j] = o
			switch {
			case o == "":
				return fmt.Errorf("%s: option %d is empty", at, j+1)
			case strings.ContainsAny(o, ",\n"):
				return fmt.Errorf("%s: option %q: an option cannot hold a comma or a line break (commas separate the options of an answer)", at, o)
			case opts[strings.ToLower(o)]:
				return fmt.Errorf("%s: option %q is listed twice", at, o)
			}
			opts[strings.ToLower(o)] = true
		}
	}
	return nil
}

func typeList() string {
	s := make([]string, len(Types))
	for i, t := range Types {
		s[i] = string(t)
	}
	return strings.Join(s, ", ")
}

// YAML writes the form as a file.
func (f *Form) YAML() ([]byte, error) {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(f); err != nil {
		return nil, err
	}
	return b.Bytes(), enc.Close()
}
