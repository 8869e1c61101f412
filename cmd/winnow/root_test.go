package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/winnow-review/winnow/internal/ui"
)

// TestUsageErrors checks that every mistake in a command line exits 2, as
// winnow --help says, with a message that helps to mend it; none of them
// needs a review to exist.
func TestUsageErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want []string
	}{
		{"a mistyped command is named, with the one meant", []string{"stauts"}, []string{`unknown command "stauts"`, "did you mean status?"}},
		{"an unknown command after the global flags is refused too", []string{"--db", "x.db", "imprt", "a.ris"}, []string{`unknown command "imprt"`, "did you mean import?"}},
		{"a mistyped subcommand is refused", []string{"dedup", "linkk"}, []string{`unknown command "linkk"`}},
		{"an unknown flag is refused", []string{"init", "--bogus"}, []string{"unknown flag: --bogus"}},
		{"a missing argument is named in the command's words", []string{"show"}, []string{"winnow: show needs a record: winnow show REF\n"}},
		{"missing arguments are named in the command's words", []string{"label", "1"}, []string{"label needs a record and one or more labels: winnow label REF LABEL... [--remove]"}},
		{"a missing argument of a subcommand is named", []string{"team", "add"}, []string{"winnow: team add needs a name: winnow team add NAME\n"}},
		{"two records of a repeated argument are asked for", []string{"dedup", "link", "3"}, []string{"dedup link needs two or more records: winnow dedup link REF REF..."}},
		{"an argument too many is shown, quoted", []string{"team", "add", "Ann", "Lee"}, []string{`team add takes one argument (a name), but was given 2 ("Ann" "Lee")`}},
		{"an optional argument too many is refused", []string{"log", "1", "2"}, []string{"log takes at most one argument (a record), but was given 2"}},
		{"an argument to a command that takes none is refused", []string{"status", "x"}, []string{`status takes no arguments, but was given "x": winnow status`}},
		{"an argument to a command of commands is an unknown command", []string{"team", "frob"}, []string{`unknown command "frob"`}},
		{"a missing required flag lists the values it takes", []string{"import", "a.ris", "--source", "MEDLINE"},
			[]string{"--kind is required: database, register, website, organisation, citation or other"}},
		{"every missing required flag is named at once", []string{"import", "a.ris"}, []string{"--kind is required", "--source is required"}},
		{"a wrong kind lists the kinds", []string{"import", "a.ris", "--source", "MEDLINE", "--kind", "journal"},
			[]string{`unknown kind "journal": use one of database, register, website, organisation, citation, other`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Chdir(t.TempDir())
			var out, errs bytes.Buffer
			code := run(tc.args, ui.Test(strings.NewReader(""), &out, &errs))
			if code != exitUsage {
				t.Errorf("winnow %s exited %d, want %d; stderr:\n%s", strings.Join(tc.args, " "), code, exitUsage, errs.String())
			}
			for _, w := range tc.want {
				if !strings.Contains(errs.String(), w) {
					t.Errorf("stderr does not say %q:\n%s", w, errs.String())
				}
			}
			if strings.Contains(errs.String(), "Usage:") {
				t.Errorf("stderr dumps the usage text:\n%s", errs.String())
			}
			if out.Len() > 0 {
				t.Errorf("stdout is not empty:\n%s", out.String())
			}
		})
	}
}

// TestNoCommandShowsHelp checks that winnow alone prints its help and
// succeeds.
func TestNoCommandShowsHelp(t *testing.T) {
	t.Chdir(t.TempDir())
	var out, errs bytes.Buffer
	if code := run(nil, ui.Test(strings.NewReader(""), &out, &errs)); code != exitOK {
		t.Fatalf("winnow exited %d; stderr:\n%s", code, errs.String())
	}
	if !strings.Contains(out.String(), "Available Commands:") || !strings.Contains(out.String(), "Exit status:") {
		t.Errorf("winnow alone does not print its help:\n%s", out.String())
	}
}
