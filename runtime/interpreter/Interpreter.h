//===- Interpreter.h - Run an ONNX graph on the CPU -------------*- C++ -*-===//
//
// Executes a loaded Model node by node in topological order. Intermediates
// are freed right after their last reader runs (unless recording), If/Loop
// bodies run in nested frames that see the enclosing values, and an optional
// quantization plan applies fake quantization as tensors are produced.
// Inputs are checked against the declared types and shapes first.
//
//===----------------------------------------------------------------------===//

#ifndef HWC_RUNTIME_INTERPRETER_INTERPRETER_H
#define HWC_RUNTIME_INTERPRETER_INTERPRETER_H

#include "runtime/core/ThreadPool.h"
#include "runtime/graph/Model.h"
#include "runtime/interpreter/QuantizationPlan.h"

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace hwc::rt {

using NamedTensors = std::vector<std::pair<std::string, Tensor>>;

struct RunOptions {
  /// Keep every intermediate tensor of the main graph, by ONNX name.
  bool recordIntermediates = false;
  /// Fake-quantize the named tensors as they are produced.
  const QuantizationPlan *quantizationPlan = nullptr;
  /// Accumulate wall time per operator type (main graph and subgraphs).
  bool profile = false;
  /// Called with every value as it is stored (after fake quantization):
  /// graph inputs, initializers and node outputs, in subgraphs too. Lets
  /// calibration see each tensor once without keeping them all.
  std::function<void(const std::string &name, const Tensor &value)> observeTensor;
  /// Runs nodes the kernel registry does not cover (an artifact's
  /// `hwc.asic` segments) before the registry is asked; returns false for a
  /// node it does not handle. Throws Error on failure.
  std::function<bool(const Node &node, const std::vector<Tensor> &inputs,
                     std::vector<Tensor> &outputs)>
      externalNode;
};

struct RunResult {
  NamedTensors outputs;
  /// Node outputs of the main graph in execution order (when recorded).
  NamedTensors intermediates;
  /// Operator type -> (milliseconds, node executions), when profiling.
  std::map<std::string, std::pair<double, int64_t>> profile;
};

class Interpreter {
public:
  /// `threads` <= 0 uses every hardware thread.
  Interpreter(const Model &model, int threads = 1);

  /// Runs the main graph. `inputs` must name every graph input that is not
  /// an initializer; throws Error on a missing, unknown or mistyped input,
  /// or on a failing node (the message names the node).
  RunResult run(const std::map<std::string, Tensor> &inputs,
                const RunOptions &options = {});

  const Model &model() const { return modelRef; }
  ThreadPool &threadPool() { return pool; }

  /// Checks one input against the graph's declared type; throws naming the
  /// input, the expected dtype and shape (with dim names).
  static void checkInput(const ValueInfo &info, const Tensor &value);

private:
  struct Frame;
  std::vector<Tensor> runGraph(const Graph &graph,
                               const std::vector<Tensor> &arguments,
                               Frame *parent, const RunOptions &options,
                               NamedTensors *record);
  void executeNode(const Node &node, Frame &frame, const RunOptions &options);
  std::map<std::string, std::pair<double, int64_t>> *profile = nullptr;
  void storeValue(Frame &frame, int id, Tensor value,
                  const RunOptions &options);

  const Model &modelRef;
  ThreadPool pool;
};

} // namespace hwc::rt

#endif // HWC_RUNTIME_INTERPRETER_INTERPRETER_H
