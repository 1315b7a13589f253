//===- Quantization.cpp - QuantizeLinear and the integer operators --------===//
//
// QuantizeLinear/DequantizeLinear (per tensor, per axis, blocked), and the
// integer operators QLinearMatMul, QLinearConv and MatMulInteger, which
// accumulate exactly in int32 and requantize once per output element.
//
//===----------------------------------------------------------------------===//

#include "runtime/core/Error.h"
#include "runtime/kernels/ConvGeometry.h"
#include "runtime/kernels/Kernel.h"
#include "runtime/kernels/QuantizedMath.h"

#include <algorithm>
#include <cmath>

namespace hwc::rt {

QuantParamIndex QuantParamIndex::make(const Shape &shape, const Tensor &scale,
                                      int64_t axis, int64_t blockSize) {
  QuantParamIndex index;
  if (scale.numElements() == 1 && scale.rank() <= 1 && blockSize <= 0)
    return index;
  int64_t rank = int64_t(shape.size());
  axis = normalizeAxis(axis, rank);
  index.perTensor = false;
  index.axisSize = shape[size_t(axis)];
  for (int64_t d = axis + 1; d < rank; ++d)
    index.inner *= shape[size_t(d)];
  if (blockSize > 0) {
    index.blockSize = blockSize;
    index.paramAxisSize = (index.axisSize + blockSize - 1) / blockSize;
    if (scale.rank() != rank || scale.dim(axis) != index.paramAxisSize)
      fail("blocked quantization with block_size ", blockSize, " needs a scale "
           "of rank ", rank, " with ", index.paramAxisSize, " entries on axis ",
           axis, ", got ", formatShape(scale.shape()));
  } else if (scale.numElements() != index.axisSize) {
    fail("per-axis scale has ", scale.numElements(), " values but axis ", axis,
         " has size ", index.axisSize);
  }
  return index;
}

std::vector<int32_t> zeroPointValues(const Tensor &zeroPoint, int64_t count) {
  if (!zeroPoint.isValid())
    return std::vector<int32_t>(static_cast<size_t>(count), 0);
  std::vector<int64_t> values = zeroPoint.toInt64Vector();
  std::vector<int32_t> out(values.begin(), values.end());
  if (out.size() == 1 && count > 1)
    out.assign(static_cast<size_t>(count), out[0]);
  return out;
}

namespace {

DType quantizedOutputType(KernelContext &ctx) {
  if (ctx.hasInput(2))
    return ctx.input(2).dtype();
  int64_t outputDType = ctx.attrs.getInt("output_dtype", 0);
  if (outputDType != 0) {
    if (!isSupportedDType(int(outputDType)))
      failUnsupported("output_dtype ", onnxDataTypeName(int(outputDType)),
                      " is not supported");
    return static_cast<DType>(outputDType);
  }
  return DType::UInt8;
}

void quantizeLinearKernel(KernelContext &ctx) {
  Tensor x = castTensor(ctx.input(0), DType::Float32);
  Tensor scale = castTensor(ctx.input(1), DType::Float32);
  DType outType = quantizedOutputType(ctx);
  int64_t axis = ctx.attrs.getInt("axis", 1);
  int64_t blockSize = ctx.attrs.getInt("block_size", 0);
  QuantParamIndex index = QuantParamIndex::make(x.shape(), scale, axis, blockSize);
  std::vector<int32_t> zp =
      zeroPointValues(ctx.hasInput(2) ? ctx.input(2) : Tensor(), scale.numElements());
  if (zp.size() != size_t(scale.numElements()))
    fail("zero point has ", zp.size(), " values but scale has ",
         scale.numElements());
  Tensor y(outType, x.shape());
  const float *src = x.data<float>(), *s = scale.data<float>();
  bool saturate = ctx.attrs.getInt("saturate", 1) != 0;
  visitAny(outType, [&](auto tag) {
    using Q = decltype(tag);
    Q *dst = y.data<Q>();
    if constexpr (IsMiniFloat<Q>::value) {
      // Float targets: no rounding to integers, zero point added in float.
      Tensor zpFloat = ctx.hasInput(2) ? castTensor(ctx.input(2), DType::Float32)
                                       : Tensor();
      for (int64_t i = 0; i < x.numElements(); ++i) {
        int64_t p = index(i);
        float z = zpFloat.isValid() ? zpFloat.data<float>()[zpFloat.numElements() == 1 ? 0 : p] : 0.f;
        dst[i].bits = floatToMiniFloat(Q::kind, src[i] / s[p] + z, saturate);
      }
    } else if constexpr (IsSmallInt<Q>::value) {
      for (int64_t i = 0; i < x.numElements(); ++i) {
        int64_t p = index(i);
        float level = std::nearbyint(src[i] / s[p]) + float(zp[size_t(p)]);
        level = std::isnan(level) ? 0.f
                                  : std::clamp(level, float(Q::lowest), float(Q::highest));
        dst[i] = Q{int8_t(level)};
      }
    } else if constexpr (std::is_same_v<Q, uint8_t> || std::is_same_v<Q, int8_t> ||
                         std::is_same_v<Q, uint16_t> || std::is_same_v<Q, int16_t>) {
      for (int64_t i = 0; i < x.numElements(); ++i) {
        int64_t p = index(i);
        dst[i] = quantizeValue<Q>(src[i], s[p], zp[size_t(p)]);
      }
    } else {
      failUnsupported("quantization to ", dtypeName(outType), " is not supported");
    }
  });
  ctx.setOutput(0, y);
}

void dequantizeLinearKernel(KernelContext &ctx) {
  Tensor x = ctx.input(0).contiguous();
  Tensor scale = castTensor(ctx.input(1), DType::Float32);
  int64_t axis = ctx.attrs.getInt("axis", 1);
  int64_t blockSize = ctx.attrs.getInt("block_size", 0);
  QuantParamIndex index = QuantParamIndex::make(x.shape(), scale, axis, blockSize);
  std::vector<int32_t> zp =
      zeroPointValues(ctx.hasInput(2) ? ctx.input(2) : Tensor(), scale.numElements());
  if (x.dtype() == DType::Int32 && ctx.hasInput(2))
    for (int32_t z : zp)
      if (z != 0)
        fail("int32 input requires a zero point of 0");
  if (x.dtype() == DType::Float32 || x.dtype() == DType::Float64)
    failUnsupported("dequantizing ", dtypeName(x.dtype()), " is not supported");
  // Every quantized type (integers, float8, float4) is exact in float64.
  Tensor values = castTensor(x, DType::Float64);
  Tensor zeroPoints = ctx.hasInput(2) ? castTensor(ctx.input(2), DType::Float64)
                                      : Tensor();
  Tensor y(DType::Float32, x.shape());
  const float *s = scale.data<float>();
  float *dst = y.data<float>();
  for (int64_t i = 0; i < x.numElements(); ++i) {
    int64_t p = index(i);
    double z = zeroPoints.isValid()
                   ? zeroPoints.data<double>()[zeroPoints.numElements() == 1 ? 0 : p]
                   : 0.0;
    dst[i] = float(values.data<double>()[i] - z) * s[p];
  }
  ctx.setOutput(0, y);
}

/// Integer values of a quantized tensor minus its zero point(s), as int32.
/// `zpAxisStride` maps an element to its zero-point entry (per row or
/// column); 0 means per tensor.
std::vector<int32_t> centered(const Tensor &t, const std::vector<int32_t> &zp,
                              int64_t inner, int64_t axisSize) {
  Tensor packed = t.contiguous();
  std::vector<int32_t> out(static_cast<size_t>(packed.numElements()));
  visitNumeric(packed.dtype(), [&](auto tag) {
    using T = decltype(tag);
    if constexpr (std::is_integral_v<T>) {
      const T *src = packed.data<T>();
      for (int64_t i = 0; i < packed.numElements(); ++i) {
        size_t z = zp.size() == 1 ? 0 : size_t((i / inner) % axisSize);
        out[size_t(i)] = int32_t(src[i]) - zp[z];
      }
    } else {
      fail("expected an 8-bit integer tensor, got ", dtypeName(packed.dtype()));
    }
  });
  return out;
}

/// int32 C[m x n] = A[m x k] * B[k x n] per batch, with numpy batch
/// broadcasting. Zero points: A per tensor or per row, B per tensor or per
/// column.
struct IntegerMatMul {
  Shape outShape;
  std::vector<int32_t> acc;
  int64_t m = 0, n = 0;
};

IntegerMatMul integerMatMul(const Tensor &a, const Tensor &b,
                            const std::vector<int32_t> &aZp,
                            const std::vector<int32_t> &bZp) {
  if (a.rank() < 2 || b.rank() < 2)
    fail("integer MatMul needs inputs of rank >= 2 (", formatShape(a.shape()),
         ", ", formatShape(b.shape()), ")");
  int64_t m = a.dim(a.rank() - 2), k = a.dim(a.rank() - 1),
          n = b.dim(b.rank() - 1);
  if (b.dim(b.rank() - 2) != k)
    fail("inner dimensions differ: ", formatShape(a.shape()), " x ",
         formatShape(b.shape()));
  std::vector<int32_t> ca = centered(a, aZp, k, m);
  std::vector<int32_t> cb = centered(b, bZp, 1, n);
  Shape aBatch(a.shape().begin(), a.shape().end() - 2);
  Shape bBatch(b.shape().begin(), b.shape().end() - 2);
  Shape batch = broadcastShapes(aBatch, bBatch);
  std::vector<int64_t> as = broadcastStrides(aBatch, batch),
                       bs = broadcastStrides(bBatch, batch);
  IntegerMatMul result;
  result.m = m;
  result.n = n;
  result.outShape = batch;
  result.outShape.push_back(m);
  result.outShape.push_back(n);
  int64_t batches = elementCount(batch);
  result.acc.assign(static_cast<size_t>(batches * m * n), 0);
  for (int64_t bi = 0; bi < batches; ++bi) {
    int64_t ai = 0, bj = 0, rest = bi;
    for (int64_t d = int64_t(batch.size()) - 1; d >= 0; --d) {
      int64_t idx = rest % batch[size_t(d)];
      rest /= batch[size_t(d)];
      ai += idx * as[size_t(d)];
      bj += idx * bs[size_t(d)];
    }
    const int32_t *pa = ca.data() + ai * m * k;
    const int32_t *pb = cb.data() + bj * k * n;
    int32_t *pc = result.acc.data() + bi * m * n;
    for (int64_t i = 0; i < m; ++i)
      for (int64_t p = 0; p < k; ++p) {
        int32_t x = pa[i * k + p];
        for (int64_t j = 0; j < n; ++j)
          pc[i * n + j] += x * pb[p * n + j];
      }
  }
  return result;
}

void matMulIntegerKernel(KernelContext &ctx) {
  const Tensor &a = ctx.input(0), &b = ctx.input(1);
  std::vector<int32_t> aZp = zeroPointValues(ctx.hasInput(2) ? ctx.input(2) : Tensor(), 1);
  std::vector<int32_t> bZp = zeroPointValues(ctx.hasInput(3) ? ctx.input(3) : Tensor(), 1);
  IntegerMatMul r = integerMatMul(a, b, aZp, bZp);
  Tensor y(DType::Int32, r.outShape);
  std::copy(r.acc.begin(), r.acc.end(), y.data<int32_t>());
  ctx.setOutput(0, y);
}

/// Writes requantized values: y = saturate(rint(acc * multiplier[c]) + zp).
Tensor requantize(const std::vector<int32_t> &acc, const Shape &shape,
                  DType type, const std::vector<float> &multiplier,
                  int64_t inner, int32_t zeroPoint) {
  Tensor y(type, shape);
  auto run = [&](auto tag) {
    using Q = decltype(tag);
    Q *dst = y.data<Q>();
    int64_t channels = int64_t(multiplier.size());
    for (size_t i = 0; i < acc.size(); ++i) {
      float mult = channels == 1 ? multiplier[0]
                                 : multiplier[size_t((int64_t(i) / inner) % channels)];
      dst[i] = quantizeValue<Q>(float(double(acc[i]) * double(mult)), 1.f, zeroPoint);
    }
  };
  if (type == DType::UInt8)
    run(uint8_t{});
  else if (type == DType::Int8)
    run(int8_t{});
  else
    failUnsupported("requantizing to ", dtypeName(type), " is not supported");
  return y;
}

std::vector<float> floatValues(const Tensor &t) {
  Tensor f = castTensor(t, DType::Float32);
  return std::vector<float>(f.data<float>(), f.data<float>() + f.numElements());
}

void qlinearMatMulKernel(KernelContext &ctx) {
  const Tensor &a = ctx.input(0), &b = ctx.input(3);
  std::vector<float> aScale = floatValues(ctx.input(1));
  std::vector<float> bScale = floatValues(ctx.input(4));
  std::vector<float> yScale = floatValues(ctx.input(6));
  std::vector<int32_t> aZp = zeroPointValues(ctx.input(2), 1);
  std::vector<int32_t> bZp = zeroPointValues(ctx.input(5), 1);
  int32_t yZp = zeroPointValues(ctx.input(7), 1)[0];
  if (aScale.size() != 1 || yScale.size() != 1)
    fail("a_scale and y_scale must be scalars");
  IntegerMatMul r = integerMatMul(a, b, aZp, bZp);
  std::vector<float> multiplier;
  for (float s : bScale)
    multiplier.push_back(aScale[0] * s / yScale[0]);
  ctx.setOutput(0, requantize(r.acc, r.outShape, ctx.input(7).dtype(),
                              multiplier, 1, yZp));
}

void qlinearConvKernel(KernelContext &ctx) {
  const Tensor &x = ctx.input(0), &w = ctx.input(3);
  std::vector<float> xScale = floatValues(ctx.input(1));
  std::vector<float> wScale = floatValues(ctx.input(4));
  std::vector<float> yScale = floatValues(ctx.input(6));
  int32_t xZp = zeroPointValues(ctx.input(2), 1)[0];
  int32_t yZp = zeroPointValues(ctx.input(7), 1)[0];
  if (x.rank() < 3 || w.rank() != x.rank())
    fail("x and w must have the same rank >= 3");
  int64_t group = ctx.attrs.getInt("group", 1);
  int64_t batch = x.dim(0), inChannels = x.dim(1), outChannels = w.dim(0);
  if (group <= 0 || inChannels % group || outChannels % group ||
      w.dim(1) * group != inChannels)
    fail("w ", formatShape(w.shape()), " with group ", group,
         " does not match ", inChannels, " input channels");
  std::vector<int32_t> wZp = zeroPointValues(ctx.input(5), outChannels);
  ConvGeometry g = ConvGeometry::forward(
      ctx.attrs, Shape(x.shape().begin() + 2, x.shape().end()),
      Shape(w.shape().begin() + 2, w.shape().end()), false);
  std::vector<int32_t> cx = centered(x, {xZp}, 1, 1);
  int64_t wInner = w.numElements() / std::max<int64_t>(outChannels, 1);
  std::vector<int32_t> cw = centered(w, wZp, wInner, outChannels);
  std::vector<int32_t> bias(static_cast<size_t>(outChannels), 0);
  if (ctx.hasInput(8)) {
    std::vector<int64_t> b = ctx.input(8).toInt64Vector();
    if (int64_t(b.size()) != outChannels)
      fail("B has ", b.size(), " values for ", outChannels, " channels");
    std::copy(b.begin(), b.end(), bias.begin());
  }
  int64_t inPerGroup = inChannels / group, outPerGroup = outChannels / group;
  int64_t positions = g.outputSize(), kernelSize = g.kernelSize();
  Shape outShape = {batch, outChannels};
  outShape.insert(outShape.end(), g.output.begin(), g.output.end());
  std::vector<int32_t> acc(static_cast<size_t>(batch * outChannels * positions), 0);
  std::vector<int64_t> kpos(g.spatialRank), opos(g.spatialRank);
  for (int64_t n = 0; n < batch; ++n)
    for (int64_t co = 0; co < outChannels; ++co) {
      int64_t gi = co / outPerGroup;
      int32_t *out = acc.data() + (n * outChannels + co) * positions;
      std::fill_n(out, positions, bias[size_t(co)]);
      for (int64_t ci = 0; ci < inPerGroup; ++ci) {
        const int32_t *image =
            cx.data() + (n * inChannels + gi * inPerGroup + ci) * g.inputSize();
        const int32_t *weights = cw.data() + (co * inPerGroup + ci) * kernelSize;
        for (int64_t k = 0; k < kernelSize; ++k) {
          int64_t rest = k;
          for (size_t d = g.spatialRank; d-- > 0;) {
            kpos[d] = rest % g.kernel[d];
            rest /= g.kernel[d];
          }
          for (int64_t o = 0; o < positions; ++o) {
            int64_t r = o, flat = 0;
            bool inside = true;
            for (size_t d = g.spatialRank; d-- > 0;) {
              opos[d] = r % g.output[d];
              r /= g.output[d];
            }
            for (size_t d = 0; d < g.spatialRank; ++d) {
              int64_t xi = opos[d] * g.strides[d] - g.padBegin[d] +
                           kpos[d] * g.dilations[d];
              inside &= xi >= 0 && xi < g.input[d];
              flat = flat * g.input[d] + xi;
            }
            if (inside)
              out[o] += weights[k] * image[flat];
          }
        }
      }
    }
  std::vector<float> multiplier;
  for (float s : wScale)
    multiplier.push_back(xScale[0] * s / yScale[0]);
  ctx.setOutput(0, requantize(acc, outShape, ctx.input(7).dtype(), multiplier,
                              positions, yZp));
}

} // namespace

void registerQuantizationKernels(KernelRegistry &r) {
  addKernel(r, "QuantizeLinear", quantizeLinearKernel);
  addKernel(r, "DequantizeLinear", dequantizeLinearKernel);
  addKernel(r, "MatMulInteger", matMulIntegerKernel, {1, 1 << 30, false});
  addKernel(r, "QLinearMatMul", qlinearMatMulKernel, {1, 1 << 30, false});
  addKernel(r, "QLinearConv", qlinearConvKernel, {1, 1 << 30, false});
}

} // namespace hwc::rt
