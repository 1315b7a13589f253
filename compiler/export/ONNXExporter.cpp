//===- ONNXExporter.cpp - onnx dialect back to an ONNX model ---------------===//
//
// One walk over @main in program order. Every value gets an ONNX name:
// graph inputs and outputs keep theirs (onnx.name), constants become
// initializers named after their node, and other results are named
// "<node>:<index>". A graph output that is also an input, a constant or
// another output goes through an Identity node, as ONNX requires each
// output name to be produced once.
//
//===----------------------------------------------------------------------===//

#include "compiler/export/Export.h"

#include "dialects/ONNX/ONNXOps.h"
#include "dialects/ONNX/ONNXTypeUtils.h"
#include "passes/RuntimeBridge.h"
#include "targets/NodeFacts.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringSet.h"

using namespace mlir;

namespace hwc {

namespace {

class Exporter {
public:
  explicit Exporter(std::vector<std::string> &errors) : errors(errors) {}

  /// The borrowed bytes of each initializer `run` wrote (see ExportedModel).
  std::vector<ArrayRef<char>> takeWeightBytes() { return std::move(weightBytes); }

  std::optional<::onnx::ModelProto> run(ModuleOp module) {
    auto funcs = module.getOps<func::FuncOp>();
    if (funcs.empty()) {
      errors.push_back("error: the module has no function to export");
      return std::nullopt;
    }
    func::FuncOp main = *funcs.begin();
    ::onnx::ModelProto model;
    model.set_ir_version(kExportIrVersion);
    model.set_producer_name("hwc");
    declareOpsets(module, model);
    ::onnx::GraphProto &graph = *model.mutable_graph();
    mainGraph = &graph;
    auto name = main->getAttrOfType<StringAttr>("onnx.graph_name");
    graph.set_name(name ? name.str() : "main");
    if (!exportInputs(main, graph))
      return std::nullopt;
    for (Operation &op : main.getBody().front())
      if (!exportOp(&op, graph))
        return std::nullopt;
    return model;
  }

private:
  void declareOpsets(ModuleOp module, ::onnx::ModelProto &model) {
    auto *standard = model.add_opset_import();
    standard->set_domain("");
    standard->set_version(kExportOpset);
    if (auto opsets = module->getAttrOfType<DictionaryAttr>("onnx.opset_imports"))
      for (NamedAttribute entry : opsets)
        if (entry.getName() != "ai.onnx")
          if (auto version = llvm::dyn_cast<IntegerAttr>(entry.getValue())) {
            auto *other = model.add_opset_import();
            other->set_domain(entry.getName().str());
            other->set_version(version.getInt());
          }
  }

  bool setType(::onnx::ValueInfoProto &info, Type type, ArrayAttr dimParams) {
    auto tensor = llvm::dyn_cast<TensorType>(type);
    int64_t dtype = tensor ? onnx::onnxDtypeForElementType(tensor.getElementType()) : 0;
    if (!tensor || dtype == 0) {
      errors.push_back("error: value '" + info.name() + "' has type " +
                       target::typeText(type) + ", which has no ONNX form");
      return false;
    }
    auto *tensorType = info.mutable_type()->mutable_tensor_type();
    tensorType->set_elem_type(static_cast<int>(dtype));
    if (!tensor.hasRank())
      return true;
    auto *shape = tensorType->mutable_shape();
    for (auto [index, size] : llvm::enumerate(tensor.getShape())) {
      auto *dim = shape->add_dim();
      if (!ShapedType::isDynamic(size)) {
        dim->set_dim_value(size);
        continue;
      }
      if (dimParams && index < dimParams.size())
        if (auto param = llvm::dyn_cast<StringAttr>(dimParams[index]))
          if (!param.getValue().empty())
            dim->set_dim_param(param.str());
    }
    return true;
  }

  /// A tensor name no other value has and no graph output will take.
  std::string uniqueName(std::string base) {
    std::string name = base;
    for (int suffix = 1; outputNames.contains(name) || !used.insert(name).second; ++suffix)
      name = base + "_" + std::to_string(suffix);
    return name;
  }

