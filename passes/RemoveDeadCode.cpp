//===- RemoveDeadCode.cpp - hwc-remove-dead-code ---------------------------===//
//
// Folding and the other simplifications leave initializers and nodes whose
// results nobody reads (the weights a folded subgraph consumed, the old
// BatchNormalization statistics, shape scaffolding). ONNX nodes have no side
// effects, so a node whose outputs reach no graph output computes nothing;
// removing them keeps the weight bytes the targets see and the exported
// model honest. One walk in reverse program order, so a chain of dead nodes
// goes in one pass.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "mlir/IR/Iterators.h"

namespace hwc {
#define GEN_PASS_DEF_REMOVEDEADCODEPASS
#include "passes/Passes.h.inc"
} // namespace hwc

using namespace mlir;

namespace hwc {
namespace {

bool isDead(Operation *op) {
  // Terminators and ops of other dialects (func, builtin) are structure.
  if (!llvm::isa<onnx::ONNXDialect>(op->getDialect()) || op->hasTrait<OpTrait::IsTerminator>())
    return false;
  return op->use_empty();
}

class RemoveDeadCodePass : public impl::RemoveDeadCodePassBase<RemoveDeadCodePass> {
public:
  using RemoveDeadCodePassBase::RemoveDeadCodePassBase;

  void runOnOperation() final {
    // Users come after their operands, so visiting blocks backwards sees
    // every user of an op before the op itself; nested regions (If/Loop
    // bodies) are visited before the op that owns them.
    getOperation().walk<WalkOrder::PostOrder, ReverseIterator>([](Operation *op) {
      if (isDead(op))
        op->erase();
    });
  }
};

} // namespace
} // namespace hwc
