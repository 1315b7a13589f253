//===- NeuromorphicTarget.cpp - The spiking target: capability and cost ---===//
//
// ANN-to-SNN conversion as in research/neuromorphic.md §7: Conv and Gemm
// become synapses, ReLU/Clip become integrate-and-fire neurons, average
// pooling becomes sum pooling, BatchNormalization folds into the preceding
// synapses, residual Adds become multi-edge fan-in and an output Softmax is
// dropped (argmax-invariant). Everything else has no spiking equivalent.
// Chip limits come from the preset: per-core neurons and input axons
// (fan-in), synapse memory, layer cores (Speck), kernel/stride/padding
// limits and input channels (Xylo).
//
// Cost: synaptic operations = T x firing rate x MACs (the standard SNN
// accounting), energy = SOPs x e_sop + neuron updates x e_neuron when the
// preset gives energies, latency = T x (slowest layer's per-step work +
// step synchronization), with T and the firing rate stated as assumptions.
//
//===----------------------------------------------------------------------===//

#include "targets/ConfigReader.h"
#include "targets/Registry.h"
#include "targets/RuleHelpers.h"
#include "targets/neuromorphic/SnnConfig.h"

#include "dialects/ONNX/ONNXOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MathExtras.h"

#include <cmath>

using namespace mlir;

