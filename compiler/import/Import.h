//===- Import.h - ONNX model import into the onnx dialect -------*- C++ -*-===//
//
// The importer's public entry point: read an ONNX model (.onnx protobuf or
// .onnxtxt text), validate it, and build a module with one func.func @main
// of onnx dialect ops. Every problem is reported as an MLIR diagnostic at a
// location that names the file (FileLineColLoc) or the node (NameLoc); the
// caller's diagnostic handler decides how to print them.
//
//===----------------------------------------------------------------------===//

#ifndef HWC_COMPILER_IMPORT_IMPORT_H
#define HWC_COMPILER_IMPORT_IMPORT_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/StringRef.h"

namespace hwc {

/// The oldest and newest ai.onnx opsets the importer accepts.
constexpr int kMinOpset = 7;
constexpr int kMaxOpset = 21;
/// The newest opset libonnx (1.12) knows; newer models skip its checker and
/// shape inference and rely on hwc's own.
constexpr int kLibOnnxMaxOpset = 17;
/// The IR versions the importer accepts.
constexpr int kMinIrVersion = 3;
constexpr int kMaxIrVersion = 10;

struct ImportOptions {
  /// Run libonnx's per-node checker (attribute and arity rules).
  bool runChecker = true;
  /// Run libonnx's shape inference to type intermediate values.
  bool runShapeInference = true;
};

/// Registers every dialect the importer creates ops of.
void registerImportDialects(mlir::MLIRContext &context);

/// Imports the model at `path`. Returns null after emitting at least one
/// error diagnostic. Never asserts on malformed input.
mlir::OwningOpRef<mlir::ModuleOp> importModelFile(mlir::MLIRContext &context,
                                                  llvm::StringRef path,
                                                  const ImportOptions &options = {});

} // namespace hwc

#endif // HWC_COMPILER_IMPORT_IMPORT_H
