//===- ONNXShapeInference.cpp - Shape inference of onnx ops ---------------===//
//
// inferReturnTypeComponents for every typed onnx op, following the shape
// rules of the ONNX specification. Results are as precise as the operands
// allow: unknown dimensions stay dynamic, unknown ranks unranked. Constant
// operands (shapes, axes, pads, sizes) are read from onnx.Constant.
//
// Inference emits an error (through the optional location) only when the
// operands contradict the operator's rules; it is quiet otherwise, so the
// same functions serve the verifier and shape refinement.
//
//===----------------------------------------------------------------------===//

#include "dialects/ONNX/ONNXOps.h"
#include "dialects/ONNX/ONNXTypeUtils.h"

#include "mlir/Dialect/Traits.h"
#include "llvm/ADT/StringExtras.h"

#include <cmath>

using namespace mlir;

namespace hwc::onnx {
namespace {

using Dims = SmallVector<int64_t>;
using Results = SmallVectorImpl<ShapedTypeComponents>;
constexpr int64_t kDyn = ShapedType::kDynamic;

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

/// The dimensions of `value` when it is a ranked tensor.
std::optional<Dims> rankedDims(Value value) {
  auto type = value ? llvm::dyn_cast<RankedTensorType>(value.getType())
                    : RankedTensorType();
  if (!type)
    return std::nullopt;
  return Dims(type.getShape());
}

/// The element type of a tensor value (null for none or non-tensors).
Type elementOf(Value value) {
  auto type = value ? llvm::dyn_cast<TensorType>(value.getType()) : TensorType();
  return type ? type.getElementType() : Type();
}

/// `axis` normalized into [0, rank), or nullopt when out of range.
std::optional<int64_t> normalizeAxis(int64_t axis, int64_t rank) {
  if (axis < -rank || axis >= rank)
    return std::nullopt;
  return axis < 0 ? axis + rank : axis;
}

SmallVector<int64_t> intsOf(std::optional<ArrayAttr> attr) {
  SmallVector<int64_t> values;
  if (!attr || !*attr)
    return values;
  for (Attribute element : attr->getValue())
    if (auto integer = llvm::dyn_cast<IntegerAttr>(element))
      values.push_back(integer.getInt());
  return values;
}

SmallVector<int64_t> intsOf(ArrayAttr attr) {
  return intsOf(std::optional<ArrayAttr>(attr));
}

int64_t signedOf(uint64_t value) { return static_cast<int64_t>(value); }

LogicalResult sameAs(Value value, Results &results) {
  if (auto type = llvm::dyn_cast<ShapedType>(value.getType()))
    results.emplace_back(type);
  else
    results.emplace_back(Type());
  return success();
}

LogicalResult unranked(Type element, Results &results) {
  results.emplace_back(element);
  return success();
}

/// A result with `value`'s shape (unranked if it is) and `element`.
LogicalResult shapedLike(Value value, Type element, Results &results) {
  if (auto dims = rankedDims(value))
    results.emplace_back(*dims, element);
  else
    results.emplace_back(element);
  return success();
}

/// Numpy broadcasting of the shapes of `values`; unranked when any is.
LogicalResult broadcastAll(std::optional<Location> loc, ValueRange values,
                           Type element, Results &results) {
  Dims shape;
  for (Value value : values) {
    auto dims = rankedDims(value);
    if (!dims)
      return unranked(element, results);
    Dims merged;
    if (!OpTrait::util::getBroadcastedShape(shape, *dims, merged))
      return emitOptionalError(loc, "operand shapes are not broadcastable: [",
                               llvm::make_range(shape.begin(), shape.end()),
                               "] vs [", llvm::make_range(dims->begin(), dims->end()),
                               "]");
    shape = merged;
  }
  results.emplace_back(shape, element);
  return success();
}

int64_t product(ArrayRef<int64_t> dims) {
  int64_t result = 1;
  for (int64_t dim : dims) {
    if (dim == kDyn)
      return kDyn;
    result *= dim;
  }
  return result;
}

int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

/// Attributes shared by Conv, ConvTranspose, pooling and QLinearConv.
struct WindowAttrs {
  StringRef autoPad;
  SmallVector<int64_t> kernel, strides, dilations, pads;
  bool ceilMode = false;
};

/// Fills defaults for a window of `spatial` dimensions; fails on a length
/// mismatch.
LogicalResult completeWindow(std::optional<Location> loc, WindowAttrs &window,
                             size_t spatial) {
  if (window.kernel.size() != spatial)
    return emitOptionalError(loc, "kernel_shape has ", window.kernel.size(),
                             " values, expected ", spatial);
  if (window.strides.empty())
    window.strides.assign(spatial, 1);
  if (window.dilations.empty())
    window.dilations.assign(spatial, 1);
  if (window.pads.empty())
    window.pads.assign(2 * spatial, 0);
  if (window.strides.size() != spatial || window.dilations.size() != spatial ||
      window.pads.size() != 2 * spatial)
    return emitOptionalError(loc, "strides, dilations and pads must have ",
                             spatial, ", ", spatial, " and ", 2 * spatial,
                             " values");
  for (size_t i = 0; i < spatial; ++i)
    if (window.strides[i] <= 0 || window.dilations[i] <= 0)
      return emitOptionalError(loc, "strides and dilations must be positive");
  return success();
}

/// The output size of one spatial dimension of a sliding window.
int64_t windowOutput(const WindowAttrs &window, size_t i, int64_t in) {
  if (in == kDyn)
    return kDyn;
  int64_t stride = window.strides[i];
  int64_t extent = window.dilations[i] * (window.kernel[i] - 1) + 1;
  if (window.autoPad == "SAME_UPPER" || window.autoPad == "SAME_LOWER")
    return ceilDiv(in, stride);
  int64_t padded = in;
  if (window.autoPad != "VALID")
    padded += window.pads[i] + window.pads[i + window.kernel.size()];
  if (padded < extent)
    return 0;
  if (window.ceilMode)
    return ceilDiv(padded - extent, stride) + 1;
  return (padded - extent) / stride + 1;
}

/// Infers N x channels x spatial... for a sliding-window op over `x`.
LogicalResult inferWindow(std::optional<Location> loc, Value x,
                          WindowAttrs window, int64_t channels, Type element,
                          Results &results) {
  auto dims = rankedDims(x);
  if (!dims)
    return unranked(element, results);
  if (dims->size() < 3)
    return emitOptionalError(loc, "input must have rank >= 3 (N x C x D1...), got ",
                             dims->size());
  size_t spatial = dims->size() - 2;
  if (window.kernel.empty())
    return emitOptionalError(loc, "kernel shape is unknown");
  if (failed(completeWindow(loc, window, spatial)))
    return failure();
  Dims out = {(*dims)[0], channels};
  for (size_t i = 0; i < spatial; ++i)
    out.push_back(windowOutput(window, i, (*dims)[i + 2]));
  results.emplace_back(out, element);
  return success();
}

template <typename ConvLikeAdaptor>
WindowAttrs convWindow(ConvLikeAdaptor &adaptor, Value w) {
  WindowAttrs window;
  window.autoPad = adaptor.getAutoPad();
  window.kernel = intsOf(adaptor.getKernelShape());
  if (window.kernel.empty())
    if (auto wDims = rankedDims(w); wDims && wDims->size() >= 2)
      window.kernel.assign(wDims->begin() + 2, wDims->end());
  window.strides = intsOf(adaptor.getStrides());
  window.dilations = intsOf(adaptor.getDilations());
  window.pads = intsOf(adaptor.getPads());
  return window;
}

/// Output channels of a convolution: W's first dimension.
int64_t convChannels(Value w) {
  auto dims = rankedDims(w);
  return dims && !dims->empty() ? (*dims)[0] : kDyn;
}

/// Axes of a reduction, normalized and sorted, or nullopt when unknown.
std::optional<Dims> reductionAxes(std::optional<Location> loc, Value axes,
                                  int64_t rank, bool &invalid) {
  invalid = false;
  std::optional<Dims> values;
  if (isNoneValue(axes)) {
    values = Dims();
  } else {
    values = getConstantIntegers(axes);
    if (!values)
      return std::nullopt;
  }
  for (int64_t &axis : *values) {
    auto normalized = normalizeAxis(axis, rank);
    if (!normalized) {
      invalid = true;
      (void)emitOptionalError(loc, "axis ", axis, " is out of range for rank ",
                              rank);
      return std::nullopt;
    }
    axis = *normalized;
  }
  llvm::sort(*values);
  return values;
}

/// The shape of a matrix product of the trailing two dimensions, with
/// numpy batch broadcasting and 1-D promotion.
LogicalResult inferMatMul(std::optional<Location> loc, Value a, Value b,
                          Type element, Results &results) {
  auto aDims = rankedDims(a), bDims = rankedDims(b);
  if (!aDims || !bDims)
    return unranked(element, results);
  if (aDims->empty() || bDims->empty())
    return emitOptionalError(loc, "matmul operands must have rank >= 1");
  Dims lhs = *aDims, rhs = *bDims;
  bool squeezeRows = lhs.size() == 1, squeezeCols = rhs.size() == 1;
  if (squeezeRows)
    lhs.insert(lhs.begin(), 1);
  if (squeezeCols)
    rhs.push_back(1);
  int64_t k1 = lhs.back(), k2 = rhs[rhs.size() - 2];
  if (k1 != kDyn && k2 != kDyn && k1 != k2)
    return emitOptionalError(loc, "inner dimensions differ: ", k1, " vs ", k2);
  Dims batch;
  if (!OpTrait::util::getBroadcastedShape(ArrayRef(lhs).drop_back(2),
                                          ArrayRef(rhs).drop_back(2), batch))
    return emitOptionalError(loc, "batch dimensions are not broadcastable");
  if (!squeezeRows)
    batch.push_back(lhs[lhs.size() - 2]);
  if (!squeezeCols)
    batch.push_back(rhs.back());
  results.emplace_back(batch, element);
  return success();
}

/// Recurrent layers: Y [seq, dirs, batch, hidden], Y_h/Y_c [dirs, batch,
/// hidden] (layout 0), or the batch-first permutation (layout 1).
LogicalResult inferRecurrent(std::optional<Location> loc, Value x, Value w,
                             StringRef direction,
                             std::optional<uint64_t> hiddenSize,
                             int64_t layout, unsigned numStates,
                             Results &results) {
  Type element = elementOf(x);
  int64_t dirs = direction == "bidirectional" ? 2 : 1;
  if (direction != "forward" && direction != "reverse" &&
      direction != "bidirectional")
    return emitOptionalError(loc, "direction must be forward, reverse or "
                             "bidirectional, got '", direction, "'");
  int64_t hidden = hiddenSize ? signedOf(*hiddenSize) : kDyn;
  if (hidden == kDyn)
    if (auto wDims = rankedDims(w); wDims && wDims->size() == 3 &&
                                    (*wDims)[1] != kDyn)
      hidden = (*wDims)[1] / (numStates == 2 ? 4 : 3);
  auto xDims = rankedDims(x);
  if (xDims && xDims->size() != 3)
    return emitOptionalError(loc, "X must have rank 3, got ", xDims->size());
  int64_t seq = xDims ? (*xDims)[layout ? 1 : 0] : kDyn;
  int64_t batch = xDims ? (*xDims)[layout ? 0 : 1] : kDyn;
  Dims y = layout ? Dims{batch, seq, dirs, hidden} : Dims{seq, dirs, batch, hidden};
  Dims state = layout ? Dims{batch, dirs, hidden} : Dims{dirs, batch, hidden};
  results.emplace_back(y, element);
  for (unsigned i = 1; i < numStates + 1; ++i)
    results.emplace_back(state, element);
  return success();
}

} // namespace

//===----------------------------------------------------------------------===//
// Verification against inference
//===----------------------------------------------------------------------===//

namespace {
/// Whether `declared` can hold what inference computed.
bool isCompatible(Type declared, const ShapedTypeComponents &inferred) {
  auto tensor = llvm::dyn_cast<TensorType>(declared);
  if (!tensor)
    return true;
  Type element = inferred.getElementType();
  if (element && !llvm::isa<UnknownType>(element) &&
      !llvm::isa<UnknownType>(tensor.getElementType()) &&
      element != tensor.getElementType())
    return false;
  if (!inferred.hasRank() || !tensor.hasRank())
    return true;
  ArrayRef<int64_t> dims = inferred.getDims();
  if (static_cast<int64_t>(dims.size()) != tensor.getRank())
    return false;
  for (auto [want, have] : llvm::zip(dims, tensor.getShape()))
    if (want != kDyn && have != kDyn && want != have)
      return false;
  return true;
}

std::string describe(const ShapedTypeComponents &inferred) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "tensor<";
  if (!inferred.hasRank()) {
    os << "*x";
  } else {
    for (int64_t dim : inferred.getDims()) {
      if (dim == kDyn)
        os << "?";
      else
        os << dim;
      os << "x";
    }
  }
  if (inferred.getElementType())
    os << inferred.getElementType();
  else
    os << "?";
  os << ">";
  return os.str();
}
} // namespace

