//===- SpikingSimulatorTest.cpp - Neuron dynamics, synapses, .hwcn I/O -----===//
//
// The spiking simulator against closed forms: an IF neuron under a constant
// current with reset by subtraction fires ceil(T I / theta) - 1 times
// (strict threshold, one spike per step), with reset to zero once every
// floor(theta / I) + 1 steps; an integrator holds T times its current. The
// event-driven convolution is checked against a direct convolution, sum
// pooling against direct window sums, and the artifact container against
// a round trip and a damaged payload.
//
//===----------------------------------------------------------------------===//

#include "runtime/artifact/SnnArtifact.h"
#include "runtime/core/Error.h"
#include "runtime/core/ThreadPool.h"
#include "runtime/sim/snn/Network.h"

#include <gtest/gtest.h>

#include <random>

using namespace hwc::rt;
using namespace hwc::rt::snn;

namespace {

Population population(PopulationKind kind, Shape shape, int32_t threshold = 1) {
  Population p;
  p.name = populationKindName(kind);
  p.kind = kind;
  p.shape = shape;
  p.threshold = threshold;
  return p;
}

/// input (1 value) -> identity(weight 1) -> one neuron -> dense(1) -> output.
Network singleNeuron(int32_t threshold, ResetMode reset, int64_t timesteps) {
  Network net;
  net.timesteps = timesteps;
  net.populations = {population(PopulationKind::Input, {1, 1, 1}),
                     population(PopulationKind::Spiking, {1, 1, 1}, threshold),
                     population(PopulationKind::Integrator, {1, 1, 1})};
  net.populations[1].reset = reset;
  Projection in, out;
  in.kind = ProjectionKind::Identity, in.source = 0, in.target = 1, in.weights = {1};
  out.kind = ProjectionKind::Dense, out.source = 1, out.target = 2, out.weights = {1};
  net.projections = {in, out};
  net.input = 0, net.output = 2;
  net.verify("test");
  return net;
}

} // namespace

TEST(SpikingNeuron, SubtractResetFiresAtTheClosedFormRate) {
  for (int32_t threshold : {1, 4, 7, 100})
    for (int32_t current = 1; current <= threshold; ++current)
      for (int64_t steps : {1, 2, 5, 31, 64}) {
        Network net = singleNeuron(threshold, ResetMode::Subtract, steps);
        RunResult r = simulate(net, {current});
        int64_t expected = (steps * current + threshold - 1) / threshold - 1;
        EXPECT_EQ(r.stats.spikes[1], expected)
            << "theta " << threshold << " I " << current << " T " << steps;
        // The output integrates one unit per spike.
        EXPECT_EQ(r.membranes[0], expected);
      }
}

TEST(SpikingNeuron, ResetToValueFiresOncePerPeriod) {
  for (int32_t threshold : {3, 10})
    for (int32_t current = 1; current <= threshold; ++current) {
      Network net = singleNeuron(threshold, ResetMode::ToValue, 50);
      RunResult r = simulate(net, {current});
      int64_t period = threshold / current + 1;
      EXPECT_EQ(r.stats.spikes[1], 50 / period) << "theta " << threshold << " I " << current;
    }
}

TEST(SpikingNeuron, BiasShiftAddsHalfAThresholdOverT) {
  Network net = singleNeuron(64, ResetMode::Subtract, 16);
  net.populations[1].biasShift = true; // + round(64 / 32) = 2 per step
  RunResult r = simulate(net, {30});
  EXPECT_EQ(r.stats.spikes[1], (16 * 32 + 63) / 64 - 1);
}

TEST(SpikingNeuron, BatchRunsMatchSingleRunsAndReportErrors) {
  Network net = singleNeuron(7, ResetMode::Subtract, 24);
  Simulator simulator(net);
  ThreadPool pool(3);
  std::vector<std::vector<int32_t>> inputs;
  for (int32_t current = 0; current < 9; ++current)
    inputs.push_back({current});
  std::vector<RunResult> batch = simulator.runAll(inputs, 24, pool);
  ASSERT_EQ(batch.size(), inputs.size());
  for (size_t i = 0; i < inputs.size(); ++i)
    EXPECT_EQ(batch[i].stats.spikes[1], simulate(net, inputs[i]).stats.spikes[1]) << i;
  // A bad sample on a worker thread is an error for the caller, not a crash.
  inputs[5] = {1, 2};
  EXPECT_THROW(simulator.runAll(inputs, 24, pool), Error);
}

TEST(SpikingNeuron, NegativeCurrentNeverFires) {
  Network net = singleNeuron(5, ResetMode::Subtract, 20);
  RunResult r = simulate(net, {-3});
  EXPECT_EQ(r.stats.spikes[1], 0);
  EXPECT_EQ(r.stats.synapticOps[1], 0);
}

namespace {

/// Direct reference convolution of a C x H x W integer input.
std::vector<int64_t> directConv(const std::vector<int32_t> &x, Shape in, const Projection &p,
                                Shape out) {
  std::vector<int64_t> y(out.count(), 0);
  int64_t cinPerGroup = in.channels / p.groups, coutPerGroup = out.channels / p.groups;
  for (int64_t co = 0; co < out.channels; ++co)
    for (int64_t oy = 0; oy < out.height; ++oy)
      for (int64_t ox = 0; ox < out.width; ++ox)
        for (int64_t cl = 0; cl < cinPerGroup; ++cl)
          for (int64_t ky = 0; ky < p.kernelH; ++ky)
            for (int64_t kx = 0; kx < p.kernelW; ++kx) {
              int64_t iy = oy * p.strideH - p.padH + ky * p.dilationH;
              int64_t ix = ox * p.strideW - p.padW + kx * p.dilationW;
              if (iy < 0 || ix < 0 || iy >= in.height || ix >= in.width)
                continue;
              int64_t ci = co / coutPerGroup * cinPerGroup + cl;
              y[(co * out.height + oy) * out.width + ox] +=
                  int64_t(p.weights[((co * cinPerGroup + cl) * p.kernelH + ky) * p.kernelW +
                                    kx]) *
                  x[(ci * in.height + iy) * in.width + ix];
            }
  return y;
}

} // namespace

