//===- AsicArtifactTest.cpp - Segment reference, im2col, artifact I/O -----===//
//
// The pieces of the ASIC back end that live in the runtime: SHA-256 against
// FIPS 180-4's vectors, the im2col layout against a direct convolution, and
// the artifact container's checks (round trip, damaged section, truncation).
//
//===----------------------------------------------------------------------===//

#include "runtime/artifact/Artifact.h"
#include "runtime/core/Error.h"
#include "runtime/core/Sha256.h"
#include "runtime/sim/systolic/Segment.h"

#include <gtest/gtest.h>

#include <random>

using namespace hwc::rt;
using namespace hwc::rt::systolic;

TEST(Sha256, FipsVectors) {
  EXPECT_EQ(sha256Hex(std::string("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256Hex(std::string("")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256Hex(std::string("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

namespace {

/// A 3-channel 7x6 image through a 3x3 stride-2 padded convolution.
Segment convSegment() {
  Segment segment;
  SegmentTensor in{"x", {3, 7, 6}, {1, 3, 7, 6}};
  in.zeroPoint = -5;
  Layer conv;
  conv.name = "conv";
  conv.kind = LayerKind::Conv;
  conv.inputs = {0};
  conv.output = 1;
  conv.window = Window{3, 3, 2, 2, 1, 1, 1, 1};
  conv.padValue = -5;
  SegmentTensor out{"y", {4, conv.window.outputHeight(7), conv.window.outputWidth(6)}, {}};
  out.dims = {1, 4, out.shape.height, out.shape.width};
  std::mt19937 rng(3);
  std::uniform_int_distribution<int> value(-128, 127);
  for (int i = 0; i < 4 * 3 * 9; ++i)
    conv.weights.push_back(int8_t(value(rng)));
  for (int co = 0; co < 4; ++co) {
    RequantEntry entry;
    entry.bias = co * 100 - 150;
    entry.multiplier = 1 << 30;
    entry.shift = 8; // x 2^-9
    conv.entries.push_back(entry);
  }
  segment.tensors = {in, out};
  segment.inputs = {0};
  segment.outputs = {1};
  segment.layers = {conv};
  return segment;
}

Activation randomActivation(int64_t size, int seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> value(-128, 127);
  Activation values(static_cast<size_t>(size));
  for (int8_t &v : values)
    v = int8_t(value(rng));
  return values;
}

} // namespace

TEST(AsicSegment, Im2colPatchesThroughA1x1ProductEqualTheConvolution) {
  Segment direct = convSegment();
  Activation image = randomActivation(direct.tensors[0].shape.elements(), 5);
  Activation expected = referenceSegment(direct, {image})[0];

  // The same layer over im2col patches: K = 27 channels, a 1x1 window,
  // weights reordered to [N][(ky * 3 + kx) * 3 + c].
  Segment patched = direct;
  SegmentTensor &in = patched.tensors[0];
  in.im2col = true;
  in.patch = direct.layers[0].window;
  in.source = in.shape;
  in.shape = ActivationShape{27, patched.tensors[1].shape.height, patched.tensors[1].shape.width};
  Layer &conv = patched.layers[0];
  conv.window = Window{};
  for (int n = 0; n < 4; ++n)
    for (int c = 0; c < 3; ++c)
      for (int pos = 0; pos < 9; ++pos)
        conv.weights[size_t((n * 9 + pos) * 3 + c)] =
            direct.layers[0].weights[size_t((n * 3 + c) * 9 + pos)];
  EXPECT_EQ(referenceSegment(patched, {im2colPatches(image, in)})[0], expected);
}

TEST(AsicArtifact, RoundTripsAndRejectsDamage) {
  AsicArtifact artifact;
  artifact.header.target = "asic";
  artifact.header.configName = "sa4";
  artifact.header.configHash = "00ff";
  artifact.clockMhz = 500;
  artifact.hostModel = "host bytes";
  SegmentProgram compiled;
  compiled.segment = convSegment();
  compiled.array = ArrayConfig{4, 4, 256, 64, 4, 0, 0};
  compiled.program.instructions = {perfMark(0), systolic::sync(), halt()};
  compiled.program.table = compiled.segment.layers[0].entries;
  compiled.dramRows = 200;
  compiled.segment.tensors[1].dramRow = 100;
  compiled.layers = {{"conv", 0}};
  artifact.segments.push_back(compiled);
  std::string bytes = serializeAsicArtifact(artifact);

  AsicArtifact read = parseAsicArtifact(bytes, "a.hwca");
  EXPECT_EQ(read.header.configName, "sa4");
  EXPECT_EQ(read.hostModel, "host bytes");
  ASSERT_EQ(read.segments.size(), 1u);
  EXPECT_EQ(read.segments[0].segment.layers[0].weights, compiled.segment.layers[0].weights);
  EXPECT_EQ(read.segments[0].program.instructions.size(), 3u);
  EXPECT_EQ(read.clockMhz, 500);

  std::string damaged = bytes;
  damaged[bytes.find("host bytes")] ^= 1;
  EXPECT_THROW(
      {
        try {
          parseAsicArtifact(damaged, "a.hwca");
        } catch (const Error &e) {
          EXPECT_NE(std::string(e.what()).find("section 'host': checksum mismatch"),
                    std::string::npos)
              << e.what();
          throw;
        }
      },
      Error);
  EXPECT_THROW(parseAsicArtifact(bytes.substr(0, bytes.size() / 2), "a.hwca"), Error);
}
