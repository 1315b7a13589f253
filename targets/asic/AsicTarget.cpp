//===- AsicTarget.cpp - The systolic-array target: capability and cost ----===//
//
// A weight-stationary int8 systolic array (TPU v1 / Gemmini family) with an
// activation engine (requantize, ReLU/ReLU6/clip, pooling, residual add,
// elementwise with broadcast) and DMA for data movement. Its capability
// table follows from that datapath: int8 only, static shapes, rank <= 4,
// weights known at compile time, 1-D/2-D convolutions, nearest-neighbour
// resize, and no transcendental activations.
//
// The cost model is the closed-form lower bound of research/asic.md §7 for
// a double-buffered weight-stationary array: per GEMM, folds =
// ceil(K/R) * ceil(N/C), cycles >= groups * folds * max(M, R) + R + C - 2,
// against DRAM bytes / bandwidth; activation-engine and DMA work moves
// `cols` elements per cycle.
//
//===----------------------------------------------------------------------===//

#include "targets/ConfigReader.h"
#include "targets/Registry.h"
#include "targets/RuleHelpers.h"

#include "dialects/ONNX/ONNXOps.h"
#include "runtime/sim/systolic/ScaleSimModel.h"
#include "targets/asic/LowerSegment.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"

#include <cmath>

using namespace mlir;

