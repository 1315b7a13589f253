// hwc-snn-map-cores: Loihi 1 tiles each population into the fewest cores
// that hold its neurons, input axons and synapse lists; Speck gives each
// population the smallest free layer core whose kernel and neuron memories
// hold it; a population a chip cannot hold is an error naming the limit.
// RUN: hwc-opt %s --hwc-snn-map-cores=config=loihi1 | FileCheck %s --check-prefix=LOIHI
// RUN: hwc-opt %s --hwc-snn-map-cores=config=speck | FileCheck %s --check-prefix=SPECK
// RUN: not hwc-opt %s --hwc-snn-map-cores=config=xylo -verify-diagnostics=false 2>&1 | FileCheck %s --check-prefix=XYLO

// 64 neurons with 9 synapses each: one core, the whole population as one tile.
// LOIHI: snn.neurons {{.*}}cores = 1 : i64, first_core = 0 : i64{{.*}}snn.fill = 6.250000e-02 : f64, snn.tile = array<i64: 4, 4, 4>
// LOIHI: snn.output {{.*}}cores = 1 : i64, decoding = "membrane", first_core = 1 : i64
// Kernel memory 1 << (ceil log2 9 + ceil log2 4) = 64 words, neuron memory
// 4 << (2 + 2) = 64: the smallest cores (7 and 8, 16K + 16K words) take
// the two populations in order.
// SPECK: snn.neurons {{.*}}cores = 1 : i64, first_core = 7 : i64
// SPECK: snn.output {{.*}}cores = 1 : i64, decoding = "membrane", first_core = 8 : i64
// XYLO: error: [SNN-CONV-005] xylo has no convolutional cores
// XYLO: error: [SNN-CORE-001] even one neuron per core reads 64 input axons; xylo cores have 63
func.func @main(%arg0: tensor<1x1x4x4xf32>) -> tensor<1x10xf32> {
  %in = snn.input %arg0 {encoding = "current", scale = 1.0 : f64} : tensor<1x1x4x4xf32> -> tensor<1x4x4xf32>
  %c = snn.conv %in {weight = dense<1> : tensor<4x1x3x3xi32>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64} : tensor<1x4x4xf32> -> tensor<4x4x4xf32>
  %n = snn.neurons %c {threshold = 9.0 : f64, reset = "subtract"} : tensor<4x4x4xf32> -> tensor<4x4x4xf32>
  %d = snn.dense %n {weight = dense<1> : tensor<10x64xi32>} : tensor<4x4x4xf32> -> tensor<10xf32>
  %y = snn.output %d {decoding = "membrane", scale = 1.0 : f64} : tensor<10xf32> -> tensor<1x10xf32>
  return %y : tensor<1x10xf32>
}
