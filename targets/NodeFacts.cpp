//===- NodeFacts.cpp - Target-independent facts about a model's nodes -----===//
//
// One pass over the main function in program order: producers are always
// visited before their users, so "known at compile time" and "quantized"
// propagate forward without a worklist, and the whole walk is linear in the
// number of ops.
//
//===----------------------------------------------------------------------===//

#include "targets/NodeFacts.h"

#include "dialects/ONNX/ONNXOps.h"
#include "dialects/ONNX/ONNXTypeUtils.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;

namespace hwc::target {

std::string typeText(Type type) {
  auto tensor = llvm::dyn_cast<TensorType>(type);
  if (!tensor) {
    std::string text;
    llvm::raw_string_ostream os(text);
    os << type;
    return text;
  }
  std::string text;
  llvm::raw_string_ostream os(text);
  if (!tensor.hasRank())
    os << "*x";
  else
    for (int64_t dim : tensor.getShape())
      os << (ShapedType::isDynamic(dim) ? std::string("?") : std::to_string(dim)) << "x";
  os << tensor.getElementType();
  return text;
}

namespace {

/// Elements of a tensor type with dynamic dims counted as 1 (a first-order
/// estimate for the batch-of-one case the report states).
int64_t elementCount(Type type) {
  auto tensor = llvm::dyn_cast<RankedTensorType>(type);
  if (!tensor)
    return 0;
  int64_t count = 1;
  for (int64_t dim : tensor.getShape())
    count *= ShapedType::isDynamic(dim) ? 1 : dim;
  return count;
}

int64_t dimOr1(Type type, int64_t index) {
  auto tensor = llvm::dyn_cast<RankedTensorType>(type);
  if (!tensor || index < 0 || index >= tensor.getRank())
    return 1;
  int64_t dim = tensor.getDimSize(index);
  return ShapedType::isDynamic(dim) ? 1 : dim;
}

int64_t productOfDims(Type type, int64_t from) {
  auto tensor = llvm::dyn_cast<RankedTensorType>(type);
  if (!tensor)
    return 1;
  int64_t product = 1;
  for (int64_t i = from; i < tensor.getRank(); ++i)
    product *= dimOr1(type, i);
  return product;
}

/// MACs of one convolution: every output element reduces C/group x kernel.
int64_t convMacs(Value weight, Value output) {
  return elementCount(output.getType()) * productOfDims(weight.getType(), 1);
}

/// MACs of a recurrent layer: per step and direction, gates x (input + hidden).
int64_t recurrentMacs(Operation *op) {
  Type x = op->getOperand(0).getType(), w = op->getOperand(1).getType(),
       r = op->getOperand(2).getType();
  return dimOr1(x, 0) * dimOr1(x, 1) * dimOr1(w, 0) * dimOr1(w, 1) *
         (dimOr1(w, 2) + dimOr1(r, 2));
}

int64_t computeMacs(Operation *op) {
  return llvm::TypeSwitch<Operation *, int64_t>(op)
      .Case<onnx::ConvOp>([](auto conv) { return convMacs(conv.getW(), conv.getY()); })
      .Case<onnx::QLinearConvOp>(
          [](auto conv) { return convMacs(conv.getW(), conv->getResult(0)); })
      .Case<onnx::ConvTransposeOp>([](auto conv) {
        // Each input element scatters into (M/group) x kernel outputs.
        return elementCount(conv.getX().getType()) *
               productOfDims(conv.getW().getType(), 1);
      })
      .Case<onnx::GemmOp>([](auto gemm) {
        int64_t k = dimOr1(gemm.getA().getType(), gemm.getTransA() ? 0 : 1);
        return elementCount(gemm.getY().getType()) * k;
      })
      .Case<onnx::MatMulOp, onnx::MatMulIntegerOp, onnx::QLinearMatMulOp>(
          [](Operation *matmul) {
            Type a = matmul->getOperand(0).getType();
            auto ranked = llvm::dyn_cast<RankedTensorType>(a);
            int64_t k = ranked ? dimOr1(a, ranked.getRank() - 1) : 1;
            return elementCount(matmul->getResult(0).getType()) * k;
          })
      .Case<onnx::LSTMOp, onnx::GRUOp>([](Operation *rnn) { return recurrentMacs(rnn); })
      .Default([](Operation *) { return int64_t(0); });
}

/// The first dynamic dim of a tensor operand or result, as a phrase
/// ("input 0 dim 0 of ?x3xf32 is dynamic").
std::string findDynamicDim(Operation *op) {
  auto describe = [](llvm::StringRef kind, unsigned index, Type type) -> std::string {
    auto tensor = llvm::dyn_cast<TensorType>(type);
    if (!tensor)
      return "";
    std::string value = (kind + " " + std::to_string(index)).str();
    if (!tensor.hasRank())
      return "the rank of " + value + " is not known";
    for (auto [dim, size] : llvm::enumerate(tensor.getShape()))
      if (ShapedType::isDynamic(size))
        return value + " dim " + std::to_string(dim) + " of " + typeText(type) +
               " is dynamic";
    return "";
  };
  for (auto [index, operand] : llvm::enumerate(op->getOperands()))
    if (std::string text = describe("input", index, operand.getType()); !text.empty())
      return text;
  for (auto [index, result] : llvm::enumerate(op->getResults()))
    if (std::string text = describe("output", index, result.getType()); !text.empty())
      return text;
  return "";
}

bool isQuantizedOp(Operation *op) {
  return llvm::isa<onnx::QuantizeLinearOp, onnx::DequantizeLinearOp, onnx::QLinearConvOp,
                   onnx::QLinearMatMulOp, onnx::MatMulIntegerOp>(op);
}

bool isInt8Like(Type type) {
  auto tensor = llvm::dyn_cast<TensorType>(type);
  return tensor && tensor.getElementType().isInteger(8);
}

/// Whether every use of `value` is a graph output, directly or through
/// Identity nodes.
bool feedsOnlyGraphOutputs(Value value) {
  if (value.use_empty())
    return false;
  for (Operation *user : value.getUsers()) {
    if (llvm::isa<func::ReturnOp>(user))
      continue;
    if (llvm::isa<onnx::IdentityOp>(user) && feedsOnlyGraphOutputs(user->getResult(0)))
      continue;
    return false;
  }
  return true;
}

/// The element type of the first tensor among the operands, then results.
std::string elementTypeText(Operation *op) {
  SmallVector<Type> types(op->getOperandTypes());
  llvm::append_range(types, op->getResultTypes());
  for (Type type : types)
    if (auto tensor = llvm::dyn_cast<TensorType>(type)) {
      std::string text;
      llvm::raw_string_ostream os(text);
      os << tensor.getElementType();
      return text;
    }
  return "";
}

class FactCollector {
public:
  explicit FactCollector(ModelFacts &model) : model(model) {}