namespace hwc::target {

namespace {

const Rule kRules[] = {
    {"SNN-OP-001", Mapping::Unsupported,
     "operator hwc does not model (custom or contrib domain)",
     "run it in a fallback segment (--fallback=host|gpu) or re-export with standard ONNX "
     "operators"},
    {"SNN-OP-002", Mapping::Unsupported, "operator with no spiking equivalent",
     "restructure the network with Conv/Gemm, ReLU, AveragePool and Add, or run it in a "
     "fallback segment"},
    {"SNN-OP-003", Mapping::Unsupported,
     "Softmax/LogSoftmax that is not the model's output",
     "only a Softmax at the output can be dropped (spike-count argmax); move or remove "
     "it"},
    {"SNN-POOL-001", Mapping::Unsupported,
     "max pooling has no rate-coded spiking equivalent",
     "retrain with AveragePool (converted to sum pooling)"},
    {"SNN-DTYPE-002", Mapping::Unsupported, "model input that is not float32",
     "convert the model to float32 (weights and input)"},
    {"SNN-IO-002", Mapping::Unsupported,
     "a second model input or output (one encoder, one decoder)",
     "split the model, or make the extra inputs initializers"},
    {"SNN-POOL-002", Mapping::Unsupported,
     "pooling window a sum pool cannot express (ceil_mode, asymmetric padding, or an "
     "average that does not count its padding)",
     "pool without padding or with symmetric explicit padding (an average must count "
     "it: count_include_pad=1), and ceil_mode=0"},
    {"SNN-BN-001", Mapping::Unsupported,
     "BatchNormalization that cannot fold into a preceding Conv/Gemm",
     "place BatchNormalization directly after a Conv or Gemm"},
    {"SNN-MATMUL-001", Mapping::Unsupported,
     "matrix product of two activations (attention-style)",
     "spiking synapses need constant weights; run attention in a fallback segment"},
    {"SNN-CONST-001", Mapping::Unsupported, "convolution weights computed at run time",
     "export the weights as initializers; synapses are programmed at compile time"},
    {"SNN-RESHAPE-001", Mapping::Unsupported,
     "reshape that is not a flatten to (N, features)",
     "only flattening before a dense layer converts; fold other reshapes into the "
     "weights"},
    {"SNN-DTYPE-001", Mapping::Unsupported,
     "integer or boolean data computed at run time",
     "make the shapes static so the integer computation folds at compile time"},
    {"SNN-SHAPE-001", Mapping::Unsupported,
     "dynamic dimension from an unbound model input",
     "bind it with --dim NAME=SIZE or --shape INPUT=DIMS"},
    {"SNN-SHAPE-002", Mapping::Unsupported, "dimension only known at run time",
     "export with static shapes or fold the shape computation"},
    {"SNN-RANK-001", Mapping::Unsupported, "tensor rank above 4 (N, C, H, W)",
     "merge outer dimensions before the node"},
    {"SNN-CONV-001", Mapping::Unsupported, "asymmetric convolution padding",
     "pad symmetrically (begin == end), as NIR's Conv2d has one padding per axis"},
    {"SNN-CONV-002", Mapping::Unsupported, "kernel larger than the chip's maximum",
     "use smaller kernels (stack 3x3 convolutions)"},
    {"SNN-CONV-003", Mapping::Unsupported, "stride the chip does not support",
     "use a stride the preset lists"},
    {"SNN-CONV-004", Mapping::Unsupported, "padding larger than the chip's maximum",
     "reduce the padding or pad the input beforehand"},
    {"SNN-CONV-005", Mapping::Unsupported,
     "convolution on a chip without convolutional cores",
     "use a dense model for this chip, or a preset with convolution (loihi1, speck)"},
    {"SNN-CONV-006", Mapping::Unsupported,
     "transposed or 3-D convolution (NIR has Conv1d/Conv2d only)",
     "replace ConvTranspose with Resize(nearest) + Conv; use 1-D/2-D convolutions"},
    {"SNN-CORE-001", Mapping::Unsupported,
     "neuron fan-in above the input axons of one core",
     "reduce input channels or kernel size, or split the layer into groups"},
    {"SNN-CORE-002", Mapping::Unsupported,
     "layer needs more neurons than the chip provides", "reduce channels or resolution"},
    {"SNN-CORE-003", Mapping::Unsupported,
     "layer's synapses exceed a core's synapse/kernel memory",
     "reduce channels or kernel size"},
    {"SNN-CORE-004", Mapping::Unsupported,
     "more spiking layers or cores than the chip has",
     "make the network shallower or narrower, or use a chip with more cores"},
    {"SNN-IO-001", Mapping::Unsupported,
     "model input larger than the chip's input interface",
     "reduce input channels or resolution to the preset's input limits"},
};

const Rule &rule(llvm::StringRef id) { return ruleById(kRules, id); }


bool isSynapticLayer(llvm::StringRef op) {
  return llvm::is_contained(
      {"Conv", "Gemm", "MatMul", "QLinearConv", "QLinearMatMul", "MatMulInteger"}, op);
}

/// Ops that convert one-to-one (or disappear) under ANN-to-SNN conversion.
bool convertsDirectly(llvm::StringRef op) {
  return llvm::is_contained({"Relu", "Clip", "AveragePool", "GlobalAveragePool",
                             "Identity", "Dropout"},
                            op);
}

/// Neurons, fan-in and per-core memory needs of one synaptic layer.
struct LayerShape {
  int64_t neurons = 0, fanIn = 0, channelsIn = 1, channelsOut = 1;
  int64_t height = 1, width = 1, kernelArea = 1;
  bool conv = false;
};

LayerShape layerShapeOf(const NodeFacts &node) {
  LayerShape layer;
  Operation *op = node.op;
  std::vector<int64_t> out = shapeOf(op->getResult(0));
  int64_t batch = out.empty() ? 1 : std::max<int64_t>(1, out[0]);
  layer.neurons = node.outputElements / batch;
  layer.fanIn = node.outputElements > 0 ? node.macs / node.outputElements : 0;
  layer.conv = llvm::isa<onnx::ConvOp, onnx::QLinearConvOp>(op);
  if (layer.conv) {
    std::vector<int64_t> w = shapeOf(op->getOperand(llvm::isa<onnx::ConvOp>(op) ? 1 : 3));
    layer.channelsOut = w.empty() ? 1 : w[0];
    layer.channelsIn = w.size() > 1 ? w[1] : 1;
    for (size_t i = 2; i < w.size(); ++i)
      layer.kernelArea *= w[i];
    layer.height = out.size() > 2 ? out[2] : 1;
    layer.width = out.size() > 3 ? out[3] : 1;
  } else {
    layer.channelsOut = out.empty() ? 1 : out.back();
    layer.channelsIn = layer.fanIn;
  }
  return layer;
}

/// Cores one layer needs under the tile mapping (neurons and synapse
/// memory per core; the fan-in limit is a rule of its own).
int64_t coresForLayer(const LayerShape &layer, const SnnConfig &config) {
  int64_t byNeurons = (layer.neurons + config.neuronsPerCore - 1) / config.neuronsPerCore;
  double synapseBits = double(layer.neurons) * layer.fanIn * config.weightBits;
  double perCore = config.synapseKiB * 1024 * 8;
  int64_t bySynapses = static_cast<int64_t>(std::ceil(synapseBits / perCore));
  return std::max<int64_t>(1, std::max(byNeurons, bySynapses));
}

class NeuromorphicTarget : public Target {
public:
  llvm::StringRef name() const override { return "neuromorphic"; }
  llvm::StringRef description() const override {
    return "spiking neuromorphic chip via ANN-to-SNN conversion (presets loihi1, speck, "
           "xylo)";
  }
  llvm::StringRef defaultPreset() const override { return "loihi1"; }
  llvm::ArrayRef<Rule> rules() const override { return kRules; }

