//===- QuantizeModule.h - Calibrate a simplified module ---------*- C++ -*-===//
//
// What `hwc calibrate`, `hwc compile --quantize` and `hwc report --quantize
// --calib` share: the quantization flags and their checks, the log lines,
// and calibrating a simplified module (written as ONNX into a temporary
// directory and loaded by the runtime, so calibration sees the tensors and
// node names the quantize pass will find).
//
//===----------------------------------------------------------------------===//

#ifndef HWC_TOOLS_HWC_QUANTIZEMODULE_H
#define HWC_TOOLS_HWC_QUANTIZEMODULE_H

#include "compiler/quantize/QuantizeDriver.h"

#include "mlir/IR/BuiltinOps.h"

#include <CLI/CLI.hpp>

#include <optional>
#include <string>

namespace hwc::cli {

/// The quantization choices every quantizing command takes.
struct QuantizeFlags {
  std::string method = "auto";
  double percentile = 99.999;
  std::string metric = "top1-agreement";
  /// Empty: every precision.
  std::vector<std::string> precisions;
  std::optional<double> maxDrop;
  bool noBiasCorrection = false;
};

/// Adds --method, --percentile, --metric, --max-drop, --precisions and
/// --no-bias-correction to `command`.
void addQuantizeFlags(CLI::App &command, QuantizeFlags &flags);

/// Checks the flags and sets them in `options`; false after one
/// `hwc: error: --FLAG: ...` line.
bool applyQuantizeFlags(const QuantizeFlags &flags, quant::QuantizeOptions &options);

/// An empty path, or one ending in .json or .md; false after one error
/// line naming `flag`.
bool checkReportPath(const std::string &flag, const std::string &path);

/// The teacher-guided choices and, when measured, one line per model
/// output on how well the student follows the teacher.
void printQuantizeLog(const quant::QuantizeResult &result);

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