namespace hwc::target {

namespace {

const Rule kRules[] = {
    {"ASIC-OP-001", Mapping::Unsupported,
     "operator hwc does not model (custom or contrib domain)",
     "run it in a fallback segment (--fallback=host|gpu) or re-export with standard ONNX "
     "operators"},
    {"ASIC-OP-002", Mapping::Unsupported,
     "no mapping onto the array, the activation engine or DMA",
     "run it in a fallback segment (--fallback=host|gpu)"},
    {"ASIC-ACT-001", Mapping::Unsupported,
     "activation function the activation engine lacks (it has ReLU, ReLU6, clip)",
     "replace it with Relu/Clip and fine-tune, or run it in a fallback segment"},
    {"ASIC-DTYPE-001", Mapping::Unsupported,
     "float tensors in a node that is not quantized",
     "quantize the model: --quantize=int8"},
    {"ASIC-DTYPE-002", Mapping::Unsupported,
     "integer or boolean data the int8 datapath cannot carry",
     "compute shapes at compile time (static shapes) or move the node into a fallback "
     "segment"},
    {"ASIC-SHAPE-001", Mapping::Unsupported,
     "dynamic dimension from an unbound model input",
     "bind it with --dim NAME=SIZE or --shape INPUT=DIMS"},
    {"ASIC-SHAPE-002", Mapping::Unsupported, "dimension only known at run time",
     "export with static shapes or fold the shape computation"},
    {"ASIC-RANK-001", Mapping::Unsupported, "tensor rank above 4 (N, C, H, W)",
     "merge outer dimensions before the node"},
    {"ASIC-CONST-001", Mapping::Unsupported, "convolution weights computed at run time",
     "export the weights as initializers so they can be pre-tiled"},
    {"ASIC-CONV-001", Mapping::Unsupported, "convolution that is not 1-D or 2-D",
     "rewrite 3-D convolutions as 2-D ones over merged dimensions"},
    {"ASIC-CONV-002", Mapping::Degraded,
     "grouped or depthwise convolution uses a fraction of the array rows",
     "prefer dense convolutions for the array; depthwise layers run at low utilization"},
    {"ASIC-CONV-003", Mapping::Degraded,
     "transposed convolution wastes MACs on inserted zeros",
     "replace ConvTranspose with Resize(nearest) + Conv"},
    {"ASIC-MATMUL-001", Mapping::Degraded,
     "matrix product of two activations reloads weights per tile",
     "keep one operand constant (weights) where the model allows"},
    {"ASIC-POOL-001", Mapping::Unsupported,
     "pooling the activation engine cannot do (dilated or not 2-D)",
     "use undilated 2-D pooling"},
    {"ASIC-RESIZE-001", Mapping::Unsupported, "resize mode other than nearest",
     "use mode=nearest, or run the resize in a fallback segment"},
    {"ASIC-MEM-001", Mapping::Degraded,
     "layer working set larger than the on-chip buffer (spills to DRAM)",
     "lower the resolution or batch, or use a preset with a larger buffer"},
};

const Rule &rule(llvm::StringRef id) { return ruleById(kRules, id); }

enum class Engine { Array, Activation, Dma, None };

Engine engineFor(llvm::StringRef op) {
  if (llvm::is_contained({"Conv", "ConvTranspose", "Gemm", "MatMul", "QLinearConv",
                          "QLinearMatMul", "MatMulInteger"},
                         op))
    return Engine::Array;
  if (llvm::is_contained({"Relu", "Clip", "Add", "Sub", "Mul", "Max", "Min", "Sum",
                          "BatchNormalization", "MaxPool", "AveragePool",
                          "GlobalAveragePool", "GlobalMaxPool", "QuantizeLinear",
                          "DequantizeLinear"},
                         op))
    return Engine::Activation;
  if (llvm::is_contained({"Reshape", "Flatten", "Squeeze", "Unsqueeze", "Identity",
                          "Dropout", "Transpose", "Concat", "Split", "Slice", "Pad",
                          "Resize", "Upsample", "DepthToSpace", "SpaceToDepth"},
                         op))
    return Engine::Dma;
  return Engine::None;
}

bool isTranscendental(llvm::StringRef op) {
  return llvm::is_contained({"Sigmoid", "Tanh", "Erf", "Elu", "LeakyRelu", "PRelu",
                             "HardSigmoid", "HardSwish", "Softplus", "Exp", "Log", "Sqrt",
                             "Reciprocal", "Sin", "Cos"},
                            op);
}

struct AsicConfig : TargetConfig {
  std::string description, dataflow, notes;
  int64_t rows = 0, cols = 0;
  double clockMHz = 0, bufferKiB = 0, accumulatorKiB = 0, dramBytesPerCycle = 0;
  double macPj = -1, sramBytePj = -1, dramBytePj = -1;
  int64_t dramLatency = 0, weightFifoTiles = 4;
  double bufferBytes() const { return bufferKiB * 1024; }
};

/// A node's matrix work as grouped GEMMs: groups x (M x K) * (K x N).
struct GemmShape {
  int64_t groups = 1, m = 1, k = 1, n = 1;
};

GemmShape gemmShapeOf(const NodeFacts &node) {
  GemmShape shape;
  Operation *op = node.op;
  if (llvm::isa<onnx::ConvOp, onnx::QLinearConvOp>(op)) {
    Value weight = op->getOperand(llvm::isa<onnx::ConvOp>(op) ? 1 : 3);
    std::vector<int64_t> w = shapeOf(weight);
    auto group = op->getAttrOfType<IntegerAttr>("group");
    shape.groups = group ? std::max<int64_t>(1, group.getInt()) : 1;
    if (w.size() >= 2) {
      shape.n = std::max<int64_t>(1, w[0] / shape.groups);
      shape.k = 1;
      for (size_t i = 1; i < w.size(); ++i)
        shape.k *= w[i];
      shape.m = std::max<int64_t>(1, node.outputElements / std::max<int64_t>(1, w[0]));
    }
    return shape;
  }
  // Gemm, MatMul and friends: N is the last output dim, K follows from MACs.
  std::vector<int64_t> out = shapeOf(op->getResult(0));
  shape.n = out.empty() ? 1 : std::max<int64_t>(1, out.back());
  shape.m = std::max<int64_t>(1, node.outputElements / shape.n);
  shape.k = std::max<int64_t>(1, node.macs / std::max<int64_t>(1, shape.m * shape.n));
  return shape;
}

using rt::systolic::ceilDiv;

/// Accumulator rows one fold may fill: half the accumulator (the other half
/// drains through the activation engine: ping-pong), `cols` int32 per row.
int64_t accumulatorRows(const AsicConfig &config) {
  int64_t rowBytes = config.cols * 4;
  return std::max<int64_t>(1, static_cast<int64_t>(config.accumulatorKiB * 1024 / 2) /
                                  rowBytes);
}

/// Lower bound on array cycles for a double-buffered weight-stationary
/// array (research/asic.md §7): each weight tile streams at most one
/// accumulator half of rows, and a tile costs at least the R cycles it takes
/// to shift in; the pipeline fills and drains once.
double arrayCycles(const GemmShape &gemm, const AsicConfig &config) {
  int64_t folds = ceilDiv(gemm.k, config.rows) * ceilDiv(gemm.n, config.cols);
  int64_t chunk = std::min(gemm.m, accumulatorRows(config));
  int64_t chunks = ceilDiv(gemm.m, chunk);
  int64_t lastChunk = gemm.m - (chunks - 1) * chunk;
  double perFold = double(chunks - 1) * std::max<int64_t>(chunk, config.rows) +
                   std::max<int64_t>(lastChunk, config.rows);
  return double(gemm.groups) * folds * perFold + config.rows + config.cols - 2;
}

/// The layer as SCALE-Sim v2 sees it (groups run as separate layers, as
/// SCALE-Sim splits depthwise convolutions), for the report's layer table.
void addArrayMetrics(const GemmShape &gemm, const AsicConfig &config, LayerCost &cost) {
  rt::systolic::ScaleSimLayer scaleSim = rt::systolic::scaleSimLayer(
      {gemm.m, gemm.k, gemm.n}, config.rows, config.cols,
      rt::systolic::parseDataflow(config.dataflow));
  cost.metrics = {{"gemm_m", double(gemm.m)},
                  {"gemm_k", double(gemm.k)},
                  {"gemm_n", double(gemm.n)},
                  {"groups", double(gemm.groups)},
                  {"folds", double(gemm.groups * scaleSim.folds)},
                  {"mapping_efficiency", scaleSim.mappingEfficiency},
                  {"scalesim_cycles", double(gemm.groups * scaleSim.cycles)}};
}

class AsicTarget : public Target {
public:
  llvm::StringRef name() const override { return "asic"; }
  llvm::StringRef description() const override {
    return "int8 weight-stationary systolic array (presets sa16, sa128, tpu-v1)";
  }
  llvm::StringRef defaultPreset() const override { return "sa128"; }
  llvm::ArrayRef<Rule> rules() const override { return kRules; }

