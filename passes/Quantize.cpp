//===- Quantize.cpp - hwc-quantize -----------------------------------------===//
//
// Writes a quantization plan (passes/QuantPlan.h, from `hwc calibrate`) into
// the IR as explicit ONNX QDQ: each planned activation v becomes
// DequantizeLinear(QuantizeLinear(v)) for all its readers; each planned
// weight becomes an int8 (bias: int32) constant read through a
// DequantizeLinear with its per-channel scales. The model computes what the
// runtime computes with the same plan (fake quantization), and targets see
// every quantized tensor's scale and zero point where they need them.
// Tensors the plan keeps in float16 (mixed precision) get a Cast pair.
// Runs after shape specialization and BatchNorm folding, before target
// lowering.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"
#include "passes/QuantPlan.h"
#include "passes/RuntimeBridge.h"

#include "dialects/ONNX/ONNXTypeUtils.h"
#include "runtime/core/Error.h"
#include "runtime/interpreter/QuantizationPlan.h"
#include "runtime/io/TensorIO.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/StringMap.h"

#include <map>

namespace hwc {
#define GEN_PASS_DEF_QUANTIZEPASS
#include "passes/Passes.h.inc"
} // namespace hwc

using namespace mlir;

namespace hwc {
namespace {

/// Where each plan name lives in the IR: graph inputs by `onnx.name`,
/// initializers by their location, node outputs by node name and index.
class ValueIndex {
public:
  explicit ValueIndex(func::FuncOp func) {
    for (unsigned i = 0; i < func.getNumArguments(); ++i)
      if (auto name = func.getArgAttrOfType<StringAttr>(i, "onnx.name"))
        inputs[name.getValue()] = func.getArgument(i);
    func.walk([&](Operation *op) {
      std::string name = onnx::nodeName(op);
      if (llvm::isa<onnx::ConstantOp>(op))
        constants.try_emplace(name, op->getResult(0));
      else
        for (auto [index, result] : llvm::enumerate(op->getResults()))
          nodeOutputs.try_emplace({name, int64_t(index)}, result);
    });
  }

  Value find(const std::string &name, const quant::TensorPlan &plan) const {
    if (plan.producer) {
      auto found = nodeOutputs.find({plan.producer->node, plan.producer->output});
      return found == nodeOutputs.end() ? Value() : found->second;
    }
    if (Value input = inputs.lookup(name))
      return input;
    return constants.lookup(name);
  }

private:
  llvm::StringMap<Value> inputs, constants;
  std::map<std::pair<std::string, int64_t>, Value> nodeOutputs;
};

/// The storage element type, the width rt::quantizeLevels stores: i8/i16/
/// i32 (signless, as the importer writes signed ONNX types) or ui8/ui16.
Type storageType(MLIRContext *context, const rt::TensorQuantization &params) {
  unsigned width = params.bits > 16 ? 32 : params.bits > 8 ? 16 : 8;
  return IntegerType::get(context, width,
                          params.isSigned ? IntegerType::Signless : IntegerType::Unsigned);
}

bool isPerAxis(const rt::TensorQuantization &params) { return params.scales.size() > 1; }

/// Scale and zero-point constants: scalars, or 1-D along the axis. The
/// scale has the quantized value's float type, since DequantizeLinear
/// returns the scale's type.
std::pair<Value, Value> parameterConstants(OpBuilder &builder, Location loc,
                                           const rt::TensorQuantization &params,
                                           FloatType floatType) {
  SmallVector<int64_t> shape;
  if (isPerAxis(params))
    shape.push_back(int64_t(params.scales.size()));
  auto scaleType = RankedTensorType::get(shape, floatType);
  SmallVector<APFloat> scales;
  for (float value : params.scales) {
    APFloat scale(value);
    bool losesInfo = false;
    scale.convert(floatType.getFloatSemantics(), APFloat::rmNearestTiesToEven, &losesInfo);
    scales.push_back(scale);
  }
  Type storage = storageType(builder.getContext(), params);
  auto zeroType = RankedTensorType::get(shape, storage);
  SmallVector<APInt> zeroPoints;
  for (int64_t zeroPoint : params.zeroPoints)
    zeroPoints.push_back(
        APInt(storage.getIntOrFloatBitWidth(), uint64_t(zeroPoint), params.isSigned));
  auto scale = builder.create<onnx::ConstantOp>(loc, scaleType,
                                                DenseElementsAttr::get(scaleType, scales));
  auto zero = builder.create<onnx::ConstantOp>(loc, zeroType,
                                               DenseElementsAttr::get(zeroType, zeroPoints));
  for (Operation *op : {scale.getOperation(), zero.getOperation()})
    op->setAttr("onnx.initializer", builder.getUnitAttr());
  return {scale, zero};
}

/// A builder right after `value`'s definition (block start for an argument).
OpBuilder builderAfter(Value value) {
  OpBuilder builder(value.getContext());
  if (Operation *producer = value.getDefiningOp())
    builder.setInsertionPointAfter(producer);
  else
    builder.setInsertionPointToStart(value.getParentBlock());
  return builder;
}

/// The producing node's location, or the function's for a graph input.
Location locationOf(Value value) {
  return value.getDefiningOp() ? value.getDefiningOp()->getLoc()
                               : value.getParentBlock()->getParentOp()->getLoc();
}

Value dequantize(OpBuilder &builder, Location loc, Value quantized, Value scale, Value zero,
                 const rt::TensorQuantization &params, Type floatType) {
  auto dequantized =
      builder.create<onnx::DequantizeLinearOp>(loc, floatType, quantized, scale, zero);
  if (isPerAxis(params))
    dequantized.setAxis(uint64_t(params.axis));
  return dequantized;
}

class QuantizePass : public impl::QuantizePassBase<QuantizePass> {
public:
  using QuantizePassBase::QuantizePassBase;

