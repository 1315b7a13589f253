// ConvTranspose's output_padding and output_shape must have one value per
// spatial dimension.
// RUN: hwc-opt -split-input-file -verify-diagnostics %s

func.func @output_padding_length(%x: tensor<1x4x3x3xf32>, %w: tensor<4x2x3x3xf32>) {
  %none = onnx.none
  // expected-error @+1 {{}}
  %0 = onnx.ConvTranspose %x, %w, %none {output_padding = [1]} : (tensor<1x4x3x3xf32>, tensor<4x2x3x3xf32>, none) -> tensor<*xf32>
  return
}

// -----

func.func @output_shape_length(%x: tensor<1x4x3x3xf32>, %w: tensor<4x2x3x3xf32>) {
  %none = onnx.none
  // expected-error @+1 {{}}
  %0 = onnx.ConvTranspose %x, %w, %none {output_shape = [5]} : (tensor<1x4x3x3xf32>, tensor<4x2x3x3xf32>, none) -> tensor<*xf32>
  return
}
