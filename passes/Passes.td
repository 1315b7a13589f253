//===- Passes.td - Target-independent hwc passes -------------*- tablegen -*-===//
//
// Every target-independent pass of hwc, one .cpp per pass named after its
// flag. Later issues add shape specialization, folding and quantization.
//
//===----------------------------------------------------------------------===//

#ifndef HWC_PASSES_PASSES_TD
#define HWC_PASSES_PASSES_TD

include "mlir/Pass/PassBase.td"

def InferShapesPass : Pass<"hwc-infer-shapes", "mlir::func::FuncOp"> {
  let summary = "Refine result types of onnx ops from their shape inference";
  let description = [{
    Walks each function in order and fills in unknown ranks, dimensions and
    element types from each onnx op's own shape inference, then updates the
    function's result types. Known dimensions are never changed: a
    contradiction is left for the verifier to report. Types of values that
    cross a region boundary (If/Loop results) follow from their yields.

    Example:
    ```mlir
    %0 = onnx.Relu %x : (tensor<1x3xf32>) -> tensor<*xf32>
    // becomes
    %0 = onnx.Relu %x : (tensor<1x3xf32>) -> tensor<1x3xf32>
    ```
  }];
  let dependentDialects = ["::hwc::onnx::ONNXDialect"];
}

def SpecializeShapesPass : Pass<"hwc-specialize-shapes", "mlir::func::FuncOp"> {
  let summary = "Bind dynamic input dimensions and propagate the static shapes";
  let description = [{
    Binds model inputs to static shapes (`shapes=NAME=1x3x224x224`) and
    named dimensions to sizes (`dims=batch=1`: every input dim whose ONNX
    `dim_param` is `batch`), then refines every op's result type with its
    shape inference. A binding that names no input or dim, or contradicts a
    static dimension or another binding, is an error naming both places (with
    a note at the input). Unbound dims stay dynamic; with `all-static` every
    input dim still dynamic is an error, and the nodes whose shapes are still
    dynamic are listed.

    Example (`hwc-specialize-shapes{dims=N=1}`):
    ```mlir
    func.func @main(%x: tensor<?x3xf32> {onnx.dim_params = ["N", ""]}) ...
    // becomes
    func.func @main(%x: tensor<1x3xf32> {onnx.dim_params = ["N", ""]}) ...
    ```
  }];
  let options = [
    ListOption<"shapes", "shapes", "std::string",
               "Input shapes as NAME=D0xD1x... (comma-separated)">,
    ListOption<"dims", "dims", "std::string",
               "Dimension sizes as DIM_PARAM=SIZE (comma-separated)">,
    Option<"allStatic", "all-static", "bool", "false",
           "Fail, listing every input dim still dynamic and the nodes with dynamic shapes">,
  ];
  let dependentDialects = ["::hwc::onnx::ONNXDialect"];
}

def FoldConstantsPass : Pass<"hwc-fold-constants", "mlir::ModuleOp"> {
  let summary = "Evaluate nodes whose inputs are all constant with the runtime's kernels";
  let description = [{
    Replaces every node whose inputs are all constants (initializers,
    Constant nodes, earlier folded results) by a constant holding its
    result, computed by the reference runtime's kernel for that op, so op
    semantics have one implementation. `Shape` folds when its input's shape
    is static. Shape arithmetic (Shape, Gather, Concat, Unsqueeze, Range,
    Cast, Expand, ConstantOfShape, Reshape of constants) and run-time weight
    construction disappear this way. QuantizeLinear/DequantizeLinear are never
    folded (the quantization stays explicit), nor are ops with subgraphs or
    ops hwc does not model. A result larger than `fold-limit` MiB stays a
    node, so folding cannot explode memory. Constants that only folded nodes
    read are erased, and their weight memory is freed at once (the pass
    runs on the module, counting references to each weight blob). One walk
    in program order per function, which
    also refines each op's result types once its operands are folded (a
    Reshape by a computed shape becomes static, so its users fold too):
    linear in the model's size.

    Example:
    ```mlir
    %s = onnx.Constant {value = dense<[2, 3]> : tensor<2xi64>} : () -> tensor<2xi64>
    %w = onnx.ConstantOfShape %s {value = dense<0.5> : tensor<1xf32>} : (tensor<2xi64>) -> tensor<2x3xf32>
    // becomes
    %w = onnx.Constant {onnx.folded, value = dense_resource<...> : tensor<2x3xf32>} : () -> tensor<2x3xf32>
    ```
  }];
  let options = [
    Option<"foldLimitMiB", "fold-limit", "int64_t", "512",
           "Largest folded result in MiB; bigger results stay nodes">,
  ];
  let dependentDialects = ["::hwc::onnx::ONNXDialect"];
}