  /// Node names are a namespace of their own.
  std::string uniqueNodeName(std::string base) {
    std::string name = base;
    for (int suffix = 1; !usedNodeNames.insert(name).second; ++suffix)
      name = base + "_" + std::to_string(suffix);
    return name;
  }

  bool exportInputs(func::FuncOp main, ::onnx::GraphProto &graph) {
    for (unsigned index = 0; index < main.getNumArguments(); ++index) {
      auto attr = main.getArgAttrOfType<StringAttr>(index, "onnx.name");
      std::string name = uniqueName(attr ? attr.str() : "input_" + std::to_string(index));
      names[main.getArgument(index)] = name;
      ::onnx::ValueInfoProto &info = *graph.add_input();
      info.set_name(name);
      if (!setType(info, main.getArgument(index).getType(),
                   main.getArgAttrOfType<ArrayAttr>(index, "onnx.dim_params")))
        return false;
    }
    // Reserve the output names so no other value takes one, and let the
    // node that computes an output name its result after it directly (the
    // first time the value is returned; repeats need an Identity).
    auto ret = llvm::cast<func::ReturnOp>(main.getBody().back().getTerminator());
    for (auto [index, value] : llvm::enumerate(ret.getOperands())) {
      std::string wanted = outputName(main, index);
      bool isNodeResult = value.getDefiningOp() &&
                          !llvm::isa<onnx::ConstantOp>(value.getDefiningOp());
      if (isNodeResult && !used.contains(wanted) && !outputNames.contains(wanted) &&
          !resultOutputName.count(value))
        resultOutputName[value] = wanted;
      outputNames.insert(wanted);
    }
    return true;
  }

  static std::string outputName(func::FuncOp main, unsigned index) {
    auto attr = main.getResultAttrOfType<StringAttr>(index, "onnx.name");
    return attr ? attr.str() : "output_" + std::to_string(index);
  }

  /// Fills in the initializer's type and dims and borrows its bytes from
  /// the constant's blob when they are already in ONNX's raw layout.
  bool borrowWeight(onnx::ConstantOp constant, ::onnx::TensorProto &tensor) {
    auto resource = llvm::dyn_cast<DenseResourceElementsAttr>(constant.getValue());
    // Booleans are bit-packed in MLIR and bytes in ONNX: copied.
    if (!resource || resource.getElementType().isInteger(1))
      return false;
    std::optional<rt::Tensor> borrowed = tensorFromAttr(constant.getValue());
    if (!borrowed)
      return false;
    tensor.set_data_type(static_cast<int>(borrowed->dtype()));
    for (int64_t dim : borrowed->shape())
      tensor.add_dims(dim);
    weightBytes.back() = ArrayRef<char>(static_cast<const char *>(borrowed->rawData()),
                                        borrowed->byteSize());
    return true;
  }

  bool exportConstant(onnx::ConstantOp constant, ::onnx::GraphProto &graph) {
    // Constants nothing reads (weights of folded-away nodes) are not written.
    if (constant->use_empty())
      return true;
    ::onnx::TensorProto &tensor = *graph.add_initializer();
    // Only the main graph's weights are streamed; a subgraph's are inline.
    bool streamed = &graph == mainGraph;
    if (streamed)
      weightBytes.emplace_back();
    std::string name = uniqueName(onnx::nodeName(constant));
    tensor.set_name(name);
    if (!(streamed && borrowWeight(constant, tensor)) &&
        !tensorProtoFromAttr(constant.getValue(), tensor)) {
      errors.push_back("error: constant '" + name + "' of type " +
                       target::typeText(constant.getType()) +
                       " cannot be written as an ONNX tensor");
      return false;
    }
    names[constant.getResult()] = name;
    return true;
  }

