//===- CalibrateCommand.cpp - hwc calibrate --------------------------------===//
//
// Runs the model on a calibration set with the reference runtime, chooses a
// range per activation and writes the quantization plan (JSON). Weights
// and biases need no data: their scales come from the values.
//
//===----------------------------------------------------------------------===//

#include "tools/hwc/Commands.h"
#include "tools/hwc/OutputFile.h"
#include "tools/hwc/QuantizeModule.h"

#include "compiler/quantize/QuantizeDriver.h"
#include "runtime/core/Error.h"

#include "llvm/Support/FormatVariadic.h"

#include <iostream>
#include <map>
#include <unistd.h>

namespace hwc::cli {
namespace {

struct CalibrateArgs {
  std::string model;
  std::string data;
  std::string output;
  size_t count = 0;
  int threads = 1;
  std::string evalData;
  size_t evalCount = 0;
  std::string report;
  QuantizeFlags quantize;
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

/// The quantization options from the command line; nullopt after printing
/// the problem.
std::optional<quant::QuantizeOptions> quantizeOptions(const CalibrateArgs &args) {
  quant::QuantizeOptions options;
  if (!applyQuantizeFlags(args.quantize, options) || !checkReportPath("--report", args.report))
    return std::nullopt;
  options.calibrationDirectory = args.data;
  options.calibrationCount = args.count;
  options.threads = args.threads;
  options.evaluationDirectory = args.evalData;
  options.evaluationCount = args.evalCount;
  options.analyze = !args.report.empty();
  options.progress = progressBar();
  return options;
}

/// One line about the budget search: met or not, at what cost.
void printBudget(const quant::QuantizationReport &report) {
  std::map<std::string, int> raised;
  for (const quant::GroupReport &group : report.groups)
    if (group.precision != "int8")
      ++raised[group.precision];
  std::cerr << "sensitivity: " << report.groups.size() << " groups in "
            << report.sensitivityEvaluations << " evaluations";
  if (!report.maxDrop) {
    std::cerr << "\n";
    return;
  }
  std::cerr << "; budget " << report.metric << " <= " << *report.maxDrop << ": "
            << (report.withinBudget ? "met" : "NOT met") << " at "
            << quant::formatSignificant(report.drop) << " with";
  if (raised.empty())
    std::cerr << " every group int8";
  for (const auto &[precision, count] : raised)
    std::cerr << " " << count << " group(s) " << precision;
  std::cerr << ", relative cost " << llvm::formatv("{0:f3}", report.cost).str() << " ("
            << report.searchEvaluations << " search evaluations)\n";
}

int runCalibrate(const CalibrateArgs &args) {
  std::optional<quant::QuantizeOptions> options = quantizeOptions(args);
  if (!options)
    return kExitInputError;
  try {
    std::unique_ptr<rt::Model> model = rt::Model::load(args.model);
    quant::QuantizeResult result = quant::quantizeModel(*model, *options);
    result.plan.modelSha256 = quant::fileSha256(args.model);
    std::string json = quant::writePlanJson(result.plan);
    printSummary(result.plan);
    printQuantizeLog(result);
    if (result.report)
      printBudget(*result.report);
    if (result.report && !args.report.empty() && !writeQuantizationReport(args.report, *result.report))
      return kExitInputError;
    if (args.output.empty() || args.output == "-") {
      std::cout << json;
    } else if (!writeAtomically(args.output, [&](llvm::raw_ostream &os) {
                 os << json;
                 return true;
               })) {
      return kExitInputError;
    }
    if (!result.withinBudget) {
      std::cerr << args.model << ": error: no plan within --max-drop " << *args.quantize.maxDrop
                << " (" << args.quantize.metric << "); the best plan found is written, divergence "
                << quant::formatSignificant(result.report->drop) << "\n";
      return kExitNotMet;
    }
    return kExitSuccess;
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
  addQuantizeFlags(*command, args->quantize);
  command->add_option("--eval", args->evalData,
                      "Evaluation set (same layouts as --data, disjoint from it): print the "
                      "quantized model's agreement with the fp32 model");
  command->add_option("--eval-count", args->evalCount,
                      "Use the first N evaluation samples (default: all)");
  command->add_option("--report", args->report,
                      "Quantization report (.json or .md): per-layer sensitivity, precision and "
                      "SQNR, the cost/divergence curve");
  command->add_option("--threads", args->threads, "Runtime worker threads (0: all cores)")
      ->capture_default_str();
  command->footer("Exit codes: 0 plan written, 1 usage or input error (nothing is written), "
                  "20 no plan within --max-drop (the best plan found is written).");
  command->callback([args, &run] { run = [args] { return runCalibrate(*args); }; });
}

} // namespace hwc::cli
