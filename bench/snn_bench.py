#!/usr/bin/env python3
"""Neuromorphic benchmark: simulator throughput and conversion + mapping time.

Builds, under build/bench/snn/:

  * the average-pooling MNIST CNN of tests/models/train_avgpool_cnn.py
    (trained for one epoch on tests/data/mnist's 1,000 calibration digits),
    compiled for loihi1; `hwc run` simulates the 1,000 evaluation digits at
    T = 32 on one thread and on all cores, and prints its synaptic events
    (SOPs) per second; the independent NumPy reference of
    tests/oracles/snn_reference.py runs 10 of the digits on the same network,
    for a side-by-side ratio;
  * examples/mnist-8.onnx with --snn-maxpool=approx, simulated the same way;
  * a ReLU MLP 784-1024-256-10 (1.07 M synapses) and, for scale, the
    generated ResNet-50 (hwc-modelgen, 25.5 M weights, 4.1 G synaptic
    connections, on a test chip without capacity limits): `hwc compile
    --target=neuromorphic --timesteps 1` on one calibration sample; the
    conversion + mapping time is the sum of the compile's convert,
    normalize+quantize and map phases (its `time:` line), next to the whole
    process's wall time.

Goals (issue 8), printed as PASS/MISS: simulator >= 100 M synaptic events/s;
conversion + mapping of a 1 M-synapse network <= 1 s. The exit status is
non-zero only when something could not run.

Usage: .venv/bin/python bench/snn_bench.py --build build [--repeat 3]
"""

import argparse
import json
import os
import re
import subprocess
import sys
import time

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "oracles"))
from snn_reference import Reference  # noqa: E402

UNBOUNDED = {
    "target": "neuromorphic", "name": "unbounded", "description": "no capacity limits",
    "cores": 1000000, "neurons_per_core": 1 << 24, "in_axons_per_core": 1 << 24,
    "out_axons_per_core": 1 << 24, "synapse_memory_kib_per_core": 1 << 24,
    "weight_bits": 8, "convolution": True,
}


def run(cmd):
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"failed ({result.returncode}): {' '.join(cmd)}\n{result.stderr}")
    return result


def mlp(path, sizes, seed=1):
    rng = np.random.default_rng(seed)
    nodes, inits = [], []
    name = "x"
    for i, (n_in, n_out) in enumerate(zip(sizes, sizes[1:])):
        w = (rng.standard_normal((n_in, n_out)) * np.sqrt(2.0 / n_in)).astype(np.float32)
        inits += [numpy_helper.from_array(w, f"w{i}"),
                  numpy_helper.from_array(np.zeros(n_out, np.float32) + 0.01, f"b{i}")]
        nodes.append(helper.make_node("Gemm", [name, f"w{i}", f"b{i}"], [f"g{i}"], name=f"fc{i}"))
        name = f"g{i}"
        if i < len(sizes) - 2:
            nodes.append(helper.make_node("Relu", [name], [f"r{i}"], name=f"relu{i}"))
            name = f"r{i}"
    graph = helper.make_graph(nodes, "mlp",
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, sizes[0]])],
                              [helper.make_tensor_value_info(name, TensorProto.FLOAT, [1, sizes[-1]])],
                              inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.save(model, path)
    return sum(a * b for a, b in zip(sizes, sizes[1:]))


def phases(stdout):
    line = re.search(r"^time: (.*)$", stdout, re.M).group(1)
    return {k: float(v) for k, v in re.findall(r"(\S+) ([0-9.]+) s", line)}


def throughput(stdout):
    m = re.search(r"simulated (\d+) samples x (\d+) steps in ([0-9.]+) s: ([0-9.]+) M synaptic "
                  r"events/s \((\d+) thread", stdout)
    return int(m.group(1)), float(m.group(3)), float(m.group(4)), int(m.group(5))


