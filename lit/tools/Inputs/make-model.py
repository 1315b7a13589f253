"""Writes small (often deliberately malformed) ONNX models for the CLI tests.

usage: make-model.py KIND OUT.onnx

Models are built with the `onnx` package and saved without running its
checker, so each one has exactly the defect its KIND names. Files that an
external-data KIND refers to are written next to OUT.onnx (or, for the
cases that must point outside the model's directory, next to that
directory). Run `make-model.py --list` for the kinds.
"""

import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

FLOAT = TensorProto.FLOAT


def value(name, shape, dtype=FLOAT):
    return helper.make_tensor_value_info(name, dtype, shape)


def model(nodes, inputs, outputs, initializers=(), opset=17, ir_version=8,
          opsets=None):
    graph = helper.make_graph(nodes, "g", inputs, outputs,
                              initializer=list(initializers))
    imports = opsets or [helper.make_opsetid("", opset)]
    result = helper.make_model(graph, opset_imports=imports)
    result.ir_version = ir_version
    return result


def relu_model(**kwargs):
    """X[2, 3] -> Relu -> Y[2, 3]: the smallest valid model."""
    return model([helper.make_node("Relu", ["X"], ["Y"], name="relu")],
                 [value("X", [2, 3])], [value("Y", [2, 3])], **kwargs)


def float_tensor(name, dims, values):
    """A float TensorProto; unlike helper.make_tensor, `values` may
    disagree with `dims`."""
    tensor = TensorProto()
    tensor.name = name
    tensor.data_type = FLOAT
    tensor.dims.extend(dims)
    tensor.float_data.extend(values)
    return tensor


def add_weight_model(weight):
    """Y = X + W, with W an initializer the caller may corrupt."""
    return model([helper.make_node("Add", ["X", "W"], ["Y"], name="add")],
                 [value("X", [4])], [value("Y", [4])], [weight])


def external_weight(location, offset=None, length=None):
    """A float[4] initializer `W` whose data lives in `location`."""
    weight = float_tensor("W", [4], [])
    weight.data_location = TensorProto.EXTERNAL
    entries = [("location", location)]
    if offset is not None:
        entries.append(("offset", str(offset)))
    if length is not None:
        entries.append(("length", str(length)))
    for key, val in entries:
        entry = weight.external_data.add()
        entry.key = key
        entry.value = val
    return weight


def write_floats(path, count):
    np.arange(count, dtype="<f4").tofile(path)


