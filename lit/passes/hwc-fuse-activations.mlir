// Conv/Gemm followed only by Relu, LeakyRelu or a constant Clip are marked
// as one layer for the targets; the graph itself does not change.
// RUN: hwc-opt %s --hwc-fuse-activations | FileCheck %s
// Idempotence: a second run changes nothing.
// RUN: hwc-opt %s --hwc-fuse-activations --mlir-print-debuginfo > %t.mlir
// RUN: hwc-opt %t.mlir --hwc-fuse-activations --mlir-print-debuginfo | diff %t.mlir -

// CHECK-LABEL: func.func @fused
func.func @fused(%x: tensor<1x2x4x4xf32>, %a: tensor<2x3xf32>) -> (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<2x3xf32>) {
  %none = onnx.none
  %w = onnx.Constant {value = dense<0.5> : tensor<2x2x1x1xf32>} : () -> tensor<2x2x1x1xf32>
  %b = onnx.Constant {value = dense<0.5> : tensor<3x3xf32>} : () -> tensor<3x3xf32>
  %lo = onnx.Constant {value = dense<0.0> : tensor<f32>} : () -> tensor<f32>
  %hi = onnx.Constant {value = dense<6.0> : tensor<f32>} : () -> tensor<f32>
  // CHECK: onnx.Conv {{.*}} {hwc.activation = {kind = "Relu"}}
  %c1 = onnx.Conv %x, %w, %none : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, none) -> tensor<1x2x4x4xf32> loc("conv1")
  // CHECK-NEXT: onnx.Relu {{.*}} {hwc.fused_into = "conv1"}
  %r1 = onnx.Relu %c1 : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  // CHECK: onnx.Conv {{.*}} {hwc.activation = {kind = "Clip", max = 6.000000e+00 : f64, min = 0.000000e+00 : f64}}
  %c2 = onnx.Conv %x, %w, %none : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, none) -> tensor<1x2x4x4xf32> loc("conv2")
  // CHECK-NEXT: onnx.Clip {{.*}} {hwc.fused_into = "conv2"}
  %r2 = onnx.Clip %c2, %lo, %hi : (tensor<1x2x4x4xf32>, tensor<f32>, tensor<f32>) -> tensor<1x2x4x4xf32>
  // CHECK: onnx.Gemm {{.*}}hwc.activation = {alpha = 1.000000e-01 : f32, kind = "LeakyRelu"}
  %g = onnx.Gemm %a, %b, %none : (tensor<2x3xf32>, tensor<3x3xf32>, none) -> tensor<2x3xf32> loc("fc")
  // CHECK-NEXT: onnx.LeakyRelu {{.*}}hwc.fused_into = "fc"
  %r3 = onnx.LeakyRelu %g {alpha = 0.1 : f32} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %r1, %r2, %r3 : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<2x3xf32>
}

// CHECK-LABEL: func.func @kept
// CHECK-NOT: hwc.activation
// CHECK-NOT: hwc.fused_into
func.func @kept(%x: tensor<1x2x4x4xf32>, %hi: tensor<f32>) -> (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) {
  %none = onnx.none
  %w = onnx.Constant {value = dense<0.5> : tensor<2x2x1x1xf32>} : () -> tensor<2x2x1x1xf32>
  // The Conv result is also a graph output: it is needed before the Relu.
  %c1 = onnx.Conv %x, %w, %none : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, none) -> tensor<1x2x4x4xf32>
  %r1 = onnx.Relu %c1 : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  // A Clip bound known only at run time.
  %c2 = onnx.Conv %x, %w, %none : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, none) -> tensor<1x2x4x4xf32>
  %r2 = onnx.Clip %c2, %none, %hi : (tensor<1x2x4x4xf32>, none, tensor<f32>) -> tensor<1x2x4x4xf32>
  // Sigmoid is not an epilogue activation.
  %c3 = onnx.Conv %x, %w, %none : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, none) -> tensor<1x2x4x4xf32>
  %r3 = onnx.Sigmoid %c3 : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  return %c1, %r1, %r2, %r3 : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>
}

// A mark whose pair is gone (the Relu now has a second reader of the
// Conv) is removed on the next run.
// CHECK-LABEL: func.func @stale
// CHECK-NOT: hwc.activation
func.func @stale(%x: tensor<1x2x4x4xf32>) -> (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) {
  %none = onnx.none
  %w = onnx.Constant {value = dense<0.5> : tensor<2x2x1x1xf32>} : () -> tensor<2x2x1x1xf32>
  %c = onnx.Conv %x, %w, %none {hwc.activation = {kind = "Relu"}} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, none) -> tensor<1x2x4x4xf32>
  %r = onnx.Relu %c {hwc.fused_into = "c"} : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  return %c, %r : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>
}