def RemoveIdentityPass : Pass<"hwc-remove-identity", "mlir::func::FuncOp"> {
  let summary = "Remove nodes that compute nothing at inference";
  let description = [{
    Replaces by their input: `Identity`; `Dropout` in inference (no
    `training_mode`, or a constant false one) whose mask nobody reads;
    `Reshape`, `Flatten`, `Squeeze`/`Unsqueeze` whose output type equals their
    static input type; `Transpose` with the identity permutation; `Cast` to
    the input's own element type. A node is only removed when its result
    type equals its input's, so no type changes anywhere.

    Example:
    ```mlir
    %y = onnx.Identity %x : (tensor<2xf32>) -> tensor<2xf32>
    %z = onnx.Relu %y : (tensor<2xf32>) -> tensor<2xf32>
    // becomes
    %z = onnx.Relu %x : (tensor<2xf32>) -> tensor<2xf32>
    ```
  }];
  let dependentDialects = ["::hwc::onnx::ONNXDialect"];
}

def FoldBatchNormPass : Pass<"hwc-fold-batchnorm", "mlir::func::FuncOp"> {
  let summary = "Fold inference BatchNormalization into the preceding Conv or MatMul";
  let description = [{
    `BatchNormalization` in inference mode after a `Conv` (or a `MatMul`
    with constant weights) that nothing else reads becomes a per-channel
    scale of the weights and a new bias:
    s = scale / sqrt(var + epsilon), W' = W * s (per output channel),
    b' = (b - mean) * s + B. The new weights are written as onnx arithmetic
    on the constants, which `hwc-fold-constants` then evaluates with the
    runtime's kernels (run it after this pass). Statistics that are not
    constant, training mode, or a producer with other users leave the node.

    Example:
    ```mlir
    %c = onnx.Conv %x, %w, %b : ...
    %y = onnx.BatchNormalization %c, %scale, %bias, %mean, %var : ...
    // becomes (before folding)
    %y = onnx.Conv %x, %w2, %b2 : ...   // %w2 = %w * reshape(s), %b2 = (%b - %mean) * s + %bias
    ```
  }];
  let dependentDialects = ["::hwc::onnx::ONNXDialect"];
}

def NormalizeOpsetPass : Pass<"hwc-normalize-opset", "mlir::func::FuncOp"> {
  let summary = "Write ops with several spellings in the one form later passes expect";
  let description = [{
    The importer already turns older opsets' attributes into the newest
    opset's inputs. This pass removes the remaining alternative spellings:
    the deprecated `Upsample` becomes `Resize` with `asymmetric` coordinates
    (and `floor` rounding for nearest); `Split` without sizes gets an
    explicit `split` input read off its static results; `Squeeze` without
    axes and `ReduceX` without axes (and without `noop_with_empty_axes`) get
    explicit `axes`; `Pad` with an `axes` input gets full-rank pads; a
    negative `axis` attribute is counted from 0; the QOperator ops
    `QLinearConv` and `QLinearMatMul` become QDQ around a float `Conv` or
    `MatMul` (per-channel weight scales keep their axis; the int32 bias is
    dequantized with x_scale * w_scale), so pre-quantized models take the
    same path as calibrated ones. Each rewrite needs the
    shapes or constants that make it exact, and never changes a type.

    Example:
    ```mlir
    %y = onnx.Upsample %x, %s {mode = "nearest"} : (tensor<1x1x2x2xf32>, tensor<4xf32>) -> tensor<1x1x4x4xf32>
    // becomes
    %y = onnx.Resize %x, %none, %s, %none {coordinate_transformation_mode = "asymmetric", nearest_mode = "floor"} : ...
    ```
  }];
  let dependentDialects = ["::hwc::onnx::ONNXDialect"];
}

