#!/usr/bin/env python3
"""Runs real third-party models on hwc's reference runtime (`hwc run`) and
compares every output with the reference data stored beside the model.

For every subfolder of --models with `model.onnx` and `test_data_set_0/` or
`ort_ref_data_0/` (see ../shared/models/MANIFEST.md):

    hwc run MODEL --inputs DIR --compare-to DIR --rtol 1e-3 --atol 1e-4

fp32 models must pass that elementwise check (|a - r| <= atol + rtol * |r|
on every element). Models listed in COSINE_CRITERION are judged instead by
the cosine similarity of each output (computed in fp32), with the reason
recorded here; the elementwise figures are still printed.

Prints `PASS name` / `FAIL name: reason` per model, then `N passed, N
failed`. Exit status: 0 all passed, 1 any failed, 77 when the models folder
does not exist (ctest SKIPPED). Python 3 standard library only.
"""

import argparse
import os
import re
import subprocess
import sys

EXIT_SKIPPED = 77

# name -> (minimum cosine per output, why the elementwise check does not apply)
COSINE_CRITERION = {
    "squeezenet1_0_fp16_winml": (
        0.9999,
        "fp16 model: outputs are compared in fp32 by cosine (issue 3)"),
    "fns_candy_style_transfer": (
        0.9999,
        "ill-conditioned: 15 InstanceNormalization layers amplify fp32 "
        "rounding; hwc and ONNX Runtime each differ from a float64 evaluation "
        "of the first Conv by 2-3e-3 (measured), so no two fp32 runtimes "
        "agree to 1e-4 on the output"),
}

LINE = re.compile(r"^(?P<name>.+): (?P<status>PASS|FAIL)(?P<rest>.*)$")


def reference_dir(model_dir):
    # A folder with both inputs and expected outputs.
    for name in ("test_data_set_0", "ort_ref_data_0"):
        path = os.path.join(model_dir, name)
        if os.path.isfile(os.path.join(path, "output_0.pb")):
            return path
    return None


def check(hwc, name, model_dir, data_dir, threads):
    cmd = [hwc, "run", os.path.join(model_dir, "model.onnx"), "--inputs",
           data_dir, "--compare-to", data_dir, "--rtol", "1e-3", "--atol",
           "1e-4", "--threads", str(threads)]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode not in (0, 20):
        return False, (proc.stderr.strip() or proc.stdout.strip())[-400:]
    outputs = [m for m in map(LINE.match, proc.stdout.splitlines())
               if m and m.group("name") != "parity"]
    if not outputs:
        return False, "no comparison lines in: " + proc.stdout[-400:]
    criterion = COSINE_CRITERION.get(name)
    problems = []
    for match in outputs:
        rest = match.group("rest")
        if criterion is None:
            if match.group("status") != "PASS":
                problems.append(match.group("name") + rest)
            continue
        cos = re.search(r"cos=([-0-9.e+]+)", rest)
        if "shape mismatch" in rest or not cos or float(cos.group(1)) < criterion[0]:
            problems.append("%s: cosine below %g:%s" %
                            (match.group("name"), criterion[0], rest))
    detail = "; ".join(m.group("name") + ":" + m.group("rest") for m in outputs)
    if problems:
        return False, "; ".join(problems)
    note = " [cosine criterion: %s]" % criterion[1] if criterion else ""
    return True, detail[:300] + note


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hwc", required=True)
    parser.add_argument("--models", required=True)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    if not os.path.isdir(args.models):
        print("models: SKIPPED (%s not found)" % args.models)
        return EXIT_SKIPPED
    passed = failed = 0
    for name in sorted(os.listdir(args.models)):
        model_dir = os.path.join(args.models, name)
        data_dir = reference_dir(model_dir)
        if not os.path.isfile(os.path.join(model_dir, "model.onnx")) or not data_dir:
            continue
        ok, detail = check(args.hwc, name, model_dir, data_dir, args.threads)
        print("%s %s: %s" % ("PASS" if ok else "FAIL", name, detail))
        passed += ok
        failed += not ok
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