  std::unique_ptr<TargetConfig>
  parseConfig(const llvm::json::Object &json, llvm::StringRef,
              std::vector<std::string> &errors) const override {
    auto config = std::make_unique<AsicConfig>();
    ConfigReader reader(json, errors);
    reader.skip("target");
    config->name = reader.string("name");
    config->description = reader.string("description", "");
    config->notes = reader.string("notes", "");
    if (std::optional<ConfigReader> array = reader.object("array", true)) {
      config->rows = array->integer("rows", 1, 4096);
      config->cols = array->integer("cols", 1, 4096);
    }
    // The hardware is weight-stationary; "os" only changes the SCALE-Sim-mode
    // figures, so that they can be compared with SCALE-Sim's own OS runs.
    config->dataflow = reader.string("dataflow", "ws");
    if (config->dataflow != "ws" && config->dataflow != "os")
      errors.push_back("field 'dataflow': expected \"ws\" (weight-stationary) or \"os\" "
                       "(output-stationary, SCALE-Sim-mode figures only), got \"" +
                       config->dataflow + "\"");
    config->clockMHz = reader.number("clock_mhz", 1, 100000);
    config->bufferKiB = reader.number("buffer_kib", 1, 1 << 30);
    config->accumulatorKiB = reader.number("accumulator_kib", 1, 1 << 30);
    config->dramBytesPerCycle = reader.number("dram_bytes_per_cycle", 0.001, 1 << 20);
    config->dramLatency = reader.integer("dram_latency_cycles", 0, 1 << 20, 0);
    config->weightFifoTiles = reader.integer("weight_fifo_tiles", 1, 64, 4);
    if (std::optional<ConfigReader> energy = reader.object("energy_pj", false)) {
      config->macPj = energy->number("mac", 0, 1e6);
      config->sramBytePj = energy->number("sram_byte", 0, 1e6);
      config->dramBytePj = energy->number("dram_byte", 0, 1e6);
    }
    return config;
  }

  std::vector<Decision> capability(const ModelFacts &model, const TargetConfig &base,
                                   const CoverageOptions &options) const override {
    const auto &config = static_cast<const AsicConfig &>(base);
    std::vector<Decision> decisions;
    for (const NodeFacts &node : model.nodes)
      decisions.push_back(decide(node, model, config, options));
    return decisions;
  }

