package review_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestDependencyDirection guards the layout: the domain packages know
// nothing of cobra, the terminal or tables, and only review/store speaks
// SQL (so that a second backend changes nothing above it).
func TestDependencyDirection(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("the go command is not on PATH")
	}
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}}:{{join .Imports " "}}`, "github.com/winnow-review/winnow/review/...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	forbidden := []string{"github.com/spf13/cobra", "charm.land/", "github.com/charmbracelet/", "github.com/olekukonko/tablewriter", "github.com/winnow-review/winnow/internal/ui", "golang.org/x/term"}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		pkg, imports, _ := strings.Cut(line, ":")
		for _, imp := range strings.Fields(imports) {
			for _, f := range forbidden {
				if strings.HasPrefix(imp, f) {
					t.Errorf("%s imports %s: the domain must not know the terminal or the command line", pkg, imp)
				}
			}
			if (imp == "database/sql" || strings.HasPrefix(imp, "modernc.org/sqlite")) && !strings.HasSuffix(pkg, "/review/store") {
				t.Errorf("%s imports %s: only review/store speaks SQL", pkg, imp)
			}
		}
	}
}
