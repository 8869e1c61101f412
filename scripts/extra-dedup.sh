#!/usr/bin/env bash
# A labelled deduplication dataset that is not in ../shared, for checking
# winnow dedup on records it was never tuned on: "stroke", the fourth of the
# EndNote libraries of Rathbone et al. (2015) that bib-dedupe keeps beside
# cytology_screening, haematology and respiratory (1292 records, 196 true
# groups, 479 true pairs). Fetched from CoLRev-Environment/bib-dedupe at
# c66515a (the last commit with data/), checked by SHA-256, and written in
# the corpus's shape (../shared/corpus/dedup/MANIFEST.md: one RIS file, each
# record with its upstream id as ID and in N1, records in a fixed shuffled
# order; truth.csv record_id,group_id). The other datasets of that commit
# (cardiac, depression, neuroimaging, srsr) are stored there as large files
# that could not be fetched when this was written.
#
#   ./scripts/extra-dedup.sh DIR     # builds DIR/corpus/dedup (the corpus's six and
#                                    # stroke) and runs the dedup pipeline on all seven,
#                                    # printing the table of docs/dedup.md
#
# It needs the network (raw.githubusercontent.com), /usr/bin/python3 and
# ../shared/tools/dedup-score. Nothing of these files is kept in this
# repository.
set -euo pipefail
out="${1:?usage: $0 DIR}"
repo="$(cd "$(dirname "$0")/.." && pwd)"
shared="${WINNOW_CORPUS:-$repo/../shared/corpus}"
dl="$out/sources"
mkdir -p "$dl"
fetch() { # path name sha256
	local f="$dl/$2"
	[ -f "$f" ] || curl -fsSL "https://raw.githubusercontent.com/CoLRev-Environment/bib-dedupe/c66515a6537c666926b20a1b9a395632c472fb5b/$1" -o "$f"
	echo "$3  $f" | sha256sum -c --quiet
}
fetch data/stroke/records_pre_merged.csv stroke-records.csv a1ea76cdfe5c0fa98896fec8fa74d116deac3b20e06a67ba7a288b787c7793ed
fetch data/stroke/merged_record_ids.csv stroke-merged.csv f932a243ef78d5909d2a8c23a2db7c440de7b8bf732c80d351366aaec10e0987

corpus="$out/corpus"
mkdir -p "$corpus/dedup/stroke"
/usr/bin/python3 - "$dl" "$corpus/dedup/stroke" <<'EOF'
import csv, os, random, sys
src, dst = sys.argv[1], sys.argv[2]
rows = list(csv.DictReader(open(os.path.join(src, "stroke-records.csv"), encoding="utf-8", newline="")))
group = {}
for r in csv.DictReader(open(os.path.join(src, "stroke-merged.csv"), encoding="utf-8", newline="")):
    ids = r["merged_ids"].split(";")
    for i in ids:
        group[i] = min(ids)
random.Random(7).shuffle(rows)  # upstream sorts duplicates next to each other
with open(os.path.join(dst, "stroke.ris"), "w", encoding="utf-8", newline="\n") as out:
    def tag(t, v):
        v = (v or "").strip()
        if v:
            out.write("%s  - %s\n" % (t, v))
    for r in rows:
        out.write("TY  - JOUR\n")
        for a in r["author"].split(" and "):
            tag("AU", a)
        tag("TI", r["title"]); tag("T2", r["journal"]); tag("PY", r["year"])
        tag("VL", r["volume"]); tag("IS", r["number"])  # a real issue number here (not respiratory's running number)
        sp, _, ep = r["pages"].partition("-")
        tag("SP", sp); tag("EP", ep)
        tag("ID", r["ID"]); tag("N1", "dedup-id: " + r["ID"])
        out.write("ER  - \n\n")
with open(os.path.join(dst, "truth.csv"), "w", encoding="utf-8", newline="\n") as out:
    out.write("record_id,group_id\n")
    for r in sorted(rows, key=lambda r: r["ID"]):
        out.write("%s,%s\n" % (r["ID"], group.get(r["ID"], r["ID"])))
print("stroke: %d records, %d true groups" % (len(rows), len(set(group.values()))))
EOF

for d in "$shared"/dedup/*/; do
	ln -sfn "$(cd "$d" && pwd)" "$corpus/dedup/$(basename "$d")"
done
ln -sfn "$(cd "$shared" && pwd)/MANIFEST.md" "$corpus/MANIFEST.md"
ln -sfn "$(cd "$shared/../tools" && pwd)" "$out/tools"
cd "$repo"
WINNOW_CORPUS="$corpus" go test -count=1 -v -run 'TestPipelineCorpus$' ./review/dedup/ | grep -E '^\s+\||^(ok|FAIL|---)'
