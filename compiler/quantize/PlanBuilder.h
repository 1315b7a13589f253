//===- PlanBuilder.h - A quantization plan from calibration -----*- C++ -*-===//
//
// Turns calibration statistics and the model's weights into a plan
// (passes/QuantPlan.h): activation ranges by the chosen method, per-channel
// weight scales, int32 bias scales and per-layer requantization.
//
//===----------------------------------------------------------------------===//

#ifndef HWC_COMPILER_QUANTIZE_PLANBUILDER_H
#define HWC_COMPILER_QUANTIZE_PLANBUILDER_H

#include "compiler/quantize/Calibration.h"
#include "compiler/quantize/RangeSelection.h"
#include "passes/QuantPlan.h"

#include "runtime/graph/Model.h"

namespace hwc::quant {

struct PlanOptions {
  RangeMethod method = RangeMethod::Auto;
  double percentile = 99.999;
};

/// The plan for `model` from its calibration statistics and its weights.
QuantPlan buildPlan(const rt::Model &model, const Calibration &calibration,
                    const PlanOptions &options);

} // namespace hwc::quant

#endif // HWC_COMPILER_QUANTIZE_PLANBUILDER_H
