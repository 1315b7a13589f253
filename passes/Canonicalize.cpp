//===- Canonicalize.cpp - hwc-canonicalize ---------------------------------===//
//
// The upstream greedy pattern driver with the onnx dialect's own
// canonicalization patterns (dialects/ONNX/ONNXCanonicalize.td) and op
// folders. Unlike upstream `--canonicalize` it collects only onnx patterns,
// so what it may do to a model is exactly what that .td file says, and it
// leaves If/Loop regions' block structure alone (they are ONNX subgraphs,
// not control flow to merge).
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace hwc {
#define GEN_PASS_DEF_CANONICALIZEPASS
#include "passes/Passes.h.inc"
} // namespace hwc

using namespace mlir;

namespace hwc {
namespace {

class CanonicalizePass : public impl::CanonicalizePassBase<CanonicalizePass> {
public:
  using CanonicalizePassBase::CanonicalizePassBase;

  LogicalResult initialize(MLIRContext *context) final {
    RewritePatternSet set(context);
    for (RegisteredOperationName op : context->getRegisteredOperations())
      if (op.getDialectNamespace() == onnx::ONNXDialect::getDialectNamespace())
        op.getCanonicalizationPatterns(set, context);
    patterns = FrozenRewritePatternSet(std::move(set));
    return success();
  }

  void runOnOperation() final {
    // The driver's constant folder moves every constant to the top of the
    // function and gives moved or deduplicated constants an unknown
    // location. The location is the initializer's name, which the exported
    // model and every diagnostic use; keep it.
    DenseMap<Operation *, std::pair<Location, Attribute>> constantNames;
    getOperation().walk([&](onnx::ConstantOp constant) {
      constantNames.try_emplace(constant, constant.getLoc(), constant.getValue());
    });
    GreedyRewriteConfig config;
    // Program order: producers are simplified before their users see them.
    config.useTopDownTraversal = true;
    config.enableRegionSimplification = GreedySimplifyRegionLevel::Disabled;
    // Not converging within the driver's iteration limit leaves a correct,
    // only less simplified, graph; like upstream --canonicalize, go on.
    (void)applyPatternsAndFoldGreedily(getOperation(), patterns, config);
    getOperation().walk([&](onnx::ConstantOp constant) {
      auto found = constantNames.find(constant);
      // The value check guards against a new constant at an erased one's
      // address.
      if (found != constantNames.end() && found->second.second == constant.getValue())
        constant->setLoc(found->second.first);
    });
  }

private:
  FrozenRewritePatternSet patterns;
};

} // namespace
} // namespace hwc
