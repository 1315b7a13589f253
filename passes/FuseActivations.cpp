//===- FuseActivations.cpp - hwc-fuse-activations --------------------------===//
//
// Every target applies an activation on the way out of a Conv or Gemm: the
// ASIC's activation engine requantizes and clamps as it drains the
// accumulators, a spiking population's threshold is the ReLU, a GPU kernel
// applies it in its epilogue. The pass marks such pairs so target lowering
// and the report treat them as one layer; the graph itself is unchanged, so
// the runtime and the exported model still see two nodes.
//
//   producer: `hwc.activation = {kind = "Clip", min = 0.0, max = 6.0}`
//   activation: `hwc.fused_into = "<producer node name>"`
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "dialects/ONNX/ONNXTypeUtils.h"

#include "mlir/IR/Builders.h"

namespace hwc {
#define GEN_PASS_DEF_FUSEACTIVATIONSPASS
#include "passes/Passes.h.inc"
} // namespace hwc

using namespace mlir;

namespace hwc {
namespace {

/// A single constant value of a Clip bound, or nullopt when it is not one.
std::optional<double> scalarBound(Value bound) {
  std::optional<SmallVector<double>> values = onnx::getConstantFloats(bound);
  if (!values || values->size() != 1)
    return std::nullopt;
  return values->front();
}

/// What the activation computes, as the producer's `hwc.activation`; null
/// when a target could not apply it in an epilogue (a Clip by a run-time
/// bound).
DictionaryAttr describeActivation(Operation *activation) {
  Builder builder(activation->getContext());
  SmallVector<NamedAttribute> fields;
  fields.push_back(builder.getNamedAttr(
      "kind", builder.getStringAttr(activation->getName().stripDialect())));
  if (auto leaky = llvm::dyn_cast<onnx::LeakyReluOp>(activation)) {
    fields.push_back(builder.getNamedAttr("alpha", leaky.getAlphaAttr()));
  } else if (auto clip = llvm::dyn_cast<onnx::ClipOp>(activation)) {
    for (auto [name, bound] : {std::pair<StringRef, Value>{"min", clip.getMin()},
                               {"max", clip.getMax()}}) {
      if (onnx::isNoneValue(bound))
        continue;
      std::optional<double> value = scalarBound(bound);
      if (!value)
        return nullptr;
      fields.push_back(builder.getNamedAttr(name, builder.getF64FloatAttr(*value)));
    }
  } else if (!llvm::isa<onnx::ReluOp>(activation)) {
    return nullptr;
  }
  return builder.getDictionaryAttr(fields);
}

void markPair(Operation *producer) {
  Value result = producer->getResult(0);
  // Another reader needs the value before the activation.
  if (!result.hasOneUse())
    return;
  Operation *activation = *result.getUsers().begin();
  DictionaryAttr description = describeActivation(activation);
  if (!description)
    return;
  producer->setAttr("hwc.activation", description);
  activation->setAttr("hwc.fused_into", StringAttr::get(producer->getContext(),
                                                        onnx::nodeName(producer)));
}

class FuseActivationsPass : public impl::FuseActivationsPassBase<FuseActivationsPass> {
public:
  using FuseActivationsPassBase::FuseActivationsPassBase;

  void runOnOperation() final {
    // Marks from an earlier run describe pairs that may no longer exist.
    getOperation().walk([](Operation *op) {
      op->removeAttr("hwc.activation");
      op->removeAttr("hwc.fused_into");
    });
    getOperation().walk([](Operation *op) {
      if (llvm::isa<onnx::ConvOp, onnx::GemmOp>(op))
        markPair(op);
    });
  }
};

} // namespace
} // namespace hwc
