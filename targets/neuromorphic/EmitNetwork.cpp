//===- EmitNetwork.cpp - snn dialect to the runtime's spiking network ------===//
//
// One walk over @main: the encoder, every population and sum pool become
// populations in program order (which is feed-forward order), each
// synapse a projection into the population that consumes it. A
// population's bias is the sum of its synapses' biases (they all add to
// the same current). Names come from the ONNX graph: populations are named
// after the tensor they replace, projections after their node.
//
//===----------------------------------------------------------------------===//

#include "targets/neuromorphic/SnnBackend.h"

#include "dialects/ONNX/ONNXTypeUtils.h"
#include "dialects/SNN/SNNOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/DenseMap.h"

using namespace mlir;
namespace rsnn = hwc::rt::snn;

namespace hwc::neuromorphic {
namespace {

rsnn::Shape shapeOf(Value value) {
  auto [channels, height, width] = snn::signalShape(value);
  return {channels, height, width};
}

std::vector<int32_t> integers(ElementsAttr attr) {
  std::vector<int32_t> values;
  // Held in a local: a range-for over *temporary() would read freed memory.
  SmallVector<int64_t> source = *onnx::readIntegerElements(attr);
  for (int64_t v : source)
    values.push_back(int32_t(v));
  return values;
}

class Emitter {
public:
  explicit Emitter(int64_t timesteps) { network.timesteps = timesteps; }

  LogicalResult emit(func::FuncOp main) {
    WalkResult result = main.walk([&](Operation *op) {
      if (auto input = llvm::dyn_cast<snn::InputOp>(op))
        return advance(emitInput(input, main));
      if (auto pool = llvm::dyn_cast<snn::SumPoolOp>(op))
        return advance(emitPool(pool));
      if (auto neurons = llvm::dyn_cast<snn::NeuronsOp>(op))
        return advance(emitNeurons(neurons));
      if (auto output = llvm::dyn_cast<snn::OutputOp>(op))
        return advance(emitOutput(output, main));
      return WalkResult::advance();
    });
    return failure(result.wasInterrupted());
  }

  rsnn::Network network;

private:
  llvm::DenseMap<Value, int> populationOf;

  static WalkResult advance(LogicalResult r) {
    return failed(r) ? WalkResult::interrupt() : WalkResult::advance();
  }

  int addPopulation(Value value, rsnn::Population population) {
    population.shape = shapeOf(value);
    network.populations.push_back(std::move(population));
    int index = int(network.populations.size()) - 1;
    populationOf[value] = index;
    return index;
  }

  LogicalResult emitInput(snn::InputOp input, func::FuncOp main) {
    rsnn::Population p;
    auto name = main.getArgAttrOfType<StringAttr>(0, "onnx.name");
    p.name = name ? name.str() : "input";
    p.kind = rsnn::PopulationKind::Input;
    p.inputScale = input.getScale().convertToDouble();
    p.threshold = int32_t(input.getThreshold().value_or(1));
    network.encoding =
        input.getEncoding() == "rate" ? rsnn::Encoding::Rate : rsnn::Encoding::Current;
    network.input = addPopulation(input, p);
    return success();
  }

  LogicalResult emitPool(snn::SumPoolOp pool) {
    rsnn::Population p;
    p.name = onnx::nodeName(pool) + ":0";
    p.kind = rsnn::PopulationKind::Relay;
    p.threshold = 0;
    int target = addPopulation(pool, p);
    rsnn::Projection projection;
    projection.name = onnx::nodeName(pool);
    projection.kind = rsnn::ProjectionKind::SumPool;
    projection.source = populationOf.lookup(pool.getInput());
    projection.target = target;
    projection.kernelH = pool.getKernel()[0], projection.kernelW = pool.getKernel()[1];
    projection.strideH = pool.getStrides()[0], projection.strideW = pool.getStrides()[1];
    projection.padH = pool.getPads()[0], projection.padW = pool.getPads()[1];
    network.projections.push_back(projection);
    return success();
  }

