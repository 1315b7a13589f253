//===- SystolicOps.cpp - The systolic dialect: registration and verifiers --===//
//
// The verifiers hold the program to the array it targets: buffers inside
// their memory, every instruction's rows inside the buffers it names and of
// the right memory, operand values inside the ISA's field widths, table
// entries that exist, semaphores that exist. What they accept, the emitter
// can encode and the simulator can run without a bounds error.
//
//===----------------------------------------------------------------------===//

#include "dialects/Systolic/SystolicOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/SmallSet.h"

using namespace mlir;
using namespace hwc::systolic;

#include "dialects/Systolic/SystolicOpsDialect.cpp.inc"
#include "dialects/Systolic/SystolicOpsEnums.cpp.inc"

void SystolicDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "dialects/Systolic/SystolicOps.cpp.inc"
      >();
}

namespace {

/// Rows a memory space holds under the program's config.
int64_t capacity(ProgramOp program, MemorySpace space) {
  switch (space) {
  case MemorySpace::Buffer:
    return program.getBufferRows();
  case MemorySpace::Accumulator:
    return program.getAccumulatorRows();
  case MemorySpace::Dram:
    return kMaxDramRows;
  }
  return 0;
}

LogicalResult checkRange(Operation *op, llvm::StringRef what, int64_t value, int64_t low,
                         int64_t high) {
  if (value < low || value > high)
    return op->emitOpError() << what << " is " << value << ", expected a value in [" << low
                             << ", " << high << "]";
  return success();
}

LogicalResult checkSemaphores(Operation *op) {
  for (llvm::StringRef name : {"wait", "signal"}) {
    auto list = op->getAttrOfType<DenseI32ArrayAttr>(name);
    if (!list)
      continue;
    llvm::SmallSet<int32_t, 8> seen;
    for (int32_t semaphore : list.asArrayRef()) {
      if (semaphore < 0 || semaphore > 7)
        return op->emitOpError() << name << " names semaphore " << semaphore
                                 << ", expected 0 to 7";
      if (!seen.insert(semaphore).second)
        return op->emitOpError() << name << " names semaphore " << semaphore << " twice";
    }
  }
  return success();
}

/// A 2-D row access: `count` blocks of `length` rows, `inner` apart within a
/// block, blocks `outer` apart, starting `row` rows into buffer `name`,
/// which must live in `space`. `span` widens each touched row to a window
/// (pooling reads kernel_h x kernel_w rows per output row).
struct Access {
  llvm::StringRef role;
  FlatSymbolRefAttr name;
  int64_t row, count, length, inner, outer;
  MemorySpace space;
  int64_t extraRows = 0;
};

LogicalResult checkAccess(Operation *op, const Access &access) {
  auto buffer = SymbolTable::lookupNearestSymbolFrom<BufferOp>(op, access.name.getAttr());
  if (!buffer)
    return op->emitOpError() << access.role << " " << access.name
                             << " does not name a systolic.buffer";
  if (buffer.getSpace() != access.space)
    return op->emitOpError() << access.role << " " << access.name << " is in "
                             << stringifyMemorySpace(buffer.getSpace()) << ", expected "
                             << stringifyMemorySpace(access.space);
  if (failed(checkRange(op, "count", access.count, 0, kMaxCount)) ||
      failed(checkRange(op, "length", access.length, 0, kMaxCount)))
    return failure();
  if (access.row < 0)
    return op->emitOpError() << access.role << " starts at row " << access.row << " of "
                             << access.name << ", before its first row";
  if (access.count == 0 || access.length == 0)
    return success();
  int64_t last = access.row + (access.count - 1) * access.outer +
                 (access.length - 1) * access.inner + access.extraRows;
  if (last >= buffer.getRows())
    return op->emitOpError() << access.role << " reaches row " << last << " of "
                             << access.name << ", which has " << buffer.getRows()
                             << " rows";
  return success();
}

LogicalResult checkTable(Operation *op, FlatSymbolRefAttr name, int64_t first,
                         int64_t entries) {
  auto table = SymbolTable::lookupNearestSymbolFrom<RequantTableOp>(op, name.getAttr());
  if (!table)
    return op->emitOpError() << "table " << name << " does not name a systolic.requant_table";
  int64_t size = int64_t(table.getEntries().size()) / kRequantEntryWords;
  if (first < 0 || first + entries > size)
    return op->emitOpError() << "reads table entries [" << first << ", " << first + entries
                             << ") of " << name << ", which has " << size;
  return success();
}

} // namespace

//===----------------------------------------------------------------------===//
// Structure
//===----------------------------------------------------------------------===//

