// hwc-infer-shapes fills in unknown ranks, dimensions and element types from
// each op's shape inference, in order, and updates the function's result
// types. Dimensions the IR already states are kept; ops without inference
// (onnx.custom) and none results are left alone.
// RUN: hwc-opt --hwc-infer-shapes %s | FileCheck %s
// The pass is idempotent.
// RUN: hwc-opt --hwc-infer-shapes %s | hwc-opt --hwc-infer-shapes | FileCheck %s

// CHECK-LABEL: func.func @conv(
// CHECK-SAME: %[[ARG0:[A-Za-z0-9_]+]]: tensor<1x3x8x8xf32>, %[[ARG1:[A-Za-z0-9_]+]]: tensor<16x3x3x3xf32>) -> tensor<1x16x4x4xf32> {
// CHECK-NEXT: %[[V2:[A-Za-z0-9_]+]] = onnx.none
// CHECK-NEXT: %[[V3:[A-Za-z0-9_]+]] = onnx.Conv %[[ARG0]], %[[ARG1]], %[[V2]] {pads = [1, 1, 1, 1], strides = [2, 2]} : (tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>, none) -> tensor<1x16x4x4xf32>
// CHECK-NEXT: %[[V4:[A-Za-z0-9_]+]] = onnx.Relu %[[V3]] : (tensor<1x16x4x4xf32>) -> tensor<1x16x4x4xf32>
// CHECK-NEXT: return %[[V4]] : tensor<1x16x4x4xf32>
func.func @conv(%x: tensor<1x3x8x8xf32>, %w: tensor<16x3x3x3xf32>) -> tensor<*xf32> {
  %none = onnx.none
  %0 = onnx.Conv %x, %w, %none {pads = [1, 1, 1, 1], strides = [2, 2]} : (tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>, none) -> tensor<*xf32>
  %1 = onnx.Relu %0 : (tensor<*xf32>) -> tensor<*xf32>
  return %1 : tensor<*xf32>
}

