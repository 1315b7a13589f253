//===- Pooling.cpp - MaxPool, AveragePool and the global pools ------------===//
//
// Windows are visited tap by tap over whole output planes (the same walker
// as im2col), so strided, dilated, padded and ceil_mode windows in any
// number of spatial dims share one loop. AveragePool divisors are separable
// per dimension: the product of each dimension's count of taps inside the
// input (count_include_pad = 0) or inside the padded input (= 1).
//
//===----------------------------------------------------------------------===//

#include "runtime/core/Error.h"
#include "runtime/kernels/ConvGeometry.h"
#include "runtime/kernels/Kernel.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace hwc::rt {
namespace {

Shape spatialDims(const Tensor &t) {
  return Shape(t.shape().begin() + 2, t.shape().end());
}

/// For every output position, the number of window taps inside [lo, hi) in
/// each spatial dim, multiplied together.
std::vector<float> windowCounts(const ConvGeometry &g, bool includePad) {
  std::vector<float> counts(static_cast<size_t>(g.outputSize()), 1.f);
  int64_t repeat = g.outputSize();
  int64_t inner = 1;
  for (size_t d = g.spatialRank; d-- > 0;) {
    int64_t lo = includePad ? -g.padBegin[d] : 0;
    int64_t hi = includePad ? g.input[d] + g.padEnd[d] : g.input[d];
    std::vector<float> perDim(static_cast<size_t>(g.output[d]));
    for (int64_t o = 0; o < g.output[d]; ++o) {
      int64_t n = 0;
      for (int64_t k = 0; k < g.kernel[d]; ++k) {
        int64_t x = o * g.strides[d] - g.padBegin[d] + k * g.dilations[d];
        n += x >= lo && x < hi;
      }
      perDim[size_t(o)] = float(n);
    }
    for (int64_t i = 0; i < repeat; ++i)
      counts[size_t(i)] *= perDim[size_t((i / inner) % g.output[d])];
    inner *= g.output[d];
  }
  return counts;
}

template <typename Visit>
void forEachTap(const ConvGeometry &g, int64_t k, Visit &&visit) {
  std::vector<int64_t> kpos(g.spatialRank);
  for (size_t d = g.spatialRank; d-- > 0;) {
    kpos[d] = k % g.kernel[d];
    k /= g.kernel[d];
  }
  std::vector<int64_t> index(g.spatialRank, 0);
  for (int64_t o = 0; o < g.outputSize(); ++o) {
    int64_t flat = 0;
    bool inside = true;
    for (size_t d = 0; d < g.spatialRank; ++d) {
      int64_t x = index[d] * g.strides[d] - g.padBegin[d] + kpos[d] * g.dilations[d];
      inside &= x >= 0 && x < g.input[d];
      flat = flat * g.input[d] + x;
    }
    if (inside)
      visit(o, flat);
    for (size_t d = g.spatialRank; d-- > 0;) {
      if (++index[d] < g.output[d])
        break;
      index[d] = 0;
    }
  }
}

ConvGeometry poolGeometry(KernelContext &ctx, const Tensor &x) {
  if (x.rank() < 3)
    fail("input must have rank >= 3, got ", formatShape(x.shape()));
  if (!ctx.attrs.has("kernel_shape"))
    fail("attribute 'kernel_shape' is required");
  return ConvGeometry::forward(ctx.attrs, spatialDims(x), {}, true);
}

Shape pooledShape(const Tensor &x, const ConvGeometry &g) {
  Shape shape = {x.dim(0), x.dim(1)};
  shape.insert(shape.end(), g.output.begin(), g.output.end());
  return shape;
}

/// Max over each 2-D window of one plane; `argmax` (may be null) gets the
/// flat index of the maximum inside the plane.
void maxPoolPlane2D(const ConvGeometry &g, const float *src, float *dst,
                    int64_t *argmax) {
  int64_t inH = g.input[0], inW = g.input[1];
  for (int64_t oh = 0; oh < g.output[0]; ++oh)
    for (int64_t ow = 0; ow < g.output[1]; ++ow) {
      int64_t h0 = oh * g.strides[0] - g.padBegin[0];
      int64_t w0 = ow * g.strides[1] - g.padBegin[1];
      float best = -std::numeric_limits<float>::infinity();
      int64_t bestIndex = -1;
      for (int64_t kh = 0; kh < g.kernel[0]; ++kh) {
        int64_t ih = h0 + kh * g.dilations[0];
        if (ih < 0 || ih >= inH)
          continue;
        for (int64_t kw = 0; kw < g.kernel[1]; ++kw) {
          int64_t iw = w0 + kw * g.dilations[1];
          if (iw < 0 || iw >= inW)
            continue;
          float v = src[ih * inW + iw];
          // NaN wins, as in the reference; the first tap sets the index.
          if (!(v <= best) || bestIndex < 0) {
            if (!(best != best)) {
              best = v;
              bestIndex = ih * inW + iw;
            }
          }
        }
      }
      dst[oh * g.output[1] + ow] = best;
      if (argmax)
        argmax[oh * g.output[1] + ow] = bestIndex;
    }
}

/// The same without indices: branch-free max over the in-bounds window
/// (random data defeats the branch predictor); NaN still propagates.
void maxPoolPlane2DValues(const ConvGeometry &g, const float *src, float *dst) {
  int64_t inH = g.input[0], inW = g.input[1];
  for (int64_t oh = 0; oh < g.output[0]; ++oh) {
    int64_t h0 = oh * g.strides[0] - g.padBegin[0];
    for (int64_t ow = 0; ow < g.output[1]; ++ow) {
      int64_t w0 = ow * g.strides[1] - g.padBegin[1];
      float best = -std::numeric_limits<float>::infinity();
      bool sawNan = false;
      for (int64_t kh = 0; kh < g.kernel[0]; ++kh) {
        int64_t ih = h0 + kh * g.dilations[0];
        if (ih < 0 || ih >= inH)
          continue;
        const float *row = src + ih * inW;
        for (int64_t kw = 0; kw < g.kernel[1]; ++kw) {
          int64_t iw = w0 + kw * g.dilations[1];
          if (iw < 0 || iw >= inW)
            continue;
          float v = row[iw];
          sawNan |= v != v;
          best = std::max(best, v);
        }
      }
      dst[oh * g.output[1] + ow] = sawNan ? std::numeric_limits<float>::quiet_NaN() : best;
    }
  }
}

void maxPoolKernel(KernelContext &ctx) {
  Tensor x = ctx.input(0).contiguous();
  DType original = x.dtype();
  // 8-bit inputs are exact in float32: pool there and convert back.
  if (original == DType::Int8 || original == DType::UInt8)
    x = castTensor(x, DType::Float32);
  expectDType(x, DType::Float32, "input X");
  ConvGeometry g = poolGeometry(ctx, x);
  Tensor y(DType::Float32, pooledShape(x, g));
  bool wantIndices = ctx.wantsOutput(1);
  Tensor indices = wantIndices ? Tensor(DType::Int64, y.shape()) : Tensor();
  bool columnMajor = ctx.attrs.getInt("storage_order", 0) != 0;
  int64_t planes = x.dim(0) * x.dim(1);
  int64_t inSize = g.inputSize(), outSize = g.outputSize();
  ctx.pool.parallelFor(planes, 1, [&](int64_t begin, int64_t end) {
    for (int64_t p = begin; p < end; ++p) {
      const float *src = x.data<float>() + p * inSize;
      float *dst = y.data<float>() + p * outSize;
      std::vector<int64_t> best(wantIndices ? size_t(outSize) : 0, -1);
      if (g.spatialRank == 2) {
        if (wantIndices)
          maxPoolPlane2D(g, src, dst, best.data());
        else
          maxPoolPlane2DValues(g, src, dst);
      } else {
        std::fill_n(dst, outSize, -std::numeric_limits<float>::infinity());
        for (int64_t k = 0; k < g.kernelSize(); ++k)
          forEachTap(g, k, [&](int64_t o, int64_t i) {
            if (src[i] > dst[o] || (std::isnan(src[i]) && !std::isnan(dst[o]))) {
              dst[o] = src[i];
              if (wantIndices)
                best[size_t(o)] = i;
            }
          });
      }
      if (!wantIndices)
        continue;
      int64_t *idx = indices.data<int64_t>() + p * outSize;
      for (int64_t o = 0; o < outSize; ++o) {
        int64_t i = std::max<int64_t>(best[size_t(o)], 0);
        if (columnMajor) {
          // Spatial coordinates re-linearised with the first dim fastest.
          int64_t flat = 0, stride = 1;
          std::vector<int64_t> coord(g.spatialRank);
          for (size_t d = g.spatialRank; d-- > 0;) {
            coord[d] = i % g.input[d];
            i /= g.input[d];
          }
          for (size_t d = 0; d < g.spatialRank; ++d) {
            flat += coord[d] * stride;
            stride *= g.input[d];
          }
          i = flat;
        }
        idx[o] = p * inSize + i;
      }
    }
  });
  ctx.setOutput(0, castTensor(y, original));
  if (wantIndices)
    ctx.setOutput(1, indices);
}

void averagePoolKernel(KernelContext &ctx) {
  Tensor x = ctx.input(0).contiguous();
  expectDType(x, DType::Float32, "input X");
  ConvGeometry g = poolGeometry(ctx, x);
  Tensor y(DType::Float32, pooledShape(x, g));
  bool includePad = ctx.attrs.getInt("count_include_pad", 0) != 0;
  std::vector<float> counts = windowCounts(g, includePad);
  int64_t planes = x.dim(0) * x.dim(1);
  int64_t inSize = g.inputSize(), outSize = g.outputSize();
  ctx.pool.parallelFor(planes, 1, [&](int64_t begin, int64_t end) {
    for (int64_t p = begin; p < end; ++p) {
      const float *src = x.data<float>() + p * inSize;
      float *dst = y.data<float>() + p * outSize;
      if (g.spatialRank == 2) {
        int64_t inH = g.input[0], inW = g.input[1];
        for (int64_t oh = 0; oh < g.output[0]; ++oh)
          for (int64_t ow = 0; ow < g.output[1]; ++ow) {
            int64_t h0 = oh * g.strides[0] - g.padBegin[0];
            int64_t w0 = ow * g.strides[1] - g.padBegin[1];
            float sum = 0.f;
            for (int64_t kh = 0; kh < g.kernel[0]; ++kh) {
              int64_t ih = h0 + kh * g.dilations[0];
              if (ih < 0 || ih >= inH)
                continue;
              for (int64_t kw = 0; kw < g.kernel[1]; ++kw) {
                int64_t iw = w0 + kw * g.dilations[1];
                if (iw >= 0 && iw < inW)
                  sum += src[ih * inW + iw];
              }
            }
            dst[oh * g.output[1] + ow] = sum;
          }
      } else {
        for (int64_t k = 0; k < g.kernelSize(); ++k)
          forEachTap(g, k, [&](int64_t o, int64_t i) { dst[o] += src[i]; });
      }
      for (int64_t o = 0; o < outSize; ++o)
        dst[o] = counts[size_t(o)] > 0 ? dst[o] / counts[size_t(o)] : NAN;
    }
  });
  ctx.setOutput(0, y);
}

template <bool isMax> void globalPoolKernel(KernelContext &ctx) {
  Tensor x = ctx.input(0).contiguous();
  expectDType(x, DType::Float32, "input X");
  if (x.rank() < 3)
    fail("input must have rank >= 3, got ", formatShape(x.shape()));
  Shape outShape(static_cast<size_t>(x.rank()), 1);
  outShape[0] = x.dim(0);
  outShape[1] = x.dim(1);
  Tensor y(DType::Float32, outShape);
  int64_t planes = x.dim(0) * x.dim(1);
  int64_t size = planes ? x.numElements() / planes : 0;
  for (int64_t p = 0; p < planes; ++p) {
    const float *src = x.data<float>() + p * size;
    if (isMax) {
      float best = -std::numeric_limits<float>::infinity();
      for (int64_t i = 0; i < size; ++i)
        best = std::max(best, src[i]);
      y.data<float>()[p] = best;
    } else {
      double sum = 0;
      for (int64_t i = 0; i < size; ++i)
        sum += src[i];
      y.data<float>()[p] = float(sum / double(size));
    }
  }
  ctx.setOutput(0, y);
}

} // namespace

void registerPoolingKernels(KernelRegistry &r) {
  addKernel(r, "MaxPool", maxPoolKernel);
  addKernel(r, "AveragePool", averagePoolKernel);
  addKernel(r, "GlobalAveragePool", globalPoolKernel<false>);
  addKernel(r, "GlobalMaxPool", globalPoolKernel<true>);
}

} // namespace hwc::rt
