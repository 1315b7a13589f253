//===- SmallTypes.cpp - 8-bit floats and sub-byte integers ----------------===//
//
// Each minifloat format is described by its exponent/mantissa widths, bias
// and special values; decoding builds a table once, encoding searches the
// sorted non-negative finite values for the nearest one.
//
//===----------------------------------------------------------------------===//

#include "runtime/core/SmallTypes.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <vector>

namespace hwc::rt {
namespace {

struct Format {
  int expBits, mantBits, bias;
  bool fnuz;     // no negative zero; 0x80 is NaN
  bool ieeeLike; // all-ones exponent is Inf/NaN (E5M2)
  bool finite;   // no NaN or Inf at all (E2M1)
};

Format formatOf(MiniFloatKind kind) {
  switch (kind) {
  case MiniFloatKind::E4M3FN:
    return {4, 3, 7, false, false, false};
  case MiniFloatKind::E4M3FNUZ:
    return {4, 3, 8, true, false, false};
  case MiniFloatKind::E5M2:
    return {5, 2, 15, false, true, false};
  case MiniFloatKind::E5M2FNUZ:
    return {5, 2, 16, true, false, false};
  case MiniFloatKind::E2M1:
    return {2, 1, 1, false, false, true};
  }
  return {4, 3, 7, false, false, false};
}

float decode(const Format &f, uint8_t code) {
  int width = 1 + f.expBits + f.mantBits;
  uint8_t signBit = uint8_t(1u << (width - 1));
  code &= uint8_t((1u << width) - 1);
  int e = (code >> f.mantBits) & ((1 << f.expBits) - 1);
  int m = code & ((1 << f.mantBits) - 1);
  bool negative = code & signBit;
  const float nan = std::numeric_limits<float>::quiet_NaN();
  if (f.fnuz && code == signBit)
    return nan;
  int maxExp = (1 << f.expBits) - 1;
  if (f.ieeeLike && e == maxExp)
    return m == 0 ? (negative ? -INFINITY : INFINITY) : nan;
  if (!f.fnuz && !f.ieeeLike && !f.finite && e == maxExp &&
      m == (1 << f.mantBits) - 1)
    return nan; // E4M3FN: S.1111.111
  float value = e == 0 ? std::ldexp(float(m), 1 - f.bias - f.mantBits)
                       : std::ldexp(1.f + float(m) / float(1 << f.mantBits),
                                    e - f.bias);
  return negative ? -value : value;
}

/// Non-negative finite values with their codes, ascending.
struct Table {
  std::vector<std::pair<float, uint8_t>> values;
  std::array<float, 256> decoded{};
};

const Table &tableFor(MiniFloatKind kind) {
  static std::array<Table, 5> tables = [] {
    std::array<Table, 5> result;
    for (int k = 0; k < 5; ++k) {
      Format f = formatOf(MiniFloatKind(k));
      int width = 1 + f.expBits + f.mantBits;
      for (int code = 0; code < 256; ++code)
        result[size_t(k)].decoded[size_t(code)] = decode(f, uint8_t(code));
      for (int code = 0; code < (1 << (width - 1)); ++code) {
        float v = result[size_t(k)].decoded[size_t(code)];
        if (std::isfinite(v))
          result[size_t(k)].values.emplace_back(v, uint8_t(code));
      }
      std::sort(result[size_t(k)].values.begin(), result[size_t(k)].values.end());
    }
    return result;
  }();
  return tables[size_t(kind)];
}

} // namespace

float miniFloatToFloat(MiniFloatKind kind, uint8_t code) {
  return tableFor(kind).decoded[code];
}

uint8_t floatToMiniFloat(MiniFloatKind kind, float value, bool saturate) {
  Format f = formatOf(kind);
  int width = 1 + f.expBits + f.mantBits;
  uint8_t signBit = uint8_t(1u << (width - 1));
  uint8_t maxExpCode = uint8_t(((1u << f.expBits) - 1) << f.mantBits);
  bool negative = std::signbit(value);
  uint8_t sign = negative ? signBit : 0;
  uint8_t nanCode = f.fnuz ? signBit : f.finite ? sign : uint8_t(signBit - 1);
  uint8_t infCode = uint8_t(sign | maxExpCode);
  const auto &values = tableFor(kind).values;
  float maxValue = values.back().first;
  uint8_t maxCode = values.back().second;
  if (std::isnan(value))
    return f.ieeeLike ? uint8_t(sign | maxExpCode | 3) : nanCode;
  float magnitude = std::abs(value);
  float halfUlp = (maxValue - values[values.size() - 2].first) / 2;
  if (std::isinf(value) || magnitude >= maxValue + halfUlp) {
    if (saturate || f.finite)
      return uint8_t(sign | maxCode);
    return f.ieeeLike ? infCode : nanCode;
  }
  auto upper = std::lower_bound(values.begin(), values.end(),
                                std::make_pair(magnitude, uint8_t(0)));
  uint8_t code;
  if (upper == values.end())
    code = maxCode;
  else if (upper == values.begin() || upper->first == magnitude)
    code = upper->second;
  else {
    auto lower = upper - 1;
    float below = magnitude - lower->first, above = upper->first - magnitude;
    if (below < above)
      code = lower->second;
    else if (above < below)
      code = upper->second;
    else // tie: the even code
      code = (lower->second & 1) == 0 ? lower->second : upper->second;
  }
  if (code == 0 && f.fnuz)
    return 0; // no negative zero
  return uint8_t(sign | code);
}

} // namespace hwc::rt
