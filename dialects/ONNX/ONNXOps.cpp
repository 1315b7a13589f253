//===- ONNXOps.cpp - Verifiers and folders of onnx ops ---------------------===//
//
// Verifiers check what shape inference does not: element types that must
// agree, attribute values from a fixed set, ranks of parameter tensors and
// the structure of subgraph regions. Shape rules are checked by each op's
// inference (ONNXShapeInference.cpp) through the InferredTypesCompatible
// trait. Diagnostics name the actual and the expected value.
//
//===----------------------------------------------------------------------===//

#include "dialects/ONNX/ONNXOps.h"
#include "dialects/ONNX/ONNXTypeUtils.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;
using namespace hwc::onnx;

namespace {

Type elementOf(Value value) {
  auto type = value ? llvm::dyn_cast<TensorType>(value.getType()) : TensorType();
  return type ? type.getElementType() : Type();
}

std::optional<int64_t> rankOf(Value value) {
  auto type = value ? llvm::dyn_cast<RankedTensorType>(value.getType())
                    : RankedTensorType();
  if (!type)
    return std::nullopt;
  return type.getRank();
}

bool isKnown(Type element) { return element && !llvm::isa<UnknownType>(element); }

/// Fails when two known element types differ.
LogicalResult verifySameElementType(Operation *op, Value a, StringRef aName,
                                    Value b, StringRef bName) {
  Type ea = elementOf(a), eb = elementOf(b);
  if (isKnown(ea) && isKnown(eb) && ea != eb)
    return op->emitOpError() << "'" << bName << "' has element type " << eb
                             << ", expected " << ea << " (the type of '"
                             << aName << "')";
  return success();
}

/// Fails when `value` is a ranked tensor whose rank is not `rank`.
LogicalResult verifyRank(Operation *op, Value value, StringRef name,
                         int64_t rank) {
  auto actual = rankOf(value);
  if (actual && *actual != rank)
    return op->emitOpError() << "'" << name << "' has rank " << *actual
                             << ", expected " << rank;
  return success();
}

LogicalResult verifyOneOf(Operation *op, StringRef attrName, StringRef value,
                          ArrayRef<StringRef> allowed) {
  if (llvm::is_contained(allowed, value))
    return success();
  std::string list;
  for (StringRef option : allowed)
    list += (list.empty() ? "" : ", ") + option.str();
  return op->emitOpError() << "'" << attrName << "' is '" << value
                           << "', expected one of: " << list;
}

LogicalResult verifyPositive(Operation *op, StringRef attrName, int64_t value) {
  if (value > 0)
    return success();
  return op->emitOpError() << "'" << attrName << "' is " << value
                           << ", expected a positive value";
}

LogicalResult verifyAxisInRange(Operation *op, Value value, int64_t axis,
                                int64_t extra = 0) {
  auto rank = rankOf(value);
  if (!rank)
    return success();
  int64_t limit = *rank + extra;
  if (axis < -limit || axis >= limit)
    return op->emitOpError() << "axis " << axis << " is out of range [" << -limit
                             << ", " << limit - 1 << "] for rank " << *rank;
  return success();
}

LogicalResult verifyAutoPad(Operation *op, StringRef autoPad) {
  return verifyOneOf(op, "auto_pad", autoPad,
                     {"NOTSET", "SAME_UPPER", "SAME_LOWER", "VALID"});
}

/// Conv-like: X and W have equal rank and X's channels match W's times group.
LogicalResult verifyConvOperands(Operation *op, Value x, Value w,
                                 int64_t group, bool transposed) {
  if (failed(verifyPositive(op, "group", group)))
    return failure();
  auto xType = llvm::dyn_cast<RankedTensorType>(x.getType());
  auto wType = llvm::dyn_cast<RankedTensorType>(w.getType());
  if (!xType || !wType)
    return success();
  if (xType.getRank() != wType.getRank())
    return op->emitOpError() << "'W' has rank " << wType.getRank()
                             << ", expected " << xType.getRank()
                             << " (the rank of 'X')";
  if (xType.getRank() < 3)
    return op->emitOpError() << "'X' has rank " << xType.getRank()
                             << ", expected at least 3";
  int64_t xChannels = xType.getDimSize(1);
  int64_t wChannels = wType.getDimSize(transposed ? 0 : 1);
  if (ShapedType::isDynamic(xChannels) || ShapedType::isDynamic(wChannels))
    return success();
  int64_t expected = transposed ? xChannels : wChannels * group;
  int64_t actual = transposed ? wChannels : xChannels;
  if (actual != expected)
    return op->emitOpError() << (transposed ? "'W' has " : "'X' has ")
                             << actual << " input channels, expected "
                             << expected;
  return success();
}

/// A 1-D per-channel parameter of a normalization layer.
LogicalResult verifyChannelParam(Operation *op, Value x, Value param,
                                 StringRef name) {
  if (failed(verifyRank(op, param, name, 1)))
    return failure();
  auto xType = llvm::dyn_cast<RankedTensorType>(x.getType());
  auto pType = llvm::dyn_cast<RankedTensorType>(param.getType());
  if (!xType || !pType || xType.getRank() < 2)
    return success();
  int64_t channels = xType.getDimSize(1), size = pType.getDimSize(0);
  if (!ShapedType::isDynamic(channels) && !ShapedType::isDynamic(size) &&
      channels != size)
    return op->emitOpError() << "'" << name << "' has " << size
                             << " elements, expected " << channels
                             << " (one per channel)";
  return success();
}

/// The zero point, when present, has the quantized tensor's element type.
LogicalResult verifyZeroPoint(Operation *op, Value zeroPoint, Type expected,
                              StringRef name) {
  if (isNoneValue(zeroPoint) || !isKnown(expected))
    return success();
  Type actual = elementOf(zeroPoint);
  if (isKnown(actual) && actual != expected)
    return op->emitOpError() << "'" << name << "' has element type " << actual
                             << ", expected " << expected;
  return success();
}

LogicalResult verifyRegionYields(Operation *op, Region &region,
                                 size_t expected, StringRef regionName) {
  Operation *terminator = region.front().getTerminator();
  if (!llvm::isa_and_nonnull<YieldOp>(terminator))
    return op->emitOpError() << "region '" << regionName
                             << "' must end in onnx.yield";
  if (terminator->getNumOperands() != expected)
    return op->emitOpError() << "region '" << regionName << "' yields "
                             << terminator->getNumOperands()
                             << " values, expected " << expected;
  return success();
}

/// A yielded value must fit the result it becomes: same element type,
/// compatible shape (dynamic dimensions match anything).
LogicalResult verifyYieldedType(Operation *op, Value yielded, Type result,
                                StringRef what, size_t index) {
  auto yieldedType = llvm::dyn_cast<TensorType>(yielded.getType());
  auto resultType = llvm::dyn_cast<TensorType>(result);
  if (!yieldedType || !resultType)
    return success();
  if (isKnown(yieldedType.getElementType()) &&
      isKnown(resultType.getElementType()) &&
      (yieldedType.getElementType() != resultType.getElementType() ||
       failed(verifyCompatibleShape(yieldedType, resultType))))
    return op->emitOpError() << what << " " << index << " has type "
                             << yieldedType << ", which does not fit result type "
                             << resultType;
  return success();
}

} // namespace

