#!/usr/bin/env bash
# Screening speed on a review of N records (default 1,000,000), two
# screeners having decided the first tenth. The review is built once in
# $TMPDIR (a few minutes for a million records) and kept for later runs.
#
#   ./scripts/bench-screen.sh          # N=100000 ./scripts/bench-screen.sh for a quick run
set -euo pipefail
cd "$(dirname "$0")/.."
export WINNOW_BENCH_N="${N:-1000000}"
go test -run '^$' -bench KeyPressToNextRecord -benchtime 3000x ./internal/ui/screen/
go test -run '^$' -bench KeyPress -benchtime 3000x ./review/screening/
go test -run '^$' -bench 'Status|Open' -benchtime 3x ./review/screening/
go test -run '^$' -bench ResolveKeyPress -benchtime 1000x ./review/conflicts/
go test -run '^$' -bench 'Conflicts|Agreement' -benchtime 3x ./review/conflicts/
go test -run '^$' -bench Derive -benchtime 3x ./prisma/
WINNOW_BENCH_N=100000 go test -run '^$' -bench Prioritised -benchtime 200x ./review/screening/
