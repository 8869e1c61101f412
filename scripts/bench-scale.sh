#!/usr/bin/env bash
# Scale, measured in one run, each figure beside its target (issue 22):
#
#   1. accuracy: dedup on the realistic synthetic review (and its update)
#      scored against its truth, beside the labelled real datasets of
#      ../shared/corpus/dedup (go test -run 'PipelineSynthetic|PipelineCorpus');
#   2. `winnow dedup` of a fresh review of N records (default 100,000;
#      target 10 s, 300 MiB) and of BIG records (default 1,000,000; target
#      3 minutes, 1 GiB);
#   3. `winnow dedup` after the searches of the deduplicated BIG review were
#      re-run and their UPDATE records (default 5,000) imported: only the
#      new records are compared (target 5 s);
#   4. the prioritised screen on the realistic synthetic review of BIG
#      records, deduplicated: opened, ranked and retrained 20 times (target
#      1 GiB peak); with BENCHREVIEW=1 also on internal/benchreview's
#      review of BIG records, whose abstracts are drawn from 70 words;
#   5. `winnow copy` of the BIG review into PostgreSQL against the import
#      of the same exports into PostgreSQL (target 2 x).
#
#   ./scripts/bench-scale.sh                      # everything (an hour or more on 2 cores)
#   ONLY="dedup update" ./scripts/bench-scale.sh  # some parts: accuracy dedup update screen copy
#   N=100000 BIG=1000000 UPDATE=5000 RUNS=1 BENCHREVIEW=
#
# The reviews come from internal/synth (go run ./internal/synth/gen
# -review DIR -n N): MEDLINE, Embase (Ovid RIS), Web of Science, Scopus
# (BibTeX) and CINAHL (CSV) exports of the same works, a quarter of the
# records duplicates, with errata and conference abstracts that are not.
# They and the reviews imported from them are written once under
# $WINNOW_SCALE_DIR (default $TMPDIR, where the Go benchmarks keep the same
# reviews: winnow-bench-synth-N, winnow-bench-synth-N.db) and kept:
# importing a million records takes minutes. Each dedup run works on a
# fresh copy.
#
# Times are wall clock, with the process's user and system CPU beside them;
# peak memory is the process's own maximum resident set (getrusage, read by
# internal/synth/peakrss). The machine is shared: when its load is high the
# wall times are upper bounds, and the CPU times tell more. The load average
# is printed before each measurement.
#
# PostgreSQL: WINNOW_TEST_PG's server, or a throwaway cluster started with
# scripts/pg-cluster.sh (fsync on) and removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
N="${N:-100000}"
BIG="${BIG:-1000000}"
UPDATE="${UPDATE:-5000}"
RUNS="${RUNS:-1}"
ONLY="${ONLY:-accuracy dedup update screen copy}"
SCALE="${WINNOW_SCALE_DIR:-${TMPDIR:-/tmp}}"
mkdir -p "$SCALE"
out=$(mktemp -d)
cluster=""
cleanup() {
	if [[ -n "$cluster" ]]; then
		scripts/pg-cluster.sh stop "$cluster" >/dev/null 2>&1 || true
		rm -rf "$cluster"
	fi
	rm -rf "$out"
}
trap cleanup EXIT
want() { [[ " $ONLY " == *" $1 "* ]]; }
load() { echo "   (load average: $(cut -d' ' -f1-3 /proc/loadavg))"; }
summary=()
row() { summary+=("$(printf '%s\t%s\t%s' "$1" "$2" "$3")"); }

go build -o "$out/winnow" ./cmd/winnow
go build -o "$out/peakrss" ./internal/synth/peakrss
go build -o "$out/gen" ./internal/synth/gen
W="$out/winnow"

