//===- NativeTiming.cpp - Cycle model of what a systolic program does ------===//
//
// Replays a program over the engines in program order. Each engine runs its
// instructions in order; an instruction starts when its engine is free and
// every semaphore it waits on holds a token (tokens are consumed oldest
// first, and carry the cycle their signaller completed). What the matrix
// unit does between products is modelled explicitly, because that is where
// a schedule wins or loses against SCALE-Sim's serialized folds:
//
// * a weight tile reaches the FIFO a DRAM latency plus its bytes over the
//   shared DRAM port after LOAD_W issues (and only once a FIFO slot is
//   free);
// * the DRAM port serves transfers in time order, not program order: the
//   engines replayed one after another issue out of time order (a DMA_OUT
//   listed before a LOAD_W can issue after it), so each transfer takes the
//   first idle stretch of the port at or after its issue;
// * it shifts into the array's shadow registers (R cycles) as soon as it
//   has arrived and the previous tile has switched into the array, so the
//   shift hides behind the previous product;
// * a product streams its rows back to back with the previous one; its
//   results reach the accumulators R + C - 2 cycles after its last row
//   enters, which is what a waiter on its semaphore sees.
//
//===----------------------------------------------------------------------===//

#include "runtime/sim/systolic/Simulator.h"

#include "runtime/core/Error.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <map>

namespace hwc::rt::systolic {

namespace {

class NativeTimer {
public:
  NativeTimer(const ArrayConfig &config, size_t layerCount)
      : config_(config), layers_(std::max<size_t>(layerCount, 1)) {}

  void step(const Instruction &instruction);
  ProgramTiming finish();

private:
  int64_t waitTokens(const Instruction &instruction);
  void signalTokens(const Instruction &instruction, int64_t done);
  int64_t dramTransfer(int64_t earliest, int64_t bytes);
  /// The first cycle >= `earliest` from which the port is idle for `busy`.
  int64_t firstIdle(int64_t earliest, int64_t busy) const;
  void occupy(int64_t start, int64_t end);
  int64_t loadWeights(const Instruction &instruction, int64_t ready);
  int64_t matMul(const Instruction &instruction, int64_t ready);
  int64_t vectorCycles(const Instruction &instruction) const;
  LayerTiming &layer() { return layers_[current_]; }

