package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"
)

// A command's arguments are the ones its Use line names, read here once
// for every command: how many it takes, and, when a command line gives
// too few or too many, what is missing in the command's own words
// ("label needs a record and one or more labels: winnow label REF
// LABEL... [--remove]") instead of cobra's "requires at least 2 arg(s),
// only received 1". A command whose arguments need more than a count
// (one form with --file, another without) has an Args of its own.

// argWords names each placeholder of the Use lines: a noun with its
// article, and its plural (for REF REF... and LABEL...).
var argWords = map[string][2]string{
	"REF":         {"a record", "records"},
	"LABEL":       {"a label", "labels"},
	"NAME":        {"a name", "names"},
	"FILE":        {"a file", "files"},
	"PAIR":        {"a pair of records (A-B)", "pairs"},
	"CLUSTER":     {"a cluster", "clusters"},
	"SEARCH":      {"a search", "searches"},
	"N":           {"a number", "numbers"},
	"REASON":      {"a reason", "reasons"},
	"TERM":        {"a term", "terms"},
	"OLD":         {"the member leaving", "members"},
	"NEW":         {"the member taking over", "members"},
	"FIELD_A":     {"a field", "fields"},
	"FIELD_B":     {"another field", "fields"},
	"FIELD=VALUE": {"an answer (FIELD=VALUE)", "answers (FIELD=VALUE)"},
	"KEY=N":       {"a count (KEY=N)", "counts (KEY=N)"},
	"DIR":         {"a folder", "folders"},
	"LABELS.csv":  {"a labels file", "labels files"},

	"include|exclude|maybe": {"a decision (include, exclude or maybe)", "decisions"},
	"include|exclude":       {"a decision (include or exclude)", "decisions"},
}

// argSpec is one placeholder of a Use line.
type argSpec struct {
	name     string // as the Use line writes it, without brackets or dots
	optional bool   // in brackets: given or not
	group    int    // the bracket group it belongs to (0: none)
	variadic bool   // NAME...: one or more
}

// useArgs reads the arguments of a command's Use line: the words after
// its name up to the first flag, up to the end of the first of its forms
// (forms are parted by " | " outside brackets). A word naming the
// command's subcommands (reasons [add|list|remove]) is not an argument;
// inside brackets, only the first alternative is read, the others
// having as many words.
func useArgs(cmd *cobra.Command) []argSpec {
	fields := strings.Fields(cmd.Use)
	if len(fields) == 0 {
		return nil
	}
	var specs []argSpec
	depth, group, groups := 0, 0, 0
	skip := false // inside brackets after an inner |
	for _, f := range fields[1:] {
		opens := strings.Count(f, "[")
		closes := strings.Count(f, "]")
		word := strings.Trim(f, "[]")
		if opens > 0 && depth == 0 {
			groups++
			group = groups
		}
		depth += opens
		switch {
		case word == "|" && depth == 0:
			return specs
		case word == "|":
			skip = true
		case strings.HasPrefix(word, "-"):
			return specs
		case skip || word == "" || subcommandList(cmd, word):
		default:
			s := argSpec{name: strings.TrimSuffix(word, "..."), optional: depth > 0, variadic: strings.HasSuffix(word, "...")}
			if depth > 0 {
				s.group = group
			}
			specs = append(specs, s)
		}
		depth -= closes
		if depth <= 0 {
			depth, skip = 0, false
		}
	}
	return specs
}

// subcommandList reports whether a word of a Use line lists the command's
// subcommands (add|list|remove).
func subcommandList(cmd *cobra.Command, word string) bool {
	if !cmd.HasSubCommands() {
		return false
	}
	for _, w := range strings.Split(word, "|") {
		if c, _, err := cmd.Find([]string{w}); err != nil || c == cmd {
			return false
		}
	}
	return true
}

