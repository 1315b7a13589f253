//===- CalibrationShapes.h - Static input shapes from calibration data ----===//
//
// The systolic array runs static shapes only. When a model's inputs keep
// dynamic dims after --shape/--dim, `hwc compile --target=asic` binds them
// to the shapes of the first calibration sample, as a user would with
// --shape, and says so.
//
//===----------------------------------------------------------------------===//

#ifndef HWC_TOOLS_HWC_CALIBRATIONSHAPES_H
#define HWC_TOOLS_HWC_CALIBRATIONSHAPES_H

#include "mlir/IR/BuiltinOps.h"

#include <string>
#include <vector>

namespace hwc::cli {

/// `--shape` bindings (NAME=D0xD1x...) for every input of `module`'s entry
/// function that is still dynamic, from the first sample in `calibDirectory`
/// (a sample subdirectory, or stacked files whose dynamic batch dim is one
/// sample). Inputs whose file is missing or of another rank are left alone:
/// calibration reports those.
std::vector<std::string> calibrationShapeBindings(mlir::ModuleOp module,
                                                  const std::string &calibDirectory);

} // namespace hwc::cli

#endif // HWC_TOOLS_HWC_CALIBRATIONSHAPES_H
