// The values an If branch or a Loop body yields must have types compatible
// with the op's results (and a Loop's carried values keep their type).
// RUN: hwc-opt -split-input-file -verify-diagnostics %s

func.func @if_else_branch_type(%c: tensor<i1>, %a: tensor<2xf32>, %b: tensor<2xi64>) -> tensor<2xf32> {
  // expected-error @+1 {{'onnx.If' op}}
  %0 = onnx.If %c : (tensor<i1>) -> tensor<2xf32> then {
    onnx.yield %a : tensor<2xf32>
  } else {
    onnx.yield %b : tensor<2xi64>
  }
  return %0 : tensor<2xf32>
}

// -----

func.func @loop_carried_type(%n: tensor<i64>, %x: tensor<f32>, %y: tensor<i32>) {
  %none = onnx.none
  // expected-error @+1 {{'onnx.Loop' op}}
  %0 = onnx.Loop %n, %none, %x : (tensor<i64>, none, tensor<f32>) -> tensor<f32> body {
  ^bb0(%i: tensor<i64>, %c: tensor<i1>, %v: tensor<f32>):
    onnx.yield %c, %y : tensor<i1>, tensor<i32>
  }
  return
}