  std::unique_ptr<TargetConfig>
  parseConfig(const llvm::json::Object &json, llvm::StringRef,
              std::vector<std::string> &errors) const override {
    auto config = std::make_unique<SnnConfig>();
    ConfigReader reader(json, errors);
    reader.skip("target");
    config->name = reader.string("name");
    config->description = reader.string("description", "");
    config->notes = reader.string("notes", "");
    config->cores = reader.integer("cores", 1, 1 << 24);
    config->neuronsPerCore = reader.integer("neurons_per_core", 1, int64_t(1) << 32);
    config->inAxons = reader.integer("in_axons_per_core", 1, int64_t(1) << 32);
    config->outAxons = reader.integer("out_axons_per_core", 1, int64_t(1) << 32);
    config->synapseKiB = reader.number("synapse_memory_kib_per_core", 0.001, 1 << 30);
    config->weightBits = reader.integer("weight_bits", 1, 32);
    config->convolution = reader.boolean("convolution", true);
    config->oneLayerPerCore = reader.boolean("one_layer_per_core", false);
    config->kernelMemory = reader.integers("kernel_memory_words", 1, int64_t(1) << 40);
    config->neuronMemory = reader.integers("neuron_memory_words", 1, int64_t(1) << 40);
    config->maxKernel = reader.integer("max_kernel", 0, 1 << 20, 0);
    config->strides = reader.integers("strides", 1, 1 << 20);
    config->maxPadding = reader.integer("max_padding", -1, 1 << 20, -1);
    config->maxChannels = reader.integer("max_channels", 0, int64_t(1) << 32, 0);
    config->maxFeatureMap = reader.integers("max_feature_map", 1, 1 << 20);
    config->maxInputMap = reader.integers("max_input_map", 1, 1 << 20);
    config->inputChannels = reader.integer("input_channels", 0, int64_t(1) << 32, 0);
    reader.integer("output_neurons", 0, int64_t(1) << 32, 0);
    config->timesteps = reader.integer("timesteps", 1, 1 << 20, 32);
    config->firingRate = reader.number("firing_rate", 0, 1, 0.1);
    if (std::optional<ConfigReader> energy = reader.object("energy_pj", false)) {
      config->sopPj = energy->number("sop", 0, 1e9);
      config->neuronPj = energy->number("neuron_update", 0, 1e9);
    }
    if (std::optional<ConfigReader> timing = reader.object("timing_ns", false)) {
      config->sopNs = timing->number("sop", 0, 1e9);
      config->syncNs = timing->number("timestep_sync", 0, 1e12);
    }
    if (config->oneLayerPerCore &&
        (config->kernelMemory.size() != static_cast<size_t>(config->cores) ||
         config->neuronMemory.size() != static_cast<size_t>(config->cores)))
      errors.push_back("field 'kernel_memory_words': one_layer_per_core needs one "
                       "kernel and one neuron memory size per core (" +
                       std::to_string(config->cores) + ")");
    return config;
  }

  std::vector<Decision> capability(const ModelFacts &model, const TargetConfig &base,
                                   const CoverageOptions &) const override {
    const auto &config = static_cast<const SnnConfig &>(base);
    std::vector<Decision> decisions;
    for (const NodeFacts &node : model.nodes)
      decisions.push_back(decide(node, model, config));
    chargeCoreBudget(model, config, decisions);
    return decisions;
  }

  LayerCost estimate(const NodeFacts &node, const Decision &,
                     const TargetConfig &base) const override {
    const auto &config = static_cast<const SnnConfig &>(base);
    LayerCost cost;
    if (!isSynapticLayer(node.opType) || node.compileTimeConstant)
      return cost;
    LayerShape layer = layerShapeOf(node);
    double sops = config.timesteps * config.firingRate * double(node.macs);
    double updates = double(layer.neurons) * config.timesteps;
    int64_t cores = config.oneLayerPerCore ? 1 : coresForLayer(layer, config);
    cost.macs = node.macs;
    cost.bytes = double(node.weightElements) * config.weightBits / 8;
    cost.seconds = sops / cores * config.sopNs * 1e-9;
    cost.bound = "compute";
    if (config.sopPj >= 0)
      cost.joules = (sops * config.sopPj + updates * config.neuronPj) * 1e-12;
    // The assumed rate; `hwc report --calib` replaces these with figures
    // measured by converting and simulating the network.
    cost.metrics = {{"neurons", double(layer.neurons)},
                    {"cores", double(cores)},
                    {"input_rate", config.firingRate},
                    {"sops", sops},
                    {"sops_per_mac", node.macs > 0 ? sops / double(node.macs) : 0.0}};
    return cost;
  }