LogicalResult verifyInferredTypesCompatible(Operation *op) {
  auto inference = llvm::dyn_cast<InferShapedTypeOpInterface>(op);
  if (!inference)
    return success();
  SmallVector<ShapedTypeComponents> inferred;
  if (failed(inference.inferReturnTypeComponents(
          op->getContext(), op->getLoc(), op->getOperands(),
          op->getAttrDictionary(), op->getPropertiesStorage(),
          op->getRegions(), inferred)))
    return failure();
  for (auto [index, result] : llvm::enumerate(op->getResults())) {
    if (index >= inferred.size())
      break;
    if (!isCompatible(result.getType(), inferred[index]))
      return op->emitOpError("result ")
             << index << " has type " << result.getType()
             << ", but its operands imply " << describe(inferred[index]);
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Refinement
//===----------------------------------------------------------------------===//

namespace {
/// Merges what an op's inference knows into a result type from the model:
/// static dimensions and element types fill in unknown ones.
Type mergeTypes(Type declared, const ShapedTypeComponents &inferred) {
  auto tensor = llvm::dyn_cast<TensorType>(declared);
  if (!tensor)
    return declared;
  Type element = tensor.getElementType();
  if (llvm::isa<UnknownType>(element) && inferred.getElementType())
    element = inferred.getElementType();
  if (!inferred.hasRank()) {
    return tensor.hasRank()
               ? Type(RankedTensorType::get(tensor.getShape(), element))
               : Type(UnrankedTensorType::get(element));
  }
  if (!tensor.hasRank())
    return RankedTensorType::get(inferred.getDims(), element);
  if (tensor.getRank() != static_cast<int64_t>(inferred.getDims().size()))
    return RankedTensorType::get(tensor.getShape(), element); // verifier reports
  SmallVector<int64_t> dims(tensor.getShape());
  for (auto [dim, fact] : llvm::zip(dims, inferred.getDims()))
    if (ShapedType::isDynamic(dim))
      dim = fact;
  return RankedTensorType::get(dims, element);
}

/// Shapes of the experimental ops of opsets 1-9 that old exports still
/// carry (kept as onnx.custom, executed by the runtime's legacy kernels):
/// without them a whole model after an ImageScaler stays dynamic.
LogicalResult inferLegacyOp(CustomOp op, SmallVectorImpl<ShapedTypeComponents> &inferred) {
  if (!op.getDomain().empty() || op.getNumOperands() != 1 || op->getNumResults() != 1)
    return failure();
  auto input = llvm::dyn_cast<RankedTensorType>(op.getInputs()[0].getType());
  if (!input)
    return failure();
  StringRef type = op.getOpType();
  if (type == "ImageScaler" || type == "Affine" || type == "ScaledTanh") {
    inferred.emplace_back(input.getShape(), input.getElementType());
    return success();
  }
  if (type != "Crop" || input.getRank() != 4)
    return failure();
  auto ints = [&](StringRef name) {
    SmallVector<int64_t> values;
    if (auto array = op.getNodeAttributes().getAs<ArrayAttr>(name))
      for (Attribute element : array)
        if (auto integer = llvm::dyn_cast<IntegerAttr>(element))
          values.push_back(integer.getInt());
    return values;
  };
  SmallVector<int64_t> border = ints("border"), scale = ints("scale");
  if (border.size() != 4)
    return failure();
  Dims dims(input.getShape());
  auto cropped = [](int64_t size, int64_t cut) {
    return ShapedType::isDynamic(size) ? size : size - cut;
  };
  dims[2] = scale.size() == 2 ? scale[0] : cropped(dims[2], border[1] + border[3]);
  dims[3] = scale.size() == 2 ? scale[1] : cropped(dims[3], border[0] + border[2]);
  if (llvm::any_of(dims, [](int64_t dim) { return !ShapedType::isDynamic(dim) && dim < 0; }))
    return failure(); // the runtime names the crop window that does not fit
  inferred.emplace_back(dims, input.getElementType());
  return success();
}

LogicalResult inferResultTypes(Operation *op, SmallVectorImpl<ShapedTypeComponents> &inferred) {
  if (auto custom = llvm::dyn_cast<CustomOp>(op))
    return inferLegacyOp(custom, inferred);
  auto inference = llvm::dyn_cast<InferShapedTypeOpInterface>(op);
  if (!inference)
    return failure();
  return inference.inferReturnTypeComponents(op->getContext(), std::nullopt, op->getOperands(),
                                             op->getAttrDictionary(),
                                             op->getPropertiesStorage(), op->getRegions(),
                                             inferred);
}

} // namespace

bool refineResultTypes(Operation *op) {
  SmallVector<ShapedTypeComponents> inferred;
  if (failed(inferResultTypes(op, inferred)))
    return false; // Unknown op, or the verifier reports the problem with a location.
  bool changed = false;
  for (auto [result, components] : llvm::zip(op->getResults(), inferred)) {
    if (llvm::isa<NoneType>(result.getType()))
      continue;
    Type refined = mergeTypes(result.getType(), components);
    changed |= refined != result.getType();
    result.setType(refined);
  }
  return changed;
}


//===----------------------------------------------------------------------===//
// Ops whose result is shaped like their first operand
//===----------------------------------------------------------------------===//

#define HWC_SAME_AS_FIRST(OP)                                                  \
  LogicalResult OP::inferReturnTypeComponents(                                 \
      MLIRContext *, std::optional<Location>, OP::Adaptor adaptor,             \
      Results &results) {                                                      \
    return sameAs(adaptor.getOperands()[0], results);                          \
  }

HWC_SAME_AS_FIRST(AbsOp)
HWC_SAME_AS_FIRST(CeilOp)
HWC_SAME_AS_FIRST(CosOp)
HWC_SAME_AS_FIRST(ErfOp)
HWC_SAME_AS_FIRST(ExpOp)
HWC_SAME_AS_FIRST(FloorOp)
HWC_SAME_AS_FIRST(HardSwishOp)
HWC_SAME_AS_FIRST(IdentityOp)
HWC_SAME_AS_FIRST(LogOp)
HWC_SAME_AS_FIRST(NegOp)
HWC_SAME_AS_FIRST(NotOp)
HWC_SAME_AS_FIRST(ReciprocalOp)
HWC_SAME_AS_FIRST(ReluOp)
HWC_SAME_AS_FIRST(SigmoidOp)
HWC_SAME_AS_FIRST(SignOp)
HWC_SAME_AS_FIRST(SinOp)
HWC_SAME_AS_FIRST(SoftplusOp)
HWC_SAME_AS_FIRST(SqrtOp)
HWC_SAME_AS_FIRST(TanhOp)
HWC_SAME_AS_FIRST(EluOp)
HWC_SAME_AS_FIRST(HardSigmoidOp)
HWC_SAME_AS_FIRST(LeakyReluOp)
HWC_SAME_AS_FIRST(SoftmaxOp)
HWC_SAME_AS_FIRST(LRNOp)
HWC_SAME_AS_FIRST(ClipOp)
HWC_SAME_AS_FIRST(ScatterNDOp)
HWC_SAME_AS_FIRST(InstanceNormalizationOp)
#undef HWC_SAME_AS_FIRST

LogicalResult DropoutOp::inferReturnTypeComponents(
    MLIRContext *ctx, std::optional<Location>, Adaptor adaptor,
    Results &results) {
  (void)sameAs(adaptor.getData(), results);
  auto dims = rankedDims(adaptor.getData());
  Type i1 = IntegerType::get(ctx, 1);
  if (dims)
    results.emplace_back(*dims, i1);
  else
    results.emplace_back(i1);
  return success();
}

LogicalResult CastOp::inferReturnTypeComponents(
    MLIRContext *ctx, std::optional<Location> loc, Adaptor adaptor,
    Results &results) {
  Type element = elementTypeForOnnxDtype(ctx, signedOf(adaptor.getTo()));
  if (!element)
    return emitOptionalError(loc, "'to' = ", signedOf(adaptor.getTo()),
                             " is not an ONNX data type");
  return shapedLike(adaptor.getInput(), element, results);
}

LogicalResult ConstantOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location>, Adaptor adaptor,
    Results &results) {
  results.emplace_back(llvm::cast<ShapedType>(adaptor.getValue().getType()));
  return success();
}

//===----------------------------------------------------------------------===//
// Broadcasting ops
//===----------------------------------------------------------------------===//

#define HWC_BROADCAST_BINARY(OP, RESULT_ELEMENT)                               \
  LogicalResult OP::inferReturnTypeComponents(                                 \
      MLIRContext *ctx, std::optional<Location> loc, OP::Adaptor adaptor,      \
      Results &results) {                                                      \
    ValueRange operands = adaptor.getOperands();                               \
    Value lhs = operands.empty() ? Value() : operands.front();                 \
    (void)ctx;                                                                 \
    (void)lhs;                                                                 \
    return broadcastAll(loc, adaptor.getOperands(), RESULT_ELEMENT, results);  \
  }

HWC_BROADCAST_BINARY(AddOp, elementOf(lhs))
HWC_BROADCAST_BINARY(SubOp, elementOf(lhs))
HWC_BROADCAST_BINARY(MulOp, elementOf(lhs))
HWC_BROADCAST_BINARY(DivOp, elementOf(lhs))
HWC_BROADCAST_BINARY(ModOp, elementOf(lhs))
HWC_BROADCAST_BINARY(PowOp, elementOf(lhs))
HWC_BROADCAST_BINARY(AndOp, elementOf(lhs))
HWC_BROADCAST_BINARY(OrOp, elementOf(lhs))
HWC_BROADCAST_BINARY(XorOp, elementOf(lhs))
HWC_BROADCAST_BINARY(EqualOp, IntegerType::get(ctx, 1))
HWC_BROADCAST_BINARY(GreaterOp, IntegerType::get(ctx, 1))
HWC_BROADCAST_BINARY(GreaterOrEqualOp, IntegerType::get(ctx, 1))
HWC_BROADCAST_BINARY(LessOp, IntegerType::get(ctx, 1))
HWC_BROADCAST_BINARY(LessOrEqualOp, IntegerType::get(ctx, 1))
HWC_BROADCAST_BINARY(MaxOp, elementOf(lhs))
HWC_BROADCAST_BINARY(MinOp, elementOf(lhs))
HWC_BROADCAST_BINARY(MeanOp, elementOf(lhs))
HWC_BROADCAST_BINARY(SumOp, elementOf(lhs))
#undef HWC_BROADCAST_BINARY

LogicalResult PReluOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    Results &results) {
  auto x = rankedDims(adaptor.getX()), slope = rankedDims(adaptor.getSlope());
  if (x && slope) {
    Dims merged;
    if (!OpTrait::util::getBroadcastedShape(*x, *slope, merged) ||
        merged.size() != x->size())
      return emitOptionalError(loc, "slope does not broadcast to X");
  }
  return sameAs(adaptor.getX(), results);
}

