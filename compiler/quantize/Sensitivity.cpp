//===- Sensitivity.cpp - Quantizer groups and their sensitivity ------------===//

#include "compiler/quantize/Sensitivity.h"

#include "compiler/quantize/PlanBuilder.h"

#include "runtime/core/DType.h"

#include <algorithm>
#include <numeric>
#include <set>

namespace hwc::quant {

std::vector<QuantizerGroup> quantizerGroups(const rt::Model &model, const QuantPlan &plan,
                                            const Calibration &calibration) {
  const rt::Graph &graph = model.graph();
  std::set<std::string> claimed;
  auto perSample = [&](const std::string &name) {
    auto stats = calibration.tensors.find(name);
    return stats == calibration.tensors.end() || calibration.samples == 0
               ? 0.0
               : double(stats->second.count) / double(calibration.samples);
  };
  auto claim = [&](const std::string &name, TensorRole role) {
    auto entry = plan.tensors.find(name);
    return entry != plan.tensors.end() && entry->second.role == role &&
           claimed.insert(name).second;
  };
  std::vector<QuantizerGroup> groups;
  for (int id : graph.inputs) {
    const std::string &name = graph.valueNames[size_t(id)];
    if (claim(name, TensorRole::Activation))
      groups.push_back({"input " + name, "Input", {name}, {}, perSample(name), 0});
  }
  std::map<const rt::Node *, const WeightedLayer *> layerOf;
  std::vector<WeightedLayer> layers = weightedLayers(graph);
  for (const WeightedLayer &layer : layers)
    layerOf[layer.node] = &layer;
  for (const rt::Node &node : graph.nodes) {
    QuantizerGroup group{node.name, node.opType, {}, {}, 0, 0};
    for (int id : node.outputs)
      if (id >= 0 && claim(graph.valueNames[size_t(id)], TensorRole::Activation)) {
        group.activations.push_back(graph.valueNames[size_t(id)]);
        group.activationElements += perSample(group.activations.back());
      }
    auto layer = layerOf.find(&node);
    if (layer != layerOf.end() && claim(layer->second->weight, TensorRole::Weight)) {
      group.weights.push_back(layer->second->weight);
      group.weightElements += double(layer->second->weightValues->numElements());
    }
    if (!group.activations.empty() || !group.weights.empty())
      groups.push_back(std::move(group));
  }
  // Activations inside subgraphs have no main-graph producer: one group each.
  for (const auto &[name, tensor] : plan.tensors)
    if (tensor.role == TensorRole::Activation && claim(name, TensorRole::Activation))
      groups.push_back({"tensor " + name, "Subgraph", {name}, {}, perSample(name), 0});
  return groups;
}

QuantPlan onlyGroup(const rt::Model &model, const QuantPlan &plan,
                    const QuantizerGroup &group) {
  QuantPlan single = plan;
  single.tensors.clear();
  for (const std::vector<std::string> *names : {&group.activations, &group.weights})
    for (const std::string &name : *names)
      single.tensors[name] = plan.tensors.at(name);
  deriveBiasesAndLayers(model, single);
  return single;
}

double quantizationSqnrDb(const rt::Tensor &values, const rt::TensorQuantization &params) {
  rt::Tensor original = rt::castTensor(values, rt::DType::Float64).contiguous();
  rt::Tensor quantized =
      rt::castTensor(rt::fakeQuantize(values, params), rt::DType::Float64).contiguous();
  const double *t = original.data<double>(), *s = quantized.data<double>();
  double signal = 0, noise = 0;
  for (int64_t i = 0; i < original.numElements(); ++i) {
    signal += t[i] * t[i];
    noise += (t[i] - s[i]) * (t[i] - s[i]);
  }
  return sqnrDb(signal, noise);
}

namespace {

/// The lowest expected SQNR among the group's own tensors.
double localSqnr(const QuantPlan &plan, const QuantizerGroup &group,
                 const std::map<std::string, const rt::Tensor *> &weightValues) {
  double lowest = 200.0;
  for (const std::string &name : group.activations)
    if (const auto &range = plan.tensors.at(name).range)
      lowest = std::min(lowest, range->sqnrDb);
  for (const std::string &name : group.weights)
    if (auto values = weightValues.find(name); values != weightValues.end())
      lowest = std::min(lowest, quantizationSqnrDb(*values->second, plan.tensors.at(name).params));
  return lowest;
}

} // namespace

std::vector<GroupSensitivity> analyzeSensitivity(const rt::Model &model,
                                                 const QuantPlan &plan,
                                                 const std::vector<QuantizerGroup> &groups,
                                                 TeacherComparison &teacher,
                                                 DivergenceMetric metric) {
  std::map<std::string, const rt::Tensor *> weightValues;
  for (const WeightedLayer &layer : weightedLayers(model.graph()))
    weightValues[layer.weight] = layer.weightValues;
  std::vector<GroupSensitivity> result(groups.size());
  for (size_t i = 0; i < groups.size(); ++i) {
    result[i].agreement = teacher.compare(toRuntimePlan(onlyGroup(model, plan, groups[i])));
    result[i].drop = divergence(result[i].agreement, metric).value_or(0.0);
    result[i].localSqnrDb = localSqnr(plan, groups[i], weightValues);
  }
  // Rank by the metric, ties (top-1 rarely moves for one group) by NMSE.
  auto worstNmse = [&](size_t i) {
    return divergence(result[i].agreement, DivergenceMetric::Nmse).value_or(0.0);
  };
  std::vector<size_t> order(groups.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (result[a].drop != result[b].drop)
      return result[a].drop > result[b].drop;
    return worstNmse(a) > worstNmse(b);
  });
  for (size_t position = 0; position < order.size(); ++position)
    result[order[position]].rank = int(position + 1);
  return result;
}

} // namespace hwc::quant