# The five exports of a review folder, with the names they are imported
# under; suffix "-update" for an update's.
files() {
	local s="$1"
	printf '%s\n' "medline$s.nbib|MEDLINE" "embase$s.ris|Embase" "wos$s.txt|Web of Science" "scopus$s.bib|Scopus" "cinahl$s.csv|CINAHL"
}
import_all() { # DB DIR SUFFIX
	local f src
	while IFS='|' read -r f src; do
		"$W" --db "$1" --reviewer bench import "$2/$f" --source "$src" --kind database >/dev/null 2>"$out/import.err" || { cat "$out/import.err"; return 1; }
	done < <(files "$3")
}
review_dir() { # N
	local d="$SCALE/winnow-bench-synth-$1"
	if [[ ! -f "$d/synth.json" ]]; then
		rm -rf "$d" "$d.tmp"
		"$out/gen" -review "$d.tmp" -n "$1" 2>&1 | head -1 >&2
		mv "$d.tmp" "$d"
	fi
	echo "$d"
}
update_dir() { # N UPDATE
	local base d
	base=$(review_dir "$1")
	d="$base/update-$2"
	if [[ ! -f "$d/synth.json" ]]; then
		rm -rf "$d" "$d.tmp"
		"$out/gen" -update "$d.tmp" -base "$base" -n "$2" 2>&1 | head -1 >&2
		mv "$d.tmp" "$d"
	fi
	echo "$d"
}
imported_db() { # N: the review imported, not deduplicated
	local db="$SCALE/winnow-bench-synth-$1.db" d
	if [[ ! -f "$db" ]]; then
		d=$(review_dir "$1")
		echo "   importing the synthetic review of $1 records (once; kept in $db)" >&2
		rm -f "$db.tmp"*
		"$W" --db "$db.tmp" init >/dev/null 2>&1
		import_all "$db.tmp" "$d" "" >&2
		mv "$db.tmp" "$db"
	fi
	echo "$db"
}
# peak: run a command under peakrss; sets wall, cpu, rss from its line.
peak() {
	"$out/peakrss" -- "$@" 2>"$out/peak.err" >"$out/peak.out" || { cat "$out/peak.err" "$out/peak.out"; return 1; }
	local line
	line=$(grep '^peakrss:' "$out/peak.err")
	grep -v '^peakrss:' "$out/peak.err" | sed 's/^/   /' || true
	wall=$(awk '{print $3}' <<<"$line" | tr -d s)
	cpu=$(awk '{u=$5; s=$7; gsub("s","",u); gsub("s","",s); printf "%.1f", u+s}' <<<"$line")
	rss=$(awk '{print $9}' <<<"$line")
	echo "   $line"
}
ok() { awk -v a="$1" -v b="$2" 'BEGIN { print (a + 0 <= b + 0) ? "met" : "NOT met" }'; }

if want accuracy; then
	echo "== 1. accuracy: the synthetic review and its update against their truth, and the real datasets (dedup-score)"
	load
	WINNOW_SYNTH_N=20000 go test -count 1 -timeout 1h -v -run 'TestPipelineSynthetic$|TestPipelineCorpus$' ./review/dedup/ >"$out/acc.txt" 2>&1 || { cat "$out/acc.txt"; exit 1; }
	grep -E '^\s+(\||synthetic review)' "$out/acc.txt" | sed 's/^ *//'
	fl=$(grep -E '^\s+\| (review|review \+ update|all) ' "$out/acc.txt" | awk -F'|' '{s += $6} END {print s + 0}')
	row "false links (synthetic review and update; every real dataset)" "$fl" "0"
fi

if want dedup; then
	for n in "$N" "$BIG"; do
		[[ "$n" == 0 ]] && continue
		echo "== 2. winnow dedup of a fresh review of $n records"
		db=$(imported_db "$n")
		target_t=10; target_m=300
		if [[ "$n" -ge 1000000 ]]; then target_t=180; target_m=1024; fi
		for ((i = 1; i <= RUNS; i++)); do
			cp "$db" "$out/work.db"
			load
			peak "$W" --db "$out/work.db" --reviewer bench dedup
		done
		row "dedup of $n records: time (s; CPU $cpu s)" "$wall" "≤ $target_t ($(ok "$wall" "$target_t"))"
		row "dedup of $n records: peak memory (MiB)" "$rss" "< $target_m ($(ok "$rss" "$target_m"))"
		if [[ "$n" == "$BIG" ]]; then
			mv "$out/work.db" "$SCALE/winnow-bench-synth-$n-deduplicated.db"
		fi
		rm -f "$out/work.db"*
	done
fi

if want update; then
	echo "== 3. winnow dedup after $UPDATE records of re-run searches are imported into the deduplicated review of $BIG"
	base="$SCALE/winnow-bench-synth-$BIG-deduplicated.db"
	if [[ ! -f "$base" ]]; then
		cp "$(imported_db "$BIG")" "$out/work.db"
		"$W" --db "$out/work.db" --reviewer bench dedup 2>/dev/null
		mv "$out/work.db" "$base"
	fi
	u=$(update_dir "$BIG" "$UPDATE")
	for ((i = 1; i <= RUNS; i++)); do
		cp "$base" "$out/upd.db"
		import_all "$out/upd.db" "$u" "-update"
		load
		peak "$W" --db "$out/upd.db" --reviewer bench dedup
		rm -f "$out/upd.db"*
	done
	row "dedup of $UPDATE new records against $BIG: time (s; CPU $cpu s)" "$wall" "≤ 5 ($(ok "$wall" 5))"
	row "dedup of $UPDATE new records against $BIG: peak memory (MiB)" "$rss" "< 1024 ($(ok "$rss" 1024))"
fi

