//===- Reduction.cpp - ReduceX, ArgMax and ArgMin -------------------------===//
//
// Reductions bring the reduced axes next to each other (a transpose only
// when they are scattered) and then reduce [outer, reduced, inner] blocks.
// Axes come from the attribute (older opsets) or the second input
// (ReduceSum from opset 13, the others from 18); empty reductions give the
// operation's identity (0, 1, -inf, +inf), as the ONNX reference does.
//
//===----------------------------------------------------------------------===//

#include "runtime/core/Dispatch.h"
#include "runtime/core/Error.h"
#include "runtime/kernels/Kernel.h"
#include "runtime/kernels/TensorOps.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace hwc::rt {
namespace {

enum class Reduce { Sum, Mean, Max, Min, Prod, L2, L1, SumSquare, LogSum, LogSumExp };

/// The input laid out as [outer, reduced, inner] plus the output shape.
struct ReductionLayout {
  Tensor data;
  int64_t outer = 1, reduced = 1, inner = 1;
  Shape outShape;
};

ReductionLayout layoutFor(const Tensor &input, std::vector<int64_t> axes,
                          bool keepDims) {
  int64_t rank = input.rank();
  std::vector<bool> isReduced(static_cast<size_t>(rank), false);
  if (axes.empty())
    isReduced.assign(static_cast<size_t>(rank), true);
  for (int64_t axis : axes)
    isReduced[size_t(normalizeAxis(axis, rank))] = true;
  ReductionLayout layout;
  for (int64_t d = 0; d < rank; ++d) {
    if (isReduced[size_t(d)]) {
      if (keepDims)
        layout.outShape.push_back(1);
    } else {
      layout.outShape.push_back(input.dim(d));
    }
  }
  int64_t first = -1, last = -1;
  for (int64_t d = 0; d < rank; ++d)
    if (isReduced[size_t(d)]) {
      if (first < 0)
        first = d;
      last = d;
    }
  bool contiguousBlock = true;
  for (int64_t d = std::max<int64_t>(first, 0); d <= last; ++d)
    contiguousBlock &= bool(isReduced[size_t(d)]);
  if (contiguousBlock) {
    layout.data = input.contiguous();
    for (int64_t d = 0; d < rank; ++d) {
      if (first >= 0 && d >= first && d <= last)
        layout.reduced *= input.dim(d);
      else if (first < 0 || d < first)
        layout.outer *= input.dim(d);
      else
        layout.inner *= input.dim(d);
    }
    return layout;
  }
  std::vector<int64_t> perm;
  for (int64_t d = 0; d < rank; ++d)
    if (!isReduced[size_t(d)]) {
      perm.push_back(d);
      layout.outer *= input.dim(d);
    }
  for (int64_t d = 0; d < rank; ++d)
    if (isReduced[size_t(d)]) {
      perm.push_back(d);
      layout.reduced *= input.dim(d);
    }
  layout.data = transposeTensor(input, perm);
  return layout;
}

template <Reduce kind> void reduceKernel(KernelContext &ctx) {
  const Tensor &input = ctx.input(0);
  int axesInputSince = kind == Reduce::Sum ? 13 : 18;
  if constexpr (kind == Reduce::LogSumExp) {
    // Numerically stable: max + log(sum(exp(x - max))).
    ReductionLayout layout = layoutFor(castTensor(input, DType::Float64),
                                       ctx.opset() >= 18 && ctx.hasInput(1)
                                           ? ctx.input(1).toInt64Vector()
                                           : ctx.attrs.getInts("axes"),
                                       ctx.attrs.getInt("keepdims", 1) != 0);
    Tensor out(DType::Float64, layout.outShape);
    for (int64_t o = 0; o < layout.outer * layout.inner; ++o) {
      const double *p = layout.data.data<double>() +
                        (o / layout.inner) * layout.reduced * layout.inner +
                        o % layout.inner;
      double m = -INFINITY;
      for (int64_t r = 0; r < layout.reduced; ++r)
        m = std::max(m, p[r * layout.inner]);
      double sum = 0;
      for (int64_t r = 0; r < layout.reduced; ++r)
        sum += std::exp(p[r * layout.inner] - m);
      out.data<double>()[o] = layout.reduced ? m + std::log(sum) : -INFINITY;
    }
    ctx.setOutput(0, castTensor(out, input.dtype()));
    return;
  }
  std::vector<int64_t> axes;
  if (ctx.opset() >= axesInputSince) {
    if (ctx.hasInput(1))
      axes = ctx.input(1).toInt64Vector();
  } else {
    axes = ctx.attrs.getInts("axes");
  }
  bool keepDims = ctx.attrs.getInt("keepdims", 1) != 0;
  if (axes.empty() && ctx.attrs.getInt("noop_with_empty_axes", 0) != 0) {
    ctx.setOutput(0, input);
    return;
  }
  if (input.dtype() == DType::Bool &&
      (kind == Reduce::Max || kind == Reduce::Min)) {
    // max/min of booleans are any/all: reduce the 0/1 values as uint8.
    ReductionLayout layout = layoutFor(castTensor(input, DType::UInt8), axes, keepDims);
    Tensor out(DType::UInt8, layout.outShape);
    for (int64_t o = 0; o < layout.outer * layout.inner; ++o) {
      const uint8_t *p = layout.data.data<uint8_t>() +
                         (o / layout.inner) * layout.reduced * layout.inner +
                         o % layout.inner;
      uint8_t acc = kind == Reduce::Max ? 0 : 1;
      for (int64_t r = 0; r < layout.reduced; ++r)
        acc = kind == Reduce::Max ? std::max(acc, p[r * layout.inner])
                                  : std::min(acc, p[r * layout.inner]);
      out.data<uint8_t>()[o] = acc;
    }
    ctx.setOutput(0, castTensor(out, DType::Bool));
    return;
  }
  ReductionLayout layout = layoutFor(input, axes, keepDims);
  ctx.setOutput(0, visitNumeric(input.dtype(), [&](auto tag) {
    using T = decltype(tag);
    using Acc = std::conditional_t<std::is_floating_point_v<T>, double, T>;
    Tensor out(input.dtype(), layout.outShape);
    const T *src = layout.data.template data<T>();
    T *dst = out.data<T>();
    int64_t inner = layout.inner, reduced = layout.reduced;
    ctx.pool.parallelFor(layout.outer * inner,
                         std::max<int64_t>(1, 4096 / std::max<int64_t>(reduced, 1)),
                         [&](int64_t begin, int64_t end) {
      for (int64_t o = begin; o < end; ++o) {
        const T *p = src + (o / inner) * reduced * inner + o % inner;
        Acc acc;
        if constexpr (kind == Reduce::Max)
          acc = std::numeric_limits<T>::has_infinity
                    ? -std::numeric_limits<Acc>::infinity()
                    : Acc(std::numeric_limits<T>::lowest());
        else if constexpr (kind == Reduce::Min)
          acc = std::numeric_limits<T>::has_infinity
                    ? std::numeric_limits<Acc>::infinity()
                    : Acc(std::numeric_limits<T>::max());
        else if constexpr (kind == Reduce::Prod)
          acc = Acc(1);
        else
          acc = Acc(0);
        for (int64_t r = 0; r < reduced; ++r) {
          Acc v = Acc(p[r * inner]);
          if constexpr (kind == Reduce::Sum || kind == Reduce::Mean)
            acc = Acc(acc + v);
          else if constexpr (kind == Reduce::Prod)
            acc = Acc(acc * v);
          else if constexpr (kind == Reduce::L2 || kind == Reduce::SumSquare)
            acc = Acc(acc + v * v);
          else if constexpr (kind == Reduce::L1)
            acc = Acc(acc + (v < Acc(0) ? Acc(-v) : v));
          else if constexpr (kind == Reduce::LogSum)
            acc = Acc(acc + v);
          else if constexpr (kind == Reduce::Max) {
            if (v > acc || std::isnan(double(v)))
              acc = v;
          } else {
            if (v < acc || std::isnan(double(v)))
              acc = v;
          }
        }
        if constexpr (kind == Reduce::Mean)
          dst[o] = convertValue<T>(double(acc) / double(reduced));
        else if constexpr (kind == Reduce::L2)
          dst[o] = convertValue<T>(std::sqrt(double(acc)));
        else if constexpr (kind == Reduce::LogSum)
          dst[o] = convertValue<T>(std::log(double(acc)));
        else
          dst[o] = T(acc);
      }
    });
    return out;
  }));
}

template <bool isMax> void argKernel(KernelContext &ctx) {
  const Tensor &input = ctx.input(0);
  int64_t axis = normalizeAxis(ctx.attrs.getInt("axis", 0), input.rank());
  bool keepDims = ctx.attrs.getInt("keepdims", 1) != 0;
  bool selectLast = ctx.attrs.getInt("select_last_index", 0) != 0;
  ReductionLayout layout = layoutFor(input, {axis}, keepDims);
  if (layout.reduced == 0)
    fail("cannot take ", isMax ? "ArgMax" : "ArgMin", " over an empty axis");
  Tensor out(DType::Int64, layout.outShape);
  visitNumeric(input.dtype(), [&](auto tag) {
    using T = decltype(tag);
    const T *src = layout.data.template data<T>();
    int64_t *dst = out.data<int64_t>();
    int64_t inner = layout.inner, reduced = layout.reduced;
    for (int64_t o = 0; o < layout.outer * inner; ++o) {
      const T *p = src + (o / inner) * reduced * inner + o % inner;
      int64_t best = 0;
      for (int64_t r = 1; r < reduced; ++r) {
        T v = p[r * inner], b = p[best * inner];
        bool better = isMax ? (v > b || (selectLast && v == b))
                            : (v < b || (selectLast && v == b));
        if (better)
          best = r;
      }
      dst[o] = best;
    }
  });
  ctx.setOutput(0, out);
}

} // namespace

void registerReductionKernels(KernelRegistry &r) {
  addKernel(r, "ReduceSum", reduceKernel<Reduce::Sum>);
  addKernel(r, "ReduceMean", reduceKernel<Reduce::Mean>);
  addKernel(r, "ReduceMax", reduceKernel<Reduce::Max>);
  addKernel(r, "ReduceMin", reduceKernel<Reduce::Min>);
  addKernel(r, "ReduceProd", reduceKernel<Reduce::Prod>);
  addKernel(r, "ReduceL2", reduceKernel<Reduce::L2>);
  addKernel(r, "ReduceL1", reduceKernel<Reduce::L1>);
  addKernel(r, "ReduceSumSquare", reduceKernel<Reduce::SumSquare>);
  addKernel(r, "ReduceLogSum", reduceKernel<Reduce::LogSum>);
  addKernel(r, "ReduceLogSumExp", reduceKernel<Reduce::LogSumExp>);
  addKernel(r, "ArgMax", argKernel<true>);
  addKernel(r, "ArgMin", argKernel<false>);
}

} // namespace hwc::rt
