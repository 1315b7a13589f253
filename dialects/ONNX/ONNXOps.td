//===- ONNXOps.td - Operators of the onnx dialect ------------*- tablegen -*-===//
//
// One op per ONNX operator hwc models, in the signature of the newest opset
// hwc supports (the importer normalizes older forms). Operand, result and
// attribute names are the ONNX specification's, so a reader can check an op
// against https://onnx.ai/onnx/operators/ directly. Shape inference lives in
// ONNXShapeInference.cpp, verifiers in ONNXOps.cpp.
//
//===----------------------------------------------------------------------===//

#ifndef HWC_DIALECTS_ONNX_ONNXOPS_TD
#define HWC_DIALECTS_ONNX_ONNXOPS_TD

include "dialects/ONNX/ONNXDialect.td"
include "dialects/ONNX/ONNXTypes.td"

//===----------------------------------------------------------------------===//
// Structural ops: none, constants, custom, yield
//===----------------------------------------------------------------------===//

def ONNX_NoneOp : ONNX_Op<"none", [Pure]> {
  let summary = "the value of an optional input a node leaves out";
  let description = [{
    ONNX marks a left-out optional input with an empty name; hwc passes the
    `none` value instead, so every op has a fixed operand list.

    Example:
    ```mlir
    %none = onnx.none
    %y = onnx.Conv %x, %w, %none : (tensor<1x1x5x5xf32>, tensor<1x1x3x3xf32>, none) -> tensor<1x1x3x3xf32>
    ```
  }];
  let results = (outs NoneType:$none);
  let assemblyFormat = "attr-dict";
}

def ONNX_ConstantOp : ONNX_InferOp<"Constant", [ConstantLike]> {
  let summary = "a constant tensor: an initializer or a Constant node";
  let description = [{
    Model initializers and ONNX `Constant` nodes both import as
    `onnx.Constant`. Weights are `dense_resource` blobs that own the bytes read
    from the model (no second copy); every `value_*` form of the ONNX node
    (`value_float`, `value_ints`, ...) is normalized to `value`.

    Example:
    ```mlir
    %w = onnx.Constant {value = dense_resource<conv1.weight> : tensor<8x1x5x5xf32>} : () -> tensor<8x1x5x5xf32>
    ```
  }];
  let arguments = (ins ElementsAttr:$value);
  let results = (outs AnyTensor:$output);
  let hasFolder = 1;
}

def ONNX_CustomOp : ONNX_Op<"custom", []> {
  let summary = "an ONNX operator hwc does not model";
  let description = [{
    Keeps any operator outside hwc's typed set (experimental ops, contrib
    domains such as `com.microsoft`, ops of newer opsets) with its op type,
    domain and attributes, so that import never fails because an op is
    unknown and the coverage report can name it. Subgraph attributes become
    regions, named in `graph_names`.

    Example:
    ```mlir
    %y = onnx.custom "ImageScaler"(%x) {domain = "", node_attributes = {scale = 1.0 : f32}} : (tensor<1x3x4x4xf32>) -> tensor<1x3x4x4xf32>
    ```
  }];
  let arguments = (ins Variadic<ONNX_OptTensor>:$inputs, StrAttr:$op_type,
                   StrAttr:$domain, DictionaryAttr:$node_attributes,
                   OptionalAttr<StrArrayAttr>:$graph_names);
  let results = (outs Variadic<AnyType>:$outputs);
  let regions = (region VariadicRegion<AnyRegion>:$graphs);
  let assemblyFormat = [{
    $op_type `(` $inputs `)` attr-dict (`graphs` $graphs^)? `:` functional-type($inputs, results)
  }];
}

def ONNX_YieldOp : ONNX_Op<"yield", [Pure, Terminator, ReturnLike,
    ParentOneOf<["IfOp", "LoopOp", "CustomOp"]>]> {
  let summary = "the outputs of an If, Loop or custom-op subgraph";
  let description = [{
    Terminates the region of an ONNX subgraph; its operands are the
    subgraph's outputs, in order.

    Example:
    ```mlir
    onnx.yield %a, %b : tensor<f32>, tensor<2xf32>
    ```
  }];
  let arguments = (ins Variadic<AnyType>:$outputs);
  let assemblyFormat = "($outputs^ `:` type($outputs))? attr-dict";
}

//===----------------------------------------------------------------------===//
// Elementwise unary
//===----------------------------------------------------------------------===//

def ONNX_AbsOp : ONNX_UnaryOp<"Abs", "absolute value">;
def ONNX_CeilOp : ONNX_UnaryOp<"Ceil", "round toward +inf">;
def ONNX_CosOp : ONNX_UnaryOp<"Cos", "cosine">;
def ONNX_ErfOp : ONNX_UnaryOp<"Erf", "Gauss error function">;
def ONNX_ExpOp : ONNX_UnaryOp<"Exp", "exponential">;
def ONNX_FloorOp : ONNX_UnaryOp<"Floor", "round toward -inf">;
def ONNX_HardSwishOp : ONNX_UnaryOp<"HardSwish", "x * max(0, min(1, x/6 + 1/2))">;
def ONNX_IdentityOp : ONNX_UnaryOp<"Identity", "the input, unchanged">;
def ONNX_LogOp : ONNX_UnaryOp<"Log", "natural logarithm">;
def ONNX_NegOp : ONNX_UnaryOp<"Neg", "negation"> {
  let hasCanonicalizer = 1;
}
def ONNX_NotOp : ONNX_UnaryOp<"Not", "logical not"> {
  let hasCanonicalizer = 1;
}
def ONNX_ReciprocalOp : ONNX_UnaryOp<"Reciprocal", "1 / x">;
def ONNX_ReluOp : ONNX_UnaryOp<"Relu", "max(0, x)">;
def ONNX_SigmoidOp : ONNX_UnaryOp<"Sigmoid", "1 / (1 + exp(-x))">;
def ONNX_SignOp : ONNX_UnaryOp<"Sign", "sign of x: -1, 0 or 1">;
def ONNX_SinOp : ONNX_UnaryOp<"Sin", "sine">;
def ONNX_SoftplusOp : ONNX_UnaryOp<"Softplus", "log(exp(x) + 1)">;
def ONNX_SqrtOp : ONNX_UnaryOp<"Sqrt", "square root">;
def ONNX_TanhOp : ONNX_UnaryOp<"Tanh", "hyperbolic tangent">;

