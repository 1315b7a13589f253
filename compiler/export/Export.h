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
#include "llvm/ADT/ArrayRef.h"

#include <google/protobuf/io/zero_copy_stream.h>
#include <onnx/onnx_pb.h>

#include <optional>
#include <string>
#include <vector>

namespace hwc {

/// The ai.onnx opset and IR version exported models declare.
constexpr int kExportOpset = 21;
constexpr int kExportIrVersion = 10;

/// An exported model whose weights are not copied into the protobuf: each
/// graph initializer whose `weightBytes` entry is non-empty has no raw_data
/// in `model`, and `write` streams those bytes (borrowed from the module's
/// blobs, so the module must outlive this) in its place. A 100 MB model is
/// written without a second 100 MB in memory.
struct ExportedModel {
  ::onnx::ModelProto model;
  /// Per graph initializer, in order; empty when the bytes are inline.
  std::vector<llvm::ArrayRef<char>> weightBytes;

  /// The size of the serialized model in bytes.
  size_t byteSize() const;
  /// Serializes the model, weights included, as one ModelProto. `model`
  /// is taken apart while writing and is whole again afterwards.
  bool write(google::protobuf::io::ZeroCopyOutputStream &stream);
};

/// Exports `module`'s @main. Returns nullopt after appending one line per
/// problem (an op with no ONNX form, a subgraph) to `errors`.
std::optional<ExportedModel> exportModule(mlir::ModuleOp module,
                                          std::vector<std::string> &errors);

} // namespace hwc

#endif // HWC_COMPILER_EXPORT_EXPORT_H
