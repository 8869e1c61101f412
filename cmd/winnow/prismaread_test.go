package main

import (
	"strings"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/winnow-review/winnow/internal/prismaread"
)

// cmdPrisma2020Read runs the PRISMA2020 package's own reader of release
// VERSION on a CSV winnow wrote, leaves what it printed in stdout, and
// checks every number against the flow `winnow prisma --json` gave (saved
// in FLOW), the names being those the stderr of `prisma --csv` (saved in
// ERR) says it changed: prisma2020read VERSION CSV FLOW ERR. A file the
// reader must refuse is checked with `! exec $PRISMA2020READ`.
func cmdPrisma2020Read(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("prisma2020read cannot be negated: use ! exec $PRISMA2020READ --version VERSION CSV")
	}
	if len(args) != 4 {
		ts.Fatalf("usage: prisma2020read VERSION CSV FLOW.json CSV.stderr")
	}
	ts.Check(ts.Exec(ts.Getenv("PRISMA2020READ"), "--version", args[0], ts.MkAbs(args[1])))
	renamed, err := prismaread.ParseRenames(ts.ReadFile(args[3]))
	ts.Check(err)
	if diffs := prismaread.Check(args[0], ts.ReadFile("stdout"), []byte(ts.ReadFile(args[2])), renamed); len(diffs) > 0 {
		ts.Fatalf("the PRISMA2020 %s reader does not read %s as the flow is:\n%s", args[0], args[1], strings.Join(diffs, "\n"))
	}
}