  double totalSeconds(const std::vector<LayerCost> &costs,
                      const TargetConfig &base) const override {
    // Layers sit on their own cores and advance together each time step:
    // a step lasts as long as the slowest layer's share, plus the barrier.
    const auto &config = static_cast<const SnnConfig &>(base);
    double slowestStep = 0;
    bool any = false;
    for (const LayerCost &cost : costs) {
      slowestStep = std::max(slowestStep, cost.seconds / config.timesteps);
      any |= cost.macs > 0;
    }
    if (!any)
      return 0;
    return config.timesteps * (slowestStep + config.syncNs * 1e-9);
  }

  MemoryFit memoryFit(const ModelFacts &model, const std::vector<Decision> &,
                      const TargetConfig &base) const override {
    const auto &config = static_cast<const SnnConfig &>(base);
    int64_t layers = 0, cores = 0, neurons = 0;
    for (const NodeFacts &node : model.nodes) {
      if (!isSynapticLayer(node.opType) || node.compileTimeConstant)
        continue;
      LayerShape layer = layerShapeOf(node);
      ++layers;
      neurons += layer.neurons;
      cores += config.oneLayerPerCore ? 1 : coresForLayer(layer, config);
    }
    MemoryFit fit;
    fit.fits = cores <= config.cores;
    fit.lines.push_back(llvm::formatv("{0} spiking layers, {1} neurons: {2} of {3} "
                                      "cores",
                                      layers, formatCount(double(neurons)), cores,
                                      config.cores)
                            .str());
    fit.lines.push_back(llvm::formatv("assumed {0} time steps at a {1:P} firing rate "
                                      "(change with timesteps/firing_rate in a "
                                      "--target-config)",
                                      config.timesteps, config.firingRate)
                            .str());
    return fit;
  }

private:
  Decision decide(const NodeFacts &node, const ModelFacts &model,
                  const SnnConfig &config) const {
    if (std::optional<Decision> decided =
            decideFoldedOrCustom(node, rule("SNN-OP-001"), "neuromorphic")) {
      if (!node.compileTimeConstant)
        checkSingleInputOutput(node, *decided);
      return *decided;
    }
    Decision decision;
    checkInputType(node, decision);
    classifyOp(node, model, decision);
    checkStaticShapes(node, model, rule("SNN-SHAPE-001"), rule("SNN-SHAPE-002"),
                      decision);
    checkRank(node, 4, rule("SNN-RANK-001"), decision);
    checkIntegerData(node, decision);
    checkSingleInputOutput(node, decision);
    if (isSynapticLayer(node.opType))
      checkLayerLimits(node, config, decision);
    return decision;
  }

  /// The input encoder quantizes float32 values; other model input types
  /// stop the conversion.
  static void checkInputType(const NodeFacts &node, Decision &decision) {
    for (Value operand : node.op->getOperands()) {
      auto argument = llvm::dyn_cast<BlockArgument>(operand);
      if (!argument || argument.getArgNumber() != 0 ||
          !llvm::isa<func::FuncOp>(argument.getOwner()->getParentOp()))
        continue;
      auto type = llvm::dyn_cast<TensorType>(argument.getType());
      if (type && !type.getElementType().isF32())
        return decision.add({&rule("SNN-DTYPE-002"),
                             "the model input is " + typeText(argument.getType()) +
                                 "; the spiking input encoder takes float32",
                             "convert the model to float32 (weights and input)"});
    }
  }

  /// The spiking network has one input encoder and one output decoder: a
  /// node reading a second model input or producing a second model output
  /// stops the conversion.
  static void checkSingleInputOutput(const NodeFacts &node, Decision &decision) {
    for (Value operand : node.op->getOperands())
      if (auto argument = llvm::dyn_cast<BlockArgument>(operand))
        if (argument.getArgNumber() > 0 &&
            llvm::isa<func::FuncOp>(argument.getOwner()->getParentOp()))
          return decision.add({&rule("SNN-IO-002"),
                               "reads model input " + std::to_string(argument.getArgNumber()) +
                                   "; a spiking network has one input",
                               "split the model, or make the extra inputs initializers"});
    for (Value result : node.op->getResults())
      for (OpOperand &use : result.getUses())
        if (llvm::isa<func::ReturnOp>(use.getOwner()) && use.getOperandNumber() > 0)
          return decision.add({&rule("SNN-IO-002"),
                               "produces model output " + std::to_string(use.getOperandNumber()) +
                                   "; a spiking network has one output",
                               "split the model so that each part has one output"});
  }

