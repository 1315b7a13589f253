// Alternative spellings of an op become the one form later passes match;
// only where static shapes or constants make the new form exact.
// RUN: hwc-opt %s --hwc-normalize-opset | FileCheck %s
// Idempotence: a second run changes nothing.
// RUN: hwc-opt %s --hwc-normalize-opset > %t.mlir
// RUN: hwc-opt %t.mlir --hwc-normalize-opset | diff %t.mlir -

// CHECK-LABEL: func.func @upsample
func.func @upsample(%x: tensor<1x1x2x2xf32>) -> (tensor<1x1x4x4xf32>, tensor<1x1x4x4xf32>) {
  %s = onnx.Constant {value = dense<[1.0, 1.0, 2.0, 2.0]> : tensor<4xf32>} : () -> tensor<4xf32>
  // CHECK-NOT: onnx.Upsample
  // CHECK: onnx.Resize %{{.*}}, %[[NONE:.*]], %{{.*}}, %[[NONE]] {coordinate_transformation_mode = "asymmetric", nearest_mode = "floor"} : (tensor<1x1x2x2xf32>, none, tensor<4xf32>, none) -> tensor<1x1x4x4xf32>
  %n = onnx.Upsample %x, %s {mode = "nearest"} : (tensor<1x1x2x2xf32>, tensor<4xf32>) -> tensor<1x1x4x4xf32>
  // CHECK: onnx.Resize {{.*}} {coordinate_transformation_mode = "asymmetric", mode = "linear", nearest_mode = "floor"}
  %l = onnx.Upsample %x, %s {mode = "bilinear"} : (tensor<1x1x2x2xf32>, tensor<4xf32>) -> tensor<1x1x4x4xf32>
  return %n, %l : tensor<1x1x4x4xf32>, tensor<1x1x4x4xf32>
}

// CHECK-LABEL: func.func @implicit_sizes_and_axes
func.func @implicit_sizes_and_axes(%y: tensor<4x6xf32>, %z: tensor<1x3x1xf32>, %w: tensor<2x3xf32>)
    -> (tensor<4x3xf32>, tensor<4x3xf32>, tensor<3xf32>, tensor<1x1xf32>, tensor<2x5xf32>, tensor<4x6xf32>) {
  %none = onnx.none
  // CHECK: %[[SPLIT:.*]] = onnx.Constant {onnx.initializer, value = dense<3> : tensor<2xi64>}
  // CHECK: onnx.Split %{{.*}}, %[[SPLIT]] {axis = 1 : i64} :
  %a, %b = onnx.Split %y, %none {axis = -1 : i64, num_outputs = 2 : i64} : (tensor<4x6xf32>, none) -> (tensor<4x3xf32>, tensor<4x3xf32>)
  // CHECK: %[[SQ:.*]] = onnx.Constant {onnx.initializer, value = dense<[0, 2]> : tensor<2xi64>}
  // CHECK: onnx.Squeeze %{{.*}}, %[[SQ]] :
  %q = onnx.Squeeze %z, %none : (tensor<1x3x1xf32>, none) -> tensor<3xf32>
  // CHECK: %[[RED:.*]] = onnx.Constant {onnx.initializer, value = dense<[0, 1]> : tensor<2xi64>}
  // CHECK: onnx.ReduceSum %{{.*}}, %[[RED]] :
  %r = onnx.ReduceSum %w, %none : (tensor<2x3xf32>, none) -> tensor<1x1xf32>
  %pads = onnx.Constant {value = dense<[1, 1]> : tensor<2xi64>} : () -> tensor<2xi64>
  %axes = onnx.Constant {value = dense<[-1]> : tensor<1xi64>} : () -> tensor<1xi64>
  // CHECK: %[[PADS:.*]] = onnx.Constant {onnx.initializer, value = dense<[0, 1, 0, 1]> : tensor<4xi64>}
  // CHECK: onnx.Pad %{{.*}}, %[[PADS]], %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<4xi64>, none, none) -> tensor<2x5xf32>
  %p = onnx.Pad %w, %pads, %none, %axes : (tensor<2x3xf32>, tensor<2xi64>, none, tensor<1xi64>) -> tensor<2x5xf32>
  // CHECK: onnx.Softmax %{{.*}} {axis = 1 : i64}
  %c = onnx.Softmax %y {axis = -1 : i64} : (tensor<4x6xf32>) -> tensor<4x6xf32>
  return %a, %b, %q, %r, %p, %c : tensor<4x3xf32>, tensor<4x3xf32>, tensor<3xf32>, tensor<1x1xf32>, tensor<2x5xf32>, tensor<4x6xf32>
}

// Without static shapes or constant operands nothing can be made explicit.
// CHECK-LABEL: func.func @kept
func.func @kept(%d: tensor<?x3xf32>, %e: tensor<?x?xf32>, %n: tensor<2xi64>, %u: tensor<*xf32>)
    -> (tensor<?x3xf32>, tensor<?x?xf32>, tensor<?x?xf32>, tensor<1x1xf32>, tensor<*xf32>) {
  %none = onnx.none
  // CHECK: onnx.Squeeze %{{.*}}, %{{.*}} : (tensor<?x3xf32>, none)
  %q = onnx.Squeeze %d, %none : (tensor<?x3xf32>, none) -> tensor<?x3xf32>
  // CHECK: onnx.Split %{{.*}}, %{{.*}} {axis = 1 : i64, num_outputs = 2 : i64} : (tensor<?x?xf32>, none)
  %a, %b = onnx.Split %e, %none {axis = 1 : i64, num_outputs = 2 : i64} : (tensor<?x?xf32>, none) -> (tensor<?x?xf32>, tensor<?x?xf32>)
  // noop_with_empty_axes: no axes means no reduction.
  %w = onnx.Constant {value = dense<1.0> : tensor<1x1xf32>} : () -> tensor<1x1xf32>
  // CHECK: onnx.ReduceMax %{{.*}}, %{{.*}} {noop_with_empty_axes = 1 : i64} : (tensor<1x1xf32>, none)
  %r = onnx.ReduceMax %w, %none {noop_with_empty_axes = 1 : i64} : (tensor<1x1xf32>, none) -> tensor<1x1xf32>
  // An unranked input: a negative axis cannot be counted from 0.
  // CHECK: onnx.Concat %{{.*}}, %{{.*}} {axis = -1 : i64} : (tensor<*xf32>, tensor<*xf32>)
  %s = onnx.Concat %u, %u {axis = -1 : i64} : (tensor<*xf32>, tensor<*xf32>) -> tensor<*xf32>
  return %q, %a, %b, %r, %s : tensor<?x3xf32>, tensor<?x?xf32>, tensor<?x?xf32>, tensor<1x1xf32>, tensor<*xf32>
}
