//===- RunSpiking.cpp - hwc run on a .hwcn artifact ------------------------===//
//
// Samples through the spiking simulator (runtime/sim/snn): one input, or a
// batch (the input's leading dimension) at one or several T, spread over
// worker threads. Besides the decoded output it prints what decides
// whether the chip is worth it: spikes and firing rate per population, synaptic operations per
// projection, neuron updates, and the energy under the preset's figures
// and under Horowitz's 45 nm ones (an accumulate 0.9 pJ, a MAC 4.6 pJ
// fp32, 0.23 pJ int8), with the T at which the SNN would cost as much as
// the ANN (research/neuromorphic.md §3), and the simulator's throughput in
// synaptic events per second. `--stats` writes every sample's spike counts
// per population, SOPs per projection and output membranes as JSON (the
// independent reference simulator's test compares them exactly).
//
//===----------------------------------------------------------------------===//

#include "tools/hwc/RunSpiking.h"

#include "runtime/artifact/SnnArtifact.h"
#include "runtime/core/Error.h"
#include "runtime/core/ThreadPool.h"
#include "runtime/io/TensorIO.h"
#include "tools/hwc/Commands.h"
#include "tools/hwc/OutputFile.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>

namespace hwc::cli {
namespace {

using namespace rt;
using namespace rt::snn;

constexpr double kAccumulatePj = 0.9, kMacFp32Pj = 4.6, kMacInt8Pj = 0.23;

Tensor inputTensor(const SpikingRunArgs &args, const Population &input) {
  if (!args.inputs.empty()) {
    const std::string &spec = args.inputs.front();
    size_t eq = spec.find('=');
    if (eq == std::string::npos || eq == 0)
      fail("--input expects NAME=FILE, got '", spec, "'");
    if (spec.substr(0, eq) != input.name)
      fail("unknown input '", spec.substr(0, eq), "'; the network's input is '", input.name,
           "'");
    return readTensorFile(spec.substr(eq + 1));
  }
  if (args.inputDir.empty())
    fail("give the input with --input ", input.name, "=FILE or --inputs DIR");
  namespace fs = std::filesystem;
  fs::path file = fs::path(args.inputDir) / "input_0.pb";
  if (!fs::exists(file))
    file = fs::path(args.inputDir) / (input.name + ".npy");
  if (!fs::exists(file))
    fail(args.inputDir, ": no input_0.pb or ", input.name, ".npy");
  return readTensorFile(file.string());
}

/// MACs of the ANN the network was converted from.
double annMacs(const Network &net) {
  double macs = 0;
  for (const Projection &p : net.projections)
    macs += convertedMacs(net, p);
  return macs;
}

/// Spikes, SOPs and updates summed over a batch's samples.
RunStatistics sumOf(const std::vector<RunResult> &runs) {
  RunStatistics total;
  for (const RunResult &run : runs)
    total.add(run.stats);
  return total;
}

/// `stats` summed over `samples` runs of `timesteps` steps; figures per sample.
void printStatistics(const Network &net, const RunStatistics &stats, int64_t timesteps,
                     int64_t samples) {
  double n = double(samples);
  std::printf("%-28s %-11s %10s %12s %10s\n", "population", "kind", "neurons",
              samples > 1 ? "spikes/smp" : "spikes", "rate");
  for (size_t i = 0; i < net.populations.size(); ++i) {
    const Population &p = net.populations[i];
    double rate = double(stats.spikes[i]) / (double(p.shape.count() * timesteps) * n);
    std::printf("%-28s %-11s %10lld %12.0f %10.4f\n", p.name.c_str(),
                populationKindName(p.kind), (long long)p.shape.count(),
                double(stats.spikes[i]) / n, rate);
  }
  std::printf("%-28s %-11s %14s\n", "projection", "kind", samples > 1 ? "SOPs/sample" : "SOPs");
  for (size_t k = 0; k < net.projections.size(); ++k)
    std::printf("%-28s %-11s %14.0f\n", net.projections[k].name.c_str(),
                projectionKindName(net.projections[k].kind),
                double(stats.synapticOps[k]) / n);
  std::printf("totals%s: %.0f spikes, %.0f SOPs, %.0f neuron updates, %.0f input MACs (analog "
              "injection, once)\n",
              samples > 1 ? " per sample" : "", double(stats.totalSpikes()) / n,
              double(stats.totalSynapticOps()) / n, double(stats.totalUpdates()) / n,
              double(stats.inputMacs) / n);
}

/// Per-sample figures of one batch run.
RunStatistics perSample(const RunStatistics &total, int64_t samples) {
  RunStatistics one = total;
  for (int64_t &v : one.spikes)
    v /= samples;
  for (int64_t &v : one.neuronUpdates)
    v /= samples;
  for (int64_t &v : one.synapticOps)
    v /= samples;
  one.inputMacs /= samples;
  return one;
}

void printEnergy(const SnnArtifact &artifact, const RunStatistics &stats, int64_t timesteps) {
  double macs = annMacs(artifact.network);
  std::printf("ANN: %.0f MACs; SOP/MAC ratio %.3f\n", macs,
              double(stats.totalSynapticOps()) / macs);
  EnergyModel generic{kAccumulatePj, 0, kMacFp32Pj};
  std::printf("energy, 45 nm (AC %.1f pJ, MAC %.1f pJ): SNN %.3g nJ; ANN fp32 %.3g nJ, int8 "
              "%.3g nJ\n",
              kAccumulatePj, kMacFp32Pj, spikingEnergy(stats, generic) * 1e9,
              macs * kMacFp32Pj * 1e-3, macs * kMacInt8Pj * 1e-3);
  std::printf("break-even T (45 nm): %.1f vs fp32 ANN, %.1f vs int8 ANN\n",
              breakEvenTimesteps(stats, timesteps, generic, macs, kMacFp32Pj),
              breakEvenTimesteps(stats, timesteps, generic, macs, kMacInt8Pj));
  llvm::Expected<llvm::json::Value> config = llvm::json::parse(artifact.header.configJson);
  if (!config) {
    llvm::consumeError(config.takeError());
    return;
  }
  const llvm::json::Object *energy =
      config->getAsObject() ? config->getAsObject()->getObject("energy_pj") : nullptr;
  if (!energy) {
    std::printf("energy, %s: the preset publishes no per-operation energies\n",
                artifact.header.configName.c_str());
    return;
  }
  EnergyModel chip{energy->getNumber("sop").value_or(0),
                   energy->getNumber("neuron_update").value_or(0), kMacFp32Pj};
  std::printf("energy, %s (%.1f pJ/SOP, %.1f pJ/update): %.3g uJ\n",
              artifact.header.configName.c_str(), chip.sop, chip.update,
              spikingEnergy(stats, chip) * 1e6);
}

/// The input tensor cut into samples of the input population's size.
std::vector<std::vector<int32_t>> quantizedSamples(const Network &net, const Tensor &tensor) {
  const Population &input = net.populations[net.input];
  int64_t size = input.shape.count();
  if (tensor.numElements() == 0 || tensor.numElements() % size != 0)
    fail("input '", input.name, "' has ", tensor.numElements(),
         " values; the network takes ", size, " per sample");
  const float *data = tensor.data<float>();
  std::vector<std::vector<int32_t>> samples;
  for (int64_t start = 0; start < tensor.numElements(); start += size)
    samples.push_back(quantizeInput(net, std::vector<float>(data + start, data + start + size)));
  return samples;
}

void printDecoded(const Population &output, const RunResult &run, int64_t timesteps,
                  Decoding decoding) {
  std::printf("%s: [", output.name.c_str());
  for (size_t i = 0; i < run.decoded.size(); ++i)
    std::printf("%s%.5g", i ? ", " : "", run.decoded[i]);
  std::printf("]\nclass: %lld (T = %lld, %s decoding)\n", (long long)run.argmax,
              (long long)timesteps, decoding == Decoding::Membrane ? "membrane" : "spike-count");
}

void writeDecoded(const std::string &directory, const std::string &name,
                  const std::vector<RunResult> &runs) {
  std::filesystem::create_directories(directory);
  int64_t width = int64_t(runs.front().decoded.size());
  Tensor out(DType::Float32, {int64_t(runs.size()), width});
  for (size_t s = 0; s < runs.size(); ++s)
    std::copy(runs[s].decoded.begin(), runs[s].decoded.end(), out.data<float>() + s * width);
  writeNpyFile((std::filesystem::path(directory) / (name + ".npy")).string(), out);
}

llvm::json::Array integers(const std::vector<int64_t> &values) {
  return llvm::json::Array(values);
}

llvm::json::Object describeRuns(const Network &net,
                                const std::vector<std::pair<int64_t, std::vector<RunResult>>> &all) {
  llvm::json::Array populations, projections, runs;
  for (const Population &p : net.populations)
    populations.push_back(llvm::json::Object{{"name", p.name},
                                             {"kind", populationKindName(p.kind)},
                                             {"neurons", p.shape.count()},
                                             {"threshold", p.threshold}});
  for (const Projection &p : net.projections)
    projections.push_back(llvm::json::Object{{"name", p.name},
                                             {"kind", projectionKindName(p.kind)},
                                             {"source", p.source},
                                             {"target", p.target}});
  for (const auto &[timesteps, results] : all) {
    llvm::json::Array samples;
    for (const RunResult &r : results)
      samples.push_back(llvm::json::Object{{"class", r.argmax},
                                           {"spikes", integers(r.stats.spikes)},
                                           {"synaptic_ops", integers(r.stats.synapticOps)},
                                           {"membranes", integers(r.membranes)}});
    runs.push_back(llvm::json::Object{{"timesteps", timesteps}, {"samples", std::move(samples)}});
  }
  return llvm::json::Object{{"populations", std::move(populations)},
                            {"projections", std::move(projections)},
                            {"runs", std::move(runs)}};
}

} // namespace

int runSpikingArtifact(const SpikingRunArgs &args) {
  try {
    SnnArtifact artifact = readSnnArtifact(args.artifact);
    const Network &net = artifact.network;
    const Population &input = net.populations[net.input];
    const Population &output = net.populations[net.output];
    Tensor tensor = castTensor(inputTensor(args, input), DType::Float32).contiguous();
    std::vector<std::vector<int32_t>> samples = quantizedSamples(net, tensor);
    std::vector<int64_t> timesteps = args.timesteps;
    if (timesteps.empty())
      timesteps.push_back(net.timesteps);
    for (int64_t t : timesteps)
      if (t < 1 || t > (int64_t(1) << 20))
        fail("--timesteps: expected 1 to 1048576, got ", t);
    ThreadPool pool(args.threads);
    int threads = pool.threadCount();
    int64_t n = int64_t(samples.size());
    bool several = n > 1 || timesteps.size() > 1;
    Simulator simulator(net);
    std::vector<std::pair<int64_t, std::vector<RunResult>>> all;
    for (int64_t t : timesteps) {
      auto start = std::chrono::steady_clock::now();
      std::vector<RunResult> runs = simulator.runAll(samples, t, pool);
      double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      RunStatistics total = sumOf(runs);
      if (several)
        std::printf("T = %lld: %lld samples\n", (long long)t, (long long)n);
      else
        printDecoded(output, runs.front(), t, net.decoding);
      printStatistics(net, total, t, n);
      printEnergy(artifact, perSample(total, n), t);
      std::printf("simulated %lld sample%s x %lld steps in %.3f s: %.1f M synaptic events/s "
                  "(%d thread%s)\n",
                  (long long)n, n == 1 ? "" : "s", (long long)t, seconds,
                  seconds > 0 ? double(total.totalSynapticOps()) / seconds * 1e-6 : 0.0,
                  threads, threads == 1 ? "" : "s");
      if (!args.outputDir.empty())
        writeDecoded(args.outputDir,
                     timesteps.size() > 1 ? output.name + "_T" + std::to_string(t)
                                          : output.name,
                     runs);
      all.emplace_back(t, std::move(runs));
    }
    if (!args.statsPath.empty() &&
        !writeAtomically(args.statsPath, [&](llvm::raw_ostream &os) {
          os << llvm::formatv("{0:2}", llvm::json::Value(describeRuns(net, all))) << "\n";
          return true;
        }))
      return kExitInputError;
    return kExitSuccess;
  } catch (const std::exception &e) {
    std::string message = e.what();
    if (message.rfind(args.artifact, 0) == 0)
      std::cerr << args.artifact << ": error: " << message.substr(args.artifact.size() + 2)
                << "\n";
    else
      std::cerr << args.artifact << ": error: " << message << "\n";
    return kExitInputError;
  }
}

} // namespace hwc::cli
