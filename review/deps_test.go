package review_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// The layering of winnow, in the spirit of go/build's deps_test.go: who
// may import whom. Each rule names an import (a prefix) and the packages
// allowed to import it; a package outside the list that imports it fails
// the test. Tests are not checked (they may reach across layers to set
// things up).
const mod = "github.com/winnow-review/winnow/"

var layering = []struct {
	imports string   // an import path, or a prefix ending in "/"
	only    []string // the packages that may import it (mod-relative; "x/..." a tree)
	why     string
}{
	// Only the store speaks SQL.
	{"database/sql", []string{"review/store"}, "only review/store speaks SQL"},
	{"modernc.org/", []string{"review/store"}, "only review/store knows the SQLite driver"},
	{"github.com/jackc/pgx", []string{"review/store", "internal/storetest", "internal/benchreview"}, "only review/store knows the PostgreSQL driver (and the test helpers that make throwaway databases)"},
	// Only the command layer knows the command line and the terminal.
	{"github.com/spf13/", []string{"cmd/winnow"}, "only cmd/winnow knows cobra and its flags"},
	{mod + "internal/ui", []string{"cmd/winnow", "internal/ui/..."}, "only cmd/winnow (and the screens) prints"},
	{"charm.land/", []string{"internal/ui/...", "cmd/winnow"}, "the terminal screens live in internal/ui; cmd/winnow runs them"},
	{"github.com/charmbracelet/", []string{"internal/ui/..."}, "the terminal screens live in internal/ui"},
	{"github.com/olekukonko/tablewriter", []string{"internal/ui"}, "tables are drawn by internal/ui"},
	{"golang.org/x/term", []string{"internal/ui"}, "the terminal is known to internal/ui"},
	// The domain's layers: uses cases above the store, the store above the
	// pure rules, the readers below all of them.
	{mod + "review/store", []string{"review/...", "charting", "prisma", "cmd/winnow", "internal/ui/...", "internal/benchreview", "internal/storetest", "internal/synth/...", "report"}, "the store is below the use cases"},
	{mod + "review/importer", []string{"cmd/winnow", "internal/benchreview", "internal/synth/...", "internal/ui/uitest"}, "importing is a use case the command calls"},
	{mod + "prisma", []string{"cmd/winnow", "report"}, "the PRISMA flow is read by the command layer only"},
	{mod + "charting", []string{"cmd/winnow", "internal/ui/chartform", "report"}, "charting is a use case the command and its screen call"},
	{mod + "cmd/", nil, "nothing imports the command"},
	{mod + "internal/figure", []string{"prisma", "charting", "cmd/winnow", "internal/figure/...", "internal/prismaread", "review/rank", "report"}, "figures are drawn for prisma, charting and rank (simulate --svg)"},
}

// pure are the packages that hold rules needing no storage: they import no
// other package of winnow but those listed.
var pure = map[string][]string{
	"review":             nil,
	"review/dedup/match": {"review"},
	"review/agreement":   nil,
	"review/formats/...": {"review", "review/formats/..."},
	"review/tabular":     {"review", "review/formats"}, // files decoded as exports are
	"internal/csvcell":   nil,
	"review/rank":        {"review", "internal/figure/font"},
}

func allowed(pkg string, list []string) bool {
	for _, p := range list {
		if tree, ok := strings.CutSuffix(p, "/..."); ok {
			if pkg == tree || strings.HasPrefix(pkg, tree+"/") {
				return true
			}
		} else if pkg == p {
			return true
		}
	}
	return false
}

// TestLayering checks every non-test import of every package of the
// module against the rules above.
func TestLayering(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("the go command is not on PATH")
	}
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}}:{{join .Imports " "}}`, mod+"...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	n := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		full, imports, _ := strings.Cut(line, ":")
		pkg := strings.TrimPrefix(full, mod)
		if strings.HasPrefix(pkg, "scripts/") {
			continue // tools, not winnow
		}
		n++
		for _, imp := range strings.Fields(imports) {
			for _, r := range layering {
				match := imp == r.imports || (strings.HasSuffix(r.imports, "/") && strings.HasPrefix(imp, r.imports)) || strings.HasPrefix(imp, r.imports+"/")
				if match && !allowed(pkg, r.only) && !strings.HasPrefix(pkg, strings.TrimPrefix(r.imports, mod)) {
					t.Errorf("%s imports %s: %s", pkg, imp, r.why)
				}
			}
			for p, may := range pure {
				if !allowed(pkg, []string{p}) || !strings.HasPrefix(imp, mod) {
					continue
				}
				if dep := strings.TrimPrefix(imp, mod); !allowed(dep, may) {
					t.Errorf("%s imports %s: it holds rules that need nothing of winnow but %v", pkg, dep, may)
				}
			}
		}
	}
	if n < 20 {
		t.Errorf("go list saw %d packages: the rules checked nothing", n)
	}
}

// flagInText is a command-line flag ("--reviewer") in a string.
var flagInText = regexp.MustCompile(`(^|[^-\w])--[a-z]`)

// TestNoFlagsInDomain checks that the domain's messages never name the
// command line's flags: an error says what is wrong and names its remedy
// (review.Fix, review.Missing); cmd/winnow words it for its flags. It reads
// every string literal of every non-test Go file of the domain packages.
func TestNoFlagsInDomain(t *testing.T) {
	n := 0
	for _, root := range []string{".", "../prisma", "../charting", "../report"} {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && d.Name() == "testdata" {
				return filepath.SkipDir
			}
			if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return nil
			}
			f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
			if err != nil {
				return err
			}
			n++
			ast.Inspect(f, func(node ast.Node) bool {
				lit, ok := node.(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					return true
				}
				if s, err := strconv.Unquote(lit.Value); err == nil && flagInText.MatchString(s) {
					t.Errorf("%s: %s names a command-line flag: give the error a review.Fix (or a review.Missing) and word it in cmd/winnow/errors.go", path, lit.Value)
				}
				return true
			})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if n < 50 {
		t.Errorf("read %d files: the test checked nothing", n)
	}
}
