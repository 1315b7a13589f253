//===- Contrib.cpp - com.microsoft contrib ops and legacy ONNX ops --------===//
//
// Operators outside the ONNX standard that real models use: ONNX Runtime's
// transformer fusions (EmbedLayerNormalization, Attention,
// SkipLayerNormalization, FastGelu) and QOperator ops (QLinearAdd,
// QLinearMul, QLinearGlobalAveragePool, QLinearConcat), with the semantics
// of ONNX Runtime's CPU kernels; and the experimental ops removed from ONNX
// that old exports still carry (ImageScaler, Crop, Affine).
//
//===----------------------------------------------------------------------===//

#include "runtime/core/Error.h"
#include "runtime/kernels/Kernel.h"
#include "runtime/kernels/QuantizedMath.h"
#include "runtime/kernels/Sgemm.h"
#include "runtime/kernels/TensorOps.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace hwc::rt {
namespace {

constexpr const char *kMicrosoft = "com.microsoft";

Tensor asFloat(const Tensor &t) { return castTensor(t, DType::Float32).contiguous(); }

/// y = (x - mean) / sqrt(var + eps) * gamma + beta over the last axis.
void layerNormRows(const float *x, float *y, int64_t rows, int64_t width,
                   const float *gamma, const float *beta, float epsilon) {
  for (int64_t r = 0; r < rows; ++r) {
    const float *src = x + r * width;
    double sum = 0, sq = 0;
    for (int64_t i = 0; i < width; ++i)
      sum += src[i];
    double mean = sum / double(width);
    for (int64_t i = 0; i < width; ++i)
      sq += (src[i] - mean) * (src[i] - mean);
    double inv = 1.0 / std::sqrt(sq / double(width) + epsilon);
    for (int64_t i = 0; i < width; ++i)
      y[r * width + i] = float((src[i] - mean) * inv) * gamma[i] +
                         (beta ? beta[i] : 0.f);
  }
}

void embedLayerNormKernel(KernelContext &ctx) {
  std::vector<int64_t> ids = ctx.input(0).toInt64Vector();
  const Shape &idShape = ctx.input(0).shape();
  if (idShape.size() != 2)
    fail("input_ids must be [batch, sequence], got ", formatShape(idShape));
  int64_t batch = idShape[0], seq = idShape[1];
  Tensor words = asFloat(ctx.input(2)), positions = asFloat(ctx.input(3));
  Tensor gamma = asFloat(ctx.input(5)), beta = asFloat(ctx.input(6));
  int64_t hidden = words.dim(1);
  std::vector<int64_t> segmentIds =
      ctx.hasInput(1) ? ctx.input(1).toInt64Vector() : std::vector<int64_t>{};
  Tensor segments = ctx.hasInput(4) ? asFloat(ctx.input(4)) : Tensor();
  std::vector<int64_t> positionIds;
  if (ctx.hasInput(8)) {
    positionIds = ctx.input(8).toInt64Vector();
  }
  Tensor sum(DType::Float32, {batch, seq, hidden});
  for (int64_t b = 0; b < batch; ++b)
    for (int64_t s = 0; s < seq; ++s) {
      int64_t word = ids[size_t(b * seq + s)];
      int64_t pos = positionIds.empty()
                        ? s
                        : positionIds[size_t(positionIds.size() == size_t(seq)
                                                 ? s
                                                 : b * seq + s)];
      if (word < 0 || word >= words.dim(0))
        fail("input id ", word, " is out of range [0, ", words.dim(0), ")");
      if (pos < 0 || pos >= positions.dim(0))
        fail("position id ", pos, " is out of range [0, ", positions.dim(0), ")");
      float *dst = sum.data<float>() + (b * seq + s) * hidden;
      for (int64_t h = 0; h < hidden; ++h)
        dst[h] = words.data<float>()[word * hidden + h] +
                 positions.data<float>()[pos * hidden + h];
      if (segments.isValid() && !segmentIds.empty()) {
        int64_t seg = segmentIds[size_t(b * seq + s)];
        if (seg < 0 || seg >= segments.dim(0))
          fail("segment id ", seg, " is out of range");
        for (int64_t h = 0; h < hidden; ++h)
          dst[h] += segments.data<float>()[seg * hidden + h];
      }
    }
  Tensor out(DType::Float32, {batch, seq, hidden});
  layerNormRows(sum.data<float>(), out.data<float>(), batch * seq, hidden,
                gamma.data<float>(), beta.data<float>(),
                ctx.attrs.getFloat("epsilon", 1e-12f));
  ctx.setOutput(0, out);
  Tensor maskIndex(DType::Int32, {batch});
  if (ctx.hasInput(7)) {
    std::vector<int64_t> mask = ctx.input(7).toInt64Vector();
    for (int64_t b = 0; b < batch; ++b) {
      int32_t count = 0;
      for (int64_t s = 0; s < seq; ++s)
        count += mask[size_t(b * seq + s)] != 0;
      maskIndex.data<int32_t>()[b] = count;
    }
  }
  ctx.setOutput(1, maskIndex);
  ctx.setOutput(2, sum);
}

void attentionKernel(KernelContext &ctx) {
  Tensor input = asFloat(ctx.input(0)), weights = asFloat(ctx.input(1));
  int64_t heads = ctx.attrs.getInt("num_heads", 0);
  bool causal = ctx.attrs.getInt("unidirectional", 0) != 0;
  float maskFilter = ctx.attrs.getFloat("mask_filter_value", -10000.f);
  if (input.rank() != 3)
    fail("input must be [batch, sequence, hidden]");
  if (ctx.attrs.has("qkv_hidden_sizes"))
    failUnsupported("qkv_hidden_sizes is not supported");
  int64_t batch = input.dim(0), seq = input.dim(1), inHidden = input.dim(2);
  int64_t hidden = weights.dim(1) / 3;
  if (heads <= 0 || hidden % heads)
    fail("num_heads ", heads, " does not divide hidden size ", hidden);
  int64_t headSize = hidden / heads;
  // QKV projection: [B*S, 3*hidden].
  std::vector<float> qkv(static_cast<size_t>(batch * seq * 3 * hidden), 0.f);
  if (ctx.hasInput(2)) {
    Tensor bias = asFloat(ctx.input(2));
    for (int64_t r = 0; r < batch * seq; ++r)
      std::copy_n(bias.data<float>(), 3 * hidden, qkv.begin() + r * 3 * hidden);
  }
  sgemm({batch * seq, 3 * hidden, inHidden, false, false, inHidden, 3 * hidden,
         3 * hidden},
        1.f, input.data<float>(), weights.data<float>(), 1.f, qkv.data(),
        &ctx.pool);
  int64_t past = 0;
  Tensor pastKV;
  if (ctx.hasInput(4)) {
    pastKV = asFloat(ctx.input(4));
    if (pastKV.rank() != 5 || pastKV.dim(0) != 2 || pastKV.dim(1) != batch ||
        pastKV.dim(2) != heads || pastKV.dim(4) != headSize)
      fail("past has shape ", formatShape(pastKV.shape()), ", expected 2x",
           batch, "x", heads, "xPx", headSize);
    past = pastKV.dim(3);
  }
  int64_t total = past + seq;
  Tensor present(DType::Float32, {2, batch, heads, total, headSize});
  auto presentAt = [&](int64_t kv, int64_t b, int64_t h, int64_t t) {
    return present.data<float>() + (((kv * batch + b) * heads + h) * total + t) * headSize;
  };
  for (int64_t kv = 0; kv < 2; ++kv)
    for (int64_t b = 0; b < batch; ++b)
      for (int64_t h = 0; h < heads; ++h) {
        for (int64_t t = 0; t < past; ++t)
          std::copy_n(pastKV.data<float>() +
                          (((kv * batch + b) * heads + h) * past + t) * headSize,
                      headSize, presentAt(kv, b, h, t));
        for (int64_t s = 0; s < seq; ++s)
          std::copy_n(qkv.data() + (b * seq + s) * 3 * hidden + (kv + 1) * hidden +
                          h * headSize,
                      headSize, presentAt(kv, b, h, past + s));
      }
  std::vector<int64_t> mask;
  if (ctx.hasInput(3)) {
    const Tensor &m = ctx.input(3);
    if (m.rank() != 2 || m.dim(0) != batch || m.dim(1) != total)
      failUnsupported("mask_index of shape ", formatShape(m.shape()),
                      " is not supported (only a [batch, total_sequence] "
                      "raw mask)");
    mask = m.toInt64Vector();
  }
  Tensor out(DType::Float32, {batch, seq, hidden});
  float scale = 1.f / std::sqrt(float(headSize));
  std::vector<float> scores(static_cast<size_t>(total));
  for (int64_t b = 0; b < batch; ++b)
    for (int64_t h = 0; h < heads; ++h)
      for (int64_t s = 0; s < seq; ++s) {
        const float *q = qkv.data() + (b * seq + s) * 3 * hidden + h * headSize;
        float maxScore = -std::numeric_limits<float>::infinity();
        for (int64_t t = 0; t < total; ++t) {
          const float *k = presentAt(0, b, h, t);
          float dot = 0;
          for (int64_t d = 0; d < headSize; ++d)
            dot += q[d] * k[d];
          float v = dot * scale;
          if (!mask.empty() && mask[size_t(b * total + t)] == 0)
            v += maskFilter;
          if (causal && t > past + s)
            v += maskFilter;
          scores[size_t(t)] = v;
          maxScore = std::max(maxScore, v);
        }
        double sum = 0;
        for (float &v : scores) {
          v = std::exp(v - maxScore);
          sum += v;
        }
        float *dst = out.data<float>() + (b * seq + s) * hidden + h * headSize;
        for (int64_t t = 0; t < total; ++t) {
          float p = float(scores[size_t(t)] / sum);
          const float *v = presentAt(1, b, h, t);
          for (int64_t d = 0; d < headSize; ++d)
            dst[d] += p * v[d];
        }
      }
  ctx.setOutput(0, out);
  if (ctx.wantsOutput(1))
    ctx.setOutput(1, present);
}

void skipLayerNormKernel(KernelContext &ctx) {
  Tensor input = asFloat(ctx.input(0)), skip = asFloat(ctx.input(1));
  Tensor gamma = asFloat(ctx.input(2));
  Tensor beta = ctx.hasInput(3) ? asFloat(ctx.input(3)) : Tensor();
  Tensor bias = ctx.hasInput(4) ? asFloat(ctx.input(4)) : Tensor();
  int64_t width = input.dim(input.rank() - 1);
  int64_t rows = input.numElements() / std::max<int64_t>(width, 1);
  if (skip.numElements() != input.numElements())
    fail("skip has shape ", formatShape(skip.shape()), ", input ",
         formatShape(input.shape()));
  Tensor sum(DType::Float32, input.shape());
  for (int64_t i = 0; i < input.numElements(); ++i)
    sum.data<float>()[i] = input.data<float>()[i] + skip.data<float>()[i] +
                           (bias.isValid() ? bias.data<float>()[i % width] : 0.f);
  Tensor out(DType::Float32, input.shape());
  layerNormRows(sum.data<float>(), out.data<float>(), rows, width,
                gamma.data<float>(), beta.isValid() ? beta.data<float>() : nullptr,
                ctx.attrs.getFloat("epsilon", 1e-12f));
  ctx.setOutput(0, out);
  if (ctx.wantsOutput(1) || ctx.wantsOutput(2))
    failUnsupported("the mean and inv_std_var outputs are not supported");
  ctx.setOutput(3, sum);
}

void fastGeluKernel(KernelContext &ctx) {
  Tensor x = asFloat(ctx.input(0)).clone();
  Tensor bias = ctx.hasInput(1) ? asFloat(ctx.input(1)) : Tensor();
  int64_t width = bias.isValid() ? bias.numElements() : 1;
  float *p = x.data<float>();
  const float k = 0.7978845608028654f; // sqrt(2 / pi)
  for (int64_t i = 0; i < x.numElements(); ++i) {
    float v = p[i] + (bias.isValid() ? bias.data<float>()[i % width] : 0.f);
    p[i] = 0.5f * v * (1.f + std::tanh(k * (v + 0.044715f * v * v * v)));
  }
  ctx.setOutput(0, x);
}

//===----------------------------------------------------------------------===//
// QOperator contrib ops: dequantize, compute in float, requantize
//===----------------------------------------------------------------------===//

Tensor dequantize(const Tensor &q, const Tensor &scale, const Tensor &zp) {
  float s = castTensor(scale, DType::Float32).data<float>()[0];
  int32_t z = zeroPointValues(zp, 1)[0];
  Tensor packed = q.contiguous();
  Tensor out(DType::Float32, packed.shape());
  for (int64_t i = 0; i < packed.numElements(); ++i)
    out.data<float>()[i] = float(packed.valueAsInt(i) - z) * s;
  return out;
}

Tensor quantize(const Tensor &x, const Tensor &scale, const Tensor &zp,
                DType type) {
  float s = castTensor(scale, DType::Float32).data<float>()[0];
  int32_t z = zeroPointValues(zp, 1)[0];
  Tensor out(type, x.shape());
  for (int64_t i = 0; i < x.numElements(); ++i) {
    float v = x.data<float>()[i];
    if (type == DType::UInt8)
      out.data<uint8_t>()[i] = quantizeValue<uint8_t>(v, s, z);
    else if (type == DType::Int8)
      out.data<int8_t>()[i] = quantizeValue<int8_t>(v, s, z);
    else
      failUnsupported("quantized type ", dtypeName(type));
  }
  return out;
}

template <bool isMul> void qlinearBinaryKernel(KernelContext &ctx) {
  Tensor a = dequantize(ctx.input(0), ctx.input(1), ctx.hasInput(2) ? ctx.input(2) : Tensor());
  Tensor b = dequantize(ctx.input(3), ctx.input(4), ctx.hasInput(5) ? ctx.input(5) : Tensor());
  Shape shape = broadcastShapes(a.shape(), b.shape());
  Tensor sum(DType::Float32, shape);
  std::vector<int64_t> sa = broadcastStrides(a.shape(), shape),
                       sb = broadcastStrides(b.shape(), shape),
                       own = contiguousStrides(shape);
  for (int64_t i = 0; i < sum.numElements(); ++i) {
    int64_t ia = 0, ib = 0, rest = i;
    for (size_t d = 0; d < shape.size(); ++d) {
      int64_t idx = rest / own[d];
      rest %= own[d];
      ia += idx * sa[d];
      ib += idx * sb[d];
    }
    float x = a.data<float>()[ia], y = b.data<float>()[ib];
    sum.data<float>()[i] = isMul ? x * y : x + y;
  }
  ctx.setOutput(0, quantize(sum, ctx.input(6), ctx.hasInput(7) ? ctx.input(7) : Tensor(),
                            ctx.input(0).dtype()));
}

void qlinearGlobalAveragePoolKernel(KernelContext &ctx) {
  Tensor x = dequantize(ctx.input(0), ctx.input(1), ctx.input(2));
  bool channelsLast = ctx.attrs.getInt("channels_last", 0) != 0;
  if (x.rank() < 3)
    fail("X must have rank >= 3");
  if (channelsLast) {
    std::vector<int64_t> perm = {0, x.rank() - 1};
    for (int64_t d = 1; d < x.rank() - 1; ++d)
      perm.push_back(d);
    x = transposeTensor(x, perm);
  }
  int64_t planes = x.dim(0) * x.dim(1), size = x.numElements() / std::max<int64_t>(planes, 1);
  Shape outShape(static_cast<size_t>(x.rank()), 1);
  outShape[0] = x.dim(0);
  outShape[1] = x.dim(1);
  Tensor mean(DType::Float32, outShape);
  for (int64_t p = 0; p < planes; ++p) {
    double sum = 0;
    for (int64_t i = 0; i < size; ++i)
      sum += x.data<float>()[p * size + i];
    mean.data<float>()[p] = float(sum / double(size));
  }
  if (channelsLast) {
    Shape last = {x.dim(0)};
    for (int64_t d = 2; d < x.rank(); ++d)
      last.push_back(1);
    last.push_back(x.dim(1));
    mean = mean.reshaped(last);
  }
  ctx.setOutput(0, quantize(mean, ctx.input(3), ctx.input(4), ctx.input(0).dtype()));
}

void qlinearConcatKernel(KernelContext &ctx) {
  std::vector<Tensor> parts;
  for (size_t i = 2; i + 2 < ctx.inputCount() + 1; i += 3)
    parts.push_back(dequantize(ctx.input(i), ctx.input(i + 1), ctx.input(i + 2)));
  int64_t axis = normalizeAxis(ctx.attrs.getInt("axis", 0), parts.at(0).rank());
  Tensor joined = concatTensors(parts, axis);
  ctx.setOutput(0, quantize(joined, ctx.input(0), ctx.input(1), ctx.input(2).dtype()));
}

//===----------------------------------------------------------------------===//
// Experimental ops removed from ONNX (opset <= 9 exports)
//===----------------------------------------------------------------------===//

void imageScalerKernel(KernelContext &ctx) {
  Tensor x = asFloat(ctx.input(0)).clone();
  float scale = ctx.attrs.getFloat("scale", 1.f);
  std::vector<float> bias = ctx.attrs.getFloats("bias");
  if (x.rank() != 4 || (!bias.empty() && int64_t(bias.size()) != x.dim(1)))
    fail("ImageScaler needs NCHW input with one bias per channel");
  int64_t c = x.dim(1), plane = x.dim(2) * x.dim(3);
  for (int64_t i = 0; i < x.numElements(); ++i)
    x.data<float>()[i] = x.data<float>()[i] * scale +
                         (bias.empty() ? 0.f : bias[size_t((i / plane) % c)]);
  ctx.setOutput(0, x);
}

void cropKernel(KernelContext &ctx) {
  Tensor x = ctx.input(0).contiguous();
  std::vector<int64_t> border = ctx.attrs.getInts("border");
  std::vector<int64_t> scale = ctx.attrs.getInts("scale");
  if (x.rank() != 4 || border.size() != 4)
    fail("Crop needs NCHW input and border = [left, top, right, bottom]");
  int64_t left = border[0], top = border[1];
  int64_t height = x.dim(2) - top - border[3];
  int64_t width = x.dim(3) - left - border[2];
  if (scale.size() == 2) {
    height = scale[0];
    width = scale[1];
  }
  if (height < 0 || width < 0 || top + height > x.dim(2) || left + width > x.dim(3))
    fail("crop window exceeds the input ", formatShape(x.shape()));
  Tensor y(x.dtype(), {x.dim(0), x.dim(1), height, width});
  size_t elem = dtypeSize(x.dtype());
  for (int64_t p = 0; p < x.dim(0) * x.dim(1); ++p)
    for (int64_t h = 0; h < height; ++h)
      std::memcpy(static_cast<char *>(y.rawData()) + size_t((p * height + h) * width) * elem,
                  static_cast<const char *>(x.rawData()) +
                      size_t((p * x.dim(2) + top + h) * x.dim(3) + left) * elem,
                  size_t(width) * elem);
  ctx.setOutput(0, y);
}

void affineKernel(KernelContext &ctx) {
  Tensor x = asFloat(ctx.input(0)).clone();
  float alpha = ctx.attrs.getFloat("alpha", 1.f), beta = ctx.attrs.getFloat("beta", 0.f);
  for (int64_t i = 0; i < x.numElements(); ++i)
    x.data<float>()[i] = alpha * x.data<float>()[i] + beta;
  ctx.setOutput(0, x);
}

} // namespace

