// Nodes that compute nothing at inference are replaced by their input.
// RUN: hwc-opt %s --hwc-remove-identity | FileCheck %s
// Idempotence: a second run changes nothing.
// RUN: hwc-opt %s --hwc-remove-identity > %t.mlir
// RUN: hwc-opt %t.mlir --hwc-remove-identity | diff %t.mlir -

// CHECK-LABEL: func.func @removed
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
func.func @removed(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %none = onnx.none
  %shape = onnx.Constant {value = dense<[2, 3]> : tensor<2xi64>} : () -> tensor<2xi64>
  %a = onnx.Identity %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %b, %m = onnx.Dropout %a, %none, %none : (tensor<2x3xf32>, none, none) -> (tensor<2x3xf32>, none)
  %c = onnx.Reshape %b, %shape : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<2x3xf32>
  %d = onnx.Transpose %c {perm = [0, 1]} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %e = onnx.Cast %d {to = 1 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK-NOT: onnx.Identity
  // CHECK-NOT: onnx.Dropout
  // CHECK-NOT: onnx.Reshape
  // CHECK-NOT: onnx.Transpose
  // CHECK-NOT: onnx.Cast
  // CHECK: %[[R:.*]] = onnx.Relu %[[X]]
  %r = onnx.Relu %e : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK-NEXT: return %[[R]]
  return %r : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @kept
func.func @kept(%x: tensor<2x3xf32>, %train: tensor<i1>) -> (tensor<3x2xf32>, tensor<6xf32>, tensor<2x3xf32>, tensor<2x3xi1>, tensor<2x3xf16>) {
  %none = onnx.none
  %shape = onnx.Constant {value = dense<6> : tensor<1xi64>} : () -> tensor<1xi64>
  // CHECK: onnx.Transpose
  %t = onnx.Transpose %x {perm = [1, 0]} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  // CHECK: onnx.Reshape
  %r = onnx.Reshape %x, %shape : (tensor<2x3xf32>, tensor<1xi64>) -> tensor<6xf32>
  // A training-mode Dropout and one whose mask is read stay.
  // CHECK: onnx.Dropout %{{.*}}, %{{.*}}, %{{[^ ]*}} :
  %d, %dm = onnx.Dropout %x, %none, %train : (tensor<2x3xf32>, none, tensor<i1>) -> (tensor<2x3xf32>, none)
  // CHECK: onnx.Dropout
  %e, %em = onnx.Dropout %x, %none, %none : (tensor<2x3xf32>, none, none) -> (tensor<2x3xf32>, tensor<2x3xi1>)
  // CHECK: onnx.Cast
  %c = onnx.Cast %x {to = 10 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf16>
  return %t, %r, %d, %em, %c : tensor<3x2xf32>, tensor<6xf32>, tensor<2x3xf32>, tensor<2x3xi1>, tensor<2x3xf16>
}
