#!/usr/bin/env python3
"""Import benchmark: `hwc import` versus ONNX Runtime session creation.

Generates a synthetic ResNet-50 (inline weights and an external-data variant)
with hwc-modelgen, then measures for each file:

  * `hwc import MODEL -o /dev/null`: wall time (median, min) and the child's
    peak RSS, one fresh process per repetition;
  * ONNX Runtime `InferenceSession(...)` constructor time with the default
    graph optimization level and with ORT_DISABLE_ALL, also one fresh
    process per repetition so no in-process cache helps.

It prints a table and the goals (import <= 1.5 s, <= 1.0x ORT, RSS <= 2x
file size) with PASS/MISS. A missed goal is only reported; the exit status
is non-zero only when something could not be run.

Usage: .venv/bin/python bench/import_bench.py --build build [--repeat 5]
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import List, Optional

# Goals the importer is held to.
GOAL_IMPORT_SECONDS = 1.5
GOAL_RATIO_TO_ORT = 1.0
GOAL_RSS_OVER_FILE = 2.0

MB = 1e6

# Runs in a fresh interpreter; only the constructor is timed, not the import
# of onnxruntime itself.
ORT_CHILD = r"""
import json, sys, time
import onnxruntime as ort
path, level = sys.argv[1], sys.argv[2]
options = None  # "default": exactly what a user gets without SessionOptions
if level != "default":
    options = ort.SessionOptions()
    options.graph_optimization_level = getattr(ort.GraphOptimizationLevel,
                                               level)
start = time.perf_counter()
ort.InferenceSession(path, sess_options=options,
                     providers=["CPUExecutionProvider"])
print(json.dumps({"seconds": time.perf_counter() - start}))
"""


class BenchError(Exception):
    """Something needed for the benchmark could not be run."""


@dataclass
class ModelResult:
    """Measurements for one model file; None where not measured."""

    name: str
    path: Path
    size_bytes: int
    hwc_seconds: List[float] = field(default_factory=list)
    hwc_rss_bytes: Optional[int] = None
    hwc_error: Optional[str] = None
    ort_seconds: List[float] = field(default_factory=list)
    ort_noopt_seconds: List[float] = field(default_factory=list)
    ort_error: Optional[str] = None


def model_size(path: Path) -> int:
    """Size of the model plus its external data file, if any."""
    size = path.stat().st_size
    data = path.with_name(path.name + ".data")
    if data.exists():
        size += data.stat().st_size
    return size


def warm_page_cache(path: Path) -> None:
    """Reads the files once so the first timed run is not a cold-disk run."""
    for p in (path, path.with_name(path.name + ".data")):
        if p.exists():
            with open(p, "rb") as f:
                while f.read(1 << 24):
                    pass


def ensure_models(modelgen: Path, bench_dir: Path) -> List[Path]:
    """Generates the benchmark models unless they already exist."""
    bench_dir.mkdir(parents=True, exist_ok=True)
    wanted = [
        (bench_dir / "resnet50.onnx", []),
        (bench_dir / "resnet50_ext.onnx", ["--external-data"]),
    ]
    for path, extra in wanted:
        if path.exists():
            continue
        if not modelgen.exists():
            raise BenchError(
                f"{path} is missing and the generator {modelgen} does not "
                "exist; build the project first (target hwc-modelgen)")
        cmd = [str(modelgen), "--arch=resnet50", "-o", str(path)] + extra
        print("generating:", " ".join(cmd), flush=True)
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode != 0:
            raise BenchError(f"hwc-modelgen failed: {done.stderr.strip()}")
    return [path for path, _ in wanted]


def run_measured(cmd: List[str], timeout: float):
    """Runs cmd in a fresh process; returns (seconds, exit code, peak RSS in
    bytes, stderr text). wait4 gives the rusage of exactly this child."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=err)
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        seconds = time.perf_counter() - start
        timed_out = seconds >= timeout
        # We reaped the child ourselves; tell Popen so it does not try again.
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode(errors="replace")
        if timed_out:
            stderr += f"\nkilled: timed out after {timeout:g} s"
    # ru_maxrss is in KiB on Linux.
    return seconds, proc.returncode, usage.ru_maxrss * 1024, stderr


def bench_hwc(hwc: Path, result: ModelResult, repeat: int,
              timeout: float) -> None:
    """Times `hwc import` on the model, one fresh process per repetition."""
    cmd = [str(hwc), "import", str(result.path), "-o", os.devnull]
    peak = 0
    for _ in range(repeat):
        seconds, code, rss, stderr = run_measured(cmd, timeout)
        if code != 0:
            tail = stderr.strip().splitlines()[-1:] or ["(no stderr)"]
            result.hwc_error = f"exit {code}: {tail[0]}"
            return
        result.hwc_seconds.append(seconds)
        peak = max(peak, rss)
    result.hwc_rss_bytes = peak


