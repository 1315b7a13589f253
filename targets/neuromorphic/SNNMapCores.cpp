//===- SNNMapCores.cpp - Tile populations into neuromorphic cores ----------===//
//
// Core-based chips (Loihi): a population is cut into tiles of channels x
// rows x columns, one tile per core. A tile must hold its neurons, the
// input axons its receptive field reads, and its synapse lists: per input
// axon, (weight + index) bits per target with a 10-bit header per block of
// 64 synapses, rounded up to 64-bit words (research/neuromorphic.md §2,
// §8). The tile with the fewest cores wins (the fuller one on a tie).
// A sum pool in front of a synapse is realized by the synapse itself (its
// kernel grows by the pool window), so relays take no cores.
//
// Layer-per-core chips (Speck): each population takes one core whose
// kernel memory (Cin * 2^(ceil log2 kh*kw + ceil log2 Cout)) and neuron
// memory (Cout * 2^(ceil log2 H + ceil log2 W)) hold it; populations take
// the smallest free core that fits, in network order.
//
//===----------------------------------------------------------------------===//

#include "dialects/SNN/SNNOps.h"
#include "targets/Passes.h"
#include "targets/Registry.h"
#include "targets/neuromorphic/SnnConfig.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "llvm/Support/MathExtras.h"

namespace hwc {
#define GEN_PASS_DEF_SNNMAPCORESPASS
#include "targets/Passes.h.inc"
} // namespace hwc

using namespace mlir;

