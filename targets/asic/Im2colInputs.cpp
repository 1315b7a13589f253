//===- Im2colInputs.cpp - Host-side im2col for thin input convolutions -----===//
//
// A convolution with few input channels (an image's 3) uses C of the array's
// R rows per product, once per kernel position: ResNet-50's first layer
// would stream 49 x 12544 rows at 3/128 of the array. When such a
// convolution reads a segment input, the host lays that input out as im2col
// patches instead (it packs the tensor anyway), and the layer becomes one
// 1x1 product over K = kH x kW x C channels: ceil(147/128) = 2 tiles instead
// of 49. The integer result is unchanged: the patches hold the same values,
// padding reads the zero point, and the weights are reordered to match.
//
//===----------------------------------------------------------------------===//

#include "targets/asic/LowerSegment.h"

#include <algorithm>

namespace sim = hwc::rt::systolic;

namespace hwc::asic {
namespace {

using sim::ceilDiv;

void toPatches(sim::Segment &segment, sim::Layer &conv) {
  sim::SegmentTensor &input = segment.tensors[size_t(conv.inputs[0])];
  const sim::ActivationShape &out = segment.tensors[size_t(conv.output)].shape;
  const sim::Window w = conv.window;
  int64_t cin = input.shape.channels, positions = w.kernelH * w.kernelW;
  input.im2col = true;
  input.patch = w;
  input.source = input.shape;
  input.shape = sim::ActivationShape{positions * cin, out.height, out.width};
  // [N][C][kH][kW] -> [N][(ky * kW + kx) * C + c]
  std::vector<int8_t> reordered(conv.weights.size());
  int64_t filters = int64_t(conv.weights.size()) / (cin * positions);
  for (int64_t n = 0; n < filters; ++n)
    for (int64_t c = 0; c < cin; ++c)
      for (int64_t pos = 0; pos < positions; ++pos)
        reordered[size_t((n * positions + pos) * cin + c)] =
            conv.weights[size_t((n * cin + c) * positions + pos)];
  conv.weights = std::move(reordered);
  conv.window = sim::Window{};
}

} // namespace

void im2colThinInputs(sim::Segment &segment, int64_t rows) {
  for (sim::Layer &layer : segment.layers) {
    if (layer.kind != sim::LayerKind::Conv)
      continue;
    int tensor = layer.inputs[0];
    const sim::SegmentTensor &input = segment.tensors[size_t(tensor)];
    int64_t cin = input.shape.channels, positions = layer.window.kernelH * layer.window.kernelW;
    bool isInput = std::count(segment.inputs.begin(), segment.inputs.end(), tensor) != 0;
    // "Far below the array height": a quarter or less of its rows.
    if (!isInput || input.im2col || positions == 1 || 4 * cin > rows ||
        input.zeroPoint != layer.padValue || !sim::readOnlyBy(segment, tensor, layer) ||
        ceilDiv(positions * cin, rows) >= positions * ceilDiv(cin, rows))
      continue;
    toPatches(segment, layer);
  }
}

} // namespace hwc::asic
