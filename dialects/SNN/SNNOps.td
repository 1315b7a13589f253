//===- SNNOps.td - The snn dialect: populations, synapses, codecs -*- tablegen -*-===//
//
// The snn dialect is hwc's neuromorphic target after ANN-to-SNN conversion
// (research/neuromorphic.md §7). Values are per-time-step signals without
// a batch dimension, (C, H, W) or (N): the currents a synapse op delivers,
// the spikes a population emits, the event counts a sum pool relays. A
// network is the body of the model's function, from `snn.input` (the
// encoder) to `snn.output` (the decoder).
//
// Weights are float after conversion and normalization, integer (the
// preset's weight bits) after `hwc-snn-quantize`; the emitter takes only
// the integer form. Every op keeps the ONNX node's name as its location.
//
//===----------------------------------------------------------------------===//

#ifndef HWC_DIALECTS_SNN_SNNOPS_TD
#define HWC_DIALECTS_SNN_SNNOPS_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def SNN_Dialect : Dialect {
  let name = "snn";
  let cppNamespace = "::hwc::snn";
  let summary = "Spiking neural networks: populations, synapses, encoders, decoders";
  let description = [{
    Integrate-and-fire populations (IF; LIF with a shift-based leak), dense,
    convolutional, identity and sum-pooling synapses, an input encoder
    (analog current injection or a deterministic rate code) and an output
    decoder (membrane integrator or spike count, argmax). Populations carry
    their normalization factor (`lambda`: the ANN activation that one spike
    per step stands for) and, after core mapping, their placement.
  }];
}

class SNN_Op<string mnemonic, list<Trait> traits = []>
    : Op<SNN_Dialect, mnemonic, !listconcat(traits, [Pure])>;

def SNN_Signal : RankedTensorOf<[F32]>;

