#!/usr/bin/env python3
"""Checks `hwc import --summary` against real third-party models.

For every subfolder of --models that holds `model.onnx` and `verify.json`
(the latter written by an independent tool with the `onnx` Python package,
see ../shared/models/MANIFEST.md), runs

    hwc import MODEL --summary -o -

and compares its JSON with verify.json:

  * node count: hwc `nodes` == verify `n_nodes` (both count subgraph nodes);
  * op histogram: equal, once verify's `domain::OpType` keys are reduced to
    `OpType` (hwc counts custom ops under their ONNX op type); every
    non-default-domain op in verify must also be listed in hwc's `custom_ops`
    as `domain.OpType` with the same count;
  * inputs and outputs: same names in the same order, same element type,
    same rank, and every static dim in verify equal to hwc's dim. Where
    verify has a symbolic dim (a string, including "None" for a dim with
    neither value nor name) hwc may print -1 or a static value it inferred.
    An unranked verify shape (null) accepts anything.

Prints `PASS name (N nodes, custom: ...)` or `FAIL name: reason` per model,
then `N passed, N failed`. Exit status: 0 all passed, 1 any failed, 77 when
the models folder does not exist (ctest SKIP_RETURN_CODE).

Python 3 standard library only: it runs with the system python3.
"""

import argparse
import json
import os
import subprocess
import sys
from collections import Counter

EXIT_SKIPPED = 77

# ONNX element type names (as verify.json spells them) to MLIR element types
# (as hwc prints them in `type`).
DTYPES = {
    "float32": "f32",
    "float": "f32",
    "float16": "f16",
    "float64": "f64",
    "double": "f64",
    "bfloat16": "bf16",
    "int4": "i4",
    "int8": "i8",
    "int16": "i16",
    "int32": "i32",
    "int64": "i64",
    "uint4": "ui4",
    "uint8": "ui8",
    "uint16": "ui16",
    "uint32": "ui32",
    "uint64": "ui64",
    "bool": "i1",
    "complex64": "complex<f32>",
    "complex128": "complex<f64>",
    "float8e4m3fn": "f8E4M3FN",
    "float8e4m3fnuz": "f8E4M3FNUZ",
    "float8e5m2": "f8E5M2",
    "float8e5m2fnuz": "f8E5M2FNUZ",
}


def element_type(value):
    """The element type text of an hwc summary value, or None when its
    `type` does not agree with its `dims`."""
    text = value.get("type", "")
    if not (text.startswith("tensor<") and text.endswith(">")):
        return None
    inner = text[len("tensor<"):-1]
    dims = value.get("dims")
    if dims is None:
        prefix = "*x"
    else:
        prefix = "".join(("?" if d == -1 else str(d)) + "x" for d in dims)
    if not inner.startswith(prefix):
        return None
    return inner[len(prefix):]


def compare_values(kind, expected, actual):
    """Compares verify.json's [[name, dtype, dims], ...] with hwc's
    [{name, type, dims}, ...]; returns a list of problems."""
    problems = []
    exp_names = [v[0] for v in expected]
    act_names = [v.get("name") for v in actual]
    if exp_names != act_names:
        return ["%s names differ: expected %s, hwc has %s" %
                (kind, exp_names, act_names)]
    for (name, dtype, exp_dims), value in zip(expected, actual):
        what = "%s '%s'" % (kind[:-1], name)
        elem = element_type(value)
        if elem is None:
            problems.append("%s: type %r does not match dims %r" %
                            (what, value.get("type"), value.get("dims")))
            continue
        want = DTYPES.get(str(dtype).lower())
        if want is None:
            problems.append("%s: unknown dtype %r in verify.json" %
                            (what, dtype))
        elif elem != want:
            problems.append("%s: element type %s, expected %s (%s)" %
                            (what, elem, want, dtype))
        if exp_dims is None:
            continue  # unranked in the model: anything is consistent
        act_dims = value.get("dims")
        if act_dims is None:
            problems.append("%s: hwc has it unranked, expected rank %d %s" %
                            (what, len(exp_dims), exp_dims))
            continue
        if len(act_dims) != len(exp_dims):
            problems.append("%s: rank %d %s, expected rank %d %s" %
                            (what, len(act_dims), act_dims, len(exp_dims),
                             exp_dims))
            continue
        for axis, (exp, act) in enumerate(zip(exp_dims, act_dims)):
            if isinstance(exp, int) and not isinstance(exp, bool):
                if act != exp:
                    problems.append("%s: dim %d is %s, expected %d "
                                    "(hwc dims %s, expected %s)" %
                                    (what, axis, act, exp, act_dims,
                                     exp_dims))
            elif not (isinstance(act, int) and (act == -1 or act >= 0)):
                problems.append("%s: dim %d is %r, expected a size or -1" %
                                (what, axis, act))
    return problems


