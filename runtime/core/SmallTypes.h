//===- SmallTypes.h - 8-bit floats and sub-byte integers --------*- C++ -*-===//
//
// The narrow element types of newer ONNX opsets: float8 (E4M3FN, E4M3FNUZ,
// E5M2, E5M2FNUZ), float4 (E2M1) and 4-/2-bit integers. The runtime stores
// one element per byte (sub-byte types are packed only in files) and
// converts through float32 with ONNX's rules: round to nearest even, and
// saturation to the largest finite value unless a Cast says saturate = 0.
//
//===----------------------------------------------------------------------===//

#ifndef HWC_RUNTIME_CORE_SMALLTYPES_H
#define HWC_RUNTIME_CORE_SMALLTYPES_H

#include <cstdint>

namespace hwc::rt {

enum class MiniFloatKind { E4M3FN, E4M3FNUZ, E5M2, E5M2FNUZ, E2M1 };

/// Value of a code (NaN and infinities included).
float miniFloatToFloat(MiniFloatKind kind, uint8_t code);
/// Nearest code, ties to even; out-of-range values saturate to the largest
/// finite value or, without saturation, become NaN (or infinity for E5M2).
uint8_t floatToMiniFloat(MiniFloatKind kind, float value, bool saturate);

template <MiniFloatKind K> struct MiniFloat {
  uint8_t bits = 0;
  static constexpr MiniFloatKind kind = K;
};
using Float8E4M3FN = MiniFloat<MiniFloatKind::E4M3FN>;
using Float8E4M3FNUZ = MiniFloat<MiniFloatKind::E4M3FNUZ>;
using Float8E5M2 = MiniFloat<MiniFloatKind::E5M2>;
using Float8E5M2FNUZ = MiniFloat<MiniFloatKind::E5M2FNUZ>;
using Float4E2M1 = MiniFloat<MiniFloatKind::E2M1>;

/// A 4- or 2-bit integer held in a byte. Conversions wrap to the low bits
/// (as ONNX Cast does); QuantizeLinear saturates before converting.
template <int Bits, bool Signed> struct SmallInt {
  int8_t value = 0;
  static constexpr int bits = Bits;
  static constexpr bool isSigned = Signed;
  static constexpr int lowest = Signed ? -(1 << (Bits - 1)) : 0;
  static constexpr int highest = Signed ? (1 << (Bits - 1)) - 1 : (1 << Bits) - 1;

  static SmallInt wrap(int64_t v) {
    int64_t mask = (int64_t(1) << Bits) - 1;
    int64_t low = v & mask;
    if (Signed && low > highest)
      low -= int64_t(1) << Bits;
    return SmallInt{int8_t(low)};
  }
};
using Int4 = SmallInt<4, true>;
using UInt4 = SmallInt<4, false>;
using Int2 = SmallInt<2, true>;
using UInt2 = SmallInt<2, false>;

} // namespace hwc::rt

#endif // HWC_RUNTIME_CORE_SMALLTYPES_H
