//===- TensorImport.cpp - ONNX TensorProto to MLIR attributes -------------===//
//
// Weights become DenseResourceElementsAttr blobs. Three sources, each read
// once: raw_data (the protobuf string is released and owned by the blob),
// typed repeated fields (packed into a fresh blob: the one copy), external
// data (a memory-mapped slice of the data file). The loader has already
// checked every size, so this file only converts.
//
//===----------------------------------------------------------------------===//

#include "compiler/import/TensorImport.h"

#include "llvm/ADT/StringExtras.h"
#include "compiler/import/ModelLoader.h"
#include "dialects/ONNX/ONNXOps.h"
#include "dialects/ONNX/ONNXTypeUtils.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Alignment.h"
#include "llvm/Support/MemoryBuffer.h"

#include <cstring>

using namespace mlir;

namespace hwc {

namespace {

/// Blob alignment for an element of `width` bytes.
size_t alignmentFor(int64_t width) {
  return std::min<size_t>(std::max<int64_t>(width, 1), 8);
}

/// Wraps memory owned by `owner` in a blob without copying, or copies when
/// the memory is not aligned for the element type.
template <typename Owner>
AsmResourceBlob wrapOwned(std::unique_ptr<Owner> owner, ArrayRef<char> bytes,
                          size_t alignment, bool mutableData) {
  if (!llvm::isAddrAligned(llvm::Align(alignment), bytes.data()))
    return HeapAsmResourceBlob::allocateAndCopyWithAlign(bytes, alignment);
  std::shared_ptr<Owner> shared = std::move(owner);
  return AsmResourceBlob(
      bytes, alignment,
      [shared](void *, size_t, size_t) mutable { shared.reset(); },
      mutableData);
}

/// Packs the typed repeated field of `tensor` into a new blob.
AsmResourceBlob packTypedField(const ::onnx::TensorProto &tensor, int64_t count,
                               int64_t width) {
  AsmResourceBlob blob =
      HeapAsmResourceBlob::allocate(count * width, alignmentFor(width));
  // An empty tensor has no storage to copy (and memcpy from the null data()
  // of an empty repeated field is undefined behaviour).
  if (count == 0)
    return blob;
  char *out = blob.getMutableData().data();
  auto store = [&](int64_t index, auto value, int64_t bytes) {
    std::memcpy(out + index * bytes, &value, bytes);
  };
  switch (tensor.data_type()) {
  case ::onnx::TensorProto::FLOAT:
  case ::onnx::TensorProto::COMPLEX64:
    std::memcpy(out, tensor.float_data().data(), count * width);
    break;
  case ::onnx::TensorProto::DOUBLE:
  case ::onnx::TensorProto::COMPLEX128:
    std::memcpy(out, tensor.double_data().data(), count * width);
    break;
  case ::onnx::TensorProto::INT64:
    std::memcpy(out, tensor.int64_data().data(), count * width);
    break;
  case ::onnx::TensorProto::UINT32:
    for (int64_t i = 0; i < count; ++i)
      store(i, static_cast<uint32_t>(tensor.uint64_data(i)), 4);
    break;
  case ::onnx::TensorProto::UINT64:
    std::memcpy(out, tensor.uint64_data().data(), count * width);
    break;
  default:
    // int32_data holds every narrower type (and float16/bfloat16 bits).
    for (int64_t i = 0; i < count; ++i) {
      int32_t value = tensor.int32_data(i);
      std::memcpy(out + i * width, &value, width);
    }
    break;
  }
  return blob;
}

ElementsAttr importStrings(RankedTensorType type,
                           const ::onnx::TensorProto &tensor) {
  SmallVector<StringRef> values(tensor.string_data().begin(),
                                tensor.string_data().end());
  return DenseStringElementsAttr::get(type, values);
}

} // namespace

RankedTensorType tensorTypeOf(MLIRContext &context,
                              const ::onnx::TensorProto &tensor) {
  Type element = onnx::elementTypeForOnnxDtype(&context, tensor.data_type());
  if (!element)
    return {};
  SmallVector<int64_t> dims(tensor.dims().begin(), tensor.dims().end());
  return RankedTensorType::get(dims, element);
}

/// `name` as a valid MLIR bare identifier, so the printed IR (with
/// --print-weights) parses again: ONNX names such as "onnx::Conv_33" or
/// "gpu_0/conv1_w_0" become "onnx__Conv_33" and "gpu_0_conv1_w_0". Only the
/// blob key changes; MLIR makes clashing keys unique.
static std::string blobKey(StringRef name) {
  std::string key;
  for (char c : name)
    key += (llvm::isAlnum(c) || c == '_' || c == '$' || c == '.') ? c : '_';
  if (key.empty() || !(llvm::isAlpha(key[0]) || key[0] == '_'))
    key.insert(key.begin(), '_');
  return key;
}

ElementsAttr importTensor(MLIRContext &context, ::onnx::TensorProto &tensor,
                          StringRef blobName, StringRef modelDirectory,
                          Location loc) {
  RankedTensorType type = tensorTypeOf(context, tensor);
  if (!type)
    return emitError(loc) << "tensor '" << tensor.name()
                          << "' has unsupported data type "
                          << tensor.data_type(), nullptr;
  if (tensor.data_type() == ::onnx::TensorProto::STRING)
    return importStrings(type, tensor);
  int64_t width = dtypeByteWidth(tensor.data_type());
  size_t alignment = alignmentFor(width);
  int64_t count = *elementCount(tensor);
  AsmResourceBlob blob;
  if (tensor.data_location() == ::onnx::TensorProto::EXTERNAL) {
    std::unique_ptr<llvm::MemoryBuffer> mapped =
        mapExternalData(tensor, modelDirectory, loc);
    if (!mapped)
      return nullptr;
    ArrayRef<char> bytes(mapped->getBufferStart(), mapped->getBufferSize());
    blob = wrapOwned(std::move(mapped), bytes, alignment, false);
  } else if (tensor.has_raw_data()) {
    std::unique_ptr<std::string> raw(tensor.release_raw_data());
    ArrayRef<char> bytes(raw->data(), raw->size());
    blob = wrapOwned(std::move(raw), bytes, alignment, true);
  } else {
    blob = packTypedField(tensor, count, width);
  }
  return DenseResourceElementsAttr::get(type, blobKey(blobName), std::move(blob));
}

} // namespace hwc
