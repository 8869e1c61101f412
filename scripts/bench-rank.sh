#!/usr/bin/env bash
# Prioritised screening, measured beside ASReview LAB 2's default model
# (ELAS u4, re-implemented by ../shared/tools/elas-anchor) on the labelled
# reviews of ../shared/corpus/screening (or $WINNOW_CORPUS/screening).
#
#   ./scripts/bench-rank.sh              # the leave-one-out table, speed and stopping
#   ONLY=loo ./scripts/bench-rank.sh     # the table alone
#   ONLY=speed ./scripts/bench-rank.sh   # retrain + re-rank and key presses at 100,000 records
#   WORK=/tmp/rank-bench ./scripts/bench-rank.sh   # keep (and reuse) elas-anchor's runs
#   OUTSIDE=DIR ./scripts/bench-rank.sh  # also winnow's default beside ELAS u4 on more labelled
#                                        # reviews (DIR/<review>/records.csv, e.g. from
#                                        # ./scripts/extra-reviews.sh D, then DIR=D/screening)
#   WINNOW_CORPUS=D/pool ./scripts/bench-rank.sh   # the leave-one-out over the six and those
#                                        # 18, by which the default was chosen
#
# 1. Each review is reduced as the published runs were, by elas-anchor's
#    reduce_abstracts.py (records without an abstract and repeated
#    abstracts dropped), and replayed by elas-anchor (ELAS u4, 5 seeds, one
#    include and one exclude drawn per seed as prior knowledge, winnow's
#    batch schedule) unless $WORK/elas/<review>/summary.json is there
#    already. It needs Debian's scikit-learn: apt-get install -y python3-sklearn.
# 2. scripts/rankgrid replays every candidate ranker on every review from
#    the same prior records as elas-anchor (figures cached in
#    $WORK/grid.json), then for each review picks the candidate best on the
#    other reviews (mean of WSS@95 and 1 - loss) and prints its figures on
#    the held-out review beside ELAS u4's: the leave-one-out table.
# 3. `winnow simulate` with its default ranker on every reduced review
#    (5 seeds), timed right after that review's elas-anchor run, with both
#    tools' wall and CPU seconds and their ratios (a review whose
#    elas-anchor run is cached in $WORK says so on its row), and where the
#    buscar stopping rule would have stopped each seed and the recall there.
set -euo pipefail
cd "$(dirname "$0")/.."
ONLY="${ONLY:-all}"
CORPUS="${WINNOW_CORPUS:-../shared/corpus}/screening"
ANCHOR="${ELAS_ANCHOR:-../shared/tools/elas-anchor}"
SEEDS="${SEEDS:-5}"
if [ -z "${WORK:-}" ]; then
	WORK=$(mktemp -d)
	trap 'rm -rf "$WORK"' EXIT
fi
mkdir -p "$WORK/elas" "$WORK/sim"
PY=/usr/bin/python3

