#!/usr/bin/env bash
# Three labelled title/abstract reviews that are not in ../shared, for
# checking a ranker on reviews it was never chosen on. They come from
# FASTREAD's repository (Yu, Kraft and Menzies 2018, github.com/fastread/src),
# at fixed commits, checked by SHA-256, and are written in the corpus's shape
# (record_id,title,abstract,authors,year,doi,label_included):
#
#   Radjenovic_2013       the two halves Radjenovic2005- and Radjenovic2005+ joined (6000 records, 48 included)
#   Wahono_2015_pre2008   Wahono2008-, the records published before 2008 (3192, 32)
#   FASTREAD_medical      medicalDocs (2374, 44)
#
#   ./scripts/extra-reviews.sh DIR        # then DIR/screening/<review>/records.csv
#   WINNOW_CORPUS=DIR WORK=/tmp/rank-extra ONLY=loo ./scripts/bench-rank.sh
#
# It needs the network (raw.githubusercontent.com) and /usr/bin/python3.
# Nothing of these files is kept in this repository.
set -euo pipefail
out="${1:?usage: $0 DIR}"
raw=https://raw.githubusercontent.com/fastread/src
dl="$out/fastread"
mkdir -p "$dl"
fetch() { # commit path sha256
	local f="$dl/$(basename "$2")"
	[ -f "$f" ] || curl -fsSL "$raw/$1/$2" -o "$f"
	echo "$3  $f" | sha256sum -c --quiet
}
fetch 093c29211e7a19e77853aba6c042873f79f93e19 workspace/coded/Radjenovic2005-.csv c2a4cc9956f4fd76a384ffd3111d3bd45e9a6c111bde2b8e13d600b5a49f6d9c
fetch 093c29211e7a19e77853aba6c042873f79f93e19 workspace/data/Radjenovic2005+.csv 553117ef851735d7ad702faa9eec59c6669d28de71533589d98b36a675969e80
fetch 093c29211e7a19e77853aba6c042873f79f93e19 workspace/coded/Wahono2008-.csv eea42f124ffd9980ff954f3fb563743ac2ccc7734c1fd766c1057ba8860ca42c
fetch 5b052895dc82e3fe4148693f2d307226bfd9b9d3 workspace/data/medicalDocs.csv 3cb7e13a25d54e3c6d39052ee939baa2d0deb47b07bc64934bdd90d042ed9e10

/usr/bin/python3 - "$dl" "$out/screening" <<'EOF'
import csv, os, re, sys
src, dst = sys.argv[1], sys.argv[2]
sets = {
    "Radjenovic_2013": ["Radjenovic2005-.csv", "Radjenovic2005+.csv"],
    "Wahono_2015_pre2008": ["Wahono2008-.csv"],
    "FASTREAD_medical": ["medicalDocs.csv"],
}
for name, files in sets.items():
    rows = []
    for f in files:
        with open(os.path.join(src, f), encoding="utf-8", errors="replace", newline="") as fh:
            for r in csv.DictReader(fh):
                year = r["Year"].strip()[:4]
                rows.append((" ".join(r["Document Title"].split()), " ".join(r["Abstract"].split()),
                             year if re.fullmatch(r"\d{4}", year) else "", 1 if r["label"] == "yes" else 0))
    os.makedirs(os.path.join(dst, name), exist_ok=True)
    with open(os.path.join(dst, name, "records.csv"), "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["record_id", "title", "abstract", "authors", "year", "doi", "label_included"])
        for i, (t, a, y, l) in enumerate(rows, 1):
            w.writerow([i, t, a, "", y, "", l])
    print("%-20s %5d records %3d included" % (name, len(rows), sum(r[3] for r in rows)))
EOF
