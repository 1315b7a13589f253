// Binds named dims and whole input shapes, then propagates them.
// RUN: hwc-opt %s --pass-pipeline='builtin.module(func.func(hwc-specialize-shapes{dims=N=2}))' | FileCheck %s
// RUN: hwc-opt %s --pass-pipeline='builtin.module(func.func(hwc-specialize-shapes{shapes=x=4x3}))' | FileCheck %s --check-prefix=SHAPE
// RUN: not hwc-opt %s --pass-pipeline='builtin.module(func.func(hwc-specialize-shapes{shapes=x=4x5}))' 2>&1 | FileCheck %s --check-prefix=CONFLICT
// RUN: not hwc-opt %s --pass-pipeline='builtin.module(func.func(hwc-specialize-shapes{dims=batch=1}))' 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// RUN: not hwc-opt %s --pass-pipeline='builtin.module(func.func(hwc-specialize-shapes{shapes=x=4x3x1}))' 2>&1 | FileCheck %s --check-prefix=RANK
// RUN: not hwc-opt %s --pass-pipeline='builtin.module(func.func(hwc-specialize-shapes{shapes=x=4x3 dims=N=2}))' 2>&1 | FileCheck %s --check-prefix=BOTH
// RUN: not hwc-opt %s --pass-pipeline='builtin.module(func.func(hwc-specialize-shapes{all-static}))' 2>&1 | FileCheck %s --check-prefix=STATIC
// RUN: hwc-opt %s --pass-pipeline='builtin.module(func.func(hwc-specialize-shapes{dims=N=2 all-static}))' | FileCheck %s
// Idempotence: a second run changes nothing.
// RUN: hwc-opt %s --pass-pipeline='builtin.module(func.func(hwc-specialize-shapes{dims=N=2}))' > %t.mlir
// RUN: hwc-opt %t.mlir --pass-pipeline='builtin.module(func.func(hwc-specialize-shapes{dims=N=2}))' | diff %t.mlir -

func.func @main(%x: tensor<?x3xf32> {onnx.name = "x", onnx.dim_params = ["N", ""]}) -> tensor<?x3xf32> {
  %y = onnx.Relu %x : (tensor<?x3xf32>) -> tensor<?x3xf32>
  return %y : tensor<?x3xf32>
}

// CHECK: func.func @main(%{{.*}}: tensor<2x3xf32> {{.*}}) -> tensor<2x3xf32>
// CHECK: onnx.Relu %{{.*}} : (tensor<2x3xf32>) -> tensor<2x3xf32>
// SHAPE: func.func @main(%{{.*}}: tensor<4x3xf32> {{.*}}) -> tensor<4x3xf32>
// CONFLICT: error: input 'x' dim 1: --shape x binds it to 5, but the model makes it 3
// UNKNOWN: error: --dim names no dim_param 'batch' of the model's inputs
// RANK: error: input 'x' has rank 2, but --shape gives 3 dims
// BOTH: error: input 'x' dim 0: --dim N=2 binds it to 2, but --shape x makes it 4
// BOTH: note: input 'x' is declared here
// STATIC: error: input 'x' dim 0 ('N') is still dynamic; bind it with --dim N=SIZE
// STATIC: error: 1 node(s) still have dynamic shapes: 'Relu'
