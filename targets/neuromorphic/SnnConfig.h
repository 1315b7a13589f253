//===- SnnConfig.h - A neuromorphic preset's limits and costs ------*- C++ -*-===//
//
// The parsed form of targets/neuromorphic/presets/*.json (or a user's JSON
// config), shared by the capability table (NeuromorphicTarget.cpp) and
// the core mapper (SNNMapCores.cpp).
//
//===----------------------------------------------------------------------===//

#ifndef HWC_TARGETS_NEUROMORPHIC_SNNCONFIG_H
#define HWC_TARGETS_NEUROMORPHIC_SNNCONFIG_H

#include "targets/Target.h"

namespace hwc::target {

/// Per-core limits (research/neuromorphic.md §8), chip-wide limits, the
/// assumed time steps and firing rate for estimates, energies and timing.
struct SnnConfig : TargetConfig {
  std::string description, notes;
  int64_t cores = 0, neuronsPerCore = 0, inAxons = 0, outAxons = 0, weightBits = 8;
  double synapseKiB = 0;
  bool convolution = true, oneLayerPerCore = false;
  std::vector<int64_t> kernelMemory, neuronMemory, strides, maxFeatureMap, maxInputMap;
  int64_t maxKernel = 0, maxPadding = -1, maxChannels = 0, inputChannels = 0;
  int64_t timesteps = 32;
  double firingRate = 0.1, sopPj = -1, neuronPj = -1, sopNs = 1, syncNs = 0;
};

/// Bits of one synapse's index in a core's synapse list (Loihi: 6 to 12).
int64_t synapseIndexBits(int64_t neuronsPerCore);

/// Speck (DYNAP-CNN) layer memories in words (sinabs' memory_summary):
/// kernel = Cin * 2^(ceil log2 taps + ceil log2 Cout), neuron = Cout *
/// 2^(ceil log2 H + ceil log2 W).
int64_t speckKernelWords(int64_t channelsIn, int64_t taps, int64_t channelsOut);
int64_t speckNeuronWords(int64_t channels, int64_t height, int64_t width);

} // namespace hwc::target

#endif // HWC_TARGETS_NEUROMORPHIC_SNNCONFIG_H