  /// Projections for every synapse feeding `target`; sums their biases.
  LogicalResult connect(ValueRange currents, int target) {
    rsnn::Population &population = network.populations[target];
    for (Value current : currents) {
      Operation *synapse = current.getDefiningOp();
      if (llvm::isa<snn::SumPoolOp>(synapse)) { // an OR population's input
        network.projections.push_back(
            {onnx::nodeName(synapse), rsnn::ProjectionKind::Identity,
             populationOf.lookup(current), target, 1, 1, 1, 1, 0, 0, 1, 1, 1,
             std::vector<int32_t>(size_t(shapeOf(current).channels), 1)});
        continue;
      }
      auto weight = synapse->getAttrOfType<ElementsAttr>("weight");
      if (!weight || !snn::hasIntegerWeights(weight))
        return synapse->emitError() << "synapse weights are not quantized; run "
                                       "hwc-snn-quantize before emission";
      rsnn::Projection p;
      p.name = onnx::nodeName(synapse);
      p.source = populationOf.lookup(synapse->getOperand(0));
      p.target = target;
      p.weights = integers(weight);
      if (auto conv = llvm::dyn_cast<snn::ConvOp>(synapse)) {
        ArrayRef<int64_t> w = conv.getWeight().getShapedType().getShape();
        p.kind = rsnn::ProjectionKind::Conv;
        p.kernelH = w[2], p.kernelW = w[3];
        p.strideH = conv.getStrides()[0], p.strideW = conv.getStrides()[1];
        p.padH = conv.getPads()[0], p.padW = conv.getPads()[1];
        p.dilationH = conv.getDilations()[0], p.dilationW = conv.getDilations()[1];
        p.groups = conv.getGroup();
      } else {
        p.kind = llvm::isa<snn::DenseOp>(synapse) ? rsnn::ProjectionKind::Dense
                                                  : rsnn::ProjectionKind::Identity;
      }
      if (auto bias = synapse->getAttrOfType<ElementsAttr>("bias")) {
        std::vector<int32_t> values = integers(bias);
        if (population.bias.empty())
          population.bias.assign(values.size(), 0);
        for (size_t c = 0; c < values.size(); ++c)
          population.bias[c] += values[c];
      }
      network.projections.push_back(std::move(p));
    }
    return success();
  }

  LogicalResult emitNeurons(snn::NeuronsOp neurons) {
    rsnn::Population p;
    p.name = neurons.getActivation().value_or("").str();
    p.kind = rsnn::PopulationKind::Spiking;
    p.threshold = int32_t(neurons.getThreshold().convertToDouble());
    p.reset = neurons.getReset() == "subtract" ? rsnn::ResetMode::Subtract
                                               : rsnn::ResetMode::ToValue;
    p.resetValue = int32_t(neurons.getResetValue().convertToDouble());
    p.leakShift = int32_t(neurons.getLeakShift());
    p.biasShift = neurons.getBiasShift();
    p.lambda = neurons.getLambda() ? neurons.getLambda()->convertToDouble() : 1.0;
    p.firstCore = int32_t(neurons.getFirstCore().value_or(0));
    p.cores = int32_t(neurons.getCores().value_or(0));
    int target = addPopulation(neurons, p);
    return connect(neurons.getCurrents(), target);
  }

  LogicalResult emitOutput(snn::OutputOp output, func::FuncOp main) {
    rsnn::Population p;
    auto name = main.getResultAttrOfType<StringAttr>(0, "onnx.name");
    p.name = name ? name.str() : "output";
    p.kind = output.getDecoding() == "membrane" ? rsnn::PopulationKind::Integrator
                                                : rsnn::PopulationKind::Spiking;
    p.outputScale = output.getScale().convertToDouble();
    p.threshold = int32_t(output.getScale().convertToDouble());
    p.firstCore = int32_t(output.getFirstCore().value_or(0));
    p.cores = int32_t(output.getCores().value_or(0));
    network.decoding = output.getDecoding() == "membrane" ? rsnn::Decoding::Membrane
                                                          : rsnn::Decoding::SpikeCount;
    network.output = addPopulation(output.getCurrents().front(), p);
    return connect(output.getCurrents(), network.output);
  }
};

} // namespace

std::optional<rt::snn::Network> emitNetwork(ModuleOp module, int64_t timesteps) {
  auto main = module.lookupSymbol<func::FuncOp>("main");
  if (!main) {
    module.emitError() << "no @main to emit";
    return std::nullopt;
  }
  Emitter emitter(timesteps);
  if (failed(emitter.emit(main)))
    return std::nullopt;
  return std::move(emitter.network);
}

} // namespace hwc::neuromorphic
