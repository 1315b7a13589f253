//===- DType.cpp - Element types of runtime tensors -----------------------===//
//
// Sizes and names of the runtime's element types, and the float16/bfloat16
// conversions (round to nearest even, NaN and Inf preserved).
//
//===----------------------------------------------------------------------===//

#include "runtime/core/DType.h"

#include <cmath>

namespace hwc::rt {

float halfToFloat(Half h) {
  uint32_t sign = uint32_t(h.bits & 0x8000) << 16;
  uint32_t exponent = (h.bits >> 10) & 0x1f;
  uint32_t mantissa = h.bits & 0x3ff;
  uint32_t bits;
  if (exponent == 0x1f) {
    bits = sign | 0x7f800000 | (mantissa << 13);
  } else if (exponent != 0) {
    bits = sign | ((exponent + 112) << 23) | (mantissa << 13);
  } else if (mantissa == 0) {
    bits = sign;
  } else {
    // Subnormal half: normalise into a float32 exponent.
    int shift = 0;
    while (!(mantissa & 0x400)) {
      mantissa <<= 1;
      ++shift;
    }
    mantissa &= 0x3ff;
    bits = sign | (uint32_t(113 - shift) << 23) | (mantissa << 13);
  }
  float f;
  std::memcpy(&f, &bits, sizeof(f));
  return f;
}

Half floatToHalf(float f) {
  uint32_t bits;
  std::memcpy(&bits, &f, sizeof(bits));
  uint16_t sign = uint16_t((bits >> 16) & 0x8000);
  uint32_t absBits = bits & 0x7fffffff;
  if (absBits > 0x7f800000) // NaN: keep it quiet.
    return Half{uint16_t(sign | 0x7e00)};
  if (absBits >= 0x477ff000) // Rounds to >= 65520: infinity.
    return Half{uint16_t(sign | 0x7c00)};
  if (absBits < 0x38800000) {
    // Result is subnormal or zero: add the float to a magic number so that
    // the FPU does the round-to-nearest-even of the shifted mantissa.
    float magic;
    uint32_t magicBits = 0x3f000000; // 0.5f: aligns the half subnormal LSB.
    std::memcpy(&magic, &magicBits, sizeof(magic));
    float absF;
    std::memcpy(&absF, &absBits, sizeof(absF));
    absF += magic;
    uint32_t rounded;
    std::memcpy(&rounded, &absF, sizeof(rounded));
    return Half{uint16_t(sign | uint16_t(rounded - magicBits))};
  }
  uint32_t mantissaOdd = (absBits >> 13) & 1;
  absBits += 0xc8000fff + mantissaOdd; // Rebias exponent and round to even.
  return Half{uint16_t(sign | uint16_t(absBits >> 13))};
}

BFloat16 floatToBFloat16(float f) {
  uint32_t bits;
  std::memcpy(&bits, &f, sizeof(bits));
  if (std::isnan(f))
    return BFloat16{uint16_t((bits >> 16) | 0x0040)};
  uint32_t roundingBias = 0x7fff + ((bits >> 16) & 1);
  return BFloat16{uint16_t((bits + roundingBias) >> 16)};
}

size_t dtypeSize(DType type) {
  switch (type) {
  case DType::Bool:
  case DType::Int8:
  case DType::UInt8:
  case DType::Float8E4M3FN:
  case DType::Float8E4M3FNUZ:
  case DType::Float8E5M2:
  case DType::Float8E5M2FNUZ:
  case DType::Float4E2M1:
  case DType::Int4:
  case DType::UInt4:
  case DType::Int2:
  case DType::UInt2:
    return 1;
  case DType::Int16:
  case DType::UInt16:
  case DType::Float16:
  case DType::BFloat16:
    return 2;
  case DType::Int32:
  case DType::UInt32:
  case DType::Float32:
    return 4;
  case DType::Int64:
  case DType::UInt64:
  case DType::Float64:
    return 8;
  case DType::Undefined:
    return 0;
  }
  return 0;
}

const char *dtypeName(DType type) {
  switch (type) {
  case DType::Float32:
    return "float32";
  case DType::Float64:
    return "float64";
  case DType::Float16:
    return "float16";
  case DType::BFloat16:
    return "bfloat16";
  case DType::Int8:
    return "int8";
  case DType::UInt8:
    return "uint8";
  case DType::Int16:
    return "int16";
  case DType::UInt16:
    return "uint16";
  case DType::Int32:
    return "int32";
  case DType::UInt32:
    return "uint32";
  case DType::Int64:
    return "int64";
  case DType::UInt64:
    return "uint64";
  case DType::Bool:
    return "bool";
  case DType::Undefined:
    return "undefined";
  default:
    break;
  }
  static const std::string names[] = {
      onnxDataTypeName(17), onnxDataTypeName(18), onnxDataTypeName(19),
      onnxDataTypeName(20), onnxDataTypeName(21), onnxDataTypeName(22),
      onnxDataTypeName(23), onnxDataTypeName(24), onnxDataTypeName(25),
      onnxDataTypeName(26)};
  int index = int(type) - 17;
  return index >= 0 && index < 10 ? names[index].c_str() : "undefined";
}

int dtypeBits(DType type) {
  switch (type) {
  case DType::Int4:
  case DType::UInt4:
  case DType::Float4E2M1:
    return 4;
  case DType::Int2:
  case DType::UInt2:
    return 2;
  default:
    return int(dtypeSize(type)) * 8;
  }
}

bool isSupportedDType(int onnxDataType) {
  return onnxDataType != 0 && onnxDataType <= 26 &&
         dtypeSize(static_cast<DType>(onnxDataType)) != 0 &&
         onnxDataType != 8 && onnxDataType != 14 && onnxDataType != 15 &&
         onnxDataType != 24;
}

std::string onnxDataTypeName(int onnxDataType) {
  static const char *const names[] = {
      "undefined",  "float32",  "uint8",       "int8",
      "uint16",     "int16",    "int32",       "int64",
      "string",     "bool",     "float16",     "float64",
      "uint32",     "uint64",   "complex64",   "complex128",
      "bfloat16",   "float8e4m3fn", "float8e4m3fnuz", "float8e5m2",
      "float8e5m2fnuz", "uint4", "int4",       "float4e2m1",
      "float8e8m0", "uint2",    "int2"};
  if (onnxDataType >= 0 &&
      onnxDataType < int(sizeof(names) / sizeof(names[0])))
    return names[onnxDataType];
  return "data type " + std::to_string(onnxDataType);
}

bool isFloatingPoint(DType type) {
  return type == DType::Float32 || type == DType::Float64 ||
         type == DType::Float16 || type == DType::BFloat16 ||
         type == DType::Float8E4M3FN || type == DType::Float8E4M3FNUZ ||
         type == DType::Float8E5M2 || type == DType::Float8E5M2FNUZ ||
         type == DType::Float4E2M1;
}

bool isSignedInteger(DType type) {
  return type == DType::Int8 || type == DType::Int16 || type == DType::Int4 ||
         type == DType::Int2 ||
         type == DType::Int32 || type == DType::Int64;
}

bool isUnsignedInteger(DType type) {
  return type == DType::UInt8 || type == DType::UInt16 ||
         type == DType::UInt4 || type == DType::UInt2 ||
         type == DType::UInt32 || type == DType::UInt64;
}

} // namespace hwc::rt
