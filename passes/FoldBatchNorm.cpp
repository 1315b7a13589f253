//===- FoldBatchNorm.cpp - hwc-fold-batchnorm ------------------------------===//
//
// Folds inference BatchNormalization into the preceding Conv, Gemm or
// MatMul, and per-channel Mul/Add chains (exporters' decomposed BatchNorm)
// into the preceding Conv. The
// new weights and bias are expressed as onnx ops on the constants (so the
// arithmetic has one implementation: the runtime's kernels, when
// hwc-fold-constants evaluates them). Targets then see one layer instead
// of two, and spiking conversion needs no separate normalization.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "dialects/ONNX/ONNXTypeUtils.h"

#include "mlir/IR/Builders.h"

namespace hwc {
#define GEN_PASS_DEF_FOLDBATCHNORMPASS
#include "passes/Passes.h.inc"
} // namespace hwc

using namespace mlir;

namespace hwc {
namespace {

bool isConstant(Value value) {
  return llvm::isa_and_nonnull<onnx::ConstantOp>(value.getDefiningOp());
}

/// Builds one onnx op by name (attributes left at their defaults).
Value createOp(OpBuilder &builder, Location loc, StringRef name, ValueRange operands,
               Type resultType) {
  OperationState state(loc, ("onnx." + name).str());
  state.addOperands(operands);
  state.addTypes(resultType);
  return builder.create(state)->getResult(0);
}

Value constantOf(OpBuilder &builder, Location loc, RankedTensorType type,
                 DenseElementsAttr value) {
  return builder.create<onnx::ConstantOp>(loc, type, value);
}

/// Moves the onnx.Constant defining `constant` before `anchor` when it comes
/// later (a folded Constant node sits where its node was), so arithmetic
/// built before `anchor` may read it.
void placeBefore(Value constant, Operation *anchor) {
  Operation *definition = constant.getDefiningOp();
  if (definition && definition->getBlock() == anchor->getBlock() &&
      anchor->isBeforeInBlock(definition))
    definition->moveBefore(anchor);
}

Value shapeConstant(OpBuilder &builder, Location loc, ArrayRef<int64_t> shape) {
  auto type = RankedTensorType::get({static_cast<int64_t>(shape.size())},
                                    builder.getI64Type());
  return constantOf(builder, loc, type, DenseElementsAttr::get(type, shape));
}

/// `vector` ([M]) as [M, 1, ..., 1] of `rank` dims, to scale axis 0.
Value asLeadingAxis(OpBuilder &builder, Location loc, Value vector, int64_t rank) {
  auto vectorType = llvm::cast<RankedTensorType>(vector.getType());
  SmallVector<int64_t> shape(rank, 1);
  shape[0] = vectorType.getDimSize(0);
  return createOp(builder, loc, "Reshape", {vector, shapeConstant(builder, loc, shape)},
                  RankedTensorType::get(shape, vectorType.getElementType()));
}

/// The number of channels a constant operand of an elementwise op on a
/// Conv result (rank `rank`) varies along, when it varies along axis 1 only
/// (1 for a scalar-like constant); nullopt for anything else.
std::optional<int64_t> perChannelExtent(Value constant, int64_t rank, int64_t channels) {
  auto type = llvm::dyn_cast<RankedTensorType>(constant.getType());
  if (!isConstant(constant) || !type || !type.hasStaticShape() || type.getRank() > rank)
    return std::nullopt;
  int64_t extent = 1;
  for (int64_t dim = 0; dim < type.getRank(); ++dim) {
    int64_t outputAxis = dim + rank - type.getRank();
    int64_t size = type.getDimSize(dim);
    if (size == 1)
      continue;
    if (outputAxis != 1 || size != channels)
      return std::nullopt;
    extent = size;
  }
  return extent;
}

/// The per-channel constant as an [M] vector: its values reshaped, a
/// single value repeated.
Value channelVector(OpBuilder &builder, Location loc, Value constant, int64_t extent,
                    int64_t channels) {
  Type element = llvm::cast<RankedTensorType>(constant.getType()).getElementType();
  auto flatType = RankedTensorType::get({extent}, element);
  Value flat =
      createOp(builder, loc, "Reshape", {constant, shapeConstant(builder, loc, {extent})},
               flatType);
  if (extent == channels)
    return flat;
  return createOp(builder, loc, "Expand", {flat, shapeConstant(builder, loc, {channels})},
                  RankedTensorType::get({channels}, element));
}

class FoldBatchNormPass : public impl::FoldBatchNormPassBase<FoldBatchNormPass> {
public:
  using FoldBatchNormPassBase::FoldBatchNormPassBase;

