//===- GpuTarget.cpp - The NVIDIA GPU target: capability and cost ---------===//
//
// The GPU runs almost every ONNX op; its capability table names what hwc's
// GPU path (ONNX -> TOSA/linalg -> PTX, issue 9) cannot take: operators hwc
// does not model, typed ops without a lowering yet, dynamic shapes (kernels
// and launch plans are specialized to static shapes), TOSA's rank limit and
// element types without a PTX path. The cost model is a roofline per node:
// max(FLOPs / peak for the node's precision, bytes / memory bandwidth) plus
// one kernel launch.
//
//===----------------------------------------------------------------------===//

#include "targets/ConfigReader.h"
#include "targets/Registry.h"
#include "targets/RuleHelpers.h"

#include "mlir/IR/BuiltinTypes.h"
#include "llvm/Support/FormatVariadic.h"

#include <map>

using namespace mlir;

namespace hwc::target {

namespace {

const Rule kRules[] = {
    {"GPU-OP-001", Mapping::Unsupported,
     "operator hwc does not model (custom or contrib domain)",
     "run it in a host fallback segment (--fallback=host) or re-export with standard "
     "ONNX operators"},
    {"GPU-OP-002", Mapping::Unsupported, "ONNX operator without a GPU lowering yet",
     "run it in a host fallback segment (--fallback=host)"},
    {"GPU-SHAPE-001", Mapping::Unsupported,
     "dynamic dimension from an unbound model input",
     "bind it with --dim NAME=SIZE or --shape INPUT=DIMS"},
    {"GPU-SHAPE-002", Mapping::Unsupported, "dimension only known at run time",
     "export with static shapes or fold the shape computation"},
    {"GPU-RANK-001", Mapping::Unsupported, "tensor rank above TOSA's limit of 6",
     "merge outer dimensions before the node"},
    {"GPU-DTYPE-001", Mapping::Degraded,
     "float64 arithmetic (runs at the chip's fp64 rate)", "cast the model to float32"},
    {"GPU-DTYPE-002", Mapping::Unsupported,
     "element type without a PTX lowering (float8, 4-bit, 2-bit)",
     "dequantize to float16/bfloat16 or int8 before the node"},
};

const Rule &rule(llvm::StringRef id) { return ruleById(kRules, id); }

/// Typed ops the GPU capability table does not claim yet: control flow and
/// recurrences need host-side loops, the rest have no TOSA/linalg pattern.
bool hasNoGpuLowering(llvm::StringRef opType) {
  return llvm::is_contained(
      {"If", "Loop", "LSTM", "GRU", "TopK", "ScatterND", "Einsum", "GatherElements"},
      opType);
}

struct GpuConfig : TargetConfig {
  std::string description, chip, notes;
  int64_t sms = 0;
  double memoryGiB = 0, bandwidthGBs = 0, launchUs = 0, powerW = 0;
  std::map<std::string, double> peakTflops;

  double peakFlops(llvm::StringRef precision) const {
    auto found = peakTflops.find(precision.str());
    return (found != peakTflops.end() ? found->second : peakTflops.at("fp32")) * 1e12;
  }
};

/// The precision a node's arithmetic runs in, as a peak_tflops key.
std::string precisionOf(const NodeFacts &node) {
  if (node.quantized)
    return "int8";
  if (node.dtype == "f16")
    return "fp16";
  if (node.dtype == "bf16")
    return "bf16";
  if (node.dtype == "f64")
    return "fp64";
  return "fp32";
}

bool isUnloweredElementType(Type type) {
  auto tensor = llvm::dyn_cast<TensorType>(type);
  if (!tensor)
    return false;
  Type element = tensor.getElementType();
  if (llvm::isa<Float8E4M3FNType, Float8E5M2Type, Float8E4M3FNUZType, Float8E5M2FNUZType>(
          element))
    return true;
  return element.isIntOrFloat() && element.getIntOrFloatBitWidth() < 8 &&
         !element.isInteger(1);
}

class GpuTarget : public Target {
public:
  llvm::StringRef name() const override { return "gpu"; }
  llvm::StringRef description() const override {
    return "NVIDIA GPU through TOSA/linalg to PTX (presets sm_80, sm_90)";
  }
  llvm::StringRef defaultPreset() const override { return "sm_80"; }
  llvm::ArrayRef<Rule> rules() const override { return kRules; }

