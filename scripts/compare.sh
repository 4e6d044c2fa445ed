#!/usr/bin/env bash
# scrutiny, Hugo and Zola side by side on the same generated content, on disk and in memory.
# Usage: scripts/compare.sh [SIZES] [RUNS]        e.g. scripts/compare.sh "1000 10000 50000" 3
# Env: ZOLA=path to a zola binary (built from its public repository; not committed),
#      SHAPE="--per-review 50 --themes 3" (gen_site's options; default shape when unset),
#      DISK_DIR (default /work/scrutiny-compare), MEM_DIR (default /dev/shm/scrutiny-compare),
#      STORES="disk mem", PAUSE=seconds before each timed build (default 3).
# Needs: hugo (Debian package `hugo`), GNU time, python3.
# Prints, per store and size: the median wall time, CPU time and peak memory of each tool's
# full build (output folder removed before each), their ratios, the output's bytes and files,
# and scrutiny's rebuild one day later with no content change (files rewritten, wall time).
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=${1:-"1000 10000"}
runs=${2:-3}
shape=${SHAPE:-}
tag=$(echo "$shape" | tr -dc "0-9"); tag=${tag:-default}
disk=${DISK_DIR:-/work/scrutiny-compare}
mem=${MEM_DIR:-/dev/shm/scrutiny-compare}
pause=${PAUSE:-3}
target=${CARGO_TARGET_DIR:-target}
cargo build --release --locked --quiet
cargo build --release --locked --quiet --example gen_site --example to_zola
bin=$(realpath "$target/release/scrutiny")
zola=${ZOLA:-$(command -v zola || true)}
[ -x "$zola" ] || { echo "set ZOLA to a zola binary" >&2; exit 1; }
command -v hugo >/dev/null || { echo "hugo not installed (apt-get install hugo)" >&2; exit 1; }
results=$(mktemp)
facts=$(mktemp)

warm() { find "$1" -name '*.md' -print0 | xargs -0 cat > /dev/null; }
measure() { # label content-folder command...: appends "label wall cpu rss_kb"
  local label=$1 content=$2; shift 2
  sleep "$pause"; warm "$content"; sync
  /usr/bin/time -f "%e %U %S %M" -o "$results.t" "$@" >/dev/null 2>"$results.e" || { cat "$results.e" >&2; exit 1; }
  read -r wall user sys rss < "$results.t"
  echo "$label $wall $(python3 -c "print(round($user+$sys,2))") $rss" >> "$results"
}
count() { echo "$(find "$1" -type f | wc -l) $(find "$1" -type f -printf '%s\n' | awk '{s+=$1} END {print s}')"; }

for store in ${STORES:-disk mem}; do
  root=$disk; [ "$store" = mem ] && root=$mem
  mkdir -p "$root"
  for n in $sizes; do
    site="$root/site-$n-$tag"; hsite="$root/hugo-$n-$tag"; zsite="$root/zola-$n-$tag"
    if [ ! -f "$site/site.yaml" ]; then
      # shellcheck disable=SC2086
      "$target/release/examples/gen_site" "$n" "$site" $shape
    fi
    rm -rf "$hsite" "$zsite"; mkdir -p "$hsite" "$zsite"
    cp -r benches/hugo/. "$hsite/"; ln -s "$site/content" "$hsite/content"
    cp -r benches/zola/. "$zsite/"; "$target/release/examples/to_zola" "$site" "$zsite/content"
    out="$root/out-$n"
    builds=(
      "scrutiny|$site/content|$bin --root $site --today 2026-11-26 build --output $out/scrutiny"
      "hugo|$site/content|hugo --quiet --source $hsite --destination $out/hugo"
      "zola|$zsite/content|$zola --root $zsite build --output-dir $out/zola --force"
    )
    # One untimed build of each, whose output is counted.
    for b in "${builds[@]}"; do
      IFS='|' read -r tool content cmd <<< "$b"
      rm -rf "${out:?}/$tool"
      $cmd > /dev/null 2>&1
      echo "$store $n $tool $(count "$out/$tool")" >> "$facts"
    done
    # A rebuild one day later with no content change, into scrutiny's output of that build.
    sleep "$pause"
    /usr/bin/time -f "%e" -o "$results.t" "$bin" --root "$site" --today 2026-11-27 build --output "$out/scrutiny" > "$results.l" 2>&1
    written=$(grep -o '[0-9]* files written' "$results.l" | grep -o '^[0-9]*')
    echo "$store $n daily $written $(cat "$results.t")" >> "$facts"
    # Rounds: the three tools in turn, the order turning each round.
    for i in $(seq "$runs"); do
      for j in 0 1 2; do
        IFS='|' read -r tool content cmd <<< "${builds[$(( (i + j) % 3 ))]}"
        rm -rf "${out:?}/$tool"; sync
        # shellcheck disable=SC2086
        measure "$store-$n-$tool" "$content" $cmd
      done
    done
    rm -rf "${out:?}"
  done
done

python3 - "$results" "$facts" <<'PY'
import sys, statistics, collections
rows = collections.defaultdict(list)
for line in open(sys.argv[1]):
    label, wall, cpu, rss = line.split()
    rows[label].append((float(wall), float(cpu), int(rss)))
out, daily = {}, {}
for line in open(sys.argv[2]):
    f = line.split()
    if f[2] == "daily":
        daily[(f[0], f[1])] = (int(f[3] or 0), float(f[4]))
    else:
        out[(f[0], f[1], f[2])] = (int(f[3]), int(f[4]))
print("| store | recommendations | tool | wall (median) | CPU | peak RSS | scrutiny / tool | output files | output MB |")
print("|---|---:|---|---:|---:|---:|---:|---:|---:|")
for label in rows:
    store, n, tool = label.split("-")
    r = rows[label]
    w = statistics.median(x[0] for x in r); c = statistics.median(x[1] for x in r)
    m = statistics.median(x[2] for x in r)
    s = statistics.median(x[0] for x in rows[f"{store}-{n}-scrutiny"])
    ratio = "" if tool == "scrutiny" else f"{s / w:.2f}× ({', '.join(f'{a[0] / b[0]:.2f}' for a, b in zip(rows[f'{store}-{n}-scrutiny'], r))})"
    files, size = out.get((store, n, tool), (0, 0))
    print(f"| {store} | {int(n):,} | {tool} | {w:.2f} s | {c:.2f} s | {m / 1024:.0f} MB | {ratio} | {files:,} | {size / 1e6:.1f} |")
print()
for (store, n), (written, wall) in daily.items():
    files = out[(store, n, "scrutiny")][0]
    print(f"{store} {int(n):,}: rebuild one day later, no content change: {written} of {files:,} files rewritten ({100 * written / files:.1f}%), {wall:.2f} s")
PY
rm -f "$results" "$results".* "$facts"
