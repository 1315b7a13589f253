//===- ControlFlow.cpp - If and Loop --------------------------------------===//
//
// Subgraphs run through the interpreter (KernelContext::runSubgraph), which
// gives them the enclosing values they read. Loop carries its state through
// the body and stacks scan outputs along a new leading axis.
//
//===----------------------------------------------------------------------===//

#include "runtime/core/Error.h"
#include "runtime/kernels/Kernel.h"
#include "runtime/kernels/TensorOps.h"

#include <limits>

namespace hwc::rt {
namespace {

/// Guards against a Loop with neither a trip count nor a condition that
/// ever turns false.
constexpr int64_t kMaxLoopIterations = 10'000'000;

bool truthValue(const Tensor &t, const char *what) {
  if (t.numElements() != 1)
    fail(what, " must have one element, has ", t.numElements());
  return t.valueAsInt(0) != 0;
}

void ifKernel(KernelContext &ctx) {
  bool cond = truthValue(ctx.input(0), "condition");
  const Graph &branch =
      ctx.node.subgraph(cond ? "then_branch" : "else_branch");
  std::vector<Tensor> outputs = ctx.runSubgraph(branch, {});
  if (outputs.size() != ctx.outputCount())
    fail("branch '", cond ? "then_branch" : "else_branch", "' produces ",
         outputs.size(), " outputs, the node has ", ctx.outputCount());
  for (size_t i = 0; i < outputs.size(); ++i)
    ctx.setOutput(i, outputs[i]);
}

Tensor stackAlongNewAxis(const std::vector<Tensor> &items) {
  std::vector<Tensor> expanded;
  for (const Tensor &t : items) {
    Shape shape = t.shape();
    shape.insert(shape.begin(), 1);
    expanded.push_back(t.reshaped(shape));
  }
  return concatTensors(expanded, 0);
}

void loopKernel(KernelContext &ctx) {
  const Graph &body = ctx.node.subgraph("body");
  int64_t maxTrips = ctx.hasInput(0) ? ctx.input(0).valueAsInt(0)
                                     : std::numeric_limits<int64_t>::max();
  bool cond = ctx.hasInput(1) ? truthValue(ctx.input(1), "cond") : true;
  if (!ctx.hasInput(0) && !ctx.hasInput(1))
    maxTrips = kMaxLoopIterations;
  std::vector<Tensor> carried;
  for (size_t i = 2; i < ctx.inputCount(); ++i)
    carried.push_back(ctx.input(i));
  size_t carriedCount = carried.size();
  size_t scanCount = ctx.outputCount() - carriedCount;
  std::vector<std::vector<Tensor>> scans(scanCount);
  int64_t trip = 0;
  for (; trip < maxTrips && cond; ++trip) {
    if (trip >= kMaxLoopIterations)
      fail("loop ran ", kMaxLoopIterations, " iterations without stopping");
    std::vector<Tensor> arguments = {Tensor::scalar<int64_t>(trip),
                                     Tensor::scalar<bool>(cond)};
    arguments.insert(arguments.end(), carried.begin(), carried.end());
    std::vector<Tensor> results = ctx.runSubgraph(body, arguments);
    if (results.size() != 1 + carriedCount + scanCount)
      fail("loop body produces ", results.size(), " outputs, expected ",
           1 + carriedCount + scanCount);
    cond = truthValue(results[0], "loop body condition");
    for (size_t i = 0; i < carriedCount; ++i)
      carried[i] = results[1 + i];
    for (size_t i = 0; i < scanCount; ++i)
      scans[i].push_back(results[1 + carriedCount + i]);
  }
  for (size_t i = 0; i < carriedCount; ++i)
    ctx.setOutput(i, carried[i]);
  for (size_t i = 0; i < scanCount; ++i)
    ctx.setOutput(carriedCount + i, scans[i].empty()
                                        ? Tensor(DType::Float32, {0})
                                        : stackAlongNewAxis(scans[i]));
}

} // namespace

void registerControlFlowKernels(KernelRegistry &r) {
  KernelOptions raw{1, 1 << 30, false};
  addKernel(r, "If", ifKernel, raw);
  addKernel(r, "Loop", loopKernel, raw);
}

} // namespace hwc::rt
