// The coverage pass attaches each node's decision and remarks the nodes that
// do not map natively; `hwc report` reads the same attribute.
// RUN: hwc-opt %s --hwc-target-coverage="target=neuromorphic" -verify-diagnostics | FileCheck %s
// RUN: hwc-opt %s --hwc-target-coverage="target=asic quantize=int8" -verify-diagnostics=false 2>&1 | FileCheck %s --check-prefix=ASIC
// RUN: hwc-opt %s --hwc-target-coverage="target=gpu remarks=all" 2>&1 | FileCheck %s --check-prefix=ALL

func.func @main(%x: tensor<1x1x8x8xf32> {onnx.name = "x"}) -> tensor<1x4x3x3xf32> {
  %none = onnx.none
  %w = onnx.Constant {onnx.initializer, value = dense<0.5> : tensor<4x1x3x3xf32>} : () -> tensor<4x1x3x3xf32>
  %c = onnx.Conv %x, %w, %none {pads = [1, 1, 1, 1]} : (tensor<1x1x8x8xf32>, tensor<4x1x3x3xf32>, none) -> tensor<1x4x8x8xf32>
  %r = onnx.Relu %c : (tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  // expected-remark @+1 {{neuromorphic: Unsupported [SNN-POOL-001] MaxPool has no rate-coded spiking equivalent (max of spike trains is not the spike train of the max); hint: retrain with AveragePool, which converts to sum pooling (+1 more)}}
  %p, %i = onnx.MaxPool %r {kernel_shape = [2, 2], strides = [2, 2], ceil_mode = 1} : (tensor<1x4x8x8xf32>) -> (tensor<1x4x4x4xf32>, none)
  // expected-remark @+1 {{neuromorphic: Unsupported [SNN-OP-002] Sigmoid has no spiking equivalent under ANN-to-SNN conversion}}
  %s = onnx.Sigmoid %p : (tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  %a = onnx.AveragePool %s {kernel_shape = [2, 2], strides = [1, 1]} : (tensor<1x4x4x4xf32>) -> tensor<1x4x3x3xf32>
  return %a : tensor<1x4x3x3xf32>
}

// CHECK: onnx.Conv {{.*}}hwc.coverage = {neuromorphic = {efficiency = 1.000000e+00 : f64, findings = [], mapping = "Native", note = ""}}
// CHECK: onnx.MaxPool {{.*}}hwc.coverage = {neuromorphic = {efficiency = 1.000000e+00 : f64, findings = [{efficiency = 1.000000e+00 : f64, hint = "retrain with AveragePool, which converts to sum pooling", reason = "MaxPool has no rate-coded spiking equivalent (max of spike trains is not the spike train of the max)", rule = "SNN-POOL-001"}, {{.*}}rule = "SNN-POOL-002"}], mapping = "Unsupported", note = ""}}

// ASIC: remark: asic: Unsupported [ASIC-ACT-001] Sigmoid is not an activation-engine function (ReLU, ReLU6, clip)
// ASIC-NOT: remark:

// ALL-COUNT-5: remark: gpu: Native