namespace hwc {

namespace {

constexpr int64_t kBlockSynapses = 64, kBlockHeaderBits = 10, kWordBits = 64;

int64_t ceilDiv(int64_t a, int64_t b) { return int64_t(llvm::divideCeil(uint64_t(a), uint64_t(b))); }

/// One incoming synapse group as the mapper sees it.
struct Incoming {
  enum Kind { Conv, Dense, Identity } kind = Dense;
  std::array<int64_t, 3> source{1, 1, 1};
  int64_t kernelH = 1, kernelW = 1, strideH = 1, strideW = 1, groups = 1, outChannels = 1;
  /// Synapses per target neuron.
  int64_t fanIn = 1;
};

Incoming describe(Value current) {
  Operation *synapse = current.getDefiningOp();
  Incoming in;
  Value source = synapse->getOperand(0);
  // A sum pool in front widens the receptive field by its window.
  int64_t poolH = 1, poolW = 1;
  if (auto pool = source.getDefiningOp<snn::SumPoolOp>()) {
    poolH = pool.getKernel()[0];
    poolW = pool.getKernel()[1];
    source = pool.getInput();
  }
  in.source = snn::signalShape(source);
  if (auto conv = llvm::dyn_cast<snn::ConvOp>(synapse)) {
    ArrayRef<int64_t> w = conv.getWeight().getShapedType().getShape();
    in.kind = Incoming::Conv;
    in.kernelH = w[2] * poolH, in.kernelW = w[3] * poolW;
    in.strideH = conv.getStrides()[0] * poolH, in.strideW = conv.getStrides()[1] * poolW;
    in.groups = conv.getGroup();
    in.outChannels = w[0];
    in.fanIn = w[1] * in.kernelH * in.kernelW;
  } else if (llvm::isa<snn::DenseOp>(synapse)) {
    in.fanIn = in.source[0] * in.source[1] * in.source[2];
  } else {
    in.kind = Incoming::Identity;
  }
  return in;
}

struct Tile {
  int64_t channels = 0, rows = 0, cols = 0, cores = 0, axons = 0, synapseBits = 0;
  int64_t neurons() const { return channels * rows * cols; }
};

/// Input axons and synapse-memory bits of a tile for one incoming group.
void charge(const Incoming &in, const Tile &tile, int64_t weightBits, int64_t indexBits,
            int64_t &axons, int64_t &bits) {
  int64_t groupAxons = 0;
  switch (in.kind) {
  case Incoming::Conv: {
    int64_t perGroup = in.source[0] / in.groups, outPerGroup = in.outChannels / in.groups;
    int64_t groupsTouched = std::min(in.groups, ceilDiv(tile.channels, outPerGroup) + 1);
    int64_t channels = std::min(in.source[0], groupsTouched * perGroup);
    int64_t rows = std::min(in.source[1], (tile.rows - 1) * in.strideH + in.kernelH);
    int64_t cols = std::min(in.source[2], (tile.cols - 1) * in.strideW + in.kernelW);
    groupAxons = channels * rows * cols;
    break;
  }
  case Incoming::Dense:
    groupAxons = in.fanIn;
    break;
  case Incoming::Identity:
    groupAxons = tile.neurons();
    break;
  }
  int64_t synapses = tile.neurons() * in.fanIn;
  int64_t perAxon = ceilDiv(synapses, std::max<int64_t>(groupAxons, 1));
  int64_t perAxonBits = perAxon * (weightBits + indexBits) +
                        ceilDiv(perAxon, kBlockSynapses) * kBlockHeaderBits;
  axons += groupAxons;
  bits += groupAxons * ceilDiv(perAxonBits, kWordBits) * kWordBits;
}

/// Sizes to try along an axis of `extent`: every tile size that gives a
/// distinct number of pieces.
SmallVector<int64_t> candidateSizes(int64_t extent) {
  SmallVector<int64_t> sizes;
  for (int64_t pieces = 1; pieces <= extent; ++pieces) {
    int64_t size = ceilDiv(extent, pieces);
    if (sizes.empty() || sizes.back() != size)
      sizes.push_back(size);
  }
  return sizes;
}

class SNNMapCoresPass : public impl::SNNMapCoresPassBase<SNNMapCoresPass> {
public:
  using Base::Base;
  void runOnOperation() override {
    std::vector<std::string> problems;
    std::unique_ptr<target::TargetConfig> loaded =
        target::loadTargetConfig(*target::lookupTarget("neuromorphic"), config, problems);
    if (!loaded) {
      for (const std::string &problem : problems)
        getOperation().emitError() << problem;
      return signalPassFailure();
    }
    const auto &chip = static_cast<const target::SnnConfig &>(*loaded);
    auto main = getOperation().lookupSymbol<func::FuncOp>("main");
    if (!main)
      return;
    SmallVector<Operation *> populations;
    main.walk([&](Operation *op) {
      if (llvm::isa<snn::NeuronsOp, snn::OutputOp>(op))
        populations.push_back(op);
    });
    bool ok = chip.oneLayerPerCore ? placeLayers(populations, chip)
                                   : tileAll(populations, chip);
    if (!ok)
      signalPassFailure();
  }

private:
  void place(Operation *op, int64_t first, int64_t cores, const Tile &tile, double fill) {
    Builder b(op->getContext());
    op->setAttr("first_core", b.getI64IntegerAttr(first));
    op->setAttr("cores", b.getI64IntegerAttr(cores));
    op->setAttr("snn.tile", b.getDenseI64ArrayAttr({tile.channels, tile.rows, tile.cols}));
    op->setAttr("snn.fill", b.getF64FloatAttr(fill));
  }

  bool tileAll(ArrayRef<Operation *> populations, const target::SnnConfig &chip) {
    int64_t next = 0;
    bool ok = true;
    for (Operation *op : populations) {
      std::optional<Tile> tile = bestTile(op, chip);
      if (!tile) {
        ok = false;
        continue;
      }
      auto [c, h, w] = snn::signalShape(op->getOperand(0));
      double fill = double(c * h * w) / double(tile->cores * chip.neuronsPerCore);
      place(op, next, tile->cores, *tile, fill);
      next += tile->cores;
    }
    if (ok && next > chip.cores) {
      populations.back()->emitError()
          << "[SNN-CORE-004] the network needs " << next << " cores; " << chip.name << " has "
          << chip.cores;
      return false;
    }
    return ok;
  }