  LayerCost estimate(const NodeFacts &node, const Decision &,
                     const TargetConfig &base) const override {
    const auto &config = static_cast<const AsicConfig &>(base);
    LayerCost cost;
    if (node.compileTimeConstant || isShapeOnlyOp(node.opType))
      return cost;
    Engine engine = engineFor(node.opType);
    // int8 on the array: one byte per element.
    double activationBytes = node.activationElements;
    double weightBytes = node.weightElements;
    bool spills = activationBytes > config.bufferBytes();
    double dramBytes = weightBytes + (spills ? activationBytes : 0);
    double computeCycles = 0;
    if (engine == Engine::Array && node.macs > 0) {
      GemmShape gemm = gemmShapeOf(node);
      computeCycles = arrayCycles(gemm, config);
      addArrayMetrics(gemm, config, cost);
    } else {
      computeCycles = std::ceil(
          std::max<double>(node.outputElements, activationBytes - node.outputElements) /
          config.cols);
    }
    double memoryCycles = dramBytes / config.dramBytesPerCycle;
    cost.macs = node.macs;
    cost.bytes = activationBytes + weightBytes;
    cost.cycles = std::max(computeCycles, memoryCycles);
    cost.bound = computeCycles >= memoryCycles ? "compute" : "memory";
    cost.seconds = cost.cycles / (config.clockMHz * 1e6);
    if (config.macPj >= 0)
      cost.joules = (node.macs * config.macPj + cost.bytes * config.sramBytePj +
                     dramBytes * config.dramBytePj) *
                    1e-12;
    return cost;
  }

  MemoryFit memoryFit(const ModelFacts &model, const std::vector<Decision> &,
                      const TargetConfig &base) const override {
    const auto &config = static_cast<const AsicConfig &>(base);
    int64_t weights = 0, peak = 0;
    std::string peakNode;
    for (const NodeFacts &node : model.nodes) {
      if (node.compileTimeConstant)
        continue;
      if (engineFor(node.opType) == Engine::Array)
        weights += node.weightElements;
      if (node.activationElements > peak) {
        peak = node.activationElements;
        peakNode = node.name;
      }
    }
    MemoryFit fit;
    double buffer = config.bufferBytes();
    fit.lines.push_back("weights (int8): " + formatBytes(weights) + " vs " +
                        formatBytes(buffer) + " on-chip buffer: " +
                        (weights <= buffer / 2 ? "cached on chip"
                                               : "streamed from DRAM every inference"));
    fit.lines.push_back("largest layer working set (int8): " + formatBytes(peak) +
                        (peakNode.empty() ? "" : " at '" + peakNode + "'") + ": " +
                        (peak <= buffer ? "fits the buffer" : "spills to DRAM"));
    fit.fits = peak <= buffer;
    return fit;
  }

private:
  Decision decide(const NodeFacts &node, const ModelFacts &model,
                  const AsicConfig &config, const CoverageOptions &options) const {
    if (std::optional<Decision> decided =
            decideFoldedOrCustom(node, rule("ASIC-OP-001"), "asic"))
      return *decided;
    Decision decision;
    Engine engine = engineFor(node.opType);
    if (isTranscendental(node.opType))
      decision.add(
          {&rule("ASIC-ACT-001"),
           node.opType + " is not an activation-engine function (ReLU, ReLU6, clip)",
           "replace " + node.opType +
               " with Relu or Clip and fine-tune, or run it in a fallback segment "
               "(--fallback=host)"});
    else if (engine == Engine::None)
      decision.add({&rule("ASIC-OP-002"),
                    node.opType + " maps onto neither the systolic array, the activation "
                                  "engine nor DMA",
                    "run it in a fallback segment (--fallback=host|gpu)"});
    checkStaticShapes(node, model, rule("ASIC-SHAPE-001"), rule("ASIC-SHAPE-002"),
                      decision);
    checkRank(node, 4, rule("ASIC-RANK-001"), decision);
    checkDataTypes(node, options, decision);
    if (engine == Engine::Array)
      checkArrayOp(node, config, decision);
    if (node.opType == "MaxPool" || node.opType == "AveragePool")
      checkPooling(node, decision);
    if (node.opType == "Resize" || node.opType == "Upsample") {
      std::string mode = stringAttr(node.op, "mode", "nearest");
      if (mode != "nearest")
        decision.add({&rule("ASIC-RESIZE-001"),
                      "resize mode is '" + mode + "'; DMA can only replicate (nearest)",
                      "use mode=nearest, or run the resize in a fallback segment"});
    }
    checkBuffer(node, config, decision);
    if (decision.findings.empty() && options.quantize == "int8" && !node.quantized &&
        engine != Engine::None)
      decision.note = "runs in int8 after --quantize=int8";
    return decision;
  }