  void visit(Operation *op) {
    // Constants nothing reads (left behind by folding) are not parameters.
    if (auto constant = llvm::dyn_cast<onnx::ConstantOp>(op);
        constant && !constant->use_empty()) {
      model.parameters += elementCount(constant.getType());
      model.parameterBytes += tensorBytes(constant.getType());
    }
    if (!onnx::isModelNode(op)) {
      if (llvm::isa<onnx::ConstantOp>(op))
        knownAtCompileTime.insert(op->getResult(0));
      return;
    }
    NodeFacts node;
    node.op = op;
    node.index = model.nodes.size();
    node.name = onnx::nodeName(op);
    node.opType = onnx::opTypeOf(op);
    if (auto custom = llvm::dyn_cast<onnx::CustomOp>(op)) {
      node.custom = true;
      node.domain = custom.getDomain().str();
    }
    node.dtype = elementTypeText(op);
    describeOperands(op, node);
    node.compileTimeConstant = isCompileTimeConstant(op);
    if (node.compileTimeConstant)
      for (Value result : op->getResults())
        knownAtCompileTime.insert(result);
    else
      node.dynamicDim = findDynamicDim(op);
    node.macs = node.compileTimeConstant ? 0 : computeMacs(op);
    node.feedsOnlyGraphOutputs =
        op->getNumResults() > 0 &&
        llvm::all_of(op->getResults(), [](Value v) { return feedsOnlyGraphOutputs(v); });
    for (Value result : op->getResults()) {
      node.outputElements += elementCount(result.getType());
      node.activationBytes += tensorBytes(result.getType());
      node.activationElements += elementCount(result.getType());
      if (auto tensor = llvm::dyn_cast<RankedTensorType>(result.getType()))
        node.maxRank = std::max<int64_t>(node.maxRank, tensor.getRank());
      producerIndex[result] = node.index;
    }
    model.macs += node.macs;
    model.nodes.push_back(std::move(node));
  }

private:
  void describeOperands(Operation *op, NodeFacts &node) {
    bool fromDequantize = false;
    for (Value operand : op->getOperands()) {
      node.constantOperands.push_back(knownAtCompileTime.count(operand) > 0);
      if (onnx::isNoneValue(operand))
        continue;
      if (auto tensor = llvm::dyn_cast<RankedTensorType>(operand.getType()))
        node.maxRank = std::max<int64_t>(node.maxRank, tensor.getRank());
      if (knownAtCompileTime.count(operand)) {
        node.weightElements += elementCount(operand.getType());
        node.weightBytes += tensorBytes(operand.getType());
        continue;
      }
      node.activationBytes += tensorBytes(operand.getType());
      node.activationElements += elementCount(operand.getType());
      fromDequantize |=
          llvm::isa_and_nonnull<onnx::DequantizeLinearOp>(operand.getDefiningOp());
      auto producer = producerIndex.find(operand);
      if (producer != producerIndex.end())
        node.producers.push_back(producer->second);
    }
    node.quantized =
        isQuantizedOp(op) || fromDequantize ||
        (op->getNumOperands() > 0 && isInt8Like(op->getOperand(0).getType()));
  }

