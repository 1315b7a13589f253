//===- InferShapes.cpp - hwc-infer-shapes ---------------------------------===//
//
// Propagates static shape information through a function with each op's
// inferReturnTypeComponents. One post-order walk suffices because ops are in
// dominance order and refinement never invalidates an earlier op.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

namespace hwc {
#define GEN_PASS_DEF_INFERSHAPESPASS
#include "passes/Passes.h.inc"
} // namespace hwc

using namespace mlir;

namespace hwc {
namespace {

class InferShapesPass : public impl::InferShapesPassBase<InferShapesPass> {
public:
  using InferShapesPassBase::InferShapesPassBase;

  void runOnOperation() final {
    func::FuncOp func = getOperation();
    // Post-order: the ops inside an If/Loop region are refined before the
    // op whose results follow from their yields; blocks are still walked
    // in order, so operands are always refined before their users.
    func.walk<WalkOrder::PostOrder>(
        [](Operation *op) { (void)onnx::refineResultTypes(op); });
    // The signature follows the refined values it returns.
    Operation *terminator = func.getBody().back().getTerminator();
    func.setType(FunctionType::get(&getContext(), func.getArgumentTypes(),
                                   terminator->getOperandTypes()));
  }
};

} // namespace
} // namespace hwc
