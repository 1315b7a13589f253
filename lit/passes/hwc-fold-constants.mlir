// Shape arithmetic and run-time weight construction fold into constants,
// computed by the runtime's kernels; Q/DQ pairs and oversized results stay.
// RUN: hwc-opt %s --hwc-fold-constants | FileCheck %s
// Idempotence: a second run changes nothing.
// RUN: hwc-opt %s --hwc-fold-constants > %t.mlir
// RUN: hwc-opt %t.mlir --hwc-fold-constants | diff %t.mlir -
// RUN: hwc-opt %s --hwc-fold-constants=fold-limit=0 | FileCheck %s --check-prefix=LIMIT

func.func @main(%x: tensor<2x3x4xf32> {onnx.name = "x"}) -> (tensor<6x4xf32>, tensor<2x3xf32>, tensor<2xf32>) {
  %zero = onnx.Constant {value = dense<0> : tensor<1xi64>} : () -> tensor<1xi64>
  %one = onnx.Constant {value = dense<1> : tensor<1xi64>} : () -> tensor<1xi64>
  %minus = onnx.Constant {value = dense<-1> : tensor<1xi64>} : () -> tensor<1xi64>
  %s = onnx.Shape %x : (tensor<2x3x4xf32>) -> tensor<3xi64>
  %a = onnx.Gather %s, %zero : (tensor<3xi64>, tensor<1xi64>) -> tensor<1xi64>
  %b = onnx.Gather %s, %one : (tensor<3xi64>, tensor<1xi64>) -> tensor<1xi64>
  %p = onnx.Mul %a, %b : (tensor<1xi64>, tensor<1xi64>) -> tensor<1xi64>
  %q = onnx.Concat %p, %minus {axis = 0 : i64} : (tensor<1xi64>, tensor<1xi64>) -> tensor<2xi64>
  %y = onnx.Reshape %x, %q : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<6x4xf32>
  %wshape = onnx.Constant {value = dense<[2, 3]> : tensor<2xi64>} : () -> tensor<2xi64>
  %w = onnx.ConstantOfShape %wshape {value = dense<0.5> : tensor<1xf32>} : (tensor<2xi64>) -> tensor<2x3xf32>
  %f = onnx.Constant {value = dense<[1.0, 2.0]> : tensor<2xf32>} : () -> tensor<2xf32>
  %scale = onnx.Constant {value = dense<0.5> : tensor<f32>} : () -> tensor<f32>
  %zp = onnx.Constant {value = dense<0> : tensor<i8>} : () -> tensor<i8>
  %qf = onnx.QuantizeLinear %f, %scale, %zp : (tensor<2xf32>, tensor<f32>, tensor<i8>) -> tensor<2xi8>
  %dq = onnx.DequantizeLinear %qf, %scale, %zp : (tensor<2xi8>, tensor<f32>, tensor<i8>) -> tensor<2xf32>
  return %y, %w, %dq : tensor<6x4xf32>, tensor<2x3xf32>, tensor<2xf32>
}

// Constants only folded nodes read are erased (their memory freed).
// CHECK-NOT: dense<[2, 3]> : tensor<2xi64>
// CHECK-NOT: dense<-1> : tensor<1xi64>
// CHECK-NOT: onnx.Shape
// CHECK-NOT: onnx.Gather
// CHECK-NOT: onnx.Concat
// CHECK: %[[Q:.*]] = onnx.Constant {onnx.folded, onnx.initializer, value = dense_resource<[[QNAME:.*]]> : tensor<2xi64>}
// CHECK: onnx.Reshape %{{.*}}, %[[Q]] : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<6x4xf32>
// CHECK: onnx.Constant {onnx.folded, onnx.initializer, value = dense_resource<[[WNAME:.*]]> : tensor<2x3xf32>}
// CHECK-NOT: onnx.ConstantOfShape
// CHECK: onnx.QuantizeLinear
// CHECK: onnx.DequantizeLinear

// LIMIT: onnx.Concat
// LIMIT: onnx.ConstantOfShape

// Booleans (bit-packed in MLIR, bytes in the runtime), splats and float16
// (computed in float32 by the kernel, narrowed back) cross the bridge.
// CHECK: func.func @types
func.func @types() -> (tensor<3xf32>, tensor<2xf16>) {
  %a = onnx.Constant {value = dense<[1, 2, 3]> : tensor<3xi64>} : () -> tensor<3xi64>
  %b = onnx.Constant {value = dense<[1, 0, 3]> : tensor<3xi64>} : () -> tensor<3xi64>
  %e = onnx.Equal %a, %b : (tensor<3xi64>, tensor<3xi64>) -> tensor<3xi1>
  %x = onnx.Constant {value = dense<[1.0, 2.0, 3.0]> : tensor<3xf32>} : () -> tensor<3xf32>
  %y = onnx.Constant {value = dense<-1.0> : tensor<3xf32>} : () -> tensor<3xf32>
  %w = onnx.Where %e, %x, %y : (tensor<3xi1>, tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %h = onnx.Constant {value = dense<[1.5, 2.5]> : tensor<2xf16>} : () -> tensor<2xf16>
  %s = onnx.Add %h, %h : (tensor<2xf16>, tensor<2xf16>) -> tensor<2xf16>
  // CHECK: %[[W:.*]] = onnx.Constant {onnx.folded, onnx.initializer, value = dense_resource<[[WHERE:.*]]> : tensor<3xf32>}
  // CHECK: %[[S:.*]] = onnx.Constant {onnx.folded, onnx.initializer, value = dense_resource<[[SUM:.*]]> : tensor<2xf16>}
  // CHECK: return %[[W]], %[[S]]
  return %w, %s : tensor<3xf32>, tensor<2xf16>
}
// [1, -1, 3] as float32; [3, 5] as float16.
// CHECK-DAG: [[WHERE]]: "0x040000000000803F000080BF00004040"
// CHECK-DAG: [[SUM]]: "0x0200000000420045"
// The folded shape is [6, -1]; the weights are six 0.5s.
// CHECK-DAG: [[QNAME]]: "0x080000000600000000000000FFFFFFFFFFFFFFFF"
// CHECK-DAG: [[WNAME]]: "0x040000000000003F0000003F0000003F0000003F0000003F0000003F"
