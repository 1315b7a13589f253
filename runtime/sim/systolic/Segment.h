//===- Segment.h - An ASIC segment: int8 layers between DRAM tensors -*- C++ -*-===//
//
// The part of a quantized model that runs on the systolic array, described
// at the level of its integer arithmetic: layers (convolution, pooling,
// residual add) over int8 activation tensors, with every scale already
// folded into fixed-point requantization entries. The compiler builds it
// from the QDQ model and lowers it to a program; the artifact stores it; and
// the integer reference here executes it directly, with plain loops and the
// same requantization arithmetic as the vector engine, so that the
// simulator's output can be checked against it bit for bit.
//
// Layout. An activation tensor is batch 1, C channels over an H x W grid (a
// [M, K] matrix is K channels over M x 1). In DRAM and the unified buffer it
// is channel-tiled: tile t = c / R holds H*W consecutive rows of R bytes,
// row p of the tile carrying channels [t*R, t*R + R) of pixel p.
//
//===----------------------------------------------------------------------===//

#ifndef HWC_RUNTIME_SIM_SYSTOLIC_SEGMENT_H
#define HWC_RUNTIME_SIM_SYSTOLIC_SEGMENT_H

#include "runtime/sim/systolic/Simulator.h"

#include <cstdint>
#include <string>
#include <vector>

namespace hwc::rt::systolic {

/// Channels over a grid; batch 1.
struct ActivationShape {
  int64_t channels = 0, height = 1, width = 1;

  int64_t pixels() const { return height * width; }
  int64_t elements() const { return channels * pixels(); }
  /// Rows of `lanes` bytes the channel-tiled layout takes.
  int64_t rows(int64_t lanes) const { return (channels + lanes - 1) / lanes * pixels(); }
};

/// A sliding window (convolution or pooling) over an H x W grid.
struct Window {
  int64_t kernelH = 1, kernelW = 1, strideH = 1, strideW = 1;
  int64_t padTop = 0, padLeft = 0, padBottom = 0, padRight = 0;

  int64_t outputHeight(int64_t height) const {
    return (height + padTop + padBottom - kernelH) / strideH + 1;
  }
  int64_t outputWidth(int64_t width) const {
    return (width + padLeft + padRight - kernelW) / strideW + 1;
  }
  bool padded() const { return padTop || padLeft || padBottom || padRight; }
};

enum class LayerKind : uint8_t { Conv, MaxPool, AvgPool, Add };
const char *layerKindName(LayerKind kind);

/// One int8 layer. Tensors are indices into Segment::tensors.
struct Layer {
  /// The ONNX node it comes from, for the node map and messages.
  std::string name, opType;
  LayerKind kind = LayerKind::Conv;
  std::vector<int> inputs;
  int output = -1;
  Window window;
  /// Conv: [C_out][C_in][kH][kW], symmetric int8 (zero point 0).
  std::vector<int8_t> weights;
  /// Conv: one per output channel, the bias already holding
  /// b - x_zp * sum(w). Pooling: one (its bias is -window * x_zp for an
  /// average). Add: left, right, output (quantizedAdd). A Conv with a
  /// second input has a residual Add fused in: its three entries follow the
  /// channels' (left is the convolution's int8 result, right the input).
  std::vector<RequantEntry> entries;
  /// What the padding reads: the input zero point for Conv and AvgPool,
  /// -128 for MaxPool.
  int8_t padValue = 0;
};

/// A tensor of the segment and where it lives in DRAM.
struct SegmentTensor {
  std::string name;
  ActivationShape shape;
  /// The ONNX shape: [1, C, H, W], or [M, K] for a matrix (K channels over
  /// M x 1 pixels, so its CHW order is the transpose of ONNX's).
  std::vector<int64_t> dims;
  /// First DRAM row of its channel-tiled image.
  int64_t dramRow = 0;
  /// The real value of level q is scale * (q - zeroPoint).
  float scale = 1;
  int32_t zeroPoint = 0;
  /// Set for an input the host lays out as im2col patches of the `source`
  /// CHW tensor under `patch` (padding reads zeroPoint): channel
  /// (ky * kW + kx) * C + c of output pixel p. A convolution with few input
  /// channels then fills the array's rows as a 1x1 product.
  bool im2col = false;
  Window patch;
  ActivationShape source;
};

/// The im2col patches of `values` (CHW of `source`) for `tensor`.
std::vector<int8_t> im2colPatches(const std::vector<int8_t> &values, const SegmentTensor &tensor);

struct Segment {
  std::vector<SegmentTensor> tensors;
  /// Tensors the host provides and reads back.
  std::vector<int> inputs, outputs;
  std::vector<Layer> layers;
};

/// Whether `reader` reads `tensor` once and nothing else does (no other
/// layer, not a segment output): a rewrite may then change its layout or
/// fold it away.
bool readOnlyBy(const Segment &segment, int tensor, const Layer &reader);

/// Kernel positions a convolution's weight tile holds: 2 when its input
/// has at most R/2 channels (the product reads the second position's rows
/// through MATMUL's pair_offset), else 1.
int64_t positionsPerTile(const Segment &segment, const Layer &layer, int64_t lanes);

/// The R x R weight tiles the code generator lays out for a Conv layer:
/// output-channel tiles x kernel-position groups x input-channel tiles.
int64_t weightTiles(const Segment &segment, const Layer &layer, int64_t lanes);

/// A segment compiled for one array: the program, the DRAM image it starts
/// from and where each layer's instructions begin.
struct SegmentProgram {
  Segment segment;
  ArrayConfig array;
  Program program;
  int64_t dramRows = 0;
  /// Initial DRAM contents (the pre-tiled weights) from row `imageRow` on.
  int64_t imageRow = 0;
  std::vector<int8_t> image;
  /// Per layer (PERF_MARK order): its ONNX node and first instruction.
  std::vector<std::pair<std::string, int64_t>> layers;
};

/// A tensor's values in CHW order.
using Activation = std::vector<int8_t>;

/// Runs `layer` on CHW inputs with direct loops (the integer reference).
/// Throws Error on inputs that do not match their shapes.
Activation referenceLayer(const Segment &segment, const Layer &layer,
                          const std::vector<const Activation *> &inputs);

/// Runs every layer of `segment` on its inputs (in Segment::inputs order)
/// and returns its outputs (in Segment::outputs order).
std::vector<Activation> referenceSegment(const Segment &segment,
                                         const std::vector<Activation> &inputs);

/// Runs the program on the functional simulator: packs the inputs (in
/// Segment::inputs order) into DRAM, runs, unpacks the outputs. Throws
/// Error on a bad program or inputs.
std::vector<Activation> simulateSegment(const SegmentProgram &compiled,
                                        const std::vector<Activation> &inputs);

/// The program as assembly: one line per instruction, each layer headed by
/// its ONNX node, then the tensors' DRAM placement (the memory plan).
std::string listSegment(const SegmentProgram &compiled);

/// Writes `values` (CHW) into `dram` (rows of `lanes` bytes) in the
/// channel-tiled layout starting at `firstRow`; lanes past C are zero.
void packActivation(const Activation &values, const ActivationShape &shape, int64_t lanes,
                    int8_t *firstRow);
/// The inverse of packActivation.
Activation unpackActivation(const int8_t *firstRow, const ActivationShape &shape,
                            int64_t lanes);

} // namespace hwc::rt::systolic

#endif // HWC_RUNTIME_SIM_SYSTOLIC_SEGMENT_H