  /// A sum pool has one divisor and symmetric padding: ceil-mode windows,
  /// asymmetric padding, and (averages only) border windows that average
  /// fewer inputs because the padding is not counted do not convert.
  static void checkPoolWindows(const NodeFacts &node, bool average, Decision &decision) {
    Operation *op = node.op;
    std::vector<int64_t> pads = intArrayAttr(op, "pads").value_or(std::vector<int64_t>{});
    bool padded = llvm::any_of(pads, [](int64_t p) { return p != 0; });
    bool symmetric =
        pads.size() != 4 || (pads[0] == pads[2] && pads[1] == pads[3]);
    auto countPad = op->getAttrOfType<IntegerAttr>("count_include_pad");
    auto ceil = op->getAttrOfType<IntegerAttr>("ceil_mode");
    auto autoPad = op->getAttrOfType<StringAttr>("auto_pad");
    bool samePad = autoPad && autoPad.getValue().starts_with("SAME");
    bool uncounted = average && padded && !(countPad && countPad.getInt() != 0);
    if (uncounted || !symmetric || samePad || (ceil && ceil.getInt() != 0))
      decision.add({&rule("SNN-POOL-002"),
                    "ceil_mode, asymmetric or automatic padding, or border windows that "
                    "average fewer inputs: a sum pool has one divisor and symmetric padding",
                    "pool without padding or with symmetric explicit padding (an average "
                    "must count it: count_include_pad=1), and ceil_mode=0"});
  }

  void classifyOp(const NodeFacts &node, const ModelFacts &model,
                  Decision &decision) const {
    const std::string &op = node.opType;
    if (llvm::is_contained({"QuantizeLinear", "DequantizeLinear", "QLinearConv",
                            "QLinearMatMul", "MatMulInteger", "ConvInteger"},
                           op))
      return decision.add({&rule("SNN-OP-002"),
                           op + ": quantized models are not converted; the spiking "
                                "target quantizes its own weights",
                           "compile the float model (without --quantize)"});
    if (op == "Concat")
      return decision.add({&rule("SNN-OP-002"),
                           "Concat is not converted (its consumer's synapses would have to "
                           "be split by input channel)",
                           "join branches with Add instead, or run it in a fallback "
                           "segment"});
    if (op == "AveragePool")
      checkPoolWindows(node, /*average=*/true, decision);
    if (isSynapticLayer(op) || convertsDirectly(op))
      return checkSynapticInputs(node, decision);
    if (op == "ConvTranspose")
      return decision.add({&rule("SNN-CONV-006"),
                           "ConvTranspose has no NIR equivalent (NIR has Conv1d and "
                           "Conv2d only)",
                           "replace ConvTranspose with Resize(nearest) + Conv"});
    if (op == "MaxPool" || op == "GlobalMaxPool") {
      decision.add({&rule("SNN-POOL-001"),
                    op + " has no rate-coded spiking equivalent (max of spike "
                         "trains is not the spike train of the max)",
                    "retrain with AveragePool, which converts to sum pooling"});
      // What --snn-maxpool=approx could not convert either.
      if (op == "MaxPool")
        checkPoolWindows(node, /*average=*/false, decision);
      return;
    }
    if (op == "Softmax" || op == "LogSoftmax") {
      if (node.feedsOnlyGraphOutputs)
        decision.note = "dropped: the output's argmax is read from spike counts";
      else
        decision.add({&rule("SNN-OP-003"),
                      op + " feeds other nodes; only an output Softmax can be dropped",
                      "remove it or move it to the model's output"});
      return;
    }
    if (op == "BatchNormalization")
      return checkBatchNormFold(node, model, decision);
    if (op == "Add" || op == "Sub" || op == "Mul" || op == "Sum")
      return checkArithmetic(node, decision);
    if (op == "Flatten" || op == "Reshape" || op == "Squeeze" || op == "Unsqueeze") {
      std::vector<int64_t> out = shapeOf(node.op->getResult(0));
      if (out.size() != 2)
        decision.add({&rule("SNN-RESHAPE-001"),
                      op + " produces rank " + std::to_string(out.size()) +
                          "; only a flatten to (N, features) converts",
                      "fold the reshape into the adjacent weights"});
      return;
    }
    decision.add({&rule("SNN-OP-002"),
                  op + " has no spiking equivalent under ANN-to-SNN conversion",
                  "restructure with Conv/Gemm, ReLU, AveragePool and Add, or run it in a "
                  "fallback segment (--fallback=gpu|host)"});
  }

