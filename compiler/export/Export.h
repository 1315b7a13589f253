//===- Export.h - onnx dialect back to an ONNX model ---------------*- C++ -*-===//
//
// Writes a module of onnx dialect ops (after simplification) as an ONNX
// ModelProto that any ONNX tool reads: `hwc simplify` is built on it. Ops
// carry the newest opset's semantics, so the model declares ai.onnx opset 21
// (IR version 10); graph inputs and outputs keep their names and dim_params.
//
//===----------------------------------------------------------------------===//

#ifndef HWC_COMPILER_EXPORT_EXPORT_H
#define HWC_COMPILER_EXPORT_EXPORT_H

#include "mlir/IR/BuiltinOps.h"

#include <onnx/onnx_pb.h>

#include <optional>
#include <string>
#include <vector>

namespace hwc {

/// The ai.onnx opset and IR version exported models declare.
constexpr int kExportOpset = 21;
constexpr int kExportIrVersion = 10;

/// Exports `module`'s @main. Returns nullopt after appending one line per
/// problem (an op with no ONNX form, a subgraph) to `errors`.
std::optional<::onnx::ModelProto> exportModule(mlir::ModuleOp module,
                                               std::vector<std::string> &errors);

} // namespace hwc

#endif // HWC_COMPILER_EXPORT_EXPORT_H
