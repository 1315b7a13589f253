#!/usr/bin/env python3
"""ASIC benchmark: schedule quality, compile time and simulator speed.

Builds, under build/bench/asic/:

  * the generated ResNet-50 (hwc-modelgen, batch 1) and one random
    calibration image; it is quantized once (the plan is kept), then the
    compile is timed from the plan, i.e. without calibration;
  * a 1024 x 1024 x 1024 int8 GEMM (MatMul of a [1024, 1024] input by a
    constant [1024, 1024] weight), quantized the same way.

For each it runs `hwc run ARTIFACT --check-reference` and prints, side by
side: native cycles at unlimited DRAM bandwidth (the schedule quality goal),
native cycles at the preset's 64 B/cycle, SCALE-Sim v2's cycles for the same
layers, the array utilization (useful MACs / (cycles x R x C)), and the
simulator's functional throughput (useful MACs / wall second of the run,
reference check excluded), and per layer at 64 B/cycle its cycles over its
roofline bound (max of useful MACs / (R x C) and compulsory DRAM bytes /
bandwidth). Goals are printed as PASS/MISS; the exit status is
non-zero only when something could not be run.

Usage: .venv/bin/python bench/asic_bench.py --build build [--preset sa128]
"""

import argparse
import os
import re
import subprocess
import sys
import time

import numpy as np


def run(cmd, **kw):
    result = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if result.returncode not in (0, 20):
        sys.exit(f"failed ({result.returncode}): {' '.join(cmd)}\n{result.stderr}")
    return result


def timed(cmd):
    start = time.perf_counter()
    result = run(cmd)
    return time.perf_counter() - start, result


FIGURES = re.compile(r"asic \((\S+), (\w+) timing\): (\d+) cycles, .* utilization ([0-9.]+)% "
                     r"\((\d+) useful MACs.*native (\d+), scalesim (\d+) cycles")


def figures(output):
    match = FIGURES.search(output)
    if not match:
        sys.exit("no ASIC figures in:\n" + output)
    return {"cycles": int(match[3]), "utilization": float(match[4]), "useful": int(match[5]),
            "native": int(match[6]), "scalesim": int(match[7])}


def make_gemm(path, size):
    import onnx
    from onnx import TensorProto, helper, numpy_helper
    rng = np.random.default_rng(7)
    weight = (rng.standard_normal((size, size)) / np.sqrt(size)).astype(np.float32)
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["x", "w"], ["y"], name="gemm")], "gemm",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [size, size])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [size, size])],
        [numpy_helper.from_array(weight, "w")])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.save(model, path)


def prepare(hwc, model, calib_dir, input_name, shape, work, name, preset):
    os.makedirs(calib_dir, exist_ok=True)
    rng = np.random.default_rng(0)
    np.save(os.path.join(calib_dir, input_name + ".npy"),
            rng.standard_normal(shape).astype(np.float32))
    plan = os.path.join(work, name + ".plan.json")
    artifact = os.path.join(work, name + ".hwca")
    run([hwc, "compile", "--target=asic", "--target-config", preset, "--quantize=int8",
         "--calib", calib_dir, "--plan-out", plan, model, "-o", artifact])
    seconds, _ = timed([hwc, "compile", "--target=asic", "--target-config", preset,
                        "--quantize=int8", "--plan", plan, model, "-o", artifact])
    return artifact, seconds


def measure(hwc, artifact, calib_dir):
    seconds, unlimited = timed([hwc, "run", artifact, "--inputs", calib_dir,
                                "--dram-bytes-per-cycle", "0"])
    finite = run([hwc, "run", artifact, "--inputs", calib_dir, "--check-reference", "--layers"])
    result = figures(unlimited.stdout)
    result["finite"] = figures(finite.stdout)["cycles"]
    result["roofline"] = roofline_ratios(finite.stdout)
    result["bit_exact"] = "integer reference: bit-exact" in finite.stdout
    result["run_seconds"] = seconds
    layers = run([hwc, "run", artifact, "--inputs", calib_dir, "--dram-bytes-per-cycle", "0",
                  "--layers"])
    result["slower"] = slower_layers(layers.stdout)
    return result


# layer op M K N native scalesim util dram-KB roofline ratio, then counters
LAYER = re.compile(r"^(\S+)\s+(\S+)\s+\d+\s+\d+\s+\d+\s+(\d+)\s+(\d+)\s+[0-9.]+%"
                   r"\s+[0-9.]+\s+(\d+)\s+([0-9.]+)(\s+\d+){4}$")
