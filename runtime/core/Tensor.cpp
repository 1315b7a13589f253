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
#include <map>
#include <mutex>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

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

namespace {

/// Freed blocks by rounded size. Bounded, so a model whose intermediates
/// change size all the time cannot make it grow without limit.
class BlockCache {
public:
  static BlockCache &instance() {
    static BlockCache cache;
    return cache;
  }
  ~BlockCache() {
    for (auto &[size, blocks] : free)
      for (void *block : blocks)
        std::free(block);
  }
  void *take(size_t rounded) {
    std::lock_guard<std::mutex> lock(mutex);
    auto it = free.find(rounded);
    if (it == free.end() || it->second.empty())
      return nullptr;
    void *block = it->second.back();
    it->second.pop_back();
    cached -= rounded;
    return block;
  }
  void give(void *block, size_t rounded) {
    {
      std::lock_guard<std::mutex> lock(mutex);
      auto &blocks = free[rounded];
      if (rounded >= kMinBlock && blocks.size() < kMaxPerSize &&
          cached + rounded <= kMaxCached) {
        blocks.push_back(block);
        cached += rounded;
        return;
      }
    }
    std::free(block);
  }

private:
  static constexpr size_t kMinBlock = 4096;
  static constexpr size_t kMaxPerSize = 16;
  static constexpr size_t kMaxCached = size_t(2) << 30;
  std::mutex mutex;
  std::map<size_t, std::vector<void *>> free;
  size_t cached = 0;
};

size_t roundedSize(size_t bytes) {
  return (std::max<size_t>(bytes, 1) + 63) / 64 * 64;
}

} // namespace

std::shared_ptr<Buffer> Buffer::allocate(size_t bytes, bool zero) {
  std::shared_ptr<Buffer> buffer(new Buffer());
  size_t rounded = roundedSize(bytes);
  buffer->data_ = BlockCache::instance().take(rounded);
  if (!buffer->data_)
    buffer->data_ = std::aligned_alloc(64, rounded);
  if (!buffer->data_)
    fail("out of memory allocating ", bytes, " bytes");
  if (zero)
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
    BlockCache::instance().give(data_, roundedSize(bytes_));
}

Tensor::Tensor(DType type, Shape shape)
    : dtype_(type), shape_(std::move(shape)),
      strides_(contiguousStrides(shape_)), numElements_(elementCount(shape_)) {
  if (dtypeSize(type) == 0)
    failUnsupported("dtype ", dtypeName(type), " cannot be stored");
  buffer_ = Buffer::allocate(static_cast<size_t>(numElements_) * dtypeSize(type));
}

Tensor Tensor::uninitialized(DType type, Shape shape) {
  if (dtypeSize(type) == 0)
    failUnsupported("dtype ", dtypeName(type), " cannot be stored");
  std::vector<int64_t> strides = contiguousStrides(shape);
  int64_t count = elementCount(shape);
  return Tensor(type, std::move(shape), std::move(strides),
                Buffer::allocate(size_t(count) * dtypeSize(type), false));
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

namespace {

#if defined(__x86_64__)
__attribute__((target("avx,f16c"))) void halfToFloatF16C(const Half *src,
                                                        float *dst, int64_t n) {
  int64_t i = 0;
  for (; i + 8 <= n; i += 8)
    _mm256_storeu_ps(dst + i, _mm256_cvtph_ps(_mm_loadu_si128(
                                  reinterpret_cast<const __m128i *>(src + i))));
  for (; i < n; ++i)
    dst[i] = halfToFloat(src[i]);
}

__attribute__((target("avx,f16c"))) void floatToHalfF16C(const float *src,
                                                        Half *dst, int64_t n) {
  int64_t i = 0;
  for (; i + 8 <= n; i += 8)
    _mm_storeu_si128(reinterpret_cast<__m128i *>(dst + i),
                     _mm256_cvtps_ph(_mm256_loadu_ps(src + i),
                                     _MM_FROUND_TO_NEAREST_INT));
  for (; i < n; ++i)
    dst[i] = floatToHalf(src[i]);
}

bool hasF16C() {
  static const bool has = __builtin_cpu_supports("f16c") &&
                          __builtin_cpu_supports("avx");
  return has;
}
#endif

/// float16 <-> float32 with the CPU's conversion instructions when it has
/// them (same rounding: nearest even).
bool convertHalfFast(const Tensor &source, Tensor &result) {
#if defined(__x86_64__)
  if (!hasF16C())
    return false;
  if (source.dtype() == DType::Float16 && result.dtype() == DType::Float32) {
    halfToFloatF16C(source.data<Half>(), result.data<float>(), source.numElements());
    return true;
  }
  if (source.dtype() == DType::Float32 && result.dtype() == DType::Float16) {
    floatToHalfF16C(source.data<float>(), result.data<Half>(), source.numElements());
    return true;
  }
#endif
  return false;
}

} // namespace

Tensor castTensor(const Tensor &input, DType type) {
  Tensor source = input.contiguous();
  if (source.dtype() == type)
    return source;
  Tensor result = Tensor::uninitialized(type, source.shape());
  if (convertHalfFast(source, result))
    return result;
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
