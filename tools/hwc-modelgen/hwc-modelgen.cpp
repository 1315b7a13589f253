//===- hwc-modelgen.cpp - Synthetic ONNX model generator ----------------===//
//
// Writes deterministic synthetic ONNX models (ResNet-50, an MLP, a small
// Transformer encoder and an LSTM classifier) for testing and benchmarking
// the hwc compiler without downloading real models. Topologies follow the
// real networks; weights are pseudo-random but reproducible from a seed on
// every platform, because they come from our own SplitMix64 generator rather
// than from <random> distributions whose output is implementation-defined.
// Tensors are written as little-endian raw_data, optionally moved to one
// external data file, and every file is written through a temporary file
// and a rename so that a failed run never leaves a truncated model behind.
//
//===----------------------------------------------------------------------===//

#include <onnx/onnx_pb.h>

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <unistd.h>

namespace {

//===----------------------------------------------------------------------===//
// Command line
//===----------------------------------------------------------------------===//

/// Model families the generator can emit.
enum class Arch { ResNet50, Mlp, Transformer, Lstm };

/// Parsed command-line options.
struct Options {
  Arch arch = Arch::ResNet50;
  std::string output;
  bool externalData = false;
  uint64_t seed = 1;
  int64_t batch = 1;
};

constexpr const char *kUsage =
    "usage: hwc-modelgen --arch=resnet50|mlp|transformer|lstm -o OUT.onnx\n"
    "                    [--external-data] [--seed=N] [--batch=N]\n"
    "\n"
    "Writes a deterministic synthetic ONNX model (opset 17, IR version 8).\n"
    "\n"
    "  --arch=NAME       resnet50     ResNet-50 v1, input [B,3,224,224]\n"
    "                    mlp          784-512-256-10 MLP, input [B,784]\n"
    "                    transformer  2-layer encoder, input [B,16,64]\n"
    "                    lstm         LSTM(64) classifier, input [B,20,32]\n"
    "  -o, --output=FILE model file to write\n"
    "  --external-data   store tensors > 1 KiB in FILE.data next to FILE\n"
    "  --seed=N          weight seed (default 1)\n"
    "  --batch=N         batch dimension (default 1)\n"
    "  -h, --help        show this help\n";

/// Reports a usage or I/O error as one line on stderr.
void reportError(const std::string &message) {
  std::fprintf(stderr, "hwc-modelgen: error: %s\n", message.c_str());
}

/// Parses a decimal unsigned integer that must fill the whole string.
std::optional<uint64_t> parseUnsigned(const std::string &text) {
  if (text.empty() || text.size() > 20)
    return std::nullopt;
  uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9')
      return std::nullopt;
    uint64_t digit = static_cast<uint64_t>(c - '0');
    if (value > (UINT64_MAX - digit) / 10)
      return std::nullopt;
    value = value * 10 + digit;
  }
  return value;
}

/// Maps an --arch value to its enumerator.
std::optional<Arch> parseArch(std::string_view name) {
  if (name == "resnet50")
    return Arch::ResNet50;
  if (name == "mlp")
    return Arch::Mlp;
  if (name == "transformer")
    return Arch::Transformer;
  if (name == "lstm")
    return Arch::Lstm;
  return std::nullopt;
}

/// Result of parsing argv: options to run with, or an exit code to return.
struct ParseResult {
  std::optional<Options> options;
  int exitCode = 0;
};

/// Parses argv, accepting both "--flag=value" and "--flag value" spellings.
ParseResult parseCommandLine(int argc, char **argv) {
  Options options;
  bool sawArch = false;
  auto fail = [](const std::string &message) {
    reportError(message + " (see --help)");
    return ParseResult{std::nullopt, 1};
  };

  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    std::string key = arg;
    std::optional<std::string> value;
    if (size_t eq = arg.find('='); arg.rfind("--", 0) == 0 && eq != std::string::npos) {
      key = arg.substr(0, eq);
      value = arg.substr(eq + 1);
    }
    // Fetches the option's value from "=value" or from the next argument.
    auto takeValue = [&]() -> std::optional<std::string> {
      if (value)
        return value;
      if (i + 1 < argc)
        return std::string(argv[++i]);
      return std::nullopt;
    };

    if (key == "-h" || key == "--help") {
      std::fputs(kUsage, stdout);
      return {std::nullopt, 0};
    }
    if (key == "--external-data" && !value) {
      options.externalData = true;
    } else if (key == "--arch") {
      std::optional<std::string> name = takeValue();
      if (!name)
        return fail("--arch needs a value");
      std::optional<Arch> arch = parseArch(*name);
      if (!arch)
        return fail("unknown --arch '" + *name + "'");
      options.arch = *arch;
      sawArch = true;
    } else if (key == "-o" || key == "--output") {
      std::optional<std::string> path = takeValue();
      if (!path || path->empty())
        return fail(key + " needs a file name");
      options.output = *path;
    } else if (key == "--seed") {
      std::optional<std::string> text = takeValue();
      std::optional<uint64_t> seed = text ? parseUnsigned(*text) : std::nullopt;
      if (!seed)
        return fail("--seed needs an unsigned integer");
      options.seed = *seed;
    } else if (key == "--batch") {
      std::optional<std::string> text = takeValue();
      std::optional<uint64_t> batch = text ? parseUnsigned(*text) : std::nullopt;
      if (!batch || *batch == 0 || *batch > 65536)
        return fail("--batch needs an integer in [1, 65536]");
      options.batch = static_cast<int64_t>(*batch);
    } else {
      return fail("unknown argument '" + arg + "'");
    }
  }
  if (!sawArch)
    return fail("missing --arch");
  if (options.output.empty())
    return fail("missing -o OUT.onnx");
  return {options, 0};
}

