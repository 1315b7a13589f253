//===- ConvGeometry.h - Window geometry of Conv and pooling -----*- C++ -*-===//
//
// Conv, ConvTranspose, QLinearConv and the pooling operators share the same
// attribute set (kernel_shape, strides, dilations, pads, auto_pad,
// ceil_mode); this resolves it against an input shape once, with ONNX's
// rules for SAME_UPPER/SAME_LOWER/VALID and ceil_mode.
//
//===----------------------------------------------------------------------===//

#ifndef HWC_RUNTIME_KERNELS_CONVGEOMETRY_H
#define HWC_RUNTIME_KERNELS_CONVGEOMETRY_H

#include "runtime/core/Error.h"
#include "runtime/graph/Model.h"

#include <cmath>
#include <string>
#include <vector>

namespace hwc::rt {

struct ConvGeometry {
  size_t spatialRank = 0;
  std::vector<int64_t> input, kernel, strides, dilations, padBegin, padEnd,
      output;

  int64_t inputSize() const { return product(input); }
  int64_t outputSize() const { return product(output); }
  int64_t kernelSize() const { return product(kernel); }

  static int64_t product(const std::vector<int64_t> &v) {
    int64_t p = 1;
    for (int64_t x : v)
      p *= x;
    return p;
  }

  /// Resolves the window attributes for a forward window (Conv, pools).
  /// `kernelShape` comes from the weights when the attribute is absent.
  static ConvGeometry forward(const Attributes &attrs,
                              const std::vector<int64_t> &inputSpatial,
                              std::vector<int64_t> kernelShape,
                              bool allowCeilMode) {
    ConvGeometry g;
    g.spatialRank = inputSpatial.size();
    g.input = inputSpatial;
    std::vector<int64_t> attrKernel = attrs.getInts("kernel_shape");
    g.kernel = attrKernel.empty() ? kernelShape : attrKernel;
    if (g.kernel.size() != g.spatialRank)
      fail("kernel_shape has ", g.kernel.size(), " dims for ", g.spatialRank,
           " spatial dims");
    g.strides = attrs.getInts("strides", std::vector<int64_t>(g.spatialRank, 1));
    g.dilations =
        attrs.getInts("dilations", std::vector<int64_t>(g.spatialRank, 1));
    std::vector<int64_t> pads =
        attrs.getInts("pads", std::vector<int64_t>(2 * g.spatialRank, 0));
    if (g.strides.size() != g.spatialRank ||
        g.dilations.size() != g.spatialRank || pads.size() != 2 * g.spatialRank)
      fail("strides, dilations and pads must match ", g.spatialRank,
           " spatial dims");
    std::string autoPad = attrs.getString("auto_pad", "NOTSET");
    bool ceilMode = allowCeilMode && attrs.getInt("ceil_mode", 0) != 0;
    for (size_t d = 0; d < g.spatialRank; ++d) {
      if (g.kernel[d] <= 0 || g.strides[d] <= 0 || g.dilations[d] <= 0)
        fail("kernel, strides and dilations must be positive");
      int64_t window = (g.kernel[d] - 1) * g.dilations[d] + 1;
      int64_t begin = pads[d], end = pads[d + g.spatialRank];
      int64_t out;
      if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
        out = (g.input[d] + g.strides[d] - 1) / g.strides[d];
        int64_t total =
            std::max<int64_t>(0, (out - 1) * g.strides[d] + window - g.input[d]);
        begin = autoPad == "SAME_UPPER" ? total / 2 : total - total / 2;
        end = total - begin;
      } else if (autoPad == "VALID") {
        begin = end = 0;
        out = (g.input[d] - window) / g.strides[d] + 1;
        if (g.input[d] < window)
          out = 0;
      } else if (autoPad == "NOTSET" || autoPad.empty()) {
        int64_t span = g.input[d] + begin + end - window;
        if (span < 0)
          fail("window of size ", window, " does not fit input size ",
               g.input[d], " with pads ", begin, "+", end);
        out = ceilMode ? (span + g.strides[d] - 1) / g.strides[d] + 1
                       : span / g.strides[d] + 1;
        // With ceil_mode the last window must start inside the input or
        // the left padding (PyTorch and ONNX agree on this).
        if (ceilMode && (out - 1) * g.strides[d] >= g.input[d] + begin)
          --out;
      } else {
        fail("unknown auto_pad '", autoPad, "'");
      }
      g.padBegin.push_back(begin);
      g.padEnd.push_back(end);
      g.output.push_back(out);
    }
    return g;
  }
};

} // namespace hwc::rt

#endif // HWC_RUNTIME_KERNELS_CONVGEOMETRY_H
