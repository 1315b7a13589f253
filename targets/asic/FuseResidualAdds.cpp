//===- FuseResidualAdds.cpp - Residual Adds into their convolution ---------===//
//
// A residual block ends in Add(conv, shortcut). As its own layer the Add
// costs a pass of the vector engine over the whole tensor after the
// convolution has finished (ResNet-50: 16 of them, 43k cycles on sa128),
// plus a DRAM round trip of the convolution's result. Fused, the
// convolution's ACTIVATE adds the shortcut (brought into the output slot by
// DMA) while it requantizes, chunk by chunk as the product drains. The
// integer result is unchanged: ACTIVATE computes the convolution's int8
// value exactly as before, then the same quantizedAdd the Add did.
//
//===----------------------------------------------------------------------===//

#include "targets/asic/LowerSegment.h"

namespace sim = hwc::rt::systolic;

namespace hwc::asic {
namespace {

/// The layer that writes `tensor`, or -1 for a segment input.
int producerOf(const sim::Segment &segment, int tensor) {
  for (size_t i = 0; i < segment.layers.size(); ++i)
    if (segment.layers[i].output == tensor)
      return int(i);
  return -1;
}

bool sameShape(const sim::ActivationShape &a, const sim::ActivationShape &b) {
  return a.channels == b.channels && a.height == b.height && a.width == b.width;
}

/// Fuses Add layer `add` into the convolution producing one of its inputs,
/// when that convolution runs after the other input exists and nothing
/// else reads its result. Returns whether it did.
bool fuse(sim::Segment &segment, size_t add) {
  const sim::Layer &sum = segment.layers[add];
  int producers[2] = {producerOf(segment, sum.inputs[0]), producerOf(segment, sum.inputs[1])};
  // The later producer is the one that can see both operands.
  int side = producers[1] > producers[0] ? 1 : 0;
  if (producers[side] < 0)
    return false;
  sim::Layer &conv = segment.layers[size_t(producers[side])];
  int convOutput = sum.inputs[size_t(side)], shortcut = sum.inputs[size_t(1 - side)];
  if (conv.kind != sim::LayerKind::Conv || conv.inputs.size() != 1 ||
      !sim::readOnlyBy(segment, convOutput, sum) ||
      !sameShape(segment.tensors[size_t(convOutput)].shape,
                 segment.tensors[size_t(sum.output)].shape))
    return false;
  // ACTIVATE's left operand is the convolution's value.
  const sim::RequantEntry &left = sum.entries[size_t(side)], &right = sum.entries[size_t(1 - side)];
  conv.entries.insert(conv.entries.end(), {left, right, sum.entries[2]});
  conv.inputs.push_back(shortcut);
  conv.output = sum.output;
  conv.name += "+" + sum.name;
  conv.opType += "+Add";
  segment.layers.erase(segment.layers.begin() + std::ptrdiff_t(add));
  return true;
}

} // namespace

void fuseResidualAdds(sim::Segment &segment) {
  for (size_t i = 0; i < segment.layers.size();) {
    const sim::Layer &layer = segment.layers[i];
    if (layer.kind == sim::LayerKind::Add && layer.inputs.size() == 2 &&
        layer.entries.size() == 3 && fuse(segment, i))
      continue; // layer i is now the next one
    ++i;
  }
}

} // namespace hwc::asic