def make(kind, out):
    directory = os.path.dirname(os.path.abspath(out))
    parent = os.path.dirname(directory)

    if kind == "good":
        return relu_model()
    if kind == "ir-version-11":
        return relu_model(ir_version=11)
    if kind == "ir-version-2":
        return relu_model(ir_version=2)
    if kind == "opset-22":
        return relu_model(opset=22)
    if kind == "opset-6":
        return relu_model(opset=6)
    if kind == "no-default-opset":
        return relu_model(opsets=[helper.make_opsetid("com.example", 1)])
    if kind == "no-graph":
        result = onnx.ModelProto()
        result.ir_version = 8
        result.opset_import.add().version = 17
        return result
    if kind == "undefined-input":
        return model([helper.make_node("Add", ["X", "Missing"], ["Y"], name="add")],
                     [value("X", [2])], [value("Y", [2])])
    if kind == "duplicate-output":
        return model([helper.make_node("Relu", ["X"], ["T"], name="first"),
                      helper.make_node("Neg", ["X"], ["T"], name="second"),
                      helper.make_node("Abs", ["T"], ["Y"], name="abs")],
                     [value("X", [2])], [value("Y", [2])])
    if kind == "output-overwrites-input":
        return model([helper.make_node("Relu", ["X"], ["X"], name="relu")],
                     [value("X", [2])], [value("X", [2])])
    if kind == "unproduced-output":
        return model([helper.make_node("Relu", ["X"], ["Y"], name="relu")],
                     [value("X", [2])], [value("Nowhere", [2])])
    if kind == "cycle":
        return model([helper.make_node("Relu", ["X"], ["A"], name="entry"),
                      helper.make_node("Add", ["A", "C"], ["B"], name="loop_add"),
                      helper.make_node("Neg", ["B"], ["C"], name="loop_neg"),
                      helper.make_node("Abs", ["B"], ["Y"], name="exit")],
                     [value("X", [2])], [value("Y", [2])])
    if kind == "negative-dim":
        return model([helper.make_node("Relu", ["X"], ["Y"], name="relu")],
                     [value("X", [2, -3])], [value("Y", [2, 3])])
    if kind == "overflow-dim":
        big = 2**62
        return model([helper.make_node("Relu", ["X"], ["Y"], name="relu")],
                     [value("X", [4, big])], [value("Y", None)])
    if kind == "initializer-negative-dim":
        weight = helper.make_tensor("W", FLOAT, [4], [1, 2, 3, 4])
        weight.dims[0] = -4
        return add_weight_model(weight)
    if kind == "initializer-overflow":
        weight = helper.make_tensor("W", FLOAT, [4], [1, 2, 3, 4])
        del weight.dims[:]
        weight.dims.extend([2**40, 2**40])
        return add_weight_model(weight)
    if kind == "raw-data-size":
        weight = numpy_helper.from_array(np.ones(4, np.float32), "W")
        weight.raw_data = weight.raw_data[:12]
        return add_weight_model(weight)
    if kind == "typed-data-size":
        weight = float_tensor("W", [4], [1, 2, 3])
        return add_weight_model(weight)
    if kind == "constant-data-size":
        tensor = float_tensor("c", [4], [1, 2])
        return model([helper.make_node("Constant", [], ["C"], value=tensor, name="const"),
                      helper.make_node("Add", ["X", "C"], ["Y"], name="add")],
                     [value("X", [4])], [value("Y", [4])])
    if kind == "unsupported-dtype":
        weight = helper.make_tensor("W", FLOAT, [4], [1, 2, 3, 4])
        weight.data_type = 0
        return add_weight_model(weight)
    if kind == "subgraph-undefined-input":
        then_graph = helper.make_graph(
            [helper.make_node("Relu", ["Ghost"], ["T"], name="inner")],
            "then", [], [value("T", [2])])
        else_graph = helper.make_graph(
            [helper.make_node("Neg", ["X"], ["E"], name="inner_else")],
            "else", [], [value("E", [2])])
        return model([helper.make_node("If", ["C"], ["Y"], name="branch",
                                       then_branch=then_graph,
                                       else_branch=else_graph)],
                     [value("C", [1], TensorProto.BOOL), value("X", [2])],
                     [value("Y", [2])])
    if kind == "loop-body-too-few-outputs":
        body = helper.make_graph(
            [helper.make_node("Identity", ["cond_in"], ["cond_out"], name="c")],
            "body",
            [value("i", [], TensorProto.INT64),
             value("cond_in", [], TensorProto.BOOL), value("acc", [2])],
            [value("cond_out", [], TensorProto.BOOL)])
        return model([helper.make_node("Loop", ["N", "", "X"], ["Y"], name="loop",
                                       body=body)],
                     [value("N", [], TensorProto.INT64), value("X", [2])],
                     [value("Y", [2])])
    if kind == "constant-without-output":
        return model([helper.make_node("Constant", [], [], value_float=1.0, name="const"),
                      helper.make_node("Relu", ["X"], ["Y"], name="relu")],
                     [value("X", [2])], [value("Y", [2])])
    if kind == "dtypes":
        # One initializer per element type, each passed through Identity.
        tensors = [
            helper.make_tensor("f16", TensorProto.FLOAT16, [2], [1.0, -2.0]),
            helper.make_tensor("bf16", TensorProto.BFLOAT16, [1], [1.0]),
            helper.make_tensor("f64", TensorProto.DOUBLE, [2], [0.5, 1.5]),
            helper.make_tensor("i1", TensorProto.BOOL, [3], [True, False, True]),
            helper.make_tensor("i8", TensorProto.INT8, [2], [-1, 127]),
            helper.make_tensor("u8", TensorProto.UINT8, [2], [0, 255]),
            numpy_helper.from_array(np.array([-3, 4], np.int16), "i16"),
            helper.make_tensor("i32", TensorProto.INT32, [1], [-2]),
            helper.make_tensor("u32", TensorProto.UINT32, [2], [1, 2**32 - 1]),
            helper.make_tensor("i64", TensorProto.INT64, [1], [-5]),
            helper.make_tensor("u64", TensorProto.UINT64, [2], [1, 2**63]),
            helper.make_tensor("str", TensorProto.STRING, [2], [b"ab", b"c"]),
        ]
        nodes = [helper.make_node("Identity", [t.name], [t.name + "_out"])
                 for t in tensors]
        outputs = [value(t.name + "_out", list(t.dims), t.data_type)
                   for t in tensors]
        return model(nodes, [], outputs, tensors)
    if kind == "ir3-weights-as-inputs":
        weight = numpy_helper.from_array(np.array([1, 2], np.float32), "W")
        return model([helper.make_node("Add", ["X", "W"], ["Y"], name="add")],
                     [value("X", [2]), value("W", [2])], [value("Y", [2])],
                     [weight], opset=8, ir_version=3)
    if kind == "wrong-output-type":
        return model([helper.make_node("Relu", ["X"], ["Y"], name="my_relu")],
                     [value("X", [2, 3])], [value("Y", [3, 2])])
    if kind == "unknown-attribute":
        return model([helper.make_node("Relu", ["X"], ["Y"], name="relu", foo=1)],
                     [value("X", [2, 3])], [value("Y", [2, 3])])
    if kind == "cast-without-to-opset-19":
        return model([helper.make_node("Cast", ["X"], ["Y"], name="cast")],
                     [value("X", [2])], [value("Y", None)], opset=19, ir_version=9)
    if kind == "tile-negative-repeats":
        repeats = helper.make_tensor("R", TensorProto.INT64, [2], [-1, 1])
        return model([helper.make_node("Tile", ["X", "R"], ["Y"], name="tile")],
                     [value("X", [2, 3])], [value("Y", None)], [repeats])
    if kind == "resize-axes-out-of-range":
        sizes = helper.make_tensor("S", TensorProto.INT64, [1], [8])
        return model([helper.make_node("Resize", ["X", "", "", "S"], ["Y"],
                                       name="resize", axes=[9])],
                     [value("X", [1, 1, 4, 4])], [value("Y", None)], [sizes],
                     opset=18)

    # External data. The good cases write their data file next to the model.
    if kind == "external-good":
        write_floats(os.path.join(directory, "weights.bin"), 8)
        return add_weight_model(external_weight("weights.bin", offset=16, length=16))
    if kind == "external-subdir":
        os.makedirs(os.path.join(directory, "data"), exist_ok=True)
        write_floats(os.path.join(directory, "data", "w.bin"), 4)
        return add_weight_model(external_weight("data/w.bin"))
    if kind == "external-absolute":
        path = os.path.join(directory, "weights.bin")
        write_floats(path, 4)
        return add_weight_model(external_weight(path))
    if kind == "external-dotdot":
        write_floats(os.path.join(parent, "outside.bin"), 4)
        return add_weight_model(external_weight("../outside.bin"))
    if kind == "external-symlink":
        target = os.path.join(parent, "outside.bin")
        write_floats(target, 4)
        link = os.path.join(directory, "link.bin")
        if os.path.lexists(link):
            os.remove(link)
        os.symlink(target, link)
        return add_weight_model(external_weight("link.bin"))
    if kind == "external-past-end":
        write_floats(os.path.join(directory, "short.bin"), 4)
        return add_weight_model(external_weight("short.bin", offset=8, length=16))
    if kind == "external-offset-past-end":
        write_floats(os.path.join(directory, "short.bin"), 4)
        return add_weight_model(external_weight("short.bin", offset=64))
    if kind == "external-size":
        write_floats(os.path.join(directory, "long.bin"), 6)
        return add_weight_model(external_weight("long.bin"))
    if kind == "external-missing":
        return add_weight_model(external_weight("missing.bin"))
    if kind == "external-no-location":
        weight = external_weight("x")
        del weight.external_data[:]
        return add_weight_model(weight)
    if kind == "external-bad-offset":
        write_floats(os.path.join(directory, "weights.bin"), 4)
        weight = external_weight("weights.bin")
        entry = weight.external_data.add()
        entry.key = "offset"
        entry.value = "twelve"
        return add_weight_model(weight)
    raise SystemExit(f"make-model.py: unknown kind '{kind}'")


KINDS = """good ir-version-11 ir-version-2 opset-22 opset-6 no-default-opset
no-graph undefined-input duplicate-output output-overwrites-input
unproduced-output cycle negative-dim overflow-dim initializer-negative-dim
initializer-overflow raw-data-size typed-data-size constant-data-size
unsupported-dtype subgraph-undefined-input loop-body-too-few-outputs
constant-without-output wrong-output-type unknown-attribute dtypes
ir3-weights-as-inputs
cast-without-to-opset-19 tile-negative-repeats
resize-axes-out-of-range external-good external-subdir external-absolute
external-dotdot external-symlink external-past-end external-offset-past-end
external-size external-missing external-no-location
external-bad-offset""".split()


def main():
    if len(sys.argv) == 2 and sys.argv[1] == "--list":
        print("\n".join(KINDS))
        return
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    kind, out = sys.argv[1], sys.argv[2]
    onnx.save_model(make(kind, out), out)


if __name__ == "__main__":
    main()
