//===- Isa.h - The systolic target's 128-bit instruction set ----*- C++ -*-===//
//
// hwc's systolic array is programmed with fixed-width 128-bit instructions
// in the TPU v1 style (CISC, one instruction per DMA block, weight tile,
// streamed matrix product or activation pass) with VTA-style dependency
// tokens: every instruction names the semaphores it waits on and those it
// signals when it completes, so the five engines (DMA in, weight load,
// matrix unit, activation/vector unit, DMA out) overlap only where the
// compiler says they may.
//
// Bit layout (little-endian, two 64-bit words): opcode [0,8), flags [8,16),
// wait mask [16,24), signal mask [24,32), then the opcode's operand fields
// from bit 32 on. The fields are a table (operandFields) so that encoding,
// decoding, validation, the disassembler and docs/asic-isa.md all read one
// definition.
//
// Units: UB addresses and strides count buffer rows (R bytes, one int8 per
// array row), accumulator addresses count accumulator rows (C int32), DRAM
// addresses and strides count R-byte rows too, so every DMA moves whole
// rows.
//
//===----------------------------------------------------------------------===//

#ifndef HWC_RUNTIME_SIM_SYSTOLIC_ISA_H
#define HWC_RUNTIME_SIM_SYSTOLIC_ISA_H

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace hwc::rt::systolic {

enum class Opcode : uint8_t {
  Nop = 0,
  Halt = 1,
  Config = 2,
  DmaIn = 3,
  LoadWeights = 4,
  MatMul = 5,
  Activate = 6,
  Vector = 7,
  Fill = 8,
  DmaOut = 9,
  Sync = 10,
  PerfMark = 11,
};
constexpr int kOpcodeCount = 12;

/// The units that execute instructions; each runs its queue in order.
enum class Engine : uint8_t { Control, DmaIn, WeightLoad, Matrix, Vector, DmaOut };
constexpr int kEngineCount = 6;

/// Flags of MATMUL.
enum MatMulFlags : uint8_t {
  /// Add into the accumulator rows instead of overwriting them.
  kAccumulate = 1,
  /// Switch to the next weight tile of the FIFO before streaming (the
  /// tile shifted in behind the previous product); otherwise the tile in
  /// the array is reused.
  kNextWeights = 2,
};

/// Flags of ACTIVATE.
enum ActivateFlags : uint8_t {
  /// Residual add: the requantized value is added to the int8 already at
  /// the destination, y = quantizedAdd(value, destination) through the
  /// three table entries at the VectorTable register (left, right, output).
  kResidual = 1,
};

/// VECTOR's operation, in its flags.
enum class VectorOp : uint8_t {
  /// y = requantized sum of two int8 tensors with their own scales.
  Add = 0,
  /// Max over a window (CONFIG registers give its shape).
  MaxPool = 1,
  /// Rounded mean over a window, requantized through the table.
  AvgPool = 2,
  /// y = x (a copy between buffer regions: concat, transpose slabs).
  Copy = 3,
};

/// Registers set by CONFIG and read by VECTOR.
enum class ConfigRegister : uint8_t {
  /// Rows between output rows of a 2-D VECTOR destination.
  VectorDstStride = 0,
  /// Rows between input rows of a 2-D VECTOR source.
  VectorSrcStride = 1,
  /// Pooling window height and width, and its stride in rows/columns.
  PoolKernelH = 2,
  PoolKernelW = 3,
  PoolStride = 4,
  /// Requantization-table entry VECTOR reads for Add / AvgPool, and
  /// ACTIVATE for a residual add.
  VectorTable = 5,
  /// Rows between the two operands' rows of VECTOR Add's second source.
  VectorSrcBStride = 6,
};
constexpr int kConfigRegisterCount = 7;

/// The vector engine's registers, as CONFIG sees them.
using ConfigRegisters = std::array<uint64_t, kConfigRegisterCount>;
/// Their values when a program starts: a 1x1 window at stride 1, all else 0.
ConfigRegisters initialConfigRegisters();
/// One operand field: its name (as the disassembler prints it), first bit
/// and width.
struct Field {
  const char *name;
  uint8_t offset;
  uint8_t bits;
};

/// The opcode's mnemonic and the engine it runs on.
struct OpcodeInfo {
  const char *mnemonic;
  Engine engine;
  /// One line for docs/asic-isa.md.
  const char *summary;
  std::vector<Field> fields;
};

const OpcodeInfo &opcodeInfo(Opcode opcode);
const char *engineName(Engine engine);
const char *vectorOpName(VectorOp op);

/// One decoded instruction: the header and the operands in field order.
struct Instruction {
  Opcode opcode = Opcode::Nop;
  uint8_t flags = 0;
  uint8_t waitMask = 0;
  uint8_t signalMask = 0;
  /// Values of opcodeInfo(opcode).fields, in order.
  std::array<uint64_t, 8> operands{};

  /// The operand named `name`; throws for a field the opcode lacks.
  uint64_t operand(const char *name) const;
  Instruction &set(const char *name, uint64_t value);
};

/// The register CONFIG `instruction` names; throws Error for one that does
/// not exist.
ConfigRegister configRegisterOf(const Instruction &instruction);

/// 16 bytes, little-endian.
using EncodedInstruction = std::array<uint8_t, 16>;

/// Throws Error when an operand does not fit its field.
EncodedInstruction encode(const Instruction &instruction);
/// Throws Error for an unknown opcode.
Instruction decode(const EncodedInstruction &bytes);
/// "matmul ub=0x40 acc=0 count=56 length=56 ... [acc,next] wait=0b1 signal=0b10"
std::string disassemble(const Instruction &instruction);

/// A whole program as bytes (16 per instruction) and back; decodeProgram
/// throws when the size is not a multiple of 16.
std::vector<uint8_t> encodeProgram(const std::vector<Instruction> &program);
std::vector<Instruction> decodeProgram(const uint8_t *bytes, size_t size);

/// The opcode and operand-field tables as Markdown: the generated part of
/// docs/asic-isa.md (a unit test keeps the two equal).
std::string isaReferenceMarkdown();

/// Builders for the common instructions (fields by name, in one place).
Instruction dmaIn(uint64_t dramRow, uint64_t ubRow, uint64_t count, uint64_t length,
                  uint64_t dramStride, uint64_t ubStride);
Instruction dmaOut(uint64_t ubRow, uint64_t dramRow, uint64_t count, uint64_t length,
                   uint64_t ubStride, uint64_t dramStride);
Instruction loadWeights(uint64_t dramRow, uint64_t tiles);
/// `pairOffset` != 0 packs two kernel positions: the array's rows [R/2, R)
/// read lanes [0, R/2) of the buffer row that many rows further on.
Instruction matMul(uint64_t ubRow, uint64_t accRow, uint64_t count, uint64_t length,
                   uint64_t innerStride, uint64_t outerStride, uint8_t flags,
                   uint64_t pairOffset = 0);
Instruction activate(uint64_t accRow, uint64_t ubRow, uint64_t count, uint64_t length,
                     uint64_t ubStride, uint64_t table);
Instruction vector(VectorOp op, uint64_t srcA, uint64_t srcB, uint64_t dst,
                   uint64_t count, uint64_t length);
Instruction fill(uint64_t ubRow, uint64_t count, uint64_t length, uint64_t ubStride,
                 int8_t value);
Instruction config(ConfigRegister reg, uint64_t value);
Instruction perfMark(uint64_t layer);
Instruction sync();
Instruction halt();

} // namespace hwc::rt::systolic

#endif // HWC_RUNTIME_SIM_SYSTOLIC_ISA_H
