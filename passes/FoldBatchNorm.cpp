//===- FoldBatchNorm.cpp - hwc-fold-batchnorm ------------------------------===//
//
// Folds inference BatchNormalization into the preceding Conv or MatMul. The
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

class FoldBatchNormPass : public impl::FoldBatchNormPassBase<FoldBatchNormPass> {
public:
  using FoldBatchNormPassBase::FoldBatchNormPassBase;

  void runOnOperation() final {
    SmallVector<onnx::BatchNormalizationOp> norms;
    getOperation().walk([&](onnx::BatchNormalizationOp bn) { norms.push_back(bn); });
    for (onnx::BatchNormalizationOp bn : norms)
      (void)fold(bn);
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
    auto channelType = llvm::dyn_cast<RankedTensorType>(bn.getScale().getType());
    if (!channelType || !channelType.hasStaticShape() || channelType.getRank() != 1)
      return failure();
    if (auto conv = llvm::dyn_cast<onnx::ConvOp>(producer))
      return foldIntoConv(bn, conv, channelType);
    if (auto matmul = llvm::dyn_cast<onnx::MatMulOp>(producer))
      return foldIntoMatMul(bn, matmul, channelType);
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
    SmallVector<int64_t> broadcastShape(weightType.getRank(), 1);
    broadcastShape[0] = weightType.getDimSize(0);
    auto shapeType = RankedTensorType::get({weightType.getRank()}, builder.getI64Type());
    Value shape = constantOf(builder, loc, shapeType,
                             DenseElementsAttr::get(shapeType, ArrayRef(broadcastShape)));
    Value column = createOp(builder, loc, "Reshape", {s, shape},
                            RankedTensorType::get(broadcastShape, channelType.getElementType()));
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
};

} // namespace
} // namespace hwc
