//===- QuantizationPlan.cpp - Fake quantization at chosen tensors ---------===//
//
// The arithmetic of fake quantization: q = saturate(round(x / s) + zp),
// x' = (q - zp) * s, per tensor or per slice along the plan's axis.
//
//===----------------------------------------------------------------------===//

#include "runtime/interpreter/QuantizationPlan.h"
#include "runtime/core/Error.h"

#include <algorithm>
#include <cmath>

namespace hwc::rt {

int64_t TensorQuantization::minLevel() const {
  if (!isSigned)
    return 0;
  int64_t lowest = -(int64_t(1) << (bits - 1));
  return narrowRange ? lowest + 1 : lowest;
}

int64_t TensorQuantization::maxLevel() const {
  return isSigned ? (int64_t(1) << (bits - 1)) - 1 : (int64_t(1) << bits) - 1;
}

Tensor fakeQuantize(const Tensor &tensor, const TensorQuantization &params) {
  if (params.bits < 2 || params.bits > 32)
    fail("quantization bits must be in [2, 32], got ", params.bits);
  if (params.scales.empty())
    fail("quantization needs at least one scale");
  for (float scale : params.scales)
    if (!(scale > 0) || !std::isfinite(scale))
      fail("quantization scale must be positive and finite, got ", scale);
  if (!params.zeroPoints.empty() &&
      params.zeroPoints.size() != params.scales.size())
    fail("quantization has ", params.scales.size(), " scales but ",
         params.zeroPoints.size(), " zero points");
  // A private float32 copy: toFloat32 shares the buffer of a float32 input,
  // and the values are rewritten in place below.
  Tensor input = tensor.toFloat32().clone();
  int64_t channels = int64_t(params.scales.size());
  int64_t inner = 1, axisSize = 1;
  if (channels > 1) {
    int64_t axis = params.axis < 0 ? params.axis + input.rank() : params.axis;
    if (axis < 0 || axis >= input.rank() || input.dim(axis) != channels)
      fail("per-axis quantization with ", channels,
           " scales does not match axis ", params.axis, " of shape ",
           formatShape(input.shape()));
    axisSize = channels;
    for (int64_t d = axis + 1; d < input.rank(); ++d)
      inner *= input.dim(d);
  }
  float lo = float(params.minLevel()), hi = float(params.maxLevel());
  float *data = input.data<float>();
  for (int64_t i = 0, n = input.numElements(); i < n; ++i) {
    int64_t channel = channels > 1 ? (i / inner) % axisSize : 0;
    float scale = params.scales[size_t(channel)];
    float zeroPoint = params.zeroPoints.empty()
                          ? 0.f
                          : float(params.zeroPoints[size_t(channel)]);
    float level = std::clamp(roundHalfToEven(data[i] / scale) + zeroPoint, lo, hi);
    if (std::isnan(data[i]))
      continue;
    data[i] = (level - zeroPoint) * scale;
  }
  return castTensor(input, tensor.dtype());
}

} // namespace hwc::rt
