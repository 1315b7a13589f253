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

// QOperator models take the QDQ form: the integer op becomes a float op
// between DequantizeLinear and QuantizeLinear.
// CHECK-LABEL: func.func @qoperator
func.func @qoperator(%x: tensor<1x1x3x3xui8>, %a: tensor<2x3xi8>) -> (tensor<1x2x3x3xui8>, tensor<2x4xi8>) {
  %xs = onnx.Constant {value = dense<0.5> : tensor<f32>} : () -> tensor<f32>
  %xz = onnx.Constant {value = dense<128> : tensor<ui8>} : () -> tensor<ui8>
  %w = onnx.Constant {value = dense<3> : tensor<2x1x1x1xi8>} : () -> tensor<2x1x1x1xi8>
  %ws = onnx.Constant {value = dense<[0.25, 0.125]> : tensor<2xf32>} : () -> tensor<2xf32>
  %wz = onnx.Constant {value = dense<0> : tensor<2xi8>} : () -> tensor<2xi8>
  %ys = onnx.Constant {value = dense<1.0> : tensor<f32>} : () -> tensor<f32>
  %yz = onnx.Constant {value = dense<128> : tensor<ui8>} : () -> tensor<ui8>
  %b = onnx.Constant {value = dense<[8, -8]> : tensor<2xi32>} : () -> tensor<2xi32>
  // CHECK: %[[XF:.*]] = onnx.DequantizeLinear %{{.*}}, %[[XS:.*]], %{{.*}} : (tensor<1x1x3x3xui8>, tensor<f32>, tensor<ui8>) -> tensor<1x1x3x3xf32>
  // CHECK: %[[WF:.*]] = onnx.DequantizeLinear %{{.*}}, %[[WS:.*]], %{{.*}} {axis = 0 : i64} : (tensor<2x1x1x1xi8>, tensor<2xf32>, tensor<2xi8>) -> tensor<2x1x1x1xf32>
  // CHECK: %[[BS:.*]] = onnx.Mul %[[XS]], %[[WS]] : (tensor<f32>, tensor<2xf32>) -> tensor<2xf32>
  // CHECK: %[[BF:.*]] = onnx.DequantizeLinear %{{.*}}, %[[BS]], %{{.*}} {axis = 0 : i64} : (tensor<2xi32>, tensor<2xf32>, none) -> tensor<2xf32>
  // CHECK: %[[C:.*]] = onnx.Conv %[[XF]], %[[WF]], %[[BF]] : (tensor<1x1x3x3xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  // CHECK: onnx.QuantizeLinear %[[C]], %{{.*}}, %{{.*}} : (tensor<1x2x3x3xf32>, tensor<f32>, tensor<ui8>) -> tensor<1x2x3x3xui8>
  // CHECK-NOT: onnx.QLinearConv
  %y = onnx.QLinearConv %x, %xs, %xz, %w, %ws, %wz, %ys, %yz, %b {group = 1 : i64} : (tensor<1x1x3x3xui8>, tensor<f32>, tensor<ui8>, tensor<2x1x1x1xi8>, tensor<2xf32>, tensor<2xi8>, tensor<f32>, tensor<ui8>, tensor<2xi32>) -> tensor<1x2x3x3xui8>
  %as = onnx.Constant {value = dense<0.1> : tensor<f32>} : () -> tensor<f32>
  %az = onnx.Constant {value = dense<0> : tensor<i8>} : () -> tensor<i8>
  %m = onnx.Constant {value = dense<1> : tensor<3x4xi8>} : () -> tensor<3x4xi8>
  %ms = onnx.Constant {value = dense<[0.1, 0.2, 0.3, 0.4]> : tensor<4xf32>} : () -> tensor<4xf32>
  %mz = onnx.Constant {value = dense<0> : tensor<4xi8>} : () -> tensor<4xi8>
  // CHECK: onnx.DequantizeLinear %{{.*}} : (tensor<2x3xi8>, tensor<f32>, tensor<i8>) -> tensor<2x3xf32>
  // axis 1 (the default, so not printed): per column of b.
  // CHECK: onnx.DequantizeLinear %{{.*}} : (tensor<3x4xi8>, tensor<4xf32>, tensor<4xi8>) -> tensor<3x4xf32>
  // CHECK: onnx.MatMul
  // CHECK: onnx.QuantizeLinear {{.*}} -> tensor<2x4xi8>
  // CHECK-NOT: onnx.QLinearMatMul
  %q = onnx.QLinearMatMul %a, %as, %az, %m, %ms, %mz, %ys, %az : (tensor<2x3xi8>, tensor<f32>, tensor<i8>, tensor<3x4xi8>, tensor<4xf32>, tensor<4xi8>, tensor<f32>, tensor<i8>) -> tensor<2x4xi8>
  return %y, %q : tensor<1x2x3x3xui8>, tensor<2x4xi8>
}
