#!/usr/bin/env bash
# Times `slawatch policy check` on generated policies of many contracts, for BENCHMARKS.md:
#   scripts/policy-many-contracts.sh BINARY [COUNT...]      (default counts: 10000 20000 40000)
# Each contract has its own id and customer and two rules; one calendar, one tier. Prints
#   COUNT SECONDS MAX_RSS_KB
set -euo pipefail
bin=$1; shift
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
for n in "${@:-10000 20000 40000}"; do
    for count in $n; do
        f="$dir/many-$count.toml"
        {
            printf 'display_timezone = "UTC"\n[calendars.c]\ntimezone = "UTC"\nmon = ["08:00-17:00"]\n'
            printf '[tiers.t]\ncalendar = "c"\nrespond = "4h"\nresolve = "1bd"\n\n'
            seq -f '%06g' 0 $((count - 1)) | awk '{
                printf "[[contracts]]\nid = \"C%s\"\ncustomer = \"Customer %s\"\n", $1, $1
                printf "rules = [ { priority = \"P1\", tier = \"t\" }, { tier = \"t\" } ]\n\n" }'
        } >"$f"
        /usr/bin/time -f "$count %e %M" "$bin" policy check "$f" >/dev/null
    done
done
