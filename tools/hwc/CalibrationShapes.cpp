//===- CalibrationShapes.cpp - Static input shapes from calibration data --===//

#include "tools/hwc/CalibrationShapes.h"

#include "compiler/quantize/Calibration.h"
#include "runtime/io/TensorIO.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinTypes.h"

#include <algorithm>
#include <filesystem>

namespace fs = std::filesystem;

namespace hwc::cli {
namespace {

/// The first sample subdirectory of `directory`, or `directory` itself when
/// its samples are stacked in one file per input.
std::string firstSample(const std::string &directory, bool &stacked) {
  std::vector<std::string> subdirectories;
  std::error_code error;
  for (const fs::directory_entry &entry : fs::directory_iterator(directory, error))
    if (entry.is_directory())
      subdirectories.push_back(entry.path().string());
  stacked = subdirectories.empty();
  return stacked ? directory : *std::min_element(subdirectories.begin(), subdirectories.end());
}

} // namespace

std::vector<std::string> calibrationShapeBindings(mlir::ModuleOp module,
                                                  const std::string &calibDirectory) {
  std::vector<std::string> bindings;
  auto functions = module.getOps<mlir::func::FuncOp>();
  if (calibDirectory.empty() || !fs::is_directory(calibDirectory) || functions.empty())
    return bindings;
  mlir::func::FuncOp main = *functions.begin();
  bool stacked = false;
  std::string sample = firstSample(calibDirectory, stacked);
  for (unsigned index = 0; index < main.getNumArguments(); ++index) {
    auto type = llvm::dyn_cast<mlir::RankedTensorType>(main.getArgument(index).getType());
    auto name = main.getArgAttrOfType<mlir::StringAttr>(index, "onnx.name");
    if (!type || type.hasStaticShape() || !name)
      continue;
    std::string file = quant::calibrationInputFile(sample, index, name.str());
    if (file.empty())
      continue;
    std::vector<int64_t> dims;
    try {
      dims = rt::readTensorFile(file).shape();
    } catch (const std::exception &) {
      continue; // calibration reads it again and reports the problem
    }
    if (dims.size() != size_t(type.getRank()))
      continue;
    // Stacked samples run one at a time: a dynamic batch dim is 1.
    if (stacked && type.isDynamicDim(0))
      dims[0] = 1;
    bindings.push_back(name.str() + "=" + rt::formatShape(dims));
  }
  return bindings;
}

} // namespace hwc::cli
