//===- SNNOps.cpp - The snn dialect: registration and verifiers ------------===//
//
// The verifiers hold every synapse to the shapes it connects (weight
// layout, window arithmetic, channel groups) and every population to one
// shape for all its inputs, so that the emitter and the simulator never
// meet an inconsistent network.
//
//===----------------------------------------------------------------------===//

#include "dialects/SNN/SNNOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"

using namespace mlir;
using namespace hwc::snn;

#include "dialects/SNN/SNNOpsDialect.cpp.inc"

void SNNDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "dialects/SNN/SNNOps.cpp.inc"
      >();
}

#define GET_OP_CLASSES
#include "dialects/SNN/SNNOps.cpp.inc"

namespace hwc::snn {

int64_t windowOutputSize(int64_t in, int64_t kernel, int64_t stride, int64_t pad,
                         int64_t dilation) {
  return (in + 2 * pad - dilation * (kernel - 1) - 1) / stride + 1;
}

std::array<int64_t, 3> signalShape(Value signal) {
  ArrayRef<int64_t> s = llvm::cast<RankedTensorType>(signal.getType()).getShape();
  if (s.size() == 3)
    return {s[0], s[1], s[2]};
  return {s.empty() ? 1 : s[0], 1, 1};
}

bool hasIntegerWeights(ElementsAttr weight) {
  return llvm::isa<IntegerType>(weight.getShapedType().getElementType());
}

} // namespace hwc::snn

namespace {

ArrayRef<int64_t> shapeOf(Value value) {
  return llvm::cast<RankedTensorType>(value.getType()).getShape();
}

LogicalResult checkSignal(Operation *op, Value value, llvm::StringRef what) {
  size_t rank = shapeOf(value).size();
  if (rank != 1 && rank != 3)
    return op->emitOpError() << what << " must be (C, H, W) or (N), got rank "
                             << rank;
  if (llvm::any_of(shapeOf(value), [](int64_t d) { return d <= 0; }))
    return op->emitOpError() << what << " must have static, positive dimensions";
  return success();
}

LogicalResult checkPairs(Operation *op, llvm::StringRef name, ArrayRef<int64_t> values,
                         int64_t low) {
  if (values.size() != 2)
    return op->emitOpError() << name << " must have 2 values, got " << values.size();
  for (int64_t v : values)
    if (v < low)
      return op->emitOpError() << name << " value " << v << " is below " << low;
  return success();
}

LogicalResult checkWindowOutput(Operation *op, std::array<int64_t, 3> in,
                                std::array<int64_t, 3> out, ArrayRef<int64_t> kernel,
                                ArrayRef<int64_t> strides, ArrayRef<int64_t> pads,
                                ArrayRef<int64_t> dilations) {
  int64_t h = windowOutputSize(in[1], kernel[0], strides[0], pads[0], dilations[0]);
  int64_t w = windowOutputSize(in[2], kernel[1], strides[1], pads[1], dilations[1]);
  if (h != out[1] || w != out[2])
    return op->emitOpError() << "result is " << out[1] << "x" << out[2] << ", the window gives "
                             << h << "x" << w;
  return success();
}

LogicalResult checkBias(Operation *op, std::optional<ElementsAttr> bias, int64_t channels) {
  if (bias && bias->getNumElements() != channels)
    return op->emitOpError() << "bias has " << bias->getNumElements() << " values, expected "
                             << channels;
  return success();
}

} // namespace

LogicalResult InputOp::verify() {
  if (getEncoding() != "current" && getEncoding() != "rate")
    return emitOpError() << "encoding must be 'current' or 'rate', got '" << getEncoding() << "'";
  if (!(getScale().convertToDouble() > 0))
    return emitOpError() << "scale must be positive";
  if (getEncoding() == "rate" && (!getThreshold() || *getThreshold() < 1))
    return emitOpError() << "a rate encoder needs a positive threshold";
  ArrayRef<int64_t> in = shapeOf(getInput());
  if (in.empty() || in[0] != 1 || shapeOf(getResult()) != in.drop_front())
    return emitOpError() << "result must be the input's shape without its batch of 1";
  return checkSignal(*this, getResult(), "result");
}

