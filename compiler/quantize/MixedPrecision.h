//===- MixedPrecision.h - The cheapest plan within a budget -----*- C++ -*-===//
//
// Distillation-aware precision selection: every quantizer group starts at
// the cheapest precision the target allows (int8); when the student's
// divergence from the fp32 teacher exceeds the budget, the group whose
// raise is expected to remove the most error (its NMSE when quantized
// alone, less what its earlier raises measurably removed, times the share
// the step removes) goes one step up the ladder
//     int8 -> int16 activations -> fp16 -> fp32
// (only among the allowed precisions), the plan is re-measured, and the
// search goes on until the budget holds. Then each earlier raise is tried
// one step back, least sensitive first, and kept back when the budget
// still holds. Every measured configuration is a point of the cost vs
// divergence curve. When even the top allowed precision everywhere misses
// the budget, the result says so and carries the best plan seen.
//
//===----------------------------------------------------------------------===//

#ifndef HWC_COMPILER_QUANTIZE_MIXEDPRECISION_H
#define HWC_COMPILER_QUANTIZE_MIXEDPRECISION_H

#include "compiler/quantize/PlanBuilder.h"
#include "compiler/quantize/Sensitivity.h"

#include <optional>
#include <string>
#include <vector>

namespace hwc::quant {

/// In ascending cost.
enum class Precision { Int8, Int16, Float16, Float32 };

std::optional<Precision> parsePrecision(const std::string &name);
const char *precisionName(Precision precision);

/// What a plan with per-group precisions is built from.
struct PrecisionContext {
  const rt::Model &model;
  /// The all-int8 plan (buildPlan) and the statistics it came from.
  const QuantPlan &base;
  const Calibration &calibration;
  PlanOptions options;
  const std::vector<QuantizerGroup> &groups;
};

/// The plan with group i at precisions[i]: int8 as in the base plan; int16
/// activations on the observed [min, max] (at 16 bits clipping outliers
/// costs more than it saves) with int8 weights; fp16 for activations and
/// weights; fp32 leaves the group out. Biases and requantization follow.
QuantPlan planWithPrecisions(const PrecisionContext &context,
                             const std::vector<Precision> &precisions);

/// Bits moved per inference (weights once, activations per sample) over
/// the same tensors in fp32: 0.25 for all-int8, 1 for fp32.
double relativeCost(const std::vector<QuantizerGroup> &groups,
                    const std::vector<Precision> &precisions);

struct BudgetOptions {
  DivergenceMetric metric = DivergenceMetric::Top1Agreement;
  /// No search when absent: sensitivity and the all-int8 score only.
  std::optional<double> maxDrop;
  /// Precisions the target supports, ascending; the first is the start.
  std::vector<Precision> allowed = {Precision::Int8, Precision::Int16, Precision::Float16,
                                    Precision::Float32};
};

/// One measured configuration.
struct PlanPoint {
  double cost = 0, drop = 0;
  /// What changed from the previous point ("start", "raise G to int16", ...).
  std::string change;
};

struct BudgetResult {
  /// options.metric, or NMSE when only reporting and the metric applies
  /// to no output.
  DivergenceMetric metric = DivergenceMetric::Nmse;
  std::vector<Precision> precisions;
  QuantPlan plan;
  Agreement agreement;
  double drop = 0;
  double cost = 0;
  bool withinBudget = true;
  std::vector<GroupSensitivity> sensitivity;
  std::vector<PlanPoint> points;
  /// Per group, why it is above the start precision ("" when it is not).
  std::vector<std::string> reasons;
  size_t sensitivityEvaluations = 0, searchEvaluations = 0;
};

/// Sensitivity analysis, then the search when options.maxDrop is set.
/// Throws rt::Error when the metric applies to no model output.
BudgetResult selectPrecisions(const PrecisionContext &context, TeacherComparison &teacher,
                              const BudgetOptions &options);

} // namespace hwc::quant

#endif // HWC_COMPILER_QUANTIZE_MIXEDPRECISION_H
