//===- ONNXTypeUtils.cpp - ONNX dtypes, constants and shape helpers --------===//
//
// Implements the dtype mapping of ONNX TensorProto.DataType (numbering from
// onnx.proto) and reading of small constants, including dense_resource
// blobs, which ElementsAttr::tryGetValues does not cover for every type.
//
//===----------------------------------------------------------------------===//

#include "dialects/ONNX/ONNXTypeUtils.h"
#include "dialects/ONNX/ONNXOps.h"

#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/ADT/StringSet.h"

#include <cstring>

using namespace mlir;

namespace hwc::onnx {

namespace {
/// ONNX TensorProto.DataType numbering (onnx.proto, IR version 10).
enum OnnxDtype : int64_t {
  kFloat = 1, kUint8 = 2, kInt8 = 3, kUint16 = 4, kInt16 = 5, kInt32 = 6,
  kInt64 = 7, kString = 8, kBool = 9, kFloat16 = 10, kDouble = 11,
  kUint32 = 12, kUint64 = 13, kComplex64 = 14, kComplex128 = 15,
  kBfloat16 = 16, kFloat8E4M3FN = 17, kFloat8E4M3FNUZ = 18, kFloat8E5M2 = 19,
  kFloat8E5M2FNUZ = 20, kUint4 = 21, kInt4 = 22,
};
} // namespace

Type elementTypeForOnnxDtype(MLIRContext *ctx, int64_t dtype) {
  Builder b(ctx);
  auto unsignedInt = [&](unsigned width) {
    return IntegerType::get(ctx, width, IntegerType::Unsigned);
  };
  switch (dtype) {
  case kFloat: return b.getF32Type();
  case kUint8: return unsignedInt(8);
  case kInt8: return b.getIntegerType(8);
  case kUint16: return unsignedInt(16);
  case kInt16: return b.getIntegerType(16);
  case kInt32: return b.getIntegerType(32);
  case kInt64: return b.getIntegerType(64);
  case kString: return StringType::get(ctx);
  case kBool: return b.getI1Type();
  case kFloat16: return b.getF16Type();
  case kDouble: return b.getF64Type();
  case kUint32: return unsignedInt(32);
  case kUint64: return unsignedInt(64);
  case kComplex64: return ComplexType::get(b.getF32Type());
  case kComplex128: return ComplexType::get(b.getF64Type());
  case kBfloat16: return b.getBF16Type();
  case kFloat8E4M3FN: return b.getFloat8E4M3FNType();
  case kFloat8E4M3FNUZ: return b.getFloat8E4M3FNUZType();
  case kFloat8E5M2: return b.getFloat8E5M2Type();
  case kFloat8E5M2FNUZ: return b.getFloat8E5M2FNUZType();
  case kUint4: return unsignedInt(4);
  case kInt4: return b.getIntegerType(4);
  default: return {};
  }
}

int64_t onnxDtypeForElementType(Type type) {
  for (int64_t dtype = kFloat; dtype <= kInt4; ++dtype)
    if (elementTypeForOnnxDtype(type.getContext(), dtype) == type)
      return dtype;
  return 0;
}

namespace {
/// The raw little-endian bytes behind a dense_resource attribute, if its
/// blob is still alive.
std::optional<ArrayRef<char>> resourceBytes(ElementsAttr attr) {
  auto resource = llvm::dyn_cast<DenseResourceElementsAttr>(attr);
  if (!resource)
    return std::nullopt;
  AsmResourceBlob *blob = resource.getRawHandle().getBlob();
  if (!blob)
    return std::nullopt;
  return blob->getData();
}

/// Reads element `index` of a packed little-endian array of `T`.
template <typename T>
T loadElement(ArrayRef<char> bytes, int64_t index) {
  T value;
  std::memcpy(&value, bytes.data() + index * sizeof(T), sizeof(T));
  return value;
}
} // namespace

std::optional<SmallVector<int64_t>> readIntegerElements(ElementsAttr attr) {
  auto intType = llvm::dyn_cast<IntegerType>(attr.getElementType());
  if (!intType)
    return std::nullopt;
  int64_t count = attr.getNumElements();
  SmallVector<int64_t> values;
  values.reserve(count);
  if (auto bytes = resourceBytes(attr)) {
    unsigned width = intType.getWidth();
    bool isUnsigned = intType.isUnsigned();
    int64_t byteWidth = width == 1 ? 1 : width / 8;
    if (width % 8 != 0 && width != 1)
      return std::nullopt;
    if (static_cast<int64_t>(bytes->size()) < count * byteWidth)
      return std::nullopt;
    for (int64_t i = 0; i < count; ++i) {
      // Each branch widens to int64_t itself: a conditional expression of
      // uint32_t and int32_t would be uint32_t and zero-extend -1.
      switch (byteWidth) {
      case 1:
        values.push_back(isUnsigned || width == 1 ? int64_t(loadElement<uint8_t>(*bytes, i))
                                                  : int64_t(loadElement<int8_t>(*bytes, i)));
        break;
      case 2:
        values.push_back(isUnsigned ? int64_t(loadElement<uint16_t>(*bytes, i))
                                    : int64_t(loadElement<int16_t>(*bytes, i)));
        break;
      case 4:
        values.push_back(isUnsigned ? int64_t(loadElement<uint32_t>(*bytes, i))
                                    : int64_t(loadElement<int32_t>(*bytes, i)));
        break;
      case 8: values.push_back(loadElement<int64_t>(*bytes, i)); break;
      default: return std::nullopt;
      }
    }
    return values;
  }
  auto dense = llvm::dyn_cast<DenseIntElementsAttr>(attr);
  if (!dense)
    return std::nullopt;
  // Plain-typed views read the raw storage; APInt per element is ~50x slower
  // and dominates on weights of millions of elements.
  if (intType.getWidth() == 32 && !intType.isUnsigned()) {
    for (int32_t value : dense.getValues<int32_t>())
      values.push_back(value);
    return values;
  }
  if (intType.getWidth() == 64 && !intType.isUnsigned()) {
    for (int64_t value : dense.getValues<int64_t>())
      values.push_back(value);
    return values;
  }
  for (const APInt &value : dense.getValues<APInt>())
    values.push_back(intType.isUnsigned() || intType.getWidth() == 1
                         ? static_cast<int64_t>(value.getZExtValue())
                         : value.getSExtValue());
  return values;
}

std::optional<SmallVector<double>> readFloatElements(ElementsAttr attr) {
  auto floatType = llvm::dyn_cast<FloatType>(attr.getElementType());
  if (!floatType)
    return std::nullopt;
  int64_t count = attr.getNumElements();
  SmallVector<double> values;
  values.reserve(count);
  if (auto bytes = resourceBytes(attr)) {
    unsigned width = floatType.getWidth();
    if (static_cast<int64_t>(bytes->size()) < count * (width / 8))
      return std::nullopt;
    for (int64_t i = 0; i < count; ++i) {
      if (width == 32) {
        values.push_back(loadElement<float>(*bytes, i));
      } else if (width == 64) {
        values.push_back(loadElement<double>(*bytes, i));
      } else if (width == 16) {
        APFloat half(floatType.getFloatSemantics(),
                     APInt(16, loadElement<uint16_t>(*bytes, i)));
        values.push_back(half.convertToDouble());
      } else {
        return std::nullopt;
      }
    }
    return values;
  }
  auto dense = llvm::dyn_cast<DenseFPElementsAttr>(attr);
  if (!dense)
    return std::nullopt;
  if (floatType.isF32()) { // the raw storage, not an APFloat per element
    for (float value : dense.getValues<float>())
      values.push_back(value);
    return values;
  }
  if (floatType.isF64()) {
    for (double value : dense.getValues<double>())
      values.push_back(value);
    return values;
  }
  for (const APFloat &value : dense.getValues<APFloat>()) {
    APFloat wide = value;
    bool losesInfo = false;
    wide.convert(APFloat::IEEEdouble(), APFloat::rmNearestTiesToEven,
                 &losesInfo);
    values.push_back(wide.convertToDouble());
  }
  return values;
}

std::optional<SmallVector<int64_t>> getConstantIntegers(Value value) {
  auto constant = value ? value.getDefiningOp<ConstantOp>() : ConstantOp();
  if (!constant)
    return std::nullopt;
  return readIntegerElements(constant.getValue());
}

std::optional<SmallVector<double>> getConstantFloats(Value value) {
  auto constant = value ? value.getDefiningOp<ConstantOp>() : ConstantOp();
  if (!constant)
    return std::nullopt;
  return readFloatElements(constant.getValue());
}

bool isStaticTensor(Type type) {
  auto tensor = llvm::dyn_cast<RankedTensorType>(type);
  return tensor && tensor.hasStaticShape();
}

bool isNoneValue(Value value) {
  return !value || llvm::isa<NoneType>(value.getType());
}

bool isModelNode(mlir::Operation *op) {
  if (!llvm::isa<ONNXDialect>(op->getDialect()) || llvm::isa<NoneOp, YieldOp>(op))
    return false;
  return !op->hasAttr("onnx.initializer") && !op->hasAttr("onnx.from_attribute") &&
         !op->hasAttr("onnx.legacy_expansion");
}

std::string nodeName(Operation *op) {
  Location loc = op->getLoc();
  if (auto fused = llvm::dyn_cast<FusedLoc>(loc))
    if (!fused.getLocations().empty())
      loc = fused.getLocations().front();
  if (auto name = llvm::dyn_cast<NameLoc>(loc))
    return name.getName().str();
  return opTypeOf(op);
}

void makeNodeNamesUnique(Operation *root) {
  llvm::StringSet<> used;
  root->walk<WalkOrder::PreOrder>([&](Operation *op) {
    if (op == root || !llvm::isa<ONNXDialect>(op->getDialect()) || llvm::isa<ConstantOp>(op) ||
        op->hasTrait<OpTrait::IsTerminator>())
      return;
    std::string base = nodeName(op), name = base;
    for (int suffix = 1; !used.insert(name).second; ++suffix)
      name = base + "_" + std::to_string(suffix);
    if (name != base)
      op->setLoc(NameLoc::get(StringAttr::get(op->getContext(), name), op->getLoc()));
  });
}

std::string opTypeOf(mlir::Operation *op) {
  if (auto custom = llvm::dyn_cast<CustomOp>(op))
    return custom.getOpType().str();
  return op->getName().stripDialect().str();
}

} // namespace hwc::onnx
