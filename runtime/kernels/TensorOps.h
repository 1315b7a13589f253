//===- TensorOps.h - Data movement shared by several kernels ----*- C++ -*-===//
//
// Transposition and concatenation are needed by more than their own
// operators (reductions over scattered axes, Einsum, recurrent layers), so
// they are implemented once here.
//
//===----------------------------------------------------------------------===//

#ifndef HWC_RUNTIME_KERNELS_TENSOROPS_H
#define HWC_RUNTIME_KERNELS_TENSOROPS_H

#include "runtime/core/Tensor.h"
#include "runtime/core/ThreadPool.h"

#include <vector>

namespace hwc::rt {

/// out.shape[i] = in.shape[perm[i]]; a packed copy.
Tensor transposeTensor(const Tensor &input, const std::vector<int64_t> &perm,
                       ThreadPool *pool = nullptr);

/// Concatenates along `axis` (already normalised); shapes must agree
/// elsewhere.
Tensor concatTensors(const std::vector<Tensor> &inputs, int64_t axis);

/// A tensor filled with `value` converted to `type`.
Tensor filledTensor(DType type, const Shape &shape, double value);

} // namespace hwc::rt

#endif // HWC_RUNTIME_KERNELS_TENSOROPS_H
