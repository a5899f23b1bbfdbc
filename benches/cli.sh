#!/usr/bin/env bash
# End-to-end timings of the release binary, for BENCHMARKS.md.
#   benches/cli.sh            (builds the release binary first)
# Prints one line per measurement. Uses a temporary directory, removed afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
B=$PWD/target/release/slawatch
P=$PWD/sla.toml.example
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

secs() { python3 -c "import time,subprocess,sys; t=time.perf_counter(); subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL); print(f'{time.perf_counter()-t:.3f}')" "$@"; }

# 1. calendar batch: 1,000,000 requests (half add, half elapsed), parsing and RFC 3339 output included.
python3 - "$T/batch.txt" <<'PY'
import sys, random
random.seed(7)
base = 1767225600  # 2026-01-01T00:00:00Z
with open(sys.argv[1], "w") as f:
    for i in range(1_000_000):
        s = base + random.randrange(730 * 86400)
        iso = lambda t: __import__("time").strftime("%Y-%m-%dT%H:%M:%SZ", __import__("time").gmtime(t))
        if i % 2 == 0:
            f.write(f"add {iso(s)} {random.randrange(1, 4800)}\n")
        else:
            f.write(f"elapsed {iso(s)} {iso(s + random.randrange(60, 20 * 86400))}\n")
PY
t=$(python3 -c "import time,subprocess; f=open('$T/batch.txt'); t=time.perf_counter(); subprocess.run(['$B','calendar','batch','--policy','$P','--calendar','office'], stdin=f, stdout=subprocess.DEVNULL, check=True); print(f'{time.perf_counter()-t:.3f}')")
echo "calendar batch, 1,000,000 lines: ${t} s"
head -10000 "$T/batch.txt" > "$T/batch10k.txt"
t=$(python3 -c "import time,subprocess; f=open('$T/batch10k.txt'); t=time.perf_counter(); subprocess.run(['$B','calendar','batch','--policy','$P','--calendar','office'], stdin=f, stdout=subprocess.DEVNULL, check=True); print(f'{time.perf_counter()-t:.3f}')")
echo "calendar batch, 10,000 lines: ${t} s"

# 2. import of 100,000 CSV rows into a new store.
python3 - "$T/jobs.csv" <<'PY'
import sys
c = ["Acme Corp", "Globex", "Initech", "Hooli Campus"]
with open(sys.argv[1], "w") as f:
    f.write("customer,priority,type,asset,summary,tech,at\n")
    for i in range(100_000):
        f.write(f"{c[i%4]},P{i%4+1},malfunction,PUMP-{i%500:03d},Booster pump tripping #{i},anna,2026-11-0{i%9+1}T10:00:00Z\n")
PY
t=$(secs "$B" --policy "$P" --db "$T/import.db" import "$T/jobs.csv")
echo "import, 100,000 CSV rows: ${t} s"

# 3. demo-data with 1,000,000 jobs, then list and show on that store.
t=$(secs "$B" --db "$T/demo.db" demo-data --jobs 1000000 --days 365)
echo "demo-data --jobs 1000000 --days 365: ${t} s"
size=$(du -sm "$T/demo.db" | cut -f1)
echo "store file for 1,000,000 jobs: ${size} MB"
open=$("$B" --policy "$P" --db "$T/demo.db" list --json | python3 -c "import json,sys; print(len(json.load(sys.stdin)))")
echo "open jobs in that store: ${open}"
for i in 1 2 3; do
  t=$(secs "$B" --policy "$P" --db "$T/demo.db" list --open)
  echo "list --open (run $i): ${t} s"
done
for i in 1 2 3; do
  t=$(secs "$B" --policy "$P" --db "$T/demo.db" show 500000)
  echo "show 500000 (run $i): ${t} s"
done
