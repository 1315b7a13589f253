//===- LowerSegment.cpp - Schedule an int8 segment onto the systolic array -===//
//
// Every layer is a sequence of steps over the unified buffer, software
// pipelined: the input of step i+1 is fetched (halo FILL, DMA_IN) while
// step i computes, into the other of two input slots, and results leave
// through two output slots, so DMA, the array and the vector engine overlap.
//
// * Conv (and Gemm/MatMul as a 1x1 conv over M x 1 pixels): a step is a
//   band of output rows with all its input-channel tiles. Per output-channel
//   tile, one 1x1 product per kernel position and input tile, each shifted
//   by the position's offset in the padded band and accumulating in place
//   (LOAD_W + MATMUL next_weights: the next tile shifts in behind the
//   current product), into one half of the accumulators (ping-pong), then
//   ACTIVATE (bias, requantization, ReLU clamp) and DMA_OUT.
//   A residual Add fused into the convolution brings the other operand's
//   band into the output slot by DMA first, and ACTIVATE adds it in place.
// * Pooling: a step is a band of one channel tile; Add: a run of pixels of
//   one channel tile from both inputs.
//
// Semaphores carry exactly the dependencies between engines; every token a
// layer signals is consumed inside the layer, and a SYNC ends the layer, so
// the next one reads the DRAM this one wrote. A convolution's first weight
// tile is loaded before that SYNC: weights do not depend on the previous
// layer, and the tile shifts in behind its last product.
//
//===----------------------------------------------------------------------===//

#include "targets/asic/LowerSegment.h"

#include "passes/RuntimeBridge.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/ADT/SmallVector.h"

#include <algorithm>

using namespace mlir;
namespace sim = hwc::rt::systolic;

namespace hwc::asic {
namespace {

// Semaphore roles.
constexpr int kInputReady = 0;  // DMA_IN of a step -> its first consumer
constexpr int kAccReady = 1;    // last MATMUL of a tile -> ACTIVATE
constexpr int kAccFree = 2;     // ACTIVATE -> the MATMUL reusing that half
constexpr int kOutputReady = 3; // ACTIVATE/VECTOR -> DMA_OUT
constexpr int kInputFree = 4;   // last reader of an input slot -> its refill
constexpr int kResidualIn = 5;  // DMA_IN of a residual -> the ACTIVATE adding it
constexpr int kOutputFree = 6;  // DMA_OUT -> the next writer of that slot
constexpr int kFilled = 7;      // halo FILL -> the DMA_IN into that slot

using sim::ceilDiv;

/// Optional semaphore list attribute.
DenseI32ArrayAttr semaphores(OpBuilder &b, std::initializer_list<std::pair<bool, int>> items) {
  SmallVector<int32_t> list;
  for (auto [on, s] : items)
    if (on)
      list.push_back(s);
  return list.empty() ? DenseI32ArrayAttr() : b.getDenseI32ArrayAttr(list);
}

/// Row ranges of a padded band: which padded rows it spans and which of
/// them hold real input.
struct Band {
  int64_t firstOutput = 0, outputs = 0;
  int64_t firstPadded = 0, paddedRows = 0;
  int64_t firstReal = 0, realRows = 0;
  /// Padded row at which the first real row lands.
  int64_t realOffset = 0;
};

Band bandOf(const sim::Window &w, int64_t height, int64_t first, int64_t count) {
  Band band;
  band.firstOutput = first;
  band.outputs = count;
  band.firstPadded = first * w.strideH;
  band.paddedRows = (count - 1) * w.strideH + w.kernelH;
  int64_t realBegin = std::max<int64_t>(band.firstPadded - w.padTop, 0);
  int64_t realEnd = std::min<int64_t>(band.firstPadded + band.paddedRows - w.padTop, height);
  band.firstReal = realBegin;
  band.realRows = std::max<int64_t>(realEnd - realBegin, 0);
  band.realOffset = realBegin + w.padTop - band.firstPadded;
  return band;
}

/// A shorter band (more weight reloads) is chosen only when its estimate
/// is at least 5% below the taller one's.
constexpr double kShorterBandGain = 0.95;

/// What one band of a layer costs: cycles on its compute engine, the DRAM
/// bytes it moves, and of those the bytes no compute can hide (the first
/// band's before its first product, the last band's after its last).
struct BandCost {
  int64_t compute = 0, bytes = 0, exposedBytes = 0;
};

class SegmentLowering {
public:
  SegmentLowering(ModuleOp module, sim::Segment &segment, const sim::ArrayConfig &array)
      : module(module), segment(segment), array(array), builder(module.getContext()),
        lanes(array.rows) {}

