//===- ExtractSegments.cpp - Find the int8 layers of a QDQ module ----------===//
//
// A QDQ module spells an int8 layer as DequantizeLinear on its int8 inputs,
// the float op, an optional ReLU/Clip, and QuantizeLinear on its output. A
// layer maps onto the array when every scale is a per-tensor constant (per
// output channel for weights), weights are symmetric int8 constants and the
// geometry is one the ISA can express. Its integer form folds the scales
// into fixed-point multipliers and the input zero point into the bias.
//
// Runs of such layers that no host node interrupts (in program order, so
// every run is convex) become segments; each is replaced in @main by one
// `onnx.custom "AsicSegment"` node over its int8 inputs and outputs, and the
// rest of @main runs on the host.
//
//===----------------------------------------------------------------------===//

#include "targets/asic/LowerSegment.h"

#include "dialects/ONNX/ONNXOps.h"
#include "dialects/ONNX/ONNXTypeUtils.h"
#include "passes/RuntimeBridge.h"
#include "runtime/core/Error.h"
#include "runtime/core/Requantize.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

#include <cmath>

using namespace mlir;
namespace sim = hwc::rt::systolic;

namespace hwc::asic {
namespace {

struct QuantParams {
  double scale = 1;
  int32_t zeroPoint = 0;
};

/// A candidate layer: the ops it absorbs and its integer form.
struct Candidate {
  Operation *anchor = nullptr;
  sim::Layer layer;
  /// The int8 values it reads and the one it writes.
  SmallVector<Value> inputs;
  Value output;
  /// The anchor, its ReLU/Clip and its output QuantizeLinear.
  SmallVector<Operation *> absorbed;
  /// Activation DequantizeLinear ops feeding it.
  SmallVector<Operation *> dequantizers;
  /// A Flatten/Reshape that only renames its input.
  bool view = false;
};

std::optional<rt::Tensor> constant(Value value) {
  auto op = value.getDefiningOp<onnx::ConstantOp>();
  if (!op)
    return std::nullopt;
  return tensorFromAttr(op.getValue());
}

std::optional<std::vector<double>> constantDoubles(Value value) {
  std::optional<llvm::SmallVector<double>> values = onnx::getConstantFloats(value);
  if (!values)
    return std::nullopt;
  return std::vector<double>(values->begin(), values->end());
}

std::optional<std::vector<int64_t>> constantInts(Value value) {
  if (!value || onnx::isNoneValue(value))
    return std::nullopt;
  std::optional<llvm::SmallVector<int64_t>> values = onnx::getConstantIntegers(value);
  if (!values)
    return std::nullopt;
  return std::vector<int64_t>(values->begin(), values->end());
}

bool isInt8(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  return tensor && tensor.hasStaticShape() && tensor.getElementType().isSignlessInteger(8);
}

/// Per-tensor scale and zero point of a Q/DQ pair of operands.
std::optional<QuantParams> perTensor(Value scale, Value zeroPoint) {
  std::optional<std::vector<double>> scales = constantDoubles(scale);
  if (!scales || scales->size() != 1 || !((*scales)[0] > 0))
    return std::nullopt;
  QuantParams params{(*scales)[0], 0};
  if (zeroPoint && !onnx::isNoneValue(zeroPoint)) {
    std::optional<std::vector<int64_t>> zp = constantInts(zeroPoint);
    if (!zp || zp->size() != 1)
      return std::nullopt;
    params.zeroPoint = int32_t((*zp)[0]);
  }
  return params;
}

/// An int8 activation behind a DequantizeLinear.
struct Int8Input {
  Value value;
  QuantParams params;
  Operation *dequantize;
};

std::optional<Int8Input> int8Input(Value value) {
  auto dq = value.getDefiningOp<onnx::DequantizeLinearOp>();
  if (!dq || !isInt8(dq.getX().getType()) || dq.getX().getDefiningOp<onnx::ConstantOp>())
    return std::nullopt;
  std::optional<QuantParams> params = perTensor(dq.getXScale(), dq.getXZeroPoint());
  if (!params)
    return std::nullopt;
  return Int8Input{dq.getX(), *params, dq};
}

/// Symmetric int8 weights behind a DequantizeLinear, with one scale per
/// output channel (`channels` of them along axis `axis`) or one in all.
struct Weights {
  rt::Tensor values;
  std::vector<double> scales;
};

std::optional<Weights> int8Weights(Value value, int64_t channels) {
  auto dq = value.getDefiningOp<onnx::DequantizeLinearOp>();
  if (!dq)
    return std::nullopt;
  std::optional<rt::Tensor> values = constant(dq.getX());
  std::optional<std::vector<double>> scales = constantDoubles(dq.getXScale());
  if (!values || values->dtype() != rt::DType::Int8 || !scales)
    return std::nullopt;
  if (std::optional<std::vector<int64_t>> zp = constantInts(dq.getXZeroPoint()))
    for (int64_t z : *zp)
      if (z != 0)
        return std::nullopt;
  if (scales->size() == 1)
    scales->assign(size_t(channels), (*scales)[0]);
  if (int64_t(scales->size()) != channels)
    return std::nullopt;
  return Weights{values->contiguous(), *scales};
}

/// The real-valued bias per output channel (0 when absent).
std::optional<std::vector<double>> realBias(Value value, int64_t channels) {
  if (!value || onnx::isNoneValue(value))
    return std::vector<double>(size_t(channels), 0.0);
  if (auto dq = value.getDefiningOp<onnx::DequantizeLinearOp>()) {
    std::optional<std::vector<int64_t>> q = constantInts(dq.getX());
    std::optional<std::vector<double>> scales = constantDoubles(dq.getXScale());
    std::optional<std::vector<int64_t>> zp = constantInts(dq.getXZeroPoint());
    if (!q || !scales || int64_t(q->size()) != channels)
      return std::nullopt;
    std::vector<double> bias(static_cast<size_t>(channels));
    for (int64_t c = 0; c < channels; ++c) {
      double scale = (*scales)[scales->size() == 1 ? 0 : size_t(c)];
      int64_t zero = zp ? (*zp)[zp->size() == 1 ? 0 : size_t(c)] : 0;
      bias[size_t(c)] = double((*q)[size_t(c)] - zero) * scale;
    }
    return bias;
  }
  std::optional<std::vector<double>> values = constantDoubles(value);
  if (!values || int64_t(values->size()) != channels)
    return std::nullopt;
  return values;
}

/// Where a layer's result goes: its QuantizeLinear's parameters and the
/// clamp (in output levels) of the ReLU/Clip before it.
struct LayerOutput {
  QuantParams params;
  int32_t low = -128, high = 127;
};

sim::RequantEntry entryFor(double multiplier, int64_t bias, const LayerOutput &out) {
  rt::FixedPointMultiplier m = rt::quantizeMultiplier(multiplier);
  return sim::RequantEntry{int32_t(bias), m.multiplier, m.shift, out.params.zeroPoint,
                           out.low, out.high};
}

/// Per output channel of [C_out][...] int8 `weights`: the multiplier
/// s_x * s_w / s_y, and the bias in accumulator units less the input zero
/// point times the channel's weights.
std::vector<sim::RequantEntry> channelEntries(const std::vector<int8_t> &weights, int64_t channels,
                                              const std::vector<double> &weightScales,
                                              const std::vector<double> &bias,
                                              const QuantParams &x, const LayerOutput &out) {
  std::vector<sim::RequantEntry> entries;
  int64_t perChannel = int64_t(weights.size()) / channels;
  for (int64_t co = 0; co < channels; ++co) {
    double product = x.scale * weightScales[size_t(co)];
    int64_t sum = 0;
    for (int64_t i = 0; i < perChannel; ++i)
      sum += weights[size_t(co * perChannel + i)];
    int64_t b = int64_t(std::nearbyint(bias[size_t(co)] / product));
    entries.push_back(entryFor(product / out.params.scale, b - x.zeroPoint * sum, out));
  }
  return entries;
}

int64_t attrInt(Operation *op, StringRef name, int64_t fallback) {
  if (auto attr = op->getAttrOfType<IntegerAttr>(name))
    return attr.getInt();
  return fallback;
}

std::optional<SmallVector<int64_t>> attrInts(Operation *op, StringRef name) {
  auto attr = op->getAttrOfType<ArrayAttr>(name);
  if (!attr)
    return std::nullopt;
  SmallVector<int64_t> values;
  for (Attribute a : attr)
    values.push_back(cast<IntegerAttr>(a).getInt());
  return values;
}

class Extractor {
public:
  explicit Extractor(func::FuncOp main) : main(main) {}
  FailureOr<ExtractedModel> run();

private:
  /// Why `op` cannot be an ASIC layer, or "" after filling `candidate`.
  std::string match(Operation *op, Candidate &candidate);
  std::string matchConv(Operation *op, Candidate &c);
  std::string matchGemm(Operation *op, Candidate &c);
  std::string matchPool(Operation *op, Candidate &c);
  std::string matchAdd(Operation *op, Candidate &c);
  std::string matchView(Operation *op, Candidate &c);
  /// The QuantizeLinear that ends the layer, through an optional ReLU or
  /// Clip whose clamp narrows the output levels.
  std::string outputOf(Operation *op, Candidate &c, LayerOutput &out);
  std::string takeInput(Value value, Candidate &c, Int8Input &input);
  /// Builds the windowed-layer geometry of a Conv/pooling op.
  std::string windowOf(Operation *op, const SmallVector<int64_t> &kernel,
                       ArrayRef<int64_t> inputShape, sim::Window &window);
  /// A Flatten view some reader of which stayed on the host stays there.
  void dropOrphanViews();
  void group();
  void replace(const std::vector<Candidate *> &members, size_t index);
  void eraseAbsorbed();

