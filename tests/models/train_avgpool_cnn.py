#!/usr/bin/env python3
"""Trains a small ReLU CNN with average pooling on MNIST and writes it as ONNX.

The spiking target converts ReLU CNNs whose pooling is an average (MaxPool
has no rate-coded equivalent), and no shared model is one, so the
neuromorphic accuracy test makes its own: the architecture of
examples/mnist-8.onnx with AveragePool in place of MaxPool,

    Conv 1->8 5x5 pad 2, Relu, AveragePool 2, Conv 8->16 5x5 pad 2, Relu,
    AveragePool 2, Flatten, Gemm 784->10

trained here with plain NumPy (im2col convolutions, softmax cross-entropy,
Adam) on MNIST rows that neither calibration nor evaluation uses. Training is
seeded, so the same data gives the same weights on the same NumPy build.

    train_avgpool_cnn.py --images images_u8.npy --labels labels_u8.npy \
        --rows 1000:5000,6000:10000 -o model.onnx [--epochs 2]

Prints the training accuracy per epoch. Input `image` is [1, 1, 28, 28]
float32 in 0..1; output `logits` is [1, 10].
"""

import argparse
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def im2col(x, k, pad):
    """(N, C, H, W) -> (N, H, W, C*k*k) patches of a stride-1 k x k window."""
    n, c, h, w = x.shape
    padded = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    out_h, out_w = h + 2 * pad - k + 1, w + 2 * pad - k + 1
    cols = np.empty((n, out_h, out_w, c, k, k), dtype=x.dtype)
    for ky in range(k):
        for kx in range(k):
            cols[:, :, :, :, ky, kx] = padded[:, :, ky:ky + out_h, kx:kx + out_w].transpose(0, 2, 3, 1)
    return cols.reshape(n, out_h, out_w, c * k * k)


def col2im(cols, shape, k, pad):
    """The adjoint of im2col: scatters patch gradients back to (N, C, H, W)."""
    n, c, h, w = shape
    out_h, out_w = h + 2 * pad - k + 1, w + 2 * pad - k + 1
    cols = cols.reshape(n, out_h, out_w, c, k, k)
    padded = np.zeros((n, c, h + 2 * pad, w + 2 * pad), dtype=cols.dtype)
    for ky in range(k):
        for kx in range(k):
            padded[:, :, ky:ky + out_h, kx:kx + out_w] += cols[:, :, :, :, ky, kx].transpose(0, 3, 1, 2)
    return padded[:, :, pad:pad + h, pad:pad + w]


class Conv:
    def __init__(self, rng, cin, cout, k, pad):
        scale = np.sqrt(2.0 / (cin * k * k))
        self.w = (rng.standard_normal((cout, cin, k, k)) * scale).astype(np.float32)
        self.b = np.zeros(cout, dtype=np.float32)
        self.k, self.pad = k, pad

    def forward(self, x):
        self.shape = x.shape
        self.cols = im2col(x, self.k, self.pad)
        y = self.cols @ self.w.reshape(len(self.b), -1).T + self.b
        return y.transpose(0, 3, 1, 2)

    def backward(self, dy):
        dy = dy.transpose(0, 2, 3, 1)
        flat = dy.reshape(-1, dy.shape[-1])
        self.dw = (flat.T @ self.cols.reshape(-1, self.cols.shape[-1])).reshape(self.w.shape)
        self.db = flat.sum(axis=0)
        return col2im(dy @ self.w.reshape(len(self.b), -1), self.shape, self.k, self.pad)


