//===- DataMovement.cpp - Shape and layout operators ----------------------===//
//
// Operators that move or reinterpret data without arithmetic: Reshape,
// Flatten, Squeeze, Unsqueeze, Transpose, Concat, Split, Slice, Pad, Tile,
// Expand, Shape, Constant, ConstantOfShape, Range, DepthToSpace and
// SpaceToDepth. They work on bytes, so every dtype is supported; older
// opsets' attribute forms are read where real models still use them.
//
//===----------------------------------------------------------------------===//

#include "runtime/core/Dispatch.h"
#include "runtime/core/Error.h"
#include "runtime/io/TensorIO.h"
#include "runtime/kernels/Kernel.h"
#include "runtime/kernels/TensorOps.h"

#include <onnx/onnx_pb.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>

namespace hwc::rt {

//===----------------------------------------------------------------------===//
// Shared helpers
//===----------------------------------------------------------------------===//

namespace {

template <typename Word>
void transposeWords(const Word *in, Word *out, const Shape &outShape,
                    const std::vector<int64_t> &inStrides, int64_t begin,
                    int64_t end) {
  size_t rank = outShape.size();
  int64_t inner = outShape[rank - 1];
  int64_t innerStride = inStrides[rank - 1];
  std::vector<int64_t> index(rank - 1, 0);
  int64_t rest = begin;
  for (size_t d = rank - 1; d-- > 0;) {
    index[d] = rest % outShape[d];
    rest /= outShape[d];
  }
  for (int64_t row = begin; row < end; ++row) {
    int64_t offset = 0;
    for (size_t d = 0; d + 1 < rank; ++d)
      offset += index[d] * inStrides[d];
    Word *dst = out + row * inner;
    const Word *src = in + offset;
    for (int64_t i = 0; i < inner; ++i)
      dst[i] = src[i * innerStride];
    for (size_t d = rank - 1; d-- > 0;) {
      if (++index[d] < outShape[d])
        break;
      index[d] = 0;
    }
  }
}

} // namespace

Tensor transposeTensor(const Tensor &input, const std::vector<int64_t> &perm,
                       ThreadPool *pool) {
  Tensor in = input.contiguous();
  size_t rank = size_t(in.rank());
  if (perm.size() != rank)
    fail("perm has ", perm.size(), " entries for rank ", rank);
  std::vector<bool> seen(rank, false);
  Shape outShape(rank);
  std::vector<int64_t> inStrides(rank);
  for (size_t i = 0; i < rank; ++i) {
    int64_t p = perm[i];
    if (p < 0 || p >= int64_t(rank) || seen[size_t(p)])
      fail("perm is not a permutation of 0..", rank - 1);
    seen[size_t(p)] = true;
    outShape[i] = in.dim(p);
    inStrides[i] = in.strides()[size_t(p)];
  }
  Tensor out = Tensor::uninitialized(in.dtype(), outShape);
  if (rank == 0 || out.numElements() == 0) {
    if (rank == 0)
      std::memcpy(out.rawData(), in.rawData(), in.byteSize());
    return out;
  }
  int64_t rows = out.numElements() / outShape[rank - 1];
  auto run = [&](int64_t begin, int64_t end) {
    switch (dtypeSize(in.dtype())) {
    case 1:
      return transposeWords(in.data<uint8_t>(), out.data<uint8_t>(), outShape,
                            inStrides, begin, end);
    case 2:
      return transposeWords(in.data<uint16_t>(), out.data<uint16_t>(),
                            outShape, inStrides, begin, end);
    case 4:
      return transposeWords(in.data<uint32_t>(), out.data<uint32_t>(),
                            outShape, inStrides, begin, end);
    default:
      return transposeWords(in.data<uint64_t>(), out.data<uint64_t>(),
                            outShape, inStrides, begin, end);
    }
  };
  if (pool)
    pool->parallelFor(rows, std::max<int64_t>(1, 16384 / outShape[rank - 1]),
                      run);
  else
    run(0, rows);
  return out;
}

Tensor concatTensors(const std::vector<Tensor> &inputs, int64_t axis) {
  if (inputs.empty())
    fail("concatenation needs at least one input");
  Shape outShape = inputs[0].shape();
  DType type = inputs[0].dtype();
  int64_t rank = inputs[0].rank();
  outShape[size_t(axis)] = 0;
  for (const Tensor &t : inputs) {
    if (t.dtype() != type)
      fail("inputs have different dtypes ", dtypeName(type), " and ",
           dtypeName(t.dtype()));
    if (t.rank() != rank)
      fail("inputs have ranks ", rank, " and ", t.rank());
    for (int64_t d = 0; d < rank; ++d)
      if (d != axis && t.dim(d) != inputs[0].dim(d))
        fail("input shapes ", formatShape(inputs[0].shape()), " and ",
             formatShape(t.shape()), " differ outside axis ", axis);
    outShape[size_t(axis)] += t.dim(axis);
  }
  Tensor out = Tensor::uninitialized(type, outShape);
  int64_t outer = 1;
  for (int64_t d = 0; d < axis; ++d)
    outer *= outShape[size_t(d)];
  size_t elem = dtypeSize(type);
  size_t outRow = size_t(out.numElements() / std::max<int64_t>(outer, 1)) * elem;
  size_t offset = 0;
  for (const Tensor &t : inputs) {
    Tensor packed = t.contiguous();
    size_t row = size_t(packed.numElements() / std::max<int64_t>(outer, 1)) * elem;
    for (int64_t o = 0; o < outer && row; ++o)
      std::memcpy(static_cast<char *>(out.rawData()) + size_t(o) * outRow + offset,
                  static_cast<const char *>(packed.rawData()) + size_t(o) * row,
                  row);
    offset += row;
  }
  return out;
}

Tensor filledTensor(DType type, const Shape &shape, double value) {
  Tensor out(type, shape);
  visitAny(type, [&](auto tag) {
    using T = decltype(tag);
    T v = convertValue<T>(value);
    std::fill_n(out.data<T>(), out.numElements(), v);
  });
  return out;
}

namespace {

/// Axes from an input (newer opsets) or an attribute (older ones).
std::vector<int64_t> axesFrom(KernelContext &ctx, size_t inputIndex,
                              int inputSinceOpset, const char *attr = "axes") {
  if (ctx.opset() >= inputSinceOpset)
    return ctx.hasInput(inputIndex) ? ctx.input(inputIndex).toInt64Vector()
                                    : std::vector<int64_t>{};
  return ctx.attrs.getInts(attr);
}

//===----------------------------------------------------------------------===//
// Reshape family
//===----------------------------------------------------------------------===//

void reshapeKernel(KernelContext &ctx) {
  const Tensor &data = ctx.input(0);
  std::vector<int64_t> requested = ctx.opset() >= 5
                                       ? ctx.input(1).toInt64Vector()
                                       : ctx.attrs.getInts("shape");
  bool allowZero = ctx.attrs.getInt("allowzero", 0) != 0;
  Shape shape(requested.size());
  int64_t inferred = -1, known = 1;
  for (size_t i = 0; i < requested.size(); ++i) {
    int64_t d = requested[i];
    if (d == 0 && !allowZero) {
      if (int64_t(i) >= data.rank())
        fail("shape[", i, "] is 0 (copy) but the input has rank ", data.rank());
      d = data.dim(int64_t(i));
    }
    if (d == -1) {
      if (inferred >= 0)
        fail("shape ", formatShape(requested), " has more than one -1");
      inferred = int64_t(i);
      continue;
    }
    if (d < -1)
      fail("shape[", i, "] is ", d, ", expected >= -1");
    shape[i] = d;
    known *= d;
  }
  if (inferred >= 0) {
    if (known == 0 || data.numElements() % known != 0)
      fail("cannot reshape ", formatShape(data.shape()), " (",
           data.numElements(), " elements) to ", formatShape(requested));
    shape[size_t(inferred)] = data.numElements() / known;
  }
  if (elementCount(shape) != data.numElements())
    fail("cannot reshape ", formatShape(data.shape()), " (",
         data.numElements(), " elements) to ", formatShape(shape), " (",
         elementCount(shape), " elements)");
  ctx.setOutput(0, data.reshaped(shape));
}

void flattenKernel(KernelContext &ctx) {
  const Tensor &data = ctx.input(0);
  int64_t axis = ctx.attrs.getInt("axis", 1);
  if (axis < 0)
    axis += data.rank();
  if (axis < 0 || axis > data.rank())
    fail("axis ", ctx.attrs.getInt("axis", 1), " is out of range for rank ",
         data.rank());
  int64_t outer = 1;
  for (int64_t d = 0; d < axis; ++d)
    outer *= data.dim(d);
  int64_t inner = outer == 0 ? 0 : data.numElements() / outer;
  if (outer == 0) {
    inner = 1;
    for (int64_t d = axis; d < data.rank(); ++d)
      inner *= data.dim(d);
  }
  ctx.setOutput(0, data.reshaped({outer, inner}));
}

void squeezeKernel(KernelContext &ctx) {
  const Tensor &data = ctx.input(0);
  std::vector<int64_t> axes = axesFrom(ctx, 1, 13);
  std::vector<bool> drop(static_cast<size_t>(data.rank()), false);
  if (axes.empty()) {
    for (int64_t d = 0; d < data.rank(); ++d)
      drop[size_t(d)] = data.dim(d) == 1;
  }
  for (int64_t axis : axes) {
    int64_t a = normalizeAxis(axis, data.rank());
    if (data.dim(a) != 1)
      fail("cannot squeeze axis ", axis, " of size ", data.dim(a));
    drop[size_t(a)] = true;
  }
  Shape shape;
  for (int64_t d = 0; d < data.rank(); ++d)
    if (!drop[size_t(d)])
      shape.push_back(data.dim(d));
  ctx.setOutput(0, data.reshaped(shape));
}

void unsqueezeKernel(KernelContext &ctx) {
  const Tensor &data = ctx.input(0);
  std::vector<int64_t> axes = axesFrom(ctx, 1, 13);
  int64_t outRank = data.rank() + int64_t(axes.size());
  std::vector<bool> inserted(static_cast<size_t>(outRank), false);
  for (int64_t axis : axes) {
    int64_t a = normalizeAxis(axis, outRank);
    if (inserted[size_t(a)])
      fail("axis ", axis, " is repeated");
    inserted[size_t(a)] = true;
  }
  Shape shape;
  int64_t next = 0;
  for (int64_t d = 0; d < outRank; ++d)
    shape.push_back(inserted[size_t(d)] ? 1 : data.dim(next++));
  ctx.setOutput(0, data.reshaped(shape));
}

void transposeKernel(KernelContext &ctx) {
  const Tensor &data = ctx.input(0);
  std::vector<int64_t> perm = ctx.attrs.getInts("perm");
  if (perm.empty())
    for (int64_t d = data.rank() - 1; d >= 0; --d)
      perm.push_back(d);
  ctx.setOutput(0, transposeTensor(data, perm, &ctx.pool));
}

//===----------------------------------------------------------------------===//
// Concat, Split, Slice, Pad, Tile, Expand
//===----------------------------------------------------------------------===//

void concatKernel(KernelContext &ctx) {
  std::vector<Tensor> inputs;
  for (size_t i = 0; i < ctx.inputCount(); ++i)
    inputs.push_back(ctx.input(i));
  int64_t axis = normalizeAxis(ctx.attrs.getInt("axis", 1), inputs[0].rank());
  ctx.setOutput(0, concatTensors(inputs, axis));
}

/// Copies the block [starts, starts+sizes) with `steps` out of `in`.
Tensor sliceBlock(const Tensor &input, const std::vector<int64_t> &starts,
                  const std::vector<int64_t> &steps, const Shape &outShape) {
  Tensor in = input.contiguous();
  Tensor out(in.dtype(), outShape);
  if (out.numElements() == 0)
    return out;
  size_t elem = dtypeSize(in.dtype());
  size_t rank = outShape.size();
  if (rank == 0) {
    std::memcpy(out.rawData(), in.rawData(), elem);
    return out;
  }
  const std::vector<int64_t> &strides = in.strides();
  std::vector<int64_t> index(rank, 0);
  const char *src = static_cast<const char *>(in.rawData());
  char *dst = static_cast<char *>(out.rawData());
  int64_t inner = outShape[rank - 1];
  bool contiguousInner = steps[rank - 1] == 1;
  for (int64_t row = 0, rows = out.numElements() / inner; row < rows; ++row) {
    int64_t offset = 0;
    for (size_t d = 0; d < rank; ++d)
      offset += (starts[d] + index[d] * steps[d]) * strides[d];
    if (contiguousInner) {
      std::memcpy(dst, src + offset * int64_t(elem), size_t(inner) * elem);
      dst += size_t(inner) * elem;
    } else {
      for (int64_t i = 0; i < inner; ++i, dst += elem)
        std::memcpy(dst, src + (offset + i * steps[rank - 1]) * int64_t(elem),
                    elem);
    }
    for (size_t d = rank - 1; d-- > 0;) {
      if (++index[d] < outShape[d])
        break;
      index[d] = 0;
    }
  }
  return out;
}

void splitKernel(KernelContext &ctx) {
  const Tensor &data = ctx.input(0);
  int64_t axis = normalizeAxis(ctx.attrs.getInt("axis", 0), data.rank());
  std::vector<int64_t> sizes = ctx.opset() >= 13
                                   ? (ctx.hasInput(1)
                                          ? ctx.input(1).toInt64Vector()
                                          : std::vector<int64_t>{})
                                   : ctx.attrs.getInts("split");
  int64_t parts = int64_t(ctx.outputCount());
  int64_t total = data.dim(axis);
  if (sizes.empty()) {
    int64_t numOutputs = ctx.attrs.getInt("num_outputs", parts);
    int64_t chunk = (total + numOutputs - 1) / std::max<int64_t>(numOutputs, 1);
    for (int64_t i = 0; i < parts; ++i)
      sizes.push_back(std::max<int64_t>(0, std::min(chunk, total - i * chunk)));
  }
  if (int64_t(sizes.size()) != parts)
    fail("split has ", sizes.size(), " sizes for ", parts, " outputs");
  int64_t sum = 0;
  for (int64_t s : sizes) {
    if (s < 0)
      fail("split size ", s, " is negative");
    sum += s;
  }
  if (sum != total)
    fail("split sizes add up to ", sum, " but axis ", axis, " has size ",
         total);
  std::vector<int64_t> starts(static_cast<size_t>(data.rank()), 0);
  std::vector<int64_t> steps(static_cast<size_t>(data.rank()), 1);
  for (int64_t i = 0; i < parts; ++i) {
    Shape shape = data.shape();
    shape[size_t(axis)] = sizes[size_t(i)];
    if (ctx.wantsOutput(static_cast<size_t>(i)))
      ctx.setOutput(static_cast<size_t>(i), sliceBlock(data, starts, steps, shape));
    starts[size_t(axis)] += sizes[size_t(i)];
  }
}

void sliceKernel(KernelContext &ctx) {
  const Tensor &data = ctx.input(0);
  std::vector<int64_t> starts, ends, axes, steps;
  if (ctx.opset() >= 10) {
    starts = ctx.input(1).toInt64Vector();
    ends = ctx.input(2).toInt64Vector();
    if (ctx.hasInput(3))
      axes = ctx.input(3).toInt64Vector();
    if (ctx.hasInput(4))
      steps = ctx.input(4).toInt64Vector();
  } else {
    starts = ctx.attrs.getInts("starts");
    ends = ctx.attrs.getInts("ends");
    axes = ctx.attrs.getInts("axes");
  }
  if (starts.size() != ends.size())
    fail("starts has ", starts.size(), " entries but ends has ", ends.size());
  if (axes.empty())
    for (size_t i = 0; i < starts.size(); ++i)
      axes.push_back(int64_t(i));
  if (steps.empty())
    steps.assign(starts.size(), 1);
  if (axes.size() != starts.size() || steps.size() != starts.size())
    fail("starts, ends, axes and steps must have the same length");
  size_t rank = size_t(data.rank());
  std::vector<int64_t> begin(rank, 0), step(rank, 1);
  Shape outShape = data.shape();
  for (size_t i = 0; i < starts.size(); ++i) {
    int64_t axis = normalizeAxis(axes[i], data.rank());
    int64_t dim = data.dim(axis);
    int64_t s = steps[i];
    if (s == 0)
      fail("slice step is 0 on axis ", axes[i]);
    int64_t first, last;
    if (s > 0) {
      first = starts[i] < 0 ? std::max<int64_t>(0, starts[i] + dim)
                            : std::min(starts[i], dim);
      last = ends[i] < 0 ? std::max<int64_t>(0, ends[i] + dim)
                         : std::min(ends[i], dim);
      outShape[size_t(axis)] = last > first ? (last - first + s - 1) / s : 0;
    } else {
      first = starts[i] < 0 ? std::max<int64_t>(-1, starts[i] + dim)
                            : std::min(starts[i], dim - 1);
      last = ends[i] < 0 ? std::max<int64_t>(-1, ends[i] + dim)
                         : std::min(ends[i], dim - 1);
      outShape[size_t(axis)] = first > last ? (first - last - s - 1) / -s : 0;
    }
    begin[size_t(axis)] = first;
    step[size_t(axis)] = s;
  }
  ctx.setOutput(0, sliceBlock(data, begin, step, outShape));
}

/// Index into the input for output coordinate `i` of a padded axis.
int64_t padSource(int64_t i, int64_t before, int64_t size,
                  const std::string &mode) {
  int64_t j = i - before;
  if (j >= 0 && j < size)
    return j;
  if (mode == "constant" || size == 0)
    return -1;
  if (mode == "edge")
    return std::clamp<int64_t>(j, 0, size - 1);
  if (mode == "wrap")
    return ((j % size) + size) % size;
  // reflect
  if (size == 1)
    return 0;
  int64_t period = 2 * (size - 1);
  j = ((j % period) + period) % period;
  return j < size ? j : period - j;
}

void padKernel(KernelContext &ctx) {
  const Tensor &data = ctx.input(0);
  std::string mode = ctx.attrs.getString("mode", "constant");
  if (mode != "constant" && mode != "edge" && mode != "reflect" &&
      mode != "wrap")
    fail("unknown pad mode '", mode, "'");
  std::vector<int64_t> pads;
  double constant = 0;
  std::vector<int64_t> axes;
  if (ctx.opset() >= 11) {
    pads = ctx.input(1).toInt64Vector();
    if (ctx.hasInput(2) && ctx.input(2).numElements() > 0)
      constant = ctx.input(2).valueAsDouble(0);
    if (ctx.hasInput(3))
      axes = ctx.input(3).toInt64Vector();
  } else {
    pads = ctx.attrs.getInts(ctx.opset() >= 2 ? "pads" : "paddings");
    constant = ctx.attrs.getFloat("value", 0.f);
  }
  int64_t rank = data.rank();
  if (axes.empty())
    for (int64_t d = 0; d < rank; ++d)
      axes.push_back(d);
  if (pads.size() != 2 * axes.size())
    fail("pads has ", pads.size(), " values, expected ", 2 * axes.size());
  std::vector<int64_t> before(static_cast<size_t>(rank), 0), after(static_cast<size_t>(rank), 0);
  for (size_t i = 0; i < axes.size(); ++i) {
    int64_t a = normalizeAxis(axes[i], rank);
    before[size_t(a)] = pads[i];
    after[size_t(a)] = pads[i + axes.size()];
  }
  Shape outShape = data.shape();
  for (int64_t d = 0; d < rank; ++d) {
    outShape[size_t(d)] += before[size_t(d)] + after[size_t(d)];
    if (outShape[size_t(d)] < 0)
      fail("pads make axis ", d, " negative");
  }
  Tensor in = data.contiguous();
  Tensor out = filledTensor(in.dtype(), outShape, constant);
  size_t elem = dtypeSize(in.dtype());
  std::vector<int64_t> index(static_cast<size_t>(rank), 0);
  const char *src = static_cast<const char *>(in.rawData());
  char *dst = static_cast<char *>(out.rawData());
  for (int64_t o = 0; o < out.numElements(); ++o) {
    int64_t offset = 0;
    bool inside = true;
    for (int64_t d = 0; d < rank && inside; ++d) {
      int64_t j = padSource(index[size_t(d)], before[size_t(d)], in.dim(d), mode);
      inside = j >= 0;
      offset += j * in.strides()[size_t(d)];
    }
    if (inside)
      std::memcpy(dst + o * int64_t(elem), src + offset * int64_t(elem), elem);
    for (int64_t d = rank - 1; d >= 0; --d) {
      if (++index[size_t(d)] < outShape[size_t(d)])
        break;
      index[size_t(d)] = 0;
    }
  }
  ctx.setOutput(0, out);
}

/// Copies `in` into an output of `outShape` where each output coordinate
/// maps to input coordinate (i % inDim) (Tile) or (inDim == 1 ? 0 : i)
/// (Expand).
Tensor replicate(const Tensor &input, const Shape &outShape, bool modulo) {
  Tensor in = input.contiguous();
  Tensor out(in.dtype(), outShape);
  size_t rank = outShape.size();
  size_t elem = dtypeSize(in.dtype());
  Shape inShape(rank, 1);
  std::copy(in.shape().begin(), in.shape().end(),
            inShape.begin() + int64_t(rank - in.shape().size()));
  std::vector<int64_t> inStrides = contiguousStrides(inShape);
  std::vector<int64_t> index(rank, 0);
  const char *src = static_cast<const char *>(in.rawData());
  char *dst = static_cast<char *>(out.rawData());
  for (int64_t o = 0; o < out.numElements(); ++o) {
    int64_t offset = 0;
    for (size_t d = 0; d < rank; ++d) {
      int64_t j = modulo ? index[d] % inShape[d] : (inShape[d] == 1 ? 0 : index[d]);
      offset += j * inStrides[d];
    }
    std::memcpy(dst + o * int64_t(elem), src + offset * int64_t(elem), elem);
    for (size_t d = rank; d-- > 0;) {
      if (++index[d] < outShape[d])
        break;
      index[d] = 0;
    }
  }
  return out;
}

void tileKernel(KernelContext &ctx) {
  const Tensor &data = ctx.input(0);
  std::vector<int64_t> repeats = ctx.input(1).toInt64Vector();
  if (int64_t(repeats.size()) != data.rank())
    fail("repeats has ", repeats.size(), " values for rank ", data.rank());
  Shape outShape = data.shape();
  for (size_t d = 0; d < repeats.size(); ++d) {
    if (repeats[d] < 0)
      fail("repeats[", d, "] is negative");
    outShape[d] *= repeats[d];
  }
  ctx.setOutput(0, replicate(data, outShape, true));
}

void expandKernel(KernelContext &ctx) {
  const Tensor &data = ctx.input(0);
  Shape target = ctx.input(1).toInt64Vector();
  ctx.setOutput(0, replicate(data, broadcastShapes(data.shape(), target), false));
}

//===----------------------------------------------------------------------===//
// Shape, constants, Range
//===----------------------------------------------------------------------===//

void shapeKernel(KernelContext &ctx) {
  const Shape &shape = ctx.input(0).shape();
  int64_t rank = int64_t(shape.size());
  int64_t start = ctx.attrs.getInt("start", 0);
  int64_t end = ctx.attrs.getInt("end", rank);
  start = std::clamp<int64_t>(start < 0 ? start + rank : start, 0, rank);
  end = std::clamp<int64_t>(end < 0 ? end + rank : end, 0, rank);
  std::vector<int64_t> dims;
  for (int64_t d = start; d < end; ++d)
    dims.push_back(shape[size_t(d)]);
  ctx.setOutput(0, Tensor::vector<int64_t>(dims));
}

void constantKernel(KernelContext &ctx) {
  const Attributes &attrs = ctx.attrs;
  if (attrs.has("value")) {
    ctx.setOutput(0, tensorFromProto(attrs.getTensor("value")).clone());
  } else if (attrs.has("value_float")) {
    ctx.setOutput(0, Tensor::scalar<float>(attrs.getFloat("value_float", 0)));
  } else if (attrs.has("value_floats")) {
    ctx.setOutput(0, Tensor::vector<float>(attrs.getFloats("value_floats")));
  } else if (attrs.has("value_int")) {
    ctx.setOutput(0, Tensor::scalar<int64_t>(attrs.getInt("value_int", 0)));
  } else if (attrs.has("value_ints")) {
    ctx.setOutput(0, Tensor::vector<int64_t>(attrs.getInts("value_ints")));
  } else {
    failUnsupported("Constant needs a value, value_float(s) or value_int(s) "
                    "attribute (sparse and string values are not supported)");
  }
}

void constantOfShapeKernel(KernelContext &ctx) {
  Shape shape = ctx.input(0).toInt64Vector();
  if (ctx.attrs.has("value")) {
    Tensor value = tensorFromProto(ctx.attrs.getTensor("value"));
    if (value.numElements() != 1)
      fail("value must have one element, has ", value.numElements());
    Tensor out(value.dtype(), shape);
    size_t elem = dtypeSize(value.dtype());
    for (int64_t i = 0; i < out.numElements(); ++i)
      std::memcpy(static_cast<char *>(out.rawData()) + size_t(i) * elem,
                  value.rawData(), elem);
    ctx.setOutput(0, out);
  } else {
    ctx.setOutput(0, Tensor(DType::Float32, shape));
  }
}

void rangeKernel(KernelContext &ctx) {
  const Tensor &start = ctx.input(0);
  ctx.setOutput(0, visitNumeric(start.dtype(), [&](auto tag) {
    using T = decltype(tag);
    double first = start.valueAsDouble(0), limit = ctx.input(1).valueAsDouble(0),
           delta = ctx.input(2).valueAsDouble(0);
    if (delta == 0)
      fail("delta is 0");
    double steps = std::ceil((limit - first) / delta);
    int64_t count = std::max<int64_t>(0, int64_t(steps));
    Tensor out(start.dtype(), {count});
    T value = convertValue<T>(first), step = convertValue<T>(delta);
    for (int64_t i = 0; i < count; ++i) {
      out.data<T>()[i] = value;
      value = T(value + step);
    }
    return out;
  }));
}

//===----------------------------------------------------------------------===//
// DepthToSpace, SpaceToDepth
//===----------------------------------------------------------------------===//

void depthToSpaceKernel(KernelContext &ctx) {
  const Tensor &x = ctx.input(0);
  if (x.rank() != 4)
    fail("input must be rank 4, got ", formatShape(x.shape()));
  int64_t b = ctx.attrs.getInt("blocksize", 0);
  int64_t n = x.dim(0), c = x.dim(1), h = x.dim(2), w = x.dim(3);
  if (b <= 0 || c % (b * b) != 0)
    fail("channels ", c, " are not divisible by blocksize^2 (blocksize ", b, ")");
  bool crd = ctx.attrs.getString("mode", "DCR") == "CRD";
  Tensor t = crd ? x.reshaped({n, c / (b * b), b, b, h, w})
                 : x.reshaped({n, b, b, c / (b * b), h, w});
  std::vector<int64_t> perm = crd ? std::vector<int64_t>{0, 1, 4, 2, 5, 3}
                                  : std::vector<int64_t>{0, 3, 4, 1, 5, 2};
  ctx.setOutput(0, transposeTensor(t, perm, &ctx.pool)
                       .reshaped({n, c / (b * b), h * b, w * b}));
}

void spaceToDepthKernel(KernelContext &ctx) {
  const Tensor &x = ctx.input(0);
  if (x.rank() != 4)
    fail("input must be rank 4, got ", formatShape(x.shape()));
  int64_t b = ctx.attrs.getInt("blocksize", 0);
  int64_t n = x.dim(0), c = x.dim(1), h = x.dim(2), w = x.dim(3);
  if (b <= 0 || h % b != 0 || w % b != 0)
    fail("spatial dims ", h, "x", w, " are not divisible by blocksize ", b);
  Tensor t = x.reshaped({n, c, h / b, b, w / b, b});
  ctx.setOutput(0, transposeTensor(t, {0, 3, 5, 1, 2, 4}, &ctx.pool)
                       .reshaped({n, c * b * b, h / b, w / b}));
}

} // namespace

void registerDataMovementKernels(KernelRegistry &r) {
  KernelOptions raw{1, 1 << 30, false};
  addKernel(r, "Reshape", reshapeKernel, raw);
  addKernel(r, "Flatten", flattenKernel, raw);
  addKernel(r, "Squeeze", squeezeKernel, raw);
  addKernel(r, "Unsqueeze", unsqueezeKernel, raw);
  addKernel(r, "Transpose", transposeKernel, raw);
  addKernel(r, "Concat", concatKernel, raw);
  addKernel(r, "Split", splitKernel, raw);
  addKernel(r, "Slice", sliceKernel, raw);
  addKernel(r, "Pad", padKernel, raw);
  addKernel(r, "Tile", tileKernel, raw);
  addKernel(r, "Expand", expandKernel, raw);
  addKernel(r, "Shape", shapeKernel, raw);
  addKernel(r, "Constant", constantKernel, raw);
  addKernel(r, "ConstantOfShape", constantOfShapeKernel, raw);
  addKernel(r, "Range", rangeKernel, raw);
  addKernel(r, "DepthToSpace", depthToSpaceKernel, raw);
  addKernel(r, "SpaceToDepth", spaceToDepthKernel, raw);
}

} // namespace hwc::rt
