//===- SNNQuantize.cpp - Integer weights and thresholds per population -----===//
//
// After normalization a population fires at threshold 1 and its synapses
// are float. One integer scale per population (shared by all its incoming
// synapses, so a residual join stays consistent) makes the largest weight
// magnitude qmax: threshold = floor(qmax / max|W|), weights and biases are
// rounded at that scale. The simulator then runs in exact integer
// arithmetic. The rounding error of each synapse is recorded on it.
//
//===----------------------------------------------------------------------===//

#include "dialects/ONNX/ONNXTypeUtils.h"
#include "dialects/SNN/SNNOps.h"
#include "targets/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "llvm/Support/FormatVariadic.h"

#include <cmath>

namespace hwc {
#define GEN_PASS_DEF_SNNQUANTIZEPASS
#include "targets/Passes.h.inc"
} // namespace hwc

using namespace mlir;

namespace hwc {
namespace {

/// The largest threshold a 16-bit-state chip can hold.
constexpr double kMaxThreshold = 32767;

double largestMagnitude(ValueRange currents) {
  double largest = 0;
  for (Value current : currents) {
    SmallVector<double> weights = *onnx::readFloatElements(
        current.getDefiningOp()->getAttrOfType<ElementsAttr>("weight"));
    for (double w : weights)
      largest = std::max(largest, std::abs(w));
  }
  return largest;
}

/// Rounds `attr` at `scale` into int32 elements; returns the relative RMS
/// rounding error through `error`.
DenseElementsAttr rounded(ElementsAttr attr, double scale, double *error) {
  SmallVector<int32_t> values;
  double residual = 0, energy = 0;
  SmallVector<double> source = *onnx::readFloatElements(attr);
  for (double v : source) {
    double exact = v * scale, q = std::round(exact);
    q = std::clamp(q, -2147483647.0, 2147483647.0);
    residual += (exact - q) * (exact - q);
    energy += exact * exact;
    values.push_back(int32_t(q));
  }
  if (error)
    *error = energy > 0 ? std::sqrt(residual / energy) : 0;
  auto type = RankedTensorType::get(llvm::cast<ShapedType>(attr.getType()).getShape(),
                                    IntegerType::get(attr.getContext(), 32));
  return DenseElementsAttr::get(type, ArrayRef<int32_t>(values));
}

class SNNQuantizePass : public impl::SNNQuantizePassBase<SNNQuantizePass> {
public:
  using Base::Base;
  void runOnOperation() override {
    if (weightBits < 2 || weightBits > 16) {
      getOperation().emitError() << "weight-bits must be 2 to 16, got " << weightBits;
      return signalPassFailure();
    }
    auto main = getOperation().lookupSymbol<func::FuncOp>("main");
    if (!main)
      return;
    if (!main->hasAttr("snn.normalized")) {
      main.emitError() << "quantize a normalized network (run hwc-snn-normalize first)";
      return signalPassFailure();
    }
    double qmax = double((int64_t(1) << (weightBits - 1)) - 1);
    bool ok = true;
    main.walk([&](Operation *op) {
      if (auto neurons = llvm::dyn_cast<snn::NeuronsOp>(op)) {
        if (neurons.getThreshold().convertToDouble() == 0.0)
          return; // an OR population: no synapses, threshold 0 is exact
        std::optional<double> scale =
            quantizeInputs(op, neurons.getCurrents(), qmax, /*integerScale=*/true);
        if (!scale)
          ok = false;
        else
          neurons.setThreshold(llvm::APFloat(*scale));
      } else if (auto output = llvm::dyn_cast<snn::OutputOp>(op)) {
        std::optional<double> scale =
            quantizeInputs(op, output.getCurrents(), qmax, /*integerScale=*/false);
        if (!scale)
          ok = false;
        else
          output.setScale(llvm::APFloat(*scale));
      }
    });
    if (!ok)
      signalPassFailure();
  }

private:
  /// Rounds every synapse into `population` at one scale and returns it. A
  /// spiking population's scale is its integer threshold; the output
  /// integrator only divides by its scale when decoding, so a fractional
  /// one (weights larger than qmax in ANN units) is fine there.
  std::optional<double> quantizeInputs(Operation *population, ValueRange currents,
                                       double qmax, bool integerScale) {
    double largest = largestMagnitude(currents);
    if (!(largest > 0) || !std::isfinite(largest)) {
      population->emitError() << "every synapse into this population has zero or non-finite "
                                 "weights";
      return std::nullopt;
    }
    double scale = std::min(std::floor(qmax / largest), kMaxThreshold);
    if (!integerScale && scale < 1)
      scale = qmax / largest;
    if (scale < 1 && integerScale) {
      population->emitError() << "a normalized weight of " << llvm::formatv("{0:G}", largest)
                              << " exceeds " << int64_t(qmax)
                              << " even at threshold 1; raise the weight bits";
      return std::nullopt;
    }
    for (Value current : currents) {
      Operation *synapse = current.getDefiningOp();
      double error = 0;
      synapse->setAttr("weight", rounded(synapse->getAttrOfType<ElementsAttr>("weight"), scale,
                                         &error));
      if (auto bias = synapse->getAttrOfType<ElementsAttr>("bias"))
        synapse->setAttr("bias", rounded(bias, scale, nullptr));
      synapse->setAttr("snn.weight_error", FloatAttr::get(Float64Type::get(&getContext()), error));
    }
    return scale;
  }
};

} // namespace
} // namespace hwc
