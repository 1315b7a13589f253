//===- ONNXCanonicalize.cpp - Canonicalization hooks of onnx ops -----------===//
//
// The patterns are declared in ONNXCanonicalize.td; this file holds the
// C++ predicates and builders they call, and hands each op its patterns.
//
//===----------------------------------------------------------------------===//

#include "dialects/ONNX/ONNXOps.h"
#include "dialects/ONNX/ONNXTypeUtils.h"

#include "mlir/IR/PatternMatch.h"

using namespace mlir;

namespace hwc::onnx {
namespace {

/// Constants larger than this are not scanned for a splat value: neutral
/// constants are scalars or bias-sized, and a pattern must not read a
/// whole weight blob on every match attempt.
constexpr int64_t kLargestScannedConstant = 1 << 16;

/// Whether `value` is an onnx.Constant whose every element equals `target`.
bool isConstantSplat(Value value, double target) {
  auto constant = llvm::dyn_cast_or_null<ConstantOp>(value.getDefiningOp());
  if (!constant)
    return false;
  ElementsAttr elements = constant.getValue();
  if (elements.getNumElements() > kLargestScannedConstant)
    return false;
  if (auto floats = readFloatElements(elements))
    return llvm::all_of(*floats, [&](double v) { return v == target; });
  if (auto integers = readIntegerElements(elements))
    return llvm::all_of(*integers, [&](int64_t v) { return double(v) == target; });
  return false;
}

/// Whether a Reshape to `shape` is independent of its input's dimensions:
/// a constant shape with no 0 entry, or one where 0 means size zero.
bool reshapeIgnoresInputDims(Value shape, IntegerAttr allowzero) {
  if (allowzero && allowzero.getInt() != 0)
    return true;
  std::optional<SmallVector<int64_t>> sizes = getConstantIntegers(shape);
  return sizes && llvm::none_of(*sizes, [](int64_t size) { return size == 0; });
}

/// The permutation of transpose(transpose(x, inner), outer): output axis i
/// reads axis inner[outer[i]] of x.
ArrayAttr composePermutations(OpBuilder &builder, ArrayAttr inner, ArrayAttr outer) {
  SmallVector<int64_t> composed;
  for (Attribute axis : outer) {
    int64_t index = llvm::cast<IntegerAttr>(axis).getInt();
    composed.push_back(llvm::cast<IntegerAttr>(inner[index]).getInt());
  }
  return builder.getI64ArrayAttr(composed);
}

#include "dialects/ONNX/ONNXCanonicalize.inc"

} // namespace

void NegOp::getCanonicalizationPatterns(RewritePatternSet &patterns, MLIRContext *context) {
  patterns.add<NegOfNeg>(context);
}

void NotOp::getCanonicalizationPatterns(RewritePatternSet &patterns, MLIRContext *context) {
  patterns.add<NotOfNot>(context);
}

void SqueezeOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                            MLIRContext *context) {
  patterns.add<SqueezeOfUnsqueeze>(context);
}

void TransposeOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                              MLIRContext *context) {
  patterns.add<TransposeOfTranspose>(context);
}

void ReshapeOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                            MLIRContext *context) {
  patterns.add<ReshapeOfReshape, ReshapeOfFlatten, ReshapeOfSqueeze, ReshapeOfUnsqueeze>(
      context);
}

void ExpandOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                           MLIRContext *context) {
  patterns.add<ExpandToOwnShape>(context);
}

void TileOp::getCanonicalizationPatterns(RewritePatternSet &patterns, MLIRContext *context) {
  patterns.add<TileOnce>(context);
}

void PadOp::getCanonicalizationPatterns(RewritePatternSet &patterns, MLIRContext *context) {
  patterns.add<PadByZero>(context);
}

void ConcatOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                           MLIRContext *context) {
  patterns.add<ConcatOfOne>(context);
}

void AddOp::getCanonicalizationPatterns(RewritePatternSet &patterns, MLIRContext *context) {
  patterns.add<AddZero, AddToZero>(context);
}

void SubOp::getCanonicalizationPatterns(RewritePatternSet &patterns, MLIRContext *context) {
  patterns.add<SubZero>(context);
}

void MulOp::getCanonicalizationPatterns(RewritePatternSet &patterns, MLIRContext *context) {
  patterns.add<MulOne, MulByOne>(context);
}

void DivOp::getCanonicalizationPatterns(RewritePatternSet &patterns, MLIRContext *context) {
  patterns.add<DivOne>(context);
}

} // namespace hwc::onnx
