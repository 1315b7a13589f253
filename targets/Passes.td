//===- Passes.td - Passes that ask the target registry -------*- tablegen -*-===//
//
// Passes that need the target registry live in targets/, not passes/ (DESIGN.md §2).
//
//===----------------------------------------------------------------------===//

#ifndef HWC_TARGETS_PASSES_TD
#define HWC_TARGETS_PASSES_TD

include "mlir/Pass/PassBase.td"

def TargetCoveragePass : Pass<"hwc-target-coverage", "mlir::ModuleOp"> {
  let summary = "Decide, per node, how it maps onto a target";
  let description = [{
    Asks the target's capability table about every node of `@main` and
    attaches the verdict as `hwc.coverage = {<target> = {mapping, rule,
    reason, hint, efficiency, note, findings}}`, where `mapping` is
    `Native`, `Degraded`, `Fallback` or `Unsupported` and `rule` a stable
    rule ID (docs/rules.md). With `remarks=problems` (the default) every
    node that does not map natively also gets a remark, so lit tests check
    decisions with `expected-remark`. `hwc report` runs this pass too: the
    lit tests and the report share one source of truth.

    Example (`hwc-target-coverage{target=neuromorphic}`):
    ```mlir
    // remark: neuromorphic: Unsupported [SNN-POOL-001] MaxPool has no rate-coded spiking equivalent ...
    %y, %i = onnx.MaxPool %x {kernel_shape = [2, 2]} : ...
    ```
  }];
  let options = [
    Option<"targetName", "target", "std::string", "\"asic\"",
           "Target to check: gpu, asic or neuromorphic">,
    Option<"config", "config", "std::string", "\"\"",
           "Preset name or JSON config file (default: the target's default preset)">,
    Option<"quantize", "quantize", "std::string", "\"none\"",
           "Precision compile will quantize to: none or int8">,
    Option<"remarks", "remarks", "std::string", "\"problems\"",
           "Emit remarks for: problems (non-native nodes), all, none">,
  ];
}

def ConvertONNXToSNNPass : Pass<"convert-onnx-to-snn", "mlir::ModuleOp"> {
  let summary = "Convert a ReLU CNN/MLP in the onnx dialect to the snn dialect";
  let description = [{
    Post-training ANN-to-SNN conversion of `@main` (research/neuromorphic.md
    §7): Conv/Gemm/MatMul (+ a constant Add as bias) become synapses, Relu
    and Clip(0, c) become IF populations (reset by subtraction; the clip
    fixes lambda = c), AveragePool/GlobalAveragePool become sum pools whose
    1/k the normalization folds into the consumer, an Add of two branches is
    a residual join (both branches feed one population), Flatten/Reshape to
    (1, N) are implicit in dense synapses, Dropout/Identity and a Softmax at
    the output are dropped (the argmax decoder is invariant to them).
    MaxPool is rejected (SNN-POOL-001) unless `maxpool=approx`: a sum pool
    into an OR population (threshold 0, reset to 0: a spike whenever any
    input in the window spiked), which over-estimates the max rate.
    Anything else is an error with the coverage rule's ID. Populations name
    the ONNX tensor they replace (`activation`) for calibration.

    ```mlir
    // onnx.Conv + onnx.Relu becomes:
    %c = snn.conv %in {weight = ..., strides = [1, 1], pads = [2, 2], ...}
    %n = snn.neurons %c {threshold = 1.0, reset = "subtract", activation = "relu:0"}
    ```
  }];
  let dependentDialects = ["::hwc::snn::SNNDialect"];
  let options = [
    Option<"maxpool", "maxpool", "std::string", "\"reject\"",
           "MaxPool handling: reject (default) or approx (sum pool + OR neurons)">,
    Option<"encoding", "encoding", "std::string", "\"current\"",
           "Input encoder: current (analog injection) or rate">,
  ];
}

def SNNNormalizePass : Pass<"hwc-snn-normalize", "mlir::ModuleOp"> {
  let summary = "Rescale synapses so that every population's threshold is 1";
  let description = [{
    Data-based weight normalization (Diehl 2015, Rueckauer 2017): with
    lambda_l the activation one spike per step of population l stands for,
    a synapse from a source whose unit is u into l becomes W u / lambda_l
    and its bias b / lambda_l. A source's unit is its lambda, the input
    encoder's scale (times its threshold for rate coding), or a sum pool's
    source unit over the pool's divisor; an OR population (threshold 0,
    reset to value) relays its source's unit. The output decoder keeps ANN
    units (lambda 1). Every population needs `lambda` (from calibration);
    a missing one is an error naming the ONNX tensor.
  }];
}

def SNNQuantizePass : Pass<"hwc-snn-quantize", "mlir::ModuleOp"> {
  let summary = "Quantize normalized synapses to integer weights and thresholds";
  let description = [{
    Per population, one scale for all its incoming synapses: threshold =
    floor(qmax / max |W|) with qmax = 2^(bits-1) - 1, weights round(W x
    threshold) (int32 elements within `weight-bits`), biases round(b x
    threshold). The output decoder's scale becomes that factor. Each
    synapse gets `snn.weight_error`: the relative RMS error of its rounded
    weights. Runs after hwc-snn-normalize.
  }];
  let options = [
    Option<"weightBits", "weight-bits", "int64_t", "8", "Signed weight bits (2 to 16)">,
  ];
}

def SNNMapCoresPass : Pass<"hwc-snn-map-cores", "mlir::ModuleOp"> {
  let summary = "Tile populations into cores under a neuromorphic preset's limits";
  let description = [{
    For each spiking population, chooses the tile (channels x rows x
    columns) that needs the fewest cores under the preset's neurons per
    core, input axons per core and synapse memory (per-axon synapse lists
    of weight + index bits with a header per 64-synapse block, rounded to
    64-bit words: research/neuromorphic.md §8); one-layer-per-core chips
    (Speck) place each population on the smallest free core whose kernel
    and neuron memories hold it. Sets `first_core` and `cores` and emits a
    remark per population with the fill; a population that does not fit is
    an error naming the limit it breaks, as is a network needing more cores
    than the chip has.
  }];
  let options = [
    Option<"config", "config", "std::string", "\"loihi1\"",
           "Neuromorphic preset name or JSON config file">,
  ];
}

#endif // HWC_TARGETS_PASSES_TD
