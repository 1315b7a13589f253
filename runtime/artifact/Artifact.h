//===- Artifact.h - Reading and writing .hwca artifacts -----------*- C++ -*-===//
//
// The ASIC artifact (schema/artifact.proto): a header naming the target
// config and its hash, a host section (the ONNX graph that runs on the
// host, with one `hwc.asic` AsicSegment node per segment) and one section
// per segment (program, requantization table, pre-tiled weights, memory
// plan, node map). Every section is checked against its SHA-256 before it
// is parsed; any inconsistency is an Error naming the file and the reason.
//
//===----------------------------------------------------------------------===//

#ifndef HWC_RUNTIME_ARTIFACT_ARTIFACT_H
#define HWC_RUNTIME_ARTIFACT_ARTIFACT_H

#include "runtime/sim/systolic/Segment.h"

#include <string>
#include <vector>

namespace hwc::rt {

constexpr const char *kAsicMagic = "HWCA";
constexpr unsigned kArtifactFormatVersion = 1;

struct ArtifactHeader {
  std::string target, configName, configHash, configJson, hwcVersion, modelSha256,
      planSha256, pipeline;
  /// Per section: name, size in bytes and SHA-256 (filled on write).
  struct Digest {
    std::string name;
    uint64_t size = 0;
    std::string sha256;
  };
  std::vector<Digest> sections;
};

struct AsicArtifact {
  ArtifactHeader header;
  double clockMhz = 0;
  /// Serialized ONNX ModelProto of the host graph.
  std::string hostModel;
  std::vector<systolic::SegmentProgram> segments;
};

/// The container's bytes for `sections` (name, payload) under `magic`;
/// fills h.sections with their sizes and checksums.
std::string serializeContainer(ArtifactHeader &h, const std::string &magic,
                               std::vector<std::pair<std::string, std::string>> sections);

/// Parses the container, checks `magic` (the artifact is `kind`, e.g.
/// "an ASIC") and the version, verifies every section against its size
/// and checksum; fills `h` and returns the sections. Throws Error.
std::vector<std::pair<std::string, std::string>>
parseContainer(const std::string &bytes, const std::string &path, const std::string &magic,
               const char *kind, ArtifactHeader &h);

/// The whole file; Error when it cannot be opened.
std::string readFileBytes(const std::string &path);

/// The artifact's bytes; fills header.sections.
std::string serializeAsicArtifact(AsicArtifact &artifact);

/// Parses and verifies `bytes` read from `path` (for messages). Throws
/// Error: not an hwc artifact, wrong magic or version, a section whose
/// checksum or size does not match, a malformed section.
AsicArtifact parseAsicArtifact(const std::string &bytes, const std::string &path);

/// Reads and verifies the artifact at `path`.
AsicArtifact readAsicArtifact(const std::string &path);

} // namespace hwc::rt

#endif // HWC_RUNTIME_ARTIFACT_ARTIFACT_H
