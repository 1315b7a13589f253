// hwc-snn-normalize: a synapse from a source of unit u into a population
// of scale lambda becomes W*u/lambda, its bias b/lambda, threshold 1. The
// input's unit is its scale; a sum pool divides its source's unit by the
// divisor; the output keeps ANN units. hwc-snn-quantize then picks one
// integer threshold per population, floor(127 / max|W|), and rounds.
// RUN: hwc-opt %s -split-input-file --hwc-snn-normalize -verify-diagnostics | FileCheck %s --check-prefix=NORM
// RUN: hwc-opt %s -split-input-file --hwc-snn-normalize --hwc-snn-quantize -verify-diagnostics | FileCheck %s --check-prefix=QUANT

// Conv: 2.0 * 0.5 / 4 = 0.25, bias 1 / 4 = 0.25. Dense after a sum pool of
// divisor 4 over a population of lambda 4: 1.0 * (4 / 4) / 1 = 1.0.
// NORM-LABEL: func.func @main{{.*}}attributes {snn.normalized}
// NORM: snn.conv {{.*}}bias = dense<2.500000e-01> : tensor<2xf32>{{.*}}weight = dense<2.500000e-01> : tensor<2x1x1x1xf32>
// NORM: snn.neurons {{.*}}threshold = 1.000000e+00
// NORM: snn.dense {{.*}}weight = dense<1.000000e+00> : tensor<3x2xf32>

// Population: floor(127 / 0.25) = 508; weights 0.25 * 508 = 127, bias 127.
// Output: floor(127 / 1.0) = 127, the decoder's scale.
// QUANT: snn.conv {{.*}}bias = dense<127> : tensor<2xi32>, {{.*}}snn.weight_error = 0.000000e+00 : f64, {{.*}}weight = dense<127> : tensor<2x1x1x1xi32>
// QUANT: snn.neurons {{.*}}threshold = 5.080000e+02
// QUANT: snn.dense {{.*}}weight = dense<127> : tensor<3x2xi32>
// QUANT: snn.output {{.*}}scale = 1.270000e+02
func.func @main(%arg0: tensor<1x1x2x2xf32>) -> tensor<1x3xf32> {
  %in = snn.input %arg0 {encoding = "current", scale = 0.5 : f64} : tensor<1x1x2x2xf32> -> tensor<1x2x2xf32>
  %c = snn.conv %in {weight = dense<2.0> : tensor<2x1x1x1xf32>, bias = dense<1.0> : tensor<2xf32>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : tensor<1x2x2xf32> -> tensor<2x2x2xf32>
  %n = snn.neurons %c {threshold = 1.0 : f64, reset = "subtract", lambda = 4.0 : f64} : tensor<2x2x2xf32> -> tensor<2x2x2xf32>
  %p = snn.sum_pool %n {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0>, divisor = 4 : i64} : tensor<2x2x2xf32> -> tensor<2x1x1xf32>
  %d = snn.dense %p {weight = dense<1.0> : tensor<3x2xf32>} : tensor<2x1x1xf32> -> tensor<3xf32>
  %y = snn.output %d {decoding = "membrane", scale = 1.0 : f64} : tensor<3xf32> -> tensor<1x3xf32>
  return %y : tensor<1x3xf32>
}

// -----

func.func @main(%arg0: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %in = snn.input %arg0 {encoding = "current", scale = 1.0 : f64} : tensor<1x2xf32> -> tensor<2xf32>
  %d = snn.dense %in {weight = dense<1.0> : tensor<2x2xf32>} : tensor<2xf32> -> tensor<2xf32>
  // expected-error @+1 {{population 'relu:0' has no lambda; calibrate the network first}}
  %n = snn.neurons %d {threshold = 1.0 : f64, reset = "subtract", activation = "relu:0"} : tensor<2xf32> -> tensor<2xf32>
  %e = snn.dense %n {weight = dense<1.0> : tensor<2x2xf32>} : tensor<2xf32> -> tensor<2xf32>
  %y = snn.output %e {decoding = "membrane", scale = 1.0 : f64} : tensor<2xf32> -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}
