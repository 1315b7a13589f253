//===- SystolicOps.h - The systolic dialect: dialect and ops ------*- C++ -*-===//
//
// Public header of the systolic dialect (hwc's ASIC target after tiling and
// memory planning). The op classes are generated from SystolicOps.td.
//
//===----------------------------------------------------------------------===//

#ifndef HWC_DIALECTS_SYSTOLIC_SYSTOLICOPS_H
#define HWC_DIALECTS_SYSTOLIC_SYSTOLICOPS_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/SymbolTable.h"

#include "dialects/Systolic/SystolicOpsDialect.h.inc"
#include "dialects/Systolic/SystolicOpsEnums.h.inc"

#define GET_OP_CLASSES
#include "dialects/Systolic/SystolicOps.h.inc"

namespace hwc::systolic {

/// Limits of the ISA's operand fields (runtime/sim/systolic/Isa.cpp).
constexpr int64_t kMaxCount = 4095;
constexpr int64_t kMaxStride = 4095;
constexpr int64_t kMaxInnerStride = 15;
constexpr int64_t kMaxPairOffset = (int64_t(1) << 20) - 1;
constexpr int64_t kMaxBufferRows = int64_t(1) << 20;
constexpr int64_t kMaxAccumulatorRows = int64_t(1) << 16;
constexpr int64_t kMaxDramRows = int64_t(1) << 28;
/// int32 values per requantization-table entry.
constexpr int64_t kRequantEntryWords = 6;

} // namespace hwc::systolic

#endif // HWC_DIALECTS_SYSTOLIC_SYSTOLICOPS_H