  bool exportNode(Operation *op, ::onnx::GraphProto &graph) {
    std::string nodeName = onnx::nodeName(op);
    ::onnx::NodeProto &node = *graph.add_node();
    node.set_name(uniqueNodeName(nodeName));
    node.set_op_type(onnx::opTypeOf(op));
    for (Value operand : op->getOperands())
      node.add_input(onnx::isNoneValue(operand) ? std::string() : names.lookup(operand));
    for (auto [index, result] : llvm::enumerate(op->getResults())) {
      // An omitted optional output stays omitted; an unused tensor result
      // still gets a name (ONNX requires every mandatory output).
      if (llvm::isa<NoneType>(result.getType())) {
        node.add_output("");
        continue;
      }
      auto output = resultOutputName.find(result);
      std::string name = output != resultOutputName.end()
                             ? output->second
                             : uniqueName(nodeName + ":" + std::to_string(index));
      used.insert(name);
      names[result] = name;
      node.add_output(name);
    }
    // Trailing omitted outputs are left out, as ONNX writes them.
    while (node.output_size() > 0 && node.output(node.output_size() - 1).empty())
      node.mutable_output()->RemoveLast();
    bool attributesOk = true;
    if (auto custom = llvm::dyn_cast<onnx::CustomOp>(op)) {
      node.set_domain(custom.getDomain().str());
      for (NamedAttribute entry : custom.getNodeAttributes())
        attributesOk &= appendOnnxAttribute(node, entry.getName().getValue(),
                                            entry.getValue());
    } else {
      attributesOk = appendOnnxAttributes(node, op);
    }
    if (!attributesOk) {
      errors.push_back("error: node '" + nodeName + "' (" + node.op_type() +
                       ") has an attribute with no ONNX form");
      return false;
    }
    return exportSubgraphs(op, nodeName, node);
  }

  /// The ONNX attribute that holds each region of `op`, in region order.
  std::optional<SmallVector<std::string>> graphAttributeNames(Operation *op) {
    if (llvm::isa<onnx::IfOp>(op))
      return SmallVector<std::string>{"then_branch", "else_branch"};
    if (llvm::isa<onnx::LoopOp>(op))
      return SmallVector<std::string>{"body"};
    SmallVector<std::string> names;
    if (auto graphNames = op->getAttrOfType<ArrayAttr>("graph_names"))
      for (Attribute name : graphNames)
        if (auto text = llvm::dyn_cast<StringAttr>(name))
          names.push_back(text.str());
    if (names.size() != op->getNumRegions())
      return std::nullopt;
    return names;
  }

  bool exportSubgraphs(Operation *op, const std::string &nodeName, ::onnx::NodeProto &node) {
    if (op->getNumRegions() == 0)
      return true;
    std::optional<SmallVector<std::string>> attributeNames = graphAttributeNames(op);
    if (!attributeNames) {
      errors.push_back("error: node '" + nodeName + "' (" + node.op_type() +
                       ") has subgraphs whose attribute names are unknown");
      return false;
    }
    for (auto [region, attributeName] : llvm::zip(op->getRegions(), *attributeNames)) {
      ::onnx::AttributeProto &attribute = *node.add_attribute();
      attribute.set_name(attributeName);
      attribute.set_type(::onnx::AttributeProto::GRAPH);
      if (!exportSubgraph(region, nodeName + "_" + attributeName, *attribute.mutable_g()))
        return false;
    }
    return true;
  }

  /// A region as a GraphProto: block arguments are its inputs (named as
  /// imported), its nodes read outer values by name, yields are outputs.
  bool exportSubgraph(Region &region, const std::string &graphName,
                      ::onnx::GraphProto &graph) {
    graph.set_name(graphName);
    Block &block = region.front();
    for (BlockArgument argument : block.getArguments()) {
      std::string base = graphName + ":input_" + std::to_string(argument.getArgNumber());
      if (auto loc = llvm::dyn_cast<NameLoc>(argument.getLoc()))
        base = loc.getName().str();
      std::string name = uniqueName(base);
      names[argument] = name;
      ::onnx::ValueInfoProto &info = *graph.add_input();
      info.set_name(name);
      if (!setType(info, argument.getType(), nullptr))
        return false;
    }
    for (Operation &op : block) {
      if (auto yield = llvm::dyn_cast<onnx::YieldOp>(op)) {
        if (!exportYield(yield, graphName, graph))
          return false;
      } else if (!exportOp(&op, graph)) {
        return false;
      }
    }
    return true;
  }

