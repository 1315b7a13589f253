//===- RuntimeTest.cpp - Unit tests of the reference runtime --------------===//
//
// Numeric formats, tensor I/O, the blocked sgemm against a naive product,
// kernels against direct reference loops, the interpreter (memory release,
// recording, fake quantization) and the errors that must never be undefined
// behaviour. Models are built as ModelProtos in memory. Runs under ASan and
// UBSan in CI (scripts/sanitize.sh).
//
//===----------------------------------------------------------------------===//

#include "runtime/core/Dispatch.h"
#include "runtime/core/Error.h"
#include "runtime/core/Requantize.h"
#include "runtime/core/ThreadPool.h"
#include "runtime/interpreter/Interpreter.h"
#include "runtime/io/TensorIO.h"
#include "runtime/kernels/Sgemm.h"
#include "runtime/parity/Metrics.h"

#include <onnx/onnx_pb.h>

#include <gtest/gtest.h>

#include <climits>
#include <cmath>
#include <filesystem>
#include <random>

using namespace hwc::rt;

namespace {

//===----------------------------------------------------------------------===//
// Helpers: small models built in memory
//===----------------------------------------------------------------------===//

struct ModelBuilder {
  std::shared_ptr<::onnx::ModelProto> proto = std::make_shared<::onnx::ModelProto>();

