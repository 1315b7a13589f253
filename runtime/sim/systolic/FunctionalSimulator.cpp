//===- FunctionalSimulator.cpp - Bit-exact execution of systolic programs --===//

#include "runtime/sim/systolic/Simulator.h"

#include "runtime/core/Error.h"
#include "runtime/core/Requantize.h"

#include <algorithm>
#include <cstring>
#include <limits>

namespace hwc::rt::systolic {

void ArrayConfig::validate() const {
  if (rows <= 0 || rows > 4096)
    fail("array rows must be in [1, 4096], got ", rows);
  if (cols <= 0 || cols > 4096)
    fail("array cols must be in [1, 4096], got ", cols);
  if (rows != cols)
    fail("array rows (", rows, ") and cols (", cols,
         ") must be equal: a buffer row feeds the array and an accumulator row fills one");
  if (bufferRows <= 0)
    fail("buffer must hold at least one row of ", rows, " bytes");
  if (accumulatorRows <= 0)
    fail("accumulator must hold at least one row of ", cols, " int32");
  if (weightFifoTiles <= 0)
    fail("weight FIFO must hold at least one tile");
  if (dramBytesPerCycle < 0 || dramLatency < 0)
    fail("DRAM bandwidth and latency must not be negative");
}

int8_t RequantEntry::apply(int64_t value) const {
  return int8_t(requantize(value + bias, FixedPointMultiplier{multiplier, shift}, zeroPoint,
                           minLevel, maxLevel));
}

namespace {
int64_t rescale(int64_t centred, const RequantEntry &entry) {
  return requantize(centred * (int64_t(1) << kAddLeftShift),
                    FixedPointMultiplier{entry.multiplier, entry.shift}, 0,
                    std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max());
}
} // namespace

int8_t quantizedAdd(int8_t a, int8_t b, const RequantEntry &left, const RequantEntry &right,
                    const RequantEntry &output) {
  int64_t sum = rescale(int64_t(a) + left.bias, left) + rescale(int64_t(b) + right.bias, right);
  return output.apply(sum);
}

FunctionalSimulator::FunctionalSimulator(const ArrayConfig &config, int64_t dramRows)
    : config_(config) {
  config_.validate();
  if (dramRows < 0)
    fail("DRAM size must not be negative");
  dram_.assign(size_t(dramRows * config_.rows), 0);
  buffer_.assign(size_t(config_.bufferRows * config_.rows), 0);
  accumulators_.assign(size_t(config_.accumulatorRows * config_.cols), 0);
}

int8_t *FunctionalSimulator::dramRow(int64_t row) {
  if (row < 0 || row >= dramRows())
    fail("DRAM row ", row, " is outside the ", dramRows(), " rows of DRAM");
  return dram_.data() + row * config_.rows;
}

int8_t *FunctionalSimulator::bufferRow(int64_t row) {
  if (row < 0 || row >= config_.bufferRows)
    fail("buffer row ", row, " is outside the ", config_.bufferRows, "-row unified buffer");
  return buffer_.data() + row * config_.rows;
}

int32_t *FunctionalSimulator::accumulatorRow(int64_t row) {
  if (row < 0 || row >= config_.accumulatorRows)
    fail("accumulator row ", row, " is outside the ", config_.accumulatorRows,
         " accumulator rows");
  return accumulators_.data() + row * config_.cols;
}

const RequantEntry &FunctionalSimulator::entry(const Program &program,
                                               uint64_t index) const {
  if (index >= program.table.size())
    fail("requantization entry ", index, " is outside the ", program.table.size(),
         "-entry table");
  return program.table[index];
}

void FunctionalSimulator::run(const Program &program) {
  std::fill(std::begin(semaphores_), std::end(semaphores_), 0);
  fifo_.clear();
  weights_.clear();
  registers_ = initialConfigRegisters();
  for (size_t pc = 0; pc < program.instructions.size(); ++pc) {
    const Instruction &instruction = program.instructions[pc];
    try {
      for (int s = 0; s < 8; ++s)
        if ((instruction.waitMask >> s) & 1) {
          if (semaphores_[s] == 0)
            fail("waits on semaphore ", s,
                 " that no earlier instruction signalled (the engines would deadlock)");
          --semaphores_[s];
        }
      if (instruction.opcode == Opcode::Halt)
        return;
      execute(instruction, program);
      for (int s = 0; s < 8; ++s)
        if ((instruction.signalMask >> s) & 1)
          ++semaphores_[s];
    } catch (const Error &error) {
      fail("instruction ", pc, " (", disassemble(instruction), "): ", error.what());
    }
  }
}

void FunctionalSimulator::execute(const Instruction &instruction, const Program &program) {
  switch (instruction.opcode) {
  case Opcode::DmaIn:
    return dma(instruction, true);
  case Opcode::DmaOut:
    return dma(instruction, false);
  case Opcode::LoadWeights:
    return loadWeights(instruction);
  case Opcode::MatMul:
    return matMul(instruction);
  case Opcode::Activate:
    return activate(instruction, program);
  case Opcode::Vector:
    return vector(instruction, program);
  case Opcode::Fill:
    return fill(instruction);
  case Opcode::Config:
    registers_[size_t(configRegisterOf(instruction))] = instruction.operand("value");
    return;
  case Opcode::Nop:
  case Opcode::Halt:
  case Opcode::Sync:
  case Opcode::PerfMark:
    return;
  }
}

void FunctionalSimulator::dma(const Instruction &instruction, bool toBuffer) {
  int64_t count = int64_t(instruction.operand("count")),
          length = int64_t(instruction.operand("length"));
  int64_t dram = int64_t(instruction.operand("dram")), ub = int64_t(instruction.operand("ub"));
  int64_t dramStride = int64_t(instruction.operand("dram_stride")),
          ubStride = int64_t(instruction.operand("ub_stride"));
  size_t rowBytes = size_t(config_.rows);
  for (int64_t i = 0; i < count; ++i) {
    if (length == 0)
      break;
    // Check both ends of the block once, then copy it row by row.
    dramRow(dram + i * dramStride + length - 1);
    bufferRow(ub + i * ubStride + length - 1);
    for (int64_t j = 0; j < length; ++j) {
      int8_t *d = dramRow(dram + i * dramStride + j), *b = bufferRow(ub + i * ubStride + j);
      if (toBuffer)
        std::memcpy(b, d, rowBytes);
      else
        std::memcpy(d, b, rowBytes);
    }
  }
}

void FunctionalSimulator::loadWeights(const Instruction &instruction) {
  int64_t tiles = int64_t(instruction.operand("tiles"));
  int64_t dram = int64_t(instruction.operand("dram"));
  int64_t r = config_.rows, c = config_.cols;
  if (int64_t(fifo_.size()) + tiles > config_.weightFifoTiles)
    fail("loads ", tiles, " tile(s) into a weight FIFO holding ", fifo_.size(), " of ",
         config_.weightFifoTiles);
  int64_t tileRows = c; // R x C bytes = C rows of R bytes
  for (int64_t t = 0; t < tiles; ++t) {
    dramRow(dram + (t + 1) * tileRows - 1);
    const int8_t *tile = dramRow(dram + t * tileRows);
    std::vector<int16_t> transposed(size_t(r * c));
    for (int64_t k = 0; k < r; ++k)
      for (int64_t n = 0; n < c; ++n)
        transposed[size_t(n * r + k)] = tile[k * c + n];
    fifo_.push_back(std::move(transposed));
  }
}

namespace {
/// One streamed row against the tile: out[n] (+)= sum_k x[k] * w[n][k].
void rowTimesTile(const int16_t *x, const int16_t *w, int32_t *out, int64_t r, int64_t c,
                  bool accumulate) {
  for (int64_t n = 0; n < c; ++n) {
    const int16_t *column = w + n * r;
    int32_t sum = 0;
    for (int64_t k = 0; k < r; ++k)
      sum += int32_t(x[k]) * int32_t(column[k]);
    out[n] = accumulate ? out[n] + sum : sum;
  }
}
} // namespace

void FunctionalSimulator::matMul(const Instruction &instruction) {
  if (instruction.flags & kNextWeights) {
    if (fifo_.empty())
      fail("switches to the next weight tile, but the weight FIFO is empty");
    weights_ = std::move(fifo_.front());
    fifo_.erase(fifo_.begin());
  }
  if (weights_.empty())
    fail("streams through the array before any weight tile was loaded");
  int64_t count = int64_t(instruction.operand("count")),
          length = int64_t(instruction.operand("length"));
  int64_t ub = int64_t(instruction.operand("ub")), acc = int64_t(instruction.operand("acc"));
  int64_t inner = int64_t(instruction.operand("inner_stride")),
          outer = int64_t(instruction.operand("outer_stride"));
  int64_t pair = int64_t(instruction.operand("pair_offset"));
  int64_t r = config_.rows, c = config_.cols;
  bool accumulate = instruction.flags & kAccumulate;
  std::vector<int16_t> x(static_cast<size_t>(r));
  for (int64_t i = 0; i < count; ++i)
    for (int64_t j = 0; j < length; ++j) {
      const int8_t *row = bufferRow(ub + i * outer + j * inner);
      if (pair == 0) {
        std::copy(row, row + r, x.begin());
      } else {
        const int8_t *paired = bufferRow(ub + i * outer + j * inner + pair);
        std::copy(row, row + r / 2, x.begin());
        std::copy(paired, paired + r / 2, x.begin() + r / 2);
      }
      rowTimesTile(x.data(), weights_.data(), accumulatorRow(acc + i * length + j), r, c,
                   accumulate);
    }
  macsIssued_ += count * length * r * c;
}

void FunctionalSimulator::activate(const Instruction &instruction, const Program &program) {
  int64_t count = int64_t(instruction.operand("count")),
          length = int64_t(instruction.operand("length"));
  int64_t acc = int64_t(instruction.operand("acc")), ub = int64_t(instruction.operand("ub"));
  int64_t ubStride = int64_t(instruction.operand("ub_stride"));
  uint64_t table = instruction.operand("table");
  int64_t lanes = config_.cols;
  entry(program, table + uint64_t(lanes) - 1);
  const RequantEntry *entries = program.table.data() + table;
  // A residual add reads (left, right, output) at the VectorTable register.
  bool residual = instruction.flags & kResidual;
  uint64_t addTable = registers_[size_t(ConfigRegister::VectorTable)];
  if (residual)
    entry(program, addTable + 2);
  const RequantEntry *add = residual ? program.table.data() + addTable : nullptr;
  for (int64_t i = 0; i < count; ++i)
    for (int64_t j = 0; j < length; ++j) {
      const int32_t *in = accumulatorRow(acc + i * length + j);
      int8_t *out = bufferRow(ub + i * ubStride + j);
      for (int64_t lane = 0; lane < lanes; ++lane) {
        int8_t value = entries[lane].apply(in[lane]);
        out[lane] = residual ? quantizedAdd(value, out[lane], add[0], add[1], add[2]) : value;
      }
    }
}

void FunctionalSimulator::vector(const Instruction &instruction, const Program &program) {
  auto op = VectorOp(instruction.flags);
  if (op > VectorOp::Copy)
    fail("unknown vector operation ", int(instruction.flags));
  int64_t count = int64_t(instruction.operand("count")),
          length = int64_t(instruction.operand("length"));
  int64_t srcA = int64_t(instruction.operand("src_a")),
          srcB = int64_t(instruction.operand("src_b")), dst = int64_t(instruction.operand("dst"));
  auto reg = [&](ConfigRegister r) { return int64_t(registers_[size_t(r)]); };
  int64_t srcStride = reg(ConfigRegister::VectorSrcStride),
          srcBStride = reg(ConfigRegister::VectorSrcBStride),
          dstStride = reg(ConfigRegister::VectorDstStride);
  int64_t kh = reg(ConfigRegister::PoolKernelH), kw = reg(ConfigRegister::PoolKernelW),
          stride = reg(ConfigRegister::PoolStride);
  bool pooling = op == VectorOp::MaxPool || op == VectorOp::AvgPool;
  if (pooling && (kh <= 0 || kw <= 0 || stride <= 0))
    fail("pooling window ", kh, "x", kw, " stride ", stride, " is empty");
  // Add reads three entries (left, right, output); the others one.
  auto table = uint64_t(reg(ConfigRegister::VectorTable));
  entry(program, table + (op == VectorOp::Add ? 2 : 0));
  const RequantEntry *entries = program.table.data() + table;
  int64_t lanes = config_.rows;
  std::vector<int64_t> reduced(static_cast<size_t>(lanes));
  std::vector<int8_t> result(static_cast<size_t>(lanes));
  for (int64_t i = 0; i < count; ++i)
    for (int64_t j = 0; j < length; ++j) {
      if (op == VectorOp::Add) {
        const int8_t *a = bufferRow(srcA + i * srcStride + j),
                     *b = bufferRow(srcB + i * srcBStride + j);
        for (int64_t lane = 0; lane < lanes; ++lane)
          result[size_t(lane)] =
              quantizedAdd(a[lane], b[lane], entries[0], entries[1], entries[2]);
      } else {
        // Copy is a 1x1 window; pooling reduces the configured one.
        int64_t windowH = pooling ? kh : 1, windowW = pooling ? kw : 1,
                step = pooling ? stride : 1;
        std::fill(reduced.begin(), reduced.end(), op == VectorOp::MaxPool ? -128 : 0);
        for (int64_t y = 0; y < windowH; ++y)
          for (int64_t x = 0; x < windowW; ++x) {
            const int8_t *a = bufferRow(srcA + (i * step + y) * srcStride + j * step + x);
            for (int64_t lane = 0; lane < lanes; ++lane)
              reduced[size_t(lane)] = op == VectorOp::MaxPool
                                          ? std::max<int64_t>(reduced[size_t(lane)], a[lane])
                                          : reduced[size_t(lane)] + a[lane];
          }
        for (int64_t lane = 0; lane < lanes; ++lane)
          result[size_t(lane)] = entries[0].apply(reduced[size_t(lane)]);
      }
      std::memcpy(bufferRow(dst + i * dstStride + j), result.data(), size_t(lanes));
    }
}

void FunctionalSimulator::fill(const Instruction &instruction) {
  int64_t count = int64_t(instruction.operand("count")),
          length = int64_t(instruction.operand("length"));
  int64_t ub = int64_t(instruction.operand("ub")),
          ubStride = int64_t(instruction.operand("ub_stride"));
  auto value = int8_t(uint8_t(instruction.operand("value")));
  for (int64_t i = 0; i < count; ++i)
    for (int64_t j = 0; j < length; ++j)
      std::memset(bufferRow(ub + i * ubStride + j), value, size_t(config_.rows));
}

} // namespace hwc::rt::systolic