//===----------------------------------------------------------------------===//
// Deterministic weights
//===----------------------------------------------------------------------===//

/// SplitMix64: tiny, fast, and bit-identical on every platform.
class SplitMix64 {
public:
  explicit SplitMix64(uint64_t seed) : state(seed) {}

  /// Returns the next 64 pseudo-random bits.
  uint64_t next() {
    uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }

  /// Returns a float uniformly drawn from [lo, hi).
  float uniform(float lo, float hi) {
    // 24 bits fill a float mantissa exactly, so the unit value is exact.
    float unit = static_cast<float>(next() >> 40) * 0x1.0p-24f;
    return lo + (hi - lo) * unit;
  }

private:
  uint64_t state;
};

/// FNV-1a hash of a tensor name, used to give each tensor its own stream so
/// that its values do not depend on the order tensors are created in.
uint64_t hashName(std::string_view name) {
  uint64_t hash = 0xCBF29CE484222325ULL;
  for (unsigned char c : name) {
    hash ^= c;
    hash *= 0x100000001B3ULL;
  }
  return hash;
}

/// Appends `value` to `out` as 4 little-endian bytes, whatever the host order.
inline void storeLittleEndian(char *out, float value) {
  uint32_t bits;
  std::memcpy(&bits, &value, sizeof(bits));
  for (int byte = 0; byte < 4; ++byte)
    out[byte] = static_cast<char>((bits >> (8 * byte)) & 0xFF);
}

/// Kaiming-uniform bound for ReLU networks: keeps activation variance steady.
float kaimingBound(int64_t fanIn) {
  return std::sqrt(6.0f / static_cast<float>(fanIn));
}

/// PyTorch's default bias / recurrent bound: 1 / sqrt(fan_in).
float inverseSqrtBound(int64_t fanIn) {
  return 1.0f / std::sqrt(static_cast<float>(fanIn));
}

//===----------------------------------------------------------------------===//
// Graph construction
//===----------------------------------------------------------------------===//

using Dims = std::vector<int64_t>;

/// Thin helper over onnx::GraphProto that creates initializers with
/// deterministic contents and nodes with unique, meaningful names.
class GraphBuilder {
public:
  GraphBuilder(onnx::GraphProto &graph, uint64_t seed)
      : graph(graph), seed(seed) {}

  /// Adds a float initializer drawn uniformly from [lo, hi).
  std::string addUniform(const std::string &name, const Dims &dims, float lo,
                         float hi) {
    onnx::TensorProto &tensor = addFloatTensor(name, dims);
    SplitMix64 rng(seed ^ hashName(name));
    std::string &raw = *tensor.mutable_raw_data();
    for (size_t offset = 0; offset < raw.size(); offset += 4)
      storeLittleEndian(&raw[offset], rng.uniform(lo, hi));
    return name;
  }

  /// Adds a float initializer with every element equal to `value`.
  std::string addConstant(const std::string &name, const Dims &dims,
                          float value) {
    onnx::TensorProto &tensor = addFloatTensor(name, dims);
    std::string &raw = *tensor.mutable_raw_data();
    for (size_t offset = 0; offset < raw.size(); offset += 4)
      storeLittleEndian(&raw[offset], value);
    return name;
  }

