package main

import (
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/winnow-review/winnow/internal/ui"
)

// eachCommand calls f on every command of winnow's tree.
func eachCommand(t *testing.T, f func(c *cobra.Command)) {
	t.Helper()
	a := &app{streams: ui.Test(strings.NewReader(""), &strings.Builder{}, &strings.Builder{})}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		f(c)
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(newRootCmd(a))
}

// TestEveryArgumentWorded checks that every placeholder of every Use line
// has words for the message that says it is missing: a new command with
// a new placeholder fails here until argWords names it.
func TestEveryArgumentWorded(t *testing.T) {
	eachCommand(t, func(c *cobra.Command) {
		for _, s := range useArgs(c) {
			if _, ok := argWords[s.name]; !ok && !strings.Contains(s.name, "|") && s.name != strings.ToLower(s.name) {
				t.Errorf("%s: %q in its Use line %q has no words in argWords", c.CommandPath(), s.name, c.Use)
			}
		}
	})
}

// TestUseLineArity checks how many arguments Use lines of each shape
// take (0 to 4 arguments given): required, optional, repeated, a bracket
// group given whole, a second form after |, flags and subcommand lists
// left out.
func TestUseLineArity(t *testing.T) {
	want := map[string]string{ // "x" where n arguments fit, for n = 0..4
		"winnow show":               ".x...", // show REF
		"winnow status":             "x....", // status
		"winnow label":              "..xxx", // label REF LABEL... [--remove]
		"winnow dedup link":         "..xxx", // link REF REF...
		"winnow import":             ".xxxx", // import FILE... --source NAME --kind KIND
		"winnow log":                "xx...", // log [REF]
		"winnow decide":             "..x..", // decide REF include|exclude|maybe --stage S | decide --file F
		"winnow resolve":            "x.x..", // resolve [REF include|exclude --stage S] | resolve --file F
		"winnow config":             "x.x..", // config [screeners N | conflicts resolve|forward]
		"winnow simulate":           ".x...", // simulate LABELS.csv | --from-review
		"winnow reasons":            "x....", // reasons [add|list|remove]
		"winnow sources identified": "..x..", // identified SEARCH N [--note TEXT]
		"winnow prisma":             "x....", // prisma [--json | --svg FILE ...]
		"winnow chart":              "xx...", // chart [REF]
	}
	seen := 0
	eachCommand(t, func(c *cobra.Command) {
		w, ok := want[c.CommandPath()]
		if !ok {
			return
		}
		seen++
		_, _, fits := arity(useArgs(c))
		for n := range len(w) {
			if fits(n) != (w[n] == 'x') {
				t.Errorf("%s (%q) with %d arguments: fits %v, want %v", c.CommandPath(), c.Use, n, fits(n), w[n] == 'x')
			}
		}
	})
	if seen != len(want) {
		t.Errorf("found %d of the %d commands", seen, len(want))
	}
}