  /// Subgraph outputs. A value not computed by a node of this subgraph (an
  /// input, an outer value, a constant) or yielded twice goes through an
  /// Identity, as each output must be produced once inside the graph.
  bool exportYield(onnx::YieldOp yield, const std::string &graphName,
                   ::onnx::GraphProto &graph) {
    llvm::DenseSet<Value> yielded;
    for (auto [index, value] : llvm::enumerate(yield.getOperands())) {
      Operation *producer = value.getDefiningOp();
      bool computedHere = producer && producer->getBlock() == yield->getBlock() &&
                          !llvm::isa<onnx::ConstantOp>(producer);
      std::string name = names.lookup(value);
      if (!computedHere || !yielded.insert(value).second) {
        std::string output = uniqueName(graphName + ":output_" + std::to_string(index));
        ::onnx::NodeProto &identity = *graph.add_node();
        identity.set_name(uniqueNodeName(output));
        identity.set_op_type("Identity");
        identity.add_input(name);
        identity.add_output(output);
        name = output;
      }
      ::onnx::ValueInfoProto &info = *graph.add_output();
      info.set_name(name);
      if (!setType(info, value.getType(), nullptr))
        return false;
    }
    return true;
  }

  bool exportOutputs(func::ReturnOp ret, ::onnx::GraphProto &graph) {
    auto main = ret->getParentOfType<func::FuncOp>();
    llvm::StringSet<> written;
    for (auto [index, value] : llvm::enumerate(ret.getOperands())) {
      std::string wanted = outputName(main, index);
      std::string source = names.lookup(value);
      if (source != wanted || !written.insert(wanted).second) {
        // Inputs, constants and repeated outputs need a node producing them.
        ::onnx::NodeProto &identity = *graph.add_node();
        identity.set_name(uniqueNodeName(wanted + "_output"));
        identity.set_op_type("Identity");
        identity.add_input(source);
        if (!written.insert(wanted).second || used.contains(wanted))
          wanted = uniqueName(wanted + "_" + std::to_string(index));
        used.insert(wanted);
        identity.add_output(wanted);
      }
      ::onnx::ValueInfoProto &info = *graph.add_output();
      info.set_name(wanted);
      if (!setType(info, value.getType(),
                   main.getResultAttrOfType<ArrayAttr>(index, "onnx.dim_params")))
        return false;
    }
    return true;
  }

  bool exportOp(Operation *op, ::onnx::GraphProto &graph) {
    if (auto constant = llvm::dyn_cast<onnx::ConstantOp>(op))
      return exportConstant(constant, graph);
    if (llvm::isa<onnx::NoneOp>(op))
      return true;
    if (auto ret = llvm::dyn_cast<func::ReturnOp>(op))
      return exportOutputs(ret, graph);
    return exportNode(op, graph);
  }

