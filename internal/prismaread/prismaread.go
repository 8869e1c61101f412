// Package prismaread runs the PRISMA2020 R package's own reader of its CSV
// template on what winnow writes, and checks every number it reads against
// the flow as `winnow prisma --json` gives it: the test that the file
// opens, and reads right, in the package users have.
//
// The reader is ../shared/tools/prisma2020-read beside the repository (it
// runs the package's R sources at release 1.1.4 or 1.1.1, kept in
// ../shared/vendor) and needs Rscript with the scales package. Without
// them the tests skip, saying why; but when CI is set a missing Rscript
// fails them, so that CI cannot pass by skipping (.ci/run installs R).
package prismaread

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// Find returns the path of the reader. When it cannot run, tool is ""
// and skip says why; err is set instead when the tests must not skip: CI
// is set and Rscript is missing.
func Find() (tool, skip string, err error) {
	root, err := repoRoot()
	if err != nil {
		return "", "", fmt.Errorf("prismaread: no go.mod above the working directory: %w", err)
	}
	tool = filepath.Join(root, "..", "shared", "tools", "prisma2020-read")
	if _, err := os.Stat(tool); err != nil {
		return "", fmt.Sprintf("%s not found: skipping the check with the PRISMA2020 package's own CSV reader", tool), nil
	}
	if _, err := exec.LookPath("Rscript"); err != nil {
		if os.Getenv("CI") != "" {
			return "", "", errors.New("CI is set but Rscript is not installed: the PRISMA2020 reader check must run in CI " +
				"(.ci/run installs r-base-core and r-cran-scales)")
		}
		return "", "Rscript not found (Debian: apt-get install r-base-core r-cran-scales): skipping the check with the PRISMA2020 package's own CSV reader", nil
	}
	return tool, "", nil
}

// Require is Find for a test: it skips the test, or fails it, when the
// reader cannot run.
func Require(tb testing.TB) string {
	tb.Helper()
	tool, skip, err := Find()
	if err != nil {
		tb.Fatal(err)
	}
	if tool == "" {
		tb.Skip(skip)
	}
	return tool
}

// Read runs the reader of the package's release version ("1.1.4" or
// "1.1.1") on file and returns what it printed: one key=value a line.
func Read(tool, version, file string) (string, error) {
	cmd := exec.Command(tool, "--version", version, file)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return stdout.String(), fmt.Errorf("prisma2020-read --version %s %s: %v\n%s", version, file, err, stderr.String())
	}
	return stdout.String(), nil
}

// Renamed is a name the CSV carries changed (prisma.Renamed): in Row,
// From as the review has it is To in the file.
type Renamed struct{ Row, From, To string }

var renamedLine = regexp.MustCompile(`^(?:reason|source) ("(?:[^"\\]|\\.)*") is written as ("(?:[^"\\]|\\.)*") in (\w+):`)

// ParseRenames reads the names `winnow prisma --csv` says it changed
// from its stderr.
func ParseRenames(stderr string) ([]Renamed, error) {
	var out []Renamed
	for _, line := range strings.Split(stderr, "\n") {
		m := renamedLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		from, err1 := strconv.Unquote(m[1])
		to, err2 := strconv.Unquote(m[2])
		if err := errors.Join(err1, err2); err != nil {
			return nil, fmt.Errorf("prismaread: %q: %w", line, err)
		}
		out = append(out, Renamed{Row: m[3], From: from, To: to})
	}
	return out, nil
}

// reason is one item of a reasons list: its name and its count.
type reason struct{ name, n string }

// flowJSON is what Check needs of `winnow prisma --json`.
type flowJSON struct {
	counts  map[string]json.Number
	kinds   []string
	reasons map[string][]reason // dbr_excluded, other_excluded
}

// The counts the reader prints that are the flow's own, unchanged.
var plainCounts = []string{
	"database_results", "register_results", "duplicates", "excluded_automatic", "excluded_other",
	"records_screened", "records_excluded", "dbr_sought_reports", "dbr_notretrieved_reports", "dbr_assessed",
	"other_sought_reports", "other_notretrieved_reports", "other_assessed",
	"new_studies", "new_reports", "total_studies", "total_reports",
}

