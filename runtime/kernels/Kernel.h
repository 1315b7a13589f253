//===- Kernel.h - The kernel interface and registry -------------*- C++ -*-===//
//
// One kernel per ONNX operator (and per com.microsoft contrib op the runtime
// implements). A kernel reads its inputs and attributes from a KernelContext
// and sets its outputs; it throws hwc::rt::Error on bad values (the
// interpreter prefixes the node name). Kernels register with an opset range
// so that a model using an opset the kernel does not know is reported at
// load time, not miscomputed.
//
//===----------------------------------------------------------------------===//

#ifndef HWC_RUNTIME_KERNELS_KERNEL_H
#define HWC_RUNTIME_KERNELS_KERNEL_H

#include "runtime/core/Tensor.h"
#include "runtime/core/ThreadPool.h"
#include "runtime/graph/Model.h"

#include <functional>
#include <string>
#include <vector>

namespace hwc::rt {

class KernelContext {
public:
  using SubgraphRunner = std::function<std::vector<Tensor>(
      const Graph &, const std::vector<Tensor> &)>;

  KernelContext(const Node &node, std::vector<Tensor> inputs,
                ThreadPool &pool, SubgraphRunner runSubgraph)
      : node(node), attrs(*node.proto), pool(pool),
        inputs(std::move(inputs)), outputs(node.outputs.size()),
        runSubgraphFn(std::move(runSubgraph)) {}

  const Node &node;
  const Attributes attrs;
  ThreadPool &pool;

  int opset() const { return node.opset; }
  size_t inputCount() const { return inputs.size(); }
  size_t outputCount() const { return outputs.size(); }
  /// True when input `i` exists and was not omitted.
  bool hasInput(size_t i) const {
    return i < inputs.size() && inputs[i].isValid();
  }
  /// Input `i`; throws naming the input when it is missing.
  const Tensor &input(size_t i) const;
  /// True when output `i` is wanted by the graph.
  bool wantsOutput(size_t i) const {
    return i < node.outputs.size() && node.outputs[i] >= 0;
  }
  void setOutput(size_t i, Tensor value);
  Tensor &output(size_t i) { return outputs[i]; }
  std::vector<Tensor> takeOutputs() { return std::move(outputs); }

  /// Runs an If/Loop body with `arguments` as its inputs; outer values are
  /// taken from the enclosing frames.
  std::vector<Tensor> runSubgraph(const Graph &graph,
                                  const std::vector<Tensor> &arguments) {
    return runSubgraphFn(graph, arguments);
  }

private:
  std::vector<Tensor> inputs;
  std::vector<Tensor> outputs;
  SubgraphRunner runSubgraphFn;
};

using KernelFn = void (*)(KernelContext &);

struct KernelInfo {
  std::string domain; // "" for ai.onnx
  std::string opType;
  int sinceVersion = 1;
  int lastVersion = 1 << 30;
  KernelFn run = nullptr;
  /// float16/bfloat16 inputs are widened to float32 before the kernel runs
  /// and float32 outputs narrowed back: one implementation for every float.
  bool computesHalfInFloat = false;
  /// Limitations shown in docs/ops.md.
  std::string notes;
};

class KernelRegistry {
public:
  static const KernelRegistry &instance();

  /// The kernel for `opType` in `domain` at `opset`, or null.
  const KernelInfo *find(const std::string &domain, const std::string &opType,
                         int opset) const;
  /// True when some opset of the op is implemented.
  bool hasOp(const std::string &domain, const std::string &opType) const;
  const std::vector<KernelInfo> &all() const { return kernels; }

  void add(KernelInfo info) { kernels.push_back(std::move(info)); }

private:
  std::vector<KernelInfo> kernels;
};

/// Convenience for registration files.
struct KernelOptions {
  int sinceVersion = 1;
  int lastVersion = 1 << 30;
  bool halfInFloat = true;
  const char *notes = "";
};
void addKernel(KernelRegistry &registry, const char *opType, KernelFn fn,
               KernelOptions options = {}, const char *domain = "");

/// Runs `node`'s kernel on `inputs` (an invalid Tensor for an omitted
/// input) and returns its outputs, widening float16/bfloat16 inputs to
/// float32 and narrowing the outputs back when the kernel computes half
/// types in float. The interpreter and the compiler's constant folder both
/// call this, so an op has one implementation. Throws Error on bad values;
/// the caller names the node.
std::vector<Tensor> runKernel(const Node &node, std::vector<Tensor> inputs,
                              ThreadPool &pool,
                              KernelContext::SubgraphRunner runSubgraph);

// Registration functions, one per kernel file.
void registerElementwiseKernels(KernelRegistry &registry);
void registerReductionKernels(KernelRegistry &registry);
void registerDataMovementKernels(KernelRegistry &registry);
void registerConvolutionKernels(KernelRegistry &registry);
void registerPoolingKernels(KernelRegistry &registry);
void registerMatMulKernels(KernelRegistry &registry);
void registerNormalizationKernels(KernelRegistry &registry);
void registerQuantizationKernels(KernelRegistry &registry);
void registerRecurrentKernels(KernelRegistry &registry);
void registerResizeKernels(KernelRegistry &registry);
void registerIndexingKernels(KernelRegistry &registry);
void registerControlFlowKernels(KernelRegistry &registry);
void registerContribKernels(KernelRegistry &registry);

//===----------------------------------------------------------------------===//
// Helpers shared by kernels
//===----------------------------------------------------------------------===//

/// Normalises a possibly negative axis against `rank`; throws when out of
/// range.
int64_t normalizeAxis(int64_t axis, int64_t rank, const char *what = "axis");

/// Numpy-style broadcast of two shapes; throws naming both.
Shape broadcastShapes(const Shape &a, const Shape &b);

/// Strides of `shape` broadcast to `outShape` (0 on broadcast dimensions).
std::vector<int64_t> broadcastStrides(const Shape &shape, const Shape &outShape);

/// Throws when `tensor` does not have dtype `type`.
void expectDType(const Tensor &tensor, DType type, const char *what);

} // namespace hwc::rt

#endif // HWC_RUNTIME_KERNELS_KERNEL_H