  std::unique_ptr<TargetConfig>
  parseConfig(const llvm::json::Object &json, llvm::StringRef,
              std::vector<std::string> &errors) const override {
    auto config = std::make_unique<GpuConfig>();
    ConfigReader reader(json, errors);
    reader.skip("target");
    config->name = reader.string("name");
    config->description = reader.string("description", "");
    config->notes = reader.string("notes", "");
    config->chip = reader.string("chip");
    config->sms = reader.integer("sms", 1, 100000);
    config->memoryGiB = reader.number("memory_gib", 0.001, 1e6);
    config->bandwidthGBs = reader.number("memory_bandwidth_gbs", 0.001, 1e7);
    config->launchUs = reader.number("kernel_launch_us", 0, 1e6, 4);
    config->powerW = reader.number("board_power_w", 0, 1e6, 0);
    if (std::optional<ConfigReader> peaks = reader.object("peak_tflops", true)) {
      for (const char *precision : {"fp64", "fp32", "tf32", "fp16", "bf16", "int8"}) {
        bool required = llvm::StringRef(precision) == "fp32";
        double value = required ? peaks->number(precision, 1e-6, 1e9)
                                : peaks->number(precision, 1e-6, 1e9, -1);
        if (value > 0)
          config->peakTflops[precision] = value;
      }
    }
    return config;
  }

  std::vector<Decision> capability(const ModelFacts &model, const TargetConfig &base,
                                   const CoverageOptions &) const override {
    const auto &config = static_cast<const GpuConfig &>(base);
    std::vector<Decision> decisions;
    for (const NodeFacts &node : model.nodes)
      decisions.push_back(decide(node, model, config));
    return decisions;
  }

  LayerCost estimate(const NodeFacts &node, const Decision &,
                     const TargetConfig &base) const override {
    const auto &config = static_cast<const GpuConfig &>(base);
    LayerCost cost;
    if (node.compileTimeConstant || isShapeOnlyOp(node.opType))
      return cost;
    cost.macs = node.macs;
    cost.bytes = node.activationBytes + node.weightBytes;
    double flops = node.macs > 0 ? 2.0 * node.macs : node.outputElements;
    double computeSeconds = flops / config.peakFlops(precisionOf(node));
    double memorySeconds = cost.bytes / (config.bandwidthGBs * 1e9);
    cost.bound = computeSeconds >= memorySeconds ? "compute" : "memory";
    // The precision's own peak already prices a Degraded (fp64) node.
    cost.seconds = std::max(computeSeconds, memorySeconds) + config.launchUs * 1e-6;
    if (config.powerW > 0)
      cost.joules = config.powerW * cost.seconds;
    return cost;
  }

  MemoryFit memoryFit(const ModelFacts &model, const std::vector<Decision> &,
                      const TargetConfig &base) const override {
    const auto &config = static_cast<const GpuConfig &>(base);
    int64_t peakActivation = 0;
    for (const NodeFacts &node : model.nodes)
      peakActivation = std::max(peakActivation, node.activationBytes);
    double capacity = config.memoryGiB * 1024.0 * 1024.0 * 1024.0;
    MemoryFit fit;
    fit.fits = model.parameterBytes + peakActivation <= capacity;
    fit.lines.push_back("weights " + formatBytes(model.parameterBytes) +
                        " + largest layer working set " + formatBytes(peakActivation) +
                        " of " + formatBytes(capacity) + " device memory");
    return fit;
  }

private:
  Decision decide(const NodeFacts &node, const ModelFacts &model,
                  const GpuConfig &config) const {
    if (std::optional<Decision> decided =
            decideFoldedOrCustom(node, rule("GPU-OP-001"), "gpu"))
      return *decided;
    Decision decision;
    if (hasNoGpuLowering(node.opType))
      decision.add({&rule("GPU-OP-002"),
                    node.opType + " has no lowering in hwc's GPU path yet (" +
                        (node.opType == "If" || node.opType == "Loop"
                             ? "data-dependent control flow runs on the host"
                             : "no TOSA/linalg pattern") +
                        ")",
                    "run it in a host fallback segment (--fallback=host)"});
    checkStaticShapes(node, model, rule("GPU-SHAPE-001"), rule("GPU-SHAPE-002"),
                      decision);
    checkRank(node, 6, rule("GPU-RANK-001"), decision);
    checkElementTypes(node, config, decision);
    return decision;
  }

  void checkElementTypes(const NodeFacts &node, const GpuConfig &config,
                         Decision &decision) const {
    SmallVector<Value> values(node.op->getOperands());
    llvm::append_range(values, node.op->getResults());
    for (Value value : values)
      if (isUnloweredElementType(value.getType())) {
        decision.add({&rule("GPU-DTYPE-002"),
                      "a tensor has element type " + typeText(value.getType()) +
                          ", which hwc's PTX path does not lower",
                      "dequantize to float16/bfloat16 or int8 before " + node.opType});
        return;
      }
    if (node.dtype != "f64")
      return;
    double ratio = config.peakFlops("fp64") / config.peakFlops("fp32");
    decision.add({&rule("GPU-DTYPE-001"),
                  llvm::formatv("float64 arithmetic runs at the fp64 peak, {0:P} of "
                                "the fp32 peak",
                                ratio)
                      .str(),
                  "cast the model to float32", std::min(1.0, ratio)});
  }
};

} // namespace

std::unique_ptr<Target> createGpuTarget() { return std::make_unique<GpuTarget>(); }

} // namespace hwc::target
