//===- QuantizationPlan.h - Fake quantization at chosen tensors -*- C++ -*-===//
//
// A quantization plan says, per tensor name, how that tensor would be stored
// on an integer target: bit width, signedness, scale(s), zero point(s) and
// the channel axis for per-axis parameters. The interpreter applies it as
// fake quantization (quantize then dequantize, round half to even, saturate)
// right after the tensor is produced, so the fp32 teacher and the quantized
// student are the same graph run with and without a plan.
//
//===----------------------------------------------------------------------===//

#ifndef HWC_RUNTIME_INTERPRETER_QUANTIZATIONPLAN_H
#define HWC_RUNTIME_INTERPRETER_QUANTIZATIONPLAN_H

#include "runtime/core/Tensor.h"

#include <map>
#include <string>
#include <vector>

namespace hwc::rt {

struct TensorQuantization {
  int bits = 8;
  bool isSigned = true;
  /// Restrict signed ranges to [-(2^(b-1)-1), 2^(b-1)-1] (symmetric weights).
  bool narrowRange = false;
  /// One value per tensor, or one per slice along `axis`.
  std::vector<float> scales;
  std::vector<int64_t> zeroPoints;
  int64_t axis = 1;
  /// Stored as IEEE half precision instead of on an integer grid (mixed
  /// precision keeps sensitive tensors there); bits, scales and zero
  /// points are then unused.
  bool float16 = false;
  /// Added to the values (per slice along `axis`, or one for all) before
  /// they are quantized: empirical bias correction moves a layer's bias
  /// this way. Empty: none.
  std::vector<float> offsets;

  int64_t minLevel() const;
  int64_t maxLevel() const;
};

struct QuantizationPlan {
  std::map<std::string, TensorQuantization> tensors;
  bool empty() const { return tensors.empty(); }
};

/// Quantizes then dequantizes a float tensor (float32/float16/bfloat16/
/// float64), or rounds it to half precision for a float16 entry; throws
/// when the parameters do not fit its shape.
Tensor fakeQuantize(const Tensor &tensor, const TensorQuantization &params);

/// The integer levels themselves, saturate(round_half_even(x / scale) +
/// zero point), stored as int8/uint8 (up to 8 bits), int16/uint16 (up to
/// 16) or int32: what a weight or bias constant holds once quantized.
Tensor quantizeLevels(const Tensor &tensor, const TensorQuantization &params);

/// Round half to even, as ONNX QuantizeLinear does.
inline float roundHalfToEven(float x) {
  return __builtin_nearbyintf(x); // default FP environment rounds to even
}

} // namespace hwc::rt

#endif // HWC_RUNTIME_INTERPRETER_QUANTIZATIONPLAN_H
