#!/usr/bin/env python3
"""An independent spiking simulator for hwc's NIR files, and the test that
hwc's simulator agrees with it exactly.

The reference shares no code with hwc: it reads the `.nir` file hwc wrote
with the `nir` package (`nir.read`, type-checked) and runs the graph with
deliberately simple NumPy code, one node at a time in topological order,
every value an int64:

  Input     analog: the input quantized as round(x / input_scale) (half away
            from zero, clamped to int16); rate: an accumulator per input adds
            max(q, 0) each step and spikes once when it reaches
            input_threshold, subtracting it
  Conv2d    direct convolution, one kernel tap at a time, + bias
  Flatten   reshape;  Affine  W x + b;  SumPool2d  window sums
  IF        v += sum of the incoming edges; spike where v > v_threshold;
            then v -= v_threshold (node metadata reset_mode "subtract") or
            v = v_reset ("to-value")
  I         v += sum of the incoming edges (the output integrator)

It counts synaptic operations its own way, as the sum over a projection's
outputs of the projection applied to |events| with all-ones weights (a 1x1
identity projection: one per event); edges from an analog input are
computed once and count no SOPs.

The test compiles mnist_8-style CNNs with `hwc compile
--target=neuromorphic` (examples/mnist-8.onnx with --snn-maxpool=approx, in
both input encodings; a ReLU CNN with average pooling; a residual CNN with
global average pooling), each to `.hwcn` and `.nir`, runs the `.hwcn` on
digits with `hwc run --stats`, and requires every population's spike count,
every projection's SOPs and every output membrane to equal the reference's,
sample by sample. Prints one PASS/FAIL line per network and
`N passed, N failed`.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

import nir
import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def text(value):
    if isinstance(value, bytes):
        return value.decode()
    if isinstance(value, np.ndarray):
        return text(value.item())
    return str(value)


def integral(array):
    values = np.asarray(array, dtype=np.float64)
    rounded = np.rint(values)
    if not np.array_equal(values, rounded):
        raise ValueError("non-integer parameter in an hwc NIR file")
    return rounded.astype(np.int64)


def convolve(x, weight, bias, stride, padding, dilation, groups):
    """Direct convolution of (C, H, W) by (Cout, Cin/g, kh, kw), int64."""
    cout, cin_g, kh, kw = weight.shape
    c, h, w = x.shape
    ph, pw = padding
    padded = np.zeros((c, h + 2 * ph, w + 2 * pw), dtype=np.int64)
    padded[:, ph:ph + h, pw:pw + w] = x
    oh = (h + 2 * ph - dilation[0] * (kh - 1) - 1) // stride[0] + 1
    ow = (w + 2 * pw - dilation[1] * (kw - 1) - 1) // stride[1] + 1
    out = np.zeros((cout, oh, ow), dtype=np.int64)
    cout_g = cout // groups
    for g in range(groups):
        inputs = padded[g * cin_g:(g + 1) * cin_g]
        for ky in range(kh):
            for kx in range(kw):
                y0, x0 = ky * dilation[0], kx * dilation[1]
                window = inputs[:, y0:y0 + (oh - 1) * stride[0] + 1:stride[0],
                                x0:x0 + (ow - 1) * stride[1] + 1:stride[1]]
                taps = weight[g * cout_g:(g + 1) * cout_g, :, ky, kx]
                out[g * cout_g:(g + 1) * cout_g] += np.einsum("oc,chw->ohw", taps, window)
    if bias is not None:
        out += bias[:, None, None]
    return out


def sum_pool(x, kernel, stride, padding):
    c, h, w = x.shape
    ph, pw = padding
    padded = np.zeros((c, h + 2 * ph, w + 2 * pw), dtype=np.int64)
    padded[:, ph:ph + h, pw:pw + w] = x
    oh = (h + 2 * ph - kernel[0]) // stride[0] + 1
    ow = (w + 2 * pw - kernel[1]) // stride[1] + 1
    out = np.zeros((c, oh, ow), dtype=np.int64)
    for ky in range(kernel[0]):
        for kx in range(kernel[1]):
            out += padded[:, ky:ky + (oh - 1) * stride[0] + 1:stride[0],
                          kx:kx + (ow - 1) * stride[1] + 1:stride[1]]
    return out


class Reference:
    """A NIR graph as hwc writes it, simulated with integers."""

    def __init__(self, path):
        graph = nir.read(path)
        self.nodes = graph.nodes
        self.meta = {k: text(v) for k, v in graph.metadata.items()}
        self.predecessors = {name: [] for name in self.nodes}
        for source, target in graph.edges:
            self.predecessors[target].append(source)
        self.order = self._topological_order(graph.edges)
        self.timesteps = int(self.meta["timesteps"])
        self.input_scale = float(self.meta["input_scale"])
        self.rate = self.meta["input_encoding"] == "rate"
        self.input_threshold = int(self.meta.get("input_threshold", "1"))
        self.params = {name: self._parameters(node) for name, node in self.nodes.items()}

    def _topological_order(self, edges):
        remaining = {name: len(preds) for name, preds in self.predecessors.items()}
        successors = {name: [] for name in self.nodes}
        for source, target in edges:
            successors[source].append(target)
        ready = [name for name, count in remaining.items() if count == 0]
        order = []
        while ready:
            name = ready.pop(0)
            order.append(name)
            for nxt in successors[name]:
                remaining[nxt] -= 1
                if remaining[nxt] == 0:
                    ready.append(nxt)
        if len(order) != len(self.nodes):
            raise ValueError("the NIR graph has a cycle")
        return order

    def _parameters(self, node):
        kind = type(node).__name__
        if kind == "Conv2d":
            return dict(weight=integral(node.weight), bias=integral(node.bias),
                        stride=tuple(int(s) for s in np.atleast_1d(node.stride)),
                        padding=tuple(int(p) for p in np.atleast_1d(node.padding)),
                        dilation=tuple(int(d) for d in np.atleast_1d(node.dilation)),
                        groups=int(np.asarray(node.groups).item()))
        if kind == "Affine":
            return dict(weight=integral(node.weight), bias=integral(node.bias))
        if kind == "IF":
            mode = text(node.metadata.get("reset_mode", self.meta["reset_mode"]))
            return dict(threshold=integral(node.v_threshold), reset=integral(node.v_reset),
                        subtract=mode == "subtract")
        if kind == "SumPool2d":
            return dict(kernel=tuple(int(k) for k in node.kernel_size),
                        stride=tuple(int(s) for s in node.stride),
                        padding=tuple(int(p) for p in node.padding))
        return {}

    def quantize(self, x):
        q = np.asarray(x, dtype=np.float32).astype(np.float64) / self.input_scale
        q = np.sign(q) * np.floor(np.abs(q) + 0.5)
        return np.clip(q, -32768, 32767).astype(np.int64)

    def _apply(self, name, x, ones=False):
        """The synapse node `name` applied to x (all-ones weights: its SOPs)."""
        node, p = self.nodes[name], self.params[name]
        kind = type(node).__name__
        if kind == "Conv2d":
            weight = p["weight"]
            if ones:
                identity = name.endswith("_identity")
                weight = (weight != 0).astype(np.int64) if identity else np.ones_like(weight)
            return convolve(x, weight, None if ones else p["bias"], p["stride"], p["padding"],
                            p["dilation"], p["groups"])
        if kind == "Affine":
            weight = p["weight"]
            if ones:
                identity = name.endswith("_identity")
                weight = (weight != 0).astype(np.int64) if identity else np.ones_like(weight)
                return weight @ x
            return weight @ x + p["bias"]
        if kind == "Flatten":
            return x.reshape(-1)
        if kind == "SumPool2d":
            return sum_pool(x, p["kernel"], p["stride"], p["padding"])
        raise ValueError(f"{name}: unexpected {kind} on a synapse path")

    def run(self, image, timesteps=None):
        """Spikes per IF node, SOPs per synapse node, the output membrane."""
        timesteps = timesteps or self.timesteps
        q = self.quantize(image).reshape(tuple(self.nodes["input"].input_type["input"]))
        state = {name: None for name in self.nodes}
        spikes = {name: 0 for name in self.nodes if type(self.nodes[name]).__name__ == "IF"}
        sops = {name: 0 for name in self.nodes}
        accumulator = np.zeros_like(q)
        analog = {}
        for _ in range(timesteps):
            values = {}
            for name in self.order:
                node = self.nodes[name]
                kind = type(node).__name__
                inputs = [values[source] for source in self.predecessors[name]]
                if kind == "Input":
                    if self.rate:
                        accumulator += np.maximum(q, 0)
                        fired = accumulator >= self.input_threshold
                        accumulator[fired] -= self.input_threshold
                        values[name] = fired.astype(np.int64)
                    else:
                        values[name] = q
                elif kind in ("Conv2d", "Affine", "Flatten", "SumPool2d"):
                    source = self.predecessors[name][0]
                    from_analog = (not self.rate and
                                   type(self.nodes[source]).__name__ == "Input")
                    if from_analog:
                        if name not in analog:
                            analog[name] = self._apply(name, inputs[0])
                        values[name] = analog[name]
                    else:
                        values[name] = self._apply(name, inputs[0])
                        if kind != "Flatten":
                            sops[name] += int(self._apply(name, np.abs(inputs[0]), ones=True).sum())
                elif kind == "IF":
                    p = self.params[name]
                    v = state[name] if state[name] is not None else np.zeros_like(p["threshold"])
                    v = v + sum(inputs).reshape(v.shape)
                    fired = v > p["threshold"]
                    if p["subtract"]:
                        v = np.where(fired, v - p["threshold"], v)
                    else:
                        v = np.where(fired, p["reset"], v)
                    state[name] = v
                    spikes[name] += int(fired.sum())
                    values[name] = fired.astype(np.int64)
                elif kind == "I":
                    current = sum(inputs)
                    state[name] = current if state[name] is None else state[name] + current
                    values[name] = state[name]
                elif kind == "Output":
                    values[name] = inputs[0]
                else:
                    raise ValueError(f"{name}: node type {kind} is not one hwc writes")
        integrator = next(n for n in self.nodes if type(self.nodes[n]).__name__ == "I")
        return spikes, sops, state[integrator].reshape(-1)


def compare(reference, stats, images, log):
    """Every sample's spikes, SOPs and membranes: hwc's --stats vs the reference."""
    populations = stats["populations"]
    projections = stats["projections"]
    mismatches = 0
    compared = 0
    for run in stats["runs"]:
        timesteps = run["timesteps"]
        for index, sample in enumerate(run["samples"]):
            spikes, sops, membranes = reference.run(images[index], timesteps)
            for name, count in spikes.items():
                population = int(name[1:])
                compared += 1
                if sample["spikes"][population] != count:
                    mismatches += 1
                    log(f"  T={timesteps} sample {index}: {populations[population]['name']} "
                        f"spikes hwc {sample['spikes'][population]} reference {count}")
            for name, count in sops.items():
                if not name.startswith("p") or name.endswith("_flatten"):
                    continue
                projection = int(name[1:].split("_")[0])
                compared += 1
                if sample["synaptic_ops"][projection] != count:
                    mismatches += 1
                    log(f"  T={timesteps} sample {index}: {projections[projection]['name']} "
                        f"SOPs hwc {sample['synaptic_ops'][projection]} reference {count}")
            compared += 1
            if list(membranes) != sample["membranes"]:
                mismatches += 1
                log(f"  T={timesteps} sample {index}: output membranes differ")
    return compared, mismatches


def residual_cnn(path, seed):
    """Conv-ReLU, Conv + skip Add, ReLU, GlobalAveragePool, Gemm: a residual join."""
    rng = np.random.default_rng(seed)

    def init(name, shape, scale):
        return numpy_helper.from_array((rng.standard_normal(shape) * scale).astype(np.float32), name)

    nodes = [
        helper.make_node("Conv", ["image", "w1", "b1"], ["c1"], name="conv1",
                         kernel_shape=[3, 3], pads=[1, 1, 1, 1], strides=[2, 2]),
        helper.make_node("Relu", ["c1"], ["r1"], name="relu1"),
        helper.make_node("Conv", ["r1", "w2", "b2"], ["c2"], name="conv2",
                         kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
        helper.make_node("Add", ["c2", "r1"], ["sum"], name="skip"),
        helper.make_node("Relu", ["sum"], ["r2"], name="relu2"),
        helper.make_node("GlobalAveragePool", ["r2"], ["gap"], name="gap"),
        helper.make_node("Flatten", ["gap"], ["flat"], name="flatten"),
        helper.make_node("Gemm", ["flat", "w3", "b3"], ["logits"], name="fc", transB=1),
    ]
    graph = helper.make_graph(
        nodes, "residual_cnn",
        [helper.make_tensor_value_info("image", TensorProto.FLOAT, [1, 1, 28, 28])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, [1, 10])],
        [init("w1", (8, 1, 3, 3), 0.6), init("b1", (8,), 0.05),
         init("w2", (8, 8, 3, 3), 0.2), init("b2", (8,), 0.05),
         init("w3", (10, 8), 0.5), init("b3", (10,), 0.1)])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.save(model, path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hwc", required=True)
    parser.add_argument("--root", required=True, help="the hwc source tree")
    parser.add_argument("--samples", type=int, default=12)
    args = parser.parse_args()

    digits = np.load(os.path.join(args.root, "tests/data/mnist/evaluation_images_u8.npy"))
    calibration = np.load(os.path.join(args.root, "tests/data/mnist/calibration_images_u8.npy"))
    images = (digits[:args.samples].astype(np.float32) / 255).reshape(-1, 1, 28, 28)
    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        residual = os.path.join(tmp, "residual.onnx")
        residual_cnn(residual, 3)
        avgpool = os.path.join(tmp, "avgpool.onnx")
        subprocess.run([sys.executable, os.path.join(os.path.dirname(__file__), "..", "models",
                                                     "train_avgpool_cnn.py"),
                        "--images", os.path.join(args.root, "tests/data/mnist/calibration_images_u8.npy"),
                        "--labels", os.path.join(args.root, "tests/data/mnist/calibration_labels_u8.npy"),
                        "--rows", "0:1000", "--epochs", "1", "-o", avgpool],
                       check=True, stdout=subprocess.DEVNULL)
        mnist = os.path.join(args.root, "examples/mnist-8.onnx")
        cases = [
            ("mnist-8 maxpool=approx, analog input, T=16", mnist, "Input3",
             ["--snn-maxpool=approx", "--timesteps", "16"], [16]),
            ("mnist-8 maxpool=approx, rate input, T=32", mnist, "Input3",
             ["--snn-maxpool=approx", "--snn-encoding=rate", "--timesteps", "32"], [32]),
            # The bias shift depends on T, and NIR holds the compiled T's:
            # runs at other T leave it out.
            ("avgpool CNN, no bias shift, T=8 and T=24", avgpool, "image",
             ["--timesteps", "8", "--no-bias-shift"], [8, 24]),
            ("residual CNN, T=20", residual, "image", ["--timesteps", "20"], [20]),
        ]
        for title, model, input_name, options, timesteps in cases:
            work = tempfile.mkdtemp(dir=tmp)
            calib = os.path.join(work, "calib")
            os.makedirs(calib)
            np.save(os.path.join(calib, input_name + ".npy"),
                    (calibration[:100].astype(np.float32) / 255).reshape(-1, 1, 28, 28))
            batch = os.path.join(work, "batch.npy")
            np.save(batch, images)
            hwcn, nir_path, stats_path = (os.path.join(work, f) for f in
                                          ("net.hwcn", "net.nir", "stats.json"))
            for output in (hwcn, nir_path):
                subprocess.run([args.hwc, "compile", "--target=neuromorphic", model, "--calib",
                                calib, "-o", output] + options, check=True,
                               stdout=subprocess.DEVNULL)
            subprocess.run([args.hwc, "run", hwcn, "--input", f"{input_name}={batch}",
                            "--timesteps", ",".join(map(str, timesteps)), "--stats", stats_path],
                           check=True, stdout=subprocess.DEVNULL)
            with open(stats_path) as f:
                stats = json.load(f)
            lines = []
            reference = Reference(nir_path)
            compared, mismatches = compare(reference, stats, images, lines.append)
            verdict = "PASS" if mismatches == 0 and compared > 0 else "FAIL"
            total_spikes = sum(sum(s["spikes"]) for r in stats["runs"] for s in r["samples"])
            print(f"{verdict}: {title}: {compared} counts over {len(images)} digits equal "
                  f"({total_spikes} spikes)" if verdict == "PASS" else
                  f"{verdict}: {title}: {mismatches} of {compared} counts differ")
            for line in lines[:10]:
                print(line)
            passed += verdict == "PASS"
            failed += verdict == "FAIL"
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