if [ "$ONLY" = all ] || [ "$ONLY" = loo ]; then
	if ! $PY -c 'import sklearn' 2>/dev/null; then
		echo "elas-anchor needs scikit-learn: apt-get install -y python3-sklearn" >&2
		exit 1
	fi
	go build -o "$WORK/winnow" ./cmd/winnow
	go build -o "$WORK/rankgrid" ./scripts/rankgrid
	# labelled DIR: the reviews under DIR (folders with a records.csv),
	# each reduced into $WORK once; their names in the array "found".
	labelled() {
		found=()
		for dir in "$1"/*/; do
			[ -f "$dir/records.csv" ] || continue
			local r
			r=$(basename "$dir")
			found+=("$r")
			[ -f "$WORK/$r.csv" ] || $PY "$ANCHOR/reduce_abstracts.py" "$dir/records.csv" "$WORK/$r.csv" >/dev/null
		done
		if [ ${#found[@]} -eq 0 ]; then
			echo "no labelled reviews under $1" >&2
			exit 1
		fi
	}
	labelled "$CORPUS"
	reviews=("${found[@]}")
	outside=()
	if [ -n "${OUTSIDE:-}" ]; then
		labelled "$OUTSIDE"
		outside=("${found[@]}")
	fi

	# Each review's elas-anchor run (unless cached) and winnow's simulate
	# one right after the other, so that both meet the same load; the
	# speed table is printed after the leave-one-out one.
	echo "== elas-anchor (ELAS u4), $SEEDS seeds, each followed by winnow simulate on the same review (\"cached\": elas-anchor's run is an earlier one kept in \$WORK, not beside this one)"
	declare -A when load
	for r in "${reviews[@]}" "${outside[@]}"; do
		when[$r]=now
		if [ ! -f "$WORK/elas/$r/summary.json" ]; then
			$PY "$ANCHOR/simulate_elas.py" "$WORK/$r.csv" --model elas_u4 --out "$WORK/elas/$r" --seeds "$SEEDS" >/dev/null
		else
			when[$r]=cached
		fi
		/usr/bin/time -f '%e %U %S' -o "$WORK/sim/$r.time" "$WORK/winnow" simulate "$WORK/$r.csv" --seeds "$SEEDS" --json >"$WORK/sim/$r.json"
		load[$r]=$(cut -d' ' -f1 /proc/loadavg)
		$PY -c 'import json,sys; s=json.load(open(sys.argv[1])); print("%-24s WSS@95 %.3f loss %.3f  %6.1f s wall %6.1f s CPU  %s" % (sys.argv[2], s["mean"]["wss_95"], s["mean"]["loss"], s["seconds_wall"], s["seconds_cpu"], sys.argv[3]))' "$WORK/elas/$r/summary.json" "$r" "${when[$r]}"
	done
	echo

	echo "== candidates, and the leave-one-review-out choice"
	"$WORK/rankgrid" -corpus "$CORPUS" ${OUTSIDE:+-outside "$OUTSIDE"} -elas "$WORK/elas" -cache "$WORK/grid.json" -seeds "$SEEDS"
	echo

	echo "== winnow simulate (default ranker, $SEEDS seeds) beside elas-anchor, and the buscar stopping rule (recall 0.95, alpha 0.05)"
	echo "   wall x, CPU x: elas-anchor's seconds over winnow's (target 10, ! below it); CPU = user + system; winnow ran right after elas-anchor on"
	echo "   the same review (elas \"now\") or after an earlier run's figures were read (\"cached\"); load: 1-minute load average after winnow's run"
	printf '%-24s %7s %7s %9s %9s %7s %7s %-6s %5s  %s\n' review "wall s" "CPU s" "ELAS wall" "ELAS CPU" "wall x" "CPU x" elas load "stopping: seeds with recall >= 0.95 there; per seed screened/recall/work saved"
	tw=0; tc=0; ew=0; ec=0
	for r in "${reviews[@]}" "${outside[@]}"; do
		read -r wall user sys <"$WORK/sim/$r.time"
		$PY - "$WORK/sim/$r.json" "$WORK/elas/$r/summary.json" "$r" "$wall" "$user" "$sys" "${when[$r]}" "${load[$r]}" <<'EOF'
import json, sys
sim, elas = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
wall, cpu = float(sys.argv[4]), float(sys.argv[5]) + float(sys.argv[6])
stops = " ".join("%d/%.2f/%.2f" % (s["stop"]["screened"], s["stop"]["recall"], s["stop"]["work_saved"]) for s in sim["seeds"])
rw = elas["seconds_wall"] / wall if wall > 0 else float("inf")
rc = elas["seconds_cpu"] / cpu if cpu > 0 else float("inf")
mark = lambda x: " " if x >= 10 else "!"
print("%-24s %7.1f %7.1f %9.1f %9.1f %6.1f%s %6.1f%s %-6s %5s  %d of %d: %s" % (sys.argv[3], wall, cpu, elas["seconds_wall"], elas["seconds_cpu"],
      rw, mark(rw), rc, mark(rc), sys.argv[7], sys.argv[8], sim["stop_reached"], len(sim["seeds"]), stops))
EOF
		tw=$(echo "$tw + $wall" | bc); tc=$(echo "$tc + $user + $sys" | bc)
		ew=$(echo "$ew + $($PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["seconds_wall"])' "$WORK/elas/$r/summary.json")" | bc)
		ec=$(echo "$ec + $($PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["seconds_cpu"])' "$WORK/elas/$r/summary.json")" | bc)
	done
	printf '%-24s %7.1f %7.1f %9.1f %9.1f %6.1f  %6.1f\n' all "$tw" "$tc" "$ew" "$ec" \
		"$(echo "$ew / $tw" | bc -l)" "$(echo "$ec / $tc" | bc -l)"
	uptime
	echo
fi

if [ "$ONLY" = all ] || [ "$ONLY" = speed ]; then
	echo "== retrain + re-rank with ${WINNOW_BENCH_N:-100000} records (the default ranker), and building the vectors once"
	go test -run '^$' -bench 'NewCorpus|RetrainRank' -benchtime 3x -benchmem ./review/rank/ | grep '^Benchmark'
	echo
	echo "== key presses at 100,000 records: in record order (no ranking), and in prioritised order"
	echo "   pressed without waiting, so that nearly every press comes while the ranking is retrained (PrioritisedBusy)"
	WINNOW_BENCH_N=100000 go test -run '^$' -bench 'KeyPress$|PrioritisedBusy' -benchtime 300x ./review/screening/ | grep '^Benchmark'
fi
