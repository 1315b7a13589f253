// Every onnx op parses, verifies (including its shape inference) and prints
// back in its custom assembly form; printing is a fixed point, also through
// the generic form.
// RUN: hwc-opt %s | hwc-opt | FileCheck %s
// RUN: hwc-opt %s -mlir-print-op-generic | hwc-opt | FileCheck %s

// CHECK-LABEL: func.func @unary(
// CHECK-SAME: %[[ARG0:[A-Za-z0-9_]+]]: tensor<2x3xf32>) -> tensor<2x3xf32> {
// CHECK-NEXT: %[[V1:[A-Za-z0-9_]+]] = onnx.Abs %[[ARG0]] : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V2:[A-Za-z0-9_]+]] = onnx.Ceil %[[V1]] : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V3:[A-Za-z0-9_]+]] = onnx.Cos %[[V2]] : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V4:[A-Za-z0-9_]+]] = onnx.Erf %[[V3]] : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V5:[A-Za-z0-9_]+]] = onnx.Exp %[[V4]] : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V6:[A-Za-z0-9_]+]] = onnx.Floor %[[V5]] : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V7:[A-Za-z0-9_]+]] = onnx.HardSwish %[[V6]] : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V8:[A-Za-z0-9_]+]] = onnx.Identity %[[V7]] : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V9:[A-Za-z0-9_]+]] = onnx.Log %[[V8]] : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V10:[A-Za-z0-9_]+]] = onnx.Neg %[[V9]] : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V11:[A-Za-z0-9_]+]] = onnx.Reciprocal %[[V10]] : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V12:[A-Za-z0-9_]+]] = onnx.Relu %[[V11]] : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V13:[A-Za-z0-9_]+]] = onnx.Sigmoid %[[V12]] : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V14:[A-Za-z0-9_]+]] = onnx.Sign %[[V13]] : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V15:[A-Za-z0-9_]+]] = onnx.Sin %[[V14]] : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V16:[A-Za-z0-9_]+]] = onnx.Softplus %[[V15]] : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V17:[A-Za-z0-9_]+]] = onnx.Sqrt %[[V16]] : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V18:[A-Za-z0-9_]+]] = onnx.Tanh %[[V17]] : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V19:[A-Za-z0-9_]+]] = onnx.Elu %[[V18]] {alpha = 5.000000e-01 : f32} : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V20:[A-Za-z0-9_]+]] = onnx.HardSigmoid %[[V19]] {alpha = 1.000000e-01 : f32, beta = 2.500000e-01 : f32} : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V21:[A-Za-z0-9_]+]] = onnx.LeakyRelu %[[V20]] {alpha = 2.000000e-02 : f32} : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V22:[A-Za-z0-9_]+]] = onnx.Softmax %[[V21]] {axis = 0 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: return %[[V22]] : tensor<2x3xf32>
func.func @unary(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = onnx.Abs %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %1 = onnx.Ceil %0 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %2 = onnx.Cos %1 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %3 = onnx.Erf %2 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %4 = onnx.Exp %3 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %5 = onnx.Floor %4 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %6 = onnx.HardSwish %5 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %7 = onnx.Identity %6 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %8 = onnx.Log %7 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %9 = onnx.Neg %8 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %10 = onnx.Reciprocal %9 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %11 = onnx.Relu %10 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %12 = onnx.Sigmoid %11 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %13 = onnx.Sign %12 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %14 = onnx.Sin %13 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %15 = onnx.Softplus %14 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %16 = onnx.Sqrt %15 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %17 = onnx.Tanh %16 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %18 = onnx.Elu %17 {alpha = 5.000000e-01 : f32} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %19 = onnx.HardSigmoid %18 {alpha = 1.000000e-01 : f32, beta = 2.500000e-01 : f32} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %20 = onnx.LeakyRelu %19 {alpha = 2.000000e-02 : f32} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %21 = onnx.Softmax %20 {axis = 0 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %21 : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @not(
// CHECK-SAME: %[[ARG0:[A-Za-z0-9_]+]]: tensor<4xi1>) -> tensor<4xi1> {
// CHECK-NEXT: %[[V1:[A-Za-z0-9_]+]] = onnx.Not %[[ARG0]] : (tensor<4xi1>) -> tensor<4xi1>
// CHECK-NEXT: return %[[V1]] : tensor<4xi1>
func.func @not(%b: tensor<4xi1>) -> tensor<4xi1> {
  %0 = onnx.Not %b : (tensor<4xi1>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// CHECK-LABEL: func.func @clip_dropout_cast(
// CHECK-SAME: %[[ARG0:[A-Za-z0-9_]+]]: tensor<4xf32>, %[[ARG1:[A-Za-z0-9_]+]]: tensor<f32>, %[[ARG2:[A-Za-z0-9_]+]]: tensor<f32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xi1>, tensor<4xi64>) {
// CHECK-NEXT: %[[V3:[A-Za-z0-9_]+]] = onnx.none
// CHECK-NEXT: %[[V4:[A-Za-z0-9_]+]] = onnx.Clip %[[ARG0]], %[[ARG1]], %[[ARG2]] : (tensor<4xf32>, tensor<f32>, tensor<f32>) -> tensor<4xf32>
// CHECK-NEXT: %[[V5:[A-Za-z0-9_]+]] = onnx.Clip %[[ARG0]], %[[V3]], %[[ARG2]] : (tensor<4xf32>, none, tensor<f32>) -> tensor<4xf32>
// CHECK-NEXT: %[[V6:[A-Za-z0-9_]+]], %[[V7:[A-Za-z0-9_]+]] = onnx.Dropout %[[ARG0]], %[[V3]], %[[V3]] {seed = 3 : i64} : (tensor<4xf32>, none, none) -> (tensor<4xf32>, tensor<4xi1>)
// CHECK-NEXT: %[[V8:[A-Za-z0-9_]+]] = onnx.Cast %[[ARG0]] {to = 7 : i64} : (tensor<4xf32>) -> tensor<4xi64>
// CHECK-NEXT: return %[[V4]], %[[V5]], %[[V7]], %[[V8]] : tensor<4xf32>, tensor<4xf32>, tensor<4xi1>, tensor<4xi64>
func.func @clip_dropout_cast(%x: tensor<4xf32>, %lo: tensor<f32>, %hi: tensor<f32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xi1>, tensor<4xi64>) {
  %none = onnx.none
  %0 = onnx.Clip %x, %lo, %hi : (tensor<4xf32>, tensor<f32>, tensor<f32>) -> tensor<4xf32>
  %1 = onnx.Clip %x, %none, %hi : (tensor<4xf32>, none, tensor<f32>) -> tensor<4xf32>
  %2, %3 = onnx.Dropout %x, %none, %none {seed = 3 : i64} : (tensor<4xf32>, none, none) -> (tensor<4xf32>, tensor<4xi1>)
  %4 = onnx.Cast %x {to = 7 : i64} : (tensor<4xf32>) -> tensor<4xi64>
  return %0, %1, %3, %4 : tensor<4xf32>, tensor<4xf32>, tensor<4xi1>, tensor<4xi64>
}

// CHECK-LABEL: func.func @lrn(
// CHECK-SAME: %[[ARG0:[A-Za-z0-9_]+]]: tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32> {
// CHECK-NEXT: %[[V1:[A-Za-z0-9_]+]] = onnx.LRN %[[ARG0]] {alpha = 2.000000e-04 : f32, size = 3 : i64} : (tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
// CHECK-NEXT: return %[[V1]] : tensor<1x8x4x4xf32>
func.func @lrn(%x: tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32> {
  %0 = onnx.LRN %x {size = 3 : i64, alpha = 2.000000e-04 : f32} : (tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
  return %0 : tensor<1x8x4x4xf32>
}

// CHECK-LABEL: func.func @binary(
// CHECK-SAME: %[[ARG0:[A-Za-z0-9_]+]]: tensor<2x3xf32>, %[[ARG1:[A-Za-z0-9_]+]]: tensor<3xf32>, %[[ARG2:[A-Za-z0-9_]+]]: tensor<2x3xi32>, %[[ARG3:[A-Za-z0-9_]+]]: tensor<3xi32>, %[[ARG4:[A-Za-z0-9_]+]]: tensor<2x3xi1>, %[[ARG5:[A-Za-z0-9_]+]]: tensor<3xi1>) {
// CHECK-NEXT: %[[V6:[A-Za-z0-9_]+]] = onnx.Add %[[ARG0]], %[[ARG1]] : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V7:[A-Za-z0-9_]+]] = onnx.Sub %[[ARG0]], %[[ARG1]] : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V8:[A-Za-z0-9_]+]] = onnx.Mul %[[ARG0]], %[[ARG1]] : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V9:[A-Za-z0-9_]+]] = onnx.Div %[[ARG0]], %[[ARG1]] : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V10:[A-Za-z0-9_]+]] = onnx.Mod %[[ARG2]], %[[ARG3]] : (tensor<2x3xi32>, tensor<3xi32>) -> tensor<2x3xi32>
// CHECK-NEXT: %[[V11:[A-Za-z0-9_]+]] = onnx.Mod %[[ARG0]], %[[ARG1]] {fmod = 1 : i64} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V12:[A-Za-z0-9_]+]] = onnx.And %[[ARG4]], %[[ARG5]] : (tensor<2x3xi1>, tensor<3xi1>) -> tensor<2x3xi1>
// CHECK-NEXT: %[[V13:[A-Za-z0-9_]+]] = onnx.Or %[[ARG4]], %[[ARG5]] : (tensor<2x3xi1>, tensor<3xi1>) -> tensor<2x3xi1>
// CHECK-NEXT: %[[V14:[A-Za-z0-9_]+]] = onnx.Xor %[[ARG4]], %[[ARG5]] : (tensor<2x3xi1>, tensor<3xi1>) -> tensor<2x3xi1>
// CHECK-NEXT: %[[V15:[A-Za-z0-9_]+]] = onnx.Equal %[[ARG0]], %[[ARG1]] : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
// CHECK-NEXT: %[[V16:[A-Za-z0-9_]+]] = onnx.Greater %[[ARG0]], %[[ARG1]] : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
// CHECK-NEXT: %[[V17:[A-Za-z0-9_]+]] = onnx.GreaterOrEqual %[[ARG0]], %[[ARG1]] : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
// CHECK-NEXT: %[[V18:[A-Za-z0-9_]+]] = onnx.Less %[[ARG2]], %[[ARG3]] : (tensor<2x3xi32>, tensor<3xi32>) -> tensor<2x3xi1>
// CHECK-NEXT: %[[V19:[A-Za-z0-9_]+]] = onnx.LessOrEqual %[[ARG2]], %[[ARG3]] : (tensor<2x3xi32>, tensor<3xi32>) -> tensor<2x3xi1>
// CHECK-NEXT: %[[V20:[A-Za-z0-9_]+]] = onnx.Pow %[[ARG0]], %[[ARG3]] : (tensor<2x3xf32>, tensor<3xi32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V21:[A-Za-z0-9_]+]] = onnx.PRelu %[[ARG0]], %[[ARG1]] : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: %[[V22:[A-Za-z0-9_]+]] = onnx.Where %[[ARG4]], %[[ARG0]], %[[ARG1]] : (tensor<2x3xi1>, tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
// CHECK-NEXT: return
func.func @binary(%a: tensor<2x3xf32>, %b: tensor<3xf32>, %i: tensor<2x3xi32>, %j: tensor<3xi32>, %p: tensor<2x3xi1>, %q: tensor<3xi1>) {
  %0 = onnx.Add %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %1 = onnx.Sub %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %2 = onnx.Mul %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %3 = onnx.Div %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %4 = onnx.Mod %i, %j {fmod = 0 : i64} : (tensor<2x3xi32>, tensor<3xi32>) -> tensor<2x3xi32>
  %5 = onnx.Mod %a, %b {fmod = 1 : i64} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %6 = onnx.And %p, %q : (tensor<2x3xi1>, tensor<3xi1>) -> tensor<2x3xi1>
  %7 = onnx.Or %p, %q : (tensor<2x3xi1>, tensor<3xi1>) -> tensor<2x3xi1>
  %8 = onnx.Xor %p, %q : (tensor<2x3xi1>, tensor<3xi1>) -> tensor<2x3xi1>
  %9 = onnx.Equal %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  %10 = onnx.Greater %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  %11 = onnx.GreaterOrEqual %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  %12 = onnx.Less %i, %j : (tensor<2x3xi32>, tensor<3xi32>) -> tensor<2x3xi1>
  %13 = onnx.LessOrEqual %i, %j : (tensor<2x3xi32>, tensor<3xi32>) -> tensor<2x3xi1>
  %14 = onnx.Pow %a, %j : (tensor<2x3xf32>, tensor<3xi32>) -> tensor<2x3xf32>
  %15 = onnx.PRelu %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %16 = onnx.Where %p, %a, %b : (tensor<2x3xi1>, tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return
}

// CHECK-LABEL: func.func @variadic(
// CHECK-SAME: %[[ARG0:[A-Za-z0-9_]+]]: tensor<4xf32>, %[[ARG1:[A-Za-z0-9_]+]]: tensor<1xf32>, %[[ARG2:[A-Za-z0-9_]+]]: tensor<2x1xf32>) {
// CHECK-NEXT: %[[V3:[A-Za-z0-9_]+]] = onnx.Max %[[ARG0]], %[[ARG1]] : (tensor<4xf32>, tensor<1xf32>) -> tensor<4xf32>
// CHECK-NEXT: %[[V4:[A-Za-z0-9_]+]] = onnx.Min %[[ARG0]], %[[ARG1]], %[[ARG2]] : (tensor<4xf32>, tensor<1xf32>, tensor<2x1xf32>) -> tensor<2x4xf32>
// CHECK-NEXT: %[[V5:[A-Za-z0-9_]+]] = onnx.Mean %[[ARG0]] : (tensor<4xf32>) -> tensor<4xf32>
// CHECK-NEXT: %[[V6:[A-Za-z0-9_]+]] = onnx.Sum %[[ARG0]], %[[ARG2]] : (tensor<4xf32>, tensor<2x1xf32>) -> tensor<2x4xf32>
// CHECK-NEXT: return
func.func @variadic(%a: tensor<4xf32>, %b: tensor<1xf32>, %c: tensor<2x1xf32>) {
  %0 = onnx.Max %a, %b : (tensor<4xf32>, tensor<1xf32>) -> tensor<4xf32>
  %1 = onnx.Min %a, %b, %c : (tensor<4xf32>, tensor<1xf32>, tensor<2x1xf32>) -> tensor<2x4xf32>
  %2 = onnx.Mean %a : (tensor<4xf32>) -> tensor<4xf32>
  %3 = onnx.Sum %a, %c : (tensor<4xf32>, tensor<2x1xf32>) -> tensor<2x4xf32>
  return
}

// CHECK-LABEL: func.func @constants(
// CHECK-SAME: ) -> (tensor<2xi64>, tensor<3x!onnx.string>) {
// CHECK-NEXT: %[[V0:[A-Za-z0-9_]+]] = onnx.Constant  {value = dense<[2, 3]> : tensor<2xi64>} : () -> tensor<2xi64>
// CHECK-NEXT: %[[V1:[A-Za-z0-9_]+]] = onnx.Constant  {value = dense<["a", "b", "c"]> : tensor<3x!onnx.string>} : () -> tensor<3x!onnx.string>
// CHECK-NEXT: %[[V2:[A-Za-z0-9_]+]] = onnx.Constant  {value = dense_resource<blob> : tensor<2xf32>} : () -> tensor<2xf32>
// CHECK-NEXT: return %[[V0]], %[[V1]] : tensor<2xi64>, tensor<3x!onnx.string>
func.func @constants() -> (tensor<2xi64>, tensor<3x!onnx.string>) {
  %0 = onnx.Constant {value = dense<[2, 3]> : tensor<2xi64>} : () -> tensor<2xi64>
  %1 = onnx.Constant {value = dense<["a", "b", "c"]> : tensor<3x!onnx.string>} : () -> tensor<3x!onnx.string>
  %2 = onnx.Constant {value = dense_resource<blob> : tensor<2xf32>} : () -> tensor<2xf32>
  return %0, %1 : tensor<2xi64>, tensor<3x!onnx.string>
}

// CHECK-LABEL: func.func @shape_ops(
// CHECK-SAME: %[[ARG0:[A-Za-z0-9_]+]]: tensor<2x3x4xf32>, %[[ARG1:[A-Za-z0-9_]+]]: tensor<2x5x4xf32>, %[[ARG2:[A-Za-z0-9_]+]]: tensor<2xi64>) {
// CHECK-NEXT: %[[V3:[A-Za-z0-9_]+]] = onnx.none
// CHECK-NEXT: %[[V4:[A-Za-z0-9_]+]] = onnx.Constant  {value = dense<[6, -1]> : tensor<2xi64>} : () -> tensor<2xi64>
// CHECK-NEXT: %[[V5:[A-Za-z0-9_]+]] = onnx.Constant  {value = dense<0> : tensor<1xi64>} : () -> tensor<1xi64>
// CHECK-NEXT: %[[V6:[A-Za-z0-9_]+]] = onnx.Constant  {value = dense<{{\[\[}}0, 1], [2, 0]]> : tensor<2x2xi64>} : () -> tensor<2x2xi64>
// CHECK-NEXT: %[[V7:[A-Za-z0-9_]+]] = onnx.ConstantOfShape %[[ARG2]] {value = dense<5> : tensor<1xi64>} : (tensor<2xi64>) -> tensor<?x?xi64>
// CHECK-NEXT: %[[V8:[A-Za-z0-9_]+]] = onnx.Shape %[[ARG0]] {start = 1 : i64} : (tensor<2x3x4xf32>) -> tensor<2xi64>
// CHECK-NEXT: %[[V9:[A-Za-z0-9_]+]] = onnx.Reshape %[[ARG0]], %[[V4]] : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<6x4xf32>
// CHECK-NEXT: %[[V10:[A-Za-z0-9_]+]] = onnx.Reshape %[[ARG0]], %[[ARG2]] {allowzero = 1 : i64} : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<?x?xf32>
// CHECK-NEXT: %[[V11:[A-Za-z0-9_]+]] = onnx.Flatten %[[ARG0]] {axis = 2 : i64} : (tensor<2x3x4xf32>) -> tensor<6x4xf32>
// CHECK-NEXT: %[[V12:[A-Za-z0-9_]+]] = onnx.Transpose %[[ARG0]] {perm = [0, 2, 1]} : (tensor<2x3x4xf32>) -> tensor<2x4x3xf32>
// CHECK-NEXT: %[[V13:[A-Za-z0-9_]+]] = onnx.Transpose %[[ARG0]] : (tensor<2x3x4xf32>) -> tensor<4x3x2xf32>
// CHECK-NEXT: %[[V14:[A-Za-z0-9_]+]] = onnx.Concat %[[ARG0]], %[[ARG1]] {axis = 1 : i64} : (tensor<2x3x4xf32>, tensor<2x5x4xf32>) -> tensor<2x8x4xf32>
// CHECK-NEXT: %[[V15:[A-Za-z0-9_]+]] = onnx.Gather %[[ARG0]], %[[V6]] {axis = 1 : i64} : (tensor<2x3x4xf32>, tensor<2x2xi64>) -> tensor<2x2x2x4xf32>
// CHECK-NEXT: %[[V16:[A-Za-z0-9_]+]] = onnx.Unsqueeze %[[ARG0]], %[[V5]] : (tensor<2x3x4xf32>, tensor<1xi64>) -> tensor<1x2x3x4xf32>
// CHECK-NEXT: %[[V17:[A-Za-z0-9_]+]] = onnx.Squeeze %[[V16]], %[[V5]] : (tensor<1x2x3x4xf32>, tensor<1xi64>) -> tensor<2x3x4xf32>
// CHECK-NEXT: %[[V18:[A-Za-z0-9_]+]] = onnx.Squeeze %[[V16]], %[[V3]] : (tensor<1x2x3x4xf32>, none) -> tensor<2x3x4xf32>
// CHECK-NEXT: %[[V19:[A-Za-z0-9_]+]] = onnx.Expand %[[ARG0]], %[[ARG2]] : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<2x3x4xf32>
// CHECK-NEXT: %[[V20:[A-Za-z0-9_]+]] = onnx.Constant  {value = dense<[1, 2, 3]> : tensor<3xi64>} : () -> tensor<3xi64>
// CHECK-NEXT: %[[V21:[A-Za-z0-9_]+]] = onnx.Tile %[[ARG0]], %[[V20]] : (tensor<2x3x4xf32>, tensor<3xi64>) -> tensor<2x6x12xf32>
// CHECK-NEXT: return
func.func @shape_ops(%x: tensor<2x3x4xf32>, %y: tensor<2x5x4xf32>, %s: tensor<2xi64>) {
  %none = onnx.none
  %shape = onnx.Constant {value = dense<[6, -1]> : tensor<2xi64>} : () -> tensor<2xi64>
  %axes = onnx.Constant {value = dense<[0]> : tensor<1xi64>} : () -> tensor<1xi64>
  %idx = onnx.Constant {value = dense<[[0, 1], [2, 0]]> : tensor<2x2xi64>} : () -> tensor<2x2xi64>
  %0 = onnx.ConstantOfShape %s {value = dense<5> : tensor<1xi64>} : (tensor<2xi64>) -> tensor<?x?xi64>
  %1 = onnx.Shape %x {start = 1 : i64} : (tensor<2x3x4xf32>) -> tensor<2xi64>
  %2 = onnx.Reshape %x, %shape : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<6x4xf32>
  %3 = onnx.Reshape %x, %s {allowzero = 1 : i64} : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<?x?xf32>
  %4 = onnx.Flatten %x {axis = 2 : i64} : (tensor<2x3x4xf32>) -> tensor<6x4xf32>
  %5 = onnx.Transpose %x {perm = [0, 2, 1]} : (tensor<2x3x4xf32>) -> tensor<2x4x3xf32>
  %6 = onnx.Transpose %x : (tensor<2x3x4xf32>) -> tensor<4x3x2xf32>
  %7 = onnx.Concat %x, %y {axis = 1 : i64} : (tensor<2x3x4xf32>, tensor<2x5x4xf32>) -> tensor<2x8x4xf32>
  %8 = onnx.Gather %x, %idx {axis = 1 : i64} : (tensor<2x3x4xf32>, tensor<2x2xi64>) -> tensor<2x2x2x4xf32>
  %9 = onnx.Unsqueeze %x, %axes : (tensor<2x3x4xf32>, tensor<1xi64>) -> tensor<1x2x3x4xf32>
  %10 = onnx.Squeeze %9, %axes : (tensor<1x2x3x4xf32>, tensor<1xi64>) -> tensor<2x3x4xf32>
  %11 = onnx.Squeeze %9, %none : (tensor<1x2x3x4xf32>, none) -> tensor<2x3x4xf32>
  %12 = onnx.Expand %x, %s : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<2x3x4xf32>
  %rep = onnx.Constant {value = dense<[1, 2, 3]> : tensor<3xi64>} : () -> tensor<3xi64>
  %13 = onnx.Tile %x, %rep : (tensor<2x3x4xf32>, tensor<3xi64>) -> tensor<2x6x12xf32>
  return
}

// CHECK-LABEL: func.func @gather_scatter(
// CHECK-SAME: %[[ARG0:[A-Za-z0-9_]+]]: tensor<3x3xf32>, %[[ARG1:[A-Za-z0-9_]+]]: tensor<3x2xi64>, %[[ARG2:[A-Za-z0-9_]+]]: tensor<8xf32>, %[[ARG3:[A-Za-z0-9_]+]]: tensor<4x1xi64>, %[[ARG4:[A-Za-z0-9_]+]]: tensor<4xf32>) {
// CHECK-NEXT: %[[V5:[A-Za-z0-9_]+]] = onnx.GatherElements %[[ARG0]], %[[ARG1]] {axis = 1 : i64} : (tensor<3x3xf32>, tensor<3x2xi64>) -> tensor<3x2xf32>
// CHECK-NEXT: %[[V6:[A-Za-z0-9_]+]] = onnx.ScatterND %[[ARG2]], %[[ARG3]], %[[ARG4]] {reduction = "add"} : (tensor<8xf32>, tensor<4x1xi64>, tensor<4xf32>) -> tensor<8xf32>
// CHECK-NEXT: return
func.func @gather_scatter(%d: tensor<3x3xf32>, %i: tensor<3x2xi64>, %s: tensor<8xf32>, %si: tensor<4x1xi64>, %u: tensor<4xf32>) {
  %0 = onnx.GatherElements %d, %i {axis = 1 : i64} : (tensor<3x3xf32>, tensor<3x2xi64>) -> tensor<3x2xf32>
  %1 = onnx.ScatterND %s, %si, %u {reduction = "add"} : (tensor<8xf32>, tensor<4x1xi64>, tensor<4xf32>) -> tensor<8xf32>
  return
}

// CHECK-LABEL: func.func @slice_split_pad(
// CHECK-SAME: %[[ARG0:[A-Za-z0-9_]+]]: tensor<10xf32>, %[[ARG1:[A-Za-z0-9_]+]]: tensor<2x2xf32>, %[[ARG2:[A-Za-z0-9_]+]]: tensor<f32>) {
// CHECK-NEXT: %[[V3:[A-Za-z0-9_]+]] = onnx.none
// CHECK-NEXT: %[[V4:[A-Za-z0-9_]+]] = onnx.Constant  {value = dense<1> : tensor<1xi64>} : () -> tensor<1xi64>
// CHECK-NEXT: %[[V5:[A-Za-z0-9_]+]] = onnx.Constant  {value = dense<9> : tensor<1xi64>} : () -> tensor<1xi64>
// CHECK-NEXT: %[[V6:[A-Za-z0-9_]+]] = onnx.Constant  {value = dense<2> : tensor<1xi64>} : () -> tensor<1xi64>
// CHECK-NEXT: %[[V7:[A-Za-z0-9_]+]] = onnx.Constant  {value = dense<[3, 7]> : tensor<2xi64>} : () -> tensor<2xi64>
// CHECK-NEXT: %[[V8:[A-Za-z0-9_]+]] = onnx.Constant  {value = dense<[1, 0, 1, 2]> : tensor<4xi64>} : () -> tensor<4xi64>
// CHECK-NEXT: %[[V9:[A-Za-z0-9_]+]] = onnx.Slice %[[ARG0]], %[[V4]], %[[V5]], %[[V3]], %[[V6]] : (tensor<10xf32>, tensor<1xi64>, tensor<1xi64>, none, tensor<1xi64>) -> tensor<4xf32>
// CHECK-NEXT: %[[V10:[A-Za-z0-9_]+]]:2 = onnx.Split %[[ARG0]], %[[V3]] : (tensor<10xf32>, none) -> (tensor<5xf32>, tensor<5xf32>)
// CHECK-NEXT: %[[V11:[A-Za-z0-9_]+]]:2 = onnx.Split %[[ARG0]], %[[V7]] : (tensor<10xf32>, tensor<2xi64>) -> (tensor<3xf32>, tensor<7xf32>)
// CHECK-NEXT: %[[V12:[A-Za-z0-9_]+]]:3 = onnx.Split %[[ARG0]], %[[V3]] {num_outputs = 3 : i64} : (tensor<10xf32>, none) -> (tensor<4xf32>, tensor<4xf32>, tensor<2xf32>)
// CHECK-NEXT: %[[V13:[A-Za-z0-9_]+]] = onnx.Pad %[[ARG1]], %[[V8]], %[[ARG2]], %[[V3]] : (tensor<2x2xf32>, tensor<4xi64>, tensor<f32>, none) -> tensor<4x4xf32>
// CHECK-NEXT: %[[V14:[A-Za-z0-9_]+]] = onnx.Pad %[[ARG1]], %[[V8]], %[[V3]], %[[V3]] {mode = "reflect"} : (tensor<2x2xf32>, tensor<4xi64>, none, none) -> tensor<4x4xf32>
// CHECK-NEXT: return
func.func @slice_split_pad(%x: tensor<10xf32>, %m: tensor<2x2xf32>, %v: tensor<f32>) {
  %none = onnx.none
  %s = onnx.Constant {value = dense<[1]> : tensor<1xi64>} : () -> tensor<1xi64>
  %e = onnx.Constant {value = dense<[9]> : tensor<1xi64>} : () -> tensor<1xi64>
  %st = onnx.Constant {value = dense<[2]> : tensor<1xi64>} : () -> tensor<1xi64>
  %sizes = onnx.Constant {value = dense<[3, 7]> : tensor<2xi64>} : () -> tensor<2xi64>
  %pads = onnx.Constant {value = dense<[1, 0, 1, 2]> : tensor<4xi64>} : () -> tensor<4xi64>
  %0 = onnx.Slice %x, %s, %e, %none, %st : (tensor<10xf32>, tensor<1xi64>, tensor<1xi64>, none, tensor<1xi64>) -> tensor<4xf32>
  %1:2 = onnx.Split %x, %none {axis = 0 : i64} : (tensor<10xf32>, none) -> (tensor<5xf32>, tensor<5xf32>)
  %2:2 = onnx.Split %x, %sizes : (tensor<10xf32>, tensor<2xi64>) -> (tensor<3xf32>, tensor<7xf32>)
  %3:3 = onnx.Split %x, %none {num_outputs = 3 : i64} : (tensor<10xf32>, none) -> (tensor<4xf32>, tensor<4xf32>, tensor<2xf32>)
  %4 = onnx.Pad %m, %pads, %v, %none : (tensor<2x2xf32>, tensor<4xi64>, tensor<f32>, none) -> tensor<4x4xf32>
  %5 = onnx.Pad %m, %pads, %none, %none {mode = "reflect"} : (tensor<2x2xf32>, tensor<4xi64>, none, none) -> tensor<4x4xf32>
  return
}

// CHECK-LABEL: func.func @range_space(
// CHECK-SAME: %[[ARG0:[A-Za-z0-9_]+]]: tensor<i64>, %[[ARG1:[A-Za-z0-9_]+]]: tensor<i64>, %[[ARG2:[A-Za-z0-9_]+]]: tensor<i64>, %[[ARG3:[A-Za-z0-9_]+]]: tensor<1x8x2x3xf32>) {
// CHECK-NEXT: %[[V4:[A-Za-z0-9_]+]] = onnx.Range %[[ARG0]], %[[ARG1]], %[[ARG2]] : (tensor<i64>, tensor<i64>, tensor<i64>) -> tensor<?xi64>
// CHECK-NEXT: %[[V5:[A-Za-z0-9_]+]] = onnx.DepthToSpace %[[ARG3]] {blocksize = 2 : i64, mode = "CRD"} : (tensor<1x8x2x3xf32>) -> tensor<1x2x4x6xf32>
// CHECK-NEXT: %[[V6:[A-Za-z0-9_]+]] = onnx.SpaceToDepth %[[V5]] {blocksize = 2 : i64} : (tensor<1x2x4x6xf32>) -> tensor<1x8x2x3xf32>
// CHECK-NEXT: return
func.func @range_space(%a: tensor<i64>, %b: tensor<i64>, %c: tensor<i64>, %x: tensor<1x8x2x3xf32>) {
  %0 = onnx.Range %a, %b, %c : (tensor<i64>, tensor<i64>, tensor<i64>) -> tensor<?xi64>
  %1 = onnx.DepthToSpace %x {blocksize = 2 : i64, mode = "CRD"} : (tensor<1x8x2x3xf32>) -> tensor<1x2x4x6xf32>
  %2 = onnx.SpaceToDepth %1 {blocksize = 2 : i64} : (tensor<1x2x4x6xf32>) -> tensor<1x8x2x3xf32>
  return
}

// CHECK-LABEL: func.func @resample(
// CHECK-SAME: %[[ARG0:[A-Za-z0-9_]+]]: tensor<1x1x2x2xf32>, %[[ARG1:[A-Za-z0-9_]+]]: tensor<4xf32>, %[[ARG2:[A-Za-z0-9_]+]]: tensor<4xi64>) {
// CHECK-NEXT: %[[V3:[A-Za-z0-9_]+]] = onnx.none
// CHECK-NEXT: %[[V4:[A-Za-z0-9_]+]] = onnx.Resize %[[ARG0]], %[[V3]], %[[ARG1]], %[[V3]] {coordinate_transformation_mode = "align_corners", mode = "linear"} : (tensor<1x1x2x2xf32>, none, tensor<4xf32>, none) -> tensor<?x?x?x?xf32>
// CHECK-NEXT: %[[V5:[A-Za-z0-9_]+]] = onnx.Resize %[[ARG0]], %[[V3]], %[[V3]], %[[ARG2]] {nearest_mode = "floor"} : (tensor<1x1x2x2xf32>, none, none, tensor<4xi64>) -> tensor<?x?x?x?xf32>
// CHECK-NEXT: %[[V6:[A-Za-z0-9_]+]] = onnx.Upsample %[[ARG0]], %[[ARG1]] : (tensor<1x1x2x2xf32>, tensor<4xf32>) -> tensor<?x?x?x?xf32>
// CHECK-NEXT: return
func.func @resample(%x: tensor<1x1x2x2xf32>, %scales: tensor<4xf32>, %sizes: tensor<4xi64>) {
  %none = onnx.none
  %0 = onnx.Resize %x, %none, %scales, %none {mode = "linear", coordinate_transformation_mode = "align_corners"} : (tensor<1x1x2x2xf32>, none, tensor<4xf32>, none) -> tensor<?x?x?x?xf32>
  %1 = onnx.Resize %x, %none, %none, %sizes {mode = "nearest", nearest_mode = "floor"} : (tensor<1x1x2x2xf32>, none, none, tensor<4xi64>) -> tensor<?x?x?x?xf32>
  %2 = onnx.Upsample %x, %scales {mode = "nearest"} : (tensor<1x1x2x2xf32>, tensor<4xf32>) -> tensor<?x?x?x?xf32>
  return
}

// CHECK-LABEL: func.func @einsum_topk_arg(
// CHECK-SAME: %[[ARG0:[A-Za-z0-9_]+]]: tensor<2x3xf32>, %[[ARG1:[A-Za-z0-9_]+]]: tensor<3x4xf32>, %[[ARG2:[A-Za-z0-9_]+]]: tensor<3x10xf32>, %[[ARG3:[A-Za-z0-9_]+]]: tensor<1xi64>) {
// CHECK-NEXT: %[[V4:[A-Za-z0-9_]+]] = onnx.Einsum %[[ARG0]], %[[ARG1]] {equation = "ij,jk->ik"} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
// CHECK-NEXT: %[[V5:[A-Za-z0-9_]+]], %[[V6:[A-Za-z0-9_]+]] = onnx.TopK %[[ARG2]], %[[ARG3]] {largest = 0 : i64} : (tensor<3x10xf32>, tensor<1xi64>) -> (tensor<3x?xf32>, tensor<3x?xi64>)
// CHECK-NEXT: %[[V7:[A-Za-z0-9_]+]] = onnx.ArgMax %[[ARG2]] {axis = 1 : i64, keepdims = 0 : i64} : (tensor<3x10xf32>) -> tensor<3xi64>
// CHECK-NEXT: %[[V8:[A-Za-z0-9_]+]] = onnx.ArgMin %[[ARG2]] {select_last_index = 1 : i64} : (tensor<3x10xf32>) -> tensor<1x10xi64>
// CHECK-NEXT: return
func.func @einsum_topk_arg(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>, %x: tensor<3x10xf32>, %k: tensor<1xi64>) {
  %0 = onnx.Einsum %a, %b {equation = "ij,jk->ik"} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  %1:2 = onnx.TopK %x, %k {axis = -1 : i64, largest = 0 : i64} : (tensor<3x10xf32>, tensor<1xi64>) -> (tensor<3x?xf32>, tensor<3x?xi64>)
  %2 = onnx.ArgMax %x {axis = 1 : i64, keepdims = 0 : i64} : (tensor<3x10xf32>) -> tensor<3xi64>
  %3 = onnx.ArgMin %x {axis = 0 : i64, select_last_index = 1 : i64} : (tensor<3x10xf32>) -> tensor<1x10xi64>
  return
}

// CHECK-LABEL: func.func @reduce(
// CHECK-SAME: %[[ARG0:[A-Za-z0-9_]+]]: tensor<2x3x4xf32>) {
// CHECK-NEXT: %[[V1:[A-Za-z0-9_]+]] = onnx.none
// CHECK-NEXT: %[[V2:[A-Za-z0-9_]+]] = onnx.Constant  {value = dense<1> : tensor<1xi64>} : () -> tensor<1xi64>
// CHECK-NEXT: %[[V3:[A-Za-z0-9_]+]] = onnx.ReduceL2 %[[ARG0]], %[[V2]] : (tensor<2x3x4xf32>, tensor<1xi64>) -> tensor<2x1x4xf32>
// CHECK-NEXT: %[[V4:[A-Za-z0-9_]+]] = onnx.ReduceMax %[[ARG0]], %[[V2]] {keepdims = 0 : i64} : (tensor<2x3x4xf32>, tensor<1xi64>) -> tensor<2x4xf32>
// CHECK-NEXT: %[[V5:[A-Za-z0-9_]+]] = onnx.ReduceMean %[[ARG0]], %[[V1]] : (tensor<2x3x4xf32>, none) -> tensor<1x1x1xf32>
// CHECK-NEXT: %[[V6:[A-Za-z0-9_]+]] = onnx.ReduceMin %[[ARG0]], %[[V1]] {noop_with_empty_axes = 1 : i64} : (tensor<2x3x4xf32>, none) -> tensor<2x3x4xf32>
// CHECK-NEXT: %[[V7:[A-Za-z0-9_]+]] = onnx.ReduceProd %[[ARG0]], %[[V2]] : (tensor<2x3x4xf32>, tensor<1xi64>) -> tensor<2x1x4xf32>
// CHECK-NEXT: %[[V8:[A-Za-z0-9_]+]] = onnx.ReduceSum %[[ARG0]], %[[V1]] {keepdims = 0 : i64} : (tensor<2x3x4xf32>, none) -> tensor<f32>
// CHECK-NEXT: return
func.func @reduce(%x: tensor<2x3x4xf32>) {
  %none = onnx.none
  %axes = onnx.Constant {value = dense<[1]> : tensor<1xi64>} : () -> tensor<1xi64>
  %0 = onnx.ReduceL2 %x, %axes : (tensor<2x3x4xf32>, tensor<1xi64>) -> tensor<2x1x4xf32>
  %1 = onnx.ReduceMax %x, %axes {keepdims = 0 : i64} : (tensor<2x3x4xf32>, tensor<1xi64>) -> tensor<2x4xf32>
  %2 = onnx.ReduceMean %x, %none : (tensor<2x3x4xf32>, none) -> tensor<1x1x1xf32>
  %3 = onnx.ReduceMin %x, %none {noop_with_empty_axes = 1 : i64} : (tensor<2x3x4xf32>, none) -> tensor<2x3x4xf32>
  %4 = onnx.ReduceProd %x, %axes : (tensor<2x3x4xf32>, tensor<1xi64>) -> tensor<2x1x4xf32>
  %5 = onnx.ReduceSum %x, %none {keepdims = 0 : i64} : (tensor<2x3x4xf32>, none) -> tensor<f32>
  return
}

// CHECK-LABEL: func.func @conv_pool(
// CHECK-SAME: %[[ARG0:[A-Za-z0-9_]+]]: tensor<1x3x8x8xf32>, %[[ARG1:[A-Za-z0-9_]+]]: tensor<16x3x3x3xf32>, %[[ARG2:[A-Za-z0-9_]+]]: tensor<16xf32>, %[[ARG3:[A-Za-z0-9_]+]]: tensor<1x4x3x3xf32>, %[[ARG4:[A-Za-z0-9_]+]]: tensor<4x2x3x3xf32>) {
// CHECK-NEXT: %[[V5:[A-Za-z0-9_]+]] = onnx.none
// CHECK-NEXT: %[[V6:[A-Za-z0-9_]+]] = onnx.Conv %[[ARG0]], %[[ARG1]], %[[ARG2]] {pads = [1, 1, 1, 1]} : (tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>, tensor<16xf32>) -> tensor<1x16x8x8xf32>
// CHECK-NEXT: %[[V7:[A-Za-z0-9_]+]] = onnx.Conv %[[ARG0]], %[[ARG1]], %[[V5]] {auto_pad = "VALID", dilations = [1, 1], strides = [2, 2]} : (tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>, none) -> tensor<1x16x3x3xf32>
// CHECK-NEXT: %[[V8:[A-Za-z0-9_]+]] = onnx.ConvTranspose %[[ARG3]], %[[ARG4]], %[[V5]] {strides = [2, 2]} : (tensor<1x4x3x3xf32>, tensor<4x2x3x3xf32>, none) -> tensor<1x2x7x7xf32>
// CHECK-NEXT: %[[V9:[A-Za-z0-9_]+]] = onnx.AveragePool %[[ARG0]] {count_include_pad = 1 : i64, kernel_shape = [2, 2], strides = [2, 2]} : (tensor<1x3x8x8xf32>) -> tensor<1x3x4x4xf32>
// CHECK-NEXT: %[[V10:[A-Za-z0-9_]+]], %[[V11:[A-Za-z0-9_]+]] = onnx.MaxPool %[[ARG0]] {ceil_mode = 1 : i64, kernel_shape = [3, 3], strides = [2, 2]} : (tensor<1x3x8x8xf32>) -> (tensor<1x3x4x4xf32>, tensor<1x3x4x4xi64>)
// CHECK-NEXT: %[[V12:[A-Za-z0-9_]+]], %[[V13:[A-Za-z0-9_]+]] = onnx.MaxPool %[[ARG0]] {auto_pad = "SAME_UPPER", kernel_shape = [2, 2]} : (tensor<1x3x8x8xf32>) -> (tensor<1x3x8x8xf32>, none)
// CHECK-NEXT: %[[V14:[A-Za-z0-9_]+]] = onnx.GlobalAveragePool %[[ARG0]] : (tensor<1x3x8x8xf32>) -> tensor<1x3x1x1xf32>
// CHECK-NEXT: %[[V15:[A-Za-z0-9_]+]] = onnx.GlobalMaxPool %[[ARG0]] : (tensor<1x3x8x8xf32>) -> tensor<1x3x1x1xf32>
// CHECK-NEXT: return
func.func @conv_pool(%x: tensor<1x3x8x8xf32>, %w: tensor<16x3x3x3xf32>, %b: tensor<16xf32>, %tx: tensor<1x4x3x3xf32>, %tw: tensor<4x2x3x3xf32>) {
  %none = onnx.none
  %0 = onnx.Conv %x, %w, %b {pads = [1, 1, 1, 1]} : (tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>, tensor<16xf32>) -> tensor<1x16x8x8xf32>
  %1 = onnx.Conv %x, %w, %none {auto_pad = "VALID", strides = [2, 2], dilations = [1, 1]} : (tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>, none) -> tensor<1x16x3x3xf32>
  %2 = onnx.ConvTranspose %tx, %tw, %none {strides = [2, 2]} : (tensor<1x4x3x3xf32>, tensor<4x2x3x3xf32>, none) -> tensor<1x2x7x7xf32>
  %3 = onnx.AveragePool %x {kernel_shape = [2, 2], strides = [2, 2], count_include_pad = 1 : i64} : (tensor<1x3x8x8xf32>) -> tensor<1x3x4x4xf32>
  %4, %5 = onnx.MaxPool %x {kernel_shape = [3, 3], strides = [2, 2], ceil_mode = 1 : i64} : (tensor<1x3x8x8xf32>) -> (tensor<1x3x4x4xf32>, tensor<1x3x4x4xi64>)
  %6, %7 = onnx.MaxPool %x {kernel_shape = [2, 2], auto_pad = "SAME_UPPER"} : (tensor<1x3x8x8xf32>) -> (tensor<1x3x8x8xf32>, none)
  %8 = onnx.GlobalAveragePool %x : (tensor<1x3x8x8xf32>) -> tensor<1x3x1x1xf32>
  %9 = onnx.GlobalMaxPool %x : (tensor<1x3x8x8xf32>) -> tensor<1x3x1x1xf32>
  return
}

// CHECK-LABEL: func.func @normalization(
// CHECK-SAME: %[[ARG0:[A-Za-z0-9_]+]]: tensor<1x8x4x4xf32>, %[[ARG1:[A-Za-z0-9_]+]]: tensor<8xf32>, %[[ARG2:[A-Za-z0-9_]+]]: tensor<2x16x64xf32>, %[[ARG3:[A-Za-z0-9_]+]]: tensor<64xf32>) {
// CHECK-NEXT: %[[V4:[A-Za-z0-9_]+]] = onnx.none
// CHECK-NEXT: %[[V5:[A-Za-z0-9_]+]], %[[V6:[A-Za-z0-9_]+]], %[[V7:[A-Za-z0-9_]+]] = onnx.BatchNormalization %[[ARG0]], %[[ARG1]], %[[ARG1]], %[[ARG1]], %[[ARG1]] {epsilon = 1.000000e-03 : f32} : (tensor<1x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> (tensor<1x8x4x4xf32>, none, none)
// CHECK-NEXT: %[[V8:[A-Za-z0-9_]+]] = onnx.InstanceNormalization %[[ARG0]], %[[ARG1]], %[[ARG1]] : (tensor<1x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
// CHECK-NEXT: %[[V9:[A-Za-z0-9_]+]], %[[V10:[A-Za-z0-9_]+]], %[[V11:[A-Za-z0-9_]+]] = onnx.LayerNormalization %[[ARG2]], %[[ARG3]], %[[ARG3]] : (tensor<2x16x64xf32>, tensor<64xf32>, tensor<64xf32>) -> (tensor<2x16x64xf32>, none, none)
// CHECK-NEXT: %[[V12:[A-Za-z0-9_]+]], %[[V13:[A-Za-z0-9_]+]], %[[V14:[A-Za-z0-9_]+]] = onnx.LayerNormalization %[[ARG2]], %[[ARG3]], %[[V4]] {axis = 1 : i64} : (tensor<2x16x64xf32>, tensor<64xf32>, none) -> (tensor<2x16x64xf32>, tensor<2x1x1xf32>, tensor<2x1x1xf32>)
// CHECK-NEXT: return
func.func @normalization(%x: tensor<1x8x4x4xf32>, %c: tensor<8xf32>, %l: tensor<2x16x64xf32>, %ls: tensor<64xf32>) {
  %none = onnx.none
  %0, %1, %2 = onnx.BatchNormalization %x, %c, %c, %c, %c {epsilon = 1.000000e-03 : f32} : (tensor<1x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> (tensor<1x8x4x4xf32>, none, none)
  %3 = onnx.InstanceNormalization %x, %c, %c : (tensor<1x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
  %4, %5, %6 = onnx.LayerNormalization %l, %ls, %ls : (tensor<2x16x64xf32>, tensor<64xf32>, tensor<64xf32>) -> (tensor<2x16x64xf32>, none, none)
  %7, %8, %9 = onnx.LayerNormalization %l, %ls, %none {axis = 1 : i64} : (tensor<2x16x64xf32>, tensor<64xf32>, none) -> (tensor<2x16x64xf32>, tensor<2x1x1xf32>, tensor<2x1x1xf32>)
  return
}

// CHECK-LABEL: func.func @matmul(
// CHECK-SAME: %[[ARG0:[A-Za-z0-9_]+]]: tensor<1x2048xf32>, %[[ARG1:[A-Za-z0-9_]+]]: tensor<1000x2048xf32>, %[[ARG2:[A-Za-z0-9_]+]]: tensor<1000xf32>, %[[ARG3:[A-Za-z0-9_]+]]: tensor<4x2x3xf32>, %[[ARG4:[A-Za-z0-9_]+]]: tensor<3x5xf32>, %[[ARG5:[A-Za-z0-9_]+]]: tensor<2x3xui8>, %[[ARG6:[A-Za-z0-9_]+]]: tensor<3x4xi8>, %[[ARG7:[A-Za-z0-9_]+]]: tensor<ui8>) {
// CHECK-NEXT: %[[V8:[A-Za-z0-9_]+]] = onnx.none
// CHECK-NEXT: %[[V9:[A-Za-z0-9_]+]] = onnx.Gemm %[[ARG0]], %[[ARG1]], %[[ARG2]] {alpha = 5.000000e-01 : f32, transB = 1 : i64} : (tensor<1x2048xf32>, tensor<1000x2048xf32>, tensor<1000xf32>) -> tensor<1x1000xf32>
// CHECK-NEXT: %[[V10:[A-Za-z0-9_]+]] = onnx.MatMul %[[ARG3]], %[[ARG4]] : (tensor<4x2x3xf32>, tensor<3x5xf32>) -> tensor<4x2x5xf32>
// CHECK-NEXT: %[[V11:[A-Za-z0-9_]+]] = onnx.MatMulInteger %[[ARG5]], %[[ARG6]], %[[ARG7]], %[[V8]] : (tensor<2x3xui8>, tensor<3x4xi8>, tensor<ui8>, none) -> tensor<2x4xi32>
// CHECK-NEXT: return
func.func @matmul(%a: tensor<1x2048xf32>, %b: tensor<1000x2048xf32>, %c: tensor<1000xf32>, %m: tensor<4x2x3xf32>, %n: tensor<3x5xf32>, %qa: tensor<2x3xui8>, %qb: tensor<3x4xi8>, %qz: tensor<ui8>) {
  %none = onnx.none
  %0 = onnx.Gemm %a, %b, %c {transB = 1 : i64, alpha = 5.000000e-01 : f32} : (tensor<1x2048xf32>, tensor<1000x2048xf32>, tensor<1000xf32>) -> tensor<1x1000xf32>
  %1 = onnx.MatMul %m, %n : (tensor<4x2x3xf32>, tensor<3x5xf32>) -> tensor<4x2x5xf32>
  %2 = onnx.MatMulInteger %qa, %qb, %qz, %none : (tensor<2x3xui8>, tensor<3x4xi8>, tensor<ui8>, none) -> tensor<2x4xi32>
  return
}

// CHECK-LABEL: func.func @quantization(
// CHECK-SAME: %[[ARG0:[A-Za-z0-9_]+]]: tensor<4xf32>, %[[ARG1:[A-Za-z0-9_]+]]: tensor<f32>, %[[ARG2:[A-Za-z0-9_]+]]: tensor<i8>, %[[ARG3:[A-Za-z0-9_]+]]: tensor<1x1x5x5xui8>, %[[ARG4:[A-Za-z0-9_]+]]: tensor<1x1x3x3xui8>, %[[ARG5:[A-Za-z0-9_]+]]: tensor<ui8>, %[[ARG6:[A-Za-z0-9_]+]]: tensor<2x3xui8>, %[[ARG7:[A-Za-z0-9_]+]]: tensor<3x4xui8>) {
// CHECK-NEXT: %[[V8:[A-Za-z0-9_]+]] = onnx.none
// CHECK-NEXT: %[[V9:[A-Za-z0-9_]+]] = onnx.QuantizeLinear %[[ARG0]], %[[ARG1]], %[[ARG2]] : (tensor<4xf32>, tensor<f32>, tensor<i8>) -> tensor<4xi8>
// CHECK-NEXT: %[[V10:[A-Za-z0-9_]+]] = onnx.QuantizeLinear %[[ARG0]], %[[ARG1]], %[[V8]] : (tensor<4xf32>, tensor<f32>, none) -> tensor<4xui8>
// CHECK-NEXT: %[[V11:[A-Za-z0-9_]+]] = onnx.DequantizeLinear %[[V9]], %[[ARG1]], %[[ARG2]] : (tensor<4xi8>, tensor<f32>, tensor<i8>) -> tensor<4xf32>
// CHECK-NEXT: %[[V12:[A-Za-z0-9_]+]] = onnx.QLinearConv %[[ARG3]], %[[ARG1]], %[[ARG5]], %[[ARG4]], %[[ARG1]], %[[ARG5]], %[[ARG1]], %[[ARG5]], %[[V8]] : (tensor<1x1x5x5xui8>, tensor<f32>, tensor<ui8>, tensor<1x1x3x3xui8>, tensor<f32>, tensor<ui8>, tensor<f32>, tensor<ui8>, none) -> tensor<1x1x3x3xui8>
// CHECK-NEXT: %[[V13:[A-Za-z0-9_]+]] = onnx.QLinearMatMul %[[ARG6]], %[[ARG1]], %[[ARG5]], %[[ARG7]], %[[ARG1]], %[[ARG5]], %[[ARG1]], %[[ARG5]] : (tensor<2x3xui8>, tensor<f32>, tensor<ui8>, tensor<3x4xui8>, tensor<f32>, tensor<ui8>, tensor<f32>, tensor<ui8>) -> tensor<2x4xui8>
// CHECK-NEXT: return
func.func @quantization(%x: tensor<4xf32>, %s: tensor<f32>, %z: tensor<i8>, %qx: tensor<1x1x5x5xui8>, %qw: tensor<1x1x3x3xui8>, %uz: tensor<ui8>, %qa: tensor<2x3xui8>, %qb: tensor<3x4xui8>) {
  %none = onnx.none
  %0 = onnx.QuantizeLinear %x, %s, %z : (tensor<4xf32>, tensor<f32>, tensor<i8>) -> tensor<4xi8>
  %1 = onnx.QuantizeLinear %x, %s, %none : (tensor<4xf32>, tensor<f32>, none) -> tensor<4xui8>
  %2 = onnx.DequantizeLinear %0, %s, %z : (tensor<4xi8>, tensor<f32>, tensor<i8>) -> tensor<4xf32>
  %3 = onnx.QLinearConv %qx, %s, %uz, %qw, %s, %uz, %s, %uz, %none : (tensor<1x1x5x5xui8>, tensor<f32>, tensor<ui8>, tensor<1x1x3x3xui8>, tensor<f32>, tensor<ui8>, tensor<f32>, tensor<ui8>, none) -> tensor<1x1x3x3xui8>
  %4 = onnx.QLinearMatMul %qa, %s, %uz, %qb, %s, %uz, %s, %uz : (tensor<2x3xui8>, tensor<f32>, tensor<ui8>, tensor<3x4xui8>, tensor<f32>, tensor<ui8>, tensor<f32>, tensor<ui8>) -> tensor<2x4xui8>
  return
}

// CHECK-LABEL: func.func @recurrent(
// CHECK-SAME: %[[ARG0:[A-Za-z0-9_]+]]: tensor<20x1x32xf32>, %[[ARG1:[A-Za-z0-9_]+]]: tensor<1x256x32xf32>, %[[ARG2:[A-Za-z0-9_]+]]: tensor<1x256x64xf32>, %[[ARG3:[A-Za-z0-9_]+]]: tensor<1x512xf32>, %[[ARG4:[A-Za-z0-9_]+]]: tensor<5x1x8xf32>, %[[ARG5:[A-Za-z0-9_]+]]: tensor<2x48x8xf32>, %[[ARG6:[A-Za-z0-9_]+]]: tensor<2x48x16xf32>) {
// CHECK-NEXT: %[[V7:[A-Za-z0-9_]+]] = onnx.none
// CHECK-NEXT: %[[V8:[A-Za-z0-9_]+]], %[[V9:[A-Za-z0-9_]+]], %[[V10:[A-Za-z0-9_]+]] = onnx.LSTM %[[ARG0]], %[[ARG1]], %[[ARG2]], %[[ARG3]], %[[V7]], %[[V7]], %[[V7]], %[[V7]] {hidden_size = 64 : i64} : (tensor<20x1x32xf32>, tensor<1x256x32xf32>, tensor<1x256x64xf32>, tensor<1x512xf32>, none, none, none, none) -> (tensor<20x1x1x64xf32>, tensor<1x1x64xf32>, none)
// CHECK-NEXT: %[[V11:[A-Za-z0-9_]+]], %[[V12:[A-Za-z0-9_]+]] = onnx.GRU %[[ARG4]], %[[ARG5]], %[[ARG6]], %[[V7]], %[[V7]], %[[V7]] {direction = "bidirectional", hidden_size = 16 : i64, linear_before_reset = 1 : i64} : (tensor<5x1x8xf32>, tensor<2x48x8xf32>, tensor<2x48x16xf32>, none, none, none) -> (tensor<5x2x1x16xf32>, tensor<2x1x16xf32>)
// CHECK-NEXT: return
func.func @recurrent(%x: tensor<20x1x32xf32>, %w: tensor<1x256x32xf32>, %r: tensor<1x256x64xf32>, %b: tensor<1x512xf32>, %gx: tensor<5x1x8xf32>, %gw: tensor<2x48x8xf32>, %gr: tensor<2x48x16xf32>) {
  %none = onnx.none
  %0, %1, %2 = onnx.LSTM %x, %w, %r, %b, %none, %none, %none, %none {hidden_size = 64 : i64} : (tensor<20x1x32xf32>, tensor<1x256x32xf32>, tensor<1x256x64xf32>, tensor<1x512xf32>, none, none, none, none) -> (tensor<20x1x1x64xf32>, tensor<1x1x64xf32>, none)
  %3, %4 = onnx.GRU %gx, %gw, %gr, %none, %none, %none {hidden_size = 16 : i64, direction = "bidirectional", linear_before_reset = 1 : i64} : (tensor<5x1x8xf32>, tensor<2x48x8xf32>, tensor<2x48x16xf32>, none, none, none) -> (tensor<5x2x1x16xf32>, tensor<2x1x16xf32>)
  return
}

// CHECK-LABEL: func.func @control_flow(
// CHECK-SAME: %[[ARG0:[A-Za-z0-9_]+]]: tensor<i1>, %[[ARG1:[A-Za-z0-9_]+]]: tensor<2xf32>, %[[ARG2:[A-Za-z0-9_]+]]: tensor<3xf32>, %[[ARG3:[A-Za-z0-9_]+]]: tensor<i64>, %[[ARG4:[A-Za-z0-9_]+]]: tensor<f32>) -> (tensor<?xf32>, tensor<f32>, tensor<?xf32>) {
// CHECK-NEXT: %[[V5:[A-Za-z0-9_]+]] = onnx.none
// CHECK-NEXT: %[[V6:[A-Za-z0-9_]+]] = onnx.If %[[ARG0]] : (tensor<i1>) -> tensor<?xf32> then {
// CHECK-NEXT: onnx.yield %[[ARG1]] : tensor<2xf32>
// CHECK-NEXT: } else {
// CHECK-NEXT: onnx.yield %[[ARG2]] : tensor<3xf32>
// CHECK-NEXT: }
// CHECK-NEXT: %[[V7:[A-Za-z0-9_]+]]:2 = onnx.Loop %[[ARG3]], %[[V5]], %[[ARG4]] : (tensor<i64>, none, tensor<f32>) -> (tensor<f32>, tensor<?xf32>) body {
// CHECK-NEXT: ^bb0(%[[ARG5:[A-Za-z0-9_]+]]: tensor<i64>, %[[ARG6:[A-Za-z0-9_]+]]: tensor<i1>, %[[ARG7:[A-Za-z0-9_]+]]: tensor<f32>):
// CHECK-NEXT: %[[V11:[A-Za-z0-9_]+]] = onnx.Add %[[ARG7]], %[[ARG4]] : (tensor<f32>, tensor<f32>) -> tensor<f32>
// CHECK-NEXT: onnx.yield %[[ARG6]], %[[V11]], %[[V11]] : tensor<i1>, tensor<f32>, tensor<f32>
// CHECK-NEXT: }
// CHECK-NEXT: return %[[V6]], %[[V7]]#0, %[[V7]]#1 : tensor<?xf32>, tensor<f32>, tensor<?xf32>
func.func @control_flow(%c: tensor<i1>, %a: tensor<2xf32>, %b: tensor<3xf32>, %n: tensor<i64>, %x: tensor<f32>) -> (tensor<?xf32>, tensor<f32>, tensor<?xf32>) {
  %none = onnx.none
  %0 = onnx.If %c : (tensor<i1>) -> tensor<?xf32> then {
    onnx.yield %a : tensor<2xf32>
  } else {
    onnx.yield %b : tensor<3xf32>
  }
  %1:2 = onnx.Loop %n, %none, %x : (tensor<i64>, none, tensor<f32>) -> (tensor<f32>, tensor<?xf32>) body {
  ^bb0(%i: tensor<i64>, %cond: tensor<i1>, %v: tensor<f32>):
    %s = onnx.Add %v, %x : (tensor<f32>, tensor<f32>) -> tensor<f32>
    onnx.yield %cond, %s, %s : tensor<i1>, tensor<f32>, tensor<f32>
  }
  return %0, %1#0, %1#1 : tensor<?xf32>, tensor<f32>, tensor<?xf32>
}

// CHECK-LABEL: func.func @custom(
// CHECK-SAME: %[[ARG0:[A-Za-z0-9_]+]]: tensor<1x3x4x4xf32>) -> tensor<*x!onnx.unknown> {
// CHECK-NEXT: %[[V1:[A-Za-z0-9_]+]] = onnx.none
// CHECK-NEXT: %[[V2:[A-Za-z0-9_]+]] = onnx.custom "ImageScaler"(%[[ARG0]]) {domain = "", node_attributes = {scale = 1.000000e+00 : f32}} : (tensor<1x3x4x4xf32>) -> tensor<1x3x4x4xf32>
// CHECK-NEXT: %[[V3:[A-Za-z0-9_]+]] = onnx.custom "FusedConv"(%[[V2]], %[[V1]]) {domain = "com.microsoft", node_attributes = {}} : (tensor<1x3x4x4xf32>, none) -> tensor<*x!onnx.unknown>
// CHECK-NEXT: %[[V4:[A-Za-z0-9_]+]]:2 = onnx.custom "Scan"(%[[V3]]) {domain = "", graph_names = ["body"], node_attributes = {num_scan_inputs = 1 : i64}} graphs {
// CHECK-NEXT: ^bb0(%[[ARG1:[A-Za-z0-9_]+]]: tensor<*x!onnx.unknown>):
// CHECK-NEXT: onnx.yield %[[ARG1]] : tensor<*x!onnx.unknown>
// CHECK-NEXT: } : (tensor<*x!onnx.unknown>) -> (tensor<*x!onnx.unknown>, tensor<*x!onnx.unknown>)
// CHECK-NEXT: %[[V6:[A-Za-z0-9_]+]] = onnx.custom "NoOutputs"() {domain = "x", node_attributes = {}} : () -> tensor<f32>
// CHECK-NEXT: return %[[V4]]#0 : tensor<*x!onnx.unknown>
func.func @custom(%x: tensor<1x3x4x4xf32>) -> tensor<*x!onnx.unknown> {
  %none = onnx.none
  %0 = onnx.custom "ImageScaler"(%x) {domain = "", node_attributes = {scale = 1.0 : f32}} : (tensor<1x3x4x4xf32>) -> tensor<1x3x4x4xf32>
  %1 = onnx.custom "FusedConv"(%0, %none) {domain = "com.microsoft", node_attributes = {}} : (tensor<1x3x4x4xf32>, none) -> tensor<*x!onnx.unknown>
  %2:2 = onnx.custom "Scan"(%1) {domain = "", node_attributes = {num_scan_inputs = 1 : i64}, graph_names = ["body"]} graphs {
  ^bb0(%arg: tensor<*x!onnx.unknown>):
    onnx.yield %arg : tensor<*x!onnx.unknown>
  } : (tensor<*x!onnx.unknown>) -> (tensor<*x!onnx.unknown>, tensor<*x!onnx.unknown>)
  %3 = onnx.custom "NoOutputs"() {domain = "x", node_attributes = {}} : () -> tensor<f32>
  return %2#0 : tensor<*x!onnx.unknown>
}

