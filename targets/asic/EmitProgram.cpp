//===- EmitProgram.cpp - systolic.program to ISA words and a DRAM image ----===//
//
// Buffers become addresses (their offset plus the op's row), semaphore
// lists become masks, and a VECTOR's window, strides and table entry become
// the CONFIG writes it needs; only registers whose value changes are
// written. DRAM buffers with contents (the pre-tiled weights) form the
// initial DRAM image.
//
//===----------------------------------------------------------------------===//

#include "passes/RuntimeBridge.h"
#include "targets/asic/LowerSegment.h"

#include "llvm/ADT/StringMap.h"

#include <cstring>

using namespace mlir;
namespace sim = hwc::rt::systolic;

namespace hwc::asic {
namespace {

class Emitter {
public:
  Emitter(systolic::ProgramOp program, sim::SegmentProgram &result)
      : program(program), result(result) {}
  LogicalResult run();

private:
  LogicalResult placeBuffer(systolic::BufferOp buffer);
  uint64_t at(StringRef symbol, uint64_t row) const { return offsets.lookup(symbol) + row; }
  uint64_t tableAt(StringRef symbol, uint64_t entry) const {
    return tables.lookup(symbol) + entry;
  }
  void push(sim::Instruction instruction, std::optional<ArrayRef<int32_t>> wait,
            std::optional<ArrayRef<int32_t>> signal);
  void configure(sim::ConfigRegister reg, uint64_t value);
  void emitActivate(systolic::ActivateOp op);
  void emitVector(systolic::VectorOp op);
  LogicalResult emitInstruction(Operation *op);

