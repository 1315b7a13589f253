#!/usr/bin/env bash
# sanitize.sh - run the importer's and the runtime's tests under ASan + UBSan.
#
# A separate small build (build-asan/) of just the test binaries and what
# they link: the onnx dialect, the importer and the runtime. Runs both unit
# test binaries and the Debian ONNX conformance suite through the runtime
# (the runtime has no uninstrumented dependencies, so leaks are checked),
# then `hwc report` and `hwc simplify` on the example, a lit input and the
# shared models.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ASAN_DIR="${HWC_ASAN_DIR:-$ROOT/build-asan}"

if [ ! -f "$ASAN_DIR/build.ninja" ]; then
  cmake -S "$ROOT" -B "$ASAN_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DHWC_ENABLE_SANITIZERS=ON \
    -DLLVM_EXTERNAL_LIT=/usr/lib/llvm-19/build/utils/lit/lit.py > /dev/null
fi
cmake --build "$ASAN_DIR" --target hwc-unittests hwc-runtime-tests hwc-conformance hwc
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# LLVM's shared libraries are not instrumented; leaks inside them are not ours.
ASAN_OPTIONS=detect_leaks=0 "$ASAN_DIR/bin/hwc-unittests"
ASAN_OPTIONS=detect_leaks=1 "$ASAN_DIR/bin/hwc-runtime-tests"
ASAN_OPTIONS=detect_leaks=1 "$ASAN_DIR/bin/hwc-conformance" --suite debian \
  --dir /usr/share/libonnx-testdata/data/node --timeout 600 \
  --expected-failures "$ROOT/tests/conformance/expected-failures-debian.txt" \
  | tail -8

# hwc report on real models: every target's rules, cost models, partitioner
# and all four writers. Exit codes 0/10/20 are verdicts; anything else (a
# sanitizer abort included) fails.
shopt -s nullglob
for model in "$ROOT/examples/mnist-8.onnx" "$ROOT/lit/tools/Inputs/report-cnn.onnxtxt" \
             "$ROOT/lit/import/if.onnxtxt" "$ROOT/lit/import/loop.onnxtxt" \
             "$ROOT"/../shared/models/*/model.onnx; do
  for format in json html; do
    status=0
    ASAN_OPTIONS=detect_leaks=0 "$ASAN_DIR/bin/hwc" report "$model" --format=$format \
      --fallback=host --quantize=int8 -o /dev/null || status=$?
    if [ "$status" -ne 0 ] && [ "$status" -ne 10 ] && [ "$status" -ne 20 ]; then
      echo "sanitize: hwc report $model --format=$format exited $status" >&2
      exit 1
    fi
  done
  # Folding (runtime kernels through the bridge) and the ONNX exporter.
  ASAN_OPTIONS=detect_leaks=0 "$ASAN_DIR/bin/hwc" simplify "$model" -o "$ASAN_DIR/simplified.onnx"
done
echo "sanitize: hwc report and hwc simplify under ASan + UBSan: clean"

# The neuromorphic back end: conversion, calibration, quantization, core
# mapping, the .hwcn and NIR writers, and the spiking simulator on a batch
# of digits over two threads (stats, outputs, inspect).
SNN="$ASAN_DIR/snn"
rm -rf "$SNN" && mkdir -p "$SNN/calib"
"$ROOT/.venv/bin/python" -c "
import numpy as np
im = np.load('$ROOT/tests/data/mnist/calibration_images_u8.npy')[:24].astype(np.float32) / 255
np.save('$SNN/calib/Input3.npy', im[:16].reshape(-1, 1, 28, 28))
np.save('$SNN/batch.npy', im[16:].reshape(-1, 1, 28, 28))"
for output in mnist.hwcn mnist.nir; do
  ASAN_OPTIONS=detect_leaks=0 "$ASAN_DIR/bin/hwc" compile --target=neuromorphic \
    "$ROOT/examples/mnist-8.onnx" --calib "$SNN/calib" --snn-maxpool=approx --timesteps auto \
    --threads 2 -o "$SNN/$output" > /dev/null
done
ASAN_OPTIONS=detect_leaks=0 "$ASAN_DIR/bin/hwc" run "$SNN/mnist.hwcn" \
  --input "Input3=$SNN/batch.npy" --timesteps 4,16 --threads 2 --output-dir "$SNN/out" \
  --stats "$SNN/stats.json" > /dev/null
ASAN_OPTIONS=detect_leaks=0 "$ASAN_DIR/bin/hwc" inspect "$SNN/mnist.hwcn" > /dev/null
ASAN_OPTIONS=detect_leaks=0 "$ASAN_DIR/bin/hwc" report "$ROOT/examples/mnist-8.onnx" \
  --targets=neuromorphic --calib "$SNN/calib" -o /dev/null || [ $? -eq 20 ]
echo "sanitize: neuromorphic compile, run, inspect and report under ASan + UBSan: clean"
