//===- CompileNeuromorphic.cpp - hwc compile --target=neuromorphic ---------===//
//
// The spiking back end, in order:
//   1. convert-onnx-to-snn (rejections name the node and the rule);
//   2. calibration with the reference runtime: per population, lambda =
//      the --snn-percentile of its ANN activation's positive values; the
//      input scale from the largest input magnitude;
//   3. hwc-snn-normalize, hwc-snn-quantize (the preset's weight bits),
//      hwc-snn-map-cores (the preset's core limits);
//   4. T: the given one, or with --timesteps auto the smallest power of two
//      whose top-1 agreement with the ANN on the calibration samples is
//      within --max-drop (the distillation-aware selection for this
//      target: the ANN is the teacher), or when none is, the best T before
//      agreement stops improving;
//   5. the per-layer table, then `.hwcn`, NIR or the snn module.
//
//===----------------------------------------------------------------------===//

#include "tools/hwc/CompileNeuromorphic.h"

#include "Version.h"
#include "compiler/export/Export.h"
#include "compiler/quantize/Calibration.h"
#include "dialects/ONNX/ONNXTypeUtils.h"
#include "dialects/SNN/SNNOps.h"
#include "runtime/artifact/SnnArtifact.h"
#include "runtime/core/Error.h"
#include "runtime/core/ThreadPool.h"
#include "passes/QuantPlan.h"
#include "runtime/interpreter/Interpreter.h"
#include "targets/Passes.h"
#include "targets/Registry.h"
#include "targets/neuromorphic/SnnBackend.h"
#include "targets/neuromorphic/SnnConfig.h"
#include "tools/hwc/Commands.h"
#include "tools/hwc/OutputFile.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iostream>
#include <set>

using namespace mlir;

