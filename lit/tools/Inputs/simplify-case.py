"""Models with the spellings hwc simplify rewrites, and an ONNX Runtime check
that a simplified model computes what the original does.

usage: simplify-case.py make KIND OUT.onnx
       simplify-case.py compare ORIGINAL SIMPLIFIED.onnx

KINDs: legacy-cnn (opset 9: Conv, BatchNormalization, a per-channel Mul/Add
chain, Relu, Upsample), spellings (opset 18: Split by num_outputs, Squeeze
and ReduceSum without axes, Pad with axes, a Transpose pair, Gemm followed
by BatchNormalization, neutral arithmetic), qoperator (opset 13:
QLinearConv with a per-channel weight scale and an int32 bias, then
QLinearMatMul). Weights are seeded random values. `compare` runs both
models in ONNX Runtime on the same seeded random inputs (ORIGINAL may be
.onnx or ONNX text) and fails unless every float output matches (rtol
1e-5, atol 1e-6) and every integer output is within one level (integer
arithmetic vs float QDQ may round a tie differently); it prints the node
counts.
"""

import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

FLOAT = TensorProto.FLOAT
RNG = np.random.default_rng(7)


def weight(name, shape, low=-1.0, high=1.0):
    return numpy_helper.from_array(RNG.uniform(low, high, shape).astype(np.float32), name)


def ints(name, values):
    return numpy_helper.from_array(np.array(values, dtype=np.int64), name)


def value(name, shape):
    return helper.make_tensor_value_info(name, FLOAT, shape)


def batchnorm_weights(prefix, channels):
    return [weight(prefix + "_scale", [channels], 0.5, 2.0),
            weight(prefix + "_bias", [channels]),
            weight(prefix + "_mean", [channels]),
            weight(prefix + "_var", [channels], 0.5, 2.0)]


def legacy_cnn():
    nodes = [
        helper.make_node("Conv", ["X", "W", "B"], ["C"], name="conv", pads=[1, 1, 1, 1]),
        helper.make_node("BatchNormalization", ["C", "bn_scale", "bn_bias", "bn_mean", "bn_var"],
                         ["N"], name="bn"),
        helper.make_node("Mul", ["N", "M"], ["K"], name="mul"),
        helper.make_node("Add", ["A", "K"], ["L"], name="add"),
        helper.make_node("Relu", ["L"], ["R"], name="relu"),
        helper.make_node("Upsample", ["R", "S"], ["Y"], name="up", mode="nearest"),
    ]
    inits = [weight("W", [3, 2, 3, 3]), weight("B", [3]), *batchnorm_weights("bn", 3),
             weight("M", [1, 3, 1, 1]), weight("A", [3, 1, 1]),
             numpy_helper.from_array(np.array([1, 1, 2, 2], np.float32), "S")]
    graph = helper.make_graph(nodes, "legacy", [value("X", [1, 2, 4, 4])],
                              [value("Y", [1, 3, 8, 8])], inits)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 9)], ir_version=4)


def spellings():
    nodes = [
        helper.make_node("Split", ["X"], ["P", "Q"], name="split", axis=-1, num_outputs=2),
        helper.make_node("Unsqueeze", ["P", "zero"], ["U"], name="unsqueeze"),
        helper.make_node("Squeeze", ["U"], ["Sq"], name="squeeze"),
        helper.make_node("Transpose", ["Sq"], ["T1"], name="t1", perm=[1, 0]),
        helper.make_node("Transpose", ["T1"], ["T2"], name="t2", perm=[1, 0]),
        helper.make_node("Mul", ["T2", "one"], ["Y1"], name="times_one"),
        helper.make_node("ReduceSum", ["Q"], ["Y2"], name="sum"),
        helper.make_node("Pad", ["X", "pads", "", "pad_axes"], ["Y3"], name="pad"),
        helper.make_node("Gemm", ["X", "G", "GC"], ["F"], name="fc", transB=1),
        helper.make_node("BatchNormalization", ["F", "fbn_scale", "fbn_bias", "fbn_mean",
                                                "fbn_var"], ["Fn"], name="fbn"),
        helper.make_node("Add", ["Fn", "zeros"], ["Y4"], name="plus_zero"),
    ]
    inits = [ints("zero", [0]), ints("pads", [1, 2]), ints("pad_axes", [-1]),
             numpy_helper.from_array(np.array(1.0, np.float32), "one"),
             numpy_helper.from_array(np.zeros([4], np.float32), "zeros"),
             weight("G", [4, 6]), weight("GC", [4]), *batchnorm_weights("fbn", 4)]
    outputs = [value("Y1", [2, 3]), value("Y2", [1, 1]), value("Y3", [2, 9]),
               value("Y4", [2, 4])]
    graph = helper.make_graph(nodes, "spellings", [value("X", [2, 6])], outputs, inits)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)], ir_version=8)


