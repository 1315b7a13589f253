//===- ONNXDialect.td - The onnx dialect and its base classes -*- tablegen -*-===//
//
// The import-level dialect of hwc: one op per ONNX operator, with the
// semantics of the newest opset hwc supports. Older opset forms are
// normalized by the importer, so passes only ever see one signature per op.
//
//===----------------------------------------------------------------------===//

#ifndef HWC_DIALECTS_ONNX_ONNXDIALECT_TD
#define HWC_DIALECTS_ONNX_ONNXDIALECT_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"

def ONNX_Dialect : Dialect {
  let name = "onnx";
  let cppNamespace = "::hwc::onnx";
  let summary = "ONNX operators as imported from a model";
  let description = [{
    One op per ONNX operator (https://onnx.ai/onnx/operators/), named exactly
    as in the ONNX specification (`onnx.Conv`, `onnx.MatMul`, ...). Operand
    and attribute names follow the specification too. Optional inputs that a
    node leaves out are the `none` value produced by `onnx.none`. Every op
    carries the ONNX node name as its location, so diagnostics and reports
    can name the node the user knows. Operators hwc does not model are kept
    as `onnx.custom`, with their op type, domain and attributes, so that
    import never fails on an unknown operator.
  }];
  let useDefaultTypePrinterParser = 1;
  let hasConstantMaterializer = 1;
}

//===----------------------------------------------------------------------===//
// Type constraints
//===----------------------------------------------------------------------===//

/// An optional input: a tensor, or `none` when the node leaves it out.
def ONNX_OptTensor : AnyTypeOf<[AnyTensor, NoneType], "tensor or none">;

//===----------------------------------------------------------------------===//
// Base classes
//===----------------------------------------------------------------------===//

/// Checks every result type against the op's own shape inference, so that
/// an imported type that disagrees with ONNX semantics is reported.
def ONNX_InferredTypesCompatible
    : NativeOpTrait<"InferredTypesCompatible"> {
  let cppNamespace = "::hwc::onnx";
}

class ONNX_Op<string mnemonic, list<Trait> traits = []>
    : Op<ONNX_Dialect, mnemonic, traits>;

/// An operator with shape inference: its result shapes follow from its
/// operands (and, where ONNX says so, from constant operands).
class ONNX_InferOp<string mnemonic, list<Trait> traits = []>
    : ONNX_Op<mnemonic, !listconcat(traits, [Pure, InferShapedTypeOpAdaptor,
                                              ONNX_InferredTypesCompatible])> {
  let assemblyFormat = "operands attr-dict `:` functional-type(operands, results)";
}

/// Elementwise with one input: the result has the input's type.
class ONNX_UnaryOp<string mnemonic, string onnxSummary, list<Trait> traits = []>
    : ONNX_InferOp<mnemonic, traits> {
  let summary = onnxSummary;
  let description = "ONNX `" # mnemonic # "`: the result has the shape and "
    # "element type of `X`.\n\nExample:\n```mlir\n%y = onnx." # mnemonic
    # " %x : (tensor<2x3xf32>) -> tensor<2x3xf32>\n```";
  let arguments = (ins AnyTensor:$X);
  let results = (outs AnyTensor:$Y);
}

/// Elementwise with two inputs and numpy-style (multidirectional)
/// broadcasting; the result element type is `A`'s, or i1 for comparisons.
class ONNX_BinaryOp<string mnemonic, string onnxSummary, bit isComparison = 0,
                    list<Trait> traits = []>
    : ONNX_InferOp<mnemonic, traits> {
  let summary = onnxSummary;
  let description = "ONNX `" # mnemonic # "` with multidirectional "
    # "(numpy) broadcasting. Operand element types must match.\n\n"
    # "Example:\n```mlir\n%c = onnx." # mnemonic
    # " %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3x"
    # !if(isComparison, "i1", "f32") # ">\n```";
  let arguments = (ins AnyTensor:$A, AnyTensor:$B);
  let results = (outs AnyTensor:$C);
  let hasVerifier = 1;
}

/// Elementwise with any number of inputs and numpy broadcasting.
class ONNX_VariadicOp<string mnemonic, string onnxSummary>
    : ONNX_InferOp<mnemonic> {
  let summary = onnxSummary;
  let description = "ONNX `" # mnemonic # "` of one or more inputs with "
    # "multidirectional broadcasting.\n\nExample:\n```mlir\n%r = onnx."
    # mnemonic # " %a, %b : (tensor<4xf32>, tensor<1xf32>) -> tensor<4xf32>\n```";
  let arguments = (ins Variadic<AnyTensor>:$data_0);
  let results = (outs AnyTensor:$result);
  let hasVerifier = 1;
}

/// ReduceL2, ReduceMax, ...: opset-18 form with `axes` as an input.
class ONNX_ReduceOp<string mnemonic, string onnxSummary>
    : ONNX_InferOp<mnemonic> {
  let summary = onnxSummary;
  let description = "ONNX `" # mnemonic # "` in its opset-18 form: `axes` is "
    # "an optional input (older `axes` attributes are turned into a constant "
    # "input at import). With no axes, all dimensions are reduced unless "
    # "`noop_with_empty_axes` is set.\n\nExample:\n```mlir\n%r = onnx."
    # mnemonic # " %x, %axes {keepdims = 1 : i64} : (tensor<2x3xf32>, "
    # "tensor<1xi64>) -> tensor<2x1xf32>\n```";
  let arguments = (ins AnyTensor:$data, ONNX_OptTensor:$axes,
                   DefaultValuedAttr<I64Attr, "1">:$keepdims,
                   DefaultValuedAttr<I64Attr, "0">:$noop_with_empty_axes);
  let results = (outs AnyTensor:$reduced);
  let hasVerifier = 1;
}

#endif // HWC_DIALECTS_ONNX_ONNXDIALECT_TD