  void runOnOperation() final {
    SmallVector<onnx::BatchNormalizationOp> norms;
    getOperation().walk([&](onnx::BatchNormalizationOp bn) { norms.push_back(bn); });
    for (onnx::BatchNormalizationOp bn : norms)
      (void)fold(bn);
    // Program order: in Conv -> Mul -> Add the Mul folds first, so the Add
    // then follows a Conv too.
    SmallVector<Operation *> affine;
    getOperation().walk([&](Operation *op) {
      if (llvm::isa<onnx::MulOp, onnx::AddOp>(op))
        affine.push_back(op);
    });
    for (Operation *op : affine)
      (void)foldAffineIntoConv(op);
  }

private:
  /// s = scale / sqrt(var + epsilon) and t = B - mean * s, per channel.
  std::pair<Value, Value> channelAffine(OpBuilder &builder, onnx::BatchNormalizationOp bn,
                                        RankedTensorType channelType) {
    Location loc = bn.getLoc();
    auto scalarType = RankedTensorType::get({}, channelType.getElementType());
    Value epsilon = constantOf(
        builder, loc, scalarType,
        DenseElementsAttr::get(scalarType,
                               builder.getFloatAttr(channelType.getElementType(),
                                                    bn.getEpsilon().convertToDouble())));
    Value shifted = createOp(builder, loc, "Add", {bn.getInputVar(), epsilon}, channelType);
    Value root = createOp(builder, loc, "Sqrt", {shifted}, channelType);
    Value s = createOp(builder, loc, "Div", {bn.getScale(), root}, channelType);
    Value meanScaled = createOp(builder, loc, "Mul", {bn.getInputMean(), s}, channelType);
    Value t = createOp(builder, loc, "Sub", {bn.getB(), meanScaled}, channelType);
    return {s, t};
  }

  LogicalResult fold(onnx::BatchNormalizationOp bn) {
    if (bn.getTrainingMode() != 0 || !bn.getRunningMean().use_empty() ||
        !bn.getRunningVar().use_empty())
      return failure();
    for (Value statistic : {bn.getScale(), bn.getB(), bn.getInputMean(), bn.getInputVar()})
      if (!isConstant(statistic))
        return failure();
    Operation *producer = bn.getX().getDefiningOp();
    if (!producer || !producer->getResult(0).hasOneUse())
      return failure();
    for (Value statistic : {bn.getScale(), bn.getB(), bn.getInputMean(), bn.getInputVar()})
      placeBefore(statistic, producer);
    auto channelType = llvm::dyn_cast<RankedTensorType>(bn.getScale().getType());
    if (!channelType || !channelType.hasStaticShape() || channelType.getRank() != 1)
      return failure();
    if (auto conv = llvm::dyn_cast<onnx::ConvOp>(producer))
      return foldIntoConv(bn, conv, channelType);
    if (auto matmul = llvm::dyn_cast<onnx::MatMulOp>(producer))
      return foldIntoMatMul(bn, matmul, channelType);
    if (auto gemm = llvm::dyn_cast<onnx::GemmOp>(producer))
      return foldIntoGemm(bn, gemm, channelType);
    return failure();
  }

  LogicalResult foldIntoConv(onnx::BatchNormalizationOp bn, onnx::ConvOp conv,
                             RankedTensorType channelType) {
    auto weightType = llvm::dyn_cast<RankedTensorType>(conv.getW().getType());
    if (!isConstant(conv.getW()) || !weightType || !weightType.hasStaticShape() ||
        weightType.getDimSize(0) != channelType.getDimSize(0) ||
        (!onnx::isNoneValue(conv.getB()) && !isConstant(conv.getB())))
      return failure();
    OpBuilder builder(conv);
    Location loc = bn.getLoc();
    auto [s, t] = channelAffine(builder, bn, channelType);
    // s as [M, 1, ..., 1] scales each output channel's filter.
    Value column = asLeadingAxis(builder, loc, s, weightType.getRank());
    Value weight = createOp(builder, loc, "Mul", {conv.getW(), column}, weightType);
    Value bias = t;
    if (!onnx::isNoneValue(conv.getB())) {
      Value scaledBias = createOp(builder, loc, "Mul", {conv.getB(), s}, channelType);
      bias = createOp(builder, loc, "Add", {scaledBias, t}, channelType);
    }
    conv->setOperand(1, weight);
    conv->setOperand(2, bias);
    conv.getY().setType(bn.getY().getType());
    bn.getY().replaceAllUsesWith(conv.getY());
    bn.erase();
    return success();
  }

  LogicalResult foldIntoMatMul(onnx::BatchNormalizationOp bn, onnx::MatMulOp matmul,
                               RankedTensorType channelType) {
    // BatchNormalization normalizes axis 1; after a MatMul that is the
    // output features only for 2-D results.
    auto resultType = llvm::dyn_cast<RankedTensorType>(matmul.getResult().getType());
    auto weightType = llvm::dyn_cast<RankedTensorType>(matmul->getOperand(1).getType());
    if (!resultType || resultType.getRank() != 2 || !weightType ||
        weightType.getRank() != 2 || !isConstant(matmul->getOperand(1)) ||
        weightType.getDimSize(1) != channelType.getDimSize(0))
      return failure();
    OpBuilder builder(matmul);
    Location loc = bn.getLoc();
    auto [s, t] = channelAffine(builder, bn, channelType);
    // [K, N] * [N] broadcasts along the output features.
    Value weight = createOp(builder, loc, "Mul", {matmul->getOperand(1), s}, weightType);
    matmul->setOperand(1, weight);
    builder.setInsertionPoint(bn);
    Value shifted = createOp(builder, loc, "Add", {matmul.getResult(), t}, bn.getY().getType());
    bn.getY().replaceAllUsesWith(shifted);
    bn.erase();
    return success();
  }

