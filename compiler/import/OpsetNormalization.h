//===- OpsetNormalization.h - Older opset forms to the newest ---*- C++ -*-===//
//
// The onnx dialect has one signature per operator: the newest. Models from
// older opsets pass some inputs as attributes (Unsqueeze axes before 13,
// Slice bounds before 10, Pad pads before 11, ...); this rewrites them into
// constant inputs while the node is imported.
//
//===----------------------------------------------------------------------===//

#ifndef HWC_COMPILER_IMPORT_OPSETNORMALIZATION_H
#define HWC_COMPILER_IMPORT_OPSETNORMALIZATION_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/OperationSupport.h"

namespace hwc {

/// Operands and attributes of one node being imported.
struct NodeOperands {
  llvm::SmallVector<mlir::Value> operands;
  llvm::SmallVector<mlir::NamedAttribute> attributes;
  unsigned numOutputs = 0;
};

/// Rewrites `node` (op `opType` at ai.onnx `opset`) into the newest form.
/// `none` is the placeholder value for left-out optional inputs.
void normalizeLegacyForm(mlir::OpBuilder &builder, mlir::Location loc,
                         llvm::StringRef opType, int opset, mlir::Value none,
                         NodeOperands &node);

/// Number of inputs of the newest form of `opType`, or -1 if variadic.
int newestInputCount(llvm::StringRef opType);

/// Number of outputs of the newest form of `opType` (optional ones
/// included), or -1 if variadic or unknown.
int newestOutputCount(llvm::StringRef opType);

} // namespace hwc

#endif // HWC_COMPILER_IMPORT_OPSETNORMALIZATION_H
