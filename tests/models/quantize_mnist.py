#!/usr/bin/env python3
"""int8 MNIST: calibrate on 1,000 digits, keep top-1 agreement >= 99.5 % on
1,000 disjoint ones.

Converts the repository's MNIST subsets (tests/data/mnist) to the float
inputs `examples/mnist-8.onnx` takes, runs `hwc calibrate --eval` and checks
the agreement it prints for the default method (auto) and prints it for
every other method. Also checks that the plan does not depend on how the
samples are laid out or ordered: one stacked file and one directory per
sample in reverse order give byte-identical plans. Prints one PASS/FAIL
line per check and `N passed, N failed`.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

import jsonschema
import numpy as np

GOAL_TOP1 = 99.5


def save_stacked(directory, images):
    os.makedirs(directory, exist_ok=True)
    floats = (images.astype(np.float32) / 255.0).reshape(len(images), 1, 28, 28)
    np.save(os.path.join(directory, "Input3.npy"), floats)
    return floats


def save_per_sample(directory, floats):
    # Names sort in the reverse of the stacked order.
    for index, sample in enumerate(floats):
        sample_dir = os.path.join(directory, f"sample_{len(floats) - index:05d}")
        os.makedirs(sample_dir)
        np.save(os.path.join(sample_dir, "Input3.npy"), sample.reshape(1, 1, 28, 28))


def calibrate(hwc, model, data, plan, extra=()):
    result = subprocess.run([hwc, "calibrate", model, "--data", data, "-o", plan, *extra],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"hwc calibrate failed:\n{result.stderr}")
    return result.stderr


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--hwc", required=True)
    parser.add_argument("--root", required=True, help="the repository")
    args = parser.parse_args()
    model = os.path.join(args.root, "examples", "mnist-8.onnx")
    data = os.path.join(args.root, "tests", "data", "mnist")
    results = []
    with tempfile.TemporaryDirectory() as work:
        calibration = save_stacked(os.path.join(work, "calib"),
                                   np.load(os.path.join(data, "calibration_images_u8.npy")))
        save_stacked(os.path.join(work, "eval"),
                     np.load(os.path.join(data, "evaluation_images_u8.npy")))
        for method in ("auto", "minmax", "percentile", "mse", "entropy"):
            log = calibrate(args.hwc, model, os.path.join(work, "calib"),
                            os.path.join(work, f"{method}.json"),
                            ["--method", method, "--eval", os.path.join(work, "eval")])
            agreement = next(l for l in log.splitlines() if l.startswith("agreement"))
            top1 = float(re.search(r"top-1 ([0-9.]+)%", agreement).group(1))
            sqnr = re.search(r"SQNR ([-0-9.]+) dB", agreement).group(1)
            line = f"{method}: top-1 agreement {top1:.2f}% on 1000 digits, output SQNR {sqnr} dB"
            if method == "auto":
                results.append((top1 >= GOAL_TOP1, f"{line} (goal >= {GOAL_TOP1}%)"))
            else:
                print(f"INFO: {line}")

        with open(os.path.join(args.root, "docs", "quantization-plan.schema.json")) as f:
            schema = json.load(f)
        with open(os.path.join(work, "auto.json")) as f:
            plan = json.load(f)
        try:
            jsonschema.validate(plan, schema)
            results.append((True, "the plan validates against docs/quantization-plan.schema.json"))
        except jsonschema.ValidationError as error:
            results.append((False, f"plan schema: {error.message}"))

        # Layout and order independence on 64 samples.
        save_per_sample(os.path.join(work, "per-sample"), calibration[:64])
        save_stacked(os.path.join(work, "stacked64"),
                     np.load(os.path.join(data, "calibration_images_u8.npy"))[:64])
        calibrate(args.hwc, model, os.path.join(work, "stacked64"),
                  os.path.join(work, "stacked.json"))
        calibrate(args.hwc, model, os.path.join(work, "per-sample"),
                  os.path.join(work, "per-sample.json"))
        with open(os.path.join(work, "stacked.json"), "rb") as a, \
                open(os.path.join(work, "per-sample.json"), "rb") as b:
            same = a.read() == b.read()
        results.append((same, "a stacked file and reversed per-sample directories give "
                              "byte-identical plans"))
    failed = 0
    for ok, text in results:
        print(f"{'PASS' if ok else 'FAIL'}: {text}")
        failed += not ok
    print(f"{len(results) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
