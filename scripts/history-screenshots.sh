#!/usr/bin/env bash
# Regenerates the change record's screenshots in docs/screenshots/ from scripts/history-demo.sh's
# site: recommendation-changes-{1280,375}.png and recent-changes-1280.png.
# Needs git, Debian's chromium and node >= 20 (the browser tests' npm packages).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
work="$(mktemp -d)"
LOG="$work/serve.log"
cleanup() { kill "${SERVER:-0}" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
scripts/history-demo.sh "$work/site" >/dev/null
cargo run --release --quiet -- --root "$work/site" --today 2024-06-03 build --output "$work/public" >/dev/null
if [ ! -d tests/browser/node_modules/playwright-core ]; then
  (cd tests/browser && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi
node tests/browser/serve.mjs "$work/public" /scrutiny/ 0 >"$LOG" 2>&1 &
SERVER=$!
for _ in $(seq 1 100); do grep -q '^listening ' "$LOG" && break; sleep 0.1; done
SITE_URL="$(sed -n 's/^listening //p' "$LOG")" OUT="$ROOT/docs/screenshots" node tests/browser/history-shots.mjs
