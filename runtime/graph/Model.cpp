//===- Model.cpp - An ONNX model prepared for execution -------------------===//
//
// Parses the protobuf, numbers values, resolves outer-scope reads of
// subgraphs, orders nodes topologically, binds kernels and computes each
// value's last use (so the interpreter can free dead intermediates).
//
//===----------------------------------------------------------------------===//

#include "runtime/graph/Model.h"
#include "runtime/core/Error.h"
#include "runtime/io/TensorIO.h"
#include "runtime/kernels/Kernel.h"

#include <onnx/onnx_pb.h>

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include <algorithm>
#include <climits>
#include <filesystem>
#include <set>

namespace hwc::rt {

//===----------------------------------------------------------------------===//
// Attributes
//===----------------------------------------------------------------------===//

const ::onnx::AttributeProto *Attributes::find(const std::string &name) const {
  for (const auto &attr : node.attribute())
    if (attr.name() == name)
      return &attr;
  return nullptr;
}

bool Attributes::has(const std::string &name) const {
  return find(name) != nullptr;
}

int64_t Attributes::getInt(const std::string &name, int64_t fallback) const {
  const auto *attr = find(name);
  return attr ? attr->i() : fallback;
}

float Attributes::getFloat(const std::string &name, float fallback) const {
  const auto *attr = find(name);
  return attr ? attr->f() : fallback;
}

std::string Attributes::getString(const std::string &name,
                                  const std::string &fallback) const {
  const auto *attr = find(name);
  return attr ? attr->s() : fallback;
}

std::vector<int64_t> Attributes::getInts(const std::string &name,
                                         std::vector<int64_t> fallback) const {
  const auto *attr = find(name);
  if (!attr)
    return fallback;
  return std::vector<int64_t>(attr->ints().begin(), attr->ints().end());
}

std::vector<float> Attributes::getFloats(const std::string &name,
                                         std::vector<float> fallback) const {
  const auto *attr = find(name);
  if (!attr)
    return fallback;
  return std::vector<float>(attr->floats().begin(), attr->floats().end());
}

std::vector<std::string>
Attributes::getStrings(const std::string &name) const {
  const auto *attr = find(name);
  if (!attr)
    return {};
  return std::vector<std::string>(attr->strings().begin(),
                                  attr->strings().end());
}

const ::onnx::TensorProto &Attributes::getTensor(const std::string &name) const {
  const auto *attr = find(name);
  if (!attr || !attr->has_t())
    fail("attribute '", name, "' is required");
  return attr->t();
}

const Graph &Node::subgraph(const std::string &attrName) const {
  auto it = subgraphs.find(attrName);
  if (it == subgraphs.end())
    fail("attribute '", attrName, "' (a graph) is required");
  return *it->second;
}

int Graph::valueId(const std::string &name) const {
  auto it = valueIds.find(name);
  return it == valueIds.end() ? -1 : it->second;
}

//===----------------------------------------------------------------------===//
// GraphBuilder
//===----------------------------------------------------------------------===//

static std::string displayName(const ::onnx::NodeProto &node) {
  if (!node.name().empty())
    return node.name();
  if (node.output_size() && !node.output(0).empty())
    return node.output(0);
  return node.op_type();
}

static ValueInfo valueInfoFrom(const ::onnx::ValueInfoProto &proto) {
  ValueInfo info;
  info.name = proto.name();
  if (proto.has_type() && !proto.type().has_tensor_type())
    failUnsupported("graph value '", proto.name(),
                    "' is a sequence, map or optional; the runtime supports "
                    "tensors only");
  if (proto.type().has_tensor_type()) {
    const auto &tensorType = proto.type().tensor_type();
    info.elemType = tensorType.elem_type();
    info.hasShape = tensorType.has_shape();
    for (const auto &dim : tensorType.shape().dim()) {
      info.dims.push_back(dim.has_dim_value() ? dim.dim_value() : -1);
      info.dimParams.push_back(dim.dim_param());
    }
  }
  return info;
}

class GraphBuilder {
public:
  GraphBuilder(Model &model, std::string directory)
      : model(model), directory(std::move(directory)) {}

  struct Scope {
    Graph *graph;
    Scope *parent;
    /// The reads of the node (in the parent graph) that owns this graph;
    /// capturing an outer value adds it there.
    std::vector<int> *ownerReads;
  };

  std::unique_ptr<Graph> build(const ::onnx::GraphProto &proto, Scope *parent,
                               std::vector<int> *ownerReads);

  /// "Op (domain, opset N)" for every unimplemented operator, sorted.
  std::set<std::string> missingOps;

private:
  int defineValue(Graph &graph, const std::string &name);
  int resolve(Scope &scope, const std::string &name);
  void bindKernel(Node &node);
  void defineNodeOutputs(Graph &graph, const ::onnx::GraphProto &proto,
                         const std::set<std::string> &initializerNames);
  static void orderNodes(Graph &graph, std::vector<Node> &unordered);
  static void computeLastUses(Graph &graph);