def split_op(key):
    """`domain::OpType` -> (domain, OpType); plain `OpType` -> ("", OpType)."""
    if "::" in key:
        domain, op = key.split("::", 1)
        if domain == "ai.onnx":
            domain = ""
        return domain, op
    return "", key


def check_model(hwc, name, folder):
    """Returns (ok, message)."""
    model = os.path.join(folder, "model.onnx")
    with open(os.path.join(folder, "verify.json")) as f:
        verify = json.load(f)
    try:
        proc = subprocess.run([hwc, "import", model, "--summary", "-o", "-"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              universal_newlines=True, timeout=600)
    except subprocess.TimeoutExpired:
        return False, "hwc import timed out"
    if proc.returncode != 0:
        err = proc.stderr.strip().splitlines()
        return False, "hwc import exited %d: %s" % (
            proc.returncode, " | ".join(err[:5]) or "(no message)")
    try:
        summary = json.loads(proc.stdout)
    except ValueError as e:
        return False, "hwc printed invalid JSON: %s" % e

    problems = []
    if summary.get("nodes") != verify["n_nodes"]:
        problems.append("%s nodes, expected %d" %
                        (summary.get("nodes"), verify["n_nodes"]))

    expected_hist = Counter()
    expected_custom = Counter()
    for key, count in verify["op_hist"].items():
        domain, op = split_op(key)
        expected_hist[op] += count
        if domain:
            expected_custom["%s.%s" % (domain, op)] += count
    actual_hist = Counter(summary.get("op_hist", {}))
    if actual_hist != expected_hist:
        diffs = []
        for op in sorted(set(actual_hist) | set(expected_hist)):
            if actual_hist[op] != expected_hist[op]:
                diffs.append("%s hwc %d expected %d" %
                             (op, actual_hist[op], expected_hist[op]))
        problems.append("op_hist differs: " + ", ".join(diffs))

    custom = summary.get("custom_ops", {})
    for key, count in sorted(expected_custom.items()):
        if custom.get(key) != count:
            problems.append("custom op %s: hwc lists %s, expected %d" %
                            (key, custom.get(key), count))
    for key, count in custom.items():
        op = key.rsplit(".", 1)[-1]
        if count > actual_hist[op]:
            problems.append("custom op %s counted %d times but op_hist has "
                            "%d %s" % (key, count, actual_hist[op], op))

    problems += compare_values("inputs", verify["inputs"],
                               summary.get("inputs", []))
    problems += compare_values("outputs", verify["outputs"],
                               summary.get("outputs", []))

    if problems:
        return False, "; ".join(problems)
    custom_text = ", ".join("%s x%d" % (k, v) for k, v in sorted(custom.items()))
    return True, "%d nodes, custom: %s" % (summary["nodes"],
                                          custom_text or "none")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--hwc", required=True, help="path to the hwc binary")
    parser.add_argument("--models", required=True,
                        help="folder of model folders (model.onnx, verify.json)")
    args = parser.parse_args()

    if not os.path.isdir(args.models):
        print("SKIPPED: %s not found" % args.models)
        return EXIT_SKIPPED
    if not os.access(args.hwc, os.X_OK):
        print("FAIL: hwc binary %s not found or not executable" % args.hwc)
        return 1

    passed = failed = 0
    for name in sorted(os.listdir(args.models)):
        folder = os.path.join(args.models, name)
        if not (os.path.isfile(os.path.join(folder, "model.onnx")) and
                os.path.isfile(os.path.join(folder, "verify.json"))):
            continue
        try:
            ok, message = check_model(args.hwc, name, folder)
        except (OSError, ValueError, KeyError, TypeError) as e:
            ok, message = False, "could not check: %s: %s" % (
                type(e).__name__, e)
        if ok:
            passed += 1
            print("PASS %s (%s)" % (name, message))
        else:
            failed += 1
            print("FAIL %s: %s" % (name, message))
        sys.stdout.flush()
    print("%d passed, %d failed" % (passed, failed))
    if passed + failed == 0:
        print("no model folders (model.onnx + verify.json) in %s" % args.models)
        return 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
