//===- CompileAsic.cpp - hwc compile --target=asic: the .hwca back end -----===//
//
// Takes the quantized module from `hwc compile`, runs the ASIC back end
// (targets/asic: extract segments, lower to systolic, emit) and writes what
// --emit asks for: the artifact (host graph + segments, header with config
// hash and section checksums), the assembly listing, or the lowered module.
// Nodes left on the host are listed, one note each, with the reason.
//
//===----------------------------------------------------------------------===//

#include "tools/hwc/CompileAsic.h"

#include "Version.h"
#include "compiler/export/Export.h"
#include "runtime/artifact/Artifact.h"
#include "runtime/core/Sha256.h"
#include "targets/Registry.h"
#include "targets/asic/LowerSegment.h"
#include "tools/hwc/Commands.h"
#include "tools/hwc/OutputFile.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"

#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include <iostream>

using namespace mlir;

namespace hwc::cli {
namespace {

std::string fileSha256(const std::string &path) {
  if (path.empty())
    return "";
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer = llvm::MemoryBuffer::getFile(path);
  if (!buffer)
    return "";
  return rt::sha256Hex((*buffer)->getBufferStart(), (*buffer)->getBufferSize());
}

std::optional<std::string> hostModelBytes(ModuleOp module, const std::string &modelPath) {
  std::vector<std::string> errors;
  std::optional<ExportedModel> exported = exportModule(module, errors);
  for (const std::string &error : errors)
    std::cerr << modelPath << ": " << error << "\n";
  if (!exported)
    return std::nullopt;
  std::string bytes;
  google::protobuf::io::StringOutputStream stream(&bytes);
  if (!exported->write(stream))
    return std::nullopt;
  return bytes;
}

std::string listing(const std::vector<rt::systolic::SegmentProgram> &programs) {
  std::string text;
  for (size_t i = 0; i < programs.size(); ++i)
    text += "; segment " + std::to_string(i) + "\n" + rt::systolic::listSegment(programs[i]);
  return text;
}

} // namespace

std::unique_ptr<target::TargetConfig> loadAsicConfig(const std::string &name,
                                                     rt::systolic::ArrayConfig &array,
                                                     double &clockMHz) {
  std::vector<std::string> problems;
  std::unique_ptr<target::TargetConfig> config =
      target::loadTargetConfig(*target::lookupTarget("asic"), name, problems);
  std::optional<rt::systolic::ArrayConfig> usable;
  if (config)
    usable = target::asicArrayConfig(*config, clockMHz, problems);
  if (!usable) {
    for (const std::string &problem : problems)
      std::cerr << "hwc: error: --target-config " << name << ": " << problem << "\n";
    return nullptr;
  }
  array = *usable;
  return config;
}

int compileAsic(ModuleOp module, const AsicCompileRequest &request) {
  const target::TargetConfig *config = request.config;
  const rt::systolic::ArrayConfig *array = &request.array;
  asic::ExtractedModel extracted;
  std::vector<rt::systolic::SegmentProgram> programs;
  if (failed(asic::compileSegments(module, *array, config->name, extracted, programs)))
    return kExitInputError;
  for (const asic::HostNode &node : extracted.hostNodes)
    std::cerr << request.modelPath << ": note: node '" << node.name << "' (" << node.opType
              << ") runs on the host (--fallback=host): " << node.reason << "\n";
  if (programs.empty())
    std::cerr << request.modelPath << ": warning: no node maps to the array; the artifact "
              << "runs entirely on the host\n";
  if (request.emit == "mlir")
    return writeAtomically(request.outputPath, [&](llvm::raw_ostream &os) {
             module.print(os);
             return true;
           })
               ? kExitSuccess
               : kExitInputError;
  if (request.emit == "asm")
    return writeAtomically(request.outputPath, [&](llvm::raw_ostream &os) {
             os << listing(programs);
             return true;
           })
               ? kExitSuccess
               : kExitInputError;
  std::optional<std::string> host = hostModelBytes(module, request.modelPath);
  if (!host)
    return kExitInputError;
  rt::AsicArtifact artifact;
  artifact.header.target = "asic";
  artifact.header.configName = config->name;
  artifact.header.configHash = config->hash;
  artifact.header.configJson =
      llvm::formatv("{0}", llvm::json::Value(llvm::json::Object(config->json))).str();
  artifact.header.hwcVersion = HWC_VERSION_STRING;
  artifact.header.modelSha256 = fileSha256(request.modelPath);
  artifact.header.planSha256 = fileSha256(request.planPath);
  artifact.header.pipeline = "import,simplify,quantize,extract-asic-segments,lower-to-systolic,emit";
  artifact.clockMhz = request.clockMHz;
  artifact.hostModel = std::move(*host);
  artifact.segments = std::move(programs);
  std::string bytes = rt::serializeAsicArtifact(artifact);
  return writeAtomically(request.outputPath,
                         [&](llvm::raw_ostream &os) {
                           os << bytes;
                           return true;
                         })
             ? kExitSuccess
             : kExitInputError;
}

} // namespace hwc::cli
