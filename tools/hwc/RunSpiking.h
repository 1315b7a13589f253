//===- RunSpiking.h - hwc run on a .hwcn artifact -------------------*- C++ -*-===//
//
// Simulates a neuromorphic artifact on one input and prints the decoded
// output, spike statistics, synaptic operations and the energy estimate.
//
//===----------------------------------------------------------------------===//

#ifndef HWC_TOOLS_HWC_RUNSPIKING_H
#define HWC_TOOLS_HWC_RUNSPIKING_H

#include <string>
#include <vector>

namespace hwc::cli {

struct SpikingRunArgs {
  std::string artifact, inputDir, outputDir;
  /// NAME=FILE (one input).
  std::vector<std::string> inputs;
  /// 0: the artifact's T.
  int64_t timesteps = 0;
};

/// Returns the exit code; errors are one line naming the file.
int runSpikingArtifact(const SpikingRunArgs &args);

} // namespace hwc::cli

#endif // HWC_TOOLS_HWC_RUNSPIKING_H
