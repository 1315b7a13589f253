//===- Broadcast.h - Loops over numpy-broadcast operands --------*- C++ -*-===//
//
// Elementwise kernels iterate the output in rows: all dimensions but the
// last are walked with an odometer, the last one by a plain loop whose input
// strides are 0 (broadcast) or 1. Adjacent dimensions that broadcast the
// same way are merged first, so `[N,C,H,W] + [1,C,1,1]` runs H*W-long rows
// and equal shapes run one row. Rows are split across the thread pool.
//
//===----------------------------------------------------------------------===//

#ifndef HWC_RUNTIME_KERNELS_BROADCAST_H
#define HWC_RUNTIME_KERNELS_BROADCAST_H

#include "runtime/core/ThreadPool.h"
#include "runtime/kernels/Kernel.h"

#include <array>

namespace hwc::rt {

/// A broadcast iteration space for N inputs.
template <size_t N> struct BroadcastPlan {
  Shape dims; // collapsed output dims
  std::array<std::vector<int64_t>, N> strides;
  int64_t rows = 1, rowLength = 1;

  BroadcastPlan(const std::array<const Shape *, N> &shapes,
                const Shape &outShape) {
    std::array<std::vector<int64_t>, N> full;
    for (size_t k = 0; k < N; ++k)
      full[k] = broadcastStrides(*shapes[k], outShape);
    for (size_t d = 0; d < outShape.size(); ++d) {
      if (outShape[d] == 1)
        continue;
      // Merge into the previous dim when every input either broadcasts
      // both or is contiguous across them.
      bool merge = !dims.empty();
      for (size_t k = 0; k < N && merge; ++k) {
        int64_t prevStride = strides[k].back();
        if (full[k][d] == 0)
          merge = prevStride == 0;
        else
          merge = prevStride == full[k][d] * outShape[d];
      }
      if (merge) {
        dims.back() *= outShape[d];
        for (size_t k = 0; k < N; ++k)
          strides[k].back() = full[k][d];
      } else {
        dims.push_back(outShape[d]);
        for (size_t k = 0; k < N; ++k)
          strides[k].push_back(full[k][d]);
      }
    }
    if (dims.empty()) {
      dims.push_back(1);
      for (size_t k = 0; k < N; ++k)
        strides[k].push_back(0);
    }
    rowLength = dims.back();
    for (size_t d = 0; d + 1 < dims.size(); ++d)
      rows *= dims[d];
  }

  /// Calls body(outOffset, inOffsets, innerStrides, count) for each row.
  template <typename Body>
  void run(ThreadPool &pool, int64_t total, Body &&body) const {
    if (total == 0)
      return;
    std::array<int64_t, N> inner;
    for (size_t k = 0; k < N; ++k)
      inner[k] = strides[k].back();
    int64_t grain = std::max<int64_t>(1, 32768 / std::max<int64_t>(rowLength, 1));
    pool.parallelFor(rows, grain, [&](int64_t begin, int64_t end) {
      size_t outer = dims.size() - 1;
      std::vector<int64_t> index(outer, 0);
      int64_t rest = begin;
      for (size_t d = outer; d-- > 0;) {
        index[d] = rest % dims[d];
        rest /= dims[d];
      }
      for (int64_t row = begin; row < end; ++row) {
        std::array<int64_t, N> offsets{};
        for (size_t d = 0; d < outer; ++d)
          for (size_t k = 0; k < N; ++k)
            offsets[k] += index[d] * strides[k][d];
        body(row * rowLength, offsets, inner, rowLength);
        for (size_t d = outer; d-- > 0;) {
          if (++index[d] < dims[d])
            break;
          index[d] = 0;
        }
      }
    });
  }
};

} // namespace hwc::rt

#endif // HWC_RUNTIME_KERNELS_BROADCAST_H