LogicalResult WhereOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    Results &results) {
  return broadcastAll(loc, adaptor.getOperands(), elementOf(adaptor.getX()),
                      results);
}

//===----------------------------------------------------------------------===//
// Shape manipulation
//===----------------------------------------------------------------------===//

LogicalResult ConstantOfShapeOp::inferReturnTypeComponents(
    MLIRContext *ctx, std::optional<Location> loc, Adaptor adaptor,
    Results &results) {
  Type element = Float32Type::get(ctx);
  if (auto value = adaptor.getValueAttr())
    element = value.getElementType();
  if (auto shape = getConstantIntegers(adaptor.getInput())) {
    for (int64_t dim : *shape)
      if (dim < 0)
        return emitOptionalError(loc, "shape has a negative dimension ", dim);
    results.emplace_back(*shape, element);
    return success();
  }
  auto dims = rankedDims(adaptor.getInput());
  if (dims && dims->size() == 1 && (*dims)[0] != kDyn) {
    results.emplace_back(Dims((*dims)[0], kDyn), element);
    return success();
  }
  return unranked(element, results);
}

LogicalResult ShapeOp::inferReturnTypeComponents(
    MLIRContext *ctx, std::optional<Location>, Adaptor adaptor,
    Results &results) {
  Type i64 = IntegerType::get(ctx, 64);
  auto dims = rankedDims(adaptor.getData());
  if (!dims) {
    results.emplace_back(Dims{kDyn}, i64);
    return success();
  }
  int64_t rank = dims->size();
  auto clamp = [rank](int64_t index) {
    if (index < 0)
      index += rank;
    return std::clamp<int64_t>(index, 0, rank);
  };
  int64_t start = clamp(signedOf(adaptor.getStart()));
  int64_t end = adaptor.getEnd() ? clamp(signedOf(*adaptor.getEnd())) : rank;
  results.emplace_back(Dims{std::max<int64_t>(end - start, 0)}, i64);
  return success();
}

