//===- Network.h - A converted spiking network and its simulator -*- C++ -*-===//
//
// The neuromorphic target's program (DESIGN.md §5, `.hwcn`): populations of
// integrate-and-fire neurons connected by projections (convolutional,
// dense, sum-pooling and identity synapses), an input encoder and an output
// decoder. Everything the simulator touches is an integer: weights are the
// preset's weight bits, membranes and thresholds int32, so a run is exact
// and any second implementation of the same dynamics reproduces its spike
// counts bit for bit (research/neuromorphic.md §9.3).
//
// One time step, in population order (a feed-forward DAG, layers propagate
// within the step as in sinabs and SNN Toolbox):
//
//   current = bias (+ round(threshold / 2T) with the bias shift)
//             + sum over incoming projections of weight x source events
//   v += current;  v > threshold: spike, then v -= threshold (subtract) or
//   v = reset_value (to-value)
//
// The input population carries the quantized input each step (analog
// current injection: its projections' currents are computed once) or
// spikes from a deterministic rate encoder. Sum-pool populations relay the
// pooled event counts without state. The output population integrates its
// current and never spikes; decoding divides by T and the output scale.
//
//===----------------------------------------------------------------------===//

#ifndef HWC_RUNTIME_SIM_SNN_NETWORK_H
#define HWC_RUNTIME_SIM_SNN_NETWORK_H

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace hwc::rt {
class ThreadPool;
} // namespace hwc::rt

namespace hwc::rt::snn {

/// A population's neurons as channels x height x width (dense layers: C x 1 x 1).
struct Shape {
  int64_t channels = 1, height = 1, width = 1;
  int64_t count() const { return channels * height * width; }
  bool operator==(const Shape &other) const {
    return channels == other.channels && height == other.height && width == other.width;
  }
};

enum class PopulationKind {
  /// The encoded model input.
  Input,
  /// Integrate-and-fire neurons (leak 0: IF; leak > 0: LIF).
  Spiking,
  /// Stateless relay of summed event counts (a sum pool's output).
  Relay,
  /// The output: integrates its current, never spikes.
  Integrator,
};

enum class ResetMode { Subtract, ToValue };
enum class Encoding { Current, Rate };
enum class Decoding { Membrane, SpikeCount };

const char *populationKindName(PopulationKind kind);
const char *resetModeName(ResetMode mode);

struct Population {
  /// The ONNX tensor this population stands for (a Relu output, the
  /// model input or output), so reports and the node map name it.
  std::string name;
  PopulationKind kind = PopulationKind::Spiking;
  Shape shape;
  int32_t threshold = 1;
  ResetMode reset = ResetMode::Subtract;
  int32_t resetValue = 0;
  /// Membrane decay per step as a right shift (v -= v >> leakShift); 0: none.
  int32_t leakShift = 0;
  /// Per channel, in membrane units, added every step.
  std::vector<int32_t> bias;
  /// Adds round(threshold / 2T) to the bias (Deng & Gu's shift).
  bool biasShift = false;
  /// ANN activation that one spike per step stands for (reports, decoding).
  double lambda = 1;
  /// Output: ANN value = membrane / (T * outputScale). Input: the
  /// quantized value = round(x / inputScale).
  double outputScale = 1;
  double inputScale = 1;
  /// Core placement from the mapper: first core and number of cores.
  int32_t firstCore = 0, cores = 0;
};

enum class ProjectionKind { Conv, Dense, SumPool, Identity };

const char *projectionKindName(ProjectionKind kind);

/// Synapses from one population's events into another's current.
struct Projection {
  /// The ONNX node it was converted from.
  std::string name;
  ProjectionKind kind = ProjectionKind::Dense;
  int source = 0, target = 0;
  /// Conv and SumPool: kernel, stride, symmetric padding, dilation.
  int64_t kernelH = 1, kernelW = 1, strideH = 1, strideW = 1, padH = 0, padW = 0;
  int64_t dilationH = 1, dilationW = 1, groups = 1;
  /// Conv: [Cout][Cin/groups][kh][kw]; Dense: [out][in] with `in` the source
  /// flattened in C, H, W order; Identity: one weight per channel.
  std::vector<int32_t> weights;
};

struct Network {
  std::vector<Population> populations;
  std::vector<Projection> projections;
  Encoding encoding = Encoding::Current;
  Decoding decoding = Decoding::Membrane;
  int64_t timesteps = 32;
  int input = 0, output = 0;

