"""compare-ort.py MODEL INPUT.npy HWC_OUTPUT.pb: checks MODEL with the onnx
checker, counts its QuantizeLinear nodes and prints the largest difference
between ONNX Runtime's output (graph optimizations off: the reference
kernels, not the int8 fusions whose AVX2 path saturates) and hwc's."""
import sys

import numpy as np
import onnx
import onnxruntime as ort
from onnx import numpy_helper

model = onnx.load(sys.argv[1])
onnx.checker.check_model(model, full_check=True)
print("checker ok")
print("QuantizeLinear nodes:", sum(n.op_type == "QuantizeLinear" for n in model.graph.node))
options = ort.SessionOptions()
options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
session = ort.InferenceSession(sys.argv[1], options, providers=["CPUExecutionProvider"])
expected = session.run(None, {session.get_inputs()[0].name: np.load(sys.argv[2])})[0]
tensor = onnx.TensorProto()
with open(sys.argv[3], "rb") as f:
    tensor.ParseFromString(f.read())
print("max abs difference to ONNX Runtime:", float(np.abs(numpy_helper.to_array(tensor) - expected).max()))
