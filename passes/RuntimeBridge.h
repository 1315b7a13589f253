//===- RuntimeBridge.h - onnx dialect values and the runtime ------*- C++ -*-===//
//
// Passes that execute ONNX semantics (constant folding, later calibration)
// call the reference runtime's kernels instead of re-implementing ops. This
// bridge converts between MLIR constants and runtime tensors, and rebuilds
// an onnx dialect op as the ONNX NodeProto a runtime kernel reads.
//
//===----------------------------------------------------------------------===//

#ifndef HWC_PASSES_RUNTIMEBRIDGE_H
#define HWC_PASSES_RUNTIMEBRIDGE_H

#include "runtime/core/Tensor.h"
#include "runtime/core/ThreadPool.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Operation.h"

#include <onnx/onnx_pb.h>

#include <optional>

namespace hwc {

/// The runtime tensor holding `attr`'s values; nullopt for element types the
/// bridge does not carry (sub-byte, complex, strings).
std::optional<rt::Tensor> tensorFromAttr(mlir::ElementsAttr attr);

/// A dense_resource attribute of `type` holding `tensor`'s bytes, in a blob
/// named after `name`. Null when the dtypes do not match.
mlir::ElementsAttr attrFromTensor(const rt::Tensor &tensor, mlir::RankedTensorType type,
                                  llvm::StringRef name);

/// Appends `attr` as ONNX attribute `name` to `node`; false when it has no
/// ONNX form (the node is left without it).
bool appendOnnxAttribute(::onnx::NodeProto &node, llvm::StringRef name,
                         mlir::Attribute attr);

/// Appends `op`'s ONNX attributes (all but discardable `onnx.*`/`hwc.*`
/// ones) to `node`; false when one has no ONNX form.
bool appendOnnxAttributes(::onnx::NodeProto &node, mlir::Operation *op);

/// The tensor proto holding `attr` (raw data, or string_data for strings);
/// false for element types the bridge does not carry.
bool tensorProtoFromAttr(mlir::ElementsAttr attr, ::onnx::TensorProto &proto);

/// The ONNX node `op` stands for, with inputs named "i0", "i1", ... ("" for
/// `none`) and outputs "o0", ...; nullopt when an attribute has no ONNX form.
std::optional<::onnx::NodeProto> nodeProtoFromOp(mlir::Operation *op);

/// Runs `op`'s runtime kernel (at the dialect's opset) on `inputs`, one per
/// operand (invalid tensors for omitted ones). Returns nullopt when the op
/// has no ONNX form or no kernel; throws rt::Error when the kernel rejects
/// the inputs. Ops with subgraphs are not supported.
std::optional<std::vector<rt::Tensor>> runWithKernel(mlir::Operation *op,
                                                     std::vector<rt::Tensor> inputs,
                                                     rt::ThreadPool &pool);

} // namespace hwc

#endif // HWC_PASSES_RUNTIMEBRIDGE_H