ROOFLINE_GOAL = 1.15


def roofline_ratios(output):
    """(layer, native cycles, roofline bound) of every layer, as timed at the
    preset's bandwidth; the bound is the larger of useful MACs / (R x C) and
    the layer's compulsory DRAM bytes (inputs, output and weight tiles once)
    over the bandwidth, computed by `hwc run --layers`."""
    layers = []
    for line in output.splitlines():
        match = LAYER.match(line.strip())
        if match and int(match[5]) > 0:
            layers.append((match[1], int(match[3]), int(match[5])))
    return layers


def slower_layers(output):
    """Array layers (SCALE-Sim has a figure for them) whose native cycles at
    unlimited bandwidth exceed SCALE-Sim mode's, and how many were compared."""
    slower, compared = [], 0
    for line in output.splitlines():
        match = LAYER.match(line.strip())
        if not match or int(match[4]) == 0:
            continue
        compared += 1
        if int(match[3]) > int(match[4]):
            slower.append(f"{match[1]} {int(match[3]):,} vs {int(match[4]):,}")
    return slower, compared


def verdict(ok):
    return "PASS" if ok else "MISS"


def report(name, compile_seconds, r, goal_utilization):
    print(f"{name}:")
    print(f"  compile from plan      {compile_seconds:8.2f} s")
    print(f"  native, unlimited BW   {r['cycles']:>10,} cycles  utilization {r['utilization']:.1f}%"
          f"  (goal >= {goal_utilization}%: {verdict(r['utilization'] >= goal_utilization)})")
    print(f"  native, 64 B/cycle     {r['finite']:>10,} cycles")
    print(f"  SCALE-Sim v2 mode      {r['scalesim']:>10,} cycles  "
          f"(native / SCALE-Sim = {r['cycles'] / r['scalesim']:.3f})")
    print(f"  simulator              {r['useful'] / r['run_seconds'] / 1e9:8.2f} G useful MAC/s "
          f"({r['run_seconds']:.2f} s per run incl. host graph and load; goal >= 1: "
          f"{verdict(r['useful'] / r['run_seconds'] >= 1e9)})")
    slower, compared = r["slower"]
    print(f"  layers slower than SCALE-Sim mode: {len(slower)} of {compared} (goal 0: "
          f"{verdict(not slower)})" + (": " + "; ".join(slower[:4]) if slower else ""))
    layers = r["roofline"]
    over = sorted(((cycles / bound, name) for name, cycles, bound in layers
                   if cycles > ROOFLINE_GOAL * bound), reverse=True)
    worst = max((cycles / bound for _, cycles, bound in layers), default=0)
    print(f"  64 B/cycle vs roofline  worst layer {worst:.2f}x its bound; layers over "
          f"{ROOFLINE_GOAL}x: {len(over)} of {len(layers)} (goal 0: {verdict(not over)})"
          + (": " + "; ".join(f"{name} {ratio:.2f}x" for ratio, name in over[:4])
             if over else ""))
    print(f"  bit-exact to the integer reference: {r['bit_exact']}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default="build")
    parser.add_argument("--preset", default="sa128")
    parser.add_argument("--gemm", type=int, default=1024)
    args = parser.parse_args()
    hwc = os.path.join(args.build, "bin", "hwc")
    work = os.path.join(args.build, "bench", "asic")
    os.makedirs(work, exist_ok=True)

    resnet = os.path.join(work, "resnet50.onnx")
    if not os.path.exists(resnet):
        run([os.path.join(args.build, "bin", "hwc-modelgen"), "--arch=resnet50", "-o", resnet])
    calib = os.path.join(work, "resnet50-calib")
    artifact, seconds = prepare(hwc, resnet, calib, "input", (1, 3, 224, 224), work,
                                "resnet50", args.preset)
    r = measure(hwc, artifact, calib)
    report(f"ResNet-50 (generated, batch 1) on {args.preset}", seconds, r, 50)
    print(f"  compile goal <= 3 s: {verdict(seconds <= 3)}")

    gemm = os.path.join(work, f"gemm{args.gemm}.onnx")
    make_gemm(gemm, args.gemm)
    calib = os.path.join(work, "gemm-calib")
    artifact, seconds = prepare(hwc, gemm, calib, "x", (args.gemm, args.gemm), work, "gemm",
                                args.preset)
    report(f"GEMM {args.gemm}^3 on {args.preset}", seconds, measure(hwc, artifact, calib), 99)


if __name__ == "__main__":
    main()