  const ArrayConfig &config_;
  std::vector<LayerTiming> layers_;
  std::vector<int64_t> layerDone_ = std::vector<int64_t>(layers_.size(), 0);
  size_t current_ = 0;
  int64_t engineFree_[kEngineCount] = {};
  std::deque<int64_t> tokens_[8];
  // The DRAM port's busy intervals, start -> end, disjoint.
  std::map<int64_t, int64_t> dramBusy_;
  int64_t lastDone_ = 0;
  // Weight path: arrival of every tile loaded so far, the cycle each left
  // the FIFO (started shifting), and when the last switch happened.
  std::vector<int64_t> tileArrival_, tilePopped_;
  size_t nextTile_ = 0;
  int64_t lastSwitch_ = 0;
  ConfigRegisters vectorRegisters_ = initialConfigRegisters();
};

int64_t NativeTimer::waitTokens(const Instruction &instruction) {
  int64_t ready = 0;
  for (int s = 0; s < 8; ++s)
    if ((instruction.waitMask >> s) & 1) {
      if (tokens_[s].empty())
        fail("waits on semaphore ", s, " that no earlier instruction signalled");
      ready = std::max(ready, tokens_[s].front());
      tokens_[s].pop_front();
    }
  return ready;
}

void NativeTimer::signalTokens(const Instruction &instruction, int64_t done) {
  for (int s = 0; s < 8; ++s)
    if ((instruction.signalMask >> s) & 1)
      tokens_[s].push_back(done);
}

int64_t NativeTimer::firstIdle(int64_t earliest, int64_t busy) const {
  int64_t start = earliest;
  auto next = dramBusy_.upper_bound(start);
  if (next != dramBusy_.begin() && std::prev(next)->second > start)
    start = std::prev(next)->second;
  for (; next != dramBusy_.end() && next->first < start + busy; ++next)
    start = std::max(start, next->second);
  return start;
}

void NativeTimer::occupy(int64_t start, int64_t end) {
  // Merge with the neighbours it touches, so the map stays short.
  auto next = dramBusy_.lower_bound(start);
  if (next != dramBusy_.begin() && std::prev(next)->second == start) {
    start = std::prev(next)->first;
    dramBusy_.erase(std::prev(next));
  }
  if (next != dramBusy_.end() && next->first == end) {
    end = next->second;
    dramBusy_.erase(next);
  }
  dramBusy_[start] = end;
}

/// Occupies the DRAM port for the transfer; returns when the last byte
/// lands (latency included).
int64_t NativeTimer::dramTransfer(int64_t earliest, int64_t bytes) {
  int64_t busy = config_.dramBytesPerCycle > 0
                     ? int64_t(std::ceil(double(bytes) / config_.dramBytesPerCycle))
                     : 0;
  layer().dramBytes += bytes;
  int64_t start = earliest;
  if (busy > 0) {
    start = firstIdle(earliest, busy);
    occupy(start, start + busy);
  }
  return start + busy + config_.dramLatency;
}

int64_t NativeTimer::loadWeights(const Instruction &instruction, int64_t ready) {
  int64_t tiles = int64_t(instruction.operand("tiles"));
  int64_t tileBytes = config_.rows * config_.cols;
  int64_t done = ready;
  for (int64_t t = 0; t < tiles; ++t) {
    // A FIFO slot frees when the tile `depth` places ahead starts shifting.
    size_t index = tileArrival_.size();
    int64_t slotFree = 0;
    if (index >= size_t(config_.weightFifoTiles)) {
      size_t leaving = index - size_t(config_.weightFifoTiles);
      if (leaving >= tilePopped_.size())
        fail("loads a weight tile into a full FIFO before any product frees a slot");
      slotFree = tilePopped_[leaving];
    }
    int64_t arrival = dramTransfer(std::max(ready, slotFree), tileBytes);
    tileArrival_.push_back(arrival);
    done = std::max(done, arrival);
  }
  return done;
}

int64_t NativeTimer::matMul(const Instruction &instruction, int64_t ready) {
  int64_t rowsStreamed =
      int64_t(instruction.operand("count")) * int64_t(instruction.operand("length"));
  int64_t mxuFree = engineFree_[size_t(Engine::Matrix)];
  int64_t dataReady = std::max(mxuFree, ready);
  int64_t start = dataReady;
  if (instruction.flags & kNextWeights) {
    if (nextTile_ >= tileArrival_.size())
      fail("switches to a weight tile no LOAD_W fetched");
    int64_t shiftStart = std::max(tileArrival_[nextTile_], lastSwitch_);
    tilePopped_.push_back(shiftStart);
    ++nextTile_;
    int64_t shifted = shiftStart + config_.rows;
    if (shifted > start) {
      // Split the array's idle time into waiting for the tile's bytes and
      // the part of the shift nothing hid.
      int64_t exposed = shifted - start;
      int64_t shift = std::min(exposed, config_.rows);
      layer().weightShift += shift;
      layer().weightStall += exposed - shift;
      start = shifted;
    }
    lastSwitch_ = start;
  }
  layer().dataStall += std::max<int64_t>(0, ready - mxuFree);
  layer().arrayActive += rowsStreamed;
  layer().macsIssued += rowsStreamed * config_.rows * config_.cols;
  int64_t streamed = start + rowsStreamed;
  engineFree_[size_t(Engine::Matrix)] = streamed;
  return streamed + config_.rows + config_.cols - 2;
}

int64_t NativeTimer::vectorCycles(const Instruction &instruction) const {
  int64_t rows =
      int64_t(instruction.operand("count")) * int64_t(instruction.operand("length"));
  if (instruction.opcode == Opcode::Vector &&
      (VectorOp(instruction.flags) == VectorOp::MaxPool ||
       VectorOp(instruction.flags) == VectorOp::AvgPool))
    rows *= int64_t(vectorRegisters_[size_t(ConfigRegister::PoolKernelH)] *
                    vectorRegisters_[size_t(ConfigRegister::PoolKernelW)]);
  return rows;
}

void NativeTimer::step(const Instruction &instruction) {
  Engine engine = opcodeInfo(instruction.opcode).engine;
  int64_t ready = waitTokens(instruction);
  int64_t done = 0;
  int64_t &free = engineFree_[size_t(engine)];
  switch (instruction.opcode) {
  case Opcode::PerfMark: {
    auto index = size_t(instruction.operand("layer"));
    if (index >= layers_.size())
      fail("PERF_MARK names layer ", index, " of ", layers_.size());
    current_ = index;
    return;
  }
  case Opcode::Sync:
  case Opcode::Halt:
    done = std::max(ready, lastDone_);
    for (int64_t &engineTime : engineFree_)
      engineTime = std::max(engineTime, done);
    break;
  case Opcode::Nop:
    done = ready;
    break;
  case Opcode::Config: {
    vectorRegisters_[size_t(configRegisterOf(instruction))] = instruction.operand("value");
    done = std::max(ready, free) + 1;
    free = done;
    break;
  }
  case Opcode::DmaIn:
  case Opcode::DmaOut: {
    int64_t bytes = int64_t(instruction.operand("count")) *
                    int64_t(instruction.operand("length")) * config_.rows;
    done = dramTransfer(std::max(ready, free), bytes);
    free = done;
    break;
  }
  case Opcode::LoadWeights:
    done = loadWeights(instruction, std::max(ready, free));
    // The loader only issues; the FIFO tracks arrivals.
    free = std::max(ready, free);
    break;
  case Opcode::MatMul:
    done = matMul(instruction, ready);
    break;
  case Opcode::Activate:
  case Opcode::Vector:
  case Opcode::Fill:
    done = std::max(ready, free) + vectorCycles(instruction);
    free = done;
    break;
  }
  signalTokens(instruction, done);
  lastDone_ = std::max(lastDone_, done);
  layerDone_[current_] = std::max(layerDone_[current_], done);
}

ProgramTiming NativeTimer::finish() {
  ProgramTiming timing;
  timing.cycles = lastDone_;
  int64_t previous = 0;
  for (size_t i = 0; i < layers_.size(); ++i) {
    int64_t done = std::max(previous, layerDone_[i]);
    layers_[i].cycles = done - previous;
    previous = done;
  }
  timing.layers = std::move(layers_);
  return timing;
}

} // namespace

ProgramTiming timeNative(const Program &program, const ArrayConfig &config,
                         size_t layerCount) {
  config.validate();
  NativeTimer timer(config, layerCount);
  for (size_t pc = 0; pc < program.instructions.size(); ++pc) {
    const Instruction &instruction = program.instructions[pc];
    try {
      timer.step(instruction);
    } catch (const Error &error) {
      fail("instruction ", pc, " (", disassemble(instruction), "): ", error.what());
    }
    if (instruction.opcode == Opcode::Halt)
      break;
  }
  return timer.finish();
}

} // namespace hwc::rt::systolic
