//===- PlanBuilder.cpp - A quantization plan from calibration --------------===//

#include "compiler/quantize/PlanBuilder.h"

#include "runtime/core/DType.h"

#include <algorithm>
#include <cmath>

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
  plan.histogramBins = kHistogramBins;
  for (const auto &[name, stats] : calibration.tensors)
    plan.tensors[name] = activationPlan(stats, options);
  const rt::Graph &graph = model.graph();
  for (const rt::Node &node : graph.nodes)
    for (size_t index = 0; index < node.outputs.size(); ++index)
      if (node.outputs[index] >= 0) {
        auto planned = plan.tensors.find(graph.valueNames[size_t(node.outputs[index])]);
        if (planned != plan.tensors.end())
          planned->second.producer = Producer{node.name, int64_t(index)};
      }
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

} // namespace hwc::quant
