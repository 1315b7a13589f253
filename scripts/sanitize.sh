#!/usr/bin/env bash
# sanitize.sh - build and run the importer's unit tests under ASan + UBSan.
#
# A separate small build (build-asan/) of just the unit-test binary and what
# it links: the onnx dialect and the importer.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ASAN_DIR="${HWC_ASAN_DIR:-$ROOT/build-asan}"

if [ ! -f "$ASAN_DIR/build.ninja" ]; then
  cmake -S "$ROOT" -B "$ASAN_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DHWC_ENABLE_SANITIZERS=ON \
    -DLLVM_EXTERNAL_LIT=/usr/lib/llvm-19/build/utils/lit/lit.py > /dev/null
fi
cmake --build "$ASAN_DIR" --target hwc-unittests
# LLVM's shared libraries are not instrumented; leaks inside them are not ours.
ASAN_OPTIONS=detect_leaks=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  "$ASAN_DIR/bin/hwc-unittests"
