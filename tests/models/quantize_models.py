#!/usr/bin/env python3
"""int8 output SQNR against the fp32 teacher on four shared CNNs.

For squeezenet1_0_fp16_winml, ultraface_rfb_320, super_resolution_10 and
teams_segmentation_msra: generates eight variants of each model's reference
input (mirrored, shifted, brightness and noise changed), calibrates on six
of them with `hwc calibrate` (default method, bias correction), and
evaluates on the reference inputs plus the two other variants: every
output's SQNR must reach 20 dB.

Then `hwc compile --target=asic --quantize=int8 --calib` on every shared CNN
(the four above, mnist_8, the style-transfer model and the onnx_light_*
topologies), calibrated on two variants: the QDQ ONNX it writes must pass
the onnx checker, hold QuantizeLinear nodes, and compute in ONNX Runtime
(reference kernels) what hwc's runtime computes on it.

Prints one PASS/FAIL line per check and `N passed, N failed`; exits 77
when ../shared/models is missing.
"""

import argparse
import glob
import os
import re
import subprocess
import sys
import tempfile

import numpy as np
import onnx
from onnx import numpy_helper

GOAL_DB = 20.0
# ONNX Runtime and hwc on the same QDQ model: their difference must sit well
# below the quantization noise the SQNR goal allows.
GOAL_AGREE_DB = 25.0
MODELS = ["squeezenet1_0_fp16_winml", "ultraface_rfb_320", "super_resolution_10",
          "teams_segmentation_msra"]
VARIANTS = 8
CALIBRATION_VARIANTS = 6
CNNS = MODELS + ["mnist_8", "fns_candy_style_transfer", "onnx_light_bvlc_alexnet",
                 "onnx_light_densenet121", "onnx_light_inception_v1", "onnx_light_inception_v2",
                 "onnx_light_resnet50", "onnx_light_shufflenet", "onnx_light_squeezenet",
                 "onnx_light_vgg19", "onnx_light_zfnet512"]


def reference_inputs(model_dir):
    """Distinct input_0.pb tensors of the model's test-data directories."""
    seen, inputs = set(), []
    for path in sorted(glob.glob(os.path.join(model_dir, "*", "input_0.pb"))):
        tensor = onnx.TensorProto()
        with open(path, "rb") as f:
            tensor.ParseFromString(f.read())
        array = numpy_helper.to_array(tensor)
        key = array.tobytes()
        if key not in seen:
            seen.add(key)
            inputs.append(array)
    return inputs


def variant(base, seed):
    """A plausible other input: mirrored, shifted, rescaled around the mean,
    with a little noise. Works on [N, C, H, W] images."""
    rng = np.random.default_rng(seed)
    x = base.astype(np.float32)
    if seed % 2:
        x = x[..., ::-1]
    x = np.roll(x, tuple(rng.integers(-8, 9, size=2)), axis=(-2, -1))
    mean = x.mean()
    x = mean + (x - mean) * rng.uniform(0.8, 1.2)
    x = x + rng.normal(0.0, 0.02 * (x.std() + 1e-6), size=x.shape)
    return np.ascontiguousarray(x).astype(base.dtype)


def save_samples(directory, name, samples):
    for index, sample in enumerate(samples):
        sample_dir = os.path.join(directory, f"sample_{index:03d}")
        os.makedirs(sample_dir)
        with open(os.path.join(sample_dir, "input_0.pb"), "wb") as f:
            f.write(numpy_helper.from_array(sample, name).SerializeToString())


def input_name(model_path):
    graph = onnx.load(model_path, load_external_data=False).graph
    initializers = {i.name for i in graph.initializer}
    return next(i.name for i in graph.input if i.name not in initializers)


def check_model(hwc, models, name, work):
    model_dir = os.path.join(models, name)
    model = os.path.join(model_dir, "model.onnx")
    references = reference_inputs(model_dir)
    generated = [variant(references[0], seed) for seed in range(VARIANTS)]
    calib, evaluation = os.path.join(work, name, "calib"), os.path.join(work, name, "eval")
    tensor_name = input_name(model)
    save_samples(calib, tensor_name, generated[:CALIBRATION_VARIANTS])
    save_samples(evaluation, tensor_name, references + generated[CALIBRATION_VARIANTS:])
    run = subprocess.run([hwc, "calibrate", model, "--data", calib, "--eval", evaluation,
                          "-o", os.path.join(work, name, "plan.json")],
                         capture_output=True, text=True)
    if run.returncode != 0:
        return [(False, f"{name}: hwc calibrate exited {run.returncode}: {run.stderr.strip()}")]
    for line in run.stderr.splitlines():
        if line.startswith("bias correction"):
            print(f"INFO: {name}: {line}")
    results = []
    samples = len(references) + VARIANTS - CALIBRATION_VARIANTS
    for match in re.finditer(r"agreement with the fp32 teacher on \d+ samples, '([^']*)':.*"
                             r"SQNR ([-0-9.]+) dB", run.stderr):
        output, sqnr = match.group(1), float(match.group(2))
        results.append((sqnr >= GOAL_DB,
                        f"{name} '{output}': int8 SQNR {sqnr:.1f} dB on {samples} inputs "
                        f"({len(references)} reference, {samples - len(references)} "
                        f"generated; goal >= {GOAL_DB:.0f} dB)"))
    return results or [(False, f"{name}: no agreement line in:\n{run.stderr}")]


