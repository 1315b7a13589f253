//===- Commands.h - hwc subcommands -----------------------------*- C++ -*-===//
//
// Each subcommand of the hwc driver lives in its own file and registers its
// CLI11 subcommand here. Exit codes are documented in docs/cli.md:
// 0 success, 1 usage or input error.
//
//===----------------------------------------------------------------------===//

#ifndef HWC_TOOLS_HWC_COMMANDS_H
#define HWC_TOOLS_HWC_COMMANDS_H

#include <CLI/CLI.hpp>

#include <functional>

namespace hwc::cli {

/// Exit codes shared by every subcommand.
enum ExitCode : int {
  kExitSuccess = 0,
  kExitInputError = 1,
  /// Not mapped, parity failed, or no plan within the accuracy budget.
  kExitNotMet = 20,
};

/// Adds `hwc import` to `app`; `run` is set to the action to take when the
/// subcommand is chosen.
void addImportCommand(CLI::App &app, std::function<int()> &run);

/// Adds `hwc run` (the CPU reference runtime).
void addRunCommand(CLI::App &app, std::function<int()> &run);

/// Adds `hwc simplify` (fold and write back as ONNX).
void addSimplifyCommand(CLI::App &app, std::function<int()> &run);

/// Adds `hwc report` (per-target compatibility report).
void addReportCommand(CLI::App &app, std::function<int()> &run);

/// Adds `hwc calibrate` (calibration statistics to a quantization plan).
void addCalibrateCommand(CLI::App &app, std::function<int()> &run);

/// Adds `hwc compile` (simplify, quantize, write the module).
void addCompileCommand(CLI::App &app, std::function<int()> &run);
/// hwc inspect: an artifact's header, sections and disassembly.
void addInspectCommand(CLI::App &app, std::function<int()> &run);

} // namespace hwc::cli

#endif // HWC_TOOLS_HWC_COMMANDS_H
