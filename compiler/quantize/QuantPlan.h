//===- QuantPlan.h - The quantization plan and its JSON form ----*- C++ -*-===//
//
// The plan says how every quantized tensor is stored on an integer target:
//   * activations: int8, asymmetric, one scale and zero point, from the
//     calibrated range;
//   * weights of Conv/ConvTranspose/Gemm/MatMul: int8 symmetric per output
//     channel, narrow range [-127, 127];
//   * biases of Conv/Gemm: int32 with scale s_in * s_w per channel;
//   * per weighted layer, the int32 -> int8 requantization as a fixed-point
//     multiplier and shift per output channel.
// It is written as JSON (schema_version 1, docs/quantization-plan.schema.json)
// with the SHA-256 of the model it was made for, and read back into the
// runtime's fake-quantization plan.
//
//===----------------------------------------------------------------------===//

#ifndef HWC_COMPILER_QUANTIZE_QUANTPLAN_H
#define HWC_COMPILER_QUANTIZE_QUANTPLAN_H

#include "compiler/quantize/Calibration.h"
#include "compiler/quantize/RangeSelection.h"

#include "runtime/core/Requantize.h"
#include "runtime/graph/Model.h"
#include "runtime/interpreter/QuantizationPlan.h"

#include <map>
#include <optional>
#include <string>

namespace hwc::quant {

constexpr int kPlanSchemaVersion = 1;

enum class TensorRole { Activation, Weight, Bias };

struct TensorPlan {
  TensorRole role = TensorRole::Activation;
  rt::TensorQuantization params;
  bool symmetric = false;
  /// Activations: the chosen range, how it was chosen and its SQNR.
  std::optional<Range> range;
};

/// How an integer target rescales a layer's int32 accumulator to its int8
/// output: per output channel, M = s_in * s_w / s_out as a fixed-point
/// multiplier and shift (runtime/core/Requantize.h).
struct LayerRequantization {
  std::string input, weight, output;
  std::vector<rt::FixedPointMultiplier> channels;
};

struct QuantPlan {
  std::string modelSha256;
  std::string method;
  double percentile = 99.999;
  size_t samples = 0;
  std::map<std::string, TensorPlan> tensors;
  /// Per weighted node (by node name) whose input, weight and output are
  /// all in the plan.
  std::map<std::string, LayerRequantization> layers;
};

struct PlanOptions {
  RangeMethod method = RangeMethod::Auto;
  double percentile = 99.999;
};

/// The plan for `model` from its calibration statistics and its weights.
QuantPlan buildPlan(const rt::Model &model, const Calibration &calibration,
                    const PlanOptions &options);

/// JSON text of the plan (keys sorted, so equal plans are equal bytes).
std::string writePlanJson(const QuantPlan &plan);

/// Parses a plan; on failure returns nullopt and sets `error` to one line
/// naming the field and the expected value.
std::optional<QuantPlan> readPlanJson(const std::string &text, std::string &error);

/// What the interpreter applies (fake quantization, tensor by tensor).
rt::QuantizationPlan toRuntimePlan(const QuantPlan &plan);

/// Lower-case hex SHA-256 of a file's bytes.
std::string fileSha256(const std::string &path);

} // namespace hwc::quant

#endif // HWC_COMPILER_QUANTIZE_QUANTPLAN_H
