//===- SNNNormalize.cpp - Data-based weight normalization (threshold 1) ----===//
//
// Walks the network in order, tracking the ANN value one unit of each
// signal stands for, and rescales every synapse into the population it
// feeds so that the population's threshold is 1 (Rueckauer et al. 2017,
// research/neuromorphic.md §7). A unit attribute on @main marks the module
// normalized so that running the pass twice is an error, not a silent
// double scaling.
//
//===----------------------------------------------------------------------===//

#include "dialects/ONNX/ONNXTypeUtils.h"
#include "dialects/SNN/SNNOps.h"
#include "targets/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/DenseMap.h"

namespace hwc {
#define GEN_PASS_DEF_SNNNORMALIZEPASS
#include "targets/Passes.h.inc"
} // namespace hwc

using namespace mlir;

namespace hwc {
namespace {

constexpr const char *kNormalizedAttr = "snn.normalized";

/// An OR population (the max-pool approximation) relays its source's unit.
bool isOrPopulation(snn::NeuronsOp op) {
  return op.getThreshold().convertToDouble() == 0.0 && op.getReset() == "value";
}

ElementsAttr scaled(ElementsAttr attr, double factor) {
  SmallVector<float> values;
  // Held in a local: a range-for over *temporary() would read freed memory.
  SmallVector<double> source = *onnx::readFloatElements(attr);
  for (double v : source)
    values.push_back(float(v * factor));
  return DenseElementsAttr::get(llvm::cast<ShapedType>(attr.getType()), ArrayRef<float>(values));
}

class SNNNormalizePass : public impl::SNNNormalizePassBase<SNNNormalizePass> {
public:
  void runOnOperation() override {
    auto main = getOperation().lookupSymbol<func::FuncOp>("main");
    if (!main)
      return;
    if (main->hasAttr(kNormalizedAttr)) {
      main.emitError() << "the network is already normalized";
      return signalPassFailure();
    }
    llvm::DenseMap<Value, double> unit;
    bool ok = true;
    main.walk([&](Operation *op) {
      if (auto input = llvm::dyn_cast<snn::InputOp>(op))
        unit[input] = input.getScale().convertToDouble() * double(input.getThreshold().value_or(1));
      else if (auto pool = llvm::dyn_cast<snn::SumPoolOp>(op))
        unit[pool] = unit.lookup(pool.getInput()) / double(pool.getDivisor());
      else if (auto neurons = llvm::dyn_cast<snn::NeuronsOp>(op))
        ok &= succeeded(normalizePopulation(neurons, unit));
      else if (auto output = llvm::dyn_cast<snn::OutputOp>(op))
        rescaleInputs(output.getCurrents(), unit, 1.0);
    });
    if (!ok)
      return signalPassFailure();
    main->setAttr(kNormalizedAttr, UnitAttr::get(&getContext()));
  }

private:
  LogicalResult normalizePopulation(snn::NeuronsOp neurons, llvm::DenseMap<Value, double> &unit) {
    if (isOrPopulation(neurons)) {
      unit[neurons] = unit.lookup(neurons.getCurrents().front());
      return success();
    }
    if (!neurons.getLambda())
      return neurons.emitError() << "population '" << neurons.getActivation().value_or("?")
                                 << "' has no lambda; calibrate the network first";
    double lambda = neurons.getLambda()->convertToDouble();
    rescaleInputs(neurons.getCurrents(), unit, lambda);
    neurons.setThreshold(llvm::APFloat(1.0));
    unit[neurons] = lambda;
    return success();
  }

  /// Each synapse feeding a population of scale `lambda`: W u / lambda, b / lambda.
  void rescaleInputs(ValueRange currents, llvm::DenseMap<Value, double> &unit, double lambda) {
    for (Value current : currents) {
      Operation *synapse = current.getDefiningOp();
      double source = unit.lookup(synapse->getOperand(0));
      auto weight = synapse->getAttrOfType<ElementsAttr>("weight");
      synapse->setAttr("weight", scaled(weight, source / lambda));
      if (auto bias = synapse->getAttrOfType<ElementsAttr>("bias"))
        synapse->setAttr("bias", scaled(bias, 1.0 / lambda));
    }
  }
};

} // namespace
} // namespace hwc
