// A quantization plan becomes explicit QDQ: activations are read through
// QuantizeLinear/DequantizeLinear, weights and biases become integer levels
// read through a DequantizeLinear (per channel along `axis`).
// RUN: hwc-opt %s --pass-pipeline="builtin.module(func.func(hwc-quantize{plan=%S/Inputs/quant-plan.json}))" 2>%t.err | FileCheck %s
// RUN: FileCheck %s --check-prefix=WARN < %t.err
// Idempotence: a second run changes nothing.
// RUN: hwc-opt %s --mlir-print-debuginfo --pass-pipeline="builtin.module(func.func(hwc-quantize{plan=%S/Inputs/quant-plan.json}))" -o %t.mlir 2>/dev/null
// RUN: hwc-opt %t.mlir --mlir-print-debuginfo --pass-pipeline="builtin.module(func.func(hwc-quantize{plan=%S/Inputs/quant-plan.json}))" 2>/dev/null | diff %t.mlir -
// A plan that cannot be read is one error naming the file and the field.
// RUN: not hwc-opt %s --pass-pipeline="builtin.module(func.func(hwc-quantize{plan=%S/Inputs/quant-plan-bad.json}))" 2>&1 | FileCheck %s --check-prefix=BAD

// WARN: warning: 1 tensor(s) of the plan are not in the model (a plan for another version of it?), e.g. 'gone'
// CHECK-LABEL: func.func @main
// CHECK-SAME: (%[[X:.*]]: tensor<1x1x2x2xf32> {onnx.name = "x"})
func.func @main(%x: tensor<1x1x2x2xf32> {onnx.name = "x"}) -> tensor<1x2x2x2xf32> {
  // CHECK-DAG: %[[XS:.*]] = onnx.Constant {onnx.initializer, value = dense<5.000000e-01> : tensor<f32>}
  // CHECK-DAG: %[[XZ:.*]] = onnx.Constant {onnx.initializer, value = dense<-3> : tensor<i8>}
  // CHECK: %[[XQ:.*]] = onnx.QuantizeLinear %[[X]], %[[XS]], %[[XZ]] : (tensor<1x1x2x2xf32>, tensor<f32>, tensor<i8>) -> tensor<1x1x2x2xi8>
  // CHECK: %[[XD:.*]] = onnx.DequantizeLinear %[[XQ]], %[[XS]], %[[XZ]] : (tensor<1x1x2x2xi8>, tensor<f32>, tensor<i8>) -> tensor<1x1x2x2xf32>
  // Levels: 1.0 / (1/127) = 127 and -0.5 / (0.5/127) = -127.
  // CHECK-DAG: %[[WL:.*]] = onnx.Constant {onnx.initializer, value = dense_resource<w> : tensor<2x1x1x1xi8>}
  // CHECK-DAG: %[[WS:.*]] = onnx.Constant {onnx.initializer, value = dense<[0.00787401571, 0.00393700786]> : tensor<2xf32>}
  // CHECK-DAG: %[[WZ:.*]] = onnx.Constant {onnx.initializer, value = dense<0> : tensor<2xi8>}
  // CHECK: %[[W:.*]] = onnx.DequantizeLinear %[[WL]], %[[WS]], %[[WZ]] {axis = 0 : i64} : (tensor<2x1x1x1xi8>, tensor<2xf32>, tensor<2xi8>) -> tensor<2x1x1x1xf32>
  // Levels: 0.25 / 0.001 = 250 and -0.5 / 0.002 = -250, in int32.
  // CHECK-DAG: %[[BL:.*]] = onnx.Constant {onnx.initializer, value = dense_resource<b> : tensor<2xi32>}
  // CHECK: %[[B:.*]] = onnx.DequantizeLinear %[[BL]], %{{.*}}, %{{.*}} {axis = 0 : i64} : (tensor<2xi32>, tensor<2xf32>, tensor<2xi32>) -> tensor<2xf32>
  %w = onnx.Constant {onnx.initializer, value = dense<[[[[1.0]]], [[[-0.5]]]]> : tensor<2x1x1x1xf32>} : () -> tensor<2x1x1x1xf32> loc("w")
  %b = onnx.Constant {onnx.initializer, value = dense<[0.25, -0.5]> : tensor<2xf32>} : () -> tensor<2xf32> loc("b")
  // CHECK: %[[C:.*]] = onnx.Conv %[[XD]], %[[W]], %[[B]]
  %c = onnx.Conv %x, %w, %b : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32> loc("conv")
  // CHECK: %[[CQ:.*]] = onnx.QuantizeLinear %[[C]]
  // CHECK: %[[CD:.*]] = onnx.DequantizeLinear %[[CQ]]
  // CHECK: onnx.Relu %[[CD]]
  %r = onnx.Relu %c : (tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> loc("relu")
  return %r : tensor<1x2x2x2xf32>
}

// CHECK: dialect_resources
// CHECK-DAG: w: "0x010000007F81"
// CHECK-DAG: b: "0x04000000FA00000006FFFFFF"

// BAD: error: {{.*}}quant-plan-bad.json: field 'tensors.x.scales': expected a non-empty array of positive numbers