  /// Checks indices, shapes and weight counts; throws Error naming `where`.
  void verify(const std::string &where) const;
};

/// Per-run figures. Counts are totals over the T steps of one sample.
struct RunStatistics {
  std::vector<int64_t> spikes;          // per population
  std::vector<int64_t> synapticOps;     // per projection (events x fan-out)
  std::vector<int64_t> neuronUpdates;   // per population (neurons x T)
  /// MACs of the projections fed by an analog input, computed once.
  int64_t inputMacs = 0;
  /// Adds another run's counts (same network) to these.
  void add(const RunStatistics &other);
  int64_t totalSynapticOps() const;
  int64_t totalSpikes() const;
  int64_t totalUpdates() const;
};

struct RunResult {
  /// The output population's membranes (C, H, W order) after T steps.
  std::vector<int64_t> membranes;
  /// Output spike counts (spike-count decoding).
  std::vector<int64_t> counts;
  /// The decoded ANN-scale output, and its argmax.
  std::vector<float> decoded;
  int64_t argmax = 0;
  RunStatistics stats;
};

/// Quantizes one input sample (C, H, W order) to the input population's
/// integers: round half away from zero of x / inputScale, clamped to int16.
std::vector<int32_t> quantizeInput(const Network &network, const std::vector<float> &input);

/// Runs one network on many samples: the weights are laid out for
/// scattering once. `run` is const and safe to call from several threads.
class Simulator {
public:
  /// `network` must outlive the simulator.
  explicit Simulator(const Network &network);
  ~Simulator();
  /// Runs `timesteps` steps (0: the network's T) on one quantized input.
  RunResult run(const std::vector<int32_t> &input, int64_t timesteps = 0) const;
  /// Runs every input, spread over `pool`'s threads; results in input
  /// order. Rethrows the first error.
  std::vector<RunResult> runAll(const std::vector<std::vector<int32_t>> &inputs,
                                int64_t timesteps, ThreadPool &pool) const;

private:
  struct Prepared;
  const Network &network;
  std::unique_ptr<Prepared> prepared;
};

/// Runs `timesteps` steps (0: the network's T) on one quantized input.
RunResult simulate(const Network &network, const std::vector<int32_t> &input,
                   int64_t timesteps = 0);

/// MACs of the ANN layer `projection` was converted from (conv: weights x
/// output positions, dense: weights; 0 for pools and identities).
double convertedMacs(const Network &network, const Projection &projection);

/// The conv output size along one axis.
int64_t convOutputSize(int64_t in, int64_t kernel, int64_t stride, int64_t pad,
                       int64_t dilation);

/// Energies for the spiking estimate and its ANN comparison (picojoules).
struct EnergyModel {
  double sop = 0.9, update = 0, mac = 4.6;
};

/// E = sop x SOPs + update x neuron updates + mac x input MACs (joules).
double spikingEnergy(const RunStatistics &stats, const EnergyModel &model);

/// The smallest T at which the spiking run costs as much as the ANN, from
/// one run's per-step costs; 0 when the SNN is dearer even at T = 1.
double breakEvenTimesteps(const RunStatistics &stats, int64_t timesteps,
                          const EnergyModel &model, double annMacs, double macPj);

} // namespace hwc::rt::snn

#endif // HWC_RUNTIME_SIM_SNN_NETWORK_H