def ort_output(model, name, value):
    import onnxruntime as ort
    options = ort.SessionOptions()
    # Reference kernels: the int8 fusions saturate on AVX2 without VNNI.
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
    session = ort.InferenceSession(model, options, providers=["CPUExecutionProvider"])
    return session.run(None, {name: value})[0]


def check_compile(hwc, models, name, work):
    model_dir = os.path.join(models, name)
    model = os.path.join(model_dir, "model.onnx")
    references = reference_inputs(model_dir)
    if not references:
        return [(False, f"{name}: no reference input")]
    tensor_name = input_name(model)
    calib = os.path.join(work, "compile", name, "calib")
    save_samples(calib, tensor_name, [variant(references[0], seed) for seed in (1, 2)]
                 if references[0].ndim == 4 else references)
    out = os.path.join(work, "compile", name, "model.int8.onnx")
    run = subprocess.run([hwc, "compile", "--target=asic", "--quantize=int8", "--calib", calib,
                          "--method", "percentile", model, "-o", out],
                         capture_output=True, text=True)
    if run.returncode != 0:
        return [(False, f"{name}: hwc compile exited {run.returncode}: {run.stderr.strip()}")]
    compiled = onnx.load(out)
    onnx.checker.check_model(compiled, full_check=True)
    quantizers = sum(n.op_type == "QuantizeLinear" for n in compiled.graph.node)
    sample = os.path.join(work, "compile", name, "input.npy")
    np.save(sample, references[0])
    hwc_out = os.path.join(work, "compile", name, "hwc-out")
    subprocess.run([hwc, "run", out, "--input", f"{tensor_name}={sample}", "--output-dir",
                    hwc_out], check=True, capture_output=True)
    tensor = onnx.TensorProto()
    with open(os.path.join(hwc_out, "output_0.pb"), "rb") as f:
        tensor.ParseFromString(f.read())
    ours = numpy_helper.to_array(tensor).astype(np.float64)
    try:
        theirs = ort_output(out, tensor_name, references[0]).astype(np.float64)
    except Exception as error:  # e.g. a legacy experimental op ONNX Runtime dropped
        print(f"INFO: {name}: ONNX Runtime cannot run the compiled model: "
              f"{str(error).splitlines()[0]}")
        return [(quantizers > 0, f"{name}: compiled to QDQ ONNX ({quantizers} QuantizeLinear); "
                                 "no ONNX Runtime comparison")]
    scale = max(float(np.abs(theirs).max()), 1e-6)
    difference = float(np.abs(ours - theirs).max()) / scale
    noise = float(((ours - theirs) ** 2).sum())
    sqnr = 200.0 if noise == 0 else 10 * np.log10(float((theirs ** 2).sum()) / noise)
    # Float sums in another order (or fp16 arithmetic in ONNX Runtime) can put
    # a value on the other side of a rounding boundary of a QuantizeLinear:
    # one level, carried on. Exact agreement is not expected; agreement well
    # above the quantization noise is.
    ok = quantizers > 0 and sqnr >= GOAL_AGREE_DB
    plan = os.path.exists(os.path.join(work, "compile", name, "model.int8.plan.json"))
    return [(ok, f"{name}: compiled to QDQ ONNX ({quantizers} QuantizeLinear, plan {plan}); "
                 f"ONNX Runtime vs hwc on it: SQNR {sqnr:.1f} dB, max difference "
                 f"{difference:.2g} of the output range (goal >= {GOAL_AGREE_DB:.0f} dB)")]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--hwc", required=True)
    parser.add_argument("--models", required=True, help="the shared models directory")
    args = parser.parse_args()
    if not os.path.isdir(args.models):
        print(f"SKIPPED: {args.models} is not there")
        return 77
    results = []
    with tempfile.TemporaryDirectory() as work:
        for name in MODELS:
            if not os.path.isfile(os.path.join(args.models, name, "model.onnx")):
                results.append((False, f"{name}: model missing from {args.models}"))
                continue
            results += check_model(args.hwc, args.models, name, work)
        for name in CNNS:
            if not os.path.isfile(os.path.join(args.models, name, "model.onnx")):
                results.append((False, f"{name}: model missing from {args.models}"))
                continue
            results += check_compile(args.hwc, args.models, name, work)
    return print_results(results)


def print_results(results):
    """One PASS/FAIL line per (ok, text), then `N passed, N failed`; the
    exit status."""
    failed = 0
    for ok, text in results:
        print(f"{'PASS' if ok else 'FAIL'}: {text}")
        failed += not ok
    print(f"{len(results) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
