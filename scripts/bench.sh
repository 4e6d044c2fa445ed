#!/usr/bin/env bash
# Full-build benchmark: scrutiny against Hugo on the same generated content, alternating runs.
# Usage: scripts/bench.sh [SIZES] [RUNS]     e.g. scripts/bench.sh "1000 10000 50000" 5
# Needs: hugo (Debian package `hugo`), GNU time (/usr/bin/time), python3.
# Reports, per size and tool, the median wall time, CPU time (user+sys) and peak memory (RSS).
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=${1:-"1000 10000"}
runs=${2:-5}
work=${BENCH_DIR:-/tmp/scrutiny-bench}
mkdir -p "$work"
cargo build --release --locked --quiet
cargo build --release --locked --quiet --example gen_site
bin=$PWD/target/release/scrutiny
have_hugo=1; command -v hugo >/dev/null || { echo "hugo not installed (apt-get install hugo): skipping Hugo" >&2; have_hugo=0; }

measure() { # label, then the command; appends "label wall cpu rss_kb" to $work/results
  local label=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" "$@" >/dev/null 2>"$work/err.txt" || { cat "$work/err.txt" >&2; exit 1; }
  read -r wall user sys rss < "$work/time.txt"
  echo "$label $wall $(python3 -c "print(round($user+$sys,2))") $rss" >> "$work/results"
}

: > "$work/results"
for n in $sizes; do
  site="$work/site-$n"
  if [ ! -f "$site/site.yaml" ]; then ./target/release/examples/gen_site "$n" "$site"; fi
  hsite="$work/hugo-$n"
  rm -rf "$hsite"; mkdir -p "$hsite"; cp -r benches/hugo/. "$hsite/"; ln -s "$site/content" "$hsite/content"
  echo "== $n recommendations: $runs alternating runs" >&2
  for i in $(seq "$runs"); do
    rm -rf "$work/out-$n"
    measure "scrutiny-$n" "$bin" --root "$site" --today 2026-11-26 build --output "$work/out-$n"
    if [ $have_hugo = 1 ]; then
      rm -rf "$work/hugo-out-$n"
      measure "hugo-$n" hugo --quiet --source "$hsite" --destination "$work/hugo-out-$n"
    fi
  done
  files=$(find "$work/out-$n" -type f | wc -l); size=$(du -sm "$work/out-$n" | cut -f1)
  echo "scrutiny-$n-output $files files, $size MB" >> "$work/summary"
done

python3 - "$work/results" <<'PY'
import sys, statistics, collections
rows = collections.defaultdict(list)
for line in open(sys.argv[1]):
    label, wall, cpu, rss = line.split()
    rows[label].append((float(wall), float(cpu), int(rss)))
print(f"{'build':<18}{'runs':>5}{'wall (median)':>15}{'cpu (median)':>14}{'peak RSS':>12}")
med = {}
for label, r in rows.items():
    w = statistics.median(x[0] for x in r); c = statistics.median(x[1] for x in r); m = statistics.median(x[2] for x in r)
    med[label] = w
    print(f"{label:<18}{len(r):>5}{w:>13.2f} s{c:>12.2f} s{m/1024:>9.0f} MB")
for label, w in med.items():
    if label.startswith("scrutiny-"):
        n = label.split("-", 1)[1]
        if f"hugo-{n}" in med:
            print(f"{n}: scrutiny takes {w / med['hugo-' + n]:.2f}× Hugo's wall time")
PY