  void checkSynapticInputs(const NodeFacts &node, Decision &decision) const {
    Operation *op = node.op;
    if (llvm::isa<onnx::ConvOp, onnx::QLinearConvOp>(op)) {
      if (!node.constantOperands[llvm::isa<onnx::ConvOp>(op) ? 1 : 3])
        decision.add({&rule("SNN-CONST-001"),
                      "weight input W is computed at run time; synapses are programmed "
                      "at compile time",
                      "export the weights as initializers (or constant-foldable "
                      "subgraphs)"});
      return;
    }
    if (!llvm::isa<onnx::MatMulOp, onnx::MatMulIntegerOp, onnx::QLinearMatMulOp,
                   onnx::GemmOp>(op))
      return;
    unsigned weightIndex = llvm::isa<onnx::QLinearMatMulOp>(op) ? 3 : 1;
    if (!node.constantOperands[weightIndex])
      decision.add({&rule("SNN-MATMUL-001"),
                    node.opType + " multiplies two activations; synapses need constant "
                                  "weights",
                    "run attention-style products in a fallback segment"});
  }

  void checkBatchNormFold(const NodeFacts &node, const ModelFacts &model,
                          Decision &decision) const {
    if (node.producers.size() == 1) {
      const NodeFacts &producer = model.nodes[node.producers.front()];
      if (isSynapticLayer(producer.opType) && producer.op->getResult(0).hasOneUse()) {
        decision.note = "folded into '" + producer.name + "'";
        return;
      }
    }
    decision.add(
        {&rule("SNN-BN-001"),
         "BatchNormalization does not directly follow a single-use Conv or Gemm, "
         "so it cannot fold into synaptic weights",
         "place BatchNormalization directly after a Conv or Gemm"});
  }

  void checkArithmetic(const NodeFacts &node, Decision &decision) const {
    size_t runtimeInputs = llvm::count(node.constantOperands, false) -
                           llvm::count_if(node.op->getOperands(), [](Value v) {
                             return llvm::isa<NoneType>(v.getType());
                           });
    bool join = node.opType == "Add" || node.opType == "Sum";
    // Simplification has already folded the scale and shift chains it could
    // into the synapses; a constant Add left over is a synapse's bias.
    if (node.opType == "Add" && runtimeInputs <= 1) {
      decision.note = "constant folded into the preceding synapse's bias";
      return;
    }
    if (join && runtimeInputs > 1) {
      decision.note = "residual join: multi-edge fan-in to the next neurons";
      return;
    }
    decision.add({&rule("SNN-OP-002"),
                  runtimeInputs <= 1
                      ? node.opType + " by a constant that does not fold into a synapse"
                      : node.opType + " of two activations has no spiking equivalent",
                  "restructure with Conv/Gemm, ReLU, AveragePool and Add, or run it in a "
                  "fallback segment (--fallback=gpu|host)"});
  }

  void checkIntegerData(const NodeFacts &node, Decision &decision) const {
    if (node.quantized)
      return;
    for (Value value : node.op->getResults())
      if (auto tensor = llvm::dyn_cast<TensorType>(value.getType()))
        if (llvm::isa<IntegerType>(tensor.getElementType())) {
          decision.add({&rule("SNN-DTYPE-001"),
                        "output is " + typeText(value.getType()) +
                            ", computed at run time; spiking layers carry rates",
                        "if this is shape arithmetic, make the shapes static so it folds "
                        "at compile time; otherwise run it in a fallback segment "
                        "(--fallback=host|gpu)"});
          return;
        }
  }

  void checkLayerLimits(const NodeFacts &node, const SnnConfig &config,
                        Decision &decision) const {
    LayerShape layer = layerShapeOf(node);
    if (layer.conv)
      checkConvolution(node, config, decision);
    if (layer.fanIn > config.inAxons)
      decision.add(
          {&rule("SNN-CORE-001"),
           llvm::formatv("each neuron has {0} inputs{1}; a core has {2} input "
                         "axons",
                         layer.fanIn,
                         layer.conv ? llvm::formatv(" ({0} channels x {1} kernel "
                                                    "taps)",
                                                    layer.channelsIn, layer.kernelArea)
                                          .str()
                                    : std::string(),
                         config.inAxons)
               .str(),
           "reduce input channels or kernel size, or split the layer into "
           "groups"});
    checkNeuronCapacity(node, layer, config, decision);
    if (node.producers.empty())
      checkInputInterface(node, layer, config, decision);
  }

