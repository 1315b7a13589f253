//===- ConvertONNXToSNN.cpp - ANN-to-SNN conversion of the onnx dialect ----===//
//
// One walk over @main in program order. Each ONNX value becomes either a
// *signal* (the encoded input, a population's spikes, a sum pool's counts)
// or a pending *current* (synapse outputs not yet integrated by a
// population, with the synapse that takes a following constant Add as its
// bias). Relu/Clip turn a current into a population; an Add of two
// branches merges their currents (a signal joins through an identity
// synapse). The return value is decoded by `snn.output`; then every onnx
// op is erased. Rejections reuse the coverage rules' IDs and hints.
//
//===----------------------------------------------------------------------===//

#include "dialects/ONNX/ONNXOps.h"
#include "dialects/ONNX/ONNXTypeUtils.h"
#include "dialects/SNN/SNNOps.h"
#include "targets/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

namespace hwc {
#define GEN_PASS_DEF_CONVERTONNXTOSNNPASS
#include "targets/Passes.h.inc"
} // namespace hwc

using namespace mlir;

namespace hwc {
namespace {

/// What an ONNX value has become.
struct Converted {
  /// A signal (spikes, counts, the input) when set; else `currents`.
  Value signal;
  SmallVector<Value> currents;
  /// The synapse a following constant Add adds its bias to.
  Operation *biasCarrier = nullptr;
};

/// ONNX shape without the batch of 1: (C, H, W) or (N).
RankedTensorType unbatched(Type type) {
  auto tensor = llvm::cast<RankedTensorType>(type);
  ArrayRef<int64_t> shape = tensor.getShape();
  if (shape.size() == 4 || shape.size() == 2)
    return RankedTensorType::get(shape.drop_front(), tensor.getElementType());
  return RankedTensorType::get(shape, tensor.getElementType());
}

std::optional<SmallVector<int64_t>> intsAttr(Operation *op, StringRef name) {
  auto array = op->getAttrOfType<ArrayAttr>(name);
  if (!array)
    return std::nullopt;
  SmallVector<int64_t> values;
  for (Attribute a : array)
    values.push_back(llvm::cast<IntegerAttr>(a).getInt());
  return values;
}

bool isSoftmax(Operation *op) {
  std::string type = onnx::opTypeOf(op);
  return type == "Softmax" || type == "LogSoftmax";
}

class Converter {
public:
  Converter(func::FuncOp main, StringRef maxpool, StringRef encoding)
      : main(main), builder(main.getContext()), maxpool(maxpool), encoding(encoding) {}

  LogicalResult run();

private:
  func::FuncOp main;
  OpBuilder builder;
  StringRef maxpool, encoding;
  llvm::DenseMap<Value, Converted> converted;
  /// Results of ops that failed to convert: their users fail silently, so
  /// each problem is reported once, at its node.
  llvm::DenseSet<Value> poisoned;

  InFlightDiagnostic reject(Operation *op, StringRef rule, const Twine &reason,
                            StringRef hint) {
    // The location names the node; the message adds its op type.
    InFlightDiagnostic diag = op->emitError()
                              << onnx::opTypeOf(op) << ": [" << rule << "] " << reason;
    diag.attachNote() << "hint: " << hint;
    return diag;
  }

  LogicalResult convertOp(Operation *op);
  LogicalResult convertConv(onnx::ConvOp op);
  LogicalResult convertDense(Operation *op, Value input, ArrayRef<double> weight, int64_t in,
                             int64_t out, ArrayRef<double> bias);
  LogicalResult convertGemm(onnx::GemmOp op);
  LogicalResult convertMatMul(onnx::MatMulOp op);
  LogicalResult convertAdd(onnx::AddOp op);
  LogicalResult convertJoin(Operation *op);
  LogicalResult convertActivation(Operation *op, std::optional<double> clip);
  LogicalResult convertPool(Operation *op, bool max);
  LogicalResult convertReturn(func::ReturnOp op);

  std::optional<Value> signalOf(Operation *user, Value value) {
    auto it = converted.find(value);
    if (it == converted.end() || !it->second.signal) {
      reject(user, "SNN-OP-002",
             "input is not a spike signal (a synapse must follow a ReLU, a pool or the "
             "model input)",
             "insert a ReLU between consecutive linear layers, or fold them into one");
      return std::nullopt;
    }
    return it->second.signal;
  }