  void checkDataTypes(const NodeFacts &node, const CoverageOptions &options,
                      Decision &decision) const {
    bool hasFloat = false, hasWideInteger = false;
    std::string wide;
    auto inspect = [&](Value value) {
      auto tensor = llvm::dyn_cast<TensorType>(value.getType());
      if (!tensor)
        return;
      Type element = tensor.getElementType();
      if (llvm::isa<FloatType>(element))
        hasFloat = true;
      else if (element.isIntOrFloat() && !element.isInteger(8) && !hasWideInteger) {
        hasWideInteger = true;
        wide = typeText(value.getType());
      }
    };
    // Constant operands (shapes, axes, scales) are consumed at compile time.
    for (OpOperand &operand : node.op->getOpOperands())
      if (!node.constantOperands[operand.getOperandNumber()])
        inspect(operand.get());
    for (Value result : node.op->getResults())
      inspect(result);
    // Quantized ops legitimately carry float scales and int32 biases.
    if (node.quantized && engineFor(node.opType) != Engine::None)
      return;
    if (hasWideInteger && node.opType != "QuantizeLinear" &&
        node.opType != "DequantizeLinear")
      decision.add({&rule("ASIC-DTYPE-002"),
                    "a tensor is " + wide +
                        "; the datapath carries int8 (int32 only in "
                        "the accumulators)",
                    "if this is shape arithmetic, make the shapes static so it folds at "
                    "compile time; otherwise run it in a fallback segment "
                    "(--fallback=host|gpu)"});
    else if (hasFloat && options.quantize != "int8")
      decision.add({&rule("ASIC-DTYPE-001"),
                    "input is " + node.dtype +
                        " and the node is not quantized; the array "
                        "computes in int8",
                    "run with --quantize=int8 (calibrated post-training quantization)"});
  }

  void checkArrayOp(const NodeFacts &node, const AsicConfig &config,
                    Decision &decision) const {
    Operation *op = node.op;
    bool isConv = llvm::isa<onnx::ConvOp, onnx::QLinearConvOp, onnx::ConvTransposeOp>(op);
    if (isConv) {
      Value weight = op->getOperand(llvm::isa<onnx::QLinearConvOp>(op) ? 3 : 1);
      size_t spatial = shapeOf(weight).size() >= 2 ? shapeOf(weight).size() - 2 : 0;
      if (spatial != 1 && spatial != 2)
        decision.add({&rule("ASIC-CONV-001"),
                      "convolution has " + std::to_string(spatial) +
                          " spatial dims; the address generator handles 1 or 2",
                      "rewrite it as 2-D convolutions over merged dimensions"});
      if (!weightKnown(node, weight))
        decision.add({&rule("ASIC-CONST-001"),
                      "weight input W is computed at run time; the array needs weights "
                      "pre-tiled at compile time",
                      "export the weights as initializers (or constant-foldable "
                      "subgraphs)"});
    }
    if (llvm::isa<onnx::ConvTransposeOp>(op)) {
      int64_t product = 1;
      std::vector<int64_t> strides =
          intArrayAttr(op, "strides").value_or(std::vector<int64_t>{});
      for (int64_t stride : strides)
        product *= std::max<int64_t>(1, stride);
      if (product > 1)
        decision.add(
            {&rule("ASIC-CONV-003"),
             llvm::formatv(
                 "strides {0} transposed convolution: {1} of {2} "
                 "streamed inputs are inserted zeros",
                 llvm::join(llvm::map_range(strides,
                                            [](int64_t v) { return std::to_string(v); }),
                            "x"),
                 product - 1, product)
                 .str(),
             "replace ConvTranspose with Resize(nearest) + Conv", 1.0 / product});
    } else if (isConv) {
      GemmShape gemm = gemmShapeOf(node);
      if (gemm.groups > 1) {
        double efficiency = std::min<double>(1.0, double(gemm.k) / config.rows);
        decision.add(
            {&rule("ASIC-CONV-002"),
             llvm::formatv("group={0} convolution: each group uses {1} of {2} "
                           "array rows and the {0} groups run one after another",
                           gemm.groups, std::min<int64_t>(gemm.k, config.rows),
                           config.rows)
                 .str(),
             "prefer dense convolutions; depthwise layers run at low utilization",
             efficiency});
      }
    }
    if (llvm::isa<onnx::MatMulOp, onnx::MatMulIntegerOp, onnx::QLinearMatMulOp>(op)) {
      Value b = op->getOperand(llvm::isa<onnx::QLinearMatMulOp>(op) ? 3 : 1);
      if (!weightKnown(node, b)) {
        GemmShape gemm = gemmShapeOf(node);
        double efficiency = double(gemm.m) / double(gemm.m + config.rows);
        decision.add({&rule("ASIC-MATMUL-001"),
                      llvm::formatv("both operands are activations: every {0}x{1} tile "
                                    "of B is shifted into the array at run time ({2} "
                                    "streamed rows per tile)",
                                    config.rows, config.cols, gemm.m)
                          .str(),
                      "keep one operand constant where the model allows", efficiency});
      }
    }
  }

