#!/usr/bin/env bash
# setup.sh - install hwc's dependencies and build it (idempotent).
#
# Installs Debian 12 packages (as root, or through sudo when run as a normal
# user), creates the git-ignored Python virtual environment .venv with the
# test oracles from PyPI, then configures CMake + Ninja into build/ (with
# ccache) and builds. Re-running only does what is missing or out of date.
#
# Environment: HWC_BUILD_DIR (default build), HWC_SKIP_APT=1 to skip apt,
# HWC_SKIP_VENV=1 to skip the virtual environment.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${HWC_BUILD_DIR:-$ROOT/build}"

DEBIAN_PACKAGES=(
  llvm-19-dev libmlir-19-dev mlir-19-tools llvm-19-tools
  libonnx-dev libprotobuf-dev protobuf-compiler libcli11-dev libgtest-dev
  libonnx-testdata libhdf5-dev cmake ninja-build ccache g++ git
  python3 python3-venv python3-pip
)
# onnx is pinned: 1.20.1 is the newest release whose wheel still ships the
# backend node tests (onnx/backend/test/data/node) that the second
# conformance suite runs; 1.21+ dropped them from the wheel.
ONNX_VERSION=1.20.1
# scalesim is SCALE-Sim v2, the oracle of the systolic cycle model; 3.x is a
# different simulator (v3), so the v2 release is pinned.
SCALESIM_VERSION=2.0.2
# nir reads back every .nir hwc writes (nir.read with its type check).
PYTHON_PACKAGES=("onnx==$ONNX_VERSION" onnxruntime numpy jsonschema
                 "scalesim==$SCALESIM_VERSION" nir)

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

install_debian_packages() {
  local missing=()
  for package in "${DEBIAN_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
      || missing+=("$package")
  done
  if [ "${#missing[@]}" -eq 0 ]; then
    echo "setup: Debian packages already installed"
    return
  fi
  echo "setup: installing ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    --no-install-recommends "${missing[@]}"
}

create_virtualenv() {
  local venv="$ROOT/.venv"
  if [ ! -x "$venv/bin/python" ]; then
    echo "setup: creating $venv"
    /usr/bin/python3 -m venv "$venv"
  fi
  if ! "$venv/bin/python" -c "import onnx, onnxruntime, numpy, jsonschema, scalesim, nir
from importlib.metadata import version
assert onnx.__version__ == '$ONNX_VERSION'
assert version('scalesim') == '$SCALESIM_VERSION'" 2>/dev/null; then
    echo "setup: installing ${PYTHON_PACKAGES[*]} into .venv"
    "$venv/bin/pip" install -q --disable-pip-version-check "${PYTHON_PACKAGES[@]}"
  fi
}

configure_and_build() {
  if [ ! -f "$BUILD_DIR/build.ninja" ]; then
    cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja \
      -DCMAKE_BUILD_TYPE=Release \
      -DLLVM_EXTERNAL_LIT=/usr/lib/llvm-19/build/utils/lit/lit.py
  fi
  cmake --build "$BUILD_DIR"
}

[ "${HWC_SKIP_APT:-0}" = 1 ] || install_debian_packages
[ "${HWC_SKIP_VENV:-0}" = 1 ] || create_virtualenv
configure_and_build
echo "setup: done; tools are in $BUILD_DIR/bin"