  /// The currents `value` stands for; a signal enters through an identity
  /// synapse of weight 1.
  std::optional<Converted> currentsOf(Operation *user, Value value) {
    auto it = converted.find(value);
    if (it == converted.end()) {
      reject(user, "SNN-OP-002", "input was not converted", "see the earlier error");
      return std::nullopt;
    }
    if (!it->second.signal)
      return it->second;
    Value signal = it->second.signal;
    auto type = llvm::cast<RankedTensorType>(signal.getType());
    int64_t channels = type.getShape()[0];
    auto weightType = RankedTensorType::get({channels}, builder.getF32Type());
    Value current = builder.create<snn::IdentityOp>(
        user->getLoc(), type, signal,
        DenseElementsAttr::get(weightType, builder.getF32FloatAttr(1.0f)));
    Converted result;
    result.currents.push_back(current);
    return result;
  }

  DenseElementsAttr floats(ArrayRef<int64_t> shape, ArrayRef<double> values) {
    SmallVector<float> data(values.begin(), values.end());
    return DenseElementsAttr::get(RankedTensorType::get(shape, builder.getF32Type()),
                                  ArrayRef<float>(data));
  }
};

LogicalResult Converter::run() {
  if (main.getNumArguments() != 1 || main.getNumResults() != 1)
    return main.emitError() << "[SNN-IO-002] the spiking network needs one input and one "
                               "output; the model has "
                            << main.getNumArguments() << " and " << main.getNumResults();
  auto inputType = llvm::dyn_cast<RankedTensorType>(main.getArgument(0).getType());
  if (inputType && !inputType.getElementType().isF32())
    return main.emitError() << "[SNN-DTYPE-002] the model input is " << inputType
                            << "; the spiking input encoder takes float32; convert the "
                               "model to float32";
  if (!inputType || !inputType.hasStaticShape() || inputType.getShape().empty() ||
      inputType.getShape()[0] != 1)
    return main.emitError() << "[SNN-SHAPE-001] the input must be a static tensor "
                               "with batch 1, got "
                            << main.getArgument(0).getType()
                            << "; bind it with --shape";
  Block &body = main.getBody().front();
  builder.setInsertionPoint(body.getTerminator());
  Converted input;
  input.signal = builder.create<snn::InputOp>(
      main.getLoc(), unbatched(inputType), main.getArgument(0), builder.getStringAttr(encoding),
      builder.getF64FloatAttr(1.0), encoding == "rate" ? builder.getI64IntegerAttr(127) : nullptr);
  converted[main.getArgument(0)] = input;
  bool ok = true;
  for (Operation &op : llvm::make_early_inc_range(body)) {
    bool created = llvm::isa_and_nonnull<snn::SNNDialect>(op.getDialect());
    if (created || llvm::isa<onnx::ConstantOp, onnx::NoneOp>(op))
      continue;
    builder.setInsertionPoint(body.getTerminator());
    bool upstreamFailed = llvm::any_of(op.getOperands(),
                                       [&](Value v) { return poisoned.contains(v); });
    if (upstreamFailed || failed(convertOp(&op))) {
      poisoned.insert(op.getResults().begin(), op.getResults().end());
      ok = false;
    }
  }
  if (!ok)
    return failure();
  // Erase the onnx ops, users first.
  SmallVector<Operation *> dead;
  for (Operation &op : body)
    if (llvm::isa<onnx::ONNXDialect>(op.getDialect()))
      dead.push_back(&op);
  for (Operation *op : llvm::reverse(dead)) {
    op->dropAllUses();
    op->erase();
  }
  return success();
}

LogicalResult Converter::convertOp(Operation *op) {
  if (auto ret = llvm::dyn_cast<func::ReturnOp>(op))
    return convertReturn(ret);
  if (auto conv = llvm::dyn_cast<onnx::ConvOp>(op))
    return convertConv(conv);
  if (auto gemm = llvm::dyn_cast<onnx::GemmOp>(op))
    return convertGemm(gemm);
  if (auto matmul = llvm::dyn_cast<onnx::MatMulOp>(op))
    return convertMatMul(matmul);
  if (auto add = llvm::dyn_cast<onnx::AddOp>(op))
    return convertAdd(add);
  if (llvm::isa<onnx::SumOp>(op))
    return convertJoin(op);
  if (llvm::isa<onnx::ReluOp>(op))
    return convertActivation(op, std::nullopt);
  if (auto clip = llvm::dyn_cast<onnx::ClipOp>(op)) {
    std::optional<SmallVector<double>> lo = onnx::getConstantFloats(clip.getMin());
    std::optional<SmallVector<double>> hi = onnx::getConstantFloats(clip.getMax());
    if (!lo || lo->size() != 1 || (*lo)[0] != 0.0 || !hi || hi->size() != 1 ||
        !((*hi)[0] > 0))
      return reject(op, "SNN-OP-002", "only Clip(0, c) with constant c > 0 converts",
                    "use Relu or Relu6-style Clip(0, c)");
    return convertActivation(op, (*hi)[0]);
  }
  if (llvm::isa<onnx::AveragePoolOp, onnx::GlobalAveragePoolOp>(op))
    return convertPool(op, false);
  if (llvm::isa<onnx::MaxPoolOp>(op)) {
    if (maxpool != "approx")
      return reject(op, "SNN-POOL-001", "max pooling has no rate-coded spiking equivalent",
                    "retrain with AveragePool, or pass --snn-maxpool=approx (a sum pool into "
                    "OR neurons; over-estimates the maximum rate)");
    return convertPool(op, true);
  }
  if (llvm::isa<onnx::FlattenOp, onnx::ReshapeOp, onnx::SqueezeOp, onnx::UnsqueezeOp>(op)) {
    auto out = llvm::cast<RankedTensorType>(op->getResult(0).getType());
    auto it = converted.find(op->getOperand(0));
    if (out.getRank() != 2 || out.getShape()[0] != 1 || it == converted.end() ||
        !it->second.signal)
      return reject(op, "SNN-RESHAPE-001",
                    "only a flatten of spikes to (1, N) before a dense layer converts",
                    "fold other reshapes into the weights");
    converted[op->getResult(0)] = it->second;
    return success();
  }
  if (llvm::isa<onnx::IdentityOp, onnx::DropoutOp>(op) ||
      (isSoftmax(op) &&
       llvm::all_of(op->getResult(0).getUsers(),
                    [](Operation *user) { return llvm::isa<func::ReturnOp>(user); }))) {
    auto it = converted.find(op->getOperand(0));
    if (it == converted.end())
      return failure();
    converted[op->getResult(0)] = it->second;
    return success();
  }
  if (isSoftmax(op))
    return reject(op, "SNN-OP-003", "Softmax/LogSoftmax that is not the model's output",
                  "only a Softmax at the output can be dropped (spike-count argmax)");
  if (llvm::isa<onnx::BatchNormalizationOp>(op))
    return reject(op, "SNN-BN-001",
                  "BatchNormalization that cannot fold into a preceding Conv/Gemm",
                  "place BatchNormalization directly after a Conv or Gemm");
  return reject(op, "SNN-OP-002", "operator with no spiking equivalent",
                "restructure the network with Conv/Gemm, ReLU, AveragePool and Add");
}

LogicalResult Converter::convertConv(onnx::ConvOp op) {
  std::optional<Value> input = signalOf(op, op.getX());
  if (!input)
    return failure();
  std::optional<SmallVector<double>> weight = onnx::getConstantFloats(op.getW());
  auto wType = llvm::cast<RankedTensorType>(op.getW().getType());
  if (!weight || wType.getRank() != 4)
    return reject(op, "SNN-CONST-001", "convolution weights are not a constant 2-D kernel",
                  "export the weights as initializers; 1-D/3-D convolutions do not convert");
  ArrayRef<int64_t> inShape = llvm::cast<RankedTensorType>(input->getType()).getShape();
  ArrayRef<int64_t> kernel = wType.getShape().drop_front(2);
  SmallVector<int64_t> strides = intsAttr(op, "strides").value_or(SmallVector<int64_t>{1, 1});
  SmallVector<int64_t> dilations =
      intsAttr(op, "dilations").value_or(SmallVector<int64_t>{1, 1});
  SmallVector<int64_t> pads(2, 0);
  StringRef autoPad = op.getAutoPad();
  if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
    for (int axis = 0; axis < 2; ++axis) {
      int64_t size = inShape[1 + axis], stride = strides[axis];
      int64_t out = (size + stride - 1) / stride;
      int64_t span = dilations[axis] * (kernel[axis] - 1) + 1;
      int64_t total = std::max<int64_t>((out - 1) * stride + span - size, 0);
      if (total % 2 != 0)
        return reject(op, "SNN-CONV-001", "auto_pad " + autoPad + " pads asymmetrically",
                      "pad symmetrically (begin == end), as NIR's Conv2d has one padding "
                      "per axis");
      pads[axis] = total / 2;
    }
  } else if (std::optional<SmallVector<int64_t>> explicitPads = intsAttr(op, "pads")) {
    if (explicitPads->size() != 4 || (*explicitPads)[0] != (*explicitPads)[2] ||
        (*explicitPads)[1] != (*explicitPads)[3])
      return reject(op, "SNN-CONV-001", "asymmetric convolution padding",
                    "pad symmetrically (begin == end), as NIR's Conv2d has one padding per "
                    "axis");
    pads = {(*explicitPads)[0], (*explicitPads)[1]};
  }
  SmallVector<double> bias;
  if (!onnx::isNoneValue(op.getB())) {
    std::optional<SmallVector<double>> b = onnx::getConstantFloats(op.getB());
    if (!b)
      return reject(op, "SNN-CONST-001", "convolution bias computed at run time",
                    "export the bias as an initializer");
    bias = *b;
  }
  auto conv = builder.create<snn::ConvOp>(
      op.getLoc(), unbatched(op.getY().getType()), *input, floats(wType.getShape(), *weight),
      bias.empty() ? nullptr : floats({wType.getShape()[0]}, bias),
      builder.getDenseI64ArrayAttr(strides), builder.getDenseI64ArrayAttr(pads),
      builder.getDenseI64ArrayAttr(dilations), builder.getI64IntegerAttr(op.getGroup()));
  Converted result;
  result.currents.push_back(conv.getResult());
  result.biasCarrier = conv;
  converted[op.getY()] = result;
  return success();
}

LogicalResult Converter::convertDense(Operation *op, Value input, ArrayRef<double> weight,
                                      int64_t in, int64_t out, ArrayRef<double> bias) {
  auto inType = llvm::cast<RankedTensorType>(input.getType());
  if (inType.getNumElements() != in)
    return reject(op, "SNN-RESHAPE-001",
                  "dense layer reads " + Twine(in) + " features from a signal of " +
                      Twine(inType.getNumElements()),
                  "flatten the whole feature map before the dense layer");
  auto dense = builder.create<snn::DenseOp>(
      op->getLoc(), RankedTensorType::get({out}, builder.getF32Type()), input,
      floats({out, in}, weight), bias.empty() ? nullptr : floats({out}, bias));
  Converted result;
  result.currents.push_back(dense.getResult());
  result.biasCarrier = dense;
  converted[op->getResult(0)] = result;
  return success();
}

LogicalResult Converter::convertGemm(onnx::GemmOp op) {
  std::optional<Value> input = signalOf(op, op.getA());
  if (!input)
    return failure();
  std::optional<SmallVector<double>> b = onnx::getConstantFloats(op.getB());
  auto bType = llvm::cast<RankedTensorType>(op.getB().getType());
  if (!b || bType.getRank() != 2 || op.getTransA())
    return reject(op, "SNN-MATMUL-001", "Gemm whose B is not a constant matrix (or transA)",
                  "spiking synapses need constant weights");
  bool transB = op.getTransB();
  int64_t in = transB ? bType.getShape()[1] : bType.getShape()[0];
  int64_t out = transB ? bType.getShape()[0] : bType.getShape()[1];
  double alpha = op.getAlpha().convertToDouble(), beta = op.getBeta().convertToDouble();
  SmallVector<double> weight(out * in);
  for (int64_t o = 0; o < out; ++o)
    for (int64_t i = 0; i < in; ++i)
      weight[o * in + i] = alpha * (transB ? (*b)[o * in + i] : (*b)[i * out + o]);
  SmallVector<double> bias;
  if (!onnx::isNoneValue(op.getC())) {
    std::optional<SmallVector<double>> c = onnx::getConstantFloats(op.getC());
    if (!c || (c->size() != 1 && int64_t(c->size()) != out))
      return reject(op, "SNN-CONST-001", "Gemm's C is not a constant per-output bias",
                    "export C as an initializer of shape (N)");
    for (int64_t o = 0; o < out; ++o)
      bias.push_back(beta * (*c)[c->size() == 1 ? 0 : o]);
  }
  return convertDense(op, *input, weight, in, out, bias);
}

LogicalResult Converter::convertMatMul(onnx::MatMulOp op) {
  std::optional<Value> input = signalOf(op, op.getA());
  if (!input)
    return failure();
  std::optional<SmallVector<double>> b = onnx::getConstantFloats(op.getB());
  auto bType = llvm::cast<RankedTensorType>(op.getB().getType());
  if (!b || bType.getRank() != 2)
    return reject(op, "SNN-MATMUL-001", "matrix product of two activations (attention-style)",
                  "spiking synapses need constant weights");
  int64_t in = bType.getShape()[0], out = bType.getShape()[1];
  SmallVector<double> weight(out * in);
  for (int64_t o = 0; o < out; ++o)
    for (int64_t i = 0; i < in; ++i)
      weight[o * in + i] = (*b)[i * out + o];
  return convertDense(op, *input, weight, in, out, {});
}

LogicalResult Converter::convertAdd(onnx::AddOp op) {
  for (int side = 0; side < 2; ++side) {
    std::optional<SmallVector<double>> constant =
        onnx::getConstantFloats(op->getOperand(1 - side));
    if (!constant)
      continue;
    auto it = converted.find(op->getOperand(side));
    if (it == converted.end() || it->second.signal || !it->second.biasCarrier)
      return reject(op, "SNN-OP-002", "a constant Add that is not a synapse's bias",
                    "add constants only right after a Conv, Gemm or MatMul");
    Operation *carrier = it->second.biasCarrier;
    int64_t channels = llvm::cast<RankedTensorType>(carrier->getResult(0).getType()).getShape()[0];
    if (constant->size() != 1 && int64_t(constant->size()) != channels)
      return reject(op, "SNN-OP-002",
                    "bias of " + Twine(constant->size()) + " values for " + Twine(channels) +
                        " channels",
                    "use one bias value per output channel");
    SmallVector<double> bias(channels, 0.0);
    if (auto existing = carrier->getAttrOfType<ElementsAttr>("bias"))
      bias = *onnx::readFloatElements(existing);
    for (int64_t c = 0; c < channels; ++c)
      bias[c] += (*constant)[constant->size() == 1 ? 0 : c];
    carrier->setAttr("bias", floats({channels}, bias));
    converted[op.getResult()] = it->second;
    return success();
  }
  return convertJoin(op);
}

/// A residual Add (or Sum) of branches: all their currents feed one
/// population.
LogicalResult Converter::convertJoin(Operation *op) {
  std::optional<Converted> joined;
  for (Value operand : op->getOperands()) {
    std::optional<Converted> branch = currentsOf(op, operand);
    if (!branch)
      return failure();
    if (!joined) {
      joined = branch;
      continue;
    }
    if (joined->currents.front().getType() != branch->currents.front().getType())
      return reject(op, "SNN-OP-002", "residual branches of different shapes",
                    "only same-shape residual Adds convert");
    joined->currents.append(branch->currents);
    if (!joined->biasCarrier)
      joined->biasCarrier = branch->biasCarrier;
  }
  if (!joined)
    return reject(op, "SNN-OP-002", "a Sum without inputs", "remove it");
  converted[op->getResult(0)] = *joined;
  return success();
}

LogicalResult Converter::convertActivation(Operation *op, std::optional<double> clip) {
  std::optional<Converted> input = currentsOf(op, op->getOperand(0));
  if (!input)
    return failure();
  auto neurons = builder.create<snn::NeuronsOp>(
      op->getLoc(), input->currents.front().getType(), input->currents,
      builder.getF64FloatAttr(1.0), builder.getStringAttr("subtract"),
      builder.getF64FloatAttr(0.0), builder.getI64IntegerAttr(0),
      clip ? builder.getF64FloatAttr(*clip) : nullptr,
      builder.getStringAttr(onnx::nodeName(op) + ":0"), builder.getBoolAttr(false), nullptr,
      nullptr);
  Converted result;
  result.signal = neurons.getResult();
  converted[op->getResult(0)] = result;
  return success();
}

LogicalResult Converter::convertPool(Operation *op, bool max) {
  std::optional<Value> input = signalOf(op, op->getOperand(0));
  if (!input)
    return failure();
  ArrayRef<int64_t> in = llvm::cast<RankedTensorType>(input->getType()).getShape();
  if (in.size() != 3)
    return reject(op, "SNN-OP-002", "pooling over a signal that is not (C, H, W)",
                  "pool feature maps only");
  SmallVector<int64_t> kernel{in[1], in[2]}, strides{1, 1}, pads{0, 0};
  if (!llvm::isa<onnx::GlobalAveragePoolOp>(op)) {
    kernel = *intsAttr(op, "kernel_shape");
    strides = intsAttr(op, "strides").value_or(SmallVector<int64_t>{1, 1});
    SmallVector<int64_t> explicitPads =
        intsAttr(op, "pads").value_or(SmallVector<int64_t>{0, 0, 0, 0});
    auto autoPad = op->getAttrOfType<StringAttr>("auto_pad");
    bool unpadded = llvm::all_of(explicitPads, [](int64_t p) { return p == 0; });
    bool symmetric = explicitPads.size() == 4 && explicitPads[0] == explicitPads[2] &&
                     explicitPads[1] == explicitPads[3];
    // Padding adds silent inputs: harmless to the OR of a max pool and to an
    // average that counts the padding, but an average over the real inputs
    // only would need a divisor per border window.
    auto countPad = op->getAttrOfType<IntegerAttr>("count_include_pad");
    bool padsKeepDivisor = max || (countPad && countPad.getInt() != 0);
    if ((autoPad && autoPad.getValue() != "NOTSET" && autoPad.getValue() != "VALID") ||
        !(unpadded || (symmetric && padsKeepDivisor)) || kernel.size() != 2 ||
        op->getAttrOfType<IntegerAttr>("ceil_mode").getInt() != 0)
      return reject(op, "SNN-POOL-002",
                    "ceil_mode, asymmetric or automatic padding, or border windows that "
                    "average fewer inputs: a sum pool has one divisor and symmetric padding",
                    "pool without padding or with symmetric explicit padding (an average "
                    "must count it: count_include_pad=1), and ceil_mode=0");
    if (!unpadded)
      pads = {explicitPads[0], explicitPads[1]};
  }
  auto type = unbatched(op->getResult(0).getType());
  auto pool = builder.create<snn::SumPoolOp>(
      op->getLoc(), type, *input, builder.getDenseI64ArrayAttr(kernel),
      builder.getDenseI64ArrayAttr(strides), builder.getDenseI64ArrayAttr(pads),
      builder.getI64IntegerAttr(max ? 1 : kernel[0] * kernel[1]));
  Converted result;
  result.signal = pool.getResult();
  if (max)
    result.signal = builder.create<snn::NeuronsOp>(
        op->getLoc(), type, ValueRange{pool.getResult()}, builder.getF64FloatAttr(0.0),
        builder.getStringAttr("value"), builder.getF64FloatAttr(0.0),
        builder.getI64IntegerAttr(0), nullptr,
        builder.getStringAttr(onnx::nodeName(op) + ":0"), builder.getBoolAttr(false),
        nullptr, nullptr);
  converted[op->getResult(0)] = result;
  return success();
}

LogicalResult Converter::convertReturn(func::ReturnOp op) {
  std::optional<Converted> output = currentsOf(op, op.getOperand(0));
  if (!output)
    return failure();
  // The decoder takes the location of the node computing the output, so
  // its diagnostics name that node.
  Operation *producer = op.getOperand(0).getDefiningOp();
  Value decoded = builder.create<snn::OutputOp>(
      producer ? producer->getLoc() : main.getLoc(), op.getOperand(0).getType(), output->currents,
      builder.getStringAttr("membrane"), builder.getF64FloatAttr(1.0), nullptr, nullptr,
      nullptr);
  op->setOperand(0, decoded);
  return success();
}

class ConvertONNXToSNNPass
    : public impl::ConvertONNXToSNNPassBase<ConvertONNXToSNNPass> {
public:
  using Base::Base;
  void runOnOperation() override {
    auto main = getOperation().lookupSymbol<func::FuncOp>("main");
    if (!main) {
      getOperation().emitError() << "no @main function to convert";
      return signalPassFailure();
    }
    if (maxpool != "reject" && maxpool != "approx") {
      getOperation().emitError() << "maxpool must be reject or approx, got '" << maxpool << "'";
      return signalPassFailure();
    }
    if (encoding != "current" && encoding != "rate") {
      getOperation().emitError() << "encoding must be current or rate, got '" << encoding
                                 << "'";
      return signalPassFailure();
    }
    Converter converter(main, maxpool, encoding);
    if (failed(converter.run()))
      signalPassFailure();
  }
};

} // namespace
} // namespace hwc
