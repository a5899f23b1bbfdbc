#!/usr/bin/env bash
# IMAP ingest speed: N messages (about 2 KB each) in a private dovecot's INBOX, one
# `slawatch ingest imap` pass over TLS (fetch, hand over to --to-maildir, flag \Seen),
# messages per second. Usage: benches/imap_ingest.sh [N] [BINARY]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000}
bin=${2:-${CARGO_TARGET_DIR:-target}/debug/slawatch}
tools=../shared/tools
eval "$($tools/imap-server.sh start)"
trap '$tools/imap-server.sh stop >/dev/null 2>&1' EXIT
box=$IMAP_RIG_DIR/home/$IMAP_USER/Maildir
owner=$(stat -c %U "$box")
body=$(head -c 1500 /dev/zero | tr '\0' 'x' | fold -w 72)
# Straight into the Maildir (tmp/ then rename into new/, as `deliver` does): one
# script call per message would take longer than the ingest being measured.
for i in $(seq "$n"); do
    printf 'From: c%d@acme.example\r\nTo: desk@example.test\r\nSubject: pump %d down\r\nMessage-ID: <b%d@acme.example>\r\nDate: Tue, 14 May 2024 09:30:00 +0200\r\n\r\n%s\r\n' \
        "$i" "$i" "$i" "$body" > "$box/tmp/b$i.eml"
    mv "$box/tmp/b$i.eml" "$box/new/$((1700000000 + i)).b$i.bench"
done
chown -R "$owner" "$box"
pw=$IMAP_RIG_DIR/pw; printf '%s\n' "$IMAP_PASSWORD" > "$pw"
out=$(mktemp -d -p "${IMAP_BENCH_OUT:-${TMPDIR:-/tmp}}")
start=$(date +%s.%N)
"$bin" ingest imap --host localhost --port "$IMAPS_PORT" --user "$IMAP_USER" --password-file "$pw" \
    --ca "$IMAP_CA" --to-maildir "$out" > "${IMAP_BENCH_LOG:-/dev/null}"
end=$(date +%s.%N)
got=$(find "$out/new" -type f | wc -l)
unseen=$($tools/imap-server.sh count --unseen)
[ -z "${IMAP_BENCH_KEEP:-}" ] && rm -rf "$out"; [ -n "${IMAP_BENCH_KEEP:-}" ] && echo "kept $out" >&2
awk -v n="$got" -v s="$start" -v e="$end" -v u="$unseen" \
    'BEGIN { printf "%d messages in %.2f s: %.0f messages/s (%d left unseen)\n", n, e - s, n / (e - s), u }'