  bool isCompileTimeConstant(Operation *op) const {
    // Shape and Size need only a static input shape, not its values.
    if (llvm::isa<onnx::ShapeOp>(op))
      return onnx::isStaticTensor(op->getOperand(0).getType());
    if (op->getNumRegions() > 0 || llvm::isa<onnx::CustomOp>(op))
      return false;
    bool anyInput = false;
    for (Value operand : op->getOperands()) {
      if (onnx::isNoneValue(operand))
        continue;
      anyInput = true;
      if (!knownAtCompileTime.count(operand))
        return false;
    }
    // A Constant node has no inputs and is a compile-time value itself.
    return anyInput || llvm::isa<onnx::ConstantOp>(op);
  }

  ModelFacts &model;
  llvm::DenseSet<Value> knownAtCompileTime;
  llvm::DenseMap<Value, unsigned> producerIndex;
};

void collectDynamicInputDims(func::FuncOp func, ModelFacts &model) {
  for (unsigned index = 0; index < func.getNumArguments(); ++index) {
    auto nameAttr = func.getArgAttrOfType<StringAttr>(index, "onnx.name");
    auto params = func.getArgAttrOfType<ArrayAttr>(index, "onnx.dim_params");
    std::string input = nameAttr ? nameAttr.str() : "input" + std::to_string(index);
    auto tensor = llvm::dyn_cast<RankedTensorType>(func.getArgument(index).getType());
    if (!tensor)
      continue;
    for (auto [dim, size] : llvm::enumerate(tensor.getShape())) {
      if (!ShapedType::isDynamic(size))
        continue;
      std::string param;
      if (params && dim < params.size())
        if (auto text = llvm::dyn_cast<StringAttr>(params[dim]))
          param = text.str();
      model.dynamicInputDims.push_back({input, static_cast<unsigned>(dim), param});
    }
  }
}

} // namespace

int64_t tensorBytes(Type type) {
  auto tensor = llvm::dyn_cast<RankedTensorType>(type);
  if (!tensor)
    return 0;
  Type element = tensor.getElementType();
  int64_t bits = element.isIntOrFloat() ? element.getIntOrFloatBitWidth() : 8;
  return (elementCount(type) * bits + 7) / 8;
}

ModelFacts collectModelFacts(func::FuncOp func, llvm::StringRef path) {
  ModelFacts model;
  model.path = path.str();
  if (auto module = func->getParentOfType<ModuleOp>()) {
    if (auto opsets = module->getAttrOfType<DictionaryAttr>("onnx.opset_imports"))
      if (auto version = opsets.getAs<IntegerAttr>("ai.onnx"))
        model.opset = version.getInt();
    if (auto producer = module->getAttrOfType<StringAttr>("onnx.producer"))
      model.producer = producer.str();
  }
  collectDynamicInputDims(func, model);
  FactCollector collector(model);
  for (Operation &op : func.getBody().front())
    collector.visit(&op);
  return model;
}

} // namespace hwc::target