LogicalResult ProgramOp::verify() {
  if (failed(checkRange(*this, "rows", getRows(), 1, 4096)) ||
      failed(checkRange(*this, "cols", getCols(), 1, 4096)) ||
      failed(checkRange(*this, "buffer_rows", getBufferRows(), 1, kMaxBufferRows)) ||
      failed(checkRange(*this, "accumulator_rows", getAccumulatorRows(), 1,
                        kMaxAccumulatorRows)) ||
      failed(checkRange(*this, "fifo", getFifo(), 1, 65535)))
    return failure();
  if (getRows() != getCols())
    return emitOpError() << "array is " << getRows() << "x" << getCols()
                         << "; a buffer row feeds every array row and an accumulator row "
                            "fills one buffer row, so rows must equal cols";
  return success();
}

LogicalResult BufferOp::verify() {
  auto program = (*this)->getParentOfType<ProgramOp>();
  int64_t limit = capacity(program, getSpace());
  if (getOffset() < 0 || getRows() <= 0 || getOffset() + getRows() > limit)
    return emitOpError() << "rows [" << getOffset() << ", " << getOffset() + getRows()
                         << ") do not fit the " << limit << " rows of "
                         << stringifyMemorySpace(getSpace());
  if (std::optional<ElementsAttr> contents = getContents()) {
    if (getSpace() != MemorySpace::Dram)
      return emitOpError() << "only DRAM buffers have initial contents";
    auto type = llvm::dyn_cast<ShapedType>(contents->getType());
    if (!type || !type.getElementType().isInteger(8) ||
        type.getNumElements() != getRows() * program.getRows())
      return emitOpError() << "contents must be " << getRows() * program.getRows()
                           << " i8 elements (rows x " << program.getRows() << " bytes)";
  }
  return success();
}

