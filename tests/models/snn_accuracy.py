#!/usr/bin/env python3
"""Spiking accuracy against the ANN per time-step count, on held-out MNIST digits.

1. Trains the average-pooling ReLU CNN of train_avgpool_cnn.py on MNIST rows
   1000-4999 and 6000-9999 of ../shared/data/mnist.
2. `hwc compile --target=neuromorphic` calibrates it on rows 0-999 and writes
   a `.hwcn` (loihi1).
3. `hwc run` simulates rows 5000-5999 (1,000 digits, disjoint from training
   and calibration) at T = 1, 2, 4, ..., 64 in one batch run.
4. ONNX Runtime runs the ANN on the same digits: it is the teacher.

Prints the table of T against top-1 agreement with the ANN, both models'
accuracy against the labels and the SOPs per digit, then checks the issue's
goals: agreement >= 99% at some T <= 64 and >= 97% at some T <= 16.
Prints `N passed, N failed`; exits 77 when ../shared/data/mnist is missing.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile

import numpy as np
import onnxruntime as ort

TIMESTEPS = [1, 2, 4, 8, 16, 32, 64]
GOALS = [(64, 0.99), (16, 0.97)]


def digits(images, rows):
    return (images[rows].astype(np.float32) / 255).reshape(-1, 1, 28, 28)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hwc", required=True)
    parser.add_argument("--mnist", required=True, help="../shared/data/mnist")
    parser.add_argument("--target-config", default="loihi1")
    parser.add_argument("--keep", help="keep the model, artifact and outputs here")
    args = parser.parse_args()
    images_path = os.path.join(args.mnist, "images_u8.npy")
    if not os.path.exists(images_path):
        print(f"SKIPPED: {images_path} is missing")
        return 77
    images = np.load(images_path)
    labels = np.load(os.path.join(args.mnist, "labels_u8.npy")).astype(np.int64)
    work = args.keep or tempfile.mkdtemp(prefix="hwc-snn-accuracy-")
    os.makedirs(work, exist_ok=True)
    model = os.path.join(work, "avgpool_cnn.onnx")
    subprocess.run([sys.executable, os.path.join(os.path.dirname(__file__), "train_avgpool_cnn.py"),
                    "--images", images_path, "--labels", os.path.join(args.mnist, "labels_u8.npy"),
                    "--rows", "1000:5000,6000:10000", "-o", model], check=True)
    calib = os.path.join(work, "calib")
    os.makedirs(calib, exist_ok=True)
    np.save(os.path.join(calib, "image.npy"), digits(images, np.arange(0, 1000)))
    evaluation_rows = np.arange(5000, 6000)
    evaluation = digits(images, evaluation_rows)
    batch = os.path.join(work, "evaluation.npy")
    np.save(batch, evaluation)

    artifact = os.path.join(work, "avgpool_cnn.hwcn")
    subprocess.run([args.hwc, "compile", "--target=neuromorphic", f"--target-config={args.target_config}",
                    model, "--calib", calib, "--timesteps", "32", "--threads", "0", "-o", artifact],
                   check=True)
    outputs = os.path.join(work, "outputs")
    run = subprocess.run([args.hwc, "run", artifact, "--input", f"image={batch}", "--timesteps",
                          ",".join(map(str, TIMESTEPS)), "--threads", "0", "--output-dir", outputs],
                         check=True, capture_output=True, text=True)
    sops = {int(t): float(s) for t, s in re.findall(
        r"T = (\d+): \d+ samples.*?totals per sample: [0-9.]+ spikes, ([0-9.]+) SOPs", run.stdout,
        re.S)}
    throughput = re.findall(r"simulated .*", run.stdout)

    session = ort.InferenceSession(model, providers=["CPUExecutionProvider"])
    ann = np.array([session.run(None, {"image": x[None]})[0][0].argmax() for x in evaluation])
    truth = labels[evaluation_rows]
    ann_accuracy = float((ann == truth).mean())

    print(f"\n{len(evaluation)} held-out digits (rows 5000-5999); ANN accuracy {100 * ann_accuracy:.1f}%")
    print(f"{'T':>4}  {'agreement':>9}  {'SNN acc':>7}  {'ANN acc':>7}  {'SOPs/digit':>11}")
    agreement = {}
    for t in TIMESTEPS:
        snn = np.load(os.path.join(outputs, f"logits_T{t}.npy")).argmax(axis=1)
        agreement[t] = float((snn == ann).mean())
        print(f"{t:>4}  {100 * agreement[t]:>8.1f}%  {100 * (snn == truth).mean():>6.1f}%  "
              f"{100 * ann_accuracy:>6.1f}%  {sops.get(t, float('nan')):>11.0f}")
    for line in throughput:
        print(line)

    passed = failed = 0
    for limit, goal in GOALS:
        best = [t for t in TIMESTEPS if t <= limit and agreement[t] >= goal]
        ok = bool(best)
        detail = (f"T = {best[0]} reaches {100 * agreement[best[0]]:.1f}%" if ok else
                  f"best {100 * max(agreement[t] for t in TIMESTEPS if t <= limit):.1f}%")
        print(f"{'PASS' if ok else 'FAIL'}: top-1 agreement >= {100 * goal:.0f}% at T <= {limit} ({detail})")
        passed += ok
        failed += not ok
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