def avgpool2(x):
    n, c, h, w = x.shape
    return x.reshape(n, c, h // 2, 2, w // 2, 2).mean(axis=(3, 5))


def avgpool2_backward(dy):
    return np.repeat(np.repeat(dy, 2, axis=2), 2, axis=3) / 4


class Network:
    def __init__(self, seed):
        rng = np.random.default_rng(seed)
        self.conv1 = Conv(rng, 1, 8, 5, 2)
        self.conv2 = Conv(rng, 8, 16, 5, 2)
        self.fc_w = (rng.standard_normal((10, 784)) * np.sqrt(1.0 / 784)).astype(np.float32)
        self.fc_b = np.zeros(10, dtype=np.float32)

    def parameters(self):
        return [self.conv1.w, self.conv1.b, self.conv2.w, self.conv2.b, self.fc_w, self.fc_b]

    def forward(self, x):
        self.a1 = np.maximum(self.conv1.forward(x), 0)
        p1 = avgpool2(self.a1)
        self.a2 = np.maximum(self.conv2.forward(p1), 0)
        self.flat = avgpool2(self.a2).reshape(len(x), -1)
        return self.flat @ self.fc_w.T + self.fc_b

    def backward(self, dlogits):
        dfc_w = dlogits.T @ self.flat
        dfc_b = dlogits.sum(axis=0)
        dp2 = (dlogits @ self.fc_w).reshape(self.a2.shape[0], 16, 7, 7)
        da2 = avgpool2_backward(dp2) * (self.a2 > 0)
        dp1 = self.conv2.backward(da2)
        da1 = avgpool2_backward(dp1) * (self.a1 > 0)
        self.conv1.backward(da1)
        return [self.conv1.dw, self.conv1.db, self.conv2.dw, self.conv2.db, dfc_w, dfc_b]


def train(images, labels, epochs, seed, batch=64, learning_rate=2e-3):
    network = Network(seed)
    params = network.parameters()
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    rng = np.random.default_rng(seed + 1)
    step = 0
    for epoch in range(epochs):
        order = rng.permutation(len(images))
        correct = 0
        for start in range(0, len(order), batch):
            index = order[start:start + batch]
            logits = network.forward(images[index])
            shifted = logits - logits.max(axis=1, keepdims=True)
            probs = np.exp(shifted)
            probs /= probs.sum(axis=1, keepdims=True)
            correct += int((probs.argmax(axis=1) == labels[index]).sum())
            probs[np.arange(len(index)), labels[index]] -= 1
            grads = network.backward(probs / len(index))
            step += 1
            rate = learning_rate * (0.3 if epoch == epochs - 1 and epochs > 1 else 1.0)
            for p, g, mp, vp in zip(params, grads, m, v):
                mp *= 0.9
                mp += 0.1 * g
                vp *= 0.999
                vp += 0.001 * g * g
                p -= rate * (mp / (1 - 0.9 ** step)) / (np.sqrt(vp / (1 - 0.999 ** step)) + 1e-8)
        print(f"epoch {epoch + 1}: training accuracy {100.0 * correct / len(images):.2f}%")
    return network


def to_onnx(network):
    def init(name, array):
        return numpy_helper.from_array(np.ascontiguousarray(array, dtype=np.float32), name)

    nodes = [
        helper.make_node("Conv", ["image", "conv1_w", "conv1_b"], ["conv1"], name="conv1",
                         kernel_shape=[5, 5], pads=[2, 2, 2, 2]),
        helper.make_node("Relu", ["conv1"], ["relu1"], name="relu1"),
        helper.make_node("AveragePool", ["relu1"], ["pool1"], name="pool1",
                         kernel_shape=[2, 2], strides=[2, 2]),
        helper.make_node("Conv", ["pool1", "conv2_w", "conv2_b"], ["conv2"], name="conv2",
                         kernel_shape=[5, 5], pads=[2, 2, 2, 2]),
        helper.make_node("Relu", ["conv2"], ["relu2"], name="relu2"),
        helper.make_node("AveragePool", ["relu2"], ["pool2"], name="pool2",
                         kernel_shape=[2, 2], strides=[2, 2]),
        helper.make_node("Flatten", ["pool2"], ["flat"], name="flatten"),
        helper.make_node("Gemm", ["flat", "fc_w", "fc_b"], ["logits"], name="fc", transB=1),
    ]
    graph = helper.make_graph(
        nodes, "avgpool_cnn",
        [helper.make_tensor_value_info("image", TensorProto.FLOAT, [1, 1, 28, 28])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, [1, 10])],
        [init("conv1_w", network.conv1.w), init("conv1_b", network.conv1.b),
         init("conv2_w", network.conv2.w), init("conv2_b", network.conv2.b),
         init("fc_w", network.fc_w), init("fc_b", network.fc_b)])
    model = helper.make_model(graph, producer_name="hwc train_avgpool_cnn.py",
                              opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


def parse_rows(spec):
    rows = []
    for part in spec.split(","):
        start, end = part.split(":")
        rows.extend(range(int(start), int(end)))
    return np.array(rows)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", required=True)
    parser.add_argument("--labels", required=True)
    parser.add_argument("--rows", default="1000:5000,6000:10000")
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("-o", "--output", required=True)
    args = parser.parse_args()
    rows = parse_rows(args.rows)
    images = (np.load(args.images)[rows].astype(np.float32) / 255).reshape(-1, 1, 28, 28)
    labels = np.load(args.labels)[rows].astype(np.int64)
    network = train(images, labels, args.epochs, args.seed)
    onnx.save(to_onnx(network), args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