  explicit ModelBuilder(int opset = 17) {
    proto->set_ir_version(8);
    auto *import = proto->add_opset_import();
    import->set_domain("");
    import->set_version(opset);
  }
  ::onnx::GraphProto &graph() { return *proto->mutable_graph(); }
  void input(const std::string &name, int type, const std::vector<int64_t> &dims) {
    value(graph().add_input(), name, type, dims);
  }
  void output(const std::string &name, int type, const std::vector<int64_t> &dims) {
    value(graph().add_output(), name, type, dims);
  }
  static void value(::onnx::ValueInfoProto *info, const std::string &name,
                    int type, const std::vector<int64_t> &dims) {
    info->set_name(name);
    auto *tensorType = info->mutable_type()->mutable_tensor_type();
    tensorType->set_elem_type(type);
    auto *shape = tensorType->mutable_shape();
    for (int64_t d : dims)
      shape->add_dim()->set_dim_value(d);
  }
  ::onnx::NodeProto &node(const std::string &op, std::vector<std::string> inputs,
                          std::vector<std::string> outputs) {
    auto *node = graph().add_node();
    node->set_op_type(op);
    node->set_name(outputs.empty() ? op : outputs[0]);
    for (auto &i : inputs)
      node->add_input(i);
    for (auto &o : outputs)
      node->add_output(o);
    return *node;
  }
  void initializer(const std::string &name, const Tensor &t) {
    tensorToProto(t, name, *graph().add_initializer());
  }
  std::unique_ptr<Model> build() { return Model::fromProto(proto, "test.onnx", "."); }
};

void intAttr(::onnx::NodeProto &node, const std::string &name, int64_t v) {
  auto *a = node.add_attribute();
  a->set_name(name);
  a->set_type(::onnx::AttributeProto::INT);
  a->set_i(v);
}

void intsAttr(::onnx::NodeProto &node, const std::string &name,
              const std::vector<int64_t> &v) {
  auto *a = node.add_attribute();
  a->set_name(name);
  a->set_type(::onnx::AttributeProto::INTS);
  for (int64_t x : v)
    a->add_ints(x);
}

Tensor randomTensor(const Shape &shape, std::mt19937 &rng) {
  Tensor t(DType::Float32, shape);
  std::uniform_real_distribution<float> dist(-1.f, 1.f);
  for (int64_t i = 0; i < t.numElements(); ++i)
    t.data<float>()[i] = dist(rng);
  return t;
}

//===----------------------------------------------------------------------===//
// Numeric formats
//===----------------------------------------------------------------------===//

TEST(NumericFormats, EveryFiniteHalfRoundTripsThroughFloat) {
  for (uint32_t bits = 0; bits < 0x10000; ++bits) {
    Half h{uint16_t(bits)};
    float f = halfToFloat(h);
    if (std::isnan(f))
      continue;
    EXPECT_EQ(floatToHalf(f).bits, h.bits) << "bits " << bits;
  }
}

TEST(NumericFormats, HalfRoundsToNearestEven) {
  // 2049 lies halfway between 2048 and 2050: even mantissa wins (2048).
  EXPECT_EQ(halfToFloat(floatToHalf(2049.f)), 2048.f);
  EXPECT_EQ(halfToFloat(floatToHalf(2051.f)), 2052.f);
  EXPECT_TRUE(std::isinf(halfToFloat(floatToHalf(70000.f))));
  EXPECT_EQ(halfToFloat(floatToHalf(65519.f)), 65504.f);
}

TEST(NumericFormats, BFloat16RoundsToNearestEven) {
  EXPECT_EQ(bfloat16ToFloat(floatToBFloat16(1.f + 1.f / 256)), 1.f);
  EXPECT_EQ(bfloat16ToFloat(floatToBFloat16(1.f + 3.f / 256)), 1.f + 4.f / 256);
  EXPECT_TRUE(std::isnan(bfloat16ToFloat(floatToBFloat16(NAN))));
}

TEST(NumericFormats, Float8E4M3FNSaturatesOrBecomesNaN) {
  EXPECT_EQ(miniFloatToFloat(MiniFloatKind::E4M3FN,
                             floatToMiniFloat(MiniFloatKind::E4M3FN, 1e6f, true)),
            448.f);
  EXPECT_TRUE(std::isnan(miniFloatToFloat(
      MiniFloatKind::E4M3FN, floatToMiniFloat(MiniFloatKind::E4M3FN, 1e6f, false))));
  // Every finite code decodes and re-encodes to itself.
  for (int code = 0; code < 256; ++code) {
    float v = miniFloatToFloat(MiniFloatKind::E4M3FN, uint8_t(code));
    if (!std::isnan(v))
      EXPECT_EQ(floatToMiniFloat(MiniFloatKind::E4M3FN, v, true), code);
  }
}

TEST(NumericFormats, CastSaturatesFloatToInteger) {
  Tensor t = Tensor::vector<float>({1e10f, -1e10f, NAN, -3.7f});
  Tensor c = castTensor(t, DType::Int8);
  EXPECT_EQ(c.data<int8_t>()[0], 127);
  EXPECT_EQ(c.data<int8_t>()[1], -128);
  EXPECT_EQ(c.data<int8_t>()[2], 0);
  EXPECT_EQ(c.data<int8_t>()[3], -3);
}

//===----------------------------------------------------------------------===//
// Tensor I/O
//===----------------------------------------------------------------------===//

class TensorFiles : public ::testing::Test {
protected:
  std::filesystem::path dir = std::filesystem::temp_directory_path() /
                              ("hwc-runtime-test-" + std::to_string(::getpid()));
  void SetUp() override { std::filesystem::create_directories(dir); }
  void TearDown() override { std::filesystem::remove_all(dir); }
};

TEST_F(TensorFiles, NpyAndPbRoundTrip) {
  std::mt19937 rng(1);
  Tensor t = randomTensor({2, 3, 4}, rng);
  writeNpyFile((dir / "a.npy").string(), t);
  writeTensorProtoFile((dir / "a.pb").string(), t, "a");
  for (const char *name : {"a.npy", "a.pb"}) {
    Tensor back = readTensorFile((dir / name).string());
    ASSERT_EQ(back.shape(), t.shape());
    EXPECT_EQ(std::memcmp(back.rawData(), t.rawData(), t.byteSize()), 0) << name;
  }
}

TEST_F(TensorFiles, Int4IsPackedInFilesAndUnpackedInMemory) {
  Tensor t(DType::Int4, {5});
  for (int i = 0; i < 5; ++i)
    t.data<int8_t>()[i] = int8_t(i - 3);
  writeTensorProtoFile((dir / "i4.pb").string(), t, "x");
  EXPECT_EQ(std::filesystem::file_size(dir / "i4.pb") < 20, true);
  Tensor back = readTensorFile((dir / "i4.pb").string());
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(back.data<int8_t>()[i], i - 3);
}

TEST_F(TensorFiles, TruncatedNpyIsAnErrorNamingTheFile) {
  Tensor t(DType::Float32, {4});
  writeNpyFile((dir / "t.npy").string(), t);
  std::string bytes = readWholeFile((dir / "t.npy").string());
  writeFileAtomically((dir / "t.npy").string(), bytes.substr(0, bytes.size() - 3));
  try {
    readTensorFile((dir / "t.npy").string());
    FAIL() << "expected an error";
  } catch (const Error &e) {
    EXPECT_NE(std::string(e.what()).find("t.npy: .npy data has 13 bytes"),
              std::string::npos)
        << e.what();
  }
}

//===----------------------------------------------------------------------===//
// sgemm
//===----------------------------------------------------------------------===//

struct GemmCase {
  int64_t m, n, k;
  bool transA, transB;
  float alpha, beta;
  int threads;
};

class SgemmTest : public ::testing::TestWithParam<GemmCase> {};

TEST_P(SgemmTest, MatchesNaiveProduct) {
  GemmCase c = GetParam();
  std::mt19937 rng(7);
  Tensor a = randomTensor({c.m * c.k}, rng), b = randomTensor({c.k * c.n}, rng);
  Tensor out = randomTensor({c.m * c.n}, rng), expected = out.clone();
  ThreadPool pool(c.threads);
  sgemm({c.m, c.n, c.k, c.transA, c.transB, c.transA ? c.m : c.k,
         c.transB ? c.k : c.n, c.n},
        c.alpha, a.data<float>(), b.data<float>(), c.beta, out.data<float>(), &pool);
  for (int64_t i = 0; i < c.m; ++i)
    for (int64_t j = 0; j < c.n; ++j) {
      double sum = 0;
      for (int64_t p = 0; p < c.k; ++p)
        sum += double(c.transA ? a.data<float>()[p * c.m + i] : a.data<float>()[i * c.k + p]) *
               double(c.transB ? b.data<float>()[j * c.k + p] : b.data<float>()[p * c.n + j]);
      double want = c.alpha * sum + (c.beta == 0 ? 0 : c.beta * expected.data<float>()[i * c.n + j]);
      ASSERT_NEAR(out.data<float>()[i * c.n + j], want, 1e-4 * (1 + std::abs(want)))
          << i << "," << j;
    }
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, SgemmTest,
    ::testing::Values(GemmCase{1, 1, 1, false, false, 1, 0, 1},
                      GemmCase{7, 19, 5, false, false, 1, 0, 1},
                      GemmCase{13, 17, 300, true, false, 2, 0.5f, 1},
                      GemmCase{64, 70, 257, false, true, 1, 1, 2},
                      GemmCase{100, 33, 520, true, true, -1, 0, 2},
                      GemmCase{200, 1100, 40, false, false, 1, 0, 2}),
    [](const ::testing::TestParamInfo<GemmCase> &info) {
      const GemmCase &c = info.param;
      return std::to_string(c.m) + "x" + std::to_string(c.n) + "x" +
             std::to_string(c.k) + (c.transA ? "_tA" : "") + (c.transB ? "_tB" : "") +
             "_threads" + std::to_string(c.threads);
    });

//===----------------------------------------------------------------------===//
// Kernels against direct loops
//===----------------------------------------------------------------------===//

/// Direct NCHW convolution with pads, strides, dilations and groups.
Tensor directConv(const Tensor &x, const Tensor &w, int64_t group,
                  std::vector<int64_t> pads, std::vector<int64_t> strides,
                  std::vector<int64_t> dilations) {
  int64_t n = x.dim(0), c = x.dim(1), h = x.dim(2), wd = x.dim(3);
  int64_t m = w.dim(0), kh = w.dim(2), kw = w.dim(3), cg = c / group, mg = m / group;
  int64_t oh = (h + pads[0] + pads[2] - dilations[0] * (kh - 1) - 1) / strides[0] + 1;
  int64_t ow = (wd + pads[1] + pads[3] - dilations[1] * (kw - 1) - 1) / strides[1] + 1;
  Tensor y(DType::Float32, {n, m, oh, ow});
  for (int64_t b = 0; b < n; ++b)
    for (int64_t o = 0; o < m; ++o)
      for (int64_t i = 0; i < oh; ++i)
        for (int64_t j = 0; j < ow; ++j) {
          double sum = 0;
          int64_t g = o / mg;
          for (int64_t ci = 0; ci < cg; ++ci)
            for (int64_t a = 0; a < kh; ++a)
              for (int64_t bb = 0; bb < kw; ++bb) {
                int64_t ih = i * strides[0] - pads[0] + a * dilations[0];
                int64_t iw = j * strides[1] - pads[1] + bb * dilations[1];
                if (ih < 0 || ih >= h || iw < 0 || iw >= wd)
                  continue;
                sum += double(x.data<float>()[((b * c + g * cg + ci) * h + ih) * wd + iw]) *
                       w.data<float>()[((o * cg + ci) * kh + a) * kw + bb];
              }
          y.data<float>()[((b * m + o) * oh + i) * ow + j] = float(sum);
        }
  return y;
}

struct ConvCase {
  Shape x, w;
  int64_t group;
  std::vector<int64_t> pads, strides, dilations;
};

class ConvTest : public ::testing::TestWithParam<ConvCase> {};

TEST_P(ConvTest, MatchesDirectConvolution) {
  ConvCase c = GetParam();
  std::mt19937 rng(3);
  Tensor x = randomTensor(c.x, rng), w = randomTensor(c.w, rng);
  Tensor expected = directConv(x, w, c.group, c.pads, c.strides, c.dilations);
  ModelBuilder b;
  b.input("X", 1, c.x);
  b.initializer("W", w);
  b.output("Y", 1, expected.shape());
  auto &node = b.node("Conv", {"X", "W"}, {"Y"});
  intAttr(node, "group", c.group);
  intsAttr(node, "pads", c.pads);
  intsAttr(node, "strides", c.strides);
  intsAttr(node, "dilations", c.dilations);
  auto model = b.build();
  for (int threads : {1, 2}) {
    Interpreter interpreter(*model, threads);
    Tensor y = interpreter.run({{"X", x}}).outputs[0].second;
    ParityMetrics m = compareTensors(y, expected, {1e-4, 1e-5});
    EXPECT_TRUE(m.passed()) << formatMetrics(m, {1e-4, 1e-5});
  }
}

INSTANTIATE_TEST_SUITE_P(
    Geometries, ConvTest,
    ::testing::Values(
        ConvCase{{1, 3, 9, 11}, {4, 3, 3, 3}, 1, {1, 1, 1, 1}, {1, 1}, {1, 1}},
        ConvCase{{2, 4, 10, 10}, {6, 2, 3, 2}, 2, {0, 1, 2, 0}, {2, 3}, {1, 2}},
        ConvCase{{1, 8, 7, 7}, {8, 1, 3, 3}, 8, {1, 1, 1, 1}, {2, 2}, {1, 1}},
        ConvCase{{1, 16, 5, 6}, {7, 16, 1, 1}, 1, {0, 0, 0, 0}, {1, 1}, {1, 1}},
        ConvCase{{1, 2, 40, 300}, {3, 2, 5, 5}, 1, {2, 2, 2, 2}, {1, 1}, {1, 1}}),
    [](const ::testing::TestParamInfo<ConvCase> &info) {
      const ConvCase &c = info.param;
      return "case" + std::to_string(info.index) + "_group" + std::to_string(c.group) +
             "_k" + std::to_string(c.w[2]) + "x" + std::to_string(c.w[3]);
    });

//===----------------------------------------------------------------------===//
// Interpreter
//===----------------------------------------------------------------------===//

TEST(Interpreter, RecordsIntermediatesAndBroadcasts) {
  ModelBuilder b;
  b.input("A", 1, {2, 3});
  b.input("B", 1, {3});
  b.output("Y", 1, {2, 3});
  b.node("Add", {"A", "B"}, {"S"});
  b.node("Relu", {"S"}, {"Y"});
  auto model = b.build();
  Interpreter interpreter(*model);
  Tensor a = Tensor::vector<float>({-1, 2, -3, 4, -5, 6}).reshaped({2, 3});
  RunOptions options;
  options.recordIntermediates = true;
  RunResult r = interpreter.run({{"A", a}, {"B", Tensor::vector<float>({1, 1, 1})}}, options);
  ASSERT_EQ(r.intermediates.size(), 2u);
  EXPECT_EQ(r.intermediates[0].first, "S");
  const float *y = r.outputs[0].second.data<float>();
  EXPECT_EQ(y[0], 0.f);
  EXPECT_EQ(y[1], 3.f);
  EXPECT_EQ(y[5], 7.f);
}

TEST(Interpreter, QuantizationPlanFakeQuantizesNamedTensors) {
  ModelBuilder b;
  b.input("X", 1, {4});
  b.output("Y", 1, {4});
  b.node("Identity", {"X"}, {"H"});
  b.node("Identity", {"H"}, {"Y"});
  auto model = b.build();
  Interpreter interpreter(*model);
  QuantizationPlan plan;
  TensorQuantization q;
  q.bits = 8;
  q.isSigned = true;
  q.scales = {0.5f};
  q.zeroPoints = {0};
  plan.tensors["H"] = q;
  RunOptions options;
  options.quantizationPlan = &plan;
  Tensor x = Tensor::vector<float>({0.26f, 0.75f, 100.f, -0.25f});
  Tensor y = interpreter.run({{"X", x}}, options).outputs[0].second;
  EXPECT_EQ(y.data<float>()[0], 0.5f);   // 0.52 rounds to level 1
  EXPECT_EQ(y.data<float>()[1], 1.f);    // 1.5 is a tie: even level 2
  EXPECT_EQ(y.data<float>()[2], 63.5f);  // saturates at level 127
  EXPECT_EQ(y.data<float>()[3], -0.f);   // -0.5 is a tie: even level 0
  // Without the plan the graph is the fp32 teacher.
  Tensor teacher = interpreter.run({{"X", x}}).outputs[0].second;
  EXPECT_EQ(teacher.data<float>()[2], 100.f);
}

TEST(Interpreter, MissingOperatorsAreAllReportedAtLoad) {
  ModelBuilder b;
  b.input("X", 1, {2});
  b.output("Y", 1, {2});
  b.node("NoSuchOp", {"X"}, {"A"});
  b.node("AnotherMissingOp", {"A"}, {"Y"});
  try {
    b.build();
    FAIL() << "expected an error";
  } catch (const UnsupportedError &e) {
    EXPECT_NE(std::string(e.what()).find("AnotherMissingOp, NoSuchOp"), std::string::npos)
        << e.what();
  }
}

/// Runs a one-node model and returns the error message.
std::string errorOf(ModelBuilder &b, std::map<std::string, Tensor> inputs) {
  auto model = b.build();
  Interpreter interpreter(*model);
  try {
    interpreter.run(inputs);
  } catch (const Error &e) {
    return e.what();
  }
  return "no error";
}

TEST(KernelErrors, IntegerDivisionByZero) {
  ModelBuilder b;
  b.input("A", 6, {2});
  b.input("B", 6, {2});
  b.output("Y", 6, {2});
  b.node("Div", {"A", "B"}, {"Y"});
  EXPECT_EQ(errorOf(b, {{"A", Tensor::vector<int32_t>({1, 2})},
                        {"B", Tensor::vector<int32_t>({1, 0})}}),
            "node 'Y' (Div): integer division by zero (divisor element 1)");
}

TEST(KernelErrors, GatherIndexOutOfRange) {
  ModelBuilder b;
  b.input("X", 1, {3});
  b.input("I", 7, {1});
  b.output("Y", 1, {1});
  b.node("Gather", {"X", "I"}, {"Y"});
  EXPECT_EQ(errorOf(b, {{"X", Tensor::vector<float>({1, 2, 3})},
                        {"I", Tensor::vector<int64_t>({-4})}}),
            "node 'Y' (Gather): index -4 (element 0) is out of range [-3, 2]");
}

TEST(KernelErrors, ReshapeSizeMismatch) {
  ModelBuilder b;
  b.input("X", 1, {6});
  b.input("S", 7, {2});
  b.output("Y", 1, {});
  b.node("Reshape", {"X", "S"}, {"Y"});
  EXPECT_EQ(errorOf(b, {{"X", Tensor(DType::Float32, {6})},
                        {"S", Tensor::vector<int64_t>({4, -1})}}),
            "node 'Y' (Reshape): cannot reshape 6 (6 elements) to 4x-1");
}

TEST(KernelErrors, ModOfIntegersByZero) {
  ModelBuilder b;
  b.input("A", 7, {1});
  b.input("B", 7, {1});
  b.output("Y", 7, {1});
  b.node("Mod", {"A", "B"}, {"Y"});
  EXPECT_EQ(errorOf(b, {{"A", Tensor::vector<int64_t>({INT64_MIN})},
                        {"B", Tensor::vector<int64_t>({0})}}),
            "node 'Y' (Mod): integer modulo by zero (divisor element 0)");
}

//===----------------------------------------------------------------------===//
// Thread pool and parity metrics
//===----------------------------------------------------------------------===//

TEST(ThreadPool, CoversTheRangeOnceAndRethrows) {
  ThreadPool pool(2);
  std::vector<int> hits(1000, 0);
  pool.parallelFor(1000, 7, [&](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; ++i)
      ++hits[size_t(i)];
  });
  for (int h : hits)
    ASSERT_EQ(h, 1);
  EXPECT_THROW(pool.parallelFor(100, 1, [](int64_t b, int64_t e) {
                 if (b <= 50 && 50 < e)
                   fail("boom");
               }),
               Error);
}

