//===- Indexing.cpp - Gather, GatherElements, ScatterND and TopK ----------===//
//
// Index-driven operators. Every index is checked against its axis (negative
// indices wrap once); an out-of-range index is an error naming the index and
// the valid range, never an out-of-bounds read.
//
//===----------------------------------------------------------------------===//

#include "runtime/core/Dispatch.h"
#include "runtime/core/Error.h"
#include "runtime/kernels/Kernel.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>

namespace hwc::rt {
namespace {

int64_t checkedIndex(int64_t index, int64_t size, int64_t position) {
  if (index < -size || index >= size)
    fail("index ", index, " (element ", position, ") is out of range [", -size,
         ", ", size - 1, "]");
  return index < 0 ? index + size : index;
}

void gatherKernel(KernelContext &ctx) {
  Tensor data = ctx.input(0).contiguous();
  std::vector<int64_t> indices = ctx.input(1).toInt64Vector();
  const Shape &indexShape = ctx.input(1).shape();
  int64_t axis = normalizeAxis(ctx.attrs.getInt("axis", 0), data.rank());
  int64_t outer = 1, size = data.dim(axis), inner = 1;
  for (int64_t d = 0; d < axis; ++d)
    outer *= data.dim(d);
  for (int64_t d = axis + 1; d < data.rank(); ++d)
    inner *= data.dim(d);
  for (size_t i = 0; i < indices.size(); ++i)
    indices[i] = checkedIndex(indices[i], size, int64_t(i));
  Shape outShape(data.shape().begin(), data.shape().begin() + axis);
  outShape.insert(outShape.end(), indexShape.begin(), indexShape.end());
  outShape.insert(outShape.end(), data.shape().begin() + axis + 1,
                  data.shape().end());
  Tensor out(data.dtype(), outShape);
  size_t chunk = size_t(inner) * dtypeSize(data.dtype());
  const char *src = static_cast<const char *>(data.rawData());
  char *dst = static_cast<char *>(out.rawData());
  for (int64_t o = 0; o < outer; ++o)
    for (size_t i = 0; i < indices.size(); ++i, dst += chunk)
      std::memcpy(dst, src + (o * size + indices[i]) * int64_t(chunk), chunk);
  ctx.setOutput(0, out);
}

void gatherElementsKernel(KernelContext &ctx) {
  Tensor data = ctx.input(0).contiguous();
  const Tensor &indexTensor = ctx.input(1);
  std::vector<int64_t> indices = indexTensor.toInt64Vector();
  int64_t axis = normalizeAxis(ctx.attrs.getInt("axis", 0), data.rank());
  if (indexTensor.rank() != data.rank())
    fail("indices must have the data's rank ", data.rank());
  Tensor out(data.dtype(), indexTensor.shape());
  std::vector<int64_t> dataStrides = data.strides();
  std::vector<int64_t> index(static_cast<size_t>(data.rank()), 0);
  size_t elem = dtypeSize(data.dtype());
  for (int64_t i = 0; i < out.numElements(); ++i) {
    int64_t offset = 0;
    for (int64_t d = 0; d < data.rank(); ++d) {
      int64_t v = d == axis ? checkedIndex(indices[size_t(i)], data.dim(d), i)
                            : index[size_t(d)];
      if (d != axis && v >= data.dim(d))
        fail("indices shape ", formatShape(indexTensor.shape()),
             " exceeds data shape ", formatShape(data.shape()));
      offset += v * dataStrides[size_t(d)];
    }
    std::memcpy(static_cast<char *>(out.rawData()) + size_t(i) * elem,
                static_cast<const char *>(data.rawData()) + size_t(offset) * elem,
                elem);
    for (int64_t d = data.rank() - 1; d >= 0; --d) {
      if (++index[size_t(d)] < indexTensor.dim(d))
        break;
      index[size_t(d)] = 0;
    }
  }
  ctx.setOutput(0, out);
}

void scatterNDKernel(KernelContext &ctx) {
  Tensor data = ctx.input(0).clone();
  const Tensor &indexTensor = ctx.input(1);
  Tensor updates = ctx.input(2).contiguous();
  std::vector<int64_t> indices = indexTensor.toInt64Vector();
  std::string reduction = ctx.attrs.getString("reduction", "none");
  if (indexTensor.rank() == 0)
    fail("indices must have rank >= 1");
  int64_t depth = indexTensor.dim(indexTensor.rank() - 1);
  if (depth > data.rank())
    fail("index depth ", depth, " exceeds data rank ", data.rank());
  int64_t slice = 1;
  for (int64_t d = depth; d < data.rank(); ++d)
    slice *= data.dim(d);
  int64_t count = depth ? int64_t(indices.size()) / depth : 0;
  if (updates.numElements() != count * slice)
    fail("updates has ", updates.numElements(), " elements, expected ",
         count * slice);
  visitAny(data.dtype(), [&](auto tag) {
    using T = decltype(tag);
    T *dst = data.data<T>();
    const T *src = updates.data<T>();
    for (int64_t u = 0; u < count; ++u) {
      int64_t offset = 0;
      for (int64_t d = 0; d < depth; ++d)
        offset = offset * data.dim(d) +
                 checkedIndex(indices[size_t(u * depth + d)], data.dim(d),
                              u * depth + d);
      offset *= slice;
      for (int64_t i = 0; i < slice; ++i) {
        T &target = dst[offset + i];
        T value = src[u * slice + i];
        if constexpr (isStorageOnly<T> || std::is_same_v<T, bool>) {
          if (reduction != "none")
            failUnsupported("reduction '", reduction, "' on ",
                            dtypeName(data.dtype()));
          target = value;
        } else if (reduction == "add") {
          target = T(target + value);
        } else if (reduction == "mul") {
          target = T(target * value);
        } else if (reduction == "max") {
          target = std::max(target, value);
        } else if (reduction == "min") {
          target = std::min(target, value);
        } else {
          target = value;
        }
      }
    }
  });
  ctx.setOutput(0, data);
}

void topKKernel(KernelContext &ctx) {
  Tensor x = ctx.input(0).contiguous();
  int64_t k = ctx.opset() >= 10 ? ctx.input(1).valueAsInt(0)
                                : ctx.attrs.getInt("k", 0);
  int64_t axis = normalizeAxis(ctx.attrs.getInt("axis", -1), x.rank());
  bool largest = ctx.attrs.getInt("largest", 1) != 0;
  int64_t size = x.dim(axis);
  if (k < 0 || k > size)
    fail("k = ", k, " is out of range [0, ", size, "]");
  int64_t outer = 1, inner = 1;
  for (int64_t d = 0; d < axis; ++d)
    outer *= x.dim(d);
  for (int64_t d = axis + 1; d < x.rank(); ++d)
    inner *= x.dim(d);
  Shape outShape = x.shape();
  outShape[size_t(axis)] = k;
  Tensor values(x.dtype(), outShape), indices(DType::Int64, outShape);
  visitNumeric(x.dtype(), [&](auto tag) {
    using T = decltype(tag);
    const T *src = x.data<T>();
    std::vector<int64_t> order(static_cast<size_t>(size));
    for (int64_t o = 0; o < outer; ++o)
      for (int64_t in = 0; in < inner; ++in) {
        const T *base = src + o * size * inner + in;
        std::iota(order.begin(), order.end(), 0);
        // Ties keep the lower index first, as the ONNX reference does.
        std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
          T va = base[a * inner], vb = base[b * inner];
          return largest ? va > vb : va < vb;
        });
        for (int64_t j = 0; j < k; ++j) {
          int64_t at = (o * k + j) * inner + in;
          values.data<T>()[at] = base[order[size_t(j)] * inner];
          indices.data<int64_t>()[at] = order[size_t(j)];
        }
      }
  });
  ctx.setOutput(0, values);
  ctx.setOutput(1, indices);
}

} // namespace

void registerIndexingKernels(KernelRegistry &r) {
  KernelOptions raw{1, 1 << 30, false};
  addKernel(r, "Gather", gatherKernel, raw);
  addKernel(r, "GatherElements", gatherElementsKernel, raw);
  addKernel(r, "ScatterND", scatterNDKernel, raw);
  addKernel(r, "TopK", topKKernel);
}

} // namespace hwc::rt
