// convert-onnx-to-snn with maxpool=approx: a max pool becomes a sum pool
// into OR neurons (padding included: silent inputs cannot change an OR);
// windows a sum pool cannot express still stop the conversion.
// RUN: hwc-opt %s -split-input-file --convert-onnx-to-snn=maxpool=approx -verify-diagnostics 2>&1 | FileCheck %s --check-prefix=APPROX

// A three-way Sum joins every branch's currents into one population; a
// max pool with symmetric padding becomes a padded sum pool into OR
// neurons (threshold 0, reset to 0) under maxpool=approx.
// APPROX-LABEL: func.func @main(%arg0: tensor<1x1x4x4xf32>) -> tensor<1x10xf32>
// APPROX: snn.conv
// APPROX: %[[N:.*]] = snn.neurons
// APPROX: %[[A:.*]] = snn.conv %[[N]]
// APPROX: %[[B:.*]] = snn.conv %[[N]]
// APPROX: %[[S:.*]] = snn.identity %[[N]]
// APPROX: %[[J:.*]] = snn.neurons %[[A]], %[[B]], %[[S]] {activation = "relu2:0"
// APPROX: %[[P:.*]] = snn.sum_pool %[[J]] {divisor = 1 : i64, kernel = array<i64: 3, 3>, pads = array<i64: 1, 1>, strides = array<i64: 2, 2>} : tensor<2x4x4xf32> -> tensor<2x2x2xf32>
// APPROX: snn.neurons %[[P]] {activation = "maxpool:0", reset = "value", threshold = 0.000000e+00 : f64}
func.func @main(%arg0: tensor<1x1x4x4xf32>) -> tensor<1x10xf32> {
  %w1 = onnx.Constant {value = dense<0.5> : tensor<2x1x1x1xf32>} : () -> tensor<2x1x1x1xf32>
  %w2 = onnx.Constant {value = dense<0.25> : tensor<2x2x1x1xf32>} : () -> tensor<2x2x1x1xf32>
  %wg = onnx.Constant {value = dense<1.0> : tensor<8x10xf32>} : () -> tensor<8x10xf32>
  %none = onnx.none
  %c1 = onnx.Conv %arg0, %w1, %none : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>, none) -> tensor<1x2x4x4xf32> loc("conv1")
  %r1 = onnx.Relu %c1 : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> loc("relu1")
  %a = onnx.Conv %r1, %w2, %none : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, none) -> tensor<1x2x4x4xf32> loc("a")
  %b = onnx.Conv %r1, %w2, %none : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, none) -> tensor<1x2x4x4xf32> loc("b")
  %sum = onnx.Sum %a, %b, %r1 : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> loc("join")
  %r2 = onnx.Relu %sum : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> loc("relu2")
  %p, %i = onnx.MaxPool %r2 {kernel_shape = [3, 3], strides = [2, 2], pads = [1, 1, 1, 1]} : (tensor<1x2x4x4xf32>) -> (tensor<1x2x2x2xf32>, none) loc("maxpool")
  %f = onnx.Flatten %p {axis = 1 : i64} : (tensor<1x2x2x2xf32>) -> tensor<1x8xf32> loc("flatten")
  %g = onnx.MatMul %f, %wg : (tensor<1x8xf32>, tensor<8x10xf32>) -> tensor<1x10xf32> loc("fc")
  return %g : tensor<1x10xf32>
}

// -----

// ceil_mode windows do not convert, not even approximately.
func.func @main(%arg0: tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32> {
  %w = onnx.Constant {value = dense<1.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %none = onnx.none
  %c = onnx.Conv %arg0, %w, %none : (tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>, none) -> tensor<1x1x4x4xf32>
  %r = onnx.Relu %c : (tensor<1x1x4x4xf32>) -> tensor<1x1x4x4xf32>
  // expected-error @+2 {{MaxPool: [SNN-POOL-002] ceil_mode, asymmetric or automatic padding}}
  // expected-note @+1 {{hint: pool without padding or with symmetric explicit padding}}
  %p, %i = onnx.MaxPool %r {kernel_shape = [3, 3], strides = [2, 2], ceil_mode = 1} : (tensor<1x1x4x4xf32>) -> (tensor<1x1x2x2xf32>, none)
  return %p : tensor<1x1x2x2xf32>
}