def ONNX_EluOp : ONNX_UnaryOp<"Elu", "exponential linear unit"> {
  let arguments = (ins AnyTensor:$X, DefaultValuedAttr<F32Attr, "1.0">:$alpha);
}
def ONNX_HardSigmoidOp : ONNX_UnaryOp<"HardSigmoid", "max(0, min(1, alpha*x + beta))"> {
  let arguments = (ins AnyTensor:$X, DefaultValuedAttr<F32Attr, "0.2">:$alpha,
                   DefaultValuedAttr<F32Attr, "0.5">:$beta);
}
def ONNX_LeakyReluOp : ONNX_UnaryOp<"LeakyRelu", "x, or alpha*x below zero"> {
  let arguments = (ins AnyTensor:$X, DefaultValuedAttr<F32Attr, "0.01">:$alpha);
}
def ONNX_SoftmaxOp : ONNX_UnaryOp<"Softmax", "softmax along one axis (opset-13 semantics)"> {
  let arguments = (ins AnyTensor:$input, DefaultValuedAttr<I64Attr, "-1">:$axis);
  let results = (outs AnyTensor:$output);
  let hasVerifier = 1;
}
def ONNX_LRNOp : ONNX_UnaryOp<"LRN", "local response normalization across channels"> {
  let arguments = (ins AnyTensor:$X, DefaultValuedAttr<F32Attr, "0.0001">:$alpha,
                   DefaultValuedAttr<F32Attr, "0.75">:$beta,
                   DefaultValuedAttr<F32Attr, "1.0">:$bias, I64Attr:$size);
  let hasVerifier = 1;
}

def ONNX_ClipOp : ONNX_InferOp<"Clip"> {
  let summary = "clamp to [min, max]";
  let description = [{
    Opset-11 form: `min` and `max` are optional scalar inputs (opset-6
    attributes are turned into constant inputs at import).

    Example:
    ```mlir
    %y = onnx.Clip %x, %lo, %hi : (tensor<4xf32>, tensor<f32>, tensor<f32>) -> tensor<4xf32>
    ```
  }];
  let arguments = (ins AnyTensor:$input, ONNX_OptTensor:$min, ONNX_OptTensor:$max);
  let results = (outs AnyTensor:$output);
  let hasVerifier = 1;
}

def ONNX_DropoutOp : ONNX_InferOp<"Dropout"> {
  let summary = "dropout (identity at inference)";
  let description = [{
    Opset-12 form: `ratio` and `training_mode` are optional inputs. `mask`
    is `none` when the node does not produce it.

    Example:
    ```mlir
    %y, %m = onnx.Dropout %x, %none, %none : (tensor<4xf32>, none, none) -> (tensor<4xf32>, none)
    ```
  }];
  let arguments = (ins AnyTensor:$data, ONNX_OptTensor:$ratio,
                   ONNX_OptTensor:$training_mode, OptionalAttr<I64Attr>:$seed);
  let results = (outs AnyTensor:$output, ONNX_OptTensor:$mask);
}

