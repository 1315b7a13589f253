#!/usr/bin/env python3
"""SCALE-Sim v2 itself against hwc's SCALE-Sim-mode cycle model.

Builds an ONNX model with a handful of convolution and GEMM layers, asks
`hwc report --targets=asic --format=json` for each layer's SCALE-Sim-mode
figures under four array configs (32x32 and 128x128, weight- and
output-stationary), runs SCALE-Sim v2 (the PyPI package `scalesim`, pinned to
2.0.2 by scripts/setup.sh) on the same layers and configs in CALC mode, and
requires the "Total Cycles" and "Mapping Efficiency %" of every layer to be
equal (cycles exactly; efficiency to 1e-9).

SCALE-Sim has no padding field and sizes outputs as ceil((H - F + s) / s),
one more than ONNX when (H - F) is not a multiple of s; its topology gets the
ifmap trimmed to the rows ONNX actually reads, (out - 1) * s + F, so both
describe the same GEMM (research/asic.md section 4).
"""
import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

# name, input H, W, kernel H, W, channels, filters, stride (ONNX, no padding)
CONVS = [
    ("conv7x7s2", 38, 38, 7, 7, 3, 16, 2),
    ("conv3x3", 18, 18, 3, 3, 32, 48, 1),
    ("conv1x1", 14, 14, 1, 1, 96, 160, 1),
    ("conv1x1s2", 16, 16, 1, 1, 40, 24, 2),
    ("conv3x3s2", 12, 11, 3, 3, 160, 140, 2),
]
# name, M, K, N
GEMMS = [("gemm64", 64, 200, 100), ("fc1", 1, 300, 130), ("gemm_odd", 49, 147, 33)]
ARRAYS = [(32, "ws"), (32, "os"), (128, "ws"), (128, "os")]


def build_model(path):
    rng = np.random.default_rng(0)
    inputs, outputs, nodes, inits = [], [], [], []
    for name, h, w, fh, fw, c, n, s in CONVS:
        inputs.append(helper.make_tensor_value_info(name + "_x", TensorProto.FLOAT, [1, c, h, w]))
        weight = rng.standard_normal((n, c, fh, fw)).astype(np.float32)
        inits.append(numpy_helper.from_array(weight, name + "_w"))
        nodes.append(helper.make_node("Conv", [name + "_x", name + "_w"], [name + "_y"],
                                      name=name, strides=[s, s]))
        outputs.append(helper.make_tensor_value_info(name + "_y", TensorProto.FLOAT, None))
    for name, m, k, n in GEMMS:
        inputs.append(helper.make_tensor_value_info(name + "_a", TensorProto.FLOAT, [m, k]))
        inits.append(numpy_helper.from_array(rng.standard_normal((k, n)).astype(np.float32),
                                             name + "_b"))
        nodes.append(helper.make_node("MatMul", [name + "_a", name + "_b"], [name + "_y"],
                                      name=name))
        outputs.append(helper.make_tensor_value_info(name + "_y", TensorProto.FLOAT, None))
    graph = helper.make_graph(nodes, "scalesim_layers", inputs, outputs, inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], ir_version=8)
    onnx.save(model, path)


