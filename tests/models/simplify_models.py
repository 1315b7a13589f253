#!/usr/bin/env python3
"""`hwc simplify` round-trips every shared model with matching outputs.

For each model in the shared models folder: run it on the reference runtime
(its reference inputs), simplify it, check the simplified file with the onnx
package's full checker, and run it again: every output must match the
original's within rtol 1e-5, atol 1e-6 (`hwc run --compare-to`). Prints the
node counts before and after. Exits 77 (ctest SKIPPED) when the models
folder is absent.
"""

import argparse
import os
import subprocess
import sys
import tempfile

import onnx


def data_dir(model_dir):
    for name in ("test_data_set_0", "ort_ref_data_0"):
        path = os.path.join(model_dir, name)
        if os.path.isdir(path):
            return path
    return None


def check(hwc, model_dir, work):
    model = os.path.join(model_dir, "model.onnx")
    inputs = data_dir(model_dir)
    simplified = os.path.join(work, "simplified.onnx")
    reference = os.path.join(work, "reference")
    result = subprocess.run([hwc, "simplify", model, "-o", simplified],
                            capture_output=True, text=True)
    if result.returncode != 0:
        return f"simplify failed: {result.stderr.strip()}", None
    try:
        onnx.checker.check_model(onnx.load(simplified), full_check=True)
    except Exception as error:  # the checker raises several exception types
        return f"onnx checker: {str(error).splitlines()[0]}", None
    before = len(onnx.load(model, load_external_data=False).graph.node)
    after = len(onnx.load(simplified).graph.node)
    run = subprocess.run([hwc, "run", model, "--inputs", inputs, "--output-dir", reference],
                         capture_output=True, text=True)
    if run.returncode != 0:
        return f"original run failed: {run.stderr.strip()}", (before, after)
    compare = subprocess.run([hwc, "run", simplified, "--inputs", inputs, "--compare-to",
                              reference, "--rtol", "1e-5", "--atol", "1e-6"],
                             capture_output=True, text=True)
    if compare.returncode != 0:
        lines = (compare.stdout + compare.stderr).strip().splitlines()
        return "outputs differ: " + "; ".join(lines[-3:]), (before, after)
    return None, (before, after)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--hwc", required=True)
    parser.add_argument("--models", required=True)
    args = parser.parse_args()
    if not os.path.isdir(args.models):
        print(f"SKIPPED: {args.models} not found")
        return 77
    names = sorted(n for n in os.listdir(args.models)
                   if os.path.isfile(os.path.join(args.models, n, "model.onnx"))
                   and data_dir(os.path.join(args.models, n)))
    failed = 0
    for name in names:
        with tempfile.TemporaryDirectory() as work:
            problem, counts = check(args.hwc, os.path.join(args.models, name), work)
        nodes = f" ({counts[0]} -> {counts[1]} nodes)" if counts else ""
        print(f"{'FAIL' if problem else 'PASS'}: {name}{nodes}")
        if problem:
            print(f"    {problem}")
            failed += 1
    print(f"{len(names) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