def ONNX_CastOp : ONNX_InferOp<"Cast"> {
  let summary = "convert to the element type `to`";
  let description = [{
    `to` is an ONNX `TensorProto.DataType` value (1 = float, 7 = int64, ...).

    Example:
    ```mlir
    %y = onnx.Cast %x {to = 7 : i64} : (tensor<3xf32>) -> tensor<3xi64>
    ```
  }];
  let arguments = (ins AnyTensor:$input, I64Attr:$to,
                   DefaultValuedAttr<I64Attr, "1">:$saturate);
  let results = (outs AnyTensor:$output);
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Elementwise binary and variadic
//===----------------------------------------------------------------------===//

def ONNX_AddOp : ONNX_BinaryOp<"Add", "elementwise sum"> {
  let hasCanonicalizer = 1;
}
def ONNX_SubOp : ONNX_BinaryOp<"Sub", "elementwise difference"> {
  let hasCanonicalizer = 1;
}
def ONNX_MulOp : ONNX_BinaryOp<"Mul", "elementwise product"> {
  let hasCanonicalizer = 1;
}
def ONNX_DivOp : ONNX_BinaryOp<"Div", "elementwise quotient"> {
  let hasCanonicalizer = 1;
}
def ONNX_AndOp : ONNX_BinaryOp<"And", "elementwise logical and">;
def ONNX_OrOp : ONNX_BinaryOp<"Or", "elementwise logical or">;
def ONNX_XorOp : ONNX_BinaryOp<"Xor", "elementwise logical xor">;
def ONNX_EqualOp : ONNX_BinaryOp<"Equal", "elementwise ==", 1>;
def ONNX_GreaterOp : ONNX_BinaryOp<"Greater", "elementwise >", 1>;
def ONNX_GreaterOrEqualOp : ONNX_BinaryOp<"GreaterOrEqual", "elementwise >=", 1>;
def ONNX_LessOp : ONNX_BinaryOp<"Less", "elementwise <", 1>;
def ONNX_LessOrEqualOp : ONNX_BinaryOp<"LessOrEqual", "elementwise <=", 1>;
def ONNX_ModOp : ONNX_BinaryOp<"Mod", "elementwise remainder"> {
  let arguments = (ins AnyTensor:$A, AnyTensor:$B,
                   DefaultValuedAttr<I64Attr, "0">:$fmod);
}
def ONNX_PowOp : ONNX_BinaryOp<"Pow", "elementwise X^Y"> {
  let description = [{
    ONNX `Pow` with multidirectional broadcasting; the exponent may have a
    different element type than the base (the result has the base's).

    Example:
    ```mlir
    %z = onnx.Pow %x, %y : (tensor<3xf32>, tensor<i64>) -> tensor<3xf32>
    ```
  }];
  let arguments = (ins AnyTensor:$X, AnyTensor:$Y);
  let results = (outs AnyTensor:$Z);
}
def ONNX_PReluOp : ONNX_BinaryOp<"PRelu", "x, or slope*x below zero"> {
  let description = [{
    ONNX `PRelu`: `slope` broadcasts to `X` (unidirectionally), so the
    result has `X`'s shape.

    Example:
    ```mlir
    %y = onnx.PRelu %x, %s : (tensor<1x8x4x4xf32>, tensor<8x1x1xf32>) -> tensor<1x8x4x4xf32>
    ```
  }];
  let arguments = (ins AnyTensor:$X, AnyTensor:$slope);
  let results = (outs AnyTensor:$Y);
}

def ONNX_MaxOp : ONNX_VariadicOp<"Max", "elementwise maximum">;
def ONNX_MinOp : ONNX_VariadicOp<"Min", "elementwise minimum">;
def ONNX_MeanOp : ONNX_VariadicOp<"Mean", "elementwise mean">;
def ONNX_SumOp : ONNX_VariadicOp<"Sum", "elementwise sum of all inputs">;

def ONNX_WhereOp : ONNX_InferOp<"Where"> {
  let summary = "select X where condition holds, else Y";
  let description = [{
    All three inputs broadcast together (numpy rules).

    Example:
    ```mlir
    %r = onnx.Where %c, %x, %y : (tensor<4xi1>, tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
    ```
  }];
  let arguments = (ins AnyTensor:$condition, AnyTensor:$X, AnyTensor:$Y);
  let results = (outs AnyTensor:$output);
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Tensor shape and data movement
//===----------------------------------------------------------------------===//

def ONNX_ConstantOfShapeOp : ONNX_InferOp<"ConstantOfShape"> {
  let summary = "a tensor of the given shape filled with one value";
  let description = [{
    `value` is a one-element tensor giving the fill value and element type
    (default: 0.0 as float32).

    Example:
    ```mlir
    %y = onnx.ConstantOfShape %s {value = dense<5> : tensor<1xi64>} : (tensor<2xi64>) -> tensor<?x?xi64>
    ```
  }];
  let arguments = (ins AnyTensor:$input, OptionalAttr<ElementsAttr>:$value);
  let results = (outs AnyTensor:$output);
  let hasVerifier = 1;
}

def ONNX_ShapeOp : ONNX_InferOp<"Shape"> {
  let summary = "the shape of a tensor, as a 1-D int64 tensor";
  let description = [{
    Opset-15 form with optional `start`/`end` slicing of the dimension list.

    Example:
    ```mlir
    %s = onnx.Shape %x : (tensor<1x3x?xf32>) -> tensor<3xi64>
    ```
  }];
  let arguments = (ins AnyTensor:$data, DefaultValuedAttr<I64Attr, "0">:$start,
                   OptionalAttr<I64Attr>:$end);
  let results = (outs AnyTensor:$shape);
}

def ONNX_ReshapeOp : ONNX_InferOp<"Reshape"> {
  let summary = "the same elements in a new shape";
  let description = [{
    `shape` may hold one -1 (inferred) and, unless `allowzero` is set, 0
    (copy the input's dimension).

    Example:
    ```mlir
    %y = onnx.Reshape %x, %s : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<6x4xf32>
    ```
  }];
  let arguments = (ins AnyTensor:$data, AnyTensor:$shape,
                   DefaultValuedAttr<I64Attr, "0">:$allowzero);
  let results = (outs AnyTensor:$reshaped);
  let hasVerifier = 1;
  let hasCanonicalizer = 1;
}

def ONNX_FlattenOp : ONNX_InferOp<"Flatten"> {
  let summary = "collapse to 2-D at `axis`";
  let description = [{
    Example:
    ```mlir
    %y = onnx.Flatten %x {axis = 1 : i64} : (tensor<2x3x4xf32>) -> tensor<2x12xf32>
    ```
  }];
  let arguments = (ins AnyTensor:$input, DefaultValuedAttr<I64Attr, "1">:$axis);
  let results = (outs AnyTensor:$output);
  let hasVerifier = 1;
}

def ONNX_TransposeOp : ONNX_InferOp<"Transpose"> {
  let summary = "permute dimensions";
  let description = [{
    Without `perm`, the dimensions are reversed.

    Example:
    ```mlir
    %y = onnx.Transpose %x {perm = [0, 2, 1]} : (tensor<2x3x4xf32>) -> tensor<2x4x3xf32>
    ```
  }];
  let arguments = (ins AnyTensor:$data, OptionalAttr<I64ArrayAttr>:$perm);
  let results = (outs AnyTensor:$transposed);
  let hasVerifier = 1;
  let hasCanonicalizer = 1;
}

def ONNX_ConcatOp : ONNX_InferOp<"Concat"> {
  let summary = "join tensors along `axis`";
  let description = [{
    Example:
    ```mlir
    %y = onnx.Concat %a, %b {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x5xf32>) -> tensor<2x8xf32>
    ```
  }];
  let arguments = (ins Variadic<AnyTensor>:$inputs, I64Attr:$axis);
  let results = (outs AnyTensor:$concat_result);
  let hasVerifier = 1;
  let hasCanonicalizer = 1;
}

def ONNX_GatherOp : ONNX_InferOp<"Gather"> {
  let summary = "take slices of `data` along `axis` at `indices`";
  let description = [{
    Result shape: `data.shape[:axis] + indices.shape + data.shape[axis+1:]`.

    Example:
    ```mlir
    %y = onnx.Gather %d, %i {axis = 0 : i64} : (tensor<5x4xf32>, tensor<2x3xi64>) -> tensor<2x3x4xf32>
    ```
  }];
  let arguments = (ins AnyTensor:$data, AnyTensor:$indices,
                   DefaultValuedAttr<I64Attr, "0">:$axis);
  let results = (outs AnyTensor:$output);
  let hasVerifier = 1;
}

def ONNX_GatherElementsOp : ONNX_InferOp<"GatherElements"> {
  let summary = "take elements of `data` at `indices` along `axis`";
  let description = [{
    The result has the shape of `indices`.

    Example:
    ```mlir
    %y = onnx.GatherElements %d, %i {axis = 1 : i64} : (tensor<3x3xf32>, tensor<3x2xi64>) -> tensor<3x2xf32>
    ```
  }];
  let arguments = (ins AnyTensor:$data, AnyTensor:$indices,
                   DefaultValuedAttr<I64Attr, "0">:$axis);
  let results = (outs AnyTensor:$output);
  let hasVerifier = 1;
}

def ONNX_ScatterNDOp : ONNX_InferOp<"ScatterND"> {
  let summary = "write `updates` into a copy of `data` at `indices`";
  let description = [{
    The result has the shape of `data`.

    Example:
    ```mlir
    %y = onnx.ScatterND %d, %i, %u : (tensor<8xf32>, tensor<4x1xi64>, tensor<4xf32>) -> tensor<8xf32>
    ```
  }];
  let arguments = (ins AnyTensor:$data, AnyTensor:$indices, AnyTensor:$updates,
                   DefaultValuedStrAttr<StrAttr, "none">:$reduction);
  let results = (outs AnyTensor:$output);
  let hasVerifier = 1;
}

def ONNX_ExpandOp : ONNX_InferOp<"Expand"> {
  let summary = "broadcast to `shape`";
  let description = [{
    Example:
    ```mlir
    %y = onnx.Expand %x, %s : (tensor<3x1xf32>, tensor<2xi64>) -> tensor<3x4xf32>
    ```
  }];
  let arguments = (ins AnyTensor:$input, AnyTensor:$shape);
  let results = (outs AnyTensor:$output);
  let hasCanonicalizer = 1;
}

def ONNX_SqueezeOp : ONNX_InferOp<"Squeeze"> {
  let summary = "remove dimensions of size 1";
  let description = [{
    Opset-13 form: `axes` is an optional input; without it every dimension
    of size 1 is removed.

    Example:
    ```mlir
    %y = onnx.Squeeze %x, %axes : (tensor<1x3x1xf32>, tensor<1xi64>) -> tensor<3x1xf32>
    ```
  }];
  let arguments = (ins AnyTensor:$data, ONNX_OptTensor:$axes);
  let results = (outs AnyTensor:$squeezed);
  let hasCanonicalizer = 1;
}

def ONNX_UnsqueezeOp : ONNX_InferOp<"Unsqueeze"> {
  let summary = "insert dimensions of size 1";
  let description = [{
    Opset-13 form: `axes` is an input (older attributes become a constant).

    Example:
    ```mlir
    %y = onnx.Unsqueeze %x, %axes : (tensor<3xf32>, tensor<1xi64>) -> tensor<1x3xf32>
    ```
  }];
  let arguments = (ins AnyTensor:$data, AnyTensor:$axes);
  let results = (outs AnyTensor:$expanded);
}

def ONNX_SliceOp : ONNX_InferOp<"Slice"> {
  let summary = "a strided slice";
  let description = [{
    Opset-10 form: `starts`, `ends` and the optional `axes`, `steps` are
    inputs.

    Example:
    ```mlir
    %y = onnx.Slice %x, %s, %e, %a, %none : (tensor<10xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, none) -> tensor<?xf32>
    ```
  }];
  let arguments = (ins AnyTensor:$data, AnyTensor:$starts, AnyTensor:$ends,
                   ONNX_OptTensor:$axes, ONNX_OptTensor:$steps);
  let results = (outs AnyTensor:$output);
}

def ONNX_SplitOp : ONNX_InferOp<"Split"> {
  let summary = "split into several tensors along `axis`";
  let description = [{
    Opset-18 form: sizes come from the optional `split` input, or the
    dimension is cut into `num_outputs` (the last part may be smaller), or
    into as many equal parts as there are results.

    Example:
    ```mlir
    %a, %b = onnx.Split %x, %none {axis = 0 : i64} : (tensor<4xf32>, none) -> (tensor<2xf32>, tensor<2xf32>)
    ```
  }];
  let arguments = (ins AnyTensor:$input, ONNX_OptTensor:$split,
                   DefaultValuedAttr<I64Attr, "0">:$axis,
                   OptionalAttr<I64Attr>:$num_outputs);
  let results = (outs Variadic<AnyTensor>:$outputs);
  let hasVerifier = 1;
}

def ONNX_PadOp : ONNX_InferOp<"Pad"> {
  let summary = "pad with a constant, or by reflecting, repeating or wrapping edges";
  let description = [{
    Opset-19 form: `pads`, `constant_value` and `axes` are inputs; `mode` is
    `constant`, `reflect`, `edge` or `wrap`.

    Example:
    ```mlir
    %y = onnx.Pad %x, %p, %none, %none : (tensor<2x2xf32>, tensor<4xi64>, none, none) -> tensor<4x4xf32>
    ```
  }];
  let arguments = (ins AnyTensor:$data, AnyTensor:$pads,
                   ONNX_OptTensor:$constant_value, ONNX_OptTensor:$axes,
                   DefaultValuedStrAttr<StrAttr, "constant">:$mode);
  let results = (outs AnyTensor:$output);
  let hasVerifier = 1;
  let hasCanonicalizer = 1;
}

def ONNX_TileOp : ONNX_InferOp<"Tile"> {
  let summary = "repeat the input along each dimension";
  let description = [{
    Example:
    ```mlir
    %y = onnx.Tile %x, %r : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<4x3xf32>
    ```
  }];
  let arguments = (ins AnyTensor:$input, AnyTensor:$repeats);
  let results = (outs AnyTensor:$output);
  let hasCanonicalizer = 1;
}

def ONNX_RangeOp : ONNX_InferOp<"Range"> {
  let summary = "start, start + delta, ... below limit";
  let description = [{
    Example:
    ```mlir
    %y = onnx.Range %s, %l, %d : (tensor<i64>, tensor<i64>, tensor<i64>) -> tensor<?xi64>
    ```
  }];
  let arguments = (ins AnyTensor:$start, AnyTensor:$limit, AnyTensor:$delta);
  let results = (outs AnyTensor:$output);
}

def ONNX_DepthToSpaceOp : ONNX_InferOp<"DepthToSpace"> {
  let summary = "move channel blocks into spatial blocks";
  let description = [{
    `mode` is `DCR` (depth-column-row) or `CRD`.

    Example:
    ```mlir
    %y = onnx.DepthToSpace %x {blocksize = 2 : i64} : (tensor<1x8x2x3xf32>) -> tensor<1x2x4x6xf32>
    ```
  }];
  let arguments = (ins AnyTensor:$input, I64Attr:$blocksize,
                   DefaultValuedStrAttr<StrAttr, "DCR">:$mode);
  let results = (outs AnyTensor:$output);
  let hasVerifier = 1;
}

def ONNX_SpaceToDepthOp : ONNX_InferOp<"SpaceToDepth"> {
  let summary = "move spatial blocks into channels";
  let description = [{
    Example:
    ```mlir
    %y = onnx.SpaceToDepth %x {blocksize = 2 : i64} : (tensor<1x2x4x6xf32>) -> tensor<1x8x2x3xf32>
    ```
  }];
  let arguments = (ins AnyTensor:$input, I64Attr:$blocksize);
  let results = (outs AnyTensor:$output);
  let hasVerifier = 1;
}

def ONNX_ResizeOp : ONNX_InferOp<"Resize"> {
  let summary = "resample spatial dimensions";
  let description = [{
    Opset-19 form (inputs `roi`, `scales`, `sizes`; attributes `axes`,
    `antialias`, `keep_aspect_ratio_policy`). Opset-10 models (inputs `X`,
    `scales`) are normalized to this form at import.

    Example:
    ```mlir
    %y = onnx.Resize %x, %none, %s, %none {mode = "nearest"} : (tensor<1x1x2x2xf32>, none, tensor<4xf32>, none) -> tensor<1x1x4x4xf32>
    ```
  }];
  let arguments = (ins AnyTensor:$X, ONNX_OptTensor:$roi, ONNX_OptTensor:$scales,
                   ONNX_OptTensor:$sizes,
                   DefaultValuedAttr<I64Attr, "0">:$antialias,
                   OptionalAttr<I64ArrayAttr>:$axes,
                   DefaultValuedStrAttr<StrAttr, "half_pixel">:$coordinate_transformation_mode,
                   DefaultValuedAttr<F32Attr, "-0.75">:$cubic_coeff_a,
                   DefaultValuedAttr<I64Attr, "0">:$exclude_outside,
                   DefaultValuedAttr<F32Attr, "0.0">:$extrapolation_value,
                   DefaultValuedStrAttr<StrAttr, "stretch">:$keep_aspect_ratio_policy,
                   DefaultValuedStrAttr<StrAttr, "nearest">:$mode,
                   DefaultValuedStrAttr<StrAttr, "round_prefer_floor">:$nearest_mode);
  let results = (outs AnyTensor:$Y);
  let hasVerifier = 1;
}

def ONNX_UpsampleOp : ONNX_InferOp<"Upsample"> {
  let summary = "deprecated nearest/linear upsampling by `scales`";
  let description = [{
    Opset-9 form: `scales` is an input (opset-7 attributes become a
    constant at import).

    Example:
    ```mlir
    %y = onnx.Upsample %x, %s {mode = "nearest"} : (tensor<1x1x2x2xf32>, tensor<4xf32>) -> tensor<1x1x4x4xf32>
    ```
  }];
  let arguments = (ins AnyTensor:$X, AnyTensor:$scales,
                   DefaultValuedStrAttr<StrAttr, "nearest">:$mode);
  let results = (outs AnyTensor:$Y);
}

def ONNX_EinsumOp : ONNX_InferOp<"Einsum"> {
  let summary = "Einstein summation";
  let description = [{
    Example:
    ```mlir
    %y = onnx.Einsum %a, %b {equation = "ij,jk->ik"} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
    ```
  }];
  let arguments = (ins Variadic<AnyTensor>:$Inputs, StrAttr:$equation);
  let results = (outs AnyTensor:$Output);
  let hasVerifier = 1;
}

def ONNX_TopKOp : ONNX_InferOp<"TopK"> {
  let summary = "the K largest (or smallest) elements along `axis` and their indices";
  let description = [{
    Opset-11 form: `K` is a one-element int64 input.

    Example:
    ```mlir
    %v, %i = onnx.TopK %x, %k {axis = -1 : i64} : (tensor<3x10xf32>, tensor<1xi64>) -> (tensor<3x?xf32>, tensor<3x?xi64>)
    ```
  }];
  let arguments = (ins AnyTensor:$X, AnyTensor:$K,
                   DefaultValuedAttr<I64Attr, "-1">:$axis,
                   DefaultValuedAttr<I64Attr, "1">:$largest,
                   DefaultValuedAttr<I64Attr, "1">:$sorted);
  let results = (outs AnyTensor:$Values, AnyTensor:$Indices);
  let hasVerifier = 1;
}

class ONNX_ArgOp<string mnemonic, string onnxSummary> : ONNX_InferOp<mnemonic> {
  let summary = onnxSummary;
  let description = "ONNX `" # mnemonic # "`: int64 indices along `axis`."
    # "\n\nExample:\n```mlir\n%i = onnx." # mnemonic
    # " %x {axis = 1 : i64, keepdims = 0 : i64} : (tensor<2x5xf32>) -> tensor<2xi64>\n```";
  let arguments = (ins AnyTensor:$data, DefaultValuedAttr<I64Attr, "0">:$axis,
                   DefaultValuedAttr<I64Attr, "1">:$keepdims,
                   DefaultValuedAttr<I64Attr, "0">:$select_last_index);
  let results = (outs AnyTensor:$reduced);
  let hasVerifier = 1;
}
def ONNX_ArgMaxOp : ONNX_ArgOp<"ArgMax", "index of the maximum along an axis">;
def ONNX_ArgMinOp : ONNX_ArgOp<"ArgMin", "index of the minimum along an axis">;

def ONNX_ReduceL2Op : ONNX_ReduceOp<"ReduceL2", "L2 norm over axes">;
def ONNX_ReduceMaxOp : ONNX_ReduceOp<"ReduceMax", "maximum over axes">;
def ONNX_ReduceMeanOp : ONNX_ReduceOp<"ReduceMean", "mean over axes">;
def ONNX_ReduceMinOp : ONNX_ReduceOp<"ReduceMin", "minimum over axes">;
def ONNX_ReduceProdOp : ONNX_ReduceOp<"ReduceProd", "product over axes">;
def ONNX_ReduceSumOp : ONNX_ReduceOp<"ReduceSum", "sum over axes">;

//===----------------------------------------------------------------------===//
// Neural-network layers
//===----------------------------------------------------------------------===//

def ONNX_ConvOp : ONNX_InferOp<"Conv"> {
  let summary = "N-D convolution (cross-correlation) with groups";
  let description = [{
    `X` is N x C x D1 x ... x Dn, `W` is M x C/group x k1 x ... x kn.
    Padding is explicit (`pads`, begin values then end values) or
    `auto_pad` = `SAME_UPPER`, `SAME_LOWER` or `VALID`.

    Example:
    ```mlir
    %y = onnx.Conv %x, %w, %b {pads = [1, 1, 1, 1]} : (tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>, tensor<16xf32>) -> tensor<1x16x8x8xf32>
    ```
  }];
  let arguments = (ins AnyTensor:$X, AnyTensor:$W, ONNX_OptTensor:$B,
                   DefaultValuedStrAttr<StrAttr, "NOTSET">:$auto_pad,
                   OptionalAttr<I64ArrayAttr>:$dilations,
                   DefaultValuedAttr<I64Attr, "1">:$group,
                   OptionalAttr<I64ArrayAttr>:$kernel_shape,
                   OptionalAttr<I64ArrayAttr>:$pads,
                   OptionalAttr<I64ArrayAttr>:$strides);
  let results = (outs AnyTensor:$Y);
  let hasVerifier = 1;
}

def ONNX_ConvTransposeOp : ONNX_InferOp<"ConvTranspose"> {
  let summary = "N-D transposed convolution";
  let description = [{
    `W` is C x M/group x k1 x ... x kn. The output size comes from
    `output_shape` when given, else from strides, pads and
    `output_padding`.

    Example:
    ```mlir
    %y = onnx.ConvTranspose %x, %w, %none {strides = [2, 2]} : (tensor<1x4x3x3xf32>, tensor<4x2x3x3xf32>, none) -> tensor<1x2x7x7xf32>
    ```
  }];
  let arguments = (ins AnyTensor:$X, AnyTensor:$W, ONNX_OptTensor:$B,
                   DefaultValuedStrAttr<StrAttr, "NOTSET">:$auto_pad,
                   OptionalAttr<I64ArrayAttr>:$dilations,
                   DefaultValuedAttr<I64Attr, "1">:$group,
                   OptionalAttr<I64ArrayAttr>:$kernel_shape,
                   OptionalAttr<I64ArrayAttr>:$output_padding,
                   OptionalAttr<I64ArrayAttr>:$output_shape,
                   OptionalAttr<I64ArrayAttr>:$pads,
                   OptionalAttr<I64ArrayAttr>:$strides);
  let results = (outs AnyTensor:$Y);
  let hasVerifier = 1;
}

def ONNX_AveragePoolOp : ONNX_InferOp<"AveragePool"> {
  let summary = "N-D average pooling";
  let description = [{
    Example:
    ```mlir
    %y = onnx.AveragePool %x {kernel_shape = [2, 2], strides = [2, 2]} : (tensor<1x3x8x8xf32>) -> tensor<1x3x4x4xf32>
    ```
  }];
  let arguments = (ins AnyTensor:$X,
                   DefaultValuedStrAttr<StrAttr, "NOTSET">:$auto_pad,
                   DefaultValuedAttr<I64Attr, "0">:$ceil_mode,
                   DefaultValuedAttr<I64Attr, "0">:$count_include_pad,
                   OptionalAttr<I64ArrayAttr>:$dilations,
                   I64ArrayAttr:$kernel_shape,
                   OptionalAttr<I64ArrayAttr>:$pads,
                   OptionalAttr<I64ArrayAttr>:$strides);
  let results = (outs AnyTensor:$Y);
  let hasVerifier = 1;
}

def ONNX_MaxPoolOp : ONNX_InferOp<"MaxPool"> {
  let summary = "N-D max pooling, optionally with argmax indices";
  let description = [{
    `Indices` is `none` when the node does not produce it.

    Example:
    ```mlir
    %y, %i = onnx.MaxPool %x {kernel_shape = [2, 2], strides = [2, 2]} : (tensor<1x3x8x8xf32>) -> (tensor<1x3x4x4xf32>, none)
    ```
  }];
  let arguments = (ins AnyTensor:$X,
                   DefaultValuedStrAttr<StrAttr, "NOTSET">:$auto_pad,
                   DefaultValuedAttr<I64Attr, "0">:$ceil_mode,
                   OptionalAttr<I64ArrayAttr>:$dilations,
                   I64ArrayAttr:$kernel_shape,
                   OptionalAttr<I64ArrayAttr>:$pads,
                   DefaultValuedAttr<I64Attr, "0">:$storage_order,
                   OptionalAttr<I64ArrayAttr>:$strides);
  let results = (outs AnyTensor:$Y, ONNX_OptTensor:$Indices);
  let hasVerifier = 1;
}

def ONNX_GlobalAveragePoolOp : ONNX_UnaryOp<"GlobalAveragePool", "average over all spatial dimensions"> {
  let description = [{
    Every spatial dimension becomes 1.

    Example:
    ```mlir
    %y = onnx.GlobalAveragePool %x : (tensor<1x8x7x7xf32>) -> tensor<1x8x1x1xf32>
    ```
  }];
  let hasVerifier = 1;
}
def ONNX_GlobalMaxPoolOp : ONNX_UnaryOp<"GlobalMaxPool", "maximum over all spatial dimensions"> {
  let description = [{
    Every spatial dimension becomes 1.

    Example:
    ```mlir
    %y = onnx.GlobalMaxPool %x : (tensor<1x8x7x7xf32>) -> tensor<1x8x1x1xf32>
    ```
  }];
  let hasVerifier = 1;
}

def ONNX_BatchNormalizationOp : ONNX_InferOp<"BatchNormalization"> {
  let summary = "batch normalization with per-channel statistics";
  let description = [{
    Inference form: `running_mean` and `running_var` are `none` unless the
    node is in training mode and produces them.

    Example:
    ```mlir
    %y, %rm, %rv = onnx.BatchNormalization %x, %s, %b, %m, %v : (tensor<1x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> (tensor<1x8x4x4xf32>, none, none)
    ```
  }];
  let arguments = (ins AnyTensor:$X, AnyTensor:$scale, AnyTensor:$B,
                   AnyTensor:$input_mean, AnyTensor:$input_var,
                   DefaultValuedAttr<F32Attr, "1.0e-5">:$epsilon,
                   DefaultValuedAttr<F32Attr, "0.9">:$momentum,
                   DefaultValuedAttr<I64Attr, "0">:$training_mode);
  let results = (outs AnyTensor:$Y, ONNX_OptTensor:$running_mean,
                 ONNX_OptTensor:$running_var);
  let hasVerifier = 1;
}

def ONNX_InstanceNormalizationOp : ONNX_InferOp<"InstanceNormalization"> {
  let summary = "normalize each channel of each sample";
  let description = [{
    Example:
    ```mlir
    %y = onnx.InstanceNormalization %x, %s, %b : (tensor<1x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
    ```
  }];
  let arguments = (ins AnyTensor:$input, AnyTensor:$scale, AnyTensor:$B,
                   DefaultValuedAttr<F32Attr, "1.0e-5">:$epsilon);
  let results = (outs AnyTensor:$output);
  let hasVerifier = 1;
}

def ONNX_LayerNormalizationOp : ONNX_InferOp<"LayerNormalization"> {
  let summary = "normalize over the trailing dimensions from `axis`";
  let description = [{
    `Mean` and `InvStdDev` are `none` unless the node produces them.

    Example:
    ```mlir
    %y, %m, %d = onnx.LayerNormalization %x, %s, %b : (tensor<2x16x64xf32>, tensor<64xf32>, tensor<64xf32>) -> (tensor<2x16x64xf32>, none, none)
    ```
  }];
  let arguments = (ins AnyTensor:$X, AnyTensor:$Scale, ONNX_OptTensor:$B,
                   DefaultValuedAttr<I64Attr, "-1">:$axis,
                   DefaultValuedAttr<F32Attr, "1.0e-5">:$epsilon,
                   DefaultValuedAttr<I64Attr, "1">:$stash_type);
  let results = (outs AnyTensor:$Y, ONNX_OptTensor:$Mean,
                 ONNX_OptTensor:$InvStdDev);
  let hasVerifier = 1;
}

def ONNX_GemmOp : ONNX_InferOp<"Gemm"> {
  let summary = "alpha * A' * B' + beta * C";
  let description = [{
    `A` and `B` are 2-D (transposed when `transA`/`transB` is set); `C`
    broadcasts to the M x N result.

    Example:
    ```mlir
    %y = onnx.Gemm %a, %b, %c {transB = 1 : i64} : (tensor<1x2048xf32>, tensor<1000x2048xf32>, tensor<1000xf32>) -> tensor<1x1000xf32>
    ```
  }];
  let arguments = (ins AnyTensor:$A, AnyTensor:$B, ONNX_OptTensor:$C,
                   DefaultValuedAttr<F32Attr, "1.0">:$alpha,
                   DefaultValuedAttr<F32Attr, "1.0">:$beta,
                   DefaultValuedAttr<I64Attr, "0">:$transA,
                   DefaultValuedAttr<I64Attr, "0">:$transB);
  let results = (outs AnyTensor:$Y);
  let hasVerifier = 1;
}

def ONNX_MatMulOp : ONNX_InferOp<"MatMul"> {
  let summary = "numpy matmul with batch broadcasting";
  let description = [{
    Example:
    ```mlir
    %y = onnx.MatMul %a, %b : (tensor<4x2x3xf32>, tensor<3x5xf32>) -> tensor<4x2x5xf32>
    ```
  }];
  let arguments = (ins AnyTensor:$A, AnyTensor:$B);
  let results = (outs AnyTensor:$Y);
  let hasVerifier = 1;
}

def ONNX_MatMulIntegerOp : ONNX_InferOp<"MatMulInteger"> {
  let summary = "integer matmul with zero points, int32 result";
  let description = [{
    Example:
    ```mlir
    %y = onnx.MatMulInteger %a, %b, %az, %none : (tensor<2x3xui8>, tensor<3x4xi8>, tensor<ui8>, none) -> tensor<2x4xi32>
    ```
  }];
  let arguments = (ins AnyTensor:$A, AnyTensor:$B, ONNX_OptTensor:$a_zero_point,
                   ONNX_OptTensor:$b_zero_point);
  let results = (outs AnyTensor:$Y);
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Quantization
//===----------------------------------------------------------------------===//

def ONNX_QuantizeLinearOp : ONNX_InferOp<"QuantizeLinear"> {
  let summary = "saturate(round(x / y_scale) + y_zero_point)";
  let description = [{
    Per-tensor (scalar scale) or per-axis (1-D scale along `axis`). The
    result type is the zero point's, else `output_dtype`'s (opset 21), else
    uint8. Rounding is half to even.

    Example:
    ```mlir
    %q = onnx.QuantizeLinear %x, %s, %z : (tensor<4xf32>, tensor<f32>, tensor<i8>) -> tensor<4xi8>
    ```
  }];
  let arguments = (ins AnyTensor:$x, AnyTensor:$y_scale,
                   ONNX_OptTensor:$y_zero_point,
                   DefaultValuedAttr<I64Attr, "1">:$axis,
                   DefaultValuedAttr<I64Attr, "0">:$block_size,
                   DefaultValuedAttr<I64Attr, "0">:$output_dtype,
                   DefaultValuedAttr<I64Attr, "1">:$saturate);
  let results = (outs AnyTensor:$y);
  let hasVerifier = 1;
}

def ONNX_DequantizeLinearOp : ONNX_InferOp<"DequantizeLinear"> {
  let summary = "(x - x_zero_point) * x_scale";
  let description = [{
    The result has the scale's element type.

    Example:
    ```mlir
    %y = onnx.DequantizeLinear %q, %s, %z : (tensor<4xi8>, tensor<f32>, tensor<i8>) -> tensor<4xf32>
    ```
  }];
  let arguments = (ins AnyTensor:$x, AnyTensor:$x_scale,
                   ONNX_OptTensor:$x_zero_point,
                   DefaultValuedAttr<I64Attr, "1">:$axis,
                   DefaultValuedAttr<I64Attr, "0">:$block_size);
  let results = (outs AnyTensor:$y);
  let hasVerifier = 1;
}

def ONNX_QLinearConvOp : ONNX_InferOp<"QLinearConv"> {
  let summary = "quantized convolution (QOperator form)";
  let description = [{
    Example:
    ```mlir
    %y = onnx.QLinearConv %x, %xs, %xz, %w, %ws, %wz, %ys, %yz, %none : (tensor<1x1x5x5xui8>, tensor<f32>, tensor<ui8>, tensor<1x1x3x3xui8>, tensor<f32>, tensor<ui8>, tensor<f32>, tensor<ui8>, none) -> tensor<1x1x3x3xui8>
    ```
  }];
  let arguments = (ins AnyTensor:$x, AnyTensor:$x_scale, AnyTensor:$x_zero_point,
                   AnyTensor:$w, AnyTensor:$w_scale, AnyTensor:$w_zero_point,
                   AnyTensor:$y_scale, AnyTensor:$y_zero_point, ONNX_OptTensor:$B,
                   DefaultValuedStrAttr<StrAttr, "NOTSET">:$auto_pad,
                   OptionalAttr<I64ArrayAttr>:$dilations,
                   DefaultValuedAttr<I64Attr, "1">:$group,
                   OptionalAttr<I64ArrayAttr>:$kernel_shape,
                   OptionalAttr<I64ArrayAttr>:$pads,
                   OptionalAttr<I64ArrayAttr>:$strides);
  let results = (outs AnyTensor:$y);
  let hasVerifier = 1;
}

def ONNX_QLinearMatMulOp : ONNX_InferOp<"QLinearMatMul"> {
  let summary = "quantized matmul (QOperator form)";
  let description = [{
    Example:
    ```mlir
    %y = onnx.QLinearMatMul %a, %as, %az, %b, %bs, %bz, %ys, %yz : (tensor<2x3xui8>, tensor<f32>, tensor<ui8>, tensor<3x4xui8>, tensor<f32>, tensor<ui8>, tensor<f32>, tensor<ui8>) -> tensor<2x4xui8>
    ```
  }];
  let arguments = (ins AnyTensor:$a, AnyTensor:$a_scale, AnyTensor:$a_zero_point,
                   AnyTensor:$b, AnyTensor:$b_scale, AnyTensor:$b_zero_point,
                   AnyTensor:$y_scale, AnyTensor:$y_zero_point);
  let results = (outs AnyTensor:$y);
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Recurrent layers
//===----------------------------------------------------------------------===//

def ONNX_LSTMOp : ONNX_InferOp<"LSTM"> {
  let summary = "long short-term memory layer";
  let description = [{
    `layout` 0: X is [seq, batch, input]; 1: [batch, seq, input]. Results
    the node does not produce are `none`.

    Example:
    ```mlir
    %y, %h, %c = onnx.LSTM %x, %w, %r, %b, %none, %none, %none, %none {hidden_size = 64 : i64} : (tensor<20x1x32xf32>, tensor<1x256x32xf32>, tensor<1x256x64xf32>, tensor<1x512xf32>, none, none, none, none) -> (tensor<20x1x1x64xf32>, tensor<1x1x64xf32>, none)
    ```
  }];
  let arguments = (ins AnyTensor:$X, AnyTensor:$W, AnyTensor:$R, ONNX_OptTensor:$B,
                   ONNX_OptTensor:$sequence_lens, ONNX_OptTensor:$initial_h,
                   ONNX_OptTensor:$initial_c, ONNX_OptTensor:$P,
                   OptionalAttr<F32ArrayAttr>:$activation_alpha,
                   OptionalAttr<F32ArrayAttr>:$activation_beta,
                   OptionalAttr<StrArrayAttr>:$activations,
                   OptionalAttr<F32Attr>:$clip,
                   DefaultValuedStrAttr<StrAttr, "forward">:$direction,
                   OptionalAttr<I64Attr>:$hidden_size,
                   DefaultValuedAttr<I64Attr, "0">:$input_forget,
                   DefaultValuedAttr<I64Attr, "0">:$layout);
  let results = (outs ONNX_OptTensor:$Y, ONNX_OptTensor:$Y_h, ONNX_OptTensor:$Y_c);
  let hasVerifier = 1;
}

def ONNX_GRUOp : ONNX_InferOp<"GRU"> {
  let summary = "gated recurrent unit layer";
  let description = [{
    Example:
    ```mlir
    %y, %h = onnx.GRU %x, %w, %r, %b, %none, %none {hidden_size = 16 : i64} : (tensor<5x1x8xf32>, tensor<1x48x8xf32>, tensor<1x48x16xf32>, tensor<1x96xf32>, none, none) -> (tensor<5x1x1x16xf32>, tensor<1x1x16xf32>)
    ```
  }];
  let arguments = (ins AnyTensor:$X, AnyTensor:$W, AnyTensor:$R, ONNX_OptTensor:$B,
                   ONNX_OptTensor:$sequence_lens, ONNX_OptTensor:$initial_h,
                   OptionalAttr<F32ArrayAttr>:$activation_alpha,
                   OptionalAttr<F32ArrayAttr>:$activation_beta,
                   OptionalAttr<StrArrayAttr>:$activations,
                   OptionalAttr<F32Attr>:$clip,
                   DefaultValuedStrAttr<StrAttr, "forward">:$direction,
                   OptionalAttr<I64Attr>:$hidden_size,
                   DefaultValuedAttr<I64Attr, "0">:$layout,
                   DefaultValuedAttr<I64Attr, "0">:$linear_before_reset);
  let results = (outs ONNX_OptTensor:$Y, ONNX_OptTensor:$Y_h);
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Control flow
//===----------------------------------------------------------------------===//

def ONNX_IfOp : ONNX_Op<"If", [
    DeclareOpInterfaceMethods<InferShapedTypeOpInterface, ["inferReturnTypeComponents"]>,
    ONNX_InferredTypesCompatible]> {
  let summary = "run one of two subgraphs";
  let description = [{
    Both regions end in `onnx.yield` with as many values as the op has
    results. Subgraphs refer to outer values directly.

    Example:
    ```mlir
    %r = onnx.If %c : (tensor<i1>) -> tensor<2xf32> then {
      onnx.yield %a : tensor<2xf32>
    } else {
      onnx.yield %b : tensor<2xf32>
    }
    ```
  }];
  let arguments = (ins AnyTensor:$cond);
  let results = (outs Variadic<AnyType>:$outputs);
  let regions = (region SizedRegion<1>:$then_branch, SizedRegion<1>:$else_branch);
  let assemblyFormat = [{
    $cond attr-dict `:` functional-type(operands, results) `then` $then_branch `else` $else_branch
  }];
  let hasVerifier = 1;
}

def ONNX_LoopOp : ONNX_Op<"Loop", [
    DeclareOpInterfaceMethods<InferShapedTypeOpInterface, ["inferReturnTypeComponents"]>,
    ONNX_InferredTypesCompatible]> {
  let summary = "a loop with a trip count, a condition and carried values";
  let description = [{
    The body has block arguments (iteration number, condition, carried
    values...) and yields (condition, carried values..., scan outputs...).
    Results are the final carried values, then the scan outputs stacked
    along a new leading dimension.

    Example:
    ```mlir
    %r = onnx.Loop %n, %none, %x : (tensor<i64>, none, tensor<f32>) -> tensor<f32> body {
    ^bb0(%i: tensor<i64>, %c: tensor<i1>, %v: tensor<f32>):
      onnx.yield %c, %v : tensor<i1>, tensor<f32>
    }
    ```
  }];
  let arguments = (ins ONNX_OptTensor:$M, ONNX_OptTensor:$cond,
                   Variadic<ONNX_OptTensor>:$v_initial);
  let results = (outs Variadic<AnyType>:$v_final_and_scan_outputs);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    operands attr-dict `:` functional-type(operands, results) `body` $body
  }];
  let hasVerifier = 1;
}

#endif // HWC_DIALECTS_ONNX_ONNXOPS_TD
