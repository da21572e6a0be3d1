#!/usr/bin/env bash
# Proves that ops/fuzz.sh fails a target whose log shows no fuzzing: a log without libFuzzer's
# "Done N runs" line (surefire replayed the corpus only) and one with 0 runs are refused, a log
# with runs is accepted. Run by .ci/run before the fuzzing itself.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "check-fuzz-gate: $*" >&2; exit 1; }

printf '[INFO] Tests run: 1, Failures: 0, Errors: 0, Skipped: 0\n' >"$work/replay.log"
printf 'INFO: fuzzing\nDone 0 runs in 0 second(s)\n' >"$work/zero.log"
printf '#2048 pulse cov: 311\nDone 184467 runs in 20 second(s)\n' >"$work/fuzzed.log"

if ops/fuzz.sh --check-log "$work/replay.log" 2>"$work/err"; then
  fail "a log without fuzzing runs was accepted"
fi
grep -q "the fuzzer did not run" "$work/err" || fail "no reason given: $(cat "$work/err")"
if ops/fuzz.sh --check-log "$work/zero.log" 2>"$work/err"; then
  fail "a log of 0 runs was accepted"
fi
grep -q "reported 0 runs" "$work/err" || fail "no reason given: $(cat "$work/err")"
[ "$(ops/fuzz.sh --check-log "$work/fuzzed.log")" = "184467 runs" ] || fail "a fuzzed log was refused"
echo "check-fuzz-gate: ok (no runs and 0 runs refused, 184467 runs accepted)"
