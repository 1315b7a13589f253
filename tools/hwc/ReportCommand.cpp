//===- ReportCommand.cpp - `hwc report` ------------------------------------===//
//
// The compatibility report: imports the model, binds --shape/--dim, runs
// every requested target's coverage analysis and renders the report as
// text, JSON, Markdown or HTML. The exit code says whether every target maps
// (0), maps with fallback (10) or some target cannot run the model (20).
// With --calib, the neuromorphic target's per-layer figures are measured:
// the network is converted, calibrated, mapped and simulated on the
// calibration samples instead of assuming a firing rate.
//
//===----------------------------------------------------------------------===//

#include "Version.h"
#include "compiler/import/Import.h"
#include "compiler/report/Report.h"
#include "tools/hwc/Commands.h"
#include "tools/hwc/CompileNeuromorphic.h"
#include "tools/hwc/Diagnostics.h"
#include "tools/hwc/OutputFile.h"
#include "tools/hwc/QuantizeModule.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"

#include <iostream>

using namespace mlir;

namespace hwc::cli {

namespace {

struct ReportArgs {
  std::string model;
  std::string targets = "gpu,asic,neuromorphic";
  std::vector<std::string> targetConfigs;
  std::string format = "text";
  std::string output = "-";
  std::string failOn = "unsupported";
  std::string fallback = "none";
  std::string quantize = "none";
  std::vector<std::string> shapes, dims;
  std::string weights;
  bool listRules = false;
  bool noSimplify = false;
  std::string calib;
  size_t calibCount = 0;
  QuantizeFlags quantizeFlags;
};

void printError(const std::string &message) { std::cerr << "hwc: " << message << "\n"; }

bool parseWeights(llvm::StringRef text, report::ScoreWeights &weights) {
  if (text.empty())
    return true;
  llvm::SmallVector<llvm::StringRef> parts;
  text.split(parts, ',');
  for (llvm::StringRef part : parts) {
    auto [key, value] = part.split('=');
    double number;
    if (value.getAsDouble(number) || number < 0) {
      printError("error: --weights: expected NAME=NUMBER (>= 0), got '" + part.str() +
                 "'");
      return false;
    }
    if (key == "latency")
      weights.latency = number;
    else if (key == "throughput")
      weights.throughput = number;
    else if (key == "energy")
      weights.energy = number;
    else if (key == "risk")
      weights.risk = number;
    else {
      printError("error: --weights: unknown weight '" + key.str() +
                 "' (latency, throughput, energy, risk)");
      return false;
    }
  }
  if (weights.latency + weights.throughput + weights.energy + weights.risk <= 0) {
    printError("error: --weights: at least one weight must be positive");
    return false;
  }
  return true;
}

/// Calibration samples the spiking measurement simulates at most.
constexpr size_t kSpikingSamples = 100;

/// The report's neuromorphic column, or -1.
int neuromorphicColumn(const report::Report &report) {
  for (size_t i = 0; i < report.targets.size(); ++i)
    if (report.targets[i].name == "neuromorphic")
      return int(i);
  return -1;
}

/// The neuromorphic column's per-layer metrics and energy from `m`.
void replaceLayerFigures(const SpikingMeasurement &m, int column, report::Report &report) {
  bool energyKnown = m.sopPj >= 0 && m.updatePj >= 0;
  double joules = 0;
  for (report::NodeRow &row : report.rows) {
    auto layer = llvm::find_if(m.layers, [&](const SpikingLayerFigures &l) {
      return l.node == row.name;
    });
    if (layer == m.layers.end())
      continue;
    target::LayerCost &cost = row.cells[column].cost;
    double sops = layer->sops + layer->inputMacs;
    cost.metrics = {{"neurons", double(layer->neurons)},
                    {"cores", double(layer->cores)},
                    {"input_rate", layer->inputRate},
                    {"output_rate", layer->outputRate},
                    {"sops", sops},
                    {"sops_per_mac", layer->macs > 0 ? sops / layer->macs : 0.0}};
    if (energyKnown) {
      cost.joules = (sops * m.sopPj + layer->updates * m.updatePj) * 1e-12;
      joules += cost.joules;
    }
  }
  if (energyKnown)
    report.targets[column].energyJoules = joules;
}

/// --calib with the neuromorphic target: its assumed per-layer firing rates
/// give way to ones measured by converting, mapping and simulating the
/// network on the calibration samples (as `hwc compile` would build it).
/// False when the calibration data cannot be used (the error is printed).
bool measureSpikingLayers(ModuleOp module, const ReportArgs &args, report::Report &report) {
  int column = neuromorphicColumn(report);
  if (column < 0)
    return true;
  report::TargetSummary &summary = report.targets[column];
  SnnCompileRequest request;
  request.modelPath = args.model;
  request.calibDirectory = args.calib;
  request.calibCount = args.calibCount;
  request.config = report.options.configs.count("neuromorphic")
                       ? report.options.configs.at("neuromorphic")
                       : summary.preset;
  request.timesteps = "";
  // The coverage rows already name every node that does not convert; the
  // conversion's own errors would repeat them.
  std::string firstError;
  int status = kExitSuccess;
  OwningOpRef<ModuleOp> copy = module.clone();
  std::optional<SpikingMeasurement> measured;
  {
    ScopedDiagnosticHandler quiet(module.getContext(), [&](Diagnostic &diagnostic) {
      if (diagnostic.getSeverity() == DiagnosticSeverity::Error && firstError.empty())
        firstError = diagnostic.str();
      return success();
    });
    measured = measureSpiking(*copy, request, kSpikingSamples, status);
  }
  if (!measured && status == kExitInputError)
    return false;
  auto &lines = summary.memory.lines;
  if (!measured) {
    lines.push_back("spiking figures not measured: the network does not convert" +
                    (firstError.empty() ? std::string() : " (" + firstError + ")"));
    return true;
  }
  // The coverage analysis's lines (its core estimate and assumed firing
  // rate) give way to the mapper's placement and the simulation.
  lines.clear();
  const SpikingMeasurement &m = *measured;
  lines.push_back(llvm::formatv("measured on {0} calibration samples at T = {1}: {2} spikes, "
                                "{3} SOPs per sample; top-1 agreement with the ANN {4:P1}",
                                m.samples, m.timesteps, int64_t(std::llround(m.spikesPerSample)),
                                int64_t(std::llround(m.sopsPerSample)), m.agreement)
                      .str());
  lines.push_back(llvm::formatv("core mapping: {0} of {1} cores ({2}){3}", m.coresUsed,
                                m.chipCores, m.chip,
                                m.fits ? "" : "; does not fit (hwc compile names the limit)")
                      .str());
  summary.memory.fits = m.fits;
  if (!m.fits) { // hwc compile would stop here
    summary.status = "not mappable";
    report.exitCode = 20;
  }
  replaceLayerFigures(m, column, report);
  return true;
}

int runReport(const ReportArgs &args) {
  if (args.listRules) {
    bool written = writeAtomically(args.output, [](llvm::raw_ostream &os) {
      report::writeRulesMarkdown(os);
      return true;
    });
    return written ? kExitSuccess : kExitInputError;
  }
  if (args.model.empty()) {
    printError("error: report: MODEL is required");
    return kExitInputError;
  }
  if (!args.calib.empty() && args.quantize != "int8" &&
      !llvm::is_contained(llvm::split(args.targets, ','), "neuromorphic")) {
    printError("error: --calib needs --quantize=int8 or the neuromorphic target");
    return kExitInputError;
  }
  report::ReportOptions options;
  options.targets.clear();
  for (llvm::StringRef name : llvm::split(args.targets, ','))
    if (!name.trim().empty())
      options.targets.push_back(name.trim().str());
  options.fallback = args.fallback;
  options.quantize = args.quantize;
  options.failOn = args.failOn;
  options.simplified = !args.noSimplify;
  std::vector<std::string> errors;
  if (!parseWeights(args.weights, options.weights) ||
      failed(report::resolveTargetConfigs(args.targetConfigs, options, errors)) ||
      failed(report::checkTargets(options, errors))) {
    for (const std::string &error : errors)
      printError(error);
    return kExitInputError;
  }

  MLIRContext context;
  context.printOpOnDiagnostic(false);
  DiagnosticPrinter diagnostics(context, args.model);
  OwningOpRef<ModuleOp> module = importModelFile(context, args.model);
  report::PrepareOptions prepare;
  prepare.shapes = args.shapes;
  prepare.dims = args.dims;
  prepare.simplify = !args.noSimplify;
  if (!module || failed(report::prepareModule(*module, prepare)))
    return kExitInputError;
  std::optional<report::Report> built =
      report::buildReport(*module, args.model, options, errors);
  for (const std::string &error : errors)
    printError(error);
  if (!built)
    return kExitInputError;
  built->hwcVersion = HWC_VERSION_STRING;
  if (!args.calib.empty() && !measureSpikingLayers(*module, args, *built))
    return kExitInputError;
  if (!args.calib.empty() && args.quantize == "int8") {
    quant::QuantizeOptions quantize;
    if (!applyQuantizeFlags(args.quantizeFlags, quantize))
      return kExitInputError;
    quantize.calibrationDirectory = args.calib;
    quantize.calibrationCount = args.calibCount;
    quantize.analyze = true;
    std::optional<quant::QuantizeResult> result =
        quantizeModule(*module, args.model, quantize);
    if (!result)
      return kExitInputError;
    built->quantization = std::move(result->report);
  }
  bool written = writeAtomically(args.output, [&](llvm::raw_ostream &os) {
    if (args.format == "json")
      report::writeJson(*built, os);
    else if (args.format == "md")
      report::writeMarkdown(*built, os);
    else if (args.format == "html")
      report::writeHtml(*built, os);
    else
      report::writeText(*built, os);
    return true;
  });
  return written ? built->exitCode : kExitInputError;
}

} // namespace

void addReportCommand(CLI::App &app, std::function<int()> &run) {
  auto args = std::make_shared<ReportArgs>();
  CLI::App *command = app.add_subcommand(
      "report", "Per-target compatibility report: what maps to the GPU, the systolic "
                "ASIC and the neuromorphic chip, why not, what to change, and the cost");
  command->add_option("MODEL", args->model, "ONNX model file (.onnx or .onnxtxt)");
  command->add_option("--targets", args->targets,
                      "Comma-separated targets to check (default gpu,asic,neuromorphic)");
  command
      ->add_option("--target-config", args->targetConfigs,
                   "Preset or JSON config: TARGET=PRESET|FILE, PRESET (sm_80, sm_90, "
                   "sa16, sa128, tpu-v1, loihi1, speck, xylo) or FILE.json (its "
                   "'target' field decides); repeatable")
      ->take_all();
  command->add_option("--format", args->format, "text (default), json, md or html")
      ->check(CLI::IsMember({"text", "json", "md", "html"}));
  command->add_option("-o,--output", args->output,
                      "Output file ('-' for stdout; written atomically)");
  command
      ->add_option("--fallback", args->fallback,
                   "Where unsupported nodes run: none (default), gpu or host")
      ->check(CLI::IsMember({"none", "gpu", "host"}));
  command
      ->add_option("--fail-on", args->failOn,
                   "unsupported (default): exit 20 only if a target cannot run the "
                   "model; fallback: also when it needs a fallback")
      ->check(CLI::IsMember({"unsupported", "fallback"}));
  command
      ->add_option("--quantize", args->quantize,
                   "Precision compile would quantize to: none (default) or int8")
      ->check(CLI::IsMember({"none", "int8"}));
  command->add_option("--calib", args->calib,
                      "Calibration set: with --quantize=int8, add the quantization section "
                      "(sensitivity, precisions, cost vs accuracy curve); for the "
                      "neuromorphic target, measure per-layer firing rates, synaptic "
                      "operations and cores by converting and simulating the network");
  command->add_option("--calib-count", args->calibCount, "Use the first N calibration samples");
  addQuantizeFlags(*command, args->quantizeFlags);
  command->add_option("--shape", args->shapes,
                      "Bind an input's shape: NAME=D0xD1x... (repeatable)");
  command->add_option("--dim", args->dims,
                      "Bind a named dimension: DIM_PARAM=SIZE (repeatable)");
  command->add_flag("--no-simplify", args->noSimplify,
                    "Analyse the model as imported: no constant folding or no-op "
                    "node removal first");
  command->add_option("--weights", args->weights,
                      "Decision weights, e.g. latency=0.3,throughput=0.2,energy=0.3,"
                      "risk=0.2 (the defaults)");
  command->add_flag(
      "--list-rules", args->listRules,
      "Print every target's rule table as Markdown (docs/rules.md) and exit");
  command->footer("Exit codes: 0 all requested targets fully mapped, 10 mapped with "
                  "fallback, 20 some target not mappable, 1 usage or input error.");
  command->callback([args, &run] { run = [args] { return runReport(*args); }; });
}

} // namespace hwc::cli
