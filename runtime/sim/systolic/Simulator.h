//===- Simulator.h - Functional and timing model of the systolic array -*- C++ -*-===//
//
// Two models of one program (Isa.h):
//
// * The functional model executes it in program order on a DRAM image, the
//   unified buffer (rows of R int8), the accumulators (rows of C int32) and
//   the weight FIFO. Program order is a legal sequential schedule by
//   construction: the compiler emits it so, and the model checks what the
//   hardware would otherwise deadlock or overflow on (a wait on a
//   semaphore nothing signalled, a weight FIFO deeper than the config's).
//   Its arithmetic is the int8 reference semantics: exact int32 dot
//   products, and requantization through rt::requantize (fixed-point
//   multiplier and shift, round half to even, saturate).
//
// * The native timing model replays the same program over the five engines
//   (DMA in, weight load, matrix, vector, DMA out), each in order, ordered
//   across engines only by the semaphores: weight tiles shift in behind the
//   product that uses the previous tile (double-buffered weights), the
//   array's fill and drain are paid only when something waits for a
//   result, and DMA pays a latency plus bytes over a shared DRAM port.
//   Per layer (PERF_MARK) it counts cycles in TPU v1's categories.
//
//===----------------------------------------------------------------------===//

#ifndef HWC_RUNTIME_SIM_SYSTOLIC_SIMULATOR_H
#define HWC_RUNTIME_SIM_SYSTOLIC_SIMULATOR_H

#include "runtime/sim/systolic/Isa.h"

#include <cstdint>
#include <string>
#include <vector>

namespace hwc::rt::systolic {

/// a / b rounded up, for positive b: tiles, folds and bands.
inline int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

/// What the simulator needs of a target config.
struct ArrayConfig {
  /// R (weight rows = K per tile, = bytes per buffer row) and C (columns).
  int64_t rows = 0, cols = 0;
  int64_t bufferRows = 0;
  int64_t accumulatorRows = 0;
  int64_t weightFifoTiles = 4;
  /// DRAM bytes per cycle; 0 means unlimited.
  double dramBytesPerCycle = 0;
  /// Cycles from a DMA's issue to its first byte.
  int64_t dramLatency = 0;

  /// Throws Error naming the first field that is out of range.
  void validate() const;
};

/// How the vector engine turns an int32 value into int8:
/// y = clamp(requantize(value + bias, multiplier, shift) + zeroPoint).
struct RequantEntry {
  int32_t bias = 0;
  int32_t multiplier = 1 << 30;
  int32_t shift = -1; // multiplier x 2^-(31 + shift) = 1.0
  int32_t zeroPoint = 0;
  int32_t minLevel = -128, maxLevel = 127;

  int8_t apply(int64_t value) const;
};

/// VECTOR add's arithmetic, shared with the integer reference: both inputs
/// are centred and scaled by 2^20 x their multiplier to a common scale,
/// summed, then requantized by the output entry.
int8_t quantizedAdd(int8_t a, int8_t b, const RequantEntry &left, const RequantEntry &right,
                    const RequantEntry &output);
constexpr int kAddLeftShift = 20;

/// A program with the tables it reads.
struct Program {
  std::vector<Instruction> instructions;
  std::vector<RequantEntry> table;
};

/// Executes programs on one array's memories.
class FunctionalSimulator {
public:
  FunctionalSimulator(const ArrayConfig &config, int64_t dramRows);

  const ArrayConfig &config() const { return config_; }
  int64_t dramRows() const { return int64_t(dram_.size()) / config_.rows; }
  int8_t *dramRow(int64_t row);

  /// Runs until HALT or the end; throws Error naming the instruction.
  void run(const Program &program);
  /// MACs the array performed (streamed rows x R x C).
  int64_t macsIssued() const { return macsIssued_; }

private:
  void execute(const Instruction &instruction, const Program &program);
  void dma(const Instruction &instruction, bool toBuffer);
  void loadWeights(const Instruction &instruction);
  void matMul(const Instruction &instruction);
  void activate(const Instruction &instruction, const Program &program);
  void vector(const Instruction &instruction, const Program &program);
  void fill(const Instruction &instruction);
  int8_t *bufferRow(int64_t row);
  int32_t *accumulatorRow(int64_t row);
  const RequantEntry &entry(const Program &program, uint64_t index) const;

  ArrayConfig config_;
  std::vector<int8_t> dram_, buffer_;
  std::vector<int32_t> accumulators_;
  /// Tiles waiting in the FIFO, transposed to [C][R] int16 for the dot
  /// products; `weights_` is the tile in the array.
  std::vector<std::vector<int16_t>> fifo_;
  std::vector<int16_t> weights_;
  ConfigRegisters registers_ = initialConfigRegisters();
  int semaphores_[8] = {};
  int64_t macsIssued_ = 0;
};

/// Cycle counts of one layer (one PERF_MARK region), TPU v1's categories.
struct LayerTiming {
  /// Completion of this layer minus completion of the previous one.
  int64_t cycles = 0;
  /// Cycles the array streams rows.
  int64_t arrayActive = 0;
  /// Array idle waiting for a weight tile still in DRAM.
  int64_t weightStall = 0;
  /// Array idle while a tile shifts in (not hidden behind a product).
  int64_t weightShift = 0;
  /// Array idle waiting for another engine (DMA, vector): RAW and input
  /// stalls.
  int64_t dataStall = 0;
  int64_t dramBytes = 0;
  int64_t macsIssued = 0;
};

struct ProgramTiming {
  int64_t cycles = 0;
  std::vector<LayerTiming> layers;
};

/// Times `program` on `config`; layers are numbered by PERF_MARK, and
/// work before the first mark is charged to layer 0.
ProgramTiming timeNative(const Program &program, const ArrayConfig &config,
                         size_t layerCount);

} // namespace hwc::rt::systolic

#endif // HWC_RUNTIME_SIM_SYSTOLIC_SIMULATOR_H