  Model &model;
  std::string directory;
};

int GraphBuilder::defineValue(Graph &graph, const std::string &name) {
  auto [it, inserted] =
      graph.valueIds.emplace(name, int(graph.valueNames.size()));
  if (inserted)
    graph.valueNames.push_back(name);
  return it->second;
}

/// The id of `name` in the scope's graph, capturing it from enclosing graphs
/// when it is defined there. Returns -1 when no graph defines it.
int GraphBuilder::resolve(Scope &scope, const std::string &name) {
  int id = scope.graph->valueId(name);
  if (id >= 0)
    return id;
  if (!scope.parent)
    return -1;
  int outer = resolve(*scope.parent, name);
  if (outer < 0)
    return -1;
  scope.ownerReads->push_back(outer);
  id = defineValue(*scope.graph, name);
  scope.graph->captures.emplace_back(id, name);
  return id;
}

void GraphBuilder::bindKernel(Node &node) {
  const KernelRegistry &registry = KernelRegistry::instance();
  node.kernel = registry.find(node.domain, node.opType, node.opset);
  // hwc's own domains (an artifact's hwc.asic segments) are run by the
  // artifact's executor through RunOptions::externalNode.
  if (node.kernel || node.domain.rfind("hwc.", 0) == 0)
    return;
  std::string domain = node.domain.empty() ? "ai.onnx" : node.domain;
  if (registry.hasOp(node.domain, node.opType))
    missingOps.insert(node.opType + " (" + domain + " opset " +
                      std::to_string(node.opset) + ")");
  else
    missingOps.insert(node.domain.empty() ? node.opType
                                          : domain + "::" + node.opType);
}

/// Defines every node output before any node is resolved, so that inputs
/// may name values produced later in the file (nodes need not be sorted).
void GraphBuilder::defineNodeOutputs(
    Graph &graph, const ::onnx::GraphProto &proto,
    const std::set<std::string> &initializerNames) {
  std::set<std::string> produced;
  std::set<std::string> inputNames;
  for (const auto &input : proto.input())
    inputNames.insert(input.name());
  for (const auto &nodeProto : proto.node())
    for (const std::string &output : nodeProto.output()) {
      if (output.empty())
        continue;
      if (!produced.insert(output).second || initializerNames.count(output) ||
          inputNames.count(output))
        fail("node '", displayName(nodeProto), "' (", nodeProto.op_type(),
             "): output '", output, "' is already defined");
      defineValue(graph, output);
    }
}

std::unique_ptr<Graph> GraphBuilder::build(const ::onnx::GraphProto &proto,
                                           Scope *parent,
                                           std::vector<int> *ownerReads) {
  auto graph = std::make_unique<Graph>();
  Scope scope{graph.get(), parent, ownerReads};

  std::set<std::string> initializerNames;
  for (const auto &init : proto.initializer()) {
    int id = defineValue(*graph, init.name());
    initializerNames.insert(init.name());
    graph->initializers.emplace_back(
        id, tensorFromProto(init, directory,
                            std::shared_ptr<const void>(model.proto, nullptr)));
  }
  for (const auto &input : proto.input()) {
    int id = defineValue(*graph, input.name());
    if (initializerNames.count(input.name()))
      continue;
    graph->inputs.push_back(id);
    graph->inputInfos.push_back(valueInfoFrom(input));
  }
  defineNodeOutputs(*graph, proto, initializerNames);

  std::vector<Node> unordered(static_cast<size_t>(proto.node_size()));
  for (int i = 0; i < proto.node_size(); ++i) {
    const auto &nodeProto = proto.node(i);
    Node &node = unordered[size_t(i)];
    node.proto = &nodeProto;
    node.name = displayName(nodeProto);
    node.opType = nodeProto.op_type();
    node.domain = nodeProto.domain() == "ai.onnx" ? "" : nodeProto.domain();
    node.opset = model.opsetVersion(node.domain);
    if (node.opset < 0)
      fail("node '", node.name, "' (", node.opType, "): domain '",
           node.domain, "' has no opset import");
    for (const std::string &input : nodeProto.input()) {
      int id = input.empty() ? -1 : resolve(scope, input);
      if (!input.empty() && id < 0)
        fail("node '", node.name, "' (", node.opType, ") reads '", input,
             "', which is not a graph input, an initializer or the output of "
             "any node");
      node.inputs.push_back(id);
    }
    for (const std::string &output : nodeProto.output())
      node.outputs.push_back(output.empty() ? -1 : graph->valueId(output));
    for (const auto &attr : nodeProto.attribute())
      if (attr.has_g())
        node.subgraphs[attr.name()] =
            build(attr.g(), &scope, &node.implicitInputs);
    bindKernel(node);
  }

  orderNodes(*graph, unordered);

  for (const auto &output : proto.output()) {
    int id = resolve(scope, output.name());
    if (id < 0)
      fail("graph output '", output.name(), "' is not produced by any node");
    graph->outputs.push_back(id);
    graph->outputInfos.push_back(valueInfoFrom(output));
  }
  computeLastUses(*graph);
  return graph;
}

/// Kahn's algorithm, taking the lowest file index first so that the file's
/// order is kept wherever it is valid.
void GraphBuilder::orderNodes(Graph &graph, std::vector<Node> &unordered) {
  size_t count = unordered.size();
  std::vector<int> producer(graph.valueNames.size(), -1);
  for (size_t i = 0; i < count; ++i)
    for (int id : unordered[i].outputs)
      if (id >= 0)
        producer[size_t(id)] = int(i);

  std::vector<std::vector<int>> consumers(count);
  std::vector<int> pending(count, 0);
  auto addEdge = [&](size_t node, int value) {
    if (value < 0 || size_t(value) >= producer.size())
      return;
    int from = producer[size_t(value)];
    if (from < 0)
      return;
    consumers[size_t(from)].push_back(int(node));
    ++pending[node];
  };
  for (size_t i = 0; i < count; ++i) {
    for (int id : unordered[i].inputs)
      addEdge(i, id);
    for (int id : unordered[i].implicitInputs)
      addEdge(i, id);
  }

  std::set<int> ready;
  for (size_t i = 0; i < count; ++i)
    if (pending[i] == 0)
      ready.insert(int(i));
  std::vector<int> order;
  while (!ready.empty()) {
    int next = *ready.begin();
    ready.erase(ready.begin());
    order.push_back(next);
    for (int consumer : consumers[size_t(next)])
      if (--pending[size_t(consumer)] == 0)
        ready.insert(consumer);
  }
  if (order.size() != count)
    for (size_t i = 0; i < count; ++i)
      if (pending[i] > 0)
        fail("node '", unordered[i].name, "' (", unordered[i].opType,
             ") is part of a cycle");
  graph.nodes.reserve(count);
  for (int i : order)
    graph.nodes.push_back(std::move(unordered[size_t(i)]));
}

/// Reads by a node's subgraphs count as reads by the node, so outer values
/// stay alive until the node has run. Graph outputs are never freed.
void GraphBuilder::computeLastUses(Graph &graph) {
  graph.lastUse.assign(graph.valueNames.size(), -1);
  for (size_t i = 0; i < graph.nodes.size(); ++i) {
    for (int id : graph.nodes[i].inputs)
      if (id >= 0)
        graph.lastUse[size_t(id)] = int(i);
    for (int id : graph.nodes[i].implicitInputs)
      graph.lastUse[size_t(id)] = int(i);
  }
  for (int id : graph.outputs)
    graph.lastUse[size_t(id)] = INT_MAX;
}

//===----------------------------------------------------------------------===//
// Model
//===----------------------------------------------------------------------===//

int Model::opsetVersion(const std::string &domain) const {
  auto it = opsets.find(domain);
  return it == opsets.end() ? -1 : it->second;
}

std::unique_ptr<Model> Model::load(const std::string &path) {
  std::string bytes = readWholeFile(path);
  if (bytes.empty())
    fail(path, ": empty file, expected an ONNX model");
  auto proto = std::make_shared<::onnx::ModelProto>();
  google::protobuf::io::ArrayInputStream raw(bytes.data(), int(bytes.size()));
  google::protobuf::io::CodedInputStream coded(&raw);
  coded.SetTotalBytesLimit(INT_MAX);
  if (!proto->ParseFromCodedStream(&coded) || !coded.ConsumedEntireMessage())
    fail(path, ": not an ONNX model (truncated or not protobuf)");
  std::string directory =
      std::filesystem::path(path).parent_path().string();
  return fromProto(std::move(proto), path, directory.empty() ? "." : directory);
}

std::unique_ptr<Model> Model::fromProto(
    std::shared_ptr<::onnx::ModelProto> proto, const std::string &path,
    const std::string &directory) {
  auto model = std::unique_ptr<Model>(new Model());
  model->proto = std::move(proto);
  model->modelPath = path;
  if (!model->proto->has_graph())
    fail(path, ": the model has no graph");
  for (const auto &opset : model->proto->opset_import()) {
    std::string domain = opset.domain() == "ai.onnx" ? "" : opset.domain();
    model->opsets[domain] = int(opset.version());
  }
  if (!model->opsets.count(""))
    model->opsets[""] = 1; // IR 3 models without an opset import
  GraphBuilder builder(*model, directory);
  try {
    model->mainGraph = builder.build(model->proto->graph(), nullptr, nullptr);
  } catch (const UnsupportedError &e) {
    throw UnsupportedError(path + ": " + e.what());
  } catch (const Error &e) {
    fail(path, ": ", e.what());
  }
  if (!builder.missingOps.empty()) {
    std::string list;
    for (const std::string &op : builder.missingOps)
      list += (list.empty() ? "" : ", ") + op;
    failUnsupported(path, ": the runtime does not implement ",
                    builder.missingOps.size() == 1 ? "operator " : "operators ",
                    list);
  }
  return model;
}

} // namespace hwc::rt
