//===- CompileCommand.cpp - hwc compile ------------------------------------===//
//
// The compile pipeline up to the target back ends: import, bind shapes and
// simplify (BatchNorm folded), then, with --quantize=int8, calibrate the
// *simplified* model on --calib data (or take --plan), choose precisions
// against the fp32 teacher (--max-drop) and write the plan into the IR with
// hwc-quantize. The result is written as MLIR (.mlir) or as a QDQ ONNX model
// (.onnx) that any ONNX runtime can execute. An integer target refuses a
// float model and names the command that quantizes it.
//
//===----------------------------------------------------------------------===//

#include "compiler/export/Export.h"
#include "compiler/import/Import.h"
#include "compiler/quantize/QuantizeDriver.h"
#include "compiler/report/Report.h"
#include "dialects/ONNX/ONNXOps.h"
#include "passes/Passes.h"
#include "runtime/core/Error.h"
#include "tools/hwc/Commands.h"
#include "tools/hwc/CalibrationShapes.h"
#include "tools/hwc/CompileAsic.h"
#include "tools/hwc/CompileNeuromorphic.h"
#include "targets/Target.h"
#include "tools/hwc/Diagnostics.h"
#include "tools/hwc/OutputFile.h"
#include "tools/hwc/QuantizeModule.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"

#include <iostream>

using namespace mlir;

