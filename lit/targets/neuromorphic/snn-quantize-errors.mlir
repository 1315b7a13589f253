// hwc-snn-quantize refuses a network that is not normalized, and weights
// into a spiking population that do not fit the weight bits even at
// threshold 1. The output integrator never fires, so its scale may be
// fractional: 127 / 500 = 0.254.
// RUN: hwc-opt %s -split-input-file --hwc-snn-quantize -verify-diagnostics | FileCheck %s
// CHECK: snn.dense {{.*}}weight = dense<127> : tensor<2x2xi32>
// CHECK: snn.output {{.*}}scale = 2.540000e-01
// RUN: not hwc-opt %s -split-input-file --hwc-snn-normalize --hwc-snn-normalize -verify-diagnostics=false 2>&1 | FileCheck %s --check-prefix=TWICE
// TWICE: error: the network is already normalized

// expected-error @+1 {{quantize a normalized network (run hwc-snn-normalize first)}}
func.func @main(%arg0: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %in = snn.input %arg0 {encoding = "current", scale = 1.0 : f64} : tensor<1x2xf32> -> tensor<2xf32>
  %d = snn.dense %in {weight = dense<1.0> : tensor<2x2xf32>} : tensor<2xf32> -> tensor<2xf32>
  %y = snn.output %d {decoding = "membrane", scale = 1.0 : f64} : tensor<2xf32> -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// -----

func.func @main(%arg0: tensor<1x2xf32>) -> tensor<1x2xf32> attributes {snn.normalized} {
  %in = snn.input %arg0 {encoding = "current", scale = 1.0 : f64} : tensor<1x2xf32> -> tensor<2xf32>
  %d = snn.dense %in {weight = dense<500.0> : tensor<2x2xf32>} : tensor<2xf32> -> tensor<2xf32>
  // expected-error @+1 {{a normalized weight of 500.00 exceeds 127 even at threshold 1; raise the weight bits}}
  %n = snn.neurons %d {threshold = 1.0 : f64, reset = "subtract", lambda = 1.0 : f64} : tensor<2xf32> -> tensor<2xf32>
  %d2 = snn.dense %n {weight = dense<1.0> : tensor<2x2xf32>} : tensor<2xf32> -> tensor<2xf32>
  %y = snn.output %d2 {decoding = "membrane", scale = 1.0 : f64} : tensor<2xf32> -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// -----

func.func @main(%arg0: tensor<1x2xf32>) -> tensor<1x2xf32> attributes {snn.normalized} {
  %in = snn.input %arg0 {encoding = "current", scale = 1.0 : f64} : tensor<1x2xf32> -> tensor<2xf32>
  %d = snn.dense %in {weight = dense<500.0> : tensor<2x2xf32>} : tensor<2xf32> -> tensor<2xf32>
  %y = snn.output %d {decoding = "membrane", scale = 1.0 : f64} : tensor<2xf32> -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}
