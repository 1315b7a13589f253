// RUN: hwc-opt %s -split-input-file -verify-diagnostics

func.func @conv_channels(%x: tensor<3x8x8xf32>) -> tensor<4x8x8xf32> {
  // expected-error @+1 {{weight 4x2 with group 1 does not connect 3 to 4 channels}}
  %c = snn.conv %x {weight = dense<1.0> : tensor<4x2x3x3xf32>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64} : tensor<3x8x8xf32> -> tensor<4x8x8xf32>
  return %c : tensor<4x8x8xf32>
}

// -----

func.func @conv_window(%x: tensor<1x8x8xf32>) -> tensor<4x8x8xf32> {
  // expected-error @+1 {{result is 8x8, the window gives 6x6}}
  %c = snn.conv %x {weight = dense<1.0> : tensor<4x1x3x3xf32>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0>, dilations = array<i64: 1, 1>, group = 1 : i64} : tensor<1x8x8xf32> -> tensor<4x8x8xf32>
  return %c : tensor<4x8x8xf32>
}

// -----

func.func @dense_shape(%x: tensor<4x2x2xf32>) -> tensor<10xf32> {
  // expected-error @+1 {{weight must be 10x16}}
  %d = snn.dense %x {weight = dense<1.0> : tensor<10x15xf32>} : tensor<4x2x2xf32> -> tensor<10xf32>
  return %d : tensor<10xf32>
}

// -----

func.func @join_types(%a: tensor<4x2x2xf32>, %b: tensor<4x1x1xf32>) -> tensor<4x2x2xf32> {
  // expected-error @+1 {{every current must have the population's type}}
  %n = snn.neurons %a, %b {threshold = 1.0 : f64, reset = "subtract"} : tensor<4x2x2xf32>, tensor<4x1x1xf32> -> tensor<4x2x2xf32>
  return %n : tensor<4x2x2xf32>
}

// -----

func.func @reset_mode(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{reset must be 'subtract' or 'value', got 'zero'}}
  %n = snn.neurons %a {threshold = 1.0 : f64, reset = "zero"} : tensor<4xf32> -> tensor<4xf32>
  return %n : tensor<4xf32>
}

// -----

func.func @pool_channels(%a: tensor<4x4x4xf32>) -> tensor<2x2x2xf32> {
  // expected-error @+1 {{pooling keeps the channels: 4 vs 2}}
  %p = snn.sum_pool %a {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0>, divisor = 4 : i64} : tensor<4x4x4xf32> -> tensor<2x2x2xf32>
  return %p : tensor<2x2x2xf32>
}

// -----

func.func @input_batch(%x: tensor<2x1x4x4xf32>) -> tensor<1x4x4xf32> {
  // expected-error @+1 {{result must be the input's shape without its batch of 1}}
  %in = snn.input %x {encoding = "current", scale = 1.0 : f64} : tensor<2x1x4x4xf32> -> tensor<1x4x4xf32>
  return %in : tensor<1x4x4xf32>
}