def bench_ort(path: Path, level: str, repeat: int,
              timeout: float) -> List[float]:
    """Times InferenceSession creation, one fresh interpreter per repetition."""
    times = []
    for _ in range(repeat):
        try:
            done = subprocess.run(
                [sys.executable, "-c", ORT_CHILD, str(path), level],
                capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise BenchError(f"ORT session creation ({level}) on {path} "
                             f"timed out after {timeout:g} s")
        if done.returncode != 0:
            last = (done.stderr.strip().splitlines() or ["(no stderr)"])[-1]
            raise BenchError(f"ORT session creation failed on {path}: {last}")
        times.append(json.loads(done.stdout.strip().splitlines()[-1])["seconds"])
    return times


def fmt(value: Optional[float], spec: str = ".3f") -> str:
    return "n/a" if value is None else format(value, spec)


def median(values: List[float]) -> Optional[float]:
    return statistics.median(values) if values else None


def verdict(value: Optional[float], limit: float) -> str:
    if value is None:
        return "n/a "
    return "PASS" if value <= limit else "MISS"


def print_report(results: List[ModelResult]) -> None:
    """Prints the measurement table and the goal check."""
    header = ["model", "file MB", "hwc med s", "hwc min s", "hwc RSS MB",
              "RSS/file", "ORT s", "ORT noopt s", "hwc/ORT"]
    rows = []
    for r in results:
        hwc_med = median(r.hwc_seconds)
        rss_mb = r.hwc_rss_bytes / MB if r.hwc_rss_bytes else None
        ort_med = median(r.ort_seconds)
        rows.append([
            r.name, fmt(r.size_bytes / MB, ".1f"), fmt(hwc_med),
            fmt(min(r.hwc_seconds) if r.hwc_seconds else None),
            fmt(rss_mb, ".1f"),
            fmt(rss_mb / (r.size_bytes / MB) if rss_mb else None, ".2f"),
            fmt(ort_med), fmt(median(r.ort_noopt_seconds)),
            fmt(hwc_med / ort_med if hwc_med and ort_med else None, ".2f"),
        ])
    widths = [max(len(str(row[i])) for row in [header] + rows)
              for i in range(len(header))]
    for row in [header] + rows:
        print("  ".join(str(cell).rjust(w) if i else str(cell).ljust(w)
                        for i, (cell, w) in enumerate(zip(row, widths))))

    print("\ngoals (on medians):")
    for r in results:
        hwc_med = median(r.hwc_seconds)
        ort_med = median(r.ort_seconds)
        ratio = hwc_med / ort_med if hwc_med and ort_med else None
        rss = (r.hwc_rss_bytes / r.size_bytes) if r.hwc_rss_bytes else None
        print(f"  {r.name}:")
        checks = [
            (hwc_med, GOAL_IMPORT_SECONDS, "import time", " s", ".3f"),
            (ratio, GOAL_RATIO_TO_ORT, "import / ORT session", "x", ".2f"),
            (rss, GOAL_RSS_OVER_FILE, "peak RSS / file size", "x", ".2f"),
        ]
        for value, limit, label, unit, spec in checks:
            got = "not measured" if value is None else f"{value:{spec}}{unit}"
            print(f"    [{verdict(value, limit)}] {label:<21} <= "
                  f"{limit}{unit:<2}  got {got}")
        if r.hwc_error:
            print(f"    hwc import failed: {r.hwc_error}")
        if r.ort_error:
            print(f"    ORT reference failed: {r.ort_error}")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--build", type=Path, default=Path("build"),
                        help="build directory holding bin/hwc (default: build)")
    parser.add_argument("--repeat", type=int, default=5,
                        help="fresh-process runs per measurement (default: 5)")
    parser.add_argument("--hwc", type=Path,
                        help="hwc binary (default: BUILD/bin/hwc)")
    parser.add_argument("--skip-hwc", action="store_true",
                        help="measure only the ONNX Runtime references")
    parser.add_argument("--timeout", type=float, default=300.0,
                        help="seconds before one run is killed (default: 300)")
    args = parser.parse_args()
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


def main() -> int:
    args = parse_args()
    hwc = args.hwc or args.build / "bin" / "hwc"
    modelgen = args.build / "bin" / "hwc-modelgen"
    failed = False
    try:
        import onnxruntime
        ort_version = onnxruntime.__version__
    except ImportError:
        print("error: onnxruntime is not importable by this Python "
              f"({sys.executable}); use the project venv", file=sys.stderr)
        return 1

    run_hwc = not args.skip_hwc
    if run_hwc and not (hwc.is_file() and os.access(hwc, os.X_OK)):
        print(f"error: hwc binary not found at {hwc}; build the project "
              "first (or pass --hwc PATH, or --skip-hwc for ORT only)",
              file=sys.stderr)
        run_hwc = False
        failed = True

    try:
        paths = ensure_models(modelgen, args.build / "bench")
        results = []
        print(f"onnxruntime {ort_version}, {os.cpu_count()} CPUs, "
              f"{args.repeat} runs each, hwc: "
              f"{hwc if run_hwc else 'not measured'}\n", flush=True)
        for path in paths:
            r = ModelResult(path.stem, path, model_size(path))
            warm_page_cache(path)
            if run_hwc:
                bench_hwc(hwc, r, args.repeat, args.timeout)
                failed |= r.hwc_error is not None
            try:
                r.ort_seconds = bench_ort(path, "default", args.repeat,
                                          args.timeout)
                r.ort_noopt_seconds = bench_ort(path, "ORT_DISABLE_ALL",
                                                args.repeat, args.timeout)
            except BenchError as e:
                r.ort_error = str(e)
                failed = True
            results.append(r)
    except (BenchError, OSError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1

    print_report(results)
    if run_hwc is False and not args.skip_hwc:
        print(f"\nerror: hwc was not measured: {hwc} not found",
              file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