def scalesim_topologies(folder):
    conv = os.path.join(folder, "conv.csv")
    with open(conv, "w") as f:
        # Every row ends with a comma: SCALE-Sim drops the last field.
        f.write("Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, "
                "Channels, Num Filter, Strides,\n")
        for name, h, w, fh, fw, c, n, s in CONVS:
            trimmed_h = ((h - fh) // s) * s + fh
            trimmed_w = ((w - fw) // s) * s + fw
            f.write(f"{name}, {trimmed_h}, {trimmed_w}, {fh}, {fw}, {c}, {n}, {s},\n")
    gemm = os.path.join(folder, "gemm.csv")
    with open(gemm, "w") as f:
        f.write("Layer Name, M, N, K,\n")
        for name, m, k, n in GEMMS:
            f.write(f"{name}, {m}, {n}, {k},\n")
    return conv, gemm


def run_scalesim(folder, array, dataflow, topology, gemm):
    sram = (64, 64, 64) if array <= 32 else (1024, 1024, 512)
    run = f"a{array}_{dataflow}_{'gemm' if gemm else 'conv'}"
    cfg = os.path.join(folder, run + ".cfg")
    with open(cfg, "w") as f:
        f.write(f"""[general]
run_name = {run}

[architecture_presets]
ArrayHeight:    {array}
ArrayWidth:     {array}
IfmapSramSzkB:    {sram[0]}
FilterSramSzkB:   {sram[1]}
OfmapSramSzkB:    {sram[2]}
IfmapOffset:    0
FilterOffset:   10000000
OfmapOffset:    20000000
Dataflow : {dataflow}
Bandwidth : 10
MemoryBanks: 1

[run_presets]
InterfaceBandwidth: CALC
""")
    out = os.path.join(folder, "out_" + run)
    command = [sys.executable, "-m", "scalesim.scale", "-c", cfg, "-t", topology, "-p", out]
    if gemm:
        command += ["-i", "gemm"]
    result = subprocess.run(command, capture_output=True, text=True, cwd=folder)
    if result.returncode:
        sys.exit(f"SCALE-Sim failed on {run}: {result.stderr.strip()[-2000:]}")
    with open(os.path.join(out, run, "COMPUTE_REPORT.csv")) as f:
        rows = [[cell.strip() for cell in row] for row in csv.reader(f)][1:]
    return [(int(row[1]), float(row[4]) / 100) for row in rows if row and row[0]]


def hwc_figures(hwc, folder, model, array, dataflow):
    config = os.path.join(folder, f"a{array}_{dataflow}.json")
    with open(config, "w") as f:
        json.dump({"target": "asic", "name": f"a{array}_{dataflow}",
                   "array": {"rows": array, "cols": array}, "dataflow": dataflow,
                   "clock_mhz": 1000, "buffer_kib": 2048, "accumulator_kib": 512,
                   "dram_bytes_per_cycle": 64}, f)
    result = subprocess.run([hwc, "report", model, "--targets=asic", "--target-config", config,
                             "--quantize=int8", "--format=json"],
                            capture_output=True, text=True)
    if result.returncode not in (0, 10, 20):
        sys.exit(f"hwc report failed ({result.returncode}): {result.stderr.strip()}")
    report = json.loads(result.stdout)
    return {node["name"]: node["targets"]["asic"]["cost"]["metrics"] for node in report["nodes"]}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--hwc", required=True)
    args = parser.parse_args()
    passed = failed = 0
    with tempfile.TemporaryDirectory() as folder:
        model = os.path.join(folder, "layers.onnx")
        build_model(model)
        conv_csv, gemm_csv = scalesim_topologies(folder)
        print(f"{'layer':<12} {'array':>5} {'flow':>4} {'SCALE-Sim':>10} {'hwc':>10} "
              f"{'map.eff':>8}  verdict")
        for array, dataflow in ARRAYS:
            figures = hwc_figures(args.hwc, folder, model, array, dataflow)
            oracle = (run_scalesim(folder, array, dataflow, conv_csv, False) +
                      run_scalesim(folder, array, dataflow, gemm_csv, True))
            names = [c[0] for c in CONVS] + [g[0] for g in GEMMS]
            for name, (cycles, efficiency) in zip(names, oracle):
                metrics = figures.get(name, {})
                ours = metrics.get("scalesim_cycles")
                ok = (ours == cycles and
                      abs(metrics.get("mapping_efficiency", -1) - efficiency) < 1e-9)
                passed += ok
                failed += not ok
                print(f"{name:<12} {array:>5} {dataflow:>4} {cycles:>10} {ours!s:>10} "
                      f"{efficiency:>8.2%}  {'PASS' if ok else 'FAIL'}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
