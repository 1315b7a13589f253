//===- ONNXCanonicalize.td - onnx canonicalization patterns --*- tablegen -*-===//
//
// Rewrites that make an onnx graph smaller without changing any value or
// type: inverse pairs cancel, chains of data-order-preserving reshapes
// collapse into one, and arithmetic with a neutral constant disappears.
// `hwc-canonicalize` runs them with the upstream greedy driver. Every
// pattern that replaces a node by its input checks that the types match,
// so no user of the value sees a change.
//
//===----------------------------------------------------------------------===//

#ifndef HWC_DIALECTS_ONNX_ONNXCANONICALIZE_TD
#define HWC_DIALECTS_ONNX_ONNXCANONICALIZE_TD

include "mlir/IR/PatternBase.td"
include "dialects/ONNX/ONNXOps.td"

def SameType : Constraint<CPred<"$0.getType() == $1.getType()">, "same type">;
def SameStaticType
    : Constraint<CPred<"$0.getType() == $1.getType() && isStaticTensor($0.getType())">,
                 "same static type">;
def HasPermutation : Constraint<CPred<"static_cast<bool>($0)">, "has a perm">;
def IsConstantSplatZero : Constraint<CPred<"isConstantSplat($0, 0.0)">, "constant 0">;
def IsConstantSplatOne : Constraint<CPred<"isConstantSplat($0, 1.0)">, "constant 1">;
def KeepsNoInputDims
    : Constraint<CPred<"reshapeIgnoresInputDims($0, $1)">,
                 "the outer shape copies no dimension of its input">;
def IsSingleSameTyped
    : Constraint<CPred<"$0.size() == 1 && $0.front().getType() == $1.getType()">,
                 "one input of the result's type">;

def ComposePermutations : NativeCodeCall<"composePermutations($_builder, $0, $1)">;
def FirstValue : NativeCodeCall<"$0.front()">;

//===----------------------------------------------------------------------===//
// Inverse pairs
//===----------------------------------------------------------------------===//

def NegOfNeg : Pat<(ONNX_NegOp (ONNX_NegOp $x)), (replaceWithValue $x)>;
def NotOfNot : Pat<(ONNX_NotOp (ONNX_NotOp $x)), (replaceWithValue $x)>;

def SqueezeOfUnsqueeze
    : Pat<(ONNX_SqueezeOp:$res (ONNX_UnsqueezeOp $x, $inner), $outer),
          (replaceWithValue $x), [(SameStaticType $res, $x)]>;

//===----------------------------------------------------------------------===//
// Chains of layout ops
//===----------------------------------------------------------------------===//

// transpose(transpose(x, p), q)[i] = x[p[q[i]]].
def TransposeOfTranspose
    : Pat<(ONNX_TransposeOp (ONNX_TransposeOp $x, $inner), $outer),
          (ONNX_TransposeOp $x, (ComposePermutations $inner, $outer)),
          [(HasPermutation $inner), (HasPermutation $outer)]>;

// Reshape, Flatten, Squeeze and Unsqueeze keep the elements in row-major
// order, so a Reshape of any of them only needs the original input, as
// long as its shape does not copy (0) a dimension of the intermediate.
def ReshapeOfReshape
    : Pat<(ONNX_ReshapeOp (ONNX_ReshapeOp $x, $innerShape, $innerZero), $shape, $allowzero),
          (ONNX_ReshapeOp $x, $shape, $allowzero),
          [(KeepsNoInputDims $shape, $allowzero)]>;
def ReshapeOfFlatten
    : Pat<(ONNX_ReshapeOp (ONNX_FlattenOp $x, $axis), $shape, $allowzero),
          (ONNX_ReshapeOp $x, $shape, $allowzero),
          [(KeepsNoInputDims $shape, $allowzero)]>;
def ReshapeOfSqueeze
    : Pat<(ONNX_ReshapeOp (ONNX_SqueezeOp $x, $axes), $shape, $allowzero),
          (ONNX_ReshapeOp $x, $shape, $allowzero),
          [(KeepsNoInputDims $shape, $allowzero)]>;
def ReshapeOfUnsqueeze
    : Pat<(ONNX_ReshapeOp (ONNX_UnsqueezeOp $x, $axes), $shape, $allowzero),
          (ONNX_ReshapeOp $x, $shape, $allowzero),
          [(KeepsNoInputDims $shape, $allowzero)]>;

//===----------------------------------------------------------------------===//
// Ops that leave their input as it is
//===----------------------------------------------------------------------===//

// With the same static type Expand broadcasts nothing and Tile repeats
// every axis once.
def ExpandToOwnShape
    : Pat<(ONNX_ExpandOp:$res $x, $shape), (replaceWithValue $x),
          [(SameStaticType $res, $x)]>;
def TileOnce
    : Pat<(ONNX_TileOp:$res $x, $repeats), (replaceWithValue $x),
          [(SameStaticType $res, $x)]>;
// Only all-zero pads: a pad on one side and a crop on the other keeps
// the shape but moves the data.
def PadByZero
    : Pat<(ONNX_PadOp:$res $x, $pads, $value, $axes, $mode), (replaceWithValue $x),
          [(IsConstantSplatZero $pads), (SameType $res, $x)]>;
def ConcatOfOne
    : Pat<(ONNX_ConcatOp:$res $inputs, $axis), (FirstValue $inputs),
          [(IsSingleSameTyped $inputs, $res)]>;

//===----------------------------------------------------------------------===//
// Arithmetic with a neutral constant (only where it broadcasts nothing)
//===----------------------------------------------------------------------===//

def AddZero : Pat<(ONNX_AddOp:$res $x, $zero), (replaceWithValue $x),
                  [(IsConstantSplatZero $zero), (SameType $res, $x)]>;
def AddToZero : Pat<(ONNX_AddOp:$res $zero, $x), (replaceWithValue $x),
                    [(IsConstantSplatZero $zero), (SameType $res, $x)]>;
def SubZero : Pat<(ONNX_SubOp:$res $x, $zero), (replaceWithValue $x),
                  [(IsConstantSplatZero $zero), (SameType $res, $x)]>;
def MulOne : Pat<(ONNX_MulOp:$res $x, $one), (replaceWithValue $x),
                 [(IsConstantSplatOne $one), (SameType $res, $x)]>;
def MulByOne : Pat<(ONNX_MulOp:$res $one, $x), (replaceWithValue $x),
                   [(IsConstantSplatOne $one), (SameType $res, $x)]>;
def DivOne : Pat<(ONNX_DivOp:$res $x, $one), (replaceWithValue $x),
                 [(IsConstantSplatOne $one), (SameType $res, $x)]>;

#endif // HWC_DIALECTS_ONNX_ONNXCANONICALIZE_TD