  /// Adds an int64 initializer (shapes, axes, indices).
  std::string addInt64(const std::string &name, const Dims &dims,
                       const std::vector<int64_t> &values) {
    onnx::TensorProto &tensor = *graph.add_initializer();
    tensor.set_name(name);
    tensor.set_data_type(onnx::TensorProto::INT64);
    for (int64_t dim : dims)
      tensor.add_dims(dim);
    std::string &raw = *tensor.mutable_raw_data();
    raw.resize(values.size() * 8);
    for (size_t i = 0; i < values.size(); ++i)
      for (int byte = 0; byte < 8; ++byte)
        raw[i * 8 + byte] = static_cast<char>(
            (static_cast<uint64_t>(values[i]) >> (8 * byte)) & 0xFF);
    return name;
  }

  /// Adds a node named `name`; its single output is `output`, or `name`.
  onnx::NodeProto &addNode(const std::string &opType, const std::string &name,
                           const std::vector<std::string> &inputs,
                           const std::string &output = "") {
    onnx::NodeProto &node = *graph.add_node();
    node.set_op_type(opType);
    node.set_name(name);
    for (const std::string &input : inputs)
      node.add_input(input);
    node.add_output(output.empty() ? name : output);
    return node;
  }

  /// Declares a float32 graph input.
  void addInput(const std::string &name, const Dims &dims) {
    describeFloat(*graph.add_input(), name, dims);
  }

  /// Declares a float32 graph output.
  void addOutput(const std::string &name, const Dims &dims) {
    describeFloat(*graph.add_output(), name, dims);
  }

  /// Number of float parameters added so far.
  int64_t floatParameters() const { return parameterCount; }

private:
  /// Creates a float initializer with zeroed raw_data of the right size.
  onnx::TensorProto &addFloatTensor(const std::string &name, const Dims &dims) {
    onnx::TensorProto &tensor = *graph.add_initializer();
    tensor.set_name(name);
    tensor.set_data_type(onnx::TensorProto::FLOAT);
    int64_t elements = 1;
    for (int64_t dim : dims) {
      tensor.add_dims(dim);
      elements *= dim;
    }
    // One resize per tensor instead of per-element repeated fields keeps
    // the 100 MB ResNet-50 fast to build.
    tensor.mutable_raw_data()->resize(static_cast<size_t>(elements) * 4);
    parameterCount += elements;
    return tensor;
  }

  /// Fills a ValueInfoProto with a float32 tensor type of fixed shape.
  static void describeFloat(onnx::ValueInfoProto &info, const std::string &name,
                            const Dims &dims) {
    info.set_name(name);
    onnx::TypeProto_Tensor &type = *info.mutable_type()->mutable_tensor_type();
    type.set_elem_type(onnx::TensorProto::FLOAT);
    for (int64_t dim : dims)
      type.mutable_shape()->add_dim()->set_dim_value(dim);
  }

  onnx::GraphProto &graph;
  uint64_t seed;
  int64_t parameterCount = 0;
};

/// Sets an integer attribute on `node`.
void setAttr(onnx::NodeProto &node, const std::string &name, int64_t value) {
  onnx::AttributeProto &attr = *node.add_attribute();
  attr.set_name(name);
  attr.set_type(onnx::AttributeProto::INT);
  attr.set_i(value);
}

/// Sets a float attribute on `node`.
void setAttr(onnx::NodeProto &node, const std::string &name, float value) {
  onnx::AttributeProto &attr = *node.add_attribute();
  attr.set_name(name);
  attr.set_type(onnx::AttributeProto::FLOAT);
  attr.set_f(value);
}

/// Sets a string attribute on `node`.
void setAttr(onnx::NodeProto &node, const std::string &name,
             const char *value) {
  onnx::AttributeProto &attr = *node.add_attribute();
  attr.set_name(name);
  attr.set_type(onnx::AttributeProto::STRING);
  attr.set_s(value);
}

/// Sets an integer-list attribute on `node`.
void setAttr(onnx::NodeProto &node, const std::string &name,
             std::initializer_list<int64_t> values) {
  onnx::AttributeProto &attr = *node.add_attribute();
  attr.set_name(name);
  attr.set_type(onnx::AttributeProto::INTS);
  for (int64_t value : values)
    attr.add_ints(value);
}

/// Adds a fully connected layer (Gemm with transB, PyTorch weight layout).
std::string addLinear(GraphBuilder &b, const std::string &name,
                      const std::string &input, int64_t inFeatures,
                      int64_t outFeatures, const std::string &output = "") {
  float bound = kaimingBound(inFeatures);
  std::string weight =
      b.addUniform(name + ".weight", {outFeatures, inFeatures}, -bound, bound);
  float biasBound = inverseSqrtBound(inFeatures);
  std::string bias =
      b.addUniform(name + ".bias", {outFeatures}, -biasBound, biasBound);
  onnx::NodeProto &gemm = b.addNode("Gemm", name, {input, weight, bias}, output);
  setAttr(gemm, "transB", int64_t{1});
  return gemm.output(0);
}