LogicalResult ReshapeOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    Results &results) {
  Type element = elementOf(adaptor.getData());
  auto target = getConstantIntegers(adaptor.getShape());
  if (!target) {
    auto shapeDims = rankedDims(adaptor.getShape());
    if (shapeDims && shapeDims->size() == 1 && (*shapeDims)[0] != kDyn) {
      results.emplace_back(Dims((*shapeDims)[0], kDyn), element);
      return success();
    }
    return unranked(element, results);
  }
  auto input = rankedDims(adaptor.getData());
  Dims out;
  int64_t inferredIndex = -1;
  for (auto [index, dim] : llvm::enumerate(*target)) {
    if (dim == -1) {
      if (inferredIndex >= 0)
        return emitOptionalError(loc, "shape has more than one -1");
      inferredIndex = index;
      out.push_back(kDyn);
    } else if (dim == 0 && !adaptor.getAllowzero()) {
      if (input && index >= input->size())
        return emitOptionalError(loc, "shape copies dimension ", index,
                                 " (0), but the input has rank ", input->size());
      out.push_back(input ? (*input)[index] : kDyn);
    } else if (dim < 0) {
      return emitOptionalError(loc, "shape has invalid dimension ", dim);
    } else {
      out.push_back(dim);
    }
  }
  if (inferredIndex >= 0 && input) {
    int64_t total = product(*input);
    Dims known = out;
    known.erase(known.begin() + inferredIndex);
    int64_t rest = product(known);
    if (total != kDyn && rest != kDyn && rest != 0) {
      if (total % rest != 0)
        return emitOptionalError(loc, "cannot reshape ", total,
                                 " elements with a -1 over ", rest);
      out[inferredIndex] = total / rest;
    }
  }
  if (input && inferredIndex < 0) {
    int64_t total = product(*input), want = product(out);
    if (total != kDyn && want != kDyn && total != want)
      return emitOptionalError(loc, "cannot reshape ", total, " elements into ",
                               want);
  }
  results.emplace_back(out, element);
  return success();
}

LogicalResult FlattenOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    Results &results) {
  Type element = elementOf(adaptor.getInput());
  auto dims = rankedDims(adaptor.getInput());
  if (!dims)
    return results.emplace_back(Dims{kDyn, kDyn}, element), success();
  int64_t rank = dims->size();
  int64_t axis = signedOf(adaptor.getAxis());
  if (axis < -rank || axis > rank)
    return emitOptionalError(loc, "axis ", axis, " is out of range for rank ",
                             rank);
  if (axis < 0)
    axis += rank;
  results.emplace_back(Dims{product(ArrayRef(*dims).take_front(axis)),
                            product(ArrayRef(*dims).drop_front(axis))},
                       element);
  return success();
}

LogicalResult TransposeOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    Results &results) {
  Type element = elementOf(adaptor.getData());
  auto dims = rankedDims(adaptor.getData());
  if (!dims)
    return unranked(element, results);
  SmallVector<int64_t> perm = intsOf(adaptor.getPerm());
  int64_t rank = dims->size();
  if (perm.empty())
    for (int64_t i = rank - 1; i >= 0; --i)
      perm.push_back(i);
  if (static_cast<int64_t>(perm.size()) != rank)
    return emitOptionalError(loc, "perm has ", perm.size(),
                             " entries, expected ", rank);
  Dims out;
  for (int64_t axis : perm) {
    if (axis < 0 || axis >= rank)
      return emitOptionalError(loc, "perm entry ", axis, " is out of range");
    out.push_back((*dims)[axis]);
  }
  results.emplace_back(out, element);
  return success();
}

LogicalResult ConcatOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    Results &results) {
  ValueRange inputs = adaptor.getInputs();
  Type element = inputs.empty() ? Type() : elementOf(inputs.front());
  std::optional<Dims> out;
  int64_t axis = signedOf(adaptor.getAxis());
  for (Value input : inputs) {
    auto dims = rankedDims(input);
    if (!dims)
      continue;
    auto normalized = normalizeAxis(axis, dims->size());
    if (!normalized)
      return emitOptionalError(loc, "axis ", axis, " is out of range for rank ",
                               dims->size());
    if (!out) {
      out = *dims;
      continue;
    }
    if (out->size() != dims->size())
      return emitOptionalError(loc, "inputs have different ranks: ",
                               out->size(), " and ", dims->size());
    for (size_t i = 0; i < dims->size(); ++i) {
      int64_t &acc = (*out)[i];
      int64_t dim = (*dims)[i];
      if (static_cast<int64_t>(i) == *normalized) {
        acc = (acc == kDyn || dim == kDyn) ? kDyn : acc + dim;
      } else if (acc == kDyn) {
        acc = dim;
      } else if (dim != kDyn && dim != acc) {
        return emitOptionalError(loc, "inputs differ in dimension ", i, ": ",
                                 acc, " vs ", dim);
      }
    }
  }
  bool allRanked = llvm::all_of(inputs, [](Value v) { return rankedDims(v); });
  if (!out)
    return unranked(element, results);
  if (!allRanked)
    (*out)[*normalizeAxis(axis, out->size())] = kDyn;
  results.emplace_back(*out, element);
  return success();
}

LogicalResult GatherOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    Results &results) {
  Type element = elementOf(adaptor.getData());
  auto data = rankedDims(adaptor.getData());
  auto indices = rankedDims(adaptor.getIndices());
  if (!data || !indices)
    return unranked(element, results);
  auto axis = normalizeAxis(signedOf(adaptor.getAxis()), data->size());
  if (!axis)
    return emitOptionalError(loc, "axis ", signedOf(adaptor.getAxis()),
                             " is out of range for rank ", data->size());
  Dims out(data->begin(), data->begin() + *axis);
  out.append(indices->begin(), indices->end());
  out.append(data->begin() + *axis + 1, data->end());
  results.emplace_back(out, element);
  return success();
}

LogicalResult GatherElementsOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location>, Adaptor adaptor,
    Results &results) {
  Type element = elementOf(adaptor.getData());
  return shapedLike(adaptor.getIndices(), element, results);
}

LogicalResult ExpandOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    Results &results) {
  Type element = elementOf(adaptor.getInput());
  auto input = rankedDims(adaptor.getInput());
  auto shape = getConstantIntegers(adaptor.getShape());
  if (!input)
    return unranked(element, results);
  if (!shape) {
    auto shapeDims = rankedDims(adaptor.getShape());
    if (shapeDims && shapeDims->size() == 1 && (*shapeDims)[0] != kDyn) {
      int64_t rank = std::max<int64_t>((*shapeDims)[0], input->size());
      results.emplace_back(Dims(rank, kDyn), element);
      return success();
    }
    return unranked(element, results);
  }
  Dims out;
  if (!OpTrait::util::getBroadcastedShape(*input, *shape, out))
    return emitOptionalError(loc, "input does not broadcast to the shape");
  results.emplace_back(out, element);
  return success();
}

