//===- Partition.cpp - Splitting a model between a target and its fallback ===//
//
// List scheduling over the node DAG: among the ready nodes, prefer those of
// the device currently running (lowest program index first, so the result
// is deterministic and equals program order when no switch can be saved).
// Each switch closes a segment. Linear in nodes and edges up to the log
// factor of the two ready heaps.
//
//===----------------------------------------------------------------------===//

#include "targets/Partition.h"

#include "llvm/ADT/DenseMap.h"

#include <functional>
#include <queue>
#include <set>

using namespace mlir;

namespace hwc::target {

namespace {

using ReadyHeap = std::priority_queue<unsigned, std::vector<unsigned>, std::greater<>>;

/// Program-order schedule that switches device only when it must.
std::vector<unsigned> scheduleByDevice(const ModelFacts &model,
                                       const std::vector<bool> &device) {
  size_t count = model.nodes.size();
  std::vector<unsigned> pending(count, 0);
  std::vector<std::vector<unsigned>> users(count);
  for (const NodeFacts &node : model.nodes) {
    std::set<unsigned> unique(node.producers.begin(), node.producers.end());
    pending[node.index] = unique.size();
    for (unsigned producer : unique)
      users[producer].push_back(node.index);
  }
  ReadyHeap ready[2];
  for (const NodeFacts &node : model.nodes)
    if (pending[node.index] == 0)
      ready[device[node.index]].push(node.index);
  std::vector<unsigned> order;
  bool current = count > 0 && device[0];
  while (order.size() < count) {
    if (ready[current].empty())
      current = !current;
    unsigned next = ready[current].top();
    ready[current].pop();
    order.push_back(next);
    for (unsigned user : users[next])
      if (--pending[user] == 0)
        ready[device[user]].push(user);
  }
  return order;
}

} // namespace

Partition partitionModel(const ModelFacts &model, const std::vector<bool> &onTarget) {
  // A folded node has no device: it goes wherever its consumers are, so it
  // is scheduled with the target and never forces a switch on its own.
  std::vector<bool> device(onTarget);
  for (const NodeFacts &node : model.nodes)
    if (node.compileTimeConstant)
      device[node.index] = true;
  std::vector<unsigned> order = scheduleByDevice(model, device);

  llvm::DenseMap<Operation *, unsigned> indexOf;
  for (const NodeFacts &node : model.nodes)
    indexOf[node.op] = node.index;
  std::vector<int> segmentOf(model.nodes.size(), -1);
  Partition partition;
  for (unsigned index : order) {
    // Folded nodes run nowhere: they never open or split a segment.
    if (model.nodes[index].compileTimeConstant)
      continue;
    if (partition.segments.empty() || partition.segments.back().onTarget != device[index])
      partition.segments.push_back(Segment{device[index], {}, {}, 0});
    Segment &segment = partition.segments.back();
    segment.nodes.push_back(index);
    segmentOf[index] = partition.segments.size() - 1;
    // Boundary inputs: values produced in an earlier segment on the other device.
    for (Value operand : model.nodes[index].op->getOperands()) {
      Operation *producer = operand.getDefiningOp();
      auto found = producer ? indexOf.find(producer) : indexOf.end();
      if (found == indexOf.end() || model.nodes[found->second].compileTimeConstant)
        continue;
      int producerSegment = segmentOf[found->second];
      if (producerSegment < 0 ||
          partition.segments[producerSegment].onTarget == segment.onTarget)
        continue;
      std::string name = model.nodes[found->second].name + ":" +
                         std::to_string(llvm::cast<OpResult>(operand).getResultNumber());
      bool seen = llvm::any_of(segment.inputs,
                               [&](const BoundaryTensor &t) { return t.name == name; });
      if (seen)
        continue;
      int64_t bytes = tensorBytes(operand.getType());
      segment.inputs.push_back({name, bytes});
      segment.inputBytes += bytes;
      partition.boundaryBytes += bytes;
    }
  }
  partition.crossings = partition.segments.empty() ? 0 : partition.segments.size() - 1;
  return partition;
}

} // namespace hwc::target