//===----------------------------------------------------------------------===//
// ResNet-50
//===----------------------------------------------------------------------===//

/// Adds a bias-free square convolution named `name`.
std::string addConv(GraphBuilder &b, const std::string &name,
                    const std::string &input, int64_t inChannels,
                    int64_t outChannels, int64_t kernel, int64_t stride) {
  float bound = kaimingBound(inChannels * kernel * kernel);
  std::string weight = b.addUniform(
      name + ".weight", {outChannels, inChannels, kernel, kernel}, -bound,
      bound);
  onnx::NodeProto &conv = b.addNode("Conv", name, {input, weight});
  int64_t pad = kernel / 2;
  setAttr(conv, "kernel_shape", {kernel, kernel});
  setAttr(conv, "strides", {stride, stride});
  setAttr(conv, "pads", {pad, pad, pad, pad});
  return conv.output(0);
}

/// Adds an inference BatchNormalization node. It is kept separate from the
/// convolution on purpose, so that compiler passes have something to fold.
std::string addBatchNorm(GraphBuilder &b, const std::string &name,
                         const std::string &input, int64_t channels) {
  // Scales below one and a positive variance around one keep the random
  // network's activations in a sane range through 16 residual blocks.
  std::string scale = b.addUniform(name + ".weight", {channels}, 0.5f, 1.0f);
  std::string bias = b.addUniform(name + ".bias", {channels}, -0.1f, 0.1f);
  std::string mean =
      b.addUniform(name + ".running_mean", {channels}, -0.1f, 0.1f);
  std::string var =
      b.addUniform(name + ".running_var", {channels}, 0.5f, 1.5f);
  onnx::NodeProto &bn =
      b.addNode("BatchNormalization", name, {input, scale, bias, mean, var});
  setAttr(bn, "epsilon", 1e-5f);
  return bn.output(0);
}

/// Adds one torchvision Bottleneck block (1x1, 3x3, 1x1 with 4x expansion).
/// As in torchvision the stride sits on the 3x3 convolution.
std::string addBottleneck(GraphBuilder &b, const std::string &prefix,
                          const std::string &input, int64_t inChannels,
                          int64_t width, int64_t stride) {
  int64_t outChannels = width * 4;
  std::string x = addConv(b, prefix + ".conv1", input, inChannels, width, 1, 1);
  x = addBatchNorm(b, prefix + ".bn1", x, width);
  x = b.addNode("Relu", prefix + ".relu1", {x}).output(0);
  x = addConv(b, prefix + ".conv2", x, width, width, 3, stride);
  x = addBatchNorm(b, prefix + ".bn2", x, width);
  x = b.addNode("Relu", prefix + ".relu2", {x}).output(0);
  x = addConv(b, prefix + ".conv3", x, width, outChannels, 1, 1);
  x = addBatchNorm(b, prefix + ".bn3", x, outChannels);

  std::string shortcut = input;
  if (stride != 1 || inChannels != outChannels) {
    shortcut = addConv(b, prefix + ".downsample.0", input, inChannels,
                       outChannels, 1, stride);
    shortcut = addBatchNorm(b, prefix + ".downsample.1", shortcut, outChannels);
  }
  x = b.addNode("Add", prefix + ".add", {x, shortcut}).output(0);
  return b.addNode("Relu", prefix + ".relu3", {x}).output(0);
}

/// Builds ResNet-50: input [B,3,224,224] -> logits [B,1000].
void buildResNet50(GraphBuilder &b, int64_t batch) {
  b.addInput("input", {batch, 3, 224, 224});
  std::string x = addConv(b, "conv1", "input", 3, 64, 7, 2);
  x = addBatchNorm(b, "bn1", x, 64);
  x = b.addNode("Relu", "relu", {x}).output(0);
  onnx::NodeProto &pool = b.addNode("MaxPool", "maxpool", {x});
  setAttr(pool, "kernel_shape", {3, 3});
  setAttr(pool, "strides", {2, 2});
  setAttr(pool, "pads", {1, 1, 1, 1});
  x = pool.output(0);

  struct Stage {
    int64_t blocks, width, stride;
  };
  const Stage stages[] = {{3, 64, 1}, {4, 128, 2}, {6, 256, 2}, {3, 512, 2}};
  int64_t channels = 64;
  for (int stage = 0; stage < 4; ++stage) {
    for (int64_t block = 0; block < stages[stage].blocks; ++block) {
      std::string prefix =
          "layer" + std::to_string(stage + 1) + "." + std::to_string(block);
      int64_t stride = block == 0 ? stages[stage].stride : 1;
      x = addBottleneck(b, prefix, x, channels, stages[stage].width, stride);
      channels = stages[stage].width * 4;
    }
  }

  x = b.addNode("GlobalAveragePool", "avgpool", {x}).output(0);
  onnx::NodeProto &flatten = b.addNode("Flatten", "flatten", {x});
  setAttr(flatten, "axis", int64_t{1});
  addLinear(b, "fc", flatten.output(0), 2048, 1000, "logits");
  b.addOutput("logits", {batch, 1000});
}

