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

namespace {

void checkParameters(const TensorQuantization &params) {
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
  if (!params.offsets.empty() && params.offsets.size() != params.scales.size())
    fail("quantization has ", params.scales.size(), " scales but ", params.offsets.size(),
         " offsets");
}

/// Calls visit(index, level, scale, zeroPoint) for every element of the
/// float32 `values`: level = saturate(round_half_even(x / scale) + zero
/// point), the one place QuantizeLinear's arithmetic is written. NaN
/// elements are skipped.
template <typename Visit>
void forEachLevel(const Tensor &values, const TensorQuantization &params, Visit visit) {
  checkParameters(params);
  int64_t channels = int64_t(params.scales.size());
  int64_t inner = 1;
  if (channels > 1) {
    int64_t axis = params.axis < 0 ? params.axis + values.rank() : params.axis;
    if (axis < 0 || axis >= values.rank() || values.dim(axis) != channels)
      fail("per-axis quantization with ", channels,
           " scales does not match axis ", params.axis, " of shape ",
           formatShape(values.shape()));
    for (int64_t d = axis + 1; d < values.rank(); ++d)
      inner *= values.dim(d);
  }
  float lo = float(params.minLevel()), hi = float(params.maxLevel());
  const float *data = values.data<float>();
  for (int64_t i = 0, n = values.numElements(); i < n; ++i) {
    if (std::isnan(data[i]))
      continue;
    size_t channel = channels > 1 ? size_t((i / inner) % channels) : 0;
    float scale = params.scales[channel];
    float zeroPoint = params.zeroPoints.empty() ? 0.f : float(params.zeroPoints[channel]);
    float value = params.offsets.empty() ? data[i] : data[i] + params.offsets[channel];
    visit(i, std::clamp(roundHalfToEven(value / scale) + zeroPoint, lo, hi), scale,
          zeroPoint);
  }
}

template <typename T> void storeLevels(const Tensor &values, const TensorQuantization &params,
                                       Tensor &levels) {
  T *out = levels.data<T>();
  forEachLevel(values, params,
               [&](int64_t i, float level, float, float) { out[i] = T(level); });
}

} // namespace

Tensor fakeQuantize(const Tensor &tensor, const TensorQuantization &params) {
  if (params.float16)
    return castTensor(castTensor(tensor, DType::Float16), tensor.dtype());
  // A private float32 copy: toFloat32 shares the buffer of a float32 input,
  // and the values are rewritten in place below.
  Tensor input = tensor.toFloat32().clone();
  float *data = input.data<float>();
  forEachLevel(input, params, [&](int64_t i, float level, float scale, float zeroPoint) {
    data[i] = (level - zeroPoint) * scale;
  });
  return castTensor(input, tensor.dtype());
}

Tensor quantizeLevels(const Tensor &tensor, const TensorQuantization &params) {
  if (params.float16)
    fail("a float16 tensor has no integer levels");
  Tensor values = tensor.toFloat32().contiguous();
  if (params.bits > 16 && !params.isSigned)
    fail("unsigned levels of more than 16 bits cannot be stored");
  DType dtype = params.bits > 16  ? DType::Int32
                : params.bits > 8 ? (params.isSigned ? DType::Int16 : DType::UInt16)
                                  : (params.isSigned ? DType::Int8 : DType::UInt8);
  // Zero-filled: a NaN element (skipped) stores level 0.
  Tensor levels(dtype, values.shape());
  switch (dtype) {
  case DType::Int32:
    storeLevels<int32_t>(values, params, levels);
    break;
  case DType::Int16:
    storeLevels<int16_t>(values, params, levels);
    break;
  case DType::UInt16:
    storeLevels<uint16_t>(values, params, levels);
    break;
  case DType::Int8:
    storeLevels<int8_t>(values, params, levels);
    break;
  default:
    storeLevels<uint8_t>(values, params, levels);
    break;
  }
  return levels;
}

} // namespace hwc::rt