// CHECK-LABEL: func.func @reshape(
// CHECK-SAME: %[[ARG0:[A-Za-z0-9_]+]]: tensor<2x3x4xf32>) -> tensor<2x12xf32> {
// CHECK-NEXT: %[[V1:[A-Za-z0-9_]+]] = onnx.Constant  {value = dense<[0, -1]> : tensor<2xi64>} : () -> tensor<2xi64>
// CHECK-NEXT: %[[V2:[A-Za-z0-9_]+]] = onnx.Reshape %[[ARG0]], %[[V1]] : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<2x12xf32>
// CHECK-NEXT: return %[[V2]] : tensor<2x12xf32>
func.func @reshape(%x: tensor<2x3x4xf32>) -> tensor<*xf32> {
  %s = onnx.Constant {value = dense<[0, -1]> : tensor<2xi64>} : () -> tensor<2xi64>
  %0 = onnx.Reshape %x, %s : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// CHECK-LABEL: func.func @broadcast(
// CHECK-SAME: %[[ARG0:[A-Za-z0-9_]+]]: tensor<?x1x4xf32>, %[[ARG1:[A-Za-z0-9_]+]]: tensor<3x1xf32>) -> tensor<?x3x4xf32> {
// CHECK-NEXT: %[[V2:[A-Za-z0-9_]+]] = onnx.Add %[[ARG0]], %[[ARG1]] : (tensor<?x1x4xf32>, tensor<3x1xf32>) -> tensor<?x3x4xf32>
// CHECK-NEXT: return %[[V2]] : tensor<?x3x4xf32>
func.func @broadcast(%a: tensor<?x1x4xf32>, %b: tensor<3x1xf32>) -> tensor<?x?x?xf32> {
  %0 = onnx.Add %a, %b : (tensor<?x1x4xf32>, tensor<3x1xf32>) -> tensor<?x?x?xf32>
  return %0 : tensor<?x?x?xf32>
}

// CHECK-LABEL: func.func @unknown_element(
// CHECK-SAME: %[[ARG0:[A-Za-z0-9_]+]]: tensor<2x3xf32>) -> tensor<3x2xf32> {
// CHECK-NEXT: %[[V1:[A-Za-z0-9_]+]] = onnx.Transpose %[[ARG0]] : (tensor<2x3xf32>) -> tensor<3x2xf32>
// CHECK-NEXT: return %[[V1]] : tensor<3x2xf32>
func.func @unknown_element(%x: tensor<2x3xf32>) -> tensor<*x!onnx.unknown> {
  %0 = onnx.Transpose %x : (tensor<2x3xf32>) -> tensor<*x!onnx.unknown>
  return %0 : tensor<*x!onnx.unknown>
}

// CHECK-LABEL: func.func @keeps_known_dims(
// CHECK-SAME: %[[ARG0:[A-Za-z0-9_]+]]: tensor<?x3xf32>) -> tensor<5x3xf32> {
// CHECK-NEXT: %[[V1:[A-Za-z0-9_]+]] = onnx.Relu %[[ARG0]] : (tensor<?x3xf32>) -> tensor<5x3xf32>
// CHECK-NEXT: return %[[V1]] : tensor<5x3xf32>
func.func @keeps_known_dims(%x: tensor<?x3xf32>) -> tensor<5x?xf32> {
  %0 = onnx.Relu %x : (tensor<?x3xf32>) -> tensor<5x?xf32>
  return %0 : tensor<5x?xf32>
}

// CHECK-LABEL: func.func @chain(
// CHECK-SAME: %[[ARG0:[A-Za-z0-9_]+]]: tensor<4x6xf32>) -> tensor<4x4xf32> {
// CHECK-NEXT: %[[V1:[A-Za-z0-9_]+]] = onnx.none
// CHECK-NEXT: %[[V2:[A-Za-z0-9_]+]] = onnx.Constant  {value = dense<1> : tensor<1xi64>} : () -> tensor<1xi64>
// CHECK-NEXT: %[[V3:[A-Za-z0-9_]+]] = onnx.Unsqueeze %[[ARG0]], %[[V2]] : (tensor<4x6xf32>, tensor<1xi64>) -> tensor<4x1x6xf32>
// CHECK-NEXT: %[[V4:[A-Za-z0-9_]+]] = onnx.Shape %[[V3]] : (tensor<4x1x6xf32>) -> tensor<3xi64>
// CHECK-NEXT: %[[V5:[A-Za-z0-9_]+]]:2 = onnx.Split %[[ARG0]], %[[V1]] {axis = 1 : i64, num_outputs = 2 : i64} : (tensor<4x6xf32>, none) -> (tensor<4x3xf32>, tensor<4x3xf32>)
// CHECK-NEXT: %[[V6:[A-Za-z0-9_]+]] = onnx.Transpose %[[V5]]#1 : (tensor<4x3xf32>) -> tensor<3x4xf32>
// CHECK-NEXT: %[[V7:[A-Za-z0-9_]+]] = onnx.MatMul %[[V5]]#0, %[[V6]] : (tensor<4x3xf32>, tensor<3x4xf32>) -> tensor<4x4xf32>
// CHECK-NEXT: return %[[V7]] : tensor<4x4xf32>
func.func @chain(%x: tensor<4x6xf32>) -> tensor<*xf32> {
  %none = onnx.none
  %axes = onnx.Constant {value = dense<[1]> : tensor<1xi64>} : () -> tensor<1xi64>
  %0 = onnx.Unsqueeze %x, %axes : (tensor<4x6xf32>, tensor<1xi64>) -> tensor<*xf32>
  %1 = onnx.Shape %0 : (tensor<*xf32>) -> tensor<?xi64>
  %2:2 = onnx.Split %x, %none {axis = 1 : i64, num_outputs = 2 : i64} : (tensor<4x6xf32>, none) -> (tensor<*xf32>, tensor<*xf32>)
  %3 = onnx.Transpose %2#1 : (tensor<*xf32>) -> tensor<*xf32>
  %4 = onnx.MatMul %2#0, %3 : (tensor<*xf32>, tensor<*xf32>) -> tensor<*xf32>
  return %4 : tensor<*xf32>
}

// CHECK-LABEL: func.func @if_typed_branches(
// CHECK-SAME: %[[ARG0:[A-Za-z0-9_]+]]: tensor<i1>, %[[ARG1:[A-Za-z0-9_]+]]: tensor<2x3xf32>, %[[ARG2:[A-Za-z0-9_]+]]: tensor<2x5xf32>) -> tensor<2x?xf32> {
// CHECK-NEXT: %[[V3:[A-Za-z0-9_]+]] = onnx.If %[[ARG0]] : (tensor<i1>) -> tensor<2x?xf32> then {
// CHECK-NEXT: onnx.yield %[[ARG1]] : tensor<2x3xf32>
// CHECK-NEXT: } else {
// CHECK-NEXT: onnx.yield %[[ARG2]] : tensor<2x5xf32>
// CHECK-NEXT: }
// CHECK-NEXT: return %[[V3]] : tensor<2x?xf32>
func.func @if_typed_branches(%c: tensor<i1>, %a: tensor<2x3xf32>, %b: tensor<2x5xf32>) -> tensor<*xf32> {
  %0 = onnx.If %c : (tensor<i1>) -> tensor<*xf32> then {
    onnx.yield %a : tensor<2x3xf32>
  } else {
    onnx.yield %b : tensor<2x5xf32>
  }
  return %0 : tensor<*xf32>
}

// CHECK-LABEL: func.func @optional_results(
// CHECK-SAME: %[[ARG0:[A-Za-z0-9_]+]]: tensor<1x3x8x8xf32>) -> (tensor<1x3x4x4xf32>, tensor<1x3x4x4xi64>) {
// CHECK-NEXT: %[[V1:[A-Za-z0-9_]+]], %[[V2:[A-Za-z0-9_]+]] = onnx.MaxPool %[[ARG0]] {kernel_shape = [2, 2], strides = [2, 2]} : (tensor<1x3x8x8xf32>) -> (tensor<1x3x4x4xf32>, tensor<1x3x4x4xi64>)
// CHECK-NEXT: %[[V3:[A-Za-z0-9_]+]], %[[V4:[A-Za-z0-9_]+]] = onnx.MaxPool %[[ARG0]] {kernel_shape = [2, 2]} : (tensor<1x3x8x8xf32>) -> (tensor<1x3x7x7xf32>, none)
// CHECK-NEXT: return %[[V1]], %[[V2]] : tensor<1x3x4x4xf32>, tensor<1x3x4x4xi64>
func.func @optional_results(%x: tensor<1x3x8x8xf32>) -> (tensor<*xf32>, tensor<*xi64>) {
  %0, %1 = onnx.MaxPool %x {kernel_shape = [2, 2], strides = [2, 2]} : (tensor<1x3x8x8xf32>) -> (tensor<*xf32>, tensor<*xi64>)
  %2, %3 = onnx.MaxPool %x {kernel_shape = [2, 2]} : (tensor<1x3x8x8xf32>) -> (tensor<*xf32>, none)
  return %0, %1 : tensor<*xf32>, tensor<*xi64>
}

// CHECK-LABEL: func.func @custom_unchanged(
// CHECK-SAME: %[[ARG0:[A-Za-z0-9_]+]]: tensor<2xf32>) -> tensor<*x!onnx.unknown> {
// CHECK-NEXT: %[[V1:[A-Za-z0-9_]+]] = onnx.custom "Foo"(%[[ARG0]]) {domain = "", node_attributes = {}} : (tensor<2xf32>) -> tensor<*x!onnx.unknown>
// CHECK-NEXT: return %[[V1]] : tensor<*x!onnx.unknown>
func.func @custom_unchanged(%x: tensor<2xf32>) -> tensor<*x!onnx.unknown> {
  %0 = onnx.custom "Foo"(%x) {domain = "", node_attributes = {}} : (tensor<2xf32>) -> tensor<*x!onnx.unknown>
  return %0 : tensor<*x!onnx.unknown>
}