//===----------------------------------------------------------------------===//
// MLP
//===----------------------------------------------------------------------===//

/// Builds the MNIST-sized MLP: input [B,784] -> probs [B,10].
void buildMlp(GraphBuilder &b, int64_t batch) {
  b.addInput("input", {batch, 784});
  std::string x = addLinear(b, "fc1", "input", 784, 512);
  x = b.addNode("Relu", "relu1", {x}).output(0);
  x = addLinear(b, "fc2", x, 512, 256);
  x = b.addNode("Relu", "relu2", {x}).output(0);
  x = addLinear(b, "fc3", x, 256, 10);
  onnx::NodeProto &softmax = b.addNode("Softmax", "softmax", {x}, "probs");
  setAttr(softmax, "axis", int64_t{-1});
  b.addOutput("probs", {batch, 10});
}

//===----------------------------------------------------------------------===//
// Transformer encoder
//===----------------------------------------------------------------------===//

/// Encoder dimensions.
constexpr int64_t kSeqLen = 16;
constexpr int64_t kModelDim = 64;
constexpr int64_t kHeads = 4;
constexpr int64_t kHeadDim = kModelDim / kHeads;
constexpr int64_t kFfnDim = 128;
constexpr int kEncoderLayers = 2;

/// Adds x @ W + b with W stored [in, out] as MatMul expects.
std::string addDense(GraphBuilder &b, const std::string &name,
                     const std::string &input, int64_t inFeatures,
                     int64_t outFeatures) {
  float bound = kaimingBound(inFeatures);
  std::string weight =
      b.addUniform(name + ".weight", {inFeatures, outFeatures}, -bound, bound);
  float biasBound = inverseSqrtBound(inFeatures);
  std::string bias =
      b.addUniform(name + ".bias", {outFeatures}, -biasBound, biasBound);
  std::string y = b.addNode("MatMul", name + ".matmul", {input, weight}).output(0);
  return b.addNode("Add", name + ".add", {y, bias}).output(0);
}

/// Adds a Transpose node with permutation `perm`.
std::string addTranspose(GraphBuilder &b, const std::string &name,
                         const std::string &input,
                         std::initializer_list<int64_t> perm) {
  onnx::NodeProto &node = b.addNode("Transpose", name, {input});
  setAttr(node, "perm", perm);
  return node.output(0);
}

/// Adds LayerNormalization over the last axis with its own scale and bias.
std::string addLayerNorm(GraphBuilder &b, const std::string &name,
                         const std::string &input, int64_t dim,
                         const std::string &output = "") {
  std::string scale = b.addUniform(name + ".weight", {dim}, 0.9f, 1.1f);
  std::string bias = b.addUniform(name + ".bias", {dim}, -0.05f, 0.05f);
  onnx::NodeProto &ln =
      b.addNode("LayerNormalization", name, {input, scale, bias}, output);
  setAttr(ln, "axis", int64_t{-1});
  setAttr(ln, "epsilon", 1e-5f);
  return ln.output(0);
}

/// Adds exact GELU, 0.5 * x * (1 + erf(x / sqrt(2))), spelled out in basic
/// ops because Gelu itself only exists from opset 20.
std::string addGelu(GraphBuilder &b, const std::string &name,
                    const std::string &input) {
  std::string scaled =
      b.addNode("Div", name + ".div", {input, "const.sqrt2"}).output(0);
  std::string erf = b.addNode("Erf", name + ".erf", {scaled}).output(0);
  std::string shifted =
      b.addNode("Add", name + ".add", {erf, "const.one"}).output(0);
  std::string product =
      b.addNode("Mul", name + ".mul", {input, shifted}).output(0);
  return b.addNode("Mul", name + ".half", {product, "const.half"}).output(0);
}

