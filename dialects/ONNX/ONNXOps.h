//===- ONNXOps.h - The onnx dialect: dialect, types and ops -----*- C++ -*-===//
//
// Public header of the onnx dialect. Include this to use any onnx op; the
// op classes are generated from ONNXOps.td.
//
//===----------------------------------------------------------------------===//

#ifndef HWC_DIALECTS_ONNX_ONNXOPS_H
#define HWC_DIALECTS_ONNX_ONNXOPS_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace hwc::onnx {

/// Checks that every tensor result of `op` is compatible with the shape and
/// element type its own shape inference computes (a dynamic dimension is
/// compatible with any size). Emits an error at the op on mismatch.
mlir::LogicalResult verifyInferredTypesCompatible(mlir::Operation *op);

/// Refines the result types of `op` with what its own shape inference
/// knows: unknown ranks, dimensions and element types are filled in, known
/// ones are kept (a contradiction is left for the verifier to report).
/// Returns true if any type changed.
bool refineResultTypes(mlir::Operation *op);

/// Op trait behind ONNX_InferredTypesCompatible in ONNXDialect.td.
template <typename ConcreteType>
class InferredTypesCompatible
    : public mlir::OpTrait::TraitBase<ConcreteType, InferredTypesCompatible> {
public:
  static mlir::LogicalResult verifyTrait(mlir::Operation *op) {
    return verifyInferredTypesCompatible(op);
  }
};

} // namespace hwc::onnx

#include "dialects/ONNX/ONNXOpsDialect.h.inc"

#define GET_TYPEDEF_CLASSES
#include "dialects/ONNX/ONNXOpsTypes.h.inc"

#define GET_OP_CLASSES
#include "dialects/ONNX/ONNXOps.h.inc"

#endif // HWC_DIALECTS_ONNX_ONNXOPS_H
