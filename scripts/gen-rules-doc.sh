#!/usr/bin/env bash
# gen-rules-doc.sh - regenerate docs/rules.md from the targets' rule tables.
#
# The tables live in targets/<t>/<T>Target.cpp; `hwc report --list-rules`
# prints them. lit/tools/report-rules-doc.test fails when the committed file
# is stale.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${HWC_BUILD_DIR:-$ROOT/build}"
exec "$BUILD_DIR/bin/hwc" report --list-rules -o "$ROOT/docs/rules.md"
