//===- RemoveIdentity.cpp - hwc-remove-identity ----------------------------===//
//
// Exported models carry nodes that do nothing at inference: Identity,
// Dropout, reshapes to the same shape, identity transposes and casts to the
// same type. Targets would otherwise map (and the report count) them as real
// work. Each is replaced by its input when that changes no type.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "dialects/ONNX/ONNXTypeUtils.h"

#include "llvm/ADT/TypeSwitch.h"

namespace hwc {
#define GEN_PASS_DEF_REMOVEIDENTITYPASS
#include "passes/Passes.h.inc"
} // namespace hwc

using namespace mlir;

namespace hwc {
namespace {

/// Dropout computes nothing when it is not training and its mask is unused.
bool isInferenceDropout(onnx::DropoutOp dropout) {
  if (!dropout.getMask().use_empty() &&
      !llvm::isa<NoneType>(dropout.getMask().getType()))
    return false;
  Value training = dropout.getTrainingMode();
  if (onnx::isNoneValue(training))
    return true;
  std::optional<SmallVector<int64_t>> values = onnx::getConstantIntegers(training);
  return values && values->size() == 1 && values->front() == 0;
}

bool isIdentityPermutation(onnx::TransposeOp transpose) {
  std::optional<ArrayAttr> perm = transpose.getPerm();
  auto type = llvm::dyn_cast<RankedTensorType>(transpose.getData().getType());
  if (!perm)
    return type && type.getRank() <= 1;
  for (auto [index, value] : llvm::enumerate(*perm))
    if (llvm::cast<IntegerAttr>(value).getInt() != static_cast<int64_t>(index))
      return false;
  return true;
}

/// The value `op` merely forwards, or null when it does real work.
Value forwardedInput(Operation *op) {
  if (op->getNumOperands() == 0 || op->getNumResults() == 0)
    return nullptr;
  Value input = op->getOperand(0);
  Type resultType = op->getResult(0).getType();
  // Only a drop-in replacement: the same type, so no user sees a change.
  if (input.getType() != resultType)
    return nullptr;
  bool forwards =
      llvm::TypeSwitch<Operation *, bool>(op)
          .Case<onnx::IdentityOp>([](auto) { return true; })
          .Case<onnx::DropoutOp>([](auto dropout) { return isInferenceDropout(dropout); })
          .Case<onnx::ReshapeOp, onnx::FlattenOp, onnx::SqueezeOp, onnx::UnsqueezeOp>(
              [&](Operation *) { return onnx::isStaticTensor(resultType); })
          .Case<onnx::TransposeOp>(
              [](auto transpose) { return isIdentityPermutation(transpose); })
          .Case<onnx::CastOp>([](auto) { return true; })
          .Default([](Operation *) { return false; });
  return forwards ? input : nullptr;
}

class RemoveIdentityPass : public impl::RemoveIdentityPassBase<RemoveIdentityPass> {
public:
  using RemoveIdentityPassBase::RemoveIdentityPassBase;

  void runOnOperation() final {
    SmallVector<Operation *> dead;
    getOperation().walk([&](Operation *op) {
      if (Value input = forwardedInput(op)) {
        op->getResult(0).replaceAllUsesWith(input);
        dead.push_back(op);
      }
    });
    for (Operation *op : dead)
      op->erase();
  }
};

} // namespace
} // namespace hwc
