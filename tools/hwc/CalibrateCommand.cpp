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

#include <algorithm>
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
  std::string method = "auto";
  double percentile = 99.999;
  int threads = 1;
  std::string evalData;
  size_t evalCount = 0;
  std::optional<double> maxDrop;
  std::string metric = "top1-agreement";
  std::vector<std::string> precisions = {"int8", "int16", "fp16", "fp32"};
  std::string report;
  bool noBiasCorrection = false;
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

/// The quantization options from the command line; nullopt after printing
/// the problem.
std::optional<quant::QuantizeOptions> quantizeOptions(const CalibrateArgs &args) {
  quant::QuantizeOptions options;
  std::optional<quant::RangeMethod> method = quant::parseRangeMethod(args.method);
  if (!method) {
    std::cerr << "hwc: error: --method: expected minmax, percentile, entropy, mse or auto, got '"
              << args.method << "'\n";
    return std::nullopt;
  }
  std::optional<quant::DivergenceMetric> metric = quant::parseDivergenceMetric(args.metric);
  if (!metric) {
    std::cerr << "hwc: error: --metric: expected top1-agreement, nmse or kl, got '"
              << args.metric << "'\n";
    return std::nullopt;
  }
  options.budget.allowed.clear();
  for (const std::string &name : args.precisions) {
    std::optional<quant::Precision> precision = quant::parsePrecision(name);
    if (!precision) {
      std::cerr << "hwc: error: --precisions: expected int8, int16, fp16 or fp32, got '" << name
                << "'\n";
      return std::nullopt;
    }
    options.budget.allowed.push_back(*precision);
  }
  std::sort(options.budget.allowed.begin(), options.budget.allowed.end());
  options.budget.allowed.erase(
      std::unique(options.budget.allowed.begin(), options.budget.allowed.end()),
      options.budget.allowed.end());
  if (!args.report.empty() && !llvm::StringRef(args.report).ends_with(".json") &&
      !llvm::StringRef(args.report).ends_with(".md")) {
    std::cerr << "hwc: error: --report: expected a .json or .md file, got '" << args.report
              << "'\n";
    return std::nullopt;
  }
  options.calibrationDirectory = args.data;
  options.calibrationCount = args.count;
  options.plan = {*method, args.percentile};
  options.threads = args.threads;
  options.evaluationDirectory = args.evalData;
  options.evaluationCount = args.evalCount;
  options.analyze = !args.report.empty();
  options.biasCorrection = !args.noBiasCorrection;
  options.budget.metric = *metric;
  options.budget.maxDrop = args.maxDrop;
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
    for (const std::string &fix : result.fixes)
      std::cerr << fix << "\n";
    if (result.report)
      printBudget(*result.report);
    if (result.agreement)
      printAgreement(*result.agreement);
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
      std::cerr << args.model << ": error: no plan within --max-drop " << *args.maxDrop << " ("
                << args.metric << "); the best plan found is written, divergence "
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
  command->add_option("--max-drop", args->maxDrop,
                      "Accuracy budget: search for the cheapest mixed-precision plan whose "
                      "divergence from the fp32 teacher (--metric) is at most this")
      ->check(CLI::NonNegativeNumber);
  command->add_option("--metric", args->metric,
                      "Divergence for --max-drop and sensitivity: top1-agreement (1 - "
                      "agreement), nmse, or kl (softmax KL divergence)")
      ->capture_default_str();
  command->add_option("--precisions", args->precisions,
                      "Precisions the target supports, the cheapest first choice: int8, int16 "
                      "(activations), fp16, fp32")
      ->delimiter(',')
      ->capture_default_str();
  command->add_option("--report", args->report,
                      "Quantization report (.json or .md): per-layer sensitivity, precision and "
                      "SQNR, the cost/divergence curve");
  command->add_flag("--no-bias-correction", args->noBiasCorrection,
                    "Skip bias correction (by default it is measured on the evaluation set, or "
                    "the calibration set without --eval, and kept when it brings the student "
                    "closer to the teacher)");
  command->add_option("--threads", args->threads, "Runtime worker threads (0: all cores)")
      ->capture_default_str();
  command->footer("Exit codes: 0 plan written, 1 usage or input error (nothing is written), "
                  "20 no plan within --max-drop (the best plan found is written).");
  command->callback([args, &run] { run = [args] { return runCalibrate(*args); }; });
}

} // namespace hwc::cli
