#!/usr/bin/env bash
# Browser end-to-end tests of the built example site: axe-core (WCAG 2.2 A/AA), every page type
# without JavaScript, 320px reflow, keyboard, and the search client, in headless Debian Chromium.
#
#   cargo build --release && ./target/release/scrutiny build   # writes public/
#   tests/browser/run.sh                                         # serves public/ and tests it
#
# Needs Debian's chromium (apt-get install -y chromium) and node >= 20; installs the pinned npm
# packages (package-lock.json) on first use. No browser is downloaded: playwright-core drives
# /usr/bin/chromium. Environment: CHROMIUM (browser binary), SITE_DIR (default public/), ONLY
# (run only tests whose name contains this text).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
SITE_DIR="${SITE_DIR:-$ROOT/public}"
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"

die() {
  printf '\nFAIL: %s\n' "$*" >&2
  exit 1
}

if [ ! -x "$CHROMIUM" ] && ! command -v chromium >/dev/null 2>&1; then
  die "Chromium is not installed, so the browser tests cannot run.
      Install Debian's package:  apt-get install -y chromium   (then re-run tests/browser/run.sh)"
fi
[ -x "$CHROMIUM" ] || CHROMIUM="$(command -v chromium)"
command -v node >/dev/null 2>&1 || die "node is not installed (need Node.js >= 20): apt-get install -y nodejs npm"
node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' ||
  die "node $(node --version) is too old: the browser tests need Node.js >= 20"
[ -f "$SITE_DIR/index.html" ] || die "$SITE_DIR/index.html not found: build the site first (cargo build --release && ./target/release/scrutiny build)"
[ -f "$SITE_DIR/data/recommendations.json" ] || die "$SITE_DIR/data/recommendations.json not found: is $SITE_DIR a scrutiny build?"

if [ ! -d "$HERE/node_modules/playwright-core" ] || [ ! -d "$HERE/node_modules/axe-core" ]; then
  echo "Installing the pinned npm packages (npm ci in tests/browser)"
  (cd "$HERE" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi

echo "$("$CHROMIUM" --version 2>/dev/null | tail -n 1)"

# Serve the site on loopback under base_url's path (/scrutiny/ for the example site).
PREFIX="$(node -e '
  const r = require(process.argv[1])[0];
  const p = new URL(r.url).pathname, m = p.match(/[^/]+\/recommendations\/[^/]+\/$/);
  process.stdout.write(m ? p.slice(0, m.index) : "/");
' "$SITE_DIR/data/recommendations.json")"
LOG="$(mktemp)"
node "$HERE/serve.mjs" "$SITE_DIR" "$PREFIX" 0 >"$LOG" 2>&1 &
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
[ -n "$SITE_URL" ] || { cat "$LOG" >&2; die "the static server did not report its address"; }
echo "Serving $SITE_DIR at $SITE_URL"

SITE_URL="$SITE_URL" SITE_DIR="$SITE_DIR" node "$HERE/test.mjs"
