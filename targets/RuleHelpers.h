//===- RuleHelpers.h - Checks every target's capability table shares -*- C++ -*-===//
//
// Static shapes, rank limits, custom ops and attribute reads are checked the
// same way by every target; only the rule IDs differ. These helpers keep
// the wording of those findings identical across targets.
//
//===----------------------------------------------------------------------===//

#ifndef HWC_TARGETS_RULEHELPERS_H
#define HWC_TARGETS_RULEHELPERS_H

#include "targets/Target.h"

#include "mlir/IR/Operation.h"

#include <optional>

namespace hwc::target {

/// The rule `id` of a target's own table (a programming error if absent).
const Rule &ruleById(llvm::ArrayRef<Rule> table, llvm::StringRef id);

/// Adds `unbound` when a node has a dynamic dim and the model has unbound
/// input dims (hint: --dim/--shape), else `computed` (the size is only
/// known at run time).
void checkStaticShapes(const NodeFacts &node, const ModelFacts &model,
                       const Rule &unbound, const Rule &computed, Decision &decision);

/// The --dim/--shape flags that would bind the model's dynamic input dims
/// ("--dim N=1 --shape mask=..."); empty when every input is static.
std::string suggestedBindFlags(const ModelFacts &model);

/// Adds `rule` when the node's largest rank exceeds `maxRank`.
void checkRank(const NodeFacts &node, int64_t maxRank, const Rule &rule,
               Decision &decision);

/// The verdict every target gives without looking at its own rules: a
/// compile-time-constant node is Native (it is folded), and an op hwc does
/// not model (onnx.custom) trips `customRule`. Nullopt for other nodes.
std::optional<Decision> decideFoldedOrCustom(const NodeFacts &node,
                                             const Rule &customRule,
                                             llvm::StringRef targetName);

/// Ops that only reinterpret a tensor's shape: free on every target.
bool isShapeOnlyOp(llvm::StringRef opType);

/// An integer-array attribute, or nullopt when absent.
std::optional<std::vector<int64_t>> intArrayAttr(mlir::Operation *op,
                                                 llvm::StringRef name);
/// A string attribute, or `fallback` when absent.
std::string stringAttr(mlir::Operation *op, llvm::StringRef name,
                       llvm::StringRef fallback);
/// The static shape of operand or result `value` with dynamic dims as 1.
std::vector<int64_t> shapeOf(mlir::Value value);
/// Whether `type` is a float tensor.
bool isFloatTensor(mlir::Type type);

/// "12.3 MiB"-style text.
std::string formatBytes(double bytes);
/// "1.23 G"-style text (k, M, G, T).
std::string formatCount(double count);

} // namespace hwc::target

#endif // HWC_TARGETS_RULEHELPERS_H
