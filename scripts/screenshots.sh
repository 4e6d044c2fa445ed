#!/usr/bin/env bash
# Regenerates the screenshots in docs/screenshots/ (shown in the README) from the example site:
#   home, review and recommendation pages at 375px and 1280px, full page:
#     docs/screenshots/{home,review,recommendation}-{375,1280}.png
#   docs/screenshots/overview.png: the desktop home page beside a recommendation on a phone.
# Usage: scripts/screenshots.sh          (SKIP_BUILD=1 to use the public/ already built)
# Needs Debian's chromium (apt-get install -y chromium) and node >= 20; the npm packages are the
# browser tests' (tests/browser/package-lock.json), installed on first use. Nothing leaves 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"

die() {
  printf '\nFAIL: %s\n' "$*" >&2
  exit 1
}
[ -x "$CHROMIUM" ] || die "Chromium not found at $CHROMIUM. Install it: apt-get install -y chromium"
command -v node >/dev/null 2>&1 || die "node is not installed (need Node.js >= 20)"

if [ -z "${SKIP_BUILD:-}" ]; then
  # "Today" is the date of the last commit, so the pictures change only when the site does.
  SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}" \
    cargo run --release --quiet -- build
fi
[ -f public/index.html ] || die "public/index.html not found: the build did not write the site"

if [ ! -d tests/browser/node_modules/playwright-core ]; then
  (cd tests/browser && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi

LOG="$(mktemp)"
node tests/browser/serve.mjs public /scrutiny/ 0 >"$LOG" 2>&1 &
SERVER=$!
cleanup() {
  kill "$SERVER" 2>/dev/null || true
  wait "$SERVER" 2>/dev/null || true
  rm -f "$LOG"
}
trap cleanup EXIT
for _ in $(seq 1 100); do
  grep -q '^listening ' "$LOG" && break
  kill -0 "$SERVER" 2>/dev/null || { cat "$LOG" >&2; die "the static server did not start"; }
  sleep 0.1
done
SITE_URL="$(sed -n 's/^listening //p' "$LOG")"
[ -n "$SITE_URL" ] || die "the static server did not report its address"

SITE_URL="$SITE_URL" OUT="$ROOT/docs/screenshots" node tests/browser/screenshots.mjs
