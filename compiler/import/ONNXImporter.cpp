//===- ONNXImporter.cpp - Build onnx dialect IR from a ModelProto ---------===//
//
// The importer's second phase: walks a validated ModelProto (ModelLoader)
// and builds `func.func @main` of onnx ops. Names are resolved through a
// scope chain so If/Loop subgraphs may read outer values. Result types come
// from the model (value_info and libonnx shape inference) refined by each
// op's own shape inference; the module is verified before it is returned.
//
//===----------------------------------------------------------------------===//

#include "compiler/import/Import.h"
#include "compiler/import/ModelLoader.h"
#include "compiler/import/OpsetNormalization.h"
#include "compiler/import/TensorImport.h"
#include "dialects/ONNX/ONNXOps.h"
#include "dialects/ONNX/ONNXTypeUtils.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"

#include <unordered_map>

using namespace mlir;

namespace hwc {

namespace {

/// Names of ONNX values visible in one graph, chained to the enclosing one.
struct ValueScope {
  ValueScope *parent = nullptr;
  std::unordered_map<std::string, Value> values;
  Value lookup(const std::string &name) const {
    for (const ValueScope *scope = this; scope; scope = scope->parent) {
      auto it = scope->values.find(name);
      if (it != scope->values.end())
        return it->second;
    }
    return {};
  }
};

/// ONNX ops the typed dialect does not cover although a same-named op
/// class might exist (our structural ops are lowercase).
bool isStructuralName(StringRef opType) {
  return opType == "none" || opType == "custom" || opType == "yield";
}

class GraphImporter {
public:
  GraphImporter(MLIRContext &context, LoadedModel &model)
      : context(context), model(model), builder(&context) {}

  OwningOpRef<ModuleOp> importModel();

private:
  MLIRContext &context;
  LoadedModel &model;
  OpBuilder builder;
  Value noneValue;
  /// Types recorded in the model by name (value_info, inputs, outputs).
  std::unordered_map<std::string, const ::onnx::TypeProto *> declaredTypes;

  void collectDeclaredTypes(const ::onnx::GraphProto &graph);
  Type typeFromProto(const ::onnx::TypeProto *type);
  Type typeOfValue(const std::string &name);
  ArrayAttr dimParams(const ::onnx::TypeProto &type);

