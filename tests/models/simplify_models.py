#!/usr/bin/env python3
"""`hwc simplify` round-trips every shared model with matching outputs.

For each model in the shared models folder: run it on the reference runtime
(its reference inputs), simplify it, check the simplified file with the onnx
package's full checker, and run it again: every output must match the
original's within rtol 1e-5, atol 1e-6 (`hwc run --compare-to`). Prints the
node counts before and after.

A model with named dynamic dims is simplified a second time with every
dim bound (`--dim NAME=SIZE`, sizes read off its reference inputs) and must
match again; the script prints how many shape-scaffolding nodes (Shape,
Size, ConstantOfShape, Range, and integer-valued nodes computing on them)
are left. `tiny_random_gpt2_past` must lose all of them, and every
`onnx_light_*` model every `ConstantOfShape`.

Exits 77 (ctest SKIPPED) when the models folder is absent.
"""

import argparse
import os
import subprocess
import sys
import tempfile

import onnx
from onnx import numpy_helper

# Bound dims must leave none of these behind.
NO_SCAFFOLDING = {"tiny_random_gpt2_past"}
SCAFFOLDING_SOURCES = {"Shape", "Size", "ConstantOfShape", "Range"}
SHAPE_ARITHMETIC = {"Gather", "Concat", "Unsqueeze", "Squeeze", "Slice", "Cast", "Add",
                    "Sub", "Mul", "Div", "Equal", "Where", "Expand", "Reshape",
                    "ReduceProd", "Min", "Max", "Neg", "Not", "Less", "Greater"}
INTEGER_TYPES = {onnx.TensorProto.INT64, onnx.TensorProto.INT32}


def data_dir(model_dir):
    for name in ("test_data_set_0", "ort_ref_data_0"):
        path = os.path.join(model_dir, name)
        if os.path.isdir(path):
            return path
    return None


def scaffolding_nodes(path):
    """Nodes that only compute shapes: the sources, and integer-valued
    arithmetic that reads a scaffolding value."""
    model = onnx.shape_inference.infer_shapes(onnx.load(path))
    integer = {v.name for v in list(model.graph.value_info) + list(model.graph.output)
               if v.type.tensor_type.elem_type in INTEGER_TYPES}
    derived, count = set(), 0
    for node in model.graph.node:
        is_source = node.op_type in SCAFFOLDING_SOURCES
        is_arithmetic = (node.op_type in SHAPE_ARITHMETIC
                         and any(i in derived for i in node.input)
                         and all(o in integer for o in node.output))
        if is_source or is_arithmetic:
            derived.update(node.output)
            count += 1
    return count


def dim_bindings(model_path, inputs_dir):
    """--dim NAME=SIZE for every dim_param, sized from the reference inputs."""
    model = onnx.load(model_path, load_external_data=False)
    initializers = {t.name for t in model.graph.initializer}
    graph_inputs = [i for i in model.graph.input if i.name not in initializers]
    shapes = {}
    for index, graph_input in enumerate(graph_inputs):
        path = os.path.join(inputs_dir, f"input_{index}.pb")
        if os.path.isfile(path):
            tensor = onnx.TensorProto()
            with open(path, "rb") as f:
                tensor.ParseFromString(f.read())
            # input_N.pb is the N-th input, whatever name it carries.
            shapes[graph_input.name] = list(tensor.dims)
    bindings = {}
    for graph_input in graph_inputs:
        dims = graph_input.type.tensor_type.shape.dim
        for index, dim in enumerate(dims):
            if dim.dim_param and graph_input.name in shapes:
                bindings[dim.dim_param] = shapes[graph_input.name][index]
    return [f"--dim={name}={size}" for name, size in sorted(bindings.items())]


def check(hwc, model_dir, work, bind_dims=False):
    model = os.path.join(model_dir, "model.onnx")
    inputs = data_dir(model_dir)
    simplified = os.path.join(work, "simplified.onnx")
    reference = os.path.join(work, "reference")
    bindings = dim_bindings(model, inputs) if bind_dims else []
    result = subprocess.run([hwc, "simplify", model, "-o", simplified, *bindings],
                            capture_output=True, text=True)
    if result.returncode != 0:
        return f"simplify failed: {result.stderr.strip()}", None
    try:
        onnx.checker.check_model(onnx.load(simplified), full_check=True)
    except Exception as error:  # the checker raises several exception types
        return f"onnx checker: {str(error).splitlines()[0]}", None
    before = len(onnx.load(model, load_external_data=False).graph.node)
    after = len(onnx.load(simplified).graph.node)
    run = subprocess.run([hwc, "run", model, "--inputs", inputs, "--output-dir", reference],
                         capture_output=True, text=True)
    if run.returncode != 0:
        return f"original run failed: {run.stderr.strip()}", (before, after)
    compare = subprocess.run([hwc, "run", simplified, "--inputs", inputs, "--compare-to",
                              reference, "--rtol", "1e-5", "--atol", "1e-6"],
                             capture_output=True, text=True)
    if compare.returncode != 0:
        lines = (compare.stdout + compare.stderr).strip().splitlines()
        return "outputs differ: " + "; ".join(lines[-3:]), (before, after)
    name = os.path.basename(model_dir)
    simplified_model = onnx.load(simplified)
    if name.startswith("onnx_light_") and any(
            n.op_type == "ConstantOfShape" for n in simplified_model.graph.node):
        return "a ConstantOfShape was not folded", (before, after)
    if bind_dims:
        left = scaffolding_nodes(simplified)
        if name in NO_SCAFFOLDING and left:
            return f"{left} shape-scaffolding node(s) left with bound dims", (before, after)
        return None, (before, after, f"{' '.join(bindings)}: {left} shape-scaffolding nodes left")
    return None, (before, after)


def has_dim_params(model_dir):
    model = onnx.load(os.path.join(model_dir, "model.onnx"), load_external_data=False)
    return any(d.dim_param for i in model.graph.input for d in i.type.tensor_type.shape.dim)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--hwc", required=True)
    parser.add_argument("--models", required=True)
    args = parser.parse_args()
    if not os.path.isdir(args.models):
        print(f"SKIPPED: {args.models} not found")
        return 77
    names = sorted(n for n in os.listdir(args.models)
                   if os.path.isfile(os.path.join(args.models, n, "model.onnx"))
                   and data_dir(os.path.join(args.models, n)))
    cases = [(name, False) for name in names]
    cases += [(name, True) for name in names
              if has_dim_params(os.path.join(args.models, name))]
    failed = 0
    for name, bind_dims in sorted(cases):
        with tempfile.TemporaryDirectory() as work:
            problem, counts = check(args.hwc, os.path.join(args.models, name), work, bind_dims)
        nodes = f" ({counts[0]} -> {counts[1]} nodes)" if counts else ""
        label = name + (" [dims bound]" if bind_dims else "")
        print(f"{'FAIL' if problem else 'PASS'}: {label}{nodes}")
        if counts and len(counts) > 2:
            print(f"    {counts[2]}")
        if problem:
            print(f"    {problem}")
            failed += 1
    print(f"{len(cases) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
