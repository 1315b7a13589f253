//===- Tensor.cpp - Runtime tensors ---------------------------------------===//
//
// Buffers, views, copies and dtype conversion of runtime tensors.
//
//===----------------------------------------------------------------------===//

#include "runtime/core/Tensor.h"
#include "runtime/core/Dispatch.h"
#include "runtime/core/Error.h"

#include <cstdlib>
#include <cstring>

namespace hwc::rt {

int64_t elementCount(const Shape &shape) {
  int64_t count = 1;
  for (int64_t d : shape) {
    if (d < 0)
      fail("negative dimension ", d, " in shape ", formatShape(shape));
    if (d != 0 && count > INT64_MAX / d)
      fail("shape ", formatShape(shape), " has more than 2^63 elements");
    count *= d;
  }
  return count;
}

std::vector<int64_t> contiguousStrides(const Shape &shape) {
  std::vector<int64_t> strides(shape.size(), 1);
  for (int64_t i = int64_t(shape.size()) - 2; i >= 0; --i)
    strides[size_t(i)] = strides[size_t(i + 1)] * std::max<int64_t>(shape[size_t(i + 1)], 1);
  return strides;
}

std::string formatShape(const Shape &shape) {
  if (shape.empty())
    return "scalar";
  std::string text;
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i)
      text += "x";
    text += std::to_string(shape[i]);
  }
  return text;
}

std::shared_ptr<Buffer> Buffer::allocate(size_t bytes) {
  std::shared_ptr<Buffer> buffer(new Buffer());
  size_t rounded = (std::max<size_t>(bytes, 1) + 63) / 64 * 64;
  buffer->data_ = std::aligned_alloc(64, rounded);
  if (!buffer->data_)
    fail("out of memory allocating ", bytes, " bytes");
  std::memset(buffer->data_, 0, rounded);
  buffer->bytes_ = bytes;
  buffer->owned_ = true;
  return buffer;
}

std::shared_ptr<Buffer> Buffer::borrow(void *data, size_t bytes,
                                       std::shared_ptr<const void> owner) {
  std::shared_ptr<Buffer> buffer(new Buffer());
  buffer->data_ = data;
  buffer->bytes_ = bytes;
  buffer->owner_ = std::move(owner);
  return buffer;
}

Buffer::~Buffer() {
  if (owned_)
    std::free(data_);
}

Tensor::Tensor(DType type, Shape shape)
    : dtype_(type), shape_(std::move(shape)),
      strides_(contiguousStrides(shape_)), numElements_(elementCount(shape_)) {
  if (dtypeSize(type) == 0)
    failUnsupported("dtype ", dtypeName(type), " cannot be stored");
  buffer_ = Buffer::allocate(static_cast<size_t>(numElements_) * dtypeSize(type));
}

Tensor::Tensor(DType type, Shape shape, std::vector<int64_t> strides,
               std::shared_ptr<Buffer> buffer, size_t byteOffset)
    : dtype_(type), shape_(std::move(shape)), strides_(std::move(strides)),
      numElements_(elementCount(shape_)), buffer_(std::move(buffer)),
      byteOffset_(byteOffset) {}

bool Tensor::isContiguous() const {
  return strides_ == contiguousStrides(shape_);
}

Tensor Tensor::contiguous() const {
  if (isContiguous())
    return *this;
  Tensor packed(dtype_, shape_);
  size_t elemSize = dtypeSize(dtype_);
  std::vector<int64_t> index(shape_.size(), 0);
  const char *src = static_cast<const char *>(rawData());
  char *dst = static_cast<char *>(packed.rawData());
  for (int64_t i = 0; i < numElements_; ++i) {
    int64_t offset = 0;
    for (size_t d = 0; d < shape_.size(); ++d)
      offset += index[d] * strides_[d];
    std::memcpy(dst + size_t(i) * elemSize, src + offset * int64_t(elemSize),
                elemSize);
    for (int64_t d = int64_t(shape_.size()) - 1; d >= 0; --d) {
      if (++index[size_t(d)] < shape_[size_t(d)])
        break;
      index[size_t(d)] = 0;
    }
  }
  return packed;
}

Tensor Tensor::clone() const {
  Tensor packed = contiguous();
  if (packed.buffer_ != buffer_)
    return packed;
  Tensor copy(dtype_, shape_);
  std::memcpy(copy.rawData(), rawData(), byteSize());
  return copy;
}

Tensor Tensor::reshaped(Shape newShape) const {
  if (elementCount(newShape) != numElements_)
    fail("cannot reshape ", formatShape(shape_), " to ",
         formatShape(newShape));
  Tensor packed = contiguous();
  std::vector<int64_t> strides = contiguousStrides(newShape);
  return Tensor(dtype_, std::move(newShape), std::move(strides),
                packed.buffer_, packed.byteOffset_);
}

double Tensor::valueAsDouble(int64_t i) const {
  Tensor packed = contiguous();
  return visitAny(dtype_, [&](auto tag) -> double {
    using T = decltype(tag);
    return static_cast<double>(loadValue(packed.data<T>()[i]));
  });
}

int64_t Tensor::valueAsInt(int64_t i) const {
  Tensor packed = contiguous();
  return visitAny(dtype_, [&](auto tag) -> int64_t {
    using T = decltype(tag);
    return convertValue<int64_t>(packed.data<T>()[i]);
  });
}

std::vector<int64_t> Tensor::toInt64Vector() const {
  std::vector<int64_t> values(static_cast<size_t>(numElements_));
  Tensor packed = contiguous();
  visitAny(dtype_, [&](auto tag) {
    using T = decltype(tag);
    const T *src = packed.data<T>();
    for (int64_t i = 0; i < numElements_; ++i)
      values[size_t(i)] = convertValue<int64_t>(src[i]);
  });
  return values;
}

Tensor Tensor::toFloat32() const { return castTensor(*this, DType::Float32); }

Tensor castTensor(const Tensor &input, DType type) {
  Tensor source = input.contiguous();
  if (source.dtype() == type)
    return source;
  Tensor result(type, source.shape());
  int64_t n = source.numElements();
  visitAny(source.dtype(), [&](auto srcTag) {
    using S = decltype(srcTag);
    visitAny(type, [&](auto dstTag) {
      using D = decltype(dstTag);
      const S *src = source.data<S>();
      D *dst = result.data<D>();
      for (int64_t i = 0; i < n; ++i)
        dst[i] = convertValue<D>(src[i]);
    });
  });
  return result;
}

} // namespace hwc::rt
