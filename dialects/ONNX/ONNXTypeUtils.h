//===- ONNXTypeUtils.h - ONNX dtypes, constants and shape helpers -*- C++ -*-===//
//
// Small helpers shared by the onnx dialect, the importer and passes: the
// mapping between ONNX TensorProto data types and MLIR element types, and
// reading small integer constants (shapes, axes) out of onnx.Constant.
//
//===----------------------------------------------------------------------===//

#ifndef HWC_DIALECTS_ONNX_ONNXTYPEUTILS_H
#define HWC_DIALECTS_ONNX_ONNXTYPEUTILS_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Value.h"

#include <cstdint>
#include <optional>
#include <string>

namespace hwc::onnx {

/// The MLIR element type of an ONNX `TensorProto.DataType` value, or null
/// when the value names no data type hwc knows.
mlir::Type elementTypeForOnnxDtype(mlir::MLIRContext *ctx, int64_t dtype);

/// The ONNX `TensorProto.DataType` value of an MLIR element type, or 0
/// (UNDEFINED) when there is none.
int64_t onnxDtypeForElementType(mlir::Type type);

/// The integer values of `attr` as int64, for integer element types only.
/// Works for dense and dense_resource attributes.
std::optional<llvm::SmallVector<int64_t>>
readIntegerElements(mlir::ElementsAttr attr);

/// The floating-point values of `attr` as double (f16, bf16, f32, f64).
std::optional<llvm::SmallVector<double>>
readFloatElements(mlir::ElementsAttr attr);

/// The integer values of `value` when it is produced by onnx.Constant.
std::optional<llvm::SmallVector<int64_t>> getConstantIntegers(mlir::Value value);

/// The floating-point values of `value` when it is produced by onnx.Constant.
std::optional<llvm::SmallVector<double>> getConstantFloats(mlir::Value value);

/// Whether `type` is a ranked tensor with every dimension known.
bool isStaticTensor(mlir::Type type);

/// Whether `value` is the `none` placeholder of a left-out optional input.
bool isNoneValue(mlir::Value value);

/// Whether `op` stands for a node of the ONNX model: not a weight, a
/// normalized attribute, a legacy-form helper or a structural op.
bool isModelNode(mlir::Operation *op);

/// The ONNX node name an op was imported from (its NameLoc, also inside a
/// FusedLoc); the op type when it has none.
std::string nodeName(mlir::Operation *op);

/// Renames nodes (ONNX ops other than constants and terminators, in
/// subgraphs too, pre-order) so that no two share a name, the way the
/// exporter names them: the second "x" becomes "x_1". A model exported and
/// loaded elsewhere (calibration) then names its nodes as the module does.
void makeNodeNamesUnique(mlir::Operation *root);

/// The ONNX op type of an onnx dialect op ("Conv"); a custom op's own type.
std::string opTypeOf(mlir::Operation *op);

} // namespace hwc::onnx

#endif // HWC_DIALECTS_ONNX_ONNXTYPEUTILS_H