LogicalResult SqueezeOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    Results &results) {
  Type element = elementOf(adaptor.getData());
  auto dims = rankedDims(adaptor.getData());
  if (!dims)
    return unranked(element, results);
  bool invalid;
  auto axes = reductionAxes(loc, adaptor.getAxes(), dims->size(), invalid);
  if (invalid)
    return failure();
  if (!axes)
    return unranked(element, results);
  Dims out;
  for (auto [index, dim] : llvm::enumerate(*dims)) {
    bool listed = llvm::is_contained(*axes, static_cast<int64_t>(index));
    if (axes->empty() && dim == kDyn)
      return unranked(element, results);
    if (listed && dim != 1 && dim != kDyn)
      return emitOptionalError(loc, "cannot squeeze dimension ", index,
                               " of size ", dim);
    if (listed || (axes->empty() && dim == 1))
      continue;
    out.push_back(dim);
  }
  results.emplace_back(out, element);
  return success();
}

LogicalResult UnsqueezeOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    Results &results) {
  Type element = elementOf(adaptor.getData());
  auto dims = rankedDims(adaptor.getData());
  auto axes = getConstantIntegers(adaptor.getAxes());
  if (!dims || !axes)
    return unranked(element, results);
  int64_t rank = dims->size() + axes->size();
  Dims out(rank, 0);
  SmallVector<bool> inserted(rank, false);
  for (int64_t axis : *axes) {
    auto normalized = normalizeAxis(axis, rank);
    if (!normalized || inserted[*normalized])
      return emitOptionalError(loc, "axes entry ", axis,
                               " is out of range or repeated for output rank ",
                               rank);
    inserted[*normalized] = true;
  }
  auto next = dims->begin();
  for (int64_t i = 0; i < rank; ++i)
    out[i] = inserted[i] ? 1 : *next++;
  results.emplace_back(out, element);
  return success();
}

LogicalResult SliceOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    Results &results) {
  Type element = elementOf(adaptor.getData());
  auto dims = rankedDims(adaptor.getData());
  if (!dims)
    return unranked(element, results);
  int64_t rank = dims->size();
  auto starts = getConstantIntegers(adaptor.getStarts());
  auto ends = getConstantIntegers(adaptor.getEnds());
  std::optional<Dims> axes = isNoneValue(adaptor.getAxes())
                                 ? std::optional<Dims>(Dims())
                                 : getConstantIntegers(adaptor.getAxes());
  std::optional<Dims> steps = isNoneValue(adaptor.getSteps())
                                  ? std::optional<Dims>(Dims())
                                  : getConstantIntegers(adaptor.getSteps());
  if (!starts || !ends || !axes || !steps) {
    // Unknown bounds: only the sliced axes become dynamic, but without
    // constant axes we cannot tell which.
    Dims out = *dims;
    auto knownAxes = axes && !axes->empty() ? axes : std::nullopt;
    for (int64_t i = 0; i < rank; ++i)
      if (!knownAxes || llvm::is_contained(*knownAxes, i) ||
          llvm::is_contained(*knownAxes, i - rank))
        out[i] = kDyn;
    results.emplace_back(out, element);
    return success();
  }
  if (axes->empty())
    for (size_t i = 0; i < starts->size(); ++i)
      axes->push_back(i);
  if (steps->empty())
    steps->assign(starts->size(), 1);
  if (starts->size() != ends->size() || starts->size() != axes->size() ||
      starts->size() != steps->size())
    return emitOptionalError(loc, "starts, ends, axes and steps differ in length");
  Dims out = *dims;
  for (size_t i = 0; i < axes->size(); ++i) {
    auto axis = normalizeAxis((*axes)[i], rank);
    if (!axis)
      return emitOptionalError(loc, "axis ", (*axes)[i],
                               " is out of range for rank ", rank);
    int64_t step = (*steps)[i];
    if (step == 0)
      return emitOptionalError(loc, "slice step is 0");
    int64_t size = (*dims)[*axis];
    if (size == kDyn) {
      out[*axis] = kDyn;
      continue;
    }
    auto clampIndex = [&](int64_t index, bool isEnd) {
      if (index < 0)
        index += size;
      if (step > 0)
        return std::clamp<int64_t>(index, 0, size);
      return std::clamp<int64_t>(index, -1, size - 1);
      (void)isEnd;
    };
    int64_t start = clampIndex((*starts)[i], false);
    int64_t end = clampIndex((*ends)[i], true);
    int64_t count = step > 0 ? ceilDiv(std::max<int64_t>(end - start, 0), step)
                             : ceilDiv(std::max<int64_t>(start - end, 0), -step);
    out[*axis] = count;
  }
  results.emplace_back(out, element);
  return success();
}

LogicalResult SplitOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    Results &results) {
  // The number of results is not visible to an adaptor-based inference, so
  // it is taken from num_outputs or the split sizes; without either the
  // verifier checks the declared types instead.
  Type element = elementOf(adaptor.getInput());
  auto dims = rankedDims(adaptor.getInput());
  std::optional<Dims> sizes;
  if (!isNoneValue(adaptor.getSplit()))
    sizes = getConstantIntegers(adaptor.getSplit());
  if (!dims) {
    size_t count = sizes ? sizes->size()
                         : adaptor.getNumOutputs().value_or(0);
    for (size_t i = 0; i < count; ++i)
      results.emplace_back(element);
    return success();
  }
  auto axis = normalizeAxis(signedOf(adaptor.getAxis()), dims->size());
  if (!axis)
    return emitOptionalError(loc, "axis ", signedOf(adaptor.getAxis()),
                             " is out of range for rank ", dims->size());
  int64_t total = (*dims)[*axis];
  if (!sizes && adaptor.getNumOutputs()) {
    int64_t parts = signedOf(*adaptor.getNumOutputs());
    if (parts <= 0)
      return emitOptionalError(loc, "num_outputs must be positive");
    sizes = Dims();
    for (int64_t i = 0; i < parts; ++i) {
      if (total == kDyn) {
        sizes->push_back(kDyn);
        continue;
      }
      int64_t chunk = ceilDiv(total, parts);
      sizes->push_back(std::max<int64_t>(
          0, std::min<int64_t>(chunk, total - i * chunk)));
    }
  }
  if (!sizes)
    return success();
  for (int64_t size : *sizes)
    if (size < 0 && size != kDyn)
      return emitOptionalError(loc, "split has negative size ", size);
  if (total != kDyn && product(*sizes) != kDyn) {
    int64_t sum = 0;
    for (int64_t size : *sizes)
      sum += size;
    if (sum != total)
      return emitOptionalError(loc, "split sizes add up to ", sum,
                               ", but the axis has ", total);
  }
  for (int64_t size : *sizes) {
    Dims out = *dims;
    out[*axis] = size;
    results.emplace_back(out, element);
  }
  return success();
}

LogicalResult PadOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    Results &results) {
  Type element = elementOf(adaptor.getData());
  auto dims = rankedDims(adaptor.getData());
  if (!dims)
    return unranked(element, results);
  int64_t rank = dims->size();
  auto pads = getConstantIntegers(adaptor.getPads());
  std::optional<Dims> axes;
  if (isNoneValue(adaptor.getAxes())) {
    axes = Dims();
    for (int64_t i = 0; i < rank; ++i)
      axes->push_back(i);
  } else {
    axes = getConstantIntegers(adaptor.getAxes());
  }
  if (!pads || !axes) {
    results.emplace_back(Dims(rank, kDyn), element);
    return success();
  }
  size_t count = axes->size();
  if (pads->size() != 2 * count)
    return emitOptionalError(loc, "pads has ", pads->size(),
                             " values, expected ", 2 * count);
  Dims out = *dims;
  for (size_t i = 0; i < count; ++i) {
    auto axis = normalizeAxis((*axes)[i], rank);
    if (!axis)
      return emitOptionalError(loc, "axis ", (*axes)[i],
                               " is out of range for rank ", rank);
    if (out[*axis] == kDyn)
      continue;
    out[*axis] += (*pads)[i] + (*pads)[i + count];
    if (out[*axis] < 0)
      return emitOptionalError(loc, "padding makes dimension ", *axis,
                               " negative");
  }
  results.emplace_back(out, element);
  return success();
}

LogicalResult TileOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    Results &results) {
  Type element = elementOf(adaptor.getInput());
  auto dims = rankedDims(adaptor.getInput());
  if (!dims)
    return unranked(element, results);
  auto repeats = getConstantIntegers(adaptor.getRepeats());
  if (!repeats) {
    results.emplace_back(Dims(dims->size(), kDyn), element);
    return success();
  }
  if (repeats->size() != dims->size())
    return emitOptionalError(loc, "repeats has ", repeats->size(),
                             " values, expected ", dims->size());
  Dims out = *dims;
  for (size_t i = 0; i < out.size(); ++i) {
    if ((*repeats)[i] < 0)
      return emitOptionalError(loc, "repeats has negative value ",
                               (*repeats)[i], " at index ", i);
    if (out[i] != kDyn)
      out[i] *= (*repeats)[i];
  }
  results.emplace_back(out, element);
  return success();
}