  LogicalResult importInitializers(::onnx::GraphProto &graph, ValueScope &scope);
  LogicalResult importNode(::onnx::NodeProto &node, ValueScope &scope);
  Operation *lowerLegacySoftmax(onnx::SoftmaxOp softmax);
  LogicalResult importConstantNode(::onnx::NodeProto &node, ValueScope &scope);
  LogicalResult importAttributes(::onnx::NodeProto &node, Location loc,
                                 SmallVectorImpl<NamedAttribute> &attributes,
                                 SmallVectorImpl<::onnx::GraphProto *> &graphs,
                                 SmallVectorImpl<std::string> &graphNames);
  LogicalResult importSubgraph(::onnx::GraphProto &graph, Region &region,
                               ValueScope &outer, TypeRange argumentTypes);
  LogicalResult importNodes(::onnx::GraphProto &graph,
                            ArrayRef<int> order, ValueScope &scope);
};

//===----------------------------------------------------------------------===//
// Types
//===----------------------------------------------------------------------===//

void GraphImporter::collectDeclaredTypes(const ::onnx::GraphProto &graph) {
  for (const auto &info : graph.input())
    declaredTypes[info.name()] = &info.type();
  for (const auto &info : graph.value_info())
    declaredTypes[info.name()] = &info.type();
  for (const auto &info : graph.output())
    declaredTypes[info.name()] = &info.type();
  for (const auto &node : graph.node())
    for (const auto &attr : node.attribute()) {
      if (attr.has_g())
        collectDeclaredTypes(attr.g());
      for (const auto &g : attr.graphs())
        collectDeclaredTypes(g);
    }
}

Type GraphImporter::typeFromProto(const ::onnx::TypeProto *type) {
  Type unknown = onnx::UnknownType::get(&context);
  if (!type || !type->has_tensor_type())
    return UnrankedTensorType::get(unknown);
  const auto &tensor = type->tensor_type();
  Type element = onnx::elementTypeForOnnxDtype(&context, tensor.elem_type());
  if (!element)
    element = unknown;
  if (!tensor.has_shape())
    return UnrankedTensorType::get(element);
  SmallVector<int64_t> dims;
  for (const auto &dim : tensor.shape().dim())
    dims.push_back(dim.has_dim_value() ? dim.dim_value() : ShapedType::kDynamic);
  return RankedTensorType::get(dims, element);
}

Type GraphImporter::typeOfValue(const std::string &name) {
  auto it = declaredTypes.find(name);
  return typeFromProto(it == declaredTypes.end() ? nullptr : it->second);
}

ArrayAttr GraphImporter::dimParams(const ::onnx::TypeProto &type) {
  if (!type.has_tensor_type() || !type.tensor_type().has_shape())
    return {};
  SmallVector<Attribute> names;
  bool any = false;
  for (const auto &dim : type.tensor_type().shape().dim()) {
    names.push_back(builder.getStringAttr(dim.dim_param()));
    any |= !dim.dim_param().empty();
  }
  return any ? builder.getArrayAttr(names) : ArrayAttr();
}

//===----------------------------------------------------------------------===//
// Initializers, attributes and nodes
//===----------------------------------------------------------------------===//

LogicalResult GraphImporter::importInitializers(::onnx::GraphProto &graph,
                                                ValueScope &scope) {
  Location fileLoc = FileLineColLoc::get(&context, model.path, 0, 0);
  for (::onnx::TensorProto &init : *graph.mutable_initializer()) {
    Location loc = NameLoc::get(builder.getStringAttr(init.name()), fileLoc);
    ElementsAttr value =
        importTensor(context, init, init.name(), model.directory, loc);
    if (!value)
      return failure();
    auto constant = builder.create<onnx::ConstantOp>(
        NameLoc::get(builder.getStringAttr(init.name())), value.getType(),
        value);
    // Marks weights, as opposed to Constant nodes and normalized attributes.
    constant->setAttr("onnx.initializer", builder.getUnitAttr());
    scope.values[init.name()] = constant;
  }
  return success();
}

Attribute importScalarList(OpBuilder &builder, const ::onnx::AttributeProto &attr) {
  switch (attr.type()) {
  case ::onnx::AttributeProto::INT:
    return builder.getI64IntegerAttr(attr.i());
  case ::onnx::AttributeProto::FLOAT:
    return builder.getF32FloatAttr(attr.f());
  case ::onnx::AttributeProto::STRING:
    return builder.getStringAttr(attr.s());
  case ::onnx::AttributeProto::INTS:
    return builder.getI64ArrayAttr(
        SmallVector<int64_t>(attr.ints().begin(), attr.ints().end()));
  case ::onnx::AttributeProto::FLOATS:
    return builder.getF32ArrayAttr(
        SmallVector<float>(attr.floats().begin(), attr.floats().end()));
  case ::onnx::AttributeProto::STRINGS:
    return builder.getStrArrayAttr(
        SmallVector<StringRef>(attr.strings().begin(), attr.strings().end()));
  default:
    return {};
  }
}

LogicalResult GraphImporter::importAttributes(
    ::onnx::NodeProto &node, Location loc,
    SmallVectorImpl<NamedAttribute> &attributes,
    SmallVectorImpl<::onnx::GraphProto *> &graphs,
    SmallVectorImpl<std::string> &graphNames) {
  for (::onnx::AttributeProto &attr : *node.mutable_attribute()) {
    if (!attr.ref_attr_name().empty())
      return emitError(loc) << "node (" << node.op_type() << ") attribute '"
                            << attr.name()
                            << "' refers to a function attribute, which only "
                               "model-local functions may use";
    Attribute value = importScalarList(builder, attr);
    if (!value && attr.type() == ::onnx::AttributeProto::TENSOR) {
      // Named after the node (or its first output when it has no name):
      // a blob key must not start with '.' to print as a valid identifier.
      auto nameLoc = llvm::dyn_cast<NameLoc>(loc);
      std::string owner = nameLoc ? nameLoc.getName().str() : node.op_type();
      value = importTensor(context, *attr.mutable_t(), owner + "." + attr.name(),
                           model.directory, loc);
      if (!value)
        return failure();
    }
    if (!value && attr.type() == ::onnx::AttributeProto::GRAPH) {
      graphs.push_back(attr.mutable_g());
      graphNames.push_back(attr.name());
      continue;
    }
    if (!value)
      return emitError(loc) << "node (" << node.op_type() << ") attribute '"
                            << attr.name() << "' has attribute type "
                            << ::onnx::AttributeProto::AttributeType_Name(attr.type())
                            << ", which hwc does not import";
    attributes.push_back(builder.getNamedAttr(attr.name(), value));
  }
  return success();
}

LogicalResult GraphImporter::importConstantNode(::onnx::NodeProto &node,
                                                ValueScope &scope) {
  Location loc = nodeLocation(context, node);
  if (node.output_size() != 1 || node.output(0).empty())
    return emitError(loc) << "Constant node has " << node.output_size()
                          << " outputs, expected exactly one";
  if (node.attribute_size() != 1)
    return emitError(loc) << "Constant node has " << node.attribute_size()
                          << " attributes, expected exactly one value";
  ::onnx::AttributeProto &attr = *node.mutable_attribute(0);
  ElementsAttr value;
  std::string blobName = node.output(0);
  if (attr.name() == "value") {
    value = importTensor(context, *attr.mutable_t(), blobName, model.directory,
                         loc);
    if (!value)
      return failure();
  } else if (attr.name() == "value_float" || attr.name() == "value_int") {
    bool isFloat = attr.name() == "value_float";
    auto type = RankedTensorType::get(
        {}, isFloat ? Type(builder.getF32Type()) : Type(builder.getI64Type()));
    value = isFloat ? DenseElementsAttr::get(type, attr.f())
                    : DenseElementsAttr::get(type, static_cast<int64_t>(attr.i()));
  } else if (attr.name() == "value_floats") {
    SmallVector<float> floats(attr.floats().begin(), attr.floats().end());
    value = DenseElementsAttr::get(
        RankedTensorType::get({attr.floats_size()}, builder.getF32Type()),
        ArrayRef(floats));
  } else if (attr.name() == "value_ints") {
    SmallVector<int64_t> ints(attr.ints().begin(), attr.ints().end());
    value = DenseElementsAttr::get(
        RankedTensorType::get({attr.ints_size()}, builder.getI64Type()),
        ArrayRef(ints));
  } else if (attr.name() == "value_string" || attr.name() == "value_strings") {
    SmallVector<StringRef> strings;
    if (attr.name() == "value_string")
      strings.push_back(attr.s());
    else
      strings.append(attr.strings().begin(), attr.strings().end());
    SmallVector<int64_t> shape;
    if (attr.name() == "value_strings")
      shape.push_back(strings.size());
    value = DenseStringElementsAttr::get(
        RankedTensorType::get(shape, onnx::StringType::get(&context)), strings);
  } else {
    return emitError(loc) << "Constant node has attribute '" << attr.name()
                          << "', expected value, value_float(s), value_int(s) "
                             "or value_string(s) (sparse constants are not "
                             "supported)";
  }
  auto constant =
      builder.create<onnx::ConstantOp>(loc, value.getType(), value);
  scope.values[node.output(0)] = constant;
  return success();
}

LogicalResult GraphImporter::importNode(::onnx::NodeProto &node,
                                        ValueScope &scope) {
  Location loc = nodeLocation(context, node);
  bool defaultDomain = node.domain().empty() || node.domain() == "ai.onnx";
  if (defaultDomain && node.op_type() == "Constant")
    return importConstantNode(node, scope);

  NodeOperands operands;
  operands.numOutputs = node.output_size();
  for (const std::string &input : node.input())
    operands.operands.push_back(input.empty() ? noneValue : scope.lookup(input));
  SmallVector<::onnx::GraphProto *> graphs;
  SmallVector<std::string> graphNames;
  if (failed(importAttributes(node, loc, operands.attributes, graphs,
                              graphNames)))
    return failure();

  std::string opName = "onnx." + node.op_type();
  std::optional<RegisteredOperationName> registered =
      defaultDomain && !isStructuralName(node.op_type())
          ? RegisteredOperationName::lookup(opName, &context)
          : std::nullopt;
  SmallVector<Type> resultTypes;
  OperationState state(loc, registered ? opName : "onnx.custom");
  if (registered) {
    normalizeLegacyForm(builder, loc, node.op_type(), model.opset, noneValue,
                        operands);
    int inputCount = newestInputCount(node.op_type());
    if (inputCount >= 0 &&
        operands.operands.size() < static_cast<size_t>(inputCount))
      operands.operands.resize(inputCount, noneValue);
  } else {
    DictionaryAttr nodeAttributes = builder.getDictionaryAttr(operands.attributes);
    operands.attributes.clear();
    operands.attributes.push_back(
        builder.getNamedAttr("op_type", builder.getStringAttr(node.op_type())));
    operands.attributes.push_back(
        builder.getNamedAttr("domain", builder.getStringAttr(node.domain())));
    operands.attributes.push_back(
        builder.getNamedAttr("node_attributes", nodeAttributes));
    if (!graphNames.empty())
      operands.attributes.push_back(builder.getNamedAttr(
          "graph_names", builder.getStrArrayAttr(SmallVector<StringRef>(
                             graphNames.begin(), graphNames.end()))));
  }
  // ODS declares If's regions in a fixed order; ONNX attributes have none.
  if (registered && node.op_type() == "If" && graphNames.size() == 2 &&
      graphNames[0] == "else_branch") {
    std::swap(graphs[0], graphs[1]);
    std::swap(graphNames[0], graphNames[1]);
  }
  state.addOperands(operands.operands);
  state.addAttributes(operands.attributes);
  for (const std::string &output : node.output())
    resultTypes.push_back(output.empty() ? Type(builder.getNoneType())
                                         : typeOfValue(output));
  // Optional trailing outputs the node does not produce are `none`.
  if (registered) {
    int outputCount = newestOutputCount(node.op_type());
    if (outputCount >= 0 && resultTypes.size() < static_cast<size_t>(outputCount))
      resultTypes.resize(outputCount, builder.getNoneType());
  }
  state.addTypes(resultTypes);
  for (size_t i = 0; i < graphs.size(); ++i)
    state.addRegion();
  Operation *op = builder.create(state);
  for (auto [graph, region] : llvm::zip(graphs, op->getRegions()))
    if (failed(importSubgraph(*graph, region, scope, {})))
      return failure();
  // Inference reads attributes and operands, so it may only see a valid op
  // (with --no-checker or opset > 17 nothing else has checked the node).
  if (failed(verify(op, /*verifyRecursively=*/false)))
    return failure();
  onnx::refineResultTypes(op);
  if (auto softmax = llvm::dyn_cast<onnx::SoftmaxOp>(op);
      softmax && model.opset < 13)
    op = lowerLegacySoftmax(softmax);
  for (auto [index, output] : llvm::enumerate(node.output()))
    if (!output.empty())
      scope.values[output] = op->getResult(index);
  return success();
}

Operation *GraphImporter::lowerLegacySoftmax(onnx::SoftmaxOp softmax) {
  // Before opset 13, Softmax flattened its input to 2-D at `axis` and
  // normalized over the whole second part. That equals the opset-13 op when
  // `axis` is the last dimension; otherwise spell it out with Flatten and
  // Reshape so the onnx dialect keeps one meaning per op.
  Value input = softmax.getInput();
  auto type = llvm::dyn_cast<RankedTensorType>(input.getType());
  int64_t axis = static_cast<int64_t>(softmax.getAxis());
  if (type && (axis == -1 || axis == type.getRank() - 1))
    return softmax;
  Location loc = softmax.getLoc();
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPoint(softmax);
  Type element = type ? type.getElementType()
                      : llvm::cast<TensorType>(input.getType()).getElementType();
  auto unknown2d = RankedTensorType::get(
      {ShapedType::kDynamic, ShapedType::kDynamic}, element);
  auto flatten = builder.create<onnx::FlattenOp>(
      loc, unknown2d, input, builder.getI64IntegerAttr(axis));
  onnx::refineResultTypes(flatten);
  auto flatSoftmax = builder.create<onnx::SoftmaxOp>(
      loc, flatten.getType(), flatten, builder.getI64IntegerAttr(1));
  auto shapeType = RankedTensorType::get(
      {type ? type.getRank() : ShapedType::kDynamic}, builder.getI64Type());
  auto shape = builder.create<onnx::ShapeOp>(loc, shapeType, input,
                                             builder.getI64IntegerAttr(0),
                                             IntegerAttr());
  auto reshape = builder.create<onnx::ReshapeOp>(
      loc, softmax.getType(), flatSoftmax, shape, builder.getI64IntegerAttr(0));
  // The helper ops are not nodes of the model; the summary skips them.
  for (Operation *helper : {flatten.getOperation(), shape.getOperation(),
                            reshape.getOperation()})
    helper->setAttr("onnx.legacy_expansion", builder.getUnitAttr());
  softmax.erase();
  return reshape;
}

LogicalResult GraphImporter::importNodes(::onnx::GraphProto &graph,
                                         ArrayRef<int> order,
                                         ValueScope &scope) {
  for (int index : order)
    if (failed(importNode(*graph.mutable_node(index), scope)))
      return failure();
  return success();
}

LogicalResult GraphImporter::importSubgraph(::onnx::GraphProto &graph,
                                            Region &region, ValueScope &outer,
                                            TypeRange) {
  ValueScope scope;
  scope.parent = &outer;
  Block *block = new Block();
  region.push_back(block);
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointToStart(block);
  for (const ::onnx::ValueInfoProto &input : graph.input())
    scope.values[input.name()] =
        block->addArgument(typeFromProto(&input.type()),
                           NameLoc::get(builder.getStringAttr(input.name())));
  if (failed(importInitializers(graph, scope)))
    return failure();
  // The loader has checked that subgraphs are acyclic and closed.
  if (failed(importNodes(graph, topologicalOrder(graph), scope)))
    return failure();
  SmallVector<Value> outputs;
  for (const ::onnx::ValueInfoProto &output : graph.output())
    outputs.push_back(scope.lookup(output.name()));
  builder.create<onnx::YieldOp>(builder.getUnknownLoc(), outputs);
  return success();
}

//===----------------------------------------------------------------------===//
// Module
//===----------------------------------------------------------------------===//

OwningOpRef<ModuleOp> GraphImporter::importModel() {
  ::onnx::GraphProto &graph = *model.proto.mutable_graph();
  collectDeclaredTypes(graph);
  Location fileLoc = FileLineColLoc::get(&context, model.path, 0, 0);
  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
  SmallVector<NamedAttribute> opsetAttrs;
  for (auto &[domain, version] : model.opsets)
    opsetAttrs.push_back(builder.getNamedAttr(
        domain.empty() ? "ai.onnx" : domain, builder.getI64IntegerAttr(version)));
  (*module)->setAttr("onnx.opset_imports", builder.getDictionaryAttr(opsetAttrs));
  (*module)->setAttr("onnx.ir_version",
                     builder.getI64IntegerAttr(model.proto.ir_version()));
  if (!model.proto.producer_name().empty())
    (*module)->setAttr(
        "onnx.producer",
        builder.getStringAttr(model.proto.producer_version().empty()
                                  ? model.proto.producer_name()
                                  : model.proto.producer_name() + " " +
                                        model.proto.producer_version()));

  std::unordered_set<std::string> initializerNames;
  for (const auto &init : graph.initializer())
    initializerNames.insert(init.name());
  SmallVector<const ::onnx::ValueInfoProto *> inputs;
  for (const auto &input : graph.input())
    // IR < 4 lists every weight as an input too; from IR 4 such an input is
    // an overridable default, which hwc compiles as the constant it holds.
    if (!initializerNames.count(input.name()))
      inputs.push_back(&input);
  SmallVector<Type> inputTypes;
  for (const auto *input : inputs)
    inputTypes.push_back(typeFromProto(&input->type()));

  builder.setInsertionPointToEnd(module->getBody());
  auto func = builder.create<func::FuncOp>(
      fileLoc, "main", builder.getFunctionType(inputTypes, {}));
  if (!graph.name().empty())
    func->setAttr("onnx.graph_name", builder.getStringAttr(graph.name()));
  Block *entry = func.addEntryBlock();
  builder.setInsertionPointToStart(entry);
  noneValue = builder.create<onnx::NoneOp>(builder.getUnknownLoc());

  ValueScope scope;
  for (auto [index, input] : llvm::enumerate(inputs)) {
    scope.values[input->name()] = entry->getArgument(index);
    func.setArgAttr(index, "onnx.name", builder.getStringAttr(input->name()));
    if (ArrayAttr params = dimParams(input->type()))
      func.setArgAttr(index, "onnx.dim_params", params);
  }
  if (failed(importInitializers(graph, scope)) ||
      failed(importNodes(graph, model.topologicalOrder, scope)))
    return nullptr;

  SmallVector<Value> results;
  SmallVector<Type> resultTypes;
  for (const auto &output : graph.output()) {
    Value value = scope.lookup(output.name());
    results.push_back(value);
    resultTypes.push_back(value.getType());
  }
  builder.create<func::ReturnOp>(fileLoc, results);
  func.setType(builder.getFunctionType(inputTypes, resultTypes));
  for (auto [index, output] : llvm::enumerate(graph.output())) {
    func.setResultAttr(index, "onnx.name", builder.getStringAttr(output.name()));
    if (ArrayAttr params = dimParams(model.declaredOutputTypes[index]))
      func.setResultAttr(index, "onnx.dim_params", params);
  }
  if (noneValue.use_empty())
    noneValue.getDefiningOp()->erase();
  if (failed(verify(*module)))
    return nullptr;
  return module;
}

} // namespace

void registerImportDialects(MLIRContext &context) {
  context.loadDialect<onnx::ONNXDialect, func::FuncDialect>();
}

OwningOpRef<ModuleOp> importModelFile(MLIRContext &context, StringRef path,
                                      const ImportOptions &options) {
  registerImportDialects(context);
  std::unique_ptr<LoadedModel> model = loadModel(context, path, options);
  if (!model)
    return nullptr;
  return GraphImporter(context, *model).importModel();
}

} // namespace hwc
