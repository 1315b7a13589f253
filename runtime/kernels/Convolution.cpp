//===- Convolution.cpp - Conv and ConvTranspose ---------------------------===//
//
// Conv lowers each (image, group) to one sgemm: weights [Cout/g, Cin/g*K]
// times an im2col matrix [Cin/g*K, outputPositions]. A 1x1, stride-1,
// unpadded Conv skips im2col (the input already is that matrix), and
// depthwise Conv (one input channel per group) runs a direct loop per
// channel. ConvTranspose is the adjoint: sgemm into columns, then col2im
// accumulates them into the output. Any number of spatial dims.
//
//===----------------------------------------------------------------------===//

#include "runtime/core/Error.h"
#include "runtime/kernels/ConvGeometry.h"
#include "runtime/kernels/Kernel.h"
#include "runtime/kernels/Sgemm.h"

#include <algorithm>
#include <cstring>

namespace hwc::rt {

namespace {

/// Walks the rows of an im2col matrix: for input channel `c` and kernel
/// offset `kpos`, calls visit(outPosition, inPosition or -1) for every output
/// position (inPosition is a flat spatial index into channel c).
template <typename Visit>
void forEachWindowTap(const ConvGeometry &g, const std::vector<int64_t> &kpos,
                      Visit &&visit) {
  size_t rank = g.spatialRank;
  int64_t inner = g.output[rank - 1];
  int64_t outer = g.outputSize() / std::max<int64_t>(inner, 1);
  std::vector<int64_t> index(rank, 0);
  int64_t strideLast = g.strides[rank - 1];
  int64_t firstLast = kpos[rank - 1] * g.dilations[rank - 1] - g.padBegin[rank - 1];
  for (int64_t row = 0; row < outer; ++row) {
    int64_t base = 0;
    bool inside = true;
    for (size_t d = 0; d + 1 < rank; ++d) {
      int64_t x = index[d] * g.strides[d] - g.padBegin[d] + kpos[d] * g.dilations[d];
      inside &= x >= 0 && x < g.input[d];
      base = base * g.input[d] + x;
    }
    int64_t out0 = row * inner;
    int64_t lastSize = g.input[rank - 1];
    for (int64_t i = 0; i < inner; ++i) {
      int64_t x = i * strideLast + firstLast;
      bool ok = inside && x >= 0 && x < lastSize;
      visit(out0 + i, ok ? base * lastSize + x : -1);
    }
    for (size_t d = rank - 1; d-- > 0;) {
      if (++index[d] < g.output[d])
        break;
      index[d] = 0;
    }
  }
}

std::vector<int64_t> unflattenKernel(const ConvGeometry &g, int64_t k) {
  std::vector<int64_t> pos(g.spatialRank);
  for (size_t d = g.spatialRank; d-- > 0;) {
    pos[d] = k % g.kernel[d];
    k /= g.kernel[d];
  }
  return pos;
}

/// One im2col row of a 2-D window tap (kh, kw): whole output rows at a
/// time, with the valid span of each copied by a tight (or memcpy) loop.
void im2colRow2D(const ConvGeometry &g, const float *src, int64_t kh,
                 int64_t kw, float *dst) {
  int64_t inH = g.input[0], inW = g.input[1];
  int64_t outH = g.output[0], outW = g.output[1];
  int64_t sh = g.strides[0], sw = g.strides[1];
  int64_t offH = kh * g.dilations[0] - g.padBegin[0];
  int64_t offW = kw * g.dilations[1] - g.padBegin[1];
  // Output columns whose input column lies inside [0, inW).
  int64_t first = offW >= 0 ? 0 : (-offW + sw - 1) / sw;
  int64_t last = inW - offW <= 0 ? 0 : std::min(outW, (inW - offW - 1) / sw + 1);
  first = std::min(first, outW);
  last = std::max(last, first);
  for (int64_t oh = 0; oh < outH; ++oh, dst += outW) {
    int64_t ih = oh * sh + offH;
    if (ih < 0 || ih >= inH) {
      std::fill_n(dst, outW, 0.f);
      continue;
    }
    const float *row = src + ih * inW + offW;
    std::fill_n(dst, first, 0.f);
    if (sw == 1)
      std::memcpy(dst + first, row + first, size_t(last - first) * sizeof(float));
    else
      for (int64_t ow = first; ow < last; ++ow)
        dst[ow] = row[ow * sw];
    std::fill(dst + last, dst + outW, 0.f);
  }
}

/// Floats of im2col matrix built per chunk (1 MiB: L2-sized).
constexpr int64_t kIm2colChunkFloats = 256 * 1024;

/// The im2col rows for output rows [row0, row0 + rows) of a 2-D window:
/// col[(c * K + k) * (rows * outW) + j].
void im2colRows2D(const ConvGeometry &g, const float *input, int64_t channels,
                  int64_t row0, int64_t rows, float *col, ThreadPool &pool) {
  ConvGeometry part = g;
  part.output[0] = rows;
  part.padBegin[0] = g.padBegin[0] - row0 * g.strides[0];
  int64_t kernelSize = g.kernelSize(), width = rows * g.output[1];
  int64_t inputSize = g.inputSize();
  pool.parallelFor(channels * kernelSize, 16, [&](int64_t begin, int64_t end) {
    for (int64_t row = begin; row < end; ++row) {
      int64_t c = row / kernelSize, k = row % kernelSize;
      im2colRow2D(part, input + c * inputSize, k / g.kernel[1], k % g.kernel[1],
                  col + row * width);
    }
  });
}

/// col[(c * K + k) * P + p] = input tap, or 0 in the padding.
void im2col(const ConvGeometry &g, const float *input, int64_t channels,
            float *col, ThreadPool &pool) {
  int64_t kernelSize = g.kernelSize(), positions = g.outputSize();
  int64_t inputSize = g.inputSize();
  if (g.spatialRank == 2) {
    pool.parallelFor(channels * kernelSize, 16, [&](int64_t begin, int64_t end) {
      for (int64_t row = begin; row < end; ++row) {
        int64_t c = row / kernelSize, k = row % kernelSize;
        im2colRow2D(g, input + c * inputSize, k / g.kernel[1], k % g.kernel[1],
                    col + row * positions);
      }
    });
    return;
  }
  pool.parallelFor(channels * kernelSize, 4, [&](int64_t begin, int64_t end) {
    for (int64_t row = begin; row < end; ++row) {
      int64_t c = row / kernelSize, k = row % kernelSize;
      const float *src = input + c * inputSize;
      float *dst = col + row * positions;
      forEachWindowTap(g, unflattenKernel(g, k), [&](int64_t o, int64_t i) {
        dst[o] = i >= 0 ? src[i] : 0.f;
      });
    }
  });
}

/// The adjoint of im2col: output taps accumulate column values.
void col2im(const ConvGeometry &g, const float *col, int64_t channels,
            float *output, ThreadPool &pool) {
  int64_t kernelSize = g.kernelSize(), positions = g.outputSize();
  int64_t imageSize = g.inputSize();
  pool.parallelFor(channels, 1, [&](int64_t begin, int64_t end) {
    for (int64_t c = begin; c < end; ++c)
      for (int64_t k = 0; k < kernelSize; ++k) {
        const float *src = col + (c * kernelSize + k) * positions;
        float *dst = output + c * imageSize;
        forEachWindowTap(g, unflattenKernel(g, k), [&](int64_t o, int64_t i) {
          if (i >= 0)
            dst[i] += src[o];
        });
      }
  });
}

bool isPointwise(const ConvGeometry &g) {
  for (size_t d = 0; d < g.spatialRank; ++d)
    if (g.kernel[d] != 1 || g.strides[d] != 1 || g.padBegin[d] != 0 ||
        g.padEnd[d] != 0)
      return false;
  return true;
}

/// Output columns [first, last) whose input column ow * stride + offset lies
/// inside [0, size).
void validColumns(int64_t offset, int64_t stride, int64_t size, int64_t outW,
                  int64_t &first, int64_t &last) {
  first = offset >= 0 ? 0 : (-offset + stride - 1) / stride;
  last = size - offset <= 0 ? 0 : std::min(outW, (size - offset - 1) / stride + 1);
  first = std::min(first, outW);
  last = std::max(last, first);
}

/// A 2-D depthwise channel: for each tap, one multiply-add sweep over the
/// valid span of each output row (contiguous when the stride is 1).
void depthwiseChannel2D(const ConvGeometry &g, const float *input,
                        const float *weights, float bias, float *output) {
  int64_t inH = g.input[0], inW = g.input[1];
  int64_t outH = g.output[0], outW = g.output[1];
  int64_t sh = g.strides[0], sw = g.strides[1];
  std::fill_n(output, outH * outW, bias);
  for (int64_t kh = 0; kh < g.kernel[0]; ++kh)
    for (int64_t kw = 0; kw < g.kernel[1]; ++kw) {
      float w = weights[kh * g.kernel[1] + kw];
      int64_t offH = kh * g.dilations[0] - g.padBegin[0];
      int64_t offW = kw * g.dilations[1] - g.padBegin[1];
      int64_t first, last;
      validColumns(offW, sw, inW, outW, first, last);
      for (int64_t oh = 0; oh < outH; ++oh) {
        int64_t ih = oh * sh + offH;
        if (ih < 0 || ih >= inH)
          continue;
        const float *row = input + ih * inW + offW;
        float *out = output + oh * outW;
        if (sw == 1)
          for (int64_t ow = first; ow < last; ++ow)
            out[ow] += w * row[ow];
        else
          for (int64_t ow = first; ow < last; ++ow)
            out[ow] += w * row[ow * sw];
      }
    }
}

/// One output channel of a depthwise convolution, by direct summation.
void depthwiseChannel(const ConvGeometry &g, const float *input,
                      const float *weights, float bias, float *output) {
  if (g.spatialRank == 2)
    return depthwiseChannel2D(g, input, weights, bias, output);
  int64_t kernelSize = g.kernelSize();
  std::fill_n(output, g.outputSize(), bias);
  for (int64_t k = 0; k < kernelSize; ++k) {
    float w = weights[k];
    forEachWindowTap(g, unflattenKernel(g, k), [&](int64_t o, int64_t i) {
      if (i >= 0)
        output[o] += w * input[i];
    });
  }
}

Shape spatialDims(const Tensor &t) {
  return Shape(t.shape().begin() + 2, t.shape().end());
}

void convKernel(KernelContext &ctx) {
  Tensor x = ctx.input(0).contiguous(), w = ctx.input(1).contiguous();
  expectDType(x, DType::Float32, "input X");
  expectDType(w, DType::Float32, "weights W");
  if (x.rank() < 3 || w.rank() != x.rank())
    fail("X (", formatShape(x.shape()), ") and W (", formatShape(w.shape()),
         ") must have the same rank >= 3");
  int64_t group = ctx.attrs.getInt("group", 1);
  int64_t batch = x.dim(0), inChannels = x.dim(1), outChannels = w.dim(0);
  if (group <= 0 || inChannels % group != 0 || outChannels % group != 0 ||
      w.dim(1) * group != inChannels)
    fail("W ", formatShape(w.shape()), " with group ", group,
         " does not match ", inChannels, " input channels");
  ConvGeometry g = ConvGeometry::forward(ctx.attrs, spatialDims(x),
                                         spatialDims(w), false);
  Shape outShape = {batch, outChannels};
  outShape.insert(outShape.end(), g.output.begin(), g.output.end());
  // Every element is written: bias fill then accumulate, or depthwise fill.
  Tensor y = Tensor::uninitialized(DType::Float32, outShape);
  std::vector<float> bias(static_cast<size_t>(outChannels), 0.f);
  if (ctx.hasInput(2)) {
    Tensor b = ctx.input(2).contiguous();
    if (b.numElements() != outChannels)
      fail("bias has ", b.numElements(), " values for ", outChannels,
           " output channels");
    std::copy_n(b.data<float>(), outChannels, bias.begin());
  }
  int64_t inPerGroup = inChannels / group, outPerGroup = outChannels / group;
  int64_t positions = g.outputSize(), kernelSize = g.kernelSize();
  int64_t depth = inPerGroup * kernelSize;
  if (positions == 0 || y.numElements() == 0) {
    ctx.setOutput(0, y);
    return;
  }

  if (inPerGroup == 1 && outPerGroup == 1 && group > 1) {
    ctx.pool.parallelFor(batch * group, 1, [&](int64_t begin, int64_t end) {
      for (int64_t i = begin; i < end; ++i) {
        int64_t c = i % group;
        depthwiseChannel(g, x.data<float>() + i * g.inputSize(),
                         w.data<float>() + c * kernelSize, bias[size_t(c)],
                         y.data<float>() + i * positions);
      }
    });
    ctx.setOutput(0, y);
    return;
  }

  bool pointwise = isPointwise(g);
  // 2-D convolutions build the im2col matrix a few output rows at a time so
  // that it stays in cache between im2col and the GEMM's packing.
  bool chunked = !pointwise && g.spatialRank == 2;
  int64_t rowsPerChunk = g.spatialRank == 2
                             ? std::max<int64_t>(1, kIm2colChunkFloats /
                                                        std::max<int64_t>(depth * g.output[1], 1))
                             : 0;
  int64_t colFloats = pointwise ? 0
                      : chunked ? depth * std::min(rowsPerChunk, g.output[0]) * g.output[1]
                                : depth * positions;
  Tensor col = colFloats ? Tensor::uninitialized(DType::Float32, {colFloats}) : Tensor();
  for (int64_t n = 0; n < batch; ++n)
    for (int64_t gi = 0; gi < group; ++gi) {
      const float *image =
          x.data<float>() + (n * inChannels + gi * inPerGroup) * g.inputSize();
      const float *weights = w.data<float>() + gi * outPerGroup * depth;
      float *out = y.data<float>() + (n * outChannels + gi * outPerGroup) * positions;
      for (int64_t co = 0; co < outPerGroup; ++co)
        std::fill_n(out + co * positions, positions, bias[size_t(gi * outPerGroup + co)]);
      if (pointwise) {
        sgemm({outPerGroup, positions, depth, false, false, depth, positions, positions},
              1.f, weights, image, 1.f, out, &ctx.pool);
      } else if (!chunked) {
        im2col(g, image, inPerGroup, col.data<float>(), ctx.pool);
        sgemm({outPerGroup, positions, depth, false, false, depth, positions, positions},
              1.f, weights, col.data<float>(), 1.f, out, &ctx.pool);
      } else {
        for (int64_t row0 = 0; row0 < g.output[0]; row0 += rowsPerChunk) {
          int64_t rows = std::min(rowsPerChunk, g.output[0] - row0);
          int64_t width = rows * g.output[1];
          im2colRows2D(g, image, inPerGroup, row0, rows, col.data<float>(), ctx.pool);
          sgemm({outPerGroup, width, depth, false, false, depth, width, positions},
                1.f, weights, col.data<float>(), 1.f, out + row0 * g.output[1],
                &ctx.pool);
        }
      }
    }
  ctx.setOutput(0, y);
}

void convTransposeKernel(KernelContext &ctx) {
  Tensor x = ctx.input(0).contiguous(), w = ctx.input(1).contiguous();
  expectDType(x, DType::Float32, "input X");
  if (x.rank() < 3 || w.rank() != x.rank())
    fail("X (", formatShape(x.shape()), ") and W (", formatShape(w.shape()),
         ") must have the same rank >= 3");
  size_t rank = size_t(x.rank() - 2);
  int64_t group = ctx.attrs.getInt("group", 1);
  int64_t batch = x.dim(0), inChannels = x.dim(1);
  if (group <= 0 || w.dim(0) != inChannels || inChannels % group != 0)
    fail("W ", formatShape(w.shape()), " with group ", group,
         " does not match ", inChannels, " input channels");
  int64_t outPerGroup = w.dim(1), outChannels = outPerGroup * group;
  int64_t inPerGroup = inChannels / group;

  // The output plays the role of Conv's input: resolve its geometry.
  ConvGeometry g;
  g.spatialRank = rank;
  g.kernel = ctx.attrs.getInts("kernel_shape");
  if (g.kernel.empty())
    g.kernel = Shape(w.shape().begin() + 2, w.shape().end());
  g.strides = ctx.attrs.getInts("strides", std::vector<int64_t>(rank, 1));
  g.dilations = ctx.attrs.getInts("dilations", std::vector<int64_t>(rank, 1));
  std::vector<int64_t> pads = ctx.attrs.getInts("pads", std::vector<int64_t>(2 * rank, 0));
  std::vector<int64_t> outputPadding =
      ctx.attrs.getInts("output_padding", std::vector<int64_t>(rank, 0));
  std::vector<int64_t> outputShape = ctx.attrs.getInts("output_shape");
  std::string autoPad = ctx.attrs.getString("auto_pad", "NOTSET");
  if (g.kernel.size() != rank || g.strides.size() != rank ||
      g.dilations.size() != rank || pads.size() != 2 * rank ||
      outputPadding.size() != rank)
    fail("kernel_shape, strides, dilations, pads and output_padding must "
         "match ", rank, " spatial dims");
  if (outputShape.size() > rank)
    outputShape.erase(outputShape.begin(), outputShape.end() - int64_t(rank));
  for (size_t d = 0; d < rank; ++d) {
    int64_t in = x.dim(int64_t(d) + 2);
    int64_t window = (g.kernel[d] - 1) * g.dilations[d] + 1;
    int64_t full = g.strides[d] * (in - 1) + outputPadding[d] + window;
    int64_t begin = pads[d], end = pads[d + rank];
    int64_t target = -1;
    if (!outputShape.empty())
      target = outputShape[d];
    else if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER")
      target = in * g.strides[d];
    if (target >= 0) {
      // Like ONNX Runtime: a target larger than the full output leaves the
      // extra positions at the end (bias only) instead of padding negatively.
      int64_t total = std::max<int64_t>(0, full - target);
      if (autoPad == "SAME_UPPER") {
        begin = total / 2;
        end = total - total / 2;
      } else {
        begin = total - total / 2;
        end = total / 2;
      }
    } else if (autoPad == "VALID") {
      begin = end = 0;
    }
    int64_t out = target >= 0 ? target : full - begin - end;
    if (out < 0)
      fail("output size along spatial dim ", d, " would be negative");
    g.input.push_back(out); // the "image" that col2im fills
    g.output.push_back(in); // the "positions" the columns describe
    g.padBegin.push_back(begin);
    g.padEnd.push_back(end);
  }
  Shape outShape = {batch, outChannels};
  outShape.insert(outShape.end(), g.input.begin(), g.input.end());
  Tensor y(DType::Float32, outShape);
  int64_t positions = g.outputSize(), kernelSize = g.kernelSize();
  int64_t depth = outPerGroup * kernelSize;
  std::vector<float> col(static_cast<size_t>(depth * positions));
  for (int64_t n = 0; n < batch; ++n)
    for (int64_t gi = 0; gi < group; ++gi) {
      const float *image =
          x.data<float>() + (n * inChannels + gi * inPerGroup) * positions;
      // col[depth x positions] = W_g^T [depth x inPerGroup] * X_g.
      sgemm({depth, positions, inPerGroup, true, false, depth, positions,
             positions},
            1.f, w.data<float>() + gi * inPerGroup * depth, image, 0.f,
            col.data(), &ctx.pool);
      col2im(g, col.data(), outPerGroup, y.data<float>() +
                 (n * outChannels + gi * outPerGroup) * g.inputSize(),
             ctx.pool);
    }
  if (ctx.hasInput(2)) {
    Tensor b = ctx.input(2).contiguous();
    if (b.numElements() != outChannels)
      fail("bias has ", b.numElements(), " values for ", outChannels,
           " output channels");
    int64_t image = g.inputSize();
    for (int64_t n = 0; n < batch; ++n)
      for (int64_t c = 0; c < outChannels; ++c) {
        float *p = y.data<float>() + (n * outChannels + c) * image;
        float v = b.data<float>()[c];
        for (int64_t i = 0; i < image; ++i)
          p[i] += v;
      }
  }
  ctx.setOutput(0, y);
}

} // namespace

void registerConvolutionKernels(KernelRegistry &r) {
  addKernel(r, "Conv", convKernel,
            {1, 1 << 30, true, "float32 (float16/bfloat16 computed in float32)"});
  addKernel(r, "ConvTranspose", convTransposeKernel,
            {1, 1 << 30, true, "float32 (float16/bfloat16 computed in float32)"});
}

} // namespace hwc::rt
