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

#endif // HWC_TARGETS_PASSES_TD