/// Adds multi-head self-attention on [B,S,D] and returns [B,S,D].
std::string addSelfAttention(GraphBuilder &b, const std::string &prefix,
                             const std::string &input) {
  // [B,S,D] -> [B,S,H,Dh]; a 0 in the Reshape target copies the batch dim,
  // which keeps the graph valid for any --batch.
  auto splitHeads = [&](const std::string &name, const std::string &x) {
    return b.addNode("Reshape", name, {x, "const.split_heads_shape"}).output(0);
  };
  std::string q = addDense(b, prefix + ".q_proj", input, kModelDim, kModelDim);
  std::string k = addDense(b, prefix + ".k_proj", input, kModelDim, kModelDim);
  std::string v = addDense(b, prefix + ".v_proj", input, kModelDim, kModelDim);
  q = addTranspose(b, prefix + ".q_heads",
                   splitHeads(prefix + ".q_split", q), {0, 2, 1, 3});
  k = addTranspose(b, prefix + ".k_heads_t",
                   splitHeads(prefix + ".k_split", k), {0, 2, 3, 1});
  v = addTranspose(b, prefix + ".v_heads",
                   splitHeads(prefix + ".v_split", v), {0, 2, 1, 3});

  std::string scores =
      b.addNode("MatMul", prefix + ".scores", {q, k}).output(0);
  scores = b.addNode("Mul", prefix + ".scale", {scores, "const.attn_scale"})
               .output(0);
  onnx::NodeProto &softmax =
      b.addNode("Softmax", prefix + ".softmax", {scores});
  setAttr(softmax, "axis", int64_t{-1});
  std::string context =
      b.addNode("MatMul", prefix + ".context", {softmax.output(0), v})
          .output(0);
  context = addTranspose(b, prefix + ".merge_t", context, {0, 2, 1, 3});
  context = b.addNode("Reshape", prefix + ".merge",
                      {context, "const.merge_heads_shape"})
                .output(0);
  return addDense(b, prefix + ".out_proj", context, kModelDim, kModelDim);
}

/// Adds one post-LayerNorm encoder layer (attention + GELU feed-forward);
/// its result is named `output`, or after its last node if that is empty.
std::string addEncoderLayer(GraphBuilder &b, const std::string &prefix,
                            const std::string &input,
                            const std::string &output = "") {
  std::string attn = addSelfAttention(b, prefix + ".attn", input);
  std::string x =
      b.addNode("Add", prefix + ".attn_residual", {input, attn}).output(0);
  x = addLayerNorm(b, prefix + ".norm1", x, kModelDim);
  std::string h = addDense(b, prefix + ".ffn.fc1", x, kModelDim, kFfnDim);
  h = addGelu(b, prefix + ".ffn.gelu", h);
  h = addDense(b, prefix + ".ffn.fc2", h, kFfnDim, kModelDim);
  std::string y =
      b.addNode("Add", prefix + ".ffn_residual", {x, h}).output(0);
  return addLayerNorm(b, prefix + ".norm2", y, kModelDim, output);
}

/// Builds the encoder: tokens [B,16,64] -> encoded [B,16,64].
void buildTransformer(GraphBuilder &b, int64_t batch) {
  b.addInput("tokens", {batch, kSeqLen, kModelDim});
  b.addConstant("const.sqrt2", {}, std::sqrt(2.0f));
  b.addConstant("const.one", {}, 1.0f);
  b.addConstant("const.half", {}, 0.5f);
  b.addConstant("const.attn_scale", {},
                1.0f / std::sqrt(static_cast<float>(kHeadDim)));
  b.addInt64("const.split_heads_shape", {4}, {0, 0, kHeads, kHeadDim});
  b.addInt64("const.merge_heads_shape", {3}, {0, 0, kModelDim});

  std::string x = "tokens";
  for (int layer = 0; layer < kEncoderLayers; ++layer) {
    bool last = layer == kEncoderLayers - 1;
    x = addEncoderLayer(b, "encoder.layer" + std::to_string(layer), x,
                        last ? "encoded" : "");
  }
  b.addOutput("encoded", {batch, kSeqLen, kModelDim});
}

//===----------------------------------------------------------------------===//
// LSTM
//===----------------------------------------------------------------------===//

