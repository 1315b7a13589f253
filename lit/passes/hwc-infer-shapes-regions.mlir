// hwc-infer-shapes refines the ops inside If/Loop regions before the op that
// holds them, so an If result follows from what its branches yield after
// refinement.
// RUN: hwc-opt --hwc-infer-shapes %s | FileCheck %s

// CHECK-LABEL: func.func @if_result(
// CHECK-SAME: -> tensor<2x?xf32>
// CHECK: onnx.If %{{.*}} : (tensor<i1>) -> tensor<2x?xf32> then {
// CHECK-NEXT: onnx.Relu %{{.*}} : (tensor<2x3xf32>) -> tensor<2x3xf32>
func.func @if_result(%c: tensor<i1>, %a: tensor<2x3xf32>, %b: tensor<2x5xf32>) -> tensor<*xf32> {
  %0 = onnx.If %c : (tensor<i1>) -> tensor<*xf32> then {
    %r = onnx.Relu %a : (tensor<2x3xf32>) -> tensor<*xf32>
    onnx.yield %r : tensor<*xf32>
  } else {
    onnx.yield %b : tensor<2x5xf32>
  }
  return %0 : tensor<*xf32>
}
