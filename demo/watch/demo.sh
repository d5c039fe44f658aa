#!/bin/sh
# A scripted console session showing watches: `watch the Kremlin` in a running bot,
# then `briefbot ingest` of a new article with a Kremlin denial from "another
# terminal" (a separate process on the same store) -> one alert within the check
# interval; then a syndicated copy from another outlet -> no second alert.
# Usage: demo/watch/demo.sh [path/to/bin]   (default .venv/bin)
set -e
BIN=${1:-.venv/bin}
HERE=$(dirname "$0")
DB=${WATCH_DEMO_DB:-watch-demo.db}
CONFIG=$(mktemp)
trap 'rm -f "$CONFIG"' EXIT
# Check for new statements every 5 seconds instead of every minute, so the demo is short.
printf '[watches]\ncheck_seconds = 5\n' > "$CONFIG"
rm -f "$DB" "$DB-wal" "$DB-shm"
"$BIN/briefbot" --db "$DB" ingest -q "$HERE/../../seeds"
{
  echo 'watch the Kremlin'
  sleep 2
  echo '--- another terminal: briefbot ingest demo/watch/ledger_corridor.txt --outlet "The Northern Ledger" ---' >&2
  "$BIN/briefbot" --db "$DB" ingest -q "$HERE/ledger_corridor.txt" --outlet "The Northern Ledger" --published 2026-12-02 >&2
  sleep 7
  echo '--- another terminal: briefbot ingest demo/watch/wire_corridor.txt --outlet "Baltic Wire" (a wire copy) ---' >&2
  "$BIN/briefbot" --db "$DB" ingest -q "$HERE/wire_corridor.txt" --outlet "Baltic Wire" --published 2026-12-02 >&2
  sleep 7
  echo 'watches'
} | "$BIN/briefbot" --db "$DB" --config "$CONFIG" run --platform console