  std::vector<std::string> &errors;
  std::vector<ArrayRef<char>> weightBytes;
  ::onnx::GraphProto *mainGraph = nullptr;
  llvm::DenseMap<Value, std::string> names;
  /// Node results that are graph outputs, by the output's name.
  llvm::DenseMap<Value, std::string> resultOutputName;
  llvm::StringSet<> used, outputNames, usedNodeNames;
};

} // namespace

std::optional<ExportedModel> exportModule(ModuleOp module, std::vector<std::string> &errors) {
  Exporter exporter(errors);
  std::optional<::onnx::ModelProto> model = exporter.run(module);
  if (!model)
    return std::nullopt;
  return ExportedModel{std::move(*model), exporter.takeWeightBytes()};
}

//===----------------------------------------------------------------------===//
// Writing with streamed weights
//===----------------------------------------------------------------------===//

namespace {

using google::protobuf::io::CodedOutputStream;

// Wire tags (field number << 3 | 2, length-delimited) of the fields written
// by hand: ModelProto.graph, GraphProto.initializer, TensorProto.raw_data.
constexpr uint32_t kModelGraphTag = (7 << 3) | 2;
constexpr uint32_t kGraphInitializerTag = (5 << 3) | 2;
constexpr uint32_t kTensorRawDataTag = (9 << 3) | 2;

size_t fieldSize(uint32_t tag, size_t payload) {
  return CodedOutputStream::VarintSize32(tag) + CodedOutputStream::VarintSize64(payload) +
         payload;
}

size_t initializerSize(const ::onnx::TensorProto &tensor, ArrayRef<char> bytes) {
  size_t size = tensor.ByteSizeLong();
  return bytes.empty() ? size : size + fieldSize(kTensorRawDataTag, bytes.size());
}

/// The graph's size on the wire once the streamed bytes are in place:
/// the protobuf's own size, with each initializer's field grown by its
/// raw_data. Computed from the protobuf, without copying any of it.
size_t streamedGraphSize(const ExportedModel &exported) {
  const ::onnx::GraphProto &graph = exported.model.graph();
  size_t size = graph.ByteSizeLong();
  for (int i = 0; i < graph.initializer_size(); ++i) {
    const ::onnx::TensorProto &tensor = graph.initializer(i);
    size -= fieldSize(kGraphInitializerTag, tensor.ByteSizeLong());
    size += fieldSize(kGraphInitializerTag,
                      initializerSize(tensor, exported.weightBytes[size_t(i)]));
  }
  return size;
}

void writeRaw(CodedOutputStream &out, ArrayRef<char> bytes) {
  // WriteRaw takes an int: write in chunks below 2 GiB.
  constexpr size_t kChunk = size_t(1) << 30;
  for (size_t offset = 0; offset < bytes.size(); offset += kChunk)
    out.WriteRaw(bytes.data() + offset, static_cast<int>(std::min(kChunk, bytes.size() - offset)));
}

} // namespace

size_t ExportedModel::byteSize() const {
  size_t withoutGraph = model.ByteSizeLong() - fieldSize(kModelGraphTag, model.graph().ByteSizeLong());
  return withoutGraph + fieldSize(kModelGraphTag, streamedGraphSize(*this));
}

bool ExportedModel::write(google::protobuf::io::ZeroCopyOutputStream &stream) {
  // Fields may come in any order in the wire format, and repeated fields
  // keep the order they are written in: the model's other fields, then the
  // graph's, then each initializer with its raw_data appended. The graph
  // and its initializers are moved out of their parents while the rest is
  // written (no copies) and put back afterwards.
  size_t graphSize = streamedGraphSize(*this);
  std::unique_ptr<::onnx::GraphProto> graph(model.release_graph());
  google::protobuf::RepeatedPtrField<::onnx::TensorProto> initializers;
  initializers.Swap(graph->mutable_initializer());
  auto restore = llvm::make_scope_exit([&] {
    graph->mutable_initializer()->Swap(&initializers);
    model.set_allocated_graph(graph.release());
  });
  CodedOutputStream out(&stream);
  if (!model.SerializeToCodedStream(&out))
    return false;
  out.WriteTag(kModelGraphTag);
  out.WriteVarint64(graphSize);
  if (!graph->SerializeToCodedStream(&out))
    return false;
  for (int i = 0; i < initializers.size(); ++i) {
    const ::onnx::TensorProto &tensor = initializers.Get(i);
    ArrayRef<char> bytes = weightBytes[size_t(i)];
    out.WriteTag(kGraphInitializerTag);
    out.WriteVarint64(initializerSize(tensor, bytes));
    if (!tensor.SerializeToCodedStream(&out))
      return false;
    if (!bytes.empty()) {
      out.WriteTag(kTensorRawDataTag);
      out.WriteVarint64(bytes.size());
      writeRaw(out, bytes);
    }
  }
  return !out.HadError();
}

} // namespace hwc
