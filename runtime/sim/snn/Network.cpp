//===- Network.cpp - Names and consistency checks of a spiking network ----===//
//
// `verify` is what makes a damaged or hand-edited `.hwcn` an error instead
// of an out-of-bounds access in the simulator: every index, shape and
// weight count is checked against the populations it connects.
//
//===----------------------------------------------------------------------===//

#include "runtime/sim/snn/Network.h"

#include "runtime/core/Error.h"

namespace hwc::rt::snn {

const char *populationKindName(PopulationKind kind) {
  switch (kind) {
  case PopulationKind::Input:
    return "input";
  case PopulationKind::Spiking:
    return "spiking";
  case PopulationKind::Relay:
    return "relay";
  case PopulationKind::Integrator:
    return "integrator";
  }
  return "?";
}

const char *resetModeName(ResetMode mode) {
  return mode == ResetMode::Subtract ? "subtract" : "to-value";
}

const char *projectionKindName(ProjectionKind kind) {
  switch (kind) {
  case ProjectionKind::Conv:
    return "conv";
  case ProjectionKind::Dense:
    return "dense";
  case ProjectionKind::SumPool:
    return "sum_pool";
  case ProjectionKind::Identity:
    return "identity";
  }
  return "?";
}

namespace {

constexpr int64_t kMaxNeurons = int64_t(1) << 30;

void verifyProjection(const Network &net, const Projection &p, size_t index,
                      const std::string &where) {
  std::string at = where + ": projection " + std::to_string(index) + " ('" + p.name + "')";
  int count = int(net.populations.size());
  if (p.source < 0 || p.source >= count || p.target < 0 || p.target >= count)
    fail(at, ": population index out of range");
  if (p.target <= p.source)
    fail(at, ": runs from population ", p.source, " back to ", p.target,
         " (populations are in feed-forward order)");
  const Shape &in = net.populations[p.source].shape, &out = net.populations[p.target].shape;
  if (p.kernelH < 1 || p.kernelW < 1 || p.strideH < 1 || p.strideW < 1 || p.padH < 0 ||
      p.padW < 0 || p.dilationH < 1 || p.dilationW < 1 || p.groups < 1)
    fail(at, ": kernel, stride, dilation and groups must be positive, padding not negative");
  int64_t expected = 0;
  switch (p.kind) {
  case ProjectionKind::Conv:
  case ProjectionKind::SumPool: {
    bool pool = p.kind == ProjectionKind::SumPool;
    if (pool ? in.channels != out.channels
             : in.channels % p.groups != 0 || out.channels % p.groups != 0)
      fail(at, ": channels ", in.channels, " -> ", out.channels, " do not fit groups ",
           p.groups);
    int64_t h = convOutputSize(in.height, p.kernelH, p.strideH, p.padH, p.dilationH);
    int64_t w = convOutputSize(in.width, p.kernelW, p.strideW, p.padW, p.dilationW);
    if (h != out.height || w != out.width)
      fail(at, ": output ", h, "x", w, " does not match the target's ", out.height, "x",
           out.width);
    expected = pool ? 0 : out.channels * (in.channels / p.groups) * p.kernelH * p.kernelW;
    break;
  }
  case ProjectionKind::Dense:
    expected = in.count() * out.count();
    break;
  case ProjectionKind::Identity:
    if (!(in == out))
      fail(at, ": identity between different shapes");
    expected = in.channels;
    break;
  }
  if (int64_t(p.weights.size()) != expected)
    fail(at, ": ", p.weights.size(), " weights, expected ", expected);
}

} // namespace

void Network::verify(const std::string &where) const {
  if (populations.empty())
    fail(where, ": the network has no populations");
  if (timesteps < 1 || timesteps > (int64_t(1) << 20))
    fail(where, ": ", timesteps, " time steps (expected 1 to 2^20)");
  int count = int(populations.size());
  if (input < 0 || input >= count || output < 0 || output >= count || input == output)
    fail(where, ": input ", input, " / output ", output, " are not two of the ", count,
         " populations");
  if (populations[input].kind != PopulationKind::Input)
    fail(where, ": population ", input, " is the input but is ",
         populationKindName(populations[input].kind));
  for (size_t i = 0; i < populations.size(); ++i) {
    const Population &p = populations[i];
    std::string at = where + ": population " + std::to_string(i) + " ('" + p.name + "')";
    if (p.shape.channels < 1 || p.shape.height < 1 || p.shape.width < 1 ||
        p.shape.count() > kMaxNeurons)
      fail(at, ": shape ", p.shape.channels, "x", p.shape.height, "x", p.shape.width,
           " is empty or above 2^30 neurons");
    if (!p.bias.empty() && int64_t(p.bias.size()) != p.shape.channels)
      fail(at, ": ", p.bias.size(), " biases for ", p.shape.channels, " channels");
    if (p.threshold < 0 || p.leakShift < 0 || p.leakShift > 31)
      fail(at, ": negative threshold or leak shift outside 0..31");
    if (!(p.outputScale > 0) || !(p.inputScale > 0))
      fail(at, ": input and output scales must be positive");
  }
  for (size_t i = 0; i < projections.size(); ++i)
    verifyProjection(*this, projections[i], i, where);
}

} // namespace hwc::rt::snn
