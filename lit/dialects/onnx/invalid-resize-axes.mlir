// A Resize `axes` entry out of range for the input's rank is an error, also
// when the output size comes from `sizes`.
// RUN: hwc-opt -verify-diagnostics %s

func.func @resize_axes(%x: tensor<1x1x2x2xf32>) {
  %none = onnx.none
  %s = onnx.Constant {value = dense<[4]> : tensor<1xi64>} : () -> tensor<1xi64>
  // expected-error @+1 {{}}
  %0 = onnx.Resize %x, %none, %none, %s {axes = [7]} : (tensor<1x1x2x2xf32>, none, none, tensor<1xi64>) -> tensor<*xf32>
  return
}
