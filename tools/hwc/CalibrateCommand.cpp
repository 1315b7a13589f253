//===- CalibrateCommand.cpp - hwc calibrate --------------------------------===//
//
// Runs the model on a calibration set with the reference runtime, chooses a
// range per activation and writes the quantization plan (JSON). Weights
// and biases need no data: their scales come from the values.
//
//===----------------------------------------------------------------------===//

#include "tools/hwc/Commands.h"
#include "tools/hwc/OutputFile.h"

#include "compiler/quantize/Agreement.h"
#include "compiler/quantize/Calibration.h"
#include "compiler/quantize/PlanBuilder.h"
#include "runtime/core/Error.h"

#include "llvm/Support/FormatVariadic.h"

#include <iostream>
#include <unistd.h>

namespace hwc::cli {
namespace {

struct CalibrateArgs {
  std::string model;
  std::string data;
  std::string output;
  size_t count = 0;
  std::string method = "auto";
  double percentile = 99.999;
  int threads = 1;
  std::string evalData;
  size_t evalCount = 0;
};

/// "\rcalibrating: min/max 12/32" on a terminal; nothing in pipelines.
quant::CalibrationProgress progressBar() {
  if (!isatty(STDERR_FILENO))
    return nullptr;
  return [](int pass, size_t done, size_t total) {
    std::cerr << "\rcalibrating: " << (pass == 1 ? "min/max   " : "histograms") << " "
              << done << "/" << total << (pass == 2 && done == total ? "\n" : "")
              << std::flush;
  };
}

/// The tensor with the lowest expected SQNR: where int8 hurts most.
void printSummary(const quant::QuantPlan &plan) {
  const std::string *worst = nullptr;
  double worstSqnr = 0;
  size_t activations = 0, weights = 0;
  for (const auto &[name, tensor] : plan.tensors) {
    if (!tensor.range) {
      weights += tensor.role == quant::TensorRole::Weight;
      continue;
    }
    ++activations;
    if (!worst || tensor.range->sqnrDb < worstSqnr) {
      worst = &name;
      worstSqnr = tensor.range->sqnrDb;
    }
  }
  std::cerr << "calibrated " << activations << " activations on " << plan.samples
            << " samples (method " << plan.method << "), " << weights
            << " weights per channel";
  if (worst)
    std::cerr << "; lowest expected SQNR " << llvm::formatv("{0:f1}", worstSqnr).str() << " dB at '"
              << *worst << "'";
  std::cerr << "\n";
}

/// One line per model output: how well the student follows the teacher.
void printAgreement(const quant::Agreement &agreement) {
  for (const quant::OutputAgreement &output : agreement.outputs) {
    std::cerr << "agreement with the fp32 teacher on " << agreement.samples << " samples, '"
              << output.name << "':";
    if (output.top1Total)
      std::cerr << " top-1 " << llvm::formatv("{0:f2}", 100.0 * output.top1Agreement()).str()
                << "% (" << output.top1Agreeing << "/" << output.top1Total << "),";
    std::cerr << " SQNR " << llvm::formatv("{0:f1}", output.sqnrDb).str() << " dB, min cosine "
              << llvm::formatv("{0:f5}", output.minCosine).str() << "\n";
  }
}

int runCalibrate(const CalibrateArgs &args) {
  std::optional<quant::RangeMethod> method = quant::parseRangeMethod(args.method);
  if (!method) {
    std::cerr << "hwc: error: --method: expected minmax, percentile, entropy, mse or auto, got '"
              << args.method << "'\n";
    return kExitInputError;
  }
  try {
    std::unique_ptr<rt::Model> model = rt::Model::load(args.model);
    quant::CalibrationSet data(args.data, *model);
    if (data.size() == 0)
      rt::fail(args.data, ": no calibration samples");
    quant::Calibration calibration =
        quant::calibrate(*model, data, args.count, args.threads, progressBar());
    quant::QuantPlan plan = quant::buildPlan(*model, calibration, {*method, args.percentile});
    plan.modelSha256 = quant::fileSha256(args.model);
    std::string json = quant::writePlanJson(plan);
    printSummary(plan);
    if (!args.evalData.empty()) {
      quant::CalibrationSet evaluation(args.evalData, *model);
      printAgreement(quant::measureAgreement(*model, quant::toRuntimePlan(plan), evaluation,
                                             args.evalCount, args.threads));
    }
    if (args.output.empty() || args.output == "-") {
      std::cout << json;
      return kExitSuccess;
    }
    bool written = writeAtomically(args.output, [&](llvm::raw_ostream &os) {
      os << json;
      return true;
    });
    return written ? kExitSuccess : kExitInputError;
  } catch (const std::exception &error) {
    std::cerr << args.model << ": error: " << error.what() << "\n";
    return kExitInputError;
  }
}

} // namespace

void addCalibrateCommand(CLI::App &app, std::function<int()> &run) {
  auto args = std::make_shared<CalibrateArgs>();
  CLI::App *command = app.add_subcommand(
      "calibrate", "Run a calibration set through the model and write an int8 quantization plan");
  command->add_option("MODEL", args->model, "ONNX model file (.onnx)")->required();
  command->add_option("--data", args->data,
                      "Calibration set: one subdirectory per sample (input_N.pb or NAME.npy), "
                      "or per input one file whose first dim counts the samples")
      ->required();
  command->add_option("-o,--output", args->output,
                      "Plan file (JSON, written atomically); standard output when omitted");
  command->add_option("--calib-count", args->count,
                      "Use the first N samples (default: all)");
  command->add_option("--method", args->method,
                      "Range per activation: minmax, percentile, entropy (KL), mse, or auto "
                      "(the best expected SQNR per tensor)")
      ->capture_default_str();
  command->add_option("--percentile", args->percentile,
                      "Central share of values kept by --method=percentile (and auto)")
      ->check(CLI::Range(50.0, 100.0))
      ->capture_default_str();
  command->add_option("--eval", args->evalData,
                      "Evaluation set (same layouts as --data, disjoint from it): print the "
                      "quantized model's agreement with the fp32 model");
  command->add_option("--eval-count", args->evalCount,
                      "Use the first N evaluation samples (default: all)");
  command->add_option("--threads", args->threads, "Runtime worker threads (0: all cores)")
      ->capture_default_str();
  command->footer("Exit codes: 0 plan written, 1 usage or input error (nothing is written).");
  command->callback([args, &run] { run = [args] { return runCalibrate(*args); }; });
}

} // namespace hwc::cli
