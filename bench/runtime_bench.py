#!/usr/bin/env python3
"""Runtime benchmark: hwc's reference runtime versus ONNX Runtime.

For each model, in one invocation and on the same inputs (random, seeded,
saved as .npy and fed to both), measures the median inference latency of

  * `hwc run MODEL --input ... --threads T --repeat N` (one warm-up run, then
    the median of N; model loading is not timed), and
  * ONNX Runtime's CPUExecutionProvider with intra_op_num_threads = T,
    inter_op_num_threads = 1, default graph optimizations, one warm-up run,
    median of N,

at 1 and 2 threads, and prints the ratio hwc / ORT against the goals (<= 1.2
on CNNs, <= 1.5 on every model). Also times both conformance suites.

Models: the generated 100 MB ResNet-50 and 2-layer transformer (hwc-modelgen)
and, from ../shared/models, squeezenet1_0_fp16_winml, ultraface_rfb_320,
super_resolution_10 and onnx_light_inception_v1 (skipped when absent).

Usage: .venv/bin/python bench/runtime_bench.py --build build [--repeat 10]
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np
import onnx
import onnxruntime as ort

GOAL_CNN = 1.2
GOAL_ALL = 1.5

SHARED_MODELS = [
    ("squeezenet1_0_fp16_winml", True),
    ("ultraface_rfb_320", True),
    ("super_resolution_10", True),
    ("onnx_light_inception_v1", True),
]

NUMPY_TYPES = {1: np.float32, 10: np.float16, 11: np.float64, 6: np.int32,
               7: np.int64, 9: np.bool_}


def random_inputs(model_path, seed, directory):
    """Writes one .npy per graph input (dynamic dims = 1) and returns
    {name: array}."""
    model = onnx.load(model_path, load_external_data=False)
    initializers = {i.name for i in model.graph.initializer}
    rng = np.random.default_rng(seed)
    feeds = {}
    for value in model.graph.input:
        if value.name in initializers:
            continue
        tensor_type = value.type.tensor_type
        shape = [d.dim_value if d.dim_value > 0 else 1 for d in tensor_type.shape.dim]
        dtype = NUMPY_TYPES[tensor_type.elem_type]
        array = rng.random(shape).astype(dtype) if np.issubdtype(dtype, np.floating) \
            else rng.integers(0, 10, shape).astype(dtype)
        feeds[value.name] = array
        np.save(os.path.join(directory, "in_%d.npy" % len(feeds)), array)
    return feeds


def time_hwc(hwc, model_path, directory, feeds, threads, repeat):
    cmd = [hwc, "run", model_path, "--threads", str(threads), "--repeat", str(repeat)]
    for i, name in enumerate(feeds, 1):
        cmd += ["--input", "%s=%s" % (name, os.path.join(directory, "in_%d.npy" % i))]
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(out.stderr.strip())
    match = re.search(r"in ([0-9.]+) ms on", out.stdout)
    return float(match.group(1))


def time_ort(model_path, feeds, threads, repeat):
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    session = ort.InferenceSession(model_path, options,
                                   providers=["CPUExecutionProvider"])
    session.run(None, feeds)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        session.run(None, feeds)
        times.append((time.perf_counter() - start) * 1e3)
    return statistics.median(times)


def conformance_times(build, root):
    runner = os.path.join(build, "bin", "hwc-conformance")
    pypi = os.path.join(os.path.dirname(onnx.__file__), "backend", "test", "data", "node")
    rows = []
    for suite, directory in (("debian", "/usr/share/libonnx-testdata/data/node"),
                             ("pypi", pypi)):
        if not os.path.isdir(directory):
            continue
        start = time.perf_counter()
        out = subprocess.run([runner, "--suite", suite, "--dir", directory,
                              "--expected-failures",
                              os.path.join(root, "tests", "conformance",
                                           "expected-failures-%s.txt" % suite)],
                             capture_output=True, text=True)
        seconds = time.perf_counter() - start
        passed = re.search(r"PASS: (\d+)", out.stdout.split("conformance " + suite)[-1])
        rows.append((suite, seconds, passed.group(1) if passed else "?"))
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build", default="build")
    parser.add_argument("--models", default=None)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--only", default="", help="comma-separated model names")
    args = parser.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    models_dir = args.models or os.path.join(root, "..", "shared", "models")
    hwc = os.path.join(args.build, "bin", "hwc")
    modelgen = os.path.join(args.build, "bin", "hwc-modelgen")
    work = tempfile.mkdtemp(prefix="hwc-runtime-bench-")

    models = []
    for arch, cnn in (("resnet50", True), ("transformer", False)):
        path = os.path.join(work, arch + ".onnx")
        subprocess.run([modelgen, "--arch=" + arch, "-o", path], check=True)
        models.append(("generated " + arch, path, cnn))
    for name, cnn in SHARED_MODELS:
        path = os.path.join(models_dir, name, "model.onnx")
        if os.path.isfile(path):
            models.append((name, path, cnn))
        else:
            print("skipped %s (not found)" % name)
    if args.only:
        wanted = set(args.only.split(","))
        models = [m for m in models if m[0] in wanted or m[0].split()[-1] in wanted]

    print("runtime benchmark: median latency over %d runs after one warm-up, "
          "same inputs; ratio = hwc / ORT %s" % (args.repeat, ort.__version__))
    print("%-28s %7s %11s %11s %7s %s" % ("model", "threads", "hwc ms", "ORT ms",
                                           "ratio", "goal"))
    misses = 0
    for name, path, cnn in models:
        directory = tempfile.mkdtemp(dir=work)
        feeds = random_inputs(path, 1, directory)
        for threads in (int(t) for t in args.threads.split(",")):
            hwc_ms = time_hwc(hwc, path, directory, feeds, threads, args.repeat)
            ort_ms = time_ort(path, feeds, threads, args.repeat)
            ratio = hwc_ms / ort_ms
            goal = GOAL_CNN if cnn else GOAL_ALL
            ok = ratio <= goal
            misses += not ok
            print("%-28s %7d %11.2f %11.2f %7.2f %s (<= %.1f)" % (
                name, threads, hwc_ms, ort_ms, ratio, "PASS" if ok else "MISS", goal))
            sys.stdout.flush()
    for suite, seconds, passed in conformance_times(args.build, root):
        print("conformance %-6s: %.1f s wall (%s tests pass)" % (suite, seconds, passed))
    print("%d of %d ratios miss their goal" % (misses, len(models) * len(args.threads.split(","))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
