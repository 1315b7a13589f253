//===- Interpreter.cpp - Run an ONNX graph on the CPU ---------------------===//
//
// Frames hold one slot per value of a graph. A node's inputs are gathered
// from its frame, its kernel runs, its outputs are stored (fake-quantized
// when the plan names them), and inputs whose last reader it was are freed.
//
//===----------------------------------------------------------------------===//

#include "runtime/interpreter/Interpreter.h"
#include "runtime/core/Error.h"
#include "runtime/kernels/Kernel.h"

#include <chrono>

namespace hwc::rt {

struct Interpreter::Frame {
  const Graph *graph;
  Frame *parent;
  std::vector<Tensor> values;
  /// Values that must not be freed (graph inputs of subgraphs are shared with
  /// the caller; recording keeps everything).
  bool keepAll = false;
};

Interpreter::Interpreter(const Model &model, int threads)
    : modelRef(model), pool(threads) {}

static std::string describeExpectedShape(const ValueInfo &info) {
  std::string text;
  for (size_t i = 0; i < info.dims.size(); ++i) {
    if (i)
      text += "x";
    if (info.dims[i] >= 0)
      text += std::to_string(info.dims[i]);
    else
      text += info.dimParams[i].empty() ? "?" : info.dimParams[i];
  }
  return info.dims.empty() ? "scalar" : text;
}

void Interpreter::checkInput(const ValueInfo &info, const Tensor &value) {
  if (info.elemType != 0 && info.elemType != int(value.dtype()))
    fail("input '", info.name, "' has dtype ", dtypeName(value.dtype()),
         ", expected ", onnxDataTypeName(info.elemType));
  if (!info.hasShape)
    return;
  std::string expected = describeExpectedShape(info);
  if (static_cast<size_t>(value.rank()) != info.dims.size())
    fail("input '", info.name, "' has shape ", formatShape(value.shape()),
         " (rank ", value.rank(), "), expected ", expected, " (rank ",
         info.dims.size(), ")");
  for (size_t d = 0; d < info.dims.size(); ++d)
    if (info.dims[d] >= 0 && info.dims[d] != value.dim(int64_t(d)))
      fail("input '", info.name, "' has shape ", formatShape(value.shape()),
           ", expected ", expected, " (dimension ", d, " is ",
           value.dim(int64_t(d)), ", expected ", info.dims[d], ")");
}

RunResult Interpreter::run(const std::map<std::string, Tensor> &inputs,
                           const RunOptions &options) {
  const Graph &graph = modelRef.graph();
  std::vector<Tensor> arguments;
  for (size_t i = 0; i < graph.inputs.size(); ++i) {
    const std::string &name = graph.valueNames[size_t(graph.inputs[i])];
    auto it = inputs.find(name);
    if (it == inputs.end())
      fail("missing input '", name, "' (", onnxDataTypeName(graph.inputInfos[i].elemType),
           " ", describeExpectedShape(graph.inputInfos[i]), ")");
    checkInput(graph.inputInfos[i], it->second);
    arguments.push_back(it->second);
  }
  for (const auto &[name, value] : inputs) {
    int id = graph.valueId(name);
    bool isInput = false;
    for (int input : graph.inputs)
      isInput |= input == id;
    if (!isInput) {
      std::string known;
      for (int input : graph.inputs)
        known += (known.empty() ? "'" : ", '") + graph.valueNames[size_t(input)] + "'";
      fail("unknown input '", name, "'; the model's inputs are ",
           known.empty() ? "none" : known);
    }
  }
  RunResult result;
  profile = options.profile ? &result.profile : nullptr;
  std::vector<Tensor> outputs =
      runGraph(graph, arguments, nullptr, options,
               options.recordIntermediates ? &result.intermediates : nullptr);
  for (size_t i = 0; i < graph.outputs.size(); ++i)
    result.outputs.emplace_back(graph.valueNames[size_t(graph.outputs[i])],
                                outputs[i]);
  return result;
}

std::vector<Tensor> Interpreter::runGraph(const Graph &graph,
                                          const std::vector<Tensor> &arguments,
                                          Frame *parent,
                                          const RunOptions &options,
                                          NamedTensors *record) {
  Frame frame{&graph, parent, std::vector<Tensor>(graph.valueNames.size()),
              record != nullptr};
  if (arguments.size() > graph.inputs.size())
    fail("subgraph expects ", graph.inputs.size(), " inputs, got ",
         arguments.size());
  for (const auto &[id, value] : graph.initializers)
    storeValue(frame, id, value, options);
  for (size_t i = 0; i < arguments.size(); ++i)
    storeValue(frame, graph.inputs[i], arguments[i], options);
  for (const auto &[id, name] : graph.captures) {
    for (Frame *outer = parent; outer; outer = outer->parent) {
      int outerId = outer->graph->valueId(name);
      if (outerId >= 0 && outer->values[size_t(outerId)].isValid()) {
        frame.values[size_t(id)] = outer->values[size_t(outerId)];
        break;
      }
    }
  }
  for (size_t i = 0; i < graph.nodes.size(); ++i) {
    const Node &node = graph.nodes[i];
    executeNode(node, frame, options);
    if (record)
      for (int id : node.outputs)
        if (id >= 0)
          record->emplace_back(graph.valueNames[size_t(id)],
                               frame.values[size_t(id)]);
    if (frame.keepAll)
      continue;
    // Free what this node was the last to read.
    for (int id : node.inputs)
      if (id >= 0 && graph.lastUse[size_t(id)] == int(i))
        frame.values[size_t(id)] = Tensor();
    for (int id : node.implicitInputs)
      if (graph.lastUse[size_t(id)] == int(i))
        frame.values[size_t(id)] = Tensor();
    for (int id : node.outputs)
      if (id >= 0 && graph.lastUse[size_t(id)] < 0)
        frame.values[size_t(id)] = Tensor();
  }
  std::vector<Tensor> outputs;
  for (int id : graph.outputs) {
    if (!frame.values[size_t(id)].isValid())
      fail("graph output '", graph.valueNames[size_t(id)],
           "' was not computed (an optional output that the node omitted?)");
    outputs.push_back(frame.values[size_t(id)]);
  }
  return outputs;
}

void Interpreter::storeValue(Frame &frame, int id, Tensor value,
                             const RunOptions &options) {
  if (options.quantizationPlan && value.isValid() &&
      isFloatingPoint(value.dtype())) {
    const auto &plan = options.quantizationPlan->tensors;
    auto it = plan.find(frame.graph->valueNames[size_t(id)]);
    if (it != plan.end())
      value = fakeQuantize(value, it->second);
  }
  if (options.observeTensor && value.isValid())
    options.observeTensor(frame.graph->valueNames[size_t(id)], value);
  frame.values[size_t(id)] = std::move(value);
}

void Interpreter::executeNode(const Node &node, Frame &frame,
                              const RunOptions &options) {
  std::vector<Tensor> inputs;
  inputs.reserve(node.inputs.size());
  for (int id : node.inputs)
    inputs.push_back(id >= 0 ? frame.values[size_t(id)] : Tensor());
  auto start = std::chrono::steady_clock::now();
  std::vector<Tensor> outputs;
  try {
    if (!options.externalNode || !options.externalNode(node, inputs, outputs))
      outputs = runKernel(node, std::move(inputs), pool,
                        [this, &frame, &options](const Graph &graph,
                                                 const std::vector<Tensor> &arguments) {
                          return runGraph(graph, arguments, &frame, options, nullptr);
                        });
  } catch (const UnsupportedError &e) {
    throw UnsupportedError("node '" + node.name + "' (" + node.opType +
                           "): " + e.what());
  } catch (const Error &e) {
    fail("node '", node.name, "' (", node.opType, "): ", e.what());
  } catch (const std::bad_alloc &) {
    fail("node '", node.name, "' (", node.opType, "): out of memory");
  }
  if (profile) {
    auto &entry = (*profile)[node.opType];
    entry.first += std::chrono::duration<double, std::milli>(
                       std::chrono::steady_clock::now() - start).count();
    ++entry.second;
  }
  for (size_t i = 0; i < node.outputs.size(); ++i) {
    if (node.outputs[i] < 0)
      continue;
    Tensor value = std::move(outputs[i]);
    if (!value.isValid())
      fail("node '", node.name, "' (", node.opType, "): output ", i,
           " was not produced");
    storeValue(frame, node.outputs[i], std::move(value), options);
  }
}

} // namespace hwc::rt
