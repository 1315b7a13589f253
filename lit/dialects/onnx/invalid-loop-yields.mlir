// A Loop whose body yields fewer values than the loop carries is a verifier
// error, not a crash.
// RUN: hwc-opt -split-input-file -verify-diagnostics %s

func.func @loop_body_yields(%n: tensor<i64>, %x: tensor<f32>) {
  %none = onnx.none
  // expected-error @+1 {{'onnx.Loop' op body yields 1 values, expected 2 (condition, carried values, scan outputs)}}
  %0 = onnx.Loop %n, %none, %x : (tensor<i64>, none, tensor<f32>) -> tensor<f32> body {
  ^bb0(%i: tensor<i64>, %c: tensor<i1>, %v: tensor<f32>):
    onnx.yield %c : tensor<i1>
  }
  return
}

// -----

func.func @loop_results(%n: tensor<i64>, %x: tensor<f32>, %y: tensor<f32>) {
  %none = onnx.none
  // expected-error @+1 {{'onnx.Loop' op has 1 results, expected at least 2}}
  %0 = onnx.Loop %n, %none, %x, %y : (tensor<i64>, none, tensor<f32>, tensor<f32>) -> tensor<f32> body {
  ^bb0(%i: tensor<i64>, %c: tensor<i1>, %v: tensor<f32>, %w: tensor<f32>):
    onnx.yield %c, %v : tensor<i1>, tensor<f32>
  }
  return
}
