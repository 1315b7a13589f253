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

#endif // HWC_PASSES_PASSES_TD
