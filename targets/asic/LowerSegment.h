//===- LowerSegment.h - ASIC segments to systolic programs ---------*- C++ -*-===//
//
// The ASIC back end in three steps, each its own file:
//
// * ExtractSegments.cpp finds the int8 layers of a QDQ module (Conv,
//   Gemm/MatMul, pooling, Add/Sum, Flatten/Reshape folded into the next
//   Gemm) and replaces each run of them by one `hwc.asic` AsicSegment node;
//   everything else stays in @main and runs on the host (fallback).
// * LowerSegment.cpp schedules a segment onto the array as a
//   `systolic.program`: DRAM placement, unified-buffer slots, band tiling,
//   pre-tiled weights, requantization tables and semaphores.
// * EmitProgram.cpp turns a `systolic.program` into ISA words, the DRAM
//   image and the layer table.
//
//===----------------------------------------------------------------------===//

#ifndef HWC_TARGETS_ASIC_LOWERSEGMENT_H
#define HWC_TARGETS_ASIC_LOWERSEGMENT_H

#include "dialects/Systolic/SystolicOps.h"
#include "runtime/sim/systolic/Segment.h"

#include "mlir/IR/BuiltinOps.h"

#include <optional>
#include <string>
#include <vector>

namespace hwc::asic {

/// One layer the extraction could not put on the array, and why.
struct HostNode {
  std::string name, opType, reason;
};

/// The module's ASIC segments; @main keeps the rest, with one
/// `onnx.custom "AsicSegment"` (domain hwc.asic, attribute `segment`) per
/// segment in its place.
struct ExtractedModel {
  std::vector<rt::systolic::Segment> segments;
  /// Nodes left on the host that are not plain data movement.
  std::vector<HostNode> hostNodes;
};

/// Rewrites `module`'s @main. Fails (after emitting the diagnostic) only on
/// IR it cannot read; nodes the array cannot run stay on the host.
mlir::FailureOr<ExtractedModel> extractSegments(mlir::ModuleOp module);

/// Fuses each residual Add into the convolution producing one of its
/// operands, whose ACTIVATE then adds the other (FuseResidualAdds.cpp).
void fuseResidualAdds(rt::systolic::Segment &segment);

/// Lays out segment inputs read only by a convolution with few input
/// channels (at most a quarter of the array's `rows`) as im2col patches, so
/// that the layer is one 1x1 product (Im2colInputs.cpp).
void im2colThinInputs(rt::systolic::Segment &segment, int64_t rows);

/// Places `segment`'s tensors in DRAM (updating their dramRow) and appends
/// its `systolic.program` named `name` to `module`. Fails with a diagnostic
/// naming the layer when one does not fit the array's memories.
mlir::FailureOr<systolic::ProgramOp> lowerSegment(mlir::ModuleOp module,
                                                  rt::systolic::Segment &segment,
                                                  const rt::systolic::ArrayConfig &array,
                                                  llvm::StringRef name);

/// Resolves buffers to addresses and encodes every instruction op into
/// `out`'s program, DRAM image and layer marks (its segment and array are
/// the caller's).
mlir::LogicalResult emitProgram(systolic::ProgramOp program, rt::systolic::SegmentProgram &out);

/// The back end on a quantized module: extracts the segments (rewriting
/// @main into the host graph), lowers each to a `systolic.program` in
/// `module` and emits it. Fails with diagnostics naming the layer.
mlir::LogicalResult compileSegments(mlir::ModuleOp module, const rt::systolic::ArrayConfig &array,
                                    llvm::StringRef configName, ExtractedModel &extracted,
                                    std::vector<rt::systolic::SegmentProgram> &programs);

} // namespace hwc::asic

namespace hwc::target {
class TargetConfig;
/// The array an asic config describes, as the simulator and the code
/// generator see it; nullopt with one line per problem (naming the field)
/// when the code generator cannot use it.
std::optional<rt::systolic::ArrayConfig> asicArrayConfig(const TargetConfig &config,
                                                         double &clockMHz,
                                                         std::vector<std::string> &errors);
} // namespace hwc::target

#endif // HWC_TARGETS_ASIC_LOWERSEGMENT_H
