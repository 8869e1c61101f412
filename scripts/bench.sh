#!/usr/bin/env bash
# Import speed and memory, as ratios to floors measured in the same run
# (the machine is shared and noisy, so absolute times drift).
#
#   ./scripts/bench.sh            # 100,000 records; the 1,000,000 memory run too with BIG=1
#
# 1. go test -bench: BenchmarkFloor (six fields, same driver, same FTS5 index
#    and a DOI index, nothing parsed) against BenchmarkImport/{ris,bibtex,medline}.
# 2. The sqlite3 shell (C) doing the floor's work from CSV, when sqlite3 is
#    installed (apt-get install sqlite3).
# 3. Peak memory of the built binary importing 100,000 and (BIG=1) 1,000,000
#    RIS records, read with getrusage by internal/synth/peakrss.
set -euo pipefail
cd "$(dirname "$0")/.."
N="${N:-100000}"
COUNT="${COUNT:-3}"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

echo "== go test -bench (N=$N, count=$COUNT)"
WINNOW_BENCH_N=$N go test -run '^$' -bench 'Floor|Import' -benchtime 1x -count "$COUNT" ./review/importer/ | tee "$out/bench.txt"
awk '
  /^BenchmarkFloor/      { f += $3; nf++ }
  /^BenchmarkImport\/ris\/sqlite/    { r += $3; nr++ }
  /^BenchmarkImport\/bibtex\/sqlite/ { b += $3; nb++ }
  /^BenchmarkImport\/medline\/sqlite/ { m += $3; nm++ }
  END {
    if (!nf || !nr) exit
    f /= nf; r /= nr
    printf "floor %.2fs  ris %.2fs (%.2fx floor)", f/1e9, r/1e9, r/f
    if (nb) printf "  bibtex %.2fs (%.2fx ris)", b/nb/1e9, (b/nb)/r
    if (nm) printf "  medline %.2fs (%.2fx ris)", m/nm/1e9, (m/nm)/r
    printf "\n"
  }' "$out/bench.txt"

go build -o "$out/winnow" ./cmd/winnow
go build -o "$out/peakrss" ./internal/synth/peakrss
go run ./internal/synth/gen -format ris -n "$N" -o "$out/synth.ris"

if command -v sqlite3 >/dev/null 2>&1; then
  echo "== sqlite3 shell floor (C), N=$N"
  go run ./internal/synth/gen -format fields6 -n "$N" -o "$out/fields6.csv"
  for i in 1 2 3; do
    rm -f "$out/shell.db"*
    start=$(date +%s.%N)
    sqlite3 "$out/shell.db" <<SQL
PRAGMA journal_mode=WAL;
PRAGMA synchronous=FULL;
CREATE TABLE records (title TEXT, authors TEXT, year INTEGER, journal TEXT, abstract TEXT, doi TEXT);
CREATE INDEX records_doi ON records (doi);
CREATE VIRTUAL TABLE records_fts USING fts5 (title, abstract, authors, content='records', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2');
BEGIN;
.mode csv
.import $out/fields6.csv records
INSERT INTO records_fts (rowid, title, abstract, authors) SELECT rowid, title, abstract, authors FROM records;
COMMIT;
SQL
    end=$(date +%s.%N)
    echo "sqlite3 shell: $(echo "$end - $start" | bc) s"
  done
fi

echo "== winnow import of $N RIS records: wall time and peak memory"
for i in 1 2; do
  rm -f "$out/r.db"*
  "$out/winnow" --db "$out/r.db" init >/dev/null 2>&1
  "$out/peakrss" -- "$out/winnow" --db "$out/r.db" import "$out/synth.ris" --source S --kind database
done

if [ "${BIG:-0}" = 1 ]; then
  echo "== winnow import of 1,000,000 RIS records: peak memory"
  go run ./internal/synth/gen -format ris -n 1000000 -o "$out/big.ris"
  rm -f "$out/b.db"*
  "$out/winnow" --db "$out/b.db" init >/dev/null 2>&1
  "$out/peakrss" -- "$out/winnow" --db "$out/b.db" import "$out/big.ris" --source S --kind database
fi
