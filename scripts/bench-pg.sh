#!/usr/bin/env bash
# PostgreSQL against SQLite on loopback, for the PostgreSQL issue's targets:
#
#   1. importing N RIS records (default 100,000) takes at most 2x as long on
#      PostgreSQL as on SQLite (BenchmarkImport/ris/{sqlite,postgres},
#      COUNT runs each, a new database each run);
#   2. a key press to the next record takes at most 20 ms at the 99th
#      percentile on PostgreSQL (BenchmarkKeyPress/{sqlite,postgres},
#      PRESSES decisions, on reviews of N records in which two screeners
#      decided the first tenth).
#
#   ./scripts/bench-pg.sh            # N=100000 COUNT=3 PRESSES=3000
#
# It runs on WINNOW_TEST_PG's server when that is set; otherwise it starts a
# throwaway cluster with scripts/pg-cluster.sh in a temporary folder (on the
# first free port from PORT, default 54339) and stops and removes it at the
# end. The benchmark reviews are kept between runs: the SQLite one in
# $TMPDIR, the PostgreSQL one in the database winnow_bench_N_N/10 (so a
# throwaway cluster builds it each time, a couple of minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
N="${N:-100000}"
COUNT="${COUNT:-3}"
PRESSES="${PRESSES:-3000}"
out=$(mktemp -d)
cluster=""
cleanup() {
	if [[ -n "$cluster" ]]; then
		scripts/pg-cluster.sh stop "$cluster" || true
		rm -rf "$cluster"
	fi
	rm -rf "$out"
}
trap cleanup EXIT

if [[ -z "${WINNOW_TEST_PG:-}" ]]; then
	port="${PORT:-54339}"
	while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
		port=$((port + 1))
	done
	cluster=$(mktemp -d -t winnow-pg.XXXXXX)
	WINNOW_TEST_PG=$(scripts/pg-cluster.sh start "$cluster" "$port")
	echo "== throwaway PostgreSQL cluster in $cluster: $WINNOW_TEST_PG"
else
	echo "== PostgreSQL server: $WINNOW_TEST_PG"
fi
export WINNOW_TEST_PG
export WINNOW_BENCH_N="$N" WINNOW_BENCH_PG_N="$N"

echo "== import of $N RIS records (count=$COUNT)"
go test -timeout 2h -run '^$' -bench '^BenchmarkImport$/^ris$' -benchtime 1x -count "$COUNT" ./review/importer/ | tee "$out/import.txt"

echo "== key press to next record, $PRESSES decisions on a review of $N records"
go test -timeout 2h -run '^$' -bench '^BenchmarkKeyPress$' -benchtime "${PRESSES}x" ./review/screening/ | tee "$out/keypress.txt"

echo "== summary"
awk '
  /^BenchmarkImport\/ris\/sqlite/   { s += $3; ns++ }
  /^BenchmarkImport\/ris\/postgres/ { p += $3; np++ }
  END {
    if (!ns || !np) { print "import: missing figures"; exit 1 }
    s /= ns * 1e9; p /= np * 1e9
    printf "import of '"$N"' RIS records: sqlite %.2f s, postgres %.2f s, ratio %.2fx (target <= 2x: %s)\n", s, p, p/s, (p/s <= 2 ? "met" : "NOT met")
  }' "$out/import.txt"
awk '
  /^BenchmarkKeyPress\// {
    name = $1; sub(/^BenchmarkKeyPress\//, "", name); sub(/-[0-9]+$/, "", name)
    for (i = 4; i < NF; i++) {
      if ($(i+1) == "p99-ms") p99 = $i
      if ($(i+1) == "p50-ms") p50 = $i
      if ($(i+1) == "records") n = $i
    }
    line = sprintf("key press on %s (%d records): p99 %.2f ms, p50 %.2f ms", name, n, p99, p50)
    if (name == "postgres") line = line sprintf(" (target p99 <= 20 ms: %s)", (p99 <= 20 ? "met" : "NOT met"))
    print line; seen[name] = 1
  }
  END { if (!seen["sqlite"] || !seen["postgres"]) { print "key press: missing figures"; exit 1 } }' "$out/keypress.txt"
