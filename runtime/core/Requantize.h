//===- Requantize.h - Integer requantization (multiplier + shift) -*- C++ -*-===//
//
// Integer targets rescale an int32 accumulator to the next layer's int8
// without floating point: y = round(acc * M) with the real multiplier
// M = s_in * s_w / s_out written as a 31-bit fixed-point mantissa and a
// power-of-two shift, M ~= multiplier * 2^-(31 + shift). The rounding is
// half to even, as QuantizeLinear's, and is exact: the result equals
// round_half_even(acc * multiplier * 2^-(31 + shift)) computed without any
// intermediate rounding.
//
//===----------------------------------------------------------------------===//

#ifndef HWC_RUNTIME_CORE_REQUANTIZE_H
#define HWC_RUNTIME_CORE_REQUANTIZE_H

#include <cstdint>

namespace hwc::rt {

struct FixedPointMultiplier {
  /// Mantissa in [2^30, 2^31) (0 for a zero multiplier).
  int32_t multiplier = 0;
  /// Right shift after the implied 31 fractional bits; negative shifts left.
  int shift = 0;

  /// The real value this multiplier stands for.
  double value() const;
};

/// The closest fixed-point form of `real` (> 0, finite). Throws Error for
/// a multiplier that is not positive or would need a shift outside
/// [-31, 31].
FixedPointMultiplier quantizeMultiplier(double real);

/// round_half_even(acc * m) for the fixed-point multiplier, plus the zero
/// point, saturated to [minLevel, maxLevel].
int64_t requantize(int64_t accumulator, FixedPointMultiplier m, int64_t zeroPoint,
                   int64_t minLevel, int64_t maxLevel);

} // namespace hwc::rt

#endif // HWC_RUNTIME_CORE_REQUANTIZE_H
