//===- SnnArtifact.cpp - .hwcn serialization and verification ------------===//
//
// The network travels as one SnnNetwork message (schema/artifact.proto).
// Reading checks the container (Artifact.cpp), parses the section, maps
// the kind names back to enums and runs Network::verify, so the simulator
// never sees an inconsistent network.
//
//===----------------------------------------------------------------------===//

#include "runtime/artifact/SnnArtifact.h"

#include "runtime/core/Error.h"
#include "runtime/schema/artifact.pb.h"

namespace hwc::rt {
namespace pb = ::hwc::artifact;
using namespace snn;

namespace {

constexpr int kWindowFields = 9;

template <typename Enum, size_t N>
Enum parseName(const std::string &name, const Enum (&values)[N], const char *(*nameOf)(Enum),
               const std::string &where, const char *what) {
  for (Enum value : values)
    if (name == nameOf(value))
      return value;
  fail(where, ": unknown ", what, " '", name, "'");
}

const char *encodingName(Encoding e) { return e == Encoding::Current ? "current" : "rate"; }
const char *decodingName(Decoding d) {
  return d == Decoding::Membrane ? "membrane" : "spike-count";
}

void writePopulation(const Population &p, pb::SnnPopulation *out) {
  out->set_name(p.name);
  out->set_kind(populationKindName(p.kind));
  out->set_channels(p.shape.channels);
  out->set_height(p.shape.height);
  out->set_width(p.shape.width);
  out->set_threshold(p.threshold);
  out->set_reset(resetModeName(p.reset));
  out->set_reset_value(p.resetValue);
  out->set_leak_shift(p.leakShift);
  for (int32_t b : p.bias)
    out->add_bias(b);
  out->set_bias_shift(p.biasShift);
  out->set_lambda(p.lambda);
  out->set_output_scale(p.outputScale);
  out->set_input_scale(p.inputScale);
  out->set_first_core(p.firstCore);
  out->set_cores(p.cores);
}

Population readPopulation(const pb::SnnPopulation &in, const std::string &where) {
  static const PopulationKind kinds[] = {PopulationKind::Input, PopulationKind::Spiking,
                                         PopulationKind::Relay, PopulationKind::Integrator};
  static const ResetMode resets[] = {ResetMode::Subtract, ResetMode::ToValue};
  Population p;
  p.name = in.name();
  p.kind = parseName(in.kind(), kinds, populationKindName, where, "population kind");
  p.shape = {in.channels(), in.height(), in.width()};
  p.threshold = in.threshold();
  p.reset = parseName(in.reset(), resets, resetModeName, where, "reset mode");
  p.resetValue = in.reset_value();
  p.leakShift = in.leak_shift();
  p.bias.assign(in.bias().begin(), in.bias().end());
  p.biasShift = in.bias_shift();
  p.lambda = in.lambda();
  p.outputScale = in.output_scale();
  p.inputScale = in.input_scale();
  p.firstCore = in.first_core();
  p.cores = in.cores();
  return p;
}

void writeProjection(const Projection &p, pb::SnnProjection *out) {
  out->set_name(p.name);
  out->set_kind(projectionKindName(p.kind));
  out->set_source(p.source);
  out->set_target(p.target);
  for (int64_t v : {p.kernelH, p.kernelW, p.strideH, p.strideW, p.padH, p.padW, p.dilationH,
                    p.dilationW, p.groups})
    out->add_window(v);
  for (int32_t w : p.weights)
    out->add_weights(w);
}

Projection readProjection(const pb::SnnProjection &in, const std::string &where) {
  static const ProjectionKind kinds[] = {ProjectionKind::Conv, ProjectionKind::Dense,
                                         ProjectionKind::SumPool, ProjectionKind::Identity};
  Projection p;
  p.name = in.name();
  p.kind = parseName(in.kind(), kinds, projectionKindName, where, "projection kind");
  p.source = in.source();
  p.target = in.target();
  if (in.window_size() != kWindowFields)
    fail(where, ": projection '", in.name(), "' has ", in.window_size(),
         " window fields, expected ", kWindowFields);
  const auto &w = in.window();
  p.kernelH = w[0], p.kernelW = w[1], p.strideH = w[2], p.strideW = w[3], p.padH = w[4],
  p.padW = w[5], p.dilationH = w[6], p.dilationW = w[7], p.groups = w[8];
  p.weights.assign(in.weights().begin(), in.weights().end());
  return p;
}

std::string serializeNetwork(const Network &net, int32_t weightBits) {
  pb::SnnNetwork out;
  for (const Population &p : net.populations)
    writePopulation(p, out.add_populations());
  for (const Projection &p : net.projections)
    writeProjection(p, out.add_projections());
  out.set_encoding(encodingName(net.encoding));
  out.set_decoding(decodingName(net.decoding));
  out.set_timesteps(net.timesteps);
  out.set_input(net.input);
  out.set_output(net.output);
  out.set_weight_bits(weightBits);
  return out.SerializeAsString();
}

void parseNetwork(const std::string &payload, const std::string &where, SnnArtifact &artifact) {
  static const Encoding encodings[] = {Encoding::Current, Encoding::Rate};
  static const Decoding decodings[] = {Decoding::Membrane, Decoding::SpikeCount};
  pb::SnnNetwork in;
  if (!in.ParseFromString(payload))
    fail(where, ": does not parse");
  Network &net = artifact.network;
  for (const pb::SnnPopulation &p : in.populations())
    net.populations.push_back(readPopulation(p, where));
  for (const pb::SnnProjection &p : in.projections())
    net.projections.push_back(readProjection(p, where));
  net.encoding = parseName(in.encoding(), encodings, encodingName, where, "encoding");
  net.decoding = parseName(in.decoding(), decodings, decodingName, where, "decoding");
  net.timesteps = in.timesteps();
  net.input = in.input();
  net.output = in.output();
  artifact.weightBits = in.weight_bits();
  net.verify(where);
}

} // namespace

std::string serializeSnnArtifact(SnnArtifact &artifact) {
  std::vector<std::pair<std::string, std::string>> sections;
  sections.emplace_back("network", serializeNetwork(artifact.network, artifact.weightBits));
  return serializeContainer(artifact.header, kSnnMagic, std::move(sections));
}

SnnArtifact parseSnnArtifact(const std::string &bytes, const std::string &path) {
  SnnArtifact artifact;
  bool found = false;
  for (auto &[name, payload] :
       parseContainer(bytes, path, kSnnMagic, "a neuromorphic", artifact.header)) {
    if (name != "network")
      fail(path, ": unexpected section '", name, "' in a neuromorphic artifact");
    parseNetwork(payload, path + ": section 'network'", artifact);
    found = true;
  }
  if (!found)
    fail(path, ": the artifact has no 'network' section");
  return artifact;
}

SnnArtifact readSnnArtifact(const std::string &path) {
  return parseSnnArtifact(readFileBytes(path), path);
}

bool hasArtifactMagic(const std::string &bytes, const std::string &magic) {
  pb::Artifact in;
  return in.ParseFromString(bytes) && in.header().magic() == magic;
}

} // namespace hwc::rt