  func::FuncOp main;
  std::vector<Candidate> candidates;
  llvm::DenseMap<Operation *, Candidate *> byOp;
  llvm::DenseMap<Value, Value> viewSource;
  /// Segment outputs and the AsicSegment results that replace them.
  llvm::DenseMap<Value, Value> replacedBy;
  /// Ops of every built segment, erased once all are built.
  llvm::DenseSet<Operation *> absorbedOps;
  ExtractedModel result;
};

std::string Extractor::takeInput(Value value, Candidate &c, Int8Input &input) {
  std::optional<Int8Input> in = int8Input(value);
  if (!in)
    return "input is not a per-tensor int8 DequantizeLinear";
  ArrayRef<int64_t> shape = cast<RankedTensorType>(in->value.getType()).getShape();
  if (!(shape.size() == 2 || (shape.size() == 4 && shape[0] == 1)))
    return "only [M, K] matrices and batch-1 NCHW tensors are laid out on the array";
  input = *in;
  c.inputs.push_back(in->value);
  c.dequantizers.push_back(in->dequantize);
  return "";
}

std::string Extractor::outputOf(Operation *op, Candidate &c, LayerOutput &out) {
  Value value = op->getResult(0);
  c.absorbed.push_back(op);
  for (int hops = 0; hops < 2; ++hops) {
    if (!value.hasOneUse())
      return "its float result has other users than one QuantizeLinear";
    Operation *user = *value.getUsers().begin();
    if (auto q = dyn_cast<onnx::QuantizeLinearOp>(user)) {
      std::optional<QuantParams> params = perTensor(q.getYScale(), q.getYZeroPoint());
      if (!params || !isInt8(q.getY().getType()))
        return "its output QuantizeLinear is not per-tensor int8";
      out.params = *params;
      c.absorbed.push_back(q);
      c.output = q.getY();
      // The clamp in output levels; ReLU clamps at the zero point.
      auto level = [&](double real) {
        return int32_t(std::clamp<double>(std::nearbyint(real / params->scale), -512, 512)) +
               params->zeroPoint;
      };
      for (Operation *clamp : c.absorbed) {
        if (isa<onnx::ReluOp>(clamp))
          out.low = std::max(out.low, params->zeroPoint);
        if (auto clip = dyn_cast<onnx::ClipOp>(clamp)) {
          if (std::optional<std::vector<double>> lo = constantDoubles(clip.getMin()))
            out.low = std::max(out.low, level((*lo)[0]));
          if (std::optional<std::vector<double>> hi = constantDoubles(clip.getMax()))
            out.high = std::min(out.high, level((*hi)[0]));
        }
      }
      return "";
    }
    if (!isa<onnx::ReluOp, onnx::ClipOp>(user))
      return "its result feeds " + onnx::opTypeOf(user) + ", not a QuantizeLinear";
    c.absorbed.push_back(user);
    value = user->getResult(0);
  }
  return "more than one activation before its QuantizeLinear";
}

std::string Extractor::windowOf(Operation *op, const SmallVector<int64_t> &kernel,
                                ArrayRef<int64_t> inputShape, sim::Window &window) {
  if (kernel.size() != 2 || inputShape.size() != 4 || inputShape[0] != 1)
    return "only 2-D windows over batch-1 NCHW tensors are lowered";
  if (auto dilations = attrInts(op, "dilations"))
    for (int64_t d : *dilations)
      if (d != 1)
        return "dilation " + std::to_string(d) + " is not lowered";
  if (attrInt(op, "ceil_mode", 0) != 0)
    return "ceil_mode=1 is not lowered";
  SmallVector<int64_t> strides = attrInts(op, "strides").value_or(SmallVector<int64_t>{1, 1});
  if (strides.size() != 2 || strides[0] < 1 || strides[1] < 1 || kernel[0] < 1 || kernel[1] < 1)
    return "the window's kernel or strides are not two positive values";
  window.kernelH = kernel[0];
  window.kernelW = kernel[1];
  window.strideH = strides[0];
  window.strideW = strides[1];
  std::string autoPad = "NOTSET";
  if (auto attr = op->getAttrOfType<StringAttr>("auto_pad"))
    autoPad = attr.getValue().str();
  if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
    int64_t *begins[2] = {&window.padTop, &window.padLeft};
    int64_t *ends[2] = {&window.padBottom, &window.padRight};
    for (int axis = 0; axis < 2; ++axis) {
      int64_t size = inputShape[size_t(2 + axis)], stride = strides[size_t(axis)];
      int64_t out = (size + stride - 1) / stride;
      int64_t total = std::max<int64_t>((out - 1) * stride + kernel[size_t(axis)] - size, 0);
      int64_t small = total / 2, large = total - small;
      *begins[axis] = autoPad == "SAME_UPPER" ? small : large;
      *ends[axis] = autoPad == "SAME_UPPER" ? large : small;
    }
  } else if (auto pads = attrInts(op, "pads")) {
    if (pads->size() != 4)
      return "pads must have 4 entries";
    window.padTop = (*pads)[0];
    window.padLeft = (*pads)[1];
    window.padBottom = (*pads)[2];
    window.padRight = (*pads)[3];
    if (llvm::any_of(*pads, [](int64_t pad) { return pad < 0; }))
      return "negative pads are not lowered";
  }
  if (window.outputHeight(inputShape[2]) < 1 || window.outputWidth(inputShape[3]) < 1)
    return "the window is larger than the padded input";
  return "";
}

std::string Extractor::matchConv(Operation *op, Candidate &c) {
  auto conv = cast<onnx::ConvOp>(op);
  Int8Input x;
  if (std::string why = takeInput(conv.getX(), c, x); !why.empty())
    return why;
  if (conv.getGroup() != 1)
    return "grouped convolution (group " + std::to_string(conv.getGroup()) +
           ") is not lowered to the array yet";
  auto wType = cast<RankedTensorType>(conv.getW().getType());
  auto xType = cast<RankedTensorType>(x.value.getType());
  if (wType.getRank() != 4 || !wType.hasStaticShape())
    return "only 2-D convolutions are lowered";
  int64_t cout = wType.getDimSize(0);
  if (wType.getDimSize(1) != xType.getDimSize(1))
    return "weights have " + std::to_string(wType.getDimSize(1)) + " input channels, the input " +
           std::to_string(xType.getDimSize(1));
  std::optional<Weights> weights = int8Weights(conv.getW(), cout);
  if (!weights)
    return "weights are not a symmetric int8 constant with per-channel scales";
  std::optional<std::vector<double>> bias = realBias(conv.getB(), cout);
  if (!bias)
    return "bias is not a constant";
  if (std::string why = windowOf(op, {wType.getDimSize(2), wType.getDimSize(3)},
                                 xType.getShape(), c.layer.window);
      !why.empty())
    return why;
  LayerOutput out;
  if (std::string why = outputOf(op, c, out); !why.empty())
    return why;
  c.layer.kind = sim::LayerKind::Conv;
  c.layer.padValue = int8_t(x.params.zeroPoint);
  const int8_t *w = weights->values.data<int8_t>();
  c.layer.weights.assign(w, w + weights->values.numElements());
  c.layer.entries = channelEntries(c.layer.weights, cout, weights->scales, *bias, x.params, out);
  return "";
}

std::string Extractor::matchGemm(Operation *op, Candidate &c) {
  Value a = op->getOperand(0), b = op->getOperand(1);
  Value bias = op->getNumOperands() > 2 ? op->getOperand(2) : Value();
  bool transB = attrInt(op, "transB", 0) != 0;
  if (attrInt(op, "transA", 0) != 0)
    return "transA=1 is not lowered";
  for (StringRef name : {"alpha", "beta"})
    if (auto attr = op->getAttrOfType<FloatAttr>(name); attr && attr.getValueAsDouble() != 1.0)
      return (name + " != 1 is not lowered").str();
  Int8Input x;
  if (std::string why = takeInput(a, c, x); !why.empty())
    return why;
  auto aType = cast<RankedTensorType>(x.value.getType());
  auto bType = dyn_cast<RankedTensorType>(b.getType());
  if (aType.getRank() != 2 || !bType || bType.getRank() != 2)
    return "only 2-D Gemm/MatMul with constant weights are lowered";
  int64_t k = aType.getDimSize(1), n = bType.getDimSize(transB ? 0 : 1);
  if (bType.getDimSize(transB ? 1 : 0) != k)
    return "weights do not match the input's " + std::to_string(k) + " columns";
  std::optional<Weights> weights = int8Weights(b, n);
  if (!weights) {
    // Per-tensor scales arrive with any weight layout.
    weights = int8Weights(b, 1);
    if (!weights)
      return "weights are not a symmetric int8 constant";
    weights->scales.assign(size_t(n), weights->scales[0]);
  }
  std::optional<std::vector<double>> realBiasValues = realBias(bias, n);
  if (!realBiasValues)
    return "bias is not a constant of " + std::to_string(n) + " values";
  LayerOutput out;
  if (std::string why = outputOf(op, c, out); !why.empty())
    return why;
  // A Gemm after a Flatten of [1, C, H, W] is a convolution whose kernel
  // covers the whole H x W grid: the data keeps its layout.
  int64_t kh = 1, kw = 1;
  if (Value source = viewSource.lookup(x.value)) {
    auto shape = cast<RankedTensorType>(source.getType()).getShape();
    kh = shape[2];
    kw = shape[3];
    c.inputs.back() = source;
  }
  c.layer.kind = sim::LayerKind::Conv;
  c.layer.window = sim::Window{kh, kw, 1, 1, 0, 0, 0, 0};
  c.layer.padValue = int8_t(x.params.zeroPoint);
  const int8_t *w = weights->values.data<int8_t>();
  c.layer.weights.assign(size_t(n * k), 0);
  for (int64_t row = 0; row < k; ++row)
    for (int64_t col = 0; col < n; ++col)
      c.layer.weights[size_t(col * k + row)] = transB ? w[col * k + row] : w[row * n + col];
  c.layer.entries =
      channelEntries(c.layer.weights, n, weights->scales, *realBiasValues, x.params, out);
  return "";
}

std::string Extractor::matchPool(Operation *op, Candidate &c) {
  std::string type = onnx::opTypeOf(op);
  if (type == "MaxPool" && op->getNumResults() > 1 && !op->getResult(1).use_empty())
    return "MaxPool's Indices output is used";
  Int8Input x;
  if (std::string why = takeInput(op->getOperand(0), c, x); !why.empty())
    return why;
  ArrayRef<int64_t> shape = cast<RankedTensorType>(x.value.getType()).getShape();
  SmallVector<int64_t> kernel;
  if (type == "GlobalAveragePool") {
    if (shape.size() != 4)
      return "only NCHW inputs are lowered";
    kernel = {shape[2], shape[3]};
  } else {
    kernel = attrInts(op, "kernel_shape").value_or(SmallVector<int64_t>{});
  }
  if (std::string why = windowOf(op, kernel, shape, c.layer.window); !why.empty())
    return why;
  bool average = type != "MaxPool";
  if (average && c.layer.window.padded() && attrInt(op, "count_include_pad", 0) == 0)
    return "padded AveragePool without count_include_pad divides by a varying count";
  LayerOutput out;
  if (std::string why = outputOf(op, c, out); !why.empty())
    return why;
  int64_t window = kernel[0] * kernel[1];
  c.layer.entries = {average ? entryFor(x.params.scale / (out.params.scale * double(window)),
                                        -int64_t(window) * x.params.zeroPoint, out)
                             : entryFor(x.params.scale / out.params.scale, -x.params.zeroPoint, out)};
  c.layer.kind = average ? sim::LayerKind::AvgPool : sim::LayerKind::MaxPool;
  c.layer.padValue = average ? int8_t(x.params.zeroPoint) : int8_t(-128);
  return "";
}

std::string Extractor::matchAdd(Operation *op, Candidate &c) {
  if (op->getNumOperands() != 2)
    return "only two-input sums are lowered";
  Int8Input a, b;
  if (std::string why = takeInput(op->getOperand(0), c, a); !why.empty())
    return why;
  if (std::string why = takeInput(op->getOperand(1), c, b); !why.empty())
    return why;
  if (a.value.getType() != b.value.getType())
    return "broadcasting adds are not lowered";
  LayerOutput out;
  if (std::string why = outputOf(op, c, out); !why.empty())
    return why;
  double common = 2 * std::max(a.params.scale, b.params.scale);
  // The inputs' entries only rescale (quantizedAdd ignores their clamp).
  LayerOutput rescaled;
  c.layer.entries = {
      entryFor(a.params.scale / common, -a.params.zeroPoint, rescaled),
      entryFor(b.params.scale / common, -b.params.zeroPoint, rescaled),
      entryFor(common / (out.params.scale * double(1 << sim::kAddLeftShift)), 0, out)};
  c.layer.kind = sim::LayerKind::Add;
  return "";
}

std::string Extractor::matchView(Operation *op, Candidate &c) {
  Int8Input x;
  if (std::string why = takeInput(op->getOperand(0), c, x); !why.empty())
    return why;
  auto inType = cast<RankedTensorType>(x.value.getType());
  auto outType = dyn_cast<RankedTensorType>(op->getResult(0).getType());
  if (inType.getRank() != 4 || inType.getDimSize(0) != 1 || !outType ||
      outType.getShape() != ArrayRef<int64_t>{1, inType.getNumElements()})
    return "only the flattening of a batch-1 NCHW tensor is lowered";
  LayerOutput out;
  if (std::string why = outputOf(op, c, out); !why.empty())
    return why;
  if (out.params.scale != x.params.scale || out.params.zeroPoint != x.params.zeroPoint ||
      c.absorbed.size() != 2)
    return "the flatten requantizes or clamps its values";
  // Usable only by Gemm/MatMul, which read the grid as a full-size kernel.
  for (Operation *user : c.output.getUsers()) {
    auto dq = dyn_cast<onnx::DequantizeLinearOp>(user);
    if (!dq)
      return "its int8 result is read by " + onnx::opTypeOf(user);
    for (Operation *consumer : dq.getY().getUsers())
      if (!isa<onnx::GemmOp, onnx::MatMulOp>(consumer))
        return "its result is read by " + onnx::opTypeOf(consumer) + ", not a Gemm/MatMul";
  }
  c.view = true;
  viewSource[c.output] = x.value;
  return "";
}

bool hasDynamicShape(Operation *op) {
  auto dynamic = [](Type type) { return isa<TensorType>(type) && !onnx::isStaticTensor(type); };
  return llvm::any_of(op->getOperandTypes(), dynamic) ||
         llvm::any_of(op->getResultTypes(), dynamic);
}

std::string Extractor::match(Operation *op, Candidate &c) {
  c.anchor = op;
  std::string type = onnx::opTypeOf(op);
  c.layer.name = onnx::nodeName(op);
  c.layer.opType = type;
  if (hasDynamicShape(op))
    return "dynamic shape: the array needs static shapes (bind them with --shape or --dim, "
           "or give --calib data to bind them from)";
  try {
    if (isa<onnx::ConvOp>(op))
      return matchConv(op, c);
    if (isa<onnx::GemmOp, onnx::MatMulOp>(op))
      return matchGemm(op, c);
    if (type == "MaxPool" || type == "AveragePool" || type == "GlobalAveragePool")
      return matchPool(op, c);
    if (type == "Add" || type == "Sum")
      return matchAdd(op, c);
    if (type == "Flatten" || type == "Reshape")
      return matchView(op, c);
  } catch (const rt::Error &e) {
    return e.what();
  }
  return "no ASIC lowering for " + type;
}

/// Fills a segment tensor from an int8 value.
sim::SegmentTensor tensorOf(Value value, const std::string &name) {
  sim::SegmentTensor tensor;
  tensor.name = name;
  ArrayRef<int64_t> shape = cast<RankedTensorType>(value.getType()).getShape();
  tensor.dims.assign(shape.begin(), shape.end());
  if (shape.size() == 4)
    tensor.shape = {shape[1], shape[2], shape[3]};
  else if (shape.size() == 2)
    tensor.shape = {shape[1], shape[0], 1};
  if (auto q = value.getDefiningOp<onnx::QuantizeLinearOp>())
    if (std::optional<QuantParams> params = perTensor(q.getYScale(), q.getYZeroPoint())) {
      tensor.scale = float(params->scale);
      tensor.zeroPoint = params->zeroPoint;
    }
  return tensor;
}

std::string valueName(Value value) {
  Operation *op = value.getDefiningOp();
  if (!op) {
    auto argument = cast<BlockArgument>(value);
    auto func = dyn_cast<func::FuncOp>(argument.getOwner()->getParentOp());
    if (auto name = func ? func.getArgAttrOfType<StringAttr>(argument.getArgNumber(), "onnx.name")
                         : StringAttr())
      return name.str();
    return "input " + std::to_string(argument.getArgNumber());
  }
  // The quantizer's QuantizeLinear nodes have no names of their own: name the
  // int8 tensor after the value it quantizes.
  std::string name = onnx::nodeName(op);
  if (isa<onnx::QuantizeLinearOp>(op) && name == onnx::opTypeOf(op))
    return valueName(op->getOperand(0)) + ".int8";
  return name;
}

void Extractor::replace(const std::vector<Candidate *> &members, size_t index) {
  sim::Segment segment;
  llvm::DenseMap<Value, int> tensors;
  llvm::DenseSet<Value> produced;
  for (Candidate *c : members)
    produced.insert(c->output);
  SmallVector<Value> inputs, outputs;
  auto tensorIndex = [&](Value value) {
    auto [it, inserted] = tensors.try_emplace(value, int(segment.tensors.size()));
    if (inserted) {
      segment.tensors.push_back(tensorOf(value, valueName(value)));
      if (!produced.contains(value)) {
        segment.inputs.push_back(it->second);
        inputs.push_back(value);
      }
    }
    return it->second;
  };
  // An activation DequantizeLinear leaves with the run only when every
  // reader is in it; one the host (or a later run) also reads stays, and
  // the int8 value it reads becomes a segment output.
  llvm::DenseSet<Operation *> inside;
  for (Candidate *c : members)
    inside.insert(c->absorbed.begin(), c->absorbed.end());
  for (Candidate *c : members)
    for (Operation *dq : c->dequantizers)
      if (llvm::all_of(dq->getUsers(), [&](Operation *user) { return inside.contains(user); }))
        inside.insert(dq);
  for (Candidate *c : members) {
    if (c->view)
      continue;
    c->layer.inputs.clear();
    for (Value input : c->inputs)
      c->layer.inputs.push_back(tensorIndex(input));
    c->layer.output = tensorIndex(c->output);
    segment.layers.push_back(c->layer);
    bool external = llvm::any_of(c->output.getUsers(),
                                 [&](Operation *user) { return !inside.contains(user); });
    if (external) {
      segment.outputs.push_back(c->layer.output);
      outputs.push_back(c->output);
    }
  }
  // One host node in the segment's place, after its last op.
  Operation *last = members.back()->absorbed.back();
  OpBuilder builder(last->getContext());
  builder.setInsertionPointAfter(last);
  SmallVector<Type> types;
  for (Value output : outputs)
    types.push_back(output.getType());
  std::string name = "asic_segment_" + std::to_string(index);
  // An input an earlier segment produced is now that segment's result.
  SmallVector<Value> operands;
  for (Value input : inputs)
    operands.push_back(replacedBy.lookup(input) ? replacedBy.lookup(input) : input);
  auto node = builder.create<onnx::CustomOp>(
      NameLoc::get(builder.getStringAttr(name)), types, operands, "AsicSegment", "hwc.asic",
      builder.getDictionaryAttr(
          {builder.getNamedAttr("segment", builder.getI64IntegerAttr(int64_t(index)))}),
      ArrayAttr(), 0);
  for (auto [output, replacement] : llvm::zip(outputs, node.getResults())) {
    output.replaceAllUsesWith(replacement);
    replacedBy[output] = replacement;
  }
  // The ops stay until every segment is built: a later one still names
  // these values (and the tensor names come from their producers).
  absorbedOps.insert(inside.begin(), inside.end());
  result.segments.push_back(std::move(segment));
}

void Extractor::eraseAbsorbed() {
  SmallVector<Operation *> erase(absorbedOps.begin(), absorbedOps.end());
  // Users before producers: erase in reverse program order.
  llvm::sort(erase, [](Operation *a, Operation *b) { return b->isBeforeInBlock(a); });
  for (Operation *op : erase) {
    for (Value result : op->getResults())
      result.dropAllUses();
    op->erase();
  }
}

void Extractor::dropOrphanViews() {
  for (Candidate &c : candidates) {
    if (!c.view)
      continue;
    bool allLayers = llvm::all_of(c.output.getUsers(), [&](Operation *dq) {
      return llvm::all_of(dq->getUsers(),
                          [&](Operation *reader) { return byOp.count(reader) != 0; });
    });
    if (allLayers)
      continue;
    byOp.erase(c.anchor);
    result.hostNodes.push_back({c.layer.name, c.layer.opType,
                                "the Gemm reading the flattened tensor stays on the host"});
  }
}

void Extractor::group() {
  // An activation DequantizeLinear moves with its layers only when every
  // reader is one; otherwise it stays on the host (and ends a run).
  llvm::DenseSet<Operation *> claimed;
  for (auto &[anchor, c] : byOp)
    claimed.insert(c->absorbed.begin(), c->absorbed.end());
  for (auto &[anchor, c] : byOp)
    for (Operation *dq : c->dequantizers) {
      bool allLayers = llvm::all_of(dq->getUsers(), [&](Operation *user) {
        return byOp.count(user) != 0;
      });
      if (allLayers)
        claimed.insert(dq);
    }
  std::vector<std::vector<Candidate *>> runs(1);
  for (Operation &op : main.getBody().front()) {
    if (isa<onnx::ConstantOp, func::ReturnOp>(op))
      continue;
    if (auto dq = dyn_cast<onnx::DequantizeLinearOp>(op);
        dq && dq.getX().getDefiningOp<onnx::ConstantOp>())
      continue;
    if (Candidate *c = byOp.lookup(&op)) {
      runs.back().push_back(c);
      continue;
    }
    if (claimed.contains(&op))
      continue;
    if (!runs.back().empty())
      runs.emplace_back();
  }
  size_t index = 0;
  for (std::vector<Candidate *> &run : runs) {
    // A run of views alone computes nothing.
    if (llvm::all_of(run, [](Candidate *c) { return c->view; }))
      continue;
    replace(run, index++);
  }
}

FailureOr<ExtractedModel> Extractor::run() {
  // Candidates are matched in program order so that a Gemm sees the
  // Flatten views before it.
  candidates.reserve(main.getBody().front().getOperations().size());
  llvm::DenseSet<Operation *> absorbed;
  for (Operation &op : main.getBody().front()) {
    if (!onnx::isModelNode(&op) || absorbed.contains(&op) ||
        isa<onnx::ConstantOp, onnx::QuantizeLinearOp, onnx::DequantizeLinearOp>(op))
      continue;
    Candidate candidate;
    std::string why = match(&op, candidate);
    if (!why.empty()) {
      result.hostNodes.push_back({onnx::nodeName(&op), onnx::opTypeOf(&op), why});
      continue;
    }
    absorbed.insert(candidate.absorbed.begin(), candidate.absorbed.end());
    candidates.push_back(std::move(candidate));
  }
  for (Candidate &c : candidates)
    byOp[c.anchor] = &c;
  dropOrphanViews();
  group();
  eraseAbsorbed();
  // Constants and weight dequantizers nothing reads any more, readers first.
  for (Operation &op : llvm::make_early_inc_range(llvm::reverse(main.getBody().front())))
    if (isa<onnx::ConstantOp, onnx::DequantizeLinearOp>(op) && op.use_empty())
      op.erase();
  return std::move(result);
}

} // namespace

FailureOr<ExtractedModel> extractSegments(ModuleOp module) {
  auto main = module.lookupSymbol<func::FuncOp>("main");
  if (!main)
    return module.emitError("the module has no @main");
  return Extractor(main).run();
}

} // namespace hwc::asic
