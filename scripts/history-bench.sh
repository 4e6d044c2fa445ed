#!/usr/bin/env bash
# The change record's cost (`history: git`): a generated site made into a git repository with
# a few commits per recommendation file, built with and without `history: git`, alternating.
# Usage: scripts/history-bench.sh [SIZE] [RUNS]      e.g. scripts/history-bench.sh 10000 5
# HISTORY_DIR (default /tmp/scrutiny-history-bench; the repository is made once per size).
# Needs git and perl. Prints the median wall time of each, and the extra time and share: with
# nothing stored (a fresh clone's first build) and with the record stored by the build before.
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-10000}
runs=${2:-5}
work=${HISTORY_DIR:-/tmp/scrutiny-history-bench}
cargo build --release --locked --quiet
cargo build --release --locked --quiet --example gen_site
bin=${CARGO_TARGET_DIR:-$PWD/target}/release/scrutiny
site="$work/site-$size"
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
export GIT_AUTHOR_NAME=Bench GIT_AUTHOR_EMAIL=bench@example.org GIT_COMMITTER_NAME=Bench GIT_COMMITTER_EMAIL=bench@example.org
commit() { # date, message
  GIT_AUTHOR_DATE="$1T10:00:00+00:00" GIT_COMMITTER_DATE="$1T10:00:00+00:00" git -C "$site" commit -qam "$2"
}
if [ ! -d "$site/.git" ]; then
  rm -rf "$site"
  mkdir -p "$work"
  "${CARGO_TARGET_DIR:-$PWD/target}"/release/examples/gen_site "$size" "$site" >/dev/null
  git -C "$site" -c init.defaultBranch=main init -q
  git -C "$site" config gc.auto 0 # one gc at the end, not one started in the background mid-way
  git -C "$site" add -A
  commit 2025-01-10 "The action plans as agreed"
  recs() { find "$site/content" -path '*/recommendations/*.md' | sort; }
  # Five commits, each editing some of the files as a plan's keepers do: responses rewritten
  # (every 2nd file), target dates moved (every 3rd), an update added (every file), statuses
  # moved on (every file not started), one sentence corrected (every 5th).
  recs | awk 'NR%2==0' | xargs perl -0777 -pi -e 's/\n\z/\nThe response was revised after the Cabinet meeting.\n/'
  commit 2025-03-12 "Responses revised"
  recs | awk 'NR%3==0' | xargs perl -pi -e 's/^due: (\d{4})/"due: ".($1+1)/e'
  commit 2025-05-14 "Target dates"
  recs | xargs perl -0777 -pi -e 's/\nupdates:\n/\nupdates:\n  - date: 2025-06-20\n    note: Progress was reported to the committee.\n/'
  commit 2025-06-20 "June updates"
  recs | xargs perl -pi -e 's/^status: not-started/status: in-progress/'
  commit 2025-08-01 "Statuses"
  recs | awk 'NR%5==0' | xargs perl -pi -e 's/^title: "(\w)/title: "The $1/'
  commit 2025-09-03 "Titles corrected"
  # Packed, as a clone is (a clone's objects come packed; fresh commits are loose files).
  git -C "$site" gc -q
fi
echo "$(git -C "$site" rev-list --count HEAD) commits; $(git -C "$site" rev-list --objects --all | wc -l) objects"
out=/dev/shm/scrutiny-history-bench-out
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
: > "$work/off" ; : > "$work/cold" ; : > "$work/warm"
# Each round: without history; with it and no stored record (a fresh clone's first build);
# with the record the build before stored in .git/scrutiny/ (a later build, no new commit).
for _ in $(seq "$runs"); do
  for mode in off cold warm; do
    if [ "$mode" = off ]; then sed -i '/^history: git/d' "$site/site.yaml"
    else grep -q '^history: git' "$site/site.yaml" || echo "history: git" >> "$site/site.yaml"; fi
    [ "$mode" = cold ] && rm -rf "$site/.git/scrutiny"
    rm -rf "$out"
    sleep 2
    /usr/bin/time -f "%e" -o "$work/t" "$bin" --root "$site" --today 2026-11-26 build --output "$out" >/dev/null 2>&1
    cat "$work/t" >> "$work/$mode"
  done
done
sed -i '/^history: git/d' "$site/site.yaml"
off=$(median < "$work/off"); cold=$(median < "$work/cold"); warm=$(median < "$work/warm")
echo "size $size: without history ${off} s; with history ${cold} s with nothing stored, ${warm} s with the record stored (medians of $runs)"
awk -v a="$off" -v b="$cold" -v c="$warm" 'BEGIN { printf "extra: nothing stored %.3f s, %.1f%%; stored %.3f s, %.1f%%\n", b-a, (b-a)/a*100, c-a, (c-a)/a*100 }'