TEST(SpikingSynapses, EventDrivenConvolutionMatchesADirectOne) {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int32_t> weight(-128, 127), level(-20, 20);
  Shape in{4, 9, 8};
  Projection conv;
  conv.kind = ProjectionKind::Conv, conv.source = 0, conv.target = 1;
  conv.kernelH = 3, conv.kernelW = 2, conv.strideH = 2, conv.strideW = 1;
  conv.padH = 1, conv.padW = 1, conv.dilationH = 2, conv.groups = 2;
  Shape out{6, convOutputSize(9, 3, 2, 1, 2), convOutputSize(8, 2, 1, 1, 1)};
  conv.weights.resize(out.channels * 2 * 3 * 2);
  for (int32_t &w : conv.weights)
    w = weight(rng);
  Network net;
  net.timesteps = 3;
  net.populations = {population(PopulationKind::Input, in),
                     population(PopulationKind::Integrator, out)};
  net.projections = {conv};
  net.output = 1;
  net.verify("test");
  std::vector<int32_t> x(in.count());
  for (int32_t &v : x)
    v = level(rng);
  RunResult r = simulate(net, x);
  std::vector<int64_t> expected = directConv(x, in, conv, out);
  ASSERT_EQ(r.membranes.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i)
    EXPECT_EQ(r.membranes[i], 3 * expected[i]) << i;
  // Analog input: the MACs are counted once, not per step.
  int64_t macs = 0;
  std::vector<int32_t> ones(in.count(), 1);
  for (int64_t v : directConv(ones, in, [&] {
         Projection unit = conv;
         std::fill(unit.weights.begin(), unit.weights.end(), 1);
         return unit;
       }(), out))
    macs += v;
  EXPECT_EQ(r.stats.inputMacs, macs);
}

TEST(SpikingSynapses, SumPoolRelaysWindowCounts) {
  // Rate-coded input at threshold 1 spikes every step for every level >= 1.
  Shape in{2, 4, 4}, pooled{2, 2, 2};
  Network net;
  net.timesteps = 5;
  net.encoding = Encoding::Rate;
  net.populations = {population(PopulationKind::Input, in, 1),
                     population(PopulationKind::Relay, pooled),
                     population(PopulationKind::Integrator, pooled)};
  Projection pool, identity;
  pool.kind = ProjectionKind::SumPool, pool.source = 0, pool.target = 1;
  pool.kernelH = pool.kernelW = pool.strideH = pool.strideW = 2;
  identity.kind = ProjectionKind::Identity, identity.source = 1, identity.target = 2;
  identity.weights = {1, 10};
  net.projections = {pool, identity};
  net.output = 2;
  net.verify("test");
  std::vector<int32_t> x(in.count(), 0);
  for (int64_t i = 0; i < in.count(); i += 3)
    x[i] = 1;
  RunResult r = simulate(net, x);
  for (int64_t c = 0; c < 2; ++c)
    for (int64_t oy = 0; oy < 2; ++oy)
      for (int64_t ox = 0; ox < 2; ++ox) {
        int64_t sum = 0;
        for (int64_t y = 2 * oy; y < 2 * oy + 2; ++y)
          for (int64_t xx = 2 * ox; xx < 2 * ox + 2; ++xx)
            sum += x[(c * 4 + y) * 4 + xx];
        EXPECT_EQ(r.membranes[(c * 2 + oy) * 2 + ox], 5 * sum * (c ? 10 : 1));
      }
}

TEST(SnnArtifact, RoundTripsAndRejectsDamage) {
  SnnArtifact artifact;
  artifact.header.target = "neuromorphic";
  artifact.header.configName = "loihi1";
  artifact.network = singleNeuron(9, ResetMode::ToValue, 12);
  artifact.network.populations[1].bias = {3};
  std::string bytes = serializeSnnArtifact(artifact);
  SnnArtifact back = parseSnnArtifact(bytes, "x.hwcn");
  EXPECT_EQ(back.header.configName, "loihi1");
  ASSERT_EQ(back.network.populations.size(), 3u);
  EXPECT_EQ(back.network.populations[1].threshold, 9);
  EXPECT_EQ(back.network.populations[1].reset, ResetMode::ToValue);
  EXPECT_EQ(back.network.populations[1].bias, std::vector<int32_t>{3});
  EXPECT_EQ(back.network.timesteps, 12);
  EXPECT_EQ(simulate(back.network, {5}).membranes, simulate(artifact.network, {5}).membranes);

  std::string damaged = bytes;
  damaged[damaged.size() - 3] ^= 0x40;
  EXPECT_THROW(parseSnnArtifact(damaged, "x.hwcn"), Error);
  EXPECT_THROW(parseSnnArtifact(bytes.substr(0, bytes.size() / 2), "x.hwcn"), Error);
  artifact.network.projections[1].weights.push_back(1);
  std::string inconsistent = serializeSnnArtifact(artifact);
  try {
    parseSnnArtifact(inconsistent, "x.hwcn");
    FAIL() << "an extra weight was accepted";
  } catch (const Error &e) {
    EXPECT_NE(std::string(e.what()).find("2 weights, expected 1"), std::string::npos)
        << e.what();
  }
}
