//===- DType.h - Element types of runtime tensors ---------------*- C++ -*-===//
//
// The element types the reference runtime stores and computes with. Values
// equal ONNX TensorProto.DataType so that reading a model or a .pb file needs
// no mapping table. float16 and bfloat16 are stored as 16-bit patterns and
// computed in float32 by the kernels that do arithmetic on them.
//
//===----------------------------------------------------------------------===//

#ifndef HWC_RUNTIME_CORE_DTYPE_H
#define HWC_RUNTIME_CORE_DTYPE_H

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

#include "runtime/core/SmallTypes.h"

namespace hwc::rt {

enum class DType : int {
  Undefined = 0,
  Float32 = 1,
  UInt8 = 2,
  Int8 = 3,
  UInt16 = 4,
  Int16 = 5,
  Int32 = 6,
  Int64 = 7,
  Bool = 9,
  Float16 = 10,
  Float64 = 11,
  UInt32 = 12,
  UInt64 = 13,
  BFloat16 = 16,
  Float8E4M3FN = 17,
  Float8E4M3FNUZ = 18,
  Float8E5M2 = 19,
  Float8E5M2FNUZ = 20,
  UInt4 = 21,
  Int4 = 22,
  Float4E2M1 = 23,
  UInt2 = 25,
  Int2 = 26,
};

/// Bits per element in files (4 and 2 for the packed sub-byte types, else
/// 8 * dtypeSize); in memory every sub-byte element takes one byte.
int dtypeBits(DType type);

/// IEEE half precision, stored as its bit pattern.
struct Half {
  uint16_t bits = 0;
};

/// bfloat16 (the upper half of a float32), stored as its bit pattern.
struct BFloat16 {
  uint16_t bits = 0;
};

float halfToFloat(Half h);
Half floatToHalf(float f);

inline float bfloat16ToFloat(BFloat16 b) {
  uint32_t bits = uint32_t(b.bits) << 16;
  float f;
  std::memcpy(&f, &bits, sizeof(f));
  return f;
}

/// Rounds to nearest even, as ONNX Cast does; NaN stays a quiet NaN.
BFloat16 floatToBFloat16(float f);

/// Size of one element in bytes; 0 for Undefined.
size_t dtypeSize(DType type);

/// The ONNX spelling: "float32", "int8", ...
const char *dtypeName(DType type);

/// True for the values of TensorProto.DataType that the runtime stores.
bool isSupportedDType(int onnxDataType);

/// The ONNX name of any TensorProto.DataType value, supported or not.
std::string onnxDataTypeName(int onnxDataType);

bool isFloatingPoint(DType type);
bool isSignedInteger(DType type);
bool isUnsignedInteger(DType type);

/// Maps a C++ element type to its DType.
template <typename T> struct DTypeOf;
#define HWC_DTYPE_OF(CppType, Value)                                           \
  template <> struct DTypeOf<CppType> {                                        \
    static constexpr DType value = DType::Value;                               \
  };
HWC_DTYPE_OF(float, Float32)
HWC_DTYPE_OF(double, Float64)
HWC_DTYPE_OF(Half, Float16)
HWC_DTYPE_OF(BFloat16, BFloat16)
HWC_DTYPE_OF(int8_t, Int8)
HWC_DTYPE_OF(uint8_t, UInt8)
HWC_DTYPE_OF(int16_t, Int16)
HWC_DTYPE_OF(uint16_t, UInt16)
HWC_DTYPE_OF(int32_t, Int32)
HWC_DTYPE_OF(uint32_t, UInt32)
HWC_DTYPE_OF(int64_t, Int64)
HWC_DTYPE_OF(uint64_t, UInt64)
HWC_DTYPE_OF(bool, Bool)
HWC_DTYPE_OF(Float8E4M3FN, Float8E4M3FN)
HWC_DTYPE_OF(Float8E4M3FNUZ, Float8E4M3FNUZ)
HWC_DTYPE_OF(Float8E5M2, Float8E5M2)
HWC_DTYPE_OF(Float8E5M2FNUZ, Float8E5M2FNUZ)
HWC_DTYPE_OF(Float4E2M1, Float4E2M1)
HWC_DTYPE_OF(Int4, Int4)
HWC_DTYPE_OF(UInt4, UInt4)
HWC_DTYPE_OF(Int2, Int2)
HWC_DTYPE_OF(UInt2, UInt2)
#undef HWC_DTYPE_OF

} // namespace hwc::rt

#endif // HWC_RUNTIME_CORE_DTYPE_H