  FailureOr<systolic::ProgramOp> run(StringRef name);

private:
  LogicalResult lowerConv(const sim::Layer &layer, size_t index);
  LogicalResult lowerPool(const sim::Layer &layer, size_t index);
  LogicalResult lowerAdd(const sim::Layer &layer, size_t index);

  /// Halo fills and the DMA_IN of one band of one channel tile into a slot.
  void fetchBand(StringRef tensor, const sim::ActivationShape &shape, int64_t tile,
                 const sim::Window &w, const Band &band, StringRef slot, int64_t slotRow,
                 int8_t padValue, bool waitFree, bool signalReady);
  StringRef buffer(const std::string &name, systolic::MemorySpace space, int64_t offset,
                   int64_t rows, ElementsAttr contents = {});
  int64_t addEntries(const std::vector<sim::RequantEntry> &entries, int64_t padTo);
  LogicalResult noFit(const sim::Layer &layer, const Twine &what);
  int64_t chooseBandRows(int64_t height, function_ref<bool(int64_t)> fits,
                         function_ref<BandCost(int64_t)> cost) const;

  ModuleOp module;
  sim::Segment &segment;
  const sim::ArrayConfig &array;
  OpBuilder builder;
  Location loc = builder.getUnknownLoc();
  int64_t lanes;
  std::vector<std::string> tensorBuffers;
  std::vector<int32_t> tableWords;
  int64_t weightRow = 0;
  /// The SYNC that ended the previous layer.
  Operation *previousBarrier = nullptr;
};

/// The band height (in output rows, at most `height`) that `fits` accepts
/// and that minimizes the pipelined time estimate: the longer of the
/// compute of all bands plus the transfers exposed around it, and the DRAM
/// transfers of all bands back to back. At unlimited bandwidth that is the
/// tallest band; at a finite one, bands short enough for DMA to overlap
/// compute, but not so short that their per-band weight reloads dominate. The estimate ignores how the
/// engines interleave, so a shorter band must win by kShorterBandGain.
int64_t SegmentLowering::chooseBandRows(int64_t height, function_ref<bool(int64_t)> fits,
                                        function_ref<BandCost(int64_t)> cost) const {
  auto dram = [&](int64_t bytes) {
    return array.dramBytesPerCycle > 0 ? double(bytes) / array.dramBytesPerCycle : 0.0;
  };
  int64_t best = 0;
  double bestCycles = 0;
  for (int64_t rows = std::min<int64_t>(height, systolic::kMaxCount); rows > 0; --rows) {
    if (!fits(rows))
      continue;
    BandCost band = cost(rows);
    double bands = double(ceilDiv(height, rows));
    double cycles = std::max(bands * double(band.compute) + dram(band.exposedBytes),
                             bands * dram(band.bytes));
    if (best == 0 || cycles < kShorterBandGain * bestCycles)
      best = rows, bestCycles = cycles;
  }
  return best;
}

StringRef SegmentLowering::buffer(const std::string &name, systolic::MemorySpace space,
                                  int64_t offset, int64_t rows, ElementsAttr contents) {
  auto op = builder.create<systolic::BufferOp>(loc, name, space, uint64_t(offset),
                                               uint64_t(std::max<int64_t>(rows, 1)), contents);
  return op.getSymName();
}

int64_t SegmentLowering::addEntries(const std::vector<sim::RequantEntry> &entries,
                                    int64_t padTo) {
  int64_t first = int64_t(tableWords.size()) / systolic::kRequantEntryWords;
  auto append = [&](const sim::RequantEntry &e) {
    tableWords.insert(tableWords.end(), {e.bias, e.multiplier, e.shift, e.zeroPoint,
                                         e.minLevel, e.maxLevel});
  };
  for (const sim::RequantEntry &entry : entries)
    append(entry);
  for (int64_t i = int64_t(entries.size()); i < padTo; ++i)
    append(sim::RequantEntry{});
  return first;
}

LogicalResult SegmentLowering::noFit(const sim::Layer &layer, const Twine &what) {
  return emitError(NameLoc::get(builder.getStringAttr(layer.name)))
         << "layer '" << layer.name << "' (" << layer.opType << ") does not fit the array: "
         << what;
}

void SegmentLowering::fetchBand(StringRef tensor, const sim::ActivationShape &shape,
                                int64_t tile, const sim::Window &w, const Band &band,
                                StringRef slot, int64_t slotRow, int8_t padValue,
                                bool waitFree, bool signalReady) {
  int64_t paddedWidth = shape.width + w.padLeft + w.padRight;
  SmallVector<std::array<int64_t, 4>> fills; // row, count, length, stride
  if (band.realOffset > 0)
    fills.push_back({0, 1, band.realOffset * paddedWidth, 0});
  int64_t below = band.realOffset + band.realRows;
  if (below < band.paddedRows)
    fills.push_back({below * paddedWidth, 1, (band.paddedRows - below) * paddedWidth, 0});
  if (band.realRows > 0 && w.padLeft > 0)
    fills.push_back({band.realOffset * paddedWidth, band.realRows, w.padLeft, paddedWidth});
  if (band.realRows > 0 && w.padRight > 0)
    fills.push_back({band.realOffset * paddedWidth + w.padLeft + shape.width, band.realRows,
                     w.padRight, paddedWidth});
  bool filled = !fills.empty();
  for (size_t i = 0; i < fills.size(); ++i) {
    auto [row, count, length, stride] = fills[i];
    bool first = i == 0, last = i + 1 == fills.size();
    builder.create<systolic::FillOp>(
        loc, slot, uint64_t(slotRow + row), uint64_t(count), uint64_t(length), uint64_t(stride),
        uint8_t(padValue),
        semaphores(builder, {{first && waitFree, kInputFree}}),
        semaphores(builder, {{last && band.realRows > 0, kFilled}}));
  }
  if (band.realRows == 0)
    return;
  builder.create<systolic::DmaInOp>(
      loc, tensor, uint64_t(tile * shape.pixels() + band.firstReal * shape.width), slot,
      uint64_t(slotRow + band.realOffset * paddedWidth + w.padLeft), uint64_t(band.realRows),
      uint64_t(shape.width), uint64_t(shape.width), uint64_t(paddedWidth),
      semaphores(builder, {{!filled && waitFree, kInputFree}, {filled, kFilled}}),
      semaphores(builder, {{signalReady, kInputReady}}));
}

LogicalResult SegmentLowering::lowerConv(const sim::Layer &layer, size_t index) {
  const sim::ActivationShape &in = segment.tensors[size_t(layer.inputs[0])].shape;
  const sim::ActivationShape &out = segment.tensors[size_t(layer.output)].shape;
  const sim::Window &w = layer.window;
  int64_t kTiles = ceilDiv(in.channels, lanes), nTiles = ceilDiv(out.channels, lanes);
  int64_t paddedWidth = in.width + w.padLeft + w.padRight;
  int64_t halfAcc = array.accumulatorRows / 2;
  if (w.strideW > systolic::kMaxInnerStride || w.strideH * paddedWidth > systolic::kMaxStride ||
      out.width > systolic::kMaxCount)
    return noFit(layer, "a padded row of " + Twine(paddedWidth) + " at stride " +
                            Twine(w.strideH) + " exceeds the ISA's stride fields");
  // A band's two input and two output slots must fit the buffer and its
  // products half the accumulators. Every band reloads the weights.
  auto slotRows = [&](int64_t outputs) {
    return kTiles * ((outputs - 1) * w.strideH + w.kernelH) * paddedWidth;
  };
  auto fits = [&](int64_t outputs) {
    int64_t slots = outputs < out.height ? 2 : 1;
    return slots * (slotRows(outputs) + nTiles * outputs * out.width) <= array.bufferRows &&
           outputs * out.width <= halfAcc;
  };
  // Positions share a tile in pairs when the input fills at most half the
  // array's rows: a 3x3 convolution over 64 channels is 5 products, not 9.
  int64_t positions = w.kernelH * w.kernelW;
  int64_t perTile = sim::positionsPerTile(segment, layer, lanes);
  int64_t groups = ceilDiv(positions, perTile);
  int64_t tiles = sim::weightTiles(segment, layer, lanes);
  bool residual = layer.inputs.size() == 2;
  auto cost = [&](int64_t outputs) {
    int64_t inputRows = std::min((outputs - 1) * w.strideH + w.kernelH, in.height);
    int64_t outRows = nTiles * outputs * out.width;
    // A tile shifts in behind the previous product only when that streams
    // at least R rows. The first product waits for one input tile and one
    // weight tile; the last output tile leaves after the last product.
    int64_t inTileRows = inputRows * in.width;
    int64_t rows = kTiles * inTileRows + tiles * lanes + (residual ? 2 : 1) * outRows;
    return BandCost{tiles * std::max(outputs * out.width, lanes), rows * lanes,
                    (inTileRows + lanes + outRows / nTiles) * lanes};
  };
  int64_t rowsPerBand = chooseBandRows(out.height, fits, cost);
  if (rowsPerBand == 0)
    return noFit(layer, "one output row needs " + Twine(slotRows(1) + nTiles * out.width) +
                            " buffer rows and " + Twine(out.width) +
                            " accumulator rows; the config has " + Twine(array.bufferRows) +
                            " and " + Twine(halfAcc) + " per ping-pong half");
  int64_t bands = ceilDiv(out.height, rowsPerBand);
  int64_t slots = bands > 1 ? 2 : 1;
  int64_t inSlot = slotRows(rowsPerBand), outSlot = nTiles * rowsPerBand * out.width;
  std::string prefix = "l" + std::to_string(index) + "_";
  StringRef input = buffer(prefix + "in", systolic::MemorySpace::Buffer, 0, slots * inSlot);
  StringRef output =
      buffer(prefix + "out", systolic::MemorySpace::Buffer, slots * inSlot, slots * outSlot);
  StringRef acc = buffer(prefix + "acc", systolic::MemorySpace::Accumulator, 0, 2 * halfAcc);

  // Weight tiles in product order: output tile, kernel-position group
  // (one position, or a pair in rows [0, R/2) and [R/2, R)), input tile. The blob adopts the tensor's buffer: the tiled weights exist once.
  rt::Tensor tiled(rt::DType::Int8, {tiles * lanes * lanes}); // zero-filled
  int8_t *bytes = tiled.data<int8_t>();
  int64_t cin = in.channels;
  int64_t rowsPerPosition = lanes / perTile;
  for (int64_t nt = 0, t = 0; nt < nTiles; ++nt)
    for (int64_t g = 0; g < groups; ++g)
      for (int64_t kt = 0; kt < kTiles; ++kt, ++t)
        for (int64_t k = 0; k < lanes; ++k)
          for (int64_t n = 0; n < lanes; ++n) {
            int64_t pos = g * perTile + k / rowsPerPosition;
            int64_t ci = kt * lanes + k % rowsPerPosition, co = nt * lanes + n;
            if (pos < positions && ci < cin && co < out.channels)
              bytes[(t * lanes + k) * lanes + n] =
                  layer.weights[size_t((co * cin + ci) * positions + pos)];
          }
  auto weightType = RankedTensorType::get({tiled.numElements()}, builder.getI8Type());
  ElementsAttr contents = attrFromTensor(tiled, weightType, prefix + "w");
  StringRef weights =
      buffer(prefix + "w", systolic::MemorySpace::Dram, weightRow, tiles * lanes, contents);
  weightRow += tiles * lanes;
  // A fused residual Add: the convolution's entries, then its three.
  std::vector<sim::RequantEntry> channelEntries(layer.entries.begin(),
                                                layer.entries.end() - (residual ? 3 : 0));
  int64_t table = addEntries(channelEntries, nTiles * lanes);
  IntegerAttr addEntry;
  if (residual)
    addEntry = builder.getI64IntegerAttr(
        addEntries({layer.entries.end() - 3, layer.entries.end()}, 3));
  StringRef residualSource = residual ? StringRef(tensorBuffers[size_t(layer.inputs[1])]) : "";

  StringRef source = tensorBuffers[size_t(layer.inputs[0])];
  StringRef dest = tensorBuffers[size_t(layer.output)];
  auto bandAt = [&](int64_t b) {
    int64_t first = b * rowsPerBand;
    return bandOf(w, in.height, first, std::min(rowsPerBand, out.height - first));
  };
  // Each input tile of a slot takes the rows of a full band and signals on
  // its own, so the first product of a tile starts when that tile lands.
  // The DRAM port serves transfers in program order: the first band's tiles
  // are fetched interleaved with their weights, and band b+1 after band b's
  // first output tile's weights.
  int64_t tileRows = inSlot / kTiles;
  auto fetchTile = [&](int64_t b, int64_t kt) {
    fetchBand(source, in, kt, w, bandAt(b), input, (b % slots) * inSlot + kt * tileRows,
              layer.padValue, kt == 0 && b >= 2, true);
  };
  auto offset = [&](int64_t pos) { // a kernel position's row in the padded band
    return pos / w.kernelW * paddedWidth + pos % w.kernelW;
  };
  int64_t products = bands * nTiles;
  for (int64_t b = 0; b < bands; ++b) {
    Band band = bandAt(b);
    for (int64_t nt = 0; nt < nTiles; ++nt) {
      int64_t j = b * nTiles + nt, accRow = (j % 2) * halfAcc;
      // The last product of the tile streams in chunks of about R/2 rows,
      // each activated as soon as it drains, so the vector engine's pass
      // over the tile overlaps the product instead of following it, and
      // only the last chunk's pass is exposed.
      int64_t chunkOutputs = std::max<int64_t>(1, ceilDiv(lanes, 2 * out.width));
      int64_t chunks = ceilDiv(band.outputs, chunkOutputs);
      for (int64_t g = 0; g < groups; ++g)
        for (int64_t kt = 0; kt < kTiles; ++kt) {
          int64_t tile = (nt * groups + g) * kTiles + kt;
          if (b == 0 && nt == 0 && g == 0)
            fetchTile(0, kt);
          bool first = g == 0 && kt == 0, last = g + 1 == groups && kt + 1 == kTiles;
          auto load = builder.create<systolic::LoadWeightsOp>(
              loc, weights, uint64_t(tile * lanes), 1u, DenseI32ArrayAttr(), DenseI32ArrayAttr());
          // Weights are constants: the layer's first tile is fetched (and
          // shifted in) before the barrier, behind the previous layer's work.
          if (b == 0 && tile == 0 && previousBarrier)
            load->moveBefore(previousBarrier);
          int64_t pos = g * perTile;
          int64_t row = (b % slots) * inSlot + kt * tileRows + offset(pos);
          IntegerAttr pairOffset;
          if (perTile == 2 && pos + 1 < positions)
            pairOffset = builder.getI64IntegerAttr(offset(pos + 1) - offset(pos));
          int64_t pieces = last ? chunks : 1;
          for (int64_t c = 0; c < pieces; ++c) {
            int64_t firstOutput = c * chunkOutputs;
            int64_t count = last ? std::min(chunkOutputs, band.outputs - firstOutput)
                                 : band.outputs;
            bool lastPiece = c + 1 == pieces;
            builder.create<systolic::MatMulOp>(
                loc, input, uint64_t(row + firstOutput * w.strideH * paddedWidth), acc,
                uint64_t(accRow + firstOutput * out.width), uint64_t(count),
                uint64_t(out.width), uint64_t(w.strideW), uint64_t(w.strideH * paddedWidth),
                !first, c == 0, pairOffset,
                semaphores(builder,
                           {{c == 0 && g == 0 && nt == 0, kInputReady},
                            {c == 0 && first && j >= 2, kAccFree}}),
                semaphores(builder, {{last, kAccReady},
                                     {last && lastPiece && nt + 1 == nTiles && b + 2 < bands,
                                      kInputFree}}));
          }
        }
      if (nt == 0 && b + 1 < bands)
        for (int64_t kt = 0; kt < kTiles; ++kt)
          fetchTile(b + 1, kt);
      int64_t outRow = (b % slots) * outSlot + nt * rowsPerBand * out.width;
      if (residual)
        builder.create<systolic::DmaInOp>(
            loc, residualSource,
            uint64_t(nt * out.pixels() + band.firstOutput * out.width), output, uint64_t(outRow),
            uint64_t(band.outputs), uint64_t(out.width), uint64_t(out.width),
            uint64_t(out.width), semaphores(builder, {{b >= 2, kOutputFree}}),
            semaphores(builder, {{true, kResidualIn}}));
      for (int64_t c = 0; c < chunks; ++c) {
        int64_t firstOutput = c * chunkOutputs;
        int64_t count = std::min(chunkOutputs, band.outputs - firstOutput);
        bool lastPiece = c + 1 == chunks;
        builder.create<systolic::ActivateOp>(
            loc, acc, uint64_t(accRow + firstOutput * out.width), output,
            uint64_t(outRow + firstOutput * out.width), uint64_t(count), uint64_t(out.width),
            uint64_t(out.width), "rq", uint64_t(table + nt * lanes), addEntry,
            semaphores(builder, {{true, kAccReady},
                                 {c == 0 && residual, kResidualIn},
                                 {c == 0 && !residual && b >= 2, kOutputFree}}),
            semaphores(builder,
                       {{lastPiece, kOutputReady}, {lastPiece && j + 2 < products, kAccFree}}));
      }
      builder.create<systolic::DmaOutOp>(
          loc, output, uint64_t(outRow), dest,
          uint64_t(nt * out.pixels() + band.firstOutput * out.width), uint64_t(band.outputs),
          uint64_t(out.width), uint64_t(out.width), uint64_t(out.width),
          semaphores(builder, {{true, kOutputReady}}),
          semaphores(builder, {{b + 2 < bands, kOutputFree}}));
    }
  }
  return success();
}

LogicalResult SegmentLowering::lowerPool(const sim::Layer &layer, size_t index) {
  const sim::ActivationShape &in = segment.tensors[size_t(layer.inputs[0])].shape;
  const sim::ActivationShape &out = segment.tensors[size_t(layer.output)].shape;
  const sim::Window &w = layer.window;
  int64_t tiles = ceilDiv(in.channels, lanes);
  int64_t paddedWidth = in.width + w.padLeft + w.padRight;
  if (w.strideH != w.strideW || w.strideH * paddedWidth > systolic::kMaxStride ||
      out.width > systolic::kMaxCount)
    return noFit(layer, "the pooling window's strides or a padded row of " +
                            Twine(paddedWidth) + " exceed the vector engine's fields");
  auto slotRows = [&](int64_t outputs) {
    return ((outputs - 1) * w.strideH + w.kernelH) * paddedWidth;
  };
  auto fits = [&](int64_t outputs) {
    return 2 * (slotRows(outputs) + outputs * out.width) <= array.bufferRows;
  };
  auto cost = [&](int64_t outputs) {
    int64_t inputRows = std::min((outputs - 1) * w.strideH + w.kernelH, in.height);
    int64_t inRows = inputRows * in.width, outRows = outputs * out.width;
    return BandCost{outRows * w.kernelH * w.kernelW, (inRows + outRows) * lanes,
                    (inRows + outRows) * lanes};
  };
  int64_t rowsPerBand = chooseBandRows(out.height, fits, cost);
  if (rowsPerBand == 0)
    return noFit(layer, "one output row needs " + Twine(2 * (slotRows(1) + out.width)) +
                            " buffer rows; the config has " + Twine(array.bufferRows));
  int64_t bands = ceilDiv(out.height, rowsPerBand), steps = tiles * bands;
  int64_t inSlot = slotRows(rowsPerBand), outSlot = rowsPerBand * out.width;
  std::string prefix = "l" + std::to_string(index) + "_";
  StringRef input = buffer(prefix + "in", systolic::MemorySpace::Buffer, 0, 2 * inSlot);
  StringRef output = buffer(prefix + "out", systolic::MemorySpace::Buffer, 2 * inSlot, 2 * outSlot);
  int64_t table = addEntries(layer.entries, 1);
  StringRef source = tensorBuffers[size_t(layer.inputs[0])];
  StringRef dest = tensorBuffers[size_t(layer.output)];
  auto bandAt = [&](int64_t step) {
    int64_t first = (step % bands) * rowsPerBand;
    return bandOf(w, in.height, first, std::min(rowsPerBand, out.height - first));
  };
  auto fetch = [&](int64_t step) {
    fetchBand(source, in, step / bands, w, bandAt(step), input, (step % 2) * inSlot,
              layer.padValue, step >= 2, true);
  };
  auto kind = layer.kind == sim::LayerKind::MaxPool ? systolic::VectorKind::MaxPool
                                                    : systolic::VectorKind::AvgPool;
  fetch(0);
  for (int64_t step = 0; step < steps; ++step) {
    if (step + 1 < steps)
      fetch(step + 1);
    Band band = bandAt(step);
    int64_t inRow = (step % 2) * inSlot, outRow = (step % 2) * outSlot;
    builder.create<systolic::VectorOp>(
        loc, kind, input, uint64_t(inRow), input, uint64_t(inRow), output, uint64_t(outRow),
        uint64_t(band.outputs), uint64_t(out.width), uint64_t(w.kernelH), uint64_t(w.kernelW),
        uint64_t(w.strideH), uint64_t(paddedWidth), 0u, uint64_t(out.width), "rq",
        uint64_t(table),
        semaphores(builder, {{true, kInputReady}, {step >= 2, kOutputFree}}),
        semaphores(builder, {{true, kOutputReady}, {step + 2 < steps, kInputFree}}));
    builder.create<systolic::DmaOutOp>(
        loc, output, uint64_t(outRow), dest,
        uint64_t((step / bands) * out.pixels() + band.firstOutput * out.width),
        uint64_t(band.outputs), uint64_t(out.width), uint64_t(out.width), uint64_t(out.width),
        semaphores(builder, {{true, kOutputReady}}),
        semaphores(builder, {{step + 2 < steps, kOutputFree}}));
  }
  return success();
}

LogicalResult SegmentLowering::lowerAdd(const sim::Layer &layer, size_t index) {
  const sim::ActivationShape &shape = segment.tensors[size_t(layer.output)].shape;
  int64_t tiles = ceilDiv(shape.channels, lanes);
  int64_t chunk = std::min<int64_t>({shape.pixels(), systolic::kMaxCount, array.bufferRows / 6});
  if (chunk <= 0)
    return noFit(layer, "the buffer holds fewer than 6 rows");
  int64_t chunks = ceilDiv(shape.pixels(), chunk), steps = tiles * chunks;
  std::string prefix = "l" + std::to_string(index) + "_";
  StringRef left = buffer(prefix + "a", systolic::MemorySpace::Buffer, 0, 2 * chunk);
  StringRef right = buffer(prefix + "b", systolic::MemorySpace::Buffer, 2 * chunk, 2 * chunk);
  StringRef output = buffer(prefix + "out", systolic::MemorySpace::Buffer, 4 * chunk, 2 * chunk);
  int64_t table = addEntries(layer.entries, 3);
  StringRef a = tensorBuffers[size_t(layer.inputs[0])], b = tensorBuffers[size_t(layer.inputs[1])];
  StringRef dest = tensorBuffers[size_t(layer.output)];
  auto firstPixel = [&](int64_t step) { return (step % chunks) * chunk; };
  auto count = [&](int64_t step) { return std::min(chunk, shape.pixels() - firstPixel(step)); };
  auto dramRow = [&](int64_t step) { return (step / chunks) * shape.pixels() + firstPixel(step); };
  auto fetch = [&](int64_t step) {
    int64_t slot = (step % 2) * chunk;
    builder.create<systolic::DmaInOp>(loc, a, uint64_t(dramRow(step)), left, uint64_t(slot), 1u,
                                      uint64_t(count(step)), 0u, 0u,
                                      semaphores(builder, {{step >= 2, kInputFree}}),
                                      DenseI32ArrayAttr());
    builder.create<systolic::DmaInOp>(loc, b, uint64_t(dramRow(step)), right, uint64_t(slot), 1u,
                                      uint64_t(count(step)), 0u, 0u, DenseI32ArrayAttr(),
                                      semaphores(builder, {{true, kInputReady}}));
  };
  fetch(0);
  for (int64_t step = 0; step < steps; ++step) {
    if (step + 1 < steps)
      fetch(step + 1);
    int64_t slot = (step % 2) * chunk;
    builder.create<systolic::VectorOp>(
        loc, systolic::VectorKind::Add, left, uint64_t(slot), right, uint64_t(slot), output,
        uint64_t(slot), 1u, uint64_t(count(step)), 1u, 1u, 1u, 0u, 0u, 0u, "rq", uint64_t(table),
        semaphores(builder, {{true, kInputReady}, {step >= 2, kOutputFree}}),
        semaphores(builder, {{true, kOutputReady}, {step + 2 < steps, kInputFree}}));
    builder.create<systolic::DmaOutOp>(loc, output, uint64_t(slot), dest, uint64_t(dramRow(step)),
                                       1u, uint64_t(count(step)), 0u, 0u,
                                       semaphores(builder, {{true, kOutputReady}}),
                                       semaphores(builder, {{step + 2 < steps, kOutputFree}}));
  }
  return success();
}

FailureOr<systolic::ProgramOp> SegmentLowering::run(StringRef name) {
  builder.setInsertionPointToEnd(module.getBody());
  auto program = builder.create<systolic::ProgramOp>(
      loc, name, uint64_t(array.rows), uint64_t(array.cols), uint64_t(array.bufferRows),
      uint64_t(array.accumulatorRows), uint64_t(array.weightFifoTiles));
  builder.setInsertionPointToStart(&program.getBody().emplaceBlock());
  // DRAM: the tensors, then the weights of every layer.
  int64_t row = 0;
  for (size_t i = 0; i < segment.tensors.size(); ++i) {
    sim::SegmentTensor &tensor = segment.tensors[i];
    tensor.dramRow = row;
    int64_t rows = tensor.shape.rows(lanes);
    tensorBuffers.push_back(
        buffer("t" + std::to_string(i), systolic::MemorySpace::Dram, row, rows).str());
    row += rows;
  }
  weightRow = row;
  for (size_t i = 0; i < segment.layers.size(); ++i) {
    const sim::Layer &layer = segment.layers[i];
    builder.create<systolic::PerfMarkOp>(loc, uint64_t(i), layer.name, DenseI32ArrayAttr(),
                                         DenseI32ArrayAttr());
    LogicalResult lowered = layer.kind == sim::LayerKind::Conv  ? lowerConv(layer, i)
                            : layer.kind == sim::LayerKind::Add ? lowerAdd(layer, i)
                                                                : lowerPool(layer, i);
    if (failed(lowered)) {
      program.erase();
      return failure();
    }
    previousBarrier = builder.create<systolic::SyncOp>(loc, DenseI32ArrayAttr(),
                                                       DenseI32ArrayAttr());
  }
  builder.create<systolic::HaltOp>(loc, DenseI32ArrayAttr(), DenseI32ArrayAttr());
  // The table goes first so that readers see it before the instructions.
  builder.setInsertionPointToStart(&program.getBody().front());
  builder.create<systolic::RequantTableOp>(loc, "rq", tableWords);
  return program;
}

} // namespace

FailureOr<systolic::ProgramOp> lowerSegment(ModuleOp module, sim::Segment &segment,
                                            const sim::ArrayConfig &array, StringRef name) {
  return SegmentLowering(module, segment, array).run(name);
}

} // namespace hwc::asic
