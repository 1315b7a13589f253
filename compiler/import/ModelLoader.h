//===- ModelLoader.h - Read and validate an ONNX ModelProto -----*- C++ -*-===//
//
// The importer's first phase: turn a file into a ModelProto that later
// phases may trust. Reads protobuf or text, says precisely why a file is not
// a model (empty, not protobuf, truncated), checks the IR version, opsets,
// graph structure (undefined inputs, duplicate outputs, cycles), shapes
// (negative or overflowing dimensions), tensor sizes and external data
// (which must stay inside the model's directory), and runs libonnx's
// checker and shape inference.
//
//===----------------------------------------------------------------------===//

#ifndef HWC_COMPILER_IMPORT_MODELLOADER_H
#define HWC_COMPILER_IMPORT_MODELLOADER_H

#include "compiler/import/Import.h"

#include "mlir/IR/Location.h"
#include "mlir/Support/LogicalResult.h"

#include <onnx/onnx_pb.h>

#include <map>
#include <memory>
#include <string>

namespace llvm {
class MemoryBuffer;
}

namespace hwc {

/// A validated model and what the importer needs to know about it.
struct LoadedModel {
  ::onnx::ModelProto proto;
  std::string path;
  std::string directory;
  /// ai.onnx opset version.
  int opset = 0;
  /// Every opset import, by domain ("" for ai.onnx).
  std::map<std::string, int> opsets;
  /// Nodes of the main graph in a valid execution order (indices into
  /// proto.graph().node()).
  std::vector<int> topologicalOrder;
  /// Types of the main graph's outputs as the model declares them (before
  /// shape inference adds made-up dimension names).
  std::vector<::onnx::TypeProto> declaredOutputTypes;
};

/// Reads and validates `path`; on failure emits an error at `fileLoc` (or
/// at the offending node) and returns null.
std::unique_ptr<LoadedModel> loadModel(mlir::MLIRContext &context,
                                       llvm::StringRef path,
                                       const ImportOptions &options);

/// The nodes of `graph` in an order where every value (including outer
/// values read inside subgraphs) is produced before it is read. When the
/// graph has a cycle the order is incomplete and `*blockedNode` (if given)
/// is a node on or behind the cycle, else -1.
std::vector<int> topologicalOrder(const ::onnx::GraphProto &graph,
                                  int *blockedNode = nullptr);

/// Number of elements of `tensor`'s shape, or nullopt on a negative
/// dimension or int64 overflow.
std::optional<int64_t> elementCount(const ::onnx::TensorProto &tensor);

/// Size in bytes of one element of an ONNX dtype with a fixed width, or 0.
int64_t dtypeByteWidth(int dtype);

/// A location naming an ONNX node (its name, or its first output's name
/// when the node is unnamed).
mlir::Location nodeLocation(mlir::MLIRContext &context,
                            const ::onnx::NodeProto &node);

/// Where the external data of a tensor lies: a file inside the model's
/// directory (symlinks resolved) and a byte range checked against its size.
struct ExternalDataSlice {
  std::string path;
  /// The `location` entry as the model wrote it, for messages.
  std::string location;
  uint64_t offset = 0;
  uint64_t size = 0;
};

/// Validates the external-data entries of `tensor`: a relative location
/// that stays inside `modelDirectory`, an existing file, and a range within
/// it. On failure emits an error at `loc`. Reads no data.
std::optional<ExternalDataSlice>
resolveExternalData(const ::onnx::TensorProto &tensor,
                    llvm::StringRef modelDirectory, mlir::Location loc);

/// Resolves the external data of `tensor` and memory-maps the bytes it
/// names. On failure emits an error at `loc`.
std::unique_ptr<llvm::MemoryBuffer>
mapExternalData(const ::onnx::TensorProto &tensor,
                llvm::StringRef modelDirectory, mlir::Location loc);

} // namespace hwc

#endif // HWC_COMPILER_IMPORT_MODELLOADER_H
