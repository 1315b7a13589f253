// convert-onnx-to-snn: Conv + bias Add + Relu -> conv synapse + IF
// population; AveragePool -> sum pool with divisor k*k; a residual Add of
// a spike signal and a current -> identity synapse + a join population;
// Flatten + Gemm -> dense synapse (alpha, beta and transB applied); an
// output Softmax is dropped; rejections carry the coverage rule IDs.
// RUN: hwc-opt %s -split-input-file --convert-onnx-to-snn -verify-diagnostics | FileCheck %s

// CHECK-LABEL: func.func @main
// CHECK-NOT: onnx.{{[A-Z]}}
// CHECK: %[[IN:.*]] = snn.input %arg0 {encoding = "current", scale = 1.000000e+00 : f64} : tensor<1x2x4x4xf32> -> tensor<2x4x4xf32>
// CHECK: %[[C:.*]] = snn.conv %[[IN]] {bias = dense<[1.500000e+00, 2.500000e+00, 3.500000e+00, 4.500000e+00]> : tensor<4xf32>, dilations = array<i64: 1, 1>, group = 1 : i64, pads = array<i64: 1, 1>, strides = array<i64: 1, 1>, weight = dense<5.000000e-01> : tensor<4x2x3x3xf32>} : tensor<2x4x4xf32> -> tensor<4x4x4xf32>
// CHECK: %[[N:.*]] = snn.neurons %[[C]] {activation = "relu1:0", reset = "subtract", threshold = 1.000000e+00 : f64}
// CHECK: %[[C2:.*]] = snn.conv %[[N]]
// CHECK: %[[SKIP:.*]] = snn.identity %[[N]] {weight = dense<1.000000e+00> : tensor<4xf32>}
// CHECK: %[[J:.*]] = snn.neurons %[[C2]], %[[SKIP]] {activation = "relu2:0"
// CHECK: %[[P:.*]] = snn.sum_pool %[[J]] {divisor = 4 : i64, kernel = array<i64: 2, 2>, pads = array<i64: 0, 0>, strides = array<i64: 2, 2>} : tensor<4x4x4xf32> -> tensor<4x2x2xf32>
// CHECK: %[[D:.*]] = snn.dense %[[P]] {bias = dense<[2.000000e+00, 4.000000e+00, 6.000000e+00]> : tensor<3xf32>, weight = dense<3.000000e+00> : tensor<3x16xf32>} : tensor<4x2x2xf32> -> tensor<3xf32>
// CHECK: %[[Y:.*]] = snn.output %[[D]] {decoding = "membrane", scale = 1.000000e+00 : f64} : tensor<3xf32> -> tensor<1x3xf32>
// CHECK: return %[[Y]]
func.func @main(%arg0: tensor<1x2x4x4xf32> {onnx.name = "x"}) -> (tensor<1x3xf32> {onnx.name = "y"}) {
  %w = onnx.Constant {value = dense<0.5> : tensor<4x2x3x3xf32>} : () -> tensor<4x2x3x3xf32>
  %b = onnx.Constant {value = dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>} : () -> tensor<4xf32>
  %half = onnx.Constant {value = dense<0.5> : tensor<4x1x1xf32>} : () -> tensor<4x1x1xf32>
  %w2 = onnx.Constant {value = dense<0.25> : tensor<4x4x1x1xf32>} : () -> tensor<4x4x1x1xf32>
  %none = onnx.none
  %wg = onnx.Constant {value = dense<1.5> : tensor<3x16xf32>} : () -> tensor<3x16xf32>
  %bg = onnx.Constant {value = dense<[1.0, 2.0, 3.0]> : tensor<3xf32>} : () -> tensor<3xf32>
  %c = onnx.Conv %arg0, %w, %b {pads = [1, 1, 1, 1]} : (tensor<1x2x4x4xf32>, tensor<4x2x3x3xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32> loc("conv1")
  %cb = onnx.Add %c, %half : (tensor<1x4x4x4xf32>, tensor<4x1x1xf32>) -> tensor<1x4x4x4xf32> loc("bias1")
  %r = onnx.Relu %cb : (tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32> loc("relu1")
  %c2 = onnx.Conv %r, %w2, %none : (tensor<1x4x4x4xf32>, tensor<4x4x1x1xf32>, none) -> tensor<1x4x4x4xf32> loc("conv2")
  %sum = onnx.Add %c2, %r : (tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32> loc("residual")
  %r2 = onnx.Relu %sum : (tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32> loc("relu2")
  %p = onnx.AveragePool %r2 {kernel_shape = [2, 2], strides = [2, 2]} : (tensor<1x4x4x4xf32>) -> tensor<1x4x2x2xf32> loc("pool")
  %f = onnx.Flatten %p {axis = 1 : i64} : (tensor<1x4x2x2xf32>) -> tensor<1x16xf32> loc("flatten")
  %g = onnx.Gemm %f, %wg, %bg {alpha = 2.0 : f32, beta = 2.0 : f32, transB = 1 : i64} : (tensor<1x16xf32>, tensor<3x16xf32>, tensor<3xf32>) -> tensor<1x3xf32> loc("fc")
  %s = onnx.Softmax %g : (tensor<1x3xf32>) -> tensor<1x3xf32> loc("softmax")
  return %s : tensor<1x3xf32>
}

// -----

func.func @main(%arg0: tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32> {
  %w = onnx.Constant {value = dense<1.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %none = onnx.none
  %c = onnx.Conv %arg0, %w, %none : (tensor<1x1x4x4xf32>, tensor<1x1x1x1xf32>, none) -> tensor<1x1x4x4xf32>
  %r = onnx.Relu %c : (tensor<1x1x4x4xf32>) -> tensor<1x1x4x4xf32>
  // expected-error @+2 {{MaxPool: [SNN-POOL-001] max pooling has no rate-coded spiking equivalent}}
  // expected-note @+1 {{hint: retrain with AveragePool, or pass --snn-maxpool=approx}}
  %p, %i = onnx.MaxPool %r {kernel_shape = [2, 2], strides = [2, 2]} : (tensor<1x1x4x4xf32>) -> (tensor<1x1x2x2xf32>, none)
  return %p : tensor<1x1x2x2xf32>
}

// -----

// Every problem is reported once, at its node; users of a failed node stay quiet.
func.func @main(%arg0: tensor<1x1x4x4xf32>) -> tensor<1x1x4x4xf32> {
  %w = onnx.Constant {value = dense<1.0> : tensor<1x1x2x2xf32>} : () -> tensor<1x1x2x2xf32>
  %none = onnx.none
  // expected-error @+2 {{Conv: [SNN-CONV-001] asymmetric convolution padding}}
  // expected-note @+1 {{hint: pad symmetrically}}
  %c = onnx.Conv %arg0, %w, %none {pads = [0, 0, 1, 1]} : (tensor<1x1x4x4xf32>, tensor<1x1x2x2xf32>, none) -> tensor<1x1x4x4xf32>
  %r = onnx.Relu %c : (tensor<1x1x4x4xf32>) -> tensor<1x1x4x4xf32>
  // expected-error @+2 {{Sigmoid: [SNN-OP-002] operator with no spiking equivalent}}
  // expected-note @+1 {{hint: restructure the network}}
  %s = onnx.Sigmoid %arg0 : (tensor<1x1x4x4xf32>) -> tensor<1x1x4x4xf32>
  %sum = onnx.Add %r, %s : (tensor<1x1x4x4xf32>, tensor<1x1x4x4xf32>) -> tensor<1x1x4x4xf32>
  return %sum : tensor<1x1x4x4xf32>
}

// -----

// Two linear layers in a row: the second reads a current, not spikes.
func.func @main(%arg0: tensor<1x4xf32>) -> tensor<1x2xf32> {
  %a = onnx.Constant {value = dense<1.0> : tensor<4x4xf32>} : () -> tensor<4x4xf32>
  %b = onnx.Constant {value = dense<1.0> : tensor<4x2xf32>} : () -> tensor<4x2xf32>
  %m = onnx.MatMul %arg0, %a : (tensor<1x4xf32>, tensor<4x4xf32>) -> tensor<1x4xf32>
  // expected-error @+2 {{MatMul: [SNN-OP-002] input is not a spike signal}}
  // expected-note @+1 {{hint: insert a ReLU between consecutive linear layers}}
  %n = onnx.MatMul %m, %b : (tensor<1x4xf32>, tensor<4x2xf32>) -> tensor<1x2xf32>
  return %n : tensor<1x2xf32>
}

// -----

func.func @main(%arg0: tensor<1x3xf32>) -> tensor<1x3xf32> {
  %w = onnx.Constant {value = dense<1.0> : tensor<3x3xf32>} : () -> tensor<3x3xf32>
  %m = onnx.MatMul %arg0, %w : (tensor<1x3xf32>, tensor<3x3xf32>) -> tensor<1x3xf32>
  // expected-error @+2 {{Softmax: [SNN-OP-003] Softmax/LogSoftmax that is not the model's output}}
  // expected-note @+1 {{hint: only a Softmax at the output can be dropped}}
  %s = onnx.Softmax %m : (tensor<1x3xf32>) -> tensor<1x3xf32>
  %r = onnx.Relu %s : (tensor<1x3xf32>) -> tensor<1x3xf32>
  return %r : tensor<1x3xf32>
}

