//===- Coverage.h - Per-node target decisions as IR attributes ----*- C++ -*-===//
//
// hwc-target-coverage stores each node's decision for a target in the
// `hwc.coverage` attribute; the report reads it back. These two functions
// are the attribute's only writer and reader.
//
//===----------------------------------------------------------------------===//

#ifndef HWC_TARGETS_COVERAGE_H
#define HWC_TARGETS_COVERAGE_H

#include "targets/Target.h"

#include "mlir/IR/Operation.h"

#include <optional>

namespace hwc::target {

/// The attribute holding every target's decision on a node.
constexpr llvm::StringLiteral kCoverageAttr = "hwc.coverage";

/// Stores `decision` as `op`'s verdict for `target`.
void attachDecision(mlir::Operation *op, const Target &target, const Decision &decision);

/// Reads `op`'s verdict for `target`; nullopt when the pass has not run.
std::optional<Decision> readDecision(mlir::Operation *op, const Target &target);

} // namespace hwc::target

#endif // HWC_TARGETS_COVERAGE_H
