//===- PlanBuilder.cpp - A quantization plan from calibration --------------===//

#include "compiler/quantize/PlanBuilder.h"

#include "runtime/core/DType.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace hwc::quant {
namespace {

/// Scale of an all-zero channel: any positive value represents it exactly.
constexpr float kZeroRangeScale = 1.0f;

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
  Range range = selectRange(stats, options.method, options.percentile);
  plan.range = ActivationRange{range.lo, range.hi, rangeMethodName(range.method), range.sqnrDb};
  Grid grid = asymmetricGrid(range.lo, range.hi);
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
      out->second.role != TensorRole::Activation || in->second.params.float16 ||
      w->second.params.float16 || out->second.params.float16)
    return std::nullopt;
  LayerRequantization layer{input, weight, output, {}};
  double inputOverOutput =
      double(in->second.params.scales.front()) / double(out->second.params.scales.front());
  for (float weightScale : w->second.params.scales)
    layer.channels.push_back(rt::quantizeMultiplier(inputOverOutput * double(weightScale)));
  return layer;
}

/// A float16 bias for a float16 weight; otherwise int32 with scale
/// s_in * s_w, when the input and the weight are on integer grids.
std::optional<TensorPlan> biasFor(const QuantPlan &plan, const WeightedLayer &layer) {
  auto input = plan.tensors.find(layer.input), weight = plan.tensors.find(layer.weight);
  if (!layer.biasValues || layer.biasValues->rank() != 1 || weight == plan.tensors.end())
    return std::nullopt;
  if (weight->second.params.float16) {
    TensorPlan half;
    half.role = TensorRole::Bias;
    half.params.float16 = true;
    half.params.bits = 16;
    return half;
  }
  if (input == plan.tensors.end() || input->second.params.float16 ||
      layer.biasValues->dim(0) != int64_t(weight->second.params.scales.size()))
    return std::nullopt;
  return biasPlan(input->second, weight->second);
}

} // namespace

std::vector<WeightedLayer> weightedLayers(const rt::Graph &graph) {
  std::map<int, const rt::Tensor *> initializers;
  for (const auto &[id, tensor] : graph.initializers)
    initializers[id] = &tensor;
  auto initializerAt = [&](const rt::Node &node, int index) -> const rt::Tensor * {
    if (index < 0 || index >= int(node.inputs.size()))
      return nullptr;
    auto found = initializers.find(node.inputs[size_t(index)]);
    return found == initializers.end() ? nullptr : found->second;
  };
  auto nameAt = [&](const std::vector<int> &ids, int index) {
    return index >= 0 && index < int(ids.size()) && ids[size_t(index)] >= 0
               ? graph.valueNames[size_t(ids[size_t(index)])]
               : std::string();
  };
  std::map<std::string, std::string> fused = fusedActivations(graph);
  std::vector<WeightedLayer> layers;
  for (const rt::Node &node : graph.nodes) {
    const rt::Tensor *weight = initializerAt(node, 1);
    WeightedInputs inputs = weightedInputs(node, weight);
    if (inputs.weight < 0 || !rt::isFloatingPoint(weight->dtype()))
      continue;
    WeightedLayer layer;
    layer.node = &node;
    layer.input = nameAt(node.inputs, 0);
    layer.weight = nameAt(node.inputs, 1);
    layer.bias = nameAt(node.inputs, inputs.bias);
    layer.output = nameAt(node.outputs, 0);
    auto activation = fused.find(layer.output);
    layer.activatedOutput = activation == fused.end() ? layer.output : activation->second;
    layer.weightValues = weight;
    layer.biasValues = initializerAt(node, inputs.bias);
    layer.axis = inputs.axis;
    layers.push_back(std::move(layer));
  }
  return layers;
}

std::map<std::string, std::string> fusedActivations(const rt::Graph &graph) {
  std::vector<int> readers(graph.valueNames.size(), 0);
  std::vector<const rt::Node *> producer(graph.valueNames.size(), nullptr);
  for (const rt::Node &node : graph.nodes) {
    for (int id : node.inputs)
      if (id >= 0)
        ++readers[size_t(id)];
    for (int id : node.outputs)
      if (id >= 0)
        producer[size_t(id)] = &node;
  }
  for (int id : graph.outputs)
    ++readers[size_t(id)];
  std::set<int> initializers;
  for (const auto &[id, tensor] : graph.initializers)
    initializers.insert(id);
  static const std::set<std::string> kFusingProducers = {"Conv", "ConvTranspose", "Gemm",
                                                         "MatMul", "Add"};
  std::map<std::string, std::string> fused;
  for (const rt::Node &node : graph.nodes) {
    bool constantBounds = std::all_of(node.inputs.begin() + (node.inputs.empty() ? 0 : 1),
                                      node.inputs.end(),
                                      [&](int id) { return id < 0 || initializers.count(id); });
    if ((node.opType != "Relu" && !(node.opType == "Clip" && constantBounds)) ||
        node.inputs.empty() || node.inputs[0] < 0 || node.outputs.empty() ||
        node.outputs[0] < 0)
      continue;
    size_t input = size_t(node.inputs[0]);
    if (readers[input] == 1 && producer[input] && kFusingProducers.count(producer[input]->opType))
      fused[graph.valueNames[input]] = graph.valueNames[size_t(node.outputs[0])];
  }
  return fused;
}

QuantPlan buildPlan(const rt::Model &model, const Calibration &calibration,
                    const PlanOptions &options) {
  QuantPlan plan;
  plan.method = rangeMethodName(options.method);
  plan.percentile = options.percentile;
  plan.samples = calibration.samples;
  plan.histogramBins = kHistogramBins;
  const rt::Graph &graph = model.graph();
  std::map<std::string, std::string> fused = fusedActivations(graph);
  for (const auto &[name, stats] : calibration.tensors)
    if (!fused.count(name))
      plan.tensors[name] = activationPlan(stats, options);
  for (const rt::Node &node : graph.nodes)
    for (size_t index = 0; index < node.outputs.size(); ++index)
      if (node.outputs[index] >= 0) {
        auto planned = plan.tensors.find(graph.valueNames[size_t(node.outputs[index])]);
        if (planned != plan.tensors.end())
          planned->second.producer = Producer{node.name, int64_t(index)};
      }
  for (const WeightedLayer &layer : weightedLayers(graph))
    plan.tensors[layer.weight] = weightPlan(*layer.weightValues, layer.axis);
  deriveBiasesAndLayers(model, plan);
  return plan;
}

void deriveBiasesAndLayers(const rt::Model &model, QuantPlan &plan) {
  for (auto it = plan.tensors.begin(); it != plan.tensors.end();)
    it = it->second.role == TensorRole::Bias ? plan.tensors.erase(it) : std::next(it);
  plan.layers.clear();
  for (const WeightedLayer &layer : weightedLayers(model.graph())) {
    if (std::optional<TensorPlan> bias = biasFor(plan, layer)) {
      auto correction = plan.biasCorrections.find(layer.bias);
      if (!bias->params.float16 && correction != plan.biasCorrections.end())
        bias->params.offsets = correction->second;
      plan.tensors[layer.bias] = std::move(*bias);
    }
    if (auto requantized =
            requantization(plan, layer.input, layer.weight, layer.activatedOutput))
      plan.layers[layer.node->name] = std::move(*requantized);
  }
}

} // namespace hwc::quant
