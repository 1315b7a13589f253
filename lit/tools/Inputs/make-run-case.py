"""Writes models and tensor files for the `hwc run` tests.

usage: make-run-case.py KIND DIR

Each KIND writes DIR/m.onnx plus the input (and, where the test compares,
expected-output) files it needs. Expected outputs are computed with NumPy,
independently of hwc. Run `make-run-case.py --list` for the kinds.
"""

import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def save_model(path, nodes, inputs, outputs, initializers=(), opset=17,
               extra_opsets=()):
    graph = helper.make_graph(nodes, "g", inputs, outputs,
                              initializer=list(initializers))
    imports = [helper.make_opsetid("", opset)] + list(extra_opsets)
    model = helper.make_model(graph, opset_imports=imports)
    model.ir_version = 8
    onnx.save(model, path)


def save_pb(path, array, name):
    with open(path, "wb") as f:
        f.write(numpy_helper.from_array(array, name).SerializeToString())


def add_model(d):
    """Y = X + 1 over a [batch, 3] float input."""
    one = numpy_helper.from_array(np.ones((3,), np.float32), "one")
    save_model(os.path.join(d, "m.onnx"),
               [helper.make_node("Add", ["X", "one"], ["Y"], name="add")],
               [helper.make_tensor_value_info("X", TensorProto.FLOAT, ["batch", 3])],
               [helper.make_tensor_value_info("Y", TensorProto.FLOAT, ["batch", 3])],
               [one])


def basic(d):
    add_model(d)
    x = np.arange(6, dtype=np.float32).reshape(2, 3)
    np.save(os.path.join(d, "x.npy"), x)
    save_pb(os.path.join(d, "x.pb"), x, "X")
    os.makedirs(os.path.join(d, "expected"), exist_ok=True)
    save_pb(os.path.join(d, "expected", "output_0.pb"), x + 1, "Y")
    os.makedirs(os.path.join(d, "wrong"), exist_ok=True)
    save_pb(os.path.join(d, "wrong", "output_0.pb"), x + 1.5, "Y")
    # Bad tensor files.
    np.save(os.path.join(d, "wide.npy"), np.zeros((2, 5), np.float32))
    np.save(os.path.join(d, "rank1.npy"), np.zeros((3,), np.float32))
    np.save(os.path.join(d, "int.npy"), np.zeros((2, 3), np.int32))
    data = open(os.path.join(d, "x.npy"), "rb").read()
    open(os.path.join(d, "truncated.npy"), "wb").write(data[:-5])
    data = open(os.path.join(d, "x.pb"), "rb").read()
    open(os.path.join(d, "truncated.pb"), "wb").write(data[:-7])
    bad = numpy_helper.from_array(x, "X")
    bad.raw_data = bad.raw_data[:-4]
    open(os.path.join(d, "short-raw.pb"), "wb").write(bad.SerializeToString())
    open(os.path.join(d, "garbage.npy"), "wb").write(b"not numpy at all")


def missing_ops(d):
    """Two operators the runtime lacks, one of them twice, and a custom op."""
    x = helper.make_tensor_value_info("X", TensorProto.FLOAT, [2, 2])
    save_model(os.path.join(d, "m.onnx"),
               [helper.make_node("Trilu", ["X"], ["A"], name="t"),
                helper.make_node("Det", ["A"], ["B"], name="d"),
                helper.make_node("Trilu", ["B"], ["C"], name="t2"),
                helper.make_node("Frobnicate", ["C"], ["Y"], name="f",
                                 domain="com.example")],
               [x], [helper.make_tensor_value_info("Y", TensorProto.FLOAT, None)],
               extra_opsets=[helper.make_opsetid("com.example", 1)])


def int_div_zero(d):
    i32 = TensorProto.INT32
    save_model(os.path.join(d, "m.onnx"),
               [helper.make_node("Div", ["A", "B"], ["Y"], name="divide")],
               [helper.make_tensor_value_info("A", i32, [3]),
                helper.make_tensor_value_info("B", i32, [3])],
               [helper.make_tensor_value_info("Y", i32, [3])])
    np.save(os.path.join(d, "a.npy"), np.array([1, 2, 3], np.int32))
    np.save(os.path.join(d, "b.npy"), np.array([1, 0, 3], np.int32))


def gather_out_of_range(d):
    save_model(os.path.join(d, "m.onnx"),
               [helper.make_node("Gather", ["X", "I"], ["Y"], name="lookup")],
               [helper.make_tensor_value_info("X", TensorProto.FLOAT, [4, 2]),
                helper.make_tensor_value_info("I", TensorProto.INT64, [2])],
               [helper.make_tensor_value_info("Y", TensorProto.FLOAT, [2, 2])])
    np.save(os.path.join(d, "x.npy"), np.zeros((4, 2), np.float32))
    np.save(os.path.join(d, "i.npy"), np.array([1, 7], np.int64))


def reshape_mismatch(d):
    save_model(os.path.join(d, "m.onnx"),
               [helper.make_node("Reshape", ["X", "S"], ["Y"], name="flatten")],
               [helper.make_tensor_value_info("X", TensorProto.FLOAT, [2, 3]),
                helper.make_tensor_value_info("S", TensorProto.INT64, [2])],
               [helper.make_tensor_value_info("Y", TensorProto.FLOAT, None)])
    np.save(os.path.join(d, "x.npy"), np.zeros((2, 3), np.float32))
    np.save(os.path.join(d, "s.npy"), np.array([4, 2], np.int64))


def dynamic_conv(d):
    """Conv + Relu over X: float[N, 3, H, W]; one calibration sample of
    1x3x8x10 stacked in calib/input_0.pb."""
    rng = np.random.default_rng(7)
    weights = numpy_helper.from_array(rng.normal(size=(4, 3, 3, 3)).astype(np.float32), "W")
    save_model(os.path.join(d, "m.onnx"),
               [helper.make_node("Conv", ["X", "W"], ["C"], name="conv", pads=[1, 1, 1, 1]),
                helper.make_node("Relu", ["C"], ["Y"], name="relu")],
               [helper.make_tensor_value_info("X", TensorProto.FLOAT, ["N", 3, "H", "W"])],
               [helper.make_tensor_value_info("Y", TensorProto.FLOAT, None)], [weights])
    os.makedirs(os.path.join(d, "calib"), exist_ok=True)
    save_pb(os.path.join(d, "calib", "input_0.pb"),
            rng.uniform(-1, 1, size=(1, 3, 8, 10)).astype(np.float32), "X")


KINDS = {
    "basic": basic,
    "dynamic-conv": dynamic_conv,
    "missing-ops": missing_ops,
    "int-div-zero": int_div_zero,
    "gather-out-of-range": gather_out_of_range,
    "reshape-mismatch": reshape_mismatch,
}

if __name__ == "__main__":
    if len(sys.argv) == 2 and sys.argv[1] == "--list":
        print("\n".join(KINDS))
        sys.exit(0)
    if len(sys.argv) != 3 or sys.argv[1] not in KINDS:
        raise SystemExit(__doc__)
    os.makedirs(sys.argv[2], exist_ok=True)
    KINDS[sys.argv[1]](sys.argv[2])