def SNN_InputOp : SNN_Op<"input"> {
  let summary = "encodes the model input as a per-step signal";
  let description = [{
    `current` injects the quantized input, round(x / scale), every step (the
    first synapses' currents are computed once); `rate` emits one spike each
    time an accumulator of the quantized input passes `threshold`. The
    result drops the batch dimension of the model input.

    ```mlir
    %in = snn.input %arg0 {encoding = "current", scale = 0.0078125 : f64}
        : tensor<1x1x28x28xf32> -> tensor<1x28x28xf32>
    ```
  }];
  let arguments = (ins RankedTensorOf<[F32]>:$input, StrAttr:$encoding, F64Attr:$scale,
                   OptionalAttr<I64Attr>:$threshold);
  let results = (outs SNN_Signal:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
}

def SNN_ConvOp : SNN_Op<"conv"> {
  let summary = "convolutional synapses from a signal into a current";
  let description = [{
    ONNX Conv semantics on one (C, H, W) sample with symmetric padding
    (`pads` = [ph, pw], as NIR's Conv2d). `weight` is (Cout, Cin/group, kh,
    kw); `bias` (Cout), when present, is injected every step.

    ```mlir
    %c = snn.conv %in {weight = dense<1.0> : tensor<8x1x5x5xf32>, strides = [1, 1],
                       pads = [2, 2], dilations = [1, 1], group = 1}
        : tensor<1x28x28xf32> -> tensor<8x28x28xf32>
    ```
  }];
  let arguments = (ins SNN_Signal:$input, ElementsAttr:$weight, OptionalAttr<ElementsAttr>:$bias,
                   DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$pads,
                   DenseI64ArrayAttr:$dilations, I64Attr:$group);
  let results = (outs SNN_Signal:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
}

def SNN_DenseOp : SNN_Op<"dense"> {
  let summary = "all-to-all synapses from a (flattened) signal into a current";
  let description = [{
    `weight` is (out, in) with `in` the source flattened in C, H, W order (a
    Flatten before the dense layer is implicit; NIR export writes it).

    ```mlir
    %d = snn.dense %p {weight = dense<1.0> : tensor<10x256xf32>}
        : tensor<16x4x4xf32> -> tensor<10xf32>
    ```
  }];
  let arguments = (ins SNN_Signal:$input, ElementsAttr:$weight, OptionalAttr<ElementsAttr>:$bias);
  let results = (outs SNN_Signal:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
}

def SNN_IdentityOp : SNN_Op<"identity"> {
  let summary = "one synapse per neuron (a residual skip), scaled per channel";
  let description = [{
    Carries a population's spikes into a residual join. `weight` has one
    value per channel: after normalization the ratio of the source's and
    the join's scales.

    ```mlir
    %s = snn.identity %x {weight = dense<1.0> : tensor<16xf32>}
        : tensor<16x8x8xf32> -> tensor<16x8x8xf32>
    ```
  }];
  let arguments = (ins SNN_Signal:$input, ElementsAttr:$weight);
  let results = (outs SNN_Signal:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
}

def SNN_SumPoolOp : SNN_Op<"sum_pool"> {
  let summary = "sums events over windows (average pooling without the 1/k)";
  let description = [{
    The result relays event counts. `divisor` is the factor average pooling
    divides by (kh x kw for AveragePool, 1 for the max-pool approximation);
    normalization folds it into the consumer's weights.

    ```mlir
    %p = snn.sum_pool %n {kernel = [2, 2], strides = [2, 2], pads = [0, 0], divisor = 4}
        : tensor<8x28x28xf32> -> tensor<8x14x14xf32>
    ```
  }];
  let arguments = (ins SNN_Signal:$input, DenseI64ArrayAttr:$kernel,
                   DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$pads, I64Attr:$divisor);
  let results = (outs SNN_Signal:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
}

def SNN_NeuronsOp : SNN_Op<"neurons"> {
  let summary = "a population of integrate-and-fire neurons";
  let description = [{
    Sums its input currents (several for a residual join) and integrates:
    v += I (after v -= v >> `leak_shift` for LIF); v > `threshold` fires and
    resets by subtraction or to `reset_value`. `lambda` is the ANN
    activation one spike per step stands for (from calibration, or the
    Clip's maximum); `activation` names the ONNX tensor the population
    replaces. `bias_shift` adds threshold / 2T each step. After core mapping
    `first_core` and `cores` place it.

    ```mlir
    %n = snn.neurons %c {threshold = 1.0 : f64, reset = "subtract", lambda = 3.5 : f64,
                         activation = "relu1"} : tensor<8x28x28xf32> -> tensor<8x28x28xf32>
    ```
  }];
  let arguments = (ins Variadic<SNN_Signal>:$currents, F64Attr:$threshold, StrAttr:$reset,
                   DefaultValuedAttr<F64Attr, "0.0">:$reset_value,
                   DefaultValuedAttr<I64Attr, "0">:$leak_shift,
                   OptionalAttr<F64Attr>:$lambda, OptionalAttr<StrAttr>:$activation,
                   DefaultValuedAttr<BoolAttr, "false">:$bias_shift,
                   OptionalAttr<I64Attr>:$first_core, OptionalAttr<I64Attr>:$cores);
  let results = (outs SNN_Signal:$result);
  let assemblyFormat = "$currents attr-dict `:` type($currents) `->` type($result)";
  let hasVerifier = 1;
}

def SNN_OutputOp : SNN_Op<"output"> {
  let summary = "decodes the output population into the model output";
  let description = [{
    `membrane`: the output neurons integrate their current for T steps and
    never fire; the output is membrane / (T x `scale`). `spike-count`: an
    IF readout's spike counts (ties broken by the membrane). The result
    restores the model output's shape; its argmax is the class. The output
    neurons are placed like a population (`first_core`, `cores`).

    ```mlir
    %y = snn.output %d {decoding = "membrane", scale = 1.0 : f64}
        : tensor<10xf32> -> tensor<1x10xf32>
    ```
  }];
  let arguments = (ins Variadic<SNN_Signal>:$currents, StrAttr:$decoding, F64Attr:$scale,
                   OptionalAttr<StrAttr>:$activation, OptionalAttr<I64Attr>:$first_core,
                   OptionalAttr<I64Attr>:$cores);
  let results = (outs RankedTensorOf<[F32]>:$result);
  let assemblyFormat = "$currents attr-dict `:` type($currents) `->` type($result)";
  let hasVerifier = 1;
}

#endif // HWC_DIALECTS_SNN_SNNOPS_TD
