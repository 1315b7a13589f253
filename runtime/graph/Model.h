//===- Model.h - An ONNX model prepared for execution -----------*- C++ -*-===//
//
// The interpreter's view of an ONNX model, built straight from the protobuf
// (never from the compiler's IR, so that parity against the runtime catches
// importer bugs). Values are numbered per graph; nodes are in execution
// order with a kernel bound to each; subgraphs (If/Loop bodies) are Graphs
// too and list the outer values they read. Loading checks the structure and
// reports *every* operator the runtime lacks at once.
//
//===----------------------------------------------------------------------===//

#ifndef HWC_RUNTIME_GRAPH_MODEL_H
#define HWC_RUNTIME_GRAPH_MODEL_H

#include "runtime/core/Tensor.h"

#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace onnx {
class ModelProto;
class GraphProto;
class NodeProto;
class AttributeProto;
class TensorProto;
class ValueInfoProto;
} // namespace onnx

namespace hwc::rt {

struct KernelInfo;
class Graph;

/// Read access to a node's attributes with ONNX defaults.
class Attributes {
public:
  explicit Attributes(const ::onnx::NodeProto &node) : node(node) {}
  bool has(const std::string &name) const;
  int64_t getInt(const std::string &name, int64_t fallback) const;
  float getFloat(const std::string &name, float fallback) const;
  std::string getString(const std::string &name,
                        const std::string &fallback) const;
  std::vector<int64_t> getInts(const std::string &name,
                               std::vector<int64_t> fallback = {}) const;
  std::vector<float> getFloats(const std::string &name,
                               std::vector<float> fallback = {}) const;
  std::vector<std::string> getStrings(const std::string &name) const;
  /// Throws when the attribute is absent.
  const ::onnx::TensorProto &getTensor(const std::string &name) const;
  const ::onnx::AttributeProto *find(const std::string &name) const;

private:
  const ::onnx::NodeProto &node;
};

/// Declared type of a graph input or output.
struct ValueInfo {
  std::string name;
  int elemType = 0;
  bool hasShape = false;
  /// Per dimension: a value (>= 0) or -1 with the dim_param name (if any).
  std::vector<int64_t> dims;
  std::vector<std::string> dimParams;
};

struct Node {
  const ::onnx::NodeProto *proto = nullptr;
  std::string name; // node name, or first output name when unnamed
  std::string opType;
  std::string domain; // "" for ai.onnx
  int opset = 0;      // opset version of the node's domain
  std::vector<int> inputs;  // value ids; -1 for an omitted optional input
  std::vector<int> outputs; // value ids; -1 for an omitted optional output
  /// Values of this graph that the node's subgraphs read (outer scope).
  std::vector<int> implicitInputs;
  const KernelInfo *kernel = nullptr;
  /// Subgraphs by attribute name ("then_branch", "body", ...).
  std::map<std::string, std::unique_ptr<Graph>> subgraphs;

  Attributes attributes() const { return Attributes(*proto); }
  /// The graph of attribute `name`; throws when absent.
  const Graph &subgraph(const std::string &name) const;
};

class Graph {
public:
  std::vector<std::string> valueNames;
  std::unordered_map<std::string, int> valueIds;
  std::vector<Node> nodes; // in execution order
  std::vector<int> inputs;  // graph inputs that are not initializers
  std::vector<ValueInfo> inputInfos;
  std::vector<int> outputs;
  std::vector<ValueInfo> outputInfos;
  std::vector<std::pair<int, Tensor>> initializers;
  /// Values read from enclosing graphs: (id here, name).
  std::vector<std::pair<int, std::string>> captures;
  /// For each value: index of the last node reading it, or -1.
  std::vector<int> lastUse;

  int valueId(const std::string &name) const;
};

/// A loaded model. Keeps the protobuf alive: initializers borrow its memory.
class Model {
public:
  /// Loads `path`. Throws Error (naming the file and node) on a malformed
  /// model, and UnsupportedError listing every unimplemented operator.
  static std::unique_ptr<Model> load(const std::string &path);
  /// Builds from an already parsed model; `directory` resolves external data.
  static std::unique_ptr<Model> fromProto(
      std::shared_ptr<::onnx::ModelProto> proto, const std::string &path,
      const std::string &directory);

  const Graph &graph() const { return *mainGraph; }
  const std::string &path() const { return modelPath; }
  int opsetVersion(const std::string &domain) const;

private:
  std::shared_ptr<::onnx::ModelProto> proto;
  std::string modelPath;
  std::map<std::string, int> opsets;
  std::unique_ptr<Graph> mainGraph;
  friend class GraphBuilder;
};

} // namespace hwc::rt

#endif // HWC_RUNTIME_GRAPH_MODEL_H
