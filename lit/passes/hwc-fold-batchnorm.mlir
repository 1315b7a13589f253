// Inference BatchNormalization folds into the preceding Conv, Gemm or MatMul,
// and per-channel Mul/Add chains into the preceding Conv; the new weights
// are constants once hwc-fold-constants evaluates them.
// RUN: hwc-opt %s --hwc-fold-batchnorm --hwc-fold-constants | FileCheck %s
// Idempotence: a second run changes nothing.
// RUN: hwc-opt %s --hwc-fold-batchnorm --hwc-fold-constants > %t.mlir
// RUN: hwc-opt %t.mlir --hwc-fold-batchnorm --hwc-fold-constants | diff %t.mlir -

// CHECK-LABEL: func.func @conv
func.func @conv(%x: tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = onnx.Constant {value = dense<[[[[1.0]]], [[[2.0]]]]> : tensor<2x1x1x1xf32>} : () -> tensor<2x1x1x1xf32>
  %b = onnx.Constant {value = dense<[1.0, -1.0]> : tensor<2xf32>} : () -> tensor<2xf32>
  %scale = onnx.Constant {value = dense<[2.0, 0.5]> : tensor<2xf32>} : () -> tensor<2xf32>
  %bias = onnx.Constant {value = dense<[0.0, 1.0]> : tensor<2xf32>} : () -> tensor<2xf32>
  %mean = onnx.Constant {value = dense<[1.0, 3.0]> : tensor<2xf32>} : () -> tensor<2xf32>
  %var = onnx.Constant {value = dense<[3.0, 15.0]> : tensor<2xf32>} : () -> tensor<2xf32>
  %c = onnx.Conv %x, %w, %b : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %y, %rm, %rv = onnx.BatchNormalization %c, %scale, %bias, %mean, %var {epsilon = 1.0 : f32} : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> (tensor<1x2x2x2xf32>, none, none)
  // The arithmetic on the statistics is folded away too.
  // CHECK-NOT: onnx.BatchNormalization
  // CHECK-NOT: onnx.Sqrt
  // CHECK-NOT: onnx.Mul
  // CHECK: %[[Y:.*]] = onnx.Conv %{{.*}}, %{{.*}}, %{{.*}} : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  // CHECK-NEXT: return %[[Y]]
  return %y : tensor<1x2x2x2xf32>
}

