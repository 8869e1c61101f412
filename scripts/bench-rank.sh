#!/usr/bin/env bash
# Prioritised screening, measured: accuracy on the labelled reviews of
# ../shared/corpus/screening (or $WINNOW_CORPUS/screening) and speed.
#
#   ./scripts/bench-rank.sh            # everything, about 3 minutes on 2 cores
#   ONLY=accuracy ./scripts/bench-rank.sh
#   ONLY=speed ./scripts/bench-rank.sh
#   ONLY=batches ./scripts/bench-rank.sh   # retraining in batches against after every decision
#
# 1. Accuracy (BenchmarkAccuracy): winnow simulate's defaults (5 seeds, one
#    include and one exclude drawn per seed as prior knowledge) on each
#    whole dataset and on the reduction the published runs used (records
#    without an abstract and repeated abstracts dropped), as a markdown
#    table beside Ferdinands et al. (2023)'s WSS@95, with the seconds each
#    simulation took. Figures leave the prior records out of N, of the
#    inclusions and of the order.
# 2. Batches: simulate's default retrains after every max(1, 1% of the
#    labelled) decisions; on Hall_2012 against retraining after every one.
# 3. Speed: simulate on Hall_2012 (8,911 records, 5 seeds; target 60 s),
#    and retrain + re-rank after one decision with 100,000 synthetic
#    records in the review (target 500 ms; WINNOW_BENCH_N sets the size),
#    with the one-off cost of building the review's vectors.
set -euo pipefail
cd "$(dirname "$0")/.."
ONLY="${ONLY:-all}"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

if [ "$ONLY" = all ] || [ "$ONLY" = accuracy ]; then
	echo "== accuracy (go test -bench Accuracy -benchtime 1x ./review/rank/)"
	go test -run '^$' -bench 'Accuracy' -benchtime 1x -timeout 30m ./review/rank/ >"$out/acc.txt" || {
		cat "$out/acc.txt"
		exit 1
	}
	if ! grep -q '^BenchmarkAccuracy/' "$out/acc.txt"; then
		cat "$out/acc.txt"
		echo "no accuracy figures: is the shared corpus there?" >&2
		exit 1
	fi
	echo
	echo "| dataset | records | N | inclusions | WSS@95 mean (min–max) | WSS@100 | recall@10% | ATD | loss | published WSS@95 | seconds |"
	echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
	awk '
		/^BenchmarkAccuracy\// {
			split($1, p, "/"); name = p[2]; variant = p[3]; sub(/-[0-9]+$/, "", variant)
			delete m
			for (i = 3; i < NF; i++) m[$(i+1)] = $i
			pub = ("published_wss95" in m) ? sprintf("%.1f%%", 100 * m["published_wss95"]) : "–"
			printf "| %s | %s | %d | %d | **%.1f%%** (%.1f–%.1f) | %.1f%% | %.1f%% | %.1f%% | %.3f | %s | %.1f |\n",
				name, variant == "reduced" ? "reduced" : "all", m["records"], m["inclusions"],
				100 * m["wss95"], 100 * m["wss95_min"], 100 * m["wss95_max"], 100 * m["wss100"],
				100 * m["recall10"], 100 * m["atd"], m["loss"], pub, m["ns/op"] / 1e9
		}' "$out/acc.txt"
	echo
fi

if [ "$ONLY" = all ] || [ "$ONLY" = batches ]; then
	echo "== Hall_2012, 5 seeds: retrained after every decision (share=0) and in batches (the default)"
	go test -run '^$' -bench 'Batches' -benchtime 1x ./review/rank/ | grep '^Benchmark'
	echo
fi

if [ "$ONLY" = all ] || [ "$ONLY" = speed ]; then
	echo "== simulate Hall_2012, 5 seeds (target 60 s)"
	go test -run '^$' -bench 'SimulateHall' -benchtime 1x -count 2 ./review/rank/ | tee "$out/hall.txt" | grep '^Benchmark'
	awk '/^BenchmarkSimulateHall/ { s += $3; n++ } END { if (n) printf "mean of %d: %.1f s\n", n, s / n / 1e9 }' "$out/hall.txt"
	echo
	echo "== retrain + re-rank with ${WINNOW_BENCH_N:-100000} records (target 500 ms), and building the vectors once"
	go test -run '^$' -bench 'NewCorpus|RetrainRank' -benchtime 3x -benchmem ./review/rank/ | grep '^Benchmark'
fi
