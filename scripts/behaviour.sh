#!/usr/bin/env bash
# What a refactoring must not change, written to a directory so two builds can be diffed:
#   scripts/behaviour.sh BIN OUT [STORE]
# - OUT/help/…: `--help` of every command and subcommand (found by walking "Commands:")
# - OUT/report.json, list.json, events.json: on STORE (made with `demo-data` by BIN when
#   missing), at a fixed SLAWATCH_NOW so countdowns agree between runs.
# Then: diff -r OUT1 OUT2.
set -euo pipefail
bin=$(realpath "$1"); out=$2; store=${3:-$out.store.db}
policy=$(realpath "$(dirname "$0")/../sla.toml.example")
mkdir -p "$out/help"
export SLAWATCH_NOW=2026-11-30T18:00:00Z SLAWATCH_USER=anna NO_COLOR=1
unset SLAWATCH_DB SLAWATCH_POLICY

walk() { # walk NAME-PREFIX ARGS...
    local prefix=$1; shift
    local text
    text=$("$bin" "$@" --help)
    printf '%s\n' "$text" >"$out/help/${prefix:-slawatch}.txt"
    printf '%s\n' "$text" | awk '/^Commands:/{on=1;next} /^$/{on=0} on{print $1}' | while read -r sub; do
        [ "$sub" = help ] && continue
        walk "${prefix:+$prefix-}$sub" "$@" "$sub"
    done
}
walk ""

if [ ! -e "$store" ]; then
    "$bin" --db "$store" --policy "$policy" demo-data --jobs 2000 --days 30 --seed 7 >/dev/null
fi
"$bin" --db "$store" --policy "$policy" report --from 2026-11-01 --to 2026-11-30 --format json >"$out/report.json"
"$bin" --db "$store" --policy "$policy" report --from 2026-11-01 --to 2026-11-30 --by tech --format json >"$out/report-tech.json"
"$bin" --db "$store" --policy "$policy" list --all --json >"$out/list.json"
"$bin" --db "$store" --policy "$policy" export --events --format json >"$out/events.json"
ls "$out/help" | wc -l | sed 's/$/ help pages/'
