//===- QuantizeModule.cpp - Calibrate a simplified module ------------------===//

#include "tools/hwc/QuantizeModule.h"

#include "compiler/export/Export.h"
#include "dialects/ONNX/ONNXTypeUtils.h"
#include "tools/hwc/OutputFile.h"

#include "llvm/ADT/ScopeExit.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"

#include <algorithm>
#include <iostream>

namespace hwc::cli {

void addQuantizeFlags(CLI::App &command, QuantizeFlags &flags) {
  command.add_option("--method", flags.method,
                     "Range per activation: minmax, percentile, entropy (KL), mse, or auto (the "
                     "per-tensor best and each method, all scored against the fp32 teacher)")
      ->capture_default_str();
  command.add_option("--percentile", flags.percentile,
                     "Central share of values kept by --method=percentile (and auto)")
      ->check(CLI::Range(50.0, 100.0))
      ->capture_default_str();
  command.add_option("--max-drop", flags.maxDrop,
                     "Accuracy budget: search for the cheapest mixed-precision plan whose "
                     "divergence from the fp32 teacher (--metric) is at most this")
      ->check(CLI::NonNegativeNumber);
  command.add_option("--metric", flags.metric,
                     "Divergence for --max-drop and sensitivity: top1-agreement (1 - "
                     "agreement), nmse, or kl (softmax KL divergence)")
      ->capture_default_str();
  command.add_option("--precisions", flags.precisions,
                     "Precisions the target supports, the cheapest first choice: int8, int16 "
                     "(activations), fp16, fp32 (default: all, or the --target's)")
      ->delimiter(',');
  command.add_flag("--no-bias-correction", flags.noBiasCorrection,
                   "Skip bias correction (by default it is scored against the fp32 teacher on "
                   "the calibration data and kept when it brings the student closer)");
}

bool applyQuantizeFlags(const QuantizeFlags &flags, quant::QuantizeOptions &options) {
  auto reject = [](const std::string &flag, const std::string &expected,
                   const std::string &got) {
    std::cerr << "hwc: error: " << flag << ": expected " << expected << ", got '" << got << "'\n";
    return false;
  };
  std::optional<quant::RangeMethod> method = quant::parseRangeMethod(flags.method);
  if (!method)
    return reject("--method", "minmax, percentile, entropy, mse or auto", flags.method);
  std::optional<quant::DivergenceMetric> metric = quant::parseDivergenceMetric(flags.metric);
  if (!metric)
    return reject("--metric", "top1-agreement, nmse or kl", flags.metric);
  if (!flags.precisions.empty()) {
    options.budget.allowed.clear();
    for (const std::string &name : flags.precisions) {
      std::optional<quant::Precision> precision = quant::parsePrecision(name);
      if (!precision)
        return reject("--precisions", "int8, int16, fp16 or fp32", name);
      options.budget.allowed.push_back(*precision);
    }
    std::sort(options.budget.allowed.begin(), options.budget.allowed.end());
    options.budget.allowed.erase(
        std::unique(options.budget.allowed.begin(), options.budget.allowed.end()),
        options.budget.allowed.end());
  }
  options.plan = {*method, flags.percentile};
  options.budget.metric = *metric;
  options.budget.maxDrop = flags.maxDrop;
  options.biasCorrection = !flags.noBiasCorrection;
  return true;
}

bool checkReportPath(const std::string &flag, const std::string &path) {
  llvm::StringRef name(path);
  if (name.empty() || name.ends_with(".json") || name.ends_with(".md"))
    return true;
  std::cerr << "hwc: error: " << flag << ": expected a .json or .md file, got '" << path << "'\n";
  return false;
}

void printQuantizeLog(const quant::QuantizeResult &result) {
  for (const std::string &fix : result.fixes)
    std::cerr << fix << "\n";
  if (!result.agreement)
    return;
  for (const quant::OutputAgreement &output : result.agreement->outputs) {
    std::cerr << "agreement with the fp32 teacher on " << result.agreement->samples
              << " samples, '" << output.name << "':";
    if (output.hasClasses())
      std::cerr << " top-1 " << llvm::formatv("{0:f2}", 100.0 * output.top1Agreement()).str()
                << "% (" << output.top1Agreeing << "/" << output.top1Total << "),";
    std::cerr << " SQNR " << llvm::formatv("{0:f1}", output.sqnrDb).str() << " dB, min cosine "
              << llvm::formatv("{0:f5}", output.minCosine).str() << "\n";
  }
}

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