/// Builds the LSTM classifier: sequence [B,20,32] -> logits [B,10].
void buildLstm(GraphBuilder &b, int64_t batch) {
  constexpr int64_t seqLen = 20, inputSize = 32, hidden = 64, classes = 10;
  b.addInput("sequence", {batch, seqLen, inputSize});
  // ONNX LSTM wants time-major input [S,B,I] (layout 0).
  std::string x = addTranspose(b, "time_major", "sequence", {1, 0, 2});

  float bound = inverseSqrtBound(hidden);
  std::string w = b.addUniform("lstm.W", {1, 4 * hidden, inputSize}, -bound,
                               bound);
  std::string r =
      b.addUniform("lstm.R", {1, 4 * hidden, hidden}, -bound, bound);
  std::string bias = b.addUniform("lstm.B", {1, 8 * hidden}, -bound, bound);
  onnx::NodeProto &lstm = b.addNode("LSTM", "lstm", {x, w, r, bias}, "lstm.Y");
  setAttr(lstm, "hidden_size", hidden);
  setAttr(lstm, "direction", "forward");

  // Y is [S,1,B,H]; take step S-1 -> [1,B,H], then drop the direction axis.
  b.addInt64("last_step.index", {}, {seqLen - 1});
  onnx::NodeProto &gather =
      b.addNode("Gather", "last_step", {"lstm.Y", "last_step.index"});
  setAttr(gather, "axis", int64_t{0});
  b.addInt64("last_step.squeeze_axes", {1}, {0});
  std::string last = b.addNode("Squeeze", "last_step.squeeze",
                               {gather.output(0), "last_step.squeeze_axes"})
                         .output(0);
  addLinear(b, "classifier", last, hidden, classes, "logits");
  b.addOutput("logits", {batch, classes});
}

//===----------------------------------------------------------------------===//
// Output
//===----------------------------------------------------------------------===//

/// Tensors at most this large stay inline with --external-data.
constexpr size_t kInlineLimit = 1024;
/// Alignment of each tensor in the external data file, so that importers
/// can mmap the file and use tensors in place.
constexpr uint64_t kDataAlignment = 64;