def CanonicalizePass : Pass<"hwc-canonicalize", "mlir::func::FuncOp"> {
  let summary = "Run the onnx dialect's canonicalization patterns with the upstream driver";
  let description = [{
    Applies the patterns of `dialects/ONNX/ONNXCanonicalize.td` and the op
    folders with MLIR's greedy rewrite driver, in program order, until
    nothing changes: Neg/Not pairs cancel, Squeeze of Unsqueeze back to the
    same type disappears, Transpose of Transpose becomes one Transpose,
    a Reshape of a Reshape/Flatten/Squeeze/Unsqueeze reads the original
    input, Expand/Tile to the input's own shape, Pad by zeros, Concat of
    one input and Add/Sub of 0 and Mul/Div by 1 (without broadcasting)
    are removed. Only onnx patterns are collected, and If/Loop regions
    keep their block structure.

    Example:
    ```mlir
    %t = onnx.Transpose %x {perm = [1, 0, 2]} : ...
    %u = onnx.Transpose %t {perm = [0, 2, 1]} : ...
    // becomes
    %u = onnx.Transpose %x {perm = [1, 2, 0]} : ...
    ```
  }];
  let dependentDialects = ["::hwc::onnx::ONNXDialect"];
}

def FuseActivationsPass : Pass<"hwc-fuse-activations", "mlir::func::FuncOp"> {
  let summary = "Mark Conv/Gemm + Relu/Clip/LeakyRelu pairs for target lowering";
  let description = [{
    When a `Conv` or `Gemm` result is read only by a `Relu`, a `LeakyRelu`
    or a `Clip` with constant scalar bounds, the producer gets
    `hwc.activation` (the activation's kind and parameters) and the
    activation gets `hwc.fused_into` (the producer's node name), so targets
    apply it in the layer's epilogue. The graph is not changed: the runtime
    and the exported model still run two nodes. Marks of an earlier run are
    recomputed.

    Example:
    ```mlir
    %c = onnx.Conv %x, %w, %b {hwc.activation = {kind = "Clip", max = 6.0, min = 0.0}} : ...
    %r = onnx.Clip %c, %lo, %hi {hwc.fused_into = "conv1"} : ...
    ```
  }];
  let dependentDialects = ["::hwc::onnx::ONNXDialect"];
}

def RemoveDeadCodePass : Pass<"hwc-remove-dead-code", "mlir::func::FuncOp"> {
  let summary = "Remove initializers and nodes whose results nobody reads";
  let description = [{
    ONNX nodes have no side effects, so a node none of whose outputs
    reaches a graph output computes nothing. The pass erases such nodes and
    the initializers (onnx.Constant) only they read, including inside If and
    Loop bodies, in one walk in reverse program order. Run it after folding,
    which leaves the consumed weights behind.

    Example:
    ```mlir
    %w = onnx.Constant {value = dense<1.0> : tensor<4xf32>} : () -> tensor<4xf32>
    %u = onnx.Relu %w : (tensor<4xf32>) -> tensor<4xf32>   // unused
    // both are removed
    ```
  }];
  let dependentDialects = ["::hwc::onnx::ONNXDialect"];
}

def QuantizePass : Pass<"hwc-quantize", "mlir::func::FuncOp"> {
  let summary = "Write a quantization plan into the IR as QuantizeLinear/DequantizeLinear";
  let description = [{
    Reads a plan from `hwc calibrate` (`plan=FILE`, docs/quantization.md)
    and makes every quantization in it explicit, in ONNX's QDQ form:
    an activation v is read as DequantizeLinear(QuantizeLinear(v)) by all
    its readers (one scale and zero point); a weight or bias constant is
    replaced by its integer levels (int8 weights per output channel with
    `axis`, int32 biases) read through a DequantizeLinear. Levels are
    round-half-to-even and saturated, as QuantizeLinear computes them.
    Plan tensors are found by graph input name, initializer name, or the
    producing node's name and output index. Plan entries the model does
    not have are listed in one warning; values already quantized are left
    alone, so a second run changes nothing. Tensors the plan keeps in
    float16 (mixed precision) are read through a Cast pair instead. Run
    after shape specialization and BatchNorm folding, before target
    lowering.

    Example (`plan` quantizes %x with scale 0.5, zero point 0):
    ```mlir
    %y = onnx.Relu %x : ...
    // becomes
    %q = onnx.QuantizeLinear %x, %s, %z : (tensor<4xf32>, tensor<f32>, tensor<i8>) -> tensor<4xi8>
    %d = onnx.DequantizeLinear %q, %s, %z : (tensor<4xi8>, tensor<f32>, tensor<i8>) -> tensor<4xf32>
    %y = onnx.Relu %d : ...
    ```
  }];
  let options = [
    Option<"planFile", "plan", "std::string", "\"\"",
           "Quantization plan (JSON) from hwc calibrate">,
  ];
  let dependentDialects = ["::hwc::onnx::ONNXDialect"];
}

#endif // HWC_PASSES_PASSES_TD
