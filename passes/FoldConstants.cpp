//===- FoldConstants.cpp - hwc-fold-constants ------------------------------===//
//
// Folds nodes whose inputs are all known at compile time by running the
// reference runtime's kernel for the op (RuntimeBridge.h): the compiler has
// no second implementation of ONNX semantics. Ops are visited once, in
// program order, so a chain of shape arithmetic folds front to back in one
// walk.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"
#include "passes/RuntimeBridge.h"

#include "dialects/ONNX/ONNXTypeUtils.h"
#include "runtime/core/Error.h"
#include "runtime/graph/Model.h"
#include "runtime/kernels/Kernel.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinDialect.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/ADT/SetVector.h"

namespace hwc {
#define GEN_PASS_DEF_FOLDCONSTANTSPASS
#include "passes/Passes.h.inc"
} // namespace hwc

using namespace mlir;

namespace hwc {
namespace {

/// How many attributes reference each weight blob of the module, so that
/// the memory of a weight is freed as soon as the last constant reading it
/// is folded away. Without this, folding BatchNorm into every Conv holds
/// the old and the new weights at once: twice the model.
class BlobReferences {
public:
  explicit BlobReferences(ModuleOp module) {
    module.walk([&](Operation *op) {
      op->getAttrDictionary().walk([&](DenseResourceElementsAttr attr) { add(attr); });
    });
  }

  void add(DenseResourceElementsAttr attr) { ++counts[entryOf(attr)]; }

  /// Erases `constant` and frees its blob when nothing else references it.
  void eraseConstant(onnx::ConstantOp constant) {
    auto resource = llvm::dyn_cast<DenseResourceElementsAttr>(constant.getValue());
    constant.erase();
    if (!resource)
      return;
    auto found = counts.find(entryOf(resource));
    if (found != counts.end() && --found->second == 0)
      found->first->setBlob(AsmResourceBlob());
  }

private:
  static DialectResourceBlobManager::BlobEntry *entryOf(DenseResourceElementsAttr attr) {
    return attr.getRawHandle().getResource();
  }

  DenseMap<DialectResourceBlobManager::BlobEntry *, int64_t> counts;
};

class FoldConstantsPass : public impl::FoldConstantsPassBase<FoldConstantsPass> {
public:
  using FoldConstantsPassBase::FoldConstantsPassBase;

  void runOnOperation() final {
    rt::ThreadPool pool(1);
    // One pass over the whole module: blob reference counts must see every
    // function, and a function pass may not look at its siblings.
    BlobReferences references(getOperation());
    for (func::FuncOp func : getOperation().getOps<func::FuncOp>())
      foldFunction(func, references, pool);
  }

private:
  void foldFunction(func::FuncOp func, BlobReferences &references, rt::ThreadPool &pool) {
    SmallVector<Operation *> candidates;
    // Only top-level nodes: values inside If/Loop bodies may depend on the
    // iteration, and folding the whole control-flow op is not attempted.
    for (Operation &op : func.getBody().front())
      candidates.push_back(&op);
    for (Operation *op : candidates) {
      // Earlier folds may have made this op's operands constant (a Reshape
      // whose shape was computed): refine its result types first, so its
      // users can fold in the same walk.
      (void)onnx::refineResultTypes(op);
      if (isFoldable(op))
        (void)fold(op, references, pool);
    }
    Operation *terminator = func.getBody().back().getTerminator();
    func.setType(FunctionType::get(&getContext(), func.getArgumentTypes(),
                                   terminator->getOperandTypes()));
  }

  bool isFoldable(Operation *op) const {
    if (!llvm::isa<onnx::ONNXDialect>(op->getDialect()) ||
        llvm::isa<onnx::ConstantOp, onnx::NoneOp, onnx::CustomOp,
                  onnx::QuantizeLinearOp, onnx::DequantizeLinearOp>(op) ||
        op->getNumRegions() > 0 || op->getNumResults() == 0)
      return false;
    for (Value result : op->getResults())
      if (!llvm::isa<NoneType>(result.getType()) && !onnx::isStaticTensor(result.getType()))
        return false;
    if (llvm::isa<onnx::ShapeOp>(op))
      return onnx::isStaticTensor(op->getOperand(0).getType());
    bool anyInput = false;
    for (Value operand : op->getOperands()) {
      if (onnx::isNoneValue(operand))
        continue;
      anyInput = true;
      if (!llvm::isa_and_nonnull<onnx::ConstantOp>(operand.getDefiningOp()))
        return false;
    }
    return anyInput;
  }

