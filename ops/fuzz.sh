#!/usr/bin/env bash
# Fuzzes every Jazzer @FuzzTest of the protocol module for a bounded time each.
#
#   ops/fuzz.sh SECONDS_PER_TARGET
#   ops/fuzz.sh --check-log LOG      (exit 0 only if LOG shows libFuzzer ran at least once)
#
# Jazzer fuzzes one @FuzzTest per JVM, so this runs one surefire invocation per target, after one
# ordinary build that also replays the committed corpus. Inputs that crash a target are written
# next to its seeds (src/test/resources/.../<Class>Inputs/<method>/crash-*) and fail the run; commit
# them, once fixed, as regression inputs. The corpus the fuzzer grows lives in
# protocol/.cifuzz-corpus/ (ignored by git) and is reused by the next run on the same machine.
set -euo pipefail
cd "$(dirname "$0")/.."

# A target fuzzed only if libFuzzer reports its runs ("Done 123456 runs in 20 second(s)"): a
# surefire run that fell back to replaying the corpus, or never started the fuzzer, passes in
# seconds without fuzzing anything, and must fail here instead.
fuzzed_runs() { # log file; prints the run count, or nothing
  sed -n 's/^Done \([0-9][0-9]*\) runs.*/\1/p' "$1" | tail -1
}
check_log() { # log file; fails with the reason unless the fuzzer ran
  local runs
  runs=$(fuzzed_runs "$1")
  if [ -z "$runs" ]; then
    echo "no 'Done N runs' line in $1: the fuzzer did not run (regression mode only?)" >&2
    return 1
  fi
  if [ "$runs" -eq 0 ]; then
    echo "the fuzzer reported 0 runs in $1" >&2
    return 1
  fi
  echo "$runs runs"
}
if [ "${1:-}" = "--check-log" ]; then
  check_log "${2:?usage: ops/fuzz.sh --check-log LOG}"
  exit
fi

seconds=${1:?usage: ops/fuzz.sh SECONDS_PER_TARGET}
if ! [[ $seconds =~ ^[1-9][0-9]*$ ]]; then
  echo "SECONDS_PER_TARGET must be a positive integer" >&2
  exit 2
fi

# A modest heap, so a hostile length that makes a codec allocate shows up as OutOfMemoryError.
heap=-Xmx256m
fuzz_dir=protocol/src/test/java/io/streamrp2p/protocol/fuzz

# Class#method for each @FuzzTest: the first "void name(" after the annotation.
mapfile -t targets < <(
  for file in "$fuzz_dir"/*FuzzTest.java; do
    awk -v cls="$(basename "$file" .java)" '
      /@FuzzTest/ { pending = 1; next }
      pending && match($0, /void [A-Za-z0-9_]+\(/) {
        print cls "#" substr($0, RSTART + 5, RLENGTH - 6); pending = 0
      }' "$file"
  done)
[ ${#targets[@]} -gt 0 ] || { echo "no @FuzzTest found under $fuzz_dir" >&2; exit 1; }

./mvnw -q -B -pl protocol test -Dtest='*FuzzTest' -DargLine="$heap"

failed=()
for target in "${targets[@]}"; do
  echo "=== fuzzing $target for ${seconds}s"
  # jazzer.internal.arg.* are libFuzzer arguments (the first is argv[0]); Jazzer appends them
  # after the annotation's maxDuration, so this -max_total_time wins.
  log="protocol/target/fuzz-${target//#/-}.log"
  if ! ./mvnw -q -B -o -pl protocol surefire:test \
      -Djazzer.fuzz=1 -Dtest="$target" -DargLine="$heap" \
      -Djazzer.internal.arg.0=fuzz -Djazzer.internal.arg.1=-max_total_time="$seconds" \
      > "$log" 2>&1; then
    failed+=("$target")
    grep -E -A30 '== Java Exception|FuzzTestFindingException|Crash|ERROR' "$log" | head -80 || true
  elif ! check_log "$log"; then
    failed+=("$target")
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzzing found problems in: ${failed[*]} (logs in protocol/target/fuzz-*.log)" >&2
  git status --short -- 'protocol/src/test/resources/**/crash-*' >&2 || true
  exit 1
fi
echo "fuzzed ${#targets[@]} targets for ${seconds}s each: no findings"
