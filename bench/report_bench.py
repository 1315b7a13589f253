#!/usr/bin/env python3
"""Report benchmark: `hwc report` on a 100 MB ResNet-50 for all three targets.

Also times `hwc simplify` (import, constant folding, ONNX export) on the same
file.

Generates build/bench/resnet50.onnx with hwc-modelgen (shared with
import_bench.py) and measures, one fresh process per repetition, side by side:

  * `hwc import MODEL -o /dev/null` (the floor: reading the model);
  * `hwc report MODEL --targets=gpu,asic,neuromorphic` in each format
    (text, json, md, html), written to /dev/null.

Prints median and min wall time, the child's peak RSS and the ratio of
report to import time, and the goals as PASS/MISS: report <= 2 s;
simplify <= 0.5 s on top of import and peak RSS <= 2x the model's size
(also shown: the peak of `hwc import` on the tiny MNIST example, i.e. the
process's size before any model weight). The exit status is non-zero only
when something could not be run.

Usage: .venv/bin/python bench/report_bench.py --build build [--repeat 5]
"""

import argparse
import os
import statistics
import subprocess
import sys
import time

GOAL_REPORT_SECONDS = 2.0
GOAL_SIMPLIFY_EXTRA_SECONDS = 0.5
GOAL_SIMPLIFY_PEAK_VS_MODEL = 2.0


def timed(command):
    """Wall seconds and peak RSS (MiB) of one fresh child process."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 10, 20):
        raise SystemExit(f"failed: {' '.join(command)}\n{stderr.decode()}")
    return seconds, usage.ru_maxrss / 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--build", default="build")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    hwc = os.path.join(args.build, "bin", "hwc")
    model_dir = os.path.join(args.build, "bench")
    model = os.path.join(model_dir, "resnet50.onnx")
    if not os.path.exists(model):
        os.makedirs(model_dir, exist_ok=True)
        subprocess.run([os.path.join(args.build, "bin", "hwc-modelgen"), "--arch=resnet50",
                        "-o", model], check=True)
    with open(model, "rb") as f:  # warm the page cache
        while f.read(1 << 24):
            pass
    size_mb = os.path.getsize(model) / 1e6
    size_mib = os.path.getsize(model) / (1 << 20)
    tiny = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "examples",
                        "mnist-8.onnx")
    cases = [("import", [hwc, "import", model, "-o", "/dev/null"]),
             ("import (tiny MNIST)", [hwc, "import", tiny, "-o", "/dev/null"])]
    simplified = os.path.join(model_dir, "resnet50.simplified.onnx")
    cases.append(("simplify", [hwc, "simplify", model, "-o", simplified]))
    for fmt in ("text", "json", "md", "html"):
        cases.append((f"report --format={fmt}",
                      [hwc, "report", model, "--targets=gpu,asic,neuromorphic",
                       f"--format={fmt}", "-o", "/dev/null"]))
    print(f"model: {model} ({size_mb:.1f} MB), {args.repeat} runs each")
    print(f"{'command':<22} {'median s':>9} {'min s':>8} {'peak MiB':>9} {'vs import':>10}")
    import_median = None
    worst = 0.0
    results = {}
    for name, command in cases:
        runs = [timed(command) for _ in range(args.repeat)]
        median = statistics.median(s for s, _ in runs)
        fastest = min(s for s, _ in runs)
        peak = max(m for _, m in runs)
        results[name] = (median, peak)
        if import_median is None:
            import_median = median
        elif name.startswith("report"):
            worst = max(worst, median)
        print(f"{name:<22} {median:>9.3f} {fastest:>8.3f} {peak:>9.0f} "
              f"{median / import_median:>9.2f}x")

    def verdict(ok):
        return "PASS" if ok else "MISS"

    print(f"goal: report <= {GOAL_REPORT_SECONDS:.1f} s for all three targets: "
          f"{verdict(worst <= GOAL_REPORT_SECONDS)} (slowest format median {worst:.3f} s)")
    simplify_median, simplify_peak = results["simplify"]
    extra = simplify_median - import_median
    print(f"goal: simplify <= {GOAL_SIMPLIFY_EXTRA_SECONDS:.1f} s on top of import: "
          f"{verdict(extra <= GOAL_SIMPLIFY_EXTRA_SECONDS)} ({extra:.3f} s)")
    ratio = simplify_peak / size_mib
    baseline = results["import (tiny MNIST)"][1]
    print(f"goal: simplify peak <= {GOAL_SIMPLIFY_PEAK_VS_MODEL:.0f}x model size: "
          f"{verdict(ratio <= GOAL_SIMPLIFY_PEAK_VS_MODEL)} ({simplify_peak:.0f} MiB = "
          f"{ratio:.2f}x of {size_mib:.1f} MiB; {simplify_peak - baseline:.0f} MiB above "
          f"the {baseline:.0f} MiB of a tiny model)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