namespace hwc::cli {
namespace {

/// Auto T tries powers of two up to this; calibration agreement uses at
/// most this many samples (each T runs every one of them).
constexpr int64_t kMaxAutoTimesteps = 512;
/// Auto T stops after this many doublings without a better agreement.
constexpr int kPlateauDoublings = 2;
constexpr size_t kMaxAgreementSamples = 500;
/// Values kept per activation for its percentile (evenly strided).
constexpr size_t kMaxKeptValues = size_t(1) << 22;

int64_t argmax(const rt::Tensor &tensor) {
  rt::Tensor values = rt::castTensor(tensor, rt::DType::Float32).contiguous();
  const float *data = values.data<float>();
  return std::max_element(data, data + values.numElements()) - data;
}

std::vector<float> floatsOf(const rt::Tensor &tensor) {
  rt::Tensor values = rt::castTensor(tensor, rt::DType::Float32).contiguous();
  return std::vector<float>(values.data<float>(), values.data<float>() + values.numElements());
}

/// What calibration learns about the ANN.
struct AnnProfile {
  std::map<std::string, std::vector<float>> activations; // positive values
  std::map<std::string, size_t> seen;
  double inputMagnitude = 0;
  std::vector<std::vector<float>> inputs;
  std::vector<int64_t> classes;
};

AnnProfile profileAnn(const rt::Model &model, const SnnCompileRequest &request,
                      const std::set<std::string> &wanted) {
  quant::CalibrationSet data(request.calibDirectory, model);
  size_t count = request.calibCount ? std::min(request.calibCount, data.size()) : data.size();
  if (count == 0)
    rt::fail(request.calibDirectory, ": no calibration samples");
  rt::Interpreter interpreter(model, request.threads);
  AnnProfile profile;
  for (size_t i = 0; i < count; ++i) {
    std::map<std::string, rt::Tensor> sample = data.sample(i);
    std::vector<float> input = floatsOf(sample.begin()->second);
    for (float v : input)
      profile.inputMagnitude = std::max(profile.inputMagnitude, double(std::abs(v)));
    rt::RunOptions options;
    options.observeTensor = [&](const std::string &name, const rt::Tensor &value) {
      if (!wanted.count(name))
        return;
      std::vector<float> &kept = profile.activations[name];
      for (float v : floatsOf(value)) {
        size_t index = profile.seen[name]++;
        // Keep every value until the cap, then an even stride of them.
        if (v > 0 && (kept.size() < kMaxKeptValues || index % 16 == 0))
          kept.push_back(v);
      }
    };
    rt::RunResult result = interpreter.run(sample, options);
    profile.classes.push_back(argmax(result.outputs.front().second));
    if (profile.inputs.size() < kMaxAgreementSamples)
      profile.inputs.push_back(std::move(input));
  }
  return profile;
}

double percentileOf(std::vector<float> &values, double percentile) {
  if (values.empty())
    return 0;
  size_t rank = size_t(std::ceil(percentile / 100.0 * double(values.size()))) ;
  rank = std::clamp<size_t>(rank, 1, values.size()) - 1;
  std::nth_element(values.begin(), values.begin() + rank, values.end());
  return values[rank];
}

/// Sets each population's lambda and the input scale from `profile`.
LogicalResult applyCalibration(ModuleOp module, AnnProfile &profile,
                               const SnnCompileRequest &request) {
  Builder builder(module.getContext());
  bool ok = true;
  module.walk([&](Operation *op) {
    if (auto input = llvm::dyn_cast<snn::InputOp>(op)) {
      double magnitude = profile.inputMagnitude > 0 ? profile.inputMagnitude : 1.0;
      input.setScale(llvm::APFloat(magnitude / 127.0));
    }
    auto neurons = llvm::dyn_cast<snn::NeuronsOp>(op);
    if (!neurons || neurons.getLambda() || neurons.getThreshold().convertToDouble() == 0.0)
      return;
    std::string name = neurons.getActivation().value_or("").str();
    double lambda = percentileOf(profile.activations[name], request.percentile);
    if (!(lambda > 0)) {
      neurons.emitError() << "activation '" << name << "' is never positive on the "
                          << "calibration data; the population would never fire";
      ok = false;
      return;
    }
    neurons.setLambdaAttr(builder.getF64FloatAttr(lambda));
  });
  return success(ok);
}

/// Wall time of each back-end phase, printed at the end (the benchmark
/// reads conversion and mapping from it).
class PhaseTimer {
public:
  void done(const char *phase) {
    auto now = std::chrono::steady_clock::now();
    phases.emplace_back(phase, std::chrono::duration<double>(now - last).count());
    last = now;
  }
  std::string summary() const {
    std::string line = "time:";
    for (const auto &[phase, seconds] : phases)
      line += llvm::formatv(" {0} {1:F3} s,", phase, seconds).str();
    line.back() = '\n';
    return line;
  }

private:
  std::chrono::steady_clock::time_point last = std::chrono::steady_clock::now();
  std::vector<std::pair<const char *, double>> phases;
};

struct Agreement {
  int64_t timesteps;
  double agreement;
  double synapticOps;
};

Agreement measure(const rt::snn::Network &network, const AnnProfile &profile,
                  int64_t timesteps, rt::ThreadPool &pool) {
  std::vector<std::vector<int32_t>> inputs;
  for (const std::vector<float> &input : profile.inputs)
    inputs.push_back(rt::snn::quantizeInput(network, input));
  std::vector<rt::snn::RunResult> runs =
      rt::snn::Simulator(network).runAll(inputs, timesteps, pool);
  int64_t agree = 0, ops = 0;
  for (size_t i = 0; i < runs.size(); ++i) {
    agree += runs[i].argmax == profile.classes[i];
    ops += runs[i].stats.totalSynapticOps();
  }
  double n = double(profile.inputs.size());
  return {timesteps, double(agree) / n, double(ops) / n};
}

/// The requested T, or the smallest power of two within the drop budget,
/// with its agreement on the calibration samples.
std::optional<Agreement> chooseTimesteps(const rt::snn::Network &network,
                                       const AnnProfile &profile,
                                       const SnnCompileRequest &request) {
  rt::ThreadPool pool(request.threads);
  if (request.timesteps != "auto") {
    int64_t t = 0;
    if (!llvm::to_integer(request.timesteps, t) || t < 1 || t > (int64_t(1) << 20)) {
      std::cerr << "hwc: error: --timesteps: expected 1 to 1048576 or auto, got '"
                << request.timesteps << "'\n";
      return std::nullopt;
    }
    return measure(network, profile, t, pool);
  }
  std::cout << "auto time steps: top-1 agreement with the ANN on " << profile.inputs.size()
            << " calibration samples (target >= " << (1 - request.maxDrop) * 100 << "%)\n";
  std::cout << llvm::formatv("  {0,6}  {1,10}  {2,14}\n", "T", "agreement", "SOPs/sample").str();
  // Agreement grows with T until conversion error (not time resolution)
  // dominates; once doubling T twice has not improved on the best, longer
  // runs only cost more, so the search stops at the best T seen.
  std::optional<Agreement> best;
  int stale = 0;
  for (int64_t t = 1; t <= kMaxAutoTimesteps && stale < kPlateauDoublings; t *= 2) {
    Agreement a = measure(network, profile, t, pool);
    std::cout << llvm::formatv("  {0,6}  {1,9:F2}%  {2,14:F0}\n", t, a.agreement * 100,
                               a.synapticOps)
                     .str();
    if (1 - a.agreement <= request.maxDrop)
      return a;
    stale = best && a.agreement <= best->agreement ? stale + 1 : 0;
    if (!best || a.agreement > best->agreement)
      best = a;
  }
  std::cerr << request.modelPath << ": warning: no T meets --max-drop " << request.maxDrop
            << "; agreement stops improving at "
            << llvm::formatv("{0:F2}", best->agreement * 100).str() << "% from T = "
            << best->timesteps << ", which is used\n";
  return best;
}

void printLayers(ModuleOp module, const rt::snn::Network &network,
                 const target::SnnConfig &chip) {
  std::cout << llvm::formatv("{0,-28} {1,-12} {2,10} {3,9} {4,6} {5,8} {6,6} {7,6}\n", "population",
                             "shape", "lambda", "threshold", "w-err", "cores", "fill",
                             "first")
                   .str();
  int64_t cores = 0;
  module.walk([&](Operation *op) {
    if (!llvm::isa<snn::NeuronsOp, snn::OutputOp>(op))
      return;
    auto type = llvm::cast<RankedTensorType>(op->getOperand(0).getType());
    std::string shape;
    for (int64_t d : type.getShape())
      shape += (shape.empty() ? "" : "x") + std::to_string(d);
    double error = 0;
    for (Value current : op->getOperands())
      if (auto e = current.getDefiningOp()->getAttrOfType<FloatAttr>("snn.weight_error"))
        error = std::max(error, e.getValueAsDouble());
    auto neurons = llvm::dyn_cast<snn::NeuronsOp>(op);
    std::string name = neurons ? neurons.getActivation().value_or("").str() : "(output)";
    double lambda = neurons && neurons.getLambda() ? neurons.getLambda()->convertToDouble() : 1;
    double threshold = neurons ? neurons.getThreshold().convertToDouble()
                               : llvm::cast<snn::OutputOp>(op).getScale().convertToDouble();
    auto fill = op->getAttrOfType<FloatAttr>("snn.fill");
    int64_t used = op->getAttrOfType<IntegerAttr>("cores").getInt();
    cores += used;
    std::cout << llvm::formatv("{0,-28} {1,-12} {2,10:G4} {3,9} {4,5:P1} {5,8} {6,5:P0} {7,6}\n",
                               name, shape, lambda, int64_t(threshold), error, used,
                               fill ? fill.getValueAsDouble() : 0.0,
                               op->getAttrOfType<IntegerAttr>("first_core").getInt())
                     .str();
  });
  std::cout << "cores: " << cores << " of " << chip.cores << " (" << chip.name << "), "
            << network.populations.size() << " populations, " << network.projections.size()
            << " projections\n";
}

LogicalResult runPasses(ModuleOp module, const std::function<void(PassManager &)> &add) {
  PassManager pm(module.getContext());
  add(pm);
  return pm.run(module);
}

std::optional<std::string> exportToTemporary(ModuleOp module, const std::string &modelPath,
                                             const std::string &directory) {
  std::vector<std::string> errors;
  std::optional<ExportedModel> exported = exportModule(module, errors);
  for (const std::string &error : errors)
    std::cerr << modelPath << ": " << error << "\n";
  std::string path = directory + "/simplified.onnx";
  if (!exported || !writeOnnxModel(path, *exported))
    return std::nullopt;
  return path;
}

int writeOutputs(ModuleOp module, rt::snn::Network &network, const target::SnnConfig &chip,
                 const SnnCompileRequest &request) {
  if (request.emit == "mlir")
    return writeAtomically(request.outputPath,
                           [&](llvm::raw_ostream &os) {
                             module.print(os);
                             return true;
                           })
               ? kExitSuccess
               : kExitInputError;
  if (request.emit == "nir") {
    std::map<std::string, std::string> metadata{
        {"producer", std::string("hwc ") + HWC_VERSION_STRING},
        {"reset_mode", "subtract"},
        {"reset_note", "IF populations reset by subtracting v_threshold (hwc's simulator); "
                       "NIR's IF resets to v_reset, so a literal NIR simulation differs"},
        {"threshold_rule", "spike when v > v_threshold"},
        {"timesteps", std::to_string(network.timesteps)},
        {"input_scale", llvm::formatv("{0:E16}", network.populations[network.input].inputScale)},
        {"input_threshold", std::to_string(network.populations[network.input].threshold)},
        {"input_encoding",
         network.encoding == rt::snn::Encoding::Current ? "current" : "rate"},
        {"output_scale",
         llvm::formatv("{0:E16}", network.populations[network.output].outputScale)},
        {"target_config", chip.name}};
    std::string error = neuromorphic::writeNir(network, request.outputPath, metadata);
    if (!error.empty()) {
      std::cerr << "hwc: error: " << error << "\n";
      return kExitInputError;
    }
    return kExitSuccess;
  }
  rt::SnnArtifact artifact;
  artifact.header.target = "neuromorphic";
  artifact.header.configName = chip.name;
  artifact.header.configHash = chip.hash;
  artifact.header.configJson =
      llvm::formatv("{0}", llvm::json::Value(llvm::json::Object(chip.json))).str();
  artifact.header.hwcVersion = HWC_VERSION_STRING;
  try {
    artifact.header.modelSha256 = quant::fileSha256(request.modelPath);
  } catch (const rt::Error &error) {
    std::cerr << "hwc: error: " << error.what() << "\n";
    return kExitInputError;
  }
  artifact.header.pipeline = "import,simplify,convert-onnx-to-snn,calibrate,hwc-snn-normalize,"
                             "hwc-snn-quantize,hwc-snn-map-cores,emit";
  artifact.network = std::move(network);
  artifact.weightBits = int32_t(chip.weightBits);
  std::string bytes = rt::serializeSnnArtifact(artifact);
  return writeAtomically(request.outputPath,
                         [&](llvm::raw_ostream &os) {
                           os << bytes;
                           return true;
                         })
             ? kExitSuccess
             : kExitInputError;
}

/// The network converted, calibrated, quantized and mapped, with what
/// calibration learned about the ANN.
struct SpikingBuild {
  std::optional<rt::snn::Network> network;
  AnnProfile profile;
  bool fits = false;
  /// Set when the build stopped: the exit code.
  int status = kExitSuccess;
};

std::unique_ptr<target::SnnConfig> loadChip(const std::string &config) {
  std::vector<std::string> problems;
  std::unique_ptr<target::TargetConfig> loaded =
      target::loadTargetConfig(*target::lookupTarget("neuromorphic"), config, problems);
  for (const std::string &problem : problems)
    std::cerr << "hwc: error: --target-config " << config << ": " << problem << "\n";
  return std::unique_ptr<target::SnnConfig>(static_cast<target::SnnConfig *>(loaded.release()));
}

/// Conversion through core mapping on `module` (which it rewrites into the
/// snn dialect); phases are timed into `timer`.
SpikingBuild buildSpiking(ModuleOp module, const SnnCompileRequest &request,
                          const target::SnnConfig &chip, PhaseTimer &timer) {
  SpikingBuild build;
  llvm::SmallString<128> directory;
  if (llvm::sys::fs::createUniqueDirectory("hwc-snn", directory)) {
    std::cerr << "hwc: error: cannot create a temporary directory\n";
    build.status = kExitInputError;
    return build;
  }
  auto cleanup = llvm::make_scope_exit([&] { llvm::sys::fs::remove_directories(directory); });
  // Populations name their activation by producing node; exported tensor
  // names are "<node>:0", so node names must be unique first.
  onnx::makeNodeNamesUnique(module);
  // The ANN is exported for calibration after conversion has copied the
  // weights it needs out of the shared blobs (export borrows them).
  OwningOpRef<ModuleOp> ann = module.clone();
  ConvertONNXToSNNPassOptions convert;
  convert.maxpool = request.maxpool;
  convert.encoding = request.encoding;
  if (failed(runPasses(module, [&](PassManager &pm) {
        pm.addPass(createConvertONNXToSNNPass(convert));
      }))) {
    build.status = kExitNotMet;
    return build;
  }
  timer.done("convert");
  build.status = kExitInputError;
  std::optional<std::string> annPath =
      exportToTemporary(*ann, request.modelPath, directory.str().str());
  if (!annPath)
    return build;
  std::set<std::string> wanted;
  module.walk([&](snn::NeuronsOp op) {
    if (op.getActivation())
      wanted.insert(op.getActivation()->str());
  });
  try {
    std::unique_ptr<rt::Model> model = rt::Model::load(*annPath);
    build.profile = profileAnn(*model, request, wanted);
  } catch (const std::exception &error) {
    std::cerr << request.modelPath << ": error: " << error.what() << "\n";
    return build;
  }
  if (failed(applyCalibration(module, build.profile, request)))
    return build;
  timer.done("calibrate");
  SNNQuantizePassOptions quantize;
  quantize.weightBits = chip.weightBits;
  SNNMapCoresPassOptions map;
  map.config = request.config;
  if (failed(runPasses(module, [&](PassManager &pm) {
        pm.addPass(createSNNNormalizePass());
        pm.addPass(createSNNQuantizePass(quantize));
      })))
    return build;
  timer.done("normalize+quantize");
  build.fits = succeeded(runPasses(module, [&](PassManager &pm) {
    pm.addPass(createSNNMapCoresPass(map));
  }));
  timer.done("map");
  build.network = neuromorphic::emitNetwork(module, 1);
  if (!build.network)
    return build;
  for (rt::snn::Population &p : build.network->populations)
    p.biasShift = request.biasShift && p.kind == rt::snn::PopulationKind::Spiking &&
                  p.reset == rt::snn::ResetMode::Subtract;
  build.status = kExitSuccess;
  return build;
}

/// Per synaptic layer, per sample: rates, SOPs, updates and MACs from the
/// counts `total` of `samples` runs of `timesteps` steps.
std::vector<SpikingLayerFigures> figuresPerLayer(const rt::snn::Network &net,
                                                 const rt::snn::RunStatistics &total,
                                                 double samples, int64_t timesteps) {
  double n = std::max(samples, 1.0);
  auto rate = [&](int population) {
    const rt::snn::Population &p = net.populations[population];
    if (p.kind == rt::snn::PopulationKind::Input && net.encoding == rt::snn::Encoding::Current)
      return 1.0; // analog current every step
    return double(total.spikes[population]) / (double(p.shape.count() * timesteps) * n);
  };
  std::vector<SpikingLayerFigures> layers;
  for (size_t k = 0; k < net.projections.size(); ++k) {
    const rt::snn::Projection &p = net.projections[k];
    double macs = rt::snn::convertedMacs(net, p);
    if (macs == 0)
      continue;
    // A sum pool widens the next layer's receptive field (as the mapper
    // places it): the layer's inputs are the pool's inputs, and its ANN
    // work includes the pool's window.
    int source = p.source;
    for (const rt::snn::Projection &pool : net.projections)
      if (pool.target == source && pool.kind == rt::snn::ProjectionKind::SumPool &&
          net.populations[source].kind == rt::snn::PopulationKind::Relay) {
        macs *= double(pool.kernelH * pool.kernelW);
        source = pool.source;
        break;
      }
    const rt::snn::Population &target = net.populations[p.target];
    SpikingLayerFigures layer;
    layer.node = p.name;
    layer.neurons = target.shape.count();
    layer.cores = target.cores;
    layer.inputRate = rate(source);
    layer.outputRate = target.kind == rt::snn::PopulationKind::Spiking ? rate(p.target) : 0;
    bool analog = p.source == net.input && net.encoding == rt::snn::Encoding::Current;
    layer.sops = analog ? 0 : double(total.synapticOps[k]) / n;
    layer.inputMacs = analog ? macs : 0;
    layer.updates = double(total.neuronUpdates[p.target]) / n;
    layer.macs = macs;
    layers.push_back(layer);
  }
  return layers;
}

} // namespace

int compileNeuromorphic(ModuleOp module, const SnnCompileRequest &request) {
  std::unique_ptr<target::SnnConfig> chip = loadChip(request.config);
  if (!chip)
    return kExitInputError;
  if (request.calibDirectory.empty()) {
    std::cerr << "hwc: error: --target=neuromorphic needs calibration data (--calib DIR) to "
                 "normalize the spiking network\n";
    return kExitInputError;
  }
  PhaseTimer timer;
  SpikingBuild build = buildSpiking(module, request, *chip, timer);
  if (build.status != kExitSuccess)
    return build.status;
  rt::snn::Network &network = *build.network;
  if (!build.fits) {
    std::cerr << request.modelPath << ": error: the network does not fit " << chip->name
              << " (see the errors above); nothing is written\n";
    return kExitNotMet;
  }
  std::optional<Agreement> chosen = chooseTimesteps(network, build.profile, request);
  if (!chosen)
    return kExitInputError;
  network.timesteps = chosen->timesteps;
  timer.done("choose-T");
  printLayers(module, network, *chip);
  std::cout << llvm::formatv("T = {0}: top-1 agreement with the ANN {1:F2}% on {2} "
                             "calibration samples, {3:F0} SOPs/sample\n",
                             chosen->timesteps, chosen->agreement * 100,
                             build.profile.inputs.size(), chosen->synapticOps)
                   .str();
  int status = writeOutputs(module, network, *chip, request);
  timer.done("write");
  std::cout << timer.summary();
  return status;
}

std::optional<SpikingMeasurement> measureSpiking(ModuleOp module,
                                                 const SnnCompileRequest &request,
                                                 size_t maxSamples, int &status) {
  status = kExitInputError;
  std::unique_ptr<target::SnnConfig> chip = loadChip(request.config);
  if (!chip)
    return std::nullopt;
  PhaseTimer timer;
  SpikingBuild build = buildSpiking(module, request, *chip, timer);
  status = build.status;
  if (build.status != kExitSuccess)
    return std::nullopt;
  const rt::snn::Network &net = *build.network;
  SpikingMeasurement m;
  m.chip = chip->name;
  m.chipCores = chip->cores;
  m.fits = build.fits;
  // The requested T, or the preset's (the report asks for that one).
  if (!llvm::to_integer(request.timesteps, m.timesteps) || m.timesteps < 1)
    m.timesteps = chip->timesteps;
  m.sopPj = chip->sopPj;
  m.updatePj = chip->neuronPj;
  size_t samples = std::min(maxSamples, build.profile.inputs.size());
  m.samples = int64_t(samples);
  std::vector<std::vector<int32_t>> inputs;
  for (size_t i = 0; i < samples; ++i)
    inputs.push_back(rt::snn::quantizeInput(net, build.profile.inputs[i]));
  rt::ThreadPool pool(request.threads);
  std::vector<rt::snn::RunResult> runs =
      rt::snn::Simulator(net).runAll(inputs, m.timesteps, pool);
  rt::snn::RunStatistics total;
  int64_t agree = 0;
  for (size_t i = 0; i < runs.size(); ++i) {
    agree += runs[i].argmax == build.profile.classes[i];
    total.add(runs[i].stats);
  }
  double n = double(std::max<size_t>(samples, 1));
  m.agreement = double(agree) / n;
  m.spikesPerSample = double(total.totalSpikes()) / n;
  m.sopsPerSample = double(total.totalSynapticOps()) / n;
  m.updatesPerSample = double(total.totalUpdates()) / n;
  m.layers = figuresPerLayer(net, total, double(samples), m.timesteps);
  for (const rt::snn::Population &p : net.populations)
    m.coresUsed += p.cores;
  return m;
}

} // namespace hwc::cli
