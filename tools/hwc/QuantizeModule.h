//===- QuantizeModule.h - Calibrate a simplified module ---------*- C++ -*-===//
//
// What `hwc compile --quantize` and `hwc report --quantize --calib` share:
// the simplified module is written as ONNX into a temporary directory and
// loaded by the runtime, so calibration sees the tensors and node names the
// quantize pass will find, then compiler/quantize does the rest.
//
//===----------------------------------------------------------------------===//

#ifndef HWC_TOOLS_HWC_QUANTIZEMODULE_H
#define HWC_TOOLS_HWC_QUANTIZEMODULE_H

#include "compiler/quantize/QuantizeDriver.h"

#include "mlir/IR/BuiltinOps.h"

#include <optional>
#include <string>

namespace hwc::cli {

/// Calibrates `module` (imported from `modelPath`, already simplified).
/// Returns nullopt after printing the problem; the plan carries the
/// model file's SHA-256.
std::optional<quant::QuantizeResult> quantizeModule(mlir::ModuleOp module,
                                                    const std::string &modelPath,
                                                    const quant::QuantizeOptions &options);

/// Writes a quantization report as JSON or Markdown by `path`'s extension.
bool writeQuantizationReport(const std::string &path, const quant::QuantizationReport &report);

} // namespace hwc::cli

#endif // HWC_TOOLS_HWC_QUANTIZEMODULE_H