// arity is how many arguments specs take: at least min, at most max (-1:
// no limit); a bracket group of several words is all or nothing.
func arity(specs []argSpec) (min, max int, ok func(n int) bool) {
	groups := map[int]int{}
	for _, s := range specs {
		switch {
		case s.variadic:
			max = -1
		case max >= 0:
			max++
		}
		if !s.optional {
			min++
		} else if s.group > 0 {
			groups[s.group]++
		}
	}
	if max >= 0 && max < min {
		max = min
	}
	ok = func(n int) bool {
		if n < min || (max >= 0 && n > max) {
			return false
		}
		// A group of several words (resolve [REF include|exclude]) is
		// given whole: the counts that fit are min plus whole groups.
		sizes := []int{0}
		for _, g := range groups {
			for _, s := range slices.Clone(sizes) {
				sizes = append(sizes, s+g)
			}
		}
		return max < 0 || slices.Contains(sizes, n-min)
	}
	return min, max, ok
}

// checkArgs is the Args of a command that declares none: its Use line's.
func checkArgs(cmd *cobra.Command, args []string) error {
	specs := useArgs(cmd)
	_, max, ok := arity(specs)
	if ok(len(args)) {
		return nil
	}
	if max == 0 && cmd.HasSubCommands() {
		return unknownCommand(cmd, args)
	}
	return argsError(cmd, specs, args)
}

// argsError says what a command line that gives too few or too many
// arguments should have given.
func argsError(cmd *cobra.Command, specs []argSpec, args []string) error {
	name := strings.TrimPrefix(cmd.CommandPath(), cmd.Root().Name()+" ")
	usage := cmd.CommandPath() + strings.TrimPrefix(cmd.Use, cmd.Name())
	min, max, _ := arity(specs)
	switch {
	case max == 0:
		return usageError{fmt.Errorf("%s takes no arguments, but was given %s: %s", name, quoteArgs(args), usage)}
	case len(args) < min:
		var required []argSpec
		for _, s := range specs {
			if !s.optional {
				required = append(required, s)
			}
		}
		return usageError{fmt.Errorf("%s needs %s: %s", name, phrase(required), usage)}
	case max > 0 && len(args) > max:
		most := "at most "
		if max == min {
			most = ""
		}
		return usageError{fmt.Errorf("%s takes %s%s (%s), but was given %d (%s): %s", name, most, count(max, "argument"), phrase(specs), len(args), quoteArgs(args), usage)}
	}
	return usageError{fmt.Errorf("%s takes %s, or none of the words in brackets: %s", name, phrase(specs), usage)}
}

// phrase names specs in words: "a record and one or more labels", "two
// or more records".
func phrase(specs []argSpec) string {
	var parts []string
	for i := 0; i < len(specs); i++ {
		s := specs[i]
		one, many := words(s.name)
		switch {
		case i+1 < len(specs) && specs[i+1].name == s.name && specs[i+1].variadic:
			parts = append(parts, "two or more "+many)
			i++
		case s.variadic:
			parts = append(parts, "one or more "+many)
		default:
			parts = append(parts, one)
		}
	}
	switch len(parts) {
	case 0:
		return "nothing"
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// words gives a placeholder's noun and plural; a choice (include|exclude)
// is worded as its values.
func words(name string) (string, string) {
	if w, ok := argWords[name]; ok {
		return w[0], w[1]
	}
	if strings.Contains(name, "|") {
		vals := strings.Split(name, "|")
		choice := strings.Join(vals[:len(vals)-1], ", ") + " or " + vals[len(vals)-1]
		return choice, choice
	}
	return name, name
}

// count words a small count of things: "one argument", "two arguments".
func count(n int, thing string) string {
	if n == 1 {
		return "one " + thing
	}
	if n < 5 {
		return []string{"no", "one", "two", "three", "four"}[n] + " " + thing + "s"
	}
	return fmt.Sprintf("%d %ss", n, thing)
}

// quoteArgs shows the arguments given, each quoted.
func quoteArgs(args []string) string {
	q := make([]string, len(args))
	for i, a := range args {
		q[i] = fmt.Sprintf("%q", a)
	}
	return strings.Join(q, " ")
}
