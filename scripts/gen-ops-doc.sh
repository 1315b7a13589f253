#!/usr/bin/env bash
# gen-ops-doc.sh - regenerate docs/ops.md from fresh conformance results.
#
# Runs both conformance suites with the built hwc-conformance, then
# tests/conformance/gen_ops_md.py. With --check, only compares (CI).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${HWC_BUILD_DIR:-$ROOT/build}"
RUNNER="$BUILD_DIR/bin/hwc-conformance"
PYTHON="$ROOT/.venv/bin/python"
PYPI_NODE="$("$PYTHON" -c 'import onnx, os; print(os.path.join(os.path.dirname(onnx.__file__), "backend/test/data/node"))')"
OUT="$BUILD_DIR/ops-doc"
mkdir -p "$OUT"
"$RUNNER" --list-kernels > "$OUT/kernels.json"
for suite in debian pypi; do
  dir=/usr/share/libonnx-testdata/data/node
  [ "$suite" = pypi ] && dir="$PYPI_NODE"
  "$RUNNER" --suite "$suite" --dir "$dir" \
    --expected-failures "$ROOT/tests/conformance/expected-failures-$suite.txt" \
    --json "$OUT/$suite.json" > "$OUT/$suite.log" || true
done
exec "$PYTHON" "$ROOT/tests/conformance/gen_ops_md.py" --kernels "$OUT/kernels.json" \
  --suite "debian=$OUT/debian.json" --suite "pypi=$OUT/pypi.json" \
  -o "$ROOT/docs/ops.md" "$@"