  LogicalResult foldIntoGemm(onnx::BatchNormalizationOp bn, onnx::GemmOp gemm,
                             RankedTensorType channelType) {
    // Gemm's result is [M, N]; BatchNormalization's axis 1 is N.
    auto weightType = llvm::dyn_cast<RankedTensorType>(gemm.getB().getType());
    Value bias = gemm.getC();
    bool hasBias = !onnx::isNoneValue(bias);
    auto biasType = hasBias ? llvm::dyn_cast<RankedTensorType>(bias.getType())
                            : RankedTensorType();
    int64_t channels = channelType.getDimSize(0);
    bool transposed = gemm.getTransB() != 0;
    if (!isConstant(gemm.getB()) || !weightType || !weightType.hasStaticShape() ||
        weightType.getDimSize(transposed ? 0 : 1) != channels)
      return failure();
    // beta * C' must equal beta * C * s + t: only with beta = 1 (or no C,
    // where beta is then set to 1).
    if (hasBias && (!isConstant(bias) || !biasType || !biasType.hasStaticShape() ||
                    biasType.getRank() > 1 || gemm.getBeta().convertToDouble() != 1.0))
      return failure();
    OpBuilder builder(gemm);
    Location loc = bn.getLoc();
    auto [s, t] = channelAffine(builder, bn, channelType);
    // [K, N] * [N] broadcasts along N; [N, K] needs s as [N, 1].
    Value scale = transposed ? asLeadingAxis(builder, loc, s, 2) : s;
    Value weight = createOp(builder, loc, "Mul", {gemm.getB(), scale}, weightType);
    Value newBias = t;
    if (hasBias) {
      Value scaledBias = createOp(builder, loc, "Mul", {bias, s}, channelType);
      newBias = createOp(builder, loc, "Add", {scaledBias, t}, channelType);
    }
    gemm->setOperand(1, weight);
    gemm->setOperand(2, newBias);
    gemm.setBetaAttr(builder.getF32FloatAttr(1.0f));
    gemm.getY().setType(bn.getY().getType());
    bn.getY().replaceAllUsesWith(gemm.getY());
    bn.erase();
    return success();
  }

  /// Conv -> Mul(c) or Conv -> Add(c) with c constant per output channel:
  /// W' = W * c (per channel) and b' = b * c, or b' = b + c.
  LogicalResult foldAffineIntoConv(Operation *op) {
    Value lhs = op->getOperand(0), rhs = op->getOperand(1);
    auto conv = lhs.getDefiningOp<onnx::ConvOp>();
    Value constant = rhs;
    if (!conv) {
      conv = rhs.getDefiningOp<onnx::ConvOp>();
      constant = lhs;
    }
    if (!conv || !conv.getY().hasOneUse() || op->getResult(0).getType() != conv.getY().getType())
      return failure();
    auto outputType = llvm::dyn_cast<RankedTensorType>(conv.getY().getType());
    auto weightType = llvm::dyn_cast<RankedTensorType>(conv.getW().getType());
    // The weights and bias need not be constants yet: in Conv -> Mul -> Add
    // the Add sees the weights the Mul fold wrote as arithmetic, which
    // hwc-fold-constants evaluates afterwards.
    if (!outputType || outputType.getRank() < 2 || !weightType || !weightType.hasStaticShape())
      return failure();
    int64_t channels = weightType.getDimSize(0);
    std::optional<int64_t> extent =
        perChannelExtent(constant, outputType.getRank(), channels);
    if (!extent)
      return failure();
    placeBefore(constant, conv);
    OpBuilder builder(conv);
    Location loc = op->getLoc();
    Value vector = channelVector(builder, loc, constant, *extent, channels);
    auto channelType = llvm::cast<RankedTensorType>(vector.getType());
    Value bias = conv.getB();
    bool hasBias = !onnx::isNoneValue(bias);
    if (llvm::isa<onnx::MulOp>(op)) {
      Value column = asLeadingAxis(builder, loc, vector, weightType.getRank());
      conv->setOperand(1, createOp(builder, loc, "Mul", {conv.getW(), column}, weightType));
      if (hasBias)
        conv->setOperand(2, createOp(builder, loc, "Mul", {bias, vector}, channelType));
    } else {
      conv->setOperand(2, hasBias ? createOp(builder, loc, "Add", {bias, vector}, channelType)
                                  : vector);
    }
    op->getResult(0).replaceAllUsesWith(conv.getY());
    op->erase();
    return success();
  }
};

} // namespace
} // namespace hwc
