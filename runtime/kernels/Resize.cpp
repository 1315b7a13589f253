//===- Resize.cpp - Resize and Upsample -----------------------------------===//
//
// Resizing is separable: for each axis and each output coordinate we compute
// the input taps and their weights (1 for nearest, 2 for linear, 4 for
// cubic) from the coordinate transformation mode, then every output element
// sums the tensor product of its axes' taps. Upsample and opset-10 Resize
// are the asymmetric, floor-rounding special case.
//
//===----------------------------------------------------------------------===//

#include "runtime/core/Dispatch.h"
#include "runtime/core/Error.h"
#include "runtime/kernels/Kernel.h"

#include <algorithm>
#include <cmath>

namespace hwc::rt {
namespace {

struct Tap {
  int64_t index;
  float weight;
};

struct ResizeOptions {
  std::string mode = "nearest";
  std::string transform = "half_pixel";
  std::string nearestMode = "round_prefer_floor";
  float cubicA = -0.75f;
  bool excludeOutside = false;
  float extrapolation = 0.f;
};

/// Maps an output coordinate to the input coordinate (or NaN when it falls
/// outside a tf_crop_and_resize box).
double originalCoordinate(const ResizeOptions &o, int64_t x, double scale,
                          int64_t inSize, int64_t outSize, double roiStart,
                          double roiEnd) {
  const std::string &t = o.transform;
  if (t == "asymmetric")
    return double(x) / scale;
  if (t == "align_corners") {
    // The reference divides by the unrounded output length in*scale.
    double resized = double(inSize) * scale;
    return outSize == 1 ? 0.0 : double(x) * double(inSize - 1) / (resized - 1);
  }
  if (t == "tf_half_pixel_for_nn")
    return (double(x) + 0.5) / scale;
  if (t == "pytorch_half_pixel")
    return outSize > 1 ? (double(x) + 0.5) / scale - 0.5 : 0.0;
  if (t == "tf_crop_and_resize") {
    double v = outSize > 1 ? roiStart * double(inSize - 1) +
                                 double(x) * (roiEnd - roiStart) *
                                     double(inSize - 1) / double(outSize - 1)
                           : 0.5 * (roiStart + roiEnd) * double(inSize - 1);
    return v < 0 || v > double(inSize - 1) ? NAN : v;
  }
  if (t == "half_pixel_symmetric") {
    double adjustment = double(outSize) / (scale * double(inSize));
    double center = double(inSize) / 2;
    double offset = center * (1 - adjustment);
    return offset + (double(x) + 0.5) / scale - 0.5;
  }
  if (t == "half_pixel")
    return (double(x) + 0.5) / scale - 0.5;
  fail("unknown coordinate_transformation_mode '", t, "'");
}

int64_t nearestIndex(const std::string &mode, double x) {
  if (mode == "floor")
    return int64_t(std::floor(x));
  if (mode == "ceil")
    return int64_t(std::ceil(x));
  double frac = x - std::floor(x);
  if (frac == 0.5)
    return int64_t(mode == "round_prefer_ceil" ? std::ceil(x) : std::floor(x));
  if (mode != "round_prefer_floor" && mode != "round_prefer_ceil")
    fail("unknown nearest_mode '", mode, "'");
  return int64_t(std::round(x));
}

std::vector<float> cubicCoefficients(double t, float a) {
  auto c = [a](double x) {
    x = std::abs(x);
    if (x <= 1)
      return ((a + 2) * x - (a + 3)) * x * x + 1;
    if (x < 2)
      return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a;
    return 0.0;
  };
  return {float(c(t + 1)), float(c(t)), float(c(1 - t)), float(c(2 - t))};
}

/// Taps of every output coordinate along one axis; an empty list marks an
/// extrapolated coordinate.
std::vector<std::vector<Tap>> axisTaps(const ResizeOptions &o, int64_t inSize,
                                       int64_t outSize, double scale,
                                       double roiStart, double roiEnd) {
  std::vector<std::vector<Tap>> taps(static_cast<size_t>(outSize));
  for (int64_t x = 0; x < outSize; ++x) {
    double src = originalCoordinate(o, x, scale, inSize, outSize, roiStart, roiEnd);
    if (std::isnan(src))
      continue;
    std::vector<Tap> &list = taps[size_t(x)];
    auto clampIndex = [&](int64_t i) { return std::clamp<int64_t>(i, 0, inSize - 1); };
    if (o.mode == "nearest") {
      list.push_back({clampIndex(nearestIndex(o.nearestMode, src)), 1.f});
    } else if (o.mode == "linear") {
      double clampedSrc = std::clamp(src, 0.0, double(inSize - 1));
      int64_t i0 = int64_t(std::floor(clampedSrc));
      float w1 = float(clampedSrc - double(i0));
      list.push_back({clampIndex(i0), 1.f - w1});
      list.push_back({clampIndex(i0 + 1), w1});
    } else if (o.mode == "cubic") {
      int64_t i0 = int64_t(std::floor(src));
      std::vector<float> c = cubicCoefficients(src - double(i0), o.cubicA);
      float total = 0;
      for (int k = 0; k < 4; ++k) {
        int64_t i = i0 - 1 + k;
        if (o.excludeOutside && (i < 0 || i >= inSize))
          continue;
        list.push_back({clampIndex(i), c[size_t(k)]});
        total += c[size_t(k)];
      }
      if (o.excludeOutside && total != 0)
        for (Tap &tap : list)
          tap.weight /= total;
    } else {
      fail("unknown mode '", o.mode, "'");
    }
  }
  return taps;
}

Tensor resizeWith(KernelContext &ctx, const Tensor &input,
                  const std::vector<double> &scales, const Shape &outShape,
                  const std::vector<double> &roi, const ResizeOptions &opts) {
  Tensor x = input.contiguous();
  int64_t rank = x.rank();
  std::vector<std::vector<std::vector<Tap>>> taps;
  for (int64_t d = 0; d < rank; ++d) {
    double start = roi.empty() ? 0 : roi[size_t(d)];
    double end = roi.empty() ? 1 : roi[size_t(rank + d)];
    taps.push_back(axisTaps(opts, x.dim(d), outShape[size_t(d)], scales[size_t(d)],
                            start, end));
  }
  Tensor y(x.dtype(), outShape);
  std::vector<int64_t> strides = x.strides();
  visitNumeric(x.dtype(), [&](auto tag) {
    using T = decltype(tag);
    const T *src = x.data<T>();
    T *dst = y.data<T>();
    int64_t total = y.numElements();
    ctx.pool.parallelFor(total, 4096, [&](int64_t begin, int64_t end) {
      std::vector<int64_t> index(static_cast<size_t>(rank));
      for (int64_t o = begin; o < end; ++o) {
        int64_t rest = o;
        bool extrapolate = false;
        for (int64_t d = rank - 1; d >= 0; --d) {
          index[size_t(d)] = rest % outShape[size_t(d)];
          rest /= outShape[size_t(d)];
          extrapolate |= taps[size_t(d)][size_t(index[size_t(d)])].empty();
        }
        if (extrapolate) {
          dst[o] = convertValue<T>(double(opts.extrapolation));
          continue;
        }
        // Sum over the tensor product of the axes' taps.
        double sum = 0;
        std::vector<size_t> choice(static_cast<size_t>(rank), 0);
        while (true) {
          double weight = 1;
          int64_t offset = 0;
          for (int64_t d = 0; d < rank; ++d) {
            const Tap &tap = taps[size_t(d)][size_t(index[size_t(d)])][choice[size_t(d)]];
            weight *= tap.weight;
            offset += tap.index * strides[size_t(d)];
          }
          sum += weight * double(src[offset]);
          int64_t d = rank - 1;
          for (; d >= 0; --d) {
            if (++choice[size_t(d)] <
                taps[size_t(d)][size_t(index[size_t(d)])].size())
              break;
            choice[size_t(d)] = 0;
          }
          if (d < 0)
            break;
        }
        if constexpr (std::is_integral_v<T>)
          dst[o] = convertValue<T>(std::nearbyint(sum));
        else
          dst[o] = T(sum);
      }
    });
  });
  return y;
}

void resizeKernel(KernelContext &ctx) {
  const Tensor &x = ctx.input(0);
  int64_t rank = x.rank();
  ResizeOptions o;
  o.mode = ctx.attrs.getString("mode", "nearest");
  o.extrapolation = ctx.attrs.getFloat("extrapolation_value", 0.f);
  if (ctx.attrs.getInt("antialias", 0) != 0)
    failUnsupported("antialias = 1 is not supported");
  std::vector<double> scales;
  std::vector<int64_t> sizes;
  std::vector<double> roi;
  if (ctx.opset() < 11) {
    o.transform = "asymmetric";
    o.nearestMode = "floor";
    Tensor s = castTensor(ctx.input(1), DType::Float32);
    for (int64_t i = 0; i < s.numElements(); ++i)
      scales.push_back(s.data<float>()[i]);
  } else {
    o.transform = ctx.attrs.getString("coordinate_transformation_mode", "half_pixel");
    o.nearestMode = ctx.attrs.getString("nearest_mode", "round_prefer_floor");
    o.cubicA = ctx.attrs.getFloat("cubic_coeff_a", -0.75f);
    o.excludeOutside = ctx.attrs.getInt("exclude_outside", 0) != 0;
    if (ctx.hasInput(1) && ctx.input(1).numElements() > 0) {
      Tensor r = castTensor(ctx.input(1), DType::Float64);
      roi.assign(r.data<double>(), r.data<double>() + r.numElements());
    }
    if (ctx.hasInput(2) && ctx.input(2).numElements() > 0) {
      Tensor s = castTensor(ctx.input(2), DType::Float32);
      for (int64_t i = 0; i < s.numElements(); ++i)
        scales.push_back(s.data<float>()[i]);
    }
    if (ctx.hasInput(3) && ctx.input(3).numElements() > 0)
      sizes = ctx.input(3).toInt64Vector();
  }
  // Opset 18 axes: expand scales/sizes/roi to every axis.
  std::vector<int64_t> axes = ctx.attrs.getInts("axes");
  if (!axes.empty()) {
    std::vector<double> fullScales(static_cast<size_t>(rank), 1.0);
    std::vector<int64_t> fullSizes(x.shape());
    std::vector<double> fullRoi;
    if (!roi.empty()) {
      fullRoi.assign(static_cast<size_t>(2 * rank), 0.0);
      for (int64_t d = 0; d < rank; ++d)
        fullRoi[size_t(rank + d)] = 1.0;
    }
    for (size_t i = 0; i < axes.size(); ++i) {
      int64_t a = normalizeAxis(axes[i], rank);
      if (!scales.empty())
        fullScales[size_t(a)] = scales.at(i);
      if (!sizes.empty())
        fullSizes[size_t(a)] = sizes.at(i);
      if (!roi.empty()) {
        fullRoi[size_t(a)] = roi.at(i);
        fullRoi[size_t(rank + a)] = roi.at(i + axes.size());
      }
    }
    if (!scales.empty())
      scales = fullScales;
    if (!sizes.empty())
      sizes = fullSizes;
    roi = fullRoi;
  }
  Shape outShape(static_cast<size_t>(rank));
  if (!sizes.empty()) {
    if (int64_t(sizes.size()) != rank)
      fail("sizes has ", sizes.size(), " values for rank ", rank);
    std::string policy = ctx.attrs.getString("keep_aspect_ratio_policy", "stretch");
    scales.assign(static_cast<size_t>(rank), 1.0);
    if (policy == "stretch") {
      for (int64_t d = 0; d < rank; ++d)
        scales[size_t(d)] = double(sizes[size_t(d)]) / double(x.dim(d));
    } else {
      std::vector<int64_t> scaled = axes.empty() ? std::vector<int64_t>() : axes;
      if (scaled.empty())
        for (int64_t d = 0; d < rank; ++d)
          scaled.push_back(d);
      double s = policy == "not_larger" ? 1e300 : 0;
      for (int64_t a : scaled) {
        int64_t d = normalizeAxis(a, rank);
        double r = double(sizes[size_t(d)]) / double(x.dim(d));
        s = policy == "not_larger" ? std::min(s, r) : std::max(s, r);
      }
      for (int64_t a : scaled) {
        int64_t d = normalizeAxis(a, rank);
        scales[size_t(d)] = s;
        sizes[size_t(d)] = int64_t(std::floor(s * double(x.dim(d)) + 0.5));
      }
    }
    for (int64_t d = 0; d < rank; ++d)
      outShape[size_t(d)] = sizes[size_t(d)];
  } else {
    if (int64_t(scales.size()) != rank)
      fail("scales has ", scales.size(), " values for rank ", rank);
    for (int64_t d = 0; d < rank; ++d) {
      if (scales[size_t(d)] <= 0)
        fail("scale ", scales[size_t(d)], " must be positive");
      double extent = 1.0;
      if (o.transform == "tf_crop_and_resize" && !roi.empty())
        extent = roi[size_t(rank + d)] - roi[size_t(d)];
      outShape[size_t(d)] = int64_t(std::floor(double(x.dim(d)) * extent *
                                               scales[size_t(d)]));
    }
  }
  if (o.transform == "tf_crop_and_resize" && int64_t(roi.size()) != 2 * rank)
    fail("tf_crop_and_resize needs roi with ", 2 * rank, " values");
  ctx.setOutput(0, resizeWith(ctx, x, scales, outShape,
                              o.transform == "tf_crop_and_resize" ? roi
                                                                  : std::vector<double>{},
                              o));
}

void upsampleKernel(KernelContext &ctx) {
  const Tensor &x = ctx.input(0);
  ResizeOptions o;
  o.mode = ctx.attrs.getString("mode", "nearest");
  if (o.mode == "bilinear")
    o.mode = "linear";
  o.transform = "asymmetric";
  o.nearestMode = "floor";
  std::vector<double> scales;
  if (ctx.opset() >= 9) {
    Tensor s = castTensor(ctx.input(1), DType::Float32);
    for (int64_t i = 0; i < s.numElements(); ++i)
      scales.push_back(s.data<float>()[i]);
  } else {
    for (float s : ctx.attrs.getFloats("scales"))
      scales.push_back(s);
  }
  if (int64_t(scales.size()) != x.rank())
    fail("scales has ", scales.size(), " values for rank ", x.rank());
  Shape outShape(static_cast<size_t>(x.rank()));
  for (int64_t d = 0; d < x.rank(); ++d)
    outShape[size_t(d)] = int64_t(std::floor(double(x.dim(d)) * scales[size_t(d)]));
  ctx.setOutput(0, resizeWith(ctx, x, scales, outShape, {}, o));
}

} // namespace

void registerResizeKernels(KernelRegistry &r) {
  addKernel(r, "Resize", resizeKernel, {1, 1 << 30, true, "antialias = 1 not supported"});
  addKernel(r, "Upsample", upsampleKernel);
}

} // namespace hwc::rt