LogicalResult RangeOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    Results &results) {
  Type element = elementOf(adaptor.getStart());
  std::optional<double> start, limit, delta;
  auto scalar = [](Value v) -> std::optional<double> {
    if (auto ints = getConstantIntegers(v); ints && ints->size() == 1)
      return static_cast<double>((*ints)[0]);
    if (auto floats = getConstantFloats(v); floats && floats->size() == 1)
      return (*floats)[0];
    return std::nullopt;
  };
  start = scalar(adaptor.getStart());
  limit = scalar(adaptor.getLimit());
  delta = scalar(adaptor.getDelta());
  if (!start || !limit || !delta) {
    results.emplace_back(Dims{kDyn}, element);
    return success();
  }
  if (*delta == 0)
    return emitOptionalError(loc, "delta is 0");
  double count = std::ceil((*limit - *start) / *delta);
  results.emplace_back(Dims{std::max<int64_t>(0, static_cast<int64_t>(count))},
                       element);
  return success();
}

LogicalResult DepthToSpaceOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    Results &results) {
  Type element = elementOf(adaptor.getInput());
  auto dims = rankedDims(adaptor.getInput());
  if (!dims)
    return unranked(element, results);
  int64_t block = signedOf(adaptor.getBlocksize());
  if (dims->size() != 4 || block <= 0)
    return emitOptionalError(loc, "expected a rank-4 input and a positive "
                             "blocksize");
  Dims out = *dims;
  if (out[1] != kDyn) {
    if (out[1] % (block * block) != 0)
      return emitOptionalError(loc, "channels (", out[1],
                               ") are not divisible by blocksize^2 (",
                               block * block, ")");
    out[1] /= block * block;
  }
  for (int i = 2; i < 4; ++i)
    if (out[i] != kDyn)
      out[i] *= block;
  results.emplace_back(out, element);
  return success();
}

LogicalResult SpaceToDepthOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    Results &results) {
  Type element = elementOf(adaptor.getInput());
  auto dims = rankedDims(adaptor.getInput());
  if (!dims)
    return unranked(element, results);
  int64_t block = signedOf(adaptor.getBlocksize());
  if (dims->size() != 4 || block <= 0)
    return emitOptionalError(loc, "expected a rank-4 input and a positive "
                             "blocksize");
  Dims out = *dims;
  if (out[1] != kDyn)
    out[1] *= block * block;
  for (int i = 2; i < 4; ++i) {
    if (out[i] == kDyn)
      continue;
    if (out[i] % block != 0)
      return emitOptionalError(loc, "spatial dimension ", out[i],
                               " is not divisible by blocksize ", block);
    out[i] /= block;
  }
  results.emplace_back(out, element);
  return success();
}

namespace {
/// Resize with keep_aspect_ratio_policy: one scale for all `axes`, the
/// smallest (not_larger) or largest (not_smaller) of sizes[i] / in[i];
/// each output is round(in * scale), rounding halves up as the spec does.
LogicalResult inferKeepAspectRatio(ArrayRef<int64_t> in, ArrayRef<int64_t> axes,
                                   ArrayRef<int64_t> sizes, bool notLarger,
                                   Type element, Results &results) {
  int64_t rank = in.size();
  Dims out(in.begin(), in.end());
  std::optional<double> scale;
  for (size_t i = 0; i < axes.size(); ++i) {
    int64_t size = in[*normalizeAxis(axes[i], rank)];
    if (size == kDyn || size == 0) {
      for (int64_t axis : axes)
        out[*normalizeAxis(axis, rank)] = kDyn;
      results.emplace_back(out, element);
      return success();
    }
    double ratio = static_cast<double>(sizes[i]) / static_cast<double>(size);
    if (!scale || (notLarger ? ratio < *scale : ratio > *scale))
      scale = ratio;
  }
  for (int64_t axis : axes) {
    int64_t &dim = out[*normalizeAxis(axis, rank)];
    dim = static_cast<int64_t>(std::floor(static_cast<double>(dim) * *scale + 0.5));
  }
  results.emplace_back(out, element);
  return success();
}

/// Output dims of Resize/Upsample from constant sizes or scales.
LogicalResult inferResample(std::optional<Location> loc, Value x,
                            Value scalesValue, Value sizesValue,
                            ArrayRef<int64_t> axesAttr,
                            StringRef keepAspectRatioPolicy, Results &results) {
  Type element = elementOf(x);
  auto dims = rankedDims(x);
  if (!dims)
    return unranked(element, results);
  int64_t rank = dims->size();
  Dims axes(axesAttr.begin(), axesAttr.end());
  if (axes.empty())
    for (int64_t i = 0; i < rank; ++i)
      axes.push_back(i);
  Dims out = *dims;
  if (!isNoneValue(sizesValue)) {
    auto sizes = getConstantIntegers(sizesValue);
    if (!sizes)
      return results.emplace_back(Dims(rank, kDyn), element), success();
    if (sizes->size() != axes.size())
      return emitOptionalError(loc, "sizes has ", sizes->size(),
                               " values, expected ", axes.size());
    for (size_t i = 0; i < axes.size(); ++i) {
      auto axis = normalizeAxis(axes[i], rank);
      if (!axis)
        return emitOptionalError(loc, "axis ", axes[i], " is out of range");
      if ((*sizes)[i] < 0)
        return emitOptionalError(loc, "sizes has negative value ", (*sizes)[i]);
      out[*axis] = (*sizes)[i];
    }
    if (keepAspectRatioPolicy == "not_larger" ||
        keepAspectRatioPolicy == "not_smaller")
      return inferKeepAspectRatio(*dims, axes, *sizes,
                                  keepAspectRatioPolicy == "not_larger",
                                  element, results);
    results.emplace_back(out, element);
    return success();
  }
  auto scales = getConstantFloats(scalesValue);
  if (!scales) {
    results.emplace_back(Dims(rank, kDyn), element);
    return success();
  }
  if (scales->empty()) // An empty scales input means sizes decides.
    return results.emplace_back(Dims(rank, kDyn), element), success();
  if (scales->size() != axes.size())
    return emitOptionalError(loc, "scales has ", scales->size(),
                             " values, expected ", axes.size());
  for (size_t i = 0; i < axes.size(); ++i) {
    auto axis = normalizeAxis(axes[i], rank);
    if (!axis)
      return emitOptionalError(loc, "axis ", axes[i], " is out of range");
    if (!((*scales)[i] > 0))
      return emitOptionalError(loc, "scales has non-positive value ",
                               (*scales)[i]);
    if (out[*axis] != kDyn)
      out[*axis] = static_cast<int64_t>(
          std::floor(static_cast<double>(out[*axis]) * (*scales)[i]));
  }
  results.emplace_back(out, element);
  return success();
}
} // namespace

LogicalResult ResizeOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    Results &results) {
  return inferResample(loc, adaptor.getX(), adaptor.getScales(),
                       adaptor.getSizes(), intsOf(adaptor.getAxes()),
                       adaptor.getKeepAspectRatioPolicy(), results);
}

LogicalResult UpsampleOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    Results &results) {
  return inferResample(loc, adaptor.getX(), adaptor.getScales(), Value(), {},
                       "stretch", results);
}

