// Constant operands that would give a result a negative dimension (Tile
// repeats, Split sizes, Resize sizes) are rejected.
// RUN: hwc-opt -split-input-file -verify-diagnostics %s

func.func @tile_negative_repeats(%x: tensor<2x3xf32>) {
  %r = onnx.Constant {value = dense<[-1, 1]> : tensor<2xi64>} : () -> tensor<2xi64>
  // expected-error @+1 {{}}
  %0 = onnx.Tile %x, %r : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<*xf32>
  return
}

// -----

func.func @split_negative_size(%x: tensor<4xf32>) {
  %s = onnx.Constant {value = dense<[5, -1]> : tensor<2xi64>} : () -> tensor<2xi64>
  // expected-error @+1 {{}}
  %0:2 = onnx.Split %x, %s : (tensor<4xf32>, tensor<2xi64>) -> (tensor<*xf32>, tensor<*xf32>)
  return
}

// -----

func.func @resize_negative_size(%x: tensor<1x1x2x2xf32>) {
  %none = onnx.none
  %s = onnx.Constant {value = dense<[1, 1, -4, 4]> : tensor<4xi64>} : () -> tensor<4xi64>
  // expected-error @+1 {{}}
  %0 = onnx.Resize %x, %none, %none, %s : (tensor<1x1x2x2xf32>, none, none, tensor<4xi64>) -> tensor<*xf32>
  return
}
