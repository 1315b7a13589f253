//===- QuantPlan.h - The quantization plan and its JSON form ----*- C++ -*-===//
//
// The plan says how every quantized tensor is stored on an integer target:
//   * activations: int8, asymmetric, one scale and zero point, from the
//     calibrated range (compiler/quantize builds it);
//   * weights of Conv/ConvTranspose/Gemm/MatMul: int8 symmetric per output
//     channel, narrow range [-127, 127];
//   * biases of Conv/Gemm: int32 with scale s_in * s_w per channel, with an
//     optional per-channel correction added first (bias correction);
//   * per weighted layer, the int32 -> int8 requantization as a fixed-point
//     multiplier and shift per output channel.
// It is written as JSON (schema_version 1, docs/quantization-plan.schema.json)
// with the SHA-256 of the model it was made for. The runtime applies it as
// fake quantization; `hwc-quantize` writes it into the IR as Q/DQ pairs.
//
//===----------------------------------------------------------------------===//

#ifndef HWC_PASSES_QUANTPLAN_H
#define HWC_PASSES_QUANTPLAN_H

#include "runtime/core/Requantize.h"
#include "runtime/interpreter/QuantizationPlan.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace hwc::quant {

constexpr int kPlanSchemaVersion = 1;

enum class TensorRole { Activation, Weight, Bias };

/// An activation's calibrated range and how it was chosen.
struct ActivationRange {
  double lo = 0, hi = 0;
  std::string method;
  /// Expected signal-to-quantization-noise ratio on the histogram, dB.
  double sqnrDb = 0;
};

/// The node output an activation is (absent for graph inputs): the IR
/// keeps node names, not tensor names.
struct Producer {
  std::string node;
  int64_t output = 0;
};

struct TensorPlan {
  TensorRole role = TensorRole::Activation;
  rt::TensorQuantization params;
  bool symmetric = false;
  std::optional<ActivationRange> range;
  std::optional<Producer> producer;
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
  int histogramBins = 0;
  std::map<std::string, TensorPlan> tensors;
  /// Per weighted node (by node name) whose input, weight and output are
  /// all in the plan.
  std::map<std::string, LayerRequantization> layers;
  /// Per bias tensor, the per-channel empirical bias correction (added to
  /// the bias before it is quantized); also in the bias entries' offsets.
  std::map<std::string, std::vector<float>> biasCorrections;
};

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

#endif // HWC_PASSES_QUANTPLAN_H
