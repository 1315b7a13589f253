//===- NormalizeOpset.cpp - hwc-normalize-opset ----------------------------===//
//
// The importer already turns older attribute forms into the newest opset's
// inputs. What remains are ops that have several spellings of the same
// computation in the newest opset itself: the deprecated Upsample next to
// Resize, Split/Squeeze/Reduce with implicit sizes or axes, Pad with an
// `axes` input, negative axes, and the QOperator forms of quantized models
// (QLinearConv, QLinearMatMul) next to QDQ. Later passes and the targets match one
// spelling only; this pass writes every op in that spelling, and only when
// the new form provably computes the same thing (static shapes, constant
// operands), so result types never change.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "dialects/ONNX/ONNXTypeUtils.h"

#include "mlir/IR/Builders.h"

namespace hwc {
#define GEN_PASS_DEF_NORMALIZEOPSETPASS
#include "passes/Passes.h.inc"
} // namespace hwc

using namespace mlir;

namespace hwc {
namespace {

/// A small int64 weight that stands for an implicit operand, named after the
/// node and the operand so the exported model stays readable.
Value int64Constant(OpBuilder &builder, Operation *op, StringRef operand,
                    ArrayRef<int64_t> values) {
  auto type = RankedTensorType::get({static_cast<int64_t>(values.size())},
                                    builder.getI64Type());
  std::string name = operand.str();
  if (auto loc = llvm::dyn_cast<NameLoc>(op->getLoc()))
    name = (loc.getName().strref() + "." + operand).str();
  auto constant = builder.create<onnx::ConstantOp>(
      NameLoc::get(builder.getStringAttr(name), op->getLoc()), type,
      DenseElementsAttr::get(type, values));
  constant->setAttr("onnx.initializer", builder.getUnitAttr());
  return constant;
}

RankedTensorType staticType(Value value) {
  auto type = llvm::dyn_cast<RankedTensorType>(value.getType());
  return type && type.hasStaticShape() ? type : nullptr;
}

/// Upsample (deprecated since opset 10) is Resize with asymmetric
/// coordinates and floor rounding for nearest.
LogicalResult upsampleToResize(onnx::UpsampleOp upsample) {
  OpBuilder builder(upsample);
  StringRef mode = upsample.getMode() == "bilinear" ? "linear" : upsample.getMode();
  if (mode != "nearest" && mode != "linear")
    return failure();
  Value none = builder.create<onnx::NoneOp>(upsample.getLoc());
  NamedAttribute attributes[] = {
      builder.getNamedAttr("coordinate_transformation_mode",
                           builder.getStringAttr("asymmetric")),
      builder.getNamedAttr("mode", builder.getStringAttr(mode)),
      builder.getNamedAttr("nearest_mode", builder.getStringAttr("floor"))};
  auto resize = builder.create<onnx::ResizeOp>(
      upsample.getLoc(), TypeRange{upsample.getY().getType()},
      ValueRange{upsample.getX(), none, upsample.getScales(), none}, attributes);
  upsample.getY().replaceAllUsesWith(resize.getY());
  upsample.erase();
  return success();
}

/// Split by `num_outputs` or into equal parts gets explicit sizes, read off
/// its static result types.
LogicalResult explicitSplitSizes(onnx::SplitOp split) {
  auto inputType = llvm::dyn_cast<RankedTensorType>(split.getInput().getType());
  if (!onnx::isNoneValue(split.getSplit()) || !inputType)
    return failure();
  int64_t axis = static_cast<int64_t>(split.getAxis());
  if (axis < 0)
    axis += inputType.getRank();
  SmallVector<int64_t> sizes;
  for (Value result : split.getOutputs()) {
    auto type = llvm::dyn_cast<RankedTensorType>(result.getType());
    if (!type || type.isDynamicDim(axis))
      return failure();
    sizes.push_back(type.getDimSize(axis));
  }
  OpBuilder builder(split);
  split->setOperand(1, int64Constant(builder, split, "split", sizes));
  split.removeNumOutputsAttr();
  return success();
}

/// Squeeze without axes removes every static 1; say which.
LogicalResult explicitSqueezeAxes(onnx::SqueezeOp squeeze) {
  RankedTensorType inputType = staticType(squeeze.getData());
  if (!onnx::isNoneValue(squeeze.getAxes()) || !inputType)
    return failure();
  SmallVector<int64_t> axes;
  for (auto [axis, size] : llvm::enumerate(inputType.getShape()))
    if (size == 1)
      axes.push_back(static_cast<int64_t>(axis));
  OpBuilder builder(squeeze);
  squeeze->setOperand(1, int64Constant(builder, squeeze, "axes", axes));
  return success();
}

/// ReduceX without axes (and without noop_with_empty_axes) reduces all.
LogicalResult explicitReduceAxes(Operation *reduce) {
  auto inputType = llvm::dyn_cast<RankedTensorType>(reduce->getOperand(0).getType());
  auto noop = reduce->getAttrOfType<IntegerAttr>("noop_with_empty_axes");
  if (!onnx::isNoneValue(reduce->getOperand(1)) || !inputType ||
      inputType.getRank() == 0 || (noop && noop.getInt() != 0))
    return failure();
  SmallVector<int64_t> axes(static_cast<size_t>(inputType.getRank()));
  for (int64_t axis = 0; axis < inputType.getRank(); ++axis)
    axes[static_cast<size_t>(axis)] = axis;
  OpBuilder builder(reduce);
  reduce->setOperand(1, int64Constant(builder, reduce, "axes", axes));
  return success();
}

/// Pad with an `axes` input gets full-rank pads (zeros on other axes).
LogicalResult fullRankPads(onnx::PadOp pad) {
  auto inputType = llvm::dyn_cast<RankedTensorType>(pad.getData().getType());
  std::optional<SmallVector<int64_t>> axes = onnx::getConstantIntegers(pad.getAxes());
  std::optional<SmallVector<int64_t>> pads = onnx::getConstantIntegers(pad.getPads());
  if (onnx::isNoneValue(pad.getAxes()) || !inputType || !axes || !pads ||
      pads->size() != 2 * axes->size())
    return failure();
  int64_t rank = inputType.getRank();
  SmallVector<int64_t> full(static_cast<size_t>(2 * rank), 0);
  for (auto [index, axis] : llvm::enumerate(*axes)) {
    int64_t dim = axis < 0 ? axis + rank : axis;
    if (dim < 0 || dim >= rank)
      return failure();
    full[static_cast<size_t>(dim)] = (*pads)[index];
    full[static_cast<size_t>(dim + rank)] = (*pads)[index + axes->size()];
  }
  OpBuilder builder(pad);
  pad->setOperand(1, int64Constant(builder, pad, "pads", full));
  pad->setOperand(3, builder.create<onnx::NoneOp>(pad.getLoc()));
  return success();
}

/// The float tensor type with `value`'s shape.
Type floatLike(Value value, Type element) {
  if (auto ranked = llvm::dyn_cast<RankedTensorType>(value.getType()))
    return RankedTensorType::get(ranked.getShape(), element);
  return UnrankedTensorType::get(element);
}

/// A scale or zero point QDQ can take as it is: a scalar or a 1-D tensor.
bool isScalarOrVector(Value value) {
  auto type = llvm::dyn_cast<RankedTensorType>(value.getType());
  return type && type.getRank() <= 1;
}

bool isVector(Value value) {
  auto type = llvm::dyn_cast<RankedTensorType>(value.getType());
  return type && type.getRank() == 1 && type.getDimSize(0) != 1;
}

Value dequantize(OpBuilder &builder, Location loc, Value quantized, Value scale, Value zero,
                 std::optional<int64_t> axis) {
  Type element = llvm::cast<ShapedType>(scale.getType()).getElementType();
  auto op = builder.create<onnx::DequantizeLinearOp>(loc, floatLike(quantized, element),
                                                     quantized, scale, zero);
  if (axis)
    op.setAxis(uint64_t(*axis));
  return op;
}

/// QLinearConv (QOperator form) becomes QDQ around a float Conv:
/// Q(Conv(DQ(x), DQ(w), DQ(B, x_scale * w_scale)), y_scale, y_zp). Later
/// passes and targets then see one form for every quantized model.
LogicalResult qlinearConvToQdq(onnx::QLinearConvOp qconv) {
  Value x = qconv.getX(), w = qconv.getW();
  for (Value parameter : {qconv.getXScale(), qconv.getXZeroPoint(), qconv.getWScale(),
                          qconv.getWZeroPoint(), qconv.getYScale(), qconv.getYZeroPoint()})
    if (!isScalarOrVector(parameter))
      return failure();
  if (isVector(qconv.getXScale()))
    return failure(); // per-channel input scales have no DQ form on axis 0
  OpBuilder builder(qconv);
  Location loc = qconv.getLoc();
  Type f32 = builder.getF32Type();
  Value xf = dequantize(builder, loc, x, qconv.getXScale(), qconv.getXZeroPoint(), std::nullopt);
  std::optional<int64_t> channelAxis;
  if (isVector(qconv.getWScale()))
    channelAxis = 0;
  Value wf = dequantize(builder, loc, w, qconv.getWScale(), qconv.getWZeroPoint(), channelAxis);
  Value bias = qconv.getB();
  if (!onnx::isNoneValue(bias)) {
    // The int32 bias is in units of x_scale * w_scale, zero point 0.
    // The product broadcasts to the higher-rank scale's type.
    auto xScaleType = llvm::cast<RankedTensorType>(qconv.getXScale().getType());
    auto wScaleType = llvm::cast<RankedTensorType>(qconv.getWScale().getType());
    auto scaleType = wScaleType.getRank() >= xScaleType.getRank() ? wScaleType : xScaleType;
    Value biasScale = builder.create<onnx::MulOp>(loc, scaleType, qconv.getXScale(),
                                                  qconv.getWScale());
    Value none = builder.create<onnx::NoneOp>(loc);
    bias = dequantize(builder, loc, bias, biasScale, none, channelAxis);
  }
  OperationState state(loc, onnx::ConvOp::getOperationName());
  state.addOperands({xf, wf, bias});
  state.addTypes(floatLike(qconv.getY(), f32));
  state.addAttributes(qconv->getAttrs());
  Operation *conv = builder.create(state);
  auto quantized = builder.create<onnx::QuantizeLinearOp>(
      loc, qconv.getY().getType(), conv->getResult(0), qconv.getYScale(), qconv.getYZeroPoint());
  qconv.getY().replaceAllUsesWith(quantized.getY());
  qconv.erase();
  return success();
}

/// QLinearMatMul becomes Q(MatMul(DQ(a), DQ(b)), y_scale, y_zp); a
/// per-column b scale dequantizes along b's last axis.
LogicalResult qlinearMatMulToQdq(onnx::QLinearMatMulOp qmatmul) {
  for (Value parameter : {qmatmul.getAScale(), qmatmul.getAZeroPoint(), qmatmul.getBScale(),
                          qmatmul.getBZeroPoint(), qmatmul.getYScale(), qmatmul.getYZeroPoint()})
    if (!isScalarOrVector(parameter))
      return failure();
  auto bType = llvm::dyn_cast<RankedTensorType>(qmatmul.getB().getType());
  if (isVector(qmatmul.getAScale()) || (isVector(qmatmul.getBScale()) && !bType))
    return failure();
  OpBuilder builder(qmatmul);
  Location loc = qmatmul.getLoc();
  Value af = dequantize(builder, loc, qmatmul.getA(), qmatmul.getAScale(),
                        qmatmul.getAZeroPoint(), std::nullopt);
  std::optional<int64_t> columnAxis;
  if (isVector(qmatmul.getBScale()))
    columnAxis = bType.getRank() - 1;
  Value bf = dequantize(builder, loc, qmatmul.getB(), qmatmul.getBScale(),
                        qmatmul.getBZeroPoint(), columnAxis);
  auto matmul = builder.create<onnx::MatMulOp>(
      loc, floatLike(qmatmul.getY(), builder.getF32Type()), af, bf);
  auto quantized = builder.create<onnx::QuantizeLinearOp>(
      loc, qmatmul.getY().getType(), matmul.getResult(), qmatmul.getYScale(),
      qmatmul.getYZeroPoint());
  qmatmul.getY().replaceAllUsesWith(quantized.getY());
  qmatmul.erase();
  return success();
}

/// A negative `axis` attribute counts from the end of the first input's
/// dimensions in every onnx op that has one; write it counted from 0.
LogicalResult nonNegativeAxis(Operation *op) {
  auto axis = op->getAttrOfType<IntegerAttr>("axis");
  if (!axis || axis.getInt() >= 0 || op->getNumOperands() == 0)
    return failure();
  auto inputType = llvm::dyn_cast<RankedTensorType>(op->getOperand(0).getType());
  if (!inputType || axis.getInt() + inputType.getRank() < 0)
    return failure();
  op->setAttr("axis", IntegerAttr::get(axis.getType(), axis.getInt() + inputType.getRank()));
  return success();
}

void normalize(Operation *op) {
  // An unmodelled op's attributes mean whatever its domain says.
  if (llvm::isa<onnx::CustomOp>(op))
    return;
  if (auto upsample = llvm::dyn_cast<onnx::UpsampleOp>(op)) {
    (void)upsampleToResize(upsample);
    return;
  }
  if (auto qconv = llvm::dyn_cast<onnx::QLinearConvOp>(op)) {
    (void)qlinearConvToQdq(qconv);
    return;
  }
  if (auto qmatmul = llvm::dyn_cast<onnx::QLinearMatMulOp>(op)) {
    (void)qlinearMatMulToQdq(qmatmul);
    return;
  }
  (void)nonNegativeAxis(op);
  if (auto split = llvm::dyn_cast<onnx::SplitOp>(op))
    (void)explicitSplitSizes(split);
  else if (auto squeeze = llvm::dyn_cast<onnx::SqueezeOp>(op))
    (void)explicitSqueezeAxes(squeeze);
  else if (auto pad = llvm::dyn_cast<onnx::PadOp>(op))
    (void)fullRankPads(pad);
  else if (llvm::isa<onnx::ReduceL2Op, onnx::ReduceMaxOp, onnx::ReduceMeanOp,
                     onnx::ReduceMinOp, onnx::ReduceProdOp, onnx::ReduceSumOp>(op))
    (void)explicitReduceAxes(op);
}

class NormalizeOpsetPass : public impl::NormalizeOpsetPassBase<NormalizeOpsetPass> {
public:
  using NormalizeOpsetPassBase::NormalizeOpsetPassBase;

  void runOnOperation() final {
    SmallVector<Operation *> ops;
    getOperation().walk([&](Operation *op) {
      if (llvm::isa<onnx::ONNXDialect>(op->getDialect()))
        ops.push_back(op);
    });
    for (Operation *op : ops)
      normalize(op);
  }
};

} // namespace
} // namespace hwc
