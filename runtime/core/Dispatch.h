//===- Dispatch.h - Run a generic lambda on a tensor's C++ type -*- C++ -*-===//
//
// Kernels are written once as generic lambdas over the element type and
// instantiated here for each dtype they accept: `visitNumeric(dtype, [&](auto
// tag) { using T = decltype(tag); ... })`. The visitors throw an
// UnsupportedError naming the dtype for types outside their set.
//
//===----------------------------------------------------------------------===//

#ifndef HWC_RUNTIME_CORE_DISPATCH_H
#define HWC_RUNTIME_CORE_DISPATCH_H

#include "runtime/core/DType.h"
#include "runtime/core/Error.h"

#include <cmath>
#include <limits>
#include <type_traits>

namespace hwc::rt {

/// Every stored dtype, including float16/bfloat16 and bool.
template <typename F> decltype(auto) visitAny(DType type, F &&f) {
  switch (type) {
  case DType::Float32:
    return f(float{});
  case DType::Float64:
    return f(double{});
  case DType::Float16:
    return f(Half{});
  case DType::BFloat16:
    return f(BFloat16{});
  case DType::Int8:
    return f(int8_t{});
  case DType::UInt8:
    return f(uint8_t{});
  case DType::Int16:
    return f(int16_t{});
  case DType::UInt16:
    return f(uint16_t{});
  case DType::Int32:
    return f(int32_t{});
  case DType::UInt32:
    return f(uint32_t{});
  case DType::Int64:
    return f(int64_t{});
  case DType::UInt64:
    return f(uint64_t{});
  case DType::Bool:
    return f(bool{});
  case DType::Float8E4M3FN:
    return f(Float8E4M3FN{});
  case DType::Float8E4M3FNUZ:
    return f(Float8E4M3FNUZ{});
  case DType::Float8E5M2:
    return f(Float8E5M2{});
  case DType::Float8E5M2FNUZ:
    return f(Float8E5M2FNUZ{});
  case DType::Float4E2M1:
    return f(Float4E2M1{});
  case DType::Int4:
    return f(Int4{});
  case DType::UInt4:
    return f(UInt4{});
  case DType::Int2:
    return f(Int2{});
  case DType::UInt2:
    return f(UInt2{});
  default:
    failUnsupported("dtype ", dtypeName(type), " is not supported");
  }
}

/// Types that support arithmetic directly: float32/64 and every integer.
/// float16/bfloat16 kernels run on float32 copies (see KernelInfo).
template <typename F> decltype(auto) visitNumeric(DType type, F &&f) {
  switch (type) {
  case DType::Float32:
    return f(float{});
  case DType::Float64:
    return f(double{});
  case DType::Int8:
    return f(int8_t{});
  case DType::UInt8:
    return f(uint8_t{});
  case DType::Int16:
    return f(int16_t{});
  case DType::UInt16:
    return f(uint16_t{});
  case DType::Int32:
    return f(int32_t{});
  case DType::UInt32:
    return f(uint32_t{});
  case DType::Int64:
    return f(int64_t{});
  case DType::UInt64:
    return f(uint64_t{});
  default:
    failUnsupported("dtype ", dtypeName(type),
                    " is not supported by this operator");
  }
}

/// float32 and float64 only.
template <typename F> decltype(auto) visitFloat(DType type, F &&f) {
  switch (type) {
  case DType::Float32:
    return f(float{});
  case DType::Float64:
    return f(double{});
  default:
    failUnsupported("dtype ", dtypeName(type),
                    " is not supported by this operator");
  }
}

template <typename T>
constexpr bool isHalfLike =
    std::is_same_v<T, Half> || std::is_same_v<T, BFloat16>;

template <typename T> struct IsMiniFloat : std::false_type {};
template <MiniFloatKind K> struct IsMiniFloat<MiniFloat<K>> : std::true_type {};
template <typename T> struct IsSmallInt : std::false_type {};
template <int B, bool S> struct IsSmallInt<SmallInt<B, S>> : std::true_type {};

/// Element types stored as bit patterns, without C++ arithmetic.
template <typename T>
constexpr bool isStorageOnly =
    isHalfLike<T> || IsMiniFloat<T>::value || IsSmallInt<T>::value;

/// Reads any element type as its arithmetic value.
template <typename T> inline auto loadValue(T v) {
  if constexpr (std::is_same_v<T, Half>)
    return halfToFloat(v);
  else if constexpr (std::is_same_v<T, BFloat16>)
    return bfloat16ToFloat(v);
  else if constexpr (IsMiniFloat<T>::value)
    return miniFloatToFloat(T::kind, v.bits);
  else if constexpr (IsSmallInt<T>::value)
    return int(v.value);
  else
    return v;
}

/// Converts one value with ONNX Cast semantics: float to integer truncates
/// toward zero and saturates (so out-of-range values are defined), NaN to
/// integer gives 0, anything to bool tests for non-zero.
template <typename Dst, typename Src> inline Dst convertValue(Src raw) {
  auto v = loadValue(raw);
  using V = decltype(v);
  if constexpr (IsMiniFloat<Dst>::value)
    return Dst{floatToMiniFloat(Dst::kind, static_cast<float>(v), true)};
  else if constexpr (IsSmallInt<Dst>::value) {
    if constexpr (std::is_floating_point_v<V>)
      return Dst::wrap(convertValue<int64_t>(v));
    else
      return Dst::wrap(static_cast<int64_t>(v));
  } else if constexpr (std::is_same_v<Dst, Half>)
    return floatToHalf(static_cast<float>(v));
  else if constexpr (std::is_same_v<Dst, BFloat16>)
    return floatToBFloat16(static_cast<float>(v));
  else if constexpr (std::is_same_v<Dst, bool>)
    return v != V(0);
  else if constexpr (std::is_integral_v<Dst> && std::is_floating_point_v<V>) {
    if (std::isnan(v))
      return Dst(0);
    if (v <= static_cast<V>(std::numeric_limits<Dst>::lowest()))
      return std::numeric_limits<Dst>::lowest();
    if (v >= static_cast<V>(std::numeric_limits<Dst>::max()))
      return std::numeric_limits<Dst>::max();
    return static_cast<Dst>(v);
  } else
    return static_cast<Dst>(v);
}

} // namespace hwc::rt

#endif // HWC_RUNTIME_CORE_DISPATCH_H
