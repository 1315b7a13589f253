//===- AsicExecutor.h - Run a .hwca artifact: host graph + array ---*- C++ -*-===//
//
// Runs an ASIC artifact: the host graph on the reference interpreter, and
// each `hwc.asic` AsicSegment node on the bit-exact functional simulator
// (or, in reference mode, on the segment's integer reference, which is what
// the simulator must equal). Every segment run is also timed, natively and
// under SCALE-Sim v2's model, per layer.
//
//===----------------------------------------------------------------------===//

#ifndef HWC_RUNTIME_ARTIFACT_ASICEXECUTOR_H
#define HWC_RUNTIME_ARTIFACT_ASICEXECUTOR_H

#include "runtime/artifact/Artifact.h"
#include "runtime/interpreter/Interpreter.h"
#include "runtime/sim/systolic/ScaleSimModel.h"

#include <map>
#include <memory>
#include <string>

namespace hwc::rt {

/// One layer's figures from one run.
struct AsicLayerFigures {
  std::string name, opType;
  int segment = 0;
  systolic::GemmDims gemm;
  /// Useful MACs (M x K x N, no padding).
  int64_t usefulMacs = 0;
  systolic::LayerTiming native;
  int64_t scaleSimCycles = 0;
  /// The DRAM bytes the layer cannot avoid in the artifact's layout: each
  /// input and the output moved once (rows of R bytes), every weight tile
  /// loaded once.
  int64_t compulsoryBytes = 0;
  /// The roofline bound at the bandwidth it was timed at: the larger of
  /// useful MACs / (R x C) and compulsoryBytes / bandwidth (0 for a layer
  /// without MACs, whose bound is its traffic alone).
  int64_t rooflineCycles = 0;
};

struct AsicRunResult {
  NamedTensors outputs;
  std::vector<AsicLayerFigures> layers;
  int64_t nativeCycles = 0, scaleSimCycles = 0;
  /// With checkReference: segment output bytes compared with the integer
  /// reference, and how many differ.
  int64_t referenceBytes = 0, referenceMismatches = 0;
};

class AsicExecutor {
public:
  /// `artifact` must outlive the executor. `dramBytesPerCycle` >= 0 times
  /// the programs at that bandwidth instead of the config's (0: unlimited).
  /// Throws Error on a host graph that does not load.
  AsicExecutor(const AsicArtifact &artifact, int threads = 1, double dramBytesPerCycle = -1);

  /// Runs the artifact on `inputs`, segments on the simulator. With
  /// `checkReference`, each segment also runs on its integer reference on
  /// the same inputs and the outputs are compared byte for byte.
  AsicRunResult run(const std::map<std::string, Tensor> &inputs, bool checkReference = false);

  const Model &hostModel() const { return *host; }

private:
  const AsicArtifact &artifact;
  std::unique_ptr<Model> host;
  std::unique_ptr<Interpreter> interpreter;
  /// Timing depends only on the program: computed once per segment.
  std::vector<std::vector<AsicLayerFigures>> timings;
  std::vector<int64_t> nativeTotals;
};

/// An int8 ONNX tensor ([1, C, H, W] or [M, K]) in the segment's CHW order.
systolic::Activation toActivation(const Tensor &value, const systolic::SegmentTensor &tensor);
/// The inverse of toActivation.
Tensor fromActivation(const systolic::Activation &values, const systolic::SegmentTensor &tensor);

} // namespace hwc::rt

#endif // HWC_RUNTIME_ARTIFACT_ASICEXECUTOR_H
