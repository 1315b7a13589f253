// RUN: hwc-opt %s | hwc-opt | FileCheck %s
// The snn dialect round-trips: encoder, conv/dense/identity synapses, a sum
// pool, IF populations (one a residual join of two currents) and the decoder.

// CHECK-LABEL: func.func @main
// CHECK: snn.input %arg0 {encoding = "current", scale = 7.812500e-03 : f64}
// CHECK: snn.conv
// CHECK: snn.neurons %{{.*}} {{{.*}}lambda = 2.5{{.*}}reset = "subtract"
// CHECK: snn.sum_pool
// CHECK: snn.identity
// CHECK: snn.neurons %{{.*}}, %{{.*}} {{{.*}}first_core = 3 : i64
// CHECK: snn.dense
// CHECK: snn.output %{{.*}} {decoding = "membrane", scale = 4.000000e+00 : f64} : tensor<10xf32> -> tensor<1x10xf32>
func.func @main(%arg0: tensor<1x1x8x8xf32>) -> tensor<1x10xf32> {
  %in = snn.input %arg0 {encoding = "current", scale = 0.0078125 : f64} : tensor<1x1x8x8xf32> -> tensor<1x8x8xf32>
  %c = snn.conv %in {weight = dense<1> : tensor<4x1x3x3xi32>, bias = dense<0> : tensor<4xi32>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64} : tensor<1x8x8xf32> -> tensor<4x8x8xf32>
  %n = snn.neurons %c {threshold = 9.0 : f64, reset = "subtract", lambda = 2.5 : f64, activation = "relu:0"} : tensor<4x8x8xf32> -> tensor<4x8x8xf32>
  %p = snn.sum_pool %n {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0>, divisor = 4 : i64} : tensor<4x8x8xf32> -> tensor<4x4x4xf32>
  %c2 = snn.conv %p {weight = dense<1.0> : tensor<4x1x3x3xf32>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1>, dilations = array<i64: 1, 1>, group = 4 : i64} : tensor<4x4x4xf32> -> tensor<4x4x4xf32>
  %s = snn.identity %p {weight = dense<1.0> : tensor<4xf32>} : tensor<4x4x4xf32> -> tensor<4x4x4xf32>
  %j = snn.neurons %c2, %s {threshold = 1.0 : f64, reset = "subtract", first_core = 3 : i64, cores = 1 : i64} : tensor<4x4x4xf32>, tensor<4x4x4xf32> -> tensor<4x4x4xf32>
  %d = snn.dense %j {weight = dense<1.0> : tensor<10x64xf32>} : tensor<4x4x4xf32> -> tensor<10xf32>
  %y = snn.output %d {decoding = "membrane", scale = 4.0 : f64} : tensor<10xf32> -> tensor<1x10xf32>
  return %y : tensor<1x10xf32>
}
