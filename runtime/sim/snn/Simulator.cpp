//===- Simulator.cpp - The time-stepped, event-driven spiking simulator ---===//
//
// Event-driven accumulation: each step, only the events a population emits
// (a spike, or a sum pool's non-zero count) are scattered through its
// outgoing synapses; silent neurons cost nothing but their update. Weights
// are stored transposed so that one event adds a contiguous row of output
// channels (vectorizable), and state is kept channel-last (H, W, C) inside
// the simulator; everything at the interface is C, H, W.
//
// Arithmetic is int32 (int64 for the output integrator) and the order of
// additions cannot change a result, so the run is exact.
//
//===----------------------------------------------------------------------===//

#include "runtime/sim/snn/Network.h"

#include "runtime/core/Error.h"
#include "runtime/core/ThreadPool.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace hwc::rt::snn {
namespace {

struct Event {
  int32_t index; // channel-last index in the source population
  int32_t count;
};

/// One projection with its weights laid out for scattering.
struct PreparedProjection {
  const Projection *projection;
  Shape source, target;
  /// Conv: [Cin][kh][kw][Cout/groups]; Dense: [source channel-last][out].
  std::vector<int32_t> scatter;
};

int64_t channelLast(const Shape &s, int64_t c, int64_t y, int64_t x) {
  return (y * s.width + x) * s.channels + c;
}

PreparedProjection prepare(const Network &net, const Projection &p) {
  PreparedProjection prepared{&p, net.populations[p.source].shape,
                              net.populations[p.target].shape, {}};
  const Shape &in = prepared.source, &out = prepared.target;
  if (p.kind == ProjectionKind::Conv) {
    int64_t cinPerGroup = in.channels / p.groups, coutPerGroup = out.channels / p.groups;
    int64_t taps = p.kernelH * p.kernelW;
    prepared.scatter.resize(in.channels * taps * coutPerGroup);
    for (int64_t co = 0; co < out.channels; ++co) {
      int64_t group = co / coutPerGroup;
      for (int64_t cl = 0; cl < cinPerGroup; ++cl)
        for (int64_t t = 0; t < taps; ++t) {
          int64_t ci = group * cinPerGroup + cl;
          prepared.scatter[(ci * taps + t) * coutPerGroup + co % coutPerGroup] =
              p.weights[(co * cinPerGroup + cl) * taps + t];
        }
    }
  } else if (p.kind == ProjectionKind::Dense) {
    int64_t outs = out.count();
    prepared.scatter.resize(in.count() * outs);
    for (int64_t c = 0; c < in.channels; ++c)
      for (int64_t y = 0; y < in.height; ++y)
        for (int64_t x = 0; x < in.width; ++x) {
          int64_t flat = (c * in.height + y) * in.width + x;
          int64_t row = channelLast(in, c, y, x);
          for (int64_t o = 0; o < outs; ++o)
            prepared.scatter[row * outs + o] = p.weights[o * in.count() + flat];
        }
  }
  return prepared;
}

/// Output positions along one axis that input coordinate `i` reaches
/// through kernel tap `k`; -1 when none.
inline int64_t reach(int64_t i, int64_t k, int64_t stride, int64_t pad, int64_t dilation,
                     int64_t outSize) {
  int64_t shifted = i + pad - k * dilation;
  if (shifted < 0 || shifted % stride != 0)
    return -1;
  int64_t o = shifted / stride;
  return o < outSize ? o : -1;
}

/// Adds `events` through `p` into `current`; returns the synaptic operations.
int64_t scatter(const PreparedProjection &pp, const std::vector<Event> &events,
                int32_t *current) {
  const Projection &p = *pp.projection;
  const Shape &in = pp.source, &out = pp.target;
  int64_t ops = 0;
  switch (p.kind) {
  case ProjectionKind::Conv: {
    int64_t coutPerGroup = out.channels / p.groups, cinPerGroup = in.channels / p.groups;
    int64_t taps = p.kernelH * p.kernelW;
    for (const Event &e : events) {
      int64_t ci = e.index % in.channels, pixel = e.index / in.channels;
      int64_t y = pixel / in.width, x = pixel % in.width;
      int64_t coBase = (ci / cinPerGroup) * coutPerGroup;
      for (int64_t ky = 0; ky < p.kernelH; ++ky) {
        int64_t oy = reach(y, ky, p.strideH, p.padH, p.dilationH, out.height);
        if (oy < 0)
          continue;
        for (int64_t kx = 0; kx < p.kernelW; ++kx) {
          int64_t ox = reach(x, kx, p.strideW, p.padW, p.dilationW, out.width);
          if (ox < 0)
            continue;
          const int32_t *w = &pp.scatter[(ci * taps + ky * p.kernelW + kx) * coutPerGroup];
          int32_t *dst = current + (oy * out.width + ox) * out.channels + coBase;
          int32_t count = e.count;
          for (int64_t co = 0; co < coutPerGroup; ++co)
            dst[co] += w[co] * count;
          ops += coutPerGroup * std::abs(count);
        }
      }
    }
    break;
  }
  case ProjectionKind::Dense: {
    int64_t outs = out.count();
    for (const Event &e : events) {
      const int32_t *w = &pp.scatter[int64_t(e.index) * outs];
      for (int64_t o = 0; o < outs; ++o)
        current[o] += w[o] * e.count;
      ops += outs * std::abs(e.count);
    }
    break;
  }
  case ProjectionKind::SumPool:
    for (const Event &e : events) {
      int64_t c = e.index % in.channels, pixel = e.index / in.channels;
      int64_t y = pixel / in.width, x = pixel % in.width;
      for (int64_t ky = 0; ky < p.kernelH; ++ky) {
        int64_t oy = reach(y, ky, p.strideH, p.padH, 1, out.height);
        if (oy < 0)
          continue;
        for (int64_t kx = 0; kx < p.kernelW; ++kx) {
          int64_t ox = reach(x, kx, p.strideW, p.padW, 1, out.width);
          if (ox < 0)
            continue;
          current[channelLast(out, c, oy, ox)] += e.count;
          ops += std::abs(e.count);
        }
      }
    }
    break;
  case ProjectionKind::Identity:
    for (const Event &e : events) {
      current[e.index] += p.weights[e.index % in.channels] * e.count;
      ops += std::abs(e.count);
    }
    break;
  }
  return ops;
}

int32_t roundedHalf(int32_t threshold, int64_t timesteps) {
  return static_cast<int32_t>((int64_t(threshold) + timesteps) / (2 * timesteps));
}

/// The simulator's state for one sample.
class Run {
public:
  Run(const Network &net, const std::vector<PreparedProjection> &prepared,
      const std::vector<std::vector<size_t>> &incoming, int64_t timesteps)
      : net(net), timesteps(timesteps), prepared(prepared), incoming(incoming) {
    size_t n = net.populations.size();
    membranes.resize(n);
    currents.resize(n);
    events.resize(n);
    for (size_t i = 0; i < n; ++i) {
      membranes[i].assign(net.populations[i].shape.count(), 0);
      currents[i].assign(net.populations[i].shape.count(), 0);
    }
    stats.spikes.assign(n, 0);
    stats.neuronUpdates.assign(n, 0);
    stats.synapticOps.assign(net.projections.size(), 0);
  }

