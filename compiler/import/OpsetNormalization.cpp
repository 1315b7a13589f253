//===- OpsetNormalization.cpp - Older opset forms to the newest -----------===//
//
// A table of attributes that later opsets turned into inputs. Each entry
// names the op, the first opset with the input form, the attribute and the
// input position it moves to. Values become small onnx.Constant ops.
//
//===----------------------------------------------------------------------===//

#include "compiler/import/OpsetNormalization.h"
#include "dialects/ONNX/ONNXOps.h"

#include <onnx/defs/schema.h>

using namespace mlir;

namespace hwc {

namespace {

enum class ValueKind { Int64List, Float32List, ScalarOfDataType };

struct AttributeToInput {
  const char *op;
  /// First opset in which the value is an input.
  int inputSince;
  const char *attribute;
  unsigned inputIndex;
  ValueKind kind;
};

constexpr AttributeToInput kAttributeToInput[] = {
    {"Reshape", 5, "shape", 1, ValueKind::Int64List},
    {"Slice", 10, "starts", 1, ValueKind::Int64List},
    {"Slice", 10, "ends", 2, ValueKind::Int64List},
    {"Slice", 10, "axes", 3, ValueKind::Int64List},
    {"TopK", 10, "k", 1, ValueKind::Int64List},
    {"Upsample", 9, "scales", 1, ValueKind::Float32List},
    {"Pad", 11, "pads", 1, ValueKind::Int64List},
    {"Pad", 11, "value", 2, ValueKind::ScalarOfDataType},
    {"Clip", 11, "min", 1, ValueKind::ScalarOfDataType},
    {"Clip", 11, "max", 2, ValueKind::ScalarOfDataType},
    {"Dropout", 12, "ratio", 1, ValueKind::ScalarOfDataType},
    {"Squeeze", 13, "axes", 1, ValueKind::Int64List},
    {"Unsqueeze", 13, "axes", 1, ValueKind::Int64List},
    {"Split", 13, "split", 1, ValueKind::Int64List},
    {"ReduceSum", 13, "axes", 1, ValueKind::Int64List},
    {"ReduceL2", 18, "axes", 1, ValueKind::Int64List},
    {"ReduceMax", 18, "axes", 1, ValueKind::Int64List},
    {"ReduceMean", 18, "axes", 1, ValueKind::Int64List},
    {"ReduceMin", 18, "axes", 1, ValueKind::Int64List},
    {"ReduceProd", 18, "axes", 1, ValueKind::Int64List},
};

/// Inputs of the newest form where libonnx 1.12 (opset 17) lags behind.
struct InputCount {
  const char *op;
  int count;
};
constexpr InputCount kNewerInputCounts[] = {
    {"ReduceL2", 2}, {"ReduceMax", 2}, {"ReduceMean", 2}, {"ReduceMin", 2},
    {"ReduceProd", 2}, {"Pad", 4}, {"Upsample", 2},
};

Value makeConstant(OpBuilder &builder, Location loc, Attribute attr,
                   ValueKind kind, Type dataElement) {
  auto array = llvm::dyn_cast<ArrayAttr>(attr);
  DenseElementsAttr value;
  if (kind == ValueKind::Int64List) {
    SmallVector<int64_t> ints;
    if (array)
      for (Attribute element : array)
        ints.push_back(llvm::cast<IntegerAttr>(element).getInt());
    else if (auto integer = llvm::dyn_cast<IntegerAttr>(attr))
      ints.push_back(integer.getInt());
    value = DenseElementsAttr::get(
        RankedTensorType::get({static_cast<int64_t>(ints.size())},
                              builder.getI64Type()),
        ArrayRef(ints));
  } else if (kind == ValueKind::Float32List) {
    SmallVector<float> floats;
    if (array)
      for (Attribute element : array)
        floats.push_back(llvm::cast<FloatAttr>(element).getValueAsDouble());
    value = DenseElementsAttr::get(
        RankedTensorType::get({static_cast<int64_t>(floats.size())},
                              builder.getF32Type()),
        ArrayRef(floats));
  } else {
    Type element = dataElement ? dataElement : builder.getF32Type();
    auto type = RankedTensorType::get({}, element);
    double scalar = 0;
    if (auto f = llvm::dyn_cast<FloatAttr>(attr))
      scalar = f.getValueAsDouble();
    else if (auto i = llvm::dyn_cast<IntegerAttr>(attr))
      scalar = i.getInt();
    if (auto floatType = llvm::dyn_cast<FloatType>(element)) {
      APFloat apValue(scalar);
      bool losesInfo;
      apValue.convert(floatType.getFloatSemantics(),
                      APFloat::rmNearestTiesToEven, &losesInfo);
      value = DenseElementsAttr::get(type, apValue);
    } else if (auto intType = llvm::dyn_cast<IntegerType>(element)) {
      value = DenseElementsAttr::get(
          type, APInt(intType.getWidth(), static_cast<int64_t>(scalar),
                      /*isSigned=*/true));
    } else {
      return {};
    }
  }
  auto constant = builder.create<onnx::ConstantOp>(loc, value.getType(), value);
  // Marks constants that stand for an attribute of an older opset.
  constant->setAttr("onnx.from_attribute", builder.getUnitAttr());
  return constant;
}

Type elementOf(Value value) {
  auto type = value ? llvm::dyn_cast<TensorType>(value.getType()) : TensorType();
  return type ? type.getElementType() : Type();
}

void moveAttributesToInputs(OpBuilder &builder, Location loc,
                            StringRef opType, int opset, Value none,
                            NodeOperands &node) {
  for (const AttributeToInput &rule : kAttributeToInput) {
    if (opType != rule.op || opset >= rule.inputSince)
      continue;
    auto it = llvm::find_if(node.attributes, [&](NamedAttribute attr) {
      return attr.getName() == rule.attribute;
    });
    Value input = none;
    if (it != node.attributes.end()) {
      Type dataElement = node.operands.empty() ? Type()
                                               : elementOf(node.operands[0]);
      if (Value constant = makeConstant(builder, loc, it->getValue(),
                                        rule.kind, dataElement))
        input = constant;
      node.attributes.erase(it);
    } else if (StringRef(rule.attribute) == "value" && opType == "Pad") {
      continue; // Pad's default fill value is the none input: zero.
    }
    if (node.operands.size() <= rule.inputIndex)
      node.operands.resize(rule.inputIndex + 1, none);
    node.operands[rule.inputIndex] = input;
  }
}

} // namespace

namespace {
/// Number of formal parameters in `params`, or -1 if the last is variadic.
int formalCount(const std::vector<::onnx::OpSchema::FormalParameter> &params) {
  if (!params.empty() && params.back().GetOption() ==
                             ::onnx::OpSchema::FormalParameterOption::Variadic)
    return -1;
  return static_cast<int>(params.size());
}

/// The newest schema libonnx knows for an ai.onnx op (null if deprecated).
const ::onnx::OpSchema *newestSchema(StringRef opType) {
  return ::onnx::OpSchemaRegistry::Schema(opType.str(), 1000, "");
}
} // namespace

int newestInputCount(StringRef opType) {
  for (const InputCount &entry : kNewerInputCounts)
    if (opType == entry.op)
      return entry.count;
  const ::onnx::OpSchema *schema = newestSchema(opType);
  return schema ? formalCount(schema->inputs()) : -1;
}

int newestOutputCount(StringRef opType) {
  const ::onnx::OpSchema *schema = newestSchema(opType);
  return schema ? formalCount(schema->outputs()) : -1;
}

void normalizeLegacyForm(OpBuilder &builder, Location loc, StringRef opType,
                         int opset, Value none, NodeOperands &node) {
  moveAttributesToInputs(builder, loc, opType, opset, none, node);
  // Resize-10 had (X, scales); 11+ has (X, roi, scales, sizes). Resize-10
  // also computed coordinates as 'asymmetric' with 'floor' rounding, which
  // are not the opset-11 defaults.
  if (opType == "Resize" && opset < 11) {
    if (node.operands.size() == 2)
      node.operands = {node.operands[0], none, node.operands[1], none};
    node.attributes.push_back(builder.getNamedAttr(
        "coordinate_transformation_mode", builder.getStringAttr("asymmetric")));
    node.attributes.push_back(
        builder.getNamedAttr("nearest_mode", builder.getStringAttr("floor")));
  }
  // Softmax's default axis was 1 before opset 13 (-1 since).
  if (opType == "Softmax" && opset < 13 &&
      llvm::none_of(node.attributes, [](NamedAttribute attr) {
        return attr.getName() == "axis";
      }))
    node.attributes.push_back(
        builder.getNamedAttr("axis", builder.getI64IntegerAttr(1)));
  // Before 18, Split without sizes cut the axis into one part per output.
  if (opType == "Split" && opset < 18) {
    bool hasSizes = node.operands.size() > 1 && !llvm::isa<NoneType>(
                                                    node.operands[1].getType());
    if (!hasSizes)
      node.attributes.push_back(builder.getNamedAttr(
          "num_outputs", builder.getI64IntegerAttr(node.numOutputs)));
  }
}

} // namespace hwc
