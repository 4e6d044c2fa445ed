#!/usr/bin/env bash
# Does a change keep the output byte for byte? Builds REV (default: main's previous commit) and
# the working tree, then builds the example site and a generated site with both, with a fixed
# --today, and compares every file. With RUNS > 0 it then times full builds of the generated
# site, the two binaries alternating (medians of wall time, CPU time and peak memory).
#
# Usage: scripts/same-output.sh [REV] [SIZE] [RUNS]    e.g. scripts/same-output.sh 7f0f675 1000 0
# Needs: git, GNU time (/usr/bin/time), python3. Work goes to $SAME_DIR (default /tmp/same-output).
set -euo pipefail
cd "$(dirname "$0")/.."
rev=${1:-HEAD~1}
size=${2:-1000}
runs=${3:-0}
work=${SAME_DIR:-/tmp/same-output}
today=2026-11-26
mkdir -p "$work"

# The base: a worktree at REV with its own target folder.
base_tree="$work/base-tree"
if [ -d "$base_tree" ]; then git worktree remove --force "$base_tree"; fi
git worktree add --quiet --detach "$base_tree" "$rev"
trap 'git worktree remove --force "$base_tree" 2>/dev/null || true' EXIT
(cd "$base_tree" && CARGO_TARGET_DIR="$work/base-target" cargo build --release --locked --quiet)
cargo build --release --locked --quiet
cargo build --release --locked --quiet --example gen_site
target=${CARGO_TARGET_DIR:-target}
new_bin=$PWD/$target/release/scrutiny
[ -x "$new_bin" ] || new_bin=$target/release/scrutiny
base_bin=$work/base-target/release/scrutiny
gen=$(dirname "$new_bin")/examples/gen_site

site="$work/site-$size"
[ -f "$site/site.yaml" ] || "$gen" "$size" "$site" > /dev/null

# The example site on its own: built in the repository, each binary would read the working
# tree's themes/default as the site's own theme layer instead of the theme built into it.
example="$work/example-site"
rm -rf "$example"; mkdir -p "$example"
cp -r site.yaml content "$example/"

same=0
for what in example generated; do
  if [ $what = example ]; then root=$example; else root=$site; fi
  for b in base new; do
    bin=$base_bin; [ $b = new ] && bin=$new_bin
    rm -rf "$work/out-$what-$b"
    "$bin" --root "$root" --today $today build --output "$work/out-$what-$b" > /dev/null 2> "$work/err" ||
      { echo "the $b binary could not build the $what site:"; cat "$work/err"; exit 1; }
  done
  if diff -r -q -x .scrutiny-output "$work/out-$what-base" "$work/out-$what-new"; then
    echo "$what site: every file identical ($(find "$work/out-$what-new" -type f | wc -l) files)"
  else
    echo "$what site: the outputs differ (above)"; same=1
  fi
done

if [ "$runs" -gt 0 ]; then
  # Timed outputs go to memory when there is a tmpfs: on ext4, creating files right after a
  # build deleted thousands slows whichever build comes second (docs/performance.md). The
  # order also alternates, base first in odd runs and new first in even ones.
  out=$work; if [ -d /dev/shm ]; then out=/dev/shm/same-output; mkdir -p "$out"; fi
  : > "$work/times"
  for i in $(seq "$runs"); do
    order="base new"; [ $((i % 2)) = 0 ] && order="new base"
    for b in $order; do
      bin=$base_bin; [ $b = new ] && bin=$new_bin
      sleep 3
      find "$site" -name '*.md' -print0 | xargs -0 cat > /dev/null
      /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$bin" --root "$site" --today $today build --output "$out/timed-$b" > /dev/null 2>&1
      read -r wall user sys rss < "$work/time"
      echo "$b $wall $user $sys $rss" >> "$work/times"
    done
  done
  python3 - "$work/times" "$size" <<'PY'
import statistics as st, sys
rows = [l.split() for l in open(sys.argv[1])]
for b in ("base", "new"):
    r = [x for x in rows if x[0] == b]
    wall = st.median(float(x[1]) for x in r)
    cpu = st.median(float(x[2]) + float(x[3]) for x in r)
    rss = st.median(int(x[4]) for x in r) / 1024
    print(f"{b}: {sys.argv[2]} recommendations, median of {len(r)}: wall {wall:.2f} s, CPU {cpu:.2f} s, peak {rss:.0f} MB")
PY
  rm -rf "$out/timed-base" "$out/timed-new"
fi
exit $same