if want screen; then
	echo "== 4. the prioritised screen on the realistic synthetic review of $BIG records, deduplicated (BenchmarkPrioritisedReview, 20 decisions)"
	base="$SCALE/winnow-bench-synth-$BIG-deduplicated.db"
	if [[ ! -f "$base" ]]; then
		cp "$(imported_db "$BIG")" "$out/work.db"
		"$W" --db "$out/work.db" --reviewer bench dedup 2>/dev/null
		mv "$out/work.db" "$base"
	fi
	# A copy: the benchmark adds the screener "bench", who includes and
	# excludes a record before the prioritised screen opens, then decides
	# 20 more, each retraining the model. It is compiled first, so that
	# the measured process only screens.
	cp "$base" "$out/screen.db"
	go test -c -o "$out/screening.test" ./review/screening/
	load
	WINNOW_BENCH_REVIEW="$out/screen.db" "$out/screening.test" -test.run '^$' -test.bench '^BenchmarkPrioritisedReview$' -test.benchtime 20x -test.timeout 2h | tee "$out/screen.txt" | grep '^Benchmark'
	rm -f "$out/screen.db"*
	metric() { awk -v m="$2" '$1 ~ "^"b { for (i = 1; i < NF; i++) if ($(i+1) == m) print $i }' b="$1" "$out/screen.txt"; }
	prss=$(metric BenchmarkPrioritisedReview peak-rss-MiB)
	ranked=$(awk -v v="$(metric BenchmarkPrioritisedReview ranked-ms)" 'BEGIN { printf "%.0f", v / 1000 }')
	retrain=$(metric BenchmarkPrioritisedReview retrain-p99-ms)
	cpu=$(metric BenchmarkPrioritisedReview cpu-s)
	queue=$(metric BenchmarkPrioritisedReview queue)
	row "prioritised screen, realistic review of $BIG ($queue to screen): peak memory (MiB; first ranking ${ranked} s, retrain p99 ${retrain} ms, CPU ${cpu} s)" "$prss" "< 1024 ($(ok "$prss" 1024))"
	if [[ -n "${BENCHREVIEW:-}" ]]; then
		echo "== 4b. the same on internal/benchreview's review of $BIG records (abstracts of 70 words; BenchmarkPrioritised)"
		# Built (once, kept in $TMPDIR) by a run of its own.
		WINNOW_BENCH_N="$BIG" go test -timeout 3h -run '^$' -bench '^BenchmarkStatus$' -benchtime 1x ./review/screening/ >/dev/null
		load
		WINNOW_BENCH_N="$BIG" "$out/screening.test" -test.run '^$' -test.bench '^BenchmarkPrioritised$' -test.benchtime 20x -test.timeout 2h | tee "$out/screen.txt" | grep '^Benchmark'
		prss=$(metric 'BenchmarkPrioritised-' peak-rss-MiB)
		ranked=$(awk -v v="$(metric 'BenchmarkPrioritised-' ranked-ms)" 'BEGIN { printf "%.0f", v / 1000 }')
		row "prioritised screen, benchmark review of $BIG (70-word abstracts): peak memory (MiB; first ranking ${ranked} s)" "$prss" "< 1024 ($(ok "$prss" 1024))"
	fi
fi

if want copy; then
	echo "== 5. winnow copy of the review of $BIG records into PostgreSQL, against importing its exports into PostgreSQL"
	if [[ -z "${WINNOW_TEST_PG:-}" ]]; then
		port="${PORT:-54349}"
		while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
		cluster=$(mktemp -d -t winnow-pg.XXXXXX)
		WINNOW_TEST_PG=$(scripts/pg-cluster.sh start "$cluster" "$port")
		echo "   throwaway PostgreSQL cluster in $cluster"
	fi
	pgdb() { sed -E "s#/[^/?]*(\?|$)#/$1\1#" <<<"$WINNOW_TEST_PG"; }
	dropdb() { psql "$WINNOW_TEST_PG" -qc "DROP DATABASE IF EXISTS $1" >/dev/null 2>&1 || true; }
	d=$(review_dir "$BIG")
	src="$SCALE/winnow-bench-synth-$BIG-deduplicated.db"
	[[ -f "$src" ]] || src=$(imported_db "$BIG")
	dropdb winnow_scale_import
	"$W" --db "$(pgdb winnow_scale_import)" init >/dev/null 2>&1
	load
	start=$(date +%s.%N)
	import_all "$(pgdb winnow_scale_import)" "$d" ""
	imp=$(echo "$(date +%s.%N) - $start" | bc)
	echo "   import of the five exports into PostgreSQL: $imp s"
	dropdb winnow_scale_import
	dropdb winnow_scale_copy
	load
	peak "$W" --reviewer bench copy --from "$src" --to "$(pgdb winnow_scale_copy)"
	dropdb winnow_scale_copy
	ratio=$(awk -v w="$wall" -v i="$imp" 'BEGIN { printf "%.2f", w / i }')
	row "copy of $BIG records into PostgreSQL (s; import ${imp%.*} s)" "$wall (${ratio} x)" "≤ 2 x import ($(ok "$ratio" 2))"
fi

echo "== summary ($(date -u +%Y-%m-%d), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"
printf 'figure\tmeasured\ttarget\n'
printf '%s\n' "${summary[@]}"