/// Returns the file-name part of `path`.
std::string baseName(const std::string &path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

/// A file written under a temporary name and renamed into place on commit;
/// the temporary is removed if it is never committed.
class AtomicFile {
public:
  explicit AtomicFile(std::string path)
      : finalPath(std::move(path)),
        tempPath(finalPath + ".tmp." + std::to_string(::getpid())) {}
  AtomicFile(const AtomicFile &) = delete;
  AtomicFile &operator=(const AtomicFile &) = delete;
  ~AtomicFile() {
    if (file)
      std::fclose(file);
    if (!committed)
      std::remove(tempPath.c_str());
  }

  /// Opens the temporary file; returns an error message on failure.
  std::optional<std::string> open() {
    file = std::fopen(tempPath.c_str(), "wb");
    if (!file)
      return "cannot create '" + tempPath + "': " + std::strerror(errno);
    return std::nullopt;
  }

  /// Appends bytes; returns an error message on failure.
  std::optional<std::string> write(const char *data, size_t size) {
    if (std::fwrite(data, 1, size, file) != size)
      return "cannot write '" + tempPath + "': " + std::strerror(errno);
    return std::nullopt;
  }

  /// Flushes and closes the temporary; returns an error message on failure.
  std::optional<std::string> close() {
    bool ok = std::fflush(file) == 0 && !std::ferror(file);
    ok = (std::fclose(file) == 0) && ok;
    file = nullptr;
    if (!ok)
      return "cannot write '" + tempPath + "': " + std::strerror(errno);
    return std::nullopt;
  }

  /// Renames the temporary onto the final path.
  std::optional<std::string> commit() {
    if (std::rename(tempPath.c_str(), finalPath.c_str()) != 0)
      return "cannot rename '" + tempPath + "' to '" + finalPath +
             "': " + std::strerror(errno);
    committed = true;
    return std::nullopt;
  }

private:
  std::string finalPath;
  std::string tempPath;
  std::FILE *file = nullptr;
  bool committed = false;
};

/// Sets one key/value entry of a tensor's external_data list.
void addExternalEntry(onnx::TensorProto &tensor, const std::string &key,
                      const std::string &value) {
  onnx::StringStringEntryProto &entry = *tensor.add_external_data();
  entry.set_key(key);
  entry.set_value(value);
}

/// Moves every initializer larger than kInlineLimit into `data`, rewriting
/// the tensor to reference it by location/offset/length.
std::optional<std::string> externalizeTensors(onnx::GraphProto &graph,
                                              AtomicFile &data,
                                              const std::string &location) {
  static const char padding[kDataAlignment] = {};
  uint64_t offset = 0;
  for (onnx::TensorProto &tensor : *graph.mutable_initializer()) {
    if (tensor.raw_data().size() <= kInlineLimit)
      continue;
    uint64_t aligned = (offset + kDataAlignment - 1) / kDataAlignment *
                       kDataAlignment;
    const std::string &raw = tensor.raw_data();
    uint64_t length = raw.size();
    if (auto error = data.write(padding, aligned - offset))
      return error;
    if (auto error = data.write(raw.data(), length))
      return error;
    addExternalEntry(tensor, "location", location);
    addExternalEntry(tensor, "offset", std::to_string(aligned));
    addExternalEntry(tensor, "length", std::to_string(length));
    tensor.set_data_location(onnx::TensorProto::EXTERNAL);
    // Moving in an empty string frees the buffer instead of keeping capacity.
    tensor.set_raw_data(std::string());
    offset = aligned + length;
  }
  return std::nullopt;
}

/// Serializes `model` deterministically into `file`.
std::optional<std::string> writeModel(const onnx::ModelProto &model,
                                      AtomicFile &file) {
  // Sizing the buffer up front avoids repeated regrowth of a 100 MB string.
  size_t size = model.ByteSizeLong();
  if (size > static_cast<size_t>(INT32_MAX))
    return std::string("model exceeds the 2 GiB protobuf limit; "
                       "use --external-data");
  std::string bytes(size, '\0');
  {
    google::protobuf::io::ArrayOutputStream stream(bytes.data(),
                                                   static_cast<int>(size));
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    model.SerializeWithCachedSizes(&coded);
    if (coded.HadError())
      return std::string("cannot serialize model");
  }
  return file.write(bytes.data(), bytes.size());
}

/// Writes the model (and its data file) atomically.
std::optional<std::string> saveModel(onnx::ModelProto &model,
                                     const Options &options) {
  AtomicFile modelFile(options.output);
  std::optional<AtomicFile> dataFile;
  if (options.externalData) {
    dataFile.emplace(options.output + ".data");
    if (auto error = dataFile->open())
      return error;
    if (auto error = externalizeTensors(*model.mutable_graph(), *dataFile,
                                        baseName(options.output) + ".data"))
      return error;
    if (auto error = dataFile->close())
      return error;
  }
  if (auto error = modelFile.open())
    return error;
  if (auto error = writeModel(model, modelFile))
    return error;
  if (auto error = modelFile.close())
    return error;
  // Data first: a model must never point at a data file that is not there.
  if (dataFile)
    if (auto error = dataFile->commit())
      return error;
  return modelFile.commit();
}

/// Returns the --arch spelling of `arch`.
const char *archName(Arch arch) {
  switch (arch) {
  case Arch::ResNet50:
    return "resnet50";
  case Arch::Mlp:
    return "mlp";
  case Arch::Transformer:
    return "transformer";
  case Arch::Lstm:
    return "lstm";
  }
  return "unknown";
}

/// Adds a key/value pair to the model's metadata_props.
void addMetadata(onnx::ModelProto &model, const std::string &key,
                 const std::string &value) {
  onnx::StringStringEntryProto &entry = *model.add_metadata_props();
  entry.set_key(key);
  entry.set_value(value);
}

/// Builds the requested model; returns its float parameter count.
int64_t buildModel(onnx::ModelProto &model, const Options &options) {
  model.set_ir_version(8);
  model.set_producer_name("hwc-modelgen");
  model.set_producer_version("1.0");
  model.set_model_version(1);
  onnx::OperatorSetIdProto &opset = *model.add_opset_import();
  opset.set_domain("");
  opset.set_version(17);
  std::string arch = archName(options.arch);
  model.set_doc_string("Synthetic " + arch + " from hwc-modelgen, seed " +
                       std::to_string(options.seed) +
                       "; random weights, not a trained model.");
  addMetadata(model, "hwc.arch", arch);
  addMetadata(model, "hwc.seed", std::to_string(options.seed));

  onnx::GraphProto &graph = *model.mutable_graph();
  graph.set_name("hwc_" + arch);
  GraphBuilder builder(graph, options.seed);
  switch (options.arch) {
  case Arch::ResNet50:
    buildResNet50(builder, options.batch);
    break;
  case Arch::Mlp:
    buildMlp(builder, options.batch);
    break;
  case Arch::Transformer:
    buildTransformer(builder, options.batch);
    break;
  case Arch::Lstm:
    buildLstm(builder, options.batch);
    break;
  }
  return builder.floatParameters();
}

} // namespace

int main(int argc, char **argv) {
  GOOGLE_PROTOBUF_VERIFY_VERSION;
  ParseResult parsed = parseCommandLine(argc, argv);
  if (!parsed.options)
    return parsed.exitCode;
  const Options &options = *parsed.options;

  auto start = std::chrono::steady_clock::now();
  onnx::ModelProto model;
  int64_t parameters = buildModel(model, options);
  if (std::optional<std::string> error = saveModel(model, options)) {
    reportError(*error);
    return 1;
  }
  double seconds = std::chrono::duration<double>(
                       std::chrono::steady_clock::now() - start)
                       .count();
  std::printf("hwc-modelgen: wrote %s (%s, %lld float parameters, %.1f MB "
              "of weights) in %.2f s\n",
              options.output.c_str(), archName(options.arch),
              static_cast<long long>(parameters), parameters * 4.0 / 1e6,
              seconds);
  return 0;
}
