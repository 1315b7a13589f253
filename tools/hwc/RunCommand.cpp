//===- RunCommand.cpp - `hwc run` -----------------------------------------===//
//
// Runs an ONNX model on the reference runtime: inputs from .pb/.npy files
// (or random with a seed), outputs summarised on stdout and optionally
// written out, every intermediate optionally dumped, and outputs optionally
// compared against expected ones with the parity metrics.
//
//===----------------------------------------------------------------------===//

#include "tools/hwc/Commands.h"

#include "passes/QuantPlan.h"
#include "targets/Registry.h"
#include "runtime/artifact/AsicExecutor.h"
#include "tools/hwc/RunSpiking.h"
#include "runtime/core/Dispatch.h"
#include "runtime/core/Error.h"
#include "runtime/interpreter/Interpreter.h"
#include "runtime/io/TensorIO.h"
#include "runtime/parity/Metrics.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <random>

namespace fs = std::filesystem;
using namespace hwc::rt;

namespace hwc::cli {

namespace {

/// Exit code when --compare-to finds a mismatch (DESIGN.md §7).

struct RunArgs {
  std::string model;
  std::vector<std::string> inputs;
  std::string inputDir;
  std::string outputDir;
  std::string dumpDir;
  std::string compareDir;
  std::string planFile;
  bool randomInputs = false;
  uint64_t seed = 1;
  int threads = 1;
  int repeat = 1;
  bool profile = false;
  double rtol = 1e-3, atol = 1e-4;
  // Artifacts (.hwca).
  std::string timing = "native";
  std::string targetConfig;
  bool layers = false;
  bool checkReference = false;
  double dramBytesPerCycle = -1;
  // Neuromorphic artifacts (.hwcn).
  std::vector<int64_t> timesteps;
  std::string statsPath;
};

/// "path: message" → "path: error: message"; other messages get the model.
void printError(const std::string &model, const std::string &message) {
  size_t colon = message.find(": ");
  std::string path = colon == std::string::npos ? "" : message.substr(0, colon);
  bool looksLikePath = !path.empty() && path.find(' ') == std::string::npos &&
                      path.find_first_of("/.") != std::string::npos;
  if (looksLikePath)
    std::cerr << path << ": error: " << message.substr(colon + 2) << "\n";
  else
    std::cerr << model << ": error: " << message << "\n";
}

/// A tensor of the declared type with dynamic dims set to 1: floats uniform
/// in [0, 1), integers in [0, 10), bools half true.
Tensor randomInput(const ValueInfo &info, std::mt19937_64 &rng) {
  if (!isSupportedDType(info.elemType))
    fail("input '", info.name, "' has dtype ", onnxDataTypeName(info.elemType),
         ", which --random-inputs cannot generate");
  Shape shape;
  for (int64_t d : info.dims)
    shape.push_back(d >= 0 ? d : 1);
  DType type = static_cast<DType>(info.elemType);
  Tensor values(DType::Float64, shape);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::uniform_int_distribution<int> digit(0, 9);
  for (int64_t i = 0; i < values.numElements(); ++i)
    values.data<double>()[i] = isFloatingPoint(type) ? unit(rng)
                               : type == DType::Bool ? double(digit(rng) < 5)
                                                     : double(digit(rng));
  return castTensor(values, type);
}

/// The declared input `name`; throws listing the model's inputs when there
/// is none.
const ValueInfo *findInput(const Graph &graph, const std::string &name) {
  std::string known;
  for (size_t i = 0; i < graph.inputs.size(); ++i) {
    if (graph.inputInfos[i].name == name)
      return &graph.inputInfos[i];
    known += (known.empty() ? "'" : ", '") + graph.inputInfos[i].name + "'";
  }
  fail("unknown input '", name, "'; the model's inputs are ",
       known.empty() ? "none" : known);
}

std::map<std::string, Tensor> gatherInputs(const RunArgs &args,
                                           const Model &model) {
  std::map<std::string, Tensor> inputs;
  const Graph &graph = model.graph();
  for (const std::string &spec : args.inputs) {
    size_t eq = spec.find('=');
    if (eq == std::string::npos || eq == 0)
      fail("--input expects NAME=FILE, got '", spec, "'");
    std::string name = spec.substr(0, eq), file = spec.substr(eq + 1);
    const ValueInfo *info = findInput(graph, name);
    Tensor value = readTensorFile(file);
    // Check here, where the file is known, so the message can name it.
    try {
      Interpreter::checkInput(*info, value);
    } catch (const Error &e) {
      fail(file, ": ", e.what());
    }
    inputs[name] = value;
  }
  if (!args.inputDir.empty()) {
    // input_0.pb, input_1.pb, ... in graph input order (ONNX test data).
    for (size_t i = 0; i < graph.inputs.size(); ++i) {
      std::string name = graph.valueNames[size_t(graph.inputs[i])];
      fs::path file = fs::path(args.inputDir) / ("input_" + std::to_string(i) + ".pb");
      if (!fs::exists(file))
        file = fs::path(args.inputDir) / (name + ".npy");
      if (!fs::exists(file))
        fail(args.inputDir, ": no input_", i, ".pb or ", name, ".npy for input '",
             name, "'");
      if (!inputs.count(name))
        inputs[name] = readTensorFile(file.string());
    }
  }
  if (args.randomInputs) {
    std::mt19937_64 rng(args.seed);
    for (size_t i = 0; i < graph.inputs.size(); ++i) {
      const std::string &name = graph.valueNames[size_t(graph.inputs[i])];
      Tensor value = randomInput(graph.inputInfos[i], rng);
      if (!inputs.count(name))
        inputs[name] = value;
    }
  }
  return inputs;
}

void printSummary(const std::string &name, const Tensor &t) {
  std::cout << name << ": " << dtypeName(t.dtype()) << " "
            << formatShape(t.shape());
  if (t.numElements() > 0) {
    Tensor v = castTensor(t, DType::Float64);
    const double *p = v.data<double>();
    double lo = p[0], hi = p[0], sum = 0;
    for (int64_t i = 0; i < v.numElements(); ++i) {
      lo = std::min(lo, p[i]);
      hi = std::max(hi, p[i]);
      sum += p[i];
    }
    std::cout << "  min=" << lo << " max=" << hi
              << " mean=" << sum / double(v.numElements());
  }
  std::cout << "\n";
}

/// A file name for a tensor name ('/' and other odd characters replaced).
std::string safeFileName(const std::string &name) {
  std::string out;
  for (char c : name)
    out += std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_'
               ? c
               : '_';
  return out.empty() ? "unnamed" : out;
}

void writeOutputs(const std::string &dir, const NamedTensors &tensors,
                  bool numbered) {
  fs::create_directories(dir);
  for (size_t i = 0; i < tensors.size(); ++i) {
    const auto &[name, value] = tensors[i];
    std::string file = numbered ? "output_" + std::to_string(i) + ".pb"
                                : std::to_string(i) + "_" + safeFileName(name) + ".pb";
    writeTensorProtoFile((fs::path(dir) / file).string(), value, name);
  }
}

/// Expected outputs: output_N.pb (matched by position) or NAME.npy.
Tensor expectedOutput(const std::string &dir, size_t index,
                      const std::string &name) {
  fs::path pb = fs::path(dir) / ("output_" + std::to_string(index) + ".pb");
  if (fs::exists(pb))
    return readTensorFile(pb.string());
  fs::path npy = fs::path(dir) / (safeFileName(name) + ".npy");
  if (fs::exists(npy))
    return readTensorFile(npy.string());
  fail(dir, ": no output_", index, ".pb or ", safeFileName(name),
       ".npy for output '", name, "'");
}

/// With --compare-to: the parity of every output; the exit code.
int compareOutputs(const RunArgs &args, const NamedTensors &outputs) {
  if (args.compareDir.empty())
    return kExitSuccess;
  Tolerance tolerance{args.rtol, args.atol};
  bool allPassed = true;
  for (size_t i = 0; i < outputs.size(); ++i) {
    const auto &[name, value] = outputs[i];
    ParityMetrics metrics =
        compareTensors(value, expectedOutput(args.compareDir, i, name), tolerance);
    allPassed &= metrics.passed();
    std::cout << name << ": " << formatMetrics(metrics, tolerance) << "\n";
  }
  std::cout << (allPassed ? "parity: PASS" : "parity: FAIL") << "\n";
  return allPassed ? kExitSuccess : kExitNotMet;
}

/// Refuses an artifact built for another config than --target-config.
void checkConfig(const RunArgs &args, const AsicArtifact &artifact) {
  if (args.targetConfig.empty())
    return;
  std::vector<std::string> problems;
  std::unique_ptr<target::TargetConfig> config =
      target::loadTargetConfig(*target::lookupTarget("asic"), args.targetConfig, problems);
  if (!config)
    fail("--target-config ", args.targetConfig, ": ", problems.empty() ? "" : problems[0]);
  if (config->hash != artifact.header.configHash)
    fail(args.model, ": compiled for config '", artifact.header.configName, "' (sha256 ",
         artifact.header.configHash.substr(0, 12), "...), not for '", config->name, "' (sha256 ",
         config->hash.substr(0, 12), "...): config hash mismatch; recompile with --target-config ",
         args.targetConfig);
}

void printAsicFigures(const RunArgs &args, const AsicArtifact &artifact,
                      const AsicRunResult &result) {
  bool scaleSim = args.timing == "scalesim";
  int64_t lanes = artifact.segments.empty() ? 0 : artifact.segments[0].array.rows;
  int64_t useful = 0;
  for (const AsicLayerFigures &layer : result.layers)
    useful += layer.usefulMacs;
  if (args.layers) {
    // The counters are TPU v1's: cycles the array streams, waits for a
    // weight tile's bytes, shifts a tile nothing hid, waits for other
    // engines (DMA, vector).
    std::printf("%-32s %-8s %7s %7s %7s %12s %12s %7s %10s %10s %6s %10s %9s %9s %9s\n",
                "layer", "op", "M", "K", "N", "native", "scalesim", "util", "dram KB",
                "roofline", "ratio", "active", "w-stall", "w-shift", "stall");
    for (const AsicLayerFigures &l : result.layers) {
      double util = l.native.cycles > 0
                        ? double(l.usefulMacs) / (double(l.native.cycles) * lanes * lanes)
                        : 0;
      double ratio = l.rooflineCycles > 0 ? double(l.native.cycles) / l.rooflineCycles : 0;
      std::printf("%-32s %-8s %7lld %7lld %7lld %12lld %12lld %6.1f%% %10.1f %10lld %6.2f %10lld "
                  "%9lld %9lld %9lld\n",
                  l.name.c_str(), l.opType.c_str(), (long long)l.gemm.m, (long long)l.gemm.k,
                  (long long)l.gemm.n, (long long)l.native.cycles,
                  (long long)l.scaleSimCycles, 100 * util, double(l.native.dramBytes) / 1024,
                  (long long)l.rooflineCycles, ratio, (long long)l.native.arrayActive,
                  (long long)l.native.weightStall, (long long)l.native.weightShift,
                  (long long)l.native.dataStall);
    }
  }
  int64_t cycles = scaleSim ? result.scaleSimCycles : result.nativeCycles;
  double utilization = cycles > 0 ? double(useful) / (double(cycles) * lanes * lanes) : 0;
  std::printf("asic (%s, %s timing): %lld cycles, %.3f ms at %.0f MHz, array utilization %.1f%% "
              "(%lld useful MACs on %lldx%lld); native %lld, scalesim %lld cycles\n",
              artifact.header.configName.c_str(), args.timing.c_str(), (long long)cycles,
              artifact.clockMhz > 0 ? double(cycles) / (artifact.clockMhz * 1e3) : 0.0,
              artifact.clockMhz, 100 * utilization, (long long)useful, (long long)lanes,
              (long long)lanes, (long long)result.nativeCycles, (long long)result.scaleSimCycles);
}

/// Runs a .hwca artifact: host graph on the runtime, segments on the
/// simulator; optionally checks the simulator against the integer
/// reference bit for bit.
int runArtifact(const RunArgs &args) {
  try {
    AsicArtifact artifact = readAsicArtifact(args.model);
    checkConfig(args, artifact);
    AsicExecutor executor(artifact, args.threads, args.dramBytesPerCycle);
    std::map<std::string, Tensor> inputs = gatherInputs(args, executor.hostModel());
    AsicRunResult result = executor.run(inputs, args.checkReference);
    for (const auto &[name, value] : result.outputs)
      printSummary(name, value);
    printAsicFigures(args, artifact, result);
    if (!args.outputDir.empty())
      writeOutputs(args.outputDir, result.outputs, true);
    if (args.checkReference) {
      std::printf("integer reference: %s (%lld of %lld segment output bytes differ)\n",
                  result.referenceMismatches == 0 ? "bit-exact" : "MISMATCH",
                  (long long)result.referenceMismatches, (long long)result.referenceBytes);
      if (result.referenceMismatches != 0)
        return kExitNotMet;
    }
    return compareOutputs(args, result.outputs);
  } catch (const std::exception &e) {
    printError(args.model, e.what());
    return kExitInputError;
  }
}

int runModel(const RunArgs &args) {
  if (llvm::StringRef(args.model).ends_with(".hwca"))
    return runArtifact(args);
  if (llvm::StringRef(args.model).ends_with(".hwcn"))
    return runSpikingArtifact({args.model, args.inputDir, args.outputDir, args.inputs,
                               args.timesteps, args.threads, args.statsPath});
  std::unique_ptr<Model> model;
  try {
    model = Model::load(args.model);
    Interpreter interpreter(*model, args.threads);
    std::map<std::string, Tensor> inputs = gatherInputs(args, *model);
    RunOptions options;
    options.recordIntermediates = !args.dumpDir.empty();
    options.profile = args.profile;
    QuantizationPlan plan;
    if (!args.planFile.empty()) {
      std::string error;
      std::optional<quant::QuantPlan> parsed =
          quant::readPlanJson(readWholeFile(args.planFile), error);
      if (!parsed)
        fail(args.planFile, ": ", error);
      plan = quant::toRuntimePlan(*parsed);
      options.quantizationPlan = &plan;
    }
    // With --repeat, the first run warms up and the median of the rest is
    // reported (model loading is never timed).
    std::vector<double> times;
    RunResult result;
    for (int i = 0; i < std::max(args.repeat, 1) + (args.repeat > 1); ++i) {
      auto start = std::chrono::steady_clock::now();
      result = interpreter.run(inputs, options);
      times.push_back(std::chrono::duration<double, std::milli>(
                          std::chrono::steady_clock::now() - start).count());
    }
    if (args.repeat > 1)
      times.erase(times.begin());
    std::sort(times.begin(), times.end());
    double ms = times[times.size() / 2];
    for (const auto &[name, value] : result.outputs)
      printSummary(name, value);
    std::printf("ran %zu nodes in %.2f ms on %d thread%s", model->graph().nodes.size(),
                ms, args.threads, args.threads == 1 ? "" : "s");
    if (args.repeat > 1)
      std::printf(" (median of %d runs, min %.2f ms)", args.repeat, times.front());
    std::printf("\n");
    if (args.profile) {
      // Time per operator type of the last run, most expensive first.
      std::vector<std::pair<std::string, std::pair<double, int64_t>>> rows(
          result.profile.begin(), result.profile.end());
      std::sort(rows.begin(), rows.end(), [](const auto &a, const auto &b) {
        return a.second.first > b.second.first;
      });
      for (const auto &[op, entry] : rows)
        std::printf("  %-24s %9.3f ms  %5lld nodes\n", op.c_str(), entry.first,
                    (long long)entry.second);
    }
    if (!args.outputDir.empty())
      writeOutputs(args.outputDir, result.outputs, true);
    if (!args.dumpDir.empty())
      writeOutputs(args.dumpDir, result.intermediates, false);
    return compareOutputs(args, result.outputs);
  } catch (const Error &e) {
    printError(args.model, e.what());
    return kExitInputError;
  } catch (const std::exception &e) {
    printError(args.model, e.what());
    return kExitInputError;
  }
}

} // namespace

void addRunCommand(CLI::App &app, std::function<int()> &run) {
  auto args = std::make_shared<RunArgs>();
  CLI::App *cmd = app.add_subcommand(
      "run", "Run an ONNX model on the CPU reference runtime, or a .hwca artifact on the "
             "systolic simulator (with its host fallback)");
  cmd->add_option("model", args->model, "ONNX model (.onnx) or ASIC artifact (.hwca)")
      ->required();
  cmd->add_option("--timesteps", args->timesteps,
                  "time steps for a .hwcn artifact: T or a comma-separated list "
                  "(default: the T it was compiled for)")
      ->delimiter(',');
  cmd->add_option("--stats", args->statsPath,
                  "a .hwcn run's per-sample spike counts, SOPs and membranes as JSON");
  cmd->add_option("--input", args->inputs,
                  "NAME=FILE: an input from a .pb (TensorProto) or .npy file "
                  "(repeatable)");
  cmd->add_option("--inputs", args->inputDir,
                  "directory with input_N.pb (ONNX test data) or NAME.npy");
  cmd->add_flag("--random-inputs", args->randomInputs,
                "generate missing inputs: floats in [0,1), integers in "
                "[0,10), dynamic dims set to 1");
  cmd->add_option("--seed", args->seed, "seed for --random-inputs")
      ->default_val(1);
  cmd->add_option("--threads", args->threads, "worker threads (0: all cores)")
      ->default_val(1);
  cmd->add_option("--repeat", args->repeat,
                  "run N times after one warm-up run and report the median "
                  "latency")
      ->default_val(1)
      ->check(CLI::Range(1, 100000));
  cmd->add_flag("--profile", args->profile,
                "print the time spent per operator type (last run)");
  cmd->add_option("--output-dir", args->outputDir,
                  "write outputs as output_N.pb into this directory");
  cmd->add_option("--dump-all", args->dumpDir,
                  "write every intermediate tensor (N_NAME.pb) into this "
                  "directory");
  cmd->add_option("--plan", args->planFile,
                  "quantization plan (JSON, from hwc calibrate): fake-quantize the "
                  "tensors it names as they are produced");
  cmd->add_option("--compare-to", args->compareDir,
                  "compare outputs against output_N.pb / NAME.npy in this "
                  "directory; exit 20 on a mismatch");
  cmd->add_option("--rtol", args->rtol, "relative tolerance for --compare-to")
      ->default_val(1e-3);
  cmd->add_option("--atol", args->atol, "absolute tolerance for --compare-to")
      ->default_val(1e-4);
  cmd->add_option("--timing", args->timing,
                  "artifacts: the cycle model the headline figures use, native (what the "
                  "program does) or scalesim (SCALE-Sim v2's analytical model)")
      ->check(CLI::IsMember({"native", "scalesim"}))
      ->capture_default_str();
  cmd->add_flag("--layers", args->layers,
                "artifacts: print per-layer GEMM dims, cycles in both modes and utilization");
  cmd->add_option("--dram-bytes-per-cycle", args->dramBytesPerCycle,
                  "artifacts: time at this DRAM bandwidth instead of the config's (0: "
                  "unlimited)");
  cmd->add_option("--target-config", args->targetConfig,
                  "artifacts: refuse one compiled for another config (hash check)");
  cmd->add_flag("--check-reference", args->checkReference,
                "artifacts: also run every segment on its integer reference and require "
                "bit-exact segment outputs (exit 20 otherwise)");
  cmd->footer("Exit codes: 0 success, 1 usage or input error (also a damaged artifact or one "
              "built for another --target-config), 20 --compare-to or --check-reference "
              "found a mismatch.");
  cmd->callback([&run, args] { run = [args] { return runModel(*args); }; });
}

} // namespace hwc::cli
