//===- NodeFacts.h - Target-independent facts about a model's nodes -*- C++ -*-===//
//
// Every target decides from the same facts: each ONNX node's op, name,
// shapes, element types, MACs, bytes and weights, whether its inputs are
// known at compile time, whether it sits in a quantized (QDQ) region, and
// which of the model's input dims are still dynamic. Computing them once
// keeps the three capability tables small and consistent.
//
//===----------------------------------------------------------------------===//

#ifndef HWC_TARGETS_NODEFACTS_H
#define HWC_TARGETS_NODEFACTS_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Operation.h"

#include <cstdint>
#include <string>
#include <vector>

namespace hwc::target {

/// A dimension of a model input that is not bound to a size.
struct DynamicInputDim {
  std::string input;
  unsigned dim = 0;
  /// The ONNX dim_param ("" when the dim is just unknown).
  std::string param;
};

/// What every target needs to know about one ONNX node.
struct NodeFacts {
  mlir::Operation *op = nullptr;
  /// Index in the model's node list (program order).
  unsigned index = 0;
  /// The ONNX node name (or its first output when the node has none).
  std::string name;
  /// The ONNX op type ("Conv"); custom ops keep their own.
  std::string opType;
  /// The op's domain: "" for ai.onnx.
  std::string domain;
  /// Not one of the typed ops hwc models (an onnx.custom op).
  bool custom = false;
  /// Every input is known at compile time: the node is constant-folded.
  bool compileTimeConstant = false;
  /// Inputs from DequantizeLinear or integer-typed (QDQ or QOperator).
  bool quantized = false;
  /// Every use of every result is a graph output (possibly via Identity).
  bool feedsOnlyGraphOutputs = false;
  /// The first dynamic dim on an input or output, as a phrase:
  /// "output 0 dim 0 of ?x3xf32 is dynamic".
  std::string dynamicDim;
  /// Largest rank among inputs and outputs.
  int64_t maxRank = 0;
  /// Multiply-accumulates for one inference (dynamic dims counted as 1).
  int64_t macs = 0;
  /// Elements of the results (the work of elementwise and data-movement ops).
  int64_t outputElements = 0;
  /// Elements of the non-constant inputs and of the results.
  int64_t activationElements = 0;
  /// Bytes of the non-constant inputs and of the results.
  int64_t activationBytes = 0;
  /// Elements and bytes of the compile-time-constant inputs (weights).
  int64_t weightElements = 0;
  int64_t weightBytes = 0;
  /// Element type name of the first tensor input or result ("f32").
  std::string dtype;
  /// Per operand: known at compile time (a constant or a folded value).
  std::vector<bool> constantOperands;
  /// Indices of the nodes that produce this node's non-constant inputs.
  std::vector<unsigned> producers;
};

/// The facts of a whole model: its nodes in program order plus the model-level
/// summary the report prints.
struct ModelFacts {
  std::string path;
  int64_t opset = 0;
  std::string producer;
  std::vector<NodeFacts> nodes;
  std::vector<DynamicInputDim> dynamicInputDims;
  int64_t parameters = 0;
  int64_t parameterBytes = 0;
  int64_t macs = 0;
};


/// Collects the facts of `func`'s top-level nodes; If/Loop subgraphs count
/// with the node that owns them.
ModelFacts collectModelFacts(mlir::func::FuncOp func, llvm::StringRef path);

/// Bytes of a ranked tensor type with dynamic dims counted as 1 (0 for
/// anything else): the first-order size every estimate uses.
int64_t tensorBytes(mlir::Type type);

/// "1x3x224x224xf32"-style text of a type ("?" for dynamic dims).
std::string typeText(mlir::Type type);

} // namespace hwc::target

#endif // HWC_TARGETS_NODEFACTS_H
