//===- TensorImport.h - ONNX TensorProto to MLIR attributes -----*- C++ -*-===//
//
// Converts initializers and tensor attributes into dense_resource blobs that
// own the bytes (the protobuf's raw_data string is moved, external data is
// memory-mapped), so a weight is never held twice.
//
//===----------------------------------------------------------------------===//

#ifndef HWC_COMPILER_IMPORT_TENSORIMPORT_H
#define HWC_COMPILER_IMPORT_TENSORIMPORT_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Location.h"

#include <onnx/onnx_pb.h>

namespace hwc {

/// The MLIR tensor type of an ONNX TensorProto, or null for an unknown dtype.
mlir::RankedTensorType tensorTypeOf(mlir::MLIRContext &context,
                                    const ::onnx::TensorProto &tensor);

/// Imports `tensor` as an ElementsAttr named `blobName`. Takes the tensor's
/// raw_data instead of copying it (the proto is left without it). Emits an
/// error at `loc` and returns null on failure.
mlir::ElementsAttr importTensor(mlir::MLIRContext &context,
                                ::onnx::TensorProto &tensor,
                                llvm::StringRef blobName,
                                llvm::StringRef modelDirectory,
                                mlir::Location loc);

} // namespace hwc

#endif // HWC_COMPILER_IMPORT_TENSORIMPORT_H