  /// Bytes of every tensor result; the fold limit applies to the largest.
  bool withinLimit(Operation *op) const {
    int64_t limit = foldLimitMiB * 1024 * 1024;
    for (Value result : op->getResults())
      if (auto tensor = llvm::dyn_cast<RankedTensorType>(result.getType()))
        if (tensor.getNumElements() * tensor.getElementTypeBitWidth() / 8 > limit)
          return false;
    return true;
  }

  std::optional<std::vector<rt::Tensor>> inputsOf(Operation *op) const {
    std::vector<rt::Tensor> inputs;
    for (Value operand : op->getOperands()) {
      if (onnx::isNoneValue(operand)) {
        inputs.emplace_back();
        continue;
      }
      if (llvm::isa<onnx::ShapeOp>(op)) {
        // Shape reads only the shape: a zero-stride view of one element
        // stands in for the (possibly huge) run-time tensor.
        auto type = llvm::cast<RankedTensorType>(operand.getType());
        int64_t dtype = onnx::onnxDtypeForElementType(type.getElementType());
        if (dtype == 0 || !rt::isSupportedDType(static_cast<int>(dtype)))
          return std::nullopt;
        rt::Tensor one(static_cast<rt::DType>(dtype), {1});
        rt::Shape shape(type.getShape().begin(), type.getShape().end());
        inputs.emplace_back(one.dtype(), shape, std::vector<int64_t>(shape.size(), 0),
                            one.buffer());
        continue;
      }
      auto constant = llvm::cast<onnx::ConstantOp>(operand.getDefiningOp());
      std::optional<rt::Tensor> tensor = tensorFromAttr(constant.getValue());
      if (!tensor)
        return std::nullopt;
      inputs.push_back(std::move(*tensor));
    }
    return inputs;
  }

  LogicalResult fold(Operation *op, BlobReferences &references, rt::ThreadPool &pool) {
    if (!withinLimit(op))
      return failure();
    std::optional<std::vector<rt::Tensor>> inputs = inputsOf(op);
    if (!inputs)
      return failure();
    std::vector<rt::Tensor> outputs;
    try {
      std::optional<std::vector<rt::Tensor>> results = runWithKernel(op, std::move(*inputs), pool);
      if (!results)
        return failure();
      outputs = std::move(*results);
    } catch (const std::exception &error) {
      // Bad constant inputs are the runtime's to report when the model
      // runs; the compiler leaves the node as it is.
      op->emitWarning() << "not constant-folded: " << error.what();
      return failure();
    }
    return replaceWithConstants(op, outputs, references);
  }

  LogicalResult replaceWithConstants(Operation *op, std::vector<rt::Tensor> &outputs,
                                     BlobReferences &references) {
    OpBuilder builder(op);
    SmallVector<Value> replacements;
    for (auto [index, result] : llvm::enumerate(op->getResults())) {
      if (llvm::isa<NoneType>(result.getType()) || result.use_empty()) {
        replacements.push_back(nullptr);
        continue;
      }
      auto type = llvm::cast<RankedTensorType>(result.getType());
      if (index >= outputs.size() || !outputs[index].isValid())
        return failure();
      std::string name = "folded";
      if (auto loc = llvm::dyn_cast<NameLoc>(op->getLoc()))
        name = loc.getName().str();
      ElementsAttr value = attrFromTensor(outputs[index], type, name);
      if (!value)
        return failure();
      auto constant = builder.create<onnx::ConstantOp>(op->getLoc(), type, value);
      // A folded value is a weight of the model, not a node of it.
      constant->setAttr("onnx.initializer", builder.getUnitAttr());
      constant->setAttr("onnx.folded", builder.getUnitAttr());
      if (auto resource = llvm::dyn_cast<DenseResourceElementsAttr>(value))
        references.add(resource);
      replacements.push_back(constant);
    }
    for (auto [result, replacement] : llvm::zip(op->getResults(), replacements))
      if (replacement)
        result.replaceAllUsesWith(replacement);
    SetVector<Operation *> inputs;
    for (Value operand : op->getOperands())
      if (auto constant = operand.getDefiningOp<onnx::ConstantOp>())
        inputs.insert(constant);
    op->erase();
    // Weights only this node read are dead now; free them at once.
    for (Operation *input : inputs)
      if (input->use_empty())
        references.eraseConstant(llvm::cast<onnx::ConstantOp>(input));
    return success();
  }
};

} // namespace
} // namespace hwc
