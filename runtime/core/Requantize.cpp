//===- Requantize.cpp - Integer requantization (multiplier + shift) --------===//

#include "runtime/core/Requantize.h"

#include "runtime/core/Error.h"

#include <algorithm>
#include <cmath>

namespace hwc::rt {

double FixedPointMultiplier::value() const {
  return std::ldexp(double(multiplier), -(31 + shift));
}

FixedPointMultiplier quantizeMultiplier(double real) {
  if (!(real > 0) || !std::isfinite(real))
    fail("requantization multiplier must be positive and finite, got ", real);
  int exponent = 0;
  double mantissa = std::frexp(real, &exponent); // real = mantissa * 2^exponent
  auto fixed = int64_t(std::nearbyint(std::ldexp(mantissa, 31)));
  if (fixed == (int64_t(1) << 31)) { // the mantissa rounded up to 1.0
    fixed /= 2;
    ++exponent;
  }
  FixedPointMultiplier result{int32_t(fixed), -exponent};
  if (result.shift < -31 || result.shift > 31)
    fail("requantization multiplier ", real, " needs a shift of ", result.shift,
         ", outside [-31, 31]");
  return result;
}

int64_t requantize(int64_t accumulator, FixedPointMultiplier m, int64_t zeroPoint,
                   int64_t minLevel, int64_t maxLevel) {
  __int128 product = __int128(accumulator) * m.multiplier;
  int rightShift = 31 + m.shift;
  __int128 rounded;
  if (rightShift <= 0) {
    rounded = product * (__int128(1) << -rightShift);
  } else {
    // product = quotient * 2^s + remainder with 0 <= remainder < 2^s
    // (arithmetic shift floors), then round half to even.
    __int128 unit = __int128(1) << rightShift;
    __int128 quotient = product >> rightShift;
    // A multiplication, not a shift: shifting a negative value left is
    // undefined behaviour.
    __int128 remainder = product - quotient * unit;
    __int128 half = unit / 2;
    if (remainder > half || (remainder == half && (quotient & 1)))
      ++quotient;
    rounded = quotient;
  }
  __int128 level = rounded + zeroPoint;
  return int64_t(std::clamp<__int128>(level, minLevel, maxLevel));
}

} // namespace hwc::rt