// A Conv read by another node keeps its BatchNormalization.
// CHECK-LABEL: func.func @shared
func.func @shared(%x: tensor<1x1x2x2xf32>) -> (tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>) {
  %w = onnx.Constant {value = dense<1.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %s = onnx.Constant {value = dense<1.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %none = onnx.none
  %c = onnx.Conv %x, %w, %none : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>, none) -> tensor<1x1x2x2xf32>
  // CHECK: onnx.BatchNormalization
  %y, %rm, %rv = onnx.BatchNormalization %c, %s, %s, %s, %s : (tensor<1x1x2x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> (tensor<1x1x2x2xf32>, none, none)
  return %y, %c : tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>
}

// After a 2-D MatMul the weights are scaled per output feature and the
// shift becomes an Add: s = [0.5, 2], W' = [[0.5, 2]], shift = [-0.5, -4].
// CHECK-LABEL: func.func @matmul
func.func @matmul(%x: tensor<3x1xf32>) -> tensor<3x2xf32> {
  %w = onnx.Constant {value = dense<[[1.0, 1.0]]> : tensor<1x2xf32>} : () -> tensor<1x2xf32>
  %scale = onnx.Constant {value = dense<[1.0, 4.0]> : tensor<2xf32>} : () -> tensor<2xf32>
  %bias = onnx.Constant {value = dense<0.0> : tensor<2xf32>} : () -> tensor<2xf32>
  %mean = onnx.Constant {value = dense<[1.0, 2.0]> : tensor<2xf32>} : () -> tensor<2xf32>
  %var = onnx.Constant {value = dense<3.0> : tensor<2xf32>} : () -> tensor<2xf32>
  %m = onnx.MatMul %x, %w : (tensor<3x1xf32>, tensor<1x2xf32>) -> tensor<3x2xf32>
  %y, %rm, %rv = onnx.BatchNormalization %m, %scale, %bias, %mean, %var {epsilon = 1.0 : f32} : (tensor<3x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> (tensor<3x2xf32>, none, none)
  // CHECK-NOT: onnx.BatchNormalization
  // CHECK: %[[M:.*]] = onnx.MatMul %{{.*}}, %{{.*}} : (tensor<3x1xf32>, tensor<1x2xf32>) -> tensor<3x2xf32>
  // CHECK-NEXT: %[[Y:.*]] = onnx.Add %[[M]], %{{.*}} : (tensor<3x2xf32>, tensor<2xf32>) -> tensor<3x2xf32>
  // CHECK-NEXT: return %[[Y]]
  return %y : tensor<3x2xf32>
}

// After a Gemm with transB the rows of B are scaled: s = [0.5, 2],
// t = -mean * s = [-0.5, -4]; B' = [[0.5, 1], [6, 8]], C' = C * s + t = [0, -2].
// CHECK-LABEL: func.func @gemm
func.func @gemm(%x: tensor<3x2xf32>) -> tensor<3x2xf32> {
  %w = onnx.Constant {value = dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>} : () -> tensor<2x2xf32>
  %c = onnx.Constant {value = dense<1.0> : tensor<2xf32>} : () -> tensor<2xf32>
  %scale = onnx.Constant {value = dense<[1.0, 4.0]> : tensor<2xf32>} : () -> tensor<2xf32>
  %bias = onnx.Constant {value = dense<0.0> : tensor<2xf32>} : () -> tensor<2xf32>
  %mean = onnx.Constant {value = dense<[1.0, 2.0]> : tensor<2xf32>} : () -> tensor<2xf32>
  %var = onnx.Constant {value = dense<3.0> : tensor<2xf32>} : () -> tensor<2xf32>
  %g = onnx.Gemm %x, %w, %c {transB = 1 : i64} : (tensor<3x2xf32>, tensor<2x2xf32>, tensor<2xf32>) -> tensor<3x2xf32>
  %y, %rm, %rv = onnx.BatchNormalization %g, %scale, %bias, %mean, %var {epsilon = 1.0 : f32} : (tensor<3x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> (tensor<3x2xf32>, none, none)
  // CHECK-NOT: onnx.BatchNormalization
  // CHECK: %[[Y:.*]] = onnx.Gemm %{{.*}}, %{{.*}}, %{{.*}} {transB = 1 : i64} : (tensor<3x2xf32>, tensor<2x2xf32>, tensor<2xf32>) -> tensor<3x2xf32>
  // CHECK-NEXT: return %[[Y]]
  return %y : tensor<3x2xf32>
}

// Conv -> Mul by a scalar -> Add of a per-channel [1, 2, 1, 1] constant:
// W' = [3, 6], b' = [1, -1].
// CHECK-LABEL: func.func @affine
func.func @affine(%x: tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %none = onnx.none
  %w = onnx.Constant {value = dense<[[[[1.0]]], [[[2.0]]]]> : tensor<2x1x1x1xf32>} : () -> tensor<2x1x1x1xf32>
  %three = onnx.Constant {value = dense<3.0> : tensor<f32>} : () -> tensor<f32>
  %c = onnx.Conv %x, %w, %none : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>, none) -> tensor<1x2x2x2xf32>
  %m = onnx.Mul %c, %three : (tensor<1x2x2x2xf32>, tensor<f32>) -> tensor<1x2x2x2xf32>
  // A constant defined after the Conv (a folded Constant node) is moved.
  %shift = onnx.Constant {value = dense<[[[[1.0]], [[-1.0]]]]> : tensor<1x2x1x1xf32>} : () -> tensor<1x2x1x1xf32>
  %a = onnx.Add %shift, %m : (tensor<1x2x1x1xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  // CHECK-NOT: onnx.Mul
  // CHECK-NOT: onnx.Add
  // CHECK: %[[Y:.*]] = onnx.Conv %{{.*}}, %{{.*}}, %{{.*}} : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  // CHECK-NEXT: return %[[Y]]
  return %a : tensor<1x2x2x2xf32>
}

// A constant that varies along a spatial axis is not a per-channel affine.
// CHECK-LABEL: func.func @not_affine
func.func @not_affine(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %none = onnx.none
  %w = onnx.Constant {value = dense<1.0> : tensor<1x1x1x1xf32>} : () -> tensor<1x1x1x1xf32>
  %row = onnx.Constant {value = dense<[[1.0], [2.0]]> : tensor<2x1xf32>} : () -> tensor<2x1xf32>
  %c = onnx.Conv %x, %w, %none : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>, none) -> tensor<1x1x2x2xf32>
  // CHECK: onnx.Conv %{{.*}}, %{{.*}}, %{{.*}} : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>, none)
  // CHECK-NEXT: onnx.Mul
  %m = onnx.Mul %c, %row : (tensor<1x1x2x2xf32>, tensor<2x1xf32>) -> tensor<1x1x2x2xf32>
  return %m : tensor<1x1x2x2xf32>
}

// s = scale / sqrt(var + 1) = [1, 0.125]: W' = [1, 0.25];
// b' = (b - mean) * s + bias = [0, 0.5].
// CHECK-DAG: : "0x040000000000803F0000803E"
// CHECK-DAG: : "0x04000000000000000000003F"
// CHECK-DAG: : "0x040000000000003F00000040"
// CHECK-DAG: : "0x04000000000000BF000080C0"
// CHECK-DAG: : "0x040000000000003F0000803F0000C04000000041"
// CHECK-DAG: : "0x0400000000000000000000C0"
// CHECK-DAG: : "0x04000000000040400000C040"
// CHECK-DAG: : "0x040000000000803F000080BF"
