//===- Normalization.cpp - Softmax and the normalization operators --------===//
//
// Softmax (with the pre-13 "flatten to 2-D at axis" semantics), LRN,
// BatchNormalization (inference, and training mode with running statistics),
// InstanceNormalization and LayerNormalization (with its optional Mean and
// InvStdDev outputs). Statistics are accumulated in double.
//
//===----------------------------------------------------------------------===//

#include "runtime/core/Error.h"
#include "runtime/kernels/Kernel.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace hwc::rt {
namespace {

/// Input `i` as a contiguous float32 tensor.
Tensor floatInput(KernelContext &ctx, size_t i) {
  return castTensor(ctx.input(i), DType::Float32);
}

/// Splits `shape` at `axis` into [outer, axisSize, inner].
void splitAt(const Shape &shape, int64_t axis, int64_t &outer, int64_t &size,
             int64_t &inner) {
  outer = 1;
  inner = 1;
  for (int64_t d = 0; d < axis; ++d)
    outer *= shape[size_t(d)];
  size = shape[size_t(axis)];
  for (size_t d = size_t(axis) + 1; d < shape.size(); ++d)
    inner *= shape[d];
}

template <bool isLog> void softmaxKernel(KernelContext &ctx) {
  Tensor x = ctx.input(0).contiguous();
  DType original = x.dtype();
  if (original == DType::Float64)
    x = x.toFloat32();
  expectDType(x, DType::Float32, "input");
  int64_t rank = x.rank();
  int64_t axis = normalizeAxis(
      ctx.attrs.getInt("axis", ctx.opset() >= 13 ? -1 : 1), rank);
  int64_t outer, size, inner;
  if (ctx.opset() >= 13) {
    splitAt(x.shape(), axis, outer, size, inner);
  } else {
    // Older opsets: coerce to 2-D [prod(shape[:axis]), prod(shape[axis:])].
    outer = 1;
    for (int64_t d = 0; d < axis; ++d)
      outer *= x.dim(d);
    size = outer ? x.numElements() / outer : 0;
    inner = 1;
  }
  Tensor y(DType::Float32, x.shape());
  const float *src = x.data<float>();
  float *dst = y.data<float>();
  ctx.pool.parallelFor(outer * inner, std::max<int64_t>(1, 4096 / std::max<int64_t>(size, 1)),
                       [&](int64_t begin, int64_t end) {
    for (int64_t row = begin; row < end; ++row) {
      int64_t base = (row / inner) * size * inner + row % inner;
      float maxValue = -std::numeric_limits<float>::infinity();
      for (int64_t i = 0; i < size; ++i)
        maxValue = std::max(maxValue, src[base + i * inner]);
      double sum = 0;
      for (int64_t i = 0; i < size; ++i) {
        float e = std::exp(src[base + i * inner] - maxValue);
        if (!isLog)
          dst[base + i * inner] = e;
        sum += e;
      }
      float logSum = float(std::log(sum));
      float inv = float(1.0 / sum);
      for (int64_t i = 0; i < size; ++i) {
        if (isLog)
          dst[base + i * inner] = src[base + i * inner] - maxValue - logSum;
        else
          dst[base + i * inner] *= inv;
      }
    }
  });
  ctx.setOutput(0, original == DType::Float64 ? castTensor(y, original) : y);
}

void lrnKernel(KernelContext &ctx) {
  Tensor x = floatInput(ctx, 0);
  if (x.rank() < 3)
    fail("input must have rank >= 3");
  int64_t size = ctx.attrs.getInt("size", 0);
  if (size <= 0)
    fail("attribute 'size' must be positive");
  float alpha = ctx.attrs.getFloat("alpha", 1e-4f);
  float beta = ctx.attrs.getFloat("beta", 0.75f);
  float bias = ctx.attrs.getFloat("bias", 1.f);
  int64_t n = x.dim(0), c = x.dim(1), plane = x.numElements() / (n * c);
  Tensor y(DType::Float32, x.shape());
  int64_t before = (size - 1) / 2, after = size - 1 - before;
  for (int64_t b = 0; b < n; ++b)
    for (int64_t ch = 0; ch < c; ++ch) {
      int64_t lo = std::max<int64_t>(0, ch - before);
      int64_t hi = std::min<int64_t>(c - 1, ch + after);
      for (int64_t i = 0; i < plane; ++i) {
        double sum = 0;
        for (int64_t k = lo; k <= hi; ++k) {
          float v = x.data<float>()[(b * c + k) * plane + i];
          sum += double(v) * v;
        }
        float v = x.data<float>()[(b * c + ch) * plane + i];
        y.data<float>()[(b * c + ch) * plane + i] =
            v / float(std::pow(bias + alpha / float(size) * sum, beta));
      }
    }
  ctx.setOutput(0, y);
}

void batchNormKernel(KernelContext &ctx) {
  Tensor x = floatInput(ctx, 0);
  Tensor scale = floatInput(ctx, 1), bias = floatInput(ctx, 2);
  Tensor mean = floatInput(ctx, 3), var = floatInput(ctx, 4);
  float epsilon = ctx.attrs.getFloat("epsilon", 1e-5f);
  float momentum = ctx.attrs.getFloat("momentum", 0.9f);
  bool training = ctx.opset() >= 14 && ctx.attrs.getInt("training_mode", 0);
  if (x.rank() < 2)
    fail("X must have rank >= 2");
  int64_t n = x.dim(0), c = x.dim(1);
  int64_t plane = n * c ? x.numElements() / (n * c) : 0;
  for (const Tensor *t : {&scale, &bias, &mean, &var})
    if (t->numElements() != c)
      fail("scale, B, mean and var must have ", c, " values (one per "
           "channel), got ", t->numElements());
  std::vector<float> useMean(mean.data<float>(), mean.data<float>() + c);
  std::vector<float> useVar(var.data<float>(), var.data<float>() + c);
  if (training) {
    for (int64_t ch = 0; ch < c; ++ch) {
      double sum = 0, sq = 0;
      for (int64_t b = 0; b < n; ++b)
        for (int64_t i = 0; i < plane; ++i) {
          double v = x.data<float>()[(b * c + ch) * plane + i];
          sum += v;
          sq += v * v;
        }
      double count = double(n * plane);
      double m = sum / count;
      useMean[size_t(ch)] = float(m);
      useVar[size_t(ch)] = float(sq / count - m * m);
    }
    Tensor runningMean(DType::Float32, {c}), runningVar(DType::Float32, {c});
    for (int64_t ch = 0; ch < c; ++ch) {
      runningMean.data<float>()[ch] = mean.data<float>()[ch] * momentum +
                                      useMean[size_t(ch)] * (1 - momentum);
      runningVar.data<float>()[ch] = var.data<float>()[ch] * momentum +
                                     useVar[size_t(ch)] * (1 - momentum);
    }
    if (ctx.wantsOutput(1))
      ctx.setOutput(1, runningMean);
    if (ctx.wantsOutput(2))
      ctx.setOutput(2, runningVar);
  }
  Tensor y(DType::Float32, x.shape());
  ctx.pool.parallelFor(n * c, 1, [&](int64_t begin, int64_t end) {
    for (int64_t p = begin; p < end; ++p) {
      int64_t ch = p % c;
      float inv = 1.f / std::sqrt(useVar[size_t(ch)] + epsilon);
      float a = scale.data<float>()[ch] * inv;
      float b = bias.data<float>()[ch] - useMean[size_t(ch)] * a;
      const float *src = x.data<float>() + p * plane;
      float *dst = y.data<float>() + p * plane;
      for (int64_t i = 0; i < plane; ++i)
        dst[i] = src[i] * a + b;
    }
  });
  ctx.setOutput(0, y);
}

void instanceNormKernel(KernelContext &ctx) {
  Tensor x = floatInput(ctx, 0);
  Tensor scale = floatInput(ctx, 1), bias = floatInput(ctx, 2);
  float epsilon = ctx.attrs.getFloat("epsilon", 1e-5f);
  if (x.rank() < 3)
    fail("input must have rank >= 3");
  int64_t n = x.dim(0), c = x.dim(1), plane = x.numElements() / std::max<int64_t>(n * c, 1);
  if (scale.numElements() != c || bias.numElements() != c)
    fail("scale and B must have ", c, " values");
  Tensor y(DType::Float32, x.shape());
  ctx.pool.parallelFor(n * c, 1, [&](int64_t begin, int64_t end) {
    for (int64_t p = begin; p < end; ++p) {
      const float *src = x.data<float>() + p * plane;
      double sum = 0, sq = 0;
      for (int64_t i = 0; i < plane; ++i)
        sum += src[i];
      double m = sum / double(plane);
      for (int64_t i = 0; i < plane; ++i)
        sq += (src[i] - m) * (src[i] - m);
      double inv = 1.0 / std::sqrt(sq / double(plane) + epsilon);
      int64_t ch = p % c;
      float a = float(scale.data<float>()[ch] * inv);
      float b = float(bias.data<float>()[ch] - m * a);
      float *dst = y.data<float>() + p * plane;
      for (int64_t i = 0; i < plane; ++i)
        dst[i] = src[i] * a + b;
    }
  });
  ctx.setOutput(0, y);
}

void layerNormKernel(KernelContext &ctx) {
  Tensor x = ctx.input(0).contiguous();
  DType original = x.dtype();
  x = castTensor(x, DType::Float32);
  int64_t axis = normalizeAxis(ctx.attrs.getInt("axis", -1), x.rank());
  float epsilon = ctx.attrs.getFloat("epsilon", 1e-5f);
  int64_t outer = 1, size = 1;
  for (int64_t d = 0; d < x.rank(); ++d)
    (d < axis ? outer : size) *= x.dim(d);
  Shape normShape(x.shape().begin() + axis, x.shape().end());
  auto broadcastParam = [&](size_t i) {
    Tensor p = castTensor(ctx.input(i), DType::Float32);
    if (p.numElements() == size)
      return p.contiguous();
    if (broadcastShapes(p.shape(), normShape) != normShape)
      fail("input ", i, " of shape ", formatShape(p.shape()),
           " does not broadcast to ", formatShape(normShape));
    Tensor full(DType::Float32, normShape);
    std::vector<int64_t> strides = broadcastStrides(p.shape(), normShape);
    std::vector<int64_t> own = contiguousStrides(normShape);
    Tensor packed = p.contiguous();
    for (int64_t e = 0; e < size; ++e) {
      int64_t offset = 0, rest = e;
      for (size_t d = 0; d < normShape.size(); ++d) {
        offset += (rest / own[d]) * strides[d];
        rest %= own[d];
      }
      full.data<float>()[e] = packed.data<float>()[offset];
    }
    return full;
  };
  Tensor scale = broadcastParam(1);
  Tensor bias = ctx.hasInput(2) ? broadcastParam(2) : Tensor();
  Tensor y(DType::Float32, x.shape());
  Shape statShape = x.shape();
  for (int64_t d = axis; d < x.rank(); ++d)
    statShape[size_t(d)] = 1;
  Tensor meanOut(DType::Float32, statShape), invStdOut(DType::Float32, statShape);
  ctx.pool.parallelFor(outer, 1, [&](int64_t begin, int64_t end) {
    for (int64_t r = begin; r < end; ++r) {
      const float *src = x.data<float>() + r * size;
      double sum = 0, sq = 0;
      for (int64_t i = 0; i < size; ++i)
        sum += src[i];
      double m = sum / double(size);
      for (int64_t i = 0; i < size; ++i)
        sq += (src[i] - m) * (src[i] - m);
      double inv = 1.0 / std::sqrt(sq / double(size) + epsilon);
      float *dst = y.data<float>() + r * size;
      for (int64_t i = 0; i < size; ++i) {
        float v = float((src[i] - m) * inv) * scale.data<float>()[i];
        dst[i] = bias.isValid() ? v + bias.data<float>()[i] : v;
      }
      meanOut.data<float>()[r] = float(m);
      invStdOut.data<float>()[r] = float(inv);
    }
  });
  ctx.setOutput(0, castTensor(y, original));
  if (ctx.wantsOutput(1))
    ctx.setOutput(1, meanOut);
  if (ctx.wantsOutput(2))
    ctx.setOutput(2, invStdOut);
}

} // namespace

void registerNormalizationKernels(KernelRegistry &r) {
  addKernel(r, "Softmax", softmaxKernel<false>);
  addKernel(r, "LogSoftmax", softmaxKernel<true>);
  addKernel(r, "LRN", lrnKernel);
  addKernel(r, "BatchNormalization", batchNormKernel);
  addKernel(r, "InstanceNormalization", instanceNormKernel);
  addKernel(r, "LayerNormalization", layerNormKernel, {1, 1 << 30, false});
}

} // namespace hwc::rt