  static bool weightKnown(const NodeFacts &node, Value weight) {
    for (OpOperand &operand : node.op->getOpOperands())
      if (operand.get() == weight)
        return node.constantOperands[operand.getOperandNumber()];
    return false;
  }

  void checkPooling(const NodeFacts &node, Decision &decision) const {
    std::vector<int64_t> kernel =
        intArrayAttr(node.op, "kernel_shape").value_or(std::vector<int64_t>{});
    std::vector<int64_t> dilations =
        intArrayAttr(node.op, "dilations").value_or(std::vector<int64_t>{});
    bool dilated = llvm::any_of(dilations, [](int64_t d) { return d != 1; });
    if (kernel.size() != 2 || dilated)
      decision.add({&rule("ASIC-POOL-001"),
                    dilated ? "pooling is dilated"
                            : "pooling is " + std::to_string(kernel.size()) +
                                  "-D; the activation engine pools 2-D windows",
                    "use undilated 2-D pooling"});
  }

  void checkBuffer(const NodeFacts &node, const AsicConfig &config,
                   Decision &decision) const {
    if (isShapeOnlyOp(node.opType) || !decision.findings.empty())
      return;
    double workingSet = node.activationElements;
    if (workingSet <= config.bufferBytes())
      return;
    decision.add({&rule("ASIC-MEM-001"),
                  "working set " + formatBytes(workingSet) + " (int8) exceeds the " +
                      formatBytes(config.bufferBytes()) + " on-chip buffer",
                  "lower the resolution or batch, or use a preset with a larger buffer",
                  config.bufferBytes() / workingSet});
  }
};

} // namespace

std::unique_ptr<Target> createAsicTarget() { return std::make_unique<AsicTarget>(); }

std::optional<rt::systolic::ArrayConfig> asicArrayConfig(const TargetConfig &base,
                                                         double &clockMHz,
                                                         std::vector<std::string> &errors) {
  const auto *config = dynamic_cast<const AsicConfig *>(&base);
  if (!config) {
    errors.push_back("not an asic config");
    return std::nullopt;
  }
  rt::systolic::ArrayConfig array;
  array.rows = config->rows;
  array.cols = config->cols;
  array.bufferRows = int64_t(config->bufferBytes()) / std::max<int64_t>(config->rows, 1);
  array.accumulatorRows =
      int64_t(config->accumulatorKiB * 1024) / std::max<int64_t>(4 * config->cols, 1);
  array.weightFifoTiles = config->weightFifoTiles;
  array.dramBytesPerCycle = config->dramBytesPerCycle;
  array.dramLatency = config->dramLatency;
  clockMHz = config->clockMHz;
  size_t before = errors.size();
  if (array.rows != array.cols)
    errors.push_back("field 'array': the code generator needs a square array (a buffer row "
                     "feeds the array's rows, an accumulator row fills its columns); got rows " +
                     std::to_string(array.rows) + " and cols " + std::to_string(array.cols));
  // Two input slots and two output slots of one array-height tile each.
  if (array.bufferRows < 4 * array.rows)
    errors.push_back("field 'buffer_kib': " + formatBytes(config->bufferBytes()) + " holds " +
                     std::to_string(array.bufferRows) + " rows of " + std::to_string(array.rows) +
                     " bytes; the array needs at least " + std::to_string(4 * array.rows) +
                     " to be fed double-buffered");
  if (array.accumulatorRows < 2 * array.cols)
    errors.push_back("field 'accumulator_kib': " + std::to_string(array.accumulatorRows) +
                     " rows of " + std::to_string(array.cols) +
                     " int32; ping-pong accumulation needs at least " +
                     std::to_string(2 * array.cols));
  if (array.bufferRows > (int64_t(1) << 20) || array.accumulatorRows > (int64_t(1) << 16))
    errors.push_back("field 'buffer_kib'/'accumulator_kib': more rows than the ISA's address "
                     "fields reach (2^20 buffer rows, 2^16 accumulator rows)");
  if (errors.size() != before)
    return std::nullopt;
  return array;
}

} // namespace hwc::target
