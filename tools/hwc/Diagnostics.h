//===- Diagnostics.h - One-line diagnostics for the hwc driver --*- C++ -*-===//
//
// Prints MLIR diagnostics as `FILE: error: node 'NAME': message`, one line
// each, so scripts and people see which file and which ONNX node failed.
//
//===----------------------------------------------------------------------===//

#ifndef HWC_TOOLS_HWC_DIAGNOSTICS_H
#define HWC_TOOLS_HWC_DIAGNOSTICS_H

#include "mlir/IR/Diagnostics.h"

#include <memory>
#include <string>

namespace hwc::cli {

/// Installs a handler on `context` that prints every diagnostic to stderr,
/// naming `inputPath` when the location does not carry a file. Counts errors.
class DiagnosticPrinter {
public:
  DiagnosticPrinter(mlir::MLIRContext &context, std::string inputPath);
  ~DiagnosticPrinter();
  unsigned errorCount() const { return errors; }

private:
  mlir::MLIRContext &context;
  std::string inputPath;
  unsigned errors = 0;
  mlir::DiagnosticEngine::HandlerID handlerId;
};

} // namespace hwc::cli

#endif // HWC_TOOLS_HWC_DIAGNOSTICS_H
