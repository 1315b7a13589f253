//===- Artifact.cpp - .hwca serialization and verification ---------------===//
//
// Segments travel as artifact.proto messages. Reading checks, in order:
// the container parses, the magic and version, every section's size and
// SHA-256 against the header, then each segment's internal consistency
// (tensor and layer indices, instruction encoding, table shape, DRAM image
// bounds), so that the simulator never sees an inconsistent program.
//
//===----------------------------------------------------------------------===//

#include "runtime/artifact/Artifact.h"

#include "runtime/core/Error.h"
#include "runtime/core/Sha256.h"
#include "runtime/schema/artifact.pb.h"

#include <fstream>
#include <sstream>

namespace hwc::rt {
namespace pb = ::hwc::artifact;
using namespace systolic;

namespace {

constexpr int kEntryWords = 6;

LayerKind parseKind(const std::string &name, const std::string &where) {
  for (LayerKind kind : {LayerKind::Conv, LayerKind::MaxPool, LayerKind::AvgPool, LayerKind::Add})
    if (name == layerKindName(kind))
      return kind;
  fail(where, ": unknown layer kind '", name, "'");
}

void appendEntries(const std::vector<RequantEntry> &entries,
                   google::protobuf::RepeatedField<int32_t> *words) {
  for (const RequantEntry &e : entries)
    for (int32_t word : {e.bias, e.multiplier, e.shift, e.zeroPoint, e.minLevel, e.maxLevel})
      words->Add(word);
}

std::vector<RequantEntry> entriesOf(const google::protobuf::RepeatedField<int32_t> &words,
                                    const std::string &where) {
  if (words.size() % kEntryWords != 0)
    fail(where, ": requantization table of ", words.size(), " words is not whole entries");
  std::vector<RequantEntry> entries;
  for (int i = 0; i < words.size(); i += kEntryWords)
    entries.push_back(RequantEntry{words[i], words[i + 1], words[i + 2], words[i + 3],
                                   words[i + 4], words[i + 5]});
  return entries;
}

std::string serializeSegment(const SegmentProgram &compiled, double clockMhz) {
  pb::Segment out;
  pb::ArrayConfig *array = out.mutable_array();
  array->set_rows(compiled.array.rows);
  array->set_cols(compiled.array.cols);
  array->set_buffer_rows(compiled.array.bufferRows);
  array->set_accumulator_rows(compiled.array.accumulatorRows);
  array->set_weight_fifo_tiles(compiled.array.weightFifoTiles);
  array->set_dram_bytes_per_cycle(compiled.array.dramBytesPerCycle);
  array->set_dram_latency(compiled.array.dramLatency);
  array->set_clock_mhz(clockMhz);
  std::vector<uint8_t> words = encodeProgram(compiled.program.instructions);
  out.set_program(words.data(), words.size());
  appendEntries(compiled.program.table, out.mutable_table());
  out.set_dram_rows(compiled.dramRows);
  out.set_image_row(compiled.imageRow);
  out.set_image(compiled.image.data(), compiled.image.size());
  for (const SegmentTensor &t : compiled.segment.tensors) {
    pb::Tensor *tensor = out.add_tensors();
    tensor->set_name(t.name);
    tensor->set_channels(t.shape.channels);
    tensor->set_height(t.shape.height);
    tensor->set_width(t.shape.width);
    tensor->set_dram_row(t.dramRow);
    tensor->set_scale(t.scale);
    tensor->set_zero_point(t.zeroPoint);
    for (int64_t d : t.dims)
      tensor->add_dims(d);
    if (t.im2col) {
      const Window &w = t.patch;
      for (int64_t v : {w.kernelH, w.kernelW, w.strideH, w.strideW, w.padTop, w.padLeft,
                        w.padBottom, w.padRight, t.source.channels, t.source.height,
                        t.source.width})
        tensor->add_im2col(v);
    }
  }
  for (int i : compiled.segment.inputs)
    out.add_inputs(i);
  for (int i : compiled.segment.outputs)
    out.add_outputs(i);
  for (size_t i = 0; i < compiled.segment.layers.size(); ++i) {
    const Layer &l = compiled.segment.layers[i];
    pb::Layer *layer = out.add_layers();
    layer->set_name(l.name);
    layer->set_op_type(l.opType);
    layer->set_kind(layerKindName(l.kind));
    for (int input : l.inputs)
      layer->add_inputs(input);
    layer->set_output(l.output);
    const Window &w = l.window;
    for (int64_t v : {w.kernelH, w.kernelW, w.strideH, w.strideW, w.padTop, w.padLeft,
                      w.padBottom, w.padRight})
      layer->add_window(v);
    layer->set_weights(l.weights.data(), l.weights.size());
    appendEntries(l.entries, layer->mutable_entries());
    layer->set_pad_value(l.padValue);
    layer->set_first_instruction(i < compiled.layers.size() ? compiled.layers[i].second : 0);
  }
  return out.SerializeAsString();
}

void checkIndex(int64_t index, size_t size, const std::string &where, const char *what) {
  if (index < 0 || size_t(index) >= size)
    fail(where, ": ", what, " ", index, " is out of range (", size, ")");
}

SegmentProgram parseSegment(const pb::Segment &in, const std::string &where, double &clockMhz) {
  SegmentProgram compiled;
  const pb::ArrayConfig &array = in.array();
  compiled.array = ArrayConfig{array.rows(),          array.cols(),
                               array.buffer_rows(),   array.accumulator_rows(),
                               array.weight_fifo_tiles(), array.dram_bytes_per_cycle(),
                               array.dram_latency()};
  clockMhz = array.clock_mhz();
  try {
    compiled.array.validate();
  } catch (const Error &e) {
    fail(where, ": ", e.what());
  }
  const std::string &program = in.program();
  if (program.size() % 16 != 0)
    fail(where, ": program of ", program.size(), " bytes is not whole 16-byte instructions");
  try {
    compiled.program.instructions =
        decodeProgram(reinterpret_cast<const uint8_t *>(program.data()), program.size());
  } catch (const Error &e) {
    fail(where, ": ", e.what());
  }
  compiled.program.table = entriesOf(in.table(), where);
  compiled.dramRows = in.dram_rows();
  compiled.imageRow = in.image_row();
  compiled.image.assign(in.image().begin(), in.image().end());
  int64_t lanes = compiled.array.rows;
  if (compiled.dramRows < 0 || compiled.imageRow < 0 ||
      int64_t(compiled.image.size()) % lanes != 0 ||
      compiled.imageRow + int64_t(compiled.image.size()) / lanes > compiled.dramRows)
    fail(where, ": the DRAM image does not fit the program's ", compiled.dramRows, " rows");
  Segment &segment = compiled.segment;
  for (const pb::Tensor &t : in.tensors()) {
    SegmentTensor tensor;
    tensor.name = t.name();
    tensor.shape = ActivationShape{t.channels(), t.height(), t.width()};
    tensor.dramRow = t.dram_row();
    tensor.scale = t.scale();
    tensor.zeroPoint = t.zero_point();
    tensor.dims.assign(t.dims().begin(), t.dims().end());
    if (t.im2col_size() == 11) {
      auto v = [&](int i) { return t.im2col(i); };
      tensor.im2col = true;
      tensor.patch = Window{v(0), v(1), v(2), v(3), v(4), v(5), v(6), v(7)};
      tensor.source = ActivationShape{v(8), v(9), v(10)};
      const Window &w = tensor.patch;
      if (w.kernelH <= 0 || w.kernelW <= 0 || w.strideH <= 0 || w.strideW <= 0 ||
          tensor.source.channels <= 0 || tensor.source.height <= 0 || tensor.source.width <= 0 ||
          tensor.shape.channels != w.kernelH * w.kernelW * tensor.source.channels ||
          tensor.shape.height != w.outputHeight(tensor.source.height) ||
          tensor.shape.width != w.outputWidth(tensor.source.width))
        fail(where, ": tensor '", tensor.name, "' has an inconsistent im2col layout");
    } else if (t.im2col_size() != 0) {
      fail(where, ": tensor '", tensor.name, "' has ", t.im2col_size(),
           " im2col fields, expected 11");
    }
    int64_t elements = 1;
    for (int64_t d : tensor.dims)
      elements = d > 0 && elements <= (int64_t(1) << 40) / d ? elements * d : -1;
    if ((tensor.dims.size() != 2 && tensor.dims.size() != 4) ||
        elements != (tensor.im2col ? tensor.source : tensor.shape).elements())
      fail(where, ": tensor '", tensor.name, "' has dims inconsistent with its shape");
    if (tensor.shape.channels <= 0 || tensor.shape.height <= 0 || tensor.shape.width <= 0 ||
        tensor.dramRow < 0 || tensor.dramRow + tensor.shape.rows(lanes) > compiled.dramRows)
      fail(where, ": tensor '", tensor.name, "' has a bad shape or lies outside DRAM");
    segment.tensors.push_back(tensor);
  }
  for (int i : in.inputs()) {
    checkIndex(i, segment.tensors.size(), where, "input tensor");
    segment.inputs.push_back(i);
  }
  for (int i : in.outputs()) {
    checkIndex(i, segment.tensors.size(), where, "output tensor");
    segment.outputs.push_back(i);
  }
  for (const pb::Layer &l : in.layers()) {
    Layer layer;
    layer.name = l.name();
    layer.opType = l.op_type();
    layer.kind = parseKind(l.kind(), where);
    for (int input : l.inputs()) {
      checkIndex(input, segment.tensors.size(), where, "layer input");
      layer.inputs.push_back(input);
    }
    checkIndex(l.output(), segment.tensors.size(), where, "layer output");
    layer.output = l.output();
    if (l.window_size() != 8)
      fail(where, ": layer '", layer.name, "' has ", l.window_size(), " window fields, expected 8");
    Window &w = layer.window;
    w = Window{l.window(0), l.window(1), l.window(2), l.window(3),
               l.window(4), l.window(5), l.window(6), l.window(7)};
    layer.weights.assign(l.weights().begin(), l.weights().end());
    layer.entries = entriesOf(l.entries(), where);
    layer.padValue = int8_t(l.pad_value());
    compiled.layers.emplace_back(layer.name, l.first_instruction());
    segment.layers.push_back(std::move(layer));
  }
  return compiled;
}

} // namespace

std::string serializeContainer(ArtifactHeader &h, const std::string &magic,
                               std::vector<std::pair<std::string, std::string>> sections) {
  pb::Artifact out;
  h.sections.clear();
  for (auto &[name, payload] : sections)
    h.sections.push_back({name, payload.size(), sha256Hex(payload)});
  pb::Header *header = out.mutable_header();
  header->set_magic(magic);
  header->set_format_version(kArtifactFormatVersion);
  header->set_target(h.target);
  header->set_config_name(h.configName);
  header->set_config_hash(h.configHash);
  header->set_config_json(h.configJson);
  header->set_hwc_version(h.hwcVersion);
  header->set_model_sha256(h.modelSha256);
  header->set_plan_sha256(h.planSha256);
  header->set_pipeline(h.pipeline);
  for (const ArtifactHeader::Digest &digest : h.sections) {
    pb::SectionDigest *d = header->add_sections();
    d->set_name(digest.name);
    d->set_size(digest.size);
    d->set_sha256(digest.sha256);
  }
  for (auto &[name, payload] : sections) {
    pb::Section *section = out.add_sections();
    section->set_name(name);
    section->set_payload(std::move(payload));
  }
  std::string bytes;
  out.SerializeToString(&bytes);
  return bytes;
}

std::vector<std::pair<std::string, std::string>>
parseContainer(const std::string &bytes, const std::string &path, const std::string &magic,
               const char *kind, ArtifactHeader &h) {
  pb::Artifact in;
  if (!in.ParseFromString(bytes))
    fail(path, ": not an hwc artifact, or truncated (the container does not parse)");
  const pb::Header &header = in.header();
  if (header.magic() != magic)
    fail(path, ": not ", kind, " artifact (magic '", header.magic(), "', expected '", magic,
         "')");
  if (header.format_version() != kArtifactFormatVersion)
    fail(path, ": artifact format version ", header.format_version(), ", this hwc reads ",
         kArtifactFormatVersion);
  h.target = header.target();
  h.configName = header.config_name();
  h.configHash = header.config_hash();
  h.configJson = header.config_json();
  h.hwcVersion = header.hwc_version();
  h.modelSha256 = header.model_sha256();
  h.planSha256 = header.plan_sha256();
  h.pipeline = header.pipeline();
  if (header.sections_size() != in.sections_size())
    fail(path, ": the header lists ", header.sections_size(), " sections, the file holds ",
         in.sections_size(), " (truncated?)");
  std::vector<std::pair<std::string, std::string>> sections;
  for (int i = 0; i < in.sections_size(); ++i) {
    const pb::Section &section = in.sections(i);
    const pb::SectionDigest &digest = header.sections(i);
    std::string where = path + ": section '" + section.name() + "'";
    if (digest.name() != section.name())
      fail(where, ": the header names it '", digest.name(), "'");
    if (digest.size() != section.payload().size())
      fail(where, ": ", section.payload().size(), " bytes, the header says ", digest.size(),
           " (truncated?)");
    if (sha256Hex(section.payload()) != digest.sha256())
      fail(where, ": checksum mismatch (the artifact is damaged)");
    h.sections.push_back({digest.name(), digest.size(), digest.sha256()});
    sections.emplace_back(section.name(), section.payload());
  }
  return sections;
}

std::string readFileBytes(const std::string &path) {
  std::ifstream file(path, std::ios::binary);
  if (!file)
    fail(path, ": cannot open");
  std::ostringstream bytes;
  bytes << file.rdbuf();
  return bytes.str();
}

std::string serializeAsicArtifact(AsicArtifact &artifact) {
  std::vector<std::pair<std::string, std::string>> sections;
  sections.emplace_back("host", artifact.hostModel);
  for (size_t i = 0; i < artifact.segments.size(); ++i)
    sections.emplace_back("segment." + std::to_string(i),
                          serializeSegment(artifact.segments[i], artifact.clockMhz));
  return serializeContainer(artifact.header, kAsicMagic, std::move(sections));
}

AsicArtifact parseAsicArtifact(const std::string &bytes, const std::string &path) {
  AsicArtifact artifact;
  for (auto &[name, payload] :
       parseContainer(bytes, path, kAsicMagic, "an ASIC", artifact.header)) {
    if (name == "host") {
      artifact.hostModel = std::move(payload);
      continue;
    }
    std::string where = path + ": section '" + name + "'";
    pb::Segment segment;
    if (!segment.ParseFromString(payload))
      fail(where, ": does not parse");
    artifact.segments.push_back(parseSegment(segment, where, artifact.clockMhz));
  }
  return artifact;
}

AsicArtifact readAsicArtifact(const std::string &path) {
  return parseAsicArtifact(readFileBytes(path), path);
}

} // namespace hwc::rt