  RunResult operator()(const std::vector<int32_t> &input) {
    setInput(input);
    for (int64_t t = 0; t < timesteps; ++t)
      step();
    return decode();
  }

private:
  const Network &net;
  int64_t timesteps;
  const std::vector<PreparedProjection> &prepared;
  const std::vector<std::vector<size_t>> &incoming;
  std::vector<std::vector<int64_t>> membranes;
  std::vector<std::vector<int32_t>> currents;
  std::vector<std::vector<Event>> events;
  /// Analog input: the input projections' currents, computed once.
  std::vector<std::vector<int32_t>> injected;
  std::vector<int32_t> inputLevels;
  /// The output population's spikes (spike-count decoding).
  std::vector<int64_t> spikeCounts;
  RunStatistics stats;

  void setInput(const std::vector<int32_t> &chw) {
    const Population &in = net.populations[net.input];
    const Shape &s = in.shape;
    if (int64_t(chw.size()) != s.count())
      fail("spiking input: ", chw.size(), " values, the input population has ", s.count());
    inputLevels.assign(s.count(), 0);
    for (int64_t c = 0; c < s.channels; ++c)
      for (int64_t y = 0; y < s.height; ++y)
        for (int64_t x = 0; x < s.width; ++x)
          inputLevels[channelLast(s, c, y, x)] = chw[(c * s.height + y) * s.width + x];
    if (net.encoding != Encoding::Current)
      return;
    std::vector<Event> all;
    for (size_t i = 0; i < inputLevels.size(); ++i)
      all.push_back({int32_t(i), inputLevels[i]});
    injected.assign(prepared.size(), {});
    for (size_t k = 0; k < prepared.size(); ++k) {
      if (prepared[k].projection->source != net.input)
        continue;
      injected[k].assign(prepared[k].target.count(), 0);
      // A MAC per input element and synapse, zero or not (the ANN's count).
      std::vector<Event> ones = all;
      for (Event &e : ones)
        e.count = 1;
      std::vector<int32_t> scratch(prepared[k].target.count(), 0);
      stats.inputMacs += scatter(prepared[k], ones, scratch.data());
      scatter(prepared[k], all, injected[k].data());
    }
  }

