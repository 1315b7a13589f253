#!/usr/bin/env python3
"""Every shared model through the neuromorphic back end: what converts compiles.

For each model in ../shared/models, `hwc report --targets=neuromorphic`
lists the rules its nodes break. Capacity rules (SNN-CORE-*, SNN-IO-001) say
the network is too big for the preset, not that it cannot be converted, and
SNN-POOL-001 (max pooling) converts under --snn-maxpool=approx; any other rule
makes the model non-convertible.

- A convertible model compiles (`hwc compile --target=neuromorphic`,
  calibrated on its reference input, T = 4) for a test chip without capacity
  limits to a `.hwcn` and a `.nir`; the NIR reads back with `nir.read`
  (type-checked) with one IF node per spiking population of the `.hwcn`, of
  the same size and threshold; `hwc run` simulates the `.hwcn` on the
  reference input.
- On loihi1 it compiles when the report found no capacity rule, and when it
  did, compile exits 20 naming a capacity rule and writes nothing.
- A non-convertible model: compile exits 20, names one of the report's rules,
  and writes nothing.

Prints one PASS/FAIL line per check and `N passed, N failed`; exits 77 when
../shared/models is missing.
"""

import argparse
import glob
import json
import os
import re
import subprocess
import sys
import tempfile
import time

import nir
import numpy as np

CAPACITY = re.compile(r"^SNN-(CORE-\d+|IO-001)$")
APPROX = "SNN-POOL-001"
UNBOUNDED = {
    "target": "neuromorphic", "name": "unbounded",
    "description": "test chip without capacity limits (conversion and export only)",
    "cores": 1000000, "neurons_per_core": 1 << 24, "in_axons_per_core": 1 << 24,
    "out_axons_per_core": 1 << 24, "synapse_memory_kib_per_core": 1 << 24,
    "weight_bits": 8, "convolution": True,
}


def neuromorphic_rules(hwc, model):
    """The rules the report's neuromorphic column names, with their nodes."""
    run = subprocess.run([hwc, "report", model, "--targets=neuromorphic", "--format=json"],
                         capture_output=True, text=True)
    if run.returncode not in (0, 10, 20):
        raise RuntimeError(f"hwc report exited {run.returncode}: {run.stderr.strip()}")
    report = json.loads(run.stdout)
    rules = {}
    for node in report["nodes"]:
        cell = node["targets"]["neuromorphic"]
        for finding in cell.get("findings", []):
            rules.setdefault(finding["rule"], []).append(node["name"])
    return rules


def calibration_dir(model_dir):
    inputs = sorted(glob.glob(os.path.join(model_dir, "*", "input_0.pb")))
    return os.path.dirname(inputs[0]) if inputs else None


def compile_snn(hwc, model, calib, output, config, approx):
    command = [hwc, "compile", "--target=neuromorphic", f"--target-config={config}", model,
               "--calib", calib, "--timesteps", "4", "--threads", "0", "-o", output]
    if approx:
        command.append("--snn-maxpool=approx")
    return subprocess.run(command, capture_output=True, text=True)


