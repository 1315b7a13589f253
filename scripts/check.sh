#!/usr/bin/env bash
# check.sh - run every hwc test and print one summary line.
#
# Runs ctest in build/ (lit regression tests as one ctest entry, the
# GoogleTest unit tests, the real-model suite), then counts individual lit
# tests from lit's own summary. The last line reads "N passed, N failed".
# Set HWC_SANITIZE=1 to also build and run the importer's unit tests under
# AddressSanitizer and UBSan in build-asan/.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${HWC_BUILD_DIR:-$ROOT/build}"
LOG="$BUILD_DIR/check.log"

cmake --build "$BUILD_DIR" || { echo "0 passed, 1 failed"; exit 1; }

(cd "$BUILD_DIR" && ctest --output-on-failure -j2) 2>&1 | tee "$LOG"
ctest_status=${PIPESTATUS[0]}

sanitizer_status=0
if [ "${HWC_SANITIZE:-0}" = 1 ]; then
  "$ROOT/scripts/sanitize.sh" 2>&1 | tee -a "$LOG"
  sanitizer_status=${PIPESTATUS[0]}
fi

# lit's per-test results: "PASS: hwc :: file", "XFAIL: ...", "FAIL: ...".
lit_passed=$(grep -cE '^(PASS|XFAIL): hwc :: ' "$LOG")
lit_failed=$(grep -cE '^(FAIL|XPASS|UNRESOLVED): hwc :: ' "$LOG")
lit_unsupported=$(grep -cE '^UNSUPPORTED: hwc :: ' "$LOG")
# ctest entries other than the lit entry itself.
ctest_passed=$(grep -E 'Test +#[0-9]+: ' "$LOG" | grep -v ' lit ' | grep -c ' Passed')
ctest_failed=$(grep -E 'Test +#[0-9]+: ' "$LOG" | grep -v ' lit ' | grep -cE '\*\*\*(Failed|Exception|Timeout)|Failed')
ctest_skipped=$(grep -E 'Test +#[0-9]+: ' "$LOG" | grep -c 'Skipped')

passed=$((lit_passed + ctest_passed))
failed=$((lit_failed + ctest_failed))
if [ "$ctest_status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
if [ "$sanitizer_status" -ne 0 ]; then failed=$((failed + 1)); fi
echo "lit: $lit_passed passed, $lit_failed failed, $lit_unsupported unsupported;" \
     "ctest: $ctest_passed passed, $ctest_failed failed, $ctest_skipped skipped"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