  void encodeInput() {
    std::vector<Event> &out = events[net.input];
    out.clear();
    const Population &in = net.populations[net.input];
    if (net.encoding == Encoding::Current)
      return;
    // Deterministic rate code: an accumulator per input emits one spike
    // each time it passes the input threshold (negative inputs are silent).
    std::vector<int64_t> &acc = membranes[net.input];
    for (size_t i = 0; i < acc.size(); ++i) {
      acc[i] += std::max(0, inputLevels[i]);
      if (acc[i] >= in.threshold) {
        acc[i] -= in.threshold;
        out.push_back({int32_t(i), 1});
      }
    }
    stats.spikes[net.input] += out.size();
  }

  void gatherCurrent(size_t index) {
    const Population &pop = net.populations[index];
    std::vector<int32_t> &current = currents[index];
    const Shape &s = pop.shape;
    int32_t shift = pop.biasShift ? roundedHalf(pop.threshold, timesteps) : 0;
    for (int64_t i = 0; i < s.count(); ++i)
      current[i] = (pop.bias.empty() ? 0 : pop.bias[i % s.channels]) + shift;
    for (size_t k : incoming[index]) {
      const Projection &p = *prepared[k].projection;
      if (p.source == net.input && net.encoding == Encoding::Current) {
        for (size_t i = 0; i < current.size(); ++i)
          current[i] += injected[k][i];
        continue;
      }
      stats.synapticOps[k] += scatter(prepared[k], events[p.source], current.data());
    }
  }

  void update(size_t index) {
    const Population &pop = net.populations[index];
    std::vector<int32_t> &current = currents[index];
    std::vector<int64_t> &v = membranes[index];
    std::vector<Event> &out = events[index];
    out.clear();
    stats.neuronUpdates[index] += int64_t(v.size());
    switch (pop.kind) {
    case PopulationKind::Relay:
      for (size_t i = 0; i < current.size(); ++i)
        if (current[i] != 0)
          out.push_back({int32_t(i), current[i]});
      break;
    case PopulationKind::Integrator:
      for (size_t i = 0; i < current.size(); ++i)
        v[i] += current[i];
      break;
    case PopulationKind::Spiking:
      for (size_t i = 0; i < current.size(); ++i) {
        if (pop.leakShift > 0)
          v[i] -= v[i] >> pop.leakShift;
        v[i] += current[i];
        if (v[i] > pop.threshold) {
          v[i] = pop.reset == ResetMode::Subtract ? v[i] - pop.threshold : pop.resetValue;
          out.push_back({int32_t(i), 1});
        }
      }
      break;
    case PopulationKind::Input:
      break;
    }
    if (pop.kind == PopulationKind::Spiking)
      stats.spikes[index] += int64_t(out.size());
    else if (pop.kind == PopulationKind::Relay)
      for (const Event &e : out)
        stats.spikes[index] += e.count;
  }

  void step() {
    encodeInput();
    for (size_t i = 0; i < net.populations.size(); ++i) {
      if (int(i) == net.input)
        continue;
      gatherCurrent(i);
      update(i);
    }
    const Population &outPop = net.populations[net.output];
    if (net.decoding == Decoding::SpikeCount && outPop.kind == PopulationKind::Spiking) {
      spikeCounts.resize(outPop.shape.count(), 0);
      for (const Event &e : events[net.output])
        ++spikeCounts[e.index];
    }
  }

  RunResult decode() {
    const Population &out = net.populations[net.output];
    const Shape &s = out.shape;
    RunResult result;
    result.membranes.resize(s.count());
    result.counts.assign(s.count(), 0);
    for (int64_t c = 0; c < s.channels; ++c)
      for (int64_t y = 0; y < s.height; ++y)
        for (int64_t x = 0; x < s.width; ++x) {
          int64_t chw = (c * s.height + y) * s.width + x, hwc = channelLast(s, c, y, x);
          result.membranes[chw] = membranes[net.output][hwc];
          if (!spikeCounts.empty())
            result.counts[chw] = spikeCounts[hwc];
        }
    bool byCount = net.decoding == Decoding::SpikeCount;
    double scale = double(timesteps) * out.outputScale;
    for (int64_t i = 0; i < s.count(); ++i)
      result.decoded.push_back(
          byCount ? float(double(result.counts[i]) * out.lambda / double(timesteps))
                  : float(double(result.membranes[i]) / scale));
    // Spike counts tie often; the membrane breaks the tie.
    for (int64_t i = 1; i < s.count(); ++i) {
      auto key = [&](int64_t k) {
        return std::make_pair(byCount ? result.counts[k] : result.membranes[k],
                              result.membranes[k]);
      };
      if (key(i) > key(result.argmax))
        result.argmax = i;
    }
    result.stats = std::move(stats);
    return result;
  }
};

} // namespace