TEST(Parity, ReportsMismatchesAndRequiredTolerance) {
  Tensor ref = Tensor::vector<float>({1, 2, 0, 4}).reshaped({1, 4});
  Tensor act = Tensor::vector<float>({1, 2.01f, 1e-3f, 4}).reshaped({1, 4});
  ParityMetrics m = compareTensors(act, ref, {1e-3, 1e-7});
  EXPECT_EQ(m.mismatches, 2);
  EXPECT_NEAR(m.maxAbsError, 0.01, 1e-6);
  EXPECT_NEAR(m.requiredAtol, 0.01 - 2.01e-3 + 1e-6, 1e-5);
  ASSERT_TRUE(m.top1Agreement.has_value());
  EXPECT_EQ(*m.top1Agreement, 1.0);
  EXPECT_GT(m.cosine, 0.9999);
  ParityMetrics same = compareTensors(ref, ref, {1e-3, 1e-7});
  EXPECT_TRUE(same.passed());
  EXPECT_TRUE(std::isinf(same.sqnrDb));
}

TEST(Parity, NaNMatchesNaNOnly) {
  Tensor a = Tensor::vector<float>({NAN, 1});
  Tensor b = Tensor::vector<float>({NAN, NAN});
  EXPECT_TRUE(compareTensors(a, a, {}).passed());
  EXPECT_EQ(compareTensors(a, b, {}).mismatches, 1);
}

} // namespace