LogicalResult EinsumOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    Results &results) {
  ValueRange inputs = adaptor.getInputs();
  Type element = inputs.empty() ? Type() : elementOf(inputs.front());
  std::string equation = adaptor.getEquation().str();
  llvm::erase_if(equation, [](char c) { return c == ' '; });
  if (equation.find("...") != std::string::npos)
    return unranked(element, results);
  StringRef text(equation);
  auto [lhs, rhs] = text.split("->");
  SmallVector<StringRef> terms;
  lhs.split(terms, ',');
  if (terms.size() != inputs.size())
    return emitOptionalError(loc, "equation has ", terms.size(),
                             " input terms for ", inputs.size(), " inputs");
  llvm::DenseMap<char, int64_t> sizes;
  llvm::DenseMap<char, int> counts;
  for (auto [term, input] : llvm::zip(terms, inputs)) {
    auto dims = rankedDims(input);
    if (dims && dims->size() != term.size())
      return emitOptionalError(loc, "term '", term, "' has ", term.size(),
                               " letters for an input of rank ", dims->size());
    for (auto [index, letter] : llvm::enumerate(term)) {
      ++counts[letter];
      int64_t dim = dims ? (*dims)[index] : kDyn;
      auto [it, inserted] = sizes.try_emplace(letter, dim);
      if (!inserted && it->second == kDyn)
        it->second = dim;
      else if (!inserted && dim != kDyn && dim != 1 && it->second != 1 &&
               it->second != dim)
        return emitOptionalError(loc, "letter '", StringRef(&letter, 1),
                                 "' has sizes ", it->second, " and ", dim);
    }
  }
  std::string output;
  if (text.contains("->")) {
    output = rhs.str();
  } else {
    for (auto &entry : counts)
      if (entry.second == 1)
        output.push_back(entry.first);
    llvm::sort(output);
  }
  Dims out;
  for (char letter : output) {
    auto it = sizes.find(letter);
    if (it == sizes.end())
      return emitOptionalError(loc, "output letter '", StringRef(&letter, 1),
                               "' does not appear in any input");
    out.push_back(it->second);
  }
  results.emplace_back(out, element);
  return success();
}

LogicalResult TopKOp::inferReturnTypeComponents(
    MLIRContext *ctx, std::optional<Location> loc, Adaptor adaptor,
    Results &results) {
  Type element = elementOf(adaptor.getX());
  Type i64 = IntegerType::get(ctx, 64);
  auto dims = rankedDims(adaptor.getX());
  if (!dims) {
    results.emplace_back(element);
    results.emplace_back(i64);
    return success();
  }
  auto axis = normalizeAxis(signedOf(adaptor.getAxis()), dims->size());
  if (!axis)
    return emitOptionalError(loc, "axis ", signedOf(adaptor.getAxis()),
                             " is out of range for rank ", dims->size());
  Dims out = *dims;
  auto k = getConstantIntegers(adaptor.getK());
  out[*axis] = k && k->size() == 1 ? (*k)[0] : kDyn;
  results.emplace_back(out, element);
  results.emplace_back(out, i64);
  return success();
}

namespace {
LogicalResult inferArg(std::optional<Location> loc, Value data, int64_t axis,
                       bool keepdims, Results &results) {
  Type i64 = IntegerType::get(data.getContext(), 64);
  auto dims = rankedDims(data);
  if (!dims)
    return unranked(i64, results);
  auto normalized = normalizeAxis(axis, dims->size());
  if (!normalized)
    return emitOptionalError(loc, "axis ", axis, " is out of range for rank ",
                             dims->size());
  Dims out = *dims;
  if (keepdims)
    out[*normalized] = 1;
  else
    out.erase(out.begin() + *normalized);
  results.emplace_back(out, i64);
  return success();
}
} // namespace

LogicalResult ArgMaxOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    Results &results) {
  return inferArg(loc, adaptor.getData(), signedOf(adaptor.getAxis()),
                  adaptor.getKeepdims() != 0, results);
}

LogicalResult ArgMinOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    Results &results) {
  return inferArg(loc, adaptor.getData(), signedOf(adaptor.getAxis()),
                  adaptor.getKeepdims() != 0, results);
}

namespace {
template <typename ReduceAdaptor>
LogicalResult inferReduce(std::optional<Location> loc, ReduceAdaptor adaptor,
                          Results &results) {
  Type element = elementOf(adaptor.getData());
  auto dims = rankedDims(adaptor.getData());
  if (!dims)
    return unranked(element, results);
  bool invalid;
  auto axes = reductionAxes(loc, adaptor.getAxes(), dims->size(), invalid);
  if (invalid)
    return failure();
  bool keepdims = adaptor.getKeepdims() != 0;
  if (!axes) {
    if (keepdims)
      return results.emplace_back(Dims(dims->size(), kDyn), element), success();
    return unranked(element, results);
  }
  if (axes->empty() && adaptor.getNoopWithEmptyAxes())
    return sameAs(adaptor.getData(), results);
  Dims out;
  for (auto [index, dim] : llvm::enumerate(*dims)) {
    bool reduced = axes->empty() ||
                   llvm::is_contained(*axes, static_cast<int64_t>(index));
    if (!reduced)
      out.push_back(dim);
    else if (keepdims)
      out.push_back(1);
  }
  results.emplace_back(out, element);
  return success();
}
} // namespace

#define HWC_REDUCE(OP)                                                         \
  LogicalResult OP::inferReturnTypeComponents(                                 \
      MLIRContext *, std::optional<Location> loc, OP::Adaptor adaptor,         \
      Results &results) {                                                      \
    return inferReduce(loc, adaptor, results);                                 \
  }
HWC_REDUCE(ReduceL2Op)
HWC_REDUCE(ReduceMaxOp)
HWC_REDUCE(ReduceMeanOp)
HWC_REDUCE(ReduceMinOp)
HWC_REDUCE(ReduceProdOp)
HWC_REDUCE(ReduceSumOp)
#undef HWC_REDUCE

//===----------------------------------------------------------------------===//
// Neural-network layers
//===----------------------------------------------------------------------===//

LogicalResult ConvOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    Results &results) {
  return inferWindow(loc, adaptor.getX(), convWindow(adaptor, adaptor.getW()),
                     convChannels(adaptor.getW()), elementOf(adaptor.getX()),
                     results);
}

LogicalResult QLinearConvOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    Results &results) {
  return inferWindow(loc, adaptor.getX(), convWindow(adaptor, adaptor.getW()),
                     convChannels(adaptor.getW()),
                     elementOf(adaptor.getYZeroPoint()), results);
}

LogicalResult ConvTransposeOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    Results &results) {
  Type element = elementOf(adaptor.getX());
  auto x = rankedDims(adaptor.getX());
  if (!x)
    return unranked(element, results);
  if (x->size() < 3)
    return emitOptionalError(loc, "input must have rank >= 3, got ", x->size());
  size_t spatial = x->size() - 2;
  WindowAttrs window = convWindow(adaptor, adaptor.getW());
  if (failed(completeWindow(loc, window, spatial)))
    return failure();
  auto w = rankedDims(adaptor.getW());
  int64_t group = signedOf(adaptor.getGroup());
  int64_t channels = w && w->size() >= 2 && (*w)[1] != kDyn
                         ? (*w)[1] * group : kDyn;
  SmallVector<int64_t> outputPadding = intsOf(adaptor.getOutputPadding());
  SmallVector<int64_t> outputShape = intsOf(adaptor.getOutputShape());
  if (outputPadding.empty())
    outputPadding.assign(spatial, 0);
  if (outputPadding.size() != spatial)
    return emitOptionalError(loc, "output_padding has ", outputPadding.size(),
                             " values, expected ", spatial);
  if (!outputShape.empty() && outputShape.size() != spatial &&
      outputShape.size() != spatial + 2)
    return emitOptionalError(loc, "output_shape has ", outputShape.size(),
                             " values, expected ", spatial);
  Dims out = {(*x)[0], channels};
  for (size_t i = 0; i < spatial; ++i) {
    int64_t in = (*x)[i + 2];
    if (!outputShape.empty()) {
      out.push_back(outputShape[outputShape.size() - spatial + i]);
    } else if (in == kDyn) {
      out.push_back(kDyn);
    } else if (window.autoPad == "SAME_UPPER" || window.autoPad == "SAME_LOWER") {
      out.push_back(in * window.strides[i]);
    } else {
      int64_t extent = window.dilations[i] * (window.kernel[i] - 1) + 1;
      int64_t pads = window.autoPad == "VALID"
                         ? 0 : window.pads[i] + window.pads[i + spatial];
      out.push_back(window.strides[i] * (in - 1) + outputPadding[i] + extent -
                    pads);
    }
  }
  results.emplace_back(out, element);
  return success();
}

namespace {
template <typename PoolAdaptor>
WindowAttrs poolWindow(PoolAdaptor &adaptor) {
  WindowAttrs window;
  window.autoPad = adaptor.getAutoPad();
  window.kernel = intsOf(adaptor.getKernelShape());
  window.strides = intsOf(adaptor.getStrides());
  window.dilations = intsOf(adaptor.getDilations());
  window.pads = intsOf(adaptor.getPads());
  window.ceilMode = adaptor.getCeilMode() != 0;
  return window;
}

int64_t channelsOf(Value x) {
  auto dims = rankedDims(x);
  return dims && dims->size() >= 2 ? (*dims)[1] : kDyn;
}
} // namespace