int64_t convOutputSize(int64_t in, int64_t kernel, int64_t stride, int64_t pad,
                       int64_t dilation) {
  return (in + 2 * pad - dilation * (kernel - 1) - 1) / stride + 1;
}

std::vector<int32_t> quantizeInput(const Network &network, const std::vector<float> &input) {
  const Population &in = network.populations.at(network.input);
  if (int64_t(input.size()) != in.shape.count())
    fail("spiking input: ", input.size(), " values, the input population has ",
         in.shape.count());
  std::vector<int32_t> levels(input.size());
  for (size_t i = 0; i < input.size(); ++i) {
    double q = std::round(double(input[i]) / in.inputScale);
    if (!std::isfinite(q))
      fail("spiking input: element ", i, " is not finite");
    levels[i] = int32_t(std::clamp(q, -32768.0, 32767.0));
  }
  return levels;
}

struct Simulator::Prepared {
  std::vector<PreparedProjection> projections;
  /// Per population, the projections into it.
  std::vector<std::vector<size_t>> incoming;
};

Simulator::Simulator(const Network &network)
    : network(network), prepared(std::make_unique<Prepared>()) {
  prepared->incoming.resize(network.populations.size());
  for (const Projection &p : network.projections) {
    prepared->incoming[p.target].push_back(prepared->projections.size());
    prepared->projections.push_back(prepare(network, p));
  }
}

Simulator::~Simulator() = default;

RunResult Simulator::run(const std::vector<int32_t> &input, int64_t timesteps) const {
  Run state(network, prepared->projections, prepared->incoming,
            timesteps > 0 ? timesteps : network.timesteps);
  return state(input);
}

std::vector<RunResult> Simulator::runAll(const std::vector<std::vector<int32_t>> &inputs,
                                         int64_t timesteps, ThreadPool &pool) const {
  std::vector<RunResult> results(inputs.size());
  pool.parallelFor(int64_t(inputs.size()), 1, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i)
      results[i] = run(inputs[i], timesteps);
  });
  return results;
}

double convertedMacs(const Network &network, const Projection &projection) {
  const Shape &out = network.populations[projection.target].shape;
  double weights = double(projection.weights.size());
  if (projection.kind == ProjectionKind::Conv)
    return weights * double(out.height * out.width);
  return projection.kind == ProjectionKind::Dense ? weights : 0.0;
}

RunResult simulate(const Network &network, const std::vector<int32_t> &input,
                   int64_t timesteps) {
  return Simulator(network).run(input, timesteps);
}

void RunStatistics::add(const RunStatistics &other) {
  if (spikes.empty()) {
    *this = other;
    return;
  }
  for (size_t i = 0; i < spikes.size(); ++i) {
    spikes[i] += other.spikes[i];
    neuronUpdates[i] += other.neuronUpdates[i];
  }
  for (size_t k = 0; k < synapticOps.size(); ++k)
    synapticOps[k] += other.synapticOps[k];
  inputMacs += other.inputMacs;
}

int64_t RunStatistics::totalSynapticOps() const {
  int64_t total = 0;
  for (int64_t ops : synapticOps)
    total += ops;
  return total;
}

int64_t RunStatistics::totalSpikes() const {
  int64_t total = 0;
  for (int64_t s : spikes)
    total += s;
  return total;
}

int64_t RunStatistics::totalUpdates() const {
  int64_t total = 0;
  for (int64_t u : neuronUpdates)
    total += u;
  return total;
}

double spikingEnergy(const RunStatistics &stats, const EnergyModel &model) {
  return (model.sop * double(stats.totalSynapticOps()) +
          model.update * double(stats.totalUpdates()) + model.mac * double(stats.inputMacs)) *
         1e-12;
}

double breakEvenTimesteps(const RunStatistics &stats, int64_t timesteps,
                          const EnergyModel &model, double annMacs, double macPj) {
  double perStep = (model.sop * double(stats.totalSynapticOps()) +
                    model.update * double(stats.totalUpdates())) /
                   double(timesteps);
  double budget = annMacs * macPj - model.mac * double(stats.inputMacs);
  if (perStep <= 0)
    return std::numeric_limits<double>::infinity();
  return budget <= 0 ? 0 : budget / perStep;
}

} // namespace hwc::rt::snn