  void checkConvolution(const NodeFacts &node, const SnnConfig &config,
                        Decision &decision) const {
    Operation *op = node.op;
    if (!config.convolution) {
      decision.add({&rule("SNN-CONV-005"),
                    "preset '" + config.name + "' has no convolutional cores",
                    "use a dense model for this chip, or a preset with convolution "
                    "(loihi1, speck)"});
      return;
    }
    std::vector<int64_t> kernel =
        shapeOf(op->getOperand(llvm::isa<onnx::ConvOp>(op) ? 1 : 3));
    if (kernel.size() != 3 && kernel.size() != 4) {
      decision.add({&rule("SNN-CONV-006"),
                    std::to_string(kernel.size() >= 2 ? kernel.size() - 2 : 0) +
                        "-D convolution; NIR has Conv1d and Conv2d only",
                    "use 1-D or 2-D convolutions"});
      return;
    }
    std::vector<int64_t> pads = intArrayAttr(op, "pads").value_or(std::vector<int64_t>{});
    size_t spatial = kernel.size() - 2;
    for (size_t i = 0; i < spatial && pads.size() == 2 * spatial; ++i)
      if (pads[i] != pads[i + spatial]) {
        decision.add({&rule("SNN-CONV-001"),
                      llvm::formatv("pads are [{0}]: spatial axis {1} pads {2} before "
                                    "and {3} after",
                                    llvm::make_range(pads.begin(), pads.end()), i,
                                    pads[i], pads[i + spatial])
                          .str(),
                      "pad symmetrically (begin == end)"});
        break;
      }
    std::string autoPad = stringAttr(op, "auto_pad", "NOTSET");
    if ((autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") &&
        llvm::any_of(llvm::ArrayRef(kernel).drop_front(2),
                     [](int64_t k) { return k % 2 == 0; }))
      decision.add({&rule("SNN-CONV-001"),
                    "auto_pad=" + autoPad + " with an even kernel pads asymmetrically",
                    "use an odd kernel or explicit symmetric pads"});
    int64_t largestKernel = *std::max_element(kernel.begin() + 2, kernel.end());
    if (config.maxKernel > 0 && largestKernel > config.maxKernel)
      decision.add({&rule("SNN-CONV-002"),
                    llvm::formatv("kernel size {0} exceeds {1}'s maximum of {2}",
                                  largestKernel, config.name, config.maxKernel)
                        .str(),
                    "use smaller kernels (stack 3x3 convolutions)"});
    std::vector<int64_t> strides =
        intArrayAttr(op, "strides").value_or(std::vector<int64_t>{});
    for (int64_t stride : strides)
      if (!config.strides.empty() && !llvm::is_contained(config.strides, stride)) {
        decision.add(
            {&rule("SNN-CONV-003"),
             llvm::formatv("stride {0} is not one of {1}'s strides {{{2}}", stride,
                           config.name,
                           llvm::make_range(config.strides.begin(), config.strides.end()))
                 .str(),
             "use a stride the preset lists"});
        break;
      }
    int64_t largestPad = pads.empty() ? 0 : *std::max_element(pads.begin(), pads.end());
    if (config.maxPadding >= 0 && largestPad > config.maxPadding)
      decision.add({&rule("SNN-CONV-004"),
                    llvm::formatv("padding {0} exceeds {1}'s maximum of {2}", largestPad,
                                  config.name, config.maxPadding)
                        .str(),
                    "reduce the padding or pad the input beforehand"});
  }

  void checkNeuronCapacity(const NodeFacts &, const LayerShape &layer,
                           const SnnConfig &config, Decision &decision) const {
    if (config.maxChannels > 0 && layer.channelsOut > config.maxChannels)
      decision.add(
          {&rule("SNN-CORE-002"),
           llvm::formatv("{0} output channels exceed {1}'s {2} features per layer",
                         layer.channelsOut, config.name, config.maxChannels)
               .str(),
           "reduce the layer's channels"});
    if (layer.conv && config.maxFeatureMap.size() == 2 &&
        (layer.height > config.maxFeatureMap[0] || layer.width > config.maxFeatureMap[1]))
      decision.add({&rule("SNN-CORE-002"),
                    llvm::formatv("output map {0}x{1} exceeds {2}'s {3}x{4}",
                                  layer.height, layer.width, config.name,
                                  config.maxFeatureMap[0], config.maxFeatureMap[1])
                        .str(),
                    "downsample earlier (stride or pooling) or lower the resolution"});
    if (config.oneLayerPerCore) {
      int64_t neuronWords = speckNeuronWords(layer.channelsOut, layer.height, layer.width);
      int64_t kernelWords =
          speckKernelWords(layer.channelsIn, layer.kernelArea, layer.channelsOut);
      int64_t largestNeuronMemory =
          *std::max_element(config.neuronMemory.begin(), config.neuronMemory.end());
      int64_t largestKernelMemory =
          *std::max_element(config.kernelMemory.begin(), config.kernelMemory.end());
      if (neuronWords > largestNeuronMemory)
        decision.add({&rule("SNN-CORE-002"),
                      llvm::formatv("needs {0} neuron-memory words; {1}'s largest core "
                                    "has {2}",
                                    neuronWords, config.name, largestNeuronMemory)
                          .str(),
                      "reduce channels or resolution"});
      if (kernelWords > largestKernelMemory)
        decision.add({&rule("SNN-CORE-003"),
                      llvm::formatv("needs {0} kernel-memory words; {1}'s largest core "
                                    "has {2}",
                                    kernelWords, config.name, largestKernelMemory)
                          .str(),
                      "reduce channels or kernel size"});
      return;
    }
    int64_t capacity = config.cores * config.neuronsPerCore;
    if (layer.neurons > capacity)
      decision.add(
          {&rule("SNN-CORE-002"),
           llvm::formatv("{0} neurons exceed the chip's {1} ({2} cores x {3})",
                         layer.neurons, capacity, config.cores, config.neuronsPerCore)
               .str(),
           "reduce channels or resolution"});
    double synapseBits = double(layer.fanIn) * config.weightBits;
    if (synapseBits > config.synapseKiB * 1024 * 8)
      decision.add({&rule("SNN-CORE-003"),
                    llvm::formatv("one neuron's synapses need {0} bits; a core holds {1}",
                                  synapseBits, config.synapseKiB * 1024 * 8)
                        .str(),
                    "reduce channels or kernel size"});
  }

  void checkInputInterface(const NodeFacts &node, const LayerShape &layer,
                           const SnnConfig &config, Decision &decision) const {
    std::vector<int64_t> in = shapeOf(node.op->getOperand(0));
    int64_t channels = in.size() > 1 ? in[1] : 1;
    if (config.inputChannels > 0 &&
        (layer.conv ? channels : layer.channelsIn) > config.inputChannels)
      decision.add({&rule("SNN-IO-001"),
                    llvm::formatv("the model input has {0} channels; {1} has {2} input "
                                  "channels",
                                  layer.conv ? channels : layer.channelsIn, config.name,
                                  config.inputChannels)
                        .str(),
                    "reduce the input features to the chip's input channels"});
    if (layer.conv && config.maxInputMap.size() == 2 && in.size() == 4 &&
        (in[2] > config.maxInputMap[0] || in[3] > config.maxInputMap[1]))
      decision.add(
          {&rule("SNN-IO-001"),
           llvm::formatv("input map {0}x{1} exceeds {2}'s {3}x{4}", in[2], in[3],
                         config.name, config.maxInputMap[0], config.maxInputMap[1])
               .str(),
           "downscale the input to the chip's input resolution"});
  }

  /// Charges the chip's core budget in program order: layers beyond the
  /// layer cores (Speck) or the core count are reported on the layers that
  /// do not fit, not on the whole model.
  void chargeCoreBudget(const ModelFacts &model, const SnnConfig &config,
                        std::vector<Decision> &decisions) const {
    int64_t used = 0;
    for (const NodeFacts &node : model.nodes) {
      if (!isSynapticLayer(node.opType) || node.compileTimeConstant)
        continue;
      int64_t cores =
          config.oneLayerPerCore ? 1 : coresForLayer(layerShapeOf(node), config);
      used += cores;
      if (used <= config.cores)
        continue;
      decisions[node.index].add(
          {&rule("SNN-CORE-004"),
           llvm::formatv("this layer brings the core count to {0}; {1} has {2}{3}", used,
                         config.name, config.cores,
                         config.oneLayerPerCore ? " layer cores" : " cores")
               .str(),
           "make the network shallower or narrower, or use a chip with more cores"});
    }
  }
};

} // namespace

int64_t synapseIndexBits(int64_t neuronsPerCore) {
  return std::clamp<int64_t>(llvm::Log2_64_Ceil(uint64_t(std::max<int64_t>(neuronsPerCore, 2))),
                             6, 12);
}

namespace {
int64_t ceilLog2(int64_t value) {
  return value <= 1 ? 0 : llvm::Log2_64_Ceil(static_cast<uint64_t>(value));
}
} // namespace

int64_t speckKernelWords(int64_t channelsIn, int64_t taps, int64_t channelsOut) {
  return channelsIn << (ceilLog2(taps) + ceilLog2(channelsOut));
}

int64_t speckNeuronWords(int64_t channels, int64_t height, int64_t width) {
  return channels << (ceilLog2(height) + ceilLog2(width));
}

std::unique_ptr<Target> createNeuromorphicTarget() {
  return std::make_unique<NeuromorphicTarget>();
}

} // namespace hwc::target
