//===- Tensor.h - Runtime tensors -------------------------------*- C++ -*-===//
//
// A Tensor is a dtype, a shape, strides and a reference-counted buffer that
// either owns 64-byte aligned memory or borrows memory owned elsewhere (an
// initializer inside a loaded model, a memory-mapped file). Copies share the
// buffer. Kernels read and write contiguous tensors; `contiguous()` makes a
// packed copy of a strided view when one is needed.
//
//===----------------------------------------------------------------------===//

#ifndef HWC_RUNTIME_CORE_TENSOR_H
#define HWC_RUNTIME_CORE_TENSOR_H

#include "runtime/core/DType.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace hwc::rt {

using Shape = std::vector<int64_t>;

/// Number of elements of `shape`; throws when it overflows int64.
int64_t elementCount(const Shape &shape);

/// Row-major strides (in elements) of `shape`.
std::vector<int64_t> contiguousStrides(const Shape &shape);

/// "1x3x224x224" ("scalar" for rank 0).
std::string formatShape(const Shape &shape);

/// Memory behind one or more tensors.
class Buffer {
public:
  /// Allocates `bytes` of 64-byte aligned memory, zeroed unless `zero` is
  /// false. Freed buffers are kept in a size-keyed cache and reused, so the
  /// interpreter's dead intermediates feed the next allocations without
  /// going back to the system (and without fresh page faults).
  static std::shared_ptr<Buffer> allocate(size_t bytes, bool zero = true);
  /// Wraps memory that `owner` keeps alive; nothing is copied.
  static std::shared_ptr<Buffer> borrow(void *data, size_t bytes,
                                        std::shared_ptr<const void> owner);
  ~Buffer();
  Buffer(const Buffer &) = delete;
  Buffer &operator=(const Buffer &) = delete;

  void *data() const { return data_; }
  size_t size() const { return bytes_; }
  bool isOwned() const { return owned_; }

private:
  Buffer() = default;
  void *data_ = nullptr;
  size_t bytes_ = 0;
  bool owned_ = false;
  std::shared_ptr<const void> owner_;
};

class Tensor {
public:
  Tensor() = default;
  /// A new zero-filled contiguous tensor.
  Tensor(DType type, Shape shape);
  /// A new contiguous tensor whose contents the caller will overwrite.
  static Tensor uninitialized(DType type, Shape shape);
  /// A view of `buffer` starting `byteOffset` bytes in.
  Tensor(DType type, Shape shape, std::vector<int64_t> strides,
         std::shared_ptr<Buffer> buffer, size_t byteOffset = 0);

  /// A rank-0 tensor holding `value`.
  template <typename T> static Tensor scalar(T value) {
    Tensor t(DTypeOf<T>::value, {});
    *t.data<T>() = value;
    return t;
  }
  /// A rank-1 tensor holding `values`.
  template <typename T> static Tensor vector(const std::vector<T> &values) {
    Tensor t(DTypeOf<T>::value, {int64_t(values.size())});
    for (size_t i = 0; i < values.size(); ++i)
      t.data<T>()[i] = values[i];
    return t;
  }

  bool isValid() const { return buffer_ != nullptr; }
  DType dtype() const { return dtype_; }
  const Shape &shape() const { return shape_; }
  const std::vector<int64_t> &strides() const { return strides_; }
  int64_t rank() const { return int64_t(shape_.size()); }
  int64_t dim(int64_t axis) const { return shape_[size_t(axis)]; }
  int64_t numElements() const { return numElements_; }
  size_t byteSize() const { return size_t(numElements_) * dtypeSize(dtype_); }
  bool isContiguous() const;
  const std::shared_ptr<Buffer> &buffer() const { return buffer_; }

  void *rawData() const {
    return static_cast<char *>(buffer_->data()) + byteOffset_;
  }
  template <typename T> T *data() const {
    return reinterpret_cast<T *>(rawData());
  }

  /// A packed copy when strided, else this tensor.
  Tensor contiguous() const;
  /// A deep copy with its own buffer.
  Tensor clone() const;
  /// The same elements under another shape (element count must match).
  Tensor reshaped(Shape newShape) const;

  /// Element `i` (row-major over the shape) converted to double / int64.
  double valueAsDouble(int64_t i) const;
  int64_t valueAsInt(int64_t i) const;
  /// All elements as int64 (for shape-like inputs).
  std::vector<int64_t> toInt64Vector() const;
  /// All elements converted to float32 in a new tensor (any numeric dtype).
  Tensor toFloat32() const;

private:
  DType dtype_ = DType::Undefined;
  Shape shape_;
  std::vector<int64_t> strides_;
  int64_t numElements_ = 0;
  std::shared_ptr<Buffer> buffer_;
  size_t byteOffset_ = 0;
};

/// Converts every element of `input` to `type` (ONNX Cast semantics).
Tensor castTensor(const Tensor &input, DType type);

} // namespace hwc::rt

#endif // HWC_RUNTIME_CORE_TENSOR_H