void registerContribKernels(KernelRegistry &r) {
  KernelOptions defaults;
  addKernel(r, "EmbedLayerNormalization", embedLayerNormKernel, defaults, kMicrosoft);
  addKernel(r, "Attention", attentionKernel,
            {1, 1 << 30, true, "raw [batch, total_sequence] mask only; no qkv_hidden_sizes"},
            kMicrosoft);
  addKernel(r, "SkipLayerNormalization", skipLayerNormKernel,
            {1, 1 << 30, true, "no mean / inv_std_var outputs"}, kMicrosoft);
  addKernel(r, "FastGelu", fastGeluKernel, defaults, kMicrosoft);
  KernelOptions raw{1, 1 << 30, false};
  addKernel(r, "QLinearAdd", qlinearBinaryKernel<false>, raw, kMicrosoft);
  addKernel(r, "QLinearMul", qlinearBinaryKernel<true>, raw, kMicrosoft);
  addKernel(r, "QLinearGlobalAveragePool", qlinearGlobalAveragePoolKernel, raw, kMicrosoft);
  addKernel(r, "QLinearConcat", qlinearConcatKernel, raw, kMicrosoft);
  // Experimental ops; they left the standard in opset 10. No later op took
  // their names, so they stay runnable at any opset: `hwc simplify` writes
  // models at opset 21 and keeps such nodes as they are.
  const char *legacy = "experimental op (removed from the standard in opset 10)";
  addKernel(r, "ImageScaler", imageScalerKernel, {1, 1 << 30, true, legacy});
  addKernel(r, "Crop", cropKernel, {1, 1 << 30, false, legacy});
  addKernel(r, "Affine", affineKernel, {1, 1 << 30, true, legacy});
}

} // namespace hwc::rt
