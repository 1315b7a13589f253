//===- QuantizedMath.h - Quantization arithmetic shared by kernels -*- C++ -*-//
//
// The linear quantization scheme of ONNX: q = saturate(rint(x / s) + zp) and
// x = (q - zp) * s, with per-tensor, per-axis and blocked parameters.
// Rounding is half to even (nearbyint in the default FP environment).
//
//===----------------------------------------------------------------------===//

#ifndef HWC_RUNTIME_KERNELS_QUANTIZEDMATH_H
#define HWC_RUNTIME_KERNELS_QUANTIZEDMATH_H

#include "runtime/core/Dispatch.h"
#include "runtime/core/Tensor.h"

#include <cmath>

namespace hwc::rt {

/// Where the scale/zero point of element i lives: per tensor, per slice of
/// `axis`, or per block of `blockSize` along `axis`.
struct QuantParamIndex {
  int64_t inner = 1, axisSize = 1, blockSize = 0, paramAxisSize = 1;
  bool perTensor = true;

  static QuantParamIndex make(const Shape &shape, const Tensor &scale,
                              int64_t axis, int64_t blockSize);

  int64_t operator()(int64_t i) const {
    if (perTensor)
      return 0;
    int64_t outer = i / (inner * axisSize);
    int64_t a = (i / inner) % axisSize;
    if (blockSize <= 0)
      return a;
    return (outer * paramAxisSize + a / blockSize) * inner + i % inner;
  }
};

/// Saturating round-half-to-even quantization of one value.
template <typename Q> inline Q quantizeValue(float x, float scale, int32_t zp) {
  float level = std::nearbyint(x / scale) + float(zp);
  constexpr float lo = float(std::numeric_limits<Q>::lowest());
  constexpr float hi = float(std::numeric_limits<Q>::max());
  if (std::isnan(level))
    return Q(0);
  return Q(std::clamp(level, lo, hi));
}

/// Values of a zero-point tensor as int32 (zero when absent).
std::vector<int32_t> zeroPointValues(const Tensor &zeroPoint, int64_t count);

} // namespace hwc::rt

#endif // HWC_RUNTIME_KERNELS_QUANTIZEDMATH_H
