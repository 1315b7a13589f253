#!/usr/bin/env bash
# check.sh - run every hwc test and print one summary line.
#
# Runs the lit regression tests (one result line per test), then ctest for
# the GoogleTest unit tests, both ONNX conformance suites (their PASS counts
# are printed), the docs/ops.md freshness check and the real-model suites
# (SKIPPED when ../shared/models is absent). With HWC_SANITIZE=1 it also builds and runs
# the importer's unit tests under AddressSanitizer and UBSan (build-asan/).
# The last line reads "N passed, N failed".
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${HWC_BUILD_DIR:-$ROOT/build}"
LIT=/usr/lib/llvm-19/build/utils/lit/lit.py
LOG="$BUILD_DIR/check.log"

cmake --build "$BUILD_DIR" || { echo "0 passed, 1 failed"; exit 1; }
: > "$LOG"

echo "== lit"
python3 "$LIT" -v "$BUILD_DIR/lit" 2>&1 | tee -a "$LOG"
lit_status=${PIPESTATUS[0]}

echo "== ctest (unit tests, real models)"
(cd "$BUILD_DIR" && ctest --output-on-failure -j2 -E '^lit$') 2>&1 | tee -a "$LOG"
ctest_status=${PIPESTATUS[0]}

if [ "${HWC_SANITIZE:-0}" = 1 ]; then
  echo "== unit tests under ASan + UBSan"
  if "$ROOT/scripts/sanitize.sh" > "$BUILD_DIR/sanitize.log" 2>&1; then
    echo "SANITIZERS: PASS" | tee -a "$LOG"
  else
    tail -40 "$BUILD_DIR/sanitize.log"
    echo "SANITIZERS: FAIL" | tee -a "$LOG"
  fi
  grep -E '^\[  (PASSED|FAILED)  \]' "$BUILD_DIR/sanitize.log" || true
fi

count() { grep -cE "$1" "$LOG"; }
lit_passed=$(count '^(PASS|XFAIL): hwc :: ')
lit_failed=$(count '^(FAIL|XPASS|UNRESOLVED|TIMEOUT): hwc :: ')
lit_unsupported=$(count '^UNSUPPORTED: hwc :: ')
ctest_passed=$(count 'Test +#[0-9]+: .* Passed')
ctest_failed=$(count 'Test +#[0-9]+: .*\*\*\*(Failed|Exception|Timeout)')
ctest_skipped=$(count 'Test +#[0-9]+: .*\*\*\*Skipped')
asan_passed=$(count '^SANITIZERS: PASS')
asan_failed=$(count '^SANITIZERS: FAIL')

passed=$((lit_passed + ctest_passed + asan_passed))
failed=$((lit_failed + ctest_failed + asan_failed))
# A runner that failed without a per-test failure line still fails the run.
if [ "$lit_status" -ne 0 ] && [ "$lit_failed" -eq 0 ]; then failed=$((failed + 1)); fi
if [ "$ctest_status" -ne 0 ] && [ "$ctest_failed" -eq 0 ]; then failed=$((failed + 1)); fi
# The two ONNX conformance suites' counts, from ctest's log of this run.
echo "== ONNX conformance (reference runtime)"
grep -A7 -E '^conformance (debian|pypi):' "$BUILD_DIR/Testing/Temporary/LastTest.log" \
  | grep -E '^conformance|^  (PASS|FAIL|UNSUPPORTED|XFAIL|XPASS|typed-op)' || echo "(no conformance results)"
echo "lit: $lit_passed passed, $lit_failed failed, $lit_unsupported unsupported;" \
     "ctest: $ctest_passed passed, $ctest_failed failed, $ctest_skipped skipped" \
     "(models are skipped when ../shared/models is absent)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
