#!/usr/bin/env bash
# The one command that runs winnow's tests (CI runs exactly this).
# Tests on real exports read ../shared/corpus (or $WINNOW_CORPUS) and skip,
# saying so, when it is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
export CGO_ENABLED="${CGO_ENABLED:-0}"
go vet ./...
go test ./...
# The BibTeX wrapper guards a library that keeps its parser state in
# globals, and a prioritised screening session reranks its queue from a
# goroutine while the screen reads it: only the race detector sees a
# missing lock. It needs cgo.
if command -v gcc >/dev/null 2>&1; then
  CGO_ENABLED=1 go test -race ./review/formats/bibtex/
  CGO_ENABLED=1 go test -race -run 'Prioritised' ./review/screening/
fi