//===----------------------------------------------------------------------===//
// Constant
//===----------------------------------------------------------------------===//

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValueAttr(); }

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

#define HWC_VERIFY_SAME_ELEMENTS(OP, A, B)                                     \
  LogicalResult OP::verify() {                                                 \
    return verifySameElementType(*this, get##A(), #A, get##B(), #B);           \
  }
HWC_VERIFY_SAME_ELEMENTS(AddOp, A, B)
HWC_VERIFY_SAME_ELEMENTS(SubOp, A, B)
HWC_VERIFY_SAME_ELEMENTS(MulOp, A, B)
HWC_VERIFY_SAME_ELEMENTS(DivOp, A, B)
HWC_VERIFY_SAME_ELEMENTS(ModOp, A, B)
HWC_VERIFY_SAME_ELEMENTS(AndOp, A, B)
HWC_VERIFY_SAME_ELEMENTS(OrOp, A, B)
HWC_VERIFY_SAME_ELEMENTS(XorOp, A, B)
HWC_VERIFY_SAME_ELEMENTS(EqualOp, A, B)
HWC_VERIFY_SAME_ELEMENTS(GreaterOp, A, B)
HWC_VERIFY_SAME_ELEMENTS(GreaterOrEqualOp, A, B)
HWC_VERIFY_SAME_ELEMENTS(LessOp, A, B)
HWC_VERIFY_SAME_ELEMENTS(LessOrEqualOp, A, B)
HWC_VERIFY_SAME_ELEMENTS(PReluOp, X, Slope)
HWC_VERIFY_SAME_ELEMENTS(WhereOp, X, Y)
#undef HWC_VERIFY_SAME_ELEMENTS

LogicalResult PowOp::verify() {
  // Pow allows a different exponent type; both must be numeric.
  for (Value operand : getOperands())
    if (Type element = elementOf(operand);
        isKnown(element) && !element.isIntOrFloat())
      return emitOpError() << "operands must be numeric, got " << element;
  return success();
}

#define HWC_VERIFY_VARIADIC(OP)                                                \
  LogicalResult OP::verify() {                                                 \
    if (getData_0().empty())                                                   \
      return emitOpError() << "needs at least one input";                      \
    for (Value operand : getData_0().drop_front())                             \
      if (failed(verifySameElementType(*this, getData_0().front(), "data_0",   \
                                       operand, "data_0")))                    \
        return failure();                                                      \
    return success();                                                          \
  }
HWC_VERIFY_VARIADIC(MaxOp)
HWC_VERIFY_VARIADIC(MinOp)
HWC_VERIFY_VARIADIC(MeanOp)
HWC_VERIFY_VARIADIC(SumOp)
#undef HWC_VERIFY_VARIADIC

LogicalResult SoftmaxOp::verify() {
  return verifyAxisInRange(*this, getInput(), static_cast<int64_t>(getAxis()));
}

LogicalResult LRNOp::verify() {
  return verifyPositive(*this, "size", static_cast<int64_t>(getSize()));
}

LogicalResult ClipOp::verify() {
  for (auto [bound, name] : {std::pair(getMin(), "min"), std::pair(getMax(), "max")}) {
    if (isNoneValue(bound))
      continue;
    if (auto rank = rankOf(bound); rank && *rank != 0 &&
                                   llvm::cast<RankedTensorType>(bound.getType())
                                           .getNumElements() != 1)
      return emitOpError() << "'" << name << "' must be a scalar, got rank "
                           << *rank;
    if (failed(verifySameElementType(*this, getInput(), "input", bound, name)))
      return failure();
  }
  return success();
}

LogicalResult CastOp::verify() {
  if (!elementTypeForOnnxDtype(getContext(), static_cast<int64_t>(getTo())))
    return emitOpError() << "'to' is " << static_cast<int64_t>(getTo())
                         << ", expected an ONNX TensorProto.DataType value";
  return success();
}

//===----------------------------------------------------------------------===//
// Shape manipulation
//===----------------------------------------------------------------------===//

LogicalResult ConstantOfShapeOp::verify() {
  if (auto value = getValueAttr(); value && value.getNumElements() != 1)
    return emitOpError() << "'value' has " << value.getNumElements()
                         << " elements, expected 1";
  return verifyRank(*this, getInput(), "input", 1);
}

LogicalResult ReshapeOp::verify() {
  if (failed(verifyRank(*this, getShape(), "shape", 1)))
    return failure();
  Type element = elementOf(getShape());
  if (isKnown(element) && !element.isInteger(64))
    return emitOpError() << "'shape' has element type " << element
                         << ", expected i64";
  return success();
}

LogicalResult FlattenOp::verify() {
  return verifyAxisInRange(*this, getInput(), static_cast<int64_t>(getAxis()),
                           /*extra=*/1);
}

LogicalResult TransposeOp::verify() {
  auto perm = getPerm();
  if (!perm)
    return success();
  SmallVector<bool> seen(perm->size(), false);
  for (Attribute entry : *perm) {
    int64_t axis = llvm::cast<IntegerAttr>(entry).getInt();
    if (axis < 0 || axis >= static_cast<int64_t>(seen.size()) || seen[axis])
      return emitOpError() << "'perm' is not a permutation of 0.."
                           << seen.size() - 1;
    seen[axis] = true;
  }
  return success();
}

LogicalResult ConcatOp::verify() {
  if (getInputs().empty())
    return emitOpError() << "needs at least one input";
  for (Value input : getInputs().drop_front())
    if (failed(verifySameElementType(*this, getInputs().front(), "inputs",
                                     input, "inputs")))
      return failure();
  return success();
}

LogicalResult GatherOp::verify() {
  Type element = elementOf(getIndices());
  if (isKnown(element) && !element.isInteger(32) && !element.isInteger(64))
    return emitOpError() << "'indices' has element type " << element
                         << ", expected i32 or i64";
  return verifyAxisInRange(*this, getData(), static_cast<int64_t>(getAxis()));
}

LogicalResult GatherElementsOp::verify() {
  Type element = elementOf(getIndices());
  if (isKnown(element) && !element.isInteger(32) && !element.isInteger(64))
    return emitOpError() << "'indices' has element type " << element
                         << ", expected i32 or i64";
  auto dataRank = rankOf(getData()), indicesRank = rankOf(getIndices());
  if (dataRank && indicesRank && *dataRank != *indicesRank)
    return emitOpError() << "'indices' has rank " << *indicesRank
                         << ", expected " << *dataRank << " (the rank of 'data')";
  return verifyAxisInRange(*this, getData(), static_cast<int64_t>(getAxis()));
}

LogicalResult ScatterNDOp::verify() {
  if (failed(verifyOneOf(*this, "reduction", getReduction(),
                         {"none", "add", "mul", "max", "min"})))
    return failure();
  return verifySameElementType(*this, getData(), "data", getUpdates(),
                               "updates");
}

LogicalResult SplitOp::verify() {
  if (auto parts = getNumOutputs();
      parts && static_cast<int64_t>(*parts) != getNumResults())
    return emitOpError() << "'num_outputs' is " << static_cast<int64_t>(*parts)
                         << ", but the op has " << getNumResults() << " results";
  if (auto sizes = getConstantIntegers(getSplit());
      sizes && sizes->size() != getNumResults())
    return emitOpError() << "'split' has " << sizes->size()
                         << " sizes, but the op has " << getNumResults()
                         << " results";
  return verifyAxisInRange(*this, getInput(), static_cast<int64_t>(getAxis()));
}

LogicalResult PadOp::verify() {
  if (failed(verifyOneOf(*this, "mode", getMode(),
                         {"constant", "reflect", "edge", "wrap"})))
    return failure();
  return verifyRank(*this, getPads(), "pads", 1);
}

LogicalResult DepthToSpaceOp::verify() {
  if (failed(verifyOneOf(*this, "mode", getMode(), {"DCR", "CRD"})))
    return failure();
  return verifyPositive(*this, "blocksize", static_cast<int64_t>(getBlocksize()));
}

LogicalResult SpaceToDepthOp::verify() {
  return verifyPositive(*this, "blocksize", static_cast<int64_t>(getBlocksize()));
}

LogicalResult ResizeOp::verify() {
  if (failed(verifyOneOf(*this, "mode", getMode(), {"nearest", "linear", "cubic"})))
    return failure();
  if (failed(verifyOneOf(*this, "coordinate_transformation_mode",
                         getCoordinateTransformationMode(),
                         {"half_pixel", "half_pixel_symmetric", "pytorch_half_pixel",
                          "align_corners", "asymmetric", "tf_crop_and_resize",
                          "tf_half_pixel_for_nn"})))
    return failure();
  if (failed(verifyOneOf(*this, "nearest_mode", getNearestMode(),
                         {"round_prefer_floor", "round_prefer_ceil", "floor",
                          "ceil"})))
    return failure();
  if (!isNoneValue(getScales()) && !isNoneValue(getSizes()) &&
      !(rankOf(getScales()) == 1 &&
        llvm::cast<RankedTensorType>(getScales().getType()).getDimSize(0) == 0))
    return emitOpError() << "only one of 'scales' and 'sizes' may be given";
  return success();
}

LogicalResult EinsumOp::verify() {
  if (getInputs().empty())
    return emitOpError() << "needs at least one input";
  StringRef equation = getEquation();
  for (char c : equation)
    if (!std::isalpha(static_cast<unsigned char>(c)) && !llvm::is_contained(StringRef(" ,->."), c))
      return emitOpError() << "equation '" << equation
                           << "' has an invalid character '" << c << "'";
  return success();
}

LogicalResult TopKOp::verify() {
  if (failed(verifyRank(*this, getK(), "K", 1)))
    return failure();
  if (auto k = getConstantIntegers(getK()); k && !k->empty() && (*k)[0] < 0)
    return emitOpError() << "'K' is " << (*k)[0] << ", expected >= 0";
  return verifyAxisInRange(*this, getX(), static_cast<int64_t>(getAxis()));
}

LogicalResult ArgMaxOp::verify() {
  return verifyAxisInRange(*this, getData(), static_cast<int64_t>(getAxis()));
}

LogicalResult ArgMinOp::verify() {
  return verifyAxisInRange(*this, getData(), static_cast<int64_t>(getAxis()));
}

#define HWC_VERIFY_REDUCE(OP)                                                  \
  LogicalResult OP::verify() {                                                 \
    if (isNoneValue(getAxes()))                                                \
      return success();                                                        \
    return verifyRank(*this, getAxes(), "axes", 1);                            \
  }
HWC_VERIFY_REDUCE(ReduceL2Op)
HWC_VERIFY_REDUCE(ReduceMaxOp)
HWC_VERIFY_REDUCE(ReduceMeanOp)
HWC_VERIFY_REDUCE(ReduceMinOp)
HWC_VERIFY_REDUCE(ReduceProdOp)
HWC_VERIFY_REDUCE(ReduceSumOp)
#undef HWC_VERIFY_REDUCE

//===----------------------------------------------------------------------===//
// Neural-network layers
//===----------------------------------------------------------------------===//

LogicalResult ConvOp::verify() {
  if (failed(verifyAutoPad(*this, getAutoPad())))
    return failure();
  if (!isNoneValue(getB()) && failed(verifyRank(*this, getB(), "B", 1)))
    return failure();
  return verifyConvOperands(*this, getX(), getW(),
                            static_cast<int64_t>(getGroup()), false);
}

LogicalResult ConvTransposeOp::verify() {
  if (failed(verifyAutoPad(*this, getAutoPad())))
    return failure();
  return verifyConvOperands(*this, getX(), getW(),
                            static_cast<int64_t>(getGroup()), true);
}

LogicalResult QLinearConvOp::verify() {
  if (failed(verifyAutoPad(*this, getAutoPad())) ||
      failed(verifyZeroPoint(*this, getXZeroPoint(), elementOf(getX()),
                             "x_zero_point")) ||
      failed(verifyZeroPoint(*this, getWZeroPoint(), elementOf(getW()),
                             "w_zero_point")))
    return failure();
  return verifyConvOperands(*this, getX(), getW(),
                            static_cast<int64_t>(getGroup()), false);
}

namespace {
/// Pooling ops: a valid auto_pad and positive kernel sizes.
template <typename PoolOp>
LogicalResult verifyPool(PoolOp op) {
  if (failed(verifyAutoPad(op, op.getAutoPad())))
    return failure();
  for (Attribute size : op.getKernelShape())
    if (failed(verifyPositive(op, "kernel_shape",
                              llvm::cast<IntegerAttr>(size).getInt())))
      return failure();
  return success();
}
} // namespace

LogicalResult AveragePoolOp::verify() { return verifyPool(*this); }

LogicalResult MaxPoolOp::verify() { return verifyPool(*this); }

namespace {
LogicalResult verifyGlobalPool(Operation *op, Value x) {
  if (auto rank = rankOf(x); rank && *rank < 3)
    return op->emitOpError() << "'X' has rank " << *rank
                             << ", expected at least 3";
  return success();
}
} // namespace

LogicalResult GlobalAveragePoolOp::verify() {
  return verifyGlobalPool(*this, getX());
}

LogicalResult GlobalMaxPoolOp::verify() {
  return verifyGlobalPool(*this, getX());
}

LogicalResult BatchNormalizationOp::verify() {
  for (auto [param, name] : {std::pair(getScale(), "scale"), std::pair(getB(), "B"),
                             std::pair(getInputMean(), "input_mean"),
                             std::pair(getInputVar(), "input_var")})
    if (failed(verifyChannelParam(*this, getX(), param, name)))
      return failure();
  return success();
}

LogicalResult InstanceNormalizationOp::verify() {
  if (failed(verifyChannelParam(*this, getInput(), getScale(), "scale")))
    return failure();
  return verifyChannelParam(*this, getInput(), getB(), "B");
}

LogicalResult LayerNormalizationOp::verify() {
  return verifyAxisInRange(*this, getX(), static_cast<int64_t>(getAxis()));
}

LogicalResult GemmOp::verify() {
  if (failed(verifyRank(*this, getA(), "A", 2)) ||
      failed(verifyRank(*this, getB(), "B", 2)))
    return failure();
  return verifySameElementType(*this, getA(), "A", getB(), "B");
}

LogicalResult MatMulOp::verify() {
  return verifySameElementType(*this, getA(), "A", getB(), "B");
}

LogicalResult MatMulIntegerOp::verify() {
  for (auto [value, name] : {std::pair(getA(), "A"), std::pair(getB(), "B")}) {
    Type element = elementOf(value);
    if (isKnown(element) && !element.isInteger(8))
      return emitOpError() << "'" << name << "' has element type " << element
                           << ", expected an 8-bit integer";
  }
  if (failed(verifyZeroPoint(*this, getAZeroPoint(), elementOf(getA()),
                             "a_zero_point")))
    return failure();
  return verifyZeroPoint(*this, getBZeroPoint(), elementOf(getB()),
                         "b_zero_point");
}

LogicalResult QLinearMatMulOp::verify() {
  if (failed(verifyZeroPoint(*this, getAZeroPoint(), elementOf(getA()),
                             "a_zero_point")))
    return failure();
  return verifyZeroPoint(*this, getBZeroPoint(), elementOf(getB()),
                         "b_zero_point");
}

LogicalResult QuantizeLinearOp::verify() {
  Type scale = elementOf(getYScale());
  if (isKnown(scale) && !llvm::isa<FloatType>(scale))
    return emitOpError() << "'y_scale' has element type " << scale
                         << ", expected a float type";
  if (auto rank = rankOf(getYScale()); rank && *rank > 1 && getBlockSize() == 0)
    return emitOpError() << "'y_scale' has rank " << *rank
                         << ", expected 0 (per tensor) or 1 (per axis)";
  return success();
}

LogicalResult DequantizeLinearOp::verify() {
  if (failed(verifyZeroPoint(*this, getXZeroPoint(), elementOf(getX()),
                             "x_zero_point")))
    return failure();
  if (auto rank = rankOf(getXScale()); rank && *rank > 1 && getBlockSize() == 0)
    return emitOpError() << "'x_scale' has rank " << *rank
                         << ", expected 0 (per tensor) or 1 (per axis)";
  return success();
}

LogicalResult LSTMOp::verify() {
  if (failed(verifyRank(*this, getW(), "W", 3)) ||
      failed(verifyRank(*this, getR(), "R", 3)))
    return failure();
  return verifyOneOf(*this, "direction", getDirection(),
                     {"forward", "reverse", "bidirectional"});
}

LogicalResult GRUOp::verify() {
  if (failed(verifyRank(*this, getW(), "W", 3)) ||
      failed(verifyRank(*this, getR(), "R", 3)))
    return failure();
  return verifyOneOf(*this, "direction", getDirection(),
                     {"forward", "reverse", "bidirectional"});
}

//===----------------------------------------------------------------------===//
// Control flow
//===----------------------------------------------------------------------===//

LogicalResult IfOp::verify() {
  if (auto count = llvm::cast<TensorType>(getCond().getType());
      count.hasStaticShape() && count.getNumElements() != 1)
    return emitOpError() << "'cond' has " << count.getNumElements()
                         << " elements, expected 1";
  for (auto [region, name] : {std::pair(&getThenBranch(), "then_branch"),
                              std::pair(&getElseBranch(), "else_branch")}) {
    if (failed(verifyRegionYields(*this, *region, getNumResults(), name)))
      return failure();
    Operation *yield = region->front().getTerminator();
    for (auto [index, pair] :
         llvm::enumerate(llvm::zip(yield->getOperands(), getResultTypes())))
      if (failed(verifyYieldedType(*this, std::get<0>(pair), std::get<1>(pair),
                                   (StringRef(name) + " output").str(), index)))
        return failure();
  }
  return success();
}

LogicalResult LoopOp::verify() {
  size_t carried = getVInitial().size();
  Block &body = getBody().front();
  if (body.getNumArguments() != carried + 2)
    return emitOpError() << "body has " << body.getNumArguments()
                         << " arguments, expected " << carried + 2
                         << " (iteration number, condition, carried values)";
  Operation *yield = body.getTerminator();
  if (!llvm::isa_and_nonnull<YieldOp>(yield))
    return emitOpError() << "body must end in onnx.yield";
  size_t expected = getNumResults() + 1;
  if (yield->getNumOperands() != expected)
    return emitOpError() << "body yields " << yield->getNumOperands()
                         << " values, expected " << expected
                         << " (condition, carried values, scan outputs)";
  if (getNumResults() < carried)
    return emitOpError() << "has " << getNumResults()
                         << " results, expected at least " << carried;
  for (size_t i = 0; i < carried; ++i)
    if (failed(verifyYieldedType(*this, yield->getOperand(1 + i),
                                 getResult(i).getType(), "carried value", i)))
      return failure();
  return success();
}

#define GET_OP_CLASSES
#include "dialects/ONNX/ONNXOps.cpp.inc"
