// GatherElements checks its indices (i32 or i64) and its axis.
// RUN: hwc-opt -split-input-file -verify-diagnostics %s

func.func @gather_elements_indices_type(%d: tensor<3x3xf32>, %i: tensor<3x2xf32>) {
  // expected-error @+1 {{'onnx.GatherElements' op}}
  %0 = onnx.GatherElements %d, %i {axis = 1 : i64} : (tensor<3x3xf32>, tensor<3x2xf32>) -> tensor<3x2xf32>
  return
}

// -----

func.func @gather_elements_axis(%d: tensor<3x3xf32>, %i: tensor<3x2xi64>) {
  // expected-error @+1 {{'onnx.GatherElements' op}}
  %0 = onnx.GatherElements %d, %i {axis = 5 : i64} : (tensor<3x3xf32>, tensor<3x2xi64>) -> tensor<3x2xf32>
  return
}
