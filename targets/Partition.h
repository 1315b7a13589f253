//===- Partition.h - Splitting a model between a target and its fallback -*- C++ -*-===//
//
// Nodes a target cannot run go to a fallback device (the GPU or the host).
// The partitioner orders the nodes so that each device runs long contiguous
// segments: a topological list schedule that keeps running the current
// device's ready nodes before switching. Unlike Coral's "everything after
// the first unsupported op runs on the CPU", a supported node after an
// unsupported one still runs on the target, and independent branches are
// grouped to avoid ping-pong between devices.
//
//===----------------------------------------------------------------------===//

#ifndef HWC_TARGETS_PARTITION_H
#define HWC_TARGETS_PARTITION_H

#include "targets/NodeFacts.h"

#include <string>
#include <vector>

namespace hwc::target {

/// A tensor that crosses from one segment to another.
struct BoundaryTensor {
  /// "<producer node>:<result index>", or the model input's name.
  std::string name;
  int64_t bytes = 0;
};

/// A run of consecutive nodes on one device.
struct Segment {
  /// True: the target; false: the fallback device.
  bool onTarget = true;
  /// Node indices (into ModelFacts::nodes), in execution order.
  std::vector<unsigned> nodes;
  /// Tensors this segment receives from other segments.
  std::vector<BoundaryTensor> inputs;
  int64_t inputBytes = 0;
};

struct Partition {
  std::vector<Segment> segments;
  /// Device switches along the schedule (segments - 1, or 0).
  unsigned crossings = 0;
  int64_t boundaryBytes = 0;
};

/// Partitions `model`: `onTarget[i]` says whether node i runs on the target.
/// Compile-time-constant nodes never start a segment of their own.
Partition partitionModel(const ModelFacts &model, const std::vector<bool> &onTarget);

} // namespace hwc::target

#endif // HWC_TARGETS_PARTITION_H
