//===- BiasCorrection.cpp - Bias correction --------------------------------===//

#include "compiler/quantize/BiasCorrection.h"

#include "compiler/quantize/PlanBuilder.h"

#include "runtime/core/DType.h"

#include <algorithm>
#include <cmath>

namespace hwc::quant {
namespace {

/// Per channel along `axis`, the sum of the values and how many there were.
/// Sums are exact fixed-point integers (2^-32 steps, values clamped to
/// +-2^30), so the means, and the plan, do not depend on sample order.
struct ChannelMeans {
  static constexpr double kFixedPointScale = 4294967296.0; // 2^32
  static constexpr double kLargest = 1073741824.0;         // 2^30
  int64_t axis = 1;
  std::vector<__int128> sums;
  int64_t perChannel = 0;

  void add(const rt::Tensor &value) {
    int64_t at = axis < 0 ? value.rank() + axis : axis;
    if (at < 0 || at >= value.rank())
      return;
    rt::Tensor values = rt::castTensor(value, rt::DType::Float64).contiguous();
    int64_t channels = values.dim(at), inner = 1;
    for (int64_t d = at + 1; d < values.rank(); ++d)
      inner *= values.dim(d);
    if (sums.empty())
      sums.assign(size_t(channels), 0);
    if (int64_t(sums.size()) != channels)
      return;
    const double *data = values.data<double>();
    for (int64_t i = 0; i < values.numElements(); ++i)
      if (std::isfinite(data[i]))
        sums[size_t((i / inner) % channels)] +=
            __int128(std::llround(std::clamp(data[i], -kLargest, kLargest) * kFixedPointScale));
    perChannel += values.numElements() / channels;
  }

  double mean(size_t channel) const {
    return perChannel > 0
               ? double(sums[channel]) / kFixedPointScale / double(perChannel)
               : 0;
  }
};

/// Whether the plan stores the layer's weight and bias on integer grids.
bool correctable(const WeightedLayer &layer, const QuantPlan &plan) {
  const std::string &op = layer.node->opType;
  auto weight = plan.tensors.find(layer.weight);
  return (op == "Conv" || op == "Gemm" || op == "MatMul") && !layer.bias.empty() &&
         layer.biasValues && weight != plan.tensors.end() && !weight->second.params.float16 &&
         !(op == "Gemm" && layer.node->attributes().getInt("transA", 0));
}

/// (W - Wq) . mean per output channel; empty when the shapes disagree.
std::vector<float> expectedShift(const WeightedLayer &layer, const rt::TensorQuantization &params,
                                 const ChannelMeans &input) {
  rt::Tensor weight = rt::castTensor(*layer.weightValues, rt::DType::Float64).contiguous();
  rt::Tensor rounded =
      rt::castTensor(rt::fakeQuantize(*layer.weightValues, params), rt::DType::Float64)
          .contiguous();
  const double *w = weight.data<double>(), *q = rounded.data<double>();
  bool conv = layer.node->opType == "Conv";
  // Conv W: [M, C/g, k...]; Gemm W: [N, K] with transB, else [K, N]; MatMul W: [K, N].
  bool outputFirst = conv || (layer.node->opType == "Gemm" &&
                              layer.node->attributes().getInt("transB", 0));
  int64_t outputs = outputFirst ? weight.dim(0) : weight.dim(1);
  int64_t perOutput = weight.numElements() / outputs;
  int64_t kernel = conv ? perOutput / weight.dim(1) : 1;
  int64_t inputsPerGroup = conv ? weight.dim(1) : perOutput;
  int64_t groups = conv ? layer.node->attributes().getInt("group", 1) : 1;
  if (int64_t(input.sums.size()) != inputsPerGroup * groups || outputs % groups != 0)
    return {};
  std::vector<float> shift(size_t(outputs), 0.0f);
  for (int64_t o = 0; o < outputs; ++o) {
    int64_t firstInput = (o / (outputs / groups)) * inputsPerGroup;
    double sum = 0;
    for (int64_t i = 0; i < inputsPerGroup; ++i) {
      double mean = input.mean(size_t(firstInput + i));
      for (int64_t k = 0; k < kernel; ++k) {
        int64_t at = outputFirst ? (o * inputsPerGroup + i) * kernel + k : i * outputs + o;
        sum += (w[at] - q[at]) * mean;
      }
    }
    shift[size_t(o)] = float(sum);
  }
  return shift;
}

} // namespace

void correctBiases(const rt::Model &model, QuantPlan &plan, TeacherComparison &teacher) {
  std::vector<const WeightedLayer *> layers;
  std::vector<WeightedLayer> all = weightedLayers(model.graph());
  std::map<std::string, ChannelMeans> inputs;
  for (const WeightedLayer &layer : all)
    if (correctable(layer, plan)) {
      layers.push_back(&layer);
      inputs[layer.input].axis = layer.node->opType == "Conv" ? 1 : -1;
    }
  rt::QuantizationPlan student = toRuntimePlan(plan);
  teacher.observe(&student, teacher.samples(), [&](const std::string &name, const rt::Tensor &value) {
    auto found = inputs.find(name);
    if (found != inputs.end() && rt::isFloatingPoint(value.dtype()))
      found->second.add(value);
  });
  for (const WeightedLayer *layer : layers) {
    std::vector<float> shift =
        expectedShift(*layer, plan.tensors.at(layer->weight).params, inputs[layer->input]);
    if (!shift.empty() && int64_t(shift.size()) == layer->biasValues->numElements())
      plan.biasCorrections[layer->bias] = std::move(shift);
  }
  deriveBiasesAndLayers(model, plan);
}

} // namespace hwc::quant
