//===- SnnArtifact.h - Reading and writing .hwcn artifacts --------*- C++ -*-===//
//
// The neuromorphic artifact: the common container (Artifact.h) with magic
// "HWCN" and one section, "network": the populations (with their
// normalization factors and core placement), the projections (integer
// weights and geometry), the encoder, decoder and T. Populations carry the
// ONNX tensor names and projections the ONNX node names: the node map.
//
//===----------------------------------------------------------------------===//

#ifndef HWC_RUNTIME_ARTIFACT_SNNARTIFACT_H
#define HWC_RUNTIME_ARTIFACT_SNNARTIFACT_H

#include "runtime/artifact/Artifact.h"
#include "runtime/sim/snn/Network.h"

namespace hwc::rt {

constexpr const char *kSnnMagic = "HWCN";

struct SnnArtifact {
  ArtifactHeader header;
  snn::Network network;
  int32_t weightBits = 8;
};

/// The artifact's bytes; fills header.sections.
std::string serializeSnnArtifact(SnnArtifact &artifact);

/// Parses and verifies `bytes` read from `path`; throws Error.
SnnArtifact parseSnnArtifact(const std::string &bytes, const std::string &path);

/// Reads and verifies the artifact at `path`.
SnnArtifact readSnnArtifact(const std::string &path);

/// Whether `bytes` is a container with `magic` (without verifying it).
bool hasArtifactMagic(const std::string &bytes, const std::string &magic);

} // namespace hwc::rt

#endif // HWC_RUNTIME_ARTIFACT_SNNARTIFACT_H