// Check compares what the reader of release version printed (out) with
// the flow (flow, as `winnow prisma --json` prints it), the names in the
// file being those of the review changed as renamed says. It returns one
// line per difference, none when the package reads every number as the
// flow has it:
//
//   - each count of the flow; website_results is websites and other
//     sources together (the template has no row for the latter); the
//     other-methods counts are NA when the review has no such sources,
//     and the previous-version counts when both are 0 (the package then
//     leaves those boxes out);
//   - dbr_excluded and other_excluded, reason by reason in the flow's
//     order; with no reasons, the count alone, which 1.1.4 reads as an
//     item with no name and 1.1.1 as one named by the number.
func Check(version, out string, flow []byte, renamed []Renamed) []string {
	f, err := parseFlow(flow)
	if err != nil {
		return []string{err.Error()}
	}
	got, gotReasons, diffs := parseOutput(out)

	want := map[string]string{}
	for _, k := range plainCounts {
		want[k] = f.count(k)
	}
	right := false
	for _, k := range f.kinds {
		right = right || (k != "database" && k != "register")
	}
	for _, k := range []string{"website_results", "organisation_results", "citations_results", "other_results"} {
		right = right || f.count(k) != "0"
	}
	want["website_results"], want["organisation_results"], want["citations_results"] = "NA", "NA", "NA"
	if right {
		web, _ := f.counts["website_results"].Int64()
		other, _ := f.counts["other_results"].Int64()
		want["website_results"] = strconv.FormatInt(web+other, 10)
		want["organisation_results"] = f.count("organisation_results")
		want["citations_results"] = f.count("citations_results")
	}
	want["previous_studies"], want["previous_reports"] = "NA", "NA"
	if f.count("previous_studies") != "0" || f.count("previous_reports") != "0" {
		want["previous_studies"], want["previous_reports"] = f.count("previous_studies"), f.count("previous_reports")
	}

	for k, w := range want {
		if g, ok := got[k]; !ok {
			diffs = append(diffs, fmt.Sprintf("%s: the reader gives nothing, the flow %s", k, w))
		} else if g != w {
			diffs = append(diffs, fmt.Sprintf("%s: the reader gives %s, the flow %s", k, g, w))
		}
	}
	for k, g := range got {
		if _, ok := want[k]; !ok {
			diffs = append(diffs, fmt.Sprintf("%s=%s: not a count of the flow", k, g))
		}
	}

	for _, row := range []string{"dbr_excluded", "other_excluded"} {
		var wantReasons []reason
		for _, r := range f.reasons[row] {
			name := r.name
			for _, x := range renamed {
				if x.Row == row && x.From == name {
					name = x.To
				}
			}
			wantReasons = append(wantReasons, reason{name, r.n})
		}
		if len(wantReasons) == 0 {
			name := ""
			if version == "1.1.1" {
				name = f.count(row)
			}
			wantReasons = []reason{{name, f.count(row)}}
		}
		if fmt.Sprint(gotReasons[row]) != fmt.Sprint(wantReasons) {
			diffs = append(diffs, fmt.Sprintf("%s: the reader gives %s, the flow %s", row, showReasons(gotReasons[row]), showReasons(wantReasons)))
		}
		delete(gotReasons, row)
	}
	for row, rs := range gotReasons {
		diffs = append(diffs, fmt.Sprintf("%s: not a list of the flow: %s", row, showReasons(rs)))
	}
	return diffs
}

func showReasons(rs []reason) string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = fmt.Sprintf("%q=%s", r.name, r.n)
	}
	return "[" + strings.Join(parts, " ") + "]"
}

var reasonLine = regexp.MustCompile(`^(\w+)\[(.*)\]=(.*)$`)

// parseOutput reads the reader's key=value lines, and its
// row[name]=n lines into lists in their order.
func parseOutput(out string) (map[string]string, map[string][]reason, []string) {
	counts, reasons := map[string]string{}, map[string][]reason{}
	var bad []string
	for _, line := range strings.Split(strings.TrimRight(out, "\n"), "\n") {
		if line == "" {
			continue
		}
		if m := reasonLine.FindStringSubmatch(line); m != nil {
			reasons[m[1]] = append(reasons[m[1]], reason{m[2], m[3]})
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			bad = append(bad, fmt.Sprintf("the reader printed %q", line))
			continue
		}
		if _, dup := counts[k]; dup {
			bad = append(bad, fmt.Sprintf("%s: the reader printed it twice", k))
		}
		counts[k] = v
	}
	return counts, reasons, bad
}

func (f *flowJSON) count(k string) string {
	if n, ok := f.counts[k]; ok {
		return n.String()
	}
	return "0"
}

// parseFlow reads what Check needs of the JSON flow, keeping the order of
// the reasons, which the file keeps too.
func parseFlow(b []byte) (*flowJSON, error) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, fmt.Errorf("prismaread: the flow JSON: %w", err)
	}
	f := &flowJSON{counts: map[string]json.Number{}, reasons: map[string][]reason{}}
	for k, v := range raw {
		var n json.Number
		if json.Unmarshal(v, &n) == nil {
			f.counts[k] = n
		}
	}
	var sources []struct{ Kind string }
	if err := json.Unmarshal(raw["sources"], &sources); err != nil {
		return nil, fmt.Errorf("prismaread: the flow's sources: %w", err)
	}
	for _, s := range sources {
		f.kinds = append(f.kinds, s.Kind)
	}
	for _, row := range []string{"dbr_excluded", "other_excluded"} {
		v, ok := raw[row+"_reasons"]
		if !ok || string(v) == "null" {
			continue
		}
		dec := json.NewDecoder(bytes.NewReader(v))
		dec.UseNumber()
		if t, err := dec.Token(); err != nil || t != json.Delim('{') {
			return nil, fmt.Errorf("prismaread: %s_reasons is not an object", row)
		}
		for dec.More() {
			t, err := dec.Token()
			if err != nil {
				return nil, fmt.Errorf("prismaread: %s_reasons: %w", row, err)
			}
			var n json.Number
			if err := dec.Decode(&n); err != nil {
				return nil, fmt.Errorf("prismaread: %s_reasons: %w", row, err)
			}
			f.reasons[row] = append(f.reasons[row], reason{t.(string), n.String()})
		}
	}
	return f, nil
}

func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", os.ErrNotExist
		}
		dir = parent
	}
}
