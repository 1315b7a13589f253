//===- ONNXTypes.td - Types of the onnx dialect --------------*- tablegen -*-===//
//
// ONNX element types that have no builtin MLIR counterpart. Every numeric
// ONNX dtype maps to a builtin type (see ONNXTypeUtils.h); these two cover
// string tensors and values whose type the model does not say.
//
//===----------------------------------------------------------------------===//

#ifndef HWC_DIALECTS_ONNX_ONNXTYPES_TD
#define HWC_DIALECTS_ONNX_ONNXTYPES_TD

include "dialects/ONNX/ONNXDialect.td"

class ONNX_Type<string name, string typeMnemonic>
    : TypeDef<ONNX_Dialect, name> {
  let mnemonic = typeMnemonic;
}

def ONNX_StringType : ONNX_Type<"String", "string"> {
  let summary = "element type of ONNX string tensors";
  let description = [{
    ONNX `STRING` tensors: `tensor<2x!onnx.string>`.
  }];
}

def ONNX_UnknownType : ONNX_Type<"Unknown", "unknown"> {
  let summary = "element type the model does not specify";
  let description = [{
    Element type of a value produced by an operator hwc does not model
    (`onnx.custom`) when neither the model's `value_info` nor ONNX shape
    inference gives it: `tensor<*x!onnx.unknown>`.
  }];
}

#endif // HWC_DIALECTS_ONNX_ONNXTYPES_TD