  LogicalResult initialize(MLIRContext *) final {
    if (planFile.empty()) {
      loadError = "hwc-quantize needs plan=FILE (a plan from hwc calibrate)";
      return success();
    }
    try {
      std::optional<quant::QuantPlan> parsed =
          quant::readPlanJson(rt::readWholeFile(planFile), loadError);
      if (parsed)
        plan = std::move(*parsed);
      else
        loadError = planFile + ": " + loadError;
    } catch (const std::exception &error) {
      loadError = error.what();
    }
    return success();
  }

  void runOnOperation() final {
    func::FuncOp func = getOperation();
    if (!loadError.empty()) {
      mlir::emitError(func.getLoc()) << loadError;
      return signalPassFailure();
    }
    ValueIndex index(func);
    SmallVector<std::string> missing;
    for (const auto &[name, tensor] : plan.tensors) {
      Value value = index.find(name, tensor);
      if (!value) {
        missing.push_back(name);
        continue;
      }
      if (failed(quantize(value, name, tensor)))
        return signalPassFailure();
    }
    if (!missing.empty())
      mlir::emitWarning(func.getLoc()) << missing.size() << " tensor(s) of the plan are not in the model "
                         << "(a plan for another version of it?), e.g. '" << missing.front()
                         << "'";
  }

private:
  LogicalResult quantize(Value value, StringRef name, const quant::TensorPlan &tensor) {
    auto type = llvm::dyn_cast<RankedTensorType>(value.getType());
    // Already quantized (a second run) or not a float tensor: nothing to do.
    if (!type || !llvm::isa<FloatType>(type.getElementType()) ||
        llvm::any_of(value.getUsers(), isQuantizingUser))
      return success();
    if (tensor.params.float16)
      return type.getElementType().isF16() ? success() : insertHalfRoundTrip(value, type);
    if (tensor.role == quant::TensorRole::Activation)
      return insertQdq(value, type, tensor.params);
    auto constant = value.getDefiningOp<onnx::ConstantOp>();
    if (!constant)
      return success();
    return quantizeConstant(constant, name, type, tensor.params);
  }

  static bool isQuantizingUser(Operation *user) {
    if (auto cast = llvm::dyn_cast<onnx::CastOp>(user))
      return cast.getTo() == kOnnxFloat16;
    return llvm::isa<onnx::QuantizeLinearOp>(user);
  }

  /// v -> Cast(Cast(v, float16), type of v) for every reader of v: a tensor
  /// mixed precision keeps in half precision (weights and biases too; the
  /// constant folder may store them as float16 later).
  LogicalResult insertHalfRoundTrip(Value value, RankedTensorType type) {
    int64_t original = onnx::onnxDtypeForElementType(type.getElementType());
    if (original == 0)
      return success();
    OpBuilder builder = builderAfter(value);
    Location loc = locationOf(value);
    auto halfType = RankedTensorType::get(type.getShape(), builder.getF16Type());
    auto half = builder.create<onnx::CastOp>(loc, halfType, value, kOnnxFloat16, 1);
    auto restored = builder.create<onnx::CastOp>(loc, type, half, original, 1);
    value.replaceAllUsesExcept(restored, half);
    return success();
  }

  static constexpr int64_t kOnnxFloat16 = 10;

  /// v -> DequantizeLinear(QuantizeLinear(v)) for every reader of v.
  LogicalResult insertQdq(Value value, RankedTensorType type,
                          const rt::TensorQuantization &params) {
    OpBuilder builder = builderAfter(value);
    Location loc = locationOf(value);
    auto [scale, zero] =
        parameterConstants(builder, loc, params, llvm::cast<FloatType>(type.getElementType()));
    auto quantizedType =
        RankedTensorType::get(type.getShape(), storageType(builder.getContext(), params));
    auto quantized =
        builder.create<onnx::QuantizeLinearOp>(loc, quantizedType, value, scale, zero);
    if (isPerAxis(params))
      quantized.setAxis(uint64_t(params.axis));
    Value restored = dequantize(builder, loc, quantized, scale, zero, params, type);
    value.replaceAllUsesExcept(restored, quantized);
    return success();
  }

  /// A weight or bias becomes its integer levels, read through a
  /// DequantizeLinear.
  LogicalResult quantizeConstant(onnx::ConstantOp constant, StringRef name,
                                 RankedTensorType type, const rt::TensorQuantization &params) {
    std::optional<rt::Tensor> values = tensorFromAttr(constant.getValue());
    if (!values)
      return constant.emitError() << "cannot read the values of '" << name << "'";
    std::optional<rt::Tensor> levels;
    try {
      levels = rt::quantizeLevels(*values, params);
    } catch (const std::exception &error) {
      return constant.emitError() << "cannot quantize '" << name << "': " << error.what();
    }
    OpBuilder builder(constant);
    Location loc = constant.getLoc();
    auto levelType =
        RankedTensorType::get(type.getShape(), storageType(builder.getContext(), params));
    ElementsAttr attr = attrFromTensor(*levels, levelType, name);
    if (!attr)
      return constant.emitError() << "cannot store the levels of '" << name << "'";
    auto quantized = builder.create<onnx::ConstantOp>(loc, levelType, attr);
    quantized->setAttr("onnx.initializer", builder.getUnitAttr());
    auto [scale, zero] =
        parameterConstants(builder, loc, params, llvm::cast<FloatType>(type.getElementType()));
    Value restored = dequantize(builder, loc, quantized, scale, zero, params, type);
    constant.getResult().replaceAllUsesWith(restored);
    constant.erase();
    return success();
  }

  quant::QuantPlan plan;
  std::string loadError;
};

} // namespace
} // namespace hwc
