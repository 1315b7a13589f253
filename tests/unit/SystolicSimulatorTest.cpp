//===- SystolicSimulatorTest.cpp - The systolic ISA, simulator and timing ===//
//
// The 128-bit encoding round-trips every field; SCALE-Sim's closed forms give
// the cycle counts SCALE-Sim v2 printed for the layers in research/asic.md
// §4; a convolution scheduled by hand into the ISA (halo fill, DMA,
// per-kernel-position 1x1 products accumulating in place, requantizing
// activation) equals a direct integer convolution; the vector engine's add
// and pooling equal their definitions; the native timing model's cycle
// counts match hand-computed schedules; and programs that would deadlock or
// overflow the weight FIFO are rejected with the instruction named.
//
//===----------------------------------------------------------------------===//

#include "runtime/core/Error.h"
#include "runtime/core/Requantize.h"
#include "runtime/sim/systolic/ScaleSimModel.h"
#include "runtime/sim/systolic/Simulator.h"

#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <sstream>

using namespace hwc::rt;
using namespace hwc::rt::systolic;

namespace {

ArrayConfig smallArray() {
  ArrayConfig config;
  config.rows = config.cols = 4;
  config.bufferRows = 1024;
  config.accumulatorRows = 256;
  config.weightFifoTiles = 4;
  return config;
}

RequantEntry entryFor(double real, int32_t bias, int32_t zeroPoint, int32_t minLevel = -128) {
  FixedPointMultiplier m = quantizeMultiplier(real);
  RequantEntry entry;
  entry.bias = bias;
  entry.multiplier = m.multiplier;
  entry.shift = m.shift;
  entry.zeroPoint = zeroPoint;
  entry.minLevel = minLevel;
  return entry;
}

//===----------------------------------------------------------------------===//
// ISA
//===----------------------------------------------------------------------===//

TEST(SystolicIsa, EveryFieldRoundTripsAtItsLimits) {
  for (int op = 0; op < kOpcodeCount; ++op) {
    Instruction instruction;
    instruction.opcode = Opcode(op);
    instruction.flags = 0xA5;
    instruction.waitMask = 0x81;
    instruction.signalMask = 0x42;
    const OpcodeInfo &info = opcodeInfo(instruction.opcode);
    unsigned end = 32;
    for (size_t i = 0; i < info.fields.size(); ++i) {
      const Field &field = info.fields[i];
      EXPECT_EQ(field.offset, end) << info.mnemonic << " fields must be packed in order";
      end = field.offset + field.bits;
      instruction.operands[i] = field.bits == 64 ? ~uint64_t(0) : (uint64_t(1) << field.bits) - 1;
    }
    EXPECT_LE(end, 128u) << info.mnemonic;
    Instruction back = decode(encode(instruction));
    EXPECT_EQ(back.opcode, instruction.opcode);
    EXPECT_EQ(back.flags, instruction.flags);
    EXPECT_EQ(back.waitMask, instruction.waitMask);
    EXPECT_EQ(back.signalMask, instruction.signalMask);
    EXPECT_EQ(back.operands, instruction.operands) << info.mnemonic;
  }
}

TEST(SystolicIsa, RejectsOperandsThatDoNotFitAndUnknownOpcodes) {
  EXPECT_THROW(encode(matMul(1 << 20, 0, 1, 1, 1, 1, 0)), Error);
  EXPECT_THROW(encode(dmaIn(0, 0, 4096, 1, 0, 0)), Error);
  EncodedInstruction bad{};
  bad[0] = kOpcodeCount;
  EXPECT_THROW(decode(bad), Error);
  std::vector<uint8_t> bytes = encodeProgram({halt()});
  EXPECT_EQ(bytes.size(), 16u);
  EXPECT_THROW(decodeProgram(bytes.data(), 15), Error);
}

TEST(SystolicIsa, DisassemblesWithFieldNamesAndSemaphores) {
  Instruction mm = matMul(64, 8, 2, 3, 1, 10, kAccumulate | kNextWeights);
  mm.waitMask = 1;
  mm.signalMask = 2;
  EXPECT_EQ(disassemble(mm), "matmul ub=64 acc=8 count=2 length=3 inner_stride=1 "
                             "outer_stride=10 +acc next-w wait=0b1 signal=0b10");
  EXPECT_EQ(disassemble(matMul(0, 0, 1, 1, 1, 0, 0, 58)),
            "matmul ub=0 acc=0 count=1 length=1 inner_stride=1 outer_stride=0 pair_offset=58 "
            "=acc");
  EXPECT_EQ(disassemble(fill(5, 1, 2, 3, -7)), "fill ub=5 count=1 length=2 ub_stride=3 value=-7");
  EXPECT_EQ(disassemble(vector(VectorOp::MaxPool, 1, 0, 2, 3, 4)),
            "vector.maxpool src_a=1 src_b=0 dst=2 count=3 length=4");
}

/// docs/asic-isa.md carries the generated tables verbatim; on a mismatch the
/// fresh tables are written to the build folder to paste in.
TEST(SystolicIsa, DocumentationTablesAreCurrent) {
  std::ifstream doc(HWC_SOURCE_DIR "/docs/asic-isa.md");
  ASSERT_TRUE(doc) << "docs/asic-isa.md is missing";
  std::stringstream text;
  text << doc.rdbuf();
  std::string tables = isaReferenceMarkdown();
  if (text.str().find(tables) == std::string::npos) {
    std::ofstream(HWC_BINARY_DIR "/asic-isa-tables.md") << tables;
    FAIL() << "docs/asic-isa.md is out of date: paste " HWC_BINARY_DIR
              "/asic-isa-tables.md between its GENERATED markers";
  }
}

//===----------------------------------------------------------------------===//
// SCALE-Sim's model
//===----------------------------------------------------------------------===//

TEST(ScaleSimModel, HandComputedFolds) {
  // 4x4 array, M=10, K=5, N=3: WS folds ceil(5/4)*ceil(3/4) = 2 of
  // 2*4 + 4 + 10 - 2 = 20 cycles; OS folds ceil(10/4)*1 = 3 of 5+4+4-2 = 11.
  ScaleSimLayer ws = scaleSimLayer({10, 5, 3}, 4, 4, Dataflow::WeightStationary);
  EXPECT_EQ(ws.folds, 2);
  EXPECT_EQ(ws.cyclesPerFold, 20);
  EXPECT_EQ(ws.cycles, 39);
  ScaleSimLayer os = scaleSimLayer({10, 5, 3}, 4, 4, Dataflow::OutputStationary);
  EXPECT_EQ(os.folds, 3);
  EXPECT_EQ(os.cycles, 32);
  // IS maps K x M and streams N: ceil(5/4)*ceil(10/4) = 6 folds of 8+4+3-2.
  ScaleSimLayer is = scaleSimLayer({10, 5, 3}, 4, 4, Dataflow::InputStationary);
  EXPECT_EQ(is.folds, 6);
  EXPECT_EQ(is.cycles, 6 * 13 - 1);
}

/// SCALE-Sim v2's printed "Total Cycles" for the layers of research/asic.md
/// §4 (CALC mode), with its ceil-sized outputs for pre-padded inputs.
TEST(ScaleSimModel, ReproducesScaleSimV2Runs) {
  struct Run {
    GemmDims gemm;
    int64_t array;
    Dataflow dataflow;
    int64_t cycles;
  };
  GemmDims conv1 = scaleSimConvDims(230, 230, 7, 7, 3, 64, 2);
  EXPECT_EQ(conv1.m, 12769); // 113 x 113, not 112 x 112
  EXPECT_EQ(conv1.k, 147);
  GemmDims res2a = scaleSimConvDims(56, 56, 1, 1, 64, 256, 1);
  GemmDims res3a = scaleSimConvDims(30, 30, 3, 3, 128, 128, 1);
  GemmDims res5a = scaleSimConvDims(9, 9, 3, 3, 512, 512, 1);
  GemmDims gemm{1024, 1024, 1024};
  auto ws = Dataflow::WeightStationary, os = Dataflow::OutputStationary;
  const Run runs[] = {
      {conv1, 32, ws, 128629},  {conv1, 32, os, 167199},  {conv1, 128, ws, 26301},
      {conv1, 128, os, 40099},  {res2a, 32, ws, 51679},   {res2a, 32, os, 98783},
      {res2a, 128, ws, 7035},   {res2a, 128, os, 15899},  {res3a, 32, ws, 126431},
      {res3a, 32, os, 121399},  {res3a, 128, ws, 10493},  {res3a, 128, os, 9841},
      {res5a, 32, ws, 329471},  {res5a, 32, os, 149439},  {res5a, 128, ws, 62063},
      {res5a, 128, os, 19447},  {gemm, 32, ws, 1144831},  {gemm, 32, os, 1112063},
      {gemm, 128, ws, 89983},   {gemm, 128, os, 81791},
  };
  for (const Run &run : runs)
    EXPECT_EQ(scaleSimLayer(run.gemm, run.array, run.array, run.dataflow).cycles, run.cycles)
        << "M=" << run.gemm.m << " K=" << run.gemm.k << " N=" << run.gemm.n << " on "
        << run.array << " " << dataflowName(run.dataflow);
  ScaleSimLayer layer = scaleSimLayer(conv1, 128, 128, ws);
  EXPECT_NEAR(layer.mappingEfficiency, 0.2871, 1e-4);
  EXPECT_NEAR(layer.utilization, 0.2788, 1e-4);
}

//===----------------------------------------------------------------------===//
// Functional model
//===----------------------------------------------------------------------===//

struct ConvCase {
  int64_t cin = 5, cout = 6, h = 6, w = 6, k = 3, pad = 1, stride = 1;
  int32_t inputZero = 3, outputZero = -2;
  bool relu = false;
};

struct ConvData {
  std::vector<int8_t> input;   // [cin][h][w]
  std::vector<int8_t> weights; // [cout][cin][k][k]
  std::vector<int32_t> bias;
  std::vector<double> multipliers;
};

ConvData randomConv(const ConvCase &c, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> value(-128, 127);
  ConvData data;
  for (int64_t i = 0; i < c.cin * c.h * c.w; ++i)
    data.input.push_back(int8_t(value(rng)));
  for (int64_t i = 0; i < c.cout * c.cin * c.k * c.k; ++i)
    data.weights.push_back(int8_t(value(rng)));
  for (int64_t i = 0; i < c.cout; ++i) {
    data.bias.push_back(value(rng) * 37);
    data.multipliers.push_back(0.0007 + 0.0003 * double(i));
  }
  return data;
}

int64_t outSize(const ConvCase &c, int64_t size) {
  return (size + 2 * c.pad - c.k) / c.stride + 1;
}

/// A direct convolution over centred values with the same requantization.
std::vector<int8_t> referenceConv(const ConvCase &c, const ConvData &d) {
  int64_t ho = outSize(c, c.h), wo = outSize(c, c.w);
  std::vector<int8_t> out;
  for (int64_t co = 0; co < c.cout; ++co)
    for (int64_t oy = 0; oy < ho; ++oy)
      for (int64_t ox = 0; ox < wo; ++ox) {
        int64_t acc = d.bias[size_t(co)];
        for (int64_t ci = 0; ci < c.cin; ++ci)
          for (int64_t ky = 0; ky < c.k; ++ky)
            for (int64_t kx = 0; kx < c.k; ++kx) {
              int64_t y = oy * c.stride + ky - c.pad, x = ox * c.stride + kx - c.pad;
              if (y < 0 || y >= c.h || x < 0 || x >= c.w)
                continue;
              int64_t centred = d.input[size_t((ci * c.h + y) * c.w + x)] - c.inputZero;
              acc += centred * d.weights[size_t(((co * c.cin + ci) * c.k + ky) * c.k + kx)];
            }
        out.push_back(int8_t(requantize(acc, quantizeMultiplier(d.multipliers[size_t(co)]),
                                        c.outputZero, c.relu ? c.outputZero : -128, 127)));
      }
  return out;
}

/// The schedule the lowering uses for a convolution, written out by hand:
/// the input lands in a halo-padded buffer (filled with the input's zero
/// point), and each output-channel tile accumulates one 1x1 product per
/// kernel position and input-channel tile before one requantizing pass.
std::vector<int8_t> simulateConv(const ConvCase &c, const ConvData &d, const ArrayConfig &array,
                                 int64_t *macs = nullptr) {
  int64_t r = array.rows, lanes = array.cols;
  int64_t kTiles = (c.cin + r - 1) / r, nTiles = (c.cout + lanes - 1) / lanes;
  int64_t hp = c.h + 2 * c.pad, wp = c.w + 2 * c.pad;
  int64_t ho = outSize(c, c.h), wo = outSize(c, c.w);
  int64_t inputRows = kTiles * c.h * c.w, tileRows = lanes;
  int64_t weightBase = inputRows;
  int64_t weightTiles = nTiles * c.k * c.k * kTiles;
  int64_t outputBase = weightBase + weightTiles * tileRows;
  FunctionalSimulator sim(array, outputBase + nTiles * ho * wo);
  for (int64_t ci = 0; ci < c.cin; ++ci)
    for (int64_t y = 0; y < c.h; ++y)
      for (int64_t x = 0; x < c.w; ++x)
        sim.dramRow((ci / r) * c.h * c.w + y * c.w + x)[ci % r] =
            d.input[size_t((ci * c.h + y) * c.w + x)];
  Program program;
  // Per output channel: bias minus the input zero point times its weights.
  for (int64_t co = 0; co < nTiles * lanes; ++co) {
    if (co >= c.cout) {
      program.table.push_back(RequantEntry{});
      continue;
    }
    int64_t weightSum = 0;
    for (int64_t i = 0; i < c.cin * c.k * c.k; ++i)
      weightSum += d.weights[size_t(co * c.cin * c.k * c.k + i)];
    program.table.push_back(entryFor(d.multipliers[size_t(co)],
                                     int32_t(d.bias[size_t(co)] - c.inputZero * weightSum),
                                     c.outputZero, c.relu ? c.outputZero : -128));
  }
  int64_t ubIn = 0, ubOut = kTiles * hp * wp;
  for (int64_t kt = 0; kt < kTiles; ++kt) {
    program.instructions.push_back(fill(ubIn + kt * hp * wp, 1, hp * wp, 0, int8_t(c.inputZero)));
    program.instructions.push_back(
        dmaIn(kt * c.h * c.w, ubIn + kt * hp * wp + c.pad * wp + c.pad, c.h, c.w, c.w, wp));
  }
  int64_t tile = 0;
  for (int64_t nt = 0; nt < nTiles; ++nt) {
    bool first = true;
    for (int64_t ky = 0; ky < c.k; ++ky)
      for (int64_t kx = 0; kx < c.k; ++kx)
        for (int64_t kt = 0; kt < kTiles; ++kt, ++tile) {
          int8_t *bytes = sim.dramRow(weightBase + tile * tileRows);
          for (int64_t k = 0; k < r; ++k)
            for (int64_t n = 0; n < lanes; ++n) {
              int64_t ci = kt * r + k, co = nt * lanes + n;
              bytes[k * lanes + n] =
                  ci < c.cin && co < c.cout
                      ? d.weights[size_t(((co * c.cin + ci) * c.k + ky) * c.k + kx)]
                      : 0;
            }
          program.instructions.push_back(loadWeights(weightBase + tile * tileRows, 1));
          Instruction product =
              matMul(ubIn + kt * hp * wp + ky * wp + kx, 0, ho, wo, c.stride, c.stride * wp,
                     kNextWeights | (first ? 0 : kAccumulate));
          if (first && nt > 0)
            product.waitMask = 0b10; // the previous tile's activation drained the rows
          first = false;
          bool last = ky == c.k - 1 && kx == c.k - 1 && kt == kTiles - 1;
          if (last)
            product.signalMask = 0b1;
          program.instructions.push_back(product);
        }
    Instruction act = activate(0, ubOut + nt * ho * wo, ho, wo, wo, uint64_t(nt * lanes));
    act.waitMask = 0b1;
    act.signalMask = nt + 1 < nTiles ? 0b110 : 0b100;
    program.instructions.push_back(act);
    Instruction out = dmaOut(ubOut + nt * ho * wo, outputBase + nt * ho * wo, 1, ho * wo, 0, 0);
    out.waitMask = 0b100;
    program.instructions.push_back(out);
  }
  program.instructions.push_back(halt());
  sim.run(program);
  if (macs)
    *macs = sim.macsIssued();
  std::vector<int8_t> result;
  for (int64_t co = 0; co < c.cout; ++co)
    for (int64_t p = 0; p < ho * wo; ++p)
      result.push_back(sim.dramRow(outputBase + (co / lanes) * ho * wo + p)[co % lanes]);
  return result;
}

TEST(SystolicSimulator, ConvolutionEqualsDirectIntegerConvolution) {
  ConvCase cases[4];
  cases[1].stride = 2;
  cases[2].relu = true;
  cases[2].inputZero = -20;
  cases[3].cin = 9; // three input-channel tiles, the last one partial
  cases[3].cout = 4;
  cases[3].k = 1;
  cases[3].pad = 0;
  unsigned seed = 1;
  for (const ConvCase &c : cases) {
    ConvData data = randomConv(c, seed++);
    int64_t macs = 0;
    std::vector<int8_t> expected = referenceConv(c, data);
    EXPECT_EQ(simulateConv(c, data, smallArray(), &macs), expected)
        << "cin=" << c.cin << " stride=" << c.stride << " relu=" << c.relu;
    int64_t positions = outSize(c, c.h) * outSize(c, c.w);
    int64_t tiles = ((c.cout + 3) / 4) * c.k * c.k * ((c.cin + 3) / 4);
    EXPECT_EQ(macs, tiles * positions * 16);
  }
}

TEST(SystolicSimulator, VectorAddAndPoolingFollowTheirDefinitions) {
  ArrayConfig array = smallArray();
  FunctionalSimulator sim(array, 64);
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> value(-128, 127);
  for (int64_t row = 0; row < 32; ++row)
    for (int lane = 0; lane < 4; ++lane)
      sim.dramRow(row)[lane] = int8_t(value(rng));
  Program program;
  RequantEntry left = entryFor(0.02 / (2 * 0.03), 5, 0), right = entryFor(0.03 / (2 * 0.03), -9, 0);
  RequantEntry output = entryFor(2 * 0.03 / (0.04 * (1 << kAddLeftShift)), 0, 4);
  RequantEntry identity = entryFor(1.0, 0, 0);
  RequantEntry average = entryFor(1.0 / 4, 0, 0);
  program.table = {left, right, output, identity, average};
  program.instructions = {
      dmaIn(0, 0, 1, 32, 0, 0),
      // add rows 0..7 and 8..15 into 100..107
      vector(VectorOp::Add, 0, 8, 100, 1, 8),
      // 2x2 max and average pooling, stride 2, over rows 16..31 seen as 4x4
      config(ConfigRegister::VectorSrcStride, 4),
      config(ConfigRegister::VectorDstStride, 2),
      config(ConfigRegister::PoolKernelH, 2),
      config(ConfigRegister::PoolKernelW, 2),
      config(ConfigRegister::PoolStride, 2),
      config(ConfigRegister::VectorTable, 3),
      vector(VectorOp::MaxPool, 16, 0, 200, 2, 2),
      vector(VectorOp::Copy, 16, 0, 220, 2, 2), // rows 16, 17 and 20, 21
      dmaOut(220, 56, 2, 2, 2, 2),
      config(ConfigRegister::VectorTable, 4),
      vector(VectorOp::AvgPool, 16, 0, 210, 2, 2),
      dmaOut(100, 40, 1, 8, 0, 0),
      dmaOut(200, 48, 1, 4, 0, 0),
      dmaOut(210, 52, 1, 4, 0, 0),
  };
  sim.run(program);
  for (int64_t row = 0; row < 8; ++row)
    for (int lane = 0; lane < 4; ++lane) {
      int8_t a = sim.dramRow(row)[lane], b = sim.dramRow(row + 8)[lane];
      EXPECT_EQ(sim.dramRow(40 + row)[lane], quantizedAdd(a, b, left, right, output));
      // The add's real-valued meaning, within one step of the output grid.
      double real = 0.02 * (a + 5) + 0.03 * (b - 9);
      EXPECT_NEAR(std::clamp(real / 0.04 + 4, -128.0, 127.0), sim.dramRow(40 + row)[lane], 0.51);
    }
  for (int64_t oy = 0; oy < 2; ++oy)
    for (int64_t ox = 0; ox < 2; ++ox)
      for (int lane = 0; lane < 4; ++lane) {
        int best = -128, sum = 0;
        for (int64_t y = 0; y < 2; ++y)
          for (int64_t x = 0; x < 2; ++x) {
            int v = sim.dramRow(16 + (oy * 2 + y) * 4 + ox * 2 + x)[lane];
            best = std::max(best, v);
            sum += v;
          }
        EXPECT_EQ(sim.dramRow(48 + oy * 2 + ox)[lane], best);
        EXPECT_EQ(sim.dramRow(52 + oy * 2 + ox)[lane], average.apply(sum));
      }
  // Copy through the identity entry, source rows 4 apart, destination 2.
  for (int64_t i = 0; i < 2; ++i)
    for (int64_t j = 0; j < 2; ++j)
      for (int lane = 0; lane < 4; ++lane)
        EXPECT_EQ(sim.dramRow(56 + i * 2 + j)[lane], sim.dramRow(16 + i * 4 + j)[lane]);
}

TEST(SystolicSimulator, PairedProductFeedsTheSecondRowToTheUpperHalf) {
  // R = 4: with pair_offset 3 the array's rows 0-1 read lanes 0-1 of buffer
  // row 0 and rows 2-3 read lanes 0-1 of row 3; lanes 2-3 of both rows are
  // never read. An identity weight tile passes the four values through.
  ArrayConfig array = smallArray();
  FunctionalSimulator sim(array, 32);
  const int8_t rows[4][4] = {{1, 2, 90, 91}, {7, 7, 7, 7}, {7, 7, 7, 7}, {5, -6, 92, 93}};
  for (int64_t row = 0; row < 4; ++row)
    std::copy(rows[row], rows[row] + 4, sim.dramRow(row));
  for (int64_t k = 0; k < 4; ++k)
    sim.dramRow(8 + k)[k] = 1;
  Program program;
  program.table.assign(4, RequantEntry{});
  program.instructions = {dmaIn(0, 0, 1, 4, 0, 0),        loadWeights(8, 1),
                          matMul(0, 0, 1, 1, 1, 0, kNextWeights, 3),
                          activate(0, 16, 1, 1, 1, 0),   dmaOut(16, 20, 1, 1, 0, 0),
                          halt()};
  sim.run(program);
  EXPECT_EQ(std::vector<int8_t>(sim.dramRow(20), sim.dramRow(20) + 4),
            (std::vector<int8_t>{1, 2, 5, -6}));
}

TEST(SystolicSimulator, RejectsProgramsTheHardwareWouldDeadlockOn) {
  ArrayConfig array = smallArray();
  FunctionalSimulator sim(array, 64);
  Program waits;
  Instruction product = matMul(0, 0, 1, 1, 1, 1, 0);
  waits.instructions = {loadWeights(0, 1), product};
  waits.instructions[1].flags = kNextWeights;
  waits.instructions[1].waitMask = 0b1000;
  try {
    sim.run(waits);
    FAIL() << "expected an error";
  } catch (const Error &error) {
    EXPECT_NE(std::string(error.what()).find("instruction 1 (matmul"), std::string::npos);
    EXPECT_NE(std::string(error.what()).find("semaphore 3"), std::string::npos);
  }
  Program overflow;
  overflow.instructions = {loadWeights(0, 3), loadWeights(0, 2)};
  EXPECT_THROW(sim.run(overflow), Error);
  Program outside;
  outside.instructions = {dmaIn(60, 0, 1, 8, 0, 0)};
  EXPECT_THROW(sim.run(outside), Error);
  Program noWeights;
  noWeights.instructions = {product};
  EXPECT_THROW(sim.run(noWeights), Error);
}

//===----------------------------------------------------------------------===//
// Native timing
//===----------------------------------------------------------------------===//

TEST(SystolicTiming, WeightShiftHidesBehindTheProductBeforeIt) {
  ArrayConfig array = smallArray(); // R = C = 4, unlimited DRAM, no latency
  Program program;
  int64_t m = 10;
  program.instructions = {
      loadWeights(0, 2),
      matMul(0, 0, 1, m, 1, 0, kNextWeights),
      matMul(0, 0, 1, m, 1, 0, kNextWeights | kAccumulate),
  };
  program.instructions[2].signalMask = 1;
  ProgramTiming timing = timeNative(program, array, 1);
  // The first tile's 4-cycle shift is exposed; the second shifts while the
  // first product streams; the results drain R + C - 2 after the last row.
  EXPECT_EQ(timing.cycles, 4 + 2 * m + 4 + 4 - 2);
  EXPECT_EQ(timing.layers[0].arrayActive, 2 * m);
  EXPECT_EQ(timing.layers[0].weightShift, 4);
  EXPECT_EQ(timing.layers[0].weightStall, 0);
  // SCALE-Sim serializes the two folds: 2 x (2R + C + M - 2) - 1.
  EXPECT_LT(timing.cycles, scaleSimLayer({m, 8, 4}, 4, 4, Dataflow::WeightStationary).cycles);
}

TEST(SystolicTiming, FiniteBandwidthStallsTheArrayOnWeights) {
  ArrayConfig array = smallArray();
  array.dramBytesPerCycle = 2; // a 16-byte tile takes 8 cycles
  array.dramLatency = 10;
  Program program;
  program.instructions = {
      loadWeights(0, 1), loadWeights(4, 1),
      matMul(0, 0, 1, 3, 1, 0, kNextWeights),
      matMul(0, 0, 1, 3, 1, 0, kNextWeights | kAccumulate),
  };
  ProgramTiming timing = timeNative(program, array, 1);
  // Tile 0 lands at 8 + 10 = 18, shifts to 22, streams to 25; tile 1 lands
  // at 16 + 10 = 26 and shifts from 26 (the first switch was at 22) to 30.
  LayerTiming layer = timing.layers[0];
  EXPECT_EQ(layer.weightShift, 4 + 4);
  EXPECT_EQ(layer.weightStall, 18 + 1);
  EXPECT_EQ(timing.cycles, 30 + 3 + 4 + 4 - 2);
  EXPECT_EQ(layer.dramBytes, 32);
}

TEST(SystolicTiming, SemaphoresOrderEnginesAndLayersSplitTheCycles) {
  ArrayConfig array = smallArray();
  Program program;
  program.table.assign(4, RequantEntry{});
  Instruction product = matMul(0, 0, 1, 20, 1, 0, kNextWeights);
  product.signalMask = 1;
  Instruction act = activate(0, 100, 1, 20, 0, 0);
  act.waitMask = 1;
  program.instructions = {perfMark(0), loadWeights(0, 1), product, perfMark(1), act, halt()};
  ProgramTiming timing = timeNative(program, array, 2);
  int64_t productDone = 4 + 20 + 4 + 4 - 2;
  EXPECT_EQ(timing.layers[0].cycles, productDone);
  EXPECT_EQ(timing.layers[1].cycles, 20);
  EXPECT_EQ(timing.cycles, productDone + 20);
}

// The engines are replayed one after another, so a DMA_OUT listed before a
// LOAD_W can issue after it in time; the DRAM port serves them in time
// order and the weight tile does not wait for the later write-back.
TEST(SystolicTiming, DramPortServesTransfersInTimeOrder) {
  ArrayConfig array = smallArray();
  array.dramBytesPerCycle = 4; // a 16-byte tile or a 4-row DMA takes 4 cycles
  Program program;
  program.table.assign(4, RequantEntry{});
  Instruction first = matMul(0, 0, 1, 40, 1, 0, kNextWeights);
  first.signalMask = 1;
  Instruction write = dmaOut(0, 0, 1, 4, 0, 0);
  write.waitMask = 1; // issues when the first product is done, cycle 4 + 4 + 40 + 6
  Instruction second = matMul(0, 0, 1, 40, 1, 0, kNextWeights | kAccumulate);
  program.instructions = {loadWeights(0, 1), first, write, loadWeights(4, 1), second};
  ProgramTiming timing = timeNative(program, array, 1);
  // Tile 1 lands at 8 and shifts behind the first product (4 + 4 .. 48);
  // the second product streams right after it: 48 + 40 + R + C - 2.
  EXPECT_EQ(timing.layers[0].weightStall, 4);
  EXPECT_EQ(timing.cycles, 4 + 4 + 40 + 40 + 4 + 4 - 2);
}

} // namespace

