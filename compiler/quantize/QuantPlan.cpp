//===- QuantPlan.cpp - The quantization plan and its JSON form -------------===//

#include "compiler/quantize/QuantPlan.h"

#include "runtime/core/Error.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SHA256.h"

#include <algorithm>
#include <cmath>

namespace hwc::quant {
namespace {

/// Scale of an all-zero channel: any positive value represents it exactly.
constexpr float kZeroRangeScale = 1.0f;

const char *roleName(TensorRole role) {
  switch (role) {
  case TensorRole::Activation:
    return "activation";
  case TensorRole::Weight:
    return "weight";
  case TensorRole::Bias:
    return "bias";
  }
  return "?";
}

/// Per slice along `axis`, the largest |value|.
std::vector<double> channelAbsMax(const rt::Tensor &tensor, int64_t axis) {
  rt::Tensor values = tensor.toFloat32().contiguous();
  int64_t channels = values.dim(axis), inner = 1;
  for (int64_t d = axis + 1; d < values.rank(); ++d)
    inner *= values.dim(d);
  std::vector<double> absMax(size_t(channels), 0.0);
  const float *data = values.data<float>();
  for (int64_t i = 0; i < values.numElements(); ++i) {
    size_t channel = size_t((i / inner) % channels);
    absMax[channel] = std::max(absMax[channel], double(std::fabs(data[i])));
  }
  return absMax;
}

/// int8 symmetric per output channel, narrow range: scale = max|w| / 127.
TensorPlan weightPlan(const rt::Tensor &weight, int64_t axis) {
  TensorPlan plan;
  plan.role = TensorRole::Weight;
  plan.symmetric = true;
  plan.params.bits = 8;
  plan.params.narrowRange = true;
  plan.params.axis = axis;
  for (double absMax : channelAbsMax(weight, axis)) {
    plan.params.scales.push_back(absMax > 0 ? float(absMax / 127.0) : kZeroRangeScale);
    plan.params.zeroPoints.push_back(0);
  }
  return plan;
}

/// int32 with scale s_in * s_w per channel (zero point 0), so the bias adds
/// straight into the int32 accumulator.
TensorPlan biasPlan(const TensorPlan &input, const TensorPlan &weight) {
  TensorPlan plan;
  plan.role = TensorRole::Bias;
  plan.symmetric = true;
  plan.params.bits = 32;
  plan.params.axis = 0;
  float inputScale = input.params.scales.front();
  for (float weightScale : weight.params.scales) {
    plan.params.scales.push_back(inputScale * weightScale);
    plan.params.zeroPoints.push_back(0);
  }
  return plan;
}

TensorPlan activationPlan(const TensorStatistics &stats, const PlanOptions &options) {
  TensorPlan plan;
  plan.range = selectRange(stats, options.method, options.percentile);
  Grid grid = asymmetricGrid(plan.range->lo, plan.range->hi);
  plan.params.scales = {float(grid.scale)};
  plan.params.zeroPoints = {grid.zeroPoint};
  return plan;
}

/// Which input of a node is a weight with an output-channel axis, and which
/// its bias; -1 when none.
struct WeightedInputs {
  int weight = -1, bias = -1;
  int64_t axis = 0;
};

WeightedInputs weightedInputs(const rt::Node &node, const rt::Tensor *weight) {
  WeightedInputs inputs;
  if (!weight)
    return inputs;
  if (node.opType == "Conv") {
    inputs = {1, 2, 0};
  } else if (node.opType == "ConvTranspose") {
    inputs = {1, -1, 1}; // W is [C, M/group, k...]: per-group channels
  } else if (node.opType == "Gemm") {
    inputs = {1, 2, node.attributes().getInt("transB", 0) ? 0 : 1};
  } else if (node.opType == "MatMul" && weight->rank() == 2) {
    inputs = {1, -1, 1};
  }
  return inputs;
}

/// M = s_in * s_w / s_out per output channel, when all three are planned.
std::optional<LayerRequantization> requantization(const QuantPlan &plan, const std::string &input,
                                                  const std::string &weight,
                                                  const std::string &output) {
  auto in = plan.tensors.find(input), w = plan.tensors.find(weight),
       out = plan.tensors.find(output);
  if (in == plan.tensors.end() || w == plan.tensors.end() || out == plan.tensors.end() ||
      out->second.role != TensorRole::Activation)
    return std::nullopt;
  LayerRequantization layer{input, weight, output, {}};
  double inputOverOutput =
      double(in->second.params.scales.front()) / double(out->second.params.scales.front());
  for (float weightScale : w->second.params.scales)
    layer.channels.push_back(rt::quantizeMultiplier(inputOverOutput * double(weightScale)));
  return layer;
}

} // namespace

QuantPlan buildPlan(const rt::Model &model, const Calibration &calibration,
                    const PlanOptions &options) {
  QuantPlan plan;
  plan.method = rangeMethodName(options.method);
  plan.percentile = options.percentile;
  plan.samples = calibration.samples;
  for (const auto &[name, stats] : calibration.tensors)
    plan.tensors[name] = activationPlan(stats, options);
  const rt::Graph &graph = model.graph();
  std::map<int, const rt::Tensor *> initializers;
  for (const auto &[id, tensor] : graph.initializers)
    initializers[id] = &tensor;
  auto initializerAt = [&](const rt::Node &node, int index) -> const rt::Tensor * {
    if (index < 0 || index >= int(node.inputs.size()))
      return nullptr;
    auto found = initializers.find(node.inputs[size_t(index)]);
    return found == initializers.end() ? nullptr : found->second;
  };
  for (const rt::Node &node : graph.nodes) {
    const rt::Tensor *weight = initializerAt(node, 1);
    WeightedInputs inputs = weightedInputs(node, weight);
    if (inputs.weight < 0 || !rt::isFloatingPoint(weight->dtype()))
      continue;
    const std::string &weightName = graph.valueNames[size_t(node.inputs[1])];
    plan.tensors[weightName] = weightPlan(*weight, inputs.axis);
    if (!node.outputs.empty() && node.outputs[0] >= 0)
      if (auto layer = requantization(plan, graph.valueNames[size_t(node.inputs[0])], weightName,
                                      graph.valueNames[size_t(node.outputs[0])]))
        plan.layers[node.name] = std::move(*layer);
    const rt::Tensor *bias = initializerAt(node, inputs.bias);
    auto input = plan.tensors.find(graph.valueNames[size_t(node.inputs[0])]);
    if (!bias || bias->rank() != 1 || input == plan.tensors.end() ||
        bias->dim(0) != int64_t(plan.tensors[weightName].params.scales.size()))
      continue;
    plan.tensors[graph.valueNames[size_t(node.inputs[size_t(inputs.bias)])]] =
        biasPlan(input->second, plan.tensors[weightName]);
  }
  return plan;
}

//===----------------------------------------------------------------------===//
// JSON
//===----------------------------------------------------------------------===//

std::string writePlanJson(const QuantPlan &plan) {
  llvm::json::Object tensors;
  for (const auto &[name, tensor] : plan.tensors) {
    const rt::TensorQuantization &params = tensor.params;
    llvm::json::Array scales, zeroPoints;
    for (float scale : params.scales)
      scales.push_back(double(scale));
    for (int64_t zeroPoint : params.zeroPoints)
      zeroPoints.push_back(zeroPoint);
    llvm::json::Object entry{{"role", roleName(tensor.role)},
                             {"bits", params.bits},
                             {"signed", params.isSigned},
                             {"symmetric", tensor.symmetric},
                             {"narrow_range", params.narrowRange},
                             {"scales", std::move(scales)},
                             {"zero_points", std::move(zeroPoints)}};
    if (params.scales.size() > 1 || tensor.role != TensorRole::Activation)
      entry["axis"] = params.axis;
    if (tensor.range) {
      entry["range"] = llvm::json::Array{tensor.range->lo, tensor.range->hi};
      entry["method"] = rangeMethodName(tensor.range->method);
      entry["sqnr_db"] = tensor.range->sqnrDb;
    }
    tensors[name] = std::move(entry);
  }
  llvm::json::Object layers;
  for (const auto &[name, layer] : plan.layers) {
    llvm::json::Array multipliers, shifts;
    for (const rt::FixedPointMultiplier &channel : layer.channels) {
      multipliers.push_back(int64_t(channel.multiplier));
      shifts.push_back(channel.shift);
    }
    layers[name] = llvm::json::Object{{"input", layer.input},
                                      {"weight", layer.weight},
                                      {"output", layer.output},
                                      {"multipliers", std::move(multipliers)},
                                      {"shifts", std::move(shifts)}};
  }
  llvm::json::Object root{
      {"schema_version", kPlanSchemaVersion},
      {"layers", std::move(layers)},
      {"producer", "hwc"},
      {"model_sha256", plan.modelSha256},
      {"calibration",
       llvm::json::Object{{"method", plan.method},
                          {"percentile", plan.percentile},
                          {"samples", int64_t(plan.samples)},
                          {"histogram_bins", kHistogramBins}}},
      {"tensors", std::move(tensors)}};
  std::string text;
  llvm::raw_string_ostream os(text);
  os << llvm::formatv("{0:2}", llvm::json::Value(std::move(root))) << "\n";
  return text;
}

namespace {

/// A problem with one field of a tensor entry.
struct FieldError {
  std::string field, message;
};

/// Reads one tensor entry; returns its first problem, if any.
std::optional<FieldError> readTensor(const llvm::json::Object &entry, TensorPlan &tensor) {
  static const char *const kFields[] = {"role", "bits", "signed", "symmetric",
                                        "narrow_range", "scales", "zero_points", "axis",
                                        "range", "method", "sqnr_db"};
  for (const auto &field : entry)
    if (std::find(std::begin(kFields), std::end(kFields), field.first.str()) ==
        std::end(kFields))
      return FieldError{field.first.str(), "unknown field"};
  std::optional<llvm::StringRef> role = entry.getString("role");
  if (!role || (*role != "activation" && *role != "weight" && *role != "bias"))
    return FieldError{"role", "expected \"activation\", \"weight\" or \"bias\""};
  tensor.role = *role == "weight"  ? TensorRole::Weight
                : *role == "bias" ? TensorRole::Bias
                                  : TensorRole::Activation;
  std::optional<int64_t> bits = entry.getInteger("bits");
  if (!bits || *bits < 2 || *bits > 32)
    return FieldError{"bits", "expected an integer in [2, 32]"};
  tensor.params.bits = int(*bits);
  tensor.params.isSigned = entry.getBoolean("signed").value_or(true);
  tensor.symmetric = entry.getBoolean("symmetric").value_or(false);
  tensor.params.narrowRange = entry.getBoolean("narrow_range").value_or(false);
  tensor.params.axis = entry.getInteger("axis").value_or(1);
  const llvm::json::Array *scales = entry.getArray("scales");
  const llvm::json::Array *zeroPoints = entry.getArray("zero_points");
  FieldError badScales{"scales", "expected a non-empty array of positive numbers"};
  if (!scales || scales->empty())
    return badScales;
  for (const llvm::json::Value &scale : *scales) {
    std::optional<double> value = scale.getAsNumber();
    if (!value || !(*value > 0) || !std::isfinite(*value))
      return badScales;
    tensor.params.scales.push_back(float(*value));
  }
  if (!zeroPoints || zeroPoints->size() != scales->size())
    return FieldError{"zero_points", "expected as many integers as 'scales' has values"};
  for (const llvm::json::Value &zeroPoint : *zeroPoints) {
    std::optional<int64_t> value = zeroPoint.getAsInteger();
    if (!value || *value < tensor.params.minLevel() || *value > tensor.params.maxLevel())
      return FieldError{"zero_points", "expected integers in [" +
                                           std::to_string(tensor.params.minLevel()) + ", " +
                                           std::to_string(tensor.params.maxLevel()) + "]"};
    tensor.params.zeroPoints.push_back(*value);
  }
  return std::nullopt;
}

} // namespace

std::optional<QuantPlan> readPlanJson(const std::string &text, std::string &error) {
  llvm::Expected<llvm::json::Value> parsed = llvm::json::parse(text);
  if (!parsed) {
    error = "not JSON: " + llvm::toString(parsed.takeError());
    return std::nullopt;
  }
  const llvm::json::Object *root = parsed->getAsObject();
  if (!root) {
    error = "expected a JSON object";
    return std::nullopt;
  }
  std::optional<int64_t> version = root->getInteger("schema_version");
  if (!version || *version != kPlanSchemaVersion) {
    error = "field 'schema_version': expected " + std::to_string(kPlanSchemaVersion);
    return std::nullopt;
  }
  QuantPlan plan;
  plan.modelSha256 = root->getString("model_sha256").value_or("").str();
  const llvm::json::Object *tensors = root->getObject("tensors");
  if (!tensors) {
    error = "field 'tensors': expected an object of tensor names";
    return std::nullopt;
  }
  for (const auto &[name, value] : *tensors) {
    const llvm::json::Object *entry = value.getAsObject();
    if (!entry) {
      error = "field 'tensors." + name.str() + "': expected an object";
      return std::nullopt;
    }
    TensorPlan tensor;
    if (std::optional<FieldError> problem = readTensor(*entry, tensor)) {
      error = "field 'tensors." + name.str() + "." + problem->field + "': " + problem->message;
      return std::nullopt;
    }
    plan.tensors[name.str()] = std::move(tensor);
  }
  return plan;
}

rt::QuantizationPlan toRuntimePlan(const QuantPlan &plan) {
  rt::QuantizationPlan runtimePlan;
  for (const auto &[name, tensor] : plan.tensors)
    runtimePlan.tensors[name] = tensor.params;
  return runtimePlan;
}

std::string fileSha256(const std::string &path) {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!buffer)
    rt::fail(path, ": cannot read the file: ", buffer.getError().message());
  llvm::SHA256 hasher;
  hasher.update(llvm::arrayRefFromStringRef((*buffer)->getBuffer()));
  std::array<uint8_t, 32> digest = hasher.final();
  return llvm::toHex(digest, /*LowerCase=*/true);
}

} // namespace hwc::quant
