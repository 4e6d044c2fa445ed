#!/usr/bin/env bash
# Full-build benchmark: scrutiny against Hugo on the same generated content, alternating runs.
# Usage: scripts/bench.sh [SIZES] [RUNS]     e.g. scripts/bench.sh "1000 10000 50000" 5
# BENCH_PAUSE=seconds before each timed build (default 5), BENCH_DIR, BENCH_OUT=disk.
# Needs: hugo (Debian package `hugo`), GNU time (/usr/bin/time), python3.
# Reports, per size and tool, the median wall time, CPU time (user+sys) and peak memory (RSS).
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=${1:-"1000 10000"}
runs=${2:-5}
work=${BENCH_DIR:-/tmp/scrutiny-bench}
# Outputs go to memory (tmpfs) when available: on this kind of VM, ext4's inode allocator scans
# for recently deleted inodes on every create after the previous run's output was deleted, and
# that kernel time swamps both tools (see docs/performance.md). BENCH_OUT=disk keeps them on disk.
if [ "${BENCH_OUT:-}" != disk ] && [ -d /dev/shm ]; then out_root=/dev/shm/scrutiny-bench-out; else out_root="$work"; fi
mkdir -p "$work" "$out_root"
cargo build --release --locked --quiet
cargo build --release --locked --quiet --example gen_site
bin=$PWD/target/release/scrutiny
have_hugo=1; command -v hugo >/dev/null || { echo "hugo not installed (apt-get install hugo): skipping Hugo" >&2; have_hugo=0; }

# A pause before every timed build. On this kind of VM a build that starts right after another
# one freed gigabytes (Hugo at 50,000 peaks at 4.7 GB) ran 0.25-0.35 s slower at 10,000, with
# twice the kernel time, than the same build after a pause (docs/performance.md, "Order and
# pauses"); without it each tool's time depended on which build came before it.
pause=${BENCH_PAUSE:-5}

# The content is read once before each timed build, so both tools start with it in the page
# cache. This VM's kernel runs DAMON with a `pageout` scheme for file pages not used for 60 s,
# and a round takes longer than that: 6-10% of a site's files had left the page cache by the
# next round, and a build read them from disk.
warm() { find "$1" -name '*.md' -print0 | xargs -0 cat > /dev/null; }

measure() { # label, content folder, then the command; appends "label wall cpu rss_kb" to $work/results
  local label=$1 content=$2; shift 2
  sleep "$pause"
  warm "$content"
  /usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" "$@" >/dev/null 2>"$work/err.txt" || { cat "$work/err.txt" >&2; exit 1; }
  read -r wall user sys rss < "$work/time.txt"
  echo "$label $wall $(python3 -c "print(round($user+$sys,2))") $rss" >> "$work/results"
}

: > "$work/results"
# Sites, Hugo sources and one untimed warm-up build of each tool per size (as `hyperfine
# --warmup 1`). On this VM the first scrutiny build after a pause ran 35-75% slower than the
# next ones (perf put the time in the kernel zeroing fresh memory pages); the warm-up keeps that
# out of the medians. The warm-up outputs are counted, then removed.
for n in $sizes; do
  site="$work/site-$n"
  if [ ! -f "$site/site.yaml" ]; then ./target/release/examples/gen_site "$n" "$site"; fi
  hsite="$work/hugo-$n"
  rm -rf "$hsite"; mkdir -p "$hsite"; cp -r benches/hugo/. "$hsite/"; ln -s "$site/content" "$hsite/content"
  rm -rf "$out_root/out-$n" "$out_root/hugo-out-$n"
  "$bin" --root "$site" --today 2026-11-26 build --output "$out_root/out-$n" >/dev/null 2>&1
  if [ $have_hugo = 1 ]; then hugo --quiet --source "$hsite" --destination "$out_root/hugo-out-$n" >/dev/null 2>&1; fi
  files=$(find "$out_root/out-$n" -type f | wc -l); size=$(du -sm "$out_root/out-$n" | cut -f1)
  hfiles=$(find "$out_root/hugo-out-$n" -type f 2>/dev/null | wc -l)
  echo "$n: scrutiny writes $files files ($size MB); Hugo writes $hfiles files" >&2
  rm -rf "$out_root/out-$n" "$out_root/hugo-out-$n"
done
# Rounds: every size once per round, each scrutiny build followed by Hugo's on the same content.
# The machine's speed drifts over minutes; interleaving the sizes lets that drift touch every
# size alike, so the ratio between sizes (is it linear?) is measured round by round too.
for i in $(seq "$runs"); do
  echo "== round $i of $runs" >&2
  for n in $sizes; do
    site="$work/site-$n"; hsite="$work/hugo-$n"
    rm -rf "$out_root/out-$n"
    measure "scrutiny-$n" "$site/content" "$bin" --root "$site" --today 2026-11-26 build --output "$out_root/out-$n"
    rm -rf "$out_root/out-$n"
    if [ $have_hugo = 1 ]; then
      rm -rf "$out_root/hugo-out-$n"
      measure "hugo-$n" "$site/content" hugo --quiet --source "$hsite" --destination "$out_root/hugo-out-$n"
      rm -rf "$out_root/hugo-out-$n"
    fi
  done
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
            pairs = [a[0] / b[0] for a, b in zip(rows[label], rows["hugo-" + n])]
            print(f"{n}: scrutiny takes {w / med['hugo-' + n]:.2f}× Hugo's wall time"
                  f" (run by run: {', '.join(f'{p:.2f}' for p in pairs)})")
# Scaling: each size against the next smaller one, by medians and round by round.
for tool in ("scrutiny", "hugo"):
    sizes = sorted(int(l.split("-", 1)[1]) for l in rows if l.startswith(tool + "-"))
    for a, b in zip(sizes, sizes[1:]):
        ra, rb = rows[f"{tool}-{a}"], rows[f"{tool}-{b}"]
        rounds = [y[0] / x[0] for x, y in zip(ra, rb)]
        print(f"{tool}: {b} takes {med[f'{tool}-{b}'] / med[f'{tool}-{a}']:.1f}× the {a} time"
              f" (round by round: {', '.join(f'{r:.1f}' for r in rounds)})")
PY
