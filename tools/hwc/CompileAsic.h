//===- CompileAsic.h - hwc compile --target=asic ------------------*- C++ -*-===//

#ifndef HWC_TOOLS_HWC_COMPILEASIC_H
#define HWC_TOOLS_HWC_COMPILEASIC_H

#include "runtime/sim/systolic/Simulator.h"

#include "mlir/IR/BuiltinOps.h"

#include <memory>

#include <string>

namespace hwc::target {
class TargetConfig;
} // namespace hwc::target

namespace hwc::cli {

struct AsicCompileRequest {
  std::string modelPath, planPath, outputPath;
  /// From loadAsicConfig.
  const target::TargetConfig *config = nullptr;
  rt::systolic::ArrayConfig array;
  double clockMHz = 0;
  /// "artifact", "asm" or "mlir".
  std::string emit = "artifact";
};

/// Loads an asic preset or file and checks that the code generator can use
/// it; null after printing one line per problem.
std::unique_ptr<target::TargetConfig> loadAsicConfig(const std::string &name,
                                                     rt::systolic::ArrayConfig &array,
                                                     double &clockMHz);

/// Lowers the quantized `module` for the array and writes the result;
/// returns the exit code (messages printed).
int compileAsic(mlir::ModuleOp module, const AsicCompileRequest &request);

} // namespace hwc::cli

#endif // HWC_TOOLS_HWC_COMPILEASIC_H
