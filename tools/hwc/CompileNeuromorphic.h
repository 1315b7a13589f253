//===- CompileNeuromorphic.h - hwc compile --target=neuromorphic -*- C++ -*-===//
//
// The spiking back end behind `hwc compile`: calibrate, convert, normalize,
// quantize, map to cores, pick T, write `.hwcn`, NIR or the snn module.
//
//===----------------------------------------------------------------------===//

#ifndef HWC_TOOLS_HWC_COMPILENEUROMORPHIC_H
#define HWC_TOOLS_HWC_COMPILENEUROMORPHIC_H

#include "mlir/IR/BuiltinOps.h"

#include <optional>
#include <string>
#include <vector>

namespace hwc::cli {

struct SnnCompileRequest {
  std::string modelPath, outputPath, calibDirectory, config = "loihi1";
  /// "artifact" (.hwcn), "nir" or "mlir" (the snn module).
  std::string emit = "artifact";
  /// "32", "auto", ...
  std::string timesteps = "32";
  std::string maxpool = "reject", encoding = "current";
  double percentile = 99.9;
  /// Auto T: the largest accepted drop in top-1 agreement with the ANN.
  double maxDrop = 0.01;
  size_t calibCount = 0;
  bool biasShift = true;
  int threads = 1;
};

/// Runs the back end on the simplified onnx-dialect `module`; returns an
/// exit code after printing every problem.
int compileNeuromorphic(mlir::ModuleOp module, const SnnCompileRequest &request);

/// One synaptic layer (an ONNX Conv/Gemm/MatMul) of a simulated network,
/// per sample.
struct SpikingLayerFigures {
  std::string node;
  int64_t neurons = 0, cores = 0;
  /// Spikes per source (target) neuron per step; an analog input is 1.
  double inputRate = 0, outputRate = 0;
  /// Synaptic operations (0 for a layer fed the analog input, which costs
  /// `inputMacs` once instead), neuron updates and the ANN's MACs.
  double sops = 0, inputMacs = 0, updates = 0, macs = 0;
};

/// What `hwc report --calib` measures for the spiking target: the network
/// converted, calibrated and mapped as compile would, then simulated on the
/// calibration samples at T (the request's, or the preset's).
struct SpikingMeasurement {
  std::string chip;
  int64_t timesteps = 0, samples = 0, coresUsed = 0, chipCores = 0;
  bool fits = false;
  /// Top-1 agreement with the ANN on the simulated samples.
  double agreement = 0;
  double spikesPerSample = 0, sopsPerSample = 0, updatesPerSample = 0;
  /// The preset's energies (negative: not published).
  double sopPj = -1, updatePj = -1;
  std::vector<SpikingLayerFigures> layers;
};

/// Converts (rewriting `module`), calibrates, maps and simulates up to
/// `maxSamples` calibration samples. Nullopt when it could not, with
/// `status` the exit code compile would give: 20 when the network does not
/// convert (the diagnostics say why), 1 for unreadable data (printed).
std::optional<SpikingMeasurement> measureSpiking(mlir::ModuleOp module,
                                                 const SnnCompileRequest &request,
                                                 size_t maxSamples, int &status);

} // namespace hwc::cli

#endif // HWC_TOOLS_HWC_COMPILENEUROMORPHIC_H
