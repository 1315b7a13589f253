//===- InspectCommand.cpp - `hwc inspect` -----------------------------------===//
//
// Prints an artifact's header (target, config and its hash, the hashes of
// the model and plan it came from, the pipeline), its sections with their
// checksums, and each segment's memory plan and disassembly with the ONNX
// node of every layer. Reading verifies every checksum first, so
// `--verify` checks an artifact without printing the program. A `.hwcn`
// (neuromorphic) artifact lists its populations (shape, threshold, reset,
// lambda, cores) and projections (geometry, weight range) instead: the node
// map back to the ONNX tensors and nodes.
//
//===----------------------------------------------------------------------===//

#include "tools/hwc/Commands.h"

#include "runtime/artifact/Artifact.h"
#include "runtime/artifact/SnnArtifact.h"
#include "runtime/core/Error.h"

#include "llvm/ADT/StringRef.h"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <iostream>

namespace hwc::cli {
namespace {

struct InspectArgs {
  std::string artifact;
  bool verify = false;
};

void printHeader(const std::string &path, const rt::ArtifactHeader &h) {
  std::cout << "artifact: " << path << "\n"
            << "target: " << h.target << "\n"
            << "config: " << h.configName << " (sha256 " << h.configHash << ")\n";
}

void printProvenance(const rt::ArtifactHeader &h) {
  std::cout << "hwc: " << h.hwcVersion << "\n"
            << "model sha256: " << h.modelSha256 << "\n"
            << "plan sha256: " << (h.planSha256.empty() ? "-" : h.planSha256) << "\n"
            << "pipeline: " << h.pipeline << "\n"
            << "sections:\n";
  for (const rt::ArtifactHeader::Digest &section : h.sections)
    std::cout << "  " << section.name << ": " << section.size << " bytes, sha256 "
              << section.sha256 << "\n";
}

std::string shapeText(const rt::snn::Shape &s) {
  return std::to_string(s.channels) + "x" + std::to_string(s.height) + "x" +
         std::to_string(s.width);
}

void listNetwork(const rt::snn::Network &net) {
  using namespace rt::snn;
  std::printf("network: T = %lld, %s input, %s decoding\n", (long long)net.timesteps,
              net.encoding == Encoding::Current ? "analog (current)" : "rate-coded",
              net.decoding == Decoding::Membrane ? "membrane" : "spike-count");
  std::printf("populations:\n  %3s %-28s %-11s %-12s %9s %-9s %10s %6s %6s\n", "#", "name",
              "kind", "shape", "threshold", "reset", "lambda", "cores", "first");
  for (size_t i = 0; i < net.populations.size(); ++i) {
    const Population &p = net.populations[i];
    std::printf("  %3zu %-28s %-11s %-12s %9d %-9s %10.4g %6d %6d\n", i, p.name.c_str(),
                populationKindName(p.kind), shapeText(p.shape).c_str(), p.threshold,
                p.kind == PopulationKind::Spiking ? resetModeName(p.reset) : "-", p.lambda,
                p.cores, p.firstCore);
  }
  std::printf("projections:\n  %3s %-28s %-9s %9s %-24s %10s %14s\n", "#", "node", "kind",
              "from->to", "kernel/stride/pad/group", "weights", "range");
  for (size_t k = 0; k < net.projections.size(); ++k) {
    const Projection &p = net.projections[k];
    std::string geometry = "-";
    if (p.kind == ProjectionKind::Conv || p.kind == ProjectionKind::SumPool)
      geometry = std::to_string(p.kernelH) + "x" + std::to_string(p.kernelW) + "/" +
                 std::to_string(p.strideH) + "," + std::to_string(p.strideW) + "/" +
                 std::to_string(p.padH) + "," + std::to_string(p.padW) + "/" +
                 std::to_string(p.groups);
    std::string range = "-";
    if (!p.weights.empty()) {
      auto [lo, hi] = std::minmax_element(p.weights.begin(), p.weights.end());
      range = "[" + std::to_string(*lo) + ", " + std::to_string(*hi) + "]";
    }
    std::string edge = std::to_string(p.source) + "->" + std::to_string(p.target);
    std::printf("  %3zu %-28s %-9s %9s %-24s %10zu %14s\n", k, p.name.c_str(),
                projectionKindName(p.kind), edge.c_str(), geometry.c_str(), p.weights.size(),
                range.c_str());
  }
}

/// Reads the artifact with `read` (which verifies every checksum), then
/// prints the verification line, or the header followed by `details`.
template <typename ArtifactT>
int inspect(const InspectArgs &args, ArtifactT (*read)(const std::string &),
            const std::function<void(const ArtifactT &)> &details) {
  ArtifactT artifact;
  try {
    artifact = read(args.artifact);
  } catch (const rt::Error &e) {
    std::cerr << "hwc: error: " << e.what() << "\n";
    return kExitInputError;
  }
  const rt::ArtifactHeader &h = artifact.header;
  if (args.verify) {
    std::cout << args.artifact << ": ok (" << h.sections.size()
              << " sections, checksums verified; target " << h.target << ", config "
              << h.configName << " " << h.configHash << ")\n";
    return kExitSuccess;
  }
  printHeader(args.artifact, h);
  details(artifact);
  return kExitSuccess;
}

int runInspect(const InspectArgs &args) {
  if (llvm::StringRef(args.artifact).ends_with(".hwcn"))
    return inspect<rt::SnnArtifact>(args, rt::readSnnArtifact,
                                    [](const rt::SnnArtifact &artifact) {
                                      std::cout << "weight bits: " << artifact.weightBits
                                                << "\n";
                                      printProvenance(artifact.header);
                                      listNetwork(artifact.network);
                                    });
  return inspect<rt::AsicArtifact>(
      args, rt::readAsicArtifact, [](const rt::AsicArtifact &artifact) {
        std::cout << "clock: " << artifact.clockMhz << " MHz\n";
        printProvenance(artifact.header);
        for (size_t i = 0; i < artifact.segments.size(); ++i)
          std::cout << "; segment " << i << "\n"
                    << rt::systolic::listSegment(artifact.segments[i]);
      });
}

} // namespace

void addInspectCommand(CLI::App &app, std::function<int()> &run) {
  auto args = std::make_shared<InspectArgs>();
  CLI::App *command = app.add_subcommand(
      "inspect", "Print an artifact's header, sections and disassembly (node names per layer)");
  command->add_option("ARTIFACT", args->artifact, "A .hwca or .hwcn artifact")->required();
  command->add_flag("--verify", args->verify,
                    "Only check the header, sizes and section checksums");
  command->footer("Exit codes: 0 read (and verified), 1 unreadable or damaged artifact.");
  command->callback([args, &run] { run = [args] { return runInspect(*args); }; });
}

} // namespace hwc::cli
