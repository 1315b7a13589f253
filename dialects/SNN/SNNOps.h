//===- SNNOps.h - The snn dialect: dialect and ops ----------------*- C++ -*-===//
//
// Public header of the snn dialect (hwc's neuromorphic target after
// ANN-to-SNN conversion). The op classes are generated from SNNOps.td.
//
//===----------------------------------------------------------------------===//

#ifndef HWC_DIALECTS_SNN_SNNOPS_H
#define HWC_DIALECTS_SNN_SNNOPS_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include <array>

#include "dialects/SNN/SNNOpsDialect.h.inc"

#define GET_OP_CLASSES
#include "dialects/SNN/SNNOps.h.inc"

namespace hwc::snn {

/// The output size of a window op along one axis (ONNX Conv/Pool rule).
int64_t windowOutputSize(int64_t in, int64_t kernel, int64_t stride, int64_t pad,
                         int64_t dilation = 1);

/// (C, H, W) of a signal: rank 3 as is, rank 1 as (N, 1, 1). The
/// verifiers guarantee one of the two for every snn value.
std::array<int64_t, 3> signalShape(mlir::Value signal);

/// Whether `weight` holds integers (the quantized form the emitter takes).
bool hasIntegerWeights(mlir::ElementsAttr weight);

} // namespace hwc::snn

#endif // HWC_DIALECTS_SNN_SNNOPS_H