TEST(Quantization, PerAxisScalesApplyPerChannel) {
  // [2 channels, 3]: channel 0 scale 0.5, channel 1 scale 2 (zero point 1).
  TensorQuantization q;
  q.bits = 8;
  q.axis = 0;
  q.narrowRange = true;
  q.scales = {0.5f, 2.f};
  q.zeroPoints = {0, 1};
  Tensor x = Tensor::vector<float>({0.74f, -100.f, 1.f, 3.f, 5.f, -300.f});
  x = x.reshaped({2, 3});
  Tensor y = fakeQuantize(x, q);
  const float *v = y.data<float>();
  EXPECT_EQ(v[0], 0.5f);    // 1.48 -> level 1
  EXPECT_EQ(v[1], -63.5f);  // saturates at the narrow-range floor -127
  EXPECT_EQ(v[2], 1.f);
  EXPECT_EQ(v[3], 4.f);     // 3/2 = 1.5 ties to 2, plus zero point 1 = 3 -> (3-1)*2
  EXPECT_EQ(v[4], 4.f);     // 2.5 ties to 2 -> level 3 -> 4
  EXPECT_EQ(v[5], -256.f);  // saturates at -127: (-127 - 1) * 2
}

/// round_half_even(acc * m * 2^-(31+shift)) in long double: the product of
/// two 32-bit integers fits its 64-bit mantissa, and scaling by a power of
/// two is exact, so this is the float formula without any rounding before
/// the last step.
int64_t exactFloatRequantize(int64_t acc, FixedPointMultiplier m) {
  long double scaled = std::ldexp((long double)acc * (long double)m.multiplier, -(31 + m.shift));
  return int64_t(std::nearbyintl(scaled));
}

