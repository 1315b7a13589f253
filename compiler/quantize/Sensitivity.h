//===- Sensitivity.h - Quantizer groups and their sensitivity ---*- C++ -*-===//
//
// A quantizer group is what mixed precision decides about as one: a node's
// planned outputs together with its planned weight (the bias follows the
// weight), or a planned graph input. Sensitivity analysis quantizes one
// group at a time, everything else left in fp32, and scores the student
// against the fp32 teacher: one evaluation per group.
//
//===----------------------------------------------------------------------===//

#ifndef HWC_COMPILER_QUANTIZE_SENSITIVITY_H
#define HWC_COMPILER_QUANTIZE_SENSITIVITY_H

#include "compiler/quantize/Agreement.h"
#include "compiler/quantize/Calibration.h"
#include "passes/QuantPlan.h"

#include "runtime/graph/Model.h"

#include <string>
#include <vector>

namespace hwc::quant {

struct QuantizerGroup {
  /// The node name (or "input NAME" for a graph input) and its op type.
  std::string name, opType;
  /// Plan entries the group owns (biases are derived from the weight).
  std::vector<std::string> activations, weights;
  /// Elements per sample of the activations; elements of the weights.
  double activationElements = 0, weightElements = 0;
};

/// The groups of `plan`'s activation and weight entries, in graph order.
std::vector<QuantizerGroup> quantizerGroups(const rt::Model &model, const QuantPlan &plan,
                                            const Calibration &calibration);

/// The plan restricted to `groups[index]` (its biases re-derived).
QuantPlan onlyGroup(const rt::Model &model, const QuantPlan &plan,
                    const QuantizerGroup &group);

struct GroupSensitivity {
  /// Divergence from the teacher when only this group is quantized.
  Agreement agreement;
  /// In the chosen metric (0 when the metric does not apply).
  double drop = 0;
  /// The lowest expected SQNR of the group's own tensors (activation
  /// histograms, weight values), dB.
  double localSqnrDb = 0;
  /// 1 = the most sensitive group.
  int rank = 0;
};

/// Sensitivity of every group: groups.size() evaluations.
std::vector<GroupSensitivity> analyzeSensitivity(const rt::Model &model,
                                                 const QuantPlan &plan,
                                                 const std::vector<QuantizerGroup> &groups,
                                                 TeacherComparison &teacher,
                                                 DivergenceMetric metric);

/// SQNR in dB of fake-quantizing `values` with `params`.
double quantizationSqnrDb(const rt::Tensor &values, const rt::TensorQuantization &params);

} // namespace hwc::quant

#endif // HWC_COMPILER_QUANTIZE_SENSITIVITY_H