LogicalResult RequantTableOp::verify() {
  ArrayRef<int32_t> words = getEntries();
  if (words.size() % kRequantEntryWords)
    return emitOpError() << "holds " << words.size() << " values, not a multiple of "
                         << kRequantEntryWords
                         << " (bias, multiplier, shift, zero point, min, max)";
  for (size_t at = 0; at < words.size(); at += kRequantEntryWords) {
    int32_t shift = words[at + 2], low = words[at + 4], high = words[at + 5];
    if (words[at + 1] < 0 || shift < -31 || shift > 31 || low < -128 || high > 127 ||
        low > high)
      return emitOpError() << "entry " << at / kRequantEntryWords
                           << " needs a non-negative multiplier, a shift in [-31, 31] and "
                              "-128 <= min <= max <= 127";
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Instructions
//===----------------------------------------------------------------------===//

namespace {
/// DMA in and out: `count` blocks of `length` rows between a DRAM buffer and
/// a unified-buffer buffer, each side with its own block stride.
template <typename DmaOp>
LogicalResult verifyDma(DmaOp op, MemorySpace sourceSpace, int64_t sourceStride,
                        MemorySpace destSpace, int64_t destStride) {
  if (failed(checkSemaphores(op)) ||
      failed(checkRange(op, "dram_stride", op.getDramStride(), 0, kMaxStride)) ||
      failed(checkRange(op, "ub_stride", op.getUbStride(), 0, kMaxStride)))
    return failure();
  int64_t count = op.getCount(), length = op.getLength();
  return success(
      succeeded(checkAccess(op, {"source", op.getSourceAttr(), (int64_t)op.getSourceRow(),
                                 count, length, 1, sourceStride, sourceSpace})) &&
      succeeded(checkAccess(op, {"destination", op.getDestAttr(), (int64_t)op.getDestRow(),
                                 count, length, 1, destStride, destSpace})));
}
} // namespace

LogicalResult DmaInOp::verify() {
  return verifyDma(*this, MemorySpace::Dram, getDramStride(), MemorySpace::Buffer,
                   getUbStride());
}

LogicalResult DmaOutOp::verify() {
  return verifyDma(*this, MemorySpace::Buffer, getUbStride(), MemorySpace::Dram,
                   getDramStride());
}

LogicalResult LoadWeightsOp::verify() {
  auto program = (*this)->getParentOfType<ProgramOp>();
  if (failed(checkSemaphores(*this)) ||
      failed(checkRange(*this, "tiles", getTiles(), 1, program.getFifo())))
    return failure();
  // A tile is R x C bytes: C rows of R bytes.
  return checkAccess(*this, {"source", getSourceAttr(), (int64_t)getSourceRow(), 1,
                             (int64_t)(getTiles() * program.getCols()), 1, 0,
                             MemorySpace::Dram});
}

LogicalResult MatMulOp::verify() {
  if (failed(checkSemaphores(*this)) ||
      failed(checkRange(*this, "inner_stride", getInnerStride(), 0, kMaxInnerStride)) ||
      failed(checkRange(*this, "outer_stride", getOuterStride(), 0, kMaxStride)) ||
      failed(checkRange(*this, "pair_offset", getPairOffset().value_or(0), 0, kMaxPairOffset)))
    return failure();
  int64_t count = getCount(), length = getLength();
  return success(
      succeeded(checkAccess(*this, {"source", getSourceAttr(), (int64_t)getSourceRow(), count,
                                    length, (int64_t)getInnerStride(),
                                    (int64_t)getOuterStride(), MemorySpace::Buffer,
                                    (int64_t)getPairOffset().value_or(0)})) &&
      succeeded(checkAccess(*this, {"destination", getDestAttr(), (int64_t)getDestRow(), count,
                                    length, 1, length, MemorySpace::Accumulator})));
}

LogicalResult ActivateOp::verify() {
  auto program = (*this)->getParentOfType<ProgramOp>();
  if (failed(checkSemaphores(*this)) ||
      failed(checkRange(*this, "ub_stride", getUbStride(), 0, kMaxStride)))
    return failure();
  int64_t count = getCount(), length = getLength();
  return success(
      succeeded(checkAccess(*this, {"source", getSourceAttr(), (int64_t)getSourceRow(), count,
                                    length, 1, length, MemorySpace::Accumulator})) &&
      succeeded(checkAccess(*this, {"destination", getDestAttr(), (int64_t)getDestRow(), count,
                                    length, 1, (int64_t)getUbStride(),
                                    MemorySpace::Buffer})) &&
      succeeded(checkTable(*this, getTableAttr(), getTableEntry(), program.getCols())) &&
      (!getResidual() || succeeded(checkTable(*this, getTableAttr(), *getResidual(), 3))));
}

LogicalResult VectorOp::verify() {
  if (failed(checkSemaphores(*this)) ||
      failed(checkRange(*this, "kernel_h", getKernelH(), 1, kMaxCount)) ||
      failed(checkRange(*this, "kernel_w", getKernelW(), 1, kMaxCount)) ||
      failed(checkRange(*this, "stride", getStride(), 1, kMaxCount)))
    return failure();
  VectorKind kind = getKind();
  bool pooling = kind == VectorKind::MaxPool || kind == VectorKind::AvgPool;
  if (!pooling && (getKernelH() != 1 || getKernelW() != 1 || getStride() != 1))
    return emitOpError() << stringifyVectorKind(kind) << " takes a 1x1 window at stride 1";
  int64_t count = getCount(), length = getLength();
  int64_t srcStride = getSrcStride(), stride = getStride();
  // Pooling output (i, j) reads rows ((i*s + y) * src_stride + j*s + x).
  Access sourceA{"source", getSourceAAttr(), (int64_t)getSourceARow(), count, length,
                 pooling ? stride : 1, pooling ? stride * srcStride : srcStride,
                 MemorySpace::Buffer,
                 pooling ? ((int64_t)getKernelH() - 1) * srcStride + getKernelW() - 1 : 0};
  if (failed(checkAccess(*this, sourceA)))
    return failure();
  if (kind == VectorKind::Add &&
      failed(checkAccess(*this, {"second source", getSourceBAttr(), (int64_t)getSourceBRow(),
                                 count, length, 1, (int64_t)getSrcBStride(),
                                 MemorySpace::Buffer})))
    return failure();
  return success(
      succeeded(checkAccess(*this, {"destination", getDestAttr(), (int64_t)getDestRow(), count,
                                    length, 1, (int64_t)getDstStride(),
                                    MemorySpace::Buffer})) &&
      succeeded(checkTable(*this, getTableAttr(), getTableEntry(),
                           kind == VectorKind::Add ? 3 : 1)));
}

LogicalResult FillOp::verify() {
  if (failed(checkSemaphores(*this)) ||
      failed(checkRange(*this, "ub_stride", getUbStride(), 0, kMaxStride)))
    return failure();
  return checkAccess(*this, {"destination", getDestAttr(), (int64_t)getDestRow(),
                             (int64_t)getCount(), (int64_t)getLength(), 1,
                             (int64_t)getUbStride(), MemorySpace::Buffer});
}

LogicalResult SyncOp::verify() { return checkSemaphores(*this); }

LogicalResult PerfMarkOp::verify() {
  if (failed(checkSemaphores(*this)))
    return failure();
  return checkRange(*this, "layer", getLayer(), 0, 65535);
}

LogicalResult HaltOp::verify() { return checkSemaphores(*this); }

#define GET_OP_CLASSES
#include "dialects/Systolic/SystolicOps.cpp.inc"
