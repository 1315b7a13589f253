// The onnx dialect's canonicalization patterns (ONNXCanonicalize.td) run by
// the upstream greedy driver: inverse pairs cancel, layout chains collapse,
// neutral arithmetic disappears; nothing that changes a value or type.
// RUN: hwc-opt %s --hwc-canonicalize | FileCheck %s
// Idempotence: a second run changes nothing.
// RUN: hwc-opt %s --hwc-canonicalize > %t.mlir
// RUN: hwc-opt %t.mlir --hwc-canonicalize | diff %t.mlir -

// CHECK-LABEL: func.func @simplified
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>, %[[B:.*]]: tensor<2x3xi1>)
func.func @simplified(%x: tensor<2x3x4xf32>, %b: tensor<2x3xi1>)
    -> (tensor<3x4x2xf32>, tensor<2x3x4xf32>, tensor<24xf32>, tensor<2x3x4xf32>, tensor<2x3xi1>,
        tensor<2x3x4xf32>, tensor<2x3x4xf32>, tensor<2x3x4xf32>, tensor<2x3x4xf32>, tensor<2x3x4xf32>) {
  // transpose(transpose(x, [1,0,2]), [0,2,1]) = transpose(x, [1,2,0])
  // CHECK-DAG: %[[T:.*]] = onnx.Transpose %[[X]] {perm = [1, 2, 0]} : (tensor<2x3x4xf32>) -> tensor<3x4x2xf32>
  %t = onnx.Transpose %x {perm = [1, 0, 2]} : (tensor<2x3x4xf32>) -> tensor<3x2x4xf32>
  %u = onnx.Transpose %t {perm = [0, 2, 1]} : (tensor<3x2x4xf32>) -> tensor<3x4x2xf32>
  %n1 = onnx.Neg %x : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %n2 = onnx.Neg %n1 : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  // CHECK-DAG: %[[FLAT:.*]] = onnx.Constant {value = dense<-1> : tensor<1xi64>}
  // CHECK-DAG: %[[R:.*]] = onnx.Reshape %[[X]], %[[FLAT]] : (tensor<2x3x4xf32>, tensor<1xi64>) -> tensor<24xf32>
  %s1 = onnx.Constant {value = dense<[6, 4]> : tensor<2xi64>} : () -> tensor<2xi64>
  %s2 = onnx.Constant {value = dense<[-1]> : tensor<1xi64>} : () -> tensor<1xi64>
  %r1 = onnx.Reshape %x, %s1 : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<6x4xf32>
  %r2 = onnx.Reshape %r1, %s2 : (tensor<6x4xf32>, tensor<1xi64>) -> tensor<24xf32>
  %zero = onnx.Constant {value = dense<0.0> : tensor<f32>} : () -> tensor<f32>
  %one = onnx.Constant {value = dense<1.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %a = onnx.Add %x, %zero : (tensor<2x3x4xf32>, tensor<f32>) -> tensor<2x3x4xf32>
  %m = onnx.Mul %one, %a : (tensor<1xf32>, tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %no1 = onnx.Not %b : (tensor<2x3xi1>) -> tensor<2x3xi1>
  %no2 = onnx.Not %no1 : (tensor<2x3xi1>) -> tensor<2x3xi1>
  %ax = onnx.Constant {value = dense<[0]> : tensor<1xi64>} : () -> tensor<1xi64>
  %us = onnx.Unsqueeze %x, %ax : (tensor<2x3x4xf32>, tensor<1xi64>) -> tensor<1x2x3x4xf32>
  %sq = onnx.Squeeze %us, %ax : (tensor<1x2x3x4xf32>, tensor<1xi64>) -> tensor<2x3x4xf32>
  %c = onnx.Concat %x {axis = 0 : i64} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %shape = onnx.Constant {value = dense<[2, 3, 4]> : tensor<3xi64>} : () -> tensor<3xi64>
  %e = onnx.Expand %x, %shape : (tensor<2x3x4xf32>, tensor<3xi64>) -> tensor<2x3x4xf32>
  %ones = onnx.Constant {value = dense<1> : tensor<3xi64>} : () -> tensor<3xi64>
  %tile = onnx.Tile %x, %ones : (tensor<2x3x4xf32>, tensor<3xi64>) -> tensor<2x3x4xf32>
  %none = onnx.none
  %zeros = onnx.Constant {value = dense<0> : tensor<6xi64>} : () -> tensor<6xi64>
  %p = onnx.Pad %x, %zeros, %none, %none : (tensor<2x3x4xf32>, tensor<6xi64>, none, none) -> tensor<2x3x4xf32>
  // CHECK-NOT: onnx.Neg
  // CHECK-NOT: onnx.Not
  // CHECK-NOT: onnx.Add
  // CHECK-NOT: onnx.Mul
  // CHECK-NOT: onnx.Squeeze
  // CHECK-NOT: onnx.Concat
  // CHECK-NOT: onnx.Expand
  // CHECK-NOT: onnx.Tile
  // CHECK-NOT: onnx.Pad
  // CHECK: return %[[T]], %[[X]], %[[R]], %[[X]], %[[B]], %[[X]], %[[X]], %[[X]], %[[X]], %[[X]]
  return %u, %n2, %r2, %m, %no2, %sq, %c, %e, %tile, %p
      : tensor<3x4x2xf32>, tensor<2x3x4xf32>, tensor<24xf32>, tensor<2x3x4xf32>, tensor<2x3xi1>,
        tensor<2x3x4xf32>, tensor<2x3x4xf32>, tensor<2x3x4xf32>, tensor<2x3x4xf32>, tensor<2x3x4xf32>
}

// Rewrites that would change a value or a type do not fire.
// CHECK-LABEL: func.func @kept
func.func @kept(%x: tensor<2x3xf32>, %d: tensor<?x3xf32>, %s: tensor<2xi64>)
    -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<6x1xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<?x3xf32>) {
  // Adding a per-column constant of zeros and ones is not neutral.
  %c = onnx.Constant {value = dense<[0.0, 1.0, 0.0]> : tensor<3xf32>} : () -> tensor<3xf32>
  // CHECK: onnx.Add
  %a = onnx.Add %x, %c : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // Adding 0 that broadcasts the input to a bigger shape changes the type.
  %z = onnx.Constant {value = dense<0.0> : tensor<2x3xf32>} : () -> tensor<2x3xf32>
  %one = onnx.Constant {value = dense<1.0> : tensor<1x3xf32>} : () -> tensor<1x3xf32>
  // CHECK: onnx.Add %{{.*}}, %{{.*}} : (tensor<1x3xf32>, tensor<2x3xf32>)
  %b = onnx.Add %one, %z : (tensor<1x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  // A shape that copies (0) a dimension of the intermediate Reshape.
  %s1 = onnx.Constant {value = dense<[6]> : tensor<1xi64>} : () -> tensor<1xi64>
  %s2 = onnx.Constant {value = dense<[0, 1]> : tensor<2xi64>} : () -> tensor<2xi64>
  %r1 = onnx.Reshape %x, %s1 : (tensor<2x3xf32>, tensor<1xi64>) -> tensor<6xf32>
  // CHECK: onnx.Reshape %{{.*}}, %{{.*}} : (tensor<6xf32>, tensor<2xi64>) -> tensor<6x1xf32>
  %r2 = onnx.Reshape %r1, %s2 : (tensor<6xf32>, tensor<2xi64>) -> tensor<6x1xf32>
  // Pads of +1 before and -1 after keep the shape but move the data.
  %none = onnx.none
  %shift = onnx.Constant {value = dense<[0, 1, 0, -1]> : tensor<4xi64>} : () -> tensor<4xi64>
  // CHECK: onnx.Pad
  %p = onnx.Pad %x, %shift, %none, %none : (tensor<2x3xf32>, tensor<4xi64>, none, none) -> tensor<2x3xf32>
  // Transposes with the default (reversed) permutation are left alone.
  // CHECK-COUNT-2: onnx.Transpose
  %t1 = onnx.Transpose %x : (tensor<2x3xf32>) -> tensor<3x2xf32>
  %t2 = onnx.Transpose %t1 : (tensor<3x2xf32>) -> tensor<2x3xf32>
  // A dynamic Expand may broadcast.
  // CHECK: onnx.Expand
  %shape = onnx.Constant {value = dense<[1, 3]> : tensor<2xi64>} : () -> tensor<2xi64>
  %e = onnx.Expand %d, %shape : (tensor<?x3xf32>, tensor<2xi64>) -> tensor<?x3xf32>
  return %a, %b, %r2, %p, %t2, %e : tensor<2x3xf32>, tensor<2x3xf32>, tensor<6x1xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<?x3xf32>
}