def check_nir(path, stats):
    """IF nodes against the .hwcn's spiking populations (name, size, threshold)."""
    graph = nir.read(path)
    spiking = {i: p for i, p in enumerate(stats["populations"]) if p["kind"] == "spiking"}
    problems = []
    for index, population in spiking.items():
        node = graph.nodes.get(f"n{index}")
        if node is None or type(node).__name__ != "IF":
            problems.append(f"population {population['name']}: no IF node n{index}")
            continue
        if node.v_threshold.size != population["neurons"]:
            problems.append(f"n{index}: {node.v_threshold.size} neurons, the .hwcn has "
                            f"{population['neurons']}")
        if population["threshold"] != int(node.v_threshold.flat[0]) or \
                not np.all(node.v_threshold == node.v_threshold.flat[0]):
            problems.append(f"n{index}: threshold {node.v_threshold.flat[0]}, the .hwcn has "
                            f"{population['threshold']}")
    ifs = sum(type(n).__name__ == "IF" for n in graph.nodes.values())
    if ifs != len(spiking):
        problems.append(f"{ifs} IF nodes for {len(spiking)} spiking populations")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hwc", required=True)
    parser.add_argument("--models", required=True)
    parser.add_argument("--only", help="comma-separated model names")
    args = parser.parse_args()
    if not os.path.isdir(args.models):
        print(f"SKIPPED: {args.models} is missing")
        return 77
    names = sorted(d for d in os.listdir(args.models)
                   if os.path.isfile(os.path.join(args.models, d, "model.onnx")))
    if args.only:
        names = [n for n in names if n in args.only.split(",")]
    results = []

    def record(ok, text):
        results.append(ok)
        print(f"{'PASS' if ok else 'FAIL'}: {text}", flush=True)

    with tempfile.TemporaryDirectory() as tmp:
        unbounded = os.path.join(tmp, "unbounded.json")
        with open(unbounded, "w") as f:
            json.dump(UNBOUNDED, f)
        for name in names:
            model = os.path.join(args.models, name, "model.onnx")
            calib = calibration_dir(os.path.join(args.models, name))
            rules = neuromorphic_rules(args.hwc, model)
            blockers = sorted(r for r in rules if r != APPROX and not CAPACITY.match(r))
            capacity = sorted(r for r in rules if CAPACITY.match(r))
            approx = APPROX in rules
            work = os.path.join(tmp, name)
            os.makedirs(work)
            if blockers or calib is None:
                out = os.path.join(work, "x.hwcn")
                run = compile_snn(args.hwc, model, calib or work, out, "loihi1", approx)
                named = [r for r in blockers if r in run.stderr]
                ok = run.returncode == 20 and bool(named) and not os.path.exists(out)
                record(ok, f"{name}: not convertible ({', '.join(blockers)}): compile exits "
                           f"{run.returncode}" + (f", names {named[0]}" if named else
                                                  f"; stderr: {run.stderr.strip()[:300]}"))
                continue
            start = time.time()
            hwcn, nir_path = os.path.join(work, "net.hwcn"), os.path.join(work, "net.nir")
            runs = [compile_snn(args.hwc, model, calib, out, unbounded, approx)
                    for out in (hwcn, nir_path)]
            failed = [r for r in runs if r.returncode != 0]
            if failed:
                record(False, f"{name}: compile exits {failed[0].returncode}: "
                              f"{failed[0].stderr.strip()[:400]}")
                continue
            stats_path = os.path.join(work, "stats.json")
            sim = subprocess.run([args.hwc, "run", hwcn, "--inputs", calib, "--stats", stats_path,
                                  "--threads", "0"], capture_output=True, text=True)
            if sim.returncode != 0:
                record(False, f"{name}: hwc run exits {sim.returncode}: {sim.stderr.strip()[:300]}")
                continue
            with open(stats_path) as f:
                stats = json.load(f)
            problems = check_nir(nir_path, stats)
            spikes = sum(stats["runs"][0]["samples"][0]["spikes"])
            mode = " (--snn-maxpool=approx)" if approx else ""
            record(not problems,
                   f"{name}: .hwcn and .nir{mode}, {len(stats['populations'])} populations, "
                   f"{spikes} spikes at T = 4, NIR matches the .hwcn "
                   f"({time.time() - start:.1f} s)" if not problems else
                   f"{name}: NIR differs from the .hwcn: {'; '.join(problems[:3])}")
            out = os.path.join(work, "loihi1.hwcn")
            run = compile_snn(args.hwc, model, calib, out, "loihi1", approx)
            if capacity:
                ok = run.returncode == 20 and "does not fit" in run.stderr and \
                    not os.path.exists(out) and any(r in run.stderr for r in capacity)
                record(ok, f"{name}: loihi1 too small ({', '.join(capacity)} in the report): "
                           f"compile exits {run.returncode}" +
                           ("" if ok else f"; stderr: {run.stderr.strip()[:300]}"))
            else:
                ok = run.returncode == 0 and os.path.exists(out)
                record(ok, f"{name}: fits loihi1 as the report says: compile exits {run.returncode}"
                           + ("" if ok else f"; stderr: {run.stderr.strip()[:300]}"))
    passed = sum(results)
    print(f"{passed} passed, {len(results) - passed} failed")
    return 0 if passed == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
