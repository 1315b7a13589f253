#!/usr/bin/env python3
"""Calibration benchmark: `hwc calibrate` on the generated ResNet-50 with 32
inputs, against the plain runtime on the same inputs.

Generates build/bench/resnet50.onnx with hwc-modelgen (shared with the other
benchmarks) and 32 seeded random inputs (build/bench/calib32/input.npy,
stacked), then measures in fresh processes, side by side:

  * `hwc run` of one input (`--repeat 5`): the model's inference time;
  * `hwc calibrate --data calib32` three ways: calibration alone (`--method
    minmax --no-bias-correction`: two passes, 64 evaluations); with bias
    correction scored against the teacher (`--method percentile`); and the
    default (`auto`: every range method, with and without bias correction,
    scored against the teacher).

Prints wall time, seconds per bare-inference equivalent, and the goal
(calibration of 32 inputs <= 60 s, the first row) as PASS/MISS. The exit status is non-zero only when
something could not be run.

Usage: .venv/bin/python bench/calibrate_bench.py --build build [--threads 2]
"""

import argparse
import os
import re
import subprocess
import sys
import time

import numpy as np

GOAL_SECONDS = 60.0
SAMPLES = 32


def timed(command):
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{result.stderr}")
    return seconds, result.stdout + result.stderr


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--build", default="build")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    hwc = os.path.join(args.build, "bin", "hwc")
    bench = os.path.join(args.build, "bench")
    model = os.path.join(bench, "resnet50.onnx")
    if not os.path.exists(model):
        os.makedirs(bench, exist_ok=True)
        subprocess.run([os.path.join(args.build, "bin", "hwc-modelgen"), "--arch=resnet50",
                        "-o", model], check=True)
    data = os.path.join(bench, "calib32")
    os.makedirs(data, exist_ok=True)
    inputs = np.random.default_rng(0).standard_normal((SAMPLES, 3, 224, 224)).astype(np.float32)
    np.save(os.path.join(data, "input.npy"), inputs)
    np.save(os.path.join(data, "one.npy"), inputs[:1])

    threads = str(args.threads)
    _, log = timed([hwc, "run", model, "--input", f"input={os.path.join(data, 'one.npy')}",
                    "--threads", threads, "--repeat", "5"])
    inference = float(re.search(r"median of 5 runs|in ([0-9.]+) ms", log).group(1)) / 1e3 \
        if re.search(r"in ([0-9.]+) ms", log) else float("nan")
    evaluations = 2 * SAMPLES
    print(f"model: {model}, {SAMPLES} calibration inputs, {args.threads} threads")
    print(f"inference (hwc run, median of 5): {inference * 1e3:.1f} ms; "
          f"{evaluations} of them: {evaluations * inference:.2f} s")
    print(f"{'configuration':<44} {'wall s':>8} {'bare inferences':>16}")
    runs = [("calibration only (minmax, no bias corr.)", ["--method", "minmax",
                                                          "--no-bias-correction"]),
            ("+ bias correction vs teacher (percentile)", ["--method", "percentile"]),
            ("default (auto: 5 methods x bias corr.)", [])]
    calibration_only = None
    for label, flags in runs:
        seconds, _ = timed([hwc, "calibrate", model, "--data", data, *flags,
                            "--threads", threads, "-o", os.path.join(bench, "plan.json")])
        calibration_only = seconds if calibration_only is None else calibration_only
        print(f"{label:<44} {seconds:>8.2f} {seconds / inference:>15.0f}x")
    verdict = "PASS" if calibration_only <= GOAL_SECONDS else "MISS"
    print(f"goal: calibration of {SAMPLES} inputs <= {GOAL_SECONDS:.0f} s: {verdict} "
          f"({calibration_only:.2f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
