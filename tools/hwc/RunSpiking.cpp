//===- RunSpiking.cpp - hwc run on a .hwcn artifact ------------------------===//
//
// One sample through the spiking simulator (runtime/sim/snn). Besides the
// decoded output it prints what decides whether the chip is worth it:
// spikes and firing rate per population, synaptic operations per
// projection, neuron updates, and the energy under the preset's figures
// and under Horowitz's 45 nm ones (an accumulate 0.9 pJ, a MAC 4.6 pJ
// fp32, 0.23 pJ int8), with the T at which the SNN would cost as much as
// the ANN (research/neuromorphic.md §3).
//
//===----------------------------------------------------------------------===//

#include "tools/hwc/RunSpiking.h"

#include "runtime/artifact/SnnArtifact.h"
#include "runtime/core/Error.h"
#include "runtime/io/TensorIO.h"
#include "tools/hwc/Commands.h"

#include "llvm/Support/JSON.h"

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
  for (const Projection &p : net.projections) {
    const snn::Shape &out = net.populations[p.target].shape;
    if (p.kind == ProjectionKind::Conv || p.kind == ProjectionKind::Dense)
      macs += double(p.weights.size()) *
              (p.kind == ProjectionKind::Conv ? double(out.height * out.width) : 1.0);
  }
  return macs;
}

void printStatistics(const Network &net, const RunResult &run, int64_t timesteps) {
  std::printf("%-28s %-11s %10s %12s %10s\n", "population", "kind", "neurons", "spikes",
              "rate");
  for (size_t i = 0; i < net.populations.size(); ++i) {
    const Population &p = net.populations[i];
    double rate = double(run.stats.spikes[i]) / double(p.shape.count() * timesteps);
    std::printf("%-28s %-11s %10lld %12lld %10.4f\n", p.name.c_str(),
                populationKindName(p.kind), (long long)p.shape.count(),
                (long long)run.stats.spikes[i], rate);
  }
  std::printf("%-28s %-11s %14s\n", "projection", "kind", "SOPs");
  for (size_t k = 0; k < net.projections.size(); ++k)
    std::printf("%-28s %-11s %14lld\n", net.projections[k].name.c_str(),
                projectionKindName(net.projections[k].kind),
                (long long)run.stats.synapticOps[k]);
  std::printf("totals: %lld spikes, %lld SOPs, %lld neuron updates, %lld input MACs (analog "
              "injection, once)\n",
              (long long)run.stats.totalSpikes(), (long long)run.stats.totalSynapticOps(),
              (long long)run.stats.totalUpdates(), (long long)run.stats.inputMacs);
}

void printEnergy(const SnnArtifact &artifact, const RunResult &run, int64_t timesteps) {
  double macs = annMacs(artifact.network);
  std::printf("ANN: %.0f MACs; SOP/MAC ratio %.3f\n", macs,
              double(run.stats.totalSynapticOps()) / macs);
  EnergyModel generic{kAccumulatePj, 0, kMacFp32Pj};
  std::printf("energy, 45 nm (AC %.1f pJ, MAC %.1f pJ): SNN %.3g nJ; ANN fp32 %.3g nJ, int8 "
              "%.3g nJ\n",
              kAccumulatePj, kMacFp32Pj, spikingEnergy(run.stats, generic) * 1e9,
              macs * kMacFp32Pj * 1e-3, macs * kMacInt8Pj * 1e-3);
  std::printf("break-even T (45 nm): %.1f vs fp32 ANN, %.1f vs int8 ANN\n",
              breakEvenTimesteps(run.stats, timesteps, generic, macs, kMacFp32Pj),
              breakEvenTimesteps(run.stats, timesteps, generic, macs, kMacInt8Pj));
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
              spikingEnergy(run.stats, chip) * 1e6);
}

} // namespace

int runSpikingArtifact(const SpikingRunArgs &args) {
  try {
    SnnArtifact artifact = readSnnArtifact(args.artifact);
    const Network &net = artifact.network;
    const Population &input = net.populations[net.input];
    Tensor tensor = castTensor(inputTensor(args, input), DType::Float32).contiguous();
    if (tensor.numElements() != input.shape.count())
      fail("input '", input.name, "' has ", tensor.numElements(), " values; the network takes ",
           input.shape.count());
    std::vector<float> values(tensor.data<float>(), tensor.data<float>() + tensor.numElements());
    int64_t timesteps = args.timesteps > 0 ? args.timesteps : net.timesteps;
    RunResult run = simulate(net, quantizeInput(net, values), timesteps);
    const Population &output = net.populations[net.output];
    std::printf("%s: [", output.name.c_str());
    for (size_t i = 0; i < run.decoded.size(); ++i)
      std::printf("%s%.5g", i ? ", " : "", run.decoded[i]);
    std::printf("]\nclass: %lld (T = %lld, %s decoding)\n", (long long)run.argmax,
                (long long)timesteps,
                net.decoding == Decoding::Membrane ? "membrane" : "spike-count");
    printStatistics(net, run, timesteps);
    printEnergy(artifact, run, timesteps);
    if (!args.outputDir.empty()) {
      std::filesystem::create_directories(args.outputDir);
      Tensor out(DType::Float32, {1, int64_t(run.decoded.size())});
      std::copy(run.decoded.begin(), run.decoded.end(), out.data<float>());
      writeNpyFile((std::filesystem::path(args.outputDir) / (output.name + ".npy")).string(),
                      out);
    }
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