namespace hwc::cli {
namespace {

struct CompileArgs {
  std::string model, output, target, quantize = "none", calib, plan, planOutput,
                                     quantReport, eval, targetConfig, emit, fallback = "host";
  std::vector<std::string> shapes, dims;
  size_t calibCount = 0, evalCount = 0;
  int threads = 1;
  QuantizeFlags flags;
  SnnCompileRequest snn;
};

/// Targets whose arithmetic is integer only.
bool needsIntegerModel(const std::string &target) {
  return target == "asic";
}

bool isQuantized(ModuleOp module) {
  return module
      .walk([](Operation *op) {
        return llvm::isa<onnx::QuantizeLinearOp, onnx::DequantizeLinearOp>(op)
                   ? WalkResult::interrupt()
                   : WalkResult::advance();
      })
      .wasInterrupted();
}

/// Precisions a target can run, cheapest first (--precisions overrides).
std::vector<std::string> targetPrecisions(const CompileArgs &args) {
  if (!args.flags.precisions.empty())
    return args.flags.precisions;
  if (args.target == "asic")
    return {"int8", "int16"};
  if (args.target == "neuromorphic")
    return {"int8"};
  return {"int8", "int16", "fp16", "fp32"};
}

std::string defaultPlanPath(const std::string &output) {
  llvm::SmallString<256> path(output);
  llvm::sys::path::replace_extension(path, "plan.json");
  return path.str().str();
}

std::optional<quant::QuantizeOptions> quantizeOptions(const CompileArgs &args) {
  quant::QuantizeOptions options;
  QuantizeFlags flags = args.flags;
  flags.precisions = targetPrecisions(args);
  if (!applyQuantizeFlags(flags, options) || !checkReportPath("--quant-report", args.quantReport))
    return std::nullopt;
  options.calibrationDirectory = args.calib;
  options.calibrationCount = args.calibCount;
  options.threads = args.threads;
  options.evaluationDirectory = args.eval;
  options.evaluationCount = args.evalCount;
  options.analyze = !args.quantReport.empty();
  return options;
}

/// Calibrates the simplified module and writes the plan; returns its path,
/// or "" after printing the problem. Sets `budgetMissed`.
std::string makePlan(ModuleOp module, const CompileArgs &args, bool &budgetMissed) {
  std::optional<quant::QuantizeOptions> options = quantizeOptions(args);
  if (!options)
    return "";
  std::optional<quant::QuantizeResult> quantized = quantizeModule(module, args.model, *options);
  if (!quantized)
    return "";
  quant::QuantizeResult &result = *quantized;
  printQuantizeLog(result);
  std::string planPath = args.planOutput.empty() ? defaultPlanPath(args.output) : args.planOutput;
  std::string json = quant::writePlanJson(result.plan);
  if (!writeAtomically(planPath, [&](llvm::raw_ostream &os) {
        os << json;
        return true;
      }))
    return "";
  if (result.report && !args.quantReport.empty() &&
      !writeQuantizationReport(args.quantReport, *result.report))
    return "";
  if (!result.withinBudget) {
    std::cerr << args.model << ": error: no plan within --max-drop " << *args.flags.maxDrop
              << " (" << args.flags.metric << ") among " << llvm::join(targetPrecisions(args), ", ")
              << "; the best plan found is written to " << planPath << ", divergence "
              << quant::formatSignificant(result.report->drop) << "\n";
    budgetMissed = true;
  }
  return planPath;
}

/// The array and the spiking chip need static shapes: inputs still dynamic
/// take the first calibration sample's shape, announced as the --shape it
/// stands for.
LogicalResult bindShapesFromCalibration(ModuleOp module, const CompileArgs &args) {
  std::vector<std::string> bindings = calibrationShapeBindings(module, args.calib);
  if (bindings.empty())
    return success();
  for (const std::string &binding : bindings)
    std::cerr << args.model << ": note: --target=" << args.target
              << " needs static shapes; bound input "
              << binding << " from the first sample in " << args.calib
              << " (as --shape " << binding << ")\n";
  report::PrepareOptions prepare;
  prepare.shapes = bindings;
  return report::prepareModule(module, prepare);
}

LogicalResult applyPlan(ModuleOp module, const std::string &planPath) {
  PassManager pm(module.getContext());
  QuantizePassOptions options;
  options.planFile = planPath;
  pm.addNestedPass<func::FuncOp>(createQuantizePass(options));
  return pm.run(module);
}

bool writeModule(ModuleOp module, const std::string &path, const std::string &modelPath) {
  if (llvm::StringRef(path).ends_with(".onnx")) {
    std::vector<std::string> errors;
    std::optional<ExportedModel> exported = exportModule(module, errors);
    for (const std::string &error : errors)
      std::cerr << modelPath << ": " << error << "\n";
    return exported && writeOnnxModel(path, *exported);
  }
  return writeAtomically(path, [&](llvm::raw_ostream &os) {
    module.print(os);
    return true;
  });
}

/// What --emit (or the output's extension) asks for: "quantized" (the QDQ
/// module as .mlir or .onnx), or for --target=asic "artifact", "asm" or
/// "mlir" (the lowered module); "" after printing the problem.
std::string emitKind(const CompileArgs &args) {
  llvm::StringRef extension = llvm::sys::path::extension(args.output);
  std::string emit = args.emit;
  bool spiking = args.target == "neuromorphic";
  if (emit.empty())
    emit = extension == ".hwca" || extension == ".hwcn" ? "artifact"
           : extension == ".s"                          ? "asm"
           : extension == ".nir"                        ? "nir"
           : spiking && extension == ".mlir"            ? "mlir"
                                                        : "quantized";
  if (emit == "nir" && !spiking) {
    std::cerr << "hwc: error: --emit=nir needs --target=neuromorphic\n";
    return "";
  }
  if (spiking && emit == "asm") {
    std::cerr << "hwc: error: --emit=asm is the ASIC's listing; --target=neuromorphic writes "
              << "artifact (.hwcn), nir (.nir) or mlir (the snn module)\n";
    return "";
  }
  if (emit != "quantized" && args.target != "asic" && !spiking) {
    std::cerr << "hwc: error: --emit=" << emit << " needs --target=asic"
              << (emit == "asm" ? " (the other targets' back ends come later)"
                                : " or neuromorphic (the GPU back end comes later)")
              << "; --emit=quantized writes the quantized module\n";
    return "";
  }
  if (emit == "quantized" && extension != ".mlir" && extension != ".onnx") {
    std::cerr << "hwc: error: -o " << args.output << ": the quantized module is written as .mlir "
              << "or .onnx; for the ASIC artifact use .hwca or --emit=artifact\n";
    return "";
  }
  return emit;
}

/// The model imported into `context`, with --shape/--dim bound and
/// simplified (BatchNorm folded); null after the diagnostics are printed.
OwningOpRef<ModuleOp> importPrepared(MLIRContext &context, const CompileArgs &args) {
  OwningOpRef<ModuleOp> module = importModelFile(context, args.model);
  report::PrepareOptions prepare;
  prepare.shapes = args.shapes;
  prepare.dims = args.dims;
  if (!module || failed(report::prepareModule(*module, prepare)))
    return nullptr;
  return module;
}

/// --target=neuromorphic: the float model is converted, not quantized.
int runSpikingCompile(const CompileArgs &args, const std::string &emit) {
  if (args.quantize != "none" || !args.plan.empty()) {
    std::cerr << "hwc: error: --target=neuromorphic converts the float model (weights are "
                 "quantized to the preset's bits after normalization); drop --quantize/--plan\n";
    return kExitInputError;
  }
  MLIRContext context;
  context.printOpOnDiagnostic(false);
  DiagnosticPrinter diagnostics(context, args.model);
  OwningOpRef<ModuleOp> module = importPrepared(context, args);
  if (!module || failed(bindShapesFromCalibration(*module, args)))
    return kExitInputError;
  SnnCompileRequest request = args.snn;
  request.modelPath = args.model;
  request.outputPath = args.output;
  request.calibDirectory = args.calib;
  request.calibCount = args.calibCount;
  request.threads = args.threads;
  request.emit = emit;
  if (!args.targetConfig.empty())
    request.config = args.targetConfig;
  if (args.flags.maxDrop)
    request.maxDrop = *args.flags.maxDrop;
  return compileNeuromorphic(*module, request);
}

int runCompile(const CompileArgs &args) {
  std::string emit = emitKind(args);
  if (emit.empty())
    return kExitInputError;
  if (args.fallback != "host") {
    std::cerr << "hwc: error: --fallback=" << args.fallback << ": only host fallback is "
              << "available (the GPU artifact comes with the GPU back end)\n";
    return kExitInputError;
  }
  if (args.quantize != "none" && args.quantize != "int8") {
    std::cerr << "hwc: error: --quantize: expected none or int8, got '" << args.quantize << "'\n";
    return kExitInputError;
  }
  if (args.target == "neuromorphic" && emit != "quantized")
    return runSpikingCompile(args, emit);
  // The config is checked before anything is calibrated.
  AsicCompileRequest asic;
  std::unique_ptr<target::TargetConfig> asicConfig;
  if (emit != "quantized") {
    asicConfig = loadAsicConfig(args.targetConfig.empty() ? "sa128" : args.targetConfig,
                                asic.array, asic.clockMHz);
    if (!asicConfig)
      return kExitInputError;
    asic.config = asicConfig.get();
    asic.modelPath = args.model;
    asic.outputPath = args.output;
    asic.emit = emit;
  }
  bool quantize = args.quantize == "int8";
  if (quantize && args.calib.empty() && args.plan.empty()) {
    std::cerr << "hwc: error: --quantize=int8 needs calibration data (--calib DIR) or a plan "
                 "(--plan FILE from hwc calibrate)\n";
    return kExitInputError;
  }
  MLIRContext context;
  context.printOpOnDiagnostic(false);
  DiagnosticPrinter diagnostics(context, args.model);
  OwningOpRef<ModuleOp> module = importPrepared(context, args);
  if (!module)
    return kExitInputError;
  if (emit != "quantized" && failed(bindShapesFromCalibration(*module, args)))
    return kExitInputError;
  if (needsIntegerModel(args.target) && !quantize && !isQuantized(*module)) {
    std::cerr << args.model << ": error: --target=" << args.target
              << " runs integer arithmetic only and the model is float; quantize it: hwc compile "
              << "--target=" << args.target << " --quantize=int8 --calib DIR " << args.model
              << " -o " << args.output << "\n";
    return kExitInputError;
  }
  bool budgetMissed = false;
  if (quantize) {
    std::string planPath = args.plan.empty() ? makePlan(*module, args, budgetMissed) : args.plan;
    if (planPath.empty() || failed(applyPlan(*module, planPath)))
      return kExitInputError;
    asic.planPath = planPath;
  }
  if (emit != "quantized") {
    int code = compileAsic(*module, asic);
    return code == kExitSuccess && budgetMissed ? kExitNotMet : code;
  }
  if (!writeModule(*module, args.output, args.model))
    return kExitInputError;
  return budgetMissed ? kExitNotMet : kExitSuccess;
}

} // namespace

void addCompileCommand(CLI::App &app, std::function<int()> &run) {
  auto args = std::make_shared<CompileArgs>();
  CLI::App *command = app.add_subcommand(
      "compile", "Simplify, quantize and compile a model for a target: the ASIC artifact "
                 "(.hwca) or its assembly (.s), or the quantized module (.mlir, QDQ .onnx)");
  command->add_option("MODEL", args->model, "ONNX model file (.onnx or .onnxtxt)")->required();
  command->add_option("-o,--output", args->output,
                      "Output, written atomically: .hwca (the ASIC artifact), .s (its assembly), "
                      ".hwcn (the neuromorphic artifact), .nir (its NIR graph), .mlir (the "
                      "quantized onnx-dialect module, or the snn module) or .onnx (QDQ ONNX)")
      ->required();
  command->add_option("--emit", args->emit,
                      "artifact, asm or mlir (the lowered host graph and systolic programs; "
                      "--target=asic), artifact, nir or mlir (--target=neuromorphic: .hwcn, "
                      "NIR HDF5, the snn module), or quantized (the QDQ module); default from "
                      "-o's extension")
      ->check(CLI::IsMember({"artifact", "asm", "mlir", "nir", "quantized"}));
  command->add_option("--target-config", args->targetConfig,
                      "asic preset (sa128, sa16, tpu-v1; default sa128), neuromorphic preset "
                      "(loihi1, speck, xylo; default loihi1) or a JSON config file");
  command->add_option("--timesteps", args->snn.timesteps,
                      "neuromorphic: simulation time steps T, or auto (the smallest power of "
                      "two whose top-1 agreement with the ANN on --calib is within --max-drop, "
                      "default 0.01)")
      ->capture_default_str();
  command->add_option("--snn-maxpool", args->snn.maxpool,
                      "neuromorphic: reject MaxPool, or approx (sum pool into OR neurons; "
                      "over-estimates the maximum rate)")
      ->check(CLI::IsMember({"reject", "approx"}))
      ->capture_default_str();
  command->add_option("--snn-percentile", args->snn.percentile,
                      "neuromorphic: percentile of each activation's positive calibration "
                      "values taken as its scale lambda")
      ->check(CLI::Range(50.0, 100.0))
      ->capture_default_str();
  command->add_option("--snn-encoding", args->snn.encoding,
                      "neuromorphic: input encoder, current (analog injection) or rate")
      ->check(CLI::IsMember({"current", "rate"}))
      ->capture_default_str();
  command->add_flag("--no-bias-shift", [args](int64_t) { args->snn.biasShift = false; },
                    "neuromorphic: do not add threshold/2T to each population's bias");
  command->add_option("--fallback", args->fallback,
                      "where nodes the array cannot run go: host (the runtime)")
      ->capture_default_str();
  command->add_option("--target", args->target,
                      "asic, neuromorphic or gpu: the precisions the budget search may use; "
                      "asic refuses a float model")
      ->check(CLI::IsMember({"asic", "neuromorphic", "gpu"}));
  command->add_option("--quantize", args->quantize, "none or int8")->capture_default_str();
  command->add_option("--calib", args->calib,
                      "Calibration set for --quantize (layouts as hwc calibrate --data)");
  command->add_option("--calib-count", args->calibCount, "Use the first N calibration samples");
  command->add_option("--plan", args->plan,
                      "Use this quantization plan (from hwc calibrate) instead of calibrating");
  command->add_option("--plan-out", args->planOutput,
                      "Where the plan goes (default: the output with .plan.json)");
  addQuantizeFlags(*command, args->flags);
  command->add_option("--eval", args->eval, "Teacher/student evaluation set (default: --calib)");
  command->add_option("--eval-count", args->evalCount, "Use the first N evaluation samples");
  command->add_option("--quant-report", args->quantReport,
                      "Quantization report (.json or .md): sensitivity, precisions, curve");
  command->add_option("--shape", args->shapes, "Bind an input's shape: NAME=D0xD1x...");
  command->add_option("--dim", args->dims, "Bind a named dimension: DIM_PARAM=SIZE");
  command->add_option("--threads", args->threads, "Runtime worker threads (0: all cores)")
      ->capture_default_str();
  command->footer("Exit codes: 0 written, 1 usage or input error (nothing is written; also a "
                  "layer that does not fit the array or a config the code generator cannot "
                  "use), 20 no plan within --max-drop (the best plan and its output are "
                  "written). With --target=asic, nodes the array cannot run go to the host "
                  "(one note each). With --target=neuromorphic: 20 when a node has no "
                  "spiking form or the network does not fit the chip (nothing is written; "
                  "each problem names the node and the rule or limit).");
  command->callback([args, &run] { run = [args] { return runCompile(*args); }; });
}

} // namespace hwc::cli