LogicalResult AveragePoolOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    Results &results) {
  return inferWindow(loc, adaptor.getX(), poolWindow(adaptor),
                     channelsOf(adaptor.getX()), elementOf(adaptor.getX()),
                     results);
}

LogicalResult MaxPoolOp::inferReturnTypeComponents(
    MLIRContext *ctx, std::optional<Location> loc, Adaptor adaptor,
    Results &results) {
  if (failed(inferWindow(loc, adaptor.getX(), poolWindow(adaptor),
                         channelsOf(adaptor.getX()), elementOf(adaptor.getX()),
                         results)))
    return failure();
  Type i64 = IntegerType::get(ctx, 64);
  if (results.back().hasRank())
    results.emplace_back(results.back().getDims(), i64);
  else
    results.emplace_back(i64);
  return success();
}

namespace {
LogicalResult inferGlobalPool(std::optional<Location> loc, Value x,
                              Results &results) {
  Type element = elementOf(x);
  auto dims = rankedDims(x);
  if (!dims)
    return unranked(element, results);
  if (dims->size() < 2)
    return emitOptionalError(loc, "input must have rank >= 2, got ",
                             dims->size());
  Dims out = *dims;
  for (size_t i = 2; i < out.size(); ++i)
    out[i] = 1;
  results.emplace_back(out, element);
  return success();
}
} // namespace

LogicalResult GlobalAveragePoolOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    Results &results) {
  return inferGlobalPool(loc, adaptor.getX(), results);
}

LogicalResult GlobalMaxPoolOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    Results &results) {
  return inferGlobalPool(loc, adaptor.getX(), results);
}

LogicalResult BatchNormalizationOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location>, Adaptor adaptor,
    Results &results) {
  (void)sameAs(adaptor.getX(), results);
  (void)sameAs(adaptor.getInputMean(), results);
  (void)sameAs(adaptor.getInputVar(), results);
  return success();
}

LogicalResult LayerNormalizationOp::inferReturnTypeComponents(
    MLIRContext *ctx, std::optional<Location> loc, Adaptor adaptor,
    Results &results) {
  (void)sameAs(adaptor.getX(), results);
  Type stash = Float32Type::get(ctx);
  auto dims = rankedDims(adaptor.getX());
  if (!dims) {
    results.emplace_back(stash);
    results.emplace_back(stash);
    return success();
  }
  auto axis = normalizeAxis(signedOf(adaptor.getAxis()), dims->size());
  if (!axis)
    return emitOptionalError(loc, "axis ", signedOf(adaptor.getAxis()),
                             " is out of range for rank ", dims->size());
  Dims reduced = *dims;
  for (size_t i = *axis; i < reduced.size(); ++i)
    reduced[i] = 1;
  results.emplace_back(reduced, stash);
  results.emplace_back(reduced, stash);
  return success();
}

LogicalResult GemmOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    Results &results) {
  Type element = elementOf(adaptor.getA());
  auto a = rankedDims(adaptor.getA()), b = rankedDims(adaptor.getB());
  if ((a && a->size() != 2) || (b && b->size() != 2))
    return emitOptionalError(loc, "A and B must be 2-D");
  int64_t m = a ? (*a)[adaptor.getTransA() ? 1 : 0] : kDyn;
  int64_t ka = a ? (*a)[adaptor.getTransA() ? 0 : 1] : kDyn;
  int64_t kb = b ? (*b)[adaptor.getTransB() ? 1 : 0] : kDyn;
  int64_t n = b ? (*b)[adaptor.getTransB() ? 0 : 1] : kDyn;
  if (ka != kDyn && kb != kDyn && ka != kb)
    return emitOptionalError(loc, "inner dimensions differ: ", ka, " vs ", kb);
  results.emplace_back(Dims{m, n}, element);
  return success();
}

LogicalResult MatMulOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    Results &results) {
  return inferMatMul(loc, adaptor.getA(), adaptor.getB(),
                     elementOf(adaptor.getA()), results);
}

LogicalResult MatMulIntegerOp::inferReturnTypeComponents(
    MLIRContext *ctx, std::optional<Location> loc, Adaptor adaptor,
    Results &results) {
  return inferMatMul(loc, adaptor.getA(), adaptor.getB(),
                     IntegerType::get(ctx, 32), results);
}

LogicalResult QLinearMatMulOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    Results &results) {
  return inferMatMul(loc, adaptor.getA(), adaptor.getB(),
                     elementOf(adaptor.getYZeroPoint()), results);
}

LogicalResult QuantizeLinearOp::inferReturnTypeComponents(
    MLIRContext *ctx, std::optional<Location>, Adaptor adaptor,
    Results &results) {
  Type element = elementOf(adaptor.getYZeroPoint());
  if (!element && adaptor.getOutputDtype() != 0)
    element = elementTypeForOnnxDtype(ctx, signedOf(adaptor.getOutputDtype()));
  if (!element)
    element = IntegerType::get(ctx, 8, IntegerType::Unsigned);
  return shapedLike(adaptor.getX(), element, results);
}

LogicalResult DequantizeLinearOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location>, Adaptor adaptor,
    Results &results) {
  Type element = elementOf(adaptor.getXScale());
  return shapedLike(adaptor.getX(), element, results);
}

LogicalResult LSTMOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    Results &results) {
  return inferRecurrent(loc, adaptor.getX(), adaptor.getW(),
                        adaptor.getDirection(), adaptor.getHiddenSize(),
                        signedOf(adaptor.getLayout()), 2, results);
}

LogicalResult GRUOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    Results &results) {
  return inferRecurrent(loc, adaptor.getX(), adaptor.getW(),
                        adaptor.getDirection(), adaptor.getHiddenSize(),
                        signedOf(adaptor.getLayout()), 1, results);
}

//===----------------------------------------------------------------------===//
// Control flow
//===----------------------------------------------------------------------===//

LogicalResult IfOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location>, ValueShapeRange, DictionaryAttr,
    OpaqueProperties, RegionRange regions, Results &results) {
  // Each result is what both branches agree on; a dimension on which they
  // disagree is dynamic.
  if (regions.size() != 2 || regions[0]->empty() || regions[1]->empty())
    return success();
  Operation *thenYield = regions[0]->front().getTerminator();
  Operation *elseYield = regions[1]->front().getTerminator();
  if (!thenYield || !elseYield ||
      thenYield->getNumOperands() != elseYield->getNumOperands())
    return success();
  for (auto [a, b] : llvm::zip(thenYield->getOperands(), elseYield->getOperands())) {
    auto ta = llvm::dyn_cast<RankedTensorType>(a.getType());
    auto tb = llvm::dyn_cast<RankedTensorType>(b.getType());
    Type element = elementOf(a);
    if (!ta || !tb || ta.getRank() != tb.getRank()) {
      results.emplace_back(element);
      continue;
    }
    Dims out;
    for (auto [da, db] : llvm::zip(ta.getShape(), tb.getShape()))
      out.push_back(da == db ? da : kDyn);
    results.emplace_back(out, element);
  }
  return success();
}

LogicalResult LoopOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location>, ValueShapeRange operands,
    DictionaryAttr, OpaqueProperties, RegionRange regions, Results &results) {
  // Carried values keep their element type (shapes may change per
  // iteration); scan outputs gain a leading dimension of unknown size.
  size_t carried = operands.size() >= 2 ? operands.size() - 2 : 0;
  for (size_t i = 0; i < carried; ++i)
    results.emplace_back(elementOf(operands[i + 2]));
  if (regions.empty() || regions[0]->empty())
    return success();
  Operation *yield = regions[0]->front().getTerminator();
  // A malformed body is reported by LoopOp::verify().
  if (!yield || yield->getNumOperands() < 1 + carried)
    return success();
  for (Value scan : yield->getOperands().drop_front(1 + carried)) {
    if (auto dims = rankedDims(scan)) {
      Dims out = {kDyn};
      out.append(dims->begin(), dims->end());
      results.emplace_back(out, elementOf(scan));
    } else {
      results.emplace_back(elementOf(scan));
    }
  }
  return success();
}

} // namespace hwc::onnx
