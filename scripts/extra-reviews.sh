#!/usr/bin/env bash
# Eighteen labelled title/abstract reviews that are not in ../shared, for
# checking a ranker on reviews it was never chosen on. Fetched from two public
# repositories at fixed commits, checked by SHA-256, and written in the
# corpus's shape (record_id,title,abstract,authors,year,doi,label_included;
# keywords left out, as ELAS u4 reads title and abstract only):
#
# From FASTREAD (Yu, Kraft and Menzies 2018, github.com/fastread/src):
#   Radjenovic_2013       Radjenovic2005- and Radjenovic2005+ joined (6000 records, 48 included)
#   Wahono_2015_pre2008   Wahono2008-, the records published before 2008 (3192, 32)
#   FASTREAD_medical      medicalDocs (2374, 44)
# From an ASReview study (github.com/mathijsvanderkroft/ASReview_Language_Study):
#   Cohen_<class>         14 of the 15 drug-class reviews of Cohen et al. 2006 (Statins is
#                         missing there), final labels (310-2544 records, 9-146 included)
#   Kwok_2020             virus metagenomics in farm animals (2481, 120)
#
#   ./scripts/extra-reviews.sh DIR        # then DIR/screening/<review>/records.csv, and
#                                         # DIR/pool/screening: these 18 and the corpus's six
#   OUTSIDE=DIR/screening ./scripts/bench-rank.sh      # the default beside ELAS u4 on the 18
#   WINNOW_CORPUS=DIR/pool ./scripts/bench-rank.sh     # leave-one-out over all 24 (how the
#                                                      # default was chosen)
#
# It needs the network (raw.githubusercontent.com) and /usr/bin/python3.
# Nothing of these files is kept in this repository.
set -euo pipefail
out="${1:?usage: $0 DIR}"
dl="$out/sources"
mkdir -p "$dl"
fetch() { # repository commit path name sha256
	local f="$dl/$4"
	[ -f "$f" ] || curl -fsSL "https://raw.githubusercontent.com/$1/$2/$3" -o "$f"
	echo "$5  $f" | sha256sum -c --quiet
}
fr=fastread/src
fetch $fr 093c29211e7a19e77853aba6c042873f79f93e19 workspace/coded/Radjenovic2005-.csv Radjenovic2005-.csv c2a4cc9956f4fd76a384ffd3111d3bd45e9a6c111bde2b8e13d600b5a49f6d9c
fetch $fr 093c29211e7a19e77853aba6c042873f79f93e19 workspace/data/Radjenovic2005+.csv Radjenovic2005+.csv 553117ef851735d7ad702faa9eec59c6669d28de71533589d98b36a675969e80
fetch $fr 093c29211e7a19e77853aba6c042873f79f93e19 workspace/coded/Wahono2008-.csv Wahono2008-.csv eea42f124ffd9980ff954f3fb563743ac2ccc7734c1fd766c1057ba8860ca42c
fetch $fr 5b052895dc82e3fe4148693f2d307226bfd9b9d3 workspace/data/medicalDocs.csv medicalDocs.csv 3cb7e13a25d54e3c6d39052ee939baa2d0deb47b07bc64934bdd90d042ed9e10
as=mathijsvanderkroft/ASReview_Language_Study
c=5bce0fd00e3ae7f967409f4dae5a8b0760f4549f
fetch $as $c datasets/EN/ACEInhibitors.csv Cohen_ACEInhibitors.csv df531aa265600160490aab145c954c57f5a72b290a0d7be9e1bbf79624d56d7a
fetch $as $c datasets/EN/Kwok_2020.csv Kwok_2020.csv 382bd7e0cd784c82922dcbf3504b261d13826b767d67185d9493c774ad37d376
while read -r name sum; do
	fetch $as $c "datasets/Cohen_2006/output/local/$name.csv" "Cohen_$name.csv" "$sum"
