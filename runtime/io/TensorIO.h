//===- TensorIO.h - Read and write tensors as .pb and .npy ------*- C++ -*-===//
//
// Tensors travel as ONNX TensorProto files (`.pb`, the format of the ONNX
// backend test data) or NumPy `.npy` files. Readers check every size against
// the file and throw hwc::rt::Error naming the file on anything malformed.
//
//===----------------------------------------------------------------------===//

#ifndef HWC_RUNTIME_IO_TENSORIO_H
#define HWC_RUNTIME_IO_TENSORIO_H

#include "runtime/core/Tensor.h"

#include <memory>
#include <string>

namespace onnx {
class TensorProto;
}

namespace hwc::rt {

/// Converts a TensorProto. External data is read from `modelDirectory`
/// (never from outside it); `owner`, when given, keeps the proto alive so
/// that raw data can be borrowed instead of copied.
Tensor tensorFromProto(const ::onnx::TensorProto &proto,
                       const std::string &modelDirectory = "",
                       std::shared_ptr<const void> owner = nullptr);

/// Fills `proto` with `tensor` (raw_data form).
void tensorToProto(const Tensor &tensor, const std::string &name,
                   ::onnx::TensorProto &proto);

/// Reads a .pb (TensorProto) file; `name` (if given) receives its name.
Tensor readTensorProtoFile(const std::string &path, std::string *name = nullptr);
/// Reads a .npy file (version 1-3, little-endian, C order).
Tensor readNpyFile(const std::string &path);
/// Reads either, by extension (.npy or anything else as .pb).
Tensor readTensorFile(const std::string &path, std::string *name = nullptr);

/// Writes atomically (temporary file, then rename).
void writeTensorProtoFile(const std::string &path, const Tensor &tensor,
                          const std::string &name);
void writeNpyFile(const std::string &path, const Tensor &tensor);

/// Writes `contents` to `path` through a temporary file and a rename, so that
/// a failure never leaves a partial file.
void writeFileAtomically(const std::string &path, const std::string &contents);

/// Reads a whole file; throws naming the path when it cannot.
std::string readWholeFile(const std::string &path);

} // namespace hwc::rt

#endif // HWC_RUNTIME_IO_TENSORIO_H