LogicalResult ConvOp::verify() {
  if (failed(checkSignal(*this, getInput(), "input")) ||
      failed(checkSignal(*this, getResult(), "result")) ||
      failed(checkPairs(*this, "strides", getStrides(), 1)) ||
      failed(checkPairs(*this, "pads", getPads(), 0)) ||
      failed(checkPairs(*this, "dilations", getDilations(), 1)))
    return failure();
  auto in = signalShape(getInput()), out = signalShape(getResult());
  ArrayRef<int64_t> w = getWeight().getShapedType().getShape();
  int64_t group = getGroup();
  if (w.size() != 4)
    return emitOpError() << "weight must be (Cout, Cin/group, kh, kw), got rank " << w.size();
  if (group < 1 || in[0] % group != 0 || w[0] % group != 0 || w[1] * group != in[0] ||
      w[0] != out[0])
    return emitOpError() << "weight " << w[0] << "x" << w[1] << " with group " << group
                         << " does not connect " << in[0] << " to " << out[0] << " channels";
  if (failed(checkBias(*this, getBias(), out[0])))
    return failure();
  return checkWindowOutput(*this, in, out, w.drop_front(2), getStrides(), getPads(),
                           getDilations());
}

LogicalResult DenseOp::verify() {
  if (failed(checkSignal(*this, getInput(), "input")) ||
      failed(checkSignal(*this, getResult(), "result")))
    return failure();
  ArrayRef<int64_t> w = getWeight().getShapedType().getShape();
  int64_t in = llvm::cast<RankedTensorType>(getInput().getType()).getNumElements();
  ArrayRef<int64_t> out = shapeOf(getResult());
  if (out.size() != 1)
    return emitOpError() << "result must be rank 1";
  if (w.size() != 2 || w[0] != out[0] || w[1] != in)
    return emitOpError() << "weight must be " << out[0] << "x" << in;
  return checkBias(*this, getBias(), out[0]);
}

LogicalResult IdentityOp::verify() {
  if (failed(checkSignal(*this, getInput(), "input")))
    return failure();
  if (getInput().getType() != getResult().getType())
    return emitOpError() << "result must have the input's type";
  if (getWeight().getNumElements() != signalShape(getInput())[0])
    return emitOpError() << "weight needs one value per channel";
  return success();
}

LogicalResult SumPoolOp::verify() {
  if (failed(checkSignal(*this, getInput(), "input")) ||
      failed(checkSignal(*this, getResult(), "result")) ||
      failed(checkPairs(*this, "kernel", getKernel(), 1)) ||
      failed(checkPairs(*this, "strides", getStrides(), 1)) ||
      failed(checkPairs(*this, "pads", getPads(), 0)))
    return failure();
  if (getDivisor() < 1)
    return emitOpError() << "divisor must be positive";
  auto in = signalShape(getInput()), out = signalShape(getResult());
  if (in[0] != out[0])
    return emitOpError() << "pooling keeps the channels: " << in[0] << " vs " << out[0];
  int64_t ones[] = {1, 1};
  return checkWindowOutput(*this, in, out, getKernel(), getStrides(), getPads(), ones);
}

LogicalResult NeuronsOp::verify() {
  if (getCurrents().empty())
    return emitOpError() << "needs at least one input current";
  for (Value current : getCurrents())
    if (current.getType() != getResult().getType())
      return emitOpError() << "every current must have the population's type "
                           << getResult().getType();
  if (getReset() != "subtract" && getReset() != "value")
    return emitOpError() << "reset must be 'subtract' or 'value', got '" << getReset() << "'";
  if (getThreshold().convertToDouble() < 0)
    return emitOpError() << "threshold must not be negative";
  if (int64_t(getLeakShift()) < 0 || getLeakShift() > 31)
    return emitOpError() << "leak_shift must be in [0, 31]";
  if (getLambda() && !(getLambda()->convertToDouble() > 0))
    return emitOpError() << "lambda must be positive";
  return checkSignal(*this, getResult(), "result");
}

LogicalResult OutputOp::verify() {
  if (getCurrents().empty())
    return emitOpError() << "needs at least one input current";
  Type type = getCurrents().front().getType();
  for (Value current : getCurrents())
    if (current.getType() != type)
      return emitOpError() << "every current must have the same type";
  if (getDecoding() != "membrane" && getDecoding() != "spike-count")
    return emitOpError() << "decoding must be 'membrane' or 'spike-count'";
  if (!(getScale().convertToDouble() > 0))
    return emitOpError() << "scale must be positive";
  if (llvm::cast<RankedTensorType>(type).getNumElements() !=
      llvm::cast<RankedTensorType>(getResult().getType()).getNumElements())
    return emitOpError() << "result must hold as many values as the output population";
  return checkSignal(*this, getCurrents().front(), "input");
}