def qoperator():
    def scalar(name, value, dtype):
        return numpy_helper.from_array(np.array(value, dtype=dtype), name)
    nodes = [
        helper.make_node("QLinearConv", ["X", "xs", "xz", "W", "ws", "wz", "ys", "yz", "B"],
                         ["C"], name="qconv", pads=[1, 1, 1, 1]),
        helper.make_node("Reshape", ["C", "flat"], ["F"], name="flatten"),
        helper.make_node("QLinearMatMul", ["F", "ys", "yz", "M", "ms", "mz", "os", "oz"],
                         ["Y"], name="qmatmul"),
    ]
    inits = [scalar("xs", 0.02, np.float32), scalar("xz", 128, np.uint8),
             numpy_helper.from_array(RNG.integers(-100, 100, (4, 2, 3, 3)).astype(np.int8), "W"),
             numpy_helper.from_array(np.array([0.01, 0.02, 0.005, 0.03], np.float32), "ws"),
             numpy_helper.from_array(np.zeros(4, np.int8), "wz"),
             scalar("ys", 0.5, np.float32), scalar("yz", 128, np.uint8),
             numpy_helper.from_array(RNG.integers(-500, 500, 4).astype(np.int32), "B"),
             ints("flat", [1, 16]),
             numpy_helper.from_array(RNG.integers(-100, 100, (16, 5)).astype(np.int8), "M"),
             numpy_helper.from_array(np.full(5, 0.01, np.float32), "ms"),
             numpy_helper.from_array(np.zeros(5, np.int8), "mz"),
             scalar("os", 2.0, np.float32), scalar("oz", 128, np.uint8)]
    graph = helper.make_graph(
        nodes, "qoperator",
        [helper.make_tensor_value_info("X", TensorProto.UINT8, [1, 2, 2, 2])],
        [helper.make_tensor_value_info("Y", TensorProto.UINT8, [1, 5])], inits)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], ir_version=8)


def run(path, feeds):
    import onnxruntime
    session = onnxruntime.InferenceSession(path, providers=["CPUExecutionProvider"])
    return session.run(None, feeds)


def random_input(rng, graph_input):
    tensor_type = graph_input.type.tensor_type
    dims = [d.dim_value for d in tensor_type.shape.dim]
    dtype = onnx.helper.tensor_dtype_to_np_dtype(tensor_type.elem_type)
    if dtype == np.bool_:
        return np.ones(dims, dtype)
    if dtype == np.uint8:
        return rng.integers(0, 256, dims).astype(dtype)
    if np.issubdtype(dtype, np.integer):
        return rng.integers(1, 4, dims).astype(dtype)
    return rng.uniform(-1, 1, dims).astype(dtype)


def load(path):
    if path.endswith(".onnxtxt"):
        with open(path) as f:
            return onnx.parser.parse_model(f.read())
    return onnx.load(path)


def compare(original, simplified):
    model = load(original)
    rng = np.random.default_rng(1)
    feeds = {i.name: random_input(rng, i) for i in model.graph.input}
    for index, (want, got) in enumerate(zip(run(model.SerializeToString(), feeds),
                                            run(simplified, feeds))):
        if np.issubdtype(want.dtype, np.integer):
            worst = int(np.abs(got.astype(np.int64) - want.astype(np.int64)).max())
            if worst > 1:
                sys.exit(f"output {index}: integer outputs differ by {worst} levels")
        else:
            np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6,
                                       err_msg=f"output {index}")
    before = len(model.graph.node)
    after = len(onnx.load(simplified).graph.node)
    print(f"outputs match; nodes {before} -> {after}")


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "make":
        onnx.save({"legacy-cnn": legacy_cnn, "spellings": spellings,
                   "qoperator": qoperator}[sys.argv[2]](),
                  sys.argv[3])
    elif len(sys.argv) == 4 and sys.argv[1] == "compare":
        compare(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
