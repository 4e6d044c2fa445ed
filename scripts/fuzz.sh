#!/usr/bin/env bash
# Fuzz every target for a fixed budget with cargo fuzz (libFuzzer + AddressSanitizer).
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]      (default: 60 s, all targets)
#
# Works on the stable toolchain: cargo fuzz needs nightly-only compiler flags (-Zsanitizer,
# coverage instrumentation), which RUSTC_BOOTSTRAP=1 unlocks on stable. Installs cargo-fuzz if
# it is missing. Seeds in fuzz/seeds/<target>/ are copied into the working corpus
# fuzz/corpus/<target>/ (git-ignored) first, so a run starts from real content files and keeps
# what it learns for the next run. Targets run FUZZ_JOBS at a time (default 2, one per core).
#
# Prints the executions per target (libFuzzer's `stat::number_of_executed_units`) and exits
# non-zero if any target crashes, hangs (-timeout=10 s per input) or runs out of memory
# (-rss_limit_mb=2048); the input that did it is kept in fuzz/artifacts/<target>/ and printed.
set -euo pipefail
cd "$(dirname "$0")/.."

secs=${1:-60}
shift || true
all_targets=(frontmatter yaml_loader partial_date markdown request_head)
if [ $# -gt 0 ]; then targets=("$@"); else targets=("${all_targets[@]}"); fi
jobs=${FUZZ_JOBS:-2}
# Same flags for build and run, so `cargo fuzz run` finds the build up to date. Debug
# assertions and overflow checks are on (cargo fuzz's default).
flags=(--sanitizer "${FUZZ_SANITIZER:-address}")
export RUSTC_BOOTSTRAP=1
export CARGO_TERM_COLOR=never

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "cargo-fuzz not found: installing it from crates.io (a few minutes, once)"
  cargo install cargo-fuzz --locked
fi
cargo fuzz --version

logs=fuzz/target/fuzz-logs
mkdir -p "$logs"
for t in "${targets[@]}"; do
  [ -d "fuzz/seeds/$t" ] || { echo "unknown target $t (no fuzz/seeds/$t)" >&2; exit 2; }
  mkdir -p "fuzz/corpus/$t" "fuzz/artifacts/$t"
  cp -n fuzz/seeds/"$t"/* "fuzz/corpus/$t/"
  rm -f "$logs/$t.log" "$logs/$t.rc"
done

start=$SECONDS
(cd fuzz && cargo fuzz build "${flags[@]}")
echo "fuzz build: $((SECONDS - start)) s"

run_target() {
  local t=$1 rc=0
  (cd fuzz && cargo fuzz run "${flags[@]}" "$t" "corpus/$t" -- \
    -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1) \
    >"$logs/$t.log" 2>&1 || rc=$?
  echo "$rc" >"$logs/$t.rc"
}

start=$SECONDS
running=0
for t in "${targets[@]}"; do
  run_target "$t" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then
    wait -n || true
    running=$((running - 1))
  fi
done
wait || true
echo "fuzzing: $((SECONDS - start)) s for ${#targets[@]} targets, ${secs} s each, $jobs at a time"

failed=0
total=0
echo
printf '%-14s %14s  %s\n' target executions result
for t in "${targets[@]}"; do
  log="$logs/$t.log"
  rc=$(cat "$logs/$t.rc" 2>/dev/null || echo 1)
  execs=$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\).*/\1/p' "$log" | tail -n 1)
  if [ -z "$execs" ]; then
    # Without the final stats (a crash can cut them), the last `#N` status line says it.
    execs=$(sed -n 's/^#\([0-9][0-9]*\)[[:space:]].*/\1/p' "$log" | tail -n 1)
  fi
  execs=${execs:-0}
  if [ "$rc" = 0 ] && grep -q '^Done [0-9]* runs' "$log"; then
    result="ok, no crash"
    total=$((total + execs))
  else
    result="FAILED (exit $rc)"
    failed=1
  fi
  printf '%-14s %14s  %s\n' "$t" "$execs" "$result"
done
echo "total: $total executions without a crash"

if [ "$failed" != 0 ]; then
  for t in "${targets[@]}"; do
    [ "$(cat "$logs/$t.rc" 2>/dev/null || echo 1)" = 0 ] && continue
    echo
    echo "===== $t: last lines of $logs/$t.log ====="
    tail -n 60 "$logs/$t.log"
    for a in fuzz/artifacts/"$t"/*; do
      [ -f "$a" ] || continue
      echo "--- input $a ($(wc -c <"$a") bytes):"
      head -c 2000 "$a" | od -c | sed -n 1,40p
    done
  done
  echo
  echo "fuzzing found a crash: reproduce with"
  echo "  (cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run <target> artifacts/<target>/<file>)"
  echo "then copy the input to tests/fixtures/fuzz-regressions/<target>-<n>.bin (tests/fuzz_regressions.rs runs it)"
  exit 1
fi
