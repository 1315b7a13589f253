// Binds named dims and whole input shapes, then propagates them.
// RUN: hwc-opt %s --pass-pipeline='builtin.module(func.func(hwc-specialize-shapes{dims=N=2}))' | FileCheck %s
// RUN: hwc-opt %s --pass-pipeline='builtin.module(func.func(hwc-specialize-shapes{shapes=x=4x3}))' | FileCheck %s --check-prefix=SHAPE
// RUN: not hwc-opt %s --pass-pipeline='builtin.module(func.func(hwc-specialize-shapes{shapes=x=4x5}))' 2>&1 | FileCheck %s --check-prefix=CONFLICT
// RUN: not hwc-opt %s --pass-pipeline='builtin.module(func.func(hwc-specialize-shapes{dims=batch=1}))' 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// RUN: not hwc-opt %s --pass-pipeline='builtin.module(func.func(hwc-specialize-shapes{shapes=x=4x3x1}))' 2>&1 | FileCheck %s --check-prefix=RANK

func.func @main(%x: tensor<?x3xf32> {onnx.name = "x", onnx.dim_params = ["N", ""]}) -> tensor<?x3xf32> {
  %y = onnx.Relu %x : (tensor<?x3xf32>) -> tensor<?x3xf32>
  return %y : tensor<?x3xf32>
}

// CHECK: func.func @main(%{{.*}}: tensor<2x3xf32> {{.*}}) -> tensor<2x3xf32>
// CHECK: onnx.Relu %{{.*}} : (tensor<2x3xf32>) -> tensor<2x3xf32>
// SHAPE: func.func @main(%{{.*}}: tensor<4x3xf32> {{.*}}) -> tensor<4x3xf32>
// CONFLICT: error: input 'x' dim 1 is 3 in the model, but --shape binds it to 5
// UNKNOWN: error: --dim names no dim_param 'batch' of the model's inputs
// RANK: error: input 'x' has rank 2, but --shape gives 3 dims
