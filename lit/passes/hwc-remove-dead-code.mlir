// Nodes and initializers whose results reach no output are removed, also
// inside subgraphs; everything an output needs stays.
// RUN: hwc-opt %s --hwc-remove-dead-code | FileCheck %s
// Idempotence: a second run changes nothing.
// RUN: hwc-opt %s --hwc-remove-dead-code > %t.mlir
// RUN: hwc-opt %t.mlir --hwc-remove-dead-code | diff %t.mlir -

// CHECK-LABEL: func.func @main
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>, %[[C:.*]]: tensor<i1>)
func.func @main(%x: tensor<4xf32>, %cond: tensor<i1>) -> (tensor<4xf32>, tensor<4xf32>) {
  // A chain of dead nodes goes in one run, with the weights it reads.
  // CHECK-NOT: dense<1.0
  %dead_weight = onnx.Constant {value = dense<1.0> : tensor<4xf32>} : () -> tensor<4xf32>
  %d1 = onnx.Add %x, %dead_weight : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %d2 = onnx.Relu %d1 : (tensor<4xf32>) -> tensor<4xf32>
  // CHECK: %[[W:.*]] = onnx.Constant {value = dense<2.000000e+00> : tensor<4xf32>}
  %w = onnx.Constant {value = dense<2.0> : tensor<4xf32>} : () -> tensor<4xf32>
  // CHECK-NEXT: %[[M:.*]] = onnx.Mul %[[X]], %[[W]]
  %m = onnx.Mul %x, %w : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  // A node with one used and one unused result stays.
  // CHECK: onnx.TopK
  %k = onnx.Constant {value = dense<4> : tensor<1xi64>} : () -> tensor<1xi64>
  %v, %i = onnx.TopK %m, %k : (tensor<4xf32>, tensor<1xi64>) -> (tensor<4xf32>, tensor<4xi64>)
  // CHECK: onnx.If %[[C]]
  %y = onnx.If %cond : (tensor<i1>) -> tensor<4xf32> then {
    // CHECK-NOT: onnx.Neg
    %unused = onnx.Neg %x : (tensor<4xf32>) -> tensor<4xf32>
    // CHECK: onnx.yield %[[X]]
    onnx.yield %x : tensor<4xf32>
  } else {
    onnx.yield %m : tensor<4xf32>
  }
  return %v, %y : tensor<4xf32>, tensor<4xf32>
}
