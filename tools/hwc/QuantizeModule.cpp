//===- QuantizeModule.cpp - Calibrate a simplified module ------------------===//

#include "tools/hwc/QuantizeModule.h"

#include "compiler/export/Export.h"
#include "dialects/ONNX/ONNXTypeUtils.h"
#include "tools/hwc/OutputFile.h"

#include "llvm/ADT/ScopeExit.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"

#include <iostream>

namespace hwc::cli {

std::optional<quant::QuantizeResult> quantizeModule(mlir::ModuleOp module,
                                                    const std::string &modelPath,
                                                    const quant::QuantizeOptions &options) {
  llvm::SmallString<128> directory;
  if (llvm::sys::fs::createUniqueDirectory("hwc-quantize", directory)) {
    std::cerr << "hwc: error: cannot create a temporary directory\n";
    return std::nullopt;
  }
  auto cleanup = llvm::make_scope_exit([&] { llvm::sys::fs::remove_directories(directory); });
  // The quantize pass finds activations by producing node name.
  onnx::makeNodeNamesUnique(module);
  std::vector<std::string> errors;
  std::optional<ExportedModel> exported = exportModule(module, errors);
  for (const std::string &error : errors)
    std::cerr << modelPath << ": " << error << "\n";
  std::string path = (directory + "/simplified.onnx").str();
  if (!exported || !writeOnnxModel(path, *exported))
    return std::nullopt;
  try {
    std::unique_ptr<rt::Model> model = rt::Model::load(path);
    quant::QuantizeResult result = quant::quantizeModel(*model, options);
    result.plan.modelSha256 = quant::fileSha256(modelPath);
    return result;
  } catch (const std::exception &error) {
    std::cerr << modelPath << ": error: " << error.what() << "\n";
    return std::nullopt;
  }
}

bool writeQuantizationReport(const std::string &path, const quant::QuantizationReport &report) {
  return writeAtomically(path, [&](llvm::raw_ostream &os) {
    if (llvm::StringRef(path).ends_with(".json"))
      os << llvm::formatv("{0:2}", quant::quantizationJson(report)) << "\n";
    else
      quant::writeQuantizationMarkdown(report, os);
    return true;
  });
}

} // namespace hwc::cli