def simulate(hwc, artifact, name, batch, nir_path, images, repeat):
    print(f"\n{name}: hwc run on {len(images)} digits at T = 32")
    print(f"  {'threads':>8} {'seconds':>9} {'M SOP/s':>9}")
    best = {}
    for threads in ("1", "0"):
        results = [throughput(run([hwc, "run", artifact, "--input", batch, "--timesteps", "32",
                                   "--threads", threads]).stdout) for _ in range(repeat)]
        n, seconds, rate, used = max(results, key=lambda r: r[2])
        best[used] = rate
        print(f"  {used:>8} {seconds:>9.3f} {rate:>9.1f}")
    reference = Reference(nir_path)
    stats_path = artifact + ".stats.json"
    run([hwc, "run", artifact, "--input", batch.split("=")[0] + "=" + batch.split("=")[1],
         "--timesteps", "32", "--stats", stats_path, "--threads", "1"])
    with open(stats_path) as f:
        stats = json.load(f)
    samples = 10
    start = time.perf_counter()
    sops = 0
    for image in images[:samples]:
        _, counted, _ = reference.run(image, 32)
        sops += sum(v for k, v in counted.items() if not k.endswith("_flatten"))
    seconds = time.perf_counter() - start
    hwc_sops = sum(sum(s["synaptic_ops"]) for s in stats["runs"][0]["samples"][:samples])
    ref_rate = sops / seconds / 1e6
    print(f"  NumPy reference, 10 digits: {seconds:.2f} s, {ref_rate:.1f} M SOP/s "
          f"(same SOPs as hwc: {sops == hwc_sops}); hwc 1 thread / reference: "
          f"{best[1] / ref_rate:.0f}x")
    return best[1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default="build")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    hwc = os.path.join(args.build, "bin", "hwc")
    work = os.path.join(args.build, "bench", "snn")
    os.makedirs(work, exist_ok=True)
    data = os.path.join(ROOT, "tests", "data", "mnist")
    calib_images = np.load(os.path.join(data, "calibration_images_u8.npy"))
    eval_images = (np.load(os.path.join(data, "evaluation_images_u8.npy")).astype(np.float32)
                   / 255).reshape(-1, 1, 28, 28)
    batch = os.path.join(work, "evaluation.npy")
    np.save(batch, eval_images)

    cnn = os.path.join(work, "avgpool_cnn.onnx")
    if not os.path.exists(cnn):
        run([sys.executable, os.path.join(ROOT, "tests", "models", "train_avgpool_cnn.py"),
             "--images", os.path.join(data, "calibration_images_u8.npy"),
             "--labels", os.path.join(data, "calibration_labels_u8.npy"),
             "--rows", "0:1000", "--epochs", "1", "-o", cnn])
    rates = {}
    for title, model, input_name, options in [
            ("avgpool CNN (loihi1)", cnn, "image", []),
            ("mnist-8, --snn-maxpool=approx (loihi1)", os.path.join(ROOT, "examples", "mnist-8.onnx"),
             "Input3", ["--snn-maxpool=approx"])]:
        calib = os.path.join(work, "calib-" + input_name)
        os.makedirs(calib, exist_ok=True)
        np.save(os.path.join(calib, input_name + ".npy"),
                (calib_images[:200].astype(np.float32) / 255).reshape(-1, 1, 28, 28))
        stem = os.path.join(work, input_name)
        for suffix in (".hwcn", ".nir"):
            run([hwc, "compile", "--target=neuromorphic", model, "--calib", calib, "--timesteps",
                 "32", "-o", stem + suffix] + options)
        rates[title] = simulate(hwc, stem + ".hwcn", title, f"{input_name}={batch}",
                                stem + ".nir", eval_images, args.repeat)

    unbounded = os.path.join(work, "unbounded.json")
    with open(unbounded, "w") as f:
        json.dump(UNBOUNDED, f)
    mlp_path = os.path.join(work, "mlp.onnx")
    synapses = mlp(mlp_path, [784, 1024, 256, 10])
    mlp_calib = os.path.join(work, "calib-mlp")
    os.makedirs(mlp_calib, exist_ok=True)
    np.save(os.path.join(mlp_calib, "x.npy"), np.random.default_rng(0).random((1, 784), np.float32))
    resnet = os.path.join(work, "resnet50.onnx")
    if not os.path.exists(resnet):
        run([os.path.join(args.build, "bin", "hwc-modelgen"), "--arch=resnet50", "-o", resnet])
    resnet_calib = os.path.join(work, "calib-resnet")
    os.makedirs(resnet_calib, exist_ok=True)
    input_name = onnx.load(resnet, load_external_data=False).graph.input[0].name
    np.save(os.path.join(resnet_calib, input_name + ".npy"),
            np.random.default_rng(0).random((1, 3, 224, 224), np.float32))

    print("\nconversion + mapping (hwc compile --target=neuromorphic --timesteps 1, median of "
          f"{args.repeat})")
    print(f"  {'model':<28} {'synapses':>10} {'convert':>8} {'norm+q':>8} {'map':>8} "
          f"{'conv+map':>9} {'process':>8}")
    conversion = {}
    for title, model, calib, config, options, count in [
            ("MLP 784-1024-256-10", mlp_path, mlp_calib, "loihi1", [], synapses),
            ("ResNet-50 (generated)", resnet, resnet_calib, unbounded, ["--snn-maxpool=approx"],
             None)]:
        samples = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            out = run([hwc, "compile", "--target=neuromorphic", f"--target-config={config}", model,
                       "--calib", calib, "--timesteps", "1", "-o", os.path.join(work, "x.hwcn")]
                      + options).stdout
            wall = time.perf_counter() - start
            p = phases(out)
            samples.append((p["convert"] + p["normalize+quantize"] + p["map"], p, wall))
        samples.sort(key=lambda s: s[0])
        total, p, wall = samples[len(samples) // 2]
        conversion[title] = total
        count_text = f"{count / 1e6:.2f} M" if count else "4.1 G"
        print(f"  {title:<28} {count_text:>10} {p['convert']:>8.3f} {p['normalize+quantize']:>8.3f} "
              f"{p['map']:>8.3f} {total:>9.3f} {wall:>8.2f}")

    print("\ngoals")
    slowest = min(rates.values())
    print(f"  {'PASS' if slowest >= 100 else 'MISS'}: simulator >= 100 M synaptic events/s "
          f"(slowest network, 1 thread: {slowest:.0f} M/s)")
    mlp_time = conversion["MLP 784-1024-256-10"]
    print(f"  {'PASS' if mlp_time <= 1.0 else 'MISS'}: conversion + mapping of a 1 M-synapse "
          f"network <= 1 s ({mlp_time:.3f} s for {synapses / 1e6:.2f} M synapses)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
