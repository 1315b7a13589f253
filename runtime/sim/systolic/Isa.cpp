//===- Isa.cpp - Encoding, decoding and disassembly of the systolic ISA ----===//

#include "runtime/sim/systolic/Isa.h"

#include "runtime/core/Error.h"

#include <cstring>
#include <sstream>

namespace hwc::rt::systolic {

namespace {

/// The operand fields of every opcode, from bit 32 on. Widths: UB rows 20
/// bits (1 Mi rows), accumulator rows 16, DRAM rows 28, block counts and
/// lengths 12, strides 12 (a stride is at most a padded image row).
const std::vector<OpcodeInfo> &opcodeTable() {
  static const std::vector<OpcodeInfo> table = {
      {"nop", Engine::Control, "does nothing (padding, or a pure semaphore operation)", {}},
      {"halt", Engine::Control, "ends the program once every engine has drained", {}},
      {"config", Engine::Vector,
       "sets a vector-engine register (window shape, strides, table entry)",
       {{"reg", 32, 8}, {"value", 40, 64}}},
      {"dma_in", Engine::DmaIn,
       "copies count blocks of length rows from DRAM into the unified buffer",
       {{"dram", 32, 28},
        {"ub", 60, 20},
        {"count", 80, 12},
        {"length", 92, 12},
        {"dram_stride", 104, 12},
        {"ub_stride", 116, 12}}},
      {"load_w", Engine::WeightLoad,
       "fetches weight tiles (R x C int8, row-major) from DRAM into the weight FIFO",
       {{"dram", 32, 28}, {"tiles", 60, 16}}},
      {"matmul", Engine::Matrix,
       "streams count x length buffer rows through the array into accumulator rows",
       {{"ub", 32, 20},
        {"acc", 52, 16},
        {"count", 68, 12},
        {"length", 80, 12},
        {"inner_stride", 92, 4},
        {"outer_stride", 96, 12},
        {"pair_offset", 108, 20}}},
      {"activate", Engine::Vector,
       "requantizes accumulator rows to int8 (bias, multiplier, shift, clamp) into the buffer",
       {{"acc", 32, 16},
        {"ub", 48, 20},
        {"count", 68, 12},
        {"length", 80, 12},
        {"ub_stride", 92, 12},
        {"table", 104, 16}}},
      {"vector", Engine::Vector,
       "buffer-to-buffer elementwise add, max/average pooling or copy, requantized",
       {{"src_a", 32, 20},
        {"src_b", 52, 20},
        {"dst", 72, 20},
        {"count", 92, 12},
        {"length", 104, 12}}},
      {"fill", Engine::Vector,
       "writes one int8 value into count blocks of length buffer rows (halo padding)",
       {{"ub", 32, 20},
        {"count", 52, 12},
        {"length", 64, 12},
        {"ub_stride", 76, 12},
        {"value", 88, 8}}},
      {"dma_out", Engine::DmaOut,
       "copies count blocks of length rows from the unified buffer to DRAM",
       {{"ub", 32, 20},
        {"dram", 52, 28},
        {"count", 80, 12},
        {"length", 92, 12},
        {"ub_stride", 104, 12},
        {"dram_stride", 116, 12}}},
      {"sync", Engine::Control, "waits until every engine has finished all earlier work", {}},
      {"perf_mark", Engine::Control,
       "starts the per-layer counters of layer (an index into the artifact's layer table)",
       {{"layer", 32, 16}}},
  };
  return table;
}

uint64_t readBits(const EncodedInstruction &bytes, unsigned offset, unsigned bits) {
  uint64_t value = 0;
  for (unsigned i = 0; i < bits; ++i) {
    unsigned bit = offset + i;
    value |= uint64_t((bytes[bit / 8] >> (bit % 8)) & 1) << i;
  }
  return value;
}

void writeBits(EncodedInstruction &bytes, unsigned offset, unsigned bits, uint64_t value) {
  for (unsigned i = 0; i < bits; ++i) {
    unsigned bit = offset + i;
    if ((value >> i) & 1)
      bytes[bit / 8] |= uint8_t(1u << (bit % 8));
  }
}

int fieldIndex(const OpcodeInfo &info, const char *name) {
  for (size_t i = 0; i < info.fields.size(); ++i)
    if (std::strcmp(info.fields[i].name, name) == 0)
      return int(i);
  fail("instruction '", info.mnemonic, "' has no field '", name, "'");
}

std::string mask(uint8_t bits) {
  std::string text = "0b";
  for (int i = 7; i >= 0; --i)
    if (bits >> i || i == 0)
      text += char('0' + ((bits >> i) & 1));
  return text;
}

} // namespace

const OpcodeInfo &opcodeInfo(Opcode opcode) {
  auto index = size_t(opcode);
  if (index >= opcodeTable().size())
    fail("unknown systolic opcode ", index);
  return opcodeTable()[index];
}

const char *engineName(Engine engine) {
  static const char *names[] = {"control", "dma-in", "weight-load", "matrix", "vector",
                                "dma-out"};
  return names[size_t(engine)];
}

const char *vectorOpName(VectorOp op) {
  static const char *names[] = {"add", "maxpool", "avgpool", "copy"};
  return size_t(op) < 4 ? names[size_t(op)] : "?";
}

ConfigRegisters initialConfigRegisters() {
  ConfigRegisters registers{};
  registers[size_t(ConfigRegister::PoolKernelH)] = 1;
  registers[size_t(ConfigRegister::PoolKernelW)] = 1;
  registers[size_t(ConfigRegister::PoolStride)] = 1;
  return registers;
}

ConfigRegister configRegisterOf(const Instruction &instruction) {
  uint64_t reg = instruction.operand("reg");
  if (reg >= uint64_t(kConfigRegisterCount))
    fail("no config register ", reg, " (there are ", kConfigRegisterCount, ")");
  return ConfigRegister(reg);
}

uint64_t Instruction::operand(const char *name) const {
  return operands[size_t(fieldIndex(opcodeInfo(opcode), name))];
}

Instruction &Instruction::set(const char *name, uint64_t value) {
  operands[size_t(fieldIndex(opcodeInfo(opcode), name))] = value;
  return *this;
}

EncodedInstruction encode(const Instruction &instruction) {
  const OpcodeInfo &info = opcodeInfo(instruction.opcode);
  EncodedInstruction bytes{};
  bytes[0] = uint8_t(instruction.opcode);
  bytes[1] = instruction.flags;
  bytes[2] = instruction.waitMask;
  bytes[3] = instruction.signalMask;
  for (size_t i = 0; i < info.fields.size(); ++i) {
    const Field &field = info.fields[i];
    uint64_t value = instruction.operands[i];
    if (field.bits < 64 && value >> field.bits)
      fail(info.mnemonic, " operand ", field.name, " = ", value, " does not fit in ",
           int(field.bits), " bits");
    writeBits(bytes, field.offset, field.bits, value);
  }
  return bytes;
}

Instruction decode(const EncodedInstruction &bytes) {
  if (bytes[0] >= kOpcodeCount)
    fail("unknown systolic opcode ", int(bytes[0]));
  Instruction instruction;
  instruction.opcode = Opcode(bytes[0]);
  instruction.flags = bytes[1];
  instruction.waitMask = bytes[2];
  instruction.signalMask = bytes[3];
  const OpcodeInfo &info = opcodeInfo(instruction.opcode);
  for (size_t i = 0; i < info.fields.size(); ++i)
    instruction.operands[i] = readBits(bytes, info.fields[i].offset, info.fields[i].bits);
  return instruction;
}

std::string disassemble(const Instruction &instruction) {
  const OpcodeInfo &info = opcodeInfo(instruction.opcode);
  std::ostringstream out;
  out << info.mnemonic;
  if (instruction.opcode == Opcode::Vector)
    out << '.' << vectorOpName(VectorOp(instruction.flags));
  for (size_t i = 0; i < info.fields.size(); ++i) {
    uint64_t value = instruction.operands[i];
    // An unpaired product (the common case) leaves pair_offset out.
    if (value == 0 && std::strcmp(info.fields[i].name, "pair_offset") == 0)
      continue;
    out << ' ' << info.fields[i].name << '=';
    if (instruction.opcode == Opcode::Fill && std::strcmp(info.fields[i].name, "value") == 0)
      out << int(int8_t(uint8_t(value)));
    else
      out << value;
  }
  if (instruction.opcode == Opcode::MatMul) {
    out << ((instruction.flags & kAccumulate) ? " +acc" : " =acc");
    if (instruction.flags & kNextWeights)
      out << " next-w";
  }
  if (instruction.opcode == Opcode::Activate && (instruction.flags & kResidual))
    out << " +residual";
  if (instruction.waitMask)
    out << " wait=" << mask(instruction.waitMask);
  if (instruction.signalMask)
    out << " signal=" << mask(instruction.signalMask);
  return out.str();
}

std::vector<uint8_t> encodeProgram(const std::vector<Instruction> &program) {
  std::vector<uint8_t> bytes;
  bytes.reserve(program.size() * 16);
  for (const Instruction &instruction : program) {
    EncodedInstruction encoded = encode(instruction);
    bytes.insert(bytes.end(), encoded.begin(), encoded.end());
  }
  return bytes;
}

std::vector<Instruction> decodeProgram(const uint8_t *bytes, size_t size) {
  if (size % 16)
    fail("program section holds ", size, " bytes, not a multiple of 16 (128-bit instructions)");
  std::vector<Instruction> program;
  program.reserve(size / 16);
  for (size_t at = 0; at < size; at += 16) {
    EncodedInstruction encoded;
    std::memcpy(encoded.data(), bytes + at, 16);
    try {
      program.push_back(decode(encoded));
    } catch (const Error &error) {
      fail("instruction ", at / 16, ": ", error.what());
    }
  }
  return program;
}

std::string isaReferenceMarkdown() {
  std::ostringstream out;
  out << "| opcode | mnemonic | engine | what it does |\n|---|---|---|---|\n";
  for (size_t op = 0; op < opcodeTable().size(); ++op) {
    const OpcodeInfo &info = opcodeTable()[op];
    out << "| " << op << " | `" << info.mnemonic << "` | " << engineName(info.engine) << " | "
        << info.summary << " |\n";
  }
  out << "\nOperand fields (bit offset within the 128-bit word, width):\n\n"
         "| mnemonic | fields |\n|---|---|\n";
  for (const OpcodeInfo &info : opcodeTable()) {
    out << "| `" << info.mnemonic << "` |";
    if (info.fields.empty())
      out << " none";
    for (size_t i = 0; i < info.fields.size(); ++i)
      out << (i ? "," : "") << " `" << info.fields[i].name << "` ["
          << int(info.fields[i].offset) << ", " << int(info.fields[i].bits) << "]";
    out << " |\n";
  }
  return out.str();
}

namespace {
Instruction make(Opcode opcode, std::initializer_list<uint64_t> operands,
                 uint8_t flags = 0) {
  Instruction instruction;
  instruction.opcode = opcode;
  instruction.flags = flags;
  size_t i = 0;
  for (uint64_t value : operands)
    instruction.operands[i++] = value;
  return instruction;
}
} // namespace

Instruction dmaIn(uint64_t dramRow, uint64_t ubRow, uint64_t count, uint64_t length,
                  uint64_t dramStride, uint64_t ubStride) {
  return make(Opcode::DmaIn, {dramRow, ubRow, count, length, dramStride, ubStride});
}
Instruction dmaOut(uint64_t ubRow, uint64_t dramRow, uint64_t count, uint64_t length,
                   uint64_t ubStride, uint64_t dramStride) {
  return make(Opcode::DmaOut, {ubRow, dramRow, count, length, ubStride, dramStride});
}
Instruction loadWeights(uint64_t dramRow, uint64_t tiles) {
  return make(Opcode::LoadWeights, {dramRow, tiles});
}
Instruction matMul(uint64_t ubRow, uint64_t accRow, uint64_t count, uint64_t length,
                   uint64_t innerStride, uint64_t outerStride, uint8_t flags,
                   uint64_t pairOffset) {
  return make(Opcode::MatMul,
              {ubRow, accRow, count, length, innerStride, outerStride, pairOffset}, flags);
}
Instruction activate(uint64_t accRow, uint64_t ubRow, uint64_t count, uint64_t length,
                     uint64_t ubStride, uint64_t table) {
  return make(Opcode::Activate, {accRow, ubRow, count, length, ubStride, table});
}
Instruction vector(VectorOp op, uint64_t srcA, uint64_t srcB, uint64_t dst, uint64_t count,
                   uint64_t length) {
  return make(Opcode::Vector, {srcA, srcB, dst, count, length}, uint8_t(op));
}
Instruction fill(uint64_t ubRow, uint64_t count, uint64_t length, uint64_t ubStride,
                 int8_t value) {
  return make(Opcode::Fill, {ubRow, count, length, ubStride, uint8_t(value)});
}
Instruction config(ConfigRegister reg, uint64_t value) {
  return make(Opcode::Config, {uint64_t(reg), value});
}
Instruction perfMark(uint64_t layer) { return make(Opcode::PerfMark, {layer}); }
Instruction sync() { return make(Opcode::Sync, {}); }
Instruction halt() { return make(Opcode::Halt, {}); }

} // namespace hwc::rt::systolic
