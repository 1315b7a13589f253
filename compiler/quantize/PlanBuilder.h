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

#include <map>
#include <string>
#include <vector>

namespace hwc::quant {

struct PlanOptions {
  RangeMethod method = RangeMethod::Auto;
  double percentile = 99.999;
};

/// A node with a constant float weight that has an output-channel axis:
/// Conv (axis 0), ConvTranspose (1), Gemm (by transB), 2-D MatMul (1).
struct WeightedLayer {
  const rt::Node *node = nullptr;
  /// Value names; `bias` is empty when the node has none.
  std::string input, weight, bias, output;
  /// The output of a Relu/Clip fused into the layer (see
  /// fusedActivations), or `output`: what an integer target requantizes to.
  std::string activatedOutput;
  const rt::Tensor *weightValues = nullptr, *biasValues = nullptr;
  int64_t axis = 0;
};

/// Outputs an integer target never stores: a Conv/ConvTranspose/Gemm/
/// MatMul/Add output read only by a Relu or a constant-bound Clip, which
/// the target applies before requantizing (as ONNX Runtime's QDQ fusion
/// does). Maps each to the activation's output. Quantizing both would put
/// a needless, half-wasted grid on the pre-activation values.
std::map<std::string, std::string> fusedActivations(const rt::Graph &graph);

/// The weighted layers of `graph`, in execution order.
std::vector<WeightedLayer> weightedLayers(const rt::Graph &graph);

/// The plan for `model` from its calibration statistics and its weights.
QuantPlan buildPlan(const rt::Model &model, const Calibration &calibration,
                    const PlanOptions &options);

/// Recomputes the bias entries (int32 with scale s_in * s_w, or float16
/// beside a float16 weight) and the per-layer requantization from the
/// plan's activation and weight entries: after any of them changed.
void deriveBiasesAndLayers(const rt::Model &model, QuantPlan &plan);

} // namespace hwc::quant

#endif // HWC_COMPILER_QUANTIZE_PLANBUILDER_H
