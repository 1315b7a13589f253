//===- Passes.h - Passes that ask the target registry -----------*- C++ -*-===//

#ifndef HWC_TARGETS_PASSES_H
#define HWC_TARGETS_PASSES_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace hwc {

#define GEN_PASS_DECL
#include "targets/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "targets/Passes.h.inc"

} // namespace hwc

#endif // HWC_TARGETS_PASSES_H
