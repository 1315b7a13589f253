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

} // namespace hwc::cli

#endif // HWC_TOOLS_HWC_COMPILENEUROMORPHIC_H
