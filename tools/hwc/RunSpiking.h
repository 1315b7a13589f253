//===- RunSpiking.h - hwc run on a .hwcn artifact -------------------*- C++ -*-===//
//
// Simulates a neuromorphic artifact on one input (or a batch, at one or
// several T) and prints the decoded output, spike statistics, synaptic
// operations, the energy estimate and the simulator's throughput.
//
//===----------------------------------------------------------------------===//

#ifndef HWC_TOOLS_HWC_RUNSPIKING_H
#define HWC_TOOLS_HWC_RUNSPIKING_H

#include <string>
#include <vector>

namespace hwc::cli {

struct SpikingRunArgs {
  std::string artifact, inputDir, outputDir;
  /// NAME=FILE (one input; a leading batch dimension N runs N samples).
  std::vector<std::string> inputs;
  /// The T values to run; empty: the artifact's T.
  std::vector<int64_t> timesteps;
  /// Worker threads over samples.
  int threads = 1;
  /// Per-sample spike counts, SOPs and membranes as JSON (empty: none).
  std::string statsPath;
};

/// Returns the exit code; errors are one line naming the file.
int runSpikingArtifact(const SpikingRunArgs &args);

} // namespace hwc::cli

#endif // HWC_TOOLS_HWC_RUNSPIKING_H
