#!/usr/bin/env bash
# Builds the finished sample review (testdata/sample/README.md, "A finished
# review") in DIR and writes its PRISMA flow there: flow.svg, PRISMA.csv and
# the table. Usage: scripts/sample-review.sh DIR
set -euo pipefail
dir=${1:?usage: scripts/sample-review.sh DIR}
root=$(cd "$(dirname "$0")/.." && pwd)
S=$root/testdata/sample
mkdir -p "$dir"
go build -o "$dir/winnow" "$root/cmd/winnow"
cd "$dir"
rm -f winnow.db winnow.db-wal winnow.db-shm
export WINNOW_REVIEWER=alice
w=./winnow
$w init --title "Integrated primary care and social services for older adults with multimorbidity" >/dev/null 2>&1
$w team add alice --lead 2>/dev/null
$w team add bob 2>/dev/null
$w team add carol 2>/dev/null
$w import "$S/medline.nbib" --source MEDLINE --kind database --searched 2020-06-16
$w import "$S/embase.ris" --source Embase --kind database --searched 2020-06-16
$w import "$S/wos.txt" --source "Web of Science" --kind database --searched 2020-06-16
$w import "$S/cinahl.csv" --source CINAHL --kind database --searched 2020-06-16
$w import "$S/opengrey.bib" --source OpenGrey --kind other --searched 2020-06-18
$w import "$S/websites.csv" --source "Websites and experts" --kind website
$w import "$S/citations.ris" --source "Citation searching" --kind citation
$w dedup
$w reasons add "Not about integrated care" "Wrong population" "Not integrated care" "Wrong setting" 2>/dev/null
$w decide --file "$S/ta-decisions.csv"
$w resolve 16 include --stage ta --note "discussed at the consensus meeting"
$w resolve 20 exclude --stage ta --reason "Not about integrated care"
$w fulltext 11 --not-retrieved --note "not held by the library"
$w fulltext 45 --not-retrieved --note "report withdrawn from the website"
$w decide --file "$S/ft-decisions.csv"
$w resolve 16 exclude --stage ft --reason "Wrong setting"
$w study link 1 37
$w prisma
$w prisma --svg flow.svg
$w prisma --csv PRISMA.csv
echo "review: $dir/winnow.db; figure: $dir/flow.svg; template: $dir/PRISMA.csv" >&2
