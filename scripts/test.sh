#!/usr/bin/env bash
# The one command that runs winnow's tests (CI runs exactly this).
# Tests on real exports read ../shared/corpus (or $WINNOW_CORPUS) and skip,
# saying so, when it is absent.
#
# Every test that keeps a review runs on SQLite and again on PostgreSQL.
# The PostgreSQL server is $WINNOW_TEST_PG when set (a postgres:// URL of a
# user who may create databases); otherwise, when PostgreSQL is installed
# (Debian's postgresql package), a throwaway cluster started here on
# loopback and removed at the end; otherwise the PostgreSQL suite is
# skipped, and this says so.
set -euo pipefail
cd "$(dirname "$0")/.."
export CGO_ENABLED="${CGO_ENABLED:-0}"

if [ -z "${WINNOW_TEST_PG:-}" ] && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  pgdir=$(mktemp -d)
  chmod 755 "$pgdir"
  port=55432
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  cleanup() { ./scripts/pg-cluster.sh stop "$pgdir" || true; rm -rf "$pgdir"; }
  trap cleanup EXIT
  WINNOW_TEST_PG=$(./scripts/pg-cluster.sh start "$pgdir" "$port" fast)
  export WINNOW_TEST_PG
fi
if [ -n "${WINNOW_TEST_PG:-}" ]; then
  echo "PostgreSQL suite: on ${WINNOW_TEST_PG}" >&2
else
  echo "PostgreSQL suite skipped: PostgreSQL is not installed and WINNOW_TEST_PG is not set (see docs/testing.md)" >&2
fi

# Tests wait for what they need, never for a time; go test's own limit
# (10 minutes a package) only stops a test that hangs, and a busy machine
# can take longer than that over a whole package: give it an hour.
go vet ./...
go test -timeout 60m ./...
# The BibTeX wrapper guards a library that keeps its parser state in
# globals, and a prioritised screening session reranks its queue from a
# goroutine while the screen reads it: only the race detector sees a
# missing lock. It needs cgo.
if command -v gcc >/dev/null 2>&1; then
  CGO_ENABLED=1 go test -timeout 60m -race ./review/formats/bibtex/
  CGO_ENABLED=1 go test -timeout 60m -race -run 'Prioritised' ./review/screening/
fi