done <<'EOF'
ADHD 18d3844ce1a8b526ae056ebde213eced35ef08297c11b39ea47ca8838cc67c99
Antihistamines b94543e803479e978afe12fa21cd7c6e0e661ed12b6684b3ea867c7748432686
AtypicalAntipsychotics e1d1c314bfb20a242dfab16fb78aa9d88fa61a95fd65dc3df3ef50f34423f17f
BetaBlockers 75199a853a876610a1fa84b89058290c8e2a24291a0a9afca721b71322f3d801
CalciumChannelBlockers 2fc7e1d1c4433f0937f6c3dcd8a27fa84f98a0f85308f62a47595c120cb66e01
Estrogens de02bce4f3ff189dd0da32f52d48e1e5f45f3aa039384becc687892d98ba74b3
NSAIDS 198e60d84664838b41c1cc12b9f0693d552643f77016d513c0a2153e74788732
Opiods 20855824d740f1948a6fba70ecf093a1f8d48d9a9cc60b03b79c6d9338473055
OralHypoglycemics 6697a7bc2f1164bbff9dbc18633997c6a7cdf1b772a80e8f8a931c130a3b351b
ProtonPumpInhibitors fd1a6c0f110a8128b77e407f6167d7418148bf7bad93f2a34df7a6004cd3882c
SkeletalMuscleRelaxants 6b280fd6a2c8bfcfc1666be7723a657f13ce4c4891f7cafb7d030d89986694db
Triptans 6c3f4eec28a4451321ca12c1799989efda2e937462052b53865b22598c27a5c6
UrinaryIncontinence 6ce0c46ea56394979aa9e919448eccaf9241c0c1e228e641f87da0fa854bc491
EOF

/usr/bin/python3 - "$dl" "$out/screening" <<'EOF'
import csv, os, re, sys
csv.field_size_limit(1 << 30)
src, dst = sys.argv[1], sys.argv[2]
fold = lambda s: " ".join((s or "").split())

def fastread(files):
    for f in files:
        with open(os.path.join(src, f), encoding="utf-8", errors="replace", newline="") as fh:
            for r in csv.DictReader(fh):
                year = r["Year"].strip()[:4]
                yield (r["Document Title"], r["Abstract"], "", year if re.fullmatch(r"\d{4}", year) else "", "",
                       r["label"] == "yes")

def asreview(f):
    with open(os.path.join(src, f), encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            yield (r.get("title"), r.get("abstract"), r.get("authors"), (r.get("year") or "").split(".")[0],
                   r.get("doi"), r["label_included"].strip() in ("1", "1.0"))

sets = {
    "Radjenovic_2013": fastread(["Radjenovic2005-.csv", "Radjenovic2005+.csv"]),
    "Wahono_2015_pre2008": fastread(["Wahono2008-.csv"]),
    "FASTREAD_medical": fastread(["medicalDocs.csv"]),
}
for f in sorted(os.listdir(src)):
    if f.startswith(("Cohen_", "Kwok_")):
        sets[f[:-4]] = asreview(f)
for name, rows in sets.items():
    os.makedirs(os.path.join(dst, name), exist_ok=True)
    n = inc = 0
    with open(os.path.join(dst, name, "records.csv"), "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["record_id", "title", "abstract", "authors", "year", "doi", "label_included"])
        for t, a, au, y, doi, lab in rows:
            n += 1
            inc += lab
            w.writerow([n, fold(t), fold(a), fold(au), y, fold(doi), int(lab)])
    print("%-30s %5d records %4d included" % (name, n, inc))
EOF

# The pool: the 18 and the corpus's labelled reviews, linked, for the
# leave-one-out over all of them.
corpus="${WINNOW_CORPUS:-$(cd "$(dirname "$0")/.." && pwd)/../shared/corpus}/screening"
mkdir -p "$out/pool/screening"
for d in "$out"/screening/*/ "$corpus"/*/; do
	[ -f "$d/records.csv" ] && ln -sfn "$(cd "$d" && pwd)" "$out/pool/screening/$(basename "$d")"
done
echo "$(ls "$out/pool/screening" | wc -l) reviews in $out/pool/screening"
