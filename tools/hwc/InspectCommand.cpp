//===- InspectCommand.cpp - `hwc inspect` -----------------------------------===//
//
// Prints an artifact's header (target, config and its hash, the hashes of
// the model and plan it came from, the pipeline), its sections with their
// checksums, and each segment's memory plan and disassembly with the ONNX
// node of every layer. Reading verifies every checksum first, so
// `--verify` checks an artifact without printing the program.
//
//===----------------------------------------------------------------------===//

#include "tools/hwc/Commands.h"

#include "runtime/artifact/Artifact.h"
#include "runtime/core/Error.h"

#include <iostream>

namespace hwc::cli {
namespace {

struct InspectArgs {
  std::string artifact;
  bool verify = false;
};

int runInspect(const InspectArgs &args) {
  rt::AsicArtifact artifact;
  try {
    artifact = rt::readAsicArtifact(args.artifact);
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
  std::cout << "artifact: " << args.artifact << "\n"
            << "target: " << h.target << "\n"
            << "config: " << h.configName << " (sha256 " << h.configHash << ")\n"
            << "clock: " << artifact.clockMhz << " MHz\n"
            << "hwc: " << h.hwcVersion << "\n"
            << "model sha256: " << h.modelSha256 << "\n"
            << "plan sha256: " << (h.planSha256.empty() ? "-" : h.planSha256) << "\n"
            << "pipeline: " << h.pipeline << "\n"
            << "sections:\n";
  for (const rt::ArtifactHeader::Digest &section : h.sections)
    std::cout << "  " << section.name << ": " << section.size << " bytes, sha256 "
              << section.sha256 << "\n";
  for (size_t i = 0; i < artifact.segments.size(); ++i)
    std::cout << "; segment " << i << "\n" << rt::systolic::listSegment(artifact.segments[i]);
  return kExitSuccess;
}

} // namespace

void addInspectCommand(CLI::App &app, std::function<int()> &run) {
  auto args = std::make_shared<InspectArgs>();
  CLI::App *command = app.add_subcommand(
      "inspect", "Print an artifact's header, sections and disassembly (node names per layer)");
  command->add_option("ARTIFACT", args->artifact, "A .hwca artifact")->required();
  command->add_flag("--verify", args->verify,
                    "Only check the header, sizes and section checksums");
  command->footer("Exit codes: 0 read (and verified), 1 unreadable or damaged artifact.");
  command->callback([args, &run] { run = [args] { return runInspect(*args); }; });
}

} // namespace hwc::cli