TEST(Requantize, MultiplierAndShiftMatchTheFloatFormulaExactly) {
  std::mt19937_64 generator(11);
  std::uniform_int_distribution<int64_t> accumulators(-(int64_t(1) << 31),
                                                      (int64_t(1) << 31) - 1);
  std::uniform_real_distribution<double> exponents(-24.0, 4.0);
  for (int trial = 0; trial < 200; ++trial) {
    double real = std::exp2(exponents(generator));
    FixedPointMultiplier m = quantizeMultiplier(real);
    EXPECT_GE(m.multiplier, int32_t(1) << 30);
    EXPECT_NEAR(m.value(), real, real * 1e-9);
    for (int i = 0; i < 200; ++i) {
      int64_t acc = accumulators(generator);
      int64_t wide = requantize(acc, m, 0, INT64_MIN, INT64_MAX);
      ASSERT_EQ(wide, exactFloatRequantize(acc, m)) << "acc " << acc << " real " << real;
      // Against the real multiplier the fixed-point form is off by at
      // most one level.
      EXPECT_LE(std::fabs(double(wide) - std::nearbyint(double(acc) * real)),
                1.0 + std::fabs(double(acc)) * real * 1e-9);
    }
  }
}

TEST(Requantize, TiesGoToEvenAndResultsSaturate) {
  FixedPointMultiplier half = quantizeMultiplier(0.5);
  EXPECT_EQ(half.multiplier, int32_t(1) << 30);
  EXPECT_EQ(half.shift, 0);
  EXPECT_EQ(requantize(1, half, 0, -128, 127), 0);   // 0.5 -> 0
  EXPECT_EQ(requantize(3, half, 0, -128, 127), 2);   // 1.5 -> 2
  EXPECT_EQ(requantize(5, half, 0, -128, 127), 2);   // 2.5 -> 2
  EXPECT_EQ(requantize(-3, half, 0, -128, 127), -2); // -1.5 -> -2
  EXPECT_EQ(requantize(-5, half, 0, -128, 127), -2); // -2.5 -> -2
  EXPECT_EQ(requantize(1000, half, 10, -128, 127), 127);
  EXPECT_EQ(requantize(-1000, half, 10, -128, 127), -128);
  FixedPointMultiplier three = quantizeMultiplier(3.0); // a left shift
  EXPECT_EQ(three.shift, -2);
  EXPECT_EQ(requantize(7, three, 0, INT64_MIN, INT64_MAX), 21);
  EXPECT_THROW(quantizeMultiplier(0.0), Error);
  EXPECT_THROW(quantizeMultiplier(std::ldexp(1.0, -40)), Error);
}