  systolic::ProgramOp program;
  sim::SegmentProgram &result;
  llvm::StringMap<uint64_t> offsets, tables;
  sim::ConfigRegisters registers = sim::initialConfigRegisters();
};

uint8_t maskOf(std::optional<ArrayRef<int32_t>> list) {
  uint8_t mask = 0;
  if (list)
    for (int32_t s : *list)
      mask |= uint8_t(1u << s);
  return mask;
}

void Emitter::push(sim::Instruction instruction, std::optional<ArrayRef<int32_t>> wait,
                   std::optional<ArrayRef<int32_t>> signal) {
  instruction.waitMask = maskOf(wait);
  instruction.signalMask = maskOf(signal);
  result.program.instructions.push_back(instruction);
}

LogicalResult Emitter::placeBuffer(systolic::BufferOp buffer) {
  offsets[buffer.getSymName()] = buffer.getOffset();
  if (buffer.getSpace() != systolic::MemorySpace::Dram)
    return success();
  int64_t rowBytes = int64_t(program.getRows());
  int64_t end = int64_t(buffer.getOffset() + buffer.getRows());
  result.dramRows = std::max(result.dramRows, end);
  std::optional<ElementsAttr> contents = buffer.getContents();
  if (!contents)
    return success();
  std::optional<rt::Tensor> bytes = tensorFromAttr(*contents);
  if (!bytes)
    return buffer.emitOpError("contents are not int8 bytes");
  // Contents come in row order and may leave gaps between buffers.
  int64_t first = int64_t(buffer.getOffset());
  if (result.image.empty())
    result.imageRow = first;
  if (first < result.imageRow)
    return buffer.emitOpError("initialized DRAM buffers must come in address order");
  size_t begin = size_t((first - result.imageRow) * rowBytes);
  result.image.resize(std::max(result.image.size(), size_t((end - result.imageRow) * rowBytes)));
  rt::Tensor contiguous = bytes->contiguous();
  std::memcpy(result.image.data() + begin, contiguous.rawData(), contiguous.byteSize());
  return success();
}

void Emitter::configure(sim::ConfigRegister reg, uint64_t value) {
  if (registers[size_t(reg)] == value)
    return;
  registers[size_t(reg)] = value;
  result.program.instructions.push_back(sim::config(reg, value));
}

void Emitter::emitVector(systolic::VectorOp op) {
  using R = sim::ConfigRegister;
  configure(R::VectorSrcStride, op.getSrcStride());
  configure(R::VectorSrcBStride, op.getSrcBStride());
  configure(R::VectorDstStride, op.getDstStride());
  configure(R::PoolKernelH, op.getKernelH());
  configure(R::PoolKernelW, op.getKernelW());
  configure(R::PoolStride, op.getStride());
  configure(R::VectorTable, tableAt(op.getTable(), op.getTableEntry()));
  auto kind = sim::VectorOp(uint8_t(op.getKind()));
  push(sim::vector(kind, at(op.getSourceA(), op.getSourceARow()),
                   at(op.getSourceB(), op.getSourceBRow()), at(op.getDest(), op.getDestRow()),
                   op.getCount(), op.getLength()),
       op.getWait(), op.getSignal());
}

void Emitter::emitActivate(systolic::ActivateOp op) {
  sim::Instruction instruction = sim::activate(
      at(op.getSource(), op.getSourceRow()), at(op.getDest(), op.getDestRow()), op.getCount(),
      op.getLength(), op.getUbStride(), tableAt(op.getTable(), op.getTableEntry()));
  if (std::optional<uint64_t> residual = op.getResidual()) {
    configure(sim::ConfigRegister::VectorTable, tableAt(op.getTable(), *residual));
    instruction.flags = sim::kResidual;
  }
  push(instruction, op.getWait(), op.getSignal());
}

LogicalResult Emitter::emitInstruction(Operation *op) {
  if (auto dma = dyn_cast<systolic::DmaInOp>(op))
    push(sim::dmaIn(at(dma.getSource(), dma.getSourceRow()), at(dma.getDest(), dma.getDestRow()),
                    dma.getCount(), dma.getLength(), dma.getDramStride(), dma.getUbStride()),
         dma.getWait(), dma.getSignal());
  else if (auto dma = dyn_cast<systolic::DmaOutOp>(op))
    push(sim::dmaOut(at(dma.getSource(), dma.getSourceRow()),
                     at(dma.getDest(), dma.getDestRow()), dma.getCount(), dma.getLength(),
                     dma.getUbStride(), dma.getDramStride()),
         dma.getWait(), dma.getSignal());
  else if (auto load = dyn_cast<systolic::LoadWeightsOp>(op))
    push(sim::loadWeights(at(load.getSource(), load.getSourceRow()), load.getTiles()),
         load.getWait(), load.getSignal());
  else if (auto product = dyn_cast<systolic::MatMulOp>(op))
    push(sim::matMul(at(product.getSource(), product.getSourceRow()),
                     at(product.getDest(), product.getDestRow()), product.getCount(),
                     product.getLength(), product.getInnerStride(), product.getOuterStride(),
                     uint8_t((product.getAccumulate() ? sim::kAccumulate : 0) |
                             (product.getNextWeights() ? sim::kNextWeights : 0)),
                     product.getPairOffset().value_or(0)),
         product.getWait(), product.getSignal());
  else if (auto act = dyn_cast<systolic::ActivateOp>(op))
    emitActivate(act);
  else if (auto vec = dyn_cast<systolic::VectorOp>(op))
    emitVector(vec);
  else if (auto fill = dyn_cast<systolic::FillOp>(op))
    push(sim::fill(at(fill.getDest(), fill.getDestRow()), fill.getCount(), fill.getLength(),
                   fill.getUbStride(), int8_t(fill.getValue())),
         fill.getWait(), fill.getSignal());
  else if (auto mark = dyn_cast<systolic::PerfMarkOp>(op)) {
    result.layers.emplace_back(mark.getNode().str(),
                               int64_t(result.program.instructions.size()));
    push(sim::perfMark(mark.getLayer()), mark.getWait(), mark.getSignal());
  } else if (auto sync = dyn_cast<systolic::SyncOp>(op))
    push(sim::sync(), sync.getWait(), sync.getSignal());
  else if (auto halt = dyn_cast<systolic::HaltOp>(op))
    push(sim::halt(), halt.getWait(), halt.getSignal());
  else
    return op->emitOpError("has no ISA encoding");
  return success();
}

LogicalResult Emitter::run() {
  Block &body = program.getBody().front();
  for (Operation &op : body) {
    if (auto buffer = dyn_cast<systolic::BufferOp>(op)) {
      if (failed(placeBuffer(buffer)))
        return failure();
    } else if (auto table = dyn_cast<systolic::RequantTableOp>(op)) {
      tables[table.getSymName()] = result.program.table.size();
      ArrayRef<int32_t> words = table.getEntries();
      for (size_t i = 0; i + systolic::kRequantEntryWords <= words.size();
           i += systolic::kRequantEntryWords)
        result.program.table.push_back(sim::RequantEntry{words[i], words[i + 1], words[i + 2],
                                                         words[i + 3], words[i + 4],
                                                         words[i + 5]});
    }
  }
  for (Operation &op : body)
    if (!isa<systolic::BufferOp, systolic::RequantTableOp>(op) &&
        failed(emitInstruction(&op)))
      return failure();
  return success();
}

} // namespace

LogicalResult emitProgram(systolic::ProgramOp program, sim::SegmentProgram &out) {
  out.program = {};
  out.image.clear();
  out.layers.clear();
  out.dramRows = out.imageRow = 0;
  return Emitter(program, out).run();
}

} // namespace hwc::asic