  std::optional<Tile> bestTile(Operation *op, const target::SnnConfig &chip) {
    auto [channels, height, width] = snn::signalShape(op->getOperand(0));
    SmallVector<Incoming> incoming;
    for (Value current : op->getOperands())
      incoming.push_back(describe(current));
    if (!chip.convolution && llvm::any_of(incoming, [](const Incoming &in) {
          return in.kind == Incoming::Conv;
        })) {
      op->emitError() << "[SNN-CONV-005] " << chip.name << " has no convolutional cores";
      return std::nullopt;
    }
    int64_t indexBits = target::synapseIndexBits(chip.neuronsPerCore);
    int64_t memoryBits = int64_t(chip.synapseKiB * 1024 * 8);
    std::optional<Tile> best;
    int64_t smallestAxons = INT64_MAX, smallestBits = INT64_MAX;
    for (int64_t c : candidateSizes(channels))
      for (int64_t h : candidateSizes(height))
        for (int64_t w : candidateSizes(width)) {
          Tile tile{c, h, w, ceilDiv(channels, c) * ceilDiv(height, h) * ceilDiv(width, w)};
          if (tile.neurons() > chip.neuronsPerCore || (best && tile.cores > best->cores))
            continue;
          for (const Incoming &in : incoming)
            charge(in, tile, chip.weightBits, indexBits, tile.axons, tile.synapseBits);
          smallestAxons = std::min(smallestAxons, tile.axons);
          smallestBits = std::min(smallestBits, tile.synapseBits);
          if (tile.axons > chip.inAxons || tile.synapseBits > memoryBits)
            continue;
          if (!best || tile.cores < best->cores ||
              (tile.cores == best->cores && tile.neurons() > best->neurons()))
            best = tile;
        }
    if (best)
      return best;
    if (smallestAxons > chip.inAxons)
      op->emitError() << "[SNN-CORE-001] even one neuron per core reads " << smallestAxons
                      << " input axons; " << chip.name << " cores have " << chip.inAxons;
    else
      op->emitError() << "[SNN-CORE-003] even the smallest tile needs " << smallestBits
                      << " bits of synapse memory; " << chip.name << " cores have "
                      << memoryBits;
    return std::nullopt;
  }

  bool placeLayers(ArrayRef<Operation *> populations, const target::SnnConfig &chip) {
    std::vector<bool> taken(chip.kernelMemory.size(), false);
    bool ok = true;
    for (Operation *op : populations) {
      auto [channels, height, width] = snn::signalShape(op->getOperand(0));
      int64_t kernelWords = 0;
      for (Value current : op->getOperands()) {
        Incoming in = describe(current);
        int64_t taps = in.kind == Incoming::Conv ? in.kernelH * in.kernelW : 1;
        int64_t sourceChannels = in.kind == Incoming::Dense ? in.fanIn : in.source[0];
        kernelWords += target::speckKernelWords(sourceChannels, taps, channels);
      }
      int64_t neuronWords = target::speckNeuronWords(channels, height, width);
      int chosen = -1;
      for (size_t core = 0; core < taken.size(); ++core)
        if (!taken[core] && chip.kernelMemory[core] >= kernelWords &&
            chip.neuronMemory[core] >= neuronWords &&
            (chosen < 0 || chip.kernelMemory[core] + chip.neuronMemory[core] <
                               chip.kernelMemory[chosen] + chip.neuronMemory[chosen]))
          chosen = int(core);
      if (chosen < 0) {
        op->emitError() << "[SNN-CORE-003] needs " << kernelWords << " kernel-memory and "
                        << neuronWords << " neuron-memory words; no free " << chip.name
                        << " core holds both";
        ok = false;
        continue;
      }
      taken[chosen] = true;
      Tile whole{channels, height, width, 1};
      place(op, chosen, 1, whole, double(neuronWords) / double(chip.neuronMemory[chosen]));
    }
    return ok;
  }
};

} // namespace
} // namespace hwc
