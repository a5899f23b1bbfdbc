#!/usr/bin/env bash
# Mail to job end to end, the same N mails through both sources into a real store with the
# example policy: `ingest maildir` on a Maildir, then `ingest imap` (TLS) from a private
# dovecot loaded with them. Wall time of one pass each, mails/s, and a check afterwards
# (every mail a job, nothing left unseen or in new/, `verify` passes).
# Usage: benches/mail_ingest.sh [N] [BINARY]   (BINARY: a release build, for BENCHMARKS.md)
# Needs python3 (writes the mails) and sqlite3 (counts the jobs).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
bin=${2:-${CARGO_TARGET_DIR:-target}/release/slawatch}
bin=$(realpath "$bin")
policy=$PWD/sla.toml.example
tools=../shared/tools
work=$(mktemp -d)
eval "$($tools/imap-server.sh start)"
trap '$tools/imap-server.sh stop >/dev/null 2>&1; rm -rf "$work"' EXIT

# The mails: ACME-2026's sender, each its own Message-ID and our server's Received stamp,
# about 2 KB. Written once, tmp/ then a rename into new/ as an MDA does.
mkdir -p "$work/src/tmp" "$work/src/new" "$work/src/cur"
python3 - "$n" "$work/src" <<'EOF'
import os, sys
n, box = int(sys.argv[1]), sys.argv[2]
body = "\r\n".join(["x" * 72] * 20)
for i in range(1, n + 1):
    name = f"{1796600000 + i}.b{i}.bench"
    with open(f"{box}/tmp/{name}", "w", newline="") as f:
        f.write(
            "Received: from mx.acme.example by mail.us.example; Mon, 07 Dec 2026 13:20:00 +0000\r\n"
            f"From: Facilities <facilities@acme.example>\r\nTo: service@us.example\r\n"
            f"Subject: pump {i} leaking\r\nMessage-ID: <b{i}@acme.example>\r\n"
            f"Date: Mon, 07 Dec 2026 13:19:00 +0000\r\n\r\n{body}\r\n"
        )
    os.rename(f"{box}/tmp/{name}", f"{box}/new/{name}")
EOF

now() { date +%s.%N; }
# Peak RSS with GNU time when it is there (into $work/NAME.rss), else just the run.
timed() { local name=$1; shift
    if [ -x /usr/bin/time ]; then /usr/bin/time -f "%M %U %S" -o "$work/$name.rss" "$@"; else "$@"; fi; }
rss() { [ -f "$work/$1.rss" ] && tail -1 "$work/$1.rss" | awk -v w="$1" '{ printf "%s: peak RSS %d MB, CPU %.2f s user + %.2f s system\n", w, $1 / 1024, $2, $3 }' || true; }
rate() { awk -v n="$1" -v s="$2" -v e="$3" -v w="$4" \
    'BEGIN { printf "%-8s %d mails in %.2f s: %.0f mails/s\n", w, n, e - s, n / (e - s) }'; }
check() { # store, label: every mail a job, chain intact
    local jobs
    jobs=$(sqlite3 "$1" 'SELECT COUNT(*) FROM jobs')
    [ "$jobs" = "$n" ] || { echo "$2: $jobs jobs, not $n" >&2; exit 1; }
    "$bin" --db "$1" --policy "$policy" verify | sed "s/^/$2: /"
}

# Maildir: a copy of the mails, a fresh store.
cp -r "$work/src" "$work/md"
s=$(now)
timed maildir "$bin" --db "$work/md.db" --policy "$policy" ingest maildir "$work/md" > /dev/null
e=$(now)
left=$(find "$work/md/new" -type f | wc -l)
[ "$left" = 0 ] || { echo "maildir: $left left in new/" >&2; exit 1; }
rate "$n" "$s" "$e" maildir
rss maildir
check "$work/md.db" maildir

# IMAP: the same files into the rig's INBOX (unseen), a fresh store.
box=$IMAP_RIG_DIR/home/$IMAP_USER/Maildir
owner=$(stat -c %U "$box")
cp "$work/src/new/"* "$box/new/"
chown -R "$owner" "$box"
pw=$IMAP_RIG_DIR/pw; printf '%s\n' "$IMAP_PASSWORD" > "$pw"
s=$(now)
timed imap "$bin" --db "$work/imap.db" --policy "$policy" ingest imap --host localhost --port "$IMAPS_PORT" \
    --user "$IMAP_USER" --password-file "$pw" --ca "$IMAP_CA" > /dev/null 2> "$work/imap.log" \
    || { cat "$work/imap.log" >&2; exit 1; }
e=$(now)
unseen=$($tools/imap-server.sh count --unseen)
[ "$unseen" = 0 ] || { echo "imap: $unseen left unseen" >&2; exit 1; }
rate "$n" "$s" "$e" imap
rss imap
check "$work/imap.db" imap
